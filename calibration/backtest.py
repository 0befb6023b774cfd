"""Backtests: calibrate as of each origin year, project from it, score against what came after.

For each origin ``Y`` (:func:`run`):

1. :func:`calibration.fit.calibrate` on the data as of ``Y`` (base year ``Y``, horizon ``Y + H``);
2. seeds for counties without a figure in ``Y``: ``carry-calibrated`` (:mod:`calibration.seeding`,
   added to the data as ``estimated`` figures of ``Y``) or ``carry-nearest`` (sim's default);
3. :func:`sim.run.projection.project` with the calibrated scenario (Monte Carlo draws);
4. scored against the **full** data after ``Y``: each county figure of years ``Y+1 .. Y+H`` whose
   best status is ``official`` or ``secondary`` (forecasts are not outcomes) is a point.

Scores (:func:`summary`), every one with the number of points it rests on:

- **APE**: absolute percentage error of the median, ``|p50 / observed - 1|``;
- **bias**: mean of ``ln(p50 / observed)``, shown as a percentage (positive = too high);
- **coverage** of the 80% band ``[p10, p90]``: hits out of points, with an 80% Wilson interval
  (Wilson 1927) for the true coverage;
- **widened coverage**: the engine draws yearly shocks only; it does not draw the seed's error
  or the error of the estimated trend. ``p10_wide`` / ``p90_wide`` add both to the engine's
  band analytically (log-normal: the band's log s.d. ``(ln p90 - ln p10) / 2.56``, plus the
  seed's log s.d. and ``horizon x`` the s.d. of the county's trend nominal growth), to show what
  drawing them would give. They are not an engine output;
- **Brier score** (Brier 1950) of the probability of being at or above the Top-100 GDP
  threshold in a data year, against membership of CCID's Top-100 list in that year
  (``sim/data/ccid_hubei_ranks.csv``; each edition lists every Hubei member, so a listed
  county is a 1 and an unlisted one a 0). CCID ranks on a composite score, not GDP alone:
  this scores the GDP threshold as a proxy for the list. Scored only for origins whose
  thresholds can be built from data as of the origin.

Honesty notes printed with the results: points of one origin share the province's
shocks and are not independent; the thresholds' tail index is given (not fitted) for
origins up to 2020; values a calibration cannot estimate come from the base scenario,
some of whose values were chosen with later data.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from statistics import NormalDist

import numpy as np
import pandas as pd

from sim.results import tables as results
from sim.model import thresholds
from sim import scenario as scenario_mod
from sim.data import Dataset, best_observations
from sim.errors import CalibrationError, DataError
from sim.run.projection import project
from sim.scenario import Scenario

from . import seeding
from .fit import Calibration, Options, calibrate
from .panel import CONFIDENCE_FACTOR, LEVEL_SD
from .scenario_writer import scenario_data

SEED_METHODS = ("carry-calibrated", "carry-nearest")
OUTCOME_STATUSES = ("official", "secondary")
TAIL_INDEX = 2.45
"""Tail index used where the national facts as of an origin cannot fit it (the all-data fit; README)."""
POINT_COLUMNS = ["origin", "county_id", "name_zh", "tier", "year", "horizon", "observed", "status", "confidence",
                 "p10", "p50", "p90", "ape", "log_error", "inside_80", "seed_gdp", "seed_status", "seed_method",
                 "seed_log_sd", "trend_log_sd", "p10_wide", "p90_wide", "inside_80_wide"]
Z80 = NormalDist().inv_cdf(0.9)
EVENT_COLUMNS = ["origin", "county_id", "name_zh", "year", "horizon", "threshold", "probability", "member", "brier"]


@dataclass(frozen=True)
class Origin:
    """What one origin's run used: the calibration summary and how its thresholds were made."""

    year: int
    used: dict[str, int]
    not_estimated: tuple[str, ...]
    thresholds: str
    brier_scored: bool
    projected: int
    seeds: dict[str, int]


@dataclass(frozen=True)
class Backtest:
    points: pd.DataFrame
    events: pd.DataFrame
    origins: tuple[Origin, ...]
    horizon: int
    options: Options
    seed_method: str
    draws: int
    seed: int


def possible_origins(dataset: Dataset, horizon: int) -> list[int]:
    """Years with a Hubei growth figure at or before them (so a calibration is possible) and at least
    one official or secondary county figure in the ``horizon`` years after."""
    hubei = dataset.macro[dataset.macro["series"].isin(["hubei_gdp_real_growth", "hubei_gdp_nominal"]) & dataset.macro["value"].notna()]
    if hubei.empty:
        return []
    best = best_observations(dataset.observations)
    outcomes = sorted(set(best.loc[best["status"].isin(OUTCOME_STATUSES), "year"].astype(int)))
    first = int(hubei["year"].min())
    return [y for y in range(first, max(outcomes, default=first)) if any(y < o <= y + horizon for o in outcomes)]


def _thresholds(dataset: Dataset, full: Dataset, origin: int, tail_index: float) -> tuple[Dataset, float | None, str, bool]:
    """The data to build thresholds from, the tail index to give, a note, and whether membership can be scored."""
    try:
        fit = thresholds.fit_tail(dataset.national_tail)
        fit.trend()
        return dataset, None, f"fitted as of {origin}", True
    except DataError:
        pass
    try:
        fit = thresholds.fit_tail(dataset.national_tail, tail_index)
        fit.trend()
        return dataset, tail_index, f"scales as of {origin}, tail index {tail_index:g} given (not as of {origin})", True
    except DataError:
        return replace(dataset, national_tail=full.national_tail), tail_index, (
            f"not estimable as of {origin}: built from all national facts (tail index {tail_index:g}); GDP scored, membership not"), False


def _with_seeds(dataset: Dataset, cal: Calibration, origin: int) -> Dataset:
    best = best_observations(dataset.observations)
    have = set(best.loc[best["year"] == origin, "county_id"])
    missing = [c for c in dataset.registry.ids if c not in have]
    table = seeding.seeds(cal, best, origin, missing)
    if table.empty:
        return dataset
    rows = pd.DataFrame({"county_id": table["county_id"], "year": origin, "gdp_yi": table["gdp_yi"], "real_growth": np.nan,
                         "status": "estimated", "confidence": "unrated",
                         "source": [f"tiersim backtest: {seeding.METHOD} seed, s.e. {se:g}亿" for se in table["gdp_se"]]})
    merged = pd.concat([dataset.observations, rows], ignore_index=True)
    return replace(dataset, observations=merged.sort_values(["county_id", "year", "source"], kind="stable").reset_index(drop=True))


def widen(p10: float, p50: float, p90: float, seed_sd: float, trend_sd: float, horizon: int) -> tuple[float, float]:
    """An 80% band that adds the seed's error and ``horizon`` years of the trend's error to the engine's band.

    Log-normal: the engine band's log s.d. is ``ln(p90 / p10) / (2 z)`` with ``z`` the 90% normal
    quantile; the three errors are taken as independent. ``seed_sd`` and ``trend_sd`` are log s.d.
    (the trend's per year, of nominal growth).

    >>> [round(x, 1) for x in widen(90.0, 100.0, 110.0, 0.0, 0.0, 3)]
    [90.5, 110.6]
    """
    engine_sd = math.log(p90 / p10) / (2 * Z80)
    half = Z80 * math.sqrt(engine_sd**2 + seed_sd**2 + (horizon * trend_sd) ** 2)
    return p50 * math.exp(-half), p50 * math.exp(half)


def _seed_log_sd(cal: Calibration, cut: Dataset, origin: int, seeds: pd.DataFrame, ids: set[str]) -> dict[str, float]:
    """Log s.d. of each projected county's seed: a figure's measurement error, or an estimate's posterior s.d."""
    best = best_observations(cut.observations)
    out = {}
    for county_id in ids:
        status = seeds.loc[county_id, "status"]
        if status in LEVEL_SD and status != "estimated":
            row = best[(best["county_id"] == county_id) & (best["year"] == origin)].iloc[0]
            out[county_id] = LEVEL_SD[status] * CONFIDENCE_FACTOR.get(row["confidence"], 1.0)
        else:
            out[county_id] = seeding.posterior(cal, best[(best["county_id"] == county_id) & (best["year"] != origin)], origin)[1]
    return out


def run_origin(full: Dataset, base: Scenario, origin: int, horizon: int, options: Options, *, draws: int, seed: int,
               tail_index: float = TAIL_INDEX, seed_method: str = "carry-calibrated") -> tuple[pd.DataFrame, pd.DataFrame, Origin]:
    """Points and membership events of one origin (see the module notes)."""
    opts = replace(options, as_of=origin, base_year=origin, horizon=origin + horizon)
    try:
        cal = calibrate(full, base, opts)
    except CalibrationError as exc:
        raise CalibrationError(f"backtest origin {origin}: {exc}") from None
    cut = full.cut(origin)
    data, tail, note, scored = _thresholds(cut, full, origin, tail_index)
    spec = scenario_data(cal, name=f"backtest_{origin}", tail_index=tail)
    spec["milestones"] = [origin + horizon]
    chosen = scenario_mod.build(spec, full.registry)
    if seed_method == "carry-calibrated":
        data = _with_seeds(data, cal, origin)
    p = project(chosen, data, draws=draws, seed=seed)
    traj = results.trajectories(p).set_index(["county_id", "year"])
    member = results.membership(p)
    member = member[member["threshold"] == "top100"].set_index(["county_id", "year"])["probability"]
    seeds = p.seeds.set_index("county_id")
    best = best_observations(full.observations)
    later = best[(best["year"] > origin) & (best["year"] <= origin + horizon) & best["status"].isin(OUTCOME_STATUSES)]
    projected = set(p.inputs.county_ids)
    seed_sd = _seed_log_sd(cal, cut, origin, seeds, projected)
    defl_sd = cal.macro.trend("deflator")[1]
    points = []
    for r in later.itertuples():
        if r.county_id not in projected:
            continue
        t = traj.loc[(r.county_id, int(r.year))]
        county = full.registry[r.county_id]
        s = seeds.loc[r.county_id]
        h = int(r.year) - origin
        trend_sd = math.hypot(cal.county_growth(r.county_id)[1], defl_sd)
        low, high = widen(t["gdp_p10"], t["gdp_p50"], t["gdp_p90"], seed_sd[r.county_id], trend_sd, h)
        points.append([origin, r.county_id, county.name_zh, county.tier, int(r.year), h, float(r.gdp_yi),
                       r.status, r.confidence, t["gdp_p10"], t["gdp_p50"], t["gdp_p90"], abs(t["gdp_p50"] / r.gdp_yi - 1.0),
                       math.log(t["gdp_p50"] / r.gdp_yi), bool(t["gdp_p10"] <= r.gdp_yi <= t["gdp_p90"]),
                       float(s["gdp_yi"]), s["status"], s["method"] or "observed", seed_sd[r.county_id], trend_sd,
                       low, high, bool(low <= r.gdp_yi <= high)])
    events = []
    if scored:
        ranks = full.ccid_ranks
        for year in sorted(set(ranks["data_year"].astype(int))):
            if not origin < year <= origin + horizon:
                continue
            members = set(ranks.loc[ranks["data_year"] == year, "county_id"])
            for county_id in p.inputs.county_ids:
                prob = float(member.loc[(county_id, year)])
                outcome = int(county_id in members)
                events.append([origin, county_id, full.registry[county_id].name_zh, year, year - origin, "top100", prob, outcome,
                               (prob - outcome) ** 2])
    info = Origin(year=origin, used=cal.usage.used, not_estimated=cal.not_estimated, thresholds=note, brier_scored=scored,
                  projected=len(projected), seeds={k: int(v) for k, v in p.seeds["status"].value_counts().sort_index().items()})
    return (pd.DataFrame(points, columns=POINT_COLUMNS), pd.DataFrame(events, columns=EVENT_COLUMNS), info)


def run(full: Dataset, base: Scenario, origins: list[int], horizon: int, options: Options = Options(), *, draws: int = 1000,
        seed: int = 2021, tail_index: float = TAIL_INDEX, seed_method: str = "carry-calibrated") -> Backtest:
    """Backtest every origin in turn; see the module notes."""
    if seed_method not in SEED_METHODS:
        raise CalibrationError(f"--seed-method: must be one of {', '.join(SEED_METHODS)}; got {seed_method!r}")
    if horizon < 1:
        raise CalibrationError(f"--horizon: must be at least 1 year; got {horizon}")
    if not origins:
        raise CalibrationError("backtest: no origin: no year has both a Hubei growth figure up to it and a county figure after it")
    parts = [run_origin(full, base, y, horizon, options, draws=draws, seed=seed, tail_index=tail_index, seed_method=seed_method)
             for y in origins]
    points = pd.concat([p for p, _, _ in parts], ignore_index=True) if parts else pd.DataFrame(columns=POINT_COLUMNS)
    events = pd.concat([e for _, e, _ in parts if not e.empty], ignore_index=True) if any(not e.empty for _, e, _ in parts) \
        else pd.DataFrame(columns=EVENT_COLUMNS)
    return Backtest(points=points, events=events, origins=tuple(o for _, _, o in parts), horizon=horizon, options=options,
                    seed_method=seed_method, draws=draws, seed=seed)


def wilson(hits: int, n: int, level: float = 0.8) -> tuple[float, float]:
    """Wilson score interval for a proportion (Wilson 1927).

    >>> [round(x, 3) for x in wilson(8, 10)]
    [0.602, 0.914]
    """
    if n == 0:
        return float("nan"), float("nan")
    z = NormalDist().inv_cdf(0.5 + level / 2)
    p = hits / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return max(0.0, centre - half), min(1.0, centre + half)


def _scores(points: pd.DataFrame, events: pd.DataFrame) -> dict:
    n = len(points)
    hits = int(points["inside_80"].sum()) if n else 0
    wide = int(points["inside_80_wide"].sum()) if n else 0
    low, high = wilson(hits, n)
    return {
        "points": n,
        "mape": float(points["ape"].mean()) if n else float("nan"),
        "median_ape": float(points["ape"].median()) if n else float("nan"),
        "bias": float(math.expm1(points["log_error"].mean())) if n else float("nan"),
        "inside_80": hits,
        "coverage": hits / n if n else float("nan"),
        "coverage_low": low,
        "coverage_high": high,
        "inside_80_wide": wide,
        "coverage_wide": wide / n if n else float("nan"),
        "brier_events": len(events),
        "brier": float(events["brier"].mean()) if len(events) else float("nan"),
        "base_rate": float(events["member"].mean()) if len(events) else float("nan"),
    }


def summary(bt: Backtest, by: tuple[str, ...] = ("origin", "horizon")) -> pd.DataFrame:
    """Scores by the given columns (``()`` for all points together), each with its number of points."""
    points, events = bt.points, bt.events
    if not by:
        return pd.DataFrame([{"group": "all", **_scores(points, events)}])
    keys = sorted(set(map(tuple, points[list(by)].itertuples(index=False))) | set(map(tuple, events[list(by)].itertuples(index=False)))) \
        if len(events) else sorted(set(map(tuple, points[list(by)].itertuples(index=False))))
    rows = []
    for key in keys:
        mask_p = np.logical_and.reduce([points[c] == v for c, v in zip(by, key)]) if len(points) else np.zeros(0, dtype=bool)
        mask_e = np.logical_and.reduce([events[c] == v for c, v in zip(by, key)]) if len(events) else np.zeros(0, dtype=bool)
        rows.append({**dict(zip(by, key)), **_scores(points[mask_p], events[mask_e])})
    return pd.DataFrame(rows)
