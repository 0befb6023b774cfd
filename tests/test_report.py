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
from tests.conftest import ASSUMED
from sim.present.labels import STRINGS, label

SECTIONS = ("sec_summary", "sec_data", "sec_assumptions", "sec_tiers", "sec_counties", "sec_targets", "sec_compare", "sec_lists",
            "sec_methods", "sec_manifest")


def tiersim(*args: str):
    root = _Root("tiersim")
    root.add_command(report_command)
    root.add_command(plot)
    return CliRunner().invoke(root, list(args))


DRAWS = "200"
"""Draws of the reports built here (the number changes no text or layout that is checked, and keeps the suite fast)."""
DATE = "2026-12-02"


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    """The shipped baseline reported in Chinese, compared with the high scenario, through the CLI."""
    out = tmp_path_factory.mktemp("report") / "baseline"
    started = time.perf_counter()
    result = tiersim("report", "--compare", "high", "--draws", DRAWS, "--date", DATE, "--out", str(out))
    elapsed = time.perf_counter() - started
    assert result.exit_code == 0, result.output
    return out, result.output, elapsed


@pytest.fixture(scope="module")
def english(tmp_path_factory, projection):
    """The same report's page in English, without its charts (their words are checked in tests/test_plots.py)."""
    from sim.present import webpage

    out = tmp_path_factory.mktemp("report") / "english"
    out.mkdir()
    (out / "report.html").write_bytes(webpage.page(report.build(projection, "en", date=DATE), {}))
    return out


@pytest.fixture(scope="module")
def projection(shipped):
    return project(load_scenario("baseline", shipped.registry), shipped, draws=int(DRAWS))


def visible(page: str) -> str:
    body = page[page.index("<body>"):]
    return html_mod.unescape(re.sub(r"<[^>]+>", " ", re.sub(r'src="data:[^"]*"', "", body)))


def test_report_writes_both_files_within_a_minute(written):
    out, output, elapsed = written
    assert sorted(p.name for p in out.iterdir()) == ["manifest.json", "report.docx", "report.html", "report.pdf"]
    assert f"wrote {out}/: report.html report.pdf report.docx manifest.json (scenario baseline, compared with high)" in output
    assert elapsed < 60  # two scenarios, every file


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
    charts = 1 + 1 + 2 + 2 + 1 + projected + 1 + 1  # map, scorecard, timelines, heatmaps, bump, fans, targets, comparison
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
    assert label("zh", "title_compare", scenario="baseline", other="high") in extracted


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
    svg = (tmp_path / "fan" / "fan-tianmen-zh.svg").read_bytes()
    assert svg.startswith(b"<?xml") and b"tiersim" in svg and b"plot fan: scenario baseline" in svg
    result = tiersim("plot", "heatmap", "--threshold", "top50", "--lang", "en", "--draws", "20", "--out", str(tmp_path / "h"))
    assert result.exit_code == 0, result.output
    assert (tmp_path / "h" / "heatmap-top50-en.png").read_bytes().startswith(b"\x89PNG")


def test_plot_writes_several_charts_into_one_folder_named_by_kind_county_and_language(tmp_path):
    out = tmp_path / "charts"
    out.mkdir()
    (out / "notes.txt").write_text("mine")
    (out / "map-top100-en.pdf").write_bytes(b"old")
    result = tiersim("plot", "fan,map", "--county", "天门", "--county", "Zhongxiang", "--lang", "en", "--format", "pdf",
                     "--draws", "20", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["fan-tianmen-en.pdf", "fan-zhongxiang-en.pdf", "map-top100-en.pdf",
                                                     "notes.txt"]
    assert (out / "notes.txt").read_text() == "mine" and (out / "map-top100-en.pdf").read_bytes().startswith(b"%PDF")
    result = tiersim("plot", "bump", "--dpi", "80", "--draws", "20", "--out", str(out))
    assert result.exit_code == 0, result.output
    small = (out / "bump-zh.png").read_bytes()
    result = tiersim("plot", "bump", "--dpi", "160", "--draws", "20", "--out", str(out))
    large = (out / "bump-zh.png").read_bytes()
    width = lambda png: int.from_bytes(png[16:20], "big")  # noqa: E731
    assert width(large) == 2 * width(small)


def test_plot_of_a_county_that_is_not_projected_is_an_error(tmp_path, projection):
    missing = projection.seeds.loc[projection.seeds["status"] == "no data", "county_id"]
    if missing.empty:
        pytest.skip("every county of the shipped data is projected")
    county = projection.dataset.registry[missing.iloc[0]]
    result = tiersim("plot", "fan", "--county", county.name_zh, "--draws", "5", "--out", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: --county: {county.name_zh} ({county.id}) is not projected: it has no GDP "
                                    "figure in any year; load one with --data or pass --impute tier-median")
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("args, message", [
    (["plot", "nope"], "Error: plot: unknown chart KIND 'nope'; known: fan, timeline, heatmap, scorecard, bump, targets, map, compare"),
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
    """A report folder is replaced whole, only with --force; charts go into an existing folder, file by file."""
    (tmp_path / "out").mkdir()
    result = tiersim("report", "--draws", "5", "--out", str(tmp_path / "out"))
    assert result.exit_code == 1 and "output folder exists; pass --force to replace it" in result.output
    result = tiersim("plot", "scorecard", "--draws", "5", "--out", str(tmp_path / "out"))
    assert result.exit_code == 0 and (tmp_path / "out" / "scorecard-top100-zh.png").exists()
    result = tiersim("plot", "scorecard", "--draws", "5", "--out", str(tmp_path / "out"), "--force")
    assert result.exit_code == 0 and (tmp_path / "out" / "scorecard-top100-zh.png").exists()


# ---------------------------------------------------------------- language, PDF, Word, reuse

LATIN_SENTENCE = re.compile(r"[A-Za-z]{2,}(?:[ ,;:'’-]+[A-Za-z]{2,}){2,}")
"""Three or more Latin words in a row: a sentence, not a name, unit or code."""
CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")


def _prose(page: str) -> str:
    """What a reader sees on the page: no markup, no machine-readable manifest, no web addresses, no file or
    option names, no command lines."""
    page = re.sub(r"<details>.*?</details>", " ", page, flags=re.S)
    text = visible(page)
    text = re.sub(r"https?://\S+", " ", text)
    return re.sub(r"(--[a-z-]+|\b[\w.-]+\.(?:csv|json|yaml)\b|tiersim [a-z]+)", " ", text)


def test_chinese_report_has_no_latin_sentences(written):
    text = _prose((written[0] / "report.html").read_text(encoding="utf-8"))
    assert CJK.search(text)
    found = LATIN_SENTENCE.findall(text)
    assert not found, found[:10]


def test_english_report_has_no_chinese_outside_names(english, projection):
    text = _prose((english / "report.html").read_text(encoding="utf-8"))
    names = {c.name_zh for c in projection.dataset.registry} | {c.prefecture for c in projection.dataset.registry}
    for name in sorted(names, key=len, reverse=True):
        text = text.replace(name, " ")
    found = CJK.findall(text)
    assert not found, found[:10]
    assert "Tianmen" in text and "probability" in text


def test_chinese_word_and_pdf_text_pass_the_same_scan(written):
    from docx import Document as Word

    word = Word(str(written[0] / "report.docx"))
    paragraphs = [p.text for p in word.paragraphs] + [c.text for t in word.tables for r in t.rows for c in r.cells]
    text = re.sub(r"https?://\S+", " ", "\n".join(paragraphs))
    text = re.sub(r"(--[a-z-]+|\b[\w.-]+\.(?:csv|json|yaml)\b|tiersim [a-z]+)", " ", text)
    assert not LATIN_SENTENCE.findall(text), LATIN_SENTENCE.findall(text)[:10]


def test_pdf_has_bookmarks_contents_vector_charts_and_no_raster_image(written, projection):
    import pypdfium2
    import pypdfium2.raw as pdfium_c

    pdf = pypdfium2.PdfDocument(str(written[0] / "report.pdf"))
    try:
        marks = [(item.level, item.get_title()) for item in pdf.get_toc()]
        assert [t for level, t in marks if level == 0] == [label("zh", k) for k in SECTIONS]
        counties = [t for level, t in marks if level == 1]
        for county in projection.dataset.registry:
            assert any(t.startswith(county.name_zh) for t in counties), county.name_zh
        first = pdf[0].get_textpage().get_text_range()
        assert label("zh", "toc") in first and label("zh", "sec_counties") in first
        images = forms = 0
        for page in pdf:  # what is placed on the pages: charts as form XObjects (vector drawings), no picture
            for obj in page.get_objects(max_depth=0):
                images += obj.type == pdfium_c.FPDF_PAGEOBJ_IMAGE
                forms += obj.type == pdfium_c.FPDF_PAGEOBJ_FORM
        html = (written[0] / "report.html").read_text(encoding="utf-8")
        assert images == 0 and forms == html.count("<img")
    finally:
        pdf.close()


def test_pdf_tables_right_align_numbers_and_break_no_word(written):
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    extracted = subprocess.run(["pdftotext", "-layout", str(written[0] / "report.pdf"), "-"], capture_output=True,
                               check=True).stdout.decode("utf-8")
    for word in ("百强进位", "百强冲刺", "百强储备", "2035年前未达"):
        assert word in extracted  # never split over two lines of a cell
    assert "百强进\n" not in extracted and "advan\n" not in extracted


def test_word_file_has_the_sections_tables_and_charts(written, projection):
    from docx import Document as Word
    from docx.oxml.ns import qn

    word = Word(str(written[0] / "report.docx"))
    headings = [p.text for p in word.paragraphs if p.style.name == "Heading 1"]
    assert headings == [label("zh", k) for k in SECTIONS]
    page = (written[0] / "report.html").read_text(encoding="utf-8")
    assert len(word.tables) == page.count("<table>") and len(word.inline_shapes) == page.count("<img")
    key = word.tables[0]
    assert [c.text for c in key.rows[0].cells][:2] == [label("zh", "col_tier"), label("zh", "col_county")]
    fonts = word.styles["Normal"].element.rPr.rFonts
    assert fonts.get(qn("w:eastAsia"))  # Chinese text has an East Asian font
    assert word.core_properties.title.startswith(label("zh", "title_compare", scenario="baseline", other="high"))


def test_each_chart_is_drawn_once_and_the_same_picture_is_in_the_page_and_the_word_file(written):
    import base64
    import zipfile

    page = (written[0] / "report.html").read_text(encoding="utf-8")
    in_page = sorted(base64.b64decode(d) for d in re.findall(r'src="data:image/png;base64,([^"]+)"', page))
    with zipfile.ZipFile(written[0] / "report.docx") as docx:
        in_word = sorted(docx.read(n) for n in docx.namelist() if n.startswith("word/media/"))
    assert in_page and in_page == in_word


def test_report_into_a_file_writes_no_progress_bar(written):
    """Not a terminal (as in a log file): no bar, no carriage returns; the bar itself is watched on a pty in
    tests/test_interrupt.py."""
    assert "charts and files" not in written[1] and "\r" not in written[1]
    assert written[1].splitlines()[-1].startswith("report: ")


def test_same_document_gives_the_same_bytes_in_every_format(projection):
    from sim.present import charts, pdfpages, webpage, word
    from sim.present.chartdata import collect

    blocks = [document.Heading("摘要", 2, anchor="summary"), document.Paragraph("天门市：" * 40),
              document.Table(["县市", "GDP"], [["天门市*", "622.8"]], marked=frozenset({0}), right=frozenset({1})),
              document.Chart(spec=charts.Spec("scorecard"), alt="scorecard")]
    doc = document.Document(title="测试", lang="zh", blocks=blocks, footer="测试")
    drawn = charts.render(document.charts(blocks), collect(projection), jobs=1)
    again = charts.render(document.charts(blocks), collect(projection), jobs=1)
    assert drawn == again
    assert pdfpages.document(doc, drawn, "目录") == pdfpages.document(doc, again, "目录")
    assert word.document(doc, drawn) == word.document(doc, again)
    assert webpage.page(doc, drawn) == webpage.page(doc, again)


def test_methods_describe_the_model_that_ran(english, shipped):
    """The fitted baseline's methods say what the fitted model draws (seeds, trends, volatilities) and how imputed
    counties are made; the assumed model's say its bands leave the seed's error out."""
    page = visible((english / "report.html").read_text(encoding="utf-8"))
    assert "Bayesian state-space model" in page and "partially pooled" in page
    assert "Bands are therefore too narrow" not in page
    assumed = project(load_scenario(ASSUMED, shipped.registry), shipped, draws=200)
    text_ = " ".join(getattr(b, "text", "") for b in report.build(assumed, "en", date=DATE).blocks)
    assert "Bands are therefore too narrow" in text_ and "Bayesian state-space model" not in text_


def test_fitted_seed_notes_say_the_model_estimated_them_with_their_interval(projection):
    """Under the fitted model a seed is the posterior's level: the county sections and the data-status table say so
    (figures it rests on, 80% interval), never the assumed model's 'carried with Hubei's growth'."""
    seeds_ = projection.seeds.set_index("county_id")
    for lang in ("zh", "en"):
        built = report.build(projection, lang, date=DATE)
        words = " ".join(str(item) for b in built.blocks for item in (getattr(b, "items", None) or ()))
        words += " ".join(str(cell) for b in built.blocks for row in (getattr(b, "rows", None) or ()) for cell in row)
        assert label(lang, "how_carried", year=2021, gdp="x", status="x", confidence="x").split("x")[-1] not in words
        daye, yingcheng = seeds_.loc["420281"], seeds_.loc["420981"]  # estimated (2017 and 2021 figures), imputed
        assert daye["status"] == "estimated" and yingcheng["status"] == "imputed"
        sep = "、" if lang == "zh" else ", "
        assert label(lang, "how_estimated_fitted", years=sep.join(["2017", "2021"]), p10=f"{daye['gdp_p10']:,.1f}",
                     p90=f"{daye['gdp_p90']:,.1f}") in words
        assert label(lang, "how_imputed_fitted", p10=f"{yingcheng['gdp_p10']:,.1f}",
                     p90=f"{yingcheng['gdp_p90']:,.1f}") in words
