"""Plain-text tables for the terminal, in Chinese or English (no click here).

Widths count East Asian wide characters as two columns so Chinese names line up.
"""

from __future__ import annotations

import unicodedata

import pandas as pd

from sim.data.registry import TIER_NAMES_ZH
from sim.run.projection import Projection
from sim.results.tables import crossings, p_by, trajectories
from sim.model.thresholds import CAVEAT_EN, CAVEAT_ZH, SIZES

LABELS = {
    "en": {
        "tier": "tier", "county": "county", "code": "code", "base": "GDP {year}", "status": "seed status",
        "top100": "T100", "top50": "T50", "horizon": "GDP {year}", "when": " year", "already": "already above",
        "never": "not by {year}", "nodata": "no data", "years": "years held", "how": "how obtained",
        "seed": "seed {year}",
    },
    "zh": {
        "tier": "梯队", "county": "县市", "code": "代码", "base": "{year}年GDP", "status": "基数状态",
        "top100": "百强", "top50": "五十强", "horizon": "{year}年GDP", "when": "年份", "already": "已在线上",
        "never": "{year}年前未达", "nodata": "无数据", "years": "数据年份", "how": "来源/方法",
        "seed": "{year}年基数",
    },
}
STATUS_ZH = {"official": "官方", "secondary": "二手", "forecast": "预计", "estimated": "估算", "imputed": "插补", "no data": "无数据"}


def width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def table(header: list[str], rows: list[list[str]], right: set[int] = frozenset()) -> str:
    """Rows of strings as aligned columns (columns in ``right`` are right-aligned)."""
    widths = [max(width(str(r[i])) for r in [header, *rows]) for i in range(len(header))]

    def line(cells: list[str]) -> str:
        out = []
        for i, cell in enumerate(cells):
            pad = " " * (widths[i] - width(str(cell)))
            out.append(pad + str(cell) if i in right else str(cell) + pad)
        return "  ".join(out).rstrip()

    return "\n".join([line(header), line(["-" * w for w in widths]), *map(line, rows)])


def status_label(status: str, lang: str) -> str:
    marked = status + ("*" if status in ("estimated", "imputed") else "")
    return (STATUS_ZH[status] + ("*" if status in ("estimated", "imputed") else "")) if lang == "zh" else marked


def tier_label(tier: str, lang: str) -> str:
    return TIER_NAMES_ZH[tier] if lang == "zh" else tier


def _year_cell(row: pd.Series, horizon: int, lang: str) -> str:
    """Median first-crossing year with its P10-P90 range, or why there is none."""
    labels = LABELS[lang]
    if pd.isna(row["p_by_horizon"]):
        return labels["nodata"]
    if row["base_above"] == "true":
        return labels["already"]
    if pd.isna(row["year_p50"]):
        return labels["never"].format(year=horizon)
    low = row["year_p10"]
    high = f">{horizon}" if pd.isna(row["year_p90"]) else row["year_p90"]
    return f"{row['year_p50']} ({low}–{high})" if (low, high) != (row["year_p50"],) * 2 else str(row["year_p50"])


def shown_ids(p: Projection, county_ids: list[str] | None = None) -> list[str]:
    """The counties a printed table covers: those asked for, else every tier county."""
    return county_ids or [c.id for c in p.dataset.registry if c.tier != "other"]


def _percent(value: float | None) -> str:
    return "" if value is None else f"{value:.0%}"


def run_table(p: Projection, lang: str, county_ids: list[str] | None = None) -> str:
    """The table ``tiersim run`` prints: per county, P(crossed by each milestone) and the crossing year."""
    labels = LABELS[lang]
    cross = crossings(p).set_index(["county_id", "threshold"])
    seeds = p.seeds.set_index("county_id")
    gdp = trajectories(p).set_index(["county_id", "year"])
    scenario = p.scenario
    milestones = [m for m in scenario.milestones if m in p.inputs.years]
    rows = []
    for county_id in shown_ids(p, county_ids):
        county = p.dataset.registry[county_id]
        seed = seeds.loc[county_id]
        row = [tier_label(county.tier, lang), county.label(lang), county_id,
               "" if pd.isna(seed["gdp_yi"]) else f"{seed['gdp_yi']:.1f}", status_label(seed["status"], lang)]
        for name in SIZES:
            row += [_percent(p_by(p, county_id, name, m)) for m in milestones]
            row.append(_year_cell(cross.loc[(county_id, name)], scenario.horizon, lang))
        horizon_gdp = gdp.loc[(county_id, scenario.horizon), "gdp_p50"]
        row.append("" if pd.isna(horizon_gdp) else f"{horizon_gdp:.0f}")
        rows.append(row)
    header = [labels["tier"], labels["county"], labels["code"], labels["base"].format(year=scenario.base_year), labels["status"]]
    for name in SIZES:
        header += [f"{labels[name]} P{m % 100:02d}" for m in milestones] + [labels[name] + labels["when"]]
    header.append(labels["horizon"].format(year=scenario.horizon))
    numeric = {3, len(header) - 1} | {5 + k for k in range(len(milestones))} | {6 + len(milestones) + k for k in range(len(milestones))}
    return table(header, rows, right=numeric)


def seed_summary(counts: dict[str, int], lang: str) -> str:
    """One line: how many seeds are observed, estimated, imputed, missing."""
    observed = counts["official"] + counts["secondary"] + counts["forecast"]
    if lang == "zh":
        return (f"基数：{observed} 个为实际数据（官方 {counts['official']}、二手 {counts['secondary']}、预计 {counts['forecast']}），"
                f"{counts['estimated']} 个为估算*，{counts['imputed']} 个为插补*，{counts['no data']} 个无数据（未参与预测）。")
    return (f"Seeds: {observed} observed ({counts['official']} official, {counts['secondary']} secondary, {counts['forecast']} forecast), "
            f"{counts['estimated']} estimated*, {counts['imputed']} imputed*, {counts['no data']} with no data (not projected).")


def legend(p: Projection, lang: str) -> str:
    """What the probability and year columns mean."""
    milestones = [m for m in p.scenario.milestones if m in p.inputs.years]
    if lang == "zh":
        return (f"P{milestones[0] % 100:02d} 等：到该年（含）GDP达到百强/五十强门槛的概率；年份：首次达到的中位年份（P10–P90）；"
                f"GDP为中位数，亿元（现价）；*为估算或插补的基数。")
    return (f"P{milestones[0] % 100:02d} etc.: probability of being at or above the Top-100 (T100) / Top-50 (T50) GDP threshold "
            f"by that year; year: median first-crossing year (P10–P90); GDP: median, 亿元 current prices; * estimated or imputed seed.")


def caveat(lang: str) -> str:
    return CAVEAT_ZH if lang == "zh" else CAVEAT_EN


def national_set(p: Projection) -> str:
    """One phrase on how thresholds were made, with the tail fit's quality."""
    fit = f"Pareto tail alpha {p.fit.alpha:.2f} ({'fitted' if p.fit.alpha_fitted else 'given'}, rmse ln N {p.fit.rmse:.3f})"
    if p.inputs.comparators is None:
        return f"exogenous fitted path, {fit}"
    return f"{len(p.inputs.comparators)} national comparators + Hubei counties, {fit}"
