"""Options and loading shared by the commands (defined once here)."""

from __future__ import annotations

import click

from sim.data import tables as data_mod
from sim.data import seeds as seeds_mod
from sim.data import load as inputs

LANGS = click.Choice(["zh", "en"])


def data_options(f):
    f = click.option("--as-of", "as_of", type=int, default=None, metavar="YEAR",
                     help="Use only data of this year or before (every table).")(f)
    f = click.option("--data", "data_files", multiple=True, type=click.Path(dir_okay=False), metavar="FILE",
                     help="CSV of your own county figures; adds to or replaces the shipped ones (see README).")(f)
    return f


def scenario_options(f):
    f = click.option("--set", "sets", multiple=True, metavar="KEY.PATH=VALUE",
                     help="Override a scenario value, e.g. --set growth.tiers.sprint=7.5%. Repeatable.")(f)
    return f


def lang_option(f):
    return click.option("--lang", type=LANGS, default="zh", show_default=True, help="Language of names and labels.")(f)


def load_dataset(data_files: tuple[str, ...], as_of: int | None) -> data_mod.Dataset:
    """Shipped data, plus each user file in turn, cut at ``as_of``; notes go to stderr."""
    dataset, notes = inputs.load_dataset(data_files, as_of)
    for note in notes:
        click.echo(f"note: {note}", err=True)
    return dataset


IMPUTERS = click.Choice(seeds_mod.methods("tiersim.imputers") or ["tier-median"])


def run_options(f):
    """--draws, --seed, --deterministic, --impute (as ``tiersim run``)."""
    f = click.option("--impute", type=IMPUTERS, default=None,
                     help="Give counties with no data an imputed seed (marked imputed) instead of leaving them out.")(f)
    f = click.option("--deterministic", is_flag=True, help="One path with every volatility set to zero.")(f)
    f = click.option("--seed", type=click.IntRange(0, 2**63 - 1), default=2021, show_default=True,
                     help="Random seed: the same seed, scenario and data give byte-identical files (and common random numbers across scenarios).")(f)
    f = click.option("--draws", type=click.IntRange(1, 100_000_000), default=1000, show_default=True,
                     help="Monte Carlo draws per scenario.")(f)
    return f


def jobs_option(f):
    """--jobs: worker processes (results do not depend on it)."""
    return click.option("--jobs", type=click.IntRange(1, 256), default=1, show_default=True,
                        help="Worker processes (results do not depend on it).")(f)
