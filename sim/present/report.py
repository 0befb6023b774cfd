"""The report of a projection: summary, data status, assumptions, tier results, one section per county,
plan targets, an optional scenario comparison, methods and caveats, and the manifest.

:func:`build` assembles a :class:`sim.present.document.Document` (text from :mod:`sim.present.labels`,
charts from :mod:`sim.present.plots`); :func:`files` renders it as ``report.html`` (self-contained) and
``report.pdf``. :func:`chart` draws one chart of a kind (:data:`KINDS`) for ``tiersim plot``.
No I/O here; the same projection gives the same bytes.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import partial

import pandas as pd

from sim.present import chartdata
from sim.whatif import compare as compare_mod
from sim.present import document as doc
from sim.present import plots
from sim.results import tables as results
from sim.results.manifest import manifest, package_version
from sim.data import seeds as seeds_mod
from sim.present import terminal as text
from sim.errors import SimError
from sim.run.projection import Projection
from sim.present.labels import label, meaning, number, status as status_name, target as target_name, tier as tier_name
from sim.model.thresholds import SIZES

KINDS = chartdata.KINDS
"""Chart kinds of ``tiersim plot``: fan (one county, needs ``county``), timeline, heatmap and scorecard (per
``threshold``), bump (ranks), targets (plan), compare (needs a comparison)."""
DPI = 144


@dataclass(frozen=True)
class Comparison:
    """Scenario B (what-if) against A (the report's scenario), run with the same seed and draws."""

    a: str
    b: str
    crossing: pd.DataFrame
    gdp: pd.DataFrame
    targets: pd.DataFrame
    horizons: tuple[int, int]


def comparison(a: Projection, b: Projection) -> Comparison:
    return Comparison(a=a.scenario.name, b=b.scenario.name, crossing=compare_mod.crossing_differences(a, b),
                      gdp=compare_mod.gdp_differences(a, b), targets=compare_mod.target_differences(a, b),
                      horizons=(a.scenario.horizon, b.scenario.horizon))


def chart(kind: str, data: chartdata.ChartData, *, lang: str = "zh", county: str | None = None,
          threshold: str = "top100", versus: Comparison | None = None, ax=None):
    """One chart of ``kind`` drawn from ``data``; returns its axes."""
    if kind not in KINDS:
        raise SimError(f"plot: unknown chart KIND {kind!r}; known: {', '.join(KINDS)}")
    if threshold not in SIZES:
        raise SimError(f"--threshold: must be one of {', '.join(SIZES)}; got {threshold!r}")
    if kind == "fan":
        if county is None:
            raise SimError("plot fan: name a county with --county (code, 中文名 or pinyin)")
        return plots.fan_chart(data.bands, data.thresholds, data.crossings, data.counties, county, lang=lang, ax=ax)
    if kind == "timeline":
        return plots.crossing_timeline(data.crossings, data.counties, threshold=threshold, base_year=data.base_year,
                                       horizon=data.horizon, lang=lang, ax=ax)
    if kind == "heatmap":
        return plots.probability_heatmap(data.membership, data.counties, threshold=threshold, lang=lang, ax=ax)
    if kind == "scorecard":
        return plots.tier_scorecard(data.tiers, data.counties, threshold=threshold, lang=lang, ax=ax)
    if kind == "bump":
        return plots.rank_bump(data.ranks, data.counties, lang=lang, ax=ax)
    if kind == "targets":
        return plots.plan_targets(data.targets, data.counties, lang=lang, ax=ax)
    if versus is None:
        raise SimError("plot compare: give the what-if scenario with --compare OTHER")
    return plots.scenario_comparison(versus.crossing, versus.gdp, names=(versus.a, versus.b), counties=data.counties,
                                     lang=lang, ax=ax)


def _chart(alt: str, kind: str, data: chartdata.ChartData, width: float = 6.8, **options) -> doc.Chart:
    """A chart block that draws ``chart(kind, data, **options)`` as PNG when first needed."""
    return doc.Chart(draw=partial(_draw, kind, data, options), alt=alt, width=width)


def _draw(kind: str, data: chartdata.ChartData, options: dict) -> bytes:
    return plots.to_bytes(chart(kind, data, **options), "png", dpi=DPI)


def _num(value, fmt: str = "{:.1f}") -> str:
    return "" if value is None or pd.isna(value) else fmt.format(value)


def _year_cell(row: pd.Series, horizon: int, lang: str) -> str:
    """Median first-crossing year with its P10–P90 range, or why there is none."""
    if pd.isna(row["p_by_horizon"]):
        return label(lang, "no_data")
    if row["base_above"] == "true":
        return label(lang, "already")
    if pd.isna(row["year_p50"]):
        return label(lang, "never", year=horizon)
    low = row["year_p10"]
    high = f">{horizon}" if pd.isna(row["year_p90"]) else str(row["year_p90"])
    return str(row["year_p50"]) if (str(low), high) == (str(row["year_p50"]),) * 2 else f"{row['year_p50']} ({low}–{high})"


def _county_name(row, lang: str) -> str:
    name = row["name_zh"] if lang == "zh" else (row["name_pinyin"] or row["county_id"])
    return name + ("*" if row["estimated"] else "")


def _flatten(data, prefix: str = "") -> list[tuple[str, str]]:
    """Scenario values as (key.path, shown value) rows; lists (events, milestones) kept whole."""
    if isinstance(data, dict) and data:
        return [row for key, value in data.items() for row in _flatten(value, f"{prefix}.{key}" if prefix else str(key))]
    if isinstance(data, float):
        return [(prefix, f"{data:.4g}")]
    if data is None or data == {}:
        return [(prefix, "")]
    return [(prefix, data if isinstance(data, str) else json.dumps(data, ensure_ascii=False))]


class _Builder:
    def __init__(self, p: Projection, lang: str, versus: Comparison | None):
        self.p, self.lang, self.versus = p, lang, versus
        self.data = chartdata.collect(p)
        self.blocks: list = []
        self.horizon = p.scenario.horizon
        self.counties = self.data.counties
        self.tier_counties = self.counties[self.counties["tier"] != "other"]

    def t(self, key: str, **values) -> str:
        return label(self.lang, key, **values)

    def add(self, *blocks) -> None:
        self.blocks.extend(blocks)

    def section(self, key: str) -> None:
        self.add(doc.Heading(self.t(key), 2, anchor=key[4:]))

    def summary(self) -> None:
        p, lang = self.p, self.lang
        s = p.scenario
        mode = self.t("mode_deterministic") if p.deterministic else self.t("mode_draws", draws=p.draws, seed=p.seed)
        description = s.description.strip()
        if description and description[-1] not in ".。":
            description += "。" if lang == "zh" else "."
        self.section("sec_summary")
        self.add(doc.Paragraph(self.t("run_line", name=s.name, sha=s.sha256()[:12], description=description + " " if description else "",
                                      base=s.base_year, horizon=s.horizon, mode=mode, as_of=p.dataset.as_of or self.t("all_data"),
                                      version=package_version())))
        tiers = self.data.tiers[(self.data.tiers["threshold"] == "top100") & (self.data.tiers["tier"] != "other")]
        items = []
        for year in self.data.milestones:
            part = tiers[tiers["year"] == year]
            parts = "，".join if lang == "zh" else ", ".join
            items.append(self.t("expected_members", year=year, n=part["members_mean"].sum(),
                                parts=parts(f"{tier_name(lang, r.tier)} {r.members_mean:.1f}" for r in part.itertuples())))
        for name in SIZES:
            rows = self.data.crossings[(self.data.crossings["threshold"] == name) & (self.data.crossings["tier"] != "other")]
            likely = rows[rows["p_by_horizon"].fillna(0) >= 0.5].merge(self.counties[["county_id", "estimated"]], on="county_id")
            names = [_county_name(r, lang) for _, r in likely.iterrows()]
            sep = "、" if lang == "zh" else ", "
            items.append(self.t("likely", year=self.horizon, name=self.t(f"thr_{name}"), names=sep.join(names) or self.t("none")))
        targets = self.data.targets.dropna(subset=["probability_met"])
        items.append(self.t("targets_summary", n=len(targets), met=int((targets["probability_met"] >= 0.5).sum())))
        items.append(text.seed_summary(seeds_mod.counts(p.seeds), lang))
        self.add(doc.Bullets(tuple(items)), doc.Paragraph(text.caveat(lang)))
        self.add(_chart(self.t("scorecard_title", name=self.t("thr_top100")), "scorecard", self.data, lang=lang))

    def data_status(self) -> None:
        p, lang = self.p, self.lang
        self.section("sec_data")
        self.add(doc.Paragraph(self.t("data_intro", base=p.scenario.base_year)),
                 doc.Paragraph(text.seed_summary(seeds_mod.counts(p.seeds), lang)))
        counts = seeds_mod.counts(p.seeds)
        self.add(doc.Table([self.t("col_status"), self.t("col_count")], [[status_name(lang, k), str(v)] for k, v in counts.items()],
                           right=frozenset({1})))
        rows, marked = [], set()
        seeds = p.seeds.set_index("county_id")
        for k, (_, c) in enumerate(self.counties.iterrows()):
            if c["estimated"]:
                marked.add(k)
            rows.append([tier_name(lang, c["tier"]), _county_name(c, lang), c["county_id"], _num(c["gdp_yi"]),
                         status_name(lang, c["status"]), str(seeds.loc[c["county_id"], "how"])])
        self.add(doc.Table([self.t("col_tier"), self.t("col_county"), self.t("col_code"), self.t("col_seed", year=p.scenario.base_year),
                            self.t("col_status"), self.t("col_how")], rows, marked=frozenset(marked), right=frozenset({3})))
        status = p.dataset.status_counts()
        self.add(doc.Paragraph(self.t("obs_line", n=len(p.dataset.observations), sha=p.dataset.sha256()[:12],
                                      parts=", ".join(f"{k} {v}" for k, v in status.items()))),
                 doc.Paragraph(self.t("sources_intro")))
        sources = [[s.get("table") or s.get("user_file"), _num(s.get("rows"), "{}"), s["sha256"][:16]] for s in p.dataset.sources()]
        self.add(doc.Table([self.t("col_table"), self.t("col_rows"), "sha256"], sources, right=frozenset({1})))

    def assumptions(self) -> None:
        self.section("sec_assumptions")
        self.add(doc.Paragraph(self.t("assumptions_intro")))
        rows = [[key, meaning(self.lang, key), value] for key, value in _flatten(self.p.scenario.to_dict())]
        self.add(doc.Table([self.t("col_key"), self.t("col_meaning"), self.t("col_value")], rows))

    def tier_results(self) -> None:
        lang, data = self.lang, self.data
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
                rows.append([tier_name(lang, tier), self.t(f"thr_{name}"), *cells])
        self.add(doc.Table([self.t("col_tier"), self.t("col_threshold"), *[self.t("col_members", year=y) for y in data.milestones]],
                           rows))
        self.add(doc.Paragraph(self.t("crossing_intro", year=self.horizon)))
        cross = data.crossings.set_index(["county_id", "threshold"])
        gdp = results.trajectories(self.p).set_index(["county_id", "year"])["gdp_p50"]
        rows, marked = [], set()
        for k, (_, c) in enumerate(self.tier_counties.iterrows()):
            if c["estimated"]:
                marked.add(k)
            row = [tier_name(lang, c["tier"]), _county_name(c, lang), _num(c["gdp_yi"]), status_name(lang, c["status"])]
            for name in SIZES:
                row += [_num(results.p_by(self.p, c["county_id"], name, m), "{:.0%}") for m in data.milestones]
                row.append(_year_cell(cross.loc[(c["county_id"], name)], self.horizon, lang))
            row.append(_num(gdp.get((c["county_id"], self.horizon)), "{:.0f}"))
            rows.append(row)
        header = [self.t("col_tier"), self.t("col_county"), self.t("col_seed", year=self.p.scenario.base_year), self.t("col_status")]
        for name in SIZES:
            short = self.t(f"thr_short_{name}")
            header += [f"{short} P{m % 100:02d}" for m in data.milestones] + [f"{short} {self.t('col_when')}"]
        header.append(self.t("col_gdp_h", year=self.horizon))
        self.add(doc.Table(header, rows, marked=frozenset(marked), right=frozenset({2, len(header) - 1})))
        for name in SIZES:
            self.add(_chart(self.t("timeline_title", name=self.t(f"thr_{name}")), "timeline", data, lang=lang, threshold=name))
        for name in SIZES:
            self.add(_chart(self.t("heatmap_title", name=self.t(f"thr_{name}")), "heatmap", data, lang=lang, threshold=name))
        self.add(_chart(self.t("bump_title"), "bump", data, lang=lang))

    def county_sections(self) -> None:
        lang, data = self.lang, self.data
        self.section("sec_counties")
        cross = data.crossings.set_index(["county_id", "threshold"])
        ranks = data.ranks.set_index(["county_id", "year"])
        seeds = self.p.seeds.set_index("county_id")
        for _, c in self.counties.iterrows():
            county_id = c["county_id"]
            self.add(doc.Heading(self.t("county_head", name=_county_name(c, lang), tier=tier_name(lang, c["tier"]), code=county_id), 3))
            if not c["projected"]:
                self.add(doc.Paragraph(self.t("county_nodata")))
                continue
            items = [self.t("county_seed", gdp=_num(c["gdp_yi"]), status=status_name(lang, c["status"]), how=seeds.loc[county_id, "how"])]
            sep = "、" if lang == "zh" else "/"
            for name in SIZES:
                row = cross.loc[(county_id, name)]
                probs = sep.join(_num(results.p_by(self.p, county_id, name, m), "{:.0%}") for m in data.milestones)
                items.append(self.t("county_cross", name=self.t(f"thr_{name}"), cell=_year_cell(row, self.horizon, lang),
                                    years=sep.join(map(str, data.milestones)), probs=probs, k=self.p.scenario.sustain_years,
                                    sustained=_num(row["p_sustained"], "{:.0%}")))
            shown = "; ".join(f"{m}: {ranks.loc[(county_id, m), 'rank_p50']} ({ranks.loc[(county_id, m), 'rank_p10']}–"
                              f"{ranks.loc[(county_id, m), 'rank_p90']})" for m in data.milestones)
            items.append(self.t("county_rank", ranks=shown))
            self.add(doc.Bullets(tuple(items)))
            self.add(_chart(self.t("fan_title", county=_county_name(c, lang)), "fan", data, width=5.8, lang=lang,
                            county=county_id))

    def targets(self) -> None:
        lang = self.lang
        self.section("sec_targets")
        self.add(doc.Paragraph(self.t("targets_intro")))
        rows = []
        for r in self.data.targets.itertuples():
            rows.append([target_name(lang, r.target), str(r.year), "" if pd.isna(r.target_value) else number(r.target_value, r.unit),
                         "" if pd.isna(r.value_p50) else number(r.value_p50, r.unit),
                         _num(r.probability_met, "{:.0%}") or self.t("not_modelled"), r.note])
        self.add(doc.Table([self.t("col_target"), self.t("year"), self.t("col_target_value"), self.t("col_projected"),
                            self.t("col_pmet"), self.t("col_note")], rows, right=frozenset({2, 3, 4})))
        self.add(_chart(self.t("targets_title"), "targets", self.data, lang=lang))

    def comparison(self, v: Comparison) -> None:
        lang = self.lang
        self.section("sec_compare")
        self.add(doc.Paragraph(self.t("compare_intro", a=v.a, b=v.b)))
        keyed = v.crossing.set_index(["county_id", "threshold", "measure"])
        rows: list[list[str]] = []
        marked: set[int] = set()
        for _, c in self.tier_counties.iterrows():
            for name in SIZES:
                ya, yb = (keyed.loc[(c["county_id"], name, "year_p50"), col] for col in ("a", "b"))
                pa, pb = (keyed.loc[(c["county_id"], name, f"p_by_{self.horizon}"), col] for col in ("a", "b"))
                if c["estimated"]:
                    marked.add(len(rows))
                year = [_num(ya, "{:.0f}") or f">{v.horizons[0]}", _num(yb, "{:.0f}") or f">{v.horizons[1]}"]
                rows.append([_county_name(c, lang), self.t(f"thr_{name}"), "→".join(year) if c["projected"] else self.t("no_data"),
                             f"{_num(pa, '{:.0%}')}→{_num(pb, '{:.0%}')}" if c["projected"] else ""])
        self.add(doc.Table([self.t("col_county"), self.t("col_threshold"), self.t("col_year_ab", a=v.a, b=v.b),
                            self.t("col_p_ab", year=self.horizon, a=v.a, b=v.b)], rows, marked=frozenset(marked)))
        self.add(_chart(self.t("compare_title", a=v.a, b=v.b), "compare", self.data, width=7.2, lang=lang, versus=v))

    def methods(self) -> None:
        self.section("sec_methods")
        self.add(doc.Paragraph(text.caveat(self.lang)))
        self.add(*[doc.Paragraph(part) for part in self.t("methods").split("\n")])
        self.add(doc.Paragraph(text.national_set(self.p)))

    def manifest(self) -> None:
        self.section("sec_manifest")
        self.add(doc.Paragraph(self.t("manifest_intro")))
        self.add(doc.Code(json.dumps(manifest(self.p), ensure_ascii=False, indent=2, sort_keys=True)))


def build(p: Projection, lang: str = "zh", versus: Comparison | None = None) -> doc.Document:
    """The report of ``p`` (and of the comparison ``versus``, if given) as blocks."""
    builder = _Builder(p, lang, versus)
    builder.summary()
    builder.data_status()
    builder.assumptions()
    builder.tier_results()
    builder.county_sections()
    builder.targets()
    if versus is not None:
        builder.comparison(versus)
    builder.methods()
    builder.manifest()
    return doc.Document(title=label(lang, "title", scenario=p.scenario.name), lang=lang, blocks=builder.blocks)


def html(p: Projection, lang: str = "zh", other: Projection | None = None) -> bytes:
    """``report.html`` alone (see :func:`files`)."""
    return doc.html(build(p, lang, comparison(p, other) if other is not None else None))


def files(p: Projection, lang: str = "zh", other: Projection | None = None) -> dict[str, bytes]:
    """``report.html`` and ``report.pdf`` of ``p`` (compared with ``other``, run with the same seed and draws)."""
    report = build(p, lang, comparison(p, other) if other is not None else None)
    footer = f"{report.title} · {p.scenario.sha256()[:12]}"
    return {"report.html": doc.html(report), "report.pdf": plots.pdf_document(report.blocks, title=report.title, footer=footer)}
