"""Hubei's real growth (China + Hubei's gap) and the GDP deflator, from the macro series.

Model (log growth per year ``t``; the engine's decomposition, :mod:`sim.model.engine`)::

    c_t  = m_c  + era_c  [t < W] + shock_c,t  + national_t     China's real growth
    h_t  = m_h  + era_h  [t < W] + shock_h,t  + hubei_t        Hubei's real growth minus China's
    pi_t = m_pi + era_pi [t < W]              + deflator_t     Hubei's GDP deflator

Each of ``national``, ``hubei``, ``deflator`` is a stationary AR(1) with the scenario's
persistence and an innovation s.d. to estimate (the ``uncertainty`` values of the same
names). ``W`` is the first year of the *trend window* (the last ``window`` years up to
the as-of year): years before it inform the volatilities but have their own mean
(``era``), so the trend is the recent one. ``shock`` terms are the pandemic fixed effects
of :mod:`calibration.pandemic` (treatment ``shock``). The observations are the rows of
:func:`calibration.panel.macro_panel`.

**Deflator.** ``pi`` is read from Hubei's nominal levels against its real growth where both
are held (e.g. 2021: 50100/43400 over +12.9%), else from China's deflator figures and
China's nominal levels against real growth, each with the Hubei-China gap error
(:data:`calibration.panel.GAP_SD`); years with no price figure get the trend ``m_pi``.

Estimation (:mod:`calibration.gaussian`): the volatilities by REML on a grid, the means by
GLS, the yearly paths by Gaussian conditioning (Durbin & Koopman 2012, *Time Series
Analysis by State Space Methods*, ch. 4, for the same model in state-space form). A mean
the data do not identify is dropped (reported); a volatility the data cannot bound is held
at the base scenario's value (reported). With no China growth figure the national
volatility is held too (China and Hubei cannot be told apart).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from . import gaussian
from .gaussian import Estimate
from .panel import Panel

SERIES = ("c", "h", "pi")
COMPONENTS = {"c": "national", "h": "hubei", "pi": "deflator"}
"""Which ``uncertainty`` value each series' shock is."""
SD_GRID = np.concatenate([[0.0], np.geomspace(0.001, 0.15, 11)])
"""Candidate innovation s.d. (fractions per year) for the REML grid."""


@dataclass(frozen=True)
class MacroFit:
    """Posterior of the yearly ``c``, ``h``, ``pi`` (log growth), the trend means and the volatilities."""

    years: tuple[int, ...]
    mean: np.ndarray = field(repr=False)
    cov: np.ndarray = field(repr=False)
    means: dict[str, tuple[float, float]]
    """Estimated means (log per year) and their s.d., by column name (``m_h``, ``shock_c_2020``, ...)."""
    dropped: tuple[str, ...]
    held: dict[str, float]
    """Means the data do not identify and the values used instead (log per year)."""
    sds: dict[str, Estimate]
    panel: Panel
    window: tuple[int, int]
    """First and last year of the trend window."""
    phi: float
    beta_cov: dict[tuple[str, str], float] = field(default_factory=dict, repr=False)
    """Posterior covariances of the estimated means, by pair of names."""

    def index(self, series: str, year: int) -> int:
        return SERIES.index(series) * len(self.years) + (year - self.years[0])

    def loadings(self, series: tuple[str, ...], years) -> np.ndarray:
        """Vector selecting the sum of ``series`` over ``years`` from the latent vector."""
        out = np.zeros(len(self.mean))
        for s in series:
            for y in years:
                out[self.index(s, y)] += 1.0
        return out

    def path(self, series: tuple[str, ...], year: int) -> tuple[float, float]:
        """Posterior mean and s.d. of the sum of ``series`` in ``year`` (log growth)."""
        a = self.loadings(series, [year])
        return float(a @ self.mean), float(math.sqrt(max(a @ self.cov @ a, 0.0)))

    def trend(self, which: str) -> tuple[float, float]:
        """Trend log growth per year and its s.d.: ``hubei`` (real, m_c + m_h), ``china`` or ``deflator``."""
        names = {"hubei": ("m_c", "m_h"), "china": ("m_c",), "deflator": ("m_pi",)}[which]
        value = sum(self.means[n][0] if n in self.means else self.held.get(n, 0.0) for n in names)
        var = sum(self.means[n][1] ** 2 for n in names if n in self.means)
        if which == "hubei" and {"m_c", "m_h"} <= set(self.means):
            var += 2 * self.beta_cov.get(("m_c", "m_h"), 0.0)
        return value, math.sqrt(max(var, 0.0))

    def known_years(self, what: str, after: int) -> list[int]:
        """Years after ``after`` whose Hubei real growth (``growth``) or deflator (``deflator``) a row
        of at most two years pins down: the scenario's known figures (``growth.years`` / ``deflator.years``)."""
        if what == "growth":
            rows = [r for r in self.panel.rows if r.unit == "hubei"]
        else:
            rows = [r for r in self.panel.rows if "pi" in r.loads]
        return sorted({y for r in rows if r.span <= 2 for y in r.years if y > after})


def _columns(years: list[int], window_start: int, shock_years: tuple[int, ...]) -> dict[str, np.ndarray]:
    T = len(years)
    cols: dict[str, np.ndarray] = {}

    def col(series: str, values) -> np.ndarray:
        out = np.zeros(3 * T)
        out[SERIES.index(series) * T:(SERIES.index(series) + 1) * T] = values
        return out

    t = np.array(years)
    for s in ("h", "c", "pi"):
        cols[f"m_{s}"] = col(s, np.ones(T))
    for s in ("h", "c", "pi"):
        cols[f"era_{s}"] = col(s, (t < window_start).astype(float))
    for y in shock_years:
        for s in ("h", "c"):
            cols[f"shock_{s}_{y}"] = col(s, (t == y).astype(float))
    return cols


def design(panel: Panel, years: list[int]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``H`` (rows x latent), ``y`` and the noise covariance ``R`` of the macro rows."""
    T = len(years)
    H = np.zeros((len(panel.rows), 3 * T))
    keys = sorted({k for r in panel.rows for k, _ in r.noise})
    B = np.zeros((len(panel.rows), len(keys)))
    for i, r in enumerate(panel.rows):
        for s in r.loads:
            if s in SERIES:
                for y in r.years:
                    H[i, SERIES.index(s) * T + (y - years[0])] = 1.0
        for k, w in r.noise:
            B[i, keys.index(k)] += w
    v = np.array([panel.noise[k] for k in keys])
    R = (B * v) @ B.T if keys else np.zeros((len(panel.rows), len(panel.rows)))
    y = np.array([r.value for r in panel.rows])
    return H, y, R


def fit(panel: Panel, years: list[int], window_start: int, shock_years: tuple[int, ...], phi: float,
        fallback_sd: dict[str, float], fallback_mean: dict[str, float]) -> MacroFit:
    """Fit the macro model to ``panel`` over the latent ``years`` (contiguous, covering every row).

    ``fallback_sd``: innovation s.d. by component name (``national``, ``hubei``, ``deflator``) used
    when the data cannot bound one; ``fallback_mean``: log trend used for a mean the data do not
    identify (``m_pi``; ``m_c`` falls back to 0, leaving Hubei's whole trend in ``m_h``).
    """
    H, y, R = design(panel, years)
    cols = _columns(years, window_start, shock_years)
    names = list(cols)
    X = np.stack([cols[n] for n in names], axis=1)
    kept = gaussian.identified(H @ X) if len(y) else []
    kept_names = [names[j] for j in kept]
    dropped = tuple(n for n in names if n not in kept_names)
    offset = np.zeros(3 * len(years))
    held = {}
    T = len(years)
    for s in SERIES:
        name = f"m_{s}"
        if name in dropped:
            value = fallback_mean.get(name, 0.0)
            held[name] = value
            offset[SERIES.index(s) * T:(SERIES.index(s) + 1) * T] = value
    Xk = X[:, kept]
    F = H @ Xk
    y_adj = y - H @ offset
    corr = gaussian.ar1(years, phi)
    blocks = {}
    for s in SERIES:
        Hs = H[:, SERIES.index(s) * T:(SERIES.index(s) + 1) * T]
        blocks[COMPONENTS[s]] = Hs @ corr @ Hs.T
    R = R + np.eye(len(y)) * 1e-10
    fixed, notes = {}, {}
    if not any(r.unit == "china" and r.kind == "real growth" for r in panel.rows):
        fixed["national"] = fallback_sd["national"]
        notes["national"] = "no China growth figure: China and Hubei cannot be told apart; base value"
    result = gaussian.reml(y_adj, F, blocks, R, SD_GRID, fixed=fixed, notes=notes)
    refit = {k: e for k, e in result.sds.items() if not e.estimated and k not in fixed}
    if refit:
        for k, e in refit.items():
            fixed[k] = fallback_sd[k]
            notes[k] = (e.note or "not estimable") + "; base value"
        result = gaussian.reml(y_adj, F, blocks, R, SD_GRID, fixed=fixed, notes=notes)
    sds = {k: result.sds[k] for k in ("national", "hubei", "deflator")}
    # posterior of x = offset + Xk beta + eta, beta with a diffuse prior
    p = len(kept)
    prior = np.zeros((p + 3 * T, p + 3 * T))
    prior[:p, :p] = np.eye(p) * gaussian.DIFFUSE
    for s in SERIES:
        block = slice(p + SERIES.index(s) * T, p + (SERIES.index(s) + 1) * T)
        prior[block, block] = sds[COMPONENTS[s]].value ** 2 * corr
    L = np.concatenate([Xk, np.eye(3 * T)], axis=1)
    z_mean, z_cov = gaussian.condition(np.zeros(p + 3 * T), prior, H @ L, y_adj, R)
    mean = offset + L @ z_mean
    cov = L @ z_cov @ L.T
    means = {n: (float(z_mean[i]), float(math.sqrt(max(z_cov[i, i], 0.0)))) for i, n in enumerate(kept_names)}
    beta_cov = {(a, b): float(z_cov[i, j]) for i, a in enumerate(kept_names) for j, b in enumerate(kept_names)}
    return MacroFit(years=tuple(years), mean=mean, cov=(cov + cov.T) / 2, means=means, dropped=dropped, held=held,
                    sds=sds, panel=panel, window=(window_start, max((r.end for r in panel.rows), default=years[-1])), phi=phi, beta_cov=beta_cov)
