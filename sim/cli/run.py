"""``tiersim run``: project a scenario and print (and write) the results."""

from __future__ import annotations

import time
from pathlib import Path

import click

from sim.results import write as output
from sim.present import progress
from sim.results import tables as results
from sim.results.manifest import package_version
from sim import scenario as scenario_mod
from sim.data import seeds as seeds_mod
from sim.present import terminal as text
from sim.run.projection import project
from .common import data_options, jobs_option, lang_option, load_dataset, run_options, scenario_options


@click.command()
@click.argument("scenario", default="baseline")
@scenario_options
@data_options
@click.option("--county", "counties", multiple=True, metavar="NAME",
              help="Show only these counties (code, 中文名 or pinyin). Repeatable.")
@lang_option
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None, metavar="DIR",
              help="Write result files (CSV + manifest.json) into DIR.")
@click.option("--force", is_flag=True, help="Replace DIR if it exists.")
@run_options
@jobs_option
@click.option("--keep-paths", "keep", type=click.IntRange(0, 10_000), default=0, metavar="K",
              help="Also write the full paths of the first K draws (paths.csv).")
def run(scenario, sets, data_files, as_of, counties, lang, out, force, impute, draws, seed, deterministic, jobs, keep):
    """Project SCENARIO (a file or a shipped name; default: baseline).

    \b
    Examples:
      tiersim run
      tiersim run high --lang en --county 天门 --county Zhongxiang
      tiersim run --draws 10000 --seed 7 --out results/baseline
      tiersim run --set growth.tiers.sprint=8% --deterministic
      tiersim run --data yearbook.csv --as-of 2021
    """
    if out is not None:
        output.check_target(out, force)
    dataset = load_dataset(data_files, as_of)
    chosen = scenario_mod.load(scenario, dataset.registry, sets)
    wanted = [dataset.registry.resolve(c, "--county") for c in counties] or None
    started = time.perf_counter()
    with progress.Bar(1 if deterministic else draws) as bar:
        p = project(chosen, dataset, draws=draws, seed=seed, deterministic=deterministic, impute=impute, jobs=jobs,
                    keep=keep, progress=bar.advance)
    elapsed = time.perf_counter() - started
    shown = text.shown_ids(p, wanted)
    counts = seeds_mod.counts(p.seeds[p.seeds["county_id"].isin(shown)])
    mode = "1 path, volatility 0 (deterministic)" if deterministic else f"{p.draws} draws, seed {p.seed}"
    click.echo(f"tiersim {package_version()}: scenario {chosen.name} ({chosen.sha256()[:12]}), "
               f"base year {chosen.base_year}, horizon {chosen.horizon}, as of {dataset.as_of or 'all data'}; {mode}; "
               f"thresholds: {text.national_set(p)}")
    click.echo(text.run_table(p, lang, wanted))
    click.echo(text.legend(p, lang))
    click.echo("")
    click.echo(text.seed_summary(counts, lang))
    others = len(p.seeds) - len(shown)
    if others:
        click.echo(f"({others} further counties are in the output files; `tiersim data` lists every seed.)")
    click.echo(text.caveat(lang))
    if out is not None:
        written = results.files(p)
        output.write_folder(out, written, force=force)
        click.echo(f"wrote {out}/: {' '.join(written)}")
    click.echo(progress.throughput(p.draws, len(p.inputs.county_ids) + len(p.inputs.comparators if p.inputs.comparators is not None else []),
                                   len(p.inputs.years) - 1, elapsed), err=True)


COMMANDS = [run]
