"""A scenario's assumptions resolved per county and year, as the engine will use them (``tiersim validate --show``).

For each county and projected year: the scenario's mean real growth (most specific rule wins:
years > counties > tiers > default), the growth that scheduled ``growth_shock`` events add, the
GDP deflator, and the GDP level that ``project`` events add (亿元). Tier promotion is decided per
draw during a run, so it is listed, not resolved.
"""

from __future__ import annotations

from dataclasses import dataclass

from sim.model.events import GrowthShock, Project, TierPromotion
from sim.scenario.schema import Scenario


@dataclass(frozen=True)
class Resolved:
    """``real[county_id][year]`` mean real growth, ``shock[county_id][year]`` added by growth shocks,
    ``project[county_id][year]`` GDP added by projects (亿元), ``deflator[year]``; fractions per year."""

    years: list[int]
    county_ids: list[str]
    real: dict[str, dict[int, float]]
    shock: dict[str, dict[int, float]]
    project: dict[str, dict[int, float]]
    deflator: dict[int, float]
    promotions: tuple[TierPromotion, ...]


def resolve(scenario: Scenario, counties: list[tuple[str, str]]) -> Resolved:
    """Resolve ``scenario`` for ``counties`` ((county_id, tier) pairs) over its projected years."""
    years = scenario.years[1:]
    ids = [c for c, _ in counties]
    real = {c: {y: scenario.growth.rate(c, tier, y) for y in years} for c, tier in counties}
    shock = {c: {y: 0.0 for y in years} for c in ids}
    project = {c: {y: 0.0 for y in years} for c in ids}
    for event in scenario.events:
        if isinstance(event, GrowthShock):
            for county_id, tier in counties:
                if event.applies_to(county_id, tier):
                    for year, size in event.sizes(scenario.horizon):
                        if year in shock[county_id]:
                            shock[county_id][year] += size
        elif isinstance(event, Project) and event.county in project:
            for year, level in event.levels(scenario.horizon):
                if year in project[event.county]:
                    project[event.county][year] += level
    promotions = tuple(e for e in scenario.events if isinstance(e, TierPromotion))
    return Resolved(years=years, county_ids=ids, real=real, shock=shock, project=project,
                    deflator={y: scenario.deflator.rate(y) for y in years}, promotions=promotions)
