"""Plain-text tables for the terminal, in Chinese or English (no click here).

Widths count East Asian wide characters as two columns so Chinese names line up. A table is
fitted to the terminal's width: the narrow view (the default) drops the columns of least
interest first and says which; ``wide=True`` shows every column whatever the width.

Milestone columns count one of two things, always labelled:

- ``in``: P(at or above the threshold **in** that year), the share of draws that are in the
  Top-N in that year (``membership.csv``). The default: a plan's "in the Top-100 by 2025"
  is read as being in the list in 2025.
- ``by``: P(crossed at least once **by** that year), the share of draws whose first crossing
  is in that year or before (``crossings.csv`` counts these); a county that crossed and fell
  back still counts.
"""

from __future__ import annotations

import shutil
import unicodedata

import pandas as pd

from sim.run import lists as list_tally
from sim.data.registry import TIER_NAMES_ZH
from sim.run.projection import Projection
from sim.results.tables import crossings, membership, p_by
from sim.model.thresholds import CAVEAT_EN, CAVEAT_ZH, SIZES
from sim.present.labels import label as words

LABELS = {
    "en": {
        "tier": "tier", "county": "county", "code": "code", "base": "GDP {year}", "status": "seed status",
        "top100": "T100", "top50": "T50", "horizon": "GDP {year}", "when": " first", "already": "already above",
        "never": "not by {year}", "nodata": "no data", "years": "years held", "how": "how obtained",
        "seed": "seed {year}", "already_short": "above", "group": "{name}, {what}",
        "in": "P(in year)", "by": "P(by year)", "first": "first",
        "name_top100": "Top-100", "name_top50": "Top-50",
    },
    "zh": {
        "tier": "梯队", "county": "县市", "code": "代码", "base": "{year}年GDP", "status": "基数状态",
        "top100": "百强", "top50": "五十强", "horizon": "{year}年GDP", "when": "首次", "already": "已在线上",
        "never": "{year}年前未达", "nodata": "无数据", "years": "数据年份", "how": "来源/方法",
        "seed": "{year}年基数", "already_short": "已在线上", "group": "{name}：{what}的概率",
        "in": "当年在线上", "by": "到当年曾达到", "first": "首次",
        "name_top100": "百强", "name_top50": "五十强",
    },
}
STATUS_ZH = {"official": "官方", "secondary": "二手", "forecast": "预计", "estimated": "估算", "imputed": "插补", "no data": "无数据"}
CONFIDENCE_ZH = {"high": "高", "medium": "中", "low": "低", "unrated": "未评"}
MILESTONE_KINDS = ("in", "by")
"""What milestone columns count: ``in`` (at or above in the year; the default) or ``by`` (crossed by the year)."""


def width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def terminal_width(default: int = 80) -> int:
    """Columns of the terminal (``COLUMNS`` if set); ``default`` when output is not a terminal."""
    return shutil.get_terminal_size((default, 24)).columns


def _pad(text: str, to: int, right: bool) -> str:
    pad = " " * max(0, to - width(text))
    return pad + text if right else text + pad


def table(header: list[str], rows: list[list[str]], right: set[int] = frozenset(),
          groups: list[tuple[str, int, int]] = (), max_width: int | None = None, drop: list[int] = (),
          lang: str = "en") -> str:
    """Rows of strings as aligned columns (columns in ``right`` are right-aligned).

    ``groups``: (label, first, last) column spans labelled on a line above the header. With
    ``max_width``, the columns in ``drop`` (in that order) are left out until the table fits,
    and a last line says how many were hidden.
    """
    keep = list(range(len(header)))
    hidden = 0
    for column in [None, *drop]:
        if column is not None:
            keep.remove(column)
            hidden += 1
        text = _render(header, rows, right, groups, keep)
        if max_width is None or max(map(width, text.splitlines())) <= max_width:
            break
    if hidden:
        text += "\n" + (f"（窄表：隐藏了 {hidden} 列；--wide 显示全部）" if lang == "zh"
                        else f"(narrow view: {hidden} column(s) hidden; --wide shows every column)")
    return text


def _render(header, rows, right, groups, keep) -> str:
    rows = [r if len(r) == len(header) else [*r, *[""] * (len(header) - len(r))] for r in rows]
    widths = {i: max(width(str(r[i])) for r in [header, *rows]) for i in keep}
    spans = [(label, [i for i in keep if first <= i <= last]) for label, first, last in groups]
    for label, cols in spans:  # a group label wider than its columns widens the last one
        if cols:
            short = width(label) - (sum(widths[i] for i in cols) + 2 * (len(cols) - 1))
            widths[cols[-1]] += max(0, short)

    def line(cells: list[str]) -> str:
        return "  ".join(_pad(str(cells[i]), widths[i], i in right) for i in keep).rstrip()

    out = []
    if spans:
        starts, pos = {}, 0
        for i in keep:
            starts[i] = pos
            pos += widths[i] + 2
        top = ""
        for label, cols in spans:
            if cols:
                top = _pad(top, starts[cols[0]], False) + label
        out.append(top.rstrip())
    return "\n".join([*out, line(header), line(["-" * widths[i] if i in widths else "" for i in range(len(header))]),
                      *map(line, rows)])


def status_label(status: str, lang: str) -> str:
    star = "*" if status in ("estimated", "imputed") else ""
    return (STATUS_ZH[status] if lang == "zh" else status) + star


def tier_label(tier: str, lang: str) -> str:
    return TIER_NAMES_ZH[tier] if lang == "zh" else tier


def threshold_label(name: str, lang: str) -> str:
    """``top100`` -> 百强 / Top-100."""
    return LABELS[lang][f"name_{name}"]


def year_cell(base_above: object, year_p50, year_p10, year_p90, horizon: int, lang: str, short: bool = False,
              no_data: bool = False) -> str:
    """Median first-crossing year (with its P10-P90 range unless ``short``), or why there is none."""
    labels = LABELS[lang]
    if no_data:
        return labels["nodata"]
    if base_above in (True, "true"):
        return labels["already_short" if short else "already"]
    if year_p50 is None or pd.isna(year_p50):
        return f">{horizon}" if short else labels["never"].format(year=horizon)
    if short:
        return str(year_p50)
    low = year_p10
    high = f">{horizon}" if pd.isna(year_p90) else year_p90
    return f"{year_p50} ({low}–{high})" if (low, high) != (year_p50,) * 2 else str(year_p50)


def shown_ids(p: Projection, county_ids: list[str] | None = None) -> list[str]:
    """The counties a printed table covers: those asked for, else every tier county."""
    return county_ids or [c.id for c in p.dataset.registry if c.tier != "other"]


def _percent(value: float | None) -> str:
    return "" if value is None or value != value else f"{value:.0%}"


def milestone_years(p: Projection) -> list[int]:
    return [m for m in p.scenario.milestones if m in p.inputs.years]


def lookups(p: Projection) -> tuple[dict, dict, dict, dict, int]:
    """What a per-county results table reads, as plain dicts (a pandas ``.loc`` per cell would cost more than
    the whole projection): crossings by (county, threshold), P(at or above) by (county, threshold, year), seeds
    by county, the engine's column of each projected county, and the horizon's index among the years."""
    cross = {(r["county_id"], r["threshold"]): r for r in crossings(p).to_dict("records")}
    m = membership(p)
    member = dict(zip(zip(m["county_id"], m["threshold"], m["year"]), m["probability"]))
    seeds = {r["county_id"]: r for r in p.seeds.to_dict("records")}
    index = {c: i for i, c in enumerate(p.inputs.county_ids)}
    return cross, member, seeds, index, p.inputs.years.index(p.scenario.horizon)


def run_table(p: Projection, lang: str, county_ids: list[str] | None = None, *, milestone: str = "in",
              wide: bool = False, max_width: int | None = None) -> str:
    """The table ``tiersim run`` prints: per county, the milestone probabilities and the crossing year.

    Narrow (default): county, base-year GDP (``*`` estimated or imputed), per threshold the
    milestone probabilities and the median first-crossing year, GDP at the horizon; fitted to
    ``max_width``. Wide: also tier, code, seed status and the crossing year's P10-P90 range.
    """
    labels = LABELS[lang]
    cross, member, seeds, index, at_horizon = lookups(p)
    scenario = p.scenario
    milestones = milestone_years(p)
    rows = []
    tier = None
    for county_id in shown_ids(p, county_ids):
        county = p.dataset.registry[county_id]
        if not wide and county.tier != tier:  # narrow view: the tier as a heading row
            tier = county.tier
            rows.append([f"[{tier_label(tier, lang)}]"])
        seed = seeds[county_id]
        missing = pd.isna(seed["gdp_yi"])
        star = "*" if seed["status"] in ("estimated", "imputed") else ""
        base = labels["nodata"] if missing and not wide else ("" if missing else f"{seed['gdp_yi']:.1f}{'' if wide else star}")
        row = ([tier_label(county.tier, lang), county.label(lang), county_id, base, status_label(seed["status"], lang)]
               if wide else [county.label(lang), base])
        for name in SIZES:
            c = cross[(county_id, name)]
            if milestone == "in":
                row += [_percent(member[(county_id, name, m)]) for m in milestones]
            else:
                row += [_percent(p_by(p, county_id, name, m)) for m in milestones]
            row.append(year_cell(c["base_above"], c["year_p50"], c["year_p10"], c["year_p90"], scenario.horizon, lang,
                                 short=not wide, no_data=pd.isna(c["p_by_horizon"]) and wide))
            if not wide and missing:
                row[-1] = ""
        horizon_gdp = None if county_id not in index else p.summary.gdp_quantile(at_horizon, index[county_id], 0.5)
        row.append("" if pd.isna(horizon_gdp) else f"{horizon_gdp:.0f}")
        rows.append(row)
    lead = ([labels["tier"], labels["county"], labels["code"], labels["base"].format(year=scenario.base_year),
             labels["status"]] if wide else [labels["county"], labels["base"].format(year=scenario.base_year)])
    header, groups = list(lead), []
    for name in SIZES:
        first = len(header)
        header += [str(m) for m in milestones] + [labels["first"]]
        groups.append((labels["group"].format(name=threshold_label(name, lang), what=labels[milestone]), first,
                       len(header) - 1))
    header.append(labels["horizon"].format(year=scenario.horizon))
    numeric = {i for i in range(len(lead) - (2 if wide else 1), len(header))} - ({4} if wide else set())
    n = len(milestones)
    t50 = len(lead) + n + 1
    drop = [] if wide else [len(header) - 1, t50 + n // 2, len(lead) + n // 2]
    return table(header, rows, right=numeric, groups=groups, max_width=None if wide else max_width, drop=drop,
                 lang=lang)


def seed_summary(counts: dict[str, int], lang: str) -> str:
    """One line: how many seeds are observed, estimated, imputed, missing."""
    observed = counts["official"] + counts["secondary"] + counts["forecast"]
    if lang == "zh":
        return (f"基数：{observed} 个为实际数据（官方 {counts['official']}、二手 {counts['secondary']}、预计 {counts['forecast']}），"
                f"{counts['estimated']} 个为估算*，{counts['imputed']} 个为插补*，{counts['no data']} 个无数据（未参与预测）。")
    return (f"Seeds: {observed} observed ({counts['official']} official, {counts['secondary']} secondary, {counts['forecast']} forecast), "
            f"{counts['estimated']} estimated*, {counts['imputed']} imputed*, {counts['no data']} with no data (not projected).")


def legend(p: Projection, lang: str, milestone: str = "in") -> str:
    """What the probability and year columns mean."""
    if lang == "zh":
        what = ("该年GDP在百强/五十强门槛及以上的概率" if milestone == "in"
                else "到该年（含）至少一次达到百强/五十强门槛的概率（之后跌回仍计入）")
        return (f"年份列：{what}；首次：首次达到的中位年份（宽表含P10–P90），已在线上＝基年已达到，>{p.scenario.horizon}＝预测期内未达到；"
                f"GDP为中位数，亿元（现价）；*为估算或插补的基数。--milestone {'by' if milestone == 'in' else 'in'} 改为"
                f"{'到该年曾达到' if milestone == 'in' else '当年在线上'}。")
    what = ("probability of being at or above the Top-100 (T100) / Top-50 (T50) GDP threshold in that year"
            if milestone == "in" else
            "probability of having crossed the Top-100 / Top-50 GDP threshold at least once by that year (falling back still counts)")
    other = "by = crossed at least once by the year" if milestone == "in" else "in = at or above in the year"
    return (f"year columns: {what}; first: median first-crossing year (P10–P90 in --wide), above = already above in the "
            f"base year, >{p.scenario.horizon} = not by the horizon; GDP: median, 亿元 current prices; * estimated or "
            f"imputed seed. --milestone {'by' if milestone == 'in' else 'in'}: {other}.")


def caveat(lang: str) -> str:
    return CAVEAT_ZH if lang == "zh" else CAVEAT_EN


def national_set(p: Projection, lang: str = "en") -> str:
    """One phrase on how thresholds were made, with the tail fit's quality."""
    fitted = p.fit.alpha_fitted
    if lang == "zh":
        fit = f"帕累托尾部 alpha {p.fit.alpha:.2f}（{'拟合' if fitted else '给定'}，ln N 均方根误差 {p.fit.rmse:.3f}）"
        if p.inputs.comparators is None:
            return f"外生拟合路径，{fit}"
        return f"{p.inputs.comparator_count} 个全国对照县 + 湖北各县，{fit}"
    fit = f"Pareto tail alpha {p.fit.alpha:.2f} ({'fitted' if fitted else 'given'}, rmse ln N {p.fit.rmse:.3f})"
    if p.inputs.comparators is None:
        return f"exogenous fitted path, {fit}"
    return f"{p.inputs.comparator_count} national comparators + Hubei counties, {fit}"


def how_label(seed: pd.Series, lang: str) -> str:
    """How a seed was obtained, in the chosen language (the English text is the estimator's own)."""
    if lang == "en" or not isinstance(seed.get("how"), str):
        return seed.get("how") or ""
    status, how = seed["status"], seed["how"]
    if seed.get("method") == "fitted":
        interval = {"p10": f"{seed['gdp_p10']:,.1f}", "p90": f"{seed['gdp_p90']:,.1f}"}
        if status == "estimated":  # the report's words (one label table), the years from the estimator's note
            years = how.split("figures of ", 1)[1].split(" and the model", 1)[0] if "figures of " in how else ""
            return words("zh", "how_estimated_fitted", years="、".join(years.split(", ")), **interval)
        if status == "imputed":
            return words("zh", "how_imputed_fitted", **interval)
        band = f"后验中位数；80%区间 {seed['gdp_p10']:.1f}–{seed['gdp_p90']:.1f}"
        figure = how.split(" (", 1)[0].replace(" figure ", "年数据 ")
        return f"{figure}（{STATUS_ZH.get(status, status)}）与模型：{band}"
    if seed.get("method") == "observed":
        source = how.split(": ", 1)[1] if ": " in how else ""
        confidence = how.split(", ", 1)[1].split(")", 1)[0] if ", " in how else ""
        return f"{seed['from_year']}年数据（{STATUS_ZH.get(status, status)}，可信度{CONFIDENCE_ZH.get(confidence, confidence)}）：{source}"
    if status == "estimated":
        return f"由{seed['from_year']}年数据按全省增速推算（方法 {seed['method']}）"
    if status == "imputed":
        return f"插补：同梯队基数中位数（方法 {seed['method']}）"
    if status == "no data":
        return "任何年份均无数据；不参与预测（--impute 可插补，标为插补）"
    return how


def list_table(p: Projection, lang: str, county_ids: list[str] | None = None) -> str:
    """Two different questions side by side, per county at each milestone: P(GDP at or above the Top-100 GDP
    threshold) and P(on CCID's Top-100 list) (the list membership model); ``""`` without a list model."""
    listed = list_tally.table(p)
    if not len(listed):
        return ""
    zh = lang == "zh"
    cell = {(r["county_id"], r["year"]): r for r in listed.to_dict("records")}
    milestones = milestone_years(p)
    rows = []
    for county_id in shown_ids(p, county_ids):
        if (county_id, milestones[0] if milestones else p.scenario.horizon) not in cell:
            continue
        row = [p.dataset.registry[county_id].label(lang)]
        row += [_percent(cell[(county_id, m)]["p_gdp_top100"]) for m in milestones]
        row += [_percent(cell[(county_id, m)]["p_list_top100"]) for m in milestones]
        rows.append(row)
    header = ["县市" if zh else "county"] + [str(m) for m in milestones] * 2
    n = len(milestones)
    groups = [("GDP≥百强门槛" if zh else "GDP >= T100", 1, n),
              ("进入赛迪百强榜单" if zh else "on CCID T100 list", n + 1, 2 * n)]
    note = ("两个不同的问题：左为当年GDP在百强GDP门槛及以上的概率；右为进入赛迪百强榜单（综合评分，GDP准入）的概率，"
            "由按历届榜单拟合的榜单模型（GDP相对门槛的逻辑回归）给出。" if zh else
            "Two different questions: left, the probability that GDP is at or above the Top-100 GDP threshold in the year; "
            "right, the probability of being on CCID's Top-100 list (a composite score with a GDP gate), from the list "
            "model fitted to past editions (logistic in GDP relative to the threshold).")
    return table(header, rows, right=set(range(1, 2 * n + 1)), groups=groups, lang=lang) + "\n" + note
