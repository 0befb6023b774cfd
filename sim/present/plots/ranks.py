"""National ranks over time (a bump chart), with the published CCID Top-100 ranks overlaid.

A rank beyond the simulated national set (the comparators plus Hubei's counties) is not a national rank:
the set has no counties below its floor, so such ranks are drawn on a shaded "below the simulated set"
floor, never as numbers. Each line ends in its county's name, joined by a leader line."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from sim.present.chartdata import About
from sim.present.labels import label, tier as tier_name
from sim.present.plots.style import (MUTED, TEXT_SIZE, THRESHOLD_COLORS, TIER_COLORS, check_lang, display_name, finish,
                                     frame, new_axes, spread, styled, text_width, tidy, tier_rows)


def rank_bump(ranks: pd.DataFrame, counties: pd.DataFrame, *, ccid: pd.DataFrame | None = None,
              floor: int | None = None, about: About | None = None, lang: str = "zh", ax: Axes | None = None) -> Axes:
    """Median national rank of each projected tier county over the years (1 at the top), coloured by tier,
    dashed for an estimated seed, each line labelled at its end; ranks past ``floor`` (the size of the
    simulated set) on a shaded floor; the published CCID ranks (``ccid``: county_id, data_year, rank) as
    open diamonds; the Top-100 and Top-50 ranks marked on the axis."""
    check_lang(lang)
    shown = tier_rows(counties)
    shown = shown[shown["projected"]]
    names = [display_name(r, lang) for _, r in shown.iterrows()]
    right = max((text_width(n, TEXT_SIZE) for n in names), default=0.5) + 0.55
    with styled():
        ax = new_axes(ax, (7.4, 5.6), left=0.9, right=right, top=0.78, bottom=0.95)
        bottom = None if floor is None else floor * 1.12
        ends = []
        first_years = []
        for _, county in shown.iterrows():
            r = ranks[ranks["county_id"] == county["county_id"]].dropna(subset=["rank_p50"]).sort_values("year")
            if r.empty:
                continue
            years, values = r["year"].to_numpy(), r["rank_p50"].to_numpy(dtype=float)
            shown_values = values if floor is None else np.minimum(values, floor * 1.06)
            color = TIER_COLORS.get(county["tier"], "black")
            ax.plot(years, shown_values, color=color, lw=1.5, marker="o", ms=2.2, ls="--" if county["estimated"] else "-",
                    gid=f"rank-{county['county_id']}")
            ends.append((shown_values[-1], years[-1], display_name(county, lang), color))
            first_years.append(int(years[0]))
            if ccid is not None:
                c = ccid[ccid["county_id"] == county["county_id"]].sort_values("data_year")
                if not c.empty:
                    ax.plot(c["data_year"], c["rank"], color=color, lw=0.8, ls=":", marker="D", ms=4, mfc="white",
                            mew=1.0, gid=f"ccid-{county['county_id']}")
                    first_years.append(int(c["data_year"].min()))
        if floor is not None:
            ax.axhspan(floor, bottom, color="#eceef0", lw=0, zorder=0, gid="floor")
            ax.annotate(label(lang, "rank_floor", n=floor), (0.0, floor * 1.09), xycoords=("axes fraction", "data"),
                        xytext=(4, 0), textcoords="offset points", va="center", fontsize=7, color=MUTED)
        last = max((e[1] for e in ends), default=None)
        if ends:
            top = 0.0
            span = (bottom or max(e[0] for e in ends) * 1.1) - top
            positions = spread([e[0] for e in ends], span * 0.032, low=top + span * 0.01, high=(bottom or span) - span * 0.01)
            for (value, year, name, color), y in zip(ends, positions):
                ax.annotate(name, (year, value), xytext=(year + 0.9, y), textcoords="data", va="center", fontsize=TEXT_SIZE,
                            color=color, gid="end-label", annotation_clip=False,
                            arrowprops={"arrowstyle": "-", "color": color, "lw": 0.5, "shrinkA": 0, "shrinkB": 1.5})
        for n in (100, 50):
            ax.axhline(n, color=THRESHOLD_COLORS["top100" if n == 100 else "top50"], lw=0.9, ls=":", gid=f"rank-line-{n}")
        ticks = [1, 50, 100, 150, 200, 250, 300]
        ticks = [t for t in ticks if floor is None or t <= floor]
        ax.set_yticks(ticks, labels=[label(lang, "rank_tick", n=t) if t in (50, 100) else str(t) for t in ticks])
        for tick, value in zip(ax.get_yticklabels(), ticks):
            if value in (50, 100):
                tick.set_color(THRESHOLD_COLORS["top100" if value == 100 else "top50"])
        ax.set_ylim(bottom if bottom is not None else ax.get_ylim()[1], 0)
        if not ax.yaxis_inverted():
            ax.invert_yaxis()
        if last is not None:
            ax.set_xlim(min(first_years) - 0.5, last + 0.5)
        ax.set_xticks(range(min(first_years, default=2020), (last or 2035) + 1, 2 if last and last - min(first_years) > 12 else 1))
        tidy(ax, "y")
        ax.set_ylabel(label(lang, "rank_axis"))
        frame(ax, label(lang, "bump_title"), about, lang, extra=label(lang, "bump_subtitle"))
        tiers = list(dict.fromkeys(shown["tier"]))
        handles = [Line2D([], [], color=TIER_COLORS.get(t, "black"), lw=1.6, label=tier_name(lang, t)) for t in tiers]
        if ccid is not None:
            handles.append(Line2D([], [], color="0.3", lw=0.8, ls=":", marker="D", ms=4, mfc="white", label=label(lang, "ccid_rank")))
        if floor is not None:
            handles.append(Patch(color="#eceef0", label=label(lang, "rank_floor_key", n=floor)))
        handles.append(Line2D([], [], color="0.3", lw=1.6, ls="--", label=label(lang, "estimated_lines")))
        ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(0.0, -0.07), ncols=3, fontsize=7)
        return finish(ax)
