"""``tiersim run``: project a scenario and print (and write) the results."""

from __future__ import annotations

import time

import click

from .common import (check_size, data_options, force_option, format_option, jobs_option, lang_option, load_dataset,
                     milestone_option, out_option, quiet_option, run_options, scenario, sets_option, wide_option)


@click.command()
@scenario(positional=True)
@sets_option
@data_options
@click.option("--county", "counties", multiple=True, metavar="NAME",
              help="Show only these counties (code, 中文名 or pinyin). Repeatable.")
@lang_option
@milestone_option
@wide_option
@out_option("DIR|FILE.xlsx", help="Write result files: CSV + manifest.json into DIR, or one Excel workbook FILE.xlsx.")
@format_option
@force_option
@run_options
@jobs_option
@click.option("--keep-paths", "keep", type=click.IntRange(0, 10_000), default=0, metavar="K",
              help="Also write the full paths of the first K draws (paths.csv).")
@quiet_option
def run(scenario, sets, data_files, as_of, counties, lang, milestone, wide, out, fmt, force, impute, draws, seed,
        deterministic, jobs, keep, quiet):
    """Project SCENARIO (a file or a shipped name; default: baseline).

    \b
    Examples:
      tiersim run
      tiersim run high --lang en --county 天门 --county Zhongxiang
      tiersim run -s high --milestone by --wide
      tiersim run --draws 10000 --seed 7 --out results/baseline
      tiersim run --out results/baseline.xlsx --lang en
      tiersim run --set growth.tiers.sprint=8% --deterministic
      tiersim run --data yearbook.csv --as-of 2021
    """
    from sim import scenario as scenario_mod
    from sim.data import seeds as seeds_mod
    from sim.present import progress
    from sim.present import terminal as text
    from sim.results import tables as results
    from sim.run.projection import project
    from . import output
    from .words import cut_notice, fit_notice, run_header

    output.check(out, fmt, force)
    dataset = load_dataset(data_files, as_of)
    chosen = scenario_mod.load(scenario, dataset.registry, sets)
    check_size(chosen, dataset, draws, deterministic)
    wanted = [dataset.registry.resolve(c, "--county") for c in counties] or None
    started = time.perf_counter()
    with progress.Bar(1 if deterministic else draws, quiet=quiet) as bar:
        p = project(chosen, dataset, draws=draws, seed=seed, deterministic=deterministic, impute=impute, jobs=jobs,
                    keep=keep, progress=bar.advance, on_fit=fit_notice(lang, quiet))
    elapsed = time.perf_counter() - started
    shown = text.shown_ids(p, wanted)
    click.echo(run_header(p, dataset, lang))
    if p.cut:
        click.echo(cut_notice(p, lang))
    click.echo(text.run_table(p, lang, wanted, milestone=milestone, wide=wide, max_width=text.terminal_width()))
    click.echo(text.legend(p, lang, milestone))
    listed = text.list_table(p, lang, wanted)
    if listed:
        click.echo("")
        click.echo(listed)
    click.echo("")
    click.echo(text.seed_summary(seeds_mod.counts(p.seeds), lang))
    others = len(p.seeds) - len(shown)
    if others:
        click.echo(f"（另有 {others} 个县市只在输出文件中；`tiersim data` 列出全部基数。）" if lang == "zh" else
                   f"({others} further counties are in the output files; `tiersim data` lists every seed.)")
    click.echo(text.caveat(lang))
    if out is not None:
        names = {c.id: c.label(lang) for c in dataset.registry}
        written = output.write(out, results.files(p), fmt, force, lang, names)
        click.echo(f"{'已写入' if lang == 'zh' else 'wrote'} {out}: {' '.join(written)}")
    if not quiet:
        click.echo(progress.throughput(p.draws, len(p.inputs.county_ids) + p.inputs.comparator_count, len(p.inputs.years) - 1,
                                       elapsed, lang), err=True)


COMMANDS = [run]
