"""The calendar: a simpy ``Environment`` that orders each year's phases and scheduled events.

Simulated time is the calendar year. One clock process runs, for each year after
the base year, these phases in this fixed order:

1. **events**: apply every action that events queued for this year (in the order the
   scenario lists the events);
2. **grow**: move GDP one year with :func:`sim.economy.grow`;
3. **record**: hand this year's GDP and thresholds to the recorder;
4. **crossings**: mark counties at or above each threshold for the first time.

The base year itself is recorded and checked for crossings (a county already above)
before the first step. An event is a simpy process that wakes half a year before the
year it is due (``year - 0.5``), so it has always queued its action when the clock
reaches that year. Events never touch the state directly; the clock applies what they
queued. The state is numpy arrays shaped ``(draws, counties)``.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Callable, Protocol

import numpy as np
import simpy

from . import economy
from .scenario import GrowthShock


@dataclass(frozen=True)
class Inputs:
    """Everything the engine needs, as arrays. ``real[i]`` and ``deflator[i]`` are the
    growth from ``years[i]`` to ``years[i + 1]``; thresholds hold one value per year."""

    years: list[int]
    county_ids: list[str]
    tiers: list[str]
    gdp0: np.ndarray
    real: np.ndarray
    deflator: np.ndarray
    thresholds: dict[str, np.ndarray]
    events: tuple[GrowthShock, ...] = ()


class Recorder(Protocol):
    def record(self, index: int, year: int, gdp: np.ndarray, thresholds: dict[str, np.ndarray]) -> None: ...


@dataclass
class PathRecorder:
    """Keeps every path: ``gdp[year_index, draw, county]`` and ``thresholds[name][year_index, draw]``."""

    years: int
    draws: int
    counties: int
    names: tuple[str, ...]
    gdp: np.ndarray = field(init=False)
    thresholds: dict[str, np.ndarray] = field(init=False)

    def __post_init__(self) -> None:
        self.gdp = np.empty((self.years, self.draws, self.counties))
        self.thresholds = {n: np.empty((self.years, self.draws)) for n in self.names}

    def record(self, index: int, year: int, gdp: np.ndarray, thresholds: dict[str, np.ndarray]) -> None:
        self.gdp[index] = gdp
        for name, value in thresholds.items():
            self.thresholds[name][index] = value


Action = Callable[[np.ndarray], None]
"""An action an event queues: it adds to this year's real-growth array ``(draws, counties)`` in place."""


def _shock_action(event: GrowthShock, ids: list[str], tiers: list[str]) -> Action:
    mask = np.array([event.applies_to(c, t) for c, t in zip(ids, tiers)])

    def apply(real: np.ndarray) -> None:
        real[:, mask] += event.size

    return apply


def run(inputs: Inputs, draws: int = 1, recorder: Recorder | None = None) -> tuple[Recorder, dict[str, np.ndarray]]:
    """Run the calendar from the base year to the horizon.

    Returns the recorder and, per threshold, the first year each (draw, county) was at
    or above it (:data:`sim.economy.NEVER` if not by the horizon).
    """
    years = inputs.years
    n = len(inputs.county_ids)
    recorder = recorder or PathRecorder(len(years), draws, n, tuple(inputs.thresholds))
    env = simpy.Environment(initial_time=years[0])
    queue: dict[int, list[Action]] = defaultdict(list)
    state = {"gdp": np.broadcast_to(inputs.gdp0, (draws, n)).astype(float)}
    first = {name: np.full((draws, n), economy.NEVER, dtype=np.int32) for name in inputs.thresholds}

    def thresholds_at(i: int) -> dict[str, np.ndarray]:
        return {name: np.full(draws, path[i]) for name, path in inputs.thresholds.items()}

    def observe(i: int, year: int) -> None:
        current = thresholds_at(i)
        recorder.record(i, year, state["gdp"], current)
        for name, value in current.items():
            first[name] = economy.update_crossings(first[name], state["gdp"], value, year)

    def event(shock: GrowthShock):
        yield env.timeout(shock.year - 0.5 - env.now)
        queue[shock.year].append(_shock_action(shock, inputs.county_ids, inputs.tiers))

    def clock():
        observe(0, years[0])
        for i, year in enumerate(years[1:], start=1):
            yield env.timeout(1)
            real = np.broadcast_to(inputs.real[i - 1], (draws, n)).copy()
            for action in queue.pop(year, []):
                action(real)
            state["gdp"] = economy.grow(state["gdp"], real, inputs.deflator[i - 1])
            observe(i, year)

    for shock in inputs.events:
        env.process(event(shock))
    env.process(clock())
    env.run()
    return recorder, first
