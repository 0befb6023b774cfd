"""Goal seeking: the analytic rate on a zero-volatility scenario, bisection's bracket, unreachable goals, the CLI."""

from __future__ import annotations

import click
import pytest
from click.testing import CliRunner

from sim import load_scenario, load_shipped
from sim.data import seeds
from sim.run.projection import project
from sim.whatif import goal
from sim.cli import cli
from sim.cli.whatif import COMMANDS
from sim.errors import CalibrationError, ScenarioError
from tests.conftest import ASSUMED

BASE = str(ASSUMED)
"""The assumed-model scenario (hand-set growth, point seeds): the known answers below are about the solver."""

ANALYTIC = ("thresholds.model=fitted", "deflator.default=0", "deflator.years={}")
"""Zero deflator and the exogenous fitted threshold path: GDP in Y is G0 (1 + r)^t, the threshold is T."""


@pytest.fixture(scope="module")
def analytic(shipped):
    return load_scenario(BASE, shipped.registry, ANALYTIC)


@pytest.fixture(scope="module")
def group():
    return click.Group(commands={c.name: c for c in COMMANDS})


@pytest.mark.parametrize("county, threshold, year", [("天门", "top100", 2027), ("钟祥", "top50", 2035), ("京山", "top100", 2030)])
def test_zero_volatility_gives_the_analytic_rate(shipped, analytic, county, threshold, year):
    county_id = shipped.registry.resolve(county)
    found = goal.seek(analytic, shipped, county_id, threshold, year, deterministic=True)
    p = project(analytic, shipped, deterministic=True)
    c = p.inputs.county_ids.index(county_id)
    t = year - analytic.base_year
    target = p.inputs.thresholds[threshold][p.inputs.years.index(year)]
    expected = (target / p.inputs.gdp0[c]) ** (1.0 / t) - 1.0
    assert found.rate == pytest.approx(expected, abs=1e-3)
    assert expected <= found.rate <= expected + goal.TOL  # the bracket's upper end: the rate seen to reach it
    assert found.threshold_p50 == pytest.approx(target)


def test_monte_carlo_rate_is_the_edge_of_the_probability(shipped):
    """With common random numbers, P >= prob at the rate, and a cap just below it is unreachable."""
    scenario = load_scenario(BASE, shipped.registry)
    tianmen = shipped.registry.resolve("天门")
    found = goal.seek(scenario, shipped, tianmen, "top100", 2027, prob=0.8, seed=11)
    assert found.probability >= 0.8 and found.evaluations <= 16
    below = found.rate - 2 * goal.TOL
    with pytest.raises(CalibrationError, match=r"under the cap of"):
        goal.seek(scenario, shipped, tianmen, "top100", 2027, prob=0.8, seed=11, cap=below, floor=below - 0.01)
    assert found.assumed == pytest.approx(((1.129 * 1.052 * 1.052) * 1.06 ** 4) ** (1 / 7) - 1)


def test_unreachable_goal_says_so(shipped):
    scenario = load_scenario(BASE, shipped.registry)
    with pytest.raises(CalibrationError) as info:
        goal.seek(scenario, shipped, shipped.registry.resolve("京山"), "top50", 2022, deterministic=True)
    assert str(info.value) == ("goal: 京山市 cannot reach top50 by 2022 with probability 0.8 under the cap of 30%/yr "
                               "(P = 0.00 at the cap)")


def _sprint_county_without_data(shipped):
    table = seeds.resolve(shipped, 2020)
    missing = set(table.loc[table["gdp_yi"].isna(), "county_id"])
    return next(c for c in goal.tier_counties(shipped, "sprint") if c in missing)


def test_goal_met_at_the_floor_and_county_without_data(shipped):
    scenario = load_scenario(BASE, shipped.registry)
    found = goal.seek(scenario, shipped, shipped.registry.resolve("仙桃"), "top100", 2021, deterministic=True)
    assert found.at_floor and found.rate == goal.FLOOR
    county = shipped.registry[_sprint_county_without_data(shipped)]
    with pytest.raises(CalibrationError, match=rf"^goal: {county.name_zh} has no base-year GDP \(no data\); load figures with --data"):
        goal.seek(scenario, shipped, county.id, "top100", 2030, deterministic=True)


@pytest.mark.parametrize("county, threshold, year, sets, runs", [
    ("天门", "top100", 2027, ("horizon=2028", "milestones=[2025]"), 5),
    ("钟祥", "top50", 2029, ("horizon=2029", "milestones=[2025]", "events=[{type: growth_shock, year: 2023, size: 0.01, "
                                                                  "permanent: true}, {type: project, county: 钟祥, "
                                                                  "start: 2024, gdp: '80亿'}]"), 5),
])
def test_solving_once_gives_the_bisection_answer(shipped, county, threshold, year, sets, runs):
    """The per-draw solve (a few runs to YEAR) and the reference bisection (14 runs to the horizon) agree bit for bit."""
    scenario = load_scenario(BASE, shipped.registry, sets)
    plan = goal._plan(scenario, shipped, None, False, year)
    county_id = shipped.registry.resolve(county)
    fast = goal.seek_in_plan(plan, county_id, threshold, year, prob=0.7)
    slow = goal.bisect_in_plan(plan, county_id, threshold, year, prob=0.7)
    assert fast.rate == slow.rate and fast.probability == slow.probability and fast.threshold_p50 == slow.threshold_p50
    assert fast.evaluations <= runs and slow.evaluations == 14


@pytest.mark.parametrize("kwargs, message", [
    (dict(year=2020), r"^--by 2020: must be after the base year \(2020\) and at most the horizon \(2035\)"),
    (dict(year=2036), r"^--by 2036: must be after the base year"),
    (dict(prob=0.0), r"^--prob 0: must be above 0 and at most 1$"),
    (dict(floor=0.1, cap=0.05), r"^--floor 10.0% / --cap 5.0%: the floor must be below the cap$"),
    (dict(threshold="top10"), r"^--threshold: must be one of top100, top50; got 'top10'$"),
])
def test_bad_goal_input(shipped, kwargs, message):
    scenario = load_scenario(BASE, shipped.registry)
    args = dict(threshold="top100", year=2030)
    args.update(kwargs)
    threshold, year = args.pop("threshold"), args.pop("year")
    with pytest.raises(ScenarioError, match=message):
        goal.seek(scenario, shipped, shipped.registry.resolve("天门"), threshold, year, deterministic=True, **args)


def test_unknown_tier(shipped):
    with pytest.raises(ScenarioError, match=r"^--tier gold: unknown tier \(tiers: advance, sprint, reserve, other\)$"):
        goal.tier_counties(shipped, "gold")


def test_goal_cli_for_a_tier(group):
    result = CliRunner().invoke(group, ["goal", "--tier", "sprint", "--by", "2030", "--deterministic", "--lang", "en", "-s", BASE])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    tianmen = next(line for line in lines if "Tianmen" in line)
    assert "%" in tianmen and "pt" in tianmen
    county = load_shipped().registry[_sprint_county_without_data(load_shipped())]
    assert f"{county.name_pinyin} has no base-year GDP (no data)" in result.output
    assert "replaces the scenario's growth for the county in every year" in result.output
    assert "geometric mean" in result.output


def test_goal_cli_unreachable_is_one_line(tmp_path):
    cli.add_command(COMMANDS[1])
    result = CliRunner().invoke(cli, ["goal", "京山", "--threshold", "top50", "--by", "2022", "--deterministic", "-s", BASE])
    assert result.exit_code == 1
    assert result.output.splitlines() == ["Error: goal: 京山市 cannot reach top50 by 2022 with probability 0.8 under the "
                                          "cap of 30%/yr (P = 0.00 at the cap)"]
    result = CliRunner().invoke(cli, ["goal", "天门", "--by", "2030", "--cap", "30"])
    assert result.output.splitlines() == ['Error: --cap: 30 looks like a percent; write 0.3 or "30%"']
    result = CliRunner().invoke(cli, ["goal", "--by", "2030"])
    assert result.output.splitlines() == ["Error: goal: name a COUNTY or a --tier, e.g. tiersim goal 天门 --by 2027"]


def test_fitted_goal_solves_once_as_bisection_does_and_run_confirms_it(shipped):
    """On the fitted baseline (per-draw histories, trends and volatilities), the fast solve equals the reference
    bisection, and a projection with the county's growth set to the answer reaches the probability."""
    scenario = load_scenario("baseline", shipped.registry, ("horizon=2030", "milestones=[2030]"))
    plan = goal._plan(scenario, shipped, None, False, 2030)
    tianmen = shipped.registry.resolve("天门")
    fast = goal.seek_in_plan(plan, tianmen, "top100", 2030, prob=0.8)
    slow = goal.bisect_in_plan(plan, tianmen, "top100", 2030, prob=0.8)
    assert fast.rate == slow.rate and fast.probability == slow.probability
    assert 0.0 < fast.rate < goal.CAP and fast.probability >= 0.8
    chosen = load_scenario("baseline", shipped.registry, ("horizon=2030", "milestones=[2030]",
                                                          f"growth.counties.{tianmen}={fast.rate!r}"))
    p = project(chosen, shipped, seed=2021)
    member = p.summary.arrays["member"][p.inputs.county_ids.index(tianmen), p.summary.names.index("top100"), -1]
    assert member / p.summary.draws == fast.probability  # the same draws: at or above in 2030


def test_fitted_goal_refuses_a_year_in_the_data(shipped):
    with pytest.raises(ScenarioError, match=r"^--by 2023: the data run to 2024, so that year is history"):
        goal.seek(load_scenario("baseline", shipped.registry), shipped, shipped.registry.resolve("天门"), "top100", 2023)
