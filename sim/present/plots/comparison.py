"""Comparing two scenarios (A, the report's, and the what-if B), and the sweep heatmap.

The comparison shows results, not only differences: per county, an arrow from A's median crossing year to
B's (a county that crosses only in B is labelled "new: 2031", never drawn at zero change), arrows from A's
to B's probability of crossing by each milestone, and B's change in median GDP."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.ticker import FuncFormatter, MaxNLocator

from sim.present.chartdata import About
from sim.present.labels import label
from sim.present.plots.style import (GDP_COLOR, INK, MUTED, THRESHOLD_COLORS, check_lang, figure, finish, frame, missing,
                                     styled, text_width, tidy, tier_rows)

MILESTONE_SHADES = ("#9ecae1", "#4292c6", "#08306b")
OFFSETS = {"top100": -0.2, "top50": 0.2}


def _arrow(ax: Axes, y: float, x0: float, x1: float, color: str) -> None:
    if abs(x1 - x0) > 1e-9:
        ax.annotate("", (x1, y), xytext=(x0, y), arrowprops={"arrowstyle": "-|>,head_length=0.35,head_width=0.2",
                                                              "color": color, "lw": 1.1, "shrinkA": 0, "shrinkB": 0})


def _years_panel(ax: Axes, rows: pd.DataFrame, ids: list[str], horizons: tuple[int, int], base: int, a: str, b: str,
                 lang: str) -> None:
    beyond = max(horizons) + 1.0
    for name_t, offset in OFFSETS.items():
        part = rows[rows["threshold"] == name_t].set_index("county_id").reindex(ids)
        color = THRESHOLD_COLORS[name_t]
        for i, (va, vb) in enumerate(zip(part["a"], part["b"])):
            y = i + offset
            if missing(va) and missing(vb):
                continue
            if missing(va):
                _arrow(ax, y, beyond, float(vb), color)
                ax.plot([vb], [y], ls="none", marker="o", ms=5, color=color, gid=f"only-b-{name_t}")
                ax.annotate(label(lang, "new_year", year=int(vb)), (float(vb), y), xytext=(-4, 0), textcoords="offset points",
                            ha="right", va="center", fontsize=6.5, color=color, gid="new-label")
            elif missing(vb):
                _arrow(ax, y, float(va), beyond, color)
                ax.plot([va], [y], ls="none", marker="o", ms=4, color="0.6", gid=f"only-a-{name_t}")
                ax.annotate(label(lang, "lost_year"), (beyond, y), xytext=(3, 0), textcoords="offset points", va="center",
                            fontsize=6.5, color=color, gid="lost-label", annotation_clip=False)
            else:
                ax.plot([va], [y], ls="none", marker="o", ms=4, color="0.6", gid=f"a-{name_t}")
                _arrow(ax, y, float(va), float(vb), color)
                ax.plot([vb], [y], ls="none", marker="o", ms=5, color=color, gid=f"change-{name_t}")
    ax.axvline(beyond, color="0.8", lw=0.8, ls=":")
    ax.annotate(label(lang, "not_by", year=max(horizons)), (beyond, 0.0), xycoords=("data", "axes fraction"), xytext=(2, 3),
                textcoords="offset points", ha="left", va="bottom", fontsize=6.5, color=MUTED, annotation_clip=False)
    ax.set_xlim(base - 0.5, beyond + 1.8)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True, nbins=6))
    tidy(ax, "x")
    ax.set_xlabel(label(lang, "compare_years", a=a, b=b))


def _probability_panel(ax: Axes, crossing: pd.DataFrame, ids: list[str], milestones: list[int], lang: str) -> None:
    part = crossing[(crossing["threshold"] == "top100")]
    shades = MILESTONE_SHADES[-len(milestones):] if len(milestones) <= len(MILESTONE_SHADES) else None
    for k, year in enumerate(milestones):
        rows = part[part["measure"] == f"p_by_{year}"].set_index("county_id").reindex(ids)
        color = shades[k] if shades else GDP_COLOR
        dy = (k - (len(milestones) - 1) / 2) * 0.22
        for i, (pa, pb) in enumerate(zip(rows["a"], rows["b"])):
            if missing(pa) or missing(pb):
                continue
            ax.plot([pa], [i + dy], ls="none", marker="|", ms=5, color="0.55")
            _arrow(ax, i + dy, float(pa), float(pb), color)
            ax.plot([pb], [i + dy], ls="none", marker="o", ms=3, color=color, gid=f"p-arrow-{year}")
    ax.set_xlim(-0.03, 1.03)
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:.0%}"))
    ax.set_xticks([0, 0.5, 1.0])
    tidy(ax, "x")
    ax.set_xlabel(label(lang, "compare_p"))
    handles = [Line2D([], [], ls="none", marker="o", ms=4, color=(shades[k] if shades else GDP_COLOR), label=str(year))
               for k, year in enumerate(milestones)]
    ax.legend(handles=handles, loc="lower left", bbox_to_anchor=(0.0, 1.0), ncols=len(handles), fontsize=6.5,
              handletextpad=0.1, columnspacing=0.6, borderaxespad=0.2)


def scenario_comparison(crossing: pd.DataFrame, gdp: pd.DataFrame, *, names: tuple[str, str] = ("A", "B"),
                        year: int | None = None, counties: pd.DataFrame | None = None,
                        horizons: tuple[int, int] | None = None, about: About | None = None, lang: str = "zh",
                        ax: Axes | None = None) -> Axes:
    """B (the what-if) against A, per tier county, in three panels sharing the rows: the median first-crossing
    year of the Top-100 and Top-50 thresholds as an arrow from A to B ("new: YEAR" where only B crosses by
    its horizon, "no longer" where only A does); P(Top-100 by each milestone) as arrows from A to B; and the
    change in median GDP in ``year`` (default: the last year of ``gdp``). Without ``ax`` the panels are the
    figure's axes; with ``ax`` the other two are insets to its right (``ax.child_axes``). Frames:
    :func:`sim.whatif.compare.crossing_differences`, :func:`sim.whatif.compare.gdp_differences`."""
    check_lang(lang)
    a, b = names
    rows = tier_rows(crossing[crossing["measure"] == "year_p50"])
    ids = list(dict.fromkeys(rows["county_id"]))
    info = rows.drop_duplicates("county_id").set_index("county_id")
    estimated = set() if counties is None else set(counties.loc[counties["estimated"], "county_id"])
    year = int(gdp["year"].max()) if year is None else year
    base = int(gdp["year"].min())
    horizons = horizons or (year, year)
    milestones = sorted(int(m[5:]) for m in crossing["measure"].unique() if m.startswith("p_by_"))
    change = gdp[gdp["year"] == year].set_index("county_id")["b_minus_a"].reindex(ids).to_numpy(dtype=float)
    labels = [(info.loc[c, "name_zh"] if lang == "zh" else info.loc[c, "name_pinyin"]) + ("*" if c in estimated else "")
              for c in ids]
    with styled():
        if ax is None:
            left = max((text_width(t, 8) for t in labels), default=1.0) + 0.2
            height = 2.3 + 0.3 * len(ids)
            ax = figure((7.4, height), left=left, right=0.2, top=0.95, bottom=1.05)
            pos = ax.get_position()
            ax.set_position((pos.x0, pos.y0, pos.width * 0.47, pos.height))
            middle = ax.figure.add_axes((pos.x0 + pos.width * 0.5, pos.y0, pos.width * 0.29, pos.height), sharey=ax)
            right = ax.figure.add_axes((pos.x0 + pos.width * 0.82, pos.y0, pos.width * 0.18, pos.height), sharey=ax)
        else:
            middle = ax.inset_axes((1.04, 0.0, 0.6, 1.0), sharey=ax)
            right = ax.inset_axes((1.7, 0.0, 0.4, 1.0), sharey=ax)
        _years_panel(ax, rows, ids, horizons, base, a, b, lang)
        ax.set_yticks(range(len(ids)), labels=labels)
        ax.set_ylim(len(ids) - 0.5, -0.5)
        ax.tick_params(axis="y", length=0)
        for i in range(1, len(ids)):
            for panel in (ax, middle, right):
                panel.axhline(i - 0.5, color="0.94", lw=0.6, zorder=0)
        frame(ax, label(lang, "compare_title", a=a, b=b), about, lang, extra=label(lang, "compare_subtitle", a=a, b=b),
              loc="left")
        handles = [Line2D([], [], color=THRESHOLD_COLORS[t], marker="o", ms=4, label=label(lang, f"thr_{t}")) for t in OFFSETS]
        handles += [Line2D([], [], ls="none", marker="o", ms=4, color="0.6", label=label(lang, "compare_from", a=a)),
                    Line2D([], [], ls="none", marker="o", ms=5, color=INK, label=label(lang, "only_b", b=b)),
                    Line2D([], [], ls="none", marker=">", color="0.3", label=label(lang, "only_a", a=a))]
        ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(0.0, -0.55 / max(len(ids), 1) * 2.2), ncols=3,
                  fontsize=6.8)
        _probability_panel(middle, crossing[crossing["county_id"].isin(ids)], ids, milestones, lang)
        middle.tick_params(labelleft=False, length=0, axis="y")
        right.barh(range(len(ids)), np.nan_to_num(change), height=0.5, color=GDP_COLOR, gid="gdp-change")
        for i, v in enumerate(change):
            if np.isnan(v):
                right.text(0, i, " " + label(lang, "no_data"), va="center", fontsize=6.5, color=MUTED, gid="no-data")
        right.axvline(0, color="0.3", lw=0.8)
        right.tick_params(labelleft=False, length=0, axis="y")
        right.xaxis.set_major_locator(MaxNLocator(nbins=3))
        tidy(right, "x")
        right.set_xlabel(label(lang, "compare_gdp", year=year))
        return finish(ax, middle, right)


def sweep_heatmap(table: pd.DataFrame, *, title: str = "", ax: Axes | None = None) -> Axes:
    """A sweep as a heatmap: ``table`` from :func:`sim.whatif.sweep.heatmap_table` (numbers; columns: the
    first varied key's values, rows: the second key's, or counties), ``title`` saying what the
    numbers are. Cells are annotated when there are at most 400. The image carries ``gid`` ``sweep``."""
    from matplotlib.figure import Figure

    values = table.to_numpy(dtype=float)
    with styled():
        if ax is None:
            ax = Figure(figsize=(max(4.0, 0.6 * table.shape[1] + 2.0), max(3.0, 0.35 * table.shape[0] + 1.5)),
                        layout="constrained").add_subplot()
        image = ax.imshow(values, aspect="auto", cmap="viridis", gid="sweep")  # first row at the top, as in the table
        ax.set_xticks(range(table.shape[1]), labels=[str(c) for c in table.columns], rotation=90 if table.shape[1] > 12 else 0)
        ax.set_yticks(range(table.shape[0]), labels=[str(i) for i in table.index])
        ax.set_xlabel(str(table.columns.name or ""))
        ax.set_ylabel(str(table.index.name or ""))
        if values.size <= 400 and np.isfinite(values).any():
            middle = float(np.nanmean(values))
            for (y, x), v in np.ndenumerate(values):
                if np.isfinite(v):
                    ax.text(x, y, f"{v:.2f}", ha="center", va="center", fontsize=7, color="white" if v < middle else "black")
        ax.figure.colorbar(image, ax=ax)
        ax.set_title(title)
        return finish(ax)
