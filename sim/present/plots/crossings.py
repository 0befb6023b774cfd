"""Crossing charts over all counties: the timeline, the probability heatmap and the tier scorecard."""

from __future__ import annotations


import matplotlib
import matplotlib.image
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Rectangle
from matplotlib.ticker import MaxNLocator

from sim.present.labels import label, tier as tier_name
from sim.present.plots.style import HATCH, THRESHOLD_COLORS, TIER_COLORS, check_lang, display_name, finish, grouped, missing, new_axes, styled, tier_rows


def crossing_timeline(crossings: pd.DataFrame, counties: pd.DataFrame, *, threshold: str = "top100", base_year: int,
                      horizon: int, lang: str = "zh", ax: Axes | None = None) -> Axes:
    """Per tier county, grouped by tier: the median first-crossing year of ``threshold`` with its P10–P90
    whisker; ``<`` at the base year for "already above", ``>`` past the horizon for "not by the horizon";
    an open dot for an estimated or imputed seed."""
    check_lang(lang)
    rows = tier_rows(crossings[crossings["threshold"] == threshold]).merge(
        counties[["county_id", "estimated", "projected"]], on="county_id", how="left")
    groups = grouped(rows)
    with styled():
        ax = new_axes(ax, (7.0, 1.4 + 0.24 * (len(rows) + len(groups))))
        color = THRESHOLD_COLORS.get(threshold, "black")
        beyond = horizon + 0.7
        ticks, names, y = [], [], 0
        for tier, part in groups:
            ticks.append(y)
            names.append(tier_name(lang, tier))
            if y:
                ax.axhline(y - 0.5, color="0.8", lw=0.8)
            y += 1
            for _, row in part.iterrows():
                ticks.append(y)
                names.append(display_name(row, lang))
                if not row["projected"]:
                    ax.text(base_year, y, label(lang, "no_data"), va="center", fontsize=7.5, color="0.45", gid="no-data")
                elif row["base_above"] == "true":
                    ax.plot([base_year], [y], ls="none", marker="<", ms=7, color=color, gid="already")
                else:
                    low, mid, high = row["year_p10"], row["year_p50"], row["year_p90"]
                    if not missing(low):
                        ax.hlines(y, low, beyond if missing(high) else high, color=color, lw=1.5, gid="whisker")
                    if missing(mid):
                        ax.plot([beyond], [y], ls="none", marker=">", ms=7, color="0.35", gid="never")
                    else:
                        ax.plot([mid], [y], ls="none", marker="o", ms=6.5, color=color,
                                mfc="white" if row["estimated"] else color, mew=1.5, gid="median")
                y += 1
        ax.set_yticks(ticks, labels=names)
        headings = {tier_name(lang, t) for t, _ in groups}
        for tick, text in zip(ax.get_yticklabels(), names):
            if text in headings:
                tick.set_color("#1b4f72")
                tick.set_fontsize(9.5)
        ax.set_ylim(y - 0.5, -0.7)
        ax.set_xlim(base_year - 0.8, horizon + 1.3)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.grid(axis="x", color="0.92")
        ax.set_xlabel(label(lang, "year"))
        ax.set_title(label(lang, "timeline_title", name=label(lang, f"thr_{threshold}")))
        handles = [
            Line2D([], [], ls="none", marker="o", color=color, label=label(lang, "median_year")),
            Line2D([], [], color=color, lw=1.5, label=label(lang, "p10p90")),
            Line2D([], [], ls="none", marker="<", color=color, label=label(lang, "already")),
            Line2D([], [], ls="none", marker=">", color="0.35", label=label(lang, "never", year=horizon)),
            Line2D([], [], ls="none", marker="o", color=color, mfc="white", label=label(lang, "seed_estimated")),
        ]
        ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.08 - 0.3 / max(y, 1)), ncols=3, frameon=False)
        return finish(ax)


def probability_heatmap(membership: pd.DataFrame, counties: pd.DataFrame, *, threshold: str = "top100", lang: str = "zh",
                        ax: Axes | None = None) -> Axes:
    """County × year: probability of being at or above ``threshold``; estimated seeds' rows hatched,
    counties with no data grey."""
    check_lang(lang)
    tier_counties = tier_rows(counties)
    ids = list(tier_counties["county_id"])
    grid = membership[membership["threshold"] == threshold].pivot(index="county_id", columns="year", values="probability")
    grid = grid.reindex(ids).astype(float)
    years = list(grid.columns)
    with styled():
        ax = new_axes(ax, (7.6, 1.2 + 0.26 * len(ids)))
        cmap = matplotlib.colormaps["YlGnBu"].with_extremes(bad="#d5d8dc")
        image = ax.imshow(grid.to_numpy(), aspect="auto", cmap=cmap, vmin=0.0, vmax=1.0, interpolation="nearest")
        names = []
        for i, (_, row) in enumerate(tier_counties.iterrows()):
            names.append(display_name(row, lang) + ("" if row["projected"] else f" ({label(lang, 'no_data')})"))
            if row["estimated"]:
                ax.add_patch(Rectangle((-0.5, i - 0.5), len(years), 1, fill=False, hatch=HATCH, lw=0,
                                       edgecolor=(1, 1, 1, 0.55), gid="estimated"))  # the hatch takes the edge colour
        ax.set_yticks(range(len(ids)), labels=names)
        step = 1 if len(years) <= 12 else 2
        ax.set_xticks(range(0, len(years), step), labels=[str(y) for y in years[::step]])
        boundaries = [i for i in range(1, len(ids)) if tier_counties["tier"].iloc[i] != tier_counties["tier"].iloc[i - 1]]
        for i in boundaries:
            ax.axhline(i - 0.5, color="white", lw=2.5)
        colorbar = ax.figure.colorbar(image, ax=ax, fraction=0.04, pad=0.02)
        colorbar.set_label(label(lang, "probability"))
        extra = colorbar.ax
        ax.set_xlabel(label(lang, "year"))
        ax.set_title(label(lang, "heatmap_title", name=label(lang, f"thr_{threshold}")))
        ax.legend(handles=[Patch(facecolor="#7fb3d5", hatch=HATCH, edgecolor="white", label=label(lang, "estimated_rows"))],
                  loc="upper center", bbox_to_anchor=(0.5, -0.06 - 0.5 / max(len(ids), 1)), frameon=False)
        return finish(ax, extra)


def tier_scorecard(tiers: pd.DataFrame, counties: pd.DataFrame | None = None, *, threshold: str = "top100",
                   lang: str = "zh", ax: Axes | None = None) -> Axes:
    """Per tier and year: expected number of its counties at or above ``threshold``, with the P10–P90 band;
    the legend says how many of a tier's seeds are estimated."""
    check_lang(lang)
    part = tier_rows(tiers[tiers["threshold"] == threshold])
    with styled():
        ax = new_axes(ax, (7.0, 3.8))
        for tier, rows in part.groupby("tier", sort=False):
            rows = rows.sort_values("year")
            color = TIER_COLORS.get(tier, "black")
            text = tier_name(lang, tier)
            if counties is not None:
                n = int(counties[(counties["tier"] == tier) & counties["estimated"]].shape[0])
                text = label(lang, "tier_estimated", tier=text, n=n) if n else text
            ax.fill_between(rows["year"], rows["members_p10"], rows["members_p90"], color=color, alpha=0.15, lw=0,
                            gid=f"band-{tier}")
            ax.plot(rows["year"], rows["members_mean"], color=color, marker="o", ms=3, lw=1.8, label=text, gid=f"tier-{tier}")
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_ylim(bottom=0)
        ax.grid(color="0.92")
        ax.set_xlabel(label(lang, "year"))
        ax.set_ylabel(label(lang, "members_axis"))
        ax.set_title(label(lang, "scorecard_title", name=label(lang, f"thr_{threshold}")))
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.14), ncols=3, frameon=False)
        return finish(ax)
