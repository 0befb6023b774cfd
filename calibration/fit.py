"""One calibration: a dataset cut at the as-of year -> trend growth, deflator, volatilities, with provenance.

The pieces, in order (each a pure function in its own module):

1. :mod:`calibration.panel` turns the county figures and the macro series into rows;
2. :mod:`calibration.pandemic` applies the chosen 2020 treatment;
3. :mod:`calibration.macro` fits Hubei's growth (China + gap) and the deflator;
4. :mod:`calibration.county` fits each county's gap to Hubei and the county volatility;
5. :mod:`calibration.pooling` pools the gaps toward tier and province.

**As-of discipline.** :func:`calibrate` cuts the dataset at ``as_of`` itself
(:meth:`sim.data.Dataset.cut`) before reading anything, so no row of a later year can
change the result; values it cannot estimate come from the base scenario, whose choices
are listed (they are assumptions, and some of the base scenario's values were made with
later data: a backtest says so).
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field

import pandas as pd

from sim.model import thresholds
from sim.data import OBS_STATUSES, Dataset, best_observations
from sim.errors import CalibrationError, DataError
from sim.scenario import Scenario

from . import county as county_mod
from . import macro as macro_mod
from . import pandemic, pooling
from .panel import Panel, county_panel, macro_panel

WINDOW = 5
"""Default trend window: the last 5 years with macro figures, up to the as-of year, set the trend means."""


@dataclass(frozen=True, kw_only=True)
class Options:
    """How to calibrate. ``as_of`` None means the latest data year; ``base_year`` None the base
    scenario's (or the as-of year if that is earlier); ``horizon`` None the base scenario's."""

    as_of: int | None = None
    method: str = "eb"
    pandemic: str = "shock"
    window: int = WINDOW
    base_year: int | None = None
    horizon: int | None = None

    def __post_init__(self) -> None:
        if self.method not in pooling.METHODS:
            raise CalibrationError(f"--method: must be one of {', '.join(pooling.METHODS)}; got {self.method!r}")
        if self.pandemic not in pandemic.TREATMENTS:
            raise CalibrationError(f"--pandemic: must be one of {', '.join(pandemic.TREATMENTS)}; got {self.pandemic!r}")
        if not 2 <= self.window <= 30:
            raise CalibrationError(f"--window: must be between 2 and 30 years; got {self.window}")


@dataclass(frozen=True)
class Usage:
    """What the calibration used, by status: county figure rows in the data (``rows``), the best
    figure per county-year (``best`` of them), the county-years its growth rows rest on (``used``),
    those left out only by the 2020 treatment (``excluded``), and the macro rows used by kind."""

    rows: dict[str, int]
    best: int
    used: dict[str, int]
    excluded: dict[str, int]
    growth_rows: int
    counties_with_rows: int
    macro_rows: dict[str, int]
    macro_excluded: int


@dataclass(frozen=True)
class Calibration:
    """Everything a calibration found, and what it could not estimate (``not_estimated``, one line each)."""

    options: Options
    as_of: int
    base_year: int
    horizon: int
    dataset: Dataset = field(repr=False)
    base: Scenario = field(repr=False)
    macro: macro_mod.MacroFit = field(repr=False)
    counties: county_mod.CountyFit = field(repr=False)
    pooled: pooling.Pooled = field(repr=False)
    usage: Usage
    not_estimated: tuple[str, ...]
    tail_fittable: bool

    @property
    def data_sha256(self) -> str:
        return self.dataset.sha256()

    def hubei_trend(self) -> tuple[float, float]:
        """Hubei's trend real growth, log per year, and its s.d."""
        return self.macro.trend("hubei")

    def county_growth(self, county_id: str) -> tuple[float, float]:
        """A county's trend real growth (log per year: Hubei's trend plus its pooled gap) and its s.d."""
        trend, trend_sd = self.hubei_trend()
        row = self.pooled.row(county_id)
        return trend + float(row["mean"]), math.hypot(trend_sd, float(row["sd"]))


def latest_year(dataset: Dataset) -> int:
    """The latest data year of any county figure or macro row."""
    years = list(dataset.observations["year"]) + list(dataset.macro.loc[dataset.macro["value"].notna(), "year"])
    if not years:
        raise CalibrationError("calibrate: the data hold no county figure and no macro row; nothing to calibrate")
    return int(max(years))


def _status_counts(figures, status_of) -> dict[str, int]:
    """County-years (a level and its year's real growth count once) by the status of the figure used."""
    tally = Counter(status_of.get(key, "estimated") for key in {(f.unit, f.year) for f in figures})
    return {s: int(tally.get(s, 0)) for s in OBS_STATUSES}


def _usage(dataset: Dataset, best: pd.DataFrame, used: Panel, excluded_rows, macro_used: Panel, macro_excluded) -> Usage:
    status_of = {(r.county_id, int(r.year)): r.status for r in best.itertuples()}
    used_figs = {f for r in used.rows for f in r.figures}
    used_keys = {(f.unit, f.year) for f in used_figs}
    excluded_figs = {f for r in excluded_rows for f in r.figures if (f.unit, f.year) not in used_keys}
    macro_counts = Counter(f"{r.unit} {r.kind}" for r in macro_used.rows)
    return Usage(rows=dataset.status_counts(), best=len(best), used=_status_counts(used_figs, status_of),
                 excluded=_status_counts(excluded_figs, status_of), growth_rows=len(used.rows),
                 counties_with_rows=len({r.unit for r in used.rows}), macro_rows=dict(sorted(macro_counts.items())),
                 macro_excluded=len(macro_excluded))


def _tail_fittable(dataset: Dataset) -> bool:
    try:
        fit = thresholds.fit_tail(dataset.national_tail)
        fit.trend()
    except DataError:
        return False
    return True


def calibrate(dataset: Dataset, base: Scenario, options: Options = Options()) -> Calibration:
    """Calibrate growth, deflator and volatilities on ``dataset`` as of ``options.as_of``; see the module notes."""
    as_of = options.as_of if options.as_of is not None else latest_year(dataset.cut(dataset.as_of))
    if dataset.as_of is not None and as_of > dataset.as_of:
        as_of = dataset.as_of
    data = dataset.cut(as_of)
    base_year = options.base_year if options.base_year is not None else min(base.base_year, as_of)
    horizon = options.horizon if options.horizon is not None else base.horizon
    if base_year > as_of:
        raise CalibrationError(f"--base-year: {base_year} is after the as-of year {as_of}; a calibration as of {as_of} starts in {as_of} or before")
    if horizon <= base_year:
        raise CalibrationError(f"--horizon: must be after the base year {base_year}; got {horizon}")
    best = best_observations(data.observations)
    county_raw, macro_raw = county_panel(best), macro_panel(data.macro)
    county_used, county_out = pandemic.apply(county_raw, options.pandemic)
    macro_used, macro_out = pandemic.apply(macro_raw, options.pandemic)
    if not any(r.unit == "hubei" for r in macro_used.rows):
        raise CalibrationError(
            f"calibrate as of {as_of}: Hubei's trend growth cannot be estimated: no Hubei growth figure up to {as_of}"
            + (" outside 2020-2021 (--pandemic exclude)" if macro_out else "") + "; choose a later --as-of")
    starts = [r.start for r in county_raw.rows + macro_raw.rows] + [int(y) + 1 for y in best["year"]] + [base_year]
    years = list(range(min(min(starts), as_of), max(as_of, base_year) + 1))
    u = base.uncertainty
    last = max(r.end for r in macro_used.rows)  # the window ends at the latest macro figure, not at an empty as-of year
    macro = macro_mod.fit(macro_used, years, last - options.window + 1, pandemic.shock_years(options.pandemic), u.persistence,
                          {"national": u.national, "hubei": u.hubei, "deflator": u.deflator},
                          {"m_pi": math.log1p(base.deflator.default)})
    counties = county_mod.fit(county_used, macro, u.county)
    units = [(c.id, c.tier) for c in data.registry]
    pooled = pooling.pool(counties.ids, counties.estimate, counties.cov, counties.rows, units, options.method)
    usage = _usage(data, best, county_used, county_out, macro_used, macro_out)
    tail = _tail_fittable(data)
    cal = Calibration(options=options, as_of=as_of, base_year=base_year, horizon=horizon, dataset=data, base=base,
                      macro=macro, counties=counties, pooled=pooled, usage=usage, not_estimated=(), tail_fittable=tail)
    return _with_gaps(cal, best)


def _counties(n: int) -> str:
    return f"{n} count{'y' if n == 1 else 'ies'}"


def _with_gaps(cal: Calibration, best: pd.DataFrame) -> Calibration:
    """The calibration with its list of what could not be estimated."""
    out = []
    for e in list(cal.macro.sds.values()) + [cal.counties.sigma]:
        if not e.estimated:
            out.append(f"uncertainty.{e.name}: {e.note}")
    if cal.counties.reporting_gap is None and cal.counties.panel is not None and cal.counties.panel.rows:
        out.append("reporting gap of county growth figures: no county has both levels and growth figures; taken as 0")
    u = cal.base.uncertainty
    out.append(f"uncertainty.tier, comparator, persistence: no tier-level or national county series; base values {u.tier:g}, {u.comparator:g}, {u.persistence:g}")
    for name in cal.macro.dropped:
        if name == "m_pi":
            out.append(f"deflator trend: no price figure up to {cal.as_of}; base value {cal.base.deflator.default:.2%}")
        elif name == "m_c":
            out.append(f"China's trend apart from Hubei's: no China growth figure up to {cal.as_of} (Hubei's trend is estimated whole)")
        elif name.startswith("shock_h_"):
            year = name.rsplit("_", 1)[1]
            out.append(f"{year} pandemic {'rebound' if year == '2021' else 'fall'}: no {year} figure up to {cal.as_of}; the scenario grows {year} at trend")
    if cal.options.method == "eb":
        for e in (cal.pooled.tau, cal.pooled.omega):
            if not e.estimated:
                out.append(f"pooling {e.name}: {e.note}")
    registry = cal.dataset.registry
    no_rows = [c for c in cal.pooled.counties.itertuples() if c.rows == 0]
    have_level = set(best["county_id"])
    with_level = [registry[c.county_id].name_zh for c in no_rows if c.county_id in have_level]
    without = [registry[c.county_id].name_zh for c in no_rows if c.county_id not in have_level]
    if with_level:
        out.append(f"own growth of {_counties(len(with_level))} with a single figure ({', '.join(with_level)}): tier mean used")
    if without:
        out.append(f"{_counties(len(without))} with no figure at all ({', '.join(without)}): tier mean; no seed, not projected")
    empty = [t.tier for t in cal.pooled.tiers.itertuples() if t.counties_with_data == 0 and any(c.tier == t.tier for c in registry)]
    if empty and cal.options.method != "pooled":
        out.append(f"tiers with no county growth data ({', '.join(empty)}): province-wide mean gap")
    if not cal.tail_fittable:
        out.append(f"thresholds.tail_index / trend: the national facts up to {cal.as_of} cannot fit the tail; "
                   "left to the base scenario (run with --set thresholds.tail_index=A, e.g. 2.45)")
    return Calibration(**{**cal.__dict__, "not_estimated": tuple(out)})
