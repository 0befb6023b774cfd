"""Crossing charts over all tier counties: the timeline (when) and the probability heatmap (how likely)."""

from __future__ import annotations

import matplotlib
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Rectangle
from matplotlib.ticker import MaxNLocator

from sim.present.chartdata import About
from sim.present.labels import label, tier as tier_name
from sim.present.plots.style import (HATCH, INK, MUTED, TEXT_SIZE, THRESHOLD_COLORS, check_lang, display_name, finish,
                                     frame, grouped, missing, new_axes, percent, styled, text_width, tidy, tier_rows)


def _order(part: pd.DataFrame) -> pd.DataFrame:
    """Tier counties sorted for reading: already above, then by median year, then not by the horizon, then no data."""
    key = []
    for _, row in part.iterrows():
        if not row["projected"]:
            key.append((3, 0, 0.0))
        elif row["base_above"] == "true":
            key.append((0, 0, 0.0))
        elif missing(row["year_p50"]):
            key.append((2, 0, -float(row["p_by_horizon"])))
        else:
            key.append((1, int(row["year_p50"]), -float(row["p_by_horizon"])))
    return part.assign(_key=key).sort_values("_key", kind="stable").drop(columns="_key")


def timeline_rows(crossings: pd.DataFrame, counties: pd.DataFrame, threshold: str) -> list[tuple[str, pd.DataFrame]]:
    """The timeline's rows: per tier (in order of appearance), its counties sorted by :func:`_order`."""
    rows = tier_rows(crossings[crossings["threshold"] == threshold]).merge(
        counties[["county_id", "estimated", "projected"]], on="county_id", how="left")
    return [(tier, _order(part)) for tier, part in grouped(rows)]


def crossing_timeline(crossings: pd.DataFrame, counties: pd.DataFrame, *, threshold: str = "top100", base_year: int,
                      horizon: int, about: About | None = None, lang: str = "zh", ax: Axes | None = None) -> Axes:
    """Per tier county, grouped by tier and sorted by crossing year: the median first-crossing year of ``threshold``
    with its P10–P90 whisker (a dot sized and shaded by the probability of crossing by the horizon, open for an
    estimated or imputed seed); ``<`` at the base year for "already above", ``>`` past the horizon for "not by
    the horizon"; and the probability itself written in a column at the right."""
    check_lang(lang)
    groups = timeline_rows(crossings, counties, threshold)
    n = sum(len(part) for _, part in groups) + len(groups)
    names_all = [display_name(r, lang) for _, part in groups for _, r in part.iterrows()]
    left = max(1.1, max((text_width(t, 8) for t in names_all), default=1.0) + 0.25)
    with styled():
        ax = new_axes(ax, (7.2, 1.75 + 0.22 * n), left=left, right=0.95, top=0.8, bottom=0.95)
        color = THRESHOLD_COLORS.get(threshold, INK)
        beyond = horizon + 0.7
        ticks, names, y = [], [], 0
        heads = []
        for tier, part in groups:
            ticks.append(y)
            names.append(tier_name(lang, tier))
            heads.append(y)
            if y:
                ax.axhline(y - 0.5, color="0.82", lw=0.8)
            y += 1
            for _, row in part.iterrows():
                ticks.append(y)
                names.append(display_name(row, lang))
                if not row["projected"]:
                    ax.text(base_year, y, label(lang, "no_data"), va="center", fontsize=TEXT_SIZE, color=MUTED, gid="no-data")
                    y += 1
                    continue
                p = float(row["p_by_horizon"])
                if row["base_above"] == "true":
                    ax.plot([base_year], [y], ls="none", marker="<", ms=7, color=color, gid="already")
                else:
                    low, mid, high = row["year_p10"], row["year_p50"], row["year_p90"]
                    if not missing(low):
                        ax.hlines(y, low, beyond if missing(high) else high, color=color, lw=1.4, alpha=0.55,
                                  gid="whisker")
                    if missing(mid):
                        ax.plot([beyond], [y], ls="none", marker=">", ms=7, color="0.45", gid="never")
                    else:
                        ax.plot([mid], [y], ls="none", marker="o", ms=4.5 + 5.0 * p, color=color,
                                mfc="white" if row["estimated"] else color, mew=1.5, gid="median")
                ax.annotate(percent(p), (1.0, y), xycoords=("axes fraction", "data"), xytext=(8, 0),
                            textcoords="offset points", va="center", ha="left", fontsize=8, gid="probability",
                            color=INK if p >= 0.5 else MUTED,
                            annotation_clip=False)
                y += 1
        ax.annotate(label(lang, "p_by_col", year=horizon), (1.0, -0.6), xycoords=("axes fraction", "data"), xytext=(8, 0),
                    textcoords="offset points", va="bottom", ha="left", fontsize=7, color=MUTED, annotation_clip=False)
        ax.set_yticks(ticks, labels=names)
        for k, tick in enumerate(ax.get_yticklabels()):
            if ticks[k] in heads:
                tick.set_color("#1b4f72")
        ax.set_ylim(y - 0.5, -0.7)
        ax.set_xlim(base_year - 0.8, horizon + 1.3)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.tick_params(axis="y", length=0)
        tidy(ax, "x")
        frame(ax, label(lang, "timeline_title", name=label(lang, f"thr_{threshold}")), about, lang)
        handles = [
            Line2D([], [], ls="none", marker="o", color=color, label=label(lang, "median_year")),
            Line2D([], [], color=color, lw=1.4, alpha=0.55, label=label(lang, "p10p90")),
            Line2D([], [], ls="none", marker="<", color=color, label=label(lang, "already")),
            Line2D([], [], ls="none", marker=">", color="0.45", label=label(lang, "never", year=horizon)),
            Line2D([], [], ls="none", marker="o", color=color, mfc="white", label=label(lang, "seed_estimated")),
        ]
        ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(0.0, -0.35 / max(y, 1) * 6), ncols=5, fontsize=7,
                  handletextpad=0.4, columnspacing=1.0)
        return finish(ax)


def probability_heatmap(membership: pd.DataFrame, counties: pd.DataFrame, *, threshold: str = "top100",
                        milestones: tuple[int, ...] = (), about: About | None = None, lang: str = "zh",
                        ax: Axes | None = None) -> Axes:
    """County × year: probability of being at or above ``threshold`` (the value written in each milestone year's
    cells); tier names beside their rows; estimated seeds' rows hatched, counties with no data grey."""
    check_lang(lang)
    tier_counties = tier_rows(counties)
    ids = list(tier_counties["county_id"])
    grid = membership[membership["threshold"] == threshold].pivot(index="county_id", columns="year", values="probability")
    grid = grid.reindex(ids).astype(float)
    years = list(grid.columns)
    names = [display_name(row, lang) + ("" if row["projected"] else f" ({label(lang, 'no_data')})")
             for _, row in tier_counties.iterrows()]
    left = max(text_width(t, 8) for t in names) + 0.45 if names else 1.0
    with styled():
        ax = new_axes(ax, (7.6, 1.7 + 0.24 * len(ids)), left=left, right=1.0, top=0.8, bottom=0.8)
        cmap = matplotlib.colormaps["YlGnBu"].with_extremes(bad="#e1e4e6")
        image = ax.imshow(grid.to_numpy(), aspect="auto", cmap=cmap, vmin=0.0, vmax=1.0, interpolation="nearest")
        for i, (_, row) in enumerate(tier_counties.iterrows()):
            if row["estimated"]:
                ax.add_patch(Rectangle((-0.5, i - 0.5), len(years), 1, fill=False, hatch=HATCH, lw=0,
                                       edgecolor=(0.25, 0.25, 0.25, 0.45), gid="estimated"))  # the hatch takes the edge colour
                for x, value in enumerate(grid.iloc[i]):  # on dark cells a light hatch, so it shows everywhere
                    if not pd.isna(value) and value > 0.55:
                        ax.add_patch(Rectangle((x - 0.5, i - 0.5), 1, 1, fill=False, hatch=HATCH, lw=0,
                                               edgecolor=(1, 1, 1, 0.55), gid="estimated-dark"))
        for year in milestones:
            if year not in years:
                continue
            x = years.index(year)
            for i, value in enumerate(grid[year]):
                if not pd.isna(value):
                    ax.text(x, i, percent(value).replace("%", ""), ha="center", va="center", fontsize=6.5,
                            color="white" if value > 0.6 else INK, gid="cell-text")
        ax.set_yticks(range(len(ids)), labels=names)
        step = 1 if len(years) <= 12 else 2
        ax.set_xticks(range(0, len(years), step), labels=[str(y) for y in years[::step]])
        ax.tick_params(length=0)
        for spine in ax.spines.values():
            spine.set_visible(False)
        tiers = list(tier_counties["tier"])
        starts = [i for i in range(len(ids)) if i == 0 or tiers[i] != tiers[i - 1]]
        for k, start in enumerate(starts):
            end = starts[k + 1] if k + 1 < len(starts) else len(ids)
            if start:
                ax.axhline(start - 0.5, color="white", lw=3)
            ax.annotate(tier_name(lang, tiers[start]), (1.0, (start + end - 1) / 2), xycoords=("axes fraction", "data"),
                        xytext=(6, 0), textcoords="offset points", va="center", ha="left", fontsize=8, color="#1b4f72",
                        gid="tier-label", annotation_clip=False)
            ax.annotate("", (1.0, start - 0.4), xycoords=("axes fraction", "data"), xytext=(1.0, end - 0.6),
                        textcoords=("axes fraction", "data"), annotation_clip=False,
                        arrowprops={"arrowstyle": "-", "color": "#1b4f72", "lw": 1.2})
        pos, height = ax.get_position(), ax.figure.get_figheight()
        below = 0.5 / (pos.height * height)  # half an inch under the axes, in axes fractions
        bar = ax.figure.add_axes((pos.x0 + pos.width * 0.6, pos.y0 - 0.5 / height, pos.width * 0.4, 0.09 / height))
        colorbar = ax.figure.colorbar(image, cax=bar, orientation="horizontal")
        colorbar.set_ticks([0, 0.25, 0.5, 0.75, 1.0], labels=["0%", "25%", "50%", "75%", "100%"])
        colorbar.ax.tick_params(labelsize=7, length=2)
        colorbar.outline.set_visible(False)
        bar.set_title(label(lang, "probability"), fontsize=7, loc="left", pad=2)
        frame(ax, label(lang, "heatmap_title", name=label(lang, f"thr_{threshold}")), about, lang,
              extra=label(lang, "heatmap_cells") if milestones else "")
        ax.legend(handles=[Patch(facecolor="#7fb3d5", hatch=HATCH, edgecolor=(0.25, 0.25, 0.25, 0.45),
                                 label=label(lang, "estimated_rows"))],
                  loc="center left", bbox_to_anchor=(0.0, -below), fontsize=7)
        return finish(ax, bar)
