"""Bad input at the command line: one ``Error:`` line, exit code 1, no traceback, and no output folder left behind."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from sim.cli import cli

SHIPPED = "baseline, high, low, plan_targets"
HEADER = "county,year,gdp_yi\n"


def invoke(*args: str):
    return CliRunner().invoke(cli, list(args))


def assert_one_line_error(result, expected: str, *, exact: bool = True) -> str:
    """Exit 1 through SystemExit (not an uncaught exception) and exactly one line ``Error: <expected>``."""
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit), repr(result.exception)
    lines = result.output.splitlines()
    assert len(lines) == 1, result.output
    assert lines[0].startswith("Error: ")
    assert "Traceback" not in result.output
    message = lines[0][len("Error: "):]
    if exact:
        assert message == expected
    else:
        assert message.startswith(expected), message
    return message


def assert_nothing_written(out: Path) -> None:
    assert not out.exists()
    assert list(out.parent.glob(f".{out.name}.*")) == []  # no temporary folder left either


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


# ---------------------------------------------------------------- one-line errors


def test_unknown_county(tmp_path):
    out = tmp_path / "out"
    result = invoke("run", "--county", "Nowhere", "--out", str(out))
    assert_one_line_error(result, "--county: unknown county: 'Nowhere' (use a 6-digit code, a Chinese name or pinyin; `tiersim data` lists them)")
    assert_nothing_written(out)


def test_unknown_county_with_a_close_name(tmp_path):
    out = tmp_path / "out"
    result = invoke("run", "--county", "天门", "--county", "Zhongxing", "--out", str(out))
    message = assert_one_line_error(result, "--county: unknown county: 'Zhongxing' (did you mean ", exact=False)
    assert "Zhongxiang" in message
    assert_nothing_written(out)


def test_malformed_yaml(tmp_path):
    path = write(tmp_path, "broken.yaml", "growth: {default: 0.07\n")
    out = tmp_path / "out"
    result = invoke("run", str(path), "--out", str(out))
    assert_one_line_error(result, f"{path}: line 2: malformed YAML: ", exact=False)
    assert_nothing_written(out)


def test_unknown_key(tmp_path):
    path = write(tmp_path, "typo.yaml", "growth:\n  defualt: 0.07\n")
    out = tmp_path / "out"
    result = invoke("run", str(path), "--out", str(out))
    assert_one_line_error(result, f"{path}: growth.defualt: unknown key 'defualt' (allowed: default, tiers, counties, years, shift)")
    assert_nothing_written(out)


def test_growth_default_7(tmp_path):
    path = write(tmp_path, "pct.yaml", "growth: {default: 7}\n")
    out = tmp_path / "out"
    result = invoke("run", str(path), "--out", str(out))
    assert_one_line_error(result, f'{path}: growth.default: 7 looks like a percent; write 0.07 or "7%"')
    assert_nothing_written(out)


def test_unknown_set_key(tmp_path):
    out = tmp_path / "out"
    result = invoke("run", "--set", "growth.nope=1", "--out", str(out))
    assert_one_line_error(result, "--set growth.nope=1: growth.nope: unknown key 'nope' (allowed: default, tiers, counties, years, shift)")
    assert_nothing_written(out)


def test_malformed_set(tmp_path):
    out = tmp_path / "out"
    result = invoke("run", "--set", "horizon", "--out", str(out))
    assert_one_line_error(result, "--set horizon: must be key.path=value, e.g. growth.default=0.06")
    assert_nothing_written(out)


@pytest.mark.parametrize(
    ("row", "rule"),
    [
        ("潜江,2020,-765.2", "row 2, column gdp_yi: must be a positive GDP in 亿元; got '-765.2'"),
        ("潜江,2020,lots", "row 2, column gdp_yi: must be a number (GDP in 亿元); got 'lots'"),
        ("潜江,2020,800\nQianjiang,2020,801", "row 3: duplicate county-year 429005 2020 (first at row 2)"),
        ("Nowhere,2020,800", "row 2, column county: unknown county: 'Nowhere'"),
    ],
)
def test_bad_data_file(tmp_path, row, rule):
    path = write(tmp_path, "mine.csv", HEADER + row + "\n")
    out = tmp_path / "out"
    result = invoke("run", "--data", str(path), "--out", str(out))
    assert_one_line_error(result, f"{path}: {rule}", exact=False)
    assert_nothing_written(out)


def test_base_year_after_as_of(tmp_path):
    out = tmp_path / "out"
    result = invoke("run", "--as-of", "2019", "--out", str(out))
    message = assert_one_line_error(result, "--as-of 2019: base_year 2020 is after the as-of year", exact=False)
    assert "--set base_year=2019" in message
    assert_nothing_written(out)


def test_as_of_out_of_range(tmp_path):
    out = tmp_path / "out"
    result = invoke("run", "--as-of", "1800", "--out", str(out))
    assert_one_line_error(result, "--as-of: must be a year between 1949 and 2100; got 1800")
    assert_nothing_written(out)


def test_missing_scenario_file(tmp_path):
    path = tmp_path / "nope.yaml"
    out = tmp_path / "out"
    result = invoke("run", str(path), "--out", str(out))
    assert_one_line_error(result, f"{path}: file not found (and not a shipped scenario: {SHIPPED})")
    assert_nothing_written(out)


def test_missing_data_file(tmp_path):
    path = tmp_path / "absent.csv"
    out = tmp_path / "out"
    result = invoke("run", "--data", str(path), "--out", str(out))
    assert_one_line_error(result, f"{path}: file not found")
    assert_nothing_written(out)


def test_out_under_a_file_is_refused(tmp_path):
    (tmp_path / "afile").write_text("x")
    out = tmp_path / "afile" / "sub" / "out"
    result = invoke("run", "--draws", "10", "--out", str(out))
    assert_one_line_error(result, f"{out}: cannot make the folder: {tmp_path / 'afile'} is a file")
    assert not (tmp_path / "no").exists()


def test_other_commands_report_one_line(tmp_path):
    bad = write(tmp_path, "pct.yaml", "growth: {default: 7}\n")
    assert_one_line_error(invoke("validate", str(bad)), f'{bad}: growth.default: 7 looks like a percent; write 0.07 or "7%"')
    assert_one_line_error(invoke("thresholds", str(bad)), f'{bad}: growth.default: 7 looks like a percent; write 0.07 or "7%"')
    data = write(tmp_path, "neg.csv", HEADER + "潜江,2020,-1\n")
    assert_one_line_error(invoke("data", "--data", str(data)), f"{data}: row 2, column gdp_yi: must be a positive GDP in 亿元; got '-1'")


def test_usage_errors_are_one_line_and_exit_1():
    """One convention (README "Errors and exit codes"): a bad option value is bad input, like a bad file."""
    assert_one_line_error(invoke("run", "--lang", "fr"),
                          "Invalid value for '--lang': 'fr' is not one of 'zh', 'en' (see 'tiersim run --help')")


# ---------------------------------------------------------------- good runs and --out


def test_validate_ok():
    result = invoke("validate", "high", "--set", "horizon=2030", "--set", "milestones=[2025, 2030]", "--lang", "en")
    assert result.exit_code == 0, result.output
    assert re.fullmatch(r"high: ok: scenario high, base year 2020, horizon 2030, 0 event\(s\), sha256 [0-9a-f]{12}\n", result.output)


def test_out_twice_needs_force(tmp_path):
    out = tmp_path / "out"
    first = invoke("run", "--out", str(out))
    assert first.exit_code == 0, first.output
    written = sorted(p.name for p in out.iterdir())
    assert written == ["crossings.csv", "lists.csv", "manifest.json", "membership.csv", "ranks.csv", "targets.csv", "thresholds.csv", "tiers.csv",
                       "trajectories.csv"]
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    marker = out / "mine.txt"
    marker.write_text("keep me until --force")

    again = invoke("run", "--set", "growth.default=0.05", "--out", str(out))
    assert_one_line_error(again, f"{out}: output folder exists; pass --force to replace it")
    assert marker.exists()  # untouched
    assert all((out / name).read_bytes() == content for name, content in before.items())

    forced = invoke("run", "--set", "growth.default=0.05", "--out", str(out), "--force", "--lang", "en")
    assert forced.exit_code == 0, forced.output
    assert f"wrote {out}: " in forced.output
    assert sorted(p.name for p in out.iterdir()) == written  # replaced in full
    assert (out / "trajectories.csv").read_bytes() != before["trajectories.csv"]
    assert list(tmp_path.glob(".out.*")) == []


def test_force_does_not_replace_a_file(tmp_path):
    out = tmp_path / "out"
    out.write_text("a file, not a folder")
    result = invoke("run", "--out", str(out), "--force")
    assert_one_line_error(result, f"{out}: exists and is not a folder")
    assert out.read_text() == "a file, not a folder"


# ---------------------------------------------------------------- the real console script


def tiersim() -> str:
    script = Path(sys.executable).with_name("tiersim")
    assert script.exists(), f"console script not installed next to {sys.executable}"
    return str(script)


def test_console_script_one_line_error(tmp_path):
    proc = subprocess.run([tiersim(), "run", "--county", "Nowhere"], capture_output=True, text=True, cwd=tmp_path, timeout=60)
    assert proc.returncode == 1
    assert proc.stdout == ""
    assert proc.stderr.endswith("\n")
    lines = proc.stderr.splitlines()
    assert len(lines) == 1, proc.stderr
    assert lines[0] == "Error: --county: unknown county: 'Nowhere' (use a 6-digit code, a Chinese name or pinyin; `tiersim data` lists them)"
    assert "Traceback" not in proc.stderr


def test_console_script_debug_shows_traceback(tmp_path):
    proc = subprocess.run([tiersim(), "--debug", "run", "--county", "Nowhere"], capture_output=True, text=True, cwd=tmp_path, timeout=60)
    assert proc.returncode != 0
    assert "Traceback (most recent call last)" in proc.stderr
    assert "sim.errors.DataError: --county: unknown county: 'Nowhere'" in proc.stderr
