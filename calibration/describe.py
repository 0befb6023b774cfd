"""What a fit says, as tables: parameters with 80% intervals, and per county its base-year level and trend gap.

Every value is a posterior summary of :class:`sim.fit.posterior.Posterior` (median and the 10th and 90th
percentiles). Growth rates are shown as fractions per year (log rates turned into rates with ``expm1``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from sim.data.tables import Dataset, best_observations
from sim.fit.posterior import Posterior

PARAMETERS = [
    ("hubei_trend", "Hubei trend real growth (China's trend + Hubei's gap), last data year", "rate"),
    ("china_trend", "China trend real growth, last data year", "rate"),
    ("deflator_trend", "GDP deflator trend", "rate"),
    ("sig_trend", "trend drift per year (random walk s.d.)", "sd"),
    ("sig_national", "national shock s.d. (AR(1) innovation)", "sd"),
    ("sig_hubei", "Hubei shock s.d.", "sd"),
    ("sig_tier", "tier shock s.d.", "sd"),
    ("sig_county", "county shock s.d.", "sd"),
    ("sig_deflator", "deflator shock s.d.", "sd"),
    ("sig_pricegap", "Hubei-China deflator gap s.d.", "sd"),
    ("phi", "shock persistence (AR(1) coefficient)", "number"),
    ("tau", "between-county s.d. of trend gaps (within a tier)", "sd"),
    ("omega", "between-tier s.d. of trend gaps", "sd"),
    ("sig_level", "between-county s.d. of log levels (within a tier)", "number"),
    ("sig_official", "measurement error of official level figures (log)", "sd"),
    ("sig_secondary", "measurement error of secondary level figures (log)", "sd"),
    ("sig_forecast", "measurement error of forecast (预计) level figures (log)", "sd"),
    ("sig_low", "extra error of low-confidence figures (log)", "sd"),
    ("sig_growthfig", "error of county real-growth figures", "sd"),
    ("report_gap", "county-published real growth minus level-implied growth", "rate"),
    ("census_break", "level break of figures before the 2018 census revision (log)", "number"),
]


def _values(post: Posterior, name: str) -> np.ndarray:
    if name == "hubei_trend":
        return np.expm1(post.trend_china + post.hubei_gap)
    if name == "china_trend":
        return np.expm1(post.trend_china)
    if name in ("deflator_trend", "report_gap"):
        return np.expm1(getattr(post, name))
    return getattr(post, name)


def parameters(post: Posterior) -> pd.DataFrame:
    """One row per parameter: name, what it is, median, p10, p90 and its kind (rate, sd or number)."""
    rows = []
    for name, what, kind in PARAMETERS:
        v = _values(post, name)
        p10, p50, p90 = np.percentile(v, [10, 50, 90])
        rows.append({"parameter": name, "meaning": what, "p50": p50, "p10": p10, "p90": p90, "kind": kind})
    pandemic = post.pandemic
    for k, label in enumerate(["China 2020", "China 2021", "Hubei 2020 (beyond China)", "Hubei 2021 (beyond China)"]):
        p10, p50, p90 = np.percentile(pandemic[:, k], [10, 50, 90])
        rows.append({"parameter": f"pandemic_{k}", "meaning": f"pandemic effect on real growth: {label}", "p50": p50,
                     "p10": p10, "p90": p90, "kind": "rate"})
    return pd.DataFrame(rows)


def counties(post: Posterior, dataset: Dataset, year: int) -> pd.DataFrame:
    """Per county: tier, figures held (count by status), GDP in ``year`` (median, p10, p90) and its trend real
    growth (Hubei's trend plus the county's pooled gap; median, p10, p90)."""
    best = best_observations(dataset.observations)
    gdp = post.gdp(year)
    trend = np.expm1(post.trend_china[:, None] + post.hubei_gap[:, None] + post.county_gap)
    rows = []
    for i, county_id in enumerate(post.county_ids):
        county = dataset.registry[county_id]
        own = dataset.observations[dataset.observations["county_id"] == county_id]
        g10, g50, g90 = np.percentile(gdp[:, i], [10, 50, 90])
        r10, r50, r90 = np.percentile(trend[:, i], [10, 50, 90])
        rows.append({"county_id": county_id, "name_zh": county.name_zh, "name_pinyin": county.name_pinyin,
                     "tier": county.tier, "figures": len(own),
                     "years": ", ".join(str(y) for y in sorted(set(best.loc[best["county_id"] == county_id, "year"]))),
                     "gdp_p50": g50, "gdp_p10": g10, "gdp_p90": g90, "trend_p50": r50, "trend_p10": r10, "trend_p90": r90})
    return pd.DataFrame(rows)
