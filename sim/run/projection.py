"""One projection: scenario + data -> seeds, thresholds, engine inputs, Monte Carlo summary.

This is the glue between the pure pieces (:mod:`sim.data.seeds`, :mod:`sim.model.thresholds`,
:mod:`sim.model.engine`, :mod:`sim.run.montecarlo`); it does no I/O. Counties without a seed
(status ``no data``) are kept in ``seeds`` and left out of the simulation.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Callable

import numpy as np
import pandas as pd

from sim.model import engine
from sim.fit import cache as fit_cache
from sim.run import coverage, fitted, lists, montecarlo
from sim.data import seeds
from sim.run import rest, targets
from sim.model import thresholds
from sim.data.tables import Dataset
from sim.errors import ScenarioError
from sim.scenario.schema import Scenario
from sim.model.shocks import Uncertainty
from sim.run.summary import Summary

PLAN_UNITS_ITEM = "county_units_evaluated"
TAIL_SEED = thresholds.TAIL_SEED


@dataclass(frozen=True)
class Projection:
    scenario: Scenario
    dataset: Dataset
    seeds: pd.DataFrame
    fit: thresholds.TailFit
    plan: montecarlo.Plan
    summary: Summary
    kept: list[engine.BlockPaths]
    draws: int
    seed: int
    deterministic: bool
    impute: str | None = None
    keep: int = 0
    cut: tuple[str, ...] = ()
    """Scenario entries removed by the as-of cut (known outcomes after the as-of year)."""
    posterior: object | None = None
    """The fitted model's posterior (:class:`sim.fit.posterior.Posterior`) of a fitted projection."""
    list_model: object | None = None
    """The list membership model (:class:`sim.model.lists.ListModel`), if fitted."""

    @property
    def inputs(self) -> engine.Inputs:
        return self.plan.inputs


def make_plan(scenario: Scenario, dataset: Dataset, seed_table: pd.DataFrame, fit: thresholds.TailFit,
              deterministic: bool = False) -> montecarlo.Plan:
    """Engine inputs (counties with a seed) and what to summarise."""
    have = seed_table[seed_table["gdp_yi"].notna()]
    ids = list(have["county_id"])
    tiers = [dataset.registry[c].tier for c in ids]
    years = scenario.years
    gdp0 = have["gdp_yi"].to_numpy(dtype=float)
    shape = (len(years) - 1, len(ids))
    real = np.array([[scenario.growth.rate(c, t, y) for c, t in zip(ids, tiers)] for y in years[1:]], dtype=float).reshape(shape)
    promoted = np.array([[scenario.growth.rate(c, "advance", y) for c in ids] for y in years[1:]], dtype=float).reshape(shape)
    deflator = np.array([scenario.deflator.rate(y) for y in years[1:]], dtype=float)
    paths = thresholds.threshold_paths(fit, years, scenario.thresholds.growth)
    inputs = engine.Inputs(
        years=years, county_ids=ids, tiers=tiers, gdp0=gdp0, real=real, deflator=deflator, thresholds=paths,
        sizes=dict(thresholds.SIZES), events=scenario.events,
        volatility=Uncertainty.zero() if deterministic else scenario.uncertainty, tail_alpha=fit.alpha,
        known_growth=np.array([y in scenario.growth.years for y in years[1:]]),
        known_deflator=np.array([y in scenario.deflator.years for y in years[1:]]), real_promoted=promoted)
    if scenario.thresholds.model == "comparators":
        if deterministic:
            others = thresholds.comparator_set(paths["top100"][0], fit.alpha, scenario.thresholds.comparators, gdp0)
        else:  # one tail draw per draw of a block (every block takes the same sample)
            tail = fit.draw(montecarlo.BLOCK, np.random.default_rng(TAIL_SEED), scenario.thresholds.growth)
            others = tail.comparators(years[0], scenario.thresholds.comparators, gdp0)
        inputs = replace(inputs, comparators=others, comparator_growth=paths["top100"][1:] / paths["top100"][:-1] - 1.0)
    plan_targets, left = _targets(scenario, dataset, ids, None, deterministic)
    return montecarlo.Plan(inputs=inputs, targets=tuple(plan_targets), sustain=scenario.sustain_years, rest=left)


def _targets(scenario: Scenario, dataset: Dataset, ids: list[str], posterior, deterministic: bool):
    """The plan's targets over all of its units, and the rest of them (:mod:`sim.run.rest`; ``None`` if none)."""
    units = dataset.plan.loc[dataset.plan["item"] == PLAN_UNITS_ITEM, "value"]
    units = int(float(units.iloc[0])) if len(units) else None
    years = [int(y) for y in dataset.plan.loc[dataset.plan["kind"] == "target", "year"]]
    left, why = rest.make(scenario, dataset.plan, units, ids, years, posterior, deterministic)
    return targets.plan_targets(dataset.plan, scenario.years, len(ids), units, left, why), left


def make_fitted_plan(scenario: Scenario, dataset: Dataset, posterior, fit: thresholds.TailFit, *,
                     deterministic: bool = False, impute: bool = True) -> tuple[montecarlo.Plan, pd.DataFrame]:
    """A fitted projection's plan (per-block inputs from the posterior) and its seed table."""
    seed_table = fitted.seed_table(posterior, dataset, scenario.base_year, impute=impute)
    ids = list(seed_table.loc[seed_table["projected"], "county_id"])
    tiers = [dataset.registry[c].tier for c in ids]
    years = scenario.years
    fitted.check(scenario, posterior, ids, dataset)
    paths = thresholds.threshold_paths(fit, years, scenario.thresholds.growth)
    steps = len(years) - 1
    template = engine.Inputs(
        years=years, county_ids=ids, tiers=tiers, gdp0=np.zeros(len(ids)), real=np.zeros((steps, len(ids))),
        deflator=np.zeros(steps), thresholds=paths, sizes=dict(thresholds.SIZES), events=scenario.events,
        volatility=scenario.uncertainty, tail_alpha=fit.alpha,
        known_growth=np.array([y in scenario.growth.years for y in years[1:]]),
        known_deflator=np.array([y in scenario.deflator.years for y in years[1:]]))
    gap = None
    if scenario.thresholds.model == "comparators":
        median0 = np.median(posterior.gdp(scenario.base_year)[:, [posterior.county_ids.index(c) for c in ids]], axis=0)
        if deterministic:
            others = thresholds.comparator_set(paths["top100"][0], fit.alpha, scenario.thresholds.comparators, median0)
            growth = fit.trend() if scenario.thresholds.growth is None else scenario.thresholds.growth
            slope = np.full(posterior.draws, np.log1p(growth))
        else:
            # one joint draw of the tail per posterior draw (draw d of the run takes tail draw d mod S)
            tail = fit.draw(posterior.draws, np.random.default_rng(TAIL_SEED), scenario.thresholds.growth)
            others = tail.comparators(scenario.base_year, scenario.thresholds.comparators, median0)
            slope = tail.slope
        gap = fitted.comparator_gap(posterior, sorted(fit.scale), slope)
        template = replace(template, comparators=others)
    overrides = {k: getattr(scenario.uncertainty, k) for k in scenario.uncertainty_set}
    source = fitted.Source(template=template, posterior=posterior,
                           columns=np.array([posterior.county_ids.index(c) for c in ids]),
                           history=posterior.last - scenario.base_year + 1, overrides=overrides, comparator_gap=gap,
                           deterministic=deterministic, **fitted.settings(scenario, ids, tiers, years))
    plan_targets, left = _targets(scenario, dataset, ids, posterior, deterministic)
    plan = montecarlo.Plan(inputs=source.inputs(0, 1), targets=tuple(plan_targets), sustain=scenario.sustain_years,
                           source=source, deterministic=deterministic, rest=left)
    return plan, seed_table


@dataclass(frozen=True)
class Built:
    """A scenario made ready to simulate: cut at the data's as-of year, with its plan and seed table."""

    scenario: Scenario
    cut: tuple[str, ...]
    fit: thresholds.TailFit
    plan: montecarlo.Plan
    seeds: pd.DataFrame
    posterior: object | None
    list_model: object | None = None
    """The fitted list membership model (:class:`sim.model.lists.ListModel`), if the data hold CCID editions."""


def build(scenario: Scenario, dataset: Dataset, *, deterministic: bool = False, impute: str | None = None,
          posterior=None, on_fit: Callable[[str], None] | None = None, seed_table: pd.DataFrame | None = None) -> Built:
    """Everything before the Monte Carlo: the as-of checks and cut, the tail fit, the posterior (fitted model:
    given, shipped, cached or fitted now) and the plan. ``seed_table`` (assumed model only) skips resolving seeds."""
    if dataset.as_of is not None and scenario.base_year > dataset.as_of:
        raise ScenarioError(
            f"--as-of {dataset.as_of}: base_year {scenario.base_year} is after the as-of year; "
            f"a run as of {dataset.as_of} must start in {dataset.as_of} or before (--set base_year={dataset.as_of})")
    scenario, cut = scenario.cut(dataset.as_of)
    fit = thresholds.fit_tail(dataset.national_tail, scenario.thresholds.tail_index)
    if scenario.model == "fitted":
        coverage.check_events(scenario, dataset, coverage.left_out(scenario, dataset, impute))
        posterior = posterior if posterior is not None else fit_cache.posterior(dataset, on_fit=on_fit)
        plan, table = make_fitted_plan(scenario, dataset, posterior, fit, deterministic=deterministic,
                                       impute=impute != "none")
    else:
        table = seed_table if seed_table is not None else seeds.resolve(dataset, scenario.base_year, impute=impute)
        coverage.check_events(scenario, dataset, coverage.left_out(scenario, dataset, impute, table))
        plan = make_plan(scenario, dataset, table, fit, deterministic)
        posterior = None
    model = lists.fit(dataset, fit, scenario.thresholds.growth)
    plan = replace(plan, lists=lists.draws(model, deterministic))
    return Built(scenario=scenario, cut=tuple(cut), fit=fit, plan=plan, seeds=table, posterior=posterior, list_model=model)


def project(scenario: Scenario, dataset: Dataset, *, draws: int = 1000, seed: int = 2021, deterministic: bool = False,
            impute: str | None = None, jobs: int = 1, keep: int = 0,
            progress: Callable[[int], None] | None = None, posterior=None,
            on_fit: Callable[[str], None] | None = None) -> Projection:
    """Project ``scenario`` on ``dataset``: ``draws`` Monte Carlo draws from ``seed``.

    ``deterministic`` sets every volatility to zero and runs one draw (the single path).
    """
    if draws < 1:
        raise ScenarioError(f"--draws: must be at least 1; got {draws}")
    if deterministic:
        draws = 1
    b = build(scenario, dataset, deterministic=deterministic, impute=impute, posterior=posterior, on_fit=on_fit)
    summary, kept = montecarlo.simulate(b.plan, draws, seed, jobs=jobs, keep=keep, progress=progress)
    return Projection(scenario=b.scenario, dataset=dataset, seeds=b.seeds, fit=b.fit, plan=b.plan, summary=summary,
                      kept=kept, draws=draws, seed=seed, deterministic=deterministic, impute=impute, keep=keep,
                      cut=b.cut, posterior=b.posterior, list_model=b.list_model)
