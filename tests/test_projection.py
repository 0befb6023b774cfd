"""Known answers through the whole path: scenario + data -> projection -> result tables."""

import numpy as np
import pandas as pd
import pytest

from sim.run.projection import project
from sim.results import tables as results
from sim.data import seeds
from sim.data import with_observations
from tests.conftest import make_scenario


def flat(registry, **extra):
    return make_scenario(registry, growth={"default": 0.0}, deflator={"default": 0.0}, **extra)


def test_zero_growth_leaves_every_seed_unchanged(shipped, registry):
    p = project(flat(registry), shipped, deterministic=True)
    traj = results.trajectories(p).dropna()
    seeds_by_id = p.seeds.set_index("county_id")["gdp_yi"]
    assert (traj["gdp_p50"].to_numpy() == seeds_by_id.loc[traj["county_id"]].to_numpy()).all()


@pytest.mark.parametrize("model", ["fitted", "comparators"])
def test_zero_growth_and_flat_thresholds_no_new_crossing(shipped, registry, model):
    # threshold growth 0 after the last fact year (2024): flat from then on
    p = project(flat(registry, thresholds={"growth": 0.0, "model": model}), shipped, deterministic=True, keep=1)
    traj = p.kept[0].gdp[:, 0, :]
    assert (traj == traj[0]).all()
    after = [i for i, y in enumerate(p.inputs.years) if y >= 2024]
    thr = p.kept[0].thresholds["top100"][after, 0]
    assert np.allclose(thr, thr[0], rtol=1e-6)
    cross = results.crossings(p).dropna(subset=["year_p50"])
    assert (cross["year_p50"] <= 2024).all()


def test_constant_growth_matches_closed_form(shipped, registry):
    p = project(make_scenario(registry, growth={"default": 0.07}, deflator={"default": 0.0}), shipped, deterministic=True, keep=1)
    t = np.arange(len(p.inputs.years))[:, None]
    np.testing.assert_allclose(p.kept[0].gdp[:, 0, :], p.inputs.gdp0 * 1.07**t, rtol=1e-12, atol=0)


def test_nominal_is_real_combined_with_deflator(shipped, registry):
    p = project(make_scenario(registry, growth={"default": 0.05}, deflator={"default": 0.02}), shipped, deterministic=True, keep=1)
    np.testing.assert_allclose(p.kept[0].gdp[1, 0] / p.kept[0].gdp[0, 0], 1.05 * 1.02, rtol=1e-14)


def test_base_above_is_true_for_a_county_above_in_the_base_year(shipped, registry):
    p = project(make_scenario(registry), shipped, deterministic=True)
    cross = results.crossings(p).set_index(["county_id", "threshold"])
    # 仙桃 825.0 (est.) and 潜江 765.23 (official) are above the 2020 Top-100 threshold (~674)
    thr = results.threshold_table(p).set_index(["threshold", "year"])
    assert thr.loc[("top100", 2020), "p50"] < 765.23
    assert cross.loc[("429005", "top100"), "base_above"] == "true"
    assert cross.loc[("429005", "top100"), "year_p50"] == 2020
    assert cross.loc[("420881", "top100"), "base_above"] == "false"


def test_no_data_counties_are_listed_not_dropped(shipped, registry):
    p = project(make_scenario(registry), shipped)
    missing = set(p.seeds.loc[p.seeds["status"] == "no data", "county_id"])
    assert len(missing) == 5
    for frame in (results.trajectories(p), results.membership(p), results.crossings(p)):
        assert missing <= set(frame["county_id"])
    rows = results.crossings(p)
    assert rows[rows["county_id"].isin(missing)]["p_by_horizon"].isna().all()
    assert results.manifest(p)["no_data"] == sorted(missing)


def test_later_rows_cannot_change_an_as_of_run(shipped, registry):
    # as of 2020 no year has counts at two GDP levels, so the tail index is given
    scenario = make_scenario(registry, thresholds={"tail_index": 2.45, "model": "comparators"})
    plain = results.files(project(scenario, shipped.cut(2020)))
    later = pd.DataFrame([
        {"county_id": "429006", "year": "2021", "gdp_yi": "9999", "real_growth": "", "status": "official", "confidence": "high", "source": "test"},
        {"county_id": "420582", "year": "2021", "gdp_yi": "5000", "real_growth": "", "status": "official", "confidence": "high", "source": "test"},
    ])
    polluted = results.files(project(scenario, with_observations(shipped, later, "later.csv", []).cut(2020)))
    for name in ("trajectories.csv", "thresholds.csv", "membership.csv", "crossings.csv"):
        assert plain[name] == polluted[name], name
    # without the cut, the later rows do change the result (the test can fail)
    loose = results.files(project(scenario, with_observations(shipped, later, "later.csv", [])))
    assert loose["trajectories.csv"] != results.files(project(scenario, shipped))["trajectories.csv"]


def test_same_inputs_give_identical_bytes(shipped, registry):
    a = results.files(project(make_scenario(registry), shipped))
    b = results.files(project(make_scenario(registry), shipped))
    assert a == b


def test_plan_targets_scenario_reaches_the_plan_total(registry):
    from sim.scenario import load

    plan = load("plan_targets", registry)
    level = 25464.9  # plan.csv: the 78 units in 2020
    for year in range(2021, 2026):
        level *= (1 + plan.growth.rate("x", "other", year)) * (1 + plan.deflator.rate(year))
    assert level == pytest.approx(36500, rel=1e-3)


def test_seed_counts_cover_every_status(shipped):
    counts = seeds.counts(seeds.resolve(shipped, 2020))
    assert sum(counts.values()) == len(shipped.registry)
    assert counts["no data"] == 5 and counts["estimated"] == 11
