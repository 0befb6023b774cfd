"""The rest of the county economy: the plan's county units that tiersim does not project, as one series.

The plan's county targets are for all of its units (78 in 2020); tiersim projects a subset. So that the
total target is measured over all of them, each Monte Carlo draw carries the rest as one number per year:

- **Anchor.** The plan's total over its units in the latest year it gives one (25,464.9亿 in 2020, else
  18,118.7亿 in 2015) minus the same draw's GDP of the projected units in that year (from the draw's path,
  or, fitted model, from its posterior draw when the anchor is before the base year).
- **Growth (fitted model).** Per posterior draw, in the years the fit covers: Hubei's realised nominal growth
  (the posterior's path); after it: Hubei's fitted trend (China's trend + Hubei's gap) and the fitted deflator
  trend, where the scenario does not set them (a scenario's rate for the ``other`` tier, its ``years`` or
  ``default``, and ``shift``, apply to the rest as to any county of tier ``other``). Plus the **rest's gap**:
  per draw, the rest's own average log growth 2015-2020 (the plan's two totals minus the projected units of
  that draw) minus Hubei's realised nominal growth in those years (median about 0, 80% range about +-2
  points a year: this carries the uncertainty about the rest's level and trend).
- **Growth (assumed model).** The scenario's real growth for tier ``other`` and its deflator; no gap.
- **Shocks (assumption).** The rest is an aggregate of some 50 units, so county shocks average out; it gets
  one AR(1) shock (the fit's persistence) with innovation s.d. ``sig_tier`` in the fitted history (its
  deviation from Hubei's realised growth) and sqrt(national^2 + Hubei^2 + tier^2 + deflator^2) after it,
  plus (fitted) the trend's random walk ``sig_trend``. These shocks are drawn on their own random stream
  (``SeedSequence(seed, spawn_key=(block, 1))``), independent of the projected counties' shocks: the total's
  band is therefore a little narrower than if the common national and Hubei shocks were shared.
- **Counts (assumption).** Units >= 500亿 among the rest: the plan's count in the anchor year (16 in 2020) minus
  the projected units >= 500亿 in that year, held at that count (a lower bound: rest units that cross 500亿
  later are not counted). Units >= 1000亿 and Top-50 members among the rest: none (no unit of the rest was in
  the national Top-100 in 2020; the plan's 7 members are all projected tier counties).

With a yearbook that holds all of the plan's units (``--data``), nothing is left for the rest and every
target is measured directly on the projected units.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from sim.model.engine import BlockPaths
from sim.scenario.schema import Scenario

REST_STREAM = 1
"""Second element of the rest's ``SeedSequence`` spawn key (the engine's streams use ``(block,)``)."""
GAP_FROM, GAP_TO = 2015, 2020
"""The plan's two totals that give the rest's gap to Hubei's growth."""


@dataclass(frozen=True)
class Rest:
    units: int
    """The plan's units (78)."""
    anchor: int
    total: float
    """The plan's total over its units in ``anchor`` (亿元)."""
    count500: int | None
    """The plan's count of units >= 500亿 in ``anchor`` (``None``: not given)."""
    last: int
    """Last year with a growth step in ``mean`` (``anchor + mean.shape[1]``)."""
    mean: np.ndarray
    """(S, K): mean log nominal growth of each step ``anchor + 1 .. last`` per posterior draw (S = 1: assumed)."""
    own_sd: np.ndarray
    """(S, K): innovation s.d. of the rest's own AR(1) shock per step."""
    trend_sd: np.ndarray
    """(S, K): innovation s.d. of the trend's random walk per step (0 in the fitted history)."""
    phi: np.ndarray
    """(S,): AR(1) persistence."""
    anchor_sum: np.ndarray | None
    """(S,): the projected units' GDP in ``anchor`` per posterior draw, when ``anchor`` is not a projected year."""
    anchor_500: np.ndarray | None
    """(S,): the projected units >= 500亿 in ``anchor`` per posterior draw (as ``anchor_sum``)."""
    how: str
    """One line: how the rest grows (for the targets' ``covers`` column)."""
    deterministic: bool = False

    def sample(self, start: int, count: int, seed: int, block: int, paths: BlockPaths,
               years: list[int]) -> tuple[dict[int, np.ndarray], np.ndarray | None]:
        """Per year ``anchor .. last``: the rest's GDP of draws ``start .. start + count - 1`` (亿元), and the
        rest's units >= 500亿 per draw (``None`` if the plan gives no count)."""
        s = self.mean.shape[0]
        idx = np.zeros(count, dtype=int) if self.deterministic or s == 1 else np.arange(start, start + count) % s
        if self.anchor in years:
            gdp = paths.gdp[years.index(self.anchor)][:count]
            projected, projected500 = gdp.sum(axis=1), (gdp >= 500).sum(axis=1)
        else:
            projected, projected500 = self.anchor_sum[idx], self.anchor_500[idx]
        level = np.log(np.maximum(self.total - projected, 1e-9))
        out = {self.anchor: np.exp(level)}
        steps = self.mean.shape[1]
        if self.deterministic:
            noise = np.zeros((steps, count, 2))
        else:
            rng = np.random.Generator(np.random.PCG64(np.random.SeedSequence(seed, spawn_key=(block, REST_STREAM))))
            noise = rng.standard_normal((steps, count, 2))
        shock = walk = np.zeros(count)
        for k in range(steps):
            shock = self.phi[idx] * shock + self.own_sd[idx, k] * noise[k, :, 0]
            walk = walk + self.trend_sd[idx, k] * noise[k, :, 1]
            level = level + self.mean[idx, k] + walk + shock
            out[self.anchor + k + 1] = np.exp(level)
        rest500 = None if self.count500 is None else np.maximum(self.count500 - projected500, 0).astype(np.int64)
        return out, rest500


def plan_fact(plan: pd.DataFrame, item: str) -> dict[int, float]:
    rows = plan[(plan["item"] == item) & (plan["kind"] == "fact")]
    return {int(r.year): float(r.value) for r in rows.itertuples()}


def make(scenario: Scenario, plan: pd.DataFrame, units: int | None, ids: list[str], target_years: list[int],
         posterior=None, deterministic: bool = False) -> tuple[Rest | None, str]:
    """The rest for ``ids`` projected, or ``None`` with the reason it cannot be built ("" if nothing is left)."""
    if units is None:
        return None, "the plan's number of units is not in the data"
    if len(ids) >= units:
        return None, ""
    totals = plan_fact(plan, "county_gdp_total")
    years = scenario.years
    usable = [y for y in totals if y in years or (posterior is not None and posterior.first <= y <= posterior.last)]
    if not usable:
        return None, (f"the plan's {units}-unit total is given for {', '.join(map(str, sorted(totals))) or 'no year'}, "
                      f"and the projection (from {years[0]}) cannot place the projected units in that year")
    anchor = max(usable)
    last = max([y for y in target_years if y > anchor] or [anchor])
    steps = list(range(anchor + 1, last + 1))
    count500 = plan_fact(plan, "counties_gdp_at_least_500").get(anchor)
    count500 = None if count500 is None else int(count500)
    if posterior is None:
        mean, own_sd, trend_sd, phi = _assumed(scenario, steps)
        anchor_sum = anchor_500 = None
        how = "grown at the scenario's growth for tier other and its deflator, with an AR(1) aggregate shock"
    else:
        cols = np.array([posterior.county_ids.index(c) for c in ids])
        mean, own_sd, trend_sd, phi = _fitted(scenario, posterior, steps, cols, totals)
        anchor_sum = anchor_500 = None
        if anchor not in years:
            gdp = np.exp(posterior.log_gdp[:, anchor - posterior.first, :][:, cols])
            anchor_sum, anchor_500 = gdp.sum(axis=1), (gdp >= 500).sum(axis=1)
        how = ("grown at Hubei's realised nominal growth to the last data year, then its fitted trend and deflator "
               "(or the scenario's rates for tier other), plus the rest's 2015-2020 gap to Hubei and an AR(1) "
               "aggregate shock, per posterior draw")
    return Rest(units=units, anchor=anchor, total=totals[anchor], count500=count500, last=last, mean=mean,
                own_sd=own_sd, trend_sd=trend_sd, phi=phi, anchor_sum=anchor_sum, anchor_500=anchor_500, how=how,
                deterministic=deterministic), ""


def _assumed(scenario: Scenario, steps: list[int]):
    g, u = scenario.growth, scenario.uncertainty
    rates = [(g.rate("", "other", y) or 0.0, scenario.deflator.rate(y) or 0.0) for y in steps]
    mean = np.array([[np.log1p(r) + np.log1p(d) for r, d in rates]]).reshape(1, len(steps))
    sd = float(np.sqrt(u.national ** 2 + u.hubei ** 2 + u.tier ** 2 + u.deflator ** 2))
    return mean, np.full((1, len(steps)), sd), np.zeros((1, len(steps))), np.array([u.persistence], dtype=float)


def _fitted(scenario: Scenario, p, steps: list[int], cols: np.ndarray, totals: dict[int, float]):
    s, k = p.draws, len(steps)
    gap = np.zeros(s)
    if GAP_FROM in totals and GAP_TO in totals and p.first <= GAP_FROM and GAP_TO <= p.last:
        rest = [totals[y] - np.exp(p.log_gdp[:, y - p.first, :][:, cols]).sum(axis=1) for y in (GAP_FROM, GAP_TO)]
        if min(r.min() for r in rest) > 0:
            grown = (p.hubei_growth + p.hubei_deflator)[:, GAP_FROM - p.first: GAP_TO - p.first].mean(axis=1)
            gap = np.log(rest[1] / rest[0]) / (GAP_TO - GAP_FROM) - grown
    g, d = scenario.growth, scenario.deflator
    mean, own_sd, trend_sd = np.zeros((s, k)), np.zeros((s, k)), np.zeros((s, k))
    future = np.sqrt(p.sig_national ** 2 + p.sig_hubei ** 2 + p.sig_tier ** 2 + p.sig_deflator ** 2)
    for j, y in enumerate(steps):
        if y <= p.last:
            mean[:, j] = (p.hubei_growth + p.hubei_deflator)[:, y - p.first - 1] + gap
            own_sd[:, j] = p.sig_tier
            continue
        real = g.rate("", "other", y)
        real = np.log1p(np.expm1(p.trend_china + p.hubei_gap) + g.shift.rate("", "other")) if real is None else np.log1p(real)
        price = d.rate(y)
        price = np.log1p(np.expm1(p.deflator_trend) + d.shift) if price is None else np.log1p(price)
        mean[:, j] = real + price + gap
        own_sd[:, j] = future
        trend_sd[:, j] = p.sig_trend
    return mean, own_sd, trend_sd, p.phi
