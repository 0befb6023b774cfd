"""Options and loading shared by the commands (defined once here)."""

from __future__ import annotations

import click

from .. import data as data_mod
from ..errors import SimError
from ..userdata import read_user_file

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
    dataset = data_mod.load_shipped()
    for path in data_files:
        frame, new, notes = read_user_file(path, dataset.registry)
        for note in notes:
            click.echo(f"note: {note}", err=True)
        dataset = data_mod.with_observations(dataset, frame, path, new)
    if as_of is not None and not 1949 <= as_of <= 2100:
        raise SimError(f"--as-of: must be a year between 1949 and 2100; got {as_of}")
    return dataset.cut(as_of)


