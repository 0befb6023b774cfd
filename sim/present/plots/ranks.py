"""National ranks over time (a bump chart)."""

from __future__ import annotations


import pandas as pd
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.ticker import MaxNLocator

from sim.present.labels import label, tier as tier_name
from sim.present.plots.style import THRESHOLD_COLORS, TIER_COLORS, check_lang, display_name, finish, new_axes, styled, tier_rows


def rank_bump(ranks: pd.DataFrame, counties: pd.DataFrame, *, lang: str = "zh", ax: Axes | None = None) -> Axes:
    """Median national rank of each projected tier county over the years (1 at the top), coloured by tier,
    dashed for an estimated seed; the Top-100 and Top-50 lines marked."""
    check_lang(lang)
    shown = tier_rows(counties)
    shown = shown[shown["projected"]]
    with styled():
        ax = new_axes(ax, (7.6, 5.2))
        ends = []
        for _, county in shown.iterrows():
            r = ranks[ranks["county_id"] == county["county_id"]].dropna(subset=["rank_p50"]).sort_values("year")
            if r.empty:
                continue
            years, values = r["year"].to_numpy(), r["rank_p50"].to_numpy(dtype=float)
            color = TIER_COLORS.get(county["tier"], "black")
            ax.plot(years, values, color=color, lw=1.6, marker="o", ms=2.5, ls="--" if county["estimated"] else "-",
                    gid=f"rank-{county['county_id']}")
            ends.append((values[-1], years[-1], display_name(county, lang), color))
        placed: list[float] = []
        span = max((e[0] for e in ends), default=1) - min((e[0] for e in ends), default=0)
        for value, year, name, color in sorted(ends):  # end labels pushed apart so they do not overlap
            y = value if not placed else max(value, placed[-1] + max(span, 50) * 0.035)
            placed.append(y)
            ax.annotate(name, (year, value), xytext=(year + 0.35, y), textcoords="data", va="center", fontsize=7, color=color,
                        gid="end-label")
        last = max((e[1] for e in ends), default=None)
        for n in (100, 50):
            ax.axhline(n, color=THRESHOLD_COLORS["top100" if n == 100 else "top50"], lw=0.9, ls=":", gid=f"rank-line-{n}")
            ax.annotate(label(lang, "rank_line", n=n), (0.0, n), xycoords=("axes fraction", "data"), xytext=(3, -2),
                        textcoords="offset points", va="top", fontsize=7, color="0.3")
        ax.invert_yaxis()
        if last is not None:
            ax.set_xlim(right=last + 2.2)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_xlabel(label(lang, "year"))
        ax.set_ylabel(label(lang, "rank_axis"))
        ax.set_title(label(lang, "bump_title"))
        tiers = list(dict.fromkeys(shown["tier"]))
        handles = [Line2D([], [], color=TIER_COLORS.get(t, "black"), lw=1.6, label=tier_name(lang, t)) for t in tiers]
        handles.append(Line2D([], [], color="0.3", lw=1.6, ls="--", label=label(lang, "estimated_lines")))
        ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.12), ncols=len(handles), frameon=False)
        return finish(ax)


# ---------------------------------------------------------------- the plan and what-ifs
