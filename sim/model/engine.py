"""The calendar: a simpy ``Environment`` that orders each year's phases and scheduled events.

Simulated time is the calendar year. One clock process runs, for each year after
the base year, these phases in this fixed order:

1. **events**: apply every action that events queued for this year (promotions decided
   last year first, then scheduled events in the order the scenario lists them; see
   :mod:`sim.model.events`);
2. **grow**: draw this year's shocks, move Hubei counties and the national comparator
   set one year (:mod:`sim.model.economy`), and take the Top-N thresholds and national ranks
   from the new GDP;
3. **record**: hand this year's GDP, thresholds and ranks to the recorder;
4. **crossings**: mark counties at or above each threshold for the first time, then
   signal the year's crossings to the processes that wait on them (tier promotion).

The base year itself is recorded and checked for crossings (a county already above)
before the first step. An event is a simpy process that wakes half a year before the
year it is due (``year - 0.5``), so it has always queued its action when the clock
reaches that year. Events never touch the state; the clock applies what they queued.

State is numpy arrays shaped ``(draws, counties)``; one call runs one block of draws.

Growth model (real growth of county c in year t, draw d)::

    g[d,t,c] = mean[t,c] + national[d,t] + hubei[d,t] + tier[d,t,tier(c)] + county[d,t,c]

each shock an AR(1) process ``s_t = persistence * s_{t-1} + sigma * e_t``, ``e_t ~ N(0, 1)``;
the deflator is ``deflator[t] + price[d,t]`` (another AR(1) shock). Comparators grow at
the nominal trend of the thresholds plus the national shock plus their own deviation
(drawn once per draw and comparator), times the same price shock.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np
import simpy

from sim.model import economy, ranks as order
from sim.model.tiers import TIERS
from sim.model import events as ev
from sim.model.shocks import Shocks, Uncertainty


@dataclass(frozen=True)
class Inputs:
    """Everything the engine needs, as arrays. ``real[i]`` and ``deflator[i]`` are the growth
    from ``years[i]`` to ``years[i + 1]``; threshold paths hold one value per year.

    With ``comparators`` (base-year GDP of the national comparator set, shape (K,)) the
    thresholds are the N-th largest GDP among comparators and counties in each draw and
    year; without, they are the exogenous ``thresholds`` paths and ranks are read off the
    Pareto tail (``tail_alpha``).
    """

    years: list[int]
    county_ids: list[str]
    tiers: list[str]
    gdp0: np.ndarray
    real: np.ndarray
    deflator: np.ndarray
    thresholds: dict[str, np.ndarray]
    sizes: dict[str, int]
    events: tuple = ()
    volatility: Uncertainty = field(default_factory=Uncertainty.zero)
    comparators: np.ndarray | None = None
    comparator_growth: np.ndarray | None = None
    tail_alpha: float = 2.45
    known_growth: np.ndarray | None = None
    known_deflator: np.ndarray | None = None
    real_promoted: np.ndarray | None = None
    """Real growth (T, counties) a county gets once promoted to the advance tier (default: ``real``)."""
    """Per step, whether real growth (the deflator) is a known province-wide figure: the national
    and Hubei (price) shocks are zero in such years."""
    fitted: "Fitted | None" = None
    """Per-draw history and shock states of a fitted projection (then every rate is a log rate)."""

    @property
    def comparator_count(self) -> int:
        """Size of the national comparator set (0 without one); ``comparators`` may be (K,) or per draw (D, K)."""
        return 0 if self.comparators is None else int(np.shape(self.comparators)[-1])


@dataclass(frozen=True)
class Fitted:
    """What a fitted projection adds, per draw of one block (``D`` draws; see :mod:`sim.run.fitted`).

    Rates are **log** rates here (``gdp *= exp(real + deflator)``), and ``Inputs.real`` / ``deflator`` /
    ``real_promoted`` are per draw, shaped (steps, D, counties) / (steps, D, 1); the volatilities of
    ``Inputs.volatility`` may be arrays (D, 1). The first ``H`` years are history: county GDP is the
    posterior draw's (``history``, (H, D, n)), not grown, and the shocks start from ``start`` (their
    states in year ``H - 1``, each (D, 1), (D, K) or (D, n)). Two more shocks run after the history:
    the trend's random walk (s.d. ``trend``, shared by every county and the comparators) and Hubei's
    white price gap to the national deflator (s.d. ``price_gap``).

    Comparators (when ``Inputs.comparators`` is given, (D, K) or (K,)) grow at ``comparator_history``
    (steps of the history, (H - 1, D, 1): the realised national nominal growth plus their gap), then at
    ``comparator_mean`` (the national trend plus their gap, with the national deflator ``national_deflator``,
    both (steps, D, 1)) plus the trend walk and the national real and price shocks, and each comparator
    has its own AR(1) shock (s.d. ``Inputs.volatility.comparator``, persistence ``comparator_persistence``).
    """

    history: np.ndarray
    start: dict
    trend: np.ndarray | float = 0.0
    price_gap: np.ndarray | float = 0.0
    comparator_history: np.ndarray | None = None
    comparator_mean: np.ndarray | None = None
    national_deflator: np.ndarray | None = None
    comparator_persistence: np.ndarray | float = 0.0

    @property
    def years(self) -> int:
        return int(self.history.shape[0])


@dataclass
class BlockPaths:
    """One block's paths: ``gdp[year, draw, county]``, ``thresholds[name][year, draw]``, ``ranks[year, draw, county]``,
    ``above[name][year, draw, county]`` (at or above the threshold, decided once, in the engine) and the first
    crossing year ``first[name][draw, county]``."""

    gdp: np.ndarray
    thresholds: dict[str, np.ndarray]
    ranks: np.ndarray
    above: dict[str, np.ndarray] = field(default_factory=dict)
    first: dict[str, np.ndarray] = field(default_factory=dict)


def run(inputs: Inputs, draws: int = 1, rng: np.random.Generator | None = None) -> BlockPaths:
    """Run the calendar for one block of ``draws`` from the base year to the horizon.

    Without ``rng`` no shocks are drawn (the deterministic path, repeated ``draws`` times).
    """
    years = inputs.years
    n = len(inputs.county_ids)
    t_count = len(years)
    tier_index = np.array([TIERS.index(t) for t in inputs.tiers], dtype=np.intp)
    names = tuple(inputs.sizes)
    paths = BlockPaths(gdp=np.empty((t_count, draws, n)), thresholds={k: np.empty((t_count, draws)) for k in names},
                       ranks=np.empty((t_count, draws, n), dtype=np.int32),
                       above={k: np.empty((t_count, draws, n), dtype=bool) for k in names})
    env = simpy.Environment(initial_time=years[0])
    queue: dict[int, list[ev.Action]] = defaultdict(list)
    fitted_sizes = None if inputs.fitted is None else {"trend": inputs.fitted.trend, "price_gap": inputs.fitted.price_gap}
    shocks = Shocks(rng, draws, n, inputs.volatility, extra=fitted_sizes)
    advance = TIERS.index("advance")
    real_promoted = inputs.real if inputs.real_promoted is None else inputs.real_promoted
    state: dict = {"gdp": np.broadcast_to(inputs.gdp0, (draws, n)).astype(float), "extra": np.zeros((draws, n)),
                   "promoted": np.zeros((draws, n), dtype=bool), "crossings": env.event()}
    first = {name: np.full((draws, n), economy.NEVER, dtype=np.int32) for name in names}
    fitted = inputs.fitted
    if fitted is not None:
        state["gdp"] = fitted.history[0].astype(float, copy=True)
    if inputs.comparators is not None:
        # comparators are kept in float32 (they are synthetic, and their order is taken in float32 anyway)
        comparators = np.asarray(inputs.comparators)
        state["others"] = np.broadcast_to(comparators, (draws, comparators.shape[-1])).astype(np.float32)
        state["order"] = order.NationalOrder(draws, comparators.shape[-1], n)  # its work arrays reused every year
        state["scratch"] = np.empty(state["others"].shape, dtype=np.float32)     # the comparators' yearly work array
        if fitted is None:
            deviation = rng.standard_normal(state["others"].shape) * inputs.volatility.comparator if rng is not None else 0.0
            state["one_plus_deviation"] = (1.0 + np.asarray(deviation, dtype=np.float32)).astype(np.float32)
        else:
            state["idio"] = np.zeros(state["others"].shape, dtype=np.float32)
            comparator_sigma = np.asarray(inputs.volatility.comparator, dtype=np.float32)
            comparator_rho = np.asarray(fitted.comparator_persistence, dtype=np.float32)

    def national_position(i: int) -> None:
        """Observed GDP (own growth plus project GDP), thresholds and ranks of year index ``i``."""
        gdp = state["observed"] = state["gdp"] + state["extra"]
        if inputs.comparators is None:
            state["thresholds"] = {k: np.full(draws, inputs.thresholds[k][i]) for k in names}
            state["above"] = {k: economy.at_or_above(gdp, state["thresholds"][k]) for k in names}
            # Pareto tail through the Top-100 threshold: N(>=x) = 100 (x100 / x)^alpha
            x100 = inputs.thresholds["top100"][i]
            with np.errstate(over="ignore", divide="ignore"):
                ranks = np.ceil(100 * (x100 / gdp) ** inputs.tail_alpha)
            state["ranks"] = np.clip(np.nan_to_num(ranks, nan=2**31 - 1), 1, 2**31 - 1).astype(np.int32)
            return
        # ties between counties need equal seeds and no county shock since (the base year, or no shocks)
        ties_possible = i == 0 or rng is None or np.all(np.asarray(inputs.volatility.county) == 0) or (
            inputs.fitted is not None and i < inputs.fitted.years)
        values, ranks = state["order"](state["others"], gdp, tuple(inputs.sizes.values()), share_ties=ties_possible)
        state["thresholds"] = dict(zip(names, values))
        state["ranks"] = ranks
        state["above"] = {name: ranks <= size for name, size in inputs.sizes.items()}

    def observe(i: int, year: int) -> None:
        paths.gdp[i] = state["observed"]
        paths.ranks[i] = state["ranks"]
        for name in names:
            paths.thresholds[name][i] = state["thresholds"][name]
            paths.above[name][i] = state["above"][name]
            first[name] = economy.update_crossings(first[name], state["above"][name], year)
        signal, state["crossings"] = state["crossings"], env.event()
        signal.succeed((year, state["above"]))

    def comparator_idio() -> np.ndarray:
        """This year's own AR(1) shock of each comparator (fitted projections)."""
        if rng is not None:  # float32 normals straight from the generator (half the work of float64 + a cast)
            innovation = rng.standard_normal(out=state["scratch"], dtype=np.float32)  # into a reused buffer
            innovation *= comparator_sigma
            state["idio"] *= comparator_rho
            state["idio"] += innovation
        return state["idio"]

    def grow_others(step: np.ndarray) -> None:
        """Comparators one year on: ``others *= exp(step + idio)`` (float32, in reused buffers)."""
        buffer = np.add(step, comparator_idio(), out=state["scratch"])
        state["others"] *= np.exp(buffer, out=buffer)

    def history_step(i: int) -> None:
        """A year of the fitted history: the posterior draw's GDP; comparators on the realised national path."""
        state["gdp"] = fitted.history[i].astype(float, copy=True)
        if inputs.comparators is not None:
            grow_others(np.asarray(fitted.comparator_history[i - 1], dtype=np.float32))
        if i == fitted.years - 1:
            shocks.start(fitted.start)
        national_position(i)

    def grow_fitted(i: int, real: np.ndarray) -> None:
        s = shocks.step(bool(inputs.known_growth is not None and inputs.known_growth[i - 1]),
                        bool(inputs.known_deflator is not None and inputs.known_deflator[i - 1]))
        common = s["trend"] + s["national"]
        log_real = real + common + s["hubei"] + s["county"]
        if rng is not None:
            tiers_now = np.where(state["promoted"], advance, tier_index)
            log_real = log_real + np.take_along_axis(s["tier"], tiers_now, axis=1)
        log_price = inputs.deflator[i - 1] + s["deflator"] + s["price_gap"]
        state["gdp"] = state["gdp"] * np.exp(log_real + log_price)
        if inputs.comparators is not None:
            national_price = fitted.national_deflator[i - 1] + s["deflator"]
            step = np.asarray(fitted.comparator_mean[i - 1] + common + national_price, dtype=np.float32)
            grow_others(step)
        national_position(i)

    def grow(i: int, real: np.ndarray) -> None:
        s = shocks.step(bool(inputs.known_growth is not None and inputs.known_growth[i - 1]),
                        bool(inputs.known_deflator is not None and inputs.known_deflator[i - 1]))
        if rng is not None:
            tiers_now = np.where(state["promoted"], advance, tier_index)
            real = real + np.take_along_axis(s["tier"], tiers_now, axis=1)
        real = real + s["national"] + s["hubei"] + s["county"]
        deflator = inputs.deflator[i - 1] + s["deflator"]
        state["gdp"] = economy.grow(state["gdp"], real, deflator)
        if inputs.comparators is not None:
            # others *= (1 + trend + national + deviation) * (1 + price shock)
            common = np.float32(inputs.comparator_growth[i - 1]) + np.asarray(s["national"], dtype=np.float32)
            factor = np.add(state["one_plus_deviation"], common, out=state["scratch"])
            factor *= (1.0 + np.asarray(s["deflator"], dtype=np.float32))
            state["others"] *= factor
        national_position(i)

    def clock():
        national_position(0)
        observe(0, years[0])
        for i, year in enumerate(years[1:], start=1):
            yield env.timeout(1)
            step = ev.Step(year=year, added=np.zeros((draws, n)), extra=state["extra"], promoted=state["promoted"])
            for action in queue.pop(year, []):
                action(step)
            if fitted is not None and i < fitted.years:
                history_step(i)
            else:
                base = np.where(state["promoted"], real_promoted[i - 1], inputs.real[i - 1])
                (grow if fitted is None else grow_fitted)(i, base + step.added)
            observe(i, year)

    for event in inputs.events:
        if isinstance(event, ev.TierPromotion):
            env.process(ev.watch_promotions(env, event, queue, inputs.tiers, lambda: state["crossings"]))
        else:
            env.process(ev.schedule(env, event, queue, inputs.county_ids, inputs.tiers, years[-1]))
    env.process(clock())
    env.run()
    paths.first = first
    return paths
