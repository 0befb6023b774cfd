"""Leave one county out: does the imputer's band hold a county's figures when the fit has never seen them?

The imputer is the fitted model itself (:mod:`sim.fit.model`): a county with no figure has its first-year level
drawn from its tier's, ``y[i, first] = lam[tier] + sig_level * z``, and its growth gap pooled with its tier's, so
its band is what the other counties say about a county of that tier. For every county with figures (:func:`run`):

1. **all** its figures (levels and growth figures) are hidden from the fit: the same compiled sampler as
   ``tiersim calibrate`` (:class:`sim.fit.estimate.Sampler`) fits the same design with those rows masked
   (:func:`sim.fit.model.hide`: a hidden row leaves the likelihood exactly as if it were not in the data), so the
   county is imputed exactly as a county without figures is;
2. each hidden **official or secondary** level figure (forecasts are not outcomes) is scored against the posterior
   of *the figure*, not of the unobservable truth: each draw's level in the figure's year (plus the census break
   for a figure before the 2018 census, as the model observes it) times that draw's measurement error for the
   figure's status and confidence, as :func:`calibration.backtest._points` does for a projection.

Scores (:mod:`calibration.scores`): whether the figure lies inside the central 50% and 80% bands, with Wilson
intervals for the pooled coverage; the PIT; the bias (log of the median over the figure); the CRPS relative to the
figure. Figures of one county share its hidden level, so they are not independent: the table reports per county.

``python -m calibration.loco`` prints the table (the full check is ``benchmarks/bench_loco.py``).
"""

from __future__ import annotations

import argparse
import time
from typing import Callable

import numpy as np
import pandas as pd

from sim.data.tables import Dataset
from sim.fit import design as design_mod
from sim.fit import estimate, model
from sim.fit.posterior import Posterior, Settings

from . import scores

OUTCOMES = {design_mod.STATUS_INDEX["official"]: "official", design_mod.STATUS_INDEX["secondary"]: "secondary"}
"""Statuses (design index -> name) of the figures scored: forecasts are not outcomes."""
SIGMA = ("sig_official", "sig_secondary", "sig_forecast")
"""The posterior's measurement-error s.d. per design status index."""
BANDS = (0.5, 0.8)
LEVEL = 0.8
"""Level of the Wilson intervals in the table (as the backtest's)."""


def counties_with_figures(des: design_mod.Design) -> list[int]:
    """Indices (registry order) of the counties with at least one level or growth figure."""
    return sorted({int(i) for i in des.level_county} | {int(i) for i in des.growth_county})


def hidden_mask(des: design_mod.Design, county: int) -> np.ndarray:
    """Per observation (the order of :func:`sim.fit.model.observed`): 1 seen, 0 hidden (every figure of ``county``)."""
    mask = np.ones(des.observations)
    nl, ng = len(des.level_log), len(des.growth_log)
    mask[:nl][des.level_county == county] = 0.0
    mask[nl:nl + ng][des.growth_county == county] = 0.0
    return mask


def outcome_rows(des: design_mod.Design, county: int) -> np.ndarray:
    """Level rows of ``county`` whose status is an outcome (official or secondary)."""
    return np.flatnonzero((des.level_county == county) & np.isin(des.level_status, list(OUTCOMES)))


def figure_draws(post: Posterior, des: design_mod.Design, row: int, rng: np.random.Generator) -> np.ndarray:
    """Draws of level figure ``row`` as the model observes it: the level in its year (+ the census break before
    2018) times a measurement error of its status and confidence (亿元)."""
    i, t = int(des.level_county[row]), int(des.level_t[row])
    sigma = getattr(post, SIGMA[int(des.level_status[row])])
    if des.level_low[row]:
        sigma = np.sqrt(sigma**2 + post.sig_low**2)
    log_figure = post.log_gdp[:, t, i] + post.census_break * des.level_pre_census[row]
    return np.exp(log_figure + sigma * rng.standard_normal(post.draws))


def score(post: Posterior, des: design_mod.Design, county: int, rng: np.random.Generator) -> list[dict]:
    """One row per hidden outcome figure of ``county``, scored against ``post`` (fitted without them)."""
    out = []
    for row in outcome_rows(des, county):
        figure = figure_draws(post, des, row, rng)
        observed = float(np.exp(des.level_log[row]))
        q = np.quantile(figure, [0.1, 0.25, 0.5, 0.75, 0.9])
        out.append({
            "county_id": des.county_ids[county], "year": des.first + int(des.level_t[row]),
            "status": OUTCOMES[int(des.level_status[row])], "low_confidence": bool(des.level_low[row]),
            "observed": observed, "p10": q[0], "p25": q[1], "p50": q[2], "p75": q[3], "p90": q[4],
            "pit": float(scores.pit(figure[:, None], np.array([observed]))[0]),
            "crps_rel": float(scores.crps(figure[:, None], np.array([observed]))[0]) / observed,
            "inside_50": bool(q[1] <= observed <= q[3]), "inside_80": bool(q[0] <= observed <= q[4]),
        })
    return out


def run(dataset: Dataset, settings: Settings = Settings(), *, counties: list[str] | None = None, seed: int = 0,
        given: Posterior | None = None, draws: int | None = None,
        on_county: Callable[[str, list[dict], dict], None] | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Hide each county's figures in turn, refit, score. ``counties`` (ids) limits the check to some of the counties
    with figures (default all); a county with no outcome figure (forecasts only) is skipped, not refitted.

    ``given`` (a posterior of the same data, e.g. the shipped fit) skips the refit of the hyperparameters: its first
    ``draws`` draws of them are kept and only the states are drawn again without the county's figures. That is
    fast but not a clean check (the hyperparameters, e.g. the spread of levels within a tier, saw the hidden
    figures); the refit is the check, the plug-in a quick approximation of it.

    Returns ``(points, fits)``: one row per scored figure (county_id, year, status, observed, quantiles, pit,
    crps_rel, inside_50, inside_80), and one per refit (county_id, hidden observations, the sampler's diagnostics).
    ``on_county(county_id, rows, diagnostics)`` is called after each refit (a running tally)."""
    des = design_mod.build(dataset)
    chosen = counties_with_figures(des)
    if counties is not None:
        unknown = sorted(set(counties) - {des.county_ids[i] for i in chosen})
        if unknown:
            raise ValueError(f"loco: counties {', '.join(unknown)} have no figure to hide")
        chosen = [i for i in chosen if des.county_ids[i] in counties]
    sampler = estimate.Sampler(des, settings)
    obs = model.observed(des)
    hyper = None
    if given is not None:
        keep = slice(0, draws)
        hyper = {name: np.asarray(getattr(given, name))[keep] for name in model.HYPER}
    points, fits = [], []
    for i in chosen:
        if not len(outcome_rows(des, i)):
            continue
        mask = hidden_mask(des, i)
        if hyper is None:
            post = sampler.posterior(obs, seed=seed + i, mask=mask)
            diagnostics = post.info["diagnostics"]
        else:
            started = time.perf_counter()
            post = sampler.given(hyper, obs, seed=seed + i, mask=mask)
            diagnostics = {"seconds": round(time.perf_counter() - started, 2), "hyperparameters": "given"}
        rows = score(post, des, i, np.random.default_rng([seed, i]))
        fits.append({"county_id": des.county_ids[i], "hidden": int((mask == 0).sum()), **diagnostics})
        points += rows
        if on_county is not None:
            on_county(des.county_ids[i], rows, diagnostics)
    return pd.DataFrame(points), pd.DataFrame(fits)


def coverage(points: pd.DataFrame, band: float, level: float = LEVEL) -> tuple[int, int, float, float]:
    """Hits, figures and the Wilson interval at ``level`` of the share of figures inside the ``band`` band."""
    n = len(points)
    hits = int(points[f"inside_{round(band * 100)}"].sum()) if n else 0
    low, high = scores.wilson(hits, n, level)
    return hits, n, low, high


def table(points: pd.DataFrame, dataset: Dataset, level: float = LEVEL) -> pd.DataFrame:
    """One row per county (figures, inside 50% and 80%, median PIT, bias), then the totals with Wilson intervals."""
    names = {c.id: c.name_zh for c in dataset.registry}
    rows = []
    for county_id, g in points.groupby("county_id", sort=False):
        rows.append({"county": f"{names.get(county_id, county_id)} {county_id}", "figures": len(g),
                     "inside_50": int(g["inside_50"].sum()), "inside_80": int(g["inside_80"].sum()),
                     "pit": ", ".join(f"{p:.2f}" for p in g["pit"]),
                     "bias": float(np.mean(np.log(g["p50"] / g["observed"])))})
    total = {"county": "all", "figures": len(points)}
    for band in BANDS:
        hits, n, low, high = coverage(points, band, level)
        total[f"inside_{round(band * 100)}"] = hits
        total[f"cover_{round(band * 100)}"] = f"{hits / n:.1%} ({low:.1%}–{high:.1%})" if n else ""
    total["bias"] = float(np.mean(np.log(points["p50"] / points["observed"]))) if len(points) else float("nan")
    total["pit"] = f"mean {points['pit'].mean():.2f}" if len(points) else ""
    rows.append(total)
    return pd.DataFrame(rows)


def render(points: pd.DataFrame, dataset: Dataset, level: float = LEVEL) -> str:
    """The table as Markdown (the README's; Chinese names keep their columns aligned there, not in a terminal)."""
    frame = table(points, dataset, level)
    lines = ["| county | hidden figures | inside 50% | inside 80% | bias | PIT of each figure |", "|---|---|---|---|---|---|"]
    for r in frame.itertuples():
        lines.append(f"| {r.county} | {r.figures} | {r.inside_50} | {r.inside_80} | {r.bias:+.1%} | {r.pit} |")
    last = frame.iloc[-1]
    lines.append("")
    lines.append(f"50% band covers {last['cover_50']}, 80% band covers {last['cover_80']} of {last['figures']} hidden "
                 f"figures ({level:.0%} Wilson intervals)")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    """``python -m calibration.loco [--county ID ...] [--chains N --warmup N --samples N] [--seed N] [--given]``."""
    from sim.data.tables import load_shipped
    from sim.fit import cache as fit_cache

    parser = argparse.ArgumentParser(prog="python -m calibration.loco", description=__doc__.splitlines()[0])
    parser.add_argument("--county", action="append", help="a county id (repeatable; default: every county with figures)")
    defaults = Settings()
    parser.add_argument("--chains", type=int, default=defaults.chains)
    parser.add_argument("--warmup", type=int, default=defaults.warmup)
    parser.add_argument("--samples", type=int, default=defaults.samples)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--given", action="store_true", help="keep the shipped fit's hyperparameters (no refit; quick)")
    args = parser.parse_args(argv)
    settings = Settings(chains=args.chains, warmup=args.warmup, samples=args.samples)
    dataset = load_shipped()
    started = time.perf_counter()

    def tally(county_id: str, rows: list[dict], diagnostics: dict) -> None:
        if "max_rhat" not in diagnostics:
            return
        inside = sum(r["inside_80"] for r in rows)
        print(f"  {county_id}: {inside}/{len(rows)} inside the 80% band; fit {diagnostics['seconds']:.0f} s, "
              f"R-hat {diagnostics['max_rhat']}, {diagnostics['divergences']} divergences "
              f"({time.perf_counter() - started:.0f} s so far)", flush=True)

    try:
        given = fit_cache.posterior(dataset) if args.given else None
        points, _ = run(dataset, settings, counties=args.county, seed=args.seed, given=given, on_county=tally)
    except ValueError as error:
        parser.exit(2, f"{error}\n")
    print(render(points, dataset))


if __name__ == "__main__":
    main()
