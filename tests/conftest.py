"""Shared fixtures: the shipped data and small helpers to build scenarios in code."""

from __future__ import annotations

import pytest

from tests.fuzz import profiles  # noqa: F401  (registers --hypothesis-profile ci|long before pytest reads the flag)

from sim import data, scenario


@pytest.fixture(scope="session")
def shipped() -> data.Dataset:
    return data.load_shipped()


@pytest.fixture(scope="session")
def registry(shipped):
    return shipped.registry


def make_scenario(registry, **overrides) -> scenario.Scenario:
    """The baseline scenario with plain-data overrides, e.g. ``growth={"default": 0.0, "years": {}}``."""
    base = scenario.read_yaml(scenario.find("baseline")[0], "baseline")
    base.update(overrides)
    return scenario.build(base, registry)
