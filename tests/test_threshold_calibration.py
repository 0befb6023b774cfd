"""Fitted as of 2021, the simulated national set reproduces what was published later (issue 12).

Needs the model fitted as of 2021 (shipped with tiersim with the backtest fits, or in the user's cache);
skipped, saying so, where it is neither (fitting it takes minutes).
"""

from dataclasses import replace

import numpy as np
import pytest

from sim import scenario as scenario_mod
from sim.data.load import load_dataset
from sim.fit import cache
from sim.model import engine
from sim.run import montecarlo, projection

AS_OF = 2021


@pytest.fixture(scope="module")
def block():
    dataset, _ = load_dataset((), AS_OF)
    if cache.find(cache.key(dataset)) is None:
        pytest.skip(f"no fit of the shipped data as of {AS_OF} is shipped or cached (sim/data/fits is being regenerated)")
    chosen = scenario_mod.load("baseline", dataset.registry, ())
    built = projection.build(chosen, dataset)
    # the n-th largest GDP for every n in 20..199: count(>= x) >= n  <=>  x_n >= x
    inputs = replace(built.plan.block_inputs(0), sizes={f"n{n}": n for n in range(20, 200)})
    return inputs, engine.run(inputs, montecarlo.BLOCK, montecarlo.block_rng(2021, 0))


def count_at_least(block, year: int, level: float) -> np.ndarray:
    inputs, paths = block
    t = inputs.years.index(year)
    return 19 + sum((paths.thresholds[f"n{n}"][t] >= level).astype(int) for n in range(20, 200))


def band(values):
    return np.percentile(values, [10, 90])


def test_2022_count_of_1000_yi_counties_is_inside_the_80_percent_band(block):
    low, high = band(count_at_least(block, 2022, 1000.0))
    assert low <= 54 <= high, (low, high)
    assert high - low < 40          # a band, not everything


def test_later_published_counts_are_inside_their_bands(block):
    for year, level, published in ((2023, 1000.0, 59), (2024, 1000.0, 62), (2024, 900.0, 83), (2024, 800.0, 100),
                                   (2024, 700.0, 150)):
        low, high = band(count_at_least(block, year, level))
        assert low <= published <= high, (year, level, published, low, high)


def test_year_to_year_changes_of_the_count_are_inside_their_bands(block):
    for year, change in ((2022, 11), (2023, 5), (2024, 3)):
        low, high = band(count_at_least(block, year, 1000.0) - count_at_least(block, year - 1, 1000.0))
        assert low <= change <= high, (year, change, low, high)


def test_2024_top100_threshold_band_overlaps_800_to_900(block):
    inputs, paths = block
    low, high = band(paths.thresholds["n100"][inputs.years.index(2024)])
    assert low < 900 and high > 800, (low, high)
