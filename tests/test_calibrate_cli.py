"""``tiersim calibrate`` and ``tiersim backtest`` as a user meets them (CliRunner on a copy of the root group)."""

from __future__ import annotations

import copy
import json

import click
import pandas as pd
import pytest
from click.testing import CliRunner

from calibration.cli import backtest, calibrate
from sim import scenario
from sim.cli import cli


def root() -> click.Group:
    """The ``tiersim`` root group (one-line errors) with the two commands, as the entry points will add them."""
    group = copy.copy(cli)
    group.commands = dict(cli.commands)
    group.add_command(calibrate)
    group.add_command(backtest)
    return group


def invoke(*args):
    return CliRunner().invoke(root(), list(args))


USER_CSV = """county,year,gdp_yi,real_growth,status,confidence,source
当阳,2019,480.5,7.9%,official,high,test yearbook
当阳,2020,470.2,-4.1%,official,high,test yearbook
当阳,2021,540.0,12.1%,official,high,test yearbook
Chibi,2018,390.0,,official,high,test yearbook
Chibi,2021,480.0,,official,high,test yearbook
"""


@pytest.fixture
def user_file(tmp_path):
    path = tmp_path / "yearbook.csv"
    path.write_text(USER_CSV, encoding="utf-8")
    return path


def test_calibrate_as_of_2020_prints_counts_and_what_it_could_not_estimate():
    result = invoke("calibrate", "--as-of", "2020")
    assert result.exit_code == 0, result.output
    out = result.output
    assert "county figures: 21 rows (official 1, secondary 15, forecast 5, estimated 0)" in out
    assert "growth rests on 14 county-years" in out
    assert "not estimated" in out and "2021 pandemic rebound: no 2021 figure up to 2020" in out
    assert "thresholds.tail_index" in out and "9 counties with no figure" not in out  # 11 have none as of 2020
    assert "11 counties with no figure at all" in out
    assert "carry-calibrated" in out and "no file written" in out


def test_calibrate_with_a_user_file_writes_a_scenario_that_runs(user_file, tmp_path):
    out = tmp_path / "mine.yaml"
    result = invoke("calibrate", "--data", str(user_file), "--as-of", "2021", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert f"sim/data (shipped), {user_file}" in result.output
    text = out.read_text(encoding="utf-8")
    assert f"# Regenerate with: tiersim calibrate --data {user_file} --as-of 2021 --out {out} --force" in text
    assert "当阳市" in text and "赤壁市" in text  # both now have growth data of their own
    run = CliRunner().invoke(cli, ["validate", str(out), "--data", str(user_file)])
    assert run.exit_code == 0, run.output
    again = invoke("calibrate", "--data", str(user_file), "--as-of", "2021", "--out", str(out))
    assert again.exit_code == 1 and "file exists; pass --force to replace it" in again.output


def test_calibrate_errors_are_one_line():
    result = invoke("calibrate", "--as-of", "2014")
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        "Error: calibrate as of 2014: Hubei's trend growth cannot be estimated: no Hubei growth figure up to 2014; choose a later --as-of"]


def test_calibrate_options_change_the_method_recorded(tmp_path, registry):
    out = tmp_path / "p.yaml"
    result = invoke("calibrate", "--as-of", "2024", "--method", "pooled", "--pandemic", "exclude", "--window", "8", "--out", str(out))
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert "--method pooled --pandemic exclude --window 8" in text and "# method: pooled" in text
    loaded = scenario.load(str(out), registry)
    assert loaded.growth.counties == {} and len(set(loaded.growth.tiers.values())) == 1  # complete pooling


def test_backtest_prints_scores_with_their_point_counts_and_writes_files(tmp_path):
    out = tmp_path / "bt"
    result = invoke("backtest", "--origins", "2019,2020", "--horizon", "2", "--draws", "300", "--out", str(out), "--lang", "en")
    assert result.exit_code == 0, result.output
    assert "origin 2020: calibrated on 14 county-years" in result.output
    assert "not estimated:" in result.output and "How much to trust these scores" in result.output
    assert "inside 80% band" in result.output and "Brier top100" in result.output
    points = pd.read_csv(out / "backtest.csv", dtype={"county_id": str})
    assert set(points["origin"]) == {2019, 2020}
    assert (points["year"] > points["origin"]).all() and (points["horizon"] == points["year"] - points["origin"]).all()
    assert set(points["status"]) <= {"official", "secondary"}
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["origins"] == [2019, 2020] and len(manifest["data_sha256"]) == 64
    assert {"backtest.csv", "membership.csv", "summary.csv", "manifest.json"} <= {p.name for p in out.iterdir()}


def test_backtest_with_a_user_file(user_file):
    result = invoke("backtest", "--data", str(user_file), "--origins", "2020", "--horizon", "1", "--draws", "200",
                    "--seed-method", "carry-nearest")
    assert result.exit_code == 0, result.output
    assert str(user_file) in result.output
    assert "当阳市" in result.output  # its 2021 official figure is now an outcome


def test_backtest_refuses_an_origin_it_cannot_calibrate():
    result = invoke("backtest", "--origins", "2012", "--draws", "100")
    assert result.exit_code == 1
    assert result.output.startswith("Error: backtest origin 2012: calibrate as of 2012: Hubei's trend growth cannot be estimated")
