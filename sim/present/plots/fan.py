"""The fan chart of one county, after the Bank of England's: published figures as points (by status), the
projection period shaded, GDP bands at 10–90% and 25–75% around a clear median, the national thresholds
labelled at their right ends, and the crossing year and probability written on the chart."""

from __future__ import annotations

import pandas as pd
from matplotlib.axes import Axes
from matplotlib.ticker import FuncFormatter, MaxNLocator

from sim.present.chartdata import About
from sim.present.labels import label, status as status_name
from sim.present.plots.style import (BAND_COLORS, GDP_COLOR, HATCH, MUTED, STATUS_MARKERS, TEXT_SIZE, THRESHOLD_COLORS,
                                     check_lang, display_name, finish, frame, missing, new_axes, percent, spread, styled,
                                     tidy)

HISTORY_YEARS = 8
"""How many years of published figures before the base year a fan chart shows (at most)."""


def _marker(ax: Axes, x, y, status: str, gid: str, label_text: str | None, size: float = 6.0, zorder: float = 6) -> None:
    shape, filled = STATUS_MARKERS.get(status, ("o", False))
    ax.plot(x, y, ls="none", marker=shape, ms=size, color="black", mfc="black" if filled else "white", mew=1.2,
            gid=gid, label=label_text, zorder=zorder)


def fan_chart(bands: pd.DataFrame, thresholds: pd.DataFrame, crossings: pd.DataFrame, counties: pd.DataFrame,
              county_id: str, *, history: pd.DataFrame | None = None, about: About | None = None, lang: str = "zh",
              ax: Axes | None = None, data_until: int | None = None) -> Axes:
    """One county's GDP: published figures (``history``, one marker per status), the projection period shaded,
    median with 50% and 80% bands, each threshold's median (dashed, labelled at the right end) and its
    P10–P90 range (dotted outline), the median first-crossing year marked and, for each threshold, the
    median year with its P10–P90 range and the probability of crossing by the horizon written on the chart.
    The seed is marked by its status: observed (filled or open circle), a government forecast (diamond),
    estimated or imputed (open square or triangle, and the 80% band hatched). With ``data_until`` (the fitted
    model's last data year) the years from the base to it are marked as fitted to data, lighter, and the projection
    period starts there."""
    check_lang(lang)
    with styled():
        ax = new_axes(ax, (7.2, 4.3), left=0.8, right=1.45, top=0.78, bottom=0.95)
        county = counties.set_index("county_id").loc[county_id]
        name = display_name({**county.to_dict(), "county_id": county_id}, lang)
        frame(ax, label(lang, "fan_title", county=name), about, lang)
        ax.set_ylabel(label(lang, "gdp_axis"))
        b = bands[bands["county_id"] == county_id].sort_values("year")
        if b.empty:
            ax.text(0.5, 0.5, label(lang, "no_data"), transform=ax.transAxes, ha="center", va="center", gid="no-data")
            return finish(ax)
        years = b["year"].to_numpy()
        base, horizon = int(years[0]), int(years[-1])
        estimated = bool(county["estimated"])
        seen = pd.DataFrame() if history is None else history[(history["county_id"] == county_id)]
        seen = seen[seen["year"] >= base - HISTORY_YEARS] if not seen.empty else seen
        first = int(min([base, *seen["year"]])) if not seen.empty else base
        start = data_until if data_until is not None and base < data_until < horizon else base
        ax.axvspan(start, horizon + 0.5, color="#f3f4f5", lw=0, zorder=0, gid="projection-period")
        ax.axvline(start, color="0.55", lw=0.8, zorder=1, gid="divide")
        ax.annotate(label(lang, "projection"), (start, 1.0), xycoords=("data", "axes fraction"), xytext=(4, -4),
                    textcoords="offset points", va="top", fontsize=TEXT_SIZE, color=MUTED)
        if start > base:  # base .. last data year: the draws are conditioned on data (estimates, not projections)
            ax.axvspan(base, start, color="#f9fafa", lw=0, zorder=0, gid="fitted-period")
            ax.axvline(base, color="0.75", lw=0.6, ls=":", zorder=1, gid="base-divide")
            ax.annotate(label(lang, "fitted_period"), ((base + start) / 2, 1.0), xycoords=("data", "axes fraction"),
                        xytext=(0, -4), textcoords="offset points", va="top", ha="center", fontsize=TEXT_SIZE,
                        color=MUTED, gid="fitted-period-label")
        if first < base:
            ax.annotate(label(lang, "published"), (base, 1.0), xycoords=("data", "axes fraction"), xytext=(-4, -4),
                        textcoords="offset points", va="top", ha="right", fontsize=TEXT_SIZE, color=MUTED)
        ax.fill_between(years, b["gdp_p10"], b["gdp_p90"], facecolor=BAND_COLORS["band80"],
                        edgecolor="white" if estimated else BAND_COLORS["band80"], lw=0, label=label(lang, "band80"),
                        gid="band80", hatch=HATCH if estimated else None, zorder=2)
        ax.fill_between(years, b["gdp_p25"], b["gdp_p75"], color=BAND_COLORS["band50"], lw=0, label=label(lang, "band50"),
                        gid="band50", zorder=2)
        ax.plot(years, b["gdp_p50"], color=GDP_COLOR, lw=2.2, label=label(lang, "median"), gid="median", zorder=4)
        median = dict(zip(years, b["gdp_p50"]))
        ends = [(float(b["gdp_p50"].iloc[-1]), label(lang, "median_end", value=f"{b['gdp_p50'].iloc[-1]:,.0f}"), GDP_COLOR,
                 "end-median")]
        cross = crossings[crossings["county_id"] == county_id].set_index("threshold")
        notes, room_below = [], False
        for name_t, color in THRESHOLD_COLORS.items():
            th = thresholds[(thresholds["threshold"] == name_t) & thresholds["year"].between(base, horizon)].sort_values("year")
            if th.empty:
                continue
            ax.fill_between(th["year"], th["p10"], th["p90"], facecolor="none", edgecolor=color, lw=0.6, ls=(0, (1, 2)),
                            gid=f"threshold-band-{name_t}", zorder=3)
            ax.plot(th["year"], th["p50"], color=color, ls="--", lw=1.3, label=label(lang, f"thr_{name_t}"),
                    gid=f"threshold-{name_t}", zorder=3)
            ends.append((float(th["p50"].iloc[-1]), label(lang, f"thr_end_{name_t}", value=f"{th['p50'].iloc[-1]:,.0f}"),
                         color, f"threshold-label-{name_t}"))
            if name_t not in cross.index:
                continue
            row = cross.loc[name_t]
            short = label(lang, f"thr_short_{name_t}")
            if row["base_above"] == "true":
                below = name_t == "top100"  # under the seed (room is made below the lowest line), the Top-50 one above
                ax.annotate(label(lang, "already_thr", name=label(lang, f"thr_{name_t}")), (base, median[base]),
                            xytext=(8, -12 if below else 12), textcoords="offset points", va="top" if below else "bottom",
                            fontsize=TEXT_SIZE, color=color, gid=f"already-{name_t}",
                            bbox={"boxstyle": "square,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.85})
                room_below = room_below or below
                notes.append((label(lang, "note_already", name=short), color, name_t))
                continue
            p = percent(row["p_by_horizon"])
            if missing(row["year_p50"]):
                notes.append((label(lang, "note_never", name=short, year=horizon, p=p), color, name_t))
                continue
            year = int(row["year_p50"])
            ax.plot([year], [median[year]], ls="none", marker="o" if name_t == "top100" else "D", ms=8, mfc="white",
                    mec=color, mew=2, label=label(lang, f"cross_{name_t}"), gid=f"crossing-{name_t}", zorder=7)
            ax.annotate(str(year), (year, median[year]), xytext=(-5, 7), textcoords="offset points", ha="right",
                        fontsize=8, color=color, gid=f"crossing-year-{name_t}")
            low = "" if missing(row["year_p10"]) else str(int(row["year_p10"]))
            high = f">{horizon}" if missing(row["year_p90"]) else str(int(row["year_p90"]))
            notes.append((label(lang, "note_cross", name=short, year=year, low=low, high=high, horizon=horizon, p=p),
                          color, name_t))
        for k, (text, color, name_t) in enumerate(notes):
            ax.annotate(text, (0.0, 1.0), xycoords="axes fraction", xytext=(6, -18 - 12 * k), textcoords="offset points",
                        va="top", fontsize=TEXT_SIZE, color=color, gid=f"crossing-note-{name_t}",
                        bbox={"boxstyle": "square,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.85})
        shown_status = []
        for status, part in (seen.groupby("status", sort=False) if not seen.empty else []):
            text = label(lang, "history_status", status=status_name(lang, status))
            _marker(ax, part["year"], part["gdp_yi"], status, f"history-{status}", text, size=5.0,
                    zorder=7.5)  # over a crossing marker in the same year: the published figure stays visible
            shown_status.append(status)
        seed = county["gdp_yi"]
        status = str(county["status"])
        if estimated:
            _marker(ax, [base], [seed], status, "estimated", label(lang, "seed_estimated"), size=7.5, zorder=8)
        else:
            key = "seed_forecast" if status == "forecast" else "seed_observed"
            _marker(ax, [base], [seed], status, "seed", label(lang, key, status=status_name(lang, status)), size=7.5,
                    zorder=8)
        # direct labels at the right ends, pushed apart so they never overlap
        low, high = ax.get_ylim()
        if room_below:  # the "already above" label under the seed stays clear of the x axis
            low -= 0.15 * (high - low)
            ax.set_ylim(low, high)
        positions = spread([e[0] for e in ends], (high - low) * 0.055)
        for (value, text, color, gid), y in zip(ends, positions):
            ax.annotate(text, (horizon, value), xytext=(horizon + 0.6, y), textcoords="data", va="center", fontsize=TEXT_SIZE,
                        color=color, gid=gid, annotation_clip=False,
                        arrowprops={"arrowstyle": "-", "color": color, "lw": 0.5, "shrinkA": 0, "shrinkB": 2})
        ax.set_xlim(first - 0.5, horizon + 0.5)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:,.0f}"))
        tidy(ax, "y")
        ax.legend(loc="upper left", bbox_to_anchor=(0.0, -0.07), ncols=4, fontsize=7, handlelength=1.6,
                  columnspacing=1.0)
        return finish(ax)
