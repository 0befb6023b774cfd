"""Issue 13: --no-impute, events on counties left out, and the plan's targets measured over all 78 units."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner

from sim import load_scenario
from sim.cli import cli
from sim.data.tables import best_observations
from sim.results import tables as results
from sim.run.projection import project
from tests.conftest import ASSUMED, make_scenario


def invoke(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


@pytest.fixture(scope="module")
def without_figures(shipped) -> list[str]:
    """Registry counties with no figure in any year (the fitted model imputes them; --no-impute leaves them out)."""
    held = set(best_observations(shipped.observations)["county_id"])
    missing = [c for c in shipped.registry.ids if c not in held]
    assert missing, "every shipped county has a figure: pick another case for these tests"
    return missing


# ---------------------------------------------------------------- --no-impute


def test_no_impute_leaves_counties_without_figures_out_of_a_fitted_run(tmp_path, without_figures):
    default, left = tmp_path / "default", tmp_path / "left"
    assert invoke("run", "--draws", "200", "-q", "--out", default).exit_code == 0
    result = invoke("run", "--draws", "200", "-q", "--no-impute", "--lang", "en", "--out", left)
    assert result.exit_code == 0, result.output
    assert f"{len(without_figures)} with no data (not projected)" in result.output
    imputed = pd.read_csv(default / "crossings.csv", dtype={"county_id": str})
    kept = pd.read_csv(left / "crossings.csv", dtype={"county_id": str})
    for county_id in without_figures:
        assert imputed.loc[imputed["county_id"] == county_id, "p_by_horizon"].notna().all()
        assert kept.loc[kept["county_id"] == county_id, "p_by_horizon"].isna().all()
    import json
    assert json.loads((left / "manifest.json").read_text(encoding="utf-8"))["impute"] == "none"
    verified = invoke("verify", left, "--lang", "en")
    assert verified.exit_code == 0, verified.output


def test_no_impute_and_impute_together_are_refused_and_every_projecting_command_takes_it():
    result = invoke("run", "--no-impute", "--impute", "tier-median")
    assert result.exit_code == 1 and "--impute tier-median and --no-impute contradict each other" in result.output
    for command in (["run"], ["report"], ["plot"], ["compare"], ["sweep"], ["goal"], ["validate"]):
        shown = invoke(*command, "--help")
        assert shown.exit_code == 0 and "--no-impute" in shown.output, command


def test_no_impute_in_the_assumed_model_is_the_default_leaving_out(shipped):
    scenario = make_scenario(shipped.registry)
    left = project(scenario, shipped, draws=50, impute="none")
    plain = project(scenario, shipped, draws=50)
    assert list(left.seeds["status"]) == list(plain.seeds["status"]) and "no data" in set(left.seeds["status"])


# ---------------------------------------------------------------- events on a county left out


def _event_file(tmp_path, county_id, extends):
    path = tmp_path / "ev.yaml"
    path.write_text(f"extends: {extends}\nname: ev\nevents:\n"
                    f"  - {{type: growth_shock, year: 2026, scope: sprint, size: 0.01}}\n"
                    f"  - {{type: project, county: '{county_id}', start: 2026, ramp_years: 2, gdp: 100}}\n",
                    encoding="utf-8")
    return path


def test_an_event_on_a_county_left_out_fails_validate_and_run_with_one_line(tmp_path, shipped, without_figures):
    county_id = without_figures[0]
    name = shipped.registry[county_id].name_zh
    fitted = _event_file(tmp_path, county_id, "baseline")
    assert invoke("validate", fitted).exit_code == 0          # imputed by the fitted model: projected
    for args in (["validate", fitted, "--no-impute"], ["run", fitted, "--no-impute", "--draws", "20", "-q"]):
        result = invoke(*args)
        assert result.exit_code == 1, args
        lines = result.output.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("Error: events[1]: county ")
        assert f"{name} ({county_id}) is left out of the projection" in lines[0] and "--no-impute" in lines[0]
    assumed = _event_file(tmp_path, county_id, ASSUMED.resolve())
    for args in (["validate", assumed], ["run", assumed, "--draws", "20", "-q"]):
        result = invoke(*args)
        assert result.exit_code == 1, args
        assert result.output.strip().splitlines() == [
            f"Error: events[1]: county {name} ({county_id}) is left out of the projection (no 2020 seed, model: assumed "
            f"without --impute); drop the event, load its figures with --data, or let it be imputed (fitted model "
            f"without --no-impute, or --impute tier-median)"]
    shock = invoke("validate", "--no-impute", "--set", f"events=[{{type: growth_shock, year: 2026, scope: ['{county_id}'], size: 0.01}}]")
    assert shock.exit_code == 1 and shock.output.startswith(f"Error: events[0]: county {name} ({county_id}) is left out")
    assert invoke("validate", "--no-impute", "--set", "events=[{type: growth_shock, year: 2026, scope: sprint, size: 0.01}]").exit_code == 0
    assert invoke("validate", assumed, "--impute", "tier-median").exit_code == 0
    assert invoke("run", assumed, "--impute", "tier-median", "--draws", "20", "-q").exit_code == 0


# ---------------------------------------------------------------- the targets over all 78 units


def _targets(p) -> pd.DataFrame:
    return results.target_table(p).set_index("target")


def test_fitted_targets_are_measured_over_all_78_units(shipped):
    p = project(load_scenario("baseline", shipped.registry), shipped, draws=400, seed=3)
    t = _targets(p)
    n = len(p.inputs.county_ids)
    total = t.loc["county_gdp_total"]
    assert 25464.9 < total["value_p50"] < 60000            # tens of thousands of 亿 (the 17-county sum was ~15,000)
    assert 0.02 < total["probability_met"] < 0.98           # a forecast, not an artefact of missing units
    assert f"{n} projected units + the other {78 - n} of the plan's 78" in total["covers"]
    assert "2020 total 25464.9亿" in total["covers"]
    count = t.loc["counties_gdp_at_least_500"]
    assert count["value_p50"] >= 16 and "lower bound" in count["covers"]   # at least the plan's 16 of 2020
    assert "counted as none" in t.loc["counties_gdp_at_least_1000", "covers"]
    assert t.loc["county_urbanisation_rate", "covers"] == "not modelled"


def test_the_rest_of_the_county_economy_starts_at_the_plan_total_minus_the_projected_units(shipped):
    p = project(load_scenario("baseline", shipped.registry), shipped, draws=200, seed=3, keep=200)
    rest = p.plan.rest
    assert rest.anchor == 2020 and rest.total == pytest.approx(25464.9) and rest.count500 == 16
    block = p.kept[0]
    values, count500 = rest.sample(0, 200, p.seed, 0, block, p.inputs.years)
    gdp2020 = block.gdp[p.inputs.years.index(2020)]
    assert values[2020] == pytest.approx(25464.9 - gdp2020.sum(axis=1))
    assert np.array_equal(count500, 16 - (gdp2020 >= 500).sum(axis=1))
    growth = values[2025] / values[2020]
    assert 1.2 < np.median(growth) < 1.8 and np.std(np.log(growth)) > 0.01     # it grows, with its own uncertainty
    again, _ = rest.sample(0, 200, p.seed, 0, block, p.inputs.years)
    assert np.array_equal(again[2025], values[2025])                            # its own reproducible stream


def test_assumed_targets_grow_the_rest_at_the_scenarios_rates(shipped):
    scenario = make_scenario(shipped.registry)
    p = project(scenario, shipped, deterministic=True)
    t = _targets(p)
    projected = p.summary.arrays
    assert projected["target_int"].shape[1] >= 79
    gdp = p.summary
    years = p.inputs.years
    sums = {y: sum(gdp.gdp_quantile(years.index(y), i, 0.5) for i in range(len(p.inputs.county_ids))) for y in (2020, 2025)}
    grow = np.prod([(1 + scenario.growth.rate("", "other", y)) * (1 + scenario.deflator.rate(y)) for y in range(2021, 2026)])
    expected = sums[2025] + (25464.9 - sums[2020]) * grow
    assert t.loc["county_gdp_total", "value_p50"] == pytest.approx(expected, rel=0.01)


def test_a_target_that_cannot_cover_all_units_is_not_measured_never_zero(shipped):
    scenario = make_scenario(shipped.registry, base_year=2021)   # the assumed model cannot place the units in 2020
    p = project(scenario, shipped, draws=20)
    t = _targets(p)
    for item in ("county_gdp_total", "counties_gdp_at_least_500"):
        assert pd.isna(t.loc[item, "probability_met"]) and t.loc[item, "covers"].startswith("not measurable")


# ---------------------------------------------------------------- item 5: a full yearbook


def test_a_full_yearbook_of_78_units_measures_every_target_directly(tmp_path, shipped):
    """All 78 units by --data (the 26 shipped counties and 52 new 42xxxx codes with name_zh), figures for 2020:
    nothing imputed or estimated, and each target is measured over the 78 projected units."""
    rng = np.random.default_rng(1)
    rows = ["county,year,gdp_yi,name_zh"]
    ids = list(shipped.registry.ids)
    gdp = {}
    for k, county_id in enumerate(ids):
        gdp[county_id] = float(np.round(rng.uniform(300, 900), 1))
        rows.append(f"{county_id},2020,{gdp[county_id]},")
    for k in range(78 - len(ids)):
        code = f"4299{k:02d}"
        gdp[code] = float(np.round(rng.uniform(100, 700), 1))
        rows.append(f"{code},2020,{gdp[code]},合成县{k}")
    (tmp_path / "yb.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    out = tmp_path / "res"
    result = invoke("run", "-s", ASSUMED.resolve(), "--data", tmp_path / "yb.csv", "--deterministic", "-q", "--lang", "en",
                    "--out", out)
    assert result.exit_code == 0, result.output
    assert "0 estimated*, 0 imputed*, 0 with no data" in result.output
    t = pd.read_csv(out / "targets.csv").set_index("target")
    assert (t.loc[["county_gdp_total", "counties_gdp_at_least_500", "counties_gdp_at_least_1000"], "covers"]
            == "all 78 of the plan's units projected: measured directly").all()
    trajectories = pd.read_csv(out / "trajectories.csv", dtype={"county_id": str})
    assert trajectories["county_id"].nunique() == 78
    at2025 = trajectories[trajectories["year"] == 2025]
    assert t.loc["county_gdp_total", "value_p50"] == pytest.approx(at2025["gdp_p50"].sum(), rel=0.005)
    assert t.loc["counties_gdp_at_least_500", "value_p50"] == (at2025["gdp_p50"] >= 500).sum()
    base = trajectories[trajectories["year"] == 2020].set_index("county_id")["gdp_p50"]
    assert base.to_dict() == pytest.approx(gdp, rel=1e-4)
