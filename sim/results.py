"""Result tables (tidy, long format) and the manifest, from a projection.

Files and columns (GDP in 亿元 at current prices; ``threshold`` is ``top100`` or ``top50``):

- ``trajectories.csv``: county_id, year, gdp_p10, gdp_p50, gdp_p90, gdp_mean
- ``thresholds.csv``: threshold, year, p10, p50, p90
- ``membership.csv``: county_id, threshold, year, probability (share of draws at or above)
- ``crossings.csv``: county_id, name_zh, name_pinyin, tier, threshold, base_above,
  p_by_horizon, year_p10, year_p50, year_p90 (``year_pX``: first year by which at least
  X% of draws have crossed, empty if never by the horizon)
- ``manifest.json``: what produced the files (see :func:`manifest`)

A county without a seed (``no data``) has rows with empty values in every per-county
file, so it is listed, never silently dropped. Quantiles are over draws; one draw gives
p10 = p50 = p90 and probabilities of 0 or 1.
"""

from __future__ import annotations

import json
from importlib.metadata import PackageNotFoundError, version

import numpy as np
import pandas as pd

from . import seeds as seed_status
from .economy import NEVER
from .projection import Projection
from .thresholds import CAVEAT_EN, SIZES

QUANTILES = (10, 50, 90)


def package_version() -> str:
    try:
        return version("tiersim")
    except PackageNotFoundError:
        return "unknown"


def _quantiles(values: np.ndarray, axis: int) -> np.ndarray:
    return np.quantile(values, [q / 100 for q in QUANTILES], axis=axis)


def trajectories(p: Projection) -> pd.DataFrame:
    gdp = p.paths.gdp  # (years, draws, counties)
    q = _quantiles(gdp, axis=1)  # (3, years, counties)
    mean = gdp.mean(axis=1)
    index = {c: i for i, c in enumerate(p.inputs.county_ids)}
    rows = []
    for county_id in p.seeds["county_id"]:
        i = index.get(county_id)
        for t, year in enumerate(p.inputs.years):
            values = [q[0, t, i], q[1, t, i], q[2, t, i], mean[t, i]] if i is not None else [None] * 4
            rows.append([county_id, year, *values])
    return pd.DataFrame(rows, columns=["county_id", "year", "gdp_p10", "gdp_p50", "gdp_p90", "gdp_mean"])


def threshold_table(p: Projection) -> pd.DataFrame:
    rows = []
    for name, path in p.paths.thresholds.items():
        q = _quantiles(path, axis=1)
        rows += [[name, year, q[0, t], q[1, t], q[2, t]] for t, year in enumerate(p.inputs.years)]
    return pd.DataFrame(rows, columns=["threshold", "year", "p10", "p50", "p90"])


def membership(p: Projection) -> pd.DataFrame:
    index = {c: i for i, c in enumerate(p.inputs.county_ids)}
    rows = []
    for county_id in p.seeds["county_id"]:
        i = index.get(county_id)
        for name, path in p.paths.thresholds.items():
            share = (p.paths.gdp[:, :, i] >= path).mean(axis=1) if i is not None else [None] * len(p.inputs.years)
            rows += [[county_id, name, year, share[t]] for t, year in enumerate(p.inputs.years)]
    return pd.DataFrame(rows, columns=["county_id", "threshold", "year", "probability"])


def crossing_years(first: np.ndarray, years: list[int]) -> tuple[float, list[int | None]]:
    """Share of draws crossed by the horizon, and ``year_pX`` for each of :data:`QUANTILES`.

    ``first`` holds one county's first crossing year per draw (:data:`NEVER` if none).

    >>> crossing_years(np.array([2021, 2023, NEVER, NEVER]), [2020, 2021, 2022, 2023])
    (0.5, [2021, 2023, None])
    """
    shares = np.array([(first <= y).mean() for y in years])
    out = []
    for q in QUANTILES:
        hit = np.nonzero(shares >= q / 100 - 1e-12)[0]
        out.append(int(years[hit[0]]) if hit.size else None)
    return float(shares[-1]), out


def crossings(p: Projection) -> pd.DataFrame:
    index = {c: i for i, c in enumerate(p.inputs.county_ids)}
    base = p.inputs.years[0]
    rows = []
    for county_id in p.seeds["county_id"]:
        county = p.dataset.registry[county_id]
        i = index.get(county_id)
        for name in SIZES:
            if i is None:
                values = [None] * 5
            else:
                first = p.first[name][:, i]
                share, years = crossing_years(first, p.inputs.years)
                values = [bool((first == base).all()), share, *years]
            rows.append([county_id, county.name_zh, county.name_pinyin, county.tier, name, *values])
    frame = pd.DataFrame(rows, columns=["county_id", "name_zh", "name_pinyin", "tier", "threshold", "base_above",
                                        "p_by_horizon", "year_p10", "year_p50", "year_p90"])
    for column in ("year_p10", "year_p50", "year_p90"):
        frame[column] = frame[column].astype("Int64")
    frame["base_above"] = frame["base_above"].map({True: "true", False: "false"})
    return frame


def manifest(p: Projection) -> dict:
    """What produced a result: enough to reproduce it (``tiersim`` version, scenario, data hash, seed)."""
    counts = seed_status.counts(p.seeds)
    return {
        "tiersim": "run",
        "version": package_version(),
        "scenario": p.scenario.to_dict(),
        "scenario_sha256": p.scenario.sha256(),
        "data_sha256": p.dataset.sha256(),
        "data_files": ["sim/data (shipped)", *p.dataset.user_files],
        "seed": p.seed,
        "draws": p.draws,
        "as_of": p.dataset.as_of,
        "base_year": p.scenario.base_year,
        "horizon": p.scenario.horizon,
        "seed_status": counts,
        "estimated_seeds": sorted(p.seeds.loc[p.seeds["status"].isin(["estimated", "imputed"]), "county_id"]),
        "no_data": sorted(p.seeds.loc[p.seeds["status"] == "no data", "county_id"]),
        "threshold_fit": {"alpha": round(p.fit.alpha, 6), "alpha_fitted": p.fit.alpha_fitted, "points": p.fit.points,
                          "rmse_log_count": round(p.fit.rmse, 6), "data_years": sorted(p.fit.scale)},
        "units": "GDP in 亿元 (100 million yuan), current prices; growth rates are fractions per year",
        "caveat": CAVEAT_EN,
    }


def files(p: Projection) -> dict[str, bytes]:
    """Every output file's name and exact bytes (deterministic: no time stamps, fixed number formats)."""
    def csv(frame: pd.DataFrame) -> bytes:
        return frame.to_csv(index=False, lineterminator="\n", float_format="%.6f").encode("utf-8")

    return {
        "trajectories.csv": csv(trajectories(p)),
        "thresholds.csv": csv(threshold_table(p)),
        "membership.csv": csv(membership(p)),
        "crossings.csv": csv(crossings(p)),
        "manifest.json": (json.dumps(manifest(p), ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8"),
    }
