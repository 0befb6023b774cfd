"""``tiersim verify``: a result folder is recomputed from its manifest, byte for byte."""

import json

from click.testing import CliRunner

from sim.cli import cli


def invoke(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def test_verify_reproduces_a_run_with_user_data_sets_and_as_of(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "yb.csv").write_text("county,year,gdp_yi\n当阳,2020,500\nChibi,2021,\"1,000\"\n", encoding="utf-8")
    out = tmp_path / "res"
    run = invoke("run", "--data", "yb.csv", "--as-of", "2021", "--draws", "1200", "--seed", "9", "--keep-paths", "3",
                 "--set", "growth.tiers.sprint=7%", "--set", "events=[{type: growth_shock, year: 2026, scope: [天门], size: 0.01}]",
                 "--set", "model=assumed", "--set", "growth.default=0.06", "--out", out)  # a new file would be fitted
    assert run.exit_code == 0, run.output
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["data_files"] == [{"name": "yb.csv", "path": "../yb.csv", "sha256": manifest["data_files"][0]["sha256"]}]
    assert any(s.get("user_file") == "yb.csv" for s in manifest["data_sources"])
    result = invoke("verify", out, "--lang", "en")
    assert result.exit_code == 0, result.output
    assert "verified: every file is reproduced byte for byte" in result.output
    assert "ok    paths.csv: identical" in result.output


def test_verify_fails_on_a_changed_file(tmp_path):
    out = tmp_path / "res"
    assert invoke("run", "--draws", "1000", "--out", out).exit_code == 0
    with open(out / "crossings.csv", "a", encoding="utf-8") as f:
        f.write("tampered\n")
    result = invoke("verify", out, "--lang", "en")
    assert result.exit_code == 1
    assert "FAIL  crossings.csv: differs" in result.output
    assert result.output.strip().splitlines()[-1] == f"Error: {out}: 1 check(s) failed: crossings.csv"


def test_verify_fails_when_the_data_changed(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "yb.csv").write_text("county,year,gdp_yi\n当阳,2020,500\n", encoding="utf-8")
    # the assumed model: no fit needed (a fitted run on a user file runs in tests/test_readme_commands.py)
    assert invoke("run", "--data", "yb.csv", "--draws", "1000", "--set", "model=assumed", "--set", "growth.default=0.06", "--out", "res").exit_code == 0
    (tmp_path / "yb.csv").write_text("county,year,gdp_yi\n当阳,2020,501\n", encoding="utf-8")
    result = invoke("verify", "res", "--lang", "en")
    assert result.exit_code == 1 and "FAIL  data" in result.output


def test_verify_needs_a_manifest(tmp_path):
    result = invoke("verify", tmp_path)
    assert result.exit_code == 1
    assert "manifest.json: not found" in result.output
