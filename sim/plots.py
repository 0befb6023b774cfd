"""Charts of a projection, in Chinese or English: the only module that imports matplotlib.

Every chart takes tidy frames (:mod:`sim.chartdata`, :mod:`sim.results`, :mod:`sim.compare`)
and ``ax=None``, draws, and returns the axes; nothing is computed here beyond selecting and
reshaping. Without ``ax`` a new :class:`matplotlib.figure.Figure` is made (never pyplot's
figure manager), so nothing is left open when the chart is dropped.

Text uses Noto Sans CJK SC (:mod:`sim.fonts`), registered with matplotlib's font manager the
first time a chart is drawn and chosen inside :func:`styled` (an ``rc_context``): importing
this module changes no setting. Every text of a chart carries the font family itself, so a
figure saved outside :func:`styled` (``ax.figure.savefig(...)``) still finds every glyph.

Estimated or imputed seeds are marked in every per-county chart (an open marker, hatching or
a dashed line, each with a legend entry, and ``*`` after the name). Artists a reader (or a
test) may look for carry a ``gid``: ``median``, ``band50``, ``band80``, ``threshold-top100``,
``crossing-top100``, ``already``, ``never``, ``no-data``, ``estimated``, ...

Charts: :func:`fan_chart`, :func:`crossing_timeline`, :func:`probability_heatmap`,
:func:`tier_scorecard`, :func:`rank_bump`, :func:`plan_targets`, :func:`scenario_comparison`.
Output: :func:`to_bytes` (PNG, SVG, PDF; no time stamps) and :func:`pdf_document` (report pages).
"""

from __future__ import annotations

import io
import struct
from contextlib import contextmanager
from functools import lru_cache
from typing import Iterator

import matplotlib
import matplotlib.image
import numpy as np
import pandas as pd
from matplotlib import font_manager
from matplotlib.axes import Axes
from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Rectangle
from matplotlib.text import Text
from matplotlib.ticker import MaxNLocator

from . import fonts
from .document import text_width, wrap
from .errors import SimError
from .report_strings import LANGS, label, number, target as target_name, tier as tier_name

__all__ = ["fan_chart", "crossing_timeline", "probability_heatmap", "tier_scorecard", "rank_bump", "plan_targets",
           "scenario_comparison", "sweep_heatmap", "styled", "to_bytes", "pdf_document"]

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


def _check(lang: str) -> None:
    if lang not in LANGS:
        raise SimError(f"--lang: must be one of {', '.join(LANGS)}; got {lang!r}")


def _axes(ax: Axes | None, size: tuple[float, float]) -> Axes:
    if ax is not None:
        return ax
    return Figure(figsize=size, layout="constrained").add_subplot()


def _finish(ax: Axes, *others: Axes) -> Axes:
    """Give every text of the chart the chart fonts itself (titles and axis labels exist before the chart
    draws, and tick labels are made at draw time), so it renders the same outside :func:`styled`."""
    names = list(family())
    for a in (ax, *ax.child_axes, *others):
        for text in a.findobj(Text):
            text.set_fontfamily(names)
        a.tick_params(labelfontfamily=names)
    return ax


def _name(row, lang: str) -> str:
    """The county's name in ``lang``, with ``*`` when its seed is estimated or imputed."""
    name = row["name_zh"] if lang == "zh" else (row["name_pinyin"] or row["county_id"])
    return name + ("*" if row.get("estimated", False) else "")


def _missing(value) -> bool:
    return value is None or pd.isna(value)


def _tier_rows(crossings_or_counties: pd.DataFrame) -> pd.DataFrame:
    return crossings_or_counties[crossings_or_counties["tier"] != "other"]


# ---------------------------------------------------------------- one county


def fan_chart(bands: pd.DataFrame, thresholds: pd.DataFrame, crossings: pd.DataFrame, counties: pd.DataFrame,
              county_id: str, *, lang: str = "zh", ax: Axes | None = None) -> Axes:
    """One county's GDP: median with 50% and 80% bands, the Top-100/Top-50 thresholds (median and
    P10–P90 band) and the median first-crossing year of each marked; the base-year seed marked
    as observed or estimated (estimated: open square, hatched 80% band)."""
    _check(lang)
    with styled():
        ax = _axes(ax, (7.0, 3.8))
        county = counties.set_index("county_id").loc[county_id]
        name = _name({**county.to_dict(), "county_id": county_id}, lang)
        ax.set_title(label(lang, "fan_title", county=name))
        ax.set_xlabel(label(lang, "year"))
        ax.set_ylabel(label(lang, "gdp_axis"))
        b = bands[bands["county_id"] == county_id].sort_values("year")
        if b.empty:
            ax.text(0.5, 0.5, label(lang, "no_data"), transform=ax.transAxes, ha="center", va="center", gid="no-data")
            return _finish(ax)
        years = b["year"].to_numpy()
        estimated = bool(county["estimated"])
        ax.fill_between(years, b["gdp_p10"], b["gdp_p90"], facecolor=GDP_COLOR, edgecolor="white" if estimated else GDP_COLOR,
                        alpha=0.18, lw=0, label=label(lang, "band80"), gid="band80", hatch=HATCH if estimated else None)
        ax.fill_between(years, b["gdp_p25"], b["gdp_p75"], color=GDP_COLOR, alpha=0.35, lw=0, label=label(lang, "band50"),
                        gid="band50")
        ax.plot(years, b["gdp_p50"], color=GDP_COLOR, lw=2, label=label(lang, "median"), gid="median")
        median = dict(zip(years, b["gdp_p50"]))
        cross = crossings[crossings["county_id"] == county_id].set_index("threshold")
        for name_t, color in THRESHOLD_COLORS.items():
            th = thresholds[thresholds["threshold"] == name_t].sort_values("year")
            ax.fill_between(th["year"], th["p10"], th["p90"], color=color, alpha=0.10, lw=0, gid=f"threshold-band-{name_t}")
            ax.plot(th["year"], th["p50"], color=color, ls="--", lw=1.2, label=label(lang, f"thr_{name_t}"),
                    gid=f"threshold-{name_t}")
            if name_t not in cross.index:
                continue
            row = cross.loc[name_t]
            if row["base_above"] == "true":
                ax.annotate(label(lang, "already_thr", name=label(lang, f"thr_{name_t}")), (years[0], median[years[0]]),
                            xytext=(8, -18 if name_t == "top100" else 12),
                            textcoords="offset points", fontsize=7.5, color=color, gid=f"already-{name_t}")
            elif not _missing(row["year_p50"]):
                year = int(row["year_p50"])
                ax.plot([year], [median[year]], ls="none", marker="o" if name_t == "top100" else "D", ms=8, mfc="white",
                        mec=color, mew=2, label=label(lang, f"cross_{name_t}"), gid=f"crossing-{name_t}", zorder=5)
                ax.annotate(str(year), (year, median[year]), xytext=(-4, 9), textcoords="offset points", ha="right",
                            fontsize=8, color=color)
        seed = county["gdp_yi"]
        ax.plot([years[0]], [seed], ls="none", marker="s", ms=7, color="black", mfc="white" if estimated else "black",
                label=label(lang, "seed_estimated" if estimated else "seed_observed"), gid="estimated" if estimated else "seed",
                zorder=6)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_xlim(years[0] - 0.3, years[-1] + 0.3)
        ax.legend(loc="upper left", ncols=2, frameon=False)
        return _finish(ax)


# ---------------------------------------------------------------- all tier counties


def _grouped(frame: pd.DataFrame) -> list[tuple[str, pd.DataFrame]]:
    tiers = list(dict.fromkeys(frame["tier"]))
    return [(t, frame[frame["tier"] == t]) for t in tiers]


def crossing_timeline(crossings: pd.DataFrame, counties: pd.DataFrame, *, threshold: str = "top100", base_year: int,
                      horizon: int, lang: str = "zh", ax: Axes | None = None) -> Axes:
    """Per tier county, grouped by tier: the median first-crossing year of ``threshold`` with its P10–P90
    whisker; ``<`` at the base year for "already above", ``>`` past the horizon for "not by the horizon";
    an open dot for an estimated or imputed seed."""
    _check(lang)
    rows = _tier_rows(crossings[crossings["threshold"] == threshold]).merge(
        counties[["county_id", "estimated", "projected"]], on="county_id", how="left")
    groups = _grouped(rows)
    with styled():
        ax = _axes(ax, (7.0, 1.4 + 0.24 * (len(rows) + len(groups))))
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
                names.append(_name(row, lang))
                if not row["projected"]:
                    ax.text(base_year, y, label(lang, "no_data"), va="center", fontsize=7.5, color="0.45", gid="no-data")
                elif row["base_above"] == "true":
                    ax.plot([base_year], [y], ls="none", marker="<", ms=7, color=color, gid="already")
                else:
                    low, mid, high = row["year_p10"], row["year_p50"], row["year_p90"]
                    if not _missing(low):
                        ax.hlines(y, low, beyond if _missing(high) else high, color=color, lw=1.5, gid="whisker")
                    if _missing(mid):
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
        return _finish(ax)


def probability_heatmap(membership: pd.DataFrame, counties: pd.DataFrame, *, threshold: str = "top100", lang: str = "zh",
                        ax: Axes | None = None) -> Axes:
    """County × year: probability of being at or above ``threshold``; estimated seeds' rows hatched,
    counties with no data grey."""
    _check(lang)
    tier_counties = _tier_rows(counties)
    ids = list(tier_counties["county_id"])
    grid = membership[membership["threshold"] == threshold].pivot(index="county_id", columns="year", values="probability")
    grid = grid.reindex(ids).astype(float)
    years = list(grid.columns)
    with styled():
        ax = _axes(ax, (7.6, 1.2 + 0.26 * len(ids)))
        cmap = matplotlib.colormaps["YlGnBu"].with_extremes(bad="#d5d8dc")
        image = ax.imshow(grid.to_numpy(), aspect="auto", cmap=cmap, vmin=0.0, vmax=1.0, interpolation="nearest")
        names = []
        for i, (_, row) in enumerate(tier_counties.iterrows()):
            names.append(_name(row, lang) + ("" if row["projected"] else f" ({label(lang, 'no_data')})"))
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
        return _finish(ax, extra)


def tier_scorecard(tiers: pd.DataFrame, counties: pd.DataFrame | None = None, *, threshold: str = "top100",
                   lang: str = "zh", ax: Axes | None = None) -> Axes:
    """Per tier and year: expected number of its counties at or above ``threshold``, with the P10–P90 band;
    the legend says how many of a tier's seeds are estimated."""
    _check(lang)
    part = _tier_rows(tiers[tiers["threshold"] == threshold])
    with styled():
        ax = _axes(ax, (7.0, 3.8))
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
        return _finish(ax)


def rank_bump(ranks: pd.DataFrame, counties: pd.DataFrame, *, lang: str = "zh", ax: Axes | None = None) -> Axes:
    """Median national rank of each projected tier county over the years (1 at the top), coloured by tier,
    dashed for an estimated seed; the Top-100 and Top-50 lines marked."""
    _check(lang)
    shown = _tier_rows(counties)
    shown = shown[shown["projected"]]
    with styled():
        ax = _axes(ax, (7.6, 5.2))
        ends = []
        for _, county in shown.iterrows():
            r = ranks[ranks["county_id"] == county["county_id"]].dropna(subset=["rank_p50"]).sort_values("year")
            if r.empty:
                continue
            years, values = r["year"].to_numpy(), r["rank_p50"].to_numpy(dtype=float)
            color = TIER_COLORS.get(county["tier"], "black")
            ax.plot(years, values, color=color, lw=1.6, marker="o", ms=2.5, ls="--" if county["estimated"] else "-",
                    gid=f"rank-{county['county_id']}")
            ends.append((values[-1], years[-1], _name(county, lang), color))
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
        return _finish(ax)


# ---------------------------------------------------------------- the plan and what-ifs


def plan_targets(targets: pd.DataFrame, counties: pd.DataFrame | None = None, *, lang: str = "zh",
                 ax: Axes | None = None) -> Axes:
    """Each plan target: a bar for the probability it is met, with the projected median and the target
    written beside it; targets tiersim does not model are listed as such."""
    _check(lang)
    with styled():
        ax = _axes(ax, (7.6, 1.2 + 0.42 * len(targets)))
        names = []
        for i, row in enumerate(targets.to_dict("records")):
            names.append(f"{target_name(lang, row['target'])} ({row['year']})")
            if _missing(row["probability_met"]):
                ax.text(0.01, i, label(lang, "not_modelled"), va="center", fontsize=8, color="0.45", gid="not-modelled")
                continue
            met, unit = float(row["probability_met"]), str(row["unit"])
            ax.barh(i, met, color="#2e86c1" if met >= 0.5 else "#e67e22", height=0.6, gid="p-met")
            cell = label(lang, "target_cell", value=number(float(row["value_p50"]), unit),
                         target="" if _missing(row["target_value"]) else number(float(row["target_value"]), unit))
            ax.text(min(met, 0.98) + 0.01, i, f"{met:.0%} · {cell}", va="center", fontsize=7.5, gid="target-text")
        ax.set_yticks(range(len(names)), labels=names)
        ax.set_ylim(len(names) - 0.5, -0.5)
        ax.set_xlim(0, 1.6)
        ax.set_xticks([0, 0.25, 0.5, 0.75, 1.0], labels=["0%", "25%", "50%", "75%", "100%"])
        ax.axvline(1.0, color="0.8", lw=0.8)
        ax.set_xlabel(label(lang, "p_met"))
        title = label(lang, "targets_title")
        if counties is not None:
            n = int((counties["estimated"] & counties["projected"]).sum())
            if n:
                title += "\n" + label(lang, "targets_note", n=n)
        ax.set_title(title)
        return _finish(ax)


def scenario_comparison(crossing: pd.DataFrame, gdp: pd.DataFrame, *, names: tuple[str, str] = ("A", "B"),
                        year: int | None = None, counties: pd.DataFrame | None = None, lang: str = "zh",
                        ax: Axes | None = None) -> Axes:
    """What-if (B) minus baseline (A), per tier county: the change in the median first-crossing year of the
    Top-100 and Top-50 thresholds (a dot at the change; ``<`` where only B crosses by its horizon, ``>``
    where only A does), and in a panel to the right sharing the rows, the change in median GDP in ``year``
    (default: the last year of ``gdp``). Without ``ax`` the panel is the figure's second axes; with ``ax``
    it is an inset to its right (``ax.child_axes[0]``). Frames: :func:`sim.compare.crossing_differences`,
    :func:`sim.compare.gdp_differences`."""
    _check(lang)
    a, b = names
    rows = _tier_rows(crossing[crossing["measure"] == "year_p50"])
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
                if _missing(va) and not _missing(vb):
                    ax.plot([0], [y], ls="none", marker="<", ms=6, color=color, gid=f"only-b-{name_t}")
                elif _missing(vb) and not _missing(va):
                    ax.plot([0], [y], ls="none", marker=">", ms=6, color=color, gid=f"only-a-{name_t}")
                elif not _missing(va):
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
        return _finish(ax, right)


# ---------------------------------------------------------------- output


def sweep_heatmap(table: pd.DataFrame, *, title: str = "", ax: Axes | None = None) -> Axes:
    """A sweep as a heatmap: ``table`` from :func:`sim.sweep.heatmap_table` (numbers; columns: the
    first varied key's values, rows: the second key's, or counties), ``title`` saying what the
    numbers are. Cells are annotated when there are at most 400. The image carries ``gid`` ``sweep``."""
    values = table.to_numpy(dtype=float)
    with styled():
        ax = _axes(ax, (max(4.0, 0.6 * table.shape[1] + 2.0), max(3.0, 0.35 * table.shape[0] + 1.5)))
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
        return _finish(ax)


def to_bytes(chart: Axes | Figure, fmt: str = "png", dpi: int = 150, description: str = "") -> bytes:
    """A chart's figure as PNG, SVG or PDF bytes, without time stamps (same chart, same bytes)."""
    figure = chart if isinstance(chart, Figure) else chart.figure
    while not isinstance(figure, Figure):  # an axes on a SubFigure: save the whole figure
        figure = figure.figure
    metadata = {
        "png": {"Software": None, "Description": description or None},
        "svg": {"Date": None, "Creator": None, "Description": description or None},
        "pdf": {"CreationDate": None, "Creator": None, "Producer": None, "Subject": description or None},
    }
    if fmt not in metadata:
        raise SimError(f"--format: must be one of {', '.join(metadata)}; got {fmt!r}")
    buffer = io.BytesIO()
    with styled():
        figure.savefig(buffer, format=fmt, dpi=dpi, metadata=metadata[fmt])
    return buffer.getvalue()


class _Pages:
    """Blocks laid out top to bottom on A4 pages (inches from the top-left corner)."""

    SIZE, MARGIN = (8.27, 11.69), 0.7

    def __init__(self, pdf: PdfPages, footer: str):
        self.pdf, self.footer, self.number = pdf, footer, 0
        self.width = self.SIZE[0] - 2 * self.MARGIN
        self.figure: Figure | None = None
        self.y = 0.0

    def _new(self) -> None:
        self.close()
        self.number += 1
        self.figure = Figure(figsize=self.SIZE)
        self.y = self.MARGIN
        self.text(self.MARGIN, self.SIZE[1] - 0.4, f"{self.footer} · {self.number}", 7, color="0.5")

    def close(self) -> None:
        if self.figure is not None:
            self.pdf.savefig(self.figure)
            self.figure = None

    def room(self, height: float) -> None:
        if self.figure is None or self.y + height > self.SIZE[1] - self.MARGIN:
            self._new()

    def text(self, x: float, y: float, text: str, size: float, **kw) -> None:
        assert self.figure is not None
        self.figure.text(x / self.SIZE[0], 1 - y / self.SIZE[1], text, fontsize=size, va="top", **kw)

    def lines(self, text: str, size: float, indent: float = 0.0, gap: float = 0.08, **kw) -> None:
        for line in wrap(text, self.width - indent, size):
            self.room(size * 1.45 / 72)
            self.text(self.MARGIN + indent, self.y, line, size, **kw)
            self.y += size * 1.45 / 72
        self.y += gap

    def rule(self, y: float, color: str = "0.8") -> None:
        x0, x1 = self.MARGIN / self.SIZE[0], 1 - self.MARGIN / self.SIZE[0]
        assert self.figure is not None
        self.figure.add_artist(Line2D([x0, x1], [1 - y / self.SIZE[1]] * 2, color=color, lw=0.5))

    def table(self, header: list[str], rows: list[list[str]], size: float = 7.0) -> None:
        natural = [min(max(text_width(str(r[i]), size) for r in [header, *rows]) + 0.12, 3.0) for i in range(len(header))]
        scale = min(1.0, self.width / sum(natural))
        widths = [w * scale for w in natural]
        step = size * 1.35 / 72

        def draw(cells: list[str], bold: bool = False) -> None:
            wrapped = [wrap(str(c), w - 0.08, size) for c, w in zip(cells, widths)]
            height = max(len(w) for w in wrapped) * step + 0.05
            self.room(height)
            x = self.MARGIN
            for lines_, w in zip(wrapped, widths):
                for k, line in enumerate(lines_):
                    self.text(x, self.y + 0.02 + k * step, line, size, color="#1b4f72" if bold else "black")
                x += w
            self.y += height
            self.rule(self.y - 0.01, "0.6" if bold else "0.88")

        draw(header, bold=True)
        for row in rows:
            if self.y + step > self.SIZE[1] - self.MARGIN:
                self._new()
                draw(header, bold=True)
            draw(row)
        self.y += 0.12

    def image(self, png: bytes, width: float) -> None:
        picture = matplotlib.image.imread(io.BytesIO(png), format="png")
        width = min(width, self.width)
        height = width * picture.shape[0] / picture.shape[1]
        limit = self.SIZE[1] - 2 * self.MARGIN - 0.2
        if height > limit:
            width, height = width * limit / height, limit
        self.room(height + 0.1)
        left = self.MARGIN + (self.width - width) / 2
        assert self.figure is not None
        ax = self.figure.add_axes((left / self.SIZE[0], 1 - (self.y + height) / self.SIZE[1], width / self.SIZE[0],
                                   height / self.SIZE[1]))
        ax.imshow(picture, interpolation="none")
        ax.set_axis_off()
        self.y += height + 0.15


def _section_height(blocks, pages: _Pages) -> float:
    """Height in inches of a heading and the blocks up to the next heading or table (what should not be split
    from it); a table or a section taller than a page counts only its first lines."""
    line = 8.5 * 1.45 / 72
    height = 0.4
    for block in blocks[1:]:
        if block.kind in ("heading", "table", "code"):
            return height + 0.4
        if block.kind == "paragraph":
            height += len(wrap(block.text, pages.width, 8.5)) * line + 0.08
        elif block.kind == "list":
            height += sum(len(wrap("• " + item, pages.width - 0.1, 8.5)) * line + 0.02 for item in block.items) + 0.06
        elif block.kind == "chart":
            width, high = struct.unpack(">II", block.png[16:24])
            height += min(block.width, pages.width) * high / width + 0.15
    return min(height, pages.SIZE[1] * 0.6)


def pdf_document(blocks, *, title: str = "", footer: str = "tiersim") -> bytes:
    """The blocks of a :class:`sim.document.Document` on A4 pages: text with the embedded Chinese font, charts as
    images. Same blocks, same bytes (no time stamps)."""
    buffer = io.BytesIO()
    with styled(), PdfPages(buffer, metadata={"Title": title, "CreationDate": None, "Creator": None,
                                              "Producer": None}) as pdf:
        pages = _Pages(pdf, footer)
        if title:
            pages.room(0.5)
            pages.lines(title, 17, color="#1b4f72", gap=0.1)
        for k, block in enumerate(blocks):
            if block.kind == "heading":
                size = {1: 17, 2: 13, 3: 11}[block.level]
                if pages.figure is not None and pages.y + _section_height(blocks[k:], pages) > pages.SIZE[1] - pages.MARGIN:
                    pages._new()  # keep a heading with what follows it (a county's text and chart on one page)
                pages.room(size * 3 / 72)
                pages.y += 0.08 if block.level > 1 else 0
                pages.lines(block.text, size, color="#1b4f72", gap=0.06)
            elif block.kind == "paragraph":
                pages.lines(block.text, 8.5)
            elif block.kind == "list":
                for item in block.items:
                    pages.lines("• " + item, 8.5, indent=0.1, gap=0.02)
                pages.y += 0.06
            elif block.kind == "table":
                pages.table(block.header, block.rows)
            elif block.kind == "chart":
                pages.image(block.png, block.width)
            elif block.kind == "code":
                pages.lines(block.text, 6.2, gap=0.1, fontfamily=[MONO, *family()])
        pages.close()
    return buffer.getvalue()
