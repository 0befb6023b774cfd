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

    def threshold(self, year: int, n: int) -> float:
        """GDP (亿元) of the ``n``-th largest county in a data ``year``."""
        return math.exp((self.scale[year] - math.log(n)) / self.alpha)

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
    return TailFit(alpha=alpha, alpha_fitted=tail_index is None, scale=scale, points=len(points),
                   rmse=float(np.sqrt(np.mean(residuals**2))))


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
