"""Options shared by the commands, defined once: the same names, defaults, limits and help everywhere.

Importing this module loads only click (no pandas, numpy or matplotlib), so ``tiersim --help`` and
``--version`` start at once; the loaders below import the data stage when they are called.

Spellings: the scenario is ``-s/--scenario NAME`` in every command that uses one (commands whose main
object is the scenario also take it as their first argument). Old spellings (``--base``) stay for one
release as hidden aliases that print a note.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Callable

import click

LANGS = click.Choice(["zh", "en"])
DRAWS = click.IntRange(1, 100_000_000)
JOBS = click.IntRange(1, 256)
SEED = click.IntRange(0, 2**63 - 1)
DEFAULT_SCENARIO = "baseline"


class LazyChoice(click.Choice):
    """A choice whose names are looked up (entry points) only when a value is checked or help is shown."""

    def __init__(self, names: Callable[[], list[str]]):
        super().__init__([])
        self._names = names

    @property
    def choices(self):  # noqa: D401 - click reads this attribute
        return tuple(self._names())

    @choices.setter
    def choices(self, value) -> None:
        pass


def _imputers() -> list[str]:
    from importlib.metadata import entry_points

    return sorted(ep.name for ep in entry_points(group="tiersim.imputers")) or ["tier-median"]


IMPUTERS = LazyChoice(_imputers)


def _stack(f, *options):
    """Apply click option decorators so that they appear in --help in the order given."""
    for option in reversed(options):
        f = option(f)
    return f


# ---------------------------------------------------------------- the scenario


def scenario(positional: bool = False, dest: str = "scenario", alias: bool = False):
    """Decorator: the scenario as ``-s/--scenario NAME`` (and, with ``positional``, as the first argument; with
    ``alias``, the old hidden ``--base``), handed to the command as one keyword ``dest`` (default: baseline)."""

    def decorate(f):
        @functools.wraps(f)
        def command(*args, scenario_arg=None, scenario_opt=None, base_alias=None, **kwargs):
            kwargs[dest] = pick_scenario(scenario_arg, scenario_opt, base_alias)
            return f(*args, **kwargs)

        command = click.option("-s", "--scenario", "scenario_opt", default=None, metavar="NAME",
                               help="Scenario: a YAML file or a shipped name (baseline, low, high, plan_targets, "
                                    "or one of your own). Default: baseline.")(command)
        if alias:
            command = click.option("--base", "base_alias", default=None, hidden=True,
                                   help="Deprecated spelling of -s/--scenario.")(command)
        if positional:
            command = click.argument("scenario_arg", required=False, default=None, metavar="[SCENARIO]")(command)
        return command

    return decorate


def pick_scenario(argument: str | None = None, option: str | None = None, alias: str | None = None,
                  default: str = DEFAULT_SCENARIO) -> str:
    """The one scenario named by the first argument, ``-s/--scenario`` or the deprecated ``--base``."""
    if alias is not None:
        click.echo("note: --base is deprecated and will be removed in the next release; use -s/--scenario", err=True)
    given = [v for v in (argument, option, alias) if v is not None]
    if len(set(given)) > 1:
        raise click.UsageError(f"the scenario is named twice ({' and '.join(given)}); name it once, "
                               f"as the first argument or with -s/--scenario")
    return given[0] if given else default


def sets_option(f):
    return click.option("--set", "sets", multiple=True, metavar="KEY.PATH=VALUE",
                        help="Override a scenario value, e.g. --set growth.tiers.sprint=7.5%. Repeatable.")(f)


scenario_options = sets_option
"""``--set`` (the name calibration/ imports)."""


# ---------------------------------------------------------------- data


def data_options(f):
    """``--data FILE`` (repeatable) and ``--as-of YEAR``."""
    return _stack(
        f,
        click.option("--data", "data_files", multiple=True, type=click.Path(dir_okay=False), metavar="FILE",
                     help="Your own county figures (CSV, see README); add to or replace the shipped ones. "
                          "Repeatable; later files win."),
        click.option("--as-of", "as_of", type=int, default=None, metavar="YEAR",
                     help="Use only data of this year or before, in every table."))


def load_dataset(data_files: tuple[str, ...], as_of: int | None):
    """Shipped data, plus each user file in turn, cut at ``as_of``; notes go to stderr."""
    from sim.data import load as inputs

    dataset, notes = inputs.load_dataset(tuple(data_files), as_of)
    for note in notes:
        click.echo(f"note: {note}", err=True)
    return dataset


# ---------------------------------------------------------------- running


def impute_value(impute: str | None, no_impute: bool) -> str | None:
    """The one ``impute`` value of ``--impute NAME`` and ``--no-impute``: ``"none"`` for ``--no-impute`` (counties
    with no figure in any year are left out, status ``no data``, whatever the model)."""
    if no_impute and impute is not None:
        raise click.UsageError(f"--impute {impute} and --no-impute contradict each other; give one")
    return "none" if no_impute else impute


def impute_options(f):
    """``--impute NAME`` and ``--no-impute``, handed to the command as one keyword ``impute``."""
    @functools.wraps(f)
    def command(*args, impute=None, no_impute=False, **kwargs):
        return f(*args, impute=impute_value(impute, no_impute), **kwargs)

    return _stack(
        command,
        click.option("--impute", type=IMPUTERS, default=None,
                     help="With model: assumed, give counties with no data an imputed seed (marked imputed*) instead "
                          "of leaving them out (the fitted model imputes them by default)."),
        click.option("--no-impute", "no_impute", is_flag=True,
                     help="Leave out counties with no figure in any year (status no data, not projected), also under "
                          "the fitted model, which otherwise imputes them (marked imputed*)."))


def run_options(f):
    """``--draws``, ``--seed``, ``--deterministic``, ``--impute``/``--no-impute`` (the same everywhere)."""
    return _stack(
        impute_options(f),
        click.option("--draws", type=DRAWS, default=1000, show_default=True,
                     help="Monte Carlo draws per scenario (1 to 100,000,000)."),
        click.option("--seed", type=SEED, default=2021, show_default=True,
                     help="Random seed: the same seed, scenario and data give byte-identical files "
                          "(and common random numbers across scenarios)."),
        click.option("--deterministic", is_flag=True, help="One path with every volatility set to zero."))


def check_size(scenario, dataset, draws: int, deterministic: bool = False, runs: int = 1) -> None:
    """Refuse, before any work, a run larger than the limits (README "Limits"): draws, and draws x counties x years."""
    from sim.data import limits

    limits.check_run_size(1 if deterministic else draws, len(dataset.registry), scenario.horizon - scenario.base_year + 1,
                          "--draws", runs=runs)


def jobs_option(f):
    """``--jobs N``: worker processes (results do not depend on it)."""
    return click.option("--jobs", type=JOBS, default=1, show_default=True,
                        help="Worker processes (1 to 256); results do not depend on it.")(f)


# ---------------------------------------------------------------- output


def lang_option(f):
    return click.option("--lang", type=LANGS, default="zh", show_default=True,
                        help="Language of everything printed or drawn: zh (Chinese) or en (English).")(f)


def out_option(what: str = "DIR", required: bool = False, help: str = "Write result files into DIR.") -> Callable:
    """``--out DIR`` (or ``--out FILE``); missing parent folders are created."""
    return click.option("--out", type=click.Path(path_type=Path), required=required, default=None, metavar=what,
                        help=f"{help} Missing parent folders are created.")


def force_option(f):
    return click.option("--force", is_flag=True, help="Replace the output if it exists.")(f)


def quiet_option(f):
    return click.option("-q", "--quiet", is_flag=True,
                        help="Print the results only: no progress bar and no timing line on stderr.")(f)


def wide_option(f):
    return click.option("--wide", is_flag=True,
                        help="Show every column (default: a narrow table that fits the terminal).")(f)


def milestone_option(f):
    return click.option("--milestone", "milestone", type=click.Choice(["in", "by"]), default="in", show_default=True,
                        help="What the milestone columns count: in = P(at or above the threshold in that year), "
                             "by = P(crossed it at least once by that year).")(f)


def format_option(f):
    return click.option("--format", "fmt", type=click.Choice(["csv", "xlsx"]), default=None,
                        help="Result files: csv (one UTF-8 file per table) or xlsx (one workbook, a sheet per table). "
                             "Default: xlsx if --out ends in .xlsx, else csv.")(f)


def make_parent(out: Path) -> None:
    """Create the missing parent folders of ``out``."""
    Path(out).resolve().parent.mkdir(parents=True, exist_ok=True)
