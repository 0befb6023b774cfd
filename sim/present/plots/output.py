"""Charts to bytes: PNG (any resolution), SVG and PDF (vector, the font embedded), without time stamps."""

from __future__ import annotations

import io

from matplotlib.axes import Axes
from matplotlib.figure import Figure

from sim.errors import SimError
from sim.present.plots.style import styled

FORMATS = ("png", "svg", "pdf")


def figure_of(chart: Axes | Figure) -> Figure:
    figure = chart if isinstance(chart, Figure) else chart.figure
    while not isinstance(figure, Figure):  # an axes on a SubFigure: the whole figure
        figure = figure.figure
    return figure


def to_bytes(chart: Axes | Figure, fmt: str = "png", dpi: int = 150, description: str = "") -> bytes:
    """A chart's figure as PNG, SVG or PDF bytes, without time stamps (same chart, same bytes)."""
    figure = figure_of(chart)
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


def warm() -> None:
    """Load the chart font (its face and the glyphs of digits and common labels) and the PDF backend, e.g. before
    forking workers, so that each worker does not import and load them again."""
    with styled():
        figure = Figure(figsize=(1, 1))
        figure.text(0, 0, "0123456789 年份百强门槛概率")
        figure.canvas.draw()
    to_bytes(figure, "pdf")
