"""A minimal numpy kernel doing the fitted engine's irreducible work for one block, the yardstick of issue 17.

Given a fitted block's inputs (``plan.block_inputs(b)``: per-draw history, rates, volatilities, shock states,
comparator set), it does what no implementation can skip, in the plainest vectorised numpy:

* the normals: every shock the engine draws (national, Hubei, tier, county, deflator, trend walk, price gap:
  each draw and year after the history) and each comparator's own shock (each draw, comparator and year),
  comparators in float32 as in the engine;
* the AR(1) updates and the growth step (``exp`` of the summed log rates), the history copied in;
* per year, the Top-100 and Top-50 order statistics over comparators and counties, every county's national
  rank (one int32 sort per row, as :mod:`sim.model.ranks`: the cheapest exact order numpy offers) and the
  first crossing years; GDP, thresholds and ranks recorded per year.

It skips what the engine adds around that: the simpy calendar and its events (tier promotions, scheduled
events), known-year rules, ties between counties, the ``above`` flags kept per threshold, and everything after
the engine (streamed summaries, targets, list probabilities). Its random numbers are not the engine's (the
order of draws differs), so it is a cost yardstick, not a reference for results.
"""

from __future__ import annotations

import numpy as np

TIERS = ("advance", "sprint", "reserve", "other")
NEVER = np.iinfo(np.int32).max


def run_kernel(inputs, rng: np.random.Generator, sizes: tuple[int, ...] = (100, 50)) -> dict:
    """One block of ``inputs`` (fitted, with comparators): GDP (T, D, n), thresholds (len(sizes), T, D), ranks
    (T, D, n) and first crossing years (len(sizes), D, n)."""
    f, vol = inputs.fitted, inputs.volatility
    t_count, h = len(inputs.years), f.years
    d, n = f.history.shape[1], f.history.shape[2]
    others = np.array(np.broadcast_to(inputs.comparators, (d, np.shape(inputs.comparators)[-1])), dtype=np.float32)
    k = others.shape[1]
    tier = np.array([TIERS.index(x) for x in inputs.tiers])
    sig_c = np.asarray(vol.comparator, dtype=np.float32)
    rho_c = np.asarray(f.comparator_persistence, dtype=np.float32)
    rho = np.asarray(vol.persistence)
    idio = np.zeros((d, k), dtype=np.float32)
    s = {name: np.asarray(f.start[name], dtype=float) for name in ("national", "hubei", "tier", "county", "deflator")}
    trend = np.zeros((d, 1))
    gdp = f.history[0].astype(float)
    out_gdp = np.empty((t_count, d, n))
    out_thr = np.empty((len(sizes), t_count, d))
    out_rank = np.empty((t_count, d, n), dtype=np.int32)
    first = np.full((len(sizes), d, n), NEVER, dtype=np.int32)
    bits = max(1, n.bit_length())
    low = (1 << bits) - 1
    ids = np.arange(1, n + 1, dtype=np.int32)
    row_start = np.repeat(np.arange(d) * (k + n), n)
    row_rank = np.repeat(np.arange(d) * n, n)
    keys = np.empty((d, k + n), dtype=np.int32)      # work arrays made once (fresh ones each year cost as much as the sort)
    low_bits = np.empty(d * (k + n), dtype=np.int32)
    hit = np.empty(d * (k + n), dtype=bool)
    work = np.empty((d, k), dtype=np.float32)
    for i in range(t_count):
        if i > 0:
            idio *= rho_c
            innovation = rng.standard_normal(out=work, dtype=np.float32)
            innovation *= sig_c
            idio += innovation
            if i < h:
                gdp = f.history[i].astype(float)
                step = f.comparator_history[i - 1]
            else:
                for name in ("national", "hubei", "deflator"):
                    s[name] = rho * s[name] + np.asarray(getattr(vol, name)) * rng.standard_normal((d, 1))
                s["tier"] = rho * s["tier"] + np.asarray(vol.tier) * rng.standard_normal((d, len(TIERS)))
                s["county"] = rho * s["county"] + np.asarray(vol.county) * rng.standard_normal((d, n))
                trend = trend + np.asarray(f.trend) * rng.standard_normal((d, 1))
                gap = np.asarray(f.price_gap) * rng.standard_normal((d, 1))
                common = trend + s["national"]
                gdp = gdp * np.exp(inputs.real[i - 1] + common + s["hubei"] + s["tier"][:, tier] + s["county"]
                                   + inputs.deflator[i - 1] + s["deflator"] + gap)
                step = f.comparator_mean[i - 1] + common + f.national_deflator[i - 1] + s["deflator"]
            growth = np.add(step.astype(np.float32), idio, out=work)
            others *= np.exp(growth, out=growth)
        # the order: float32 bits as int32, counties' numbers in the low bits, one sort per row
        np.bitwise_and(others.view(np.int32), ~low, out=keys[:, :k])
        np.bitwise_or(gdp.astype(np.float32).view(np.int32) & ~low, ids, out=keys[:, k:])
        keys.sort(axis=1)
        number = np.bitwise_and(keys.reshape(-1), low, out=low_bits)
        where = np.flatnonzero(np.not_equal(number, 0, out=hit))
        ranks = np.empty(d * n, dtype=np.int32)
        ranks[row_rank + number[where] - 1] = (k + n) - (where - row_start)
        ranks = ranks.reshape(d, n)
        for j, size in enumerate(sizes):
            out_thr[j, i] = (keys[:, k + n - size] & ~low).view(np.float32)
            first[j] = np.where((first[j] == NEVER) & (ranks <= size), np.int32(inputs.years[i]), first[j])
        out_gdp[i], out_rank[i] = gdp, ranks
    return {"gdp": out_gdp, "thresholds": out_thr, "ranks": out_rank, "first": first}
