"""The model's equations: pure functions on numpy arrays, no I/O, no calendar.

Arrays are shaped ``(draws, counties)`` (one row per Monte Carlo draw; one draw
for a deterministic run). GDP is in 亿元 at current prices; rates are fractions
per year. Nominal growth combines real growth with the GDP deflator
(national-accounts identity: nominal index = volume index x price index):

    1 + nominal = (1 + real) * (1 + deflator)
"""

from __future__ import annotations

import numpy as np

NEVER = np.iinfo(np.int32).max
"""Crossing year of a county that has not crossed (sorts after every real year)."""


def nominal_rate(real: np.ndarray | float, deflator: np.ndarray | float) -> np.ndarray | float:
    """Nominal growth from real growth and deflator growth.

    >>> round(nominal_rate(0.06, 0.02), 6)
    0.0812
    """
    return (1.0 + real) * (1.0 + deflator) - 1.0


def grow(gdp: np.ndarray, real: np.ndarray, deflator: np.ndarray | float) -> np.ndarray:
    """GDP one year on: ``gdp * (1 + real) * (1 + deflator)``, elementwise with broadcasting.

    >>> grow(np.array([[100.0]]), np.array([0.5]), 0.0)
    array([[150.]])
    """
    return gdp * (1.0 + real) * (1.0 + deflator)


def at_or_above(gdp: np.ndarray, threshold: np.ndarray) -> np.ndarray:
    """Which counties (draws, counties) are at or above the draw's ``threshold`` (draws,).

    >>> at_or_above(np.array([[5.0, 1.0, 2.0]]), np.array([2.0]))
    array([[ True, False,  True]])
    """
    return gdp >= threshold.reshape(-1, 1)


def update_crossings(first: np.ndarray, above: np.ndarray, year: int) -> np.ndarray:
    """``first`` (draws, counties) with ``year`` set where ``above`` holds for the first time.

    ``first`` holds :data:`NEVER` where not crossed yet.

    >>> update_crossings(np.full((1, 2), NEVER), np.array([[True, False]]), 2021)
    array([[      2021, 2147483647]], dtype=int32)
    """
    return np.where((first == NEVER) & above, np.int32(year), first).astype(np.int32)


def ar1(previous: np.ndarray, persistence: float, innovation: np.ndarray) -> np.ndarray:
    """One step of an AR(1) shock: ``persistence * previous + innovation`` (Box & Jenkins 1970).

    ``innovation`` is already scaled by its standard deviation; with ``persistence`` 0 the
    shocks are independent from year to year.

    >>> ar1(np.array([0.02]), 0.5, np.array([0.01]))
    array([0.02])
    """
    return persistence * previous + innovation


def count_greater(sorted_rows: np.ndarray, queries: np.ndarray) -> np.ndarray:
    """Per row, how many values of ``sorted_rows`` (ascending along axis 1) are strictly greater
    than each query: a row-wise ``K - searchsorted(row, q, side="right")`` by vectorised bisection.

    >>> count_greater(np.array([[1.0, 2.0, 3.0], [5.0, 6.0, 7.0]]), np.array([[2.0, 0.0], [7.0, 5.5]]))
    array([[1, 3],
           [0, 2]])
    """
    rows, k = sorted_rows.shape
    lo = np.zeros(queries.shape, dtype=np.int64)
    hi = np.full(queries.shape, k, dtype=np.int64)
    for _ in range(int(k).bit_length()):
        mid = (lo + hi) // 2
        value = np.take_along_axis(sorted_rows, np.minimum(mid, k - 1), axis=1)
        right = (value <= queries) & (lo < hi)
        lo = np.where(right, mid + 1, lo)
        hi = np.where(right, hi, mid)
    return k - lo


def union_ranks(sorted_others: np.ndarray, counties: np.ndarray) -> np.ndarray:
    """National rank (1 = largest) of each county among ``counties`` and ``sorted_others`` together.

    ``sorted_others`` (draws, K) is ascending along axis 1; ``counties`` is (draws, n).
    Ties share the better rank.

    >>> union_ranks(np.array([[1.0, 4.0]]), np.array([[3.0, 5.0]]))
    array([[3, 1]])
    """
    among_counties = (counties[:, None, :] > counties[:, :, None]).sum(axis=2)
    return 1 + count_greater(sorted_others, counties) + among_counties


def nth_largest(sorted_others: np.ndarray, counties: np.ndarray, ns: tuple[int, ...]) -> list[np.ndarray]:
    """The ``n``-th largest value per row of ``sorted_others`` and ``counties`` together, for each ``n``.

    Only the top ``max(ns)`` of the ascending ``sorted_others`` can matter, so only those are merged.

    >>> [v.tolist() for v in nth_largest(np.array([[1.0, 4.0, 6.0]]), np.array([[5.0]]), (1, 2, 3))]
    [[6.0], [5.0], [4.0]]
    """
    top = max(ns)
    merged = np.sort(np.concatenate([sorted_others[:, -top:], counties], axis=1), axis=1)
    return [merged[:, -n] for n in ns]
