"""The result object of the Python API: a projection that prints a few lines and hands out tidy DataFrames.

>>> import sim
>>> p = sim.project(sim.load_scenario("baseline"), draws=200, seed=1)
>>> print(repr(p).splitlines()[0])
<tiersim Result: scenario 'baseline', 200 draws, seed 1>
>>> p.crossings().columns[:5].tolist()
['county_id', 'name_zh', 'name_pinyin', 'tier', 'threshold']
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from sim.data import seeds as seed_status
from sim.results import tables
from sim.results.write import write_folder
from sim.run.projection import Projection


class Result:
    """One projection's results. Every table method returns a new tidy (long-format) DataFrame with the columns
    of the file of the same name (see :mod:`sim.results.tables`); :meth:`files` gives every file's bytes and
    :meth:`write` writes them to a folder, all or nothing. The engine's arrays stay in :attr:`projection`."""

    def __init__(self, projection: Projection):
        self.projection = projection

    def __repr__(self) -> str:
        p = self.projection
        s = p.scenario
        counts = seed_status.counts(p.seeds)
        held = ", ".join(f"{n} {status}" for status, n in counts.items() if n)
        lines = [
            f"<tiersim Result: scenario {s.name!r}, {p.draws} draws, seed {p.seed}>",
            f"  years      {s.base_year}-{s.horizon} (milestones {', '.join(map(str, s.milestones)) or 'none'})",
            f"  counties   {len(p.seeds)} ({len(p.inputs.county_ids)} projected; seeds: {held})",
            f"  data       as of {p.dataset.as_of or 'latest'}, sha256 {p.dataset.sha256()[:12]}",
            "  tables     crossings() trajectories() thresholds() membership() lists() ranks() tiers() targets() seeds()",
        ]
        return "\n".join(lines)

    def crossings(self) -> pd.DataFrame:
        """Per county and threshold: probability of crossing by the horizon and the crossing-year quantiles."""
        return tables.crossings(self.projection)

    def trajectories(self) -> pd.DataFrame:
        """Per county and year: GDP quantiles (亿元, current prices)."""
        return tables.trajectories(self.projection)

    def thresholds(self) -> pd.DataFrame:
        """Per threshold and year: quantiles of the national Top-N GDP threshold (亿元)."""
        return tables.threshold_table(self.projection)

    def membership(self) -> pd.DataFrame:
        """Per county, threshold and year: share of draws at or above the threshold."""
        return tables.membership(self.projection)

    def lists(self) -> pd.DataFrame:
        """Per county and year: P(on CCID's Top-100 list) next to P(GDP at or above the Top-100 threshold)."""
        return tables.list_table(self.projection)

    def ranks(self) -> pd.DataFrame:
        """Per county and year: national rank quantiles (1 = largest)."""
        return tables.ranks(self.projection)

    def tiers(self) -> pd.DataFrame:
        """Per tier, threshold and year: members at or above the threshold (mean, p10, p90)."""
        return tables.tier_table(self.projection)

    def targets(self) -> pd.DataFrame:
        """The plan's 2025 targets: median value and probability met, with how each is measured."""
        return tables.target_table(self.projection)

    def seeds(self) -> pd.DataFrame:
        """Per county: the base-year GDP the projection starts from, its status and how it was obtained."""
        return self.projection.seeds.copy()

    def files(self) -> dict[str, bytes]:
        """Every output file's name and exact bytes (as ``tiersim run --out`` writes them)."""
        return tables.files(self.projection)

    def write(self, out: str | Path, *, force: bool = False) -> Path:
        """Write :meth:`files` to the folder ``out`` (all or nothing; an existing folder only with ``force``)."""
        write_folder(Path(out), self.files(), force=force)
        return Path(out)
