"""The plan's 2025 targets as quantities measured on each draw.

The plan's county figures cover all 78 county-level units; tiersim projects only the
counties it has a seed for, so every measure says its coverage. Targets the model does
not cover (the share of province GDP, urbanisation) are listed with a note, not a number.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from sim.model.engine import BlockPaths

MEASURES = {
    "county_gdp_total": "sum of projected county GDP (亿元)",
    "counties_gdp_at_least_500": "projected counties with GDP >= 500亿",
    "counties_gdp_at_least_1000": "projected counties with GDP >= 1000亿",
    "national_top50_members": "projected counties at or above the Top-50 GDP threshold",
}


@dataclass(frozen=True)
class Target:
    item: str
    year: int
    value: float
    measured: bool
    note: str


def plan_targets(plan: pd.DataFrame, years: list[int], counties: int, units: int | None) -> list[Target]:
    """The plan's targets (rows of kind ``target``), with whether and how each is measured."""
    out = []
    coverage = f"over the {counties} projected counties" + (f" of the plan's {units} units" if units else "")
    for row in plan[plan["kind"] == "target"].itertuples():
        year, value = int(row.year), float(row.value)
        if row.item not in MEASURES:
            out.append(Target(row.item, year, value, False, f"not modelled by tiersim (target {row.value} {row.unit})"))
        elif year not in years:
            out.append(Target(row.item, year, value, False, f"{year} is outside the projected years"))
        else:
            out.append(Target(row.item, year, value, True, f"{MEASURES[row.item]}, {coverage}; plan target {row.value} {row.unit}"))
    return out


def measure(targets: list[Target], block: BlockPaths, years: list[int]) -> dict[str, np.ndarray]:
    """Per draw of ``block``, the value of every measured target (float for GDP, int for counts)."""
    out = {}
    for target in targets:
        if not target.measured:
            continue
        gdp = block.gdp[years.index(target.year)]
        if target.item == "county_gdp_total":
            out[target.item] = gdp.sum(axis=1)
        elif target.item == "counties_gdp_at_least_500":
            out[target.item] = (gdp >= 500).sum(axis=1)
        elif target.item == "counties_gdp_at_least_1000":
            out[target.item] = (gdp >= 1000).sum(axis=1)
        elif target.item == "national_top50_members":
            out[target.item] = block.above["top50"][years.index(target.year)].sum(axis=1)
    return out
