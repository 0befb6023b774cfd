"""Base-year seeds: the GDP each county starts from, with its status and how it was obtained.

For each county, in order:

1. a figure for the base year in the data (the best one by status, then confidence):
   the seed carries that figure's status (``official`` / ``secondary`` / ``forecast``);
2. otherwise an **estimate** from the county's other years by a named estimator
   (status ``estimated``);
3. otherwise, only when the user asks for it, an **imputation** by a named imputer
   (status ``imputed``);
4. otherwise ``no data``: the county is listed in every output and left out of
   projections.

Estimators and imputers are methods of :mod:`calibration` (which imports ``sim``,
never the reverse); they are registered as the entry points ``tiersim.seed_estimators``
and ``tiersim.imputers`` and looked up here by name.
"""

from __future__ import annotations

from importlib.metadata import entry_points

import pandas as pd

from sim.data.tables import Dataset, best_observations
from sim.errors import DataError

DEFAULT_ESTIMATOR = "carry-nearest"
SEED_STATUSES = ("official", "secondary", "forecast", "estimated", "imputed", "no data")
SEED_COLUMNS = ["county_id", "gdp_yi", "status", "from_year", "method", "how"]


def methods(group: str) -> list[str]:
    """Names of the registered methods in an entry-point group."""
    return sorted(ep.name for ep in entry_points(group=group))


def method(group: str, name: str):
    """The registered method ``name`` of ``group`` (``tiersim.seed_estimators`` or ``tiersim.imputers``)."""
    found = [ep for ep in entry_points(group=group) if ep.name == name]
    if not found:
        known = ", ".join(methods(group)) or "none registered: is tiersim installed (pip install -e .)?"
        raise DataError(f"{group}: unknown method {name!r} (known: {known})")
    return found[0].load()


def resolve(dataset: Dataset, base_year: int, *, estimator: str = DEFAULT_ESTIMATOR, impute: str | None = None) -> pd.DataFrame:
    """One seed row per county of the registry (registry order), columns :data:`SEED_COLUMNS`."""
    best = best_observations(dataset.observations)
    at_base = best[best["year"] == base_year].set_index("county_id")
    ids = dataset.registry.ids
    rows = {}
    for county_id in ids:
        if county_id in at_base.index:
            obs = at_base.loc[county_id]
            rows[county_id] = {"gdp_yi": float(obs["gdp_yi"]), "status": obs["status"], "from_year": base_year,
                               "method": "observed", "how": f"{base_year} figure ({obs['status']}, {obs['confidence']}): {obs['source']}"}
    missing = [c for c in ids if c not in rows]
    if missing:
        estimated = method("tiersim.seed_estimators", estimator)(best, dataset.macro, base_year, missing)
        for r in estimated.itertuples():
            rows[r.county_id] = {"gdp_yi": r.gdp_yi, "status": "estimated", "from_year": r.from_year, "method": r.method, "how": r.how}
    missing = [c for c in ids if c not in rows]
    if missing and impute and impute != "none":
        known = pd.DataFrame([{"county_id": c, "tier": dataset.registry[c].tier, **rows[c]} for c in ids if c in rows])
        tiers = {c: dataset.registry[c].tier for c in missing}
        for r in method("tiersim.imputers", impute)(known, tiers, base_year).itertuples():
            rows[r.county_id] = {"gdp_yi": r.gdp_yi, "status": "imputed", "from_year": None, "method": r.method, "how": r.how}
    for county_id in ids:
        if county_id in rows:
            continue
        held = sorted(int(y) for y in best.loc[best["county_id"] == county_id, "year"])
        why = (f"figures only in {', '.join(map(str, held))}, which cannot be carried to {base_year} (a year between "
               "has no Hubei growth figure)" if held else "no figure in any year")
        rows[county_id] = {"gdp_yi": None, "status": "no data", "from_year": None, "method": "",
                           "how": f"{why}; left out (pass --impute to include it, marked imputed)"}
    frame = pd.DataFrame([{"county_id": c, **rows[c]} for c in ids], columns=SEED_COLUMNS)
    frame["from_year"] = frame["from_year"].astype("Int64")
    return frame


def counts(seeds: pd.DataFrame) -> dict[str, int]:
    """Number of seeds by status, every status listed."""
    tally = seeds["status"].value_counts()
    return {s: int(tally.get(s, 0)) for s in SEED_STATUSES}
