"""``tiersim report`` and ``tiersim plot``: a self-contained report, or one chart, of a projection.

matplotlib is imported only when one of these commands runs (through :mod:`sim.present.report`), so
other commands start as fast as before.
"""

from __future__ import annotations

import time
from pathlib import Path

import click

from sim.present import chartdata
from sim.results import write as output
from sim.results.manifest import package_version
from sim import scenario as scenario_mod
from sim.errors import SimError
from sim.run.projection import project
from sim.model.thresholds import SIZES
from .common import data_options, jobs_option, lang_option, load_dataset, run_options, scenario, scenario_options


def out_options(f):
    f = click.option("--force", is_flag=True, help="Replace DIR if it exists.")(f)
    f = click.option("--out", type=click.Path(file_okay=False, path_type=Path), required=True, metavar="DIR",
                     help="Folder to write (written whole, or not at all).")(f)
    return f


def compare_option(f):
    return click.option("--compare", "other", default=None, metavar="OTHER",
                        help="Also run scenario OTHER (same seed and draws) and show OTHER minus SCENARIO.")(f)


def _projections(scenario, other, sets, data_files, as_of, draws, seed, deterministic, impute, jobs):
    """Load everything first (bad input fails before any work), then project SCENARIO and OTHER."""
    dataset = load_dataset(data_files, as_of)
    chosen = scenario_mod.load(scenario, dataset.registry, sets)
    versus = scenario_mod.load(other, dataset.registry) if other is not None else None
    options = dict(draws=draws, seed=seed, deterministic=deterministic, impute=impute, jobs=jobs)
    p = project(chosen, dataset, **options)
    q = project(versus, dataset, **options) if versus is not None else None
    return dataset, p, q


def projection_options(f):
    """The options ``report`` and ``plot`` share: the comparison, scenario, data, draws and output folder."""
    for option in (out_options, lang_option, jobs_option, run_options, data_options, scenario_options, compare_option):
        f = option(f)
    return f


@click.command()
@scenario(positional=True)
@projection_options
def report(scenario, other, sets, data_files, as_of, draws, seed, deterministic, impute, jobs, lang, out, force):
    """Write DIR/report.html (self-contained: opens offline) and DIR/report.pdf for SCENARIO (default: baseline).

    Summary, data status (every estimated seed marked *), assumptions, tier results, one section
    per county, the plan's 2025 targets, methods and caveats, and the manifest. --set changes
    SCENARIO only.

    \b
    Examples:
      tiersim report --out results/report
      tiersim report high --lang en --out results/high-report
      tiersim report --compare high --out results/high-vs-baseline --force
    """
    output.check_target(out, force)
    started = time.perf_counter()
    _, p, q = _projections(scenario, other, sets, data_files, as_of, draws, seed, deterministic, impute, jobs)
    from sim.present import report as report_mod  # matplotlib only now

    written = report_mod.files(p, lang, q)
    output.write_folder(out, written, force=force)
    click.echo(f"wrote {out}/: {' '.join(written)} (scenario {p.scenario.name}"
               + (f", compared with {q.scenario.name}" if q is not None else "") + ")")
    click.echo(f"report: {time.perf_counter() - started:.1f} s", err=True)


@click.command()
@click.argument("kind", metavar="KIND")
@scenario(positional=True)
@click.option("--county", default=None, metavar="NAME", help="The county of a fan chart (code, 中文名 or pinyin).")
@click.option("--threshold", type=click.Choice(list(SIZES)), default="top100", show_default=True,
              help="Threshold of a timeline, heatmap or scorecard.")
@click.option("--format", "fmt", type=click.Choice(["png", "svg"]), default="png", show_default=True,
              help="Image format.")
@projection_options
def plot(kind, scenario, county, threshold, other, fmt, sets, data_files, as_of, draws, seed, deterministic, impute, jobs,
         lang, out, force):
    """Write one chart of SCENARIO as DIR/KIND.png (or .svg).

    KIND is one of: fan (one county's GDP against the thresholds; needs --county), timeline
    (crossing years by tier), heatmap (probability, county x year), scorecard (tier members),
    bump (national ranks), targets (the plan's 2025 targets), compare (needs --compare OTHER).

    \b
    Examples:
      tiersim plot fan --county 天门 --out charts
      tiersim plot timeline --threshold top50 --lang en --format svg --out charts/t50
      tiersim plot compare --compare high --out charts/high
    """
    if kind not in chartdata.KINDS:
        raise SimError(f"plot: unknown chart KIND {kind!r}; known: {', '.join(chartdata.KINDS)}")
    if kind == "fan" and county is None:
        raise SimError("plot fan: name the county with --county (code, 中文名 or pinyin)")
    if kind == "compare" and other is None:
        raise SimError("plot compare: name the what-if scenario with --compare OTHER")
    output.check_target(out, force)
    dataset, p, q = _projections(scenario, other, sets, data_files, as_of, draws, seed, deterministic, impute, jobs)
    county_id = dataset.registry.resolve(county, "--county") if county is not None else None
    from sim.present import plots
    from sim.present import report as report_mod  # matplotlib only now

    versus = report_mod.comparison(p, q) if q is not None else None
    ax = report_mod.chart(kind, chartdata.collect(p), lang=lang, county=county_id, threshold=threshold, versus=versus)
    about = (f"tiersim {package_version()} plot {kind}: scenario {p.scenario.name} ({p.scenario.sha256()[:12]}), "
             f"{'deterministic' if p.deterministic else f'{p.draws} draws, seed {p.seed}'}, data {dataset.sha256()[:12]}")
    name = f"{kind}.{fmt}"
    output.write_folder(out, {name: plots.to_bytes(ax, fmt, description=about)}, force=force)
    click.echo(f"wrote {out}/{name}")


COMMANDS = [report, plot]
