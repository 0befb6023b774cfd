"""From a projection to the tidy frames the charts draw (no matplotlib here).

Everything :mod:`sim.present.plots` draws is one of these frames, so a chart can be redrawn from files
or from another tool. Most are the result tables of :mod:`sim.results` as they are; this
module adds what the charts need beyond them:

- :func:`counties`: one row per county with its names, tier and seed status (``estimated``
  is True for estimated or imputed seeds, ``projected`` False for ``no data``);
- :func:`bands`: GDP quantiles P10, P25, P50, P75, P90 per county and year (the fan chart's
  50% and 80% bands; ``trajectories.csv`` has P10/P50/P90 only), read off the same histograms;
- :func:`targets`: the plan-target table with each target's value and unit.

:func:`collect` gathers them all into a :class:`ChartData`.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from sim.results import tables as results
from sim.run.projection import Projection

KINDS = ("fan", "timeline", "heatmap", "scorecard", "bump", "targets", "compare")
"""Chart kinds (``tiersim plot KIND``; drawn by :func:`sim.present.report.chart`)."""
BAND_QUANTILES = (10, 25, 50, 75, 90)
ESTIMATED = ("estimated", "imputed")
COUNTY_COLUMNS = ["county_id", "name_zh", "name_pinyin", "tier", "status", "gdp_yi", "estimated", "projected"]


def counties(p: Projection) -> pd.DataFrame:
    """County_id, names, tier, seed status and base-year GDP (亿元), in registry order."""
    rows = []
    for seed in p.seeds.itertuples():
        county = p.dataset.registry[seed.county_id]
        rows.append([county.id, county.name_zh, county.name_pinyin, county.tier, seed.status,
                     None if pd.isna(seed.gdp_yi) else float(seed.gdp_yi), seed.status in ESTIMATED,
                     seed.status != "no data"])
    return pd.DataFrame(rows, columns=COUNTY_COLUMNS)


def bands(p: Projection) -> pd.DataFrame:
    """GDP quantiles per projected county and year: county_id, year, gdp_p10 .. gdp_p90 (亿元)."""
    rows = []
    for i, county_id in enumerate(p.inputs.county_ids):
        for t, year in enumerate(p.inputs.years):
            rows.append([county_id, year, *[p.summary.gdp_quantile(t, i, q / 100) for q in BAND_QUANTILES]])
    return pd.DataFrame(rows, columns=["county_id", "year", *[f"gdp_p{q}" for q in BAND_QUANTILES]])


def targets(p: Projection) -> pd.DataFrame:
    """:func:`sim.results.target_table` plus ``target_value`` and ``unit`` from the plan."""
    table = results.target_table(p)
    plan = p.dataset.plan[p.dataset.plan["kind"] == "target"]
    value = {(r.item, int(r.year)): (float(r.value), r.unit) for r in plan.itertuples()}
    table["target_value"] = [value.get((t, y), (None, ""))[0] for t, y in zip(table["target"], table["year"])]
    table["unit"] = [value.get((t, y), (None, ""))[1] for t, y in zip(table["target"], table["year"])]
    return table


@dataclass(frozen=True)
class ChartData:
    """Every frame the charts of one projection draw, and the years they span."""

    counties: pd.DataFrame
    bands: pd.DataFrame
    thresholds: pd.DataFrame
    membership: pd.DataFrame
    crossings: pd.DataFrame
    ranks: pd.DataFrame
    tiers: pd.DataFrame
    targets: pd.DataFrame
    base_year: int
    horizon: int
    milestones: tuple[int, ...]


def collect(p: Projection) -> ChartData:
    return ChartData(
        counties=counties(p), bands=bands(p), thresholds=results.threshold_table(p), membership=results.membership(p),
        crossings=results.crossings(p), ranks=results.ranks(p), tiers=results.tier_table(p), targets=targets(p),
        base_year=p.scenario.base_year, horizon=p.scenario.horizon,
        milestones=tuple(m for m in p.scenario.milestones if m in p.inputs.years))
