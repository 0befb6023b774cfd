"""The fan chart of one county: GDP bands, median and the thresholds."""

from __future__ import annotations


import pandas as pd
from matplotlib.axes import Axes
from matplotlib.ticker import MaxNLocator

from sim.present.labels import label
from sim.present.plots.style import GDP_COLOR, HATCH, THRESHOLD_COLORS, check_lang, display_name, finish, missing, new_axes, styled


def fan_chart(bands: pd.DataFrame, thresholds: pd.DataFrame, crossings: pd.DataFrame, counties: pd.DataFrame,
              county_id: str, *, lang: str = "zh", ax: Axes | None = None) -> Axes:
    """One county's GDP: median with 50% and 80% bands, the Top-100/Top-50 thresholds (median and
    P10–P90 band) and the median first-crossing year of each marked; the base-year seed marked
    as observed or estimated (estimated: open square, hatched 80% band)."""
    check_lang(lang)
    with styled():
        ax = new_axes(ax, (7.0, 3.8))
        county = counties.set_index("county_id").loc[county_id]
        name = display_name({**county.to_dict(), "county_id": county_id}, lang)
        ax.set_title(label(lang, "fan_title", county=name))
        ax.set_xlabel(label(lang, "year"))
        ax.set_ylabel(label(lang, "gdp_axis"))
        b = bands[bands["county_id"] == county_id].sort_values("year")
        if b.empty:
            ax.text(0.5, 0.5, label(lang, "no_data"), transform=ax.transAxes, ha="center", va="center", gid="no-data")
            return finish(ax)
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
            elif not missing(row["year_p50"]):
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
        return finish(ax)


# ---------------------------------------------------------------- all tier counties
