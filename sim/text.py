"""Plain-text tables for the terminal, in Chinese or English (no click here).

Widths count East Asian wide characters as two columns so Chinese names line up.
"""

from __future__ import annotations

import unicodedata

import pandas as pd

from .counties import TIER_NAMES_ZH
from .projection import Projection
from .results import crossings
from .thresholds import CAVEAT_EN, CAVEAT_ZH

LABELS = {
    "en": {
        "tier": "tier", "county": "county", "code": "code", "base": "GDP {year}", "status": "seed status",
        "top100": "Top-100", "top50": "Top-50", "horizon": "GDP {year}", "already": "already above",
        "never": "not by {year}", "nodata": "no data", "years": "years held", "how": "how obtained",
        "seed": "seed {year}",
    },
    "zh": {
        "tier": "梯队", "county": "县市", "code": "代码", "base": "{year}年GDP", "status": "基数状态",
        "top100": "百强", "top50": "五十强", "horizon": "{year}年GDP", "already": "已在线上",
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
    labels = LABELS[lang]
    if pd.isna(row["p_by_horizon"]):
        return labels["nodata"]
    if row["base_above"] == "true":
        return labels["already"]
    if pd.isna(row["year_p50"]):
        return labels["never"].format(year=horizon)
    return str(row["year_p50"])


def shown_ids(p: Projection, county_ids: list[str] | None = None) -> list[str]:
    """The counties a printed table covers: those asked for, else every tier county."""
    return county_ids or [c.id for c in p.dataset.registry if c.tier != "other"]


def run_table(p: Projection, lang: str, county_ids: list[str] | None = None) -> str:
    """The table ``tiersim run`` prints: one row per county (tier counties unless ``county_ids`` says)."""
    labels = LABELS[lang]
    cross = crossings(p).set_index(["county_id", "threshold"])
    seeds = p.seeds.set_index("county_id")
    index = {c: i for i, c in enumerate(p.inputs.county_ids)}
    scenario = p.scenario
    ids = shown_ids(p, county_ids)
    rows = []
    for county_id in ids:
        county = p.dataset.registry[county_id]
        seed = seeds.loc[county_id]
        i = index.get(county_id)
        rows.append([
            tier_label(county.tier, lang), county.label(lang), county_id,
            "" if pd.isna(seed["gdp_yi"]) else f"{seed['gdp_yi']:.1f}", status_label(seed["status"], lang),
            _year_cell(cross.loc[(county_id, "top100")], scenario.horizon, lang),
            _year_cell(cross.loc[(county_id, "top50")], scenario.horizon, lang),
            "" if i is None else f"{p.paths.gdp[-1, :, i].mean():.1f}",
        ])
    header = [labels["tier"], labels["county"], labels["code"], labels["base"].format(year=scenario.base_year), labels["status"],
              labels["top100"], labels["top50"], labels["horizon"].format(year=scenario.horizon)]
    return table(header, rows, right={3, 7})


def seed_summary(counts: dict[str, int], lang: str) -> str:
    """One line: how many seeds are observed, estimated, imputed, missing."""
    observed = counts["official"] + counts["secondary"] + counts["forecast"]
    if lang == "zh":
        return (f"基数：{observed} 个为实际数据（官方 {counts['official']}、二手 {counts['secondary']}、预计 {counts['forecast']}），"
                f"{counts['estimated']} 个为估算*，{counts['imputed']} 个为插补*，{counts['no data']} 个无数据（未参与预测）。")
    return (f"Seeds: {observed} observed ({counts['official']} official, {counts['secondary']} secondary, {counts['forecast']} forecast), "
            f"{counts['estimated']} estimated*, {counts['imputed']} imputed*, {counts['no data']} with no data (not projected).")


def caveat(lang: str) -> str:
    return CAVEAT_ZH if lang == "zh" else CAVEAT_EN
