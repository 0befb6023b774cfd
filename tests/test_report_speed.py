"""How a report is made quickly without changing a byte: charts drawn by worker processes while the PDF's pages
are laid out (:func:`sim.present.charts.render_while`), the PDF written in two steps, the web page's font
without a time stamp."""

from __future__ import annotations

import threading

import pytest

from sim import load_scenario
from sim.present import charts, document, fonts, pdfpages
from sim.present.chartdata import collect
from sim.run.projection import project


@pytest.fixture(scope="module")
def drawn(shipped):
    """Four charts of a small projection, drawn once in this process."""
    p = project(load_scenario("baseline", shipped.registry), shipped, draws=100)
    data = collect(p)
    fans = data.counties[data.counties["projected"].astype(bool)]["county_id"].tolist()[:2]
    specs = [charts.Spec("scorecard"), charts.Spec("fan", county=fans[0]), charts.Spec("timeline"),
             charts.Spec("fan", county=fans[1])]
    return data, specs, charts.render(specs, data, jobs=1)


def _doc(specs):
    blocks = [document.Heading("摘要", 2, anchor="summary"), document.Paragraph("天门市：" * 30)]
    for spec in specs:
        blocks += [document.Paragraph(f"图：{spec.kind}"), document.Chart(spec=spec, alt=spec.kind)]
    return document.Document(title="测试", lang="zh", blocks=blocks, footer="测试")


def test_charts_drawn_by_two_workers_while_the_pages_are_laid_out_are_the_same_bytes(drawn):
    data, specs, alone = drawn
    seen = {}

    def meanwhile(pending):
        seen["thread"] = threading.current_thread() is threading.main_thread()
        seen["keys"] = list(pending)
        return pdfpages.layout(_doc(specs), pending, "目录")

    both, laid_out = charts.render_while(specs, data, None, meanwhile, jobs=2)
    assert seen == {"thread": True, "keys": sorted(specs, key=lambda s: s.kind == "fan")}
    assert both == alone  # the bytes of a chart do not depend on which process drew it
    assert pdfpages.place(laid_out, both) == pdfpages.document(_doc(specs), alone, "目录")


def test_one_process_hands_meanwhile_every_chart_already_drawn(drawn):
    data, specs, alone = drawn
    got, sizes = charts.render_while(specs, data, None, lambda done: {s: done[s].size for s in done}, jobs=1)
    assert got == alone
    assert sizes == {s: alone[s].size for s in specs}


def test_progress_counts_every_chart_once(drawn):
    data, specs, _ = drawn
    steps = []
    charts.render(specs, data, jobs=2, progress=steps.append)
    assert steps == [1] * len(specs)


def test_a_chart_that_fails_in_a_worker_fails_the_report(drawn, monkeypatch):
    data, specs, _ = drawn
    broken = specs[1]

    def fail(spec, *args, **kwargs):
        raise RuntimeError(f"cannot draw {spec.kind}")

    monkeypatch.setattr(charts, "draw", fail)  # forked workers inherit the failing draw
    with pytest.raises(RuntimeError, match="cannot draw fan"):
        charts.render_while([broken], data, None, lambda pending: pending[broken], jobs=2)


def test_web_page_font_has_no_time_stamp(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1000000000")  # fontTools stamps fonts with this clock
    first = fonts.woff_subset("天门市仙桃")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert fonts.woff_subset("天门市仙桃") == first


def test_pdf_writer_in_two_steps_is_the_one_step_writer(drawn):
    _, specs, alone = drawn
    doc = _doc(specs)
    laid_out = pdfpages.layout(doc, alone, "目录")
    assert len(laid_out[1]) == len(specs)  # one box per chart
    assert pdfpages.place(laid_out, alone) == pdfpages.document(doc, alone, "目录")
