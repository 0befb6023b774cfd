"""``tiersim sweep``, ``goal`` and ``compare``: what-if tools for planners (a shell over sim.sweep, sim.goal, sim.compare)."""

from __future__ import annotations

import time
from pathlib import Path

import click

from sim.present import chartdata
from sim.present import plots
from sim.present import progress
from sim.whatif import compare as compare_mod
from sim.run import executors
from sim.whatif import goal as goal_mod
from sim.results import write as output
from sim.results.manifest import package_version
from sim import scenario as scenario_mod
from sim.whatif import sweep as sweep_mod
from sim.present import terminal as text
from sim.scenario import values
from sim.errors import ScenarioError
from sim.run.projection import project
from sim.model.thresholds import SIZES
from .common import data_options, lang_option, load_dataset, run_options, scenario_options

def executor_options(f):
    """--jobs, --dask local, --scheduler tcp://HOST:PORT."""
    f = click.option("--scheduler", default=None, metavar="tcp://HOST:PORT",
                     help="Run on a running Dask scheduler (needs pip install 'tiersim[distributed]').")(f)
    f = click.option("--dask", type=click.Choice(["local"]), default=None,
                     help="Run on a Dask LocalCluster of 2 worker processes (needs the [distributed] extra).")(f)
    f = click.option("--jobs", type=click.IntRange(1, 256), default=1, show_default=True,
                     help="Local worker processes (results do not depend on it).")(f)
    return f


def out_options(f):
    f = click.option("--force", is_flag=True, help="Replace DIR if it exists.")(f)
    return f


def _percent(value) -> str:
    return "" if value is None or value != value else f"{value:.0%}"


def _rate(value) -> str:
    return "" if value is None else f"{value:+.2%}"


# ---------------------------------------------------------------- sweep


@click.command()
@click.argument("scenario", default="baseline")
@click.option("--vary", "varies", multiple=True, required=True, metavar="KEY.PATH=START:STOP:STEP",
              help="A scenario key and its values, STOP included: 5%:9%:1%, 0.05:0.09:0.01 or 2030:2035:1. Repeatable; "
                   "several make a grid.")
@scenario_options
@data_options
@run_options
@executor_options
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), required=True, metavar="DIR",
              help="Write sweep.csv, manifest.json and sweep_heatmap.png into DIR.")
@out_options
def sweep(scenario, varies, sets, data_files, as_of, draws, seed, deterministic, impute, jobs, dask, scheduler, out, force):
    """Run a grid of what-if variants of SCENARIO (default: baseline), all with the same seed.

    Writes, per grid point x county x threshold, P(crossed by each milestone year) and the median
    crossing year (sweep.csv), the grid (manifest.json) and a heatmap. A grid point whose scenario
    breaks a rule is recorded with its error; the others still run.

    \b
    Examples:
      tiersim sweep --vary growth.tiers.sprint=5%:9%:1% --out sweeps/sprint
      tiersim sweep high --vary growth.default=4%:8%:0.5% --vary uncertainty.national=0:0.02:0.005 --out sweeps/grid --jobs 2
      tiersim sweep --vary growth.tiers.sprint=5%:9%:0.1% --dask local --out sweeps/fine
      tiersim sweep --vary thresholds.growth=3%:7%:1% --scheduler tcp://scheduler.example:8786 --out sweeps/thr
    """
    output.check_target(out, force)
    dataset = load_dataset(data_files, as_of)
    parsed = sweep_mod.parse_vary(varies, scenario, dataset, sets)
    total = len(sweep_mod.grid(parsed))
    started = time.perf_counter()
    with executors.choose(jobs, dask, scheduler) as executor, progress.Bar(total, unit="points") as bar:
        result = sweep_mod.run(scenario, dataset, parsed, sets=sets, draws=draws, seed=seed, deterministic=deterministic,
                               impute=impute, executor=executor, progress=bar.advance)
    elapsed = time.perf_counter() - started
    frame = sweep_mod.table(result)
    written = sweep_mod.files(result, frame)
    mode = "1 path, volatility 0 (deterministic)" if deterministic else f"{result.draws} draws, seed {seed}"
    click.echo(f"tiersim {package_version()}: sweep of {result.base.name} ({result.base.sha256()[:12]}): "
               f"{total} points, {len(result.errors)} failed; {mode} at every point; on {executor.name}")
    click.echo(_sweep_summary(frame, result))
    if len(result.errors) < total:
        table, title = sweep_mod.heatmap_table(frame, [v.key for v in parsed])
        written["sweep_heatmap.png"] = plots.to_bytes(plots.sweep_heatmap(table, title=title), "png")
    output.write_folder(out, written, force=force)
    click.echo(f"wrote {out}/: {' '.join(written)}")
    click.echo(f"done: {total} points x {result.draws} draws in {elapsed:.2f} s ({total / max(elapsed, 1e-9):.1f} points/s)",
               err=True)


def _sweep_summary(frame, result, limit: int = 30) -> str:
    """Per point (the first ``limit``): expected tier counties crossed by the last milestone, or the error."""
    columns = [c for c in frame.columns if c.startswith("p_by_")]
    last = columns[-1]
    rows = []
    for point in result.points[:limit]:
        error = result.errors.get(point.index, "")
        if error:
            rows.append([str(point.index), point.name, "", "", "", error])
            continue
        part = frame[(frame["point"] == point.index) & (frame["tier"] != "other")]
        expected = [f"{part.loc[part['threshold'] == name, last].sum():.2f}" for name in SIZES]
        rows.append([str(point.index), point.name, point.sha256[:12], *expected, ""])
    header = ["point", "name", "sha256", *[f"E[{name} by {last[5:]}]" for name in SIZES], "error"]
    more = f"\n... and {len(result.points) - limit} more points in sweep.csv" if len(result.points) > limit else ""
    return text.table(header, rows, right={0, 3, 4}) + "\n" + \
        f"E[...]: expected number of tier counties that have crossed the threshold by {last[5:]} (sum of probabilities)." + more


# ---------------------------------------------------------------- goal


@click.command()
@click.argument("counties", nargs=-1, metavar="[COUNTY]...")
@click.option("--tier", "tiers", multiple=True, metavar="TIER",
              help="Every county of a tier: advance, sprint, reserve, other. Repeatable.")
@click.option("--threshold", type=click.Choice(list(SIZES)), default="top100", show_default=True,
              help="The national threshold to be at or above.")
@click.option("--by", "year", type=int, required=True, metavar="YEAR", help="The year to be at or above it in.")
@click.option("--prob", type=click.FloatRange(0.0, 1.0, min_open=True), default=0.8, show_default=True,
              help="Probability of being at or above it in that year.")
@click.option("--scenario", default="baseline", show_default=True, help="Scenario (a file or a shipped name).")
@scenario_options
@data_options
@run_options
@click.option("--cap", default="30%", show_default=True, help="Highest rate tried (per year).")
@click.option("--floor", default="-10%", show_default=True, help="Lowest rate tried (per year).")
@click.option("--jobs", type=click.IntRange(1, 256), default=1, show_default=True,
              help="Worker processes, one county each (results do not depend on it).")
@lang_option
def goal(counties, tiers, threshold, year, prob, scenario, sets, data_files, as_of, draws, seed, deterministic, impute, cap,
         floor, jobs, lang):
    """The constant real growth a county needs to be at or above the threshold in YEAR.

    Give counties (code, 中文名 or pinyin) and/or --tier. For each county, bisection on its
    constant real growth rate from the base year on (common random numbers: the same seed for
    every trial), within --floor .. --cap, to a tolerance of 0.01 points. The rate replaces the
    scenario's growth for that county in every year, province-wide growth.years figures
    included; every other county follows the scenario. Printed next to the scenario's own
    growth for the county (geometric mean from the base year to YEAR).

    A single county that cannot reach the goal under the cap is an error; in a list, its row
    says so.

    \b
    Examples:
      tiersim goal 天门 --threshold top100 --by 2027
      tiersim goal --tier sprint --by 2030 --prob 0.9 --lang en
      tiersim goal 仙桃 --threshold top50 --by 2035 --scenario high --cap 20%
      tiersim goal Zhongxiang --by 2030 --deterministic
    """
    dataset = load_dataset(data_files, as_of)
    cap_rate = values.rate(cap, "--cap", low=-0.5, high=1.0)
    floor_rate = values.rate(floor, "--floor", low=-0.5, high=1.0)
    ids = [dataset.registry.resolve(c, "COUNTY") for c in counties]
    for tier in tiers:
        ids += goal_mod.tier_counties(dataset, tier)
    ids = list(dict.fromkeys(ids))
    if not ids:
        raise ScenarioError("goal: name a COUNTY or a --tier, e.g. tiersim goal 天门 --by 2027")
    chosen = scenario_mod.load(scenario, dataset.registry, sets)
    options = dict(prob=prob, draws=draws, seed=seed, deterministic=deterministic, impute=impute, floor=floor_rate,
                   cap=cap_rate)
    single = len(ids) == 1 and not tiers
    with executors.choose(jobs) as executor:
        if single:
            found = [goal_mod.seek(chosen, dataset, ids[0], threshold, year, **options)]
        else:
            found = goal_mod.seek_many(chosen, dataset, ids, threshold, year, executor=executor, **options)
    mode = "1 path, volatility 0 (deterministic)" if deterministic else f"{draws} draws, seed {seed}, probability {prob:g}"
    click.echo(f"goal: be at or above {threshold} in {year}; scenario {chosen.name} ({chosen.sha256()[:12]}); {mode}; "
               f"rates searched from {floor_rate:.0%} to {cap_rate:.0%}/yr")
    rows = []
    for g in found:
        county = dataset.registry[g.county_id]
        note = "" if g.rate is not None and not g.at_floor else g.message(county.label(lang))[len("goal: "):]
        if g.at_floor:
            note = f"met even at the floor (P = {g.probability:.2f} at {g.floor:.0%})"
        required = f"<={g.floor:+.2%}" if g.at_floor else _rate(g.rate)
        gap = "" if g.rate is None or g.assumed is None or g.at_floor else f"{(g.rate - g.assumed) * 100:+.2f} pt"
        rows.append([text.tier_label(county.tier, lang), county.label(lang), g.county_id,
                     "" if g.gdp0 is None else f"{g.gdp0:.1f}",
                     "" if g.threshold_p50 is None else f"{g.threshold_p50:.0f}",
                     required, _rate(g.assumed), gap, "" if g.rate is None else _percent(g.probability), note])
    header = ["tier", "county", "code", f"GDP {chosen.base_year}", f"{threshold} {year} (p50)", "required",
              f"assumed {chosen.base_year + 1}-{year}", "gap", "P", "note"]
    click.echo(text.table(header, rows, right={3, 4, 5, 6, 7, 8}))
    click.echo(f"required: constant real growth per year, {chosen.base_year + 1}-{year}, for P(at or above {threshold} in "
               f"{year}) >= {prob:g} (within 0.01 points); it replaces the scenario's growth for the county in every year, "
               f"province-wide growth.years included, other counties unchanged. assumed: the scenario's real growth for "
               f"the county (geometric mean). gap: required - assumed. GDP and threshold in 亿元, current prices.")


# ---------------------------------------------------------------- compare


@click.command()
@click.argument("scenario_a")
@click.argument("scenario_b")
@click.option("--set", "sets", multiple=True, metavar="KEY.PATH=VALUE",
              help="Override a value of B (the what-if) only, e.g. --set growth.tiers.sprint=8%. Repeatable.")
@data_options
@run_options
@click.option("--jobs", type=click.IntRange(1, 256), default=1, show_default=True,
              help="Worker processes (results do not depend on it).")
@click.option("--county", "shown", multiple=True, metavar="NAME", help="Show only these counties. Repeatable.")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None, metavar="DIR",
              help="Write compare_crossings.csv, compare_targets.csv, compare_gdp.csv, manifest.json (and the chart).")
@out_options
@lang_option
def compare(scenario_a, scenario_b, sets, data_files, as_of, draws, seed, deterministic, impute, jobs, shown, out, force,
            lang):
    """Differences from scenario A (baseline) to B (what-if), both run with the same seed and draws.

    Per county and threshold: P(crossed by each milestone) and the median crossing year, A→B;
    then the plan's 2025 targets (median value, probability met). --set changes B only, so
    `tiersim compare baseline baseline --set ...` compares a what-if with its baseline.

    \b
    Examples:
      tiersim compare baseline high
      tiersim compare baseline baseline --set growth.tiers.sprint=8% --lang en
      tiersim compare scenarios/low.yaml my_plan.yaml --draws 5000 --out results/low-vs-mine
    """
    if out is not None:
        output.check_target(out, force)
    dataset = load_dataset(data_files, as_of)
    a = scenario_mod.load(scenario_a, dataset.registry)
    b = scenario_mod.load(scenario_b, dataset.registry, sets)
    wanted = [dataset.registry.resolve(c, "--county") for c in shown] or None
    options = dict(draws=draws, seed=seed, deterministic=deterministic, impute=impute, jobs=jobs)
    pa, pb = project(a, dataset, **options), project(b, dataset, **options)
    crossing = compare_mod.crossing_differences(pa, pb)
    targets = compare_mod.target_differences(pa, pb)
    mode = "1 path, volatility 0 (deterministic)" if deterministic else f"{pa.draws} draws, seed {seed}"
    click.echo(f"compare: A = {a.name} ({a.sha256()[:12]}), B = {b.name} ({b.sha256()[:12]}); {mode} for both")
    click.echo(_compare_table(crossing, text.shown_ids(pb, wanted), dataset, lang, (a.horizon, b.horizon)))
    click.echo("")
    click.echo(_target_lines(targets))
    click.echo("P: probability of having crossed by that year, A→B (difference in points); year p50: median first-crossing "
               "year, A→B (B - A); >YEAR: not by the horizon.")
    if out is not None:
        written = compare_mod.files(pa, pb)
        names = (a.name, b.name) if a.name != b.name else ("A", "B")
        chart = plots.scenario_comparison(crossing, compare_mod.gdp_differences(pa, pb), names=names,
                                          counties=chartdata.counties(pb), lang=lang)
        written["compare.png"] = plots.to_bytes(chart, "png")
        output.write_folder(out, written, force=force)
        click.echo(f"wrote {out}/: {' '.join(written)}")


def _arrow(a, b, kind: str, horizons: tuple[int, int] = (0, 0)) -> str:
    """``A→B (difference)``; a crossing year that is missing reads ``>HORIZON`` (not by the horizon)."""
    def missing(v) -> bool:
        return v is None or v != v

    def one(v, horizon: int) -> str:
        if missing(v):
            return f">{horizon}" if kind == "year" else "-"
        return f"{v:.0%}" if kind == "p" else str(int(v))

    if missing(a) and missing(b) and kind == "p":
        return "no data"
    change = ""
    if not missing(a) and not missing(b):
        diff = (b - a) * 100 if kind == "p" else b - a
        change = f" ({diff:+.0f})" if round(diff) != 0 else ""
    return f"{one(a, horizons[0])}→{one(b, horizons[1])}{change}"


def _compare_table(frame, ids, dataset, lang: str, horizons: tuple[int, int]) -> str:
    measures = list(dict.fromkeys(frame["measure"]))
    keyed = frame.set_index(["county_id", "threshold", "measure"])
    rows = []
    for county_id in ids:
        county = dataset.registry[county_id]
        for name in SIZES:
            cells = []
            for measure in measures:
                row = keyed.loc[(county_id, name, measure)]
                cells.append(_arrow(row["a"], row["b"], "year" if measure == "year_p50" else "p", horizons))
            if cells[0] == "no data":
                cells = ["no data"] + [""] * (len(cells) - 1)
            rows.append([text.tier_label(county.tier, lang), county.label(lang), name, *cells])
    header = ["tier", "county", "threshold", *[f"P{m[5:]}" if m.startswith("p_by_") else "year p50" for m in measures]]
    return text.table(header, rows)


def _target_lines(frame) -> str:
    rows = []
    for (target, year), part in frame.groupby(["target", "year"], sort=False):
        value = part.set_index("measure")
        va, vb = value.loc["value_p50", "a"], value.loc["value_p50", "b"]
        pa, pb = value.loc["probability_met", "a"], value.loc["probability_met", "b"]
        if va is None or va != va:
            rows.append([target, str(year), "not modelled", "", ""])
            continue
        rows.append([target, str(year), f"{va:,.1f}", f"{vb:,.1f}", f"{vb - va:+,.1f}", _arrow(pa, pb, "p")])
    return text.table(["plan target", "year", "p50 A", "p50 B", "B - A", "P(met) A→B"],
                      [r + [""] * (6 - len(r)) for r in rows], right={2, 3, 4})


COMMANDS = [sweep, goal, compare]
