"""Linear-Gaussian algebra shared by the estimators: AR(1) covariances, conditioning, REML on a grid.

Every estimator in :mod:`calibration` is a linear-Gaussian model: unknown yearly growth
rates ``x`` (log rates, per year) with a prior ``x ~ N(X beta, sum_k s_k^2 C_k)``, and
observations ``y = H x + e``, ``e ~ N(0, R)``. Then ``y ~ N(F beta, V)`` with ``F = H X``
and ``V = R + sum_k s_k^2 H C_k H'``.

- **Variances** ``s_k`` are estimated by restricted maximum likelihood (REML; Patterson &
  Thompson 1971, Harville 1977), which corrects the downward bias of plain ML when the
  means ``beta`` are estimated too (it gives the usual ``n - 1`` sample variance for an iid
  sample). The likelihood is evaluated on a grid of standard deviations (batched), then
  refined by zooming around the best point; 80% intervals are profile-likelihood intervals
  read off the grid (Venzon & Moolgavkar 1988): every value whose profile log-likelihood is
  within ``chi2_1(0.8) / 2 = 0.82`` of the maximum.
- With ``penalty`` (the default), each free s.d. gets a weakly informative gamma(2, 0) prior,
  i.e. ``log s`` is added to the log-likelihood (Chung, Rabe-Hesketh, Dorie, Gelman & Liu
  2013, Psychometrika 78: "A nondegenerate penalized likelihood estimator for variance
  parameters in multilevel models"). Plain REML lands on s = 0 whenever a handful of points
  happen to agree; the penalty keeps the estimate off that boundary and matters little once
  there are more than a few points (for an iid sample it gives ``S / (n - 2)`` instead of
  ``S / (n - 1)``). Intervals are read off the penalized profile.
- With fewer than :data:`MIN_DOF` residual degrees of freedom (observations minus means) per
  s.d. to estimate, none is estimated: three numbers that happen to agree are no evidence of
  a volatility near zero.
- A standard deviation whose 80% interval reaches the top of the grid is **not estimable**
  from the data (they cannot rule out any volatility); the caller then holds it at a given
  value and says so.
- **Means** ``beta``: generalised least squares given the variances; columns of ``F`` the data
  do not identify are dropped first (:func:`identified`).
- **Posteriors** of ``x``: Gaussian conditioning (:func:`condition`), with ``beta`` given a
  diffuse prior so that its uncertainty is carried into ``x`` (universal kriging).

Shocks follow the engine's AR(1) (:mod:`sim.model.engine`): ``e_t = phi e_(t-1) + s u_t``, taken as
stationary over history, so ``Cov(e_s, e_t) = s^2 phi^|s-t| / (1 - phi^2)`` (:func:`ar1`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from statistics import NormalDist

import numpy as np

LEVEL = 0.8
"""Coverage of every interval reported (80%, like the p10-p90 bands of ``tiersim run``)."""
HALF_CHI2 = NormalDist().inv_cdf(0.5 + LEVEL / 2) ** 2 / 2
"""Drop in log-likelihood that bounds an 80% profile-likelihood interval (chi2_1(0.8) / 2 = 0.82)."""
DIFFUSE = 1.0
"""Prior variance of a mean given a 'diffuse' prior: s.d. 1 in log growth (100 points a year)."""
CHUNK = 512
MIN_DOF = 3
"""Residual degrees of freedom needed per estimated s.d.; with fewer, every s.d. is held (not estimable)."""


def ar1(years: np.ndarray | list[int], phi: float) -> np.ndarray:
    """Covariance of a stationary AR(1) with unit innovation s.d. at ``years`` (need not be contiguous).

    >>> ar1([2019, 2020, 2022], 0.5).round(3).tolist()
    [[1.333, 0.667, 0.167], [0.667, 1.333, 0.333], [0.167, 0.333, 1.333]]
    """
    t = np.asarray(years, dtype=float)
    return phi ** np.abs(t[:, None] - t[None, :]) / (1.0 - phi**2)


def condition(mean: np.ndarray, cov: np.ndarray, H: np.ndarray, y: np.ndarray, R: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Posterior mean and covariance of ``x ~ N(mean, cov)`` given ``y = H x + e``, ``e ~ N(0, R)``.

    >>> m, c = condition(np.zeros(1), np.eye(1), np.eye(1), np.array([2.0]), np.eye(1))
    >>> float(m[0]), float(c[0, 0])
    (1.0, 0.5)
    """
    if len(y) == 0:
        return mean.copy(), cov.copy()
    S = H @ cov @ H.T + R
    K = np.linalg.solve(S, H @ cov).T
    post_mean = mean + K @ (y - H @ mean)
    post_cov = cov - K @ H @ cov
    return post_mean, (post_cov + post_cov.T) / 2


def identified(F: np.ndarray, rtol: float = 1e-9) -> list[int]:
    """Columns of ``F`` that add to its rank, in order (the others the data cannot separate).

    >>> identified(np.array([[1.0, 2.0, 0.0], [1.0, 2.0, 0.0]]))
    [0]
    """
    kept: list[int] = []
    scale = max(float(np.abs(F).max()) if F.size else 0.0, 1.0)
    for j in range(F.shape[1]):
        trial = F[:, kept + [j]]
        if np.linalg.matrix_rank(trial, tol=rtol * scale * max(F.shape)) == len(kept) + 1:
            kept.append(j)
    return kept


@dataclass(frozen=True)
class Estimate:
    """A standard deviation (fraction per year) with its 80% profile-likelihood interval.

    ``estimated`` is False when the value was held (not estimable, or fixed by the caller);
    ``note`` says why or from what.
    """

    name: str
    value: float
    low: float
    high: float
    estimated: bool
    note: str = ""

    def text(self) -> str:
        """``1.2% [0.6, 3.1]`` or ``1.0% (held: why)``."""
        if not self.estimated:
            return f"{self.value:.2%} (held: {self.note})"
        return f"{self.value:.2%} [{self.low:.2%}, {self.high:.2%}]" + (f" ({self.note})" if self.note else "")


@dataclass(frozen=True)
class RemlFit:
    """Result of :func:`reml`: the standard deviations, GLS means and the residual degrees of freedom."""

    sds: dict[str, Estimate]
    beta: np.ndarray
    beta_cov: np.ndarray
    loglik: float
    dof: int
    V: np.ndarray = field(repr=False)

    def value(self, name: str) -> float:
        return self.sds[name].value


def _loglik(y: np.ndarray, F: np.ndarray, Ms: np.ndarray, R: np.ndarray, sds: np.ndarray) -> np.ndarray:
    """REML log-likelihood (constants dropped) at each row of ``sds`` (G, K)."""
    n, p = F.shape
    rhs = np.concatenate([F, y[:, None]], axis=1)
    out = np.empty(len(sds))
    for start in range(0, len(sds), CHUNK):
        s = sds[start:start + CHUNK]
        V = R[None] + np.einsum("gk,kij->gij", s**2, Ms) if len(Ms) else np.broadcast_to(R, (len(s), n, n))
        X = np.linalg.solve(V, np.broadcast_to(rhs, (len(s), n, p + 1)))
        logdet = np.linalg.slogdet(V)[1]
        quad = np.einsum("i,gi->g", y, X[..., p])
        if p:
            A = np.einsum("ip,giq->gpq", F, X[..., :p])
            b = np.einsum("ip,gi->gp", F, X[..., p])
            beta = np.linalg.solve(A, b[..., None])[..., 0]
            quad = quad - np.einsum("gp,gp->g", b, beta)
            logdet = logdet + np.linalg.slogdet(A)[1]
        out[start:start + len(s)] = -0.5 * (logdet + quad)
    return out


class _OneComponent:
    """REML log-likelihood of ``V = R + s^2 M`` for many ``s`` at the cost of one eigendecomposition.

    With ``R = L L'`` and ``L^-1 M L^-T = Q diag(lam) Q'``, ``V = L Q (I + s^2 lam) Q' L'``, so
    ``log|V| = log|R| + sum log(1 + s^2 lam)`` and every product with ``V^-1`` is diagonal
    in the rotated basis (the same trick as in fast REML for one variance component).
    """

    def __init__(self, y: np.ndarray, F: np.ndarray, M: np.ndarray, R: np.ndarray):
        L = np.linalg.cholesky(R)
        Li = np.linalg.inv(L)
        lam, Q = np.linalg.eigh(Li @ M @ Li.T)
        self.lam = np.clip(lam, 0.0, None)
        self.Ft = Q.T @ (Li @ F)
        self.yt = Q.T @ (Li @ y)
        self.logdet_R = 2.0 * float(np.log(np.diag(L)).sum())

    def __call__(self, s: np.ndarray) -> np.ndarray:
        d = 1.0 / (1.0 + np.outer(s**2, self.lam))  # (G, n)
        logdet = self.logdet_R - np.log(d).sum(axis=1)
        quad = (d * self.yt**2).sum(axis=1)
        p = self.Ft.shape[1]
        if p:
            A = np.einsum("ip,gi,iq->gpq", self.Ft, d, self.Ft, optimize=True)
            b = np.einsum("ip,gi,i->gp", self.Ft, d, self.yt, optimize=True)
            beta = np.linalg.solve(A, b[..., None])[..., 0]
            quad = quad - np.einsum("gp,gp->g", b, beta)
            logdet = logdet + np.linalg.slogdet(A)[1]
        return -0.5 * (logdet + quad)


def _zoom(axis: np.ndarray, i: int, points: int = 9) -> np.ndarray:
    lo = axis[max(i - 1, 0)]
    hi = axis[min(i + 1, len(axis) - 1)]
    if hi <= lo:
        return np.array([lo])
    return np.linspace(lo, hi, points) if lo == 0 else np.geomspace(lo, hi, points)


def _interval(axis: np.ndarray, profile: np.ndarray, best: float) -> tuple[float, float, bool]:
    """Ends of ``{s: profile(s) >= best - HALF_CHI2}`` on the grid, interpolated; and whether it reaches the top."""
    cut = best - HALF_CHI2
    inside = np.nonzero(profile >= cut)[0]
    if inside.size == 0:  # the refined maximum lies between grid points; take the grid point nearest to it
        inside = np.array([int(np.argmax(profile))])
    i, j = int(inside[0]), int(inside[-1])

    def cross(a: int, b: int) -> float:  # a inside, b outside
        pa, pb = profile[a], profile[b]
        w = (pa - cut) / (pa - pb) if pa != pb else 0.0
        return float(axis[a] + w * (axis[b] - axis[a]))

    low = 0.0 if i == 0 else cross(i, i - 1)
    high = float(axis[-1]) if j == len(axis) - 1 else cross(j, j + 1)
    return low, high, j == len(axis) - 1


def _penalty(sds: np.ndarray, free: np.ndarray) -> np.ndarray:
    """Sum of ``log s`` over the free components (``-inf`` at s = 0)."""
    s = sds[:, free]
    logs = np.where(s > 0, np.log(np.where(s > 0, s, 1.0)), -np.inf)
    return logs.sum(axis=1)


def reml(y: np.ndarray, F: np.ndarray, components: dict[str, np.ndarray], R: np.ndarray, grid: np.ndarray,
         fixed: dict[str, float] | None = None, notes: dict[str, str] | None = None, rounds: int = 6,
         penalty: bool = True, min_dof: int = MIN_DOF) -> RemlFit:
    """REML estimates of the s.d. of each variance component, ``V = R + sum_k s_k^2 M_k``.

    ``grid`` holds the candidate s.d. values (fractions per year, starting at 0); components in
    ``fixed`` are held at the given value. A component whose 80% interval reaches the top of the
    grid is reported as not estimable (``estimated=False``) but keeps its REML value here; the
    caller decides what to hold it at.

    Known answer: for an iid sample with an unknown mean, REML gives the ``n - 1`` sample variance.

    >>> x = np.array([1.0, 2.0, 4.0, 7.0]) / 100
    >>> fit = reml(x, np.ones((4, 1)), {"s": np.eye(4)}, np.eye(4) * 1e-12, np.geomspace(1e-3, 0.2, 60), penalty=False)
    >>> round(fit.value("s"), 4), round(float(np.std(x, ddof=1)), 4)
    (0.0265, 0.0265)
    """
    fixed = dict(fixed or {})
    notes = dict(notes or {})
    names = list(components)
    n, p = F.shape
    dof = n - p
    free = [k for k in names if k not in fixed]
    if free and dof < min_dof * len(free):
        for k in free:
            fixed[k] = float("nan")
            notes[k] = (f"{max(dof, 0)} residual degrees of freedom for {len(free)} volatilit{'y' if len(free) == 1 else 'ies'} "
                        f"(at least {min_dof} each needed)")
        free = []
    Ms = np.stack([components[k] for k in names]) if names else np.zeros((0, n, n))
    held = {k: float(np.nan_to_num(fixed[k])) for k in fixed}
    axes = [np.array([held[k]]) if k in held else grid for k in names]
    mesh = np.stack(np.meshgrid(*axes, indexing="ij"), axis=-1).reshape(-1, len(names)) if names else np.zeros((1, 0))
    is_free = np.array([k not in held for k in names], dtype=bool)
    penalize = penalty and 0 < int(is_free.sum()) < dof  # bounded only with more dof than penalized s.d.s

    fast = None
    if len(free) == 1 and n > 30:  # one s.d. to find: fold the held ones into R, diagonalise once
        k_free = names.index(free[0])
        R_held = R + sum(held[k] ** 2 * components[k] for k in held)
        fast = _OneComponent(y, F, components[free[0]], R_held)

    def evaluate(points: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        plain = fast(points[:, k_free]) if fast is not None else _loglik(y, F, Ms, R, points)
        return plain, plain + _penalty(points, is_free) if penalize else plain

    plain, ll = evaluate(mesh)
    shape = tuple(len(a) for a in axes)
    best_ll, best = float(ll.max()), mesh[int(np.argmax(ll))]
    zoomed = list(axes)
    points = 9 if len(free) <= 2 else 5  # per axis and round: 9^2 or 5^3 evaluations
    for _ in range((rounds if len(free) <= 2 else rounds + 4) if free else 0):
        idx = [int(np.argmin(np.abs(a - b))) for a, b in zip(zoomed, best)]
        zoomed = [a if k in held else _zoom(a, i, points) for k, a, i in zip(names, zoomed, idx)]
        sub = np.stack(np.meshgrid(*zoomed, indexing="ij"), axis=-1).reshape(-1, len(names))
        sub_ll = evaluate(sub)[1]
        if sub_ll.max() >= best_ll:
            best_ll, best = float(sub_ll.max()), sub[int(np.argmax(sub_ll))]
    sds = {}
    for k_index, k in enumerate(names):
        if k in held:
            value = fixed[k]
            sds[k] = Estimate(k, float(held[k]) if value == value else float("nan"), float("nan"), float("nan"), False, notes.get(k, "fixed"))
            continue
        others = tuple(i for i in range(len(names)) if i != k_index)
        profile = ll.reshape(shape).max(axis=others) if others else ll
        low, high, _ = _interval(grid, profile, best_ll)
        # the coarse grid cannot resolve a sharp likelihood: also scan a fine line through the best point
        centre = float(best[k_index])
        line = np.concatenate([[0.0], np.geomspace(max(grid[1], centre / 5), min(grid[-1], max(centre, grid[1]) * 5), 41)])
        points_k = np.repeat(best[None], len(line), axis=0)
        points_k[:, k_index] = line
        line_low, line_high, _ = _interval(line, evaluate(points_k)[1], best_ll)
        low, high = min(low, line_low), max(high, line_high)
        plain_profile = plain.reshape(shape).max(axis=others) if others else plain
        open_top = _interval(grid, plain_profile, float(plain.max()))[2]  # judged on the data alone
        value = float(best[k_index])
        low, high = min(low, value), max(high, value)
        note = f"data cannot rule out s.d. up to the grid top {grid[-1]:.0%}" if open_top else notes.get(k, "")
        sds[k] = Estimate(k, value, low, high, not open_top, note)
    V = R + (np.einsum("k,kij->ij", best**2, Ms) if names else 0.0)
    if p:
        Vi_F = np.linalg.solve(V, F)
        beta_cov = np.linalg.inv(F.T @ Vi_F)
        beta = beta_cov @ (Vi_F.T @ y)
    else:
        beta, beta_cov = np.zeros(0), np.zeros((0, 0))
    return RemlFit(sds=sds, beta=beta, beta_cov=(beta_cov + beta_cov.T) / 2, loglik=best_ll, dof=dof, V=V)
