"""The scenario schema: what-if assumptions as frozen, keyword-only dataclasses.

A scenario sets the base year, the horizon, real growth (a default, by tier, by county,
and province-wide by year), the GDP deflator (nominal growth is
``(1 + real) * (1 + deflator) - 1``), the threshold model, scheduled events and milestone
years. Rates are fractions per year. The engine only ever receives a :class:`Scenario`;
:mod:`sim.scenario.rules` makes one from plain data, checking every rule, and
:mod:`sim.scenario.files` reads it from YAML (``extends``, ``--set``).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

from sim.errors import ScenarioError
from sim.model.events import Event
from sim.model.shocks import Uncertainty

THRESHOLD_MODELS = ("comparators", "fitted")
"""``comparators``: each draw and year, the Top-N threshold is the N-th largest GDP among a synthetic
national comparator set and Hubei's counties (the set is built from the fitted Pareto tail);
``fitted``: the exogenous threshold path of the fitted tail itself (see :mod:`sim.model.thresholds`)."""


@dataclass(frozen=True, kw_only=True)
class Growth:
    """Real GDP growth, fraction per year. The most specific setting wins: a province-wide
    figure for the year, else the county's, else its tier's, else ``default``."""

    default: float
    tiers: Mapping[str, float] = field(default_factory=dict)
    counties: Mapping[str, float] = field(default_factory=dict)
    years: Mapping[int, float] = field(default_factory=dict)

    def rate(self, county_id: str, tier: str, year: int) -> float:
        """Real growth of ``county_id`` (in ``tier``) from ``year - 1`` to ``year``."""
        if year in self.years:
            return self.years[year]
        if county_id in self.counties:
            return self.counties[county_id]
        return self.tiers.get(tier, self.default)


@dataclass(frozen=True, kw_only=True)
class Deflator:
    """GDP deflator growth, fraction per year: ``default``, or ``years[year]`` where given."""

    default: float
    years: Mapping[int, float] = field(default_factory=dict)

    def rate(self, year: int) -> float:
        return self.years.get(year, self.default)


@dataclass(frozen=True, kw_only=True)
class Thresholds:
    """How the national Top-100 / Top-50 GDP thresholds are made.

    ``growth``: nominal growth per year of the thresholds after the last year with
    national facts; ``None`` means the trend of the thresholds the facts imply.
    ``tail_index``: the Pareto tail index; ``None`` means fitted from the facts.
    """

    model: str = "comparators"
    growth: float | None = None
    tail_index: float | None = None
    comparators: int = 300


@dataclass(frozen=True, kw_only=True)
class Scenario:
    """A complete, validated set of assumptions for one run. Years are calendar years."""

    name: str
    description: str = ""
    base_year: int = 2020
    horizon: int = 2035
    growth: Growth
    deflator: Deflator
    thresholds: Thresholds = field(default_factory=Thresholds)
    uncertainty: Uncertainty = field(default_factory=Uncertainty)
    events: tuple[Event, ...] = ()
    milestones: tuple[int, ...] = (2025, 2030, 2035)
    sustain_years: int = 3

    def __post_init__(self) -> None:
        if self.horizon <= self.base_year:
            raise ScenarioError(f"horizon: must be after base_year ({self.base_year}); got {self.horizon}")
        if self.horizon - self.base_year > 60:
            raise ScenarioError(f"horizon: must be at most 60 years after base_year ({self.base_year}); got {self.horizon}")
        for i, event in enumerate(self.events):
            if hasattr(event, "year") and not self.base_year < event.year <= self.horizon:
                raise ScenarioError(f"events[{i}].year: must be after base_year ({self.base_year}) and at most horizon ({self.horizon}); got {event.year}")
        for i, milestone in enumerate(self.milestones):
            if not self.base_year < milestone <= self.horizon:
                raise ScenarioError(f"milestones[{i}]: must be after base_year ({self.base_year}) and at most horizon ({self.horizon}); got {milestone}")

    @property
    def years(self) -> list[int]:
        """Calendar years from the base year to the horizon, both included."""
        return list(range(self.base_year, self.horizon + 1))

    def to_dict(self) -> dict[str, Any]:
        """The resolved scenario as plain data (JSON-ready, keys sorted where order is free)."""
        data = asdict(self)
        for section in ("growth", "deflator"):
            for key in ("tiers", "counties", "years"):
                if key in data[section]:
                    data[section][key] = {str(k): v for k, v in sorted(data[section][key].items())}
        data["events"] = [e.to_dict() for e in self.events]
        data["milestones"] = list(self.milestones)
        return data

    def sha256(self) -> str:
        """Hash of the resolved scenario: equal hashes mean equal assumptions."""
        text = json.dumps(self.to_dict(), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        return hashlib.sha256(text.encode("utf-8")).hexdigest()
