"""The naive per-county simpy reference (:mod:`reference_simpy`) for a *fitted* projection's inputs (parameter draws).

Same equations and inputs as :mod:`sim.model.engine`'s fitted path (``inputs.fitted`` set; take the inputs of a
block from ``plan.block_inputs(b)``), none of its vectorisation: every draw has a *macro* process (its own
posterior draw's volatilities, persistence and shock states), every Hubei county and every national comparator
of every draw is its own simpy process stepping one year at a time, with Python-float shocks from
``random.Random.gauss``. Draw ``d`` of the reference takes draw ``d`` of the block's inputs (its history, rates,
volatilities, comparator set and gap), so the parameter draws are in; the random numbers are not the engine's,
so results agree within Monte Carlo error only. Equations (log rates; ``i`` is the step into ``years[i]``)::

    history (i < H):  gdp[d,c] = history[i,d,c];  other[d,k] *= exp(comparator_history[i-1,d] + idio[d,k])
    after it:         shocks s_t = rho_d * s_{t-1} + sigma_d * e  (national, Hubei, tier, county, deflator;
                      trend: rho 1; price gap: rho 0), started from the posterior states in year H - 1
                      gdp[d,c]   *= exp(real[i-1,d,c] + trend + national + hubei + tier[tier(c)] + county[c]
                                        + deflator[i-1,d] + price + price_gap)
                      other[d,k] *= exp(comparator_mean[i-1,d] + trend + national + national_deflator[i-1,d]
                                        + price + idio[d,k])
    every year:       idio[d,k] = rho_c[d] * idio[d,k] + sigma_c[d] * e   (each comparator's own AR(1) shock)

Years with known province-wide growth (deflator) zero the national and Hubei (price) shocks, as the engine's
``Shocks`` does. Thresholds, ranks and crossings as in :mod:`reference_simpy` (a full sort per draw and year).
Events are refused.
"""

from __future__ import annotations

import bisect
import math
import random

import numpy as np
import simpy

from reference_simpy import first_counts  # the benchmarks folder is on the path of whoever imports this

TIERS = ("advance", "sprint", "reserve", "other")


def _scalar(value, d: int) -> float:
    array = np.asarray(value, dtype=float)
    return float(array) if array.ndim == 0 else float(array.reshape(array.shape[0], -1)[d, 0])


def _cell(value, d: int, c: int) -> float:
    """``value`` of draw ``d`` and county ``c``: a scalar, (D, 1) or (D, n)."""
    array = np.asarray(value, dtype=float)
    if array.ndim == 0:
        return float(array)
    return float(array[d, c if array.shape[1] > 1 else 0])


def run_reference_fitted(inputs, draws: int, seed: int) -> dict:
    """Simulate the first ``draws`` draws of a fitted block's ``inputs`` the naive way; returns what
    :func:`reference_simpy.run_reference` returns."""
    fitted = inputs.fitted
    if fitted is None or inputs.comparators is None:
        raise ValueError("reference_fitted: needs a fitted block's inputs with a comparator set")
    if inputs.events:
        raise NotImplementedError("reference_fitted: events are not implemented")
    gauss = random.Random(seed).gauss
    exp = math.exp
    years = [int(y) for y in inputs.years]
    ids = list(inputs.county_ids)
    n, steps, h = len(ids), len(years) - 1, fitted.years
    names = tuple(inputs.sizes)
    sizes = [int(inputs.sizes[k]) for k in names]
    tier_of = [TIERS.index(t) for t in inputs.tiers]
    known_growth = [bool(x) for x in inputs.known_growth] if inputs.known_growth is not None else [False] * steps
    known_deflator = [bool(x) for x in inputs.known_deflator] if inputs.known_deflator is not None else [False] * steps
    vol = inputs.volatility
    comparators = np.asarray(inputs.comparators, dtype=float)
    gdp_now = [[0.0] * n for _ in range(draws)]
    others_now = [[0.0] * comparators.shape[-1] for _ in range(draws)]
    macro_now = [dict() for _ in range(draws)]
    first = {name: [[None] * n for _ in range(draws)] for name in names}
    horizon_ranks: list[list[int]] = [[] for _ in range(n)]
    horizon_gdp: list[list[float]] = [[] for _ in range(n)]
    env = simpy.Environment(initial_time=years[0])

    def macro(d: int):
        rho = _scalar(vol.persistence, d)
        sd = {k: _scalar(getattr(vol, k), d) for k in ("national", "hubei", "tier", "deflator")}
        sd_trend, sd_gap = _scalar(fitted.trend, d), _scalar(fitted.price_gap, d)
        start = fitted.start
        national, hubei, price = (_scalar(start["national"], d), _scalar(start["hubei"], d), _scalar(start["deflator"], d))
        tier = [float(x) for x in np.asarray(start["tier"])[d]]
        trend = 0.0
        m = macro_now[d]
        for i in range(1, steps + 1):
            yield env.timeout(0.75 if i == 1 else 1)          # at years[i] - 0.25
            if i < h:
                continue
            national = 0.0 if known_growth[i - 1] else rho * national + sd["national"] * gauss(0.0, 1.0)
            hubei = 0.0 if known_growth[i - 1] else rho * hubei + sd["hubei"] * gauss(0.0, 1.0)
            tier = [rho * x + sd["tier"] * gauss(0.0, 1.0) for x in tier]
            price = 0.0 if known_deflator[i - 1] else rho * price + sd["deflator"] * gauss(0.0, 1.0)
            trend = trend + sd_trend * gauss(0.0, 1.0)
            gap = sd_gap * gauss(0.0, 1.0)
            m.update(common=trend + national, hubei=hubei, tier=list(tier), price=price, gap=gap)

    def county(d: int, c: int):
        gdp_now[d][c] = float(fitted.history[0, d, c])
        rho, sd = _scalar(vol.persistence, d), _cell(vol.county, d, c)
        shock = _cell(fitted.start["county"], d, c)
        k, m = tier_of[c], macro_now[d]
        for i in range(1, steps + 1):
            yield env.timeout(1)                               # at years[i]
            if i < h:
                gdp_now[d][c] = float(fitted.history[i, d, c])
                continue
            shock = rho * shock + sd * gauss(0.0, 1.0)
            log_real = float(inputs.real[i - 1, d, c]) + m["common"] + m["hubei"] + m["tier"][k] + shock
            log_price = float(inputs.deflator[i - 1, d, 0]) + m["price"] + m["gap"]
            gdp_now[d][c] *= exp(log_real + log_price)

    def comparator(d: int, j: int):
        others_now[d][j] = float(comparators[d, j] if comparators.ndim == 2 else comparators[j])
        rho, sd = _scalar(fitted.comparator_persistence, d), _scalar(vol.comparator, d)
        idio, m = 0.0, macro_now[d]
        for i in range(1, steps + 1):
            yield env.timeout(1)                               # at years[i]
            idio = rho * idio + sd * gauss(0.0, 1.0)
            if i < h:
                step = float(fitted.comparator_history[i - 1, d, 0])
            else:
                step = (float(fitted.comparator_mean[i - 1, d, 0]) + m["common"]
                        + float(fitted.national_deflator[i - 1, d, 0]) + m["price"])
            others_now[d][j] *= exp(step + idio)

    def year_end(i: int):
        yield env.timeout(i + 0.25)                            # at years[i] + 0.25, after every series has grown
        for d in range(draws):
            gdp = gdp_now[d]
            union = sorted(others_now[d] + gdp)
            total = len(union)
            for name, size in zip(names, sizes):
                threshold, crossed = union[total - size], first[name][d]
                for c in range(n):
                    if crossed[c] is None and gdp[c] >= threshold:
                        crossed[c] = years[i]
            if i == steps:
                for c in range(n):
                    horizon_ranks[c].append(1 + total - bisect.bisect_right(union, gdp[c]))
                    horizon_gdp[c].append(gdp[c])

    processes = 0
    for d in range(draws):
        env.process(macro(d))
        for c in range(n):
            env.process(county(d, c))
        for j in range(comparators.shape[-1]):
            env.process(comparator(d, j))
        processes += 1 + n + comparators.shape[-1]
    for i in range(steps + 1):
        env.process(year_end(i))
        processes += 1
    env.run()
    counts = {name: first_counts([first[name][d] for d in range(draws)], n, years) for name in names}
    return {"years": years, "county_ids": ids, "names": names, "draws": draws, "processes": processes,
            "first": counts, "rank_horizon": horizon_ranks, "gdp_horizon": horizon_gdp}
