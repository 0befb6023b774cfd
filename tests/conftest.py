"""Shared fixtures: the shipped data and small helpers to build scenarios in code."""

from __future__ import annotations

import pytest

from tests.fuzz import profiles  # noqa: F401  (registers --hypothesis-profile ci|long before pytest reads the flag)

from pathlib import Path

from sim import data, scenario

ASSUMED = Path(__file__).parent / "data" / "assumed.yaml"
"""The assumed-model scenario the engine's own tests use (point seeds, hand-set growth and volatilities: the
baseline before the fitted model became the default)."""


@pytest.fixture(scope="session")
def shipped() -> data.Dataset:
    return data.load_shipped()


@pytest.fixture(scope="session")
def registry(shipped):
    return shipped.registry


def make_scenario(registry, **overrides) -> scenario.Scenario:
    """The assumed-model scenario (:data:`ASSUMED`) with plain-data overrides, e.g. ``growth={"default": 0.0}``."""
    base = scenario.read_yaml(ASSUMED, "assumed")
    base.update(overrides)
    return scenario.build(base, registry)
