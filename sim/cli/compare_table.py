"""The tables ``tiersim compare`` prints: A→B per county and threshold (labelled as ``tiersim run``), and the targets."""

from __future__ import annotations

import pandas as pd

from sim.present import terminal as text
from sim.results.tables import crossings, membership

SIZES = ("top100", "top50")
TARGETS_ZH = {
    "county_gdp_total": "县域GDP总量（亿元）", "county_share_of_province_gdp": "县域GDP占全省比重",
    "counties_gdp_at_least_500": "GDP≥500亿的县市数", "counties_gdp_at_least_1000": "GDP≥1000亿的县市数",
    "national_top100_members": "全国百强县市数", "national_top50_members": "全国五十强县市数",
    "county_urbanisation_rate": "县域城镇化率",
}
"""Plan target names in Chinese (other names are shown as they are)."""


def _missing(v) -> bool:
    return v is None or (isinstance(v, float) and v != v) or v is pd.NA


def _p_arrow(a, b, lang: str) -> str:
    """``A→B (difference in points)``; ``no data`` when neither has a value."""
    if _missing(a) and _missing(b):
        return text.LABELS[lang]["nodata"]

    def one(v) -> str:
        return "-" if _missing(v) else f"{v:.0%}"

    change = ""
    if not _missing(a) and not _missing(b) and round((b - a) * 100) != 0:
        change = f" ({(b - a) * 100:+.0f})"
    return f"{one(a)}→{one(b)}{change}"


def _year_arrow(ca: pd.Series | None, cb: pd.Series | None, horizons: tuple[int, int], lang: str) -> str:
    """First-crossing years A→B, with the labels of ``tiersim run`` (already above, >HORIZON)."""
    def one(c, horizon):
        if c is None or _missing(c["p_by_horizon"]):
            return "-"
        return text.year_cell(c["base_above"], c["year_p50"], c["year_p10"], c["year_p90"], horizon, lang, short=True)

    ya, yb = one(ca, horizons[0]), one(cb, horizons[1])
    change = ""
    if ya.isdigit() and yb.isdigit() and int(yb) != int(ya):
        change = f" ({int(yb) - int(ya):+d})"
    return f"{ya}→{yb}{change}"


def compare_table(pa, pb, crossing: pd.DataFrame, ids: list[str], lang: str, milestone: str = "in",
                  wide: bool = False) -> str:
    labels = text.LABELS[lang]
    years = sorted({int(m[5:]) for m in crossing["measure"] if m.startswith("p_by_")})
    if milestone == "in":
        ma = membership(pa).set_index(["county_id", "threshold", "year"])["probability"]
        mb = membership(pb).set_index(["county_id", "threshold", "year"])["probability"]
        value = {k: (lambda c, n, y, m=m: m.get((c, n, y))) for k, m in (("a", ma), ("b", mb))}
    else:
        keyed = crossing.set_index(["county_id", "threshold", "measure"])
        value = {k: (lambda c, n, y, k=k: keyed[k].get((c, n, f"p_by_{y}"))) for k in ("a", "b")}
    ca = crossings(pa).set_index(["county_id", "threshold"])
    cb = crossings(pb).set_index(["county_id", "threshold"])
    registry = pb.dataset.registry
    rows = []
    for county_id in ids:
        county = registry[county_id]
        for name in SIZES:
            cells = [_p_arrow(value["a"](county_id, name, y), value["b"](county_id, name, y), lang) for y in years]
            row_a = ca.loc[(county_id, name)] if (county_id, name) in ca.index else None
            row_b = cb.loc[(county_id, name)] if (county_id, name) in cb.index else None
            if cells and all(c == labels["nodata"] for c in cells):
                cells, first = [labels["nodata"]] + [""] * (len(cells) - 1), ""
            else:
                first = _year_arrow(row_a, row_b, (pa.scenario.horizon, pb.scenario.horizon), lang)
            rows.append([text.tier_label(county.tier, lang), county.label(lang), text.threshold_label(name, lang),
                         *cells, first])
    what = labels[milestone]
    header = [labels["tier"], labels["county"], "门槛" if lang == "zh" else "threshold",
              *[str(y) for y in years], labels["first"]]
    groups = [(f"{what}, A→B" if lang == "en" else f"{what}，A→B", 3, 3 + len(years) - 1)]
    drop = [] if wide else [0] + [3 + i for i in range(len(years)) if 0 < i < len(years) - 1]
    table = text.table(header, rows, groups=groups, max_width=None if wide else text.terminal_width(), drop=drop,
                       lang=lang)
    if lang == "zh":
        legend = (f"年份列：{'该年在门槛及以上' if milestone == 'in' else '到该年曾达到门槛'}的概率 A→B（括号内为百分点差）；"
                  f"首次：首次达到的中位年份 A→B（B − A），已在线上＝基年已达到，>年份＝预测期内未达到。")
    else:
        legend = (f"year columns: probability of {'being at or above the threshold in' if milestone == 'in' else 'having crossed it by'} "
                  f"that year, A→B (difference in points); first: median first-crossing year, A→B (B - A); above = "
                  f"already above in the base year; >YEAR: not by the horizon.")
    return table + "\n" + legend


_UNMEASURED = {"not_modelled": ("未建模", "not modelled"), "not_measurable": ("无法测量", "not measurable"),
               "not_projected": ("不在预测年份内", "not projected")}


def target_lines(frame: pd.DataFrame, lang: str = "en", states: dict | None = None) -> str:
    """The targets A→B; ``states`` ((target, year) -> ``not_modelled``, ``not_measurable`` or ``not_projected``)
    says why a target has no value (default: not modelled)."""
    zh = lang == "zh"
    rows = []
    for (target, year), part in frame.groupby(["target", "year"], sort=False):
        value = part.set_index("measure")
        state = (states or {}).get((target, year), "not_modelled")
        target = TARGETS_ZH.get(target, target) if zh else target
        va, vb = value.loc["value_p50", "a"], value.loc["value_p50", "b"]
        pa, pb = value.loc["probability_met", "a"], value.loc["probability_met", "b"]
        if _missing(va):
            rows.append([target, str(year), _UNMEASURED.get(state, _UNMEASURED["not_modelled"])[0 if zh else 1], "", "",
                         ""])
            continue
        rows.append([target, str(year), f"{va:,.1f}", f"{vb:,.1f}", f"{vb - va:+,.1f}", _p_arrow(pa, pb, lang)])
    header = (["规划目标", "年份", "A 中位数", "B 中位数", "B − A", "达成概率 A→B"] if zh else
              ["plan target", "year", "p50 A", "p50 B", "B - A", "P(met) A→B"])
    return text.table(header, rows, right={2, 3, 4})


def target_states(projection) -> dict:
    """Why each target of a run has no value, as :func:`target_lines` takes it."""
    from sim.results.tables import target_table

    states = {}
    for row in target_table(projection).itertuples():
        covers = "" if _missing(row.covers) else str(row.covers)
        if _missing(row.value_p50):
            states[(row.target, row.year)] = ("not_measurable" if covers.startswith("not measurable") else
                                              "not_projected" if covers == "not projected" else "not_modelled")
    return states
