"""Fuzzing the command line: random values for every option of every command, and random valid-looking command lines.

Whatever is typed, tiersim ends with exit 0, or exit 1 and one ``Error:`` line on stderr (a note may precede it),
never a traceback and never exit 2 or 70. The projection, sweep, goal and fit are replaced by a stand-in that
stops the command where the work would start (``Reached``), so each example costs milliseconds: what is fuzzed is
everything before the work, where bad input must be caught. Runs in a temporary working folder (``new`` writes
files); path values are plain names in it, or the hostile places ``/``, ``.``, ``..``, ``/proc/x``.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from unittest import mock

import click
from hypothesis import given
from hypothesis import strategies as st

from sim.cli import cli
from tests.hostile_support import invoke

COMMANDS = ["run", "data", "validate", "thresholds", "new", "verify", "sweep", "goal", "compare", "report", "plot",
            "calibrate", "backtest"]
HEAVY = ["sim.run.projection.project", "sim.cli.report.project", "sim.whatif.sweep.run", "sim.whatif.goal.seek",
         "sim.whatif.goal.seek_many", "sim.fit.estimate.fit", "calibration.backtest.run"]
PLACES = ["/", ".", "..", "/proc/x", "", "-", "--", "nul\x00l", "a" * 300]


class Reached(Exception):
    """Raised where the work would start: everything before it accepted the input."""


def _reached(*args, **kwargs):
    raise Reached


@contextlib.contextmanager
def sandbox():
    """A temporary working folder, and the heavy work replaced by :class:`Reached`."""
    import importlib

    here = os.getcwd()
    with tempfile.TemporaryDirectory() as folder, contextlib.ExitStack() as stack:
        for target in HEAVY:
            module, name = target.rsplit(".", 1)
            importlib.import_module(module)
            stack.enter_context(mock.patch(target, _reached))
        os.chdir(folder)
        try:
            yield folder
        finally:
            os.chdir(here)


def check(args: list[str]) -> None:
    result = invoke(*args)
    assert "Traceback" not in result.output, (args, result.output)
    if result.exit_code == 70:
        assert "Reached" in result.stderr, (args, result.stderr)
        return
    assert result.exit_code in (0, 1), (args, result.exit_code, result.output)
    assert isinstance(result.exception, SystemExit) or result.exception is None, (args, repr(result.exception))
    if result.exit_code == 1:
        lines = [line for line in result.stderr.splitlines() if not line.startswith("note: ")]
        assert len(lines) == 1 and lines[0].startswith("Error: "), (args, result.stderr)


def _command(name: str) -> click.Command:
    ctx = click.Context(cli)
    return cli.get_command(ctx, name)


def _options(name: str) -> list[click.Option]:
    return [p for p in _command(name).params if isinstance(p, click.Option) and not p.hidden]


def _value(param: click.Parameter):
    """Random text for a value: numbers, rates, years, names and plain junk; paths stay in the working folder."""
    if isinstance(param.type, click.Path):
        return st.one_of(st.from_regex(r"[a-z]{1,8}(\.csv|\.yaml|\.xlsx)?", fullmatch=True), st.sampled_from(PLACES))
    return st.one_of(
        st.integers(-10**20, 10**20).map(str),
        st.floats(allow_nan=True, allow_infinity=True).map(repr),
        st.from_regex(r"-?\d{1,4}(\.\d{1,3})?%?(:-?\d{1,4}(\.\d{1,3})?%?){0,2}", fullmatch=True),
        st.sampled_from(["zh", "en", "in", "by", "top100", "top50", "csv", "xlsx", "png", "天门", "Tianmen", "420281",
                         "baseline", "high", "growth.default=0.05:0.06:0.01", "growth.default=7", "2020,2030",
                         "tier-median", "local", "tcp://x:1", "2027", "0", "-1", "nan", "1e300"]),
        st.text(max_size=20),
    )


@st.composite
def one_option(draw):
    name = draw(st.sampled_from(COMMANDS))
    option = draw(st.sampled_from(_options(name)))
    flag = option.opts[-1]
    if option.is_flag:
        return [name, flag]
    return [name, flag, draw(_value(option))]


@given(one_option())
def test_every_option_of_every_command(args):
    with sandbox():
        check(args)


TOKENS = ["run", "data", "validate", "sweep", "goal", "compare", "verify", "new", "report", "plot", "thresholds",
          "backtest", "calibrate", "--draws", "--seed", "--jobs", "--lang", "--set", "--data", "--as-of", "--out",
          "--force", "--vary", "--by", "--county", "--milestone", "--wide", "-q", "-s", "--deterministic", "--impute",
          "--format", "--yes", "--help", "high", "low", "baseline", "天门", "10", "2027", "zh", "en", "-1",
          "growth.default=5%", "growth.default=0.05:0.06:0.01", "x.yaml", "res", "fan", "top100", "--origins", "--"]


@given(st.lists(st.sampled_from(TOKENS) | st.text(max_size=8), min_size=1, max_size=8))
def test_random_valid_looking_command_lines(args):
    with sandbox():
        # --debug shows tracebacks on purpose; the rule is for everything without it
        args = [a for a in args if a not in ("--debug", "--show")]
        check(args)
