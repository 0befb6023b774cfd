"""Partial pooling of county trend gaps toward their tier and the province: empirical Bayes.

Each county ``c`` with growth data has an own estimate ``m_c`` of its trend gap to Hubei
(:mod:`calibration.county`) with covariance ``S`` (estimates share Hubei's error). The
hierarchy (fractions per year)::

    m_c   = mu_c + error,            error ~ N(0, S)
    mu_c  = theta_tier(c) + u_c,     u_c ~ N(0, tau^2)       between counties of a tier
    theta_k = theta + v_k,           v_k ~ N(0, omega^2)     between tiers
    theta: flat prior                                        the province-wide mean gap

``tau`` and ``omega`` are estimated by REML from the ``m_c`` (type-II maximum likelihood:
"empirical Bayes"; Efron & Morris 1975, "Data analysis using Stein's estimator and its
generalizations", JASA 70; Morris 1983, "Parametric empirical Bayes inference", JASA 78).
Each county's posterior mean is then a precision-weighted compromise between its own
estimate and its tier's (itself between the tier's counties and the province): a county
with little or noisy data borrows strength. The **weight** on the county's own estimate
(1 = no shrinkage, 0 = only the tier) is reported; its complement is the shrinkage
(James & Stein 1961). Counties with no growth data get their tier's posterior (weight 0).
Posterior s.d. include the uncertainty of ``theta``, not that of ``tau`` and ``omega``
(plug-in empirical Bayes understates it a little when counties are few; Morris 1983).

Methods (``--method``): ``eb`` as above; ``pooled`` (complete pooling: tau = omega = 0,
every county at the province-wide mean); ``unpooled`` (each county its own estimate, a
near-flat prior with s.d. :data:`FLAT`; counties without data at the province-wide mean).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from sim.data.registry import TIERS

from . import gaussian
from .gaussian import Estimate

METHODS = ("eb", "pooled", "unpooled")
DESCRIPTION = {
    "eb": "empirical Bayes partial pooling toward tier and province (REML tau, omega)",
    "pooled": "complete pooling: every county at the province-wide mean gap",
    "unpooled": "no pooling: each county its own estimate (flat prior); others at the province-wide mean",
}
GRID = np.concatenate([[0.0], np.geomspace(0.0005, 0.1, 36)])
FLAT = 0.1
"""Prior s.d. of a county's gap under ``unpooled`` (10 points a year: effectively flat)."""
FALLBACK = {"tau": 0.01, "omega": 0.005}
"""Assumed between-county and between-tier s.d. when the data cannot bound them (fractions per year)."""
COUNTY_COLUMNS = ["county_id", "tier", "rows", "own", "own_se", "mean", "sd", "weight", "basis"]


@dataclass(frozen=True)
class Pooled:
    """Posterior trend gaps (log per year) of every county and tier, and the pooling parameters."""

    method: str
    theta: tuple[float, float]
    tau: Estimate
    omega: Estimate
    counties: pd.DataFrame
    tiers: pd.DataFrame
    _prior: np.ndarray = field(repr=False, default=None)
    _G: np.ndarray = field(repr=False, default=None)
    _S: np.ndarray = field(repr=False, default=None)
    _y: np.ndarray = field(repr=False, default=None)
    _ids: tuple = field(repr=False, default=())
    _units: tuple = field(repr=False, default=())

    def row(self, county_id: str) -> pd.Series:
        return self.counties.set_index("county_id").loc[county_id]

    def predictive(self, county_id: str) -> tuple[float, float]:
        """Mean and variance of the county's gap given every *other* county's data (its prior before its own)."""
        keep = [j for j, c in enumerate(self._ids) if c != county_id]
        a = _selector(self._units, county_id)
        mean, cov = gaussian.condition(np.zeros(len(self._prior)), self._prior, self._G[keep], self._y[keep],
                                       self._S[np.ix_(keep, keep)])
        return float(a @ mean), float(a @ cov @ a)


def _selector(units: tuple[tuple[str, str], ...], county_id: str) -> np.ndarray:
    """Loadings of mu_c = theta + v_tier + u_c on the latent vector [theta, v (tiers), u (units)]."""
    ids = [u for u, _ in units]
    tier = dict(units)[county_id]
    a = np.zeros(1 + len(TIERS) + len(units))
    a[0] = 1.0
    a[1 + TIERS.index(tier)] = 1.0
    a[1 + len(TIERS) + ids.index(county_id)] = 1.0
    return a


def _tier_matrix(tiers: list[str]) -> np.ndarray:
    t = np.array(tiers)
    return (t[:, None] == t[None, :]).astype(float)


def pool(ids: tuple[str, ...], estimate: np.ndarray, cov: np.ndarray, rows: dict[str, int],
         units: list[tuple[str, str]], method: str = "eb") -> Pooled:
    """Posterior gaps for every ``(county_id, tier)`` in ``units`` from the own estimates of ``ids``.

    Known answer (one tier, equal variances ``s^2``): the weight on each own estimate is
    ``tau^2 / (tau^2 + s^2)``, with ``tau^2`` the REML estimate.

    >>> p = pool(("a", "b", "c"), np.array([0.0, 0.01, 0.05]), np.eye(3) * 1e-4, {}, [("a", "sprint"), ("b", "sprint"), ("c", "sprint")], "pooled")
    >>> round(p.theta[0], 4), p.counties["mean"].round(4).tolist()
    (0.02, [0.02, 0.02, 0.02])
    """
    units = tuple(units)
    tier_of = dict(units)
    m = len(ids)
    y = np.asarray(estimate, dtype=float)
    S = np.asarray(cov, dtype=float).reshape(m, m)
    if method == "pooled":
        tau = Estimate("tau", 0.0, float("nan"), float("nan"), False, "complete pooling")
        omega = Estimate("omega", 0.0, float("nan"), float("nan"), False, "complete pooling")
    elif method == "unpooled":
        tau = Estimate("tau", FLAT, float("nan"), float("nan"), False, "no pooling (flat prior)")
        omega = Estimate("omega", 0.0, float("nan"), float("nan"), False, "no tier structure")
    else:
        components = {"tau": np.eye(m), "omega": _tier_matrix([tier_of[c] for c in ids])}
        R = S + np.eye(m) * 1e-10
        fit = gaussian.reml(y, np.ones((m, 1)), components, R, GRID) if m else None
        held = {k: FALLBACK[k] for k in FALLBACK if fit is None or not fit.sds[k].estimated}
        if fit is not None and held and len(held) < 2:  # estimate the other one with this one held
            fit = gaussian.reml(y, np.ones((m, 1)), components, R, GRID, fixed=held,
                                notes={k: fit.sds[k].note for k in held})
        values = {}
        for name in ("tau", "omega"):
            e = fit.sds[name] if fit else Estimate(name, float("nan"), float("nan"), float("nan"), False, "no county has growth data")
            if name in held:
                e = Estimate(name, FALLBACK[name], float("nan"), float("nan"), False, f"{e.note}; assumed {FALLBACK[name]:.1%}")
            values[name] = e
        tau, omega = values["tau"], values["omega"]
    k = len(TIERS)
    dim = 1 + k + len(units)
    prior = np.diag([gaussian.DIFFUSE] + [omega.value**2] * k + [tau.value**2] * len(units))
    G = np.stack([_selector(units, c) for c in ids]) if m else np.zeros((0, dim))
    mean, post = gaussian.condition(np.zeros(dim), prior, G, y, S + np.eye(m) * 1e-12)
    # gain: derivative of the posterior mean with respect to each own estimate
    gain = np.linalg.solve(G @ prior @ G.T + S + np.eye(m) * 1e-12, G @ prior).T if m else np.zeros((dim, 0))
    out = []
    for county_id, tier in units:
        a = _selector(units, county_id)
        own = ids.index(county_id) if county_id in ids else None
        weight = float(a @ gain[:, own]) if own is not None else 0.0
        basis = ("own data" if method == "unpooled" else "own data, pooled") if own is not None else "tier mean (no growth data)"
        if method == "pooled":
            basis = "province-wide mean"
        out.append([county_id, tier, rows.get(county_id, 0), float(y[own]) if own is not None else np.nan,
                    float(np.sqrt(S[own, own])) if own is not None else np.nan, float(a @ mean),
                    float(np.sqrt(max(a @ post @ a, 0.0))), weight, basis])
    tiers = []
    for j, tier in enumerate(TIERS):
        a = np.zeros(dim)
        a[0] = a[1 + j] = 1.0
        tiers.append([tier, float(a @ mean), float(np.sqrt(max(a @ post @ a, 0.0))), sum(1 for c in ids if tier_of[c] == tier)])
    return Pooled(method=method, theta=(float(mean[0]), float(np.sqrt(post[0, 0]))), tau=tau, omega=omega,
                  counties=pd.DataFrame(out, columns=COUNTY_COLUMNS),
                  tiers=pd.DataFrame(tiers, columns=["tier", "mean", "sd", "counties_with_data"]),
                  _prior=prior, _G=G, _S=S + np.eye(m) * 1e-12, _y=y, _ids=tuple(ids), _units=units)
