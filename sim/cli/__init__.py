"""The ``tiersim`` command line: parse, load, call the library, write. Nothing else.

A root group plus one small module per command group (``run``, ``inspect``, ...).
Commands of other packages (e.g. :mod:`calibration`) join through the entry-point group
``tiersim.commands``, so ``sim`` never imports them.

Every :class:`~sim.errors.SimError` becomes a one-line ``Error: ...`` and exit code 1
(no traceback unless ``tiersim --debug``); Ctrl-C prints one line and exits 130.
"""

from __future__ import annotations

import sys
from importlib.metadata import entry_points

import click

from sim.errors import SimError
from .common import load_dataset

__all__ = ["cli", "main", "load_dataset"]

COMMANDS = {
    "run": "run", "data": "inspect", "validate": "inspect", "thresholds": "inspect", "new": "scenario",
    "verify": "verify", "sweep": "whatif", "goal": "whatif", "compare": "whatif", "report": "report", "plot": "report",
}
"""Command name -> module of sim.cli that defines it; a module is imported only when its command is asked for."""


class _Root(click.Group):
    """Turns the project's errors into one line at this single boundary."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            raise click.exceptions.Abort() from None  # before click's own handler prints a blank line
        except SimError as exc:
            if ctx.obj and ctx.obj.get("debug"):
                raise
            raise click.ClickException(str(exc)) from None

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(super().list_commands(ctx)) | set(COMMANDS)
                      | {ep.name for ep in entry_points(group="tiersim.commands")})

    def get_command(self, ctx: click.Context, name: str):
        command = super().get_command(ctx, name)
        if command is None and name in COMMANDS:
            from importlib import import_module

            module = import_module(f"{__name__}.{COMMANDS[name]}")
            command = next(c for c in module.COMMANDS if c.name == name)
        if command is None:
            found = [ep for ep in entry_points(group="tiersim.commands") if ep.name == name]
            command = found[0].load() if found else None
        return command


@click.group(cls=_Root, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--debug", is_flag=True, help="Show tracebacks instead of one-line errors.")
@click.version_option(package_name="tiersim", prog_name="tiersim")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """Project Hubei's tier counties against the national Top-100 / Top-50 county GDP thresholds.

    \b
    Examples:
      tiersim run
      tiersim run -s high --lang en
      tiersim COMMAND --help
    Shell completion (bash): eval "$(_TIERSIM_COMPLETE=bash_source tiersim)"
    """
    ctx.obj = {"debug": debug}


def main() -> None:
    """Console entry point: exit 0 on success, 1 on bad input, 2 on bad usage, 130 on Ctrl-C."""
    try:
        cli.main(standalone_mode=False)
    except (click.exceptions.Abort, KeyboardInterrupt):
        lead = "\n" if sys.stderr.isatty() else ""  # end a progress bar's line on a terminal
        click.echo(f"{lead}tiersim: interrupted; no output was written", err=True)
        sys.exit(130)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
