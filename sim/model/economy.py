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


def national_order(others: np.ndarray, counties: np.ndarray, sizes: tuple[int, ...],
                   share_ties: bool = True) -> tuple[list[np.ndarray], np.ndarray]:
    """Top-N thresholds and national ranks among ``others`` (draws, K) and ``counties`` (draws, n) together.

    Returns, per ``n`` in ``sizes``, the n-th largest GDP of each draw, and each county's rank
    (1 = largest). A county is at or above the Top-N threshold exactly when its rank is <= N.

    Method: one integer sort per year. GDP is taken in float32, whose bit pattern read as an
    int32 orders like the value for positive numbers; the lowest ``b`` bits are replaced by an
    id (0 for the others, 1..n for the counties, ``b = n.bit_length()``), so after sorting each
    row the counties' positions are their ranks. Dropping ``b`` mantissa bits orders values that
    differ by less than 2**(b - 24) relatively (about 4e-6 for 26 counties) as ties: a tie with
    another county shares the better rank, a tie with an other is broken in the county's favour.
    Thresholds are reported with those bits dropped (a truncation of at most 2**(b - 24)).
    ``share_ties=False`` skips looking for ties between counties (for draws where each county has
    its own continuous shock, so a tie has probability about 2**(b - 24) per pair).

    This is the reference: the engine calls :func:`sim.model.ranks.national_order`, the same result
    found faster (``tests/test_ranks.py`` checks they agree on every draw).

    >>> thresholds, ranks = national_order(np.array([[1.0, 4.0, 6.0]]), np.array([[5.0, 3.0]]), (1, 2, 3))
    >>> [float(t[0]) for t in thresholds], ranks.tolist()
    ([6.0, 5.0, 4.0], [[2, 4]])
    >>> national_order(np.array([[1.0, 2.0, 3.0]]), np.array([[2.5, 2.5]]), (2,))[1].tolist()
    [[2, 2]]
    """
    draws, k = others.shape
    n = counties.shape[1]
    bits = max(1, n.bit_length())
    if bits > 8:
        raise ValueError(f"national_order: at most 255 counties; got {n}")
    keep = np.int32(~((1 << bits) - 1))
    ids = np.arange(1, n + 1, dtype=np.int32)
    keys = np.concatenate([np.ascontiguousarray(others, dtype=np.float32).view(np.int32) & keep,
                           (np.ascontiguousarray(counties, dtype=np.float32).view(np.int32) & keep) | ids], axis=1)
    keys.sort(axis=1)
    low = keys & ((1 << bits) - 1)
    rows, cols = np.divmod(np.flatnonzero(low), k + n)
    ranks = np.empty((draws, n), dtype=np.int32)
    ranks[rows, low[rows, cols] - 1] = k + n - cols
    if share_ties:
        ranks = _share_ties(ranks, np.ascontiguousarray(counties, dtype=np.float32).view(np.int32) & keep)
    thresholds = [(keys[:, k + n - size] & keep).view(np.float32).astype(np.float64) for size in sizes]
    return thresholds, ranks


def _share_ties(ranks: np.ndarray, values: np.ndarray) -> np.ndarray:
    """Counties with equal (truncated) GDP share the better rank, so all of them are at or above a
    threshold they sit on. Ties are rare (e.g. imputed seeds in a deterministic run): checked first."""
    ordered = np.sort(values, axis=1)
    if not (ordered[:, 1:] == ordered[:, :-1]).any():
        return ranks
    same = values[:, :, None] == values[:, None, :]
    return np.where(same, ranks[:, None, :], np.iinfo(np.int32).max).min(axis=2).astype(np.int32)
