"""The tier scorecard: how many of each tier's counties are at or above a threshold, year by year.

Counts are whole numbers that change from one year to the next, so they are drawn as steps (never as
ramps between years): the expected number as a stepped line, its P10–P90 range as a stepped band."""

from __future__ import annotations

import pandas as pd
from matplotlib.axes import Axes
from matplotlib.ticker import MaxNLocator

from sim.present.chartdata import About
from sim.present.labels import label, tier as tier_name
from sim.present.plots.style import (TEXT_SIZE, TIER_COLORS, check_lang, finish, frame, new_axes, spread, styled, tidy,
                                     tier_rows)


def tier_scorecard(tiers: pd.DataFrame, counties: pd.DataFrame | None = None, *, threshold: str = "top100",
                   about: About | None = None, lang: str = "zh", ax: Axes | None = None) -> Axes:
    """Per tier and year: expected number of its counties at or above ``threshold`` (a stepped line, the value
    at the last year written at its end with the tier's name), with the P10–P90 range as a stepped band;
    the legend says how many of a tier's seeds are estimated."""
    check_lang(lang)
    part = tier_rows(tiers[tiers["threshold"] == threshold])
    with styled():
        ax = new_axes(ax, (7.2, 4.0), left=0.6, right=1.5, top=0.78, bottom=0.95)
        ends = []
        for tier, rows in part.groupby("tier", sort=False):
            rows = rows.sort_values("year")
            color = TIER_COLORS.get(tier, "black")
            text = tier_name(lang, tier)
            if counties is not None:
                n = int(counties[(counties["tier"] == tier) & counties["estimated"]].shape[0])
                text = label(lang, "tier_estimated", tier=text, n=n) if n else text
            ax.fill_between(rows["year"], rows["members_p10"], rows["members_p90"], step="mid", color=color, alpha=0.13,
                            lw=0, gid=f"band-{tier}")
            ax.plot(rows["year"], rows["members_mean"], color=color, lw=2.0, drawstyle="steps-mid", label=text,
                    gid=f"tier-{tier}")
            last = rows.iloc[-1]
            ends.append((float(last["members_mean"]), f"{tier_name(lang, tier)} {last['members_mean']:.1f}", color,
                         int(last["year"])))
        if ends:
            low, high = ax.get_ylim()
            for (value, text, color, year), y in zip(ends, spread([e[0] for e in ends], (high - low) * 0.07)):
                ax.annotate(text, (year + 0.5, value), xytext=(year + 0.9, y), textcoords="data", va="center",
                            fontsize=TEXT_SIZE + 0.5, color=color, gid="end-label", annotation_clip=False,
                            arrowprops={"arrowstyle": "-", "color": color, "lw": 0.5, "shrinkA": 0, "shrinkB": 2})
            years = sorted(part["year"].unique())
            ax.set_xlim(years[0] - 0.5, years[-1] + 0.5)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_ylim(bottom=0)
        tidy(ax, "y")
        ax.set_ylabel(label(lang, "members_axis"))
        frame(ax, label(lang, "scorecard_title", name=label(lang, f"thr_{threshold}")), about, lang,
              extra=label(lang, "scorecard_band"))
        ax.legend(loc="upper left", bbox_to_anchor=(0.0, -0.09), ncols=3, fontsize=7)
        return finish(ax)
