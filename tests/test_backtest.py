"""Backtests: scores with known answers, and the shipped backtest against its own rules."""

from __future__ import annotations

import numpy as np
import pytest
from click.testing import CliRunner

from calibration import backtest, scores
from sim.cli import cli
from sim.data.tables import best_observations
from sim.scenario import load


def test_scores_have_known_answers():
    assert [round(x, 3) for x in scores.wilson(8, 10, 0.8)] == [0.602, 0.914]
    draws = np.linspace(0, 1, 1001)[:, None]
    assert abs(scores.pit(draws, np.array([0.25]))[0] - 0.25) < 1e-3
    # CRPS of a uniform(0, 1) forecast for an outcome at 0.5 is 1/12
    assert abs(scores.crps(draws, np.array([0.5]))[0] - 1 / 12) < 1e-3
    assert scores.brier(np.array([0.5, 0.5]), np.array([0, 1])) == 0.25
    assert scores.skill(0.05, 0.1) == 0.5


@pytest.fixture(scope="module")
def shipped_backtest(shipped, registry):
    return backtest.run(shipped, load("baseline", registry), [2019, 2020], horizon=2, draws=400)


def test_only_later_official_or_secondary_figures_are_scored(shipped, shipped_backtest):
    pts = shipped_backtest.points
    best = best_observations(shipped.observations).set_index(["county_id", "year"])
    assert len(pts) > 0
    assert ((pts["year"] > pts["origin"]) & (pts["year"] <= pts["origin"] + 2)).all()
    assert set(pts["status"]) <= {"official", "secondary"}
    for r in pts.itertuples():
        assert best.loc[(r.county_id, r.year), "gdp_yi"] == r.observed
    assert ((pts["p10"] <= pts["p25"]) & (pts["p25"] <= pts["p50"]) & (pts["p75"] <= pts["p90"])).all()
    assert (pts["inside_50"] <= pts["inside_80"]).all()


def test_membership_is_scored_against_ccid_lists_with_persistence_next_to_it(shipped, shipped_backtest):
    m = shipped_backtest.membership
    assert set(m["data_year"]) <= set(shipped.ccid_ranks["data_year"])
    daye_2021 = m[(m["county_id"] == "420281") & (m["data_year"] == 2021)]
    assert (daye_2021["member"] == 1).all() and (daye_2021["persistence"] == 1).all()  # 大冶: member since 2016
    table = backtest.summary(shipped_backtest)
    row = table[table["horizon"] == "all"].iloc[0]
    assert row["brier_persistence"] == pytest.approx(scores.brier(m["persistence"], m["member"]))
    assert row["brier"] == pytest.approx(scores.brier(m["probability"], m["member"]))


def test_backtest_cli_prints_coverage_with_wilson_intervals_and_writes_pit(tmp_path):
    out = tmp_path / "bt"
    result = CliRunner().invoke(cli, ["backtest", "--origins", "2020", "--horizon", "1", "--draws", "200", "--lang", "en",
                                      "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "inside 80% band" in result.output and "persistence" in result.output
    assert sorted(p.name for p in out.iterdir()) == ["backtest.csv", "manifest.json", "membership.csv", "pit.png", "summary.csv"]


def test_backtest_refuses_an_origin_it_cannot_score():
    result = CliRunner().invoke(cli, ["backtest", "--origins", "2030"])
    assert result.exit_code == 1
    assert "--origins: 2030 cannot be scored" in result.output
