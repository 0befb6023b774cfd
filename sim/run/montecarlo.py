"""Monte Carlo over blocks of draws with reproducible, prefix-stable random streams.

Draws are simulated in blocks of :data:`BLOCK`. Block ``b`` takes its random numbers from
``numpy.random.SeedSequence(seed, spawn_key=(b,))``, so draw ``i`` always has the same
numbers whatever the total number of draws: asking for more draws keeps the earlier ones
identical. A block is always simulated whole; only the draws asked for are counted. Blocks
are folded into a :class:`~sim.run.summary.Summary` whose counts add exactly, so the result is
the same for any number of worker processes.
"""

from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from typing import Callable

import numpy as np

from sim.model import engine
from sim.run import lists as list_tally
from sim.run import targets
from sim.run.executors import forking
from sim.run.summary import Summary

BLOCK = 1000
"""Draws per random-stream block. Changing it changes every stochastic result."""


@dataclass(frozen=True)
class Plan:
    """What to simulate: engine inputs and how to summarise them."""

    inputs: engine.Inputs
    targets: tuple[targets.Target, ...]
    sustain: int
    source: object | None = None
    deterministic: bool = False
    """For a fitted projection, what makes each block's per-draw inputs (:class:`sim.run.fitted.Source`)."""
    rest: object | None = None
    """The plan's units that are not projected (:class:`sim.run.rest.Rest`), added to the targets' measures."""
    lists: object | None = None
    """The list membership model's coefficient draws (:class:`sim.model.lists.ListDraws`), if fitted."""

    def block_inputs(self, block: int) -> engine.Inputs:
        """The engine inputs of block ``block`` (the same for every block unless the projection is fitted)."""
        return self.inputs if self.source is None else self.source.inputs(block * BLOCK, BLOCK)

    def summary(self) -> Summary:
        measured = {t.item: t.value for t in self.targets if t.measured}
        units = len(self.inputs.county_ids) + (0 if self.rest is None else self.rest.units)
        s = Summary.empty(self.inputs.years, self.inputs.county_ids, self.inputs.tiers, tuple(self.inputs.sizes),
                          self.sustain, rank_cap=rank_cap(self.inputs), targets=measured, count_cap=units)
        if self.lists is not None and "top100" in self.inputs.sizes:
            s.arrays[list_tally.KEY] = np.zeros((len(self.inputs.county_ids), len(self.inputs.years)), dtype=np.int64)
        return s


def rank_cap(inputs: engine.Inputs) -> int:
    """Largest rank counted: the size of the simulated national set (Pareto ranks are capped there too)."""
    others = inputs.comparator_count
    return max(others, 1000) + len(inputs.county_ids)


def block_rng(seed: int, block: int) -> np.random.Generator:
    return np.random.Generator(np.random.PCG64(np.random.SeedSequence(seed, spawn_key=(block,))))


def run_blocks(plan: Plan, seed: int, draws: int, blocks: range, keep: int = 0,
               progress: Callable[[int], None] | None = None) -> tuple[Summary, list[tuple[int, engine.BlockPaths]]]:
    """Simulate ``blocks`` and fold them into a new summary; also return ``(block, paths)`` of draws < ``keep``."""
    summary = plan.summary()
    kept = []
    for b in blocks:
        rows = min(BLOCK, draws - b * BLOCK)
        paths = engine.run(plan.block_inputs(b), BLOCK, None if plan.deterministic else block_rng(seed, b))
        rest = None if plan.rest is None else plan.rest.sample(b * BLOCK, BLOCK, seed, b, paths, plan.inputs.years)
        summary.add(paths, rows, targets.measure(list(plan.targets), paths, plan.inputs.years, rest))
        if list_tally.KEY in summary.arrays:
            summary.arrays[list_tally.KEY] += list_tally.tally(plan.lists, paths.gdp, paths.thresholds["top100"], b * BLOCK, rows)
        if b * BLOCK < keep:
            take = min(rows, keep - b * BLOCK)
            kept.append((b, engine.BlockPaths(gdp=paths.gdp[:, :take].copy(), ranks=paths.ranks[:, :take].copy(),
                                          thresholds={k: v[:, :take].copy() for k, v in paths.thresholds.items()},
                                          above={k: v[:, :take].copy() for k, v in paths.above.items()},
                                          first={k: v[:take].copy() for k, v in paths.first.items()})))
        if progress:
            progress(rows)
    return summary, kept


def simulate(plan: Plan, draws: int, seed: int, *, jobs: int = 1, keep: int = 0,
             progress: Callable[[int], None] | None = None) -> tuple[Summary, list[engine.BlockPaths]]:
    """Run ``draws`` draws (in :data:`BLOCK`-sized blocks, over ``jobs`` processes)."""
    count = -(-draws // BLOCK)
    if jobs <= 1 or count == 1:
        summary, kept = run_blocks(plan, seed, draws, range(count), keep, progress)
        return summary, [paths for _, paths in kept]
    parts = [range(i, count, jobs) for i in range(jobs) if i < count]
    summary, kept = plan.summary(), []
    with forking(), ProcessPoolExecutor(max_workers=len(parts)) as pool:
        futures = [pool.submit(run_blocks, plan, seed, draws, part, keep) for part in parts]
        for part, future in zip(parts, futures):
            result, paths = future.result()
            summary.merge(result)
            kept += paths
            if progress:
                progress(result.draws)
    return summary, [paths for _, paths in sorted(kept, key=lambda item: item[0])]
