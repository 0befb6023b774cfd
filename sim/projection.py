"""One projection: scenario + data -> seeds, thresholds, engine inputs, paths and crossings.

This is the glue between the pure pieces (:mod:`sim.seeds`, :mod:`sim.thresholds`,
:mod:`sim.engine`); it does no I/O. Counties without a seed (status ``no data``) are
kept in ``seeds`` and left out of ``inputs``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from . import engine, seeds, thresholds
from .data import Dataset
from .errors import ScenarioError
from .scenario import Scenario


@dataclass(frozen=True)
class Projection:
    scenario: Scenario
    dataset: Dataset
    seeds: pd.DataFrame
    fit: thresholds.TailFit
    inputs: engine.Inputs
    paths: engine.PathRecorder
    first: dict[str, np.ndarray]
    draws: int = 1
    seed: int | None = None


def make_inputs(scenario: Scenario, dataset: Dataset, seed_table: pd.DataFrame, fit: thresholds.TailFit) -> engine.Inputs:
    """Engine inputs for the counties that have a seed."""
    have = seed_table[seed_table["gdp_yi"].notna()]
    ids = list(have["county_id"])
    tiers = [dataset.registry[c].tier for c in ids]
    years = scenario.years
    real = np.array([[scenario.growth.rate(c, t, y) for c, t in zip(ids, tiers)] for y in years[1:]], dtype=float).reshape(len(years) - 1, len(ids))
    deflator = np.array([scenario.deflator.rate(y) for y in years[1:]], dtype=float)
    return engine.Inputs(
        years=years, county_ids=ids, tiers=tiers, gdp0=have["gdp_yi"].to_numpy(dtype=float),
        real=real, deflator=deflator, thresholds=thresholds.threshold_paths(fit, years, scenario.thresholds.growth),
        events=scenario.events,
    )


def project(scenario: Scenario, dataset: Dataset, *, impute: str | None = None) -> Projection:
    """Run the deterministic projection (one path) of ``scenario`` on ``dataset``."""
    if dataset.as_of is not None and scenario.base_year > dataset.as_of:
        raise ScenarioError(
            f"--as-of {dataset.as_of}: base_year {scenario.base_year} is after the as-of year; "
            f"a run as of {dataset.as_of} must start in {dataset.as_of} or before (--set base_year={dataset.as_of})")
    seed_table = seeds.resolve(dataset, scenario.base_year, impute=impute)
    fit = thresholds.fit_tail(dataset.national_tail, scenario.thresholds.tail_index)
    inputs = make_inputs(scenario, dataset, seed_table, fit)
    paths, first = engine.run(inputs)
    return Projection(scenario=scenario, dataset=dataset, seeds=seed_table, fit=fit, inputs=inputs, paths=paths, first=first)
