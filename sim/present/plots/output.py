"""Charts to bytes (PNG, SVG, PDF; no time stamps) and the report's PDF pages."""

from __future__ import annotations

import io
import struct

import matplotlib
import matplotlib.image
from matplotlib.axes import Axes
from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from sim.present.document import text_width, wrap
from sim.errors import SimError
from sim.present.plots.style import MONO, family, styled


def to_bytes(chart: Axes | Figure, fmt: str = "png", dpi: int = 150, description: str = "") -> bytes:
    """A chart's figure as PNG, SVG or PDF bytes, without time stamps (same chart, same bytes)."""
    figure = chart if isinstance(chart, Figure) else chart.figure
    while not isinstance(figure, Figure):  # an axes on a SubFigure: save the whole figure
        figure = figure.figure
    metadata = {
        "png": {"Software": None, "Description": description or None},
        "svg": {"Date": None, "Creator": None, "Description": description or None},
        "pdf": {"CreationDate": None, "Creator": None, "Producer": None, "Subject": description or None},
    }
    if fmt not in metadata:
        raise SimError(f"--format: must be one of {', '.join(metadata)}; got {fmt!r}")
    buffer = io.BytesIO()
    with styled():
        figure.savefig(buffer, format=fmt, dpi=dpi, metadata=metadata[fmt])
    return buffer.getvalue()


class _Pages:
    """Blocks laid out top to bottom on A4 pages (inches from the top-left corner)."""

    SIZE, MARGIN = (8.27, 11.69), 0.7

    def __init__(self, pdf: PdfPages, footer: str):
        self.pdf, self.footer, self.number = pdf, footer, 0
        self.width = self.SIZE[0] - 2 * self.MARGIN
        self.figure: Figure | None = None
        self.y = 0.0

    def _new(self) -> None:
        self.close()
        self.number += 1
        self.figure = Figure(figsize=self.SIZE)
        self.y = self.MARGIN
        self.text(self.MARGIN, self.SIZE[1] - 0.4, f"{self.footer} · {self.number}", 7, color="0.5")

    def close(self) -> None:
        if self.figure is not None:
            self.pdf.savefig(self.figure)
            self.figure = None

    def room(self, height: float) -> None:
        if self.figure is None or self.y + height > self.SIZE[1] - self.MARGIN:
            self._new()

    def text(self, x: float, y: float, text: str, size: float, **kw) -> None:
        assert self.figure is not None
        self.figure.text(x / self.SIZE[0], 1 - y / self.SIZE[1], text, fontsize=size, va="top", **kw)

    def lines(self, text: str, size: float, indent: float = 0.0, gap: float = 0.08, **kw) -> None:
        for line in wrap(text, self.width - indent, size):
            self.room(size * 1.45 / 72)
            self.text(self.MARGIN + indent, self.y, line, size, **kw)
            self.y += size * 1.45 / 72
        self.y += gap

    def rule(self, y: float, color: str = "0.8") -> None:
        x0, x1 = self.MARGIN / self.SIZE[0], 1 - self.MARGIN / self.SIZE[0]
        assert self.figure is not None
        self.figure.add_artist(Line2D([x0, x1], [1 - y / self.SIZE[1]] * 2, color=color, lw=0.5))

    def table(self, header: list[str], rows: list[list[str]], size: float = 7.0) -> None:
        natural = [min(max(text_width(str(r[i]), size) for r in [header, *rows]) + 0.12, 3.0) for i in range(len(header))]
        scale = min(1.0, self.width / sum(natural))
        widths = [w * scale for w in natural]
        step = size * 1.35 / 72

        def draw(cells: list[str], bold: bool = False) -> None:
            wrapped = [wrap(str(c), w - 0.08, size) for c, w in zip(cells, widths)]
            height = max(len(w) for w in wrapped) * step + 0.05
            self.room(height)
            x = self.MARGIN
            for lines_, w in zip(wrapped, widths):
                for k, line in enumerate(lines_):
                    self.text(x, self.y + 0.02 + k * step, line, size, color="#1b4f72" if bold else "black")
                x += w
            self.y += height
            self.rule(self.y - 0.01, "0.6" if bold else "0.88")

        draw(header, bold=True)
        for row in rows:
            if self.y + step > self.SIZE[1] - self.MARGIN:
                self._new()
                draw(header, bold=True)
            draw(row)
        self.y += 0.12

    def image(self, png: bytes, width: float) -> None:
        picture = matplotlib.image.imread(io.BytesIO(png), format="png")
        width = min(width, self.width)
        height = width * picture.shape[0] / picture.shape[1]
        limit = self.SIZE[1] - 2 * self.MARGIN - 0.2
        if height > limit:
            width, height = width * limit / height, limit
        self.room(height + 0.1)
        left = self.MARGIN + (self.width - width) / 2
        assert self.figure is not None
        ax = self.figure.add_axes((left / self.SIZE[0], 1 - (self.y + height) / self.SIZE[1], width / self.SIZE[0],
                                   height / self.SIZE[1]))
        ax.imshow(picture, interpolation="none")
        ax.set_axis_off()
        self.y += height + 0.15


def _section_height(blocks, pages: _Pages) -> float:
    """Height in inches of a heading and the blocks up to the next heading or table (what should not be split
    from it); a table or a section taller than a page counts only its first lines."""
    line = 8.5 * 1.45 / 72
    height = 0.4
    for block in blocks[1:]:
        if block.kind in ("heading", "table", "code"):
            return height + 0.4
        if block.kind == "paragraph":
            height += len(wrap(block.text, pages.width, 8.5)) * line + 0.08
        elif block.kind == "list":
            height += sum(len(wrap("• " + item, pages.width - 0.1, 8.5)) * line + 0.02 for item in block.items) + 0.06
        elif block.kind == "chart":
            width, high = struct.unpack(">II", block.png[16:24])
            height += min(block.width, pages.width) * high / width + 0.15
    return min(height, pages.SIZE[1] * 0.6)


def pdf_document(blocks, *, title: str = "", footer: str = "tiersim") -> bytes:
    """The blocks of a :class:`sim.present.document.Document` on A4 pages: text with the embedded Chinese font, charts as
    images. Same blocks, same bytes (no time stamps)."""
    buffer = io.BytesIO()
    with styled(), PdfPages(buffer, metadata={"Title": title, "CreationDate": None, "Creator": None,
                                              "Producer": None}) as pdf:
        pages = _Pages(pdf, footer)
        if title:
            pages.room(0.5)
            pages.lines(title, 17, color="#1b4f72", gap=0.1)
        for k, block in enumerate(blocks):
            if block.kind == "heading":
                size = {1: 17, 2: 13, 3: 11}[block.level]
                if pages.figure is not None and pages.y + _section_height(blocks[k:], pages) > pages.SIZE[1] - pages.MARGIN:
                    pages._new()  # keep a heading with what follows it (a county's text and chart on one page)
                pages.room(size * 3 / 72)
                pages.y += 0.08 if block.level > 1 else 0
                pages.lines(block.text, size, color="#1b4f72", gap=0.06)
            elif block.kind == "paragraph":
                pages.lines(block.text, 8.5)
            elif block.kind == "list":
                for item in block.items:
                    pages.lines("• " + item, 8.5, indent=0.1, gap=0.02)
                pages.y += 0.06
            elif block.kind == "table":
                pages.table(block.header, block.rows)
            elif block.kind == "chart":
                pages.image(block.png, block.width)
            elif block.kind == "code":
                pages.lines(block.text, 6.2, gap=0.1, fontfamily=[MONO, *family()])
        pages.close()
    return buffer.getvalue()
