"""Backtests that tell the truth: fit as of each origin, project, score against what was published later.

For each origin ``Y`` (:func:`run`):

1. the model is fitted to the data **as of** ``Y`` (:meth:`sim.data.Dataset.cut`: no row of a later year;
   the shipped data's fits for 2016-2021 ship with tiersim, so no fitting is needed for them);
2. the fitted baseline is projected from ``Y`` (base year ``Y``, horizon ``Y + H``), every draw a posterior draw;
3. every county figure of the years ``Y+1 .. Y+H`` in the **full** data whose status is ``official`` or
   ``secondary`` is a point (forecasts are not outcomes). A figure is a measurement: the forecast of it is
   each draw's GDP times that draw's measurement error for the figure's status and confidence (so a band
   of the figure, not of the unobservable truth, is scored);
4. Top-100 membership: P(GDP at or above the Top-100 threshold in a data year) against membership of CCID's
   list of the edition for that data year (every Hubei member is listed, so a county not listed is a
   non-member), next to the **persistence** forecast (member iff a member of the last edition known at ``Y``).
   The same rows carry P(on CCID's list) of the list membership model fitted as of ``Y`` (:mod:`sim.model.lists`;
   ``list_probability``, empty where no edition was held at ``Y``); :func:`list_scores` scores it.

Scores (:mod:`calibration.scores`): coverage of the 50% and 80% bands with 80% Wilson intervals, PIT
values (for the histogram), CRPS relative to the figure, bias (mean log of median / figure), absolute
percentage error of the median; Brier scores and the Brier skill score against persistence.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from sim.data.tables import Dataset, best_observations
from sim.errors import DataError
from sim.fit import cache as fit_cache
from sim.fit.design import CENSUS_YEAR
from sim.model import thresholds
from sim.run import lists as list_tally
from sim.run.projection import Projection, project
from sim.scenario.schema import Scenario

from . import scores

HORIZON = 5
ORIGINS = (2016, 2017, 2018, 2019, 2020, 2021)
OUTCOME_STATUSES = ("official", "secondary")
STATUS_SIGMA = {"official": "sig_official", "secondary": "sig_secondary", "forecast": "sig_forecast", "estimated": "sig_forecast"}


@dataclass(frozen=True)
class Backtest:
    points: pd.DataFrame
    """One row per (origin, figure): origin, county_id, year, horizon, observed, p10, p25, p50, p75, p90, pit,
    crps_rel, inside_50, inside_80."""
    membership: pd.DataFrame
    """One row per (origin, county, data year): probability, persistence, member."""
    origins: tuple[int, ...]
    horizon: int
    thresholds: dict[int, str | None]
    """Per origin, what the thresholds assumed: "" nothing, a text what was taken from all data, None no
    national count was held (membership not scored at that origin)."""


def origins_possible(dataset: Dataset, horizon: int = HORIZON) -> list[int]:
    """Origins with at least one later scorable figure within the horizon."""
    best = best_observations(dataset.observations)
    years = sorted(set(best.loc[best["status"].isin(OUTCOME_STATUSES), "year"]))
    return [y for y in ORIGINS if any(y < t <= y + horizon for t in years)]


def _members(dataset: Dataset) -> dict[int, set[str]]:
    ranks = dataset.ccid_ranks
    return {int(y): set(group["county_id"]) for y, group in ranks.groupby("data_year")}


def run(dataset: Dataset, scenario: Scenario, origins: list[int], *, horizon: int = HORIZON, draws: int = 1000,
        seed: int = 2021, on_fit=None) -> Backtest:
    """Score ``scenario`` (fitted) projected from each origin of ``origins`` over ``horizon`` years."""
    best = best_observations(dataset.observations)
    members = _members(dataset)
    rows, member_rows, notes = [], [], {}
    for origin in origins:
        as_of = dataset.cut(origin)
        posterior = fit_cache.posterior(as_of, on_fit=on_fit)
        chosen, national, note = _thresholds_at(_at(scenario, origin, horizon), as_of, dataset)
        p = project(chosen, national, draws=draws, seed=seed, keep=draws, posterior=posterior)
        rows += _points(p, best, origin, horizon, seed)
        if note is not None:
            member_rows += _membership(p, members, origin, horizon)
        notes[origin] = note
    points = pd.DataFrame(rows)
    return Backtest(points=points, membership=pd.DataFrame(member_rows), origins=tuple(origins), horizon=horizon,
                    thresholds=notes)


def _thresholds_at(scenario: Scenario, as_of: Dataset, full: Dataset) -> tuple[Scenario, Dataset, str | None]:
    """The scenario and data the national thresholds are built from at an origin, and what that assumed.

    The county projections do not depend on the thresholds (a backtest has no events), only membership does.
    Where the national counts held at the origin fit the tail (two GDP levels in one year) and its trend (two
    years), nothing is assumed (note ``""``). Where they hold counts but too few, the tail index and the
    threshold growth are taken from all data (the note says so, and membership is scored with it). Where they
    hold no count at all, the thresholds come from all data and membership is not scored (note ``None``).
    """
    t = scenario.thresholds
    try:
        fit = thresholds.fit_tail(as_of.national_tail, t.tail_index)
        if t.growth is None:
            fit.trend()
        return scenario, as_of, ""
    except DataError:
        pass
    whole = thresholds.fit_tail(full.national_tail, t.tail_index)
    assumed = replace(t, tail_index=round(whole.alpha, 2),
                      growth=t.growth if t.growth is not None else round(whole.trend(), 4))
    if len(as_of.national_tail):
        return (replace(scenario, thresholds=assumed), as_of,
                f"tail index {assumed.tail_index} and threshold growth {assumed.growth:.2%} from all data")
    return scenario, replace(as_of, national_tail=full.national_tail), None


def _at(scenario: Scenario, origin: int, horizon: int) -> Scenario:
    milestones = tuple(y for y in scenario.milestones if origin < y <= origin + horizon) or (origin + horizon,)
    return replace(scenario, base_year=origin, horizon=origin + horizon, milestones=milestones, events=())


def _draws(p: Projection) -> np.ndarray:
    """Kept GDP draws, (years, draws, counties)."""
    return np.concatenate([block.gdp for block in p.kept], axis=1)


def _points(p: Projection, best: pd.DataFrame, origin: int, horizon: int, seed: int) -> list[dict]:
    gdp = _draws(p)
    ids = p.inputs.county_ids
    years = p.inputs.years
    post = p.posterior
    idx = np.arange(gdp.shape[1]) % post.draws
    rng = np.random.default_rng([seed, origin])
    status = dict(zip(p.seeds["county_id"], p.seeds["status"]))
    later = best[(best["year"] > origin) & (best["year"] <= origin + horizon) & best["status"].isin(OUTCOME_STATUSES)]
    out = []
    for r in later.itertuples():
        if r.county_id not in ids:
            continue
        sigma = getattr(post, STATUS_SIGMA[r.status])[idx]
        if r.confidence == "low":
            sigma = np.sqrt(sigma**2 + post.sig_low[idx] ** 2)
        # the figure as the model observes it: the level, on the old basis before the 2018 census (the break), times
        # a measurement error of its status and confidence
        before = post.census_break[idx] if r.year < CENSUS_YEAR else 0.0
        figure = gdp[years.index(r.year), :, ids.index(r.county_id)] * np.exp(before + sigma * rng.standard_normal(len(idx)))
        q = np.quantile(figure, [0.1, 0.25, 0.5, 0.75, 0.9])
        observed = float(r.gdp_yi)
        out.append({
            "origin": origin, "county_id": r.county_id, "year": int(r.year), "horizon": int(r.year) - origin,
            "status": r.status, "seed": "imputed" if status.get(r.county_id) == "imputed" else "with figures", "observed": observed, "p10": q[0], "p25": q[1], "p50": q[2], "p75": q[3], "p90": q[4],
            "pit": float(scores.pit(figure[:, None], np.array([observed]))[0]),
            "crps_rel": float(scores.crps(figure[:, None], np.array([observed]))[0]) / observed,
            "inside_50": bool(q[1] <= observed <= q[3]), "inside_80": bool(q[0] <= observed <= q[4]),
        })
    return out


def _membership(p: Projection, members: dict[int, set[str]], origin: int, horizon: int) -> list[dict]:
    known = [y for y in members if y <= origin]
    if not known:
        return []
    last = members[max(known)]
    a, draws = p.summary.arrays, p.summary.draws
    j = p.summary.names.index("top100")
    listed = a.get(list_tally.KEY)
    out = []
    for year in sorted(y for y in members if origin < y <= origin + horizon):
        t = p.inputs.years.index(year)
        for i, county_id in enumerate(p.inputs.county_ids):
            out.append({"origin": origin, "county_id": county_id, "data_year": year,
                        "probability": float(a["member"][i, j, t] / draws),
                        "persistence": float(county_id in last), "member": int(county_id in members[year]),
                        "list_probability": float("nan") if listed is None else float(listed[i, t] / list_tally.FIXED / draws)})
    return out


def summary(bt: Backtest) -> pd.DataFrame:
    """One row per horizon and one for all: points, coverage of the 50% and 80% bands with 80% Wilson intervals,
    mean CRPS relative to the figure, bias, median APE, and for membership the Brier scores and skill."""
    rows = []
    pts, mem = bt.points, bt.membership
    groups = [(h, pts[pts["horizon"] == h], mem[mem["data_year"] - mem["origin"] == h] if len(mem) else mem)
              for h in range(1, bt.horizon + 1)]
    groups.append(("all", pts, mem))
    if len(pts) and "seed" in pts:  # counties with figures at the origin apart from those imputed from their tier
        empty = mem.iloc[0:0] if len(mem) else mem
        groups.append(("with figures", pts[pts["seed"] == "with figures"], empty))
        groups.append(("imputed", pts[pts["seed"] == "imputed"], empty))
    for label, g, m in groups:
        n = len(g)
        row = {"horizon": label, "points": n}
        for band in ("50", "80"):
            hits = int(g[f"inside_{band}"].sum()) if n else 0
            low, high = scores.wilson(hits, n, 0.8)
            row.update({f"cover_{band}": hits / n if n else float("nan"), f"cover_{band}_low": low, f"cover_{band}_high": high})
        row["crps_rel"] = float(g["crps_rel"].mean()) if n else float("nan")
        row["bias"] = float(np.mean(np.log(g["p50"] / g["observed"]))) if n else float("nan")
        row["median_ape"] = float(np.median(np.abs(g["p50"] / g["observed"] - 1))) if n else float("nan")
        k = len(m)
        row["membership_n"] = k
        row["brier"] = scores.brier(m["probability"], m["member"]) if k else float("nan")
        row["brier_persistence"] = scores.brier(m["persistence"], m["member"]) if k else float("nan")
        row["brier_skill"] = scores.skill(row["brier"], row["brier_persistence"]) if k else float("nan")
        rows.append(row)
    return pd.DataFrame(rows)


def list_scores(bt: Backtest) -> pd.DataFrame:
    """The list membership model's backtest, next to persistence and to "GDP at or above the Top-100 threshold": one
    row per horizon and one for all, over the county-editions where the origin held a list model: n, Brier scores
    (``brier_list``, ``brier_gdp``, ``brier_persistence``) and the list model's skill against persistence."""
    mem = bt.membership
    rows = []
    if not len(mem) or "list_probability" not in mem:
        return pd.DataFrame(columns=["horizon", "n", "brier_list", "brier_gdp", "brier_persistence", "skill_list"])
    mem = mem[mem["list_probability"].notna()]
    groups = [(h, mem[mem["data_year"] - mem["origin"] == h]) for h in range(1, bt.horizon + 1)] + [("all", mem)]
    for label, m in groups:
        k = len(m)
        row = {"horizon": label, "n": k}
        row["brier_list"] = scores.brier(m["list_probability"], m["member"]) if k else float("nan")
        row["brier_gdp"] = scores.brier(m["probability"], m["member"]) if k else float("nan")
        row["brier_persistence"] = scores.brier(m["persistence"], m["member"]) if k else float("nan")
        row["skill_list"] = scores.skill(row["brier_list"], row["brier_persistence"]) if k else float("nan")
        rows.append(row)
    return pd.DataFrame(rows)
