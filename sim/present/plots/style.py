"""Chart style shared by every chart: colours, the CJK font, the frame (title, subtitle, source line) and helpers.

The house style follows the Financial Times / Economist charts and the Bank of England fan chart: a
left-aligned title that states the subject, a subtitle naming the scenario and the run, a grey source
line at the bottom, no top or right spine, light grid lines, direct labels where they fit.

Figures are laid out with fixed margins in inches (:func:`figure`), not with matplotlib's constrained
layout: a chart then renders in one pass, which halves the time of every PNG, SVG or PDF written.
"""

from __future__ import annotations

import unicodedata
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache
from typing import Iterator

import matplotlib
import pandas as pd
from matplotlib import font_manager
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.text import Text

from sim.errors import SimError
from sim.present import fonts
from sim.present.chartdata import About
from sim.present.labels import LANGS, label

THRESHOLD_COLORS = {"top100": "#b2182b", "top50": "#5e3c99"}
TIER_COLORS = {"advance": "#1f6fb4", "sprint": "#e07b00", "reserve": "#2e8b57", "other": "#7f8c8d"}
GDP_COLOR = "#1f5f99"
BAND_COLORS = {"band80": "#d3e3f1", "band50": "#a4c6e6"}
"""Opaque band colours (no transparency, so overlapping bands never turn muddy)."""
STATUS_MARKERS = {"official": ("o", True), "secondary": ("o", False), "forecast": ("D", False),
                  "estimated": ("s", False), "imputed": ("^", False)}
"""Marker and fill of a published figure or a seed by status (filled = official)."""
GREY, INK, MUTED = "#c8ccd0", "#1c2833", "#6b7378"
HATCH = "///"
MONO = "DejaVu Sans Mono"
TITLE_SIZE, SUBTITLE_SIZE, SOURCE_SIZE, TEXT_SIZE = 11.5, 8.0, 6.8, 7.5


@lru_cache(maxsize=1)
def family() -> tuple[str, ...]:
    """The font families charts use, the Chinese font first; registers it with matplotlib once."""
    font_manager.fontManager.addfont(str(fonts.path()))
    return (fonts.FAMILY, "DejaVu Sans")


@contextmanager
def styled() -> Iterator[None]:
    """Settings every chart is drawn and saved under (fonts, deterministic SVG ids, embedded PDF fonts)."""
    with matplotlib.rc_context({"font.family": [family()[0]], "axes.unicode_minus": True,
                                "svg.hashsalt": "tiersim", "svg.fonttype": "path", "pdf.fonttype": 3,
                                "axes.titlesize": TITLE_SIZE, "axes.labelsize": 8.5, "xtick.labelsize": 8,
                                "ytick.labelsize": 8, "legend.fontsize": 7.5, "axes.spines.top": False,
                                "axes.spines.right": False, "axes.edgecolor": "0.35", "axes.labelcolor": INK,
                                "xtick.color": "0.3", "ytick.color": "0.3", "text.color": INK,
                                "hatch.linewidth": 0.8, "legend.frameon": False, "pdf.compression": 3}):
        yield


def check_lang(lang: str) -> None:
    if lang not in LANGS:
        raise SimError(f"--lang: must be one of {', '.join(LANGS)}; got {lang!r}")


def text_width(text: str, size: float) -> float:
    """Approximate width in inches of ``text`` at ``size`` points (wide characters one em, others 0.58 em)."""
    return sum(1.0 if unicodedata.east_asian_width(ch) in "WF" else 0.58 for ch in str(text)) * size / 72


def figure(size: tuple[float, float], *, left: float = 0.75, right: float = 0.25, top: float = 0.75,
           bottom: float = 0.6) -> Axes:
    """A new :class:`Figure` of ``size`` inches with one axes inside fixed margins (inches)."""
    width, height = size
    fig = Figure(figsize=size)
    return fig.add_axes((left / width, bottom / height, 1 - (left + right) / width, 1 - (top + bottom) / height))


def new_axes(ax: Axes | None, size: tuple[float, float], **margins: float) -> Axes:
    return ax if ax is not None else figure(size, **margins)


def subtitle(about: About | None, lang: str, extra: str = "") -> str:
    """The scenario and the run, e.g. ``情景 baseline · 1000次抽样`` (and ``extra``)."""
    if about is None:
        return extra
    run = label(lang, "chart_deterministic") if about.deterministic else label(lang, "chart_draws", draws=about.draws)
    text = label(lang, "chart_subtitle", scenario=about.scenario, run=run)
    return f"{text} · {extra}" if extra else text


def source_line(about: About | None, lang: str) -> str:
    """The grey line at the bottom: model, version, scenario hash, seed and data hash."""
    if about is None:
        return ""
    return label(lang, "chart_source", version=about.version, sha=about.sha, seed=about.seed, data=about.data_sha)


def frame(ax: Axes, title: str, about: About | None, lang: str, *, extra: str = "", loc: str = "center") -> None:
    """Title (left-aligned over the axes), subtitle below it and the source line at the figure's bottom left.

    The title is the axes title of ``loc`` (``ax.get_title(loc)``), moved to the axes' left edge."""
    sub = subtitle(about, lang, extra)
    pad = 6.0 + (SUBTITLE_SIZE * 1.5 if sub else 0.0)
    # y given: matplotlib then skips re-measuring every tick label at each draw to keep the title clear of them
    # (there is nothing above the axes but the subtitle, which the pad leaves room for)
    title_text = ax.set_title(title, loc=loc, pad=pad, y=1.0, fontsize=TITLE_SIZE, color=INK)
    title_text.set_horizontalalignment("left")
    title_text.set_x(0.0)
    if sub:
        ax.annotate(sub, (0.0, 1.0), xycoords="axes fraction", xytext=(0, 5), textcoords="offset points", va="bottom",
                    ha="left", fontsize=SUBTITLE_SIZE, color=MUTED, gid="subtitle", annotation_clip=False)
    source = source_line(about, lang)
    if source:
        ax.annotate(source, (0.0, 0.0), xycoords="figure fraction", xytext=(6, 5), textcoords="offset points", va="bottom",
                    ha="left", fontsize=SOURCE_SIZE, color=MUTED, gid="source", annotation_clip=False)


def tidy(ax: Axes, grid: str = "y") -> None:
    """Light grid on ``grid`` (``x``, ``y``, ``both`` or ``""``), no ticks on the gridded axis."""
    if grid:
        ax.grid(axis=grid, color="0.9", lw=0.7)
        ax.set_axisbelow(True)
    ax.tick_params(length=3, width=0.6)


PORTABLE: ContextVar[bool] = ContextVar("portable", default=True)
"""Whether a chart must render outside :func:`styled` (False while :mod:`sim.present.charts` draws and saves a
chart inside it: then :func:`finish` has nothing to do, which saves a tenth of the time of a chart)."""


def finish(ax: Axes, *others: Axes) -> Axes:
    """Give every text of the chart the chart font itself (titles and axis labels exist before the chart
    draws, and tick labels are made at draw time), so it renders the same outside :func:`styled`."""
    if not PORTABLE.get():
        return ax
    names = [family()[0]]
    for a in (ax, *ax.child_axes, *others):
        for text in a.findobj(Text):
            text.set_fontfamily(names)
        a.tick_params(labelfontfamily=names)
    return ax


def display_name(row, lang: str) -> str:
    """The county's name in ``lang``, with ``*`` when its seed is estimated or imputed."""
    name = row["name_zh"] if lang == "zh" else (row["name_pinyin"] or row["county_id"])
    return name + ("*" if row.get("estimated", False) else "")


def missing(value) -> bool:
    return value is None or pd.isna(value)


def tier_rows(crossings_or_counties: pd.DataFrame) -> pd.DataFrame:
    return crossings_or_counties[crossings_or_counties["tier"] != "other"]


def grouped(frame: pd.DataFrame) -> list[tuple[str, pd.DataFrame]]:
    tiers = list(dict.fromkeys(frame["tier"]))
    return [(t, frame[frame["tier"] == t]) for t in tiers]


def spread(values: list[float], gap: float, low: float | None = None, high: float | None = None) -> list[float]:
    """Positions near ``values`` at least ``gap`` apart, in the same order (end labels that must not overlap).

    >>> spread([1.0, 1.2, 5.0], 1.0)
    [0.6, 1.6, 5.0]
    """
    order = sorted(range(len(values)), key=lambda i: values[i])
    placed = [values[i] for i in order]
    for _ in range(50):
        moved = False
        for k in range(1, len(placed)):
            overlap = gap - (placed[k] - placed[k - 1])
            if overlap > 1e-9:
                placed[k - 1] -= overlap / 2
                placed[k] += overlap / 2
                moved = True
        if low is not None and placed and placed[0] < low:
            shift = low - placed[0]
            placed = [p + shift for p in placed]
        if high is not None and placed and placed[-1] > high:
            shift = placed[-1] - high
            placed = [p - shift for p in placed]
        if not moved:
            break
    out = [0.0] * len(values)
    for k, i in enumerate(order):
        out[i] = round(placed[k], 6)
    return out


def percent(value) -> str:
    """A probability as a whole percent, ``<1%`` and ``>99%`` at the ends (never a false 0% or 100%).

    >>> percent(0.0), percent(0.004), percent(0.62), percent(0.996), percent(1.0)
    ('0%', '<1%', '62%', '>99%', '100%')
    """
    if missing(value):
        return ""
    v = float(value)
    if 0 < v < 0.005:
        return "<1%"
    if 0.995 <= v < 1:
        return ">99%"
    return f"{v:.0%}"
