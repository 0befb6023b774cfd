"""Top-N thresholds and national ranks of a year, exactly as :func:`sim.model.economy.national_order`, faster.

Same keys and the same result, bit for bit (``tests/test_ranks.py`` checks it with hypothesis, ties included):
GDP in float32 read as int32 (for positive numbers the bit pattern orders like the value), the lowest
``b = n.bit_length()`` bits replaced by an id (0 for the national comparators, 1..n for the counties), one
SIMD int32 sort per row; the N-th largest key (its id bits dropped) is the Top-N threshold, and a county's
place in its sorted row is its rank.

What is faster is *finding* the counties' places after the sort (the costly step of the reference, which scans
the sorted int32 keys for non-zero id bits and divides every hit's flat index by the row length): here the
scan is over a boolean mask (numpy's fastest compaction), every row holds exactly ``n`` counties so the row of
each hit is known without a division, and the ranks are scattered into a flat array; and the megabyte-sized work
arrays (keys, id bits, hits) are made once per block (:class:`NationalOrder`) instead of every year. On the
engine's shape (1,000 draws x 326 series) this takes the ranking from about 2 ms to about 0.8 ms a year (CPU time,
interleaved, on the shared machine).

Why no "window" (count the values above a narrow band around last year's threshold and sort only the band):
in numpy that needs a compaction of the band's members, which costs more than numpy's vectorised sort of
the whole row (about 0.2 ms for 1,000 x 326 int32 keys against 0.4 ms for a boolean compaction alone), and the
counties' ranks, far from the threshold, still need the full order; ``benchmarks/bench_engine.py`` measures
both. Ties between counties (equal seeds, no own shock yet) are shared as in the reference: checked on the
counties' keys only, then resolved for the rows that have them.
"""

from __future__ import annotations

import functools

import numpy as np


def id_bits(n: int) -> int:
    """Bits of the id field for ``n`` counties (at most 8: 255 counties).

    >>> id_bits(26), id_bits(1)
    (5, 1)
    """
    bits = max(1, n.bit_length())
    if bits > 8:
        raise ValueError(f"national_order: at most 255 counties; got {n}")
    return bits


def national_order(others: np.ndarray, counties: np.ndarray, sizes: tuple[int, ...],
                   share_ties: bool = True) -> tuple[list[np.ndarray], np.ndarray]:
    """Top-N thresholds (one (draws,) float64 array per N in ``sizes``) and national ranks (draws, n) int32 of
    ``counties`` (draws, n) among ``others`` (draws, K) and themselves: the same as
    :func:`sim.model.economy.national_order` (see there for ties and the float32 truncation).

    >>> thresholds, ranks = national_order(np.array([[1.0, 4.0, 6.0]]), np.array([[5.0, 3.0]]), (1, 2, 3))
    >>> [float(t[0]) for t in thresholds], ranks.tolist()
    ([6.0, 5.0, 4.0], [[2, 4]])
    >>> national_order(np.array([[1.0, 2.0, 3.0]]), np.array([[2.5, 2.5]]), (2,))[1].tolist()
    [[2, 2]]
    """
    return NationalOrder(others.shape[0], others.shape[1], counties.shape[1])(others, counties, sizes, share_ties)


class NationalOrder:
    """:func:`national_order` for one block shape, with its work arrays made once: the engine orders every year
    of a block in the same buffers (fresh megabyte-sized arrays each year cost as much as the sort)."""

    def __init__(self, draws: int, k: int, n: int):
        self.draws, self.k, self.n, self.width = draws, k, n, k + n
        bits = id_bits(n)
        self.low, self.keep = np.int32((1 << bits) - 1), np.int32(~((1 << bits) - 1))
        self.numbers = np.arange(1, n + 1, dtype=np.int32)
        self.keys = np.empty((draws, self.width), dtype=np.int32)
        self.ids = np.empty(draws * self.width, dtype=np.int32)
        self.hit = np.empty(draws * self.width, dtype=bool)

    def __call__(self, others: np.ndarray, counties: np.ndarray, sizes: tuple[int, ...],
                 share_ties: bool = True) -> tuple[list[np.ndarray], np.ndarray]:
        draws, k, n, width, keys = self.draws, self.k, self.n, self.width, self.keys
        if others.shape != (draws, k) or counties.shape != (draws, n):
            raise ValueError(f"national_order: shapes {others.shape} and {counties.shape}; this order is for "
                             f"({draws}, {k}) and ({draws}, {n})")
        np.bitwise_and(np.ascontiguousarray(others, dtype=np.float32).view(np.int32), self.keep, out=keys[:, :k])
        county_keys = np.ascontiguousarray(counties, dtype=np.float32).view(np.int32) & self.keep
        np.bitwise_or(county_keys, self.numbers, out=keys[:, k:])
        keys.sort(axis=1)
        ids = np.bitwise_and(keys.reshape(-1), self.low, out=self.ids)
        where = np.flatnonzero(np.not_equal(ids, 0, out=self.hit))   # exactly n hits per row, in row order
        row_start, rank_start = _row_starts(draws, n, width)
        ranks = np.empty(draws * n, dtype=np.int32)
        ranks[rank_start + ids[where] - 1] = width - (where - row_start)
        ranks = ranks.reshape(draws, n)
        if share_ties and n > 1:
            ranks = _share_ties(ranks, county_keys)
        thresholds = [(keys[:, width - size] & self.keep).view(np.float32).astype(np.float64) for size in sizes]
        return thresholds, ranks


@functools.lru_cache(maxsize=8)
def _row_starts(draws: int, n: int, width: int) -> tuple[np.ndarray, np.ndarray]:
    """For each of the ``draws * n`` hits, in row order: its row's first index in the sorted keys and in the ranks
    (the same every year of a block, so made once)."""
    rows = np.repeat(np.arange(draws, dtype=np.intp), n)
    row_start, rank_start = rows * width, rows * n
    row_start.flags.writeable = rank_start.flags.writeable = False
    return row_start, rank_start


def _share_ties(ranks: np.ndarray, values: np.ndarray) -> np.ndarray:
    """Counties with equal truncated keys share the better (smaller) rank; only rows with a tie are touched."""
    ordered = np.sort(values, axis=1)
    tied = (ordered[:, 1:] == ordered[:, :-1]).any(axis=1)
    if not tied.any():
        return ranks
    rows = np.flatnonzero(tied)
    v, r = values[rows], ranks[rows]
    same = v[:, :, None] == v[:, None, :]
    ranks = ranks.copy()
    ranks[rows] = np.where(same, r[:, None, :], np.iinfo(np.int32).max).min(axis=2)
    return ranks
