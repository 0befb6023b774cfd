"""National Top-N county GDP thresholds from a Pareto upper tail.

No national list of county GDP is available, only counts of counties above GDP
levels in some years (e.g. 62 counties at >= 1000亿 in 2024, 83 at >= 900亿) and
the size of the largest county. We model the upper tail as Pareto (Pareto 1896;
Gabaix 2009, "Power laws in economics and finance"):

    N_t(>= x) = exp(a_t) * x ** (-alpha)

with one scale ``a_t`` per data year and a common tail index ``alpha``, fitted by
least squares on ``ln N``; ``alpha`` comes from the years with counts at two or
more GDP levels (year fixed effects). The GDP of the N-th county in year t is then

    x_N(t) = exp((a_t - ln N) / alpha)

Between data years the log threshold is interpolated linearly; after the last one
(and before the first) it moves at a growth rate per year: a scenario value, or the
trend of the implied thresholds (least squares slope of ``ln x_N(t)`` on t).

**Parameter uncertainty.** The fit is ordinary least squares in ``theta = (alpha, a_t...)``,
so ``theta`` has covariance ``s^2 (X'X)^-1`` (X: the design; e.g. Greene, *Econometric
Analysis*, ch. 4). With as few facts as the data hold (as of 2021: four points for four
parameters) the residual variance is not estimable, so ``s^2`` is the residuals' variance
pooled with a prior one, ``(RSS + NU0 * S0^2) / (dof + NU0)`` (S0 = 0.15 on ``ln N``: a count
of about 45 counties has Poisson s.d. 0.15 on the log, and the published counts are rounded
or "more than"; NU0 = 2). :meth:`TailFit.draw` draws ``theta`` jointly from ``N(theta_hat, cov)``
and, per draw, the trend of the implied thresholds after the last fact year: the draw's own
least-squares slope plus that slope's standard error from the implied thresholds' scatter about
their line (how far a trend of a few years is from the next years' growth).

These are **GDP thresholds**. The published Top-100 lists (e.g. CCID's) rank on a
composite score with a GDP entry gate, so a county above the GDP threshold need not
be on the list, and the reverse. Every output states this.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from typing import Any, Mapping

import numpy as np

from sim.errors import DataError

TAIL_SEED = 12
"""Seed of the tail's parameter draws: like the posterior's draws, a fixed sample that run draw ``d`` indexes
(``d mod S``), so a run's seed moves the shocks, not the sample of tail parameters."""
SIZES = {"top100": 100, "top50": 50}
"""The thresholds tiersim reports: the GDP of the 100th and the 50th largest county."""
CAVEAT_EN = "Top-100/Top-50 thresholds are GDP thresholds (GDP of the Nth largest county, fitted), approximating composite-score lists such as CCID's."
CAVEAT_ZH = "百强/五十强门槛为GDP门槛（拟合的全国第N位县域GDP），是对赛迪等综合评分榜单的近似。"


@dataclass(frozen=True)
class TailFit:
    """A fitted Pareto upper tail. ``scale[year]`` is ``a_t``; ``rmse`` is on ``ln N``."""

    alpha: float
    alpha_fitted: bool
    scale: dict[int, float]
    points: int
    rmse: float
    cov: np.ndarray | None = None
    """Covariance of ``(alpha, scale[year] for year in sorted(scale))`` (alpha's row and column zero when fixed)."""
    sigma: float = 0.0
    """Residual s.d. on ``ln N`` behind ``cov`` (pooled with the prior :data:`S0`)."""

    def threshold(self, year: int, n: int) -> float:
        """GDP (亿元) of the ``n``-th largest county in a data ``year``."""
        return math.exp((self.scale[year] - math.log(n)) / self.alpha)

    def years(self) -> list[int]:
        return sorted(self.scale)

    def trend_error(self) -> float:
        """Standard error of the trend's log slope from the implied thresholds' scatter about their line
        (0 with fewer than three fact years)."""
        years = np.array(self.years(), dtype=float)
        if len(years) < 3:
            return 0.0
        logs = np.array([self.scale[int(y)] / self.alpha for y in years])
        slope, intercept = np.polyfit(years, logs, 1)
        rss = float(np.sum((logs - (slope * years + intercept)) ** 2))
        return math.sqrt(rss / (len(years) - 2) / float(np.sum((years - years.mean()) ** 2)))

    def draw(self, count: int, rng: np.random.Generator, growth: float | None = None) -> "TailDraws":
        """``count`` joint draws of the tail index, the yearly scales and the trend after the last fact year
        (``growth``: the scenario's fixed rate instead of the drawn trend)."""
        years = self.years()
        mean = np.array([self.alpha] + [self.scale[y] for y in years])
        cov = self.cov if self.cov is not None else np.zeros((len(mean), len(mean)))
        theta = rng.multivariate_normal(mean, cov, size=count, method="cholesky" if _is_pd(cov) else "eigh")
        alpha = theta[:, 0]
        # a tail index must stay positive: reflect the (rare) draws below a tenth of the estimate
        alpha = np.where(alpha > 0.1 * self.alpha, alpha, self.alpha)
        scale = theta[:, 1:]
        logs = scale / alpha[:, None]
        t = np.array(years, dtype=float)
        if growth is not None:
            slope = np.full(count, math.log1p(growth))
        elif len(years) < 2:
            raise DataError(f"national facts: thresholds.growth: 'trend' needs facts in two years; only {years} are held; set thresholds.growth")
        else:
            tc = t - t.mean()
            slope = (logs - logs.mean(axis=1, keepdims=True)) @ tc / float(tc @ tc)
            slope = slope + rng.standard_normal(count) * self.trend_error()
        return TailDraws(years=years, alpha=alpha, scale=scale, slope=slope)

    def trend(self) -> float:
        """Growth per year of the implied thresholds (same for every N); needs two data years."""
        years = sorted(self.scale)
        if len(years) < 2:
            raise DataError(f"national facts: thresholds.growth: 'trend' needs facts in two years; only {years} are held; set thresholds.growth")
        logs = np.array([self.scale[y] / self.alpha for y in years])
        slope = np.polyfit(np.array(years, dtype=float), logs, 1)[0]
        return math.expm1(slope)


def fit_tail(points: Mapping[str, Any], tail_index: float | None = None) -> TailFit:
    """Fit ``ln N = a_t - alpha ln x`` to rows of ``data_year, gdp_yi, count_at_least``.

    With ``tail_index`` given, ``alpha`` is fixed to it and only the scales are fitted.
    """
    years = np.asarray(points["data_year"])
    if years.size == 0:
        raise DataError("national facts: no counts of counties above a GDP level are held (check --as-of); thresholds cannot be made")
    log_x = np.log(np.asarray(points["gdp_yi"], dtype=float))
    log_n = np.log(np.asarray(points["count_at_least"], dtype=float))
    if tail_index is None:
        dx = log_x - _year_means(years, log_x)
        dn = log_n - _year_means(years, log_n)
        denominator = float(dx @ dx)
        if denominator < 1e-12:
            raise DataError(
                "national facts: the tail index cannot be fitted: no year up to the as-of year has counts at two GDP levels; "
                "set thresholds.tail_index (e.g. --set thresholds.tail_index=2.5)")
        alpha = -float(dx @ dn) / denominator
        if not alpha > 0:
            raise DataError(f"national facts: fitted tail index is not positive ({alpha:.3g}); the counts contradict a Pareto tail")
    else:
        alpha = float(tail_index)
    scale = {int(y): float(np.mean(log_n[years == y] + alpha * log_x[years == y])) for y in np.unique(years)}
    residuals = log_n - (np.array([scale[int(y)] for y in years]) - alpha * log_x)
    cov, sigma = _covariance(years, log_x, residuals, fitted_alpha=tail_index is None)
    return TailFit(alpha=alpha, alpha_fitted=tail_index is None, scale=scale, points=len(years),
                   rmse=float(np.sqrt(np.mean(residuals**2))), cov=cov, sigma=sigma)


S0 = 0.15
"""Prior residual s.d. on ``ln N`` (a count of ~45 has Poisson s.d. ~0.15 on the log; counts are rounded)."""
NU0 = 2.0
"""Weight of :data:`S0` in pooled residual variance, in pseudo-observations."""


def _covariance(years: np.ndarray, log_x: np.ndarray, residuals: np.ndarray, *, fitted_alpha: bool) -> tuple[np.ndarray, float]:
    """Least-squares covariance of ``(alpha, a_t...)``: ``s^2 (X'X)^-1`` with ``s^2`` pooled with the prior."""
    uniq = sorted(int(y) for y in np.unique(years))
    dummies = np.array([[1.0 if int(y) == u else 0.0 for u in uniq] for y in years])
    design = np.column_stack([-log_x, dummies]) if fitted_alpha else dummies
    dof = len(years) - design.shape[1]
    s2 = (float(residuals @ residuals) + NU0 * S0**2) / (max(dof, 0) + NU0)
    inner = np.linalg.pinv(design.T @ design)
    cov = s2 * inner
    if not fitted_alpha:
        full = np.zeros((len(uniq) + 1, len(uniq) + 1))
        full[1:, 1:] = cov
        cov = full
    return cov, math.sqrt(s2)


def _is_pd(cov: np.ndarray) -> bool:
    try:
        np.linalg.cholesky(cov)
        return True
    except np.linalg.LinAlgError:
        return False


@dataclass(frozen=True)
class TailDraws:
    """Joint draws of the tail (one row per draw): ``alpha`` (S,), ``scale`` (S, years) and the log ``slope`` (S,)
    of the thresholds after the last fact year (and before the first)."""

    years: list[int]
    alpha: np.ndarray
    scale: np.ndarray
    slope: np.ndarray

    def __len__(self) -> int:
        return len(self.alpha)

    def log_thresholds(self, years: list[int], n: int) -> np.ndarray:
        """Log GDP of the ``n``-th county, (S, len(years)): interpolated between fact years, on the slope outside."""
        known = np.array(self.years, dtype=float)
        logs = (self.scale - math.log(n)) / self.alpha[:, None]
        out = np.empty((len(self), len(years)))
        for j, year in enumerate(years):
            if year <= known[0]:
                out[:, j] = logs[:, 0] - self.slope * (known[0] - year)
            elif year >= known[-1]:
                out[:, j] = logs[:, -1] + self.slope * (year - known[-1])
            else:
                k = int(np.searchsorted(known, year))
                w = (year - known[k - 1]) / (known[k] - known[k - 1])
                out[:, j] = (1 - w) * logs[:, k - 1] + w * logs[:, k]
        return out

    def comparators(self, year: int, count: int, counties: np.ndarray) -> np.ndarray:
        """Each draw's comparator set in ``year`` (S, count), float32: :func:`comparator_set` at the draw's Top-100
        threshold and tail index."""
        x100 = np.exp(self.log_thresholds([year], 100)[:, 0])
        return comparator_sets(x100, self.alpha, count, counties).astype(np.float32)


def _year_means(years: np.ndarray, values: np.ndarray) -> np.ndarray:
    out = np.empty_like(values)
    for year in np.unique(years):
        out[years == year] = values[years == year].mean()
    return out


def threshold_path(fit: TailFit, years: list[int], n: int, growth: float | None) -> np.ndarray:
    """GDP threshold of the ``n``-th county for each of ``years`` (亿元, current prices)."""
    known = sorted(fit.scale)
    rate = fit.trend() if growth is None else growth
    log_known = np.array([math.log(fit.threshold(y, n)) for y in known])
    step = math.log1p(rate)
    out = []
    for year in years:
        if year <= known[0]:
            out.append(log_known[0] - step * (known[0] - year))
        elif year >= known[-1]:
            out.append(log_known[-1] + step * (year - known[-1]))
        else:
            out.append(float(np.interp(year, known, log_known)))
    return np.exp(np.array(out))


def threshold_paths(fit: TailFit, years: list[int], growth: float | None) -> dict[str, np.ndarray]:
    """Every reported threshold (:data:`SIZES`) for ``years``."""
    return {name: threshold_path(fit, years, n, growth) for name, n in SIZES.items()}


def comparator_set(x100: float, alpha: float, count: int, counties: np.ndarray) -> np.ndarray:
    """Base-year GDP (descending) of ``count`` synthetic national counties that, together with
    ``counties`` (Hubei's projected counties), follow the fitted Pareto tail.

    Rank k of the tail has GDP ``x100 * (100 / k) ** (1 / alpha)`` (so N(>=x_k) = k and
    rank 100 sits on the Top-100 threshold ``x100``). Each Hubei county at or above the
    set's floor takes the place of the tail rank nearest to it in log GDP, so the union
    keeps the fitted shape.

    >>> comparator_set(700.0, 2.0, 3, np.array([])).round(1).tolist()
    [7000.0, 4949.7, 4041.5]
    """
    ranks = np.arange(1, count + len(counties) + 1, dtype=float)
    tail = x100 * (100.0 / ranks) ** (1.0 / alpha)
    keep = np.ones(len(tail), dtype=bool)
    for gdp in sorted(counties, reverse=True):
        if gdp < tail[-1]:
            continue
        free = np.nonzero(keep)[0]
        keep[free[np.argmin(np.abs(np.log(tail[free]) - math.log(gdp)))]] = False
    return tail[keep][:count]


def comparator_sets(x100: np.ndarray, alpha: np.ndarray, count: int, counties: np.ndarray) -> np.ndarray:
    """:func:`comparator_set` for many tails at once (``x100``, ``alpha`` per draw; (S, count) float64), the same
    values: each tail is computed as there, and each Hubei county takes, in every draw where it is at or above
    the floor, the free tail rank nearest to it in log GDP (the first such rank on a tie, as ``argmin`` does).

    >>> comparator_sets(np.array([700.0]), np.array([2.0]), 3, np.array([])).round(1).tolist()
    [[7000.0, 4949.7, 4041.5]]
    """
    ranks = np.arange(1, count + len(counties) + 1, dtype=float)
    tail = np.stack([float(x) * (100.0 / ranks) ** (1.0 / float(a)) for x, a in zip(x100, alpha)])
    keep = np.ones(tail.shape, dtype=bool)
    log_tail = np.log(tail)
    rows = np.arange(len(tail))
    for gdp in sorted(counties, reverse=True):
        active = gdp >= tail[:, -1]
        if not active.any():
            continue
        distance = np.where(keep, np.abs(log_tail - math.log(gdp)), np.inf)
        nearest = distance.argmin(axis=1)
        keep[rows[active], nearest[active]] = False
    first = keep & (np.cumsum(keep, axis=1) <= count)
    return tail[first].reshape(len(tail), count)


def fact_bands(fit: TailFit, tail: TailDraws, points: Mapping[str, Any], rng: np.random.Generator,
               level: float = 0.8) -> list[dict]:
    """Fitted vs published for each fact row: the point fit's count ``exp(a_t - alpha ln x)``, and its ``level``
    predictive band over the tail draws plus the residual s.d. (``fit.sigma`` on ``ln N``)."""
    years = list(np.asarray(points["data_year"]))
    gdp = np.asarray(points["gdp_yi"], dtype=float)
    published = np.asarray(points["count_at_least"], dtype=float)
    lo_q, hi_q = 50 * (1 - level), 50 * (1 + level)
    rows = []
    for year, x, n in zip(years, gdp, published):
        j = tail.years.index(int(year))
        fitted = math.exp(fit.scale[int(year)] - fit.alpha * math.log(x))
        draws = tail.scale[:, j] - tail.alpha * math.log(x) + rng.standard_normal(len(tail)) * fit.sigma
        lo, hi = np.exp(np.percentile(draws, [lo_q, hi_q]))
        rows.append({"data_year": int(year), "gdp_yi": float(x), "published": float(n), "fitted": fitted,
                     "low": float(lo), "high": float(hi), "inside": bool(lo <= n <= hi)})
    return rows
