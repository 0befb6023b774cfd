"""Resource limits (README "Limits"): each checked before work starts, at the limit allowed, just past it refused
with a message naming the limit."""

from __future__ import annotations

import pytest

from sim.data import limits
from sim.errors import SimError
from tests.hostile_support import invoke, one_line_error


def test_draws_at_and_past_the_limit():
    limits.check_run_size(limits.MAX_DRAWS, 1, 1)
    with pytest.raises(SimError, match=r"^run: 100000001 draws; the limit is 100,000,000 \(MAX_DRAWS\)$"):
        limits.check_run_size(limits.MAX_DRAWS + 1, 1, 1)


def test_cells_at_and_past_the_limit():
    limits.check_run_size(limits.MAX_CELLS // 2500, 250, 10)
    with pytest.raises(SimError, match=r"the limit is 5e\+10 \(MAX_CELLS\); use fewer draws or points"):
        limits.check_run_size(limits.MAX_CELLS // 2500 + 1, 250, 10)


def test_a_run_past_the_cell_limit_is_refused_before_any_work(monkeypatch):
    import sim.run.projection

    monkeypatch.setattr(sim.run.projection, "project", lambda *a, **k: pytest.fail("the run started"))
    monkeypatch.setattr(limits, "MAX_CELLS", 26 * 16 * 1000)
    message = one_line_error(invoke("run", "--draws", "1001"))
    assert message == ("--draws: 1,001 draws x 26 counties x 16 years = 4.16e+05 values; the limit is 4e+05 (MAX_CELLS); "
                       "use fewer draws or points, or a nearer horizon")
    message = one_line_error(invoke("compare", "baseline", "high", "--draws", "1000"))
    assert message.startswith("--draws: 2 runs x 1,000 draws x 26 counties x 16 years")


def test_sweep_points_at_and_past_the_question(tmp_path, monkeypatch):
    """More than CONFIRM_POINTS points needs --yes (without a terminal there is no one to ask)."""
    monkeypatch.setattr(limits, "CONFIRM_POINTS", 2)
    at = invoke("sweep", "--vary", "growth.default=0.05:0.06:0.01", "--deterministic", "-q", "--out", tmp_path / "at")
    assert at.exit_code == 0, at.output
    past = ("sweep", "--vary", "growth.default=0.05:0.07:0.01", "--deterministic", "-q", "--out", tmp_path / "past")
    assert one_line_error(invoke(*past)) == ("--vary: 3 points (more than 2; a mistyped step?): check the steps, or pass "
                                             "--yes to run them all")
    assert not (tmp_path / "past").exists()
    assert invoke(*past, "--yes").exit_code == 0


def test_the_issue_s_mistyped_step_stops_at_once(tmp_path):
    message = one_line_error(invoke("sweep", "--vary", "growth.default=0:0.3:0.00001", "--out", tmp_path / "s"))
    assert message == ("--vary: 30,001 points (more than 1,000; a mistyped step?): check the steps, or pass --yes to "
                       "run them all")


def test_sweep_points_past_the_cells_limit_even_with_yes(tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "MAX_CELLS", 26 * 16 * 10 * 2)
    message = one_line_error(invoke("sweep", "--vary", "growth.default=0.05:0.07:0.01", "--draws", "10", "--yes",
                                    "--out", tmp_path / "s"))
    assert message.startswith("--draws: 3 runs x 10 draws x 26 counties x 16 years")


def test_a_manifest_past_max_draws_is_refused(tmp_path):
    import json

    folder = tmp_path / "res"
    folder.mkdir()
    (folder / "manifest.json").write_text(json.dumps({"tiersim": "run", "draws": 10**12, "seed": 1, "scenario": {},
                                                      "scenario_sha256": "0" * 64, "data_sha256": "0" * 64}))
    assert one_line_error(invoke("verify", folder)) == (
        f"{folder / 'manifest.json'}: draws: must be from 1 to 100,000,000 (MAX_DRAWS); got 1000000000000")


def test_scenario_text_at_and_past_the_limit(tmp_path):
    path = tmp_path / "s.yaml"
    path.write_text("extends: baseline\nname: " + "n" * limits.MAX_SCENARIO_NAME + "\n", encoding="utf-8")
    assert invoke("validate", path).exit_code == 0
    path.write_text("extends: baseline\nname: " + "n" * (limits.MAX_SCENARIO_NAME + 1) + "\n", encoding="utf-8")
    assert one_line_error(invoke("validate", path)) == f"{path}: name: at most 200 characters; got 201"
    path.write_text("extends: baseline\ndescription: " + "d" * (limits.MAX_DESCRIPTION + 1) + "\n", encoding="utf-8")
    assert one_line_error(invoke("validate", path)) == f"{path}: description: at most 2000 characters; got 2001"


def test_backtest_draws_times_origins(monkeypatch):
    monkeypatch.setattr(limits, "MAX_CELLS", 1000)
    message = one_line_error(invoke("backtest", "--origins", "2018,2019", "--draws", "100"))
    assert message.startswith("--draws: 2 runs x 100 draws x "), message
