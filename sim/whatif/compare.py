"""Scenario comparison: what changes from scenario A (the baseline) to scenario B (the what-if).

Both projections should use the same seed and number of draws, so their differences come from
the assumptions, not from sampling noise (common random numbers). Two tidy (long) tables:

- :func:`crossing_differences`: per county x threshold x measure, columns county_id, name_zh,
  name_pinyin, tier, threshold, measure, a, b, b_minus_a. ``measure`` is ``p_by_YEAR`` (share of
  draws that have crossed by each milestone year of either scenario) or ``year_p50`` (median
  first-crossing year; empty if not by the horizon, and then no difference either).
- :func:`target_differences`: per plan target x measure (``value_p50``, ``probability_met``),
  columns target, year, measure, a, b, b_minus_a.

:func:`gdp_differences` gives median GDP per county and year in A and B, for the chart.
Pure functions of two :class:`~sim.run.projection.Projection`; no I/O.
"""

from __future__ import annotations

import json

import pandas as pd

from sim.errors import SimError
from sim.run.projection import Projection
from sim.results.manifest import package_version
from sim.results.tables import crossings, p_by, target_table, trajectories

__all__ = ["crossing_differences", "target_differences", "gdp_differences", "files", "check_comparable"]

CROSSING_COLUMNS = ["county_id", "name_zh", "name_pinyin", "tier", "threshold", "measure", "a", "b", "b_minus_a"]
TARGET_COLUMNS = ["target", "year", "measure", "a", "b", "b_minus_a"]


def check_comparable(a: Projection, b: Projection) -> None:
    """Refuse a comparison whose differences would be sampling noise: unequal seeds or draws."""
    if (a.seed, a.draws) != (b.seed, b.draws):
        raise SimError(f"compare: A and B must use the same seed and draws; got seed {a.seed}, {a.draws} draws "
                       f"and seed {b.seed}, {b.draws} draws")


def _difference(a, b):
    if a is None or b is None or pd.isna(a) or pd.isna(b):
        return None
    return b - a


def milestones(a: Projection, b: Projection) -> list[int]:
    """Every milestone year of either scenario."""
    return sorted(set(a.scenario.milestones) | set(b.scenario.milestones))


def _p_by(p: Projection, county_id: str, name: str, year: int) -> float | None:
    return p_by(p, county_id, name, year) if year in p.inputs.years else None


def crossing_differences(a: Projection, b: Projection) -> pd.DataFrame:
    """P(crossed by each milestone) and the median crossing year in A and B, and B - A."""
    check_comparable(a, b)
    years = milestones(a, b)
    cross_a = crossings(a).set_index(["county_id", "threshold"])
    cross_b = crossings(b).set_index(["county_id", "threshold"])
    registry = b.dataset.registry
    ids = list(dict.fromkeys(list(a.seeds["county_id"]) + list(b.seeds["county_id"])))
    rows = []
    for county_id in ids:
        county = registry[county_id]
        head = [county_id, county.name_zh, county.name_pinyin, county.tier]
        for name in a.summary.names:
            for year in years:
                va, vb = _p_by(a, county_id, name, year), _p_by(b, county_id, name, year)
                rows.append(head + [name, f"p_by_{year}", va, vb, _difference(va, vb)])
            ya = cross_a["year_p50"].get((county_id, name))
            yb = cross_b["year_p50"].get((county_id, name))
            ya = None if ya is None or pd.isna(ya) else int(ya)
            yb = None if yb is None or pd.isna(yb) else int(yb)
            rows.append(head + [name, "year_p50", ya, yb, _difference(ya, yb)])
    return pd.DataFrame(rows, columns=CROSSING_COLUMNS)


def target_differences(a: Projection, b: Projection) -> pd.DataFrame:
    """The plan's targets: median value and probability of being met, in A and B, and B - A."""
    check_comparable(a, b)
    ta = target_table(a).set_index(["target", "year"])
    tb = target_table(b).set_index(["target", "year"])
    rows = []
    for key in list(dict.fromkeys(list(ta.index) + list(tb.index))):
        for measure in ("value_p50", "probability_met"):
            va = ta[measure].get(key)
            vb = tb[measure].get(key)
            va = None if va is None or pd.isna(va) else float(va)
            vb = None if vb is None or pd.isna(vb) else float(vb)
            rows.append([key[0], key[1], measure, va, vb, _difference(va, vb)])
    return pd.DataFrame(rows, columns=TARGET_COLUMNS)


def gdp_differences(a: Projection, b: Projection) -> pd.DataFrame:
    """Median GDP (亿元) per county and year in A and B, and B - A: county_id, year, a, b, b_minus_a."""
    ga = trajectories(a).set_index(["county_id", "year"])["gdp_p50"]
    gb = trajectories(b).set_index(["county_id", "year"])["gdp_p50"]
    frame = pd.concat({"a": ga, "b": gb}, axis=1).reset_index()
    frame["b_minus_a"] = frame["b"] - frame["a"]
    return frame


def manifest(a: Projection, b: Projection) -> dict:
    """What produced a comparison: both scenarios, seed, draws and data."""
    return {
        "tiersim": "compare",
        "version": package_version(),
        "a": {"scenario": a.scenario.to_dict(), "scenario_sha256": a.scenario.sha256()},
        "b": {"scenario": b.scenario.to_dict(), "scenario_sha256": b.scenario.sha256()},
        "seed": a.seed,
        "draws": a.draws,
        "deterministic": a.deterministic,
        "data_sha256": a.dataset.sha256(),
        "data_sources": a.dataset.sources(),
        "as_of": a.dataset.as_of,
        "units": "probabilities are shares of draws; years are calendar years; GDP in 亿元, current prices",
    }


def files(a: Projection, b: Projection) -> dict[str, bytes]:
    """``compare_crossings.csv``, ``compare_targets.csv``, ``compare_gdp.csv`` and ``manifest.json``."""
    def csv(frame: pd.DataFrame) -> bytes:
        return frame.to_csv(index=False, lineterminator="\n", float_format="%.4f").encode("utf-8")

    return {
        "compare_crossings.csv": csv(_formatted(crossing_differences(a, b))),
        "compare_targets.csv": csv(target_differences(a, b)),
        "compare_gdp.csv": csv(gdp_differences(a, b)),
        "manifest.json": (json.dumps(manifest(a, b), ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8"),
    }


def _formatted(frame: pd.DataFrame) -> pd.DataFrame:
    """Years (``year_p50`` rows) without decimals, probabilities with four, missing values empty."""
    out = frame.copy()
    years = out["measure"] == "year_p50"
    for column in ("a", "b", "b_minus_a"):
        out[column] = ["" if v is None or pd.isna(v) else (str(int(v)) if y else f"{v:.4f}") for v, y in zip(frame[column], years)]
    return out
