"""A deliberately naive reference implementation of tiersim's Monte Carlo model, for benchmarking.

Same model and the same inputs as :mod:`sim.model.engine` (take them from ``projection.plan.inputs``), but none of
its vectorisation: every Hubei county and every national comparator of every draw is its own simpy process,
stepping one year at a time with ``yield env.timeout(1)`` and drawing its own shocks as Python floats with
``random.Random.gauss``. It does not reproduce the engine's random numbers, only its equations and its work,
so results agree within Monte Carlo error, not exactly.

Equations (as in sim/model/engine.py; ``i`` indexes the step from ``years[i - 1]`` to ``years[i]``)::

    s_t = persistence * s_{t-1} + sigma * e_t,  e_t ~ N(0, 1)       for each shock component
    real[d,c]   = mean[i,c] + national[d] + hubei[d] + tier[d,tier(c)] + county[d,c] (+ growth-shock events)
    gdp[d,c]   *= (1 + real[d,c]) * (1 + deflator[i] + price[d])
    other[d,k] *= (1 + comparator_growth[i] + national[d] + deviation[d,k]) * (1 + price[d])

``deviation[d,k] = comparator_sigma * e`` is drawn once per draw and comparator. In years whose real growth
(deflator) is a known province-wide figure, the national and Hubei (price) shocks are zero. Tier and county
shocks are never zeroed.

The Top-N threshold of a draw and year is the N-th largest GDP of comparators and counties together; a county
crosses in the first year (base year included) in which it is at or above the threshold.

The calendar, with each phase at a fixed offset inside the year so the order never depends on how simpy
orders simultaneous events:

* ``year - 0.25``: one *macro* process per draw draws that year's national, Hubei, tier and price shocks;
* ``year``: one process per county per draw and one per comparator per draw grows its GDP;
* ``year + 0.25``: one process per year computes, for every draw, the Top-100/Top-50 thresholds, the ranks of
  the counties and their crossings.

Covered: the comparator-set threshold model (``inputs.comparators`` set; the ``fitted`` model has no national
set to simulate) and growth-shock events. Projects and tier promotions (sim/model/events.py) are refused.
"""

from __future__ import annotations

import bisect
import random

import numpy as np
import simpy

TIERS = ("advance", "sprint", "reserve", "other")  # same order as sim.data.registry.TIERS


class _Draw:
    """State of one draw: this year's macro shocks and every series' GDP, as Python floats."""

    __slots__ = ("national", "hubei", "tier", "price", "gdp", "others", "first", "ranks")

    def __init__(self, gdp0: list[float], others0: list[float], names: tuple[str, ...]):
        self.national = 0.0
        self.hubei = 0.0
        self.tier = [0.0] * len(TIERS)
        self.price = 0.0
        self.gdp = list(gdp0)
        self.others = list(others0)
        self.first = {name: [None] * len(gdp0) for name in names}
        self.ranks = [0] * len(gdp0)


def run_reference(inputs, draws: int, seed: int) -> dict:
    """Simulate ``draws`` draws of the engine ``inputs`` (a :class:`sim.model.engine.Inputs`) the naive way.

    Returns a dict with ``years``, ``county_ids``, ``names``, ``draws``, ``processes`` (simpy processes
    started), ``first`` (per threshold name, an int array (counties, years + 1) counting draws by first
    crossing year; the last column counts draws that never cross), ``rank_horizon`` and ``gdp_horizon`` (per
    county, a list of its national rank and its GDP in the horizon year, one per draw).
    """
    if inputs.comparators is None:
        raise ValueError("reference: only the comparator-set threshold model is implemented (inputs.comparators is None)")
    rng = random.Random(seed)
    gauss = rng.gauss
    years = [int(y) for y in inputs.years]
    ids = list(inputs.county_ids)
    n, steps = len(ids), len(years) - 1
    names = tuple(inputs.sizes)
    sizes = [int(inputs.sizes[k]) for k in names]
    vol = inputs.volatility
    rho = float(vol.persistence)
    tier_of = [TIERS.index(t) for t in inputs.tiers]
    mean = [[float(x) for x in row] for row in np.asarray(inputs.real)]
    deflator = [float(x) for x in inputs.deflator]
    comparator_growth = [float(x) for x in inputs.comparator_growth]
    known_growth = [bool(x) for x in inputs.known_growth] if inputs.known_growth is not None else [False] * steps
    known_deflator = [bool(x) for x in inputs.known_deflator] if inputs.known_deflator is not None else [False] * steps
    events = _growth_shocks(inputs.events, ids, list(inputs.tiers), years)
    gdp0 = [float(x) for x in inputs.gdp0]
    comparators = np.asarray(inputs.comparators, dtype=float)   # (K,), or per draw (D, K): draw d takes row d
    others0 = [[float(x) for x in (comparators[d] if comparators.ndim == 2 else comparators)] for d in range(draws)]
    state = [_Draw(gdp0, others0[d], names) for d in range(draws)]
    horizon_ranks: list[list[int]] = [[] for _ in range(n)]
    horizon_gdp: list[list[float]] = [[] for _ in range(n)]

    env = simpy.Environment(initial_time=years[0])

    def macro(d: _Draw):
        national = hubei = price = 0.0
        tier = [0.0] * len(TIERS)
        for i in range(1, steps + 1):
            yield env.timeout(0.75 if i == 1 else 1)          # at years[i] - 0.25
            national = rho * national + vol.national * gauss(0.0, 1.0)
            hubei = rho * hubei + vol.hubei * gauss(0.0, 1.0)
            for k in range(len(TIERS)):
                tier[k] = rho * tier[k] + vol.tier * gauss(0.0, 1.0)
            price = rho * price + vol.deflator * gauss(0.0, 1.0)
            if known_growth[i - 1]:
                national = hubei = 0.0
            if known_deflator[i - 1]:
                price = 0.0
            d.national, d.hubei, d.tier, d.price = national, hubei, list(tier), price

    def county(d: _Draw, c: int):
        shock = 0.0
        k = tier_of[c]
        for i in range(1, steps + 1):
            yield env.timeout(1)                               # at years[i]
            shock = rho * shock + vol.county * gauss(0.0, 1.0)
            real = mean[i - 1][c] + events[i][c] + d.national + d.hubei + d.tier[k] + shock
            d.gdp[c] = d.gdp[c] * (1.0 + real) * (1.0 + deflator[i - 1] + d.price)

    def comparator(d: _Draw, j: int):
        deviation = vol.comparator * gauss(0.0, 1.0)
        for i in range(1, steps + 1):
            yield env.timeout(1)                               # at years[i]
            d.others[j] = d.others[j] * (1.0 + comparator_growth[i - 1] + d.national + deviation) * (1.0 + d.price)

    def year_end(i: int):
        yield env.timeout(i + 0.25)                            # at years[i] + 0.25, after every series has grown
        year = years[i]
        for d in state:
            union = sorted(d.others + d.gdp)                   # ascending
            total = len(union)
            for name, size in zip(names, sizes):
                threshold = union[total - size]                # the size-th largest
                first = d.first[name]
                for c in range(n):
                    if first[c] is None and d.gdp[c] >= threshold:
                        first[c] = year
            for c in range(n):
                d.ranks[c] = 1 + total - bisect.bisect_right(union, d.gdp[c])   # 1 + how many are strictly larger
            if i == steps:
                for c in range(n):
                    horizon_ranks[c].append(d.ranks[c])
                    horizon_gdp[c].append(d.gdp[c])

    processes = 0
    for d in state:
        env.process(macro(d))
        processes += 1
        for c in range(n):
            env.process(county(d, c))
        for j in range(comparators.shape[-1]):
            env.process(comparator(d, j))
        processes += n + comparators.shape[-1]
    for i in range(steps + 1):
        env.process(year_end(i))
        processes += 1
    env.run()

    first = {name: first_counts([d.first[name] for d in state], n, years) for name in names}
    return {"years": years, "county_ids": ids, "names": names, "draws": draws, "processes": processes,
            "first": first, "rank_horizon": horizon_ranks, "gdp_horizon": horizon_gdp}


def first_counts(per_draw: list, n: int, years: list[int]) -> np.ndarray:
    """(n, years + 1) counts of each county's first-crossing year over the draws (last column: never)."""
    counts = np.zeros((n, len(years) + 1), dtype=np.int64)
    for firsts in per_draw:
        for c, y in enumerate(firsts):
            counts[c, len(years) if y is None else y - years[0]] += 1
    return counts


def _growth_shocks(events, ids: list[str], tiers: list[str], years: list[int]) -> list[list[float]]:
    """Real growth added by growth-shock events, per year index and county (Python floats).

    Only growth shocks (``year``, ``size``, ``applies_to``, optionally ``decay`` via ``sizes(horizon)``) are
    covered; other event types (projects, tier promotions) are refused rather than silently ignored.
    """
    added = [[0.0] * len(ids) for _ in years]
    for e in events:
        if not (hasattr(e, "size") and hasattr(e, "applies_to")):
            raise NotImplementedError(f"reference: event {type(e).__name__} is not implemented (growth shocks only)")
        touched = e.sizes(years[-1]) if hasattr(e, "sizes") else [(e.year, e.size)]
        for year, size in touched:
            if year in years[1:]:
                i = years.index(year)
                for c, (cid, tier) in enumerate(zip(ids, tiers)):
                    if e.applies_to(cid, tier):
                        added[i][c] += size
    return added


def p_crossed_by(first_counts: np.ndarray, draws: int) -> np.ndarray:
    """Per county, the share of draws that crossed by the horizon, from a (counties, years + 1) count array
    whose last column counts draws that never crossed (the layout of ``Summary.arrays['first'][:, j, :]``)."""
    return 1.0 - first_counts[:, -1] / draws
