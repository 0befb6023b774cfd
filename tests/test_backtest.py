"""Backtests: scores with known answers, the shipped data, and 80% bands on synthetic hold-out points."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from test_calibration import (
    base_scenario,
    synthetic_counties,
    synthetic_dataset,
    synthetic_macro,
)

from calibration import backtest
from calibration.fit import Options, calibrate
from calibration.panel import LEVEL_SD
from calibration.scenario_writer import scenario_data
from sim import scenario
from sim.results import tables as results
from sim.run.projection import project


def frame(rows):
    points = pd.DataFrame(rows, columns=["origin", "horizon", "ape", "log_error", "inside_80", "inside_80_wide"])
    return points


def test_scores_have_known_answers():
    points = frame([(2019, 1, 0.10, math.log(1.1), True, True), (2019, 1, 0.10, math.log(0.9), False, True),
                    (2019, 2, 0.20, math.log(1.2), True, True), (2020, 1, 0.0, 0.0, True, False)])
    events = pd.DataFrame({"origin": [2019, 2019, 2020], "horizon": [1, 1, 1], "probability": [1.0, 0.2, 0.5],
                           "member": [1, 0, 1], "brier": [0.0, 0.04, 0.25]})
    bt = backtest.Backtest(points=points, events=events, origins=(), horizon=2, options=Options(), seed_method="carry-nearest",
                           draws=1, seed=1)
    total = backtest.summary(bt, ()).iloc[0]
    assert total["points"] == 4 and total["mape"] == pytest.approx(0.1) and total["inside_80"] == 3
    assert total["bias"] == pytest.approx(math.expm1(np.mean([math.log(1.1), math.log(0.9), math.log(1.2), 0.0])))
    assert total["brier"] == pytest.approx(0.29 / 3) and total["brier_events"] == 3 and total["base_rate"] == pytest.approx(2 / 3)
    by = backtest.summary(bt).set_index(["origin", "horizon"])
    assert by.loc[(2019, 1), "points"] == 2 and by.loc[(2019, 1), "coverage"] == 0.5 and by.loc[(2019, 2), "brier_events"] == 0
    low, high = backtest.wilson(3, 4)
    assert low < 0.75 < high and backtest.wilson(0, 0) != backtest.wilson(0, 0)  # nan with no points


def test_shipped_backtest_scores_only_later_official_or_secondary_figures(shipped, registry):
    base = scenario.load("baseline", registry)
    assert backtest.possible_origins(shipped, 5) == [2016, 2017, 2018, 2019, 2020]
    bt = backtest.run(shipped, base, [2018, 2020], 3, draws=300)
    points = bt.points
    assert list(points.columns) == backtest.POINT_COLUMNS and len(points) > 5
    assert ((points["year"] > points["origin"]) & (points["year"] <= points["origin"] + 3)).all()
    assert set(points["status"]) <= {"official", "secondary"}
    assert (points["p10"] <= points["p50"]).all() and (points["p50"] <= points["p90"]).all()
    assert (points["p10_wide"] <= points["p10"] + 1e-9).all() and (points["p90_wide"] >= points["p90"] - 1e-9).all()
    # 2018: no two years of national facts, so no membership score; 2020: scales as of 2020, tail index given
    o2018, o2020 = bt.origins
    assert not o2018.brier_scored and o2020.brier_scored and "tail index 2.45 given" in o2020.thresholds
    assert set(bt.events["origin"]) == {2020} and set(bt.events["year"]) == {2021}
    assert sum(o2020.used.values()) == 14  # calibrated as of 2020: the 2021 figures are outcomes, not inputs


def test_backtest_seeds_are_marked_estimated_and_come_from_the_origin(shipped, registry):
    base = scenario.load("baseline", registry)
    calibrated = backtest.run(shipped, base, [2020], 1, draws=200, seed_method="carry-calibrated").points
    nearest = backtest.run(shipped, base, [2020], 1, draws=200, seed_method="carry-nearest").points
    assert set(calibrated["seed_status"]) <= {"official", "secondary", "forecast", "estimated"}
    daye_c = calibrated.set_index("county_id").loc["420281"]
    daye_n = nearest.set_index("county_id").loc["420281"]
    assert daye_c["seed_status"] == daye_n["seed_status"] == "estimated"
    assert daye_n["seed_method"] == "carry-nearest" and daye_n["seed_gdp"] == pytest.approx(652.39)  # from 2017, as of 2020


def test_80_percent_bands_cover_about_80_percent_of_synthetic_hold_out_points(shipped):
    """Five synthetic worlds of 30 counties (history 2000-2015 observed every third year, hold-out 2016-2020 from the
    true levels): 750 points. Province-wide shocks are made small so that points are nearly independent across
    counties; persistence 0 (the engine starts every AR(1) shock at 0 in the base year, which a persistent truth
    would not). Tolerance: the calibrated 80% band (the engine's band widened by the seed's and the trend's error,
    :func:`calibration.backtest.widen`) covers 70-90% of the points; the engine's band alone, which leaves those two
    errors out, covers less (measured: 79% and 73%)."""
    hits = wide = n = 0
    years = list(range(2000, 2021))
    for world in range(5):
        rng = np.random.default_rng(500 + world)
        truth, rows = synthetic_macro(rng, years, 0.0, c=(0.05, 0.001), h=(0.01, 0.001), pi=(0.02, 0.001))
        units, mus, levels, obs = synthetic_counties(rng, years, truth, n=30, tau=0.005, sigma=0.02, phi=0.0, every=3,
                                                     keep_years=(2015,))
        data = synthetic_dataset(shipped, units, obs[obs["year"] <= 2015], rows[rows["year"] <= 2015])
        cal = calibrate(data, base_scenario(data.registry, persistence=0.0, tier=0.0),
                        Options(as_of=2015, base_year=2015, horizon=2020, window=16))
        assert cal.counties.sigma.value == pytest.approx(0.02, rel=0.15)
        spec = scenario_data(cal)
        spec["milestones"] = [2020]
        p = project(scenario.build(spec, data.registry), data, draws=1000, seed=1)
        bands = results.trajectories(p).set_index(["county_id", "year"])
        deflator_sd = cal.macro.trend("deflator")[1]
        for county_id, _ in units:
            trend_sd = math.hypot(cal.county_growth(county_id)[1], deflator_sd)
            for year in range(2016, 2021):
                b = bands.loc[(county_id, year)]
                true = levels[county_id][year]
                low, high = backtest.widen(b["gdp_p10"], b["gdp_p50"], b["gdp_p90"], LEVEL_SD["official"], trend_sd, year - 2015)
                hits += bool(b["gdp_p10"] <= true <= b["gdp_p90"])
                wide += bool(low <= true <= high)
                n += 1
    assert n == 750
    assert 0.70 <= wide / n <= 0.90
    assert 0.60 <= hits / n <= wide / n
