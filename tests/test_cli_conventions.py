"""Issue 15: one way to say each thing, Excel out, milestone words, narrow tables, scenario writing, export."""

from __future__ import annotations

import io
import re

import click
import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

import sim
from sim.cli import cli
from sim.data import seeds
from sim.present import progress
from sim.present import terminal as text
from sim.results import tables


def invoke(*args: str, **kwargs):
    return CliRunner().invoke(cli, list(args), **kwargs)


@pytest.fixture(scope="module")
def projection():
    return sim.project(sim.load_scenario("baseline"), draws=1000, seed=3).projection


# ---------------------------------------------------------------- options, help


def test_every_command_takes_lang_and_its_help_ends_with_examples():
    names = cli.list_commands(click.Context(cli))
    assert {"run", "data", "validate", "thresholds", "new", "verify", "sweep", "goal", "compare", "report", "plot",
            "calibrate", "backtest"} <= set(names)
    for name in names:
        result = invoke(name, "--help")
        assert result.exit_code == 0, (name, result.output)
        assert "--lang [zh|en]" in result.output, name
        last = result.output.rstrip().split("\n\n")[-1]
        assert last.lstrip().startswith("Example") and f"tiersim {name}" in last, (name, last)


def test_the_scenario_is_dash_s_everywhere_and_once(tmp_path):
    by_option = invoke("goal", "天门", "--by", "2027", "-s", "high", "--deterministic", "--lang", "en")
    by_long = invoke("goal", "天门", "--by", "2027", "--scenario", "high", "--deterministic", "--lang", "en")
    assert by_option.exit_code == 0, by_option.output
    assert "scenario high (" in by_option.output and by_option.output == by_long.output
    twice = invoke("validate", "high", "-s", "low")
    assert twice.exit_code == 1 and "the scenario is named twice (high and low)" in twice.output
    assert invoke("validate", "-s", "high", "--lang", "en").output.startswith("high: ok: scenario high")


def test_base_is_a_hidden_deprecated_alias(tmp_path):
    result = invoke("backtest", "--origins", "2020", "--horizon", "1", "--draws", "200", "--base", "high", "--lang", "en")
    assert result.exit_code == 0, result.output
    assert "note: --base is deprecated" in result.output
    assert not re.search(r"--base\b(?!-)", invoke("backtest", "--help").output)


# ---------------------------------------------------------------- files


def test_xlsx_workbook_has_every_table_with_chinese_headers_and_is_reproducible(tmp_path):
    out = tmp_path / "new" / "folder" / "run.xlsx"  # parent folders are made
    result = invoke("run", "--deterministic", "--out", str(out))
    assert result.exit_code == 0, result.output
    book = load_workbook(out)
    assert book.sheetnames == ["GDP轨迹", "门槛", "在线上概率", "跨越", "全国排名", "梯队", "规划目标", "榜单与门槛", "元数据"]
    sheet = book["跨越"]
    header = [c.value for c in sheet[1]]
    assert header[:3] == ["代码", "县市", "中文名"] and "首次达到中位年份" in header
    assert sheet.freeze_panes == "A2"
    names = {row[1] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert "天门市" in names
    share = sheet.cell(row=2, column=header.index("预测期内曾达到概率") + 1)
    assert share.number_format == "0.0%" and 0 <= share.value <= 1
    gdp = book["GDP轨迹"]
    assert gdp.cell(row=2, column=4).number_format == "#,##0.0"
    # the same rows as the CSV files, and byte-identical when written again
    folder = tmp_path / "csv"
    assert invoke("run", "--deterministic", "--out", str(folder)).exit_code == 0
    assert book["跨越"].max_row == len((folder / "crossings.csv").read_text(encoding="utf-8").splitlines())
    again = tmp_path / "again.xlsx"
    assert invoke("run", "--deterministic", "--out", str(again)).exit_code == 0
    assert again.read_bytes() == out.read_bytes()


def test_format_xlsx_with_a_folder_and_english_headers(tmp_path):
    out = tmp_path / "a" / "b"
    result = invoke("run", "-s", "high", "--deterministic", "--out", str(out), "--format", "xlsx", "--lang", "en")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["manifest.json", "results.xlsx"]
    book = load_workbook(out / "results.xlsx")
    assert book.sheetnames[:2] == ["trajectories", "thresholds"] and "manifest" in book.sheetnames
    assert [c.value for c in book["crossings"][1]][:2] == ["county code", "county"]
    assert "Tianmen" in {row[1] for row in book["crossings"].iter_rows(min_row=2, values_only=True)}


def test_data_export_loads_back_to_the_same_seeds(tmp_path):
    out = tmp_path / "sub" / "yearbook.csv"
    assert invoke("data", "--export", str(out)).exit_code == 0
    assert out.read_text(encoding="utf-8").splitlines()[0] == "county,year,gdp_yi,real_growth,status,confidence,source,name_zh"
    shipped = seeds.resolve(sim.load_shipped(), 2020)
    reloaded = seeds.resolve(sim.load_data([str(out)]), 2020)
    assert shipped["gdp_yi"].round(6).equals(reloaded["gdp_yi"].round(6))
    assert list(shipped["status"]) == list(reloaded["status"])


# ---------------------------------------------------------------- scenario writing


def test_new_writes_a_template_that_validates(tmp_path):
    path = tmp_path / "plans" / "mine.yaml"
    result = invoke("new", "mine", "--extends", "high", "--out", str(path), "--lang", "en")
    assert result.exit_code == 0, result.output
    content = path.read_text(encoding="utf-8")
    assert content.count("\n#") > 15 and "extends: high" in content and "permanent: true" in content
    assert sim.load_scenario(str(path)).growth == sim.load_scenario("high").growth
    again = invoke("new", "mine", "--out", str(path))
    assert again.exit_code == 1 and again.output == f"Error: {path}: file exists; pass --force to replace it\n"


def test_amounts_with_units_and_a_permanent_shock_validate_and_show(tmp_path):
    path = tmp_path / "s.yaml"
    path.write_text("extends: baseline\nname: s\nevents:\n"
                    "  - {type: growth_shock, year: 2030, scope: [天门], size: 0.01, permanent: true}\n"
                    "  - {type: project, county: 当阳, start: 2024, gdp: '300亿'}\n"
                    "  - {type: project, county: 钟祥, start: 2025, gdp: '0.0365万亿'}\n", encoding="utf-8")
    scenario = sim.load_scenario(str(path))
    assert [e.gdp for e in scenario.events[1:]] == [300.0, 365.0] and scenario.events[0].decay == 1.0
    result = invoke("validate", str(path), "--show", "--wide", "--lang", "en")
    assert result.exit_code == 0, result.output
    tianmen = next(line for line in result.output.splitlines() if line.startswith("Tianmen"))
    cells = tianmen.split()[1:]
    # the fitted baseline sets no rate: the cells say "fit", moved by the shock from 2030 on
    assert cells[-1] == "fit+1.0+"  # still there at the horizon
    assert cells[8] == "fit"  # 2029: before the shock
    assert re.search(r"Dangyang\s+2024–2035\s+300\.0", result.output)


@pytest.mark.parametrize("value, message", [
    ("300万", "must be an amount in 亿元 like 300, \"300亿\" or \"3.65万亿\"; got '300万'"),
    ("20万亿", "must be an amount above 0 and at most 100000 (亿元); got '20万亿'"),
])
def test_other_amounts_get_a_hint(tmp_path, value, message):
    path = tmp_path / "s.yaml"
    path.write_text(f"extends: baseline\nevents:\n  - {{type: project, county: 当阳, start: 2024, gdp: '{value}'}}\n",
                    encoding="utf-8")
    result = invoke("validate", str(path))
    assert result.exit_code == 1 and result.output == f"Error: {path}: events[0].gdp: {message}\n"


# ---------------------------------------------------------------- words and tables


def test_milestone_columns_count_what_they_say(projection):
    p = projection
    member = tables.membership(p).set_index(["county_id", "threshold", "year"])["probability"]
    for kind in ("in", "by"):
        out = text.run_table(p, "en", ["429004"], milestone=kind, max_width=200)
        assert ("P(in year)" if kind == "in" else "P(by year)") in out.splitlines()[0]
        row = out.splitlines()[-1].split()
        years = [m for m in p.scenario.milestones if m in p.inputs.years]
        expected = [member[("429004", "top50", y)] if kind == "in" else tables.p_by(p, "429004", "top50", y)
                    for y in years]
        assert row[2 + len(years) + 1: 2 + 2 * len(years) + 1] == [f"{v:.0%}" for v in expected]


def test_narrow_table_fits_80_columns_and_wide_shows_more(projection):
    narrow = text.run_table(projection, "zh", max_width=80)
    assert max(text.width(line) for line in narrow.splitlines()) <= 80
    wide = text.run_table(projection, "en", wide=True)
    assert "seed status" in wide and "estimated*" in wide


def test_seed_counts_agree_between_run_and_data():
    run = invoke("run", "--deterministic", "--lang", "en")
    data = invoke("data", "--lang", "en")
    line = next(line for line in data.output.splitlines() if line.startswith("Seeds:"))
    assert line in run.output


def test_compare_uses_the_labels_of_run():
    result = invoke("compare", "baseline", "baseline", "--deterministic", "--lang", "en", "--county", "潜江", "--wide")
    assert result.exit_code == 0, result.output
    assert "above→above" in result.output and "2020→2020" not in result.output


def test_chinese_output_has_no_english_sentences():
    english = re.compile(r"\b(no data|further counties|already above|official|estimated|wrote|done|not modelled)\b")
    for args in (["run", "--deterministic"], ["data"], ["compare", "-s", "high", "--deterministic"], ["thresholds"],
                 ["validate", "high", "--show"]):
        result = invoke(*args)
        assert result.exit_code == 0, result.output
        # the data's own source texts are not translated: drop them
        shown = re.sub(r"：(http|pages|[A-Za-z][^\n]*)[^\n]*", "", result.output)
        assert not english.search(shown), (args, english.search(shown))


def test_progress_bar_only_on_a_terminal():
    class Tty(io.StringIO):
        def isatty(self):
            return True

    quiet, log = Tty(), io.StringIO()
    with progress.Bar(10, stream=log) as bar:
        bar.advance(10)
    assert log.getvalue() == "" and not bar.live
    with progress.Bar(10, stream=quiet, quiet=True) as bar:
        bar.advance(10)
    assert quiet.getvalue() == ""
    assert progress.Bar(10, stream=Tty()).live


def test_quiet_drops_the_timing_line():
    loud, quiet = invoke("run", "--deterministic", "--lang", "en"), invoke("run", "--deterministic", "--lang", "en", "-q")
    assert "done: 1 draws in" in loud.output and "done:" not in quiet.output
