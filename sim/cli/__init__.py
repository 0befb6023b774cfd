"""The ``tiersim`` command line: parse, load, call the library, write. Nothing else.

A root group plus one small module per command group (``run``, ``inspect``, ...).
Commands of other packages (e.g. :mod:`calibration`) join through the entry-point group
``tiersim.commands``, so ``sim`` never imports them.

Exit codes (README, "Errors and exit codes"), the same for every command, at this one boundary:

- 0: done;
- 1: bad input or a bad option value (a :class:`~sim.errors.SimError`, a click usage error, a file that cannot
  be read or written: disk full, read-only, no permission): one line ``Error: ...`` on stderr;
- 70: an unexpected internal error (a bug): one line saying so and to rerun with ``--debug``;
- 130: interrupted (Ctrl-C): one line.

No traceback is shown unless ``tiersim --debug`` is given.
"""

from __future__ import annotations

from inspect import cleandoc
import errno
import sys

import click

from sim.errors import SimError, printable
from .common import load_dataset

__all__ = ["cli", "main", "load_dataset"]

COMMANDS = {
    "run": ("run", "Project SCENARIO (a file or a shipped name; default: baseline)."),
    "data": ("inspect", "Per county: the years held, the base-year seed, its status and how it was obtained."),
    "validate": ("inspect", "Check a scenario file (and its extends chain and --set overrides) without running it."),
    "thresholds": ("inspect", "Show the fitted national tail and the Top-100 / Top-50 GDP threshold path."),
    "new": ("scenario", "Write NAME.yaml: a scenario that extends another (default: baseline), every key explained."),
    "verify": ("verify", "Re-run FOLDER's manifest and report whether every file matches byte for byte."),
    "sweep": ("whatif", "Run a grid of what-if variants of SCENARIO (default: baseline), all with the same seed."),
    "goal": ("whatif", "The constant real growth a county needs to be at or above the threshold in YEAR."),
    "compare": ("whatif", "Differences from scenario A (default: baseline) to B (the what-if), same seed and draws."),
    "report": ("report", "Write DIR/report.html (self-contained) and DIR/report.pdf for SCENARIO."),
    "plot": ("report", "Write one chart of SCENARIO into DIR."),
    "app": ("app", "Start the what-if page in the browser: change assumptions and see the results update."),
}
"""Command name -> (module of sim.cli that defines it, the line ``tiersim --help`` shows). A module is imported only
when its command runs, so ``tiersim --help`` imports none of them."""
ENTRY_POINT_HELP = {
    "calibrate": "Estimate a scenario from the data (calibration package).",
    "backtest": "Calibrate as of past years and score the projections (calibration package).",
}
"""``tiersim --help`` lines of the commands that other packages add (loaded only when they run)."""


def examples_last(command: click.Command) -> click.Command:
    """Move the ``Examples:`` block of a command's help after its options, so ``--help`` ends with examples."""
    text = cleandoc(command.help or "")
    for marker in ("\b\nExamples:", "\b\nExample:"):
        at = text.find(marker)
        if at >= 0 and not command.epilog:
            command.help, command.epilog = text[:at].rstrip(), text[at:]
            break
    return command


def entry_points(group: str):
    """Installed entry points of ``group`` (importlib.metadata is imported only when asked: it costs a tenth of a second)."""
    from importlib.metadata import entry_points as installed

    return installed(group=group)


class _Root(click.Group):
    """Turns the project's errors into one line and an exit code at this single boundary."""

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        return _standalone(self, args, prog_name, complete_var, extra)

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

            module = import_module(f"{__name__}.{COMMANDS[name][0]}")
            command = next(c for c in module.COMMANDS if c.name == name)
        if command is None:
            found = [ep for ep in entry_points(group="tiersim.commands") if ep.name == name]
            command = found[0].load() if found else None
        return examples_last(command) if command is not None else None

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The command list from :data:`COMMANDS` (no command module is imported for ``--help``)."""
        rows = []
        for name in self.list_commands(ctx):
            line = COMMANDS[name][1] if name in COMMANDS else ENTRY_POINT_HELP.get(name)
            if line is None:
                command = self.get_command(ctx, name)
                line = command.get_short_help_str(formatter.width) if command is not None else ""
            rows.append((name, line))
        with formatter.section("Commands"):
            formatter.write_dl(rows)


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


EXIT_BAD_INPUT = 1
EXIT_BUG = 70
"""``EX_SOFTWARE`` of sysexits.h: an internal error."""
EXIT_INTERRUPTED = 130


def main() -> None:
    """Console entry point: exit 0 on success, 1 on bad input, 70 on a bug, 130 on Ctrl-C (see :class:`_Root`)."""
    cli.main()


def _debug_asked(args: list[str]) -> bool:
    """Whether ``--debug`` is among the root group's options (those before the command name)."""
    for arg in args:
        if arg == "--debug":
            return True
        if not arg.startswith("-"):
            return False
    return False


def _one_line(text: str) -> str:
    return printable(" ".join(str(text).split()))


def _usage_line(exc: click.UsageError) -> str:
    """click's usage error as one line: the message and where the help is (instead of click's usage text)."""
    message = _one_line(exc.format_message()).rstrip(".")
    path = " ".join(["tiersim", *exc.ctx.command_path.split()[1:]]) if exc.ctx is not None else "tiersim"
    return f"{message} (see '{path} --help')"


def _os_line(exc: OSError) -> str:
    """A file system error as one line: the file and what the system said (disk full, read-only, no permission)."""
    where = " -> ".join(str(f) for f in (exc.filename, exc.filename2) if f is not None)
    what = exc.strerror or exc.__class__.__name__
    return _one_line(f"{where}: {what}" if where else what)


def _exit(code: int, line: str | None = None) -> None:
    if line is not None:
        try:
            click.echo(line, err=True)
        except OSError:
            pass
    sys.exit(code)


def _standalone(group: click.Group, args, prog_name, complete_var, extra) -> None:
    """Run ``group`` and turn every way it can end into an exit code and at most one line on stderr."""
    argv = list(sys.argv[1:] if args is None else args)
    debug = _debug_asked(argv)
    for arg in argv:  # a shell cannot pass one; a program calling tiersim can
        if "\x00" in str(arg):
            _exit(EXIT_BAD_INPUT, f"Error: argument {printable(str(arg))!r} contains a NUL byte")
    try:
        code = click.Group.main(group, argv, prog_name, complete_var, standalone_mode=False, **extra)
    except (click.exceptions.Abort, KeyboardInterrupt):
        lead = "\n" if sys.stderr.isatty() else ""  # end a progress bar's line on a terminal
        _exit(EXIT_INTERRUPTED, f"{lead}tiersim: interrupted; no output was written")
    except click.UsageError as exc:
        _exit(EXIT_BAD_INPUT, f"Error: {_usage_line(exc)}")
    except click.ClickException as exc:
        _exit(EXIT_BAD_INPUT, f"Error: {_one_line(exc.format_message())}")
    except SimError as exc:  # only with --debug does one get here (the group turns them into ClickException)
        if debug:
            raise
        _exit(EXIT_BAD_INPUT, f"Error: {exc}")
    except OSError as exc:
        if debug:
            raise
        if exc.errno == errno.EPIPE:  # the reader of our output went away (``tiersim data | head``)
            _exit(EXIT_BAD_INPUT)
        _exit(EXIT_BAD_INPUT, f"Error: {_os_line(exc)}")
    except MemoryError:
        if debug:
            raise
        _exit(EXIT_BAD_INPUT, "Error: out of memory; use fewer --draws, --jobs or a smaller --data file")
    except Exception as exc:  # noqa: BLE001 - the last boundary: anything else is a bug, reported in one line
        if debug:
            raise
        detail = _one_line(f"{exc.__class__.__name__}: {exc}")[:300]
        _exit(EXIT_BUG, f"tiersim: internal error (a bug, please report it): {detail}; "
                        f"rerun with 'tiersim --debug ...' for the traceback")
    _exit(code if isinstance(code, int) else 0)
