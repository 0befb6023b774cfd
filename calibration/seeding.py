"""Base-year seeds from every figure a county has, carried with the calibrated growth, with a standard error.

Method ``carry-calibrated`` (a seed estimator: entry point ``tiersim.seed_estimators``).
For a county without a base-year figure, its log GDP in the base year ``B`` is the unknown
``l_B`` of a linear-Gaussian model (:mod:`calibration.gaussian`)::

    ln L_y      = l_B - sum_{t=y+1..B} g_t      (a figure of year y < B; + sum_{t=B+1..y} g_t for y > B)
    ln(1 + r_y) = Hubei real growth_y + d_y + b    (a real growth figure; b the reporting gap)
    g_t         = Hubei real growth_t + deflator_t + d_t,   d_t = mu + AR(1) county shock

with Hubei's growth and deflator from the calibration's posterior (:mod:`calibration.macro`:
nominal where Hubei's levels are held, else real plus the estimated deflator, never a
deflator of 0), the county's gap ``mu`` from its tier and the other counties
(:meth:`calibration.pooling.Pooled.predictive`) and learned again from its own figures,
each figure's measurement error by status (:mod:`calibration.panel`), and the reporting gap
``b`` of county growth figures (:mod:`calibration.county`). Every figure of
the county counts (not only the nearest), weighted by how much it says about ``B``; the
posterior s.d. of ``l_B`` gives the seed's standard error (``gdp_se`` = seed x s.d., 亿元).

Compared with ``carry-nearest`` (:mod:`calibration.seeds`): it uses the deflator where
carry-nearest takes it as 0, it can carry across years without a Hubei figure (e.g. 2017),
it combines several figures, and it says how uncertain the result is. It is still an
estimate, marked ``estimated``. The seed is the median ``exp(mean of l_B)``.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from sim.data.registry import County
from sim.data import Dataset, load_registry
from sim.errors import CalibrationError

from . import gaussian
from .panel import CONFIDENCE_FACTOR, GROWTH_SD, LEVEL_SD

if TYPE_CHECKING:
    from .fit import Calibration

METHOD = "carry-calibrated"
COLUMNS = ["county_id", "gdp_yi", "from_year", "method", "how", "gdp_se"]


def _level_sd(status: str, confidence: str) -> float:
    return LEVEL_SD[status] * CONFIDENCE_FACTOR.get(confidence, 1.0)


def posterior(cal: Calibration, own: pd.DataFrame, base_year: int) -> tuple[float, float]:
    """Posterior mean and s.d. of ln GDP in ``base_year`` from the county's figures ``own`` (best per year)."""
    macro = cal.macro
    county_id = str(own["county_id"].iloc[0])
    gap_mean, gap_var = cal.pooled.predictive(county_id)
    sigma = cal.counties.sigma.value
    gap, gap_sd = cal.counties.reporting_gap or (0.0, 0.0)  # published growth minus level-implied growth
    gaps = {}
    for r in own.itertuples():
        y = int(r.year)
        gaps[y] = (range(y + 1, base_year + 1), -1.0) if y < base_year else (range(base_year + 1, y + 1), 1.0)
    years = sorted({t for span, _ in gaps.values() for t in span} | {int(r.year) for r in own.itertuples() if r.real_growth == r.real_growth})
    m = len(macro.mean)
    k = len(years)
    dim = 2 + k + m  # [l_B, mu, d_t..., macro...]
    prior_mean = np.zeros(dim)
    prior_mean[1] = gap_mean
    prior_mean[2 + k:] = macro.mean
    prior = np.zeros((dim, dim))
    prior[0, 0] = 100.0  # l_B: diffuse (s.d. 10 in log)
    prior[1, 1] = gap_var
    if k:
        prior[2:2 + k, 2:2 + k] = sigma**2 * gaussian.ar1(years, macro.phi)
    prior[2 + k:, 2 + k:] = macro.cov
    H, obs, noise = [], [], []
    for r in own.itertuples():
        span, sign = gaps[int(r.year)]
        h = np.zeros(dim)
        h[0] = 1.0
        if len(span):
            h[1] = sign * len(span)
            for t in span:
                h[2 + years.index(t)] = sign
            h[2 + k:] = sign * macro.loadings(("c", "h", "pi"), span)
        H.append(h)
        obs.append(math.log(r.gdp_yi))
        noise.append(_level_sd(r.status, r.confidence) ** 2)
        if r.real_growth == r.real_growth:
            g = np.zeros(dim)
            g[1] = 1.0
            g[2 + years.index(int(r.year))] = 1.0
            g[2 + k:] = macro.loadings(("c", "h"), [int(r.year)])
            H.append(g)
            obs.append(math.log1p(r.real_growth) - gap)
            noise.append((GROWTH_SD[r.status] * CONFIDENCE_FACTOR.get(r.confidence, 1.0)) ** 2 + gap_sd**2)
    mean, cov = gaussian.condition(prior_mean, prior, np.array(H), np.array(obs), np.diag(noise))
    return float(mean[0]), float(math.sqrt(max(cov[0, 0], 0.0)))


def seeds(cal: Calibration, best: pd.DataFrame, base_year: int, county_ids: list[str]) -> pd.DataFrame:
    """Seeds (columns :data:`COLUMNS`) for ``county_ids`` that have at least one figure; the others are left out."""
    rows = []
    for county_id in county_ids:
        own = best[best["county_id"] == county_id].sort_values("year")
        if own.empty:
            continue
        mean, sd = posterior(cal, own, base_year)
        value = math.exp(mean)
        nearest = min(own["year"], key=lambda y: (abs(int(y) - base_year), -int(y)))
        used = ", ".join(f"{int(r.year)} {r.gdp_yi:g} ({r.status})" for r in own.itertuples())
        gap = float(cal.pooled.row(county_id)["mean"]) if county_id in set(cal.pooled.counties["county_id"]) else float("nan")
        rows.append({"county_id": county_id, "gdp_yi": round(value, 2), "from_year": int(nearest), "method": METHOD,
                     "how": (f"from {used} carried with calibrated Hubei growth and deflator and the county's pooled gap "
                             f"{gap:+.1%}/yr (as of {cal.as_of}); s.e. {value * sd:.1f}亿 ({sd:.1%})"),
                     "gdp_se": round(value * sd, 2)})
    return pd.DataFrame(rows, columns=COLUMNS)


def carry_calibrated(best: pd.DataFrame, macro: pd.DataFrame, base_year: int, county_ids: list[str]) -> pd.DataFrame:
    """Seed estimator ``carry-calibrated`` (signature of ``tiersim.seed_estimators``): calibrates on the figures
    and macro rows given (the default options, the baseline scenario for what cannot be estimated) and carries.

    Counties not in the shipped registry are taken as tier ``other``.
    """
    from sim import scenario

    from .fit import Options, calibrate

    registry = load_registry()
    extra = [County(id=c, name_zh=c, name_pinyin="", prefecture="", tier="other") for c in sorted(set(best["county_id"])) if c not in registry]
    registry = registry.with_added(extra) if extra else registry
    empty = pd.DataFrame({"data_year": pd.Series(dtype=int), "gdp_yi": pd.Series(dtype=float), "count_at_least": pd.Series(dtype=int)})
    dataset = Dataset(registry=registry, observations=best.reset_index(drop=True), macro=macro, national_tail=empty,
                      plan=pd.DataFrame({"published": pd.Series(dtype=int)}), ccid_ranks=pd.DataFrame({"data_year": pd.Series(dtype=int)}))
    base = scenario.load("baseline", registry)
    latest = max([int(y) for y in best["year"]] + [int(y) for y in macro.loc[macro["value"].notna(), "year"]] + [base_year])
    try:
        cal = calibrate(dataset, base, Options(as_of=latest, base_year=base_year, horizon=max(base.horizon, base_year + 1)))
    except CalibrationError:
        return pd.DataFrame(columns=COLUMNS)
    return seeds(cal, best, base_year, county_ids)
