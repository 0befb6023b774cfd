"""The report of a projection, in one language, as ``report.html`` (self-contained), ``report.pdf`` (vector
charts, bookmarks, a table of contents), ``report.docx`` (editable in Word and WPS) and ``manifest.json``.

:func:`build` assembles the blocks (:mod:`sim.present.sections`); :func:`files` draws every chart once
(:func:`sim.present.charts.render`, on all cores) and hands the same drawings to the three writers.
No I/O here; the same projection, date and options give the same bytes.
"""

from __future__ import annotations

import datetime
import json
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from typing import Callable

from sim.present import charts as charts_mod
from sim.present import document as doc
from sim.present import pdfpages, webpage, word
from sim.present.charts import Comparison, comparison
from sim.present.labels import label
from sim.present.sections import Builder
from sim.results.manifest import manifest, package_version
from sim.run.projection import Projection
from sim.run.executors import forking

KINDS = charts_mod.KINDS
"""Chart kinds of ``tiersim plot`` (see :mod:`sim.present.charts`)."""
FILES = ("report.html", "report.pdf", "report.docx", "manifest.json")

__all__ = ["build", "files", "html", "comparison", "Comparison", "today", "KINDS", "FILES"]



def today() -> str:
    """The report date: ``SOURCE_DATE_EPOCH`` (reproducible builds) if set, else today, as ``YYYY-MM-DD``."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return datetime.datetime.fromtimestamp(int(epoch), tz=datetime.timezone.utc).date().isoformat()
    return datetime.date.today().isoformat()


_WRITERS: list = []


def _write(k: int) -> tuple[str, bytes]:
    name, write = _WRITERS[k]
    return name, write()


def _at_once(writers: list, jobs: int | None, progress: Callable[[int], None] | None) -> list[tuple[str, bytes]]:
    """The three files written side by side in worker processes (forked: they share the drawn charts)."""
    global _WRITERS
    jobs = min(jobs or os.cpu_count() or 1, len(writers))
    if jobs <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        out = []
        for name, write in writers:
            out.append((name, write()))
            if progress:
                progress(1)
        return out
    _WRITERS = writers
    try:
        with forking(), ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork")) as pool:
            out = []
            for item in pool.map(_write, range(len(writers))):
                out.append(item)
                if progress:
                    progress(1)
            return out
    finally:
        _WRITERS = []


def _build(p: Projection, lang: str, versus: Comparison | None, date: str | None) -> tuple[doc.Document, Builder]:
    date = date or today()
    builder = Builder(p, lang, versus, date)
    builder.summary()
    builder.data_status()
    builder.assumptions()
    builder.tier_results()
    builder.county_sections()
    builder.targets()
    if versus is not None:
        builder.comparison(versus)
    builder.lists()
    builder.methods()
    builder.manifest(manifest(p))
    name = p.scenario.name
    title = (label(lang, "title_compare", scenario=name, other=versus.b) if versus is not None
             else label(lang, "title", scenario=name))
    report = doc.Document(title=title, lang=lang, blocks=builder.blocks,
                          subtitle=label(lang, "subtitle", date=date, version=package_version(), sha=p.scenario.sha256()[:12]),
                          footer=label(lang, "footer", title=title, date=date),
                          window=label(lang, "page_title", title=title, date=date))
    return report, builder


def build(p: Projection, lang: str = "zh", versus: Comparison | None = None, date: str | None = None) -> doc.Document:
    """The report of ``p`` (and of the comparison ``versus``, if given) as blocks; nothing is drawn yet."""
    return _build(p, lang, versus, date)[0]


def html(p: Projection, lang: str = "zh", other: Projection | None = None, date: str | None = None) -> bytes:
    """``report.html`` alone (see :func:`files`)."""
    versus = comparison(p, other) if other is not None else None
    report, builder = _build(p, lang, versus, date)
    return webpage.page(report, charts_mod.render(doc.charts(report.blocks), builder.data, versus))


def files(p: Projection, lang: str = "zh", other: Projection | None = None, *, date: str | None = None,
          dpi: int = charts_mod.PNG_DPI, jobs: int | None = None, progress: Callable[[int], None] | None = None,
          total: Callable[[int], None] | None = None) -> dict[str, bytes]:
    """``report.html``, ``report.pdf``, ``report.docx`` and ``manifest.json`` of ``p`` (compared with ``other``, run
    with the same seed and draws). Every chart is drawn once, on ``jobs`` processes (default: the cores).
    ``total`` is told the number of steps (charts plus three documents), ``progress`` each step done."""
    versus = comparison(p, other) if other is not None else None
    report, builder = _build(p, lang, versus, date)
    specs = doc.charts(report.blocks)
    if total:
        total(len(specs) + 3)
    toc = label(lang, "toc")
    drawn, pages = charts_mod.render_while(specs, builder.data, versus, lambda pending: pdfpages.layout(report, pending, toc),
                                           dpi=dpi, jobs=jobs, progress=progress)  # the PDF's pages laid out meanwhile
    writers = [("report.pdf", lambda: pdfpages.place(pages, drawn)),
               ("report.docx", lambda: word.document(report, drawn)),
               ("report.html", lambda: webpage.page(report, drawn))]
    written = dict(_at_once(writers, jobs, progress))
    out = {name: written[name] for name in ("report.html", "report.pdf", "report.docx")}
    out["manifest.json"] = (json.dumps(manifest(p), ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")
    return out
