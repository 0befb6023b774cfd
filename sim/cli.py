"""The ``tiersim`` command line: parse, load, call the library, write. Nothing else.

Every :class:`~sim.errors.SimError` becomes a one-line ``Error: ...`` and exit code 1
(no traceback unless ``tiersim --debug``); Ctrl-C prints one line and exits 130.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import click

from . import data as data_mod
from . import output, progress, results, scenario as scenario_mod, seeds as seeds_mod, text, thresholds
from .errors import SimError
from .projection import project
from .userdata import read_user_file

LANGS = click.Choice(["zh", "en"])


class _Root(click.Group):
    """Turns the project's errors into one line at this single boundary."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except SimError as exc:
            if ctx.obj and ctx.obj.get("debug"):
                raise
            raise click.ClickException(str(exc)) from None


def _data_options(f):
    f = click.option("--as-of", "as_of", type=int, default=None, metavar="YEAR",
                     help="Use only data of this year or before (every table).")(f)
    f = click.option("--data", "data_files", multiple=True, type=click.Path(dir_okay=False), metavar="FILE",
                     help="CSV of your own county figures; adds to or replaces the shipped ones (see README).")(f)
    return f


def _scenario_options(f):
    f = click.option("--set", "sets", multiple=True, metavar="KEY.PATH=VALUE",
                     help="Override a scenario value, e.g. --set growth.tiers.sprint=7.5%. Repeatable.")(f)
    return f


def _lang_option(f):
    return click.option("--lang", type=LANGS, default="zh", show_default=True, help="Language of names and labels.")(f)


def load_dataset(data_files: tuple[str, ...], as_of: int | None) -> data_mod.Dataset:
    """Shipped data, plus each user file in turn, cut at ``as_of``; notes go to stderr."""
    dataset = data_mod.load_shipped()
    for path in data_files:
        frame, new, notes = read_user_file(path, dataset.registry)
        for note in notes:
            click.echo(f"note: {note}", err=True)
        dataset = data_mod.with_observations(dataset, frame, path, new)
    if as_of is not None and not 1949 <= as_of <= 2100:
        raise SimError(f"--as-of: must be a year between 1949 and 2100; got {as_of}")
    return dataset.cut(as_of)


@click.group(cls=_Root, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--debug", is_flag=True, help="Show tracebacks instead of one-line errors.")
@click.version_option(results.package_version(), prog_name="tiersim")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """Project Hubei's tier counties against the national Top-100 / Top-50 county GDP thresholds."""
    ctx.obj = {"debug": debug}


@cli.command()
@click.argument("scenario", default="baseline")
@_scenario_options
@_data_options
@click.option("--county", "counties", multiple=True, metavar="NAME",
              help="Show only these counties (code, 中文名 or pinyin). Repeatable.")
@_lang_option
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None, metavar="DIR",
              help="Write result files (CSV + manifest.json) into DIR.")
@click.option("--force", is_flag=True, help="Replace DIR if it exists.")
@click.option("--impute", type=click.Choice(seeds_mod.methods("tiersim.imputers") or ["tier-median"]), default=None,
              help="Give counties with no data an imputed seed (marked imputed) instead of leaving them out.")
@click.option("--draws", type=click.IntRange(1, 100_000_000), default=1000, show_default=True,
              help="Monte Carlo draws.")
@click.option("--seed", type=click.IntRange(0, 2**63 - 1), default=2021, show_default=True,
              help="Random seed; the same seed, scenario and data give byte-identical files.")
@click.option("--deterministic", is_flag=True, help="One path with every volatility set to zero.")
@click.option("--jobs", type=click.IntRange(1, 256), default=1, show_default=True,
              help="Worker processes (results do not depend on it).")
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
    click.echo(f"tiersim {results.package_version()}: scenario {chosen.name} ({chosen.sha256()[:12]}), "
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


@cli.command()
@_data_options
@click.option("--base-year", type=int, default=2020, show_default=True, help="Year the seeds are for.")
@click.option("--impute", type=click.Choice(seeds_mod.methods("tiersim.imputers") or ["tier-median"]), default=None)
@_lang_option
def data(data_files, as_of, base_year, impute, lang):
    """Per county: the years held, the base-year seed, its status and how it was obtained.

    \b
    Examples:
      tiersim data
      tiersim data --data yearbook.csv --base-year 2021 --lang en
    """
    dataset = load_dataset(data_files, as_of)
    seed_table = seeds_mod.resolve(dataset, base_year, impute=impute).set_index("county_id")
    obs = dataset.observations
    rows = []
    for county in dataset.registry:
        held = obs[obs["county_id"] == county.id]["year"].value_counts().sort_index()
        years = ", ".join(f"{y}" + (f"({n})" if n > 1 else "") for y, n in held.items()) or "-"
        seed = seed_table.loc[county.id]
        rows.append([text.tier_label(county.tier, lang), county.label(lang), county.id, years,
                     "" if seed["gdp_yi"] is None or seed["gdp_yi"] != seed["gdp_yi"] else f"{seed['gdp_yi']:.1f}",
                     text.status_label(seed["status"], lang), seed["how"]])
    labels = text.LABELS[lang]
    click.echo(text.table([labels["tier"], labels["county"], labels["code"], labels["years"], labels["seed"].format(year=base_year),
                           labels["status"], labels["how"]], rows, right={4}))
    click.echo("")
    click.echo(text.seed_summary(seeds_mod.counts(seed_table.reset_index()), lang))
    status = dataset.status_counts()
    click.echo(f"observations: {len(obs)} rows ({', '.join(f'{k} {v}' for k, v in status.items())}); "
               f"as of {dataset.as_of or 'all data'}; data sha256 {dataset.sha256()[:12]}; "
               f"files: sim/data{''.join(', ' + f for f in dataset.user_files)}")
    click.echo("(n) after a year: n figures held for that year (the best is used; see README).")


@cli.command()
@click.argument("file")
@_scenario_options
@_data_options
def validate(file, sets, data_files, as_of):
    """Check a scenario file (and its extends chain and --set overrides) without running it.

    \b
    Example:
      tiersim validate scenarios/high.yaml --set horizon=2030
    """
    dataset = load_dataset(data_files, as_of)
    chosen = scenario_mod.load(file, dataset.registry, sets)
    click.echo(f"{file}: ok: scenario {chosen.name}, base year {chosen.base_year}, horizon {chosen.horizon}, "
               f"{len(chosen.events)} event(s), sha256 {chosen.sha256()[:12]}")


@cli.command(name="thresholds")
@click.argument("scenario", default="baseline")
@_scenario_options
@_data_options
def thresholds_cmd(scenario, sets, data_files, as_of):
    """Show the fitted national tail and the Top-100 / Top-50 GDP threshold path.

    \b
    Example:
      tiersim thresholds --as-of 2022
    """
    dataset = load_dataset(data_files, as_of)
    chosen = scenario_mod.load(scenario, dataset.registry, sets)
    fit = thresholds.fit_tail(dataset.national_tail, chosen.thresholds.tail_index)
    growth = chosen.thresholds.growth
    rate = fit.trend() if growth is None else growth
    click.echo(f"Pareto tail: N(>=x) = exp(a_t) x^-alpha; alpha = {fit.alpha:.3f} "
               f"({'fitted' if fit.alpha_fitted else 'from the scenario'}), {fit.points} facts, rmse of ln N {fit.rmse:.3f}")
    click.echo(f"threshold growth after {max(fit.scale)}: {rate:.2%}/yr ({'trend of the implied thresholds' if growth is None else 'scenario'})")
    paths = thresholds.threshold_paths(fit, chosen.years, growth)
    rows = [[str(y), f"{paths['top100'][i]:.0f}", f"{paths['top50'][i]:.0f}", "fact" if y in fit.scale else ""]
            for i, y in enumerate(chosen.years)]
    click.echo(text.table(["year", "top100", "top50", "implied by"], rows, right={1, 2}))
    click.echo(thresholds.CAVEAT_EN)


def main() -> None:
    """Console entry point: exit 0 on success, 1 on bad input, 2 on bad usage, 130 on Ctrl-C."""
    try:
        cli.main(standalone_mode=False)
    except (click.exceptions.Abort, KeyboardInterrupt):
        click.echo("tiersim: interrupted; no output was written", err=True)
        sys.exit(130)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
