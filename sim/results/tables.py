"""Result tables (tidy, long format) and the manifest, from a projection's summary.

Files and columns (GDP in 亿元 at current prices; ``threshold`` is ``top100`` or ``top50``):

- ``trajectories.csv``: county_id, year, gdp_p10, gdp_p50, gdp_p90, gdp_mean
- ``thresholds.csv``: threshold, year, p10, p50, p90
- ``membership.csv``: county_id, threshold, year, probability (share of draws at or above)
- ``crossings.csv``: county_id, name_zh, name_pinyin, tier, threshold, base_above,
  p_by_horizon, year_p10, year_p50, year_p90, p_sustained, sustained_year_p50, p_not_crossed
  (``year_pX``: first year by which at least X% of draws have crossed, empty if never by the
  horizon; ``p_sustained``: share of draws that stay at or above for ``sustain_years``
  consecutive years by the horizon; ``p_not_crossed`` = 1 - ``p_by_horizon``)
- ``ranks.csv``: county_id, year, rank_p10, rank_p50, rank_p90 (national rank, 1 = largest)
- ``tiers.csv``: tier, threshold, year, members_mean, members_p10, members_p90
- ``targets.csv``: target, year, value_p50, probability_met, note, covers (which units each target covers and how)
- ``lists.csv``: county_id, year, p_list_top100, p_gdp_top100: two different questions side by side:
  the probability of being **on CCID's Top-100 list** (the list membership model, :mod:`sim.model.lists`)
  and of **GDP at or above the Top-100 GDP threshold** (as ``membership.csv``); written when the data
  hold CCID editions to fit the list model
- ``manifest.json``: what produced the files (see :func:`sim.results.manifest.manifest`)

A county without a seed (``no data``) has rows with empty values in every per-county
file, so it is listed, never silently dropped.
"""

from __future__ import annotations

import json

import numpy as np
import pandas as pd

from sim.model.tiers import TIERS
from sim.run import lists as list_tally
from sim.run.projection import Projection
from sim.run.summary import FIXED, hist_quantile, int_quantile
from sim.model.thresholds import SIZES
from sim.results.manifest import manifest

QUANTILES = (10, 50, 90)
CROSSING_COLUMNS = ["county_id", "name_zh", "name_pinyin", "tier", "threshold", "base_above", "p_by_horizon",
                    "year_p10", "year_p50", "year_p90", "p_sustained", "sustained_year_p50", "p_not_crossed"]


def _index(p: Projection) -> dict[str, int]:
    return {c: i for i, c in enumerate(p.inputs.county_ids)}


def trajectories(p: Projection) -> pd.DataFrame:
    a, draws = p.summary.arrays, p.summary.draws
    index = _index(p)
    rows = []
    for county_id in p.seeds["county_id"]:
        i = index.get(county_id)
        for t, year in enumerate(p.inputs.years):
            if i is None:
                rows.append([county_id, year, None, None, None, None])
                continue
            qs = [p.summary.gdp_quantile(t, i, q / 100) for q in QUANTILES]
            rows.append([county_id, year, *qs, a["gdp_sum"][t, i] / FIXED / draws])
    return pd.DataFrame(rows, columns=["county_id", "year", "gdp_p10", "gdp_p50", "gdp_p90", "gdp_mean"])


def threshold_table(p: Projection) -> pd.DataFrame:
    rows = []
    for j, name in enumerate(p.summary.names):
        for t, year in enumerate(p.inputs.years):
            rows.append([name, year, *[p.summary.threshold_quantile(j, t, q / 100) for q in QUANTILES]])
    return pd.DataFrame(rows, columns=["threshold", "year", "p10", "p50", "p90"])


def membership(p: Projection) -> pd.DataFrame:
    a, draws = p.summary.arrays, p.summary.draws
    index = _index(p)
    rows = []
    for county_id in p.seeds["county_id"]:
        i = index.get(county_id)
        for j, name in enumerate(p.summary.names):
            rows += [[county_id, name, year, None if i is None else a["member"][i, j, t] / draws]
                     for t, year in enumerate(p.inputs.years)]
    return pd.DataFrame(rows, columns=["county_id", "threshold", "year", "probability"])


def crossing_years(counts: np.ndarray, years: list[int]) -> tuple[float, list[int | None]]:
    """Share of draws crossed by the horizon, and ``year_pX`` for each of :data:`QUANTILES`.

    ``counts[t]`` is how many draws first crossed in ``years[t]``; the last entry counts
    draws that never crossed.

    >>> crossing_years(np.array([0, 1, 0, 1, 2]), [2020, 2021, 2022, 2023])
    (0.5, [2021, 2023, None])
    """
    shares = np.cumsum(counts[:-1]) / counts.sum()
    out = []
    for q in QUANTILES:
        hit = np.nonzero(shares >= q / 100 - 1e-12)[0]
        out.append(int(years[hit[0]]) if hit.size else None)
    return float(shares[-1]), out


def p_by(p: Projection, county_id: str, name: str, year: int) -> float | None:
    """Share of draws in which the county has crossed ``name`` by ``year`` (None without a seed)."""
    i = _index(p).get(county_id)
    if i is None:
        return None
    counts = p.summary.arrays["first"][i, p.summary.names.index(name)]
    return float(counts[: p.inputs.years.index(year) + 1].sum() / p.summary.draws)


def crossings(p: Projection) -> pd.DataFrame:
    a, draws = p.summary.arrays, p.summary.draws
    index = _index(p)
    rows = []
    for county_id in p.seeds["county_id"]:
        county = p.dataset.registry[county_id]
        i = index.get(county_id)
        for j, name in enumerate(p.summary.names):
            if i is None:
                values = [None] * 8
            else:
                share, years = crossing_years(a["first"][i, j], p.inputs.years)
                sustained, sustained_years = crossing_years(a["sustained"][i, j], p.inputs.years)
                values = [bool(a["first"][i, j, 0] == draws), share, *years, sustained, sustained_years[1], 1.0 - share]
            rows.append([county_id, county.name_zh, county.name_pinyin, county.tier, name, *values])
    frame = pd.DataFrame(rows, columns=CROSSING_COLUMNS)
    for column in ("year_p10", "year_p50", "year_p90", "sustained_year_p50"):
        frame[column] = frame[column].astype("Int64")
    frame["base_above"] = frame["base_above"].map({True: "true", False: "false"})
    return frame


def ranks(p: Projection) -> pd.DataFrame:
    a = p.summary.arrays
    index = _index(p)
    rows = []
    for county_id in p.seeds["county_id"]:
        i = index.get(county_id)
        for t, year in enumerate(p.inputs.years):
            qs = [None] * 3 if i is None else [int_quantile(a["rank"][t, i], q / 100) for q in QUANTILES]
            rows.append([county_id, year, *qs])
    frame = pd.DataFrame(rows, columns=["county_id", "year", "rank_p10", "rank_p50", "rank_p90"])
    for column in ("rank_p10", "rank_p50", "rank_p90"):
        frame[column] = frame[column].astype("Int64")
    return frame


def tier_table(p: Projection) -> pd.DataFrame:
    a, draws = p.summary.arrays, p.summary.draws
    present = [t for t in TIERS if t in p.inputs.tiers]
    rows = []
    for tier in present:
        k = TIERS.index(tier)
        for j, name in enumerate(p.summary.names):
            for t, year in enumerate(p.inputs.years):
                counts = a["tier_members"][k, j, t]
                mean = float((counts * np.arange(len(counts))).sum() / draws)
                rows.append([tier, name, year, mean, int_quantile(counts, 0.1), int_quantile(counts, 0.9)])
    return pd.DataFrame(rows, columns=["tier", "threshold", "year", "members_mean", "members_p10", "members_p90"])


def target_table(p: Projection) -> pd.DataFrame:
    a, draws = p.summary.arrays, p.summary.draws
    measured = list(p.summary.targets)
    rows = []
    for target in p.plan.targets:
        if not target.measured:
            rows.append([target.item, target.year, None, None, target.note, target.covers])
            continue
        i = measured.index(target.item)
        if a["target_int"][i].sum():
            value = float(int_quantile(a["target_int"][i], 0.5))
        else:
            value = hist_quantile(a["target_hist"][i], 0.5, a["target_min"][i], a["target_max"][i])
        rows.append([target.item, target.year, value, a["target_met"][i] / draws, target.note, target.covers])
    return pd.DataFrame(rows, columns=["target", "year", "value_p50", "probability_met", "note", "covers"])


def files(p: Projection) -> dict[str, bytes]:
    """Every output file's name and exact bytes (deterministic: no time stamps, fixed number formats)."""
    def csv(frame: pd.DataFrame) -> bytes:
        return frame.to_csv(index=False, lineterminator="\n", float_format="%.4f").encode("utf-8")

    out = {
        "trajectories.csv": csv(trajectories(p)),
        "thresholds.csv": csv(threshold_table(p)),
        "membership.csv": csv(membership(p)),
        "crossings.csv": csv(crossings(p)),
        "ranks.csv": csv(ranks(p)),
        "tiers.csv": csv(tier_table(p)),
        "targets.csv": csv(target_table(p)),
    }
    listed = list_table(p)
    if len(listed):
        out["lists.csv"] = csv(listed)
    if p.kept:
        out["paths.csv"] = csv(kept_paths(p))
    out["manifest.json"] = (json.dumps(manifest(p), ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")
    return out


def list_table(p: Projection) -> pd.DataFrame:
    """Per county and year: P(on the Top-100 list) next to P(GDP at or above the Top-100 threshold)."""
    return list_tally.table(p)


def kept_paths(p: Projection) -> pd.DataFrame:
    """The sample paths asked for with ``keep``: draw, county_id, year, gdp, rank, and the thresholds of that draw."""
    frames, start = [], 0
    for block in p.kept:
        t, k, n = block.gdp.shape
        draw = np.repeat(np.arange(start, start + k), n)
        for ti, year in enumerate(p.inputs.years):
            frames.append(pd.DataFrame({
                "draw": draw, "county_id": np.tile(p.inputs.county_ids, k), "year": year,
                "gdp": block.gdp[ti].ravel(), "rank": block.ranks[ti].ravel(),
                **{name: np.repeat(block.thresholds[name][ti], n) for name in SIZES},
            }))
        start += k
    return pd.concat(frames, ignore_index=True).sort_values(["draw", "county_id", "year"], kind="stable")
