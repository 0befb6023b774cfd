"""The plan's 2025 targets as quantities measured on each draw, over all of the plan's county units.

The plan's county targets cover all of its units (78 in 2020); tiersim projects some of them. Each
measure adds the units it does not project (:mod:`sim.run.rest`: the rest of the county economy, one
series per draw, and a documented count of its large units), and says so in ``covers``. A target that
cannot be measured over all units is listed as not measured with the reason: never a probability that
only reflects missing units. Targets the model does not cover (the share of province GDP, urbanisation)
are listed with a note, not a number.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from sim.model.engine import BlockPaths

MEASURES = {
    "county_gdp_total": "sum of county GDP (亿元)",
    "counties_gdp_at_least_500": "units with GDP >= 500亿",
    "counties_gdp_at_least_1000": "units with GDP >= 1000亿",
    "national_top50_members": "units at or above the Top-50 GDP threshold",
}
COUNTS = ("counties_gdp_at_least_500", "counties_gdp_at_least_1000", "national_top50_members")


@dataclass(frozen=True)
class Target:
    item: str
    year: int
    value: float
    measured: bool
    note: str
    covers: str = ""
    """Which units the measure covers and how (all of the plan's units, or why not)."""


def _covers(item: str, counties: int, units: int | None, rest, why: str) -> tuple[bool, str]:
    """Whether ``item`` is measured over all units, and the ``covers`` text."""
    if units is not None and counties >= units:
        return True, f"all {units} of the plan's units projected: measured directly"
    if rest is None:
        of = f"{units} units" if units else "units"
        return False, f"not measurable: {counties} projected of the plan's {of}, and {why}"
    base = f"{counties} projected units + the other {units - counties} of the plan's {units}"
    if item == "county_gdp_total":
        return True, (f"{base} as one series: the plan's {rest.anchor} total {rest.total:g}亿 minus the projected "
                      f"units' GDP that year, {rest.how}")
    if item == "counties_gdp_at_least_500":
        if rest.count500 is None:
            return False, f"not measurable: the plan gives no count of units >= 500亿 in {rest.anchor}"
        return True, (f"{base}: the projected units counted per draw, plus the plan's {rest.count500} units >= "
                      f"500亿 in {rest.anchor} minus the projected ones >= 500亿 that year, held at that count "
                      f"(assumption; a lower bound: later crossings among the other units are not counted)")
    return True, (f"{base}: the projected units counted per draw; the other units counted as none (assumption: "
                  f"none was in the national Top-100 in 2020, the plan's 7 members are all projected)")


def plan_targets(plan: pd.DataFrame, years: list[int], counties: int, units: int | None, rest=None,
                 why: str = "") -> list[Target]:
    """The plan's targets (rows of kind ``target``), with whether and how each is measured. ``rest``: the
    units not projected (:class:`sim.run.rest.Rest`), ``why`` the reason there is none."""
    out = []
    for row in plan[plan["kind"] == "target"].itertuples():
        year, value = int(row.year), float(row.value)
        if row.item not in MEASURES:
            out.append(Target(row.item, year, value, False, f"not modelled by tiersim (target {row.value} {row.unit})",
                              "not modelled"))
        elif year not in years:
            out.append(Target(row.item, year, value, False, f"{year} is outside the projected years", "not projected"))
        else:
            measured, covers = _covers(row.item, counties, units, rest, why)
            note = f"{MEASURES[row.item]}; plan target {row.value} {row.unit}"
            out.append(Target(row.item, year, value, measured, note if measured else f"{note}; {covers}", covers))
    return out


def measure(targets: list[Target], block: BlockPaths, years: list[int],
            rest: tuple[dict[int, np.ndarray], np.ndarray | None] | None = None) -> dict[str, np.ndarray]:
    """Per draw of ``block``, the value of every measured target (float for GDP, int for counts), adding
    ``rest`` (the rest's GDP per year and its units >= 500亿, :meth:`sim.run.rest.Rest.sample`) if given."""
    out = {}
    for target in targets:
        if not target.measured:
            continue
        gdp = block.gdp[years.index(target.year)]
        if target.item == "county_gdp_total":
            out[target.item] = gdp.sum(axis=1)
            if rest is not None:
                out[target.item] = out[target.item][: len(rest[0][target.year])] + rest[0][target.year]
        elif target.item == "counties_gdp_at_least_500":
            out[target.item] = (gdp >= 500).sum(axis=1)
            if rest is not None and rest[1] is not None:
                out[target.item] = out[target.item][: len(rest[1])] + rest[1]
        elif target.item == "counties_gdp_at_least_1000":
            out[target.item] = (gdp >= 1000).sum(axis=1)
        elif target.item == "national_top50_members":
            out[target.item] = block.above["top50"][years.index(target.year)].sum(axis=1)
    return out
