"""Engine inputs of a fitted projection: each Monte Carlo draw takes one posterior draw of the fitted model.

Draw ``d`` (counted over all blocks) uses posterior draw ``d mod S`` (the posterior is shuffled when it is
made, so any prefix is a fair sample): its county GDP from the base year to the last data year (history,
within the measurement error the fit gives each figure), its shock states in that year, its trends and its
volatilities. After the history the engine grows every county at (log rates, :class:`sim.model.engine.Fitted`)::

    real[d, t, c] = Hubei trend (China's trend + Hubei's gap) + the county's gap   (the fitted mean)
                    + trend walk + national + Hubei + tier + county shocks          (AR(1), fitted sizes)
    deflator[d, t] = the fitted deflator trend + price shock + Hubei's price gap

A scenario changes the mean: an absolute rate (``growth.default``/``tiers``/``counties``/``years``, or
``deflator.default``/``years``) replaces the fitted mean of the cells it covers; ``growth.shift`` and
``deflator.shift`` add points to the fitted mean (as fractions: ``expm1(mean) + shift``). Volatilities the
scenario sets replace the fitted ones. The comparators (the national set) grow at the national trend plus
their gap to it (the Top-100 threshold's trend against national nominal growth over the fact years), with
the same national shocks and the national deflator, so Hubei and the nation live in one price world.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from sim.data.seeds import SEED_COLUMNS
from sim.data.tables import Dataset, best_observations
from sim.errors import ScenarioError
from sim.fit.posterior import Posterior
from sim.model import engine
from sim.model.shocks import Uncertainty
from sim.model.tiers import TIERS
from sim.scenario.schema import Scenario

def comparator_volatility(post: Posterior) -> tuple[np.ndarray, np.ndarray]:
    """Per posterior draw, the size and persistence of a comparator's own AR(1) growth shock: a comparator is a
    county like Hubei's, so its shock relative to the nation is a Hubei county's (Hubei + tier + county shocks,
    ``sqrt(sig_hubei^2 + sig_tier^2 + sig_county^2)``, about 0.02 on the shipped data) at the fitted persistence
    ``phi`` (about 0.35). ``uncertainty.comparator`` in a scenario replaces the size."""
    size = np.sqrt(post.sig_hubei**2 + post.sig_tier**2 + post.sig_county**2)
    return size[:, None], post.phi[:, None]


@dataclass(frozen=True)
class Source:
    """Everything needed to make any block's inputs: the template inputs, the posterior and the scenario's
    settings as arrays over the engine's steps (``NaN`` where the fitted mean applies)."""

    template: engine.Inputs
    posterior: Posterior
    columns: np.ndarray
    """Posterior county index of each engine county."""
    history: int
    """Years of history (base year .. last data year)."""
    absolute: np.ndarray
    shift: np.ndarray
    absolute_promoted: np.ndarray
    shift_promoted: np.ndarray
    absolute_deflator: np.ndarray
    shift_deflator: float
    national_deflator: float | None
    overrides: dict
    comparator_gap: np.ndarray | None
    """Per posterior draw: the comparators' log growth gap to national nominal growth."""
    deterministic: bool = False

    def inputs(self, start: int, count: int) -> engine.Inputs:
        """Engine inputs for draws ``start .. start + count - 1``."""
        p = self.posterior
        idx = (np.arange(start, start + count) % p.draws) if not self.deterministic else np.zeros(count, dtype=int)
        post = p.take(idx)
        years = self.template.years
        base = years[0]
        cols = self.columns
        h = self.history
        history = np.exp(post.log_gdp[:, base - p.first: base - p.first + h, :][:, :, cols]).transpose(1, 0, 2)
        steps = len(years) - 1
        trend = (post.trend_china + post.hubei_gap)[:, None]                       # (D, 1)
        county_mean = trend + post.county_gap[:, cols]                              # (D, n)
        promoted_mean = np.broadcast_to(trend + post.tier_gap[:, [TIERS.index("advance")]], county_mean.shape)
        real = _combine(county_mean, self.absolute, self.shift)                     # (steps, D, n)
        real_promoted = _combine(promoted_mean, self.absolute_promoted, self.shift_promoted)
        deflator = _combine(post.deflator_trend[:, None], self.absolute_deflator,
                            np.full((steps, 1), self.shift_deflator))               # (steps, D, 1)
        national = deflator if self.national_deflator is None else np.full_like(deflator, np.log1p(self.national_deflator))
        col = lambda a: a[:, None]  # noqa: E731
        comparator_size, comparator_persistence = comparator_volatility(post)
        vol = Uncertainty(
            national=col(post.sig_national), hubei=col(post.sig_hubei), tier=col(post.sig_tier),
            county=col(post.sig_county), deflator=col(post.sig_deflator), comparator=comparator_size,
            persistence=col(post.phi))
        vol = replace(vol, **self.overrides)
        start_states = {"national": col(post.national), "hubei": col(post.hubei), "tier": post.tier,
                        "county": post.county[:, cols], "deflator": col(post.deflator)}
        trend_sd, gap_sd = col(post.sig_trend), col(post.sig_pricegap)
        comparator_history = comparator_mean = None
        comparators = self.template.comparators
        if comparators is not None and np.ndim(comparators) == 2:
            comparators = comparators[idx]          # the tail draw of each posterior draw (base-year placement)
        if self.template.comparators is not None:
            gap = self.comparator_gap[idx][:, None]
            k0 = base - p.first          # growth index of year base + 1 is base - first
            realised = (post.china_growth + post.china_deflator)[:, k0: k0 + h - 1]   # (D, h-1)
            comparator_history = (realised + gap).T[:, :, None]
            comparator_mean = np.broadcast_to((post.trend_china[:, None] + gap)[None], (steps, count, 1))
        if self.deterministic:
            vol = replace(Uncertainty.zero(), persistence=vol.persistence)
            trend_sd = gap_sd = 0.0
        fitted = engine.Fitted(history=history, start=start_states, trend=trend_sd, price_gap=gap_sd,
                               comparator_history=comparator_history, comparator_mean=comparator_mean,
                               national_deflator=national, comparator_persistence=comparator_persistence)
        return replace(self.template, gdp0=history[0], real=real, real_promoted=real_promoted, deflator=deflator,
                       volatility=vol, fitted=fitted, comparators=comparators)


def _combine(mean: np.ndarray, absolute: np.ndarray, shift: np.ndarray) -> np.ndarray:
    """Log mean rates per step: the absolute rate where given, else the fitted mean (log) plus the shift.

    ``mean`` is (D, n) (or (D, 1)); ``absolute`` and ``shift`` are (steps, n) (or (steps, 1))."""
    fitted = np.log1p(np.expm1(mean)[None, :, :] + shift[:, None, :])
    given = np.log1p(np.where(np.isnan(absolute), 0.0, absolute))[:, None, :]
    return np.where(np.isnan(absolute)[:, None, :], fitted, given)


def settings(scenario: Scenario, ids: list[str], tiers: list[str], years: list[int]) -> dict:
    """The scenario's growth and deflator settings over the engine's steps (``NaN``: the fitted mean)."""
    steps = years[1:]
    g = scenario.growth

    def absolute(tier_of) -> np.ndarray:
        return np.array([[np.nan if (r := g.rate(c, tier_of(t), y)) is None else r for c, t in zip(ids, tiers)]
                         for y in steps], dtype=float).reshape(len(steps), len(ids))

    shift = np.array([[g.shift.rate(c, t) for c, t in zip(ids, tiers)] for _ in steps], dtype=float).reshape(len(steps), len(ids))
    shift_promoted = np.array([[g.shift.rate(c, "advance") for c in ids] for _ in steps], dtype=float).reshape(len(steps), len(ids))
    deflator = np.array([[np.nan if (r := scenario.deflator.rate(y)) is None else r] for y in steps], dtype=float)
    return {"absolute": absolute(lambda t: t), "shift": shift, "absolute_promoted": absolute(lambda t: "advance"),
            "shift_promoted": shift_promoted, "absolute_deflator": deflator.reshape(len(steps), 1),
            "shift_deflator": scenario.deflator.shift, "national_deflator": scenario.deflator.national}


def comparator_gap(posterior: Posterior, fact_years: list[int], tail_slope: np.ndarray) -> np.ndarray:
    """Per posterior draw: the log growth of the Top-100 threshold (``tail_slope``, per posterior draw: the tail
    draw's trend) minus the national nominal log growth over the fact years held (the comparators' gap to the nation)."""
    years = [y for y in fact_years if posterior.first < y <= posterior.last] or list(range(posterior.first + 1, posterior.last + 1))
    k = np.array(years) - posterior.first - 1
    nominal = (posterior.china_growth + posterior.china_deflator)[:, k].mean(axis=1)
    return np.asarray(tail_slope, dtype=float) - nominal


def seed_table(posterior: Posterior, dataset: Dataset, base_year: int, *, impute: bool = True) -> pd.DataFrame:
    """Per county of the registry: the base-year GDP the projection starts from (the posterior median, with its
    10-90% range), its status and how it was obtained. Status: the base-year figure's status where the data
    hold one (the fit may still move it within that figure's error), ``estimated`` where the county has
    figures of other years, ``imputed`` where it has none (its level drawn from its tier's; left out, status
    ``no data``, when ``impute`` is false)."""
    if not posterior.first <= base_year <= posterior.last:
        raise ScenarioError(f"base_year: the fitted model covers {posterior.first}-{posterior.last}; got {base_year}")
    by_county: dict[str, list] = {}  # county -> its best figures, in the table's order (plain records: 26 lookups)
    for r in best_observations(dataset.observations).itertuples(index=False):
        by_county.setdefault(r.county_id, []).append(r)
    bands = np.percentile(posterior.gdp(base_year), [10, 50, 90], axis=0)   # (3, counties), as per column
    rows = []
    for county_id in dataset.registry.ids:
        own = by_county.get(county_id, [])
        i = posterior.county_ids.index(county_id)
        p10, p50, p90 = bands[:, i]
        at_base = [r for r in own if r.year == base_year]
        interval = f"posterior median; 80% interval {p10:.1f}-{p90:.1f}"
        if at_base:
            r = at_base[0]
            status, how = r.status, f"{base_year} figure {r.gdp_yi:g} ({r.status}, {r.confidence}) and the model: {interval}"
            from_year = base_year
        elif own:
            status, from_year = "estimated", int(min(own, key=lambda r: abs(r.year - base_year)).year)
            how = f"from the county's figures of {', '.join(str(y) for y in sorted(r.year for r in own))} and the model: {interval}"
        else:
            status, from_year = "imputed", None
            how = f"no figure in any year: level drawn from its tier's counties (partially pooled): {interval}"
        projected = status != "imputed" or impute
        if not projected:
            rows.append({"county_id": county_id, "gdp_yi": None, "status": "no data", "from_year": None, "method": "",
                         "how": "no figure in any year; left out (imputation off)", "projected": False,
                         "gdp_p10": None, "gdp_p90": None})
            continue
        rows.append({"county_id": county_id, "gdp_yi": float(p50), "status": status, "from_year": from_year,
                     "method": "fitted", "how": how, "projected": True, "gdp_p10": float(p10), "gdp_p90": float(p90)})
    frame = pd.DataFrame(rows, columns=SEED_COLUMNS + ["projected", "gdp_p10", "gdp_p90"])
    frame["from_year"] = frame["from_year"].astype("Int64")
    return frame


def check(scenario: Scenario, posterior: Posterior, projected: list[str], dataset: Dataset) -> None:
    """What a fitted projection cannot take, each refused with one line: events dated within the fitted
    history (those years are data), and events on counties that are not projected."""
    last = posterior.last
    for i, event in enumerate(scenario.events):
        year = getattr(event, "year", getattr(event, "start", None))
        if year is not None and year <= last:
            raise ScenarioError(
                f"events[{i}]: {year} is within the fitted history (data up to {last}); events start in {last + 1} or "
                f"later (or use --as-of to project from an earlier year)")
        named = [getattr(event, "county", None)] + list(getattr(event, "counties", ()))
        for county_id in filter(None, named):
            if county_id not in projected:
                name = dataset.registry[county_id].name_zh
                raise ScenarioError(f"events[{i}]: county {name} ({county_id}) is not projected (no figure in any year "
                                    f"and --no-impute); drop the event or load its figures with --data")
