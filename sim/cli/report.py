"""``tiersim report`` and ``tiersim plot``: a report (HTML, PDF, Word and the manifest) or charts of a projection.

matplotlib is imported only when one of these commands runs (through :mod:`sim.present.charts`), so
other commands start as fast as before.
"""

from __future__ import annotations

import datetime
import os
import tempfile
import time
from pathlib import Path

import click

from sim import scenario as scenario_mod
from sim.errors import SimError
from sim.model.thresholds import SIZES
from sim.present import chartdata, progress
from sim.results import write as output
from sim.results.manifest import package_version
from sim.run.projection import project
from .common import check_size, data_options, jobs_option, lang_option, load_dataset, run_options, scenario, scenario_options

FORMATS = ("png", "svg", "pdf")


def compare_option(f):
    return click.option("--compare", "other", default=None, metavar="OTHER",
                        help="Also run scenario OTHER (same seed and draws) and show OTHER against SCENARIO.")(f)


def dpi_option(f):
    return click.option("--dpi", type=click.IntRange(50, 1200), default=150, show_default=True,
                        help="Resolution of PNG pictures (charts in PNG, the web page and the Word file).")(f)


def _projections(dataset, scenario, other, sets, draws, seed, deterministic, impute, jobs):
    """Load the scenarios first (bad input fails before any work), then project SCENARIO and OTHER."""
    chosen = scenario_mod.load(scenario, dataset.registry, sets)
    versus = scenario_mod.load(other, dataset.registry) if other is not None else None
    check_size(chosen, dataset, draws, deterministic, runs=2 if versus is not None else 1)
    options = dict(draws=draws, seed=seed, deterministic=deterministic, impute=impute, jobs=jobs)
    total = (1 if deterministic else draws) * (2 if versus is not None else 1)
    with progress.Bar(total) as bar:
        p = project(chosen, dataset, progress=bar.advance, **options)
        q = project(versus, dataset, progress=bar.advance, **options) if versus is not None else None
    return p, q


def projection_options(f):
    """The options ``report`` and ``plot`` share: the comparison, scenario, data, draws and language."""
    for option in (lang_option, jobs_option, run_options, data_options, scenario_options, compare_option, dpi_option):
        f = option(f)
    return f


def _date(value: str | None) -> str | None:
    if value is None:
        return None
    try:
        return datetime.date.fromisoformat(value).isoformat()
    except ValueError:
        raise SimError(f"--date: must be a date YYYY-MM-DD; got {value!r}") from None


@click.command()
@scenario(positional=True)
@projection_options
@click.option("--date", "date", default=None, metavar="YYYY-MM-DD",
              help="Date printed on the report (default: today, or SOURCE_DATE_EPOCH); same date, same files.")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), required=True, metavar="DIR",
              help="Folder to write (written whole, or not at all).")
@click.option("--force", is_flag=True, help="Replace DIR if it exists.")
def report(scenario, other, sets, data_files, as_of, draws, seed, deterministic, impute, jobs, lang, dpi, date, out, force):
    """Write DIR/report.html (self-contained: opens offline), DIR/report.pdf, DIR/report.docx and DIR/manifest.json
    for SCENARIO (default: baseline).

    The answer first (which counties cross, when, how likely; the key results; the plan's targets one by
    one; a map), then data status, assumptions, tier results, one section per county, the targets, the
    comparison (with --compare), methods and caveats, and the manifest. --set changes SCENARIO only.

    \b
    Examples:
      tiersim report --out results/report
      tiersim report high --lang en --out results/high-report
      tiersim report --compare high --out results/high-vs-baseline --force
    """
    date = _date(date)
    output.check_target(out, force)
    started = time.perf_counter()
    p, q = _projections(load_dataset(data_files, as_of), scenario, other, sets, draws, seed, deterministic, impute, jobs)
    from sim.present import report as report_mod  # matplotlib only now

    bar = progress.Bar(1, unit="charts and files")
    with bar:
        written = report_mod.files(p, lang, q, date=date, dpi=dpi, progress=bar.advance,
                                   total=lambda n: setattr(bar, "total", n))
    output.write_folder(out, written, force=force)
    click.echo(f"wrote {out}/: {' '.join(written)} (scenario {p.scenario.name}"
               + (f", compared with {q.scenario.name}" if q is not None else "") + ")")
    click.echo(f"report: {time.perf_counter() - started:.1f} s", err=True)


def write_file(folder: Path, name: str, content: bytes) -> None:
    """``content`` as ``folder/name``, written beside it and renamed into place: the file is whole or absent,
    and no other file of the folder is touched."""
    folder.mkdir(parents=True, exist_ok=True)
    handle, partial = tempfile.mkstemp(prefix=f".{name}.tmp-{os.getpid()}-", dir=folder)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(content)
        mask = os.umask(0)
        os.umask(mask)
        os.chmod(partial, 0o666 & ~mask)
        os.replace(partial, folder / name)
    finally:
        if os.path.exists(partial):
            os.unlink(partial)


@click.command()
@click.argument("kinds", metavar="KIND[,KIND...]")
@scenario(positional=True)
@click.option("--county", "counties", multiple=True, metavar="NAME",
              help="The county of a fan chart (code, 中文名 or pinyin); repeatable, one chart each.")
@click.option("--threshold", type=click.Choice(list(SIZES)), default="top100", show_default=True,
              help="Threshold of a timeline, heatmap, scorecard or map.")
@click.option("--year", type=int, default=None, metavar="YEAR", help="Year of a map (default: the last milestone).")
@click.option("--format", "fmt", type=click.Choice(list(FORMATS)), default="png", show_default=True,
              help="png, or a vector format: svg, pdf.")
@projection_options
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), required=True, metavar="DIR",
              help="Folder to write the charts into (made if missing; other files in it are left alone).")
@click.option("--force", is_flag=True, hidden=True, help="Accepted for compatibility; charts replace only their own file.")
def plot(kinds, scenario, counties, threshold, year, other, fmt, sets, data_files, as_of, draws, seed, deterministic, impute,
         jobs, lang, dpi, out, force):
    """Write charts of SCENARIO into DIR as KIND[-THRESHOLD][-COUNTY]-LANG.EXT (e.g. fan-tianmen-zh.png).

    KIND is one of: fan (one county's GDP against the thresholds; needs --county), timeline
    (crossing years by tier), heatmap (probability, county x year), scorecard (tier members),
    bump (national ranks), targets (the plan's 2025 targets), map (county units by probability),
    compare (needs --compare OTHER). Several kinds: fan,timeline,map. A file of the same name is
    replaced; nothing else in DIR is touched, so many charts can go into one folder.

    \b
    Examples:
      tiersim plot fan --county 天门 --county 钟祥 --out charts
      tiersim plot timeline,heatmap --threshold top50 --lang en --format svg --out charts
      tiersim plot map --year 2030 --dpi 300 --out charts
      tiersim plot compare --compare high --format pdf --out charts
    """
    wanted = [k.strip() for k in kinds.split(",") if k.strip()]
    for kind in wanted:
        if kind not in chartdata.KINDS:
            raise SimError(f"plot: unknown chart KIND {kind!r}; known: {', '.join(chartdata.KINDS)}")
    if "fan" in wanted and not counties:
        raise SimError("plot fan: name the county with --county (code, 中文名 or pinyin)")
    if "compare" in wanted and other is None:
        raise SimError("plot compare: name the what-if scenario with --compare OTHER")
    if out.exists() and not out.is_dir():
        raise SimError(f"{out}: exists and is not a folder")
    if not out.resolve().parent.is_dir():
        raise SimError(f"{out}: parent folder {out.resolve().parent} does not exist")
    dataset = load_dataset(data_files, as_of)
    ids = [dataset.registry.resolve(c, "--county") for c in counties]
    p, q = _projections(dataset, scenario, other, sets, draws, seed, deterministic, impute, jobs)
    from sim.present import charts, plots  # matplotlib only now

    data = chartdata.collect(p)
    versus = charts.comparison(p, q) if q is not None else None
    specs = [charts.Spec(kind, lang=lang, county=c, threshold=threshold, year=year)
             for kind in wanted for c in (ids if kind == "fan" else [None])]
    for spec in specs:
        charts.check(spec, data, versus)  # every chart checked before any is written
    about = (f"tiersim {package_version()} plot {{kind}}: scenario {p.scenario.name} ({p.scenario.sha256()[:12]}), "
             f"{'deterministic' if p.deterministic else f'{p.draws} draws, seed {p.seed}'}, data {dataset.sha256()[:12]}")
    for spec in specs:
        ax = charts.draw(spec, data, versus)
        name = charts.file_name(spec, data, fmt)
        write_file(out, name, plots.to_bytes(ax, fmt, dpi=dpi, description=about.format(kind=spec.kind)))
        click.echo(f"wrote {out}/{name}")


COMMANDS = [report, plot]
