"""Scores of probabilistic forecasts against outcomes: pure functions on arrays, with known answers.

- **Coverage** of a central band and its **Wilson interval** (Wilson 1927, "Probable inference, the law of
  succession, and statistical inference"): the interval for a proportion that keeps its level for few points.
- **PIT** (probability integral transform; Dawid 1984, "Statistical theory: the prequential approach"): the
  share of forecast draws below the outcome; uniform on [0, 1] for a calibrated forecast.
- **CRPS** (continuous ranked probability score; Gneiting & Raftery 2007, "Strictly proper scoring rules,
  prediction, and estimation", JASA 102), from draws: ``E|X - y| - E|X - X'| / 2``, in the outcome's units
  (lower is better; for a point forecast it is the absolute error).
- **Brier score** (Brier 1950) of probabilities of a yes/no outcome, and the **Brier skill score** against a
  reference forecast: ``1 - BS / BS_ref`` (positive: better than the reference).
"""

from __future__ import annotations

import math

import numpy as np


def wilson(hits: int, n: int, level: float = 0.8) -> tuple[float, float]:
    """Wilson score interval for a proportion ``hits / n`` at ``level`` (two-sided).

    >>> [round(x, 3) for x in wilson(8, 10, 0.8)]
    [0.602, 0.914]
    """
    if n == 0:
        return (float("nan"), float("nan"))
    z = _z(level)
    p = hits / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return (centre - half, centre + half)


def _z(level: float) -> float:
    """The standard normal quantile of ``(1 + level) / 2`` (bisection on erf; no SciPy needed)."""
    target = (1 + level) / 2
    low, high = 0.0, 10.0
    for _ in range(80):
        mid = (low + high) / 2
        if 0.5 * (1 + math.erf(mid / math.sqrt(2))) < target:
            low = mid
        else:
            high = mid
    return (low + high) / 2


def inside(draws: np.ndarray, outcome: np.ndarray, band: float) -> np.ndarray:
    """Whether each outcome lies in the central ``band`` of its draws (draws on axis 0).

    >>> bool(inside(np.arange(101.0)[:, None], np.array([50.0]), 0.8)[0]), bool(inside(np.arange(101.0)[:, None], np.array([95.0]), 0.8)[0])
    (True, False)
    """
    low, high = np.quantile(draws, [(1 - band) / 2, (1 + band) / 2], axis=0)
    return (outcome >= low) & (outcome <= high)


def pit(draws: np.ndarray, outcome: np.ndarray) -> np.ndarray:
    """Share of draws below each outcome (ties count half), draws on axis 0.

    >>> pit(np.array([[1.0], [2.0], [3.0], [4.0]]), np.array([2.5])).tolist()
    [0.5]
    """
    below = (draws < outcome).mean(axis=0)
    equal = (draws == outcome).mean(axis=0)
    return below + equal / 2


def crps(draws: np.ndarray, outcome: np.ndarray) -> np.ndarray:
    """CRPS of the empirical distribution of ``draws`` (axis 0) for each outcome.

    Computed from sorted draws in O(n log n): ``E|X - X'| = 2 / n^2 * sum_i (2i - n - 1) x_(i)``.

    >>> float(crps(np.array([[3.0]]), np.array([1.0]))[0])
    2.0
    >>> round(float(crps(np.array([[0.0], [1.0]]), np.array([0.5]))[0]), 3)
    0.25
    """
    n = draws.shape[0]
    first = np.abs(draws - outcome).mean(axis=0)
    ordered = np.sort(draws, axis=0)
    weights = (2 * np.arange(1, n + 1) - n - 1).reshape((n,) + (1,) * (draws.ndim - 1))
    spread = 2.0 / (n * n) * (weights * ordered).sum(axis=0)
    return first - spread / 2


def brier(probability: np.ndarray, outcome: np.ndarray) -> float:
    """Mean squared difference between probabilities and 0/1 outcomes.

    >>> brier(np.array([1.0, 0.0, 0.5]), np.array([1, 0, 1]))
    0.08333333333333333
    """
    return float(np.mean((np.asarray(probability, dtype=float) - np.asarray(outcome, dtype=float)) ** 2))


def skill(score: float, reference: float) -> float:
    """Brier skill score ``1 - score / reference`` (NaN when the reference is perfect, i.e. 0: no room to improve).

    >>> skill(0.05, 0.1), skill(0.0, 0.0) != skill(0.0, 0.0)
    (0.5, True)
    """
    return float("nan") if reference == 0 else 1.0 - score / reference
