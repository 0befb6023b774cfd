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
from dataclasses import asdict, dataclass, field, replace
from typing import Any

from sim.errors import ScenarioError
from sim.model.events import Event
from sim.model.shocks import Uncertainty

THRESHOLD_MODELS = ("comparators", "fitted")
"""``comparators``: each draw and year, the Top-N threshold is the N-th largest GDP among a synthetic
national comparator set and Hubei's counties (the set is built from the fitted Pareto tail);
``fitted``: the exogenous threshold path of the fitted tail itself (see :mod:`sim.model.thresholds`)."""


MODELS = ("fitted", "assumed")
"""``fitted``: seeds, trends and volatilities are draws from the model fitted to the data up to the as-of year
(:mod:`sim.fit`); growth settings override or shift the fitted trend. ``assumed``: point seeds, the scenario's
growth and volatilities only (the bands then show yearly shocks alone, not what is unknown about seeds and trends)."""


@dataclass(frozen=True, kw_only=True)
class Shift:
    """Points added to the fitted real growth (fraction per year); the most specific setting wins."""

    default: float = 0.0
    tiers: Mapping[str, float] = field(default_factory=dict)
    counties: Mapping[str, float] = field(default_factory=dict)

    def rate(self, county_id: str, tier: str) -> float:
        if county_id in self.counties:
            return self.counties[county_id]
        return self.tiers.get(tier, self.default)


@dataclass(frozen=True, kw_only=True)
class Growth:
    """Real GDP growth, fraction per year. The most specific setting wins: a province-wide
    figure for the year, else the county's, else its tier's, else ``default``. Under the fitted
    model an unset rate (``None``) means the fitted trend, plus ``shift``."""

    default: float | None = None
    tiers: Mapping[str, float] = field(default_factory=dict)
    counties: Mapping[str, float] = field(default_factory=dict)
    years: Mapping[int, float] = field(default_factory=dict)
    shift: Shift = field(default_factory=Shift)

    def rate(self, county_id: str, tier: str, year: int) -> float | None:
        """Real growth of ``county_id`` (in ``tier``) from ``year - 1`` to ``year``; ``None``: the fitted trend."""
        if year in self.years:
            return self.years[year]
        if county_id in self.counties:
            return self.counties[county_id]
        return self.tiers.get(tier, self.default)


@dataclass(frozen=True, kw_only=True)
class Deflator:
    """GDP deflator growth, fraction per year: ``default``, or ``years[year]`` where given (Hubei's; the
    counties share it). ``national`` is the national deflator that moves the comparators (default: the same
    as Hubei's). Under the fitted model an unset rate (``None``) means the fitted trend, plus ``shift``."""

    default: float | None = None
    years: Mapping[int, float] = field(default_factory=dict)
    shift: float = 0.0
    national: float | None = None

    def rate(self, year: int) -> float | None:
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
    model: str = "fitted"
    base_year: int = 2020
    horizon: int = 2035
    growth: Growth
    deflator: Deflator
    thresholds: Thresholds = field(default_factory=Thresholds)
    uncertainty: Uncertainty = field(default_factory=Uncertainty)
    uncertainty_set: tuple[str, ...] = ()
    """The ``uncertainty`` keys the scenario sets: under the fitted model these replace the fitted values."""
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

    def cut(self, as_of: int | None) -> tuple["Scenario", list[str]]:
        """The scenario without the known outcomes it states for years after ``as_of`` (``growth.years`` and
        ``deflator.years``: province-wide figures of a year), and a note per key removed. A backtest as of a
        year must not see later outturns, whether they come from a data row or a scenario entry."""
        if as_of is None:
            return self, []
        later = lambda mapping: {y: v for y, v in mapping.items() if y > as_of}  # noqa: E731
        dropped = [f"growth.years.{y}" for y in sorted(later(self.growth.years))]
        dropped += [f"deflator.years.{y}" for y in sorted(later(self.deflator.years))]
        if not dropped:
            return self, []
        growth = replace(self.growth, years={y: v for y, v in self.growth.years.items() if y <= as_of})
        deflator = replace(self.deflator, years={y: v for y, v in self.deflator.years.items() if y <= as_of})
        return replace(self, growth=growth, deflator=deflator), dropped

    def to_dict(self) -> dict[str, Any]:
        """The resolved scenario as plain data (JSON-ready, keys sorted where order is free)."""
        data = asdict(self)
        for section in (data["growth"], data["deflator"], data["growth"]["shift"]):
            for key in ("tiers", "counties", "years"):
                if key in section:
                    section[key] = {str(k): v for k, v in sorted(section[key].items())}
        # only the volatilities the scenario sets (under the fitted model the others are the fit's draws)
        data["uncertainty"] = {k: v for k, v in data["uncertainty"].items() if k in self.uncertainty_set}
        del data["uncertainty_set"]
        data["events"] = [e.to_dict() for e in self.events]
        data["milestones"] = list(self.milestones)
        return data

    def sha256(self) -> str:
        """Hash of the resolved scenario: equal hashes mean equal assumptions."""
        text = json.dumps(self.to_dict(), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        return hashlib.sha256(text.encode("utf-8")).hexdigest()
