"""The command line as a user meets it (click's CliRunner), plus the golden baseline run.

Regenerate the golden files after an intended change of data, scenario or model with::

    tiersim run baseline --out tests/golden/baseline --force
"""

import json
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

import sim
from sim.cli import cli
from sim.data import seeds

GOLDEN = Path(__file__).parent / "golden" / "baseline"
COLUMNS = {
    "trajectories.csv": ["county_id", "year", "gdp_p10", "gdp_p50", "gdp_p90", "gdp_mean"],
    "thresholds.csv": ["threshold", "year", "p10", "p50", "p90"],
    "membership.csv": ["county_id", "threshold", "year", "probability"],
    "crossings.csv": ["county_id", "name_zh", "name_pinyin", "tier", "threshold", "base_above", "p_by_horizon",
                      "year_p10", "year_p50", "year_p90", "p_sustained", "sustained_year_p50", "p_not_crossed"],
    "ranks.csv": ["county_id", "year", "rank_p10", "rank_p50", "rank_p90"],
    "tiers.csv": ["tier", "threshold", "year", "members_mean", "members_p10", "members_p90"],
    "targets.csv": ["target", "year", "value_p50", "probability_met", "note", "covers"],
    "lists.csv": ["county_id", "year", "p_list_top100", "p_gdp_top100"],
}


def fitted_counts() -> dict[str, int]:
    """Seed counts of the fitted model on the shipped data (from the shipped posterior)."""
    from sim.fit import cache
    from sim.run import fitted

    shipped = sim.load_shipped()
    return seeds.counts(fitted.seed_table(cache.posterior(shipped), shipped, 2020))


def invoke(*args):
    result = CliRunner().invoke(cli, list(args))
    return result


def test_run_prints_the_tier_table_in_chinese():
    result = invoke("run")
    assert result.exit_code == 0, result.output
    assert "百强进位" in result.output and "天门市" in result.output and "插补" in result.output
    counts = fitted_counts()  # every county, as `tiersim data` counts them
    assert f"{counts['imputed']} 个为插补*" in result.output and f"{counts['estimated']} 个为估算" in result.output
    assert "GDP门槛" in result.output  # the caveat about composite-score lists


def test_run_in_english_with_county_names_in_any_form():
    result = invoke("run", "--lang", "en", "--county", "天门", "--county", "zhongxiang", "--county", "429005", "--wide")
    assert result.exit_code == 0, result.output
    lines = [line for line in result.output.splitlines() if line.startswith(("advance", "sprint", "reserve"))]
    assert [line.split()[1] for line in lines] == ["Tianmen", "Zhongxiang", "Qianjiang"]
    assert "already above" in result.output  # 潜江
    assert "GDP thresholds" in result.output
    counts = fitted_counts()
    assert f"{counts['estimated']} estimated*" in result.output


def test_run_out_writes_exactly_the_documented_files(tmp_path):
    out = tmp_path / "res"
    result = invoke("run", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == sorted([*COLUMNS, "manifest.json"])
    for name, columns in COLUMNS.items():
        assert list(pd.read_csv(out / name).columns) == columns
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    for key in ("scenario", "scenario_sha256", "data_sha256", "seed", "draws", "version", "as_of", "base_year", "horizon", "seed_status"):
        assert key in manifest
    assert manifest["seed_status"] == fitted_counts() and manifest["seed_status"]["imputed"] == 4
    assert not list(tmp_path.glob(".res.tmp-*"))


def test_two_runs_are_byte_identical(tmp_path):
    for name in ("a", "b"):
        assert invoke("run", "high", "--out", str(tmp_path / name)).exit_code == 0
    for file in (tmp_path / "a").iterdir():
        assert file.read_bytes() == (tmp_path / "b" / file.name).read_bytes(), file.name


def test_golden_baseline(tmp_path):
    out = tmp_path / "now"
    assert invoke("run", "baseline", "--out", str(out)).exit_code == 0
    for name in COLUMNS:
        assert (out / name).read_bytes() == (GOLDEN / name).read_bytes(), f"{name} differs from tests/golden (see module doc to regenerate)"
    now, then = (json.loads((d / "manifest.json").read_text(encoding="utf-8")) for d in (out, GOLDEN))
    now.pop("version"), then.pop("version")
    assert now == then


def test_set_changes_the_result(tmp_path):
    base = invoke("run", "--lang", "en", "--county", "钟祥")
    faster = invoke("run", "--lang", "en", "--county", "钟祥", "--set", "growth.counties.钟祥=12%")
    assert base.exit_code == faster.exit_code == 0
    assert base.output != faster.output


def test_data_lists_every_county_with_its_seed_status():
    result = invoke("data", "--lang", "en")  # the fitted model's seeds, as `tiersim run` uses them
    assert result.exit_code == 0, result.output
    yingcheng = next(line for line in result.output.splitlines() if "Yingcheng" in line)
    assert "imputed*" in yingcheng and "80% interval" in yingcheng
    assert "data sha256" in result.output
    assumed = invoke("data", "--model", "assumed", "--lang", "en")  # carried with Hubei's growth
    assert "from 2021 figure 751.1 (official, high)" in assumed.output
    assert "no data" in next(line for line in assumed.output.splitlines() if "Yingcheng" in line)


def test_data_with_a_user_file_turns_an_estimate_into_an_observation(tmp_path):
    yearbook = tmp_path / "yearbook.csv"
    yearbook.write_text("county,year,gdp_yi,source\n当阳,2020,512.3,湖北统计年鉴2021\n", encoding="utf-8")
    result = invoke("data", "--data", str(yearbook), "--model", "assumed", "--lang", "en")
    assert result.exit_code == 0, result.output
    line = next(line for line in result.output.splitlines() if "Dangyang" in line)
    assert "512.3" in line and "official" in line and "湖北统计年鉴2021" in line


def test_validate_reports_ok():
    result = invoke("validate", "plan_targets", "--lang", "en")
    assert result.exit_code == 0 and "ok: scenario plan_targets" in result.output
    result = invoke("validate", "-s", "plan_targets")
    assert result.exit_code == 0 and "通过：情景 plan_targets" in result.output


def test_thresholds_shows_the_fit():
    result = invoke("thresholds", "--lang", "en")
    assert result.exit_code == 0
    assert "alpha = 2.4" in result.output and "fact" in result.output


@pytest.mark.parametrize("command", ["run", "data", "validate", "thresholds"])
def test_every_command_has_help_with_an_example(command):
    result = invoke(command, "--help")
    assert result.exit_code == 0 and "Example" in result.output
