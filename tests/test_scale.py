"""The national comparator set at the scale of the national universe (issue 17): up to MAX_COMPARATORS (1,870)."""

import json

import pandas as pd
from click.testing import CliRunner

from sim.cli import cli
from sim.data.limits import MAX_COMPARATORS


def run(*args):
    return CliRunner().invoke(cli, ["run", "-q", *args])


def test_past_the_national_universe_is_one_line_naming_the_limit(tmp_path):
    result = run("--set", f"thresholds.comparators={MAX_COMPARATORS + 1}")
    assert result.exit_code != 0
    assert result.output.strip().splitlines() == [
        f"Error: --set thresholds.comparators={MAX_COMPARATORS + 1}: thresholds.comparators: at most {MAX_COMPARATORS} "
        f"(MAX_COMPARATORS: the national universe of about 1,870 county-level units); got {MAX_COMPARATORS + 1}"]
    path = tmp_path / "wide.yaml"
    path.write_text("extends: baseline\nname: wide\nthresholds:\n  comparators: 5000\n", encoding="utf-8")
    result = run(str(path))
    assert result.exit_code != 0 and f"{path}: thresholds.comparators: at most {MAX_COMPARATORS}" in result.output
    assert "Traceback" not in result.output


def test_the_whole_universe_runs_and_ranks_reach_past_the_old_set(tmp_path):
    out = tmp_path / "wide"
    result = run("--set", f"thresholds.comparators={MAX_COMPARATORS}", "--out", str(out))
    assert result.exit_code == 0, result.output
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["national_set"]["comparators"] == MAX_COMPARATORS
    ranks = pd.read_csv(out / "ranks.csv")
    assert ranks["rank_p90"].max() > 326  # the smallest counties now have national counties below them too
    assert ranks["rank_p90"].max() <= MAX_COMPARATORS + manifest["national_set"]["rank_cap"] - MAX_COMPARATORS
