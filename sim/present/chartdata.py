"""From a projection to the tidy frames the charts draw (no matplotlib here).

Everything :mod:`sim.present.plots` draws is one of these frames, so a chart can be redrawn from files
or from another tool. Most are the result tables of :mod:`sim.results` as they are; this
module adds what the charts need beyond them:

- :func:`counties`: one row per county with its names, prefecture, tier and seed status (``estimated``
  is True for estimated or imputed seeds, ``projected`` False for ``no data``; ``seed_year`` is the
  year of the figure a seed rests on);
- :func:`bands`: GDP quantiles P10, P25, P50, P75, P90 per county and year (the fan chart's
  50% and 80% bands; ``trajectories.csv`` has P10/P50/P90 only), read off the same histograms;
- :func:`history`: the published figures per county and year (the best one, with its status and
  confidence), the points a fan chart shows before and next to the projection;
- :func:`ccid`: Hubei members' published CCID Top-100 ranks by data year;
- :func:`targets`: the plan-target table with each target's value and unit.

Frames are long: a new threshold or list (a value of ``threshold``), a new target, a new seed status
or a new column shows up in the charts and tables without a change here. :func:`collect` gathers them
all into a :class:`ChartData`, with the facts every chart's subtitle and source line state (:class:`About`).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from sim.data.tables import best_observations
from sim.results import tables as results
from sim.results.manifest import package_version
from sim.run.projection import PLAN_UNITS_ITEM, Projection

KINDS = ("fan", "timeline", "heatmap", "scorecard", "bump", "targets", "map", "compare")
"""Chart kinds (``tiersim plot KIND``; drawn by :func:`sim.present.charts.draw`)."""
BAND_QUANTILES = (10, 25, 50, 75, 90)
ESTIMATED = ("estimated", "imputed")
COUNTY_COLUMNS = ["county_id", "name_zh", "name_pinyin", "prefecture", "tier", "status", "gdp_yi", "seed_year",
                  "estimated", "projected"]


@dataclass(frozen=True)
class About:
    """What a chart's subtitle and source line say: the scenario, the run and the data."""

    scenario: str
    sha: str
    draws: int
    seed: int
    deterministic: bool
    data_sha: str
    version: str
    as_of: int | None


def counties(p: Projection) -> pd.DataFrame:
    """Names, prefecture, tier, seed status, base-year GDP (亿元) and the year it rests on, in registry order."""
    rows = []
    for seed in p.seeds.itertuples():
        county = p.dataset.registry[seed.county_id]
        gdp = None if pd.isna(seed.gdp_yi) else float(seed.gdp_yi)
        year = None if pd.isna(seed.from_year) else int(seed.from_year)
        rows.append([county.id, county.name_zh, county.name_pinyin, county.prefecture, county.tier, seed.status, gdp,
                     year, seed.status in ESTIMATED, seed.status != "no data"])
    frame = pd.DataFrame(rows, columns=COUNTY_COLUMNS)
    frame["seed_year"] = frame["seed_year"].astype("Int64")
    return frame


def bands(p: Projection) -> pd.DataFrame:
    """GDP quantiles per projected county and year: county_id, year, gdp_p10 .. gdp_p90 (亿元)."""
    rows = []
    for i, county_id in enumerate(p.inputs.county_ids):
        for t, year in enumerate(p.inputs.years):
            rows.append([county_id, year, *[p.summary.gdp_quantile(t, i, q / 100) for q in BAND_QUANTILES]])
    return pd.DataFrame(rows, columns=["county_id", "year", *[f"gdp_p{q}" for q in BAND_QUANTILES]])


def history(p: Projection) -> pd.DataFrame:
    """The best published figure per county and year: county_id, year, gdp_yi, status, confidence."""
    best = best_observations(p.dataset.observations)
    return best[["county_id", "year", "gdp_yi", "status", "confidence"]].sort_values(["county_id", "year"],
                                                                                      ignore_index=True)


def ccid(p: Projection) -> pd.DataFrame:
    """Published CCID Top-100 ranks of Hubei counties: county_id, data_year, rank (rows without a rank dropped)."""
    ranks = p.dataset.ccid_ranks
    rank = pd.to_numeric(ranks["rank"], errors="coerce")
    frame = pd.DataFrame({"county_id": ranks["county_id"].astype(str), "data_year": ranks["data_year"], "rank": rank})
    return frame.dropna(subset=["rank"]).astype({"rank": int}).sort_values(["county_id", "data_year"], ignore_index=True)


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
    """Every frame the charts of one projection draw, the years they span and what the run was."""

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
    history: pd.DataFrame | None = None
    ccid: pd.DataFrame | None = None
    rank_floor: int | None = None
    plan_units: int | None = None
    about: About | None = None
    data_until: int | None = None
    """The last year the fitted model's draws are conditioned on data (its history: base year .. this year; after
    it the projection proper), if after the base year; ``None`` for the assumed model (it projects from the base)."""


def collect(p: Projection) -> ChartData:
    comparators = p.inputs.comparators
    s = p.scenario
    about = About(scenario=s.name, sha=s.sha256()[:12], draws=p.draws, seed=p.seed, deterministic=p.deterministic,
                  data_sha=p.dataset.sha256()[:12], version=package_version(), as_of=p.dataset.as_of)
    units = p.dataset.plan.loc[p.dataset.plan["item"] == PLAN_UNITS_ITEM, "value"]
    return ChartData(
        counties=counties(p), bands=bands(p), thresholds=results.threshold_table(p), membership=results.membership(p),
        crossings=results.crossings(p), ranks=results.ranks(p), tiers=results.tier_table(p), targets=targets(p),
        base_year=s.base_year, horizon=s.horizon, milestones=tuple(m for m in s.milestones if m in p.inputs.years),
        history=history(p), ccid=ccid(p), rank_floor=None if comparators is None else p.inputs.comparator_count,
        plan_units=int(float(units.iloc[0])) if len(units) else None, about=about, data_until=data_until(p))


def data_until(p: Projection) -> int | None:
    """The fitted history's last year (the posterior's last data year within the run's years), if after the base."""
    if p.posterior is None or p.inputs.fitted is None:
        return None
    last = min(int(p.posterior.last), p.scenario.horizon)
    return last if last > p.scenario.base_year else None
