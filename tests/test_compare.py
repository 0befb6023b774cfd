"""Scenario comparison: a scenario against itself gives zero differences; a what-if moves the right numbers."""

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
from sim.whatif import compare
from sim.results import tables as results
from sim.cli.whatif import COMMANDS
from sim.errors import SimError


@pytest.fixture(scope="module")
def baseline(shipped):
    return project(load_scenario("baseline", shipped.registry), shipped, draws=1000, seed=5)


@pytest.fixture(scope="module")
def sprint(shipped):
    return project(load_scenario("baseline", shipped.registry, ("growth.tiers.sprint=9%",)), shipped, draws=1000, seed=5)


@pytest.fixture(scope="module")
def group():
    return click.Group(commands={c.name: c for c in COMMANDS})


def test_a_scenario_against_itself_has_no_differences(shipped, baseline):
    again = project(load_scenario("baseline", shipped.registry), shipped, draws=1000, seed=5)
    crossing = compare.crossing_differences(baseline, again)
    known = crossing[crossing["a"].notna()]
    assert len(known) > 0 and (known["b_minus_a"] == 0).all()
    assert (known["a"] == known["b"]).all()
    empty = crossing[crossing["a"].isna()]  # no data, or not crossed by the horizon
    assert empty["b"].isna().all() and empty["b_minus_a"].isna().all()
    targets = compare.target_differences(baseline, again)
    measured = targets[targets["a"].notna()]
    assert len(measured) == 8 and (measured["b_minus_a"] == 0).all()
    assert (compare.gdp_differences(baseline, again)["b_minus_a"].dropna() == 0).all()


def test_tidy_columns_and_values_match_the_result_tables(shipped, baseline, sprint):
    crossing = compare.crossing_differences(baseline, sprint)
    assert list(crossing.columns) == compare.CROSSING_COLUMNS
    assert set(crossing["measure"]) == {"p_by_2025", "p_by_2030", "p_by_2035", "year_p50"}
    assert len(crossing) == len(shipped.registry) * 2 * 4
    tianmen = shipped.registry.resolve("天门")
    row = crossing.set_index(["county_id", "threshold", "measure"]).loc[(tianmen, "top50", "p_by_2035")]
    assert row["a"] == results.p_by(baseline, tianmen, "top50", 2035)
    assert row["b"] == results.p_by(sprint, tianmen, "top50", 2035)
    assert row["b_minus_a"] == pytest.approx(row["b"] - row["a"]) and row["b_minus_a"] > 0.3
    # a county outside the sprint tier keeps its own growth; only the shared thresholds can move it
    targets = compare.target_differences(baseline, sprint)
    assert list(targets.columns) == compare.TARGET_COLUMNS
    total = targets.set_index(["target", "measure"]).loc[("county_gdp_total", "value_p50")]
    assert total["b"] > total["a"]


def test_unequal_seeds_are_refused(shipped, baseline):
    other = project(load_scenario("baseline", shipped.registry), shipped, draws=1000, seed=6)
    with pytest.raises(SimError, match=r"^compare: A and B must use the same seed and draws; got seed 5, 1000 draws and seed 6"):
        compare.crossing_differences(baseline, other)


def test_files_write_years_as_whole_numbers(baseline, sprint):
    written = compare.files(baseline, sprint)
    assert set(written) == {"compare_crossings.csv", "compare_targets.csv", "compare_gdp.csv", "manifest.json"}
    text = written["compare_crossings.csv"].decode("utf-8")
    year_rows = [line for line in text.splitlines() if ",year_p50," in line and line.endswith(("0", "1", "2", "3", "4", "5"))]
    assert year_rows and all("." not in line.split(",year_p50,")[1] for line in year_rows)
    manifest = json.loads(written["manifest.json"])
    assert manifest["a"]["scenario_sha256"] != manifest["b"]["scenario_sha256"] and manifest["seed"] == 5


def test_compare_cli(tmp_path, group):
    out = tmp_path / "cmp"
    result = CliRunner().invoke(group, ["compare", "baseline", "baseline", "--set", "growth.tiers.sprint=9%", "--lang", "en",
                                        "--county", "天门", "--deterministic", "--out", str(out), "--wide"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("compare: A = baseline (") and "B = baseline (" in lines[0]
    assert any(line.startswith("sprint") and "Tianmen" in line and "→" in line for line in lines)
    assert any(line.startswith("county_gdp_total") for line in lines)
    assert (out / "compare_crossings.csv").is_file()
    if importlib.util.find_spec("sim.present.plots") is not None and hasattr(importlib.import_module("sim.present.plots"), "scenario_comparison"):
        assert (out / "compare.png").read_bytes().startswith(b"\x89PNG")
    frame = pd.read_csv(out / "compare_targets.csv")
    assert list(frame.columns) == compare.TARGET_COLUMNS


def test_compare_cli_identical_scenarios_print_no_changes(group):
    result = CliRunner().invoke(group, ["compare", "baseline", "baseline", "--deterministic", "--lang", "en"])
    assert result.exit_code == 0, result.output
    table = result.output.split("\n\n")[0]
    assert "(+" not in table and "(-" not in table


def test_a_target_without_a_value_says_why(baseline, sprint):
    """Not modelled (the plan's urbanisation rate), not measurable (the reason is in targets.csv), or not projected:
    the compare table names each, in either language."""
    from sim.cli.compare_table import target_lines, target_states

    targets = compare.target_differences(baseline, sprint)
    states = target_states(baseline)
    assert states[("county_urbanisation_rate", 2025)] == "not_modelled"
    assert ("county_gdp_total", 2025) not in states  # measured
    states[("counties_gdp_at_least_500", 2025)] = "not_measurable"
    unmeasured = targets["target"] == "counties_gdp_at_least_500"
    targets.loc[unmeasured, ["a", "b", "b_minus_a"]] = None
    lines = target_lines(targets, "en", states).splitlines()
    assert next(x for x in lines if x.startswith("counties_gdp_at_least_500")).split()[2:] == ["not", "measurable"]
    assert next(x for x in lines if x.startswith("county_urbanisation_rate")).split()[2:] == ["not", "modelled"]
    zh = target_lines(targets, "zh", states)
    assert next(x for x in zh.splitlines() if x.startswith("GDP≥500亿的县市数")).split()[1:] == ["2025", "无法测量"]
    assert next(x for x in zh.splitlines() if x.startswith("县域城镇化率")).split()[1:] == ["2025", "未建模"]
