"""A tile map of Hubei's county units: one square per unit, placed by its prefecture, coloured by probability.

No boundary data is needed (and none ships with tiersim): each prefecture has an approximate position
(its seat's longitude and latitude, rounded; the units governed directly by the province at their own
place), its units fill a small block of tiles there, and a tile that would land on another moves to the
nearest free square. The map shows where the likely Top-100 counties are; it does not show areas.
"""

from __future__ import annotations

import math

import matplotlib
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.patches import Rectangle

from sim.present.chartdata import About
from sim.present.labels import label
from sim.present.plots.style import INK, MUTED, check_lang, finish, frame, missing, new_axes, percent, styled

PLACES = {
    "十堰市": (110.8, 32.6), "襄阳市": (112.1, 32.0), "随州市": (113.4, 31.7), "孝感市": (113.9, 31.0),
    "黄冈市": (115.3, 30.7), "武汉市": (114.3, 30.6), "鄂州市": (114.9, 30.4), "黄石市": (115.0, 30.0),
    "咸宁市": (114.3, 29.7), "荆门市": (112.3, 31.1), "荆州市": (112.3, 30.0), "宜昌市": (111.2, 30.7),
    "恩施州": (109.5, 30.2), "天门市": (113.2, 30.7), "潜江市": (112.9, 30.4), "仙桃市": (113.5, 30.35),
    "神农架林区": (110.7, 31.7),
}
"""Approximate (longitude, latitude) of each prefecture's seat; 省直辖 units by their own name."""
WEST, NORTH, SCALE_X, SCALE_Y = 108.8, 33.0, 1.45, 1.9
"""Degrees to tile units: x = (lon - WEST) * SCALE_X, y = (NORTH - lat) * SCALE_Y."""


def _anchor(row) -> tuple[float, float] | None:
    place = PLACES.get(row["name_zh"]) if row["prefecture"] == "省直辖" else PLACES.get(row["prefecture"])
    if place is None:
        return None
    return ((place[0] - WEST) * SCALE_X, (NORTH - place[1]) * SCALE_Y)


def layout(counties: pd.DataFrame) -> dict[str, tuple[int, int]]:
    """Tile (column, row) of each county: its prefecture's block, then the nearest free square.

    >>> frame = pd.DataFrame({"county_id": ["1", "2"], "name_zh": ["天门市", "大冶市"], "prefecture": ["省直辖", "黄石市"]})
    >>> layout(frame)
    {'1': (6, 4), '2': (9, 6)}
    """
    taken: dict[tuple[int, int], str] = {}
    out: dict[str, tuple[int, int]] = {}
    groups: dict[str, list] = {}
    for _, row in counties.iterrows():
        key = row["name_zh"] if row["prefecture"] == "省直辖" else row["prefecture"]
        groups.setdefault(key, []).append(row)
    loose = []
    for key, rows in groups.items():
        anchor = _anchor(rows[0])
        if anchor is None:
            loose.extend(rows)
            continue
        width = min(3, math.ceil(math.sqrt(len(rows))))
        for k, row in enumerate(rows):
            want = (round(anchor[0] + k % width - (width - 1) / 2), round(anchor[1] + k // width))
            out[row["county_id"]] = _free(want, taken)
            taken[out[row["county_id"]]] = row["county_id"]
    bottom = max((cell[1] for cell in taken), default=0) + 2
    for k, row in enumerate(loose):  # units of an unknown prefecture: a row below the map
        out[row["county_id"]] = _free((k, bottom), taken)
        taken[out[row["county_id"]]] = row["county_id"]
    return out


def _free(want: tuple[int, int], taken: dict) -> tuple[int, int]:
    """``want`` if free, else the nearest free square (ties: by angle, so the result is deterministic)."""
    if want not in taken:
        return want
    for radius in range(1, 50):
        ring = [(want[0] + dx, want[1] + dy) for dx in range(-radius, radius + 1) for dy in range(-radius, radius + 1)
                if max(abs(dx), abs(dy)) == radius]
        ring.sort(key=lambda c: (math.hypot(c[0] - want[0], c[1] - want[1]), c[1], c[0]))
        for cell in ring:
            if cell not in taken:
                return cell
    raise ValueError(f"no free tile near {want}")


def tile_map(membership: pd.DataFrame, counties: pd.DataFrame, *, threshold: str = "top100", year: int,
             about: About | None = None, lang: str = "zh", ax: Axes | None = None) -> Axes:
    """Every county unit as a square at its prefecture's place, coloured by P(at or above ``threshold``
    in ``year``), the probability written in it; grey for no data, a dashed edge for an estimated seed."""
    check_lang(lang)
    cells = layout(counties)
    p = membership[(membership["threshold"] == threshold) & (membership["year"] == year)].set_index("county_id")["probability"]
    columns = [c for c, _ in cells.values()] or [0]
    rows = [r for _, r in cells.values()] or [0]
    span_x, span_y = max(columns) - min(columns) + 1, max(rows) - min(rows) + 1
    size = (min(7.4, 1.0 + 0.55 * span_x), 1.6 + 0.55 * span_y)
    with styled():
        ax = new_axes(ax, size, left=0.2, right=0.2, top=0.85, bottom=0.75)
        cmap = matplotlib.colormaps["YlGnBu"]
        for _, row in counties.iterrows():
            x, y = cells[row["county_id"]]
            value = p.get(row["county_id"])
            known = row["projected"] and not missing(value)
            face = cmap(0.08 + 0.92 * float(value)) if known else "#e1e4e6"
            ax.add_patch(Rectangle((x - 0.46, y - 0.46), 0.92, 0.92, facecolor=face, lw=1.1 if row["estimated"] else 0.6,
                                   edgecolor=INK if row["estimated"] else "white", ls="--" if row["estimated"] else "-",
                                   gid=f"tile-{row['county_id']}"))
            dark = known and float(value) > 0.6
            name = row["name_zh"] if lang == "zh" else (row["name_pinyin"] or row["county_id"])
            if lang == "zh" and len(name) > 2 and name[-1] in "市县区":
                name = name[:-1]
            name += "*" if row["estimated"] else ""
            ax.text(x, y - 0.13, name, ha="center", va="center", fontsize=6.8 if lang == "zh" else 5.2,
                    color="white" if dark else INK, gid="tile-name")
            ax.text(x, y + 0.2, percent(value) if known else label(lang, "no_data"), ha="center", va="center",
                    fontsize=6.5 if known else 5.5, color="white" if dark else (INK if known else MUTED), gid="tile-p")
        ax.set_xlim(min(columns) - 0.6, max(columns) + 0.6)
        ax.set_ylim(max(rows) + 0.6, min(rows) - 0.6)
        ax.set_aspect("equal")
        ax.set_axis_off()
        frame(ax, label(lang, "map_title", name=label(lang, f"thr_{threshold}"), year=year), about, lang,
              extra=label(lang, "map_note"))
        keys = [(0.0, "0%"), (0.25, "25%"), (0.5, "50%"), (0.75, "75%"), (1.0, "100%")]
        for k, (v, text) in enumerate(keys):
            ax.add_patch(Rectangle((0.0 + 0.06 * k, -0.07), 0.055, 0.035, transform=ax.transAxes, facecolor=cmap(0.08 + 0.92 * v),
                                   edgecolor="none", clip_on=False, gid="key"))
            ax.text(0.0275 + 0.06 * k, -0.09, text, transform=ax.transAxes, ha="center", va="top", fontsize=6.2, color=MUTED)
        ax.add_patch(Rectangle((0.34, -0.07), 0.055, 0.035, transform=ax.transAxes, facecolor="#e1e4e6", edgecolor="none",
                               clip_on=False))
        ax.text(0.4, -0.0525, label(lang, "no_data"), transform=ax.transAxes, va="center", fontsize=6.2, color=MUTED)
        ax.text(0.52, -0.0525, label(lang, "map_estimated"), transform=ax.transAxes, va="center", fontsize=6.2, color=MUTED)
        return finish(ax)
