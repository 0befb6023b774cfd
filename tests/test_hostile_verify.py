"""Hostile manifests and moved folders: ``verify`` checks a manifest as strictly as a scenario before any work, finds
data files by content, and names the kinds of folder it re-runs."""

from __future__ import annotations

import json
import os
import shutil

import pytest

from tests.hostile_support import invoke, one_line_error


@pytest.fixture(scope="module")
def run_folder(tmp_path_factory):
    """A small run with a --data file, written from its own working folder."""
    base = tmp_path_factory.mktemp("verify")
    (base / "work").mkdir()
    (base / "work" / "yb.csv").write_text("county,year,gdp_yi\n当阳,2020,500\n", encoding="utf-8")
    here = os.getcwd()
    os.chdir(base / "work")
    try:
        # the assumed model: a fitted run on a new file would fit it first (a minute); verify is the point here
        result = invoke("run", "--data", "yb.csv", "--draws", "50", "-q", "--set", "model=assumed",
                        "--set", "growth.default=0.06", "--out", "../res")
    finally:
        os.chdir(here)
    assert result.exit_code == 0, result.output
    return base


def copy_with(run_folder, tmp_path, **changes):
    """A copy of the run folder whose manifest has ``changes`` (a value of ``...`` removes the key)."""
    folder = tmp_path / "res"
    shutil.copytree(run_folder / "res", folder)
    data = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    for key, value in changes.items():
        if value is ...:
            data.pop(key)
        else:
            data[key] = value
    (folder / "manifest.json").write_text(json.dumps(data), encoding="utf-8")
    return folder


BAD = [
    ({"seed": "abc"}, "seed: must be a whole number from 0 to 9,223,372,036,854,775,807; got 'abc'"),
    ({"seed": -1}, "seed: must be from 0 to 9,223,372,036,854,775,807; got -1"),
    ({"seed": True}, "seed: must be a whole number"),
    ({"draws": 100.5}, "draws: must be a whole number from 1 to 100,000,000; got 100.5"),
    ({"draws": 10**12}, "draws: must be from 1 to 100,000,000 (MAX_DRAWS); got 1000000000000"),
    ({"draws": 100_000_001}, "draws: must be from 1 to 100,000,000 (MAX_DRAWS); got 100000001"),
    ({"as_of": "abc"}, "as_of: must be a whole number from 1,949 to 2,100; got 'abc'"),
    ({"scenario": ...}, "scenario: must be the run's scenario (a JSON object); got nothing (the key is missing)"),
    ({"scenario": [1]}, "scenario: must be the run's scenario (a JSON object); got [1]"),
    ({"data_sha256": "x"}, "data_sha256: must be a sha256 (64 hexadecimal digits); got 'x'"),
    ({"deterministic": "yes"}, "deterministic: must be true or false; got 'yes'"),
    ({"keep_paths": 10**9}, "keep_paths: must be from 0 to 10,000; got 1000000000"),
    ({"data_files": "yb.csv"}, "data_files: must be a list of the run's --data files; got 'yb.csv'"),
    ({"data_files": [{"name": "a.csv", "sha256": "zz"}]}, "data_files[0].sha256: must be a sha256"),
    ({"data_files": [{"name": "a\nb"}]}, "data_files[0].name: must be the file's name as given; got 'a\\nb'"),
    ({"tiersim": "magic"}, "tiersim: must be one of run, report, sweep, compare, calibrate, backtest; got 'magic'"),
]


@pytest.mark.parametrize("changes, expected", BAD, ids=[next(iter(c)) + str(i) for i, (c, _) in enumerate(BAD)])
def test_a_bad_manifest_is_one_line_before_any_work(run_folder, tmp_path, changes, expected):
    folder = copy_with(run_folder, tmp_path, **changes)
    assert one_line_error(invoke("verify", folder)).startswith(f"{folder / 'manifest.json'}: {expected}")


@pytest.mark.parametrize("text, expected", [
    ("[1, 2]", "must be a JSON object (as tiersim writes it); got a list"),
    ('"abc"', "must be a JSON object (as tiersim writes it); got a string"),
    ("[" * 100_000 + "]" * 100_000, "not a readable manifest (JSON nested too deeply)"),
    ("{", "not a readable manifest (JSONDecodeError)"),
    ("\udcff", "not a readable manifest (UnicodeEncodeError)"),
])
def test_a_manifest_that_is_not_one(tmp_path, text, expected):
    path = tmp_path / "manifest.json"
    try:
        path.write_text(text, encoding="utf-8")
    except UnicodeEncodeError:
        path.write_bytes(b"\xff\xfe")
        expected = "not a readable manifest (UnicodeDecodeError)"
    assert one_line_error(invoke("verify", tmp_path)) == f"{path}: {expected}"


def test_verify_after_moving_the_data_and_from_another_folder(run_folder, tmp_path, monkeypatch):
    """The README's promise: the data file moved and renamed, named with --data from another working folder."""
    folder = tmp_path / "res"
    shutil.copytree(run_folder / "res", folder)
    moved = tmp_path / "elsewhere" / "renamed.csv"
    moved.parent.mkdir()
    shutil.copy(run_folder / "work" / "yb.csv", moved)
    monkeypatch.chdir(moved.parent)
    result = invoke("verify", folder, "--data", "renamed.csv", "--lang", "en")
    assert result.exit_code == 0, result.output
    assert result.output.endswith(f"{folder}: verified: every file is reproduced byte for byte\n")
    assert "ok    manifest.json: identical (apart from where the data files are)" in result.output


def test_verify_finds_the_data_beside_the_folder_from_anywhere(run_folder, tmp_path, monkeypatch):
    manifest = json.loads((run_folder / "res" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["data_files"][0]["path"] == "../work/yb.csv"
    assert len(manifest["data_files"][0]["sha256"]) == 64
    monkeypatch.chdir(tmp_path)
    result = invoke("verify", run_folder / "res", "--lang", "en")
    assert result.exit_code == 0, result.output


def test_verify_names_a_missing_data_file_and_a_wrong_one(run_folder, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "moved" / "res"
    shutil.copytree(run_folder / "res", folder)
    name = "yb.csv"
    message = one_line_error(invoke("verify", folder))
    assert message.startswith(f"{name}: the run's data file is not at {folder / '..' / 'work' / 'yb.csv'} or ")
    assert message.endswith("name it with --data FILE (any path: it is matched by content)")
    other = tmp_path / "other.csv"
    other.write_text("county,year,gdp_yi\n当阳,2020,501\n", encoding="utf-8")
    message = one_line_error(invoke("verify", folder, "--data", other))
    assert message.startswith(f"--data {other}: its content (sha256 ") and f"none of the run's data files: {name} (" in message


def test_changed_data_fails_the_data_check(run_folder, tmp_path):
    shutil.copytree(run_folder, tmp_path / "copy")
    (tmp_path / "copy" / "work" / "yb.csv").write_text("county,year,gdp_yi\n当阳,2020,501\n", encoding="utf-8")
    result = invoke("verify", tmp_path / "copy" / "res", "--lang", "en")
    assert result.exit_code == 1 and "FAIL  data: " in result.output and "its content changed since the run" in result.output


@pytest.mark.parametrize("command, kind", [
    (("sweep", "--vary", "growth.default=0.05:0.06:0.01", "--draws", "10", "-q"), "sweep"),
    (("compare", "baseline", "high", "--draws", "10"), "compare"),
])
def test_other_kinds_of_folder_are_named(tmp_path, command, kind):
    out = tmp_path / kind
    result = invoke(*command, "--out", out)
    assert result.exit_code == 0, result.output
    assert one_line_error(invoke("verify", out)) == (
        f"{out}: written by `tiersim {kind}`; `tiersim verify` re-runs folders of `tiersim run --out` and "
        f"`tiersim report --out`; to check this one, run `tiersim {kind}` again with the settings in its manifest.json")


def test_an_old_manifest_with_plain_file_names_still_verifies(run_folder, tmp_path):
    folder = copy_with(run_folder, tmp_path, data_files=["yb.csv"])
    result = invoke("verify", folder, "--lang", "en", "--data", run_folder / "work" / "yb.csv")
    assert "ok    data:" in result.output, result.output


def test_a_report_folder_is_checked_by_its_manifest(run_folder, tmp_path):
    """A report folder holds a run's manifest beside the documents: the run is re-done and the manifest compared;
    the documents are named as not compared. (A run folder with a report.html stands in for one here.)"""
    folder = tmp_path / "res"
    shutil.copytree(run_folder / "res", folder)
    for name in ("crossings.csv", "trajectories.csv"):
        (folder / name).unlink()
    (folder / "report.html").write_text("<html></html>", encoding="utf-8")
    result = invoke("verify", folder, "--lang", "en", "--data", run_folder / "work" / "yb.csv")
    assert result.exit_code == 0, result.output
    assert "ok    manifest.json: identical (apart from where the data files are)" in result.output
    assert "ok    report.html, report.pdf, report.docx: not compared (documents are drawn" in result.output
