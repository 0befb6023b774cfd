"""Simulation-based calibration: do the projection's bands cover what they say, in worlds whose truth is known?

Each synthetic world (Talts, Betancourt, Simpson, Vehtari & Gelman 2018, "Validating Bayesian inference
algorithms with simulation-based calibration"):

1. draws every unknown of the model from its prior (hyperparameters, trends, gaps, levels, shocks;
   :mod:`sim.fit.model`) over the years of the shipped data **and five more**;
2. observes it exactly where the shipped data hold a figure (the same counties, years, statuses and
   confidence grades, the same macro series, the 2018 census break, the 2020-2021 pandemic years),
   each figure with its measurement error: the real data's gaps, status mix and revisions;
3. fits the model to those figures (the same sampler as ``tiersim calibrate``);
4. projects with the engine from the last data year (:mod:`sim.run.fitted`), and
5. scores the 50% and 80% bands of every county's GDP 1-5 years ahead against the true values.

Drawing the truth from the prior is what makes the check exact: if the fit and the projection are right,
a band labelled 80% covers 80% of the true values on average over worlds (whatever the world). Values
within one world share its common shocks, so coverage is reported with the number of worlds, and the
interval that goes with it is computed over worlds (each world's coverage is one observation).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np

from sim.data.tables import Dataset
from sim.fit import design as design_mod
from sim.fit import estimate, model
from sim.fit.posterior import Settings
from sim.model import engine
from sim.model.shocks import Uncertainty
from sim.model.tiers import TIERS
from sim.run import fitted

HORIZONS = (1, 2, 3, 4, 5)
BANDS = (0.5, 0.8)


@dataclass(frozen=True)
class World:
    """One synthetic world: the observations the fit sees and the true county log GDP after the data."""

    obs: np.ndarray
    future: np.ndarray
    """True county log GDP (nominal), years ``last + 1 .. last + 5``, shape (5, counties)."""


def prior_draw(rng: np.random.Generator) -> dict:
    """Hyperparameters drawn from the model's priors (:data:`sim.fit.model.SCALES`, ``phi ~ Beta(2, 2)``)."""
    h = {"phi": float(rng.beta(2.0, 2.0))}
    for name, scale in model.SCALES.items():
        h[name] = float(abs(rng.normal(0.0, scale)))
    return h


def simulate(des: design_mod.Design, rng: np.random.Generator) -> World:
    """A world drawn from the prior, observed like ``des``, with its true future."""
    extended = replace(des, last=des.last + len(HORIZONS))
    layout = model.Layout(extended.last - extended.first, len(des.county_ids))
    h = prior_draw(rng)
    x = rng.standard_normal(layout.size)
    means = np.asarray(model.observation_means(h, x, layout, extended))
    sd = np.asarray(model.observation_sd(h, des))
    obs = means + sd * rng.standard_normal(len(means))
    y = np.asarray(model.paths(h, x, layout, extended)["y"])
    return World(obs=obs, future=y[-len(HORIZONS):])


def project(sampler: estimate.Sampler, world: World, draws: int, seed: int) -> np.ndarray:
    """County GDP draws for the five years after the data, shape (5, draws, counties), from the fit to ``world``."""
    des = sampler.design
    post = sampler.posterior(world.obs, seed=seed)
    ids = list(des.county_ids)
    tiers = [TIERS[k] for k in des.tiers]
    years = list(range(des.last, des.last + len(HORIZONS) + 1))
    steps = len(years) - 1
    template = engine.Inputs(years=years, county_ids=ids, tiers=tiers, gdp0=np.zeros(len(ids)),
                             real=np.zeros((steps, len(ids))), deflator=np.zeros(steps),
                             thresholds={"top100": np.full(len(years), 1e9)}, sizes={"top100": 100},
                             volatility=Uncertainty(comparator=0.0))
    nan = np.full((steps, len(ids)), np.nan)
    source = fitted.Source(template=template, posterior=post, columns=np.arange(len(ids)), history=1,
                           absolute=nan, shift=np.zeros_like(nan), absolute_promoted=nan, shift_promoted=np.zeros_like(nan),
                           absolute_deflator=np.full((steps, 1), np.nan), shift_deflator=0.0, national_deflator=None,
                           overrides={}, comparator_gap=None)
    out = []
    for b in range(math.ceil(draws / 1000)):
        paths = engine.run(source.inputs(b * 1000, 1000), 1000, np.random.default_rng([seed, b]))
        out.append(paths.gdp[1:])
    return np.concatenate(out, axis=1)[:, :draws]


def score(gdp: np.ndarray, future: np.ndarray) -> dict[float, np.ndarray]:
    """Per band, whether each true value (horizon x county) lies inside the band of the draws."""
    truth = np.exp(future)
    out = {}
    for band in BANDS:
        low, high = np.quantile(gdp, [(1 - band) / 2, (1 + band) / 2], axis=1)
        out[band] = (truth >= low) & (truth <= high)
    return out


def run(dataset: Dataset, worlds: int, *, seed: int = 0, settings: Settings = Settings(), draws: int = 1000,
        on_world=None) -> dict:
    """Coverage over ``worlds`` synthetic worlds shaped like ``dataset``'s figures.

    Returns, per band: ``hits`` (worlds x horizons x counties, bool), the pooled coverage, per-horizon
    coverage and the 90% interval of the pooled coverage over worlds (normal approximation on the worlds'
    own coverages)."""
    des = design_mod.build(dataset)
    sampler = estimate.Sampler(des, settings)
    rng = np.random.default_rng(seed)
    hits = {band: [] for band in BANDS}
    for w in range(worlds):
        world = simulate(des, rng)
        gdp = project(sampler, world, draws, seed=seed * 1000 + w)
        for band, inside in score(gdp, world.future).items():
            hits[band].append(inside)
        if on_world is not None:  # e.g. a running tally: on_world(worlds done, {band: coverage so far})
            on_world(w + 1, {band: float(np.mean(hits[band])) for band in BANDS})
    result = {}
    for band in BANDS:
        h = np.array(hits[band])
        per_world = h.reshape(len(h), -1).mean(axis=1)
        half = 1.645 * per_world.std(ddof=1) / math.sqrt(len(h)) if len(h) > 1 else float("nan")
        result[band] = {"hits": h, "coverage": float(h.mean()), "values": int(h.size), "worlds": len(h),
                        "by_horizon": h.mean(axis=(0, 2)).tolist(), "interval90": (float(h.mean() - half), float(h.mean() + half))}
    return result
