"""Hostile input at the command line: every bad option value, scenario or argument gives one line and exit 1;
a bug gives one line and exit 70; an interrupt one line and exit 130; ``--debug`` alone shows a traceback."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.hostile_support import invoke, one_line_error

BAD_OPTIONS = [
    (("run", "--draws", "abc"), "Invalid value for '--draws': 'abc' is not a valid integer range (see 'tiersim run --help')"),
    (("run", "--draws", "0"), "Invalid value for '--draws': 0 is not in the range 1<=x<=100000000 (see 'tiersim run --help')"),
    (("run", "--draws", "100000001"), "Invalid value for '--draws': 100000001 is not in the range 1<=x<=100000000"),
    (("run", "--seed", "-1"), "Invalid value for '--seed': -1 is not in the range"),
    (("run", "--jobs", "0"), "Invalid value for '--jobs': 0 is not in the range 1<=x<=256"),
    (("run", "--lang", "fr"), "Invalid value for '--lang': 'fr' is not one of 'zh', 'en'"),
    (("run", "--milestone", "at"), "Invalid value for '--milestone': 'at' is not one of 'in', 'by'"),
    (("run", "--bogus"), "No such option '--bogus'."),
    (("run", "--draws"), "Option '--draws' requires an argument"),
    (("nosuch",), "No such command 'nosuch'"),
    (("--bogus",), "No such option '--bogus' (see 'tiersim --help')"),
    (("data", "--base-year", "1800"), "Invalid value for '--base-year': 1800 is not in the range 1990<=x<=2100"),
    (("goal", "天门", "--by", "1800"), "Invalid value for '--by': 1800 is not in the range 1990<=x<=2100"),
    (("goal", "天门"), "Missing option '--by'"),
    (("sweep", "--out", "x"), "Missing option '--vary'"),
    (("plot", "nosuchchart", "--out", "x"), "nosuchchart"),
    (("verify",), "Missing argument 'FOLDER'"),
    (("verify", "/nonexistent/folder"), "Invalid value for 'FOLDER': Directory '/nonexistent/folder' does not exist"),
    (("run", "--data", "/"), "Invalid value for '--data': File '/' is a directory"),
    (("validate", "high", "-s", "low"), "the scenario is named twice (high and low)"),
]


@pytest.mark.parametrize("args, start", BAD_OPTIONS, ids=[" ".join(a) for a, _ in BAD_OPTIONS])
def test_a_bad_option_value_is_one_line_and_exit_1(args, start):
    message = one_line_error(invoke(*args))
    assert message.startswith(start) or start in message, message


def test_usage_errors_exit_1_from_the_console_script_too(tmp_path):
    """The installed entry point (not only click's test runner) follows the convention."""
    done = subprocess.run([sys.executable, "-c", "from sim.cli import main; main()", "run", "--draws", "abc"],
                          capture_output=True, text=True, cwd=tmp_path, timeout=120)
    assert done.returncode == 1, done.stderr
    assert done.stderr.splitlines() == ["Error: Invalid value for '--draws': 'abc' is not a valid integer range "
                                        "(see 'tiersim run --help')"]


SCENARIOS = [
    ("milestones: []\n", "milestones: must list at least one year, like [2025, 2030]; got []"),
    ("milestones: [2025, 2030, 2025]\n", "milestones[2]: 2025 is listed twice (first at [0])"),
    ("name: null\n", "name: must be text (the scenario's name); got null"),
    ("name: " + "x" * 500_000 + "\n", "name: at most 200 characters; got 500000"),
    ("growth: {default: 1e300}\n", "growth.default: must be between -30% and 30% per year; got '1e300'"),
    ("events:\n  - {type: growth_shock, year: 2026, scope: all, size: 0.01}\n"
     "  - {type: growth_shock, year: 2026, scope: all, size: 0.01}\n",
     "events[1]: the same event as events[0]; give it once"),
    ("events: [{type: growth_shock, year: 2026, scope: all, size: 0.01, decay: '0.5'}]\n",
     "events[0].decay: must be a number, not text; got '0.5'"),
]


@pytest.mark.parametrize("text, expected", SCENARIOS, ids=[e.split(":")[0] for _, e in SCENARIOS])
@pytest.mark.parametrize("command", ["validate", "run", "sweep"])
def test_a_bad_scenario_is_refused_by_every_command(tmp_path, text, expected, command):
    """``validate`` refuses what ``run`` and ``sweep`` would crash on (``milestones: []`` crashed the legend)."""
    path = tmp_path / "bad.yaml"
    path.write_text("extends: baseline\n" + text, encoding="utf-8")
    extra = {"validate": (), "run": ("--draws", "10"),
             "sweep": ("--draws", "10", "--vary", "growth.default=0.05:0.06:0.01", "--out", tmp_path / "sw")}[command]
    message = one_line_error(invoke(command, path, *extra))
    assert f"{path}: {expected}" in message, message
    assert not (tmp_path / "sw").exists()


def test_misleading_messages_now_name_the_problem(tmp_path):
    orphan = tmp_path / "orphan.yaml"
    orphan.write_text("extends: nobody\n", encoding="utf-8")
    assert one_line_error(invoke("validate", orphan)).startswith(
        f"{orphan}: extends: 'nobody': no such scenario next to this file ({tmp_path}) nor shipped (")
    assert one_line_error(invoke("validate", tmp_path)) == (
        f"{tmp_path}: is a folder; name a scenario file (.yaml) or a shipped scenario")
    assert one_line_error(invoke("run", "--set", "foo.bar=1")).startswith("--set foo.bar=1: foo: unknown key 'foo'")
    assert one_line_error(invoke("run", "--set", "growth.defualt=0.05")).startswith(
        "--set growth.defualt=0.05: growth.defualt: unknown key 'defualt'")


@pytest.mark.parametrize("args, start", [
    (("backtest", "--origins", "2030"), "--origins: 2030 cannot be scored"),
    (("backtest", "--origins", "abc"), "--origins: must be years separated by commas, e.g. 2018,2019; got 'abc'"),
    (("backtest", "--as-of", "2019"), "--as-of: a backtest cuts the data at each origin itself"),
    (("calibrate", "--year", "1800"), "--year: must be between 2013 and 2024 (the years the fit covers); got 1800"),
    (("calibrate", "--out", "/proc/x"), "/proc/x: cannot write in /proc: "),
])
def test_calibrate_and_backtest_refuse_in_one_line(args, start):
    message = one_line_error(invoke(*args))
    assert message.startswith(start), message


def test_calibrate_with_nothing_to_fit_says_so_after_its_progress_line():
    result = invoke("calibrate", "--as-of", "1950")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.stderr.splitlines()[-1] == "Error: fit: no county or macro figure is held (check --as-of); nothing to fit"


def test_an_internal_error_is_one_line_exit_70(monkeypatch):
    import sim.data.load

    def broken(*args, **kwargs):
        raise RuntimeError("boom\nsecond line")

    monkeypatch.setattr(sim.data.load, "load_dataset", broken)
    message = one_line_error(invoke("data"), code=70)
    assert message == ("internal error (a bug, please report it): RuntimeError: boom second line; "
                       "rerun with 'tiersim --debug ...' for the traceback")


def test_debug_shows_the_traceback(monkeypatch):
    import sim.data.load

    monkeypatch.setattr(sim.data.load, "load_dataset", lambda *a, **k: 1 / 0)
    result = invoke("--debug", "data")
    assert isinstance(result.exception, ZeroDivisionError)


@pytest.mark.parametrize("command, module, name", [("data", "sim.data.load", "load_dataset"),
                                                   ("validate", "sim.scenario", "load")])
def test_an_interrupt_at_start_up_is_one_line_exit_130(monkeypatch, command, module, name):
    import importlib

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(importlib.import_module(module), name, interrupted)
    assert one_line_error(invoke(command), code=130) == "interrupted; no output was written"


def test_an_interrupt_in_the_final_write_is_one_line_exit_130(tmp_path, monkeypatch):
    from sim.results import write

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(write, "_write_folder", interrupted)
    out = tmp_path / "res"
    assert one_line_error(invoke("run", "--draws", "10", "-q", "--out", out), code=130) == \
        "interrupted; no output was written"
    assert not out.exists() and list(tmp_path.iterdir()) == []
