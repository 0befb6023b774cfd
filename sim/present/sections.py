"""The sections of a report, as blocks (:mod:`sim.present.document`), every word from :mod:`sim.present.labels`.

Order: summary (the answer first: who crosses, when, how likely; the key-results table; the plan's targets
one by one; the map), data status, assumptions (in words and percent), tier results, one section per
county, the plan's targets, the comparison (if any), methods and caveats, and a short manifest appendix.
No chart is drawn here: a :class:`sim.present.document.Chart` names what to draw.
"""

from __future__ import annotations

import json

import pandas as pd

from sim.run import lists as list_tally
from sim.data import seeds as seeds_mod
from sim.model.thresholds import SIZES
from sim.present import assumptions, chartdata
from sim.present import document as doc
from sim.present import terminal as text
from sim.present.charts import Comparison, Spec
from sim.present.labels import STRINGS, label, number, status as status_name, target as target_name, tier as tier_name
from sim.present.plots.targets import bound, measured_note, target_state
from sim.results import tables as results
from sim.results.manifest import package_version
from sim.run.projection import Projection

CJK = range(0x3400, 0xA000)


def percent(value) -> str:
    """A probability in whole percent, ``<1%``/``>99%`` near the ends.

    >>> percent(0.004), percent(0.5), percent(None)
    ('<1%', '50%', '')
    """
    if value is None or pd.isna(value):
        return ""
    v = float(value)
    return "<1%" if 0 < v < 0.005 else (">99%" if 0.995 <= v < 1 else f"{v:.0%}")


def _num(value, fmt: str = "{:.1f}") -> str:
    return "" if value is None or pd.isna(value) else fmt.format(value)


def in_language(text_: str, lang: str) -> bool:
    """Whether free text (a scenario description) is written in ``lang``: Chinese text has Chinese characters."""
    has_cjk = any(ord(ch) in CJK for ch in text_)
    return has_cjk if lang == "zh" else not has_cjk


class Builder:
    def __init__(self, p: Projection, lang: str, versus: Comparison | None, date: str):
        self.p, self.lang, self.versus, self.date = p, lang, versus, date
        self.data = chartdata.collect(p)
        self.blocks: list = []
        self.horizon = p.scenario.horizon
        self.fitted = p.scenario.model == "fitted"  # seeds, trends and volatilities drawn from the posterior
        self.counties = self.data.counties
        self.tier_counties = self.counties[self.counties["tier"] != "other"]
        self.names = dict(zip(self.counties["county_id"], (self.name(r) for _, r in self.counties.iterrows())))
        self.thresholds = list(dict.fromkeys(self.data.crossings["threshold"]))

    # ------------------------------------------------------------ helpers
    def t(self, key: str, **values) -> str:
        return label(self.lang, key, **values)

    def add(self, *blocks) -> None:
        self.blocks.extend(blocks)

    def section(self, key: str) -> None:
        self.add(doc.Heading(self.t(key), 2, anchor=key[4:]))

    def name(self, row) -> str:
        shown = row["name_zh"] if self.lang == "zh" else (row["name_pinyin"] or row["county_id"])
        return shown + ("*" if row["estimated"] else "")

    def short(self, county_id: str) -> str:
        name = self.names[county_id]
        return name[:-1] if self.lang == "zh" and len(name) > 2 and name[-1] in "市县区" else name

    def thr(self, name: str, short: bool = False) -> str:
        key = f"thr_short_{name}" if short else f"thr_{name}"
        return self.t(key) if key in STRINGS[self.lang] else name

    def chart(self, alt: str, width: float = 6.8, **spec) -> doc.Chart:
        return doc.Chart(spec=Spec(lang=self.lang, **spec), alt=alt, width=width)

    def sep(self) -> str:
        return "、" if self.lang == "zh" else ", "

    def year_cell(self, row) -> str:
        """Median first-crossing year with its P10–P90 range, or why there is none."""
        if pd.isna(row["p_by_horizon"]):
            return self.t("no_data")
        if row["base_above"] == "true":
            return self.t("already_short")
        if pd.isna(row["year_p50"]):
            return self.t("never_short", year=self.horizon)
        low = str(row["year_p10"])
        high = self.t("not_by", year=self.horizon) if pd.isna(row["year_p90"]) else str(row["year_p90"])
        if low == high == str(row["year_p50"]):
            return str(row["year_p50"])
        return self.t("year_range", year=row["year_p50"], low=low, high=high)

    def p_by(self, county_id: str, name: str, year: int) -> str:
        if name not in self.p.summary.names:
            part = self.data.membership
            value = part[(part["county_id"] == county_id) & (part["threshold"] == name) & (part["year"] == year)]
            return percent(value["probability"].iloc[0]) if len(value) else ""
        return percent(results.p_by(self.p, county_id, name, year))

    def target_rows(self) -> list[tuple[dict, str]]:
        projected = int(self.counties["projected"].sum())
        return [(row, target_state(row, projected, self.data.plan_units)) for row in self.data.targets.to_dict("records")]

    # ------------------------------------------------------------ sections
    def summary(self) -> None:
        p, s = self.p, self.p.scenario
        self.section("sec_summary")
        self.add(doc.Paragraph(self.t("question"), style="lead"))
        mode = self.t("mode_deterministic") if p.deterministic else self.t("mode_draws", draws=p.draws, seed=p.seed)
        description = s.description.strip() if in_language(s.description, self.lang) else ""
        if description and description[-1] not in ".。":
            description += "。" if self.lang == "zh" else "."
        self.add(doc.Paragraph(self.t("run_line", name=s.name, sha=s.sha256()[:12], description=description + " " if description else "",
                                      base=s.base_year, horizon=s.horizon, mode=mode, as_of=p.dataset.as_of or self.t("all_data"),
                                      version=package_version()), style="note"))
        items = []
        cross = self.data.crossings
        for name in self.thresholds:
            rows = cross[(cross["threshold"] == name) & (cross["tier"] != "other") & cross["p_by_horizon"].notna()]
            already = [self.names[c] for c in rows.loc[rows["base_above"] == "true", "county_id"]]
            rest = rows[rows["base_above"] != "true"].sort_values(["year_p50", "p_by_horizon"], ascending=[True, False])
            likely, unlikely = [], []
            for _, r in rest.iterrows():
                if r["p_by_horizon"] >= 0.5:
                    likely.append(self.t("answer_item", name=self.names[r["county_id"]], year=r["year_p50"],
                                         p=percent(r["p_by_horizon"])))
                elif r["p_by_horizon"] >= 0.05:
                    unlikely.append(self.t("answer_item_never", name=self.names[r["county_id"]], p=percent(r["p_by_horizon"])))
            if already:
                items.append(self.t("answer_already", name=self.thr(name), names=self.sep().join(already)))
            items.append(self.t("answer_likely", name=self.thr(name), year=self.horizon, names=self.sep().join(likely) or self.t("none")))
            if unlikely:
                items.append(self.t("answer_unlikely", name=self.thr(name), year=self.horizon, names=self.sep().join(unlikely)))
        tiers = self.data.tiers[(self.data.tiers["threshold"] == "top100") & (self.data.tiers["tier"] != "other")]
        for year in self.data.milestones:
            part = tiers[tiers["year"] == year]
            parts = ("，" if self.lang == "zh" else ", ").join(f"{tier_name(self.lang, r.tier)} {r.members_mean:.1f}"
                                                                 for r in part.itertuples())
            items.append(self.t("expected_members", year=year, n=part["members_mean"].sum(), parts=parts))
        if self.versus is not None:
            items.append(self.compare_sentence(self.versus))
        items.append(self.t("targets_line", items=("；" if self.lang == "zh" else "; ").join(self.target_phrases())))
        items.append(text.seed_summary(seeds_mod.counts(p.seeds), self.lang))
        self.add(doc.Bullets(tuple(items)), doc.Paragraph(text.caveat(self.lang), style="note"))
        self.add(doc.Heading(self.t("sub_key"), 3, anchor="key"), doc.Paragraph(self.t("key_intro")))
        self.add(self.key_table())
        self.add(self.chart(self.t("map_title", name=self.thr("top100"), year=self.data.milestones[-1] if self.data.milestones
                                   else self.horizon), width=5.8, kind="map"),
                 self.chart(self.t("scorecard_title", name=self.thr("top100")), kind="scorecard"))

    def target_phrases(self) -> list[str]:
        out = []
        for row, state in self.target_rows():
            if state == "measured":
                said = self.t("state_measured", p=bound(row) + percent(row["probability_met"]))
            elif state == "partial":
                said = self.t("state_partial", n=int(self.counties["projected"].sum()), units=self.data.plan_units)
            else:
                said = self.t(f"state_{state}")
            out.append(self.t("target_item", name=target_name(self.lang, row["target"]), state=("：" if self.lang == "zh" else "") + said))
        return out

    def key_table(self) -> doc.Table:
        cross = self.data.crossings.set_index(["county_id", "threshold"])
        header = [self.t("col_tier"), self.t("col_county"), self.t("col_base_status")]
        for name in self.thresholds:
            short = self.thr(name, short=True)
            header += [self.t("col_p_by", short=short, year=m) for m in self.data.milestones]
            header.append(self.t("col_year_of", short=short))
        rows, marked, muted = [], set(), set()
        for k, (_, c) in enumerate(self.tier_counties.iterrows()):
            marked.update({k} if c["estimated"] else set())
            muted.update(set() if c["projected"] else {k})
            row = [tier_name(self.lang, c["tier"]), self.name(c), status_name(self.lang, c["status"])]
            for name in self.thresholds:
                row += [self.p_by(c["county_id"], name, m) if c["projected"] else "" for m in self.data.milestones]
                row.append(self.year_cell(cross.loc[(c["county_id"], name)]))
            rows.append(row)
        right = {i for i in range(3, len(header))}
        return doc.Table(header, rows, marked=frozenset(marked), right=frozenset(right), muted=frozenset(muted))

    def compare_sentence(self, v: Comparison) -> str:
        years = v.crossing[(v.crossing["measure"] == "year_p50") & (v.crossing["threshold"] == "top100")
                           & (v.crossing["tier"] != "other")]
        parts = []
        for r in years.itertuples():
            if r.county_id not in self.names:
                continue
            if pd.isna(r.a) and not pd.isna(r.b):
                parts.append(self.t("compare_new", name=self.names[r.county_id], year=int(r.b)))
            elif not pd.isna(r.a) and pd.isna(r.b):
                parts.append(self.t("compare_lost", name=self.names[r.county_id]))
            elif not pd.isna(r.a) and r.b < r.a:
                parts.append(self.t("compare_earlier", name=self.names[r.county_id], n=int(r.a - r.b)))
            elif not pd.isna(r.a) and r.b > r.a:
                parts.append(self.t("compare_later", name=self.names[r.county_id], n=int(r.b - r.a)))
        return self.t("compare_line", a=v.a, b=v.b, items=self.sep().join(parts) or self.t("compare_none"))

    def how(self, county_id: str, seed) -> str:
        """How a seed was obtained, in the report's language (the shipped notes are English)."""
        status = str(seed["status"])
        if status == "no data":
            return self.t("how_nodata_fitted" if self.fitted else "how_nodata")
        if status == "imputed":
            if self.fitted:
                return self.t("how_imputed_fitted", p10=f"{seed['gdp_p10']:,.1f}", p90=f"{seed['gdp_p90']:,.1f}")
            return self.t("how_imputed", method=seed["method"])
        year = None if pd.isna(seed["from_year"]) else int(seed["from_year"])
        best = self.observation(county_id, year)
        if best is None:
            return self.t("how_other", method=seed["method"], year=year)
        key = f"confidence_{best['confidence']}"
        confidence = self.t(key) if key in STRINGS[self.lang] else best["confidence"]
        if self.fitted:  # the posterior's level: a figure's error allows it to move; other years' figures estimate it
            band = {"p10": f"{seed['gdp_p10']:,.1f}", "p90": f"{seed['gdp_p90']:,.1f}"}
            if status == "estimated":
                seen = self.data.history
                years = sorted(set(seen.loc[seen["county_id"] == county_id, "year"])) if seen is not None else [year]
                return self.t("how_estimated_fitted", years=self.sep().join(map(str, years)), **band)
            return self.t("how_observed_fitted", year=year, status=status_name(self.lang, best["status"]),
                          confidence=confidence, source=self.source(str(best["source"])), **band)
        if status == "estimated":
            return self.t("how_carried", year=year, gdp=f"{best['gdp_yi']:,.1f}", status=status_name(self.lang, best["status"]),
                          confidence=confidence)
        return self.t("how_observed", year=year, status=status_name(self.lang, best["status"]), confidence=confidence,
                      source=self.source(str(best["source"])))

    def observation(self, county_id: str, year: int | None):
        if year is None or self.data.history is None:
            return None
        h = self.data.history
        row = h[(h["county_id"] == county_id) & (h["year"] == year)]
        if row.empty:
            return None
        obs = self.p.dataset.observations
        full = obs[(obs["county_id"] == county_id) & (obs["year"] == year) & (obs["status"] == row["status"].iloc[0])]
        out = row.iloc[0].to_dict()
        out["source"] = full["source"].iloc[0] if len(full) else ""
        return out

    def source(self, note: str) -> str:
        """A source note as shown: its web addresses (the notes mix English and Chinese; the full note is in the
        data files and ``tiersim data``), or "see the data file"."""
        urls = [w.strip("(),;") for w in note.replace("(", " ").split() if w.startswith(("http://", "https://"))]
        return " ".join(urls) or self.t("source_file")

    def data_status(self) -> None:
        p = self.p
        self.section("sec_data")
        counts = seeds_mod.counts(p.seeds)
        self.add(doc.Paragraph(self.t("data_intro", base=p.scenario.base_year)),
                 doc.Paragraph(text.seed_summary(counts, self.lang)))
        self.add(doc.Table([self.t("col_status"), self.t("col_count")],
                           [[status_name(self.lang, k), str(v)] for k, v in counts.items()], right=frozenset({1})))
        rows, marked, muted = [], set(), set()
        seeds = p.seeds.set_index("county_id")
        for k, (_, c) in enumerate(self.counties.iterrows()):
            marked.update({k} if c["estimated"] else set())
            muted.update(set() if c["projected"] else {k})
            rows.append([tier_name(self.lang, c["tier"]), self.name(c), c["county_id"], _num(c["gdp_yi"]),
                         status_name(self.lang, c["status"]), self.how(c["county_id"], seeds.loc[c["county_id"]])])
        self.add(doc.Table([self.t("col_tier"), self.t("col_county"), self.t("col_code"), self.t("col_seed", year=p.scenario.base_year),
                            self.t("col_status"), self.t("col_how")], rows, marked=frozenset(marked), right=frozenset({3}),
                           muted=frozenset(muted), wide=frozenset({5})))
        status = p.dataset.status_counts()
        self.add(doc.Paragraph(self.t("obs_line", n=len(p.dataset.observations), sha=p.dataset.sha256()[:12],
                                      parts=self.sep().join(f"{status_name(self.lang, k)} {v}" for k, v in status.items()))),
                 doc.Paragraph(self.t("sources_intro")))
        sources = [[s.get("table") or s.get("user_file"), _num(s.get("rows"), "{}"), s["sha256"][:16]] for s in p.dataset.sources()]
        self.add(doc.Table([self.t("col_table"), self.t("col_rows"), "sha256"], sources, right=frozenset({1})))

    def assumptions(self) -> None:
        self.section("sec_assumptions")
        self.add(doc.Paragraph(self.t("assumptions_intro")))
        rows = assumptions.rows(self.p, self.lang, self.names)
        self.add(doc.Table([self.t("col_key"), self.t("col_value")], rows, wide=frozenset({1})))

    def tier_results(self) -> None:
        data = self.data
        self.section("sec_tiers")
        self.add(doc.Paragraph(self.t("tiers_intro")))
        keyed = data.tiers.set_index(["tier", "threshold", "year"])
        rows = []
        for tier in dict.fromkeys(data.tiers["tier"]):
            for name in SIZES:
                cells = []
                for year in data.milestones:
                    r = keyed.loc[(tier, name, year)]
                    cells.append(f"{r['members_mean']:.1f} ({r['members_p10']}–{r['members_p90']})")
                rows.append([tier_name(self.lang, tier), self.thr(name), *cells])
        self.add(doc.Table([self.t("col_tier"), self.t("col_threshold"), *[self.t("col_members", year=y) for y in data.milestones]],
                           rows, right=frozenset(range(2, 2 + len(data.milestones)))))
        for name in SIZES:
            self.add(self.chart(self.t("timeline_title", name=self.thr(name)), kind="timeline", threshold=name))
        for name in SIZES:
            self.add(self.chart(self.t("heatmap_title", name=self.thr(name)), kind="heatmap", threshold=name))
        self.add(self.chart(self.t("bump_title"), kind="bump"))

    def county_sections(self) -> None:
        data = self.data
        self.section("sec_counties")
        cross = data.crossings.set_index(["county_id", "threshold"])
        ranks = data.ranks.set_index(["county_id", "year"])
        seeds = self.p.seeds.set_index("county_id")
        sep = "、" if self.lang == "zh" else "/"
        for _, c in self.counties.iterrows():
            county_id = c["county_id"]
            self.add(doc.Heading(self.t("county_head", name=self.name(c), tier=tier_name(self.lang, c["tier"]), code=county_id), 3))
            if not c["projected"]:
                self.add(doc.Paragraph(self.t("county_nodata_fitted" if self.fitted else "county_nodata")))
                continue
            items = [self.t("county_seed", gdp=_num(c["gdp_yi"]), status=status_name(self.lang, c["status"]),
                            how=self.how(county_id, seeds.loc[county_id]))]
            for name in self.thresholds:
                row = cross.loc[(county_id, name)]
                probs = sep.join(self.p_by(county_id, name, m) for m in data.milestones)
                items.append(self.t("county_cross", name=self.thr(name), cell=self.year_cell(row), years=sep.join(map(str, data.milestones)),
                                    probs=probs, k=self.p.scenario.sustain_years, sustained=percent(row["p_sustained"])))
            shown = []
            for m in data.milestones:
                r = ranks.loc[(county_id, m)]
                if data.rank_floor is not None and r["rank_p50"] > data.rank_floor:
                    shown.append(self.t("rank_below", year=m))
                else:
                    shown.append(self.t("rank_item", year=m, p50=r["rank_p50"], p10=r["rank_p10"], p90=r["rank_p90"]))
            items.append(self.t("county_rank", ranks=("；" if self.lang == "zh" else "; ").join(shown)))
            if data.ccid is not None:
                ccid = data.ccid[data.ccid["county_id"] == county_id]
                if len(ccid):
                    items.append(self.t("county_ccid", items=self.sep().join(self.t("ccid_item", year=r.data_year, rank=r.rank)
                                                                             for r in ccid.itertuples())))
            if data.history is not None:
                seen = data.history[data.history["county_id"] == county_id]
                if len(seen):
                    items.append(self.t("county_history", items=self.sep().join(
                        self.t("history_item", year=r.year, gdp=f"{r.gdp_yi:,.1f}", status=status_name(self.lang, r.status))
                        for r in seen.itertuples())))
            self.add(doc.Bullets(tuple(items)))
            self.add(self.chart(self.t("fan_title", county=self.name(c)), width=6.2, kind="fan", county=county_id))

    def targets(self) -> None:
        self.section("sec_targets")
        projected = int(self.counties["projected"].sum())
        self.add(doc.Paragraph(self.t("targets_intro", units=self.data.plan_units or "", n=projected)))
        rows, muted = [], set()
        for k, (r, state) in enumerate(self.target_rows()):
            key = measured_note(r) if state == "measured" else f"note_{state}"
            note = self.t(key, n=projected, units=self.data.plan_units, rest=(self.data.plan_units or projected) - projected)
            shown = bound(r) + percent(r["probability_met"]) if state == "measured" else "—"
            muted.update(set() if state == "measured" else {k})
            rows.append([target_name(self.lang, r["target"]), str(r["year"]),
                         "" if pd.isna(r["target_value"]) else number(r["target_value"], r["unit"]),
                         "" if pd.isna(r["value_p50"]) else number(r["value_p50"], r["unit"]), shown, note])
        self.add(doc.Table([self.t("col_target"), self.t("year"), self.t("col_target_value"), self.t("col_projected"),
                            self.t("col_pmet"), self.t("col_note")], rows, right=frozenset({1, 2, 3, 4}), muted=frozenset(muted),
                           wide=frozenset({5})))
        self.add(self.chart(self.t("targets_title"), kind="targets"))

    def comparison(self, v: Comparison) -> None:
        self.section("sec_compare")
        self.add(doc.Paragraph(self.t("compare_intro", a=v.a, b=v.b)))
        keyed = v.crossing.set_index(["county_id", "threshold", "measure"])
        rows: list[list[str]] = []
        marked: set[int] = set()
        for _, c in self.tier_counties.iterrows():
            if not c["projected"]:
                continue
            for name in SIZES:
                ya, yb = (keyed.loc[(c["county_id"], name, "year_p50"), col] for col in ("a", "b"))
                pa, pb = (keyed.loc[(c["county_id"], name, f"p_by_{self.horizon}"), col] for col in ("a", "b"))
                if c["estimated"]:
                    marked.add(len(rows))
                if pd.isna(ya) and pd.isna(yb):
                    change = self.t("change_same")
                elif pd.isna(ya):
                    change = self.t("change_new", year=int(yb))
                elif pd.isna(yb):
                    change = self.t("change_lost")
                elif yb < ya:
                    change = self.t("change_earlier", n=int(ya - yb))
                elif yb > ya:
                    change = self.t("change_later", n=int(yb - ya))
                else:
                    change = self.t("change_same")
                year = [_num(ya, "{:.0f}") or f">{v.horizons[0]}", _num(yb, "{:.0f}") or f">{v.horizons[1]}"]
                rows.append([self.name(c), self.thr(name), "→".join(year), f"{percent(pa)}→{percent(pb)}", change])
        self.add(doc.Table([self.t("col_county"), self.t("col_threshold"), self.t("col_year_ab", a=v.a, b=v.b),
                            self.t("col_p_ab", year=self.horizon, a=v.a, b=v.b), self.t("col_change")], rows,
                           marked=frozenset(marked), right=frozenset({2, 3})))
        self.add(self.chart(self.t("compare_title", a=v.a, b=v.b), width=7.2, kind="compare"))

    def methods(self) -> None:
        self.section("sec_methods")
        self.add(doc.Paragraph(text.caveat(self.lang)))
        self.add(*[doc.Paragraph(part) for part in self.t("methods_fitted" if self.fitted else "methods").split("\n")])
        fit = self.p.fit
        how = self.t("alpha_fitted" if fit.alpha_fitted else "alpha_given")
        if self.p.inputs.comparators is None:
            line = self.t("national_exogenous", alpha=fit.alpha, how=how, rmse=fit.rmse)
        else:
            line = self.t("national_set", n=self.p.inputs.comparator_count, alpha=fit.alpha, how=how, rmse=fit.rmse)
        self.add(doc.Paragraph(line))

    def lists(self) -> None:
        """P(on CCID's Top-100 list) next to P(GDP at or above the Top-100 threshold), with how the list model was
        fitted and scored."""
        p = self.p
        model = p.list_model
        listed = list_tally.table(p)
        if model is None or not len(listed):
            return
        self.section("sec_lists")
        self.add(doc.Paragraph(self.t("lists_intro", points=model.points, members=model.members, gate=model.gate(0.5))))
        scores = list_tally.rolling_scores(p.dataset, p.fit, p.scenario.thresholds.growth)
        self.add(doc.Paragraph(self.t("lists_scores", points=scores["points"], list=scores["brier_list"],
                                      gdp=scores["brier_gdp"], persistence=scores["brier_persistence"])
                               if scores else self.t("lists_no_scores")))
        cell = {(r["county_id"], r["year"]): r for r in listed.to_dict("records")}
        years = self.data.milestones
        header = [self.t("col_county")] + [self.t("col_p_gdp", year=y) for y in years] + [self.t("col_p_list", year=y) for y in years]
        rows = []
        for _, c in self.tier_counties.iterrows():
            if (c["county_id"], years[0] if years else self.horizon) not in cell:
                continue
            rows.append([self.name(c)] + [percent(cell[(c["county_id"], y)]["p_gdp_top100"]) for y in years]
                        + [percent(cell[(c["county_id"], y)]["p_list_top100"]) for y in years])
        self.add(doc.Table(header, rows, right=frozenset(range(1, len(header)))))

    def manifest(self, manifest: dict) -> None:
        p, s = self.p, self.p.scenario
        self.section("sec_manifest")
        self.add(doc.Paragraph(self.t("manifest_intro")))
        counts = seeds_mod.counts(p.seeds)
        rows = [[self.t("m_scenario"), s.name], [self.t("m_scenario_sha"), s.sha256()[:16]],
                [self.t("m_data_sha"), p.dataset.sha256()[:16]], [self.t("m_seed"), str(p.seed)],
                [self.t("m_draws"), "1" if p.deterministic else str(p.draws)], [self.t("m_version"), package_version()],
                [self.t("m_years"), f"{s.base_year}–{s.horizon}"], [self.t("m_as_of"), str(p.dataset.as_of or self.t("all_data"))],
                [self.t("m_seeds"), self.sep().join(f"{status_name(self.lang, k)} {v}" for k, v in counts.items() if v)],
                [self.t("m_date"), self.date]]
        if self.versus is not None:
            rows.insert(1, [self.t("m_other"), self.versus.b])
        self.add(doc.Table([self.t("col_key"), self.t("col_value")], rows))
        self.add(doc.Code(json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True), summary=self.t("manifest_json")))
