"""Base-year seed estimation: carry a county's nearest figure to the base year with the province's growth.

Method ``carry-nearest`` (for a county with no figure in the base year B):

1. Province growth by year: nominal growth from Hubei's GDP levels where both the
   year's and the previous year's levels are held (``hubei_gdp_nominal``); else
   Hubei's real growth (``hubei_gdp_real_growth``), i.e. the deflator is taken as 0
   for that year because no Hubei price figure is held (this understates nominal
   change by the year's inflation, about 1-2% a year in 2016-2019).
2. Candidates are the county's figures (best per year, as :func:`sim.data.best_observations`)
   in years Y != B such that the province growth of every year between Y and B is held.
3. Pick the candidate nearest to B; ties go to the better status, then confidence,
   then the later year.
4. Seed = GDP_Y * prod_{t=Y+1..B} (1 + g_t) for Y < B, or GDP_Y / prod_{t=B+1..Y} (1 + g_t) for Y > B.

This assumes the county grew as the province did in the gap years; its error grows with
the gap (a county's growth differs from the province's by a few points a year). The
result is always marked ``estimated`` with the years and growth used.

Method ``tier-median`` (an imputation, used only when asked with ``--impute``): the
median seed of the county's tier (all counties with a seed if the tier has none). It
knows nothing about the county and is marked ``imputed``.

Reproduce the shipped seed table with::

    python -m calibration.seeds --out calibration/seeds_2020.csv
"""

from __future__ import annotations

import argparse
import sys

import pandas as pd

from sim.data import CONFIDENCES, OBS_STATUSES, load_shipped
from sim.data.seeds import resolve


def province_growth(macro: pd.DataFrame) -> dict[int, tuple[float, str]]:
    """Hubei growth by year as ``(rate, basis)``; basis ``nominal`` or ``real (deflator taken as 0)``."""
    def series(name: str) -> dict[int, float]:
        rows = macro[(macro["series"] == name) & macro["value"].notna()]
        return {int(r.year): float(r.value) for r in rows.itertuples()}

    levels = series("hubei_gdp_nominal")
    real = series("hubei_gdp_real_growth")
    out = {year: (rate, "real (deflator taken as 0)") for year, rate in real.items()}
    for year, level in levels.items():
        if year - 1 in levels:
            out[year] = (level / levels[year - 1] - 1.0, "nominal")
    return dict(sorted(out.items()))


def carry_nearest(best: pd.DataFrame, macro: pd.DataFrame, base_year: int, county_ids: list[str]) -> pd.DataFrame:
    """Seeds for ``county_ids`` that have a figure in another year; see the module notes."""
    growth = province_growth(macro)
    rows = []
    for county_id in county_ids:
        own = best[(best["county_id"] == county_id) & (best["year"] != base_year)]
        options = []
        for obs in own.itertuples():
            gap = range(obs.year + 1, base_year + 1) if obs.year < base_year else range(base_year + 1, obs.year + 1)
            if all(y in growth for y in gap):
                rank = (abs(obs.year - base_year), OBS_STATUSES.index(obs.status), CONFIDENCES.index(obs.confidence), -obs.year)
                options.append((rank, obs, list(gap)))
        if not options:
            continue
        _, obs, gap = min(options, key=lambda o: o[0])
        factor = 1.0
        for year in gap:
            factor *= 1.0 + growth[year][0]
        value = obs.gdp_yi * factor if obs.year < base_year else obs.gdp_yi / factor
        steps = "; ".join(f"{y} {growth[y][0]:+.1%} {growth[y][1]}" for y in gap)
        rows.append({
            "county_id": county_id, "gdp_yi": round(value, 2), "from_year": int(obs.year), "method": "carry-nearest",
            "how": f"from {obs.year} figure {obs.gdp_yi:g} ({obs.status}, {obs.confidence}) with Hubei growth {steps}",
        })
    return pd.DataFrame(rows, columns=["county_id", "gdp_yi", "from_year", "method", "how"])


def tier_median(known: pd.DataFrame, tiers: dict[str, str], base_year: int) -> pd.DataFrame:
    """Imputed seeds: the median seed of each county's tier (of all seeds if the tier has none)."""
    rows = []
    for county_id, tier in tiers.items():
        pool = known[known["tier"] == tier]
        scope = f"tier {tier}"
        if pool.empty:
            pool, scope = known, "all counties"
        if pool.empty:
            continue
        value = float(pool["gdp_yi"].median())
        rows.append({"county_id": county_id, "gdp_yi": round(value, 2), "method": "tier-median",
                     "how": f"IMPUTED: median {base_year} seed of {scope} ({len(pool)} counties); nothing known of this county"})
    return pd.DataFrame(rows, columns=["county_id", "gdp_yi", "method", "how"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m calibration.seeds", description="Write the base-year seed table of the shipped data.")
    parser.add_argument("--base-year", type=int, default=2020)
    parser.add_argument("--as-of", type=int, default=None)
    parser.add_argument("--out", default="-", help="CSV file to write (default: standard output)")
    args = parser.parse_args(argv)
    dataset = load_shipped().cut(args.as_of)
    seeds = resolve(dataset, args.base_year)
    text = seeds.to_csv(index=False, lineterminator="\n")
    if args.out == "-":
        sys.stdout.write(text)
    else:
        with open(args.out, "w", encoding="utf-8", newline="") as f:
            f.write(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
