"""Each county's growth relative to Hubei, and the volatility of that gap, from its irregular panel.

Model (log growth per year; :mod:`calibration.panel` for the rows)::

    county real growth_t = Hubei real growth_t + d_t,    d_t = mu + county_t

``mu`` is the county's trend gap to Hubei (fraction per year) and ``county_t`` a stationary
AR(1) with the scenario's persistence and innovation s.d. ``sigma`` (the ``uncertainty.county``
value).

**Reported growth versus levels.** A county's published real growth rate is taken to be its
real growth plus a common **reporting gap** ``b`` (one number for every county figure),
estimated alongside the ``mu`` wherever some county has both levels and growth figures.
County-reported growth running above what GDP levels imply is well documented for China's
local statistics (e.g. Holz 2014, "The quality of China's GDP statistics", China Economic
Review 30); on the shipped data ``b`` is about +3 points a year, and without it the
within-county volatility comes out three times larger, because the two kinds of figures
disagree. The levels (what a projection carries forward) thus set each county's trend;
its growth figures inform the year-to-year variation. Without a county holding both kinds
``b`` is not estimable and taken as 0 (reported). Hubei's growth and deflator in each year are not known exactly: their posterior from
:mod:`calibration.macro` is subtracted from each row and its covariance added to the rows'
errors, so two counties' rows over the same years share that error.

- ``sigma`` is estimated by REML with every county's ``mu`` as a free mean, so it measures
  only the year-to-year variation *within* counties (counties with one row add nothing to it);
  the between-county spread of ``mu`` is left to :mod:`calibration.pooling`.
- ``mu`` for each county with at least one row: generalised least squares given ``sigma``,
  with the full covariance of the estimates (shared Hubei error included).

Reference for the two-stage approach (within-unit estimates, then random-effects pooling):
DerSimonian & Laird (1986), "Meta-analysis in clinical trials", Controlled Clinical Trials 7.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from . import gaussian
from .gaussian import Estimate
from .macro import MacroFit
from .panel import Panel

SD_GRID = np.concatenate([[0.0], np.geomspace(0.001, 0.15, 40)])
"""Candidate innovation s.d. of a county's gap to Hubei (fraction per year)."""


@dataclass(frozen=True)
class CountyFit:
    """Own-data estimates of each county's trend gap to Hubei (log per year) and the within-county volatility."""

    sigma: Estimate
    ids: tuple[str, ...]
    """Counties with at least one growth row, in the order of ``estimate``."""
    estimate: np.ndarray = field(repr=False)
    cov: np.ndarray = field(repr=False)
    rows: dict[str, int] = field(default_factory=dict)
    panel: Panel | None = field(default=None, repr=False)
    dof: int = 0
    reporting_gap: tuple[float, float] | None = None
    """``b``: published county real growth minus the real growth levels imply (log per year), and its s.e.;
    None when no county has both kinds of figures."""

    def own(self, county_id: str) -> tuple[float, float] | None:
        """``(estimate, s.e.)`` from the county's own rows, or None without any."""
        if county_id not in self.ids:
            return None
        i = self.ids.index(county_id)
        return float(self.estimate[i]), float(np.sqrt(self.cov[i, i]))


def design(panel: Panel, macro: MacroFit) -> dict:
    """Everything the county model needs, as arrays: adjusted ``y``, noise ``R``, ``F``, the gap block ``M``."""
    rows = panel.rows
    ids = tuple(sorted({r.unit for r in rows}))
    n = len(rows)
    A = np.stack([macro.loadings(tuple(s for s in r.loads if s != "d"), r.years) for r in rows]) if n else np.zeros((0, len(macro.mean)))
    y = np.array([r.value for r in rows]) - A @ macro.mean
    keys = sorted({k for r in rows for k, _ in r.noise})
    B = np.zeros((n, len(keys)))
    for i, r in enumerate(rows):
        for k, w in r.noise:
            B[i, keys.index(k)] += w
    v = np.array([panel.noise[k] for k in keys])
    R = (B * v) @ B.T + A @ macro.cov @ A.T + np.eye(n) * 1e-10
    F = np.zeros((n, len(ids) + 1))
    latent = [(c, t) for c in ids for t in sorted({t for r in rows if r.unit == c for t in r.years})]
    index = {key: j for j, key in enumerate(latent)}
    D = np.zeros((n, len(latent)))
    for i, r in enumerate(rows):
        F[i, ids.index(r.unit)] = r.span
        F[i, -1] = 1.0 if r.kind == "real growth" else 0.0
        for t in r.years:
            D[i, index[(r.unit, t)]] = 1.0
    C = np.zeros((len(latent), len(latent)))
    for c in ids:
        sel = [index[(c, t)] for t in sorted(t for (u, t) in latent if u == c)]
        C[np.ix_(sel, sel)] = gaussian.ar1([latent[j][1] for j in sel], macro.phi)
    if len(gaussian.identified(F)) < F.shape[1]:  # no county has both kinds of figure: no reporting gap
        F = F[:, :-1]
    return {"ids": ids, "y": y, "R": R, "F": F, "M": D @ C @ D.T, "gap": F.shape[1] > len(ids)}


def fit(panel: Panel, macro: MacroFit, fallback_sigma: float) -> CountyFit:
    """Estimate ``sigma`` and each county's ``mu`` (see the module notes)."""
    if not panel.rows:
        return CountyFit(sigma=Estimate("county", fallback_sigma, float("nan"), float("nan"), False, "no county growth rows; base value"),
                         ids=(), estimate=np.zeros(0), cov=np.zeros((0, 0)), panel=panel)
    d = design(panel, macro)
    result = gaussian.reml(d["y"], d["F"], {"county": d["M"]}, d["R"], SD_GRID)
    sigma = result.sds["county"]
    if not sigma.estimated:
        sigma = Estimate("county", fallback_sigma, float("nan"), float("nan"), False, f"{sigma.note}; base value")
        result = gaussian.reml(d["y"], d["F"], {"county": d["M"]}, d["R"], SD_GRID, fixed={"county": fallback_sigma})
    counts = {c: sum(1 for r in panel.rows if r.unit == c) for c in d["ids"]}
    m = len(d["ids"])
    gap = (float(result.beta[m]), float(np.sqrt(result.beta_cov[m, m]))) if d["gap"] else None
    return CountyFit(sigma=sigma, ids=d["ids"], estimate=result.beta[:m], cov=result.beta_cov[:m, :m], rows=counts, panel=panel,
                     dof=result.dof, reporting_gap=gap)
