"""The list membership model's data and its per-draw tally (see :mod:`sim.model.lists` for the model).

:func:`fit_data` pairs each Hubei county with a GDP figure in a CCID edition's data year with whether it was
on that edition's list, and its log GDP relative to the year's fitted Top-100 GDP threshold (the Pareto tail
of :mod:`sim.model.thresholds`, interpolated between fact years and moved on the trend outside them). The
Monte Carlo adds each draw's list probability into the summary in fixed point (:data:`FIXED`), so sums add
exactly in any order, like the summary's other counts.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from sim.data.tables import Dataset, best_observations
from sim.errors import DataError
from sim.model import lists, thresholds

KEY = "list_top100"
"""Summary array (counties, years): the sum over draws of P(on the Top-100 list), in units of 1/FIXED."""
FIXED = 1_000_000
LIST_SEED = 17
"""Seed of the list model's coefficient draws (a fixed sample that run draw ``d`` indexes, ``d mod S``)."""
SAMPLE = 1000


def fit_data(dataset: Dataset, fit: thresholds.TailFit, growth: float | None = None) -> pd.DataFrame:
    """One row per (edition data year, Hubei county with a figure that year): county_id, data_year, gdp_yi,
    x100, z = ln(gdp / x100), member (0/1)."""
    ranks = dataset.ccid_ranks
    if not len(ranks):
        return pd.DataFrame(columns=["county_id", "data_year", "gdp_yi", "x100", "z", "member"])
    by_year: dict[int, list] = {}  # year -> its best figures, in the table's order
    for r in best_observations(dataset.observations).itertuples(index=False):
        by_year.setdefault(int(r.year), []).append(r)
    rows = []
    for year, group in ranks.groupby("data_year"):
        year = int(year)
        x100 = float(thresholds.threshold_path(fit, [year], 100, growth)[0])
        members = set(group["county_id"].astype(str))
        for r in by_year.get(year, []):
            rows.append({"county_id": str(r.county_id), "data_year": year, "gdp_yi": float(r.gdp_yi), "x100": x100,
                         "z": float(np.log(r.gdp_yi / x100)), "member": int(str(r.county_id) in members)})
    return pd.DataFrame(rows)


def fit(dataset: Dataset, fit_: thresholds.TailFit, growth: float | None = None) -> lists.ListModel | None:
    """The list model fitted to the editions held (``None`` when none is held or the thresholds cannot be made)."""
    try:
        data = fit_data(dataset, fit_, growth)
    except DataError:
        return None
    if not len(data) or data["member"].sum() == 0:
        return None
    return lists.fit(data["z"].to_numpy(), data["member"].to_numpy())


def draws(model: lists.ListModel | None, deterministic: bool) -> lists.ListDraws | None:
    if model is None:
        return None
    return model.point() if deterministic else model.draw(SAMPLE, np.random.default_rng(LIST_SEED))


def tally(list_draws: lists.ListDraws, gdp: np.ndarray, x100: np.ndarray, start: int, rows: int) -> np.ndarray:
    """Fixed-point sums over the first ``rows`` draws of P(on list), (counties, years)."""
    p = list_draws.probability(gdp[:, :rows], x100[:, :rows], start)
    return np.rint(p * FIXED).astype(np.int64).sum(axis=1).T


def table(p) -> pd.DataFrame:
    """Per county and year: P(on the Top-100 list) next to P(GDP at or above the Top-100 threshold)."""
    a, n = p.summary.arrays, p.summary.draws
    if KEY not in a:
        return pd.DataFrame(columns=["county_id", "year", "p_list_top100", "p_gdp_top100"])
    j = p.summary.names.index("top100")
    rows = []
    for i, county_id in enumerate(p.inputs.county_ids):
        for t, year in enumerate(p.inputs.years):
            rows.append({"county_id": county_id, "year": year, "p_list_top100": a[KEY][i, t] / FIXED / n,
                         "p_gdp_top100": a["member"][i, j, t] / n})
    return pd.DataFrame(rows)


def rolling_scores(dataset: Dataset, fit_: thresholds.TailFit, growth: float | None = None) -> dict | None:
    """The list model scored on later editions: for each edition year Y after the first, fitted to the editions
    before Y and scored on Y's (observed GDP, the thresholds of ``fit_``). Brier scores of the list model, of
    "GDP at or above the Top-100 threshold" (0/1) and of persistence (a member iff a member of the last earlier
    edition), over the same county-editions; ``None`` when fewer than two editions are held."""
    try:
        data = fit_data(dataset, fit_, growth)
    except DataError:
        return None
    years = sorted(set(data["data_year"])) if len(data) else []
    members = {int(y): set(g["county_id"].astype(str)) for y, g in dataset.ccid_ranks.groupby("data_year")}
    model_sq, gdp_sq, persist_sq = [], [], []
    for year in years[1:]:
        train = data[data["data_year"] < year]
        test = data[data["data_year"] == year]
        if train["member"].sum() == 0 or not len(test):
            continue
        m = lists.fit(train["z"].to_numpy(), train["member"].to_numpy())
        y = test["member"].to_numpy(dtype=float)
        p = lists.probability(m.coef[0], m.coef[1], test["z"].to_numpy())
        last = members[max(k for k in members if k < year)]
        model_sq += list((p - y) ** 2)
        gdp_sq += list(((test["z"].to_numpy() >= 0).astype(float) - y) ** 2)
        persist_sq += list((test["county_id"].isin(last).to_numpy(dtype=float) - y) ** 2)
    if not model_sq:
        return None
    return {"points": len(model_sq), "brier_list": float(np.mean(model_sq)), "brier_gdp": float(np.mean(gdp_sq)),
            "brier_persistence": float(np.mean(persist_sq))}
