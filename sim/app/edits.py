"""A planner's edits as ``--set``-style overrides on a base scenario, and the scenario file they make.

The page never builds a :class:`~sim.scenario.Scenario` itself: it writes the YAML a planner could have written
(``extends: baseline`` plus the keys changed, or an uploaded file with the keys changed) and loads that file with the
same strict loader as ``tiersim run``. The file offered for download is the very text the page ran, so
``tiersim run FILE --draws N --seed S`` reproduces the page's numbers byte for byte.
"""

from __future__ import annotations

import copy
import math
from dataclasses import dataclass, field
from typing import Any

import yaml

TIERS = ("advance", "sprint", "reserve")
EVENT_TYPES = ("growth_shock", "project", "tier_promotion")
EVENT_COLUMNS = ("type", "year", "scope", "size_pct", "decay", "gdp_yi", "ramp_years", "threshold")
"""Columns of the events table: ``scope`` is ``all``, a tier, or county names (comma-separated) for a growth shock,
the county of a project, and the tiers promoted (comma-separated) for a tier promotion."""


@dataclass
class Edits:
    """What the controls say. Rates are in percent (as typed); ``None`` leaves the base scenario's value."""

    growth_mode: str = "shift"  # "shift": points added to the fitted trend; "absolute": the real growth rate
    province: float | None = None
    tiers: dict[str, float] = field(default_factory=dict)
    counties: dict[str, float] = field(default_factory=dict)
    deflator_mode: str = "shift"
    deflator: float | None = None
    horizon: int | None = None
    events: list[dict] | None = None  # None: the base scenario's events; a list (maybe empty) replaces them


def _rate(percent: float) -> float:
    """A percent as typed (1.5) as the fraction a scenario holds (0.015), without float noise."""
    return round(percent / 100.0, 10)


def overrides(edits: Edits, milestones: list[int] | None = None, base_year: int | None = None) -> list[tuple[str, Any]]:
    """The edits as (key path, value) pairs, in the order they are applied (the ``--set`` of the command line)."""
    out: list[tuple[str, Any]] = []
    growth = "growth.shift" if edits.growth_mode == "shift" else "growth"
    if edits.province is not None:
        out.append((f"{growth}.default", _rate(edits.province)))
    for tier, value in sorted(edits.tiers.items()):
        if value is not None:
            out.append((f"{growth}.tiers.{tier}", _rate(value)))
    for county, value in sorted(edits.counties.items()):
        if value is not None:
            out.append((f"{growth}.counties.{county}", _rate(value)))
    if edits.deflator is not None:
        out.append(("deflator.shift" if edits.deflator_mode == "shift" else "deflator.default", _rate(edits.deflator)))
    if edits.horizon is not None:
        out.append(("horizon", int(edits.horizon)))
        if milestones is not None:  # milestones after a shorter horizon would be refused: keep those that fit
            kept = [m for m in milestones if m <= edits.horizon and (base_year is None or m > base_year)]
            if kept != list(milestones):
                out.append(("milestones", kept or [int(edits.horizon)]))
    if edits.events is not None:
        out.append(("events", [e for e in (event_of(row) for row in edits.events) if e]))
    return out


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or (isinstance(value, str) and not value.strip())


def _names(value: Any) -> list[str]:
    return [part.strip() for part in str(value).replace("，", ",").split(",") if part.strip()]


def _number(value: Any) -> Any:
    """A whole number as an int (a table cell holds 2026.0), anything else as given."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def event_of(row: dict) -> dict:
    """One row of the events table as a scenario event (empty cells left out; an empty row gives ``{}``).

    >>> event_of({"type": "growth_shock", "year": 2026.0, "scope": "sprint", "size_pct": 1.0, "decay": 0.5})
    {'type': 'growth_shock', 'year': 2026, 'scope': 'sprint', 'size': 0.01, 'decay': 0.5}
    >>> event_of({"type": "project", "year": 2024, "scope": "当阳", "gdp_yi": 300, "ramp_years": 3})
    {'type': 'project', 'county': '当阳', 'start': 2024, 'gdp': 300, 'ramp_years': 3}
    """
    cells = {k: _number(v) for k, v in row.items() if k in EVENT_COLUMNS and not _blank(v)}
    if not cells:
        return {}
    kind = cells.get("type", "growth_shock")
    if kind == "project":
        out = {"type": kind, "county": cells.get("scope"), "start": cells.get("year"), "gdp": cells.get("gdp_yi"),
               "ramp_years": cells.get("ramp_years")}
    elif kind == "tier_promotion":
        out = {"type": kind, "tiers": _names(cells["scope"]) if "scope" in cells else None,
               "threshold": cells.get("threshold")}
    else:
        scope = cells.get("scope", "all")
        names = _names(scope)
        if len(names) > 1 or (names and names[0] not in ("all", *TIERS)):
            scope = names
        out = {"type": kind, "year": cells.get("year"), "scope": scope,
               "size": _rate(cells["size_pct"]) if isinstance(cells.get("size_pct"), (int, float)) else cells.get("size_pct"),
               "decay": cells.get("decay")}
    return {k: v for k, v in out.items() if v is not None}


def row_of(event: dict) -> dict:
    """A scenario event (as :meth:`Scenario.to_dict` gives it) as a row of the events table."""
    kind = event.get("type", "growth_shock")
    row = dict.fromkeys(EVENT_COLUMNS)
    row["type"] = kind
    if kind == "project":
        row.update(year=event.get("start"), scope=event.get("county"), gdp_yi=event.get("gdp"), ramp_years=event.get("ramp_years"))
    elif kind == "tier_promotion":
        row.update(scope=", ".join(event.get("tiers", ())), threshold=event.get("threshold"))
    else:
        scope = event.get("scope", "all")
        row.update(year=event.get("year"), scope=", ".join(scope) if isinstance(scope, list) else scope,
                   size_pct=round(event.get("size", 0.0) * 100, 10), decay=event.get("decay"))
    return row


def _put(data: dict, path: str, value: Any) -> None:
    node = data
    parts = path.split(".")
    for part in parts[:-1]:
        child = node.get(part)
        if not isinstance(child, dict):
            child = node[part] = {}
        node = child
    node[parts[-1]] = copy.deepcopy(value)


def document(base: dict, changes: list[tuple[str, Any]]) -> dict:
    """``base`` (a scenario file's mapping) with ``changes`` applied, key by key."""
    data = copy.deepcopy(base)
    for path, value in changes:
        _put(data, path, value)
    return data


def shipped_base(name: str) -> dict:
    """The start of a what-if on a shipped scenario: ``extends`` it, under a name of its own."""
    return {"extends": name, "name": f"{name}_whatif"}


def yaml_text(data: dict, draws: int, seed: int, header: str = "") -> str:
    """The scenario file: a comment on how to reproduce the page, then the keys (in the order written)."""
    name = data.get("name", "whatif")
    lead = (f"# {header}\n" if header else "") + (
        f"# Reproduce the page's result: tiersim run {name}.yaml --draws {draws} --seed {seed}\n")
    body = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, default_flow_style=False)
    return lead + body
