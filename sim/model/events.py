"""Scheduled events: what they are (frozen dataclasses) and how they act on the calendar.

Each event is a simpy process (see :func:`schedule`) that queues *actions* for the clock
in :mod:`sim.model.engine`; the clock applies a year's actions in its first phase, before that
year's growth. An action receives the year's :class:`Step` and changes it in place.

Event types (scenario ``events:`` list):

- ``growth_shock``: adds ``size`` to the real growth of the counties in scope in ``year``,
  then ``size * decay**k`` in the k-th year after (``decay`` 0: that year only).
- ``project``: an investment project in one county adding GDP (亿元, current prices) that
  ramps up linearly over ``ramp_years`` from ``start`` (``gdp / ramp_years`` in the start
  year) and stays at ``gdp`` from then on. The added GDP is a level on top of the county's
  own growth: it does not itself grow.
- ``tier_promotion``: per draw, a county of a tier in ``tiers`` that is at or above
  ``threshold`` takes the advance tier's growth assumptions (and its tier shock) from the
  next year on.

Same-year order: promotions decided in the previous year's crossing phase come first
(they were queued then), then scheduled events in the order the scenario lists them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np

EVENT_TYPES = ("growth_shock", "project", "tier_promotion")


@dataclass
class Step:
    """What actions may change in a year, all (draws, counties): real growth added to the
    assumptions, the added project GDP level, and which counties are promoted."""

    year: int
    added: np.ndarray
    extra: np.ndarray
    promoted: np.ndarray


Action = Callable[[Step], None]


@dataclass(frozen=True, kw_only=True)
class GrowthShock:
    """Adds ``size`` to real growth in ``year`` (and ``size * decay**k`` k years later).

    ``scope`` is ``all``, a tier name, or ``counties`` (then ``counties`` lists ids).
    """

    year: int
    size: float
    scope: str = "all"
    counties: tuple[str, ...] = ()
    decay: float = 0.0

    def applies_to(self, county_id: str, tier: str) -> bool:
        if self.scope == "all":
            return True
        if self.scope == "counties":
            return county_id in self.counties
        return tier == self.scope

    def sizes(self, horizon: int) -> list[tuple[int, float]]:
        """(year, added growth) for every year the shock touches.

        >>> GrowthShock(year=2026, size=0.02, decay=0.5).sizes(2028)
        [(2026, 0.02), (2027, 0.01), (2028, 0.005)]
        """
        out = [(self.year, self.size)]
        year, size = self.year + 1, self.size * self.decay
        while self.decay and year <= horizon and abs(size) > 1e-9:
            out.append((year, size))
            year, size = year + 1, size * self.decay
        return out

    def to_dict(self) -> dict:
        return {"type": "growth_shock", "year": self.year, "size": self.size, "decay": self.decay,
                "scope": list(self.counties) if self.scope == "counties" else self.scope}


@dataclass(frozen=True, kw_only=True)
class Project:
    """Investment project: ``gdp`` 亿元 added to ``county`` at full ramp, reached ``ramp_years`` after ``start``."""

    county: str
    start: int
    gdp: float
    ramp_years: int = 1

    @property
    def year(self) -> int:
        return self.start

    def levels(self, horizon: int) -> list[tuple[int, float]]:
        """(year, added GDP level) from the start year to the horizon.

        >>> Project(county="420582", start=2024, gdp=200.0, ramp_years=4).levels(2028)
        [(2024, 50.0), (2025, 100.0), (2026, 150.0), (2027, 200.0), (2028, 200.0)]
        """
        return [(y, self.gdp * min(1.0, (y - self.start + 1) / self.ramp_years)) for y in range(self.start, horizon + 1)]

    def to_dict(self) -> dict:
        return {"type": "project", "county": self.county, "start": self.start, "ramp_years": self.ramp_years, "gdp": self.gdp}


@dataclass(frozen=True, kw_only=True)
class TierPromotion:
    """Per draw, counties of ``tiers`` at or above ``threshold`` take the advance tier's assumptions next year."""

    tiers: tuple[str, ...] = ("sprint", "reserve")
    threshold: str = "top100"

    def to_dict(self) -> dict:
        return {"type": "tier_promotion", "tiers": list(self.tiers), "threshold": self.threshold}


Event = GrowthShock | Project | TierPromotion


def shock_action(size: float, mask: np.ndarray) -> Action:
    def apply(step: Step) -> None:
        step.added[:, mask] += size
    return apply


def project_action(increase: float, index: int) -> Action:
    """Raise a county's added GDP level by ``increase`` (so several projects in one county add up)."""
    def apply(step: Step) -> None:
        step.extra[:, index] += increase
    return apply


def promote_action(newly: np.ndarray) -> Action:
    def apply(step: Step) -> None:
        step.promoted |= newly
    return apply


def schedule(env, event: Event, queue: dict[int, list[Action]], ids: list[str], tiers: list[str], horizon: int):
    """The simpy process of a scheduled (dated) event: it wakes half a year before each year it acts in."""
    if isinstance(event, GrowthShock):
        mask = np.array([event.applies_to(c, t) for c, t in zip(ids, tiers)], dtype=bool)
        steps = [(year, shock_action(size, mask)) for year, size in event.sizes(horizon)]
    elif isinstance(event, Project):
        if event.county not in ids:
            return
        index = ids.index(event.county)
        levels = event.levels(horizon)
        steps = [(year, project_action(level - (levels[k - 1][1] if k else 0.0), index)) for k, (year, level) in enumerate(levels)]
    else:
        return
    for year, action in steps:
        yield env.timeout(year - 0.5 - env.now)
        queue[year].append(action)


def watch_promotions(env, event: TierPromotion, queue: dict[int, list[Action]], tiers: list[str], crossings):
    """The simpy process of a promotion rule: after each year's crossing phase it queues next year's promotions.

    ``crossings()`` returns the simpy event the clock succeeds after its crossing phase, with
    ``(year, {threshold: above (draws, counties)})`` as its value.
    """
    scope = np.array([t in event.tiers for t in tiers], dtype=bool)
    while True:
        year, above = yield crossings()
        queue[year + 1].append(promote_action(above[event.threshold] & scope))
