"""A document on A4 pages: text and tables laid out by fpdf2, charts placed as vector drawings by PDFium.

- Text uses the Chinese font's subset for the document (:func:`sim.present.fonts.otf_subset`, cached), embedded;
  lines break between Chinese characters and at spaces (:func:`sim.present.document.wrap`), never inside a word.
- Tables: columns at least as wide as their widest word, number columns right-aligned, rows of estimated
  seeds shaded, the header repeated on a new page; a table too wide for the page is set in a smaller size.
- Headings are PDF bookmarks (sections and counties) and entries of the table of contents after the title;
  a heading is never left alone at the foot of a page: it moves to the next page with what follows it.
- Charts: each chart's own PDF (:func:`sim.present.charts.render`) becomes a form XObject drawn at its place
  (PDFium, through pypdfium2), so charts stay vector (no raster images) and are not drawn again.

Same blocks and charts, same bytes (no dates, a content-derived file id).
"""

from __future__ import annotations

import datetime
import hashlib
import io
import re
import tempfile
from pathlib import Path
from functools import lru_cache
from typing import TYPE_CHECKING, Mapping

if TYPE_CHECKING:
    from fpdf import FPDF

from sim.present import fonts
from sim.present.document import Document, longest_token, wrap
from sim.present.webpage import shown_text

MARGIN, TOP, BOTTOM = 50.0, 54.0, 56.0
BODY, SMALL, TABLE = 9.5, 8.0, 7.5
INK, MUTED, ACCENT = (28, 40, 51), (93, 109, 126), (27, 79, 114)
SIZES = {1: 18.0, 2: 14.0, 3: 11.0}
FIXED = datetime.datetime(2000, 1, 1, tzinfo=datetime.timezone.utc)


@lru_cache(maxsize=1)
def _pdf_class():
    """fpdf2's FPDF with this document's margins and page footer. fpdf2 is imported only here, when a PDF is
    laid out: a report imports it after its chart workers are forked, while they draw."""
    from fpdf import FPDF

    class _Pdf(FPDF):
        def __init__(self, footer_text: str):
            super().__init__(unit="pt", format="A4")
            self.footer_text = footer_text
            self.creation_date = FIXED  # removed from the file at the end: same document, same bytes
            self.set_margins(MARGIN, TOP, MARGIN)
            self.set_auto_page_break(True, BOTTOM)

        def footer(self) -> None:
            self.set_y(-BOTTOM + 22)
            self.set_font("cjk", size=7)
            self.set_text_color(*MUTED)
            self.cell(0, 10, f"{self.footer_text} · {self.page_no()}", align="C")
            self.set_text_color(*INK)

    return _Pdf


class _Writer:
    def __init__(self, doc: Document, rendered: dict, font_file: Path):
        self.doc, self.rendered = doc, rendered
        self.pdf = _pdf_class()(doc.footer or doc.title)
        self.pdf.add_font("cjk", fname=str(font_file))
        for font in self.pdf.fonts.values():  # the font's box is not recomputed glyph by glyph when it is embedded
            if getattr(font, "ttfont", None) is not None:
                font.ttfont.recalcBBoxes = False
        self.pdf.set_font("cjk", size=BODY)
        self.pdf.set_title(doc.window or doc.title)
        self.pdf.set_lang("zh-CN" if doc.lang == "zh" else "en")
        self.width = self.pdf.epw
        self.places: list[tuple[int, float, float, float, float, object]] = []
        self.widths: dict[str, float] = {}

    # ------------------------------------------------------------ measuring
    def measure(self, size: float):
        """Width of a text at ``size`` points: the sum of its characters' advance widths (cached per character)."""
        widths, pdf = self.widths, self.pdf

        def width(text: str) -> float:
            total = 0.0
            for ch in text:
                w = widths.get(ch)
                if w is None:
                    pdf.set_font_size(100)
                    w = widths[ch] = pdf.get_string_width(ch) / 100
                total += w
            return total * size
        return width

    def room(self) -> float:
        return self.pdf.h - BOTTOM - self.pdf.get_y()

    def lines(self, text: str, size: float, width: float | None = None) -> list[str]:
        return wrap(text, width or self.width, measure=self.measure(size))

    # ------------------------------------------------------------ blocks
    def text(self, text: str, size: float = BODY, color=INK, indent: float = 0.0, gap: float = 4.0, lead: float = 1.5,
             first: str = "") -> None:
        pdf = self.pdf
        step = size * lead
        for k, line in enumerate(self.lines(text, size, self.width - indent)):
            if self.room() < step:
                pdf.add_page()
            pdf.set_font("cjk", size=size)
            pdf.set_text_color(*color)
            if first and k == 0:
                pdf.set_x(MARGIN + indent - 9)
                pdf.cell(9, step, first)
            pdf.set_x(MARGIN + indent)
            pdf.cell(self.width - indent, step, line, new_x="LMARGIN", new_y="NEXT")
        pdf.set_text_color(*INK)
        pdf.ln(gap)

    def heading(self, block, following) -> None:
        pdf, size = self.pdf, SIZES.get(block.level, 11.0)
        need = size * 2.2 + sum(self._height(b) for b in following)
        if pdf.page > 0 and self.room() < min(need, (pdf.h - TOP - BOTTOM) * 0.6):
            pdf.add_page()  # never a heading alone at the foot of a page
        if block.level <= 2 and pdf.get_y() > TOP + 1:
            pdf.ln(size * 0.6)
        pdf.start_section(block.text, level=max(block.level - 2, 0), strict=False)
        self.text(block.text, size, ACCENT, gap=3.0, lead=1.35)

    def _height(self, block) -> float:
        """What should stay with a heading: a paragraph's first lines, a table's header and first rows, a chart."""
        if block is None:
            return 0.0
        if block.kind == "paragraph":
            return min(len(self.lines(block.text, BODY)), 3) * BODY * 1.5
        if block.kind == "list":
            return BODY * 1.5 * 2
        if block.kind == "table":
            return TABLE * 1.4 * 4
        if block.kind == "chart" and block.spec in self.rendered:
            w, h = self._chart_size(block)
            return h
        return 0.0

    def _chart_size(self, block) -> tuple[float, float]:
        chart = self.rendered[block.spec]
        width = min(block.width * 72, self.width)
        height = width * chart.size[1] / chart.size[0]
        limit = self.pdf.h - TOP - BOTTOM - 10
        if height > limit:
            width, height = width * limit / height, limit
        return width, height

    def chart(self, block) -> None:
        if block.spec not in self.rendered:
            return
        width, height = self._chart_size(block)
        if self.room() < height + 6:
            self.pdf.add_page()
        x = MARGIN + (self.width - width) / 2
        self.places.append((self.pdf.page - 1, x, self.pdf.get_y(), width, height, block.spec))
        self.pdf.set_y(self.pdf.get_y() + height + 10)

    def table(self, block) -> None:
        pdf = self.pdf
        columns = len(block.header)
        size = TABLE
        for size in (TABLE, 6.8, 6.2, 5.6):
            measure = self.measure(size)
            pad = 6.0
            # a right-aligned (number) column gets a wider gap on its left, so it never reads as part of the text
            # column before it ("threshold5.5")
            gap = [pad + (size if i in block.right else 0.0) for i in range(columns)]
            least = [max([longest_token(str(block.header[i]), measure)]  # only headers and prose columns wrap
                         + [min(longest_token(str(r[i]), measure) * 8, measure(str(r[i])), self.width * 0.4)
                            if i in block.wide  # a prose column wraps (a URL is cut) rather than run off the page
                            else measure(str(r[i])) for r in block.rows]) + gap[i]
                     for i in range(columns)]
            most = [max(measure(str(r[i])) for r in [block.header, *block.rows]) + gap[i] for i in range(columns)]
            if sum(least) <= self.width:
                break
        if sum(most) <= self.width:
            widths = most
        else:
            spare = max(self.width - sum(least), 0.0)
            stretch = [m - s for m, s in zip(most, least)]
            total = sum(stretch) or 1.0
            widths = [s + spare * t / total for s, t in zip(least, stretch)]
        step = size * 1.38

        def row(cells: list[str], header: bool = False, marked: bool = False, muted: bool = False) -> None:
            # (a hair of tolerance: a column exactly as wide as its text must not wrap on a rounding error)
            wrapped = [wrap(str(c), w - pad + 0.01, measure=measure) for c, w in zip(cells, widths)]
            height = max(len(w) for w in wrapped) * step + 4
            if self.room() < height:
                pdf.add_page()
                if not header:
                    row(block.header, header=True)
            y = pdf.get_y()
            if header or marked:
                pdf.set_fill_color(*((236, 240, 241) if header else (253, 235, 208)))
                pdf.rect(MARGIN, y, sum(widths), height, style="F")
            pdf.set_font("cjk", size=size)
            pdf.set_text_color(*(ACCENT if header else (MUTED if muted else INK)))
            x = MARGIN
            for i, (lines_, w) in enumerate(zip(wrapped, widths)):
                for k, line in enumerate(lines_):
                    pdf.set_xy(x + pad / 2, y + 2 + k * step)
                    pdf.cell(w - pad, step, line, align="R" if i in block.right and not header else "L")
                x += w
            pdf.set_draw_color(*((170, 183, 184) if header else (229, 232, 232)))
            pdf.set_line_width(0.8 if header else 0.4)
            pdf.line(MARGIN, y + height, MARGIN + sum(widths), y + height)
            pdf.set_xy(MARGIN, y + height)
            pdf.set_text_color(*INK)

        if self.room() < step * 3 + 12:  # no header row alone at the foot of a page
            pdf.add_page()
        if block.caption:
            self.text(block.caption, SMALL, MUTED, gap=1.0)
        row(block.header, header=True)
        for k, cells in enumerate(block.rows):
            row(cells, marked=k in block.marked, muted=k in block.muted)
        pdf.ln(8)

    # ------------------------------------------------------------ the document
    def contents(self, pdf: FPDF, outline) -> None:
        pdf.set_font("cjk", size=SIZES[2])
        pdf.set_text_color(*ACCENT)
        pdf.cell(0, 24, self.toc_title, new_x="LMARGIN", new_y="NEXT")
        for section in outline:
            size = 9.0 if section.level == 0 else 8.0
            indent = 0.0 if section.level == 0 else 14.0
            pdf.set_font("cjk", size=size)
            pdf.set_text_color(*(INK if section.level == 0 else MUTED))
            link = pdf.add_link(page=section.page_number)
            number = str(section.page_number)
            pdf.set_x(MARGIN + indent)
            pdf.cell(self.width - indent - 30, size * 1.55, section.name, link=link)
            pdf.cell(30, size * 1.55, number, align="R", link=link, new_x="LMARGIN", new_y="NEXT")
        pdf.set_text_color(*INK)

    def write(self, toc_title: str) -> bytes:
        pdf, blocks = self.pdf, self.doc.blocks
        self.toc_title = toc_title
        pdf.add_page()
        self.text(self.doc.title, SIZES[1], ACCENT, gap=2.0, lead=1.35)
        if self.doc.subtitle:
            self.text(self.doc.subtitle, SMALL, MUTED, gap=10.0)
        entries = sum(1 for b in blocks if b.kind == "heading")
        per_page = int((pdf.h - TOP - BOTTOM - 30) // (9.0 * 1.55))
        pdf.insert_toc_placeholder(self.contents, pages=max(1, -(-entries // per_page)), allow_extra_pages=True)
        for k, block in enumerate(blocks):
            following = []  # what stays with a heading: an intro paragraph and the start of what it introduces
            for after in blocks[k + 1:k + 3]:
                if after.kind == "heading":
                    break
                following.append(after)
                if after.kind != "paragraph":
                    break
            if block.kind == "heading":
                self.heading(block, following)
            elif block.kind == "paragraph":
                after = blocks[k + 1] if k + 1 < len(blocks) else None
                if after is not None and after.kind == "table":  # an intro line stays with its table's first rows
                    need = self._height(block) + self._height(after)
                    if self.room() < need < (pdf.h - TOP - BOTTOM) * 0.5:
                        pdf.add_page()
                style = {"note": (SMALL, MUTED), "lead": (BODY + 0.5, INK)}.get(block.style, (BODY, INK))
                self.text(block.text, *style)
            elif block.kind == "list":
                for item in block.items:
                    self.text(item, BODY, indent=12.0, gap=1.5, first="•")
                pdf.ln(3)
            elif block.kind == "table":
                self.table(block)
            elif block.kind == "chart":
                self.chart(block)
        return bytes(pdf.output())


def _place_charts(layout: bytes, places: list, rendered: dict) -> bytes:
    """Each chart's PDF page drawn into its box on its page as a form XObject (vector, drawn once), by PDFium."""
    import pypdfium2

    target = pypdfium2.PdfDocument(layout)
    sources = {}
    try:
        by_page: dict[int, list] = {}
        for place in places:
            by_page.setdefault(place[0], []).append(place)
        for number, items in sorted(by_page.items()):
            page = target[number]
            height = page.get_height()
            for _, x, y, w, h, spec in items:
                if spec not in sources:
                    sources[spec] = pypdfium2.PdfDocument(rendered[spec].pdf)
                source = sources[spec]
                box = source[0].get_mediabox()
                drawing = source.page_as_xobject(0, target).as_pageobject()
                drawing.transform(pypdfium2.PdfMatrix().scale(w / (box[2] - box[0]), h / (box[3] - box[1]))
                                  .translate(x, height - y - h))
                page.insert_obj(drawing)
            page.gen_content()
        buffer = io.BytesIO()
        target.save(buffer)
    finally:
        for source in sources.values():
            source.close()
        target.close()
    return _stable_id(buffer.getvalue())


def _stable_id(data: bytes) -> bytes:
    """The file identifier PDFium writes (partly random) replaced by a hash of the content, same length."""
    match = re.search(rb"/ID\s*\[\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*\]", data)
    if not match:
        return data
    digest = hashlib.md5(data[:match.start()], usedforsecurity=False).hexdigest().upper()
    first = (digest * 4)[:len(match.group(1))].encode("ascii")
    second = (digest * 4)[:len(match.group(2))].encode("ascii")
    return data[:match.start(1)] + first + data[match.end(1):match.start(2)] + second + data[match.end(2):]


def _no_date(data: bytes) -> bytes:
    """fpdf2's creation date blanked out in place (same length, so the cross-reference table stays valid)."""
    return re.sub(rb"/CreationDate\s*\(D:[0-9Z+\-']*\)", lambda m: b" " * len(m.group(0)), data)


def layout(doc: Document, rendered: Mapping, toc_title: str) -> tuple[bytes, list]:
    """``doc``'s pages laid out by fpdf2 with a box left for each chart (only its size is read from ``rendered``, so
    the charts may still be being drawn: see :class:`sim.present.charts.Pending`); the PDF bytes and the boxes."""
    text = doc.title + doc.subtitle + (doc.footer or "") + (doc.window or "") + toc_title + shown_text(doc.blocks) + "•·0123456789"
    with tempfile.TemporaryDirectory(prefix="tiersim-font-") as folder:
        font_file = Path(folder) / "cjk.otf"
        font_file.write_bytes(fonts.otf_subset(text))
        writer = _Writer(doc, rendered, font_file)
        pages = _no_date(writer.write(toc_title))
    return pages, writer.places


def place(laid_out: tuple[bytes, list], rendered: dict) -> bytes:
    """The charts drawn into the boxes :func:`layout` left for them: the finished PDF."""
    return _place_charts(laid_out[0], laid_out[1], rendered)


def document(doc: Document, rendered: dict, toc_title: str) -> bytes:
    """``doc`` as PDF bytes; ``rendered`` maps each chart spec to its drawing (:class:`sim.present.charts.Rendered`)."""
    return place(layout(doc, rendered, toc_title), rendered)
