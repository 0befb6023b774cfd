"""Chart style shared by every chart: colours, the CJK font family, axes set-up and small helpers."""

from __future__ import annotations

from contextlib import contextmanager
from functools import lru_cache
from typing import Iterator

import matplotlib
import matplotlib.image
import pandas as pd
from matplotlib import font_manager
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.text import Text

from sim.present import fonts
from sim.errors import SimError
from sim.present.labels import LANGS


THRESHOLD_COLORS = {"top100": "#c0392b", "top50": "#6c3483"}
TIER_COLORS = {"advance": "#1f77b4", "sprint": "#e67e22", "reserve": "#27ae60", "other": "#7f8c8d"}
GDP_COLOR = "#2e86c1"
HATCH = "///"
MONO = "DejaVu Sans Mono"


@lru_cache(maxsize=1)
def family() -> tuple[str, ...]:
    """The font families charts use, the Chinese font first; registers it with matplotlib once."""
    font_manager.fontManager.addfont(str(fonts.path()))
    return (fonts.FAMILY, "DejaVu Sans")


@contextmanager
def styled() -> Iterator[None]:
    """Settings every chart is drawn and saved under (fonts, deterministic SVG ids, embedded PDF fonts)."""
    with matplotlib.rc_context({"font.family": list(family()), "axes.unicode_minus": True,
                                "svg.hashsalt": "tiersim", "svg.fonttype": "path", "pdf.fonttype": 3,
                                "axes.titlesize": 11, "axes.labelsize": 9, "xtick.labelsize": 8, "ytick.labelsize": 8,
                                "legend.fontsize": 7.5}):
        yield


def check_lang(lang: str) -> None:
    if lang not in LANGS:
        raise SimError(f"--lang: must be one of {', '.join(LANGS)}; got {lang!r}")


def new_axes(ax: Axes | None, size: tuple[float, float]) -> Axes:
    if ax is not None:
        return ax
    return Figure(figsize=size, layout="constrained").add_subplot()


def finish(ax: Axes, *others: Axes) -> Axes:
    """Give every text of the chart the chart fonts itself (titles and axis labels exist before the chart
    draws, and tick labels are made at draw time), so it renders the same outside :func:`styled`."""
    names = list(family())
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


# ---------------------------------------------------------------- one county


def grouped(frame: pd.DataFrame) -> list[tuple[str, pd.DataFrame]]:
    tiers = list(dict.fromkeys(frame["tier"]))
    return [(t, frame[frame["tier"] == t]) for t in tiers]
