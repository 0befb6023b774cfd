"""The data as the fit sees it: every figure an observation of one latent quantity, with its own error.

A :class:`Design` holds plain numpy arrays, one row per figure (conflicting figures are all kept; the fit
weighs them by their errors), over a yearly grid from :attr:`Design.first` to :attr:`Design.last`:

========================  ===========================================  =====================================
figure                    observes (log scale)                         error s.d.
========================  ===========================================  =====================================
county GDP level          county log nominal GDP (+ census break if    by status (official < secondary <
                          the year is before the 2018 census)          forecast), more for low confidence
                                                                       (estimated by the fit)
county real growth        county real growth + reporting gap           estimated by the fit
China / Hubei real growth the province or national real growth         0.002 (0.005 for an estimate made
                                                                       before the year's statistics)
China / Hubei GDP level   log nominal level (Hubei: + census break)    0.005 (0.01 preliminary)
China nominal growth      real growth + deflator                       0.01 ("about 4%")
China deflator            the deflator                                 0.01 (a quarter standing for a year)
========================  ===========================================  =====================================

Macro series not used: targets (``hubei_gdp_real_growth_target``) and prefectures' levels.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from sim.data.tables import Dataset
from sim.errors import DataError
from sim.model.tiers import TIERS

STATUS_INDEX = {"official": 0, "secondary": 1, "forecast": 2, "estimated": 2}
"""Measurement-error class of a county level figure by status (``estimated`` rows from a user count as forecasts)."""
CENSUS_YEAR = 2018
"""The fourth national economic census: GDP levels of 2018 and later are on the revised basis; earlier levels as
first published are not (a level pair across it is not growth)."""
MACRO_GROWTH_SD = 0.002
MACRO_ESTIMATE_SD = 0.005
MACRO_LEVEL_SD = 0.005
MACRO_PRELIMINARY_SD = 0.01
APPROX_SD = 0.01

# observation kinds of the macro rows
CHINA_GROWTH, HUBEI_GROWTH, CHINA_LEVEL, HUBEI_LEVEL, CHINA_NOMINAL_GROWTH, CHINA_DEFLATOR = range(6)
_MACRO = {
    "china_gdp_real_growth": CHINA_GROWTH, "hubei_gdp_real_growth": HUBEI_GROWTH, "china_gdp_nominal": CHINA_LEVEL,
    "hubei_gdp_nominal": HUBEI_LEVEL, "china_gdp_nominal_growth": CHINA_NOMINAL_GROWTH,
    "china_gdp_deflator_growth": CHINA_DEFLATOR,
}


@dataclass(frozen=True)
class Design:
    """Observations on the yearly grid ``first..last`` (``t`` = year - first). Counties in registry order."""

    first: int
    last: int
    county_ids: tuple[str, ...]
    tiers: np.ndarray
    """Tier index (:data:`sim.model.tiers.TIERS`) per county."""
    level_county: np.ndarray
    level_t: np.ndarray
    level_log: np.ndarray
    level_status: np.ndarray
    level_low: np.ndarray
    level_pre_census: np.ndarray
    growth_county: np.ndarray
    growth_t: np.ndarray
    growth_log: np.ndarray
    macro_kind: np.ndarray
    macro_t: np.ndarray
    macro_value: np.ndarray
    macro_sd: np.ndarray
    macro_pre_census: np.ndarray
    notes: tuple[str, ...] = field(default=())

    @property
    def years(self) -> list[int]:
        return list(range(self.first, self.last + 1))

    @property
    def observations(self) -> int:
        return len(self.level_log) + len(self.growth_log) + len(self.macro_value)

    def shape_key(self) -> tuple:
        """What fixes the shape of the model (a compiled model is reused for data of the same shape)."""
        return (self.last - self.first, len(self.county_ids), len(self.level_log), len(self.growth_log), len(self.macro_value))

    def sha256(self) -> str:
        digest = hashlib.sha256(repr((self.first, self.last, self.county_ids)).encode())
        for name in ("tiers", "level_county", "level_t", "level_log", "level_status", "level_low", "level_pre_census",
                     "growth_county", "growth_t", "growth_log", "macro_kind", "macro_t", "macro_value", "macro_sd",
                     "macro_pre_census"):
            digest.update(np.ascontiguousarray(getattr(self, name)).tobytes())
        return digest.hexdigest()


def last_year(dataset: Dataset) -> int:
    """The last year the fit runs to: the as-of year, else the latest year of any county or macro figure."""
    if dataset.as_of is not None:
        return int(dataset.as_of)
    years = [int(dataset.observations["year"].max())] if len(dataset.observations) else []
    used = dataset.macro[dataset.macro["series"].isin(list(_MACRO)) & dataset.macro["value"].notna()]
    years += [int(used["year"].max())] if len(used) else []
    if not years:
        raise DataError("fit: no county or macro figure is held (check --as-of); nothing to fit")
    return max(years)


def build(dataset: Dataset, first: int | None = None) -> Design:
    """The design of ``dataset`` (already cut at its as-of year)."""
    obs = dataset.observations
    macro = dataset.macro[dataset.macro["series"].isin(list(_MACRO)) & dataset.macro["value"].notna()]
    last = last_year(dataset)
    if first is None:
        years = list(obs["year"]) + list(macro["year"])
        if not years:
            raise DataError("fit: no county or macro figure is held (check --as-of); nothing to fit")
        first = int(min(years)) - 1
    ids = tuple(dataset.registry.ids)
    index = {c: i for i, c in enumerate(ids)}
    obs = obs[(obs["year"] > first) & (obs["year"] <= last)] if len(obs) else obs
    growth = obs[obs["real_growth"].notna()]
    macro = macro[(macro["year"] > first) & (macro["year"] <= last)]
    kind = macro["series"].map(_MACRO).to_numpy(dtype=np.int64)
    published = macro.get("as_published", pd.Series("", index=macro.index)).fillna("").str.lower()
    estimate = published.str.contains("estimate|around|about|forecast").to_numpy()
    preliminary = published.str.contains("preliminary").to_numpy()
    sd = np.where(np.isin(kind, [CHINA_LEVEL, HUBEI_LEVEL]), np.where(preliminary, MACRO_PRELIMINARY_SD, MACRO_LEVEL_SD),
                  np.where(np.isin(kind, [CHINA_NOMINAL_GROWTH, CHINA_DEFLATOR]), APPROX_SD,
                           np.where(estimate, MACRO_ESTIMATE_SD, MACRO_GROWTH_SD)))
    value = macro["value"].to_numpy(dtype=float)
    value = np.where(np.isin(kind, [CHINA_LEVEL, HUBEI_LEVEL]), np.log(np.maximum(value, 1e-9)), np.log1p(value))
    return Design(
        first=first, last=last, county_ids=ids,
        tiers=np.array([TIERS.index(dataset.registry[c].tier) for c in ids], dtype=np.int64),
        level_county=obs["county_id"].map(index).to_numpy(dtype=np.int64),
        level_t=(obs["year"].to_numpy(dtype=np.int64) - first),
        level_log=np.log(obs["gdp_yi"].to_numpy(dtype=float)),
        level_status=obs["status"].map(STATUS_INDEX).to_numpy(dtype=np.int64),
        level_low=(obs["confidence"] == "low").to_numpy(dtype=float),
        level_pre_census=(obs["year"] < CENSUS_YEAR).to_numpy(dtype=float),
        growth_county=growth["county_id"].map(index).to_numpy(dtype=np.int64),
        growth_t=(growth["year"].to_numpy(dtype=np.int64) - first),
        growth_log=np.log1p(growth["real_growth"].to_numpy(dtype=float)),
        macro_kind=kind, macro_t=(macro["year"].to_numpy(dtype=np.int64) - first), macro_value=value, macro_sd=sd,
        macro_pre_census=((macro["year"] < CENSUS_YEAR) & (kind == HUBEI_LEVEL)).to_numpy(dtype=float),
    )
