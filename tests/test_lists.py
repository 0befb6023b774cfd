"""The list membership model (sim.model.lists, sim.run.lists) and its outputs."""

import numpy as np
import pytest

from sim import scenario as scenario_mod
from sim.data.load import load_dataset
from sim.model import lists, thresholds
from sim.results import tables
from sim.run import lists as list_run
from sim.run.projection import project


def simulate(rng, n, b0=1.5, b1=12.0):
    z = rng.normal(-0.1, 0.25, n)
    y = rng.random(n) < lists.probability(b0, b1, z)
    return z, y.astype(int)


def test_fit_recovers_known_coefficients():
    z, y = simulate(np.random.default_rng(0), 20000)
    m = lists.fit(z, y)
    assert m.coef == pytest.approx([1.5, 12.0], rel=0.08)


def test_laplace_band_covers_the_slope_about_80_percent():
    rng = np.random.default_rng(1)
    hits, reps = 0, 200
    for _ in range(reps):
        z, y = simulate(rng, 300)
        m = lists.fit(z, y)
        hits += abs(m.coef[1] - 12.0) <= 1.2816 * np.sqrt(m.cov[1, 1])
    assert 0.7 <= hits / reps <= 0.9


def test_separated_data_give_a_finite_fit():
    m = lists.fit(np.array([-0.3, -0.2, 0.1, 0.2]), np.array([0, 0, 1, 1]))
    assert np.all(np.isfinite(m.coef)) and np.all(np.isfinite(m.cov))


def test_shipped_editions_fit_a_gate_below_the_gdp_threshold():
    dataset, _ = load_dataset((), None)
    fit = thresholds.fit_tail(dataset.national_tail)
    data = list_run.fit_data(dataset, fit)
    # members below the fitted GDP threshold: 枝江 (420583) on the 2021 edition (data year 2020), 18% below
    zhijiang = data[(data["county_id"] == "420583") & (data["data_year"] == 2020)]
    assert zhijiang["member"].tolist() == [1] and float(zhijiang["z"].iloc[0]) < -0.1
    model = list_run.fit(dataset, fit)
    assert model.coef[1] > 0                 # more GDP, more likely listed
    assert 0.7 < model.gate(0.5) < 1.0       # the list takes counties a little below the GDP threshold
    scores = list_run.rolling_scores(dataset, fit)
    assert scores["points"] > 20 and scores["brier_list"] < scores["brier_gdp"]


def test_run_writes_list_probabilities_next_to_gdp_crossing():
    dataset, _ = load_dataset((), None)
    chosen = scenario_mod.load("baseline", dataset.registry, ())
    p = project(chosen, dataset, draws=1000, seed=3)
    files = tables.files(p)
    assert "lists.csv" in files
    listed = tables.list_table(p)
    assert list(listed.columns) == ["county_id", "year", "p_list_top100", "p_gdp_top100"]
    assert listed["p_list_top100"].between(0, 1).all()
    member = tables.membership(p)
    gdp = member[member["threshold"] == "top100"].set_index(["county_id", "year"])["probability"]
    assert np.allclose(listed.set_index(["county_id", "year"])["p_gdp_top100"], gdp.loc[listed.set_index(["county_id", "year"]).index])
    # the two questions differ: the list takes some counties below the GDP threshold
    assert (listed["p_list_top100"] - listed["p_gdp_top100"]).abs().max() > 0.1
    # the same for any number of processes (fixed-point sums)
    again = project(chosen, dataset, draws=2000, seed=3, jobs=2)
    once = project(chosen, dataset, draws=2000, seed=3)
    assert tables.list_table(again).equals(tables.list_table(once))


def test_deterministic_run_uses_the_point_list_model():
    dataset, _ = load_dataset((), None)
    chosen = scenario_mod.load("baseline", dataset.registry, ())
    p = project(chosen, dataset, deterministic=True)
    listed = tables.list_table(p)
    assert set(np.round(listed["p_gdp_top100"], 6)) <= {0.0, 1.0}


def test_backtest_scores_the_list_model_next_to_persistence():
    from calibration import backtest

    dataset, _ = load_dataset((), None)
    chosen = scenario_mod.load("baseline", dataset.registry, ())
    bt = backtest.run(dataset, chosen, [2019, 2020], horizon=2, draws=200)
    assert {"probability", "persistence", "member", "list_probability"} <= set(bt.membership.columns)
    table = backtest.list_scores(bt)
    everything = table[table["horizon"] == "all"].iloc[0]
    assert everything["n"] == bt.membership["list_probability"].notna().sum() > 0
    for column in ("brier_list", "brier_gdp", "brier_persistence"):
        assert 0 <= everything[column] <= 1
    scores = backtest.summary(bt).set_index("horizon")
    assert scores.loc["all", "membership_n"] == len(bt.membership)   # the existing scores are unchanged
