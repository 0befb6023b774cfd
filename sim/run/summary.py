"""Streaming summaries of Monte Carlo draws: what the result files need, never the draws themselves.

Each block of draws (:class:`sim.model.engine.BlockPaths`) is folded into counts: histograms of
GDP and thresholds on a fine log grid (with exact minimum and maximum), histograms of
ranks, crossing years and tier membership (integers, exact), and GDP sums in fixed point.
Counts add exactly, so the result does not depend on how draws were split into blocks,
chunks or processes, and memory does not grow with the number of draws.

Quantiles of GDP and thresholds are read off the log grid (bin width :data:`LOG_STEP`,
interpolated within the bin and clamped to the exact min and max), so they are within
0.1% of the exact sample quantile, and exact when all draws agree (a deterministic run).
Integer quantities use the lower inverse CDF: the smallest value with at least q of draws
at or below it. ``year_pX`` of a crossing is the first year by which at least X% of draws
have crossed.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from sim.model.tiers import TIERS
from sim.model.economy import NEVER
from sim.model.engine import BlockPaths

LOG_LOW, LOG_HIGH, LOG_STEP = 0.0, math.log(1e7), 0.002
"""GDP grid: ln(亿元) from 0 (1亿) to ln 1e7, in steps of 0.2%."""
BINS = int(math.ceil((LOG_HIGH - LOG_LOW) / LOG_STEP))
FIXED = 10_000
"""GDP sums are kept in units of 1/FIXED 亿元 (integers add exactly in any order)."""


def _bin(values: np.ndarray) -> np.ndarray:
    x = np.maximum(values, 1e-300)            # floor((ln x - LOG_LOW) / LOG_STEP), clipped; in place, one buffer
    np.log(x, out=x)
    x -= LOG_LOW
    x /= LOG_STEP
    np.floor(x, out=x)
    index = x.astype(np.int64)
    return np.clip(index, 0, BINS - 1, out=index)


def hist_quantile(counts: np.ndarray, q: float, low: float, high: float) -> float:
    """Quantile ``q`` of values histogrammed on the GDP grid, clamped to ``[low, high]``.

    >>> c = np.zeros(BINS, dtype=np.int64); c[_bin(np.array([650.65]))] = 3
    >>> hist_quantile(c, 0.5, 650.65, 650.65)
    650.65
    """
    total = counts.sum()
    cum = np.cumsum(counts)
    target = q * total
    k = int(np.searchsorted(cum, target, side="left"))
    below = cum[k - 1] if k > 0 else 0
    inside = (target - below) / counts[k] if counts[k] else 0.0
    value = math.exp(LOG_LOW + (k + inside) * LOG_STEP)
    return min(max(value, low), high)


def int_quantile(counts: np.ndarray, q: float) -> int:
    """Smallest index whose cumulative count reaches ``q`` of the total (lower inverse CDF).

    >>> int_quantile(np.array([0, 2, 1, 1]), 0.5), int_quantile(np.array([0, 2, 1, 1]), 0.9)
    (1, 3)
    """
    cum = np.cumsum(counts)
    return int(np.searchsorted(cum, q * cum[-1] - 1e-9, side="left"))


def first_sustained(above: np.ndarray, k: int) -> np.ndarray:
    """Index of the first year that starts ``k`` consecutive years above, per (draw, county); -1 if none.

    ``above`` is (years, draws, counties) boolean. A run still open at the horizon counts only if
    it already has ``k`` years (the years after the horizon are unknown).

    >>> a = np.array([1, 0, 1, 1, 1, 0], dtype=bool)[:, None, None]
    >>> first_sustained(a, 3).tolist(), first_sustained(a, 4).tolist()
    ([[2]], [[-1]])
    """
    years = above.shape[0]
    if k > years:
        return np.full(above.shape[1:], -1)
    starts = np.zeros((years - k + 1,) + above.shape[1:], dtype=bool)
    for start in range(years - k + 1):
        starts[start] = above[start:start + k].all(axis=0)
    found = starts.any(axis=0)
    return np.where(found, starts.argmax(axis=0), -1)


@dataclass
class Summary:
    """Counts over draws for one projection. Build with :meth:`empty`, fold blocks with :meth:`add`."""

    years: list[int]
    county_ids: list[str]
    tiers: list[str]
    names: tuple[str, ...]
    sustain: int
    rank_cap: int
    targets: dict[str, float] = field(default_factory=dict)
    draws: int = 0
    arrays: dict[str, np.ndarray] = field(default_factory=dict)

    @classmethod
    def empty(cls, years, county_ids, tiers, names, sustain, rank_cap, targets=None, count_cap=None) -> "Summary":
        t, n, m = len(years), len(county_ids), len(names)
        s = cls(years=list(years), county_ids=list(county_ids), tiers=list(tiers), names=tuple(names), sustain=sustain,
                rank_cap=rank_cap, targets=dict(targets or {}))
        tier_sizes = [tiers.count(tier) for tier in TIERS]
        s.arrays = {
            "gdp_hist": np.zeros((t, n, BINS), dtype=np.int64),
            "gdp_min": np.full((t, n), np.inf), "gdp_max": np.full((t, n), -np.inf),
            "gdp_sum": np.zeros((t, n), dtype=np.int64),
            "thr_hist": np.zeros((m, t, BINS), dtype=np.int64),
            "thr_min": np.full((m, t), np.inf), "thr_max": np.full((m, t), -np.inf),
            "member": np.zeros((n, m, t), dtype=np.int64),
            "first": np.zeros((n, m, t + 1), dtype=np.int64),
            "sustained": np.zeros((n, m, t + 1), dtype=np.int64),
            "rank": np.zeros((t, n, rank_cap + 1), dtype=np.int64),
            "tier_members": np.zeros((len(TIERS), m, t, max(tier_sizes) + 1), dtype=np.int64),
            "target_hist": np.zeros((len(s.targets), BINS), dtype=np.int64),
            "target_int": np.zeros((len(s.targets), max(n, count_cap or 0) + 1), dtype=np.int64),
            "target_met": np.zeros(len(s.targets), dtype=np.int64),
            "target_min": np.full(len(s.targets), np.inf), "target_max": np.full(len(s.targets), -np.inf),
        }
        return s

    def add(self, block: BlockPaths, rows: int, target_values: dict[str, np.ndarray] | None = None) -> None:
        """Fold the first ``rows`` draws of ``block`` into the counts."""
        a = self.arrays
        gdp = block.gdp[:, :rows]
        t, _, n = gdp.shape
        self.draws += rows
        _fold(a["gdp_hist"], _bin(gdp))
        np.minimum(a["gdp_min"], gdp.min(axis=1), out=a["gdp_min"])
        np.maximum(a["gdp_max"], gdp.max(axis=1), out=a["gdp_max"])
        a["gdp_sum"] += np.rint(gdp * FIXED).astype(np.int64).sum(axis=1)
        ranks = np.minimum(block.ranks[:, :rows], self.rank_cap)
        _fold(a["rank"], ranks)
        tier_index = np.array([TIERS.index(x) for x in self.tiers], dtype=np.intp)
        in_tier = (tier_index[:, None] == np.arange(len(TIERS))[None, :]).astype(np.float32)  # (n, tiers), one-hot
        width = a["tier_members"].shape[-1]
        year_cells = np.arange(t)[:, None] * width
        for j, name in enumerate(self.names):
            thr = block.thresholds[name][:, :rows]
            _fold(a["thr_hist"][j][:, None, :], _bin(thr)[:, :, None])
            np.minimum(a["thr_min"][j], thr.min(axis=1), out=a["thr_min"][j])
            np.maximum(a["thr_max"][j], thr.max(axis=1), out=a["thr_max"][j])
            above = block.above[name][:, :rows]
            a["member"][:, j, :] += above.sum(axis=1).T
            first = block.first[name][:rows]
            index = np.where(first == NEVER, t, first - self.years[0])
            a["first"][:, j, :] += _count_rows(index, t + 1)
            sustained = first_sustained(above, self.sustain)
            a["sustained"][:, j, :] += _count_rows(np.where(sustained < 0, t, sustained), t + 1)
            # members of each tier per year and draw: one small product (exact: at most n ones are added)
            members = (above.astype(np.float32) @ in_tier).astype(np.intp)  # (t, rows, tiers)
            for k in range(len(TIERS)):
                cells = year_cells + members[:, :, k]
                a["tier_members"][k, j] += np.bincount(cells.ravel(), minlength=t * width).reshape(t, -1)
        for i, (name, values) in enumerate((target_values or {}).items()):
            values = values[:rows]
            if np.issubdtype(values.dtype, np.integer):
                width = a["target_int"].shape[1]
                a["target_int"][i] += np.bincount(np.minimum(values, width - 1), minlength=width)
            else:
                a["target_hist"][i] += np.bincount(_bin(values), minlength=BINS)
            a["target_met"][i] += int((values >= self.targets[name]).sum())
            a["target_min"][i] = min(a["target_min"][i], float(values.min()))
            a["target_max"][i] = max(a["target_max"][i], float(values.max()))

    def gdp_quantile(self, t: int, i: int, q: float) -> float:
        """Quantile ``q`` (0-1) of county ``i``'s GDP in year index ``t`` (亿元)."""
        a = self.arrays
        return hist_quantile(a["gdp_hist"][t, i], q, a["gdp_min"][t, i], a["gdp_max"][t, i])

    def threshold_quantile(self, j: int, t: int, q: float) -> float:
        """Quantile ``q`` (0-1) of threshold ``names[j]`` in year index ``t`` (亿元)."""
        a = self.arrays
        return hist_quantile(a["thr_hist"][j, t], q, a["thr_min"][j, t], a["thr_max"][j, t])

    def merge(self, other: "Summary") -> None:
        """Add another summary of the same projection (e.g. from another process)."""
        self.draws += other.draws
        for key, value in other.arrays.items():
            if key.endswith("_min"):
                np.minimum(self.arrays[key], value, out=self.arrays[key])
            elif key.endswith("_max"):
                np.maximum(self.arrays[key], value, out=self.arrays[key])
            else:
                self.arrays[key] += value


def _fold(hist: np.ndarray, bins: np.ndarray) -> None:
    """Add to ``hist`` (t, m, B) the counts of ``bins`` (t, draws, m): cell (t, j) counts the values of ``bins[t, :, j]``.

    Exactly ``hist += bincount`` over all t * m * B cells, but the block's counts are made only over the span of
    bins each cell's draws occupy (a few hundred of the GDP grid's 8,059), laid end to end, and each cell's span is
    added to its slice in place: a block no longer allocates and adds the whole histogram (27 MB for GDP).

    >>> h = np.zeros((1, 2, 5), dtype=np.int64); _fold(h, np.array([[[0, 4], [1, 4], [1, 3]]])); h.tolist()
    [[[1, 2, 0, 0, 0], [0, 0, 0, 1, 2]]]
    """
    t, m, width = hist.shape
    flat = hist.reshape(-1)
    if not np.shares_memory(flat, hist):
        raise ValueError("_fold: the histogram must be contiguous")
    low = bins.min(axis=1)                                                # (t, m)
    spans = (bins.max(axis=1) - low + 1).ravel()
    starts = np.cumsum(spans) - spans                                     # each cell's place in the packed counts
    total = int(spans.sum())
    packed = (starts.reshape(t, 1, m) - low[:, None, :]) + bins
    counts = np.bincount(packed.ravel(), minlength=total)
    cell_start = np.arange(t * m) * width + low.ravel()                   # each cell's first bin in ``hist``
    for first, start, span in zip(cell_start.tolist(), starts.tolist(), spans.tolist()):
        flat[first:first + span] += counts[start:start + span]


def _count_rows(index: np.ndarray, size: int) -> np.ndarray:
    """Per county (column), counts of each value of ``index`` (rows = draws)."""
    n = index.shape[1]
    cells = np.arange(n)[None, :] * size + index
    return np.bincount(cells.ravel(), minlength=n * size).reshape(n, size)
