"""``tiersim report`` and ``tiersim plot``: what the files hold, that the page needs nothing from outside,
that its embedded font has every character it shows, and the one-line errors for bad input."""

from __future__ import annotations

import html as html_mod
import io
import json
import re
import shutil
import subprocess
import time

import pytest
from click.testing import CliRunner
from fontTools.ttLib import TTFont

from sim import load_scenario
from sim.run.projection import project
from sim.present import document
from sim.present import report
from sim.results import tables as results
from sim.data import seeds
from sim.present import terminal as text
from sim.cli import _Root
from sim.cli.report import plot, report as report_command
from sim.present.labels import STRINGS, label

SECTIONS = ("sec_summary", "sec_data", "sec_assumptions", "sec_tiers", "sec_counties", "sec_targets", "sec_compare",
            "sec_methods", "sec_manifest")


def tiersim(*args: str):
    root = _Root("tiersim")
    root.add_command(report_command)
    root.add_command(plot)
    return CliRunner().invoke(root, list(args))


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    """The shipped default (1000 draws) reported in Chinese, compared with the high scenario, through the CLI."""
    out = tmp_path_factory.mktemp("report") / "baseline"
    started = time.perf_counter()
    result = tiersim("report", "--compare", "high", "--out", str(out))
    elapsed = time.perf_counter() - started
    assert result.exit_code == 0, result.output
    return out, result.output, elapsed


@pytest.fixture(scope="module")
def projection(shipped):
    return project(load_scenario("baseline", shipped.registry), shipped)


def visible(page: str) -> str:
    body = page[page.index("<body>"):]
    return html_mod.unescape(re.sub(r"<[^>]+>", " ", re.sub(r'src="data:[^"]*"', "", body)))


def test_report_writes_both_files_within_a_minute(written):
    out, output, elapsed = written
    assert sorted(p.name for p in out.iterdir()) == ["report.html", "report.pdf"]
    assert f"wrote {out}/: report.html report.pdf (scenario baseline, compared with high)" in output
    assert elapsed < 60  # two scenarios of 1000 draws, both files


def test_html_is_self_contained(written):
    page = (written[0] / "report.html").read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>\n<html lang=\"zh-CN\">") and '<meta charset="utf-8">' in page
    assert "<script" not in page and "<link rel=\"stylesheet\"" not in page and "@import" not in page
    references = re.findall(r'(?:src|href)="([^"]*)"', page) + re.findall(r"url\(([^)]*)\)", page)
    assert references and all(r.startswith(("data:", "#")) for r in references), [r[:40] for r in references]
    assert page.count('src="data:image/png;base64,') == page.count("<img")


def test_html_has_every_section_and_one_chart_per_county_with_data(written, projection):
    page = (written[0] / "report.html").read_text(encoding="utf-8")
    for key in SECTIONS:
        assert f">{label('zh', key)}</h2>" in page
    projected = int((projection.seeds["status"] != "no data").sum())
    charts = 1 + 2 + 2 + 1 + projected + 1 + 1  # scorecard, timelines, heatmaps, bump, fans, targets, comparison
    assert page.count("<img") == charts
    for county in projection.dataset.registry:
        assert f"<h3>{html_mod.escape(county.name_zh)}" in page


def test_html_marks_every_estimated_seed_and_states_how_many(written, projection):
    page = (written[0] / "report.html").read_text(encoding="utf-8")
    counts = seeds.counts(projection.seeds)
    assert text.seed_summary(counts, "zh") in html_mod.unescape(page)
    seed_table = next(t for t in page.split("<table>") if label("zh", "col_how") in t.split("</thead>")[0])
    assert seed_table.count('<tr class="estimated">') == counts["estimated"] + counts["imputed"] > 0
    assert "估算*" in seed_table and "无数据" in seed_table


def test_html_states_the_caveats_and_carries_the_manifest(written, projection):
    page = html_mod.unescape((written[0] / "report.html").read_text(encoding="utf-8"))
    assert text.caveat("zh") in page
    assert "综合评分" in page and "不确定性覆盖" in page
    manifest = json.loads(page[page.index("<pre>") + 5:page.index("</pre>")])
    assert manifest == results.manifest(projection)


def test_embedded_font_has_every_character_the_page_shows(written):
    page = (written[0] / "report.html").read_text(encoding="utf-8")
    data = re.search(r'url\(data:font/woff;base64,([^)]*)\)', page).group(1)
    import base64

    font = TTFont(io.BytesIO(base64.b64decode(data)))
    cmap = font.getBestCmap()
    shown = {ch for ch in visible(page) if not ch.isspace()}
    missing = sorted(ch for ch in shown if ord(ch) not in cmap)
    assert not missing, missing
    assert any("\u4e00" <= ch <= "\u9fff" for ch in shown)


def test_pdf_embeds_the_chinese_font_and_its_text_is_extractable(written):
    pdf = (written[0] / "report.pdf").read_bytes()
    assert pdf.startswith(b"%PDF") and b"NotoSansCJKsc" in pdf and b"CreationDate" not in pdf
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed; font name checked in the bytes")
    extracted = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode("utf-8")
    for key in ("sec_summary", "sec_data", "sec_methods", "sec_manifest"):
        assert label("zh", key) in extracted
    assert "tiersim 报告：baseline" in extracted


def test_english_report_blocks(projection):
    """Building describes the report; charts are drawn only when the page or the PDF is rendered."""
    built = report.build(projection, "en")
    headings = [b.text for b in built.blocks if b.kind == "heading" and b.level == 2]
    assert headings == [STRINGS["en"][k] for k in SECTIONS if k != "sec_compare"]
    words = " ".join(getattr(b, "text", "") + " ".join(getattr(b, "items", ())) for b in built.blocks)
    assert text.seed_summary(seeds.counts(projection.seeds), "en") in words
    assert "Tianmen*" in words and "composite score" in words
    charts = [b for b in built.blocks if b.kind == "chart"]
    assert charts and all("png" not in vars(c) for c in charts)  # nothing drawn yet


def test_same_blocks_give_the_same_page():
    blocks = [document.Heading("摘要", 2, anchor="summary"), document.Paragraph("天门市* a < b"),
              document.Table(["县市", "GDP"], [["天门市*", "622.8"]], marked=frozenset({0}), right=frozenset({1}))]
    doc = document.Document(title="tiersim 报告：t", lang="zh", blocks=blocks)
    page = document.html(doc)
    assert page == document.html(document.Document(title="tiersim 报告：t", lang="zh", blocks=list(blocks)))
    assert b'<tr class="estimated"><td>\xe5' in page and "a &lt; b".encode() in page and b'<td class="r">622.8</td>' in page


def test_plot_writes_one_chart(tmp_path):
    result = tiersim("plot", "fan", "--county", "天门", "--draws", "20", "--format", "svg", "--out", str(tmp_path / "fan"))
    assert result.exit_code == 0, result.output
    svg = (tmp_path / "fan" / "fan.svg").read_bytes()
    assert svg.startswith(b"<?xml") and b"tiersim" in svg and b"plot fan: scenario baseline" in svg
    result = tiersim("plot", "heatmap", "--threshold", "top50", "--lang", "en", "--draws", "20", "--out", str(tmp_path / "h"))
    assert result.exit_code == 0, result.output
    assert (tmp_path / "h" / "heatmap.png").read_bytes().startswith(b"\x89PNG")


@pytest.mark.parametrize("args, message", [
    (["plot", "nope"], "Error: plot: unknown chart KIND 'nope'; known: fan, timeline, heatmap, scorecard, bump, targets, compare"),
    (["plot", "fan"], "Error: plot fan: name the county with --county (code, 中文名 or pinyin)"),
    (["plot", "compare"], "Error: plot compare: name the what-if scenario with --compare OTHER"),
    (["plot", "fan", "--county", "Nowhere"], "Error: --county: "),
    (["report", "--compare", "nosuch"], "Error: nosuch: file not found (and not a shipped scenario"),
])
def test_bad_input_is_one_line_and_exit_1(tmp_path, args, message):
    result = tiersim(*args, "--draws", "5", "--out", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert result.output.startswith(message) and result.output.count("\n") == 1, result.output
    assert not (tmp_path / "out").exists()


def test_an_existing_folder_is_replaced_only_with_force(tmp_path):
    (tmp_path / "out").mkdir()
    result = tiersim("plot", "scorecard", "--draws", "5", "--out", str(tmp_path / "out"))
    assert result.exit_code == 1 and "output folder exists; pass --force to replace it" in result.output
    result = tiersim("plot", "scorecard", "--draws", "5", "--out", str(tmp_path / "out"), "--force")
    assert result.exit_code == 0 and (tmp_path / "out" / "scorecard.png").exists()
