"""The simpy calendar: phase order, events, and known answers on hand-made inputs."""

import numpy as np
import pytest

from sim.model import engine
from sim.model.economy import NEVER
from sim.scenario import GrowthShock

YEARS = list(range(2020, 2026))


def inputs(real=0.0, deflator=0.0, gdp0=(100.0, 200.0), thresholds=(150.0,), events=()):
    n, t = len(gdp0), len(YEARS) - 1
    return engine.Inputs(
        years=YEARS, county_ids=[f"42000{i}" for i in range(n)], tiers=["advance", "sprint"][:n],
        gdp0=np.array(gdp0), real=np.full((t, n), real), deflator=np.full(t, deflator),
        thresholds={"top100": np.full(len(YEARS), thresholds[0])}, sizes={"top100": 100}, events=events)


def test_zero_growth_flat_threshold_nothing_moves():
    paths = engine.run(inputs())
    assert (paths.gdp == np.array([100.0, 200.0])).all()
    # the county above the flat threshold is above from the base year; the other never crosses
    assert paths.first["top100"].tolist() == [[NEVER, 2020]]


def test_constant_growth_gives_power_law():
    paths = engine.run(inputs(real=0.07))
    expected = np.array([100.0, 200.0]) * (1.07 ** np.arange(len(YEARS)))[:, None]
    np.testing.assert_allclose(paths.gdp[:, 0, :], expected, rtol=1e-13, atol=0)


def test_crossing_year_is_first_year_at_or_above():
    # 100 * 1.5**t: 150 in 2021 (at the threshold counts as crossed)
    assert engine.run(inputs(real=0.5)).first["top100"][0, 0] == 2021


def test_growth_shock_applies_in_its_year_only_to_its_scope():
    shock = GrowthShock(year=2023, size=0.1, scope="sprint")
    plain = engine.run(inputs(real=0.05))
    shocked = engine.run(inputs(real=0.05, events=(shock,)))
    ratio = shocked.gdp[:, 0, :] / plain.gdp[:, 0, :]
    assert (ratio[:, 0] == 1.0).all()  # advance county untouched
    np.testing.assert_allclose(ratio[:3, 1], 1.0)  # 2020-2022 unchanged
    np.testing.assert_allclose(ratio[3:, 1], 1.15 / 1.05)  # from 2023 on, one year of +10 points


def test_two_events_same_year_both_apply_before_growth():
    events = (GrowthShock(year=2021, size=0.02), GrowthShock(year=2021, size=0.03, scope="counties", counties=("420000",)))
    paths = engine.run(inputs(events=events))
    np.testing.assert_allclose(paths.gdp[1, 0], [105.0, 204.0])


def test_draws_rows_are_independent_copies():
    paths = engine.run(inputs(real=0.5), draws=3)
    assert paths.gdp.shape == (len(YEARS), 3, 2)
    assert (paths.gdp[:, 0] == paths.gdp[:, 2]).all()
    assert paths.first["top100"].shape == (3, 2)


def test_event_before_base_year_is_never_scheduled_in_the_past():
    with pytest.raises(ValueError):
        engine.run(inputs(events=(GrowthShock(year=2020, size=0.1),)))
