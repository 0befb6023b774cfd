"""Policy events on the calendar: shocks with decay, investment projects, tier promotion, same-year order."""

import numpy as np
import pytest

from sim.run.projection import project
from sim.model import economy
from sim.errors import ScenarioError
from tests.conftest import make_scenario

FLAT = {"default": 0.05}
NO_PRICES = {"default": 0.0}


def paths(registry, shipped, events, **extra):
    scenario = make_scenario(registry, growth=extra.pop("growth", FLAT), deflator=NO_PRICES, events=events, **extra)
    p = project(scenario, shipped, deterministic=True, keep=1)
    return p, p.kept[0].gdp[:, 0, :]


def column(p, name):
    return p.inputs.county_ids.index(p.dataset.registry.resolve(name))


def test_project_adds_its_gdp_from_full_ramp_on(registry, shipped):
    p0, plain = paths(registry, shipped, [])
    p1, with_project = paths(registry, shipped, [{"type": "project", "county": "钟祥", "start": 2024, "ramp_years": 4, "gdp": 200}])
    c = column(p1, "钟祥")
    diff = with_project[:, c] - plain[:, c]
    years = p1.inputs.years
    expected = [0.0 if y < 2024 else 200.0 * min(1.0, (y - 2023) / 4) for y in years]
    np.testing.assert_allclose(diff, expected, atol=1e-9)
    others = [i for i in range(plain.shape[1]) if i != c]
    np.testing.assert_array_equal(with_project[:, others], plain[:, others])


def test_two_projects_in_one_county_add_up(registry, shipped):
    _, plain = paths(registry, shipped, [])
    p, both = paths(registry, shipped, [{"type": "project", "county": "钟祥", "start": 2024, "gdp": 100},
                                         {"type": "project", "county": "Zhongxiang", "start": 2026, "ramp_years": 2, "gdp": 50}])
    c = column(p, "钟祥")
    assert both[p.inputs.years.index(2030), c] - plain[p.inputs.years.index(2030), c] == pytest.approx(150.0)


def test_growth_shock_decays_geometrically(registry, shipped):
    _, plain = paths(registry, shipped, [])
    p, shocked = paths(registry, shipped, [{"type": "growth_shock", "year": 2026, "size": 0.02, "decay": 0.5, "scope": "sprint"}])
    c = column(p, "天门")
    ratio = shocked[:, c] / plain[:, c]
    years = p.inputs.years
    step = ratio[1:] / ratio[:-1]
    expected = [1.0 if y < 2026 else (1.05 + 0.02 * 0.5 ** (y - 2026)) / 1.05 for y in years[1:]]
    np.testing.assert_allclose(step, expected, rtol=1e-12)
    advance = column(p, "大冶")
    np.testing.assert_array_equal(shocked[:, advance], plain[:, advance])


def test_promotion_takes_effect_the_year_after_crossing(registry, shipped):
    growth = {"default": 0.05, "tiers": {"advance": 0.15, "sprint": 0.09}}
    p, gdp = paths(registry, shipped, [{"type": "tier_promotion", "tiers": ["sprint"], "threshold": "top100"}],
                   growth=growth, thresholds={"model": "fitted"})
    c = column(p, "钟祥")  # a sprint county below the threshold in 2020
    first = p.kept[0].first["top100"][0, c]
    assert first != economy.NEVER and first > 2020
    i = p.inputs.years.index(int(first))
    growth_path = gdp[1:, c] / gdp[:-1, c] - 1.0
    np.testing.assert_allclose(growth_path[:i], 0.09, rtol=1e-12)  # up to and including the crossing year
    np.testing.assert_allclose(growth_path[i:], 0.15, rtol=1e-12)  # from the next year on: the advance tier's rate


def test_promotion_changes_only_promoted_draws(registry, shipped):
    growth = {"default": 0.05, "tiers": {"advance": 0.09}}
    base = make_scenario(registry, growth=growth)
    promoted = make_scenario(registry, growth=growth, events=[{"type": "tier_promotion"}])
    a = project(base, shipped, draws=1000, seed=3, keep=1000).kept[0]
    b = project(promoted, shipped, draws=1000, seed=3, keep=1000).kept[0]
    tiers = np.array([registry[c].tier for c in project(base, shipped, deterministic=True).inputs.county_ids])
    eligible = np.isin(tiers, ["sprint", "reserve"])
    # a draw is touched only if some eligible county is in the Top-100 before the horizon
    touched = (b.above["top100"][:-1][:, :, eligible]).any(axis=(0, 2))
    assert 0 < touched.sum() < 1000
    np.testing.assert_array_equal(a.gdp[:, ~touched], b.gdp[:, ~touched])
    assert (a.gdp[:, touched] != b.gdp[:, touched]).any(axis=(0, 2)).all()


@pytest.mark.parametrize("event, message", [
    ({"type": "project", "county": "钟祥", "start": 2024}, "events[0].gdp: missing; a project needs it"),
    ({"type": "project", "county": "Nowhere", "start": 2024, "gdp": 10}, "unknown county: 'Nowhere'"),
    ({"type": "project", "county": "钟祥", "start": 2024, "gdp": -5}, "events[0].gdp: must be a number above 0"),
    ({"type": "growth_shock", "year": 2026, "size": 0.01, "decay": 1.5}, "events[0].decay: must be between 0 and 1"),
    ({"type": "tier_promotion", "tiers": ["advance"]}, "events[0].tiers: must list tiers to promote from"),
    ({"type": "tier_promotion", "threshold": "top10"}, "events[0].threshold: must be top100 or top50; got 'top10'"),
])
def test_bad_events_are_refused(registry, event, message):
    with pytest.raises(ScenarioError, match=message.replace("[", r"\[").replace("]", r"\]").replace("(", r"\(")):
        make_scenario(registry, events=[event])
