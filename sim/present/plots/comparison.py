"""Comparing two scenarios, and the sweep heatmap."""

from __future__ import annotations


import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.ticker import MaxNLocator

from sim.present.labels import label
from sim.present.plots.style import GDP_COLOR, THRESHOLD_COLORS, check_lang, finish, missing, new_axes, styled, tier_rows


def scenario_comparison(crossing: pd.DataFrame, gdp: pd.DataFrame, *, names: tuple[str, str] = ("A", "B"),
                        year: int | None = None, counties: pd.DataFrame | None = None, lang: str = "zh",
                        ax: Axes | None = None) -> Axes:
    """What-if (B) minus baseline (A), per tier county: the change in the median first-crossing year of the
    Top-100 and Top-50 thresholds (a dot at the change; ``<`` where only B crosses by its horizon, ``>``
    where only A does), and in a panel to the right sharing the rows, the change in median GDP in ``year``
    (default: the last year of ``gdp``). Without ``ax`` the panel is the figure's second axes; with ``ax``
    it is an inset to its right (``ax.child_axes[0]``). Frames: :func:`sim.whatif.compare.crossing_differences`,
    :func:`sim.whatif.compare.gdp_differences`."""
    check_lang(lang)
    a, b = names
    rows = tier_rows(crossing[crossing["measure"] == "year_p50"])
    ids = list(dict.fromkeys(rows["county_id"]))
    info = rows.drop_duplicates("county_id").set_index("county_id")
    estimated = set() if counties is None else set(counties.loc[counties["estimated"], "county_id"])
    year = int(gdp["year"].max()) if year is None else year
    change = gdp[gdp["year"] == year].set_index("county_id")["b_minus_a"].reindex(ids).to_numpy(dtype=float)
    with styled():
        if ax is None:
            figure = Figure(figsize=(9.0, 1.6 + 0.3 * len(ids)), layout="constrained")
            ax, right = figure.subplots(1, 2, sharey=True, width_ratios=(1.6, 1.0))
        else:
            right = ax.inset_axes((1.04, 0.0, 0.55, 1.0), sharey=ax)
        offsets = {"top100": -0.18, "top50": 0.18}
        for name_t, offset in offsets.items():
            part = rows[rows["threshold"] == name_t].set_index("county_id").reindex(ids)
            color = THRESHOLD_COLORS[name_t]
            for i, (va, vb) in enumerate(zip(part["a"], part["b"])):
                y = i + offset
                if missing(va) and not missing(vb):
                    ax.plot([0], [y], ls="none", marker="<", ms=6, color=color, gid=f"only-b-{name_t}")
                elif missing(vb) and not missing(va):
                    ax.plot([0], [y], ls="none", marker=">", ms=6, color=color, gid=f"only-a-{name_t}")
                elif not missing(va):
                    diff = float(vb) - float(va)
                    ax.hlines(y, 0, diff, color=color, lw=2)
                    ax.plot([diff], [y], ls="none", marker="o", ms=5, color=color, gid=f"change-{name_t}")
        ax.axvline(0, color="0.3", lw=0.8)
        labels = [(info.loc[c, "name_zh"] if lang == "zh" else info.loc[c, "name_pinyin"]) + ("*" if c in estimated else "")
                  for c in ids]
        ax.set_yticks(range(len(ids)), labels=labels)
        ax.set_ylim(len(ids) - 0.5, -0.5)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        low, high = ax.get_xlim()
        ax.set_xlim(min(low, -1.5), max(high, 1.5))
        ax.grid(axis="x", color="0.92")
        ax.set_xlabel(label(lang, "compare_years", a=a, b=b))
        ax.set_title(label(lang, "compare_title", a=a, b=b), loc="left")
        handles = [Line2D([], [], color=THRESHOLD_COLORS[t], marker="o", label=label(lang, f"thr_{t}")) for t in offsets]
        handles += [Line2D([], [], ls="none", marker="<", color="0.3", label=label(lang, "only_b", b=b)),
                    Line2D([], [], ls="none", marker=">", color="0.3", label=label(lang, "only_a", a=a))]
        ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(0.0, -0.1 - 0.3 / max(len(ids), 1)), ncols=2,
                  frameon=False)
        right.barh(range(len(ids)), np.nan_to_num(change), height=0.5, color=GDP_COLOR, gid="gdp-change")
        for i, v in enumerate(change):
            if np.isnan(v):
                right.text(0, i, " " + label(lang, "no_data"), va="center", fontsize=7, color="0.45", gid="no-data")
        right.axvline(0, color="0.3", lw=0.8)
        right.tick_params(labelleft=False)
        right.grid(axis="x", color="0.92")
        right.set_xlabel(label(lang, "compare_gdp", year=year))
        return finish(ax, right)


# ---------------------------------------------------------------- output


def sweep_heatmap(table: pd.DataFrame, *, title: str = "", ax: Axes | None = None) -> Axes:
    """A sweep as a heatmap: ``table`` from :func:`sim.whatif.sweep.heatmap_table` (numbers; columns: the
    first varied key's values, rows: the second key's, or counties), ``title`` saying what the
    numbers are. Cells are annotated when there are at most 400. The image carries ``gid`` ``sweep``."""
    values = table.to_numpy(dtype=float)
    with styled():
        ax = new_axes(ax, (max(4.0, 0.6 * table.shape[1] + 2.0), max(3.0, 0.35 * table.shape[0] + 1.5)))
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
