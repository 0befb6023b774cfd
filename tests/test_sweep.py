"""Sweeps: --vary parsing (values and bad input), the grid, rows equal to ``tiersim run``'s, failed points, the CLI."""

from __future__ import annotations

import importlib
import importlib.util
import json

import click
import pandas as pd
import pytest
from click.testing import CliRunner

from sim import load_scenario
from sim.run.projection import project
from sim.run import executors
from sim.results import tables as results
from sim.whatif import sweep
from sim.errors import ScenarioError, SimError
from sim.cli import cli
from sim.cli.whatif import COMMANDS

GRID = ("growth.tiers.sprint=6%:8%:2%", "growth.default=5%:6%:1%")


@pytest.fixture(scope="module")
def grid_2x2(shipped):
    varies = sweep.parse_vary(GRID, "baseline", shipped)
    return varies, sweep.run("baseline", shipped, varies, draws=1000, seed=7)


@pytest.fixture(scope="module")
def runner_cli():
    group = click.Group(commands={c.name: c for c in COMMANDS})
    return group


# ---------------------------------------------------------------- --vary values


@pytest.mark.parametrize("spec, key, values", [
    ("growth.tiers.sprint=5%:9%:1%", "growth.tiers.sprint", ("0.05", "0.06", "0.07", "0.08", "0.09")),
    ("growth.default=0.05:0.09:0.01", "growth.default", ("0.05", "0.06", "0.07", "0.08", "0.09")),
    ("growth.default=0.1:0.3:0.1", "growth.default", ("0.1", "0.2", "0.3")),  # 0.1 + 2 * 0.1 != 0.3 in floats
    ("growth.default=5%:9%:3%", "growth.default", ("0.05", "0.08")),  # STOP not on the grid: not passed
    ("horizon=2030:2035:5", "horizon", ("2030", "2035")),
    ("growth.default=0.06:0.06:0.01", "growth.default", ("0.06",)),
    ("uncertainty.national=0:2%:1%", "uncertainty.national", ("0", "0.01", "0.02")),
    ("growth.default=-2%:0%:1%", "growth.default", ("-0.02", "-0.01", "0")),
])
def test_vary_values_include_stop(shipped, spec, key, values):
    sets = ("milestones=[2025, 2030]",) if key == "horizon" else ()
    (vary,) = sweep.parse_vary([spec], "baseline", shipped, sets)
    assert (vary.key, vary.values) == (key, values)


@pytest.mark.parametrize("spec, message", [
    ("growth.nope=0:1:0.1", "--vary growth.nope=0:1:0.1: unknown key 'nope' (allowed: default, tiers, counties, years, shift)"),
    ("nope=0:1:0.1", "--vary nope=0:1:0.1: unknown key 'nope' (allowed: name, description, extends, model, base_year, horizon, "
                     "growth, deflator, thresholds, uncertainty, events, milestones, sustain_years)"),
    ("growth.tiers.nope=5%:6%:1%", "--vary growth.tiers.nope=5%:6%:1%: unknown tier 'nope' (tiers: advance, sprint, reserve, other)"),
    ("growth.default=9%:5%:1%", "--vary growth.default=9%:5%:1%: empty range: STOP (5%) is below START (9%)"),
    ("growth.default=5%:9%:0", "--vary growth.default=5%:9%:0: STEP must be above 0; got 0"),
    ("growth.default=5%:9%:-1%", "--vary growth.default=5%:9%:-1%: STEP must be above 0; got -1%"),
    ("growth.default=5%:9%", "--vary growth.default=5%:9%: must be key.path=START:STOP:STEP, e.g. growth.tiers.sprint=5%:9%:1%"),
    ("growth.default", "--vary growth.default: must be key.path=START:STOP:STEP, e.g. growth.tiers.sprint=5%:9%:1%"),
    ("=5%:9%:1%", "--vary =5%:9%:1%: must be key.path=START:STOP:STEP, e.g. growth.tiers.sprint=5%:9%:1%"),
    ("growth..default=5%:9%:1%", "--vary growth..default=5%:9%:1%: must be key.path=START:STOP:STEP, e.g. growth.tiers.sprint=5%:9%:1%"),
    ("growth.default=five:9%:1%", "--vary growth.default=five:9%:1%: 'five' is not a number or percent like 0.05 or 5%"),
    ("growth.default=5%:inf:1%", "--vary growth.default=5%:inf:1%: 'inf' is not a number or percent like 0.05 or 5%"),
    ("growth.default=40%:50%:10%", "--vary growth.default=40%:50%:10%: must be between -30% and 30% per year; got 0.4"),
    ("growth.default=0:1:0.000001", "--vary growth.default=0:1:0.000001: 1000001 values; at most 100000 points per sweep"),
])
def test_vary_bad_input_is_one_line(shipped, spec, message):
    with pytest.raises(ScenarioError) as info:
        sweep.parse_vary([spec], "baseline", shipped)
    assert str(info.value) == message


def test_vary_key_twice_or_also_set_is_refused(shipped):
    with pytest.raises(ScenarioError, match=r"^--vary growth.default=6%:7%:1%: growth.default is varied twice$"):
        sweep.parse_vary(["growth.default=5%:6%:1%", "growth.default=6%:7%:1%"], "baseline", shipped)
    with pytest.raises(ScenarioError, match=r"^--vary growth.default=5%:6%:1%: growth.default is also given with --set; drop one$"):
        sweep.parse_vary(["growth.default=5%:6%:1%"], "baseline", shipped, ("growth.default=0.07",))
    with pytest.raises(ScenarioError, match=r"^--vary: give at least one"):
        sweep.parse_vary([], "baseline", shipped)


def test_grid_is_too_large(shipped):
    with pytest.raises(ScenarioError, match=r"^--vary: the grid has 1002001 points; at most 100000$"):
        sweep.parse_vary(["growth.default=0:0.1:0.0001", "growth.tiers.sprint=0:0.1:0.0001"], "baseline", shipped)


# ---------------------------------------------------------------- the grid and its rows


def test_grid_names_hashes_and_rows(grid_2x2, shipped):
    varies, result = grid_2x2
    names = [p.name for p in result.points]
    assert names == ["growth.tiers.sprint=0.06,growth.default=0.05", "growth.tiers.sprint=0.06,growth.default=0.06",
                     "growth.tiers.sprint=0.08,growth.default=0.05", "growth.tiers.sprint=0.08,growth.default=0.06"]
    frame = sweep.table(result)
    listed = len(shipped.registry)  # every county with a row, seeded or not
    assert len(frame) == 4 * listed * 2
    assert list(frame.columns) == ["point", "name", "scenario_sha256", "growth.tiers.sprint", "growth.default", "county_id",
                                   "name_zh", "name_pinyin", "tier", "threshold", "p_by_2025", "p_by_2030", "p_by_2035",
                                   "year_p50", "error"]
    for point in result.points:
        expected = load_scenario("baseline", shipped.registry, tuple(f"{v.key}={x}" for v, x in zip(varies, point.values)))
        assert point.sha256 == expected.sha256()
        assert set(frame.loc[frame["point"] == point.index, "scenario_sha256"]) == {expected.sha256()}
    assert (frame["error"].fillna("") == "").all()
    # the fitted baseline projects every county: 松滋 has no figure and is imputed (its level drawn from its tier's)
    imputed = frame[frame["county_id"] == shipped.registry.resolve("松滋")]
    assert imputed["p_by_2035"].notna().all() and len(imputed) == 8


def test_rows_equal_what_tiersim_run_reports(grid_2x2, shipped):
    """The sweep's lean path (no full Summary) gives exactly the numbers of project() + results."""
    varies, result = grid_2x2
    point = result.points[3]
    p = project(point.scenario, shipped, draws=1000, seed=7)
    frame = sweep.table(result)
    rows = frame[frame["point"] == 3].set_index(["county_id", "threshold"])
    cross = results.crossings(p).set_index(["county_id", "threshold"])
    for (county_id, name), row in rows.iterrows():
        for year in (2025, 2030, 2035):
            expected = results.p_by(p, county_id, name, year)
            assert (pd.isna(row[f"p_by_{year}"]) and expected is None) or row[f"p_by_{year}"] == expected
        assert str(row["year_p50"]) == str(cross.loc[(county_id, name), "year_p50"])


def test_same_seed_same_bytes_and_any_executor(grid_2x2, shipped):
    varies, result = grid_2x2
    again = sweep.run("baseline", shipped, varies, draws=1000, seed=7, executor=executors.Processes(2), chunk=1)
    assert sweep.files(again) == sweep.files(result)
    other = sweep.run("baseline", shipped, varies[:1], draws=1000, seed=8)
    assert sweep.table(other)["p_by_2035"].tolist() != sweep.table(result)[sweep.table(result)["point"] < 2]["p_by_2035"].tolist()


def test_common_random_numbers_make_higher_growth_help_the_county_itself(shipped):
    """Same seed at every point: raising one county's growth never lowers its own P(crossed by 2035)."""
    varies = sweep.parse_vary(["growth.counties.天门=4%:8%:2%"], "baseline", shipped)
    frame = sweep.table(sweep.run("baseline", shipped, varies, draws=1000, seed=3))
    tianmen = frame[(frame["county_id"] == shipped.registry.resolve("天门")) & (frame["threshold"] == "top50")]
    p = tianmen["p_by_2035"].tolist()
    assert p == sorted(p) and p[0] < p[-1]


def test_a_failing_point_is_recorded_and_the_others_run(shipped):
    varies = sweep.parse_vary(["growth.tiers.sprint=25%:35%:10%"], "baseline", shipped)
    result = sweep.run("baseline", shipped, varies, draws=1000, seed=1)
    frame = sweep.table(result)
    failed = frame[frame["error"].fillna("") != ""]
    assert failed[["point", "name"]].values.tolist() == [[1, "growth.tiers.sprint=0.35"]]
    assert failed["error"].iloc[0] == ("--set growth.tiers.sprint=0.35: growth.tiers.sprint: must be between -30% and 30% "
                                       "per year; got 0.35")
    assert failed[["county_id", "p_by_2035", "scenario_sha256"]].isna().all().all()
    assert (frame["point"] == 0).sum() == len(shipped.registry) * 2
    grid = json.loads(sweep.files(result)["manifest.json"])["grid"]
    assert [g["error"] != "" for g in grid] == [False, True]


def test_a_combination_that_fails_only_together_is_recorded(shipped):
    """horizon=2030 fails only while milestones still has 2035: the points with it fail, the others run."""
    varies = sweep.parse_vary(["horizon=2030:2035:5"], "baseline", shipped)
    result = sweep.run("baseline", shipped, varies, draws=1000, seed=1, deterministic=True)
    assert sorted(result.errors) == [0]
    assert "milestones[2]: must be after base_year (2020) and at most horizon (2030); got 2035" in result.errors[0]


def test_heatmap_table(grid_2x2):
    varies, result = grid_2x2
    frame = sweep.table(result)
    table, title = sweep.heatmap_table(frame, [v.key for v in varies])
    assert table.shape == (2, 2)
    assert list(table.columns) == ["0.06", "0.08"] and list(table.index) == ["0.05", "0.06"]
    assert title == "expected tier counties crossed top100 by 2035"
    tier = frame[(frame["tier"] != "other") & (frame["threshold"] == "top100") & (frame["point"] == 1)]
    assert table.loc["0.06", "0.06"] == pytest.approx(tier["p_by_2035"].sum())
    one, title = sweep.heatmap_table(frame[frame["growth.default"] == "0.05"], [varies[0].key], threshold="top50", year=2030)
    assert "Tianmen" in one.index and "Gucheng" in one.index and title == "P(crossed top50 by 2030)"


# ---------------------------------------------------------------- the command


def test_sweep_cli_writes_the_folder(tmp_path, runner_cli):
    out = tmp_path / "sw"
    result = CliRunner().invoke(runner_cli, ["sweep", "--vary", "growth.tiers.sprint=6%:7%:1%", "--out", str(out),
                                             "--deterministic", "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert {"sweep.csv", "manifest.json"} <= {p.name for p in out.iterdir()}
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["tiersim"] == "sweep" and manifest["seed"] == 2021 and manifest["draws"] == 1
    assert [g["name"] for g in manifest["grid"]] == ["growth.tiers.sprint=0.06", "growth.tiers.sprint=0.07"]
    assert manifest["data_sha256"] and manifest["scenario"]["name"] == "baseline"
    assert "growth.tiers.sprint=0.07" in result.output and "wrote" in result.output
    plots = importlib.import_module("sim.present.plots") if importlib.util.find_spec("sim.present.plots") else None
    if hasattr(plots, "sweep_heatmap"):
        assert (out / "sweep_heatmap.png").read_bytes().startswith(b"\x89PNG")
    else:
        assert "heatmap: skipped (sim.present.plots has no sweep_heatmap yet)" in result.output


def test_sweep_cli_without_out_prints_the_table_and_writes_nothing(tmp_path, runner_cli, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(runner_cli, ["sweep", "--vary", "growth.tiers.sprint=6%:7%:1%", "--deterministic",
                                             "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert "growth.tiers.sprint=0.07" in result.output and "wrote" not in result.output
    assert list(tmp_path.iterdir()) == []


def test_sweep_cli_bad_vary_is_one_line_and_writes_nothing(tmp_path):
    cli.add_command(COMMANDS[0])
    out = tmp_path / "sw"
    result = CliRunner().invoke(cli, ["sweep", "--vary", "growth.nope=0:1:0.1", "--out", str(out)])
    assert result.exit_code == 1
    assert result.output.splitlines() == ["Error: --vary growth.nope=0:1:0.1: unknown key 'nope' (allowed: default, tiers, "
                                          "counties, years, shift)"]
    assert not out.exists()


def test_sweep_dask_without_dask_installed_is_a_clear_error(monkeypatch):
    real = importlib.import_module

    def refuse(name, *args):
        if name == "distributed":
            raise ImportError("no distributed")
        return real(name, *args)

    monkeypatch.setattr(importlib, "import_module", refuse)
    with pytest.raises(SimError, match=r"^Dask is not installed: --dask and --scheduler need the optional extra; "
                                       r"pip install 'tiersim\[distributed\]'$"):
        with executors.choose(dask="local"):
            pass


def test_help_has_examples(runner_cli):
    for name in ("sweep", "goal", "compare"):
        result = CliRunner().invoke(runner_cli, [name, "--help"])
        assert result.exit_code == 0 and "Example" in result.output, result.output
