"""One price world: a common move of Hubei's and the national deflator changes no crossing; Hubei's alone moves them up.

Runs the fitted baseline on the shipped data (its fit ships with tiersim, so nothing is fitted here).
"""

import numpy as np
from hypothesis import given, settings, strategies as st

from sim import scenario as scenario_mod
from sim.data.load import load_dataset
from sim.results import tables
from sim.run.projection import project

DATASET, _ = load_dataset((), None)
DRAWS = 1000


def crossing(sets: tuple[str, ...]) -> np.ndarray:
    chosen = scenario_mod.load("baseline", DATASET.registry, sets)
    p = project(chosen, DATASET, draws=DRAWS, seed=7)
    c = tables.crossings(p)
    return c.sort_values(["county_id", "threshold"])["p_by_horizon"].to_numpy(dtype=float)


def monte_carlo_error(p: np.ndarray) -> np.ndarray:
    return np.sqrt(np.maximum(p * (1 - p), 1 / DRAWS) / DRAWS)


@settings(max_examples=4, deadline=None)
@given(level=st.floats(0.0, 0.03), move=st.floats(0.005, 0.03))
def test_moving_both_deflators_together_leaves_crossings_unchanged(level, move):
    before = crossing((f"deflator.default={level}", f"deflator.national={level}"))
    after = crossing((f"deflator.default={level + move}", f"deflator.national={level + move}"))
    assert np.all(np.abs(after - before) <= 3 * monte_carlo_error(before) + 1e-9), np.max(np.abs(after - before))


@settings(max_examples=3, deadline=None)
@given(level=st.floats(0.0, 0.03), move=st.floats(0.01, 0.03))
def test_raising_only_hubeis_deflator_raises_crossings(level, move):
    before = crossing((f"deflator.default={level}", f"deflator.national={level}"))
    after = crossing((f"deflator.default={level + move}", f"deflator.national={level}"))
    # same random numbers: no county crosses less, and some cross more
    assert np.all(after >= before - 3 * monte_carlo_error(before))
    assert (after - before).sum() > 0.05
