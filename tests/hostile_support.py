"""Helpers of the hostile-input suite (tests/test_hostile_*.py): run the command line, check the one-line rule."""

from __future__ import annotations

from click.testing import CliRunner

from sim.cli import cli


def invoke(*args, **kwargs):
    """``tiersim ARGS`` in this process (through the root group's error handling, as the console script runs)."""
    return CliRunner().invoke(cli, [str(a) for a in args], **kwargs)


def one_line_error(result, code: int = 1) -> str:
    """The run ended with ``code`` through SystemExit, no traceback, and stderr's only line is ``Error: ...``
    (``tiersim: ...`` for exit codes 70 and 130); returns that line without its prefix."""
    assert result.exit_code == code, (result.exit_code, result.output)
    assert isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    prefix = "Error: " if code == 1 else "tiersim: "
    assert lines[0].startswith(prefix), lines[0]
    return lines[0][len(prefix):]
