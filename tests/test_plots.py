"""Every chart kind drawn on a Figure, in Chinese and English, asserting on what was drawn.

Missing glyphs: matplotlib warns ``Glyph ... missing from font(s)``; pytest runs with warnings as
errors, and each drawing here is also wrapped in ``warnings.simplefilter("error")``, so a label the
font cannot show fails the test. Figures are saved outside :func:`sim.present.plots.styled` on purpose: a
chart must carry its fonts with it.
"""

from __future__ import annotations

import io
import re
import subprocess
import sys
import warnings
from dataclasses import replace
from pathlib import Path

import matplotlib
import pandas as pd
import pytest
from matplotlib.figure import Figure

from sim import load_scenario
from sim.run.projection import project
from sim.present import chartdata
from sim.whatif import compare
from sim.present import fonts
from sim.present import plots
from sim.present.labels import LANGS, MEANINGS, STRINGS, label, status as status_name, tier as tier_name
from sim.present.plots.style import GREY, percent

LANG = pytest.mark.parametrize("lang", LANGS)


@pytest.fixture(scope="module")
def projections(shipped):
    base = project(load_scenario("baseline", shipped.registry), shipped, draws=60, seed=5)
    high = project(load_scenario("high", shipped.registry), shipped, draws=60, seed=5)
    return base, high


@pytest.fixture(scope="module")
def data(projections):
    return chartdata.collect(projections[0])


@pytest.fixture(scope="module")
def assumed(shipped):
    """Chart data of the assumed-model scenario: point seeds, counties without data left out (not projected)."""
    from tests.conftest import ASSUMED

    return chartdata.collect(project(load_scenario(str(ASSUMED), shipped.registry), shipped, draws=60, seed=5))


def draw(fn, *args, **kwargs):
    """Draw on a fresh Figure's axes, render it (glyph warnings are errors) and return the axes."""
    figure = Figure(figsize=(8, 6))
    ax = figure.add_subplot()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        returned = fn(*args, ax=ax, **kwargs)
        figure.savefig(io.BytesIO(), format="png", dpi=40)
    assert returned is ax
    return ax


def gids(ax, gid: str, kind: str = "lines") -> list:
    artists = {"lines": ax.lines, "collections": ax.collections, "texts": ax.texts, "patches": ax.patches}[kind]
    return [a for a in artists if a.get_gid() == gid]


def legend_texts(ax) -> list[str]:
    return [t.get_text() for t in ax.get_legend().get_texts()]


def name(row, lang: str) -> str:
    return (row["name_zh"] if lang == "zh" else row["name_pinyin"]) + ("*" if row["estimated"] else "")


def test_string_tables_have_the_same_keys_in_both_languages():
    assert STRINGS["zh"].keys() == STRINGS["en"].keys()
    assert MEANINGS["zh"].keys() == MEANINGS["en"].keys()


def test_the_chinese_font_comes_from_the_installed_package():
    assert fonts.path().is_file() and "mplfonts" in str(fonts.path())
    assert plots.family()[0] == fonts.FAMILY
    assert matplotlib.font_manager.FontProperties(fname=str(fonts.path())).get_name() == fonts.FAMILY


def test_a_missing_glyph_is_an_error():
    """The guard the other tests rely on: a character no chart font has (Tangut) raises."""
    figure = Figure()
    with plots.styled():
        figure.text(0.5, 0.5, "\U00017000")
    with pytest.raises(UserWarning, match="missing from font"):
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            figure.savefig(io.BytesIO(), format="png")


def test_drawing_leaves_global_settings_alone(data):
    before = dict(matplotlib.rcParams)
    plots.tier_scorecard(data.tiers, lang="zh")
    assert dict(matplotlib.rcParams) == before


def test_only_the_plotting_module_imports_matplotlib():
    sim = Path(plots.__file__).parents[2]  # plots is the package sim/present/plots/
    importing = sorted(str(p.relative_to(sim)) for p in sim.rglob("*.py")
                       if re.search(r"^\s*(import|from) matplotlib", p.read_text(encoding="utf-8"), re.M))
    assert importing and all(name.startswith("present/plots/") for name in importing)


def test_importing_sim_plots_changes_no_setting():
    code = ("import matplotlib; before = dict(matplotlib.rcParams); import sim.present.plots; "
            "assert dict(matplotlib.rcParams) == before; "
            "assert 'Noto Sans CJK SC' not in [f.name for f in matplotlib.font_manager.fontManager.ttflist]")
    subprocess.run([sys.executable, "-c", code], check=True)


@LANG
def test_fan_chart_marks_bands_thresholds_crossing_and_an_estimated_seed(data, lang):
    tianmen = "429006"  # estimated seed; crosses the Top-100 threshold within the horizon
    ax = draw(plots.fan_chart, data.bands, data.thresholds, data.crossings, data.counties, tianmen, lang=lang)
    county = data.counties.set_index("county_id").loc[tianmen]
    assert ax.get_title() == label(lang, "fan_title", county=name({**county, "county_id": tianmen}, lang))
    assert len(gids(ax, "median")) == 1
    assert len(gids(ax, "band50", "collections")) == len(gids(ax, "band80", "collections")) == 1
    assert gids(ax, "band80", "collections")[0].get_hatch() == plots.HATCH  # estimated seed: hatched band
    for size in ("top100", "top50"):
        assert len(gids(ax, f"threshold-{size}")) == 1
        assert len(gids(ax, f"threshold-band-{size}", "collections")) == 1
    row = data.crossings.set_index(["county_id", "threshold"]).loc[(tianmen, "top100")]
    marker = gids(ax, "crossing-top100")
    assert len(marker) == 1 and marker[0].get_xdata()[0] == row["year_p50"]
    median = gids(ax, "median")[0]
    assert list(median.get_xdata()) == list(range(data.base_year, data.horizon + 1))
    assert len(gids(ax, "estimated")) == 1 and not gids(ax, "seed")
    texts = legend_texts(ax)
    for key in ("median", "band50", "band80", "thr_top100", "thr_top50", "cross_top100", "seed_estimated"):
        assert label(lang, key) in texts
    assert ax.get_ylabel() == label(lang, "gdp_axis")


@LANG
def test_fan_chart_shows_history_by_status_a_projection_period_end_labels_and_the_probability(data, lang):
    tianmen = "429006"
    ax = draw(plots.fan_chart, data.bands, data.thresholds, data.crossings, data.counties, tianmen, history=data.history,
              about=data.about, lang=lang, data_until=data.data_until)
    seen = data.history[(data.history["county_id"] == tianmen) & (data.history["year"] >= data.base_year - 8)]
    assert len(seen) > 0
    for status, part in seen.groupby("status"):
        (points,) = gids(ax, f"history-{status}")
        assert sorted(points.get_xdata()) == sorted(part["year"]) and sorted(points.get_ydata()) == sorted(part["gdp_yi"])
        assert label(lang, "history_status", status=status_name(lang, status)) in legend_texts(ax)
    (period,) = gids(ax, "projection-period", "patches")
    assert data.data_until is not None and data.data_until > data.base_year  # the shipped fit has data after 2020
    assert period.get_x() == data.data_until  # the projection proper starts after the last data year
    (fitted,) = gids(ax, "fitted-period", "patches")  # base year .. last data year: conditioned on data
    assert (fitted.get_x(), fitted.get_x() + fitted.get_width()) == (data.base_year, data.data_until)
    (fitted_label,) = gids(ax, "fitted-period-label", "texts")
    assert fitted_label.get_text() == label(lang, "fitted_period")
    assert ax.get_xlim()[0] < min(seen["year"])  # the published years are on the chart
    threshold = data.thresholds[(data.thresholds["threshold"] == "top100") & (data.thresholds["year"] == data.horizon)]
    (end,) = gids(ax, "threshold-label-top100", "texts")
    assert end.get_text() == label(lang, "thr_end_top100", value=f"{threshold['p50'].iloc[0]:,.0f}")
    assert end.xy == (data.horizon, pytest.approx(threshold["p50"].iloc[0])) and end.xyann[0] > data.horizon
    row = data.crossings.set_index(["county_id", "threshold"]).loc[(tianmen, "top100")]
    (note,) = gids(ax, "crossing-note-top100", "texts")
    high = f">{data.horizon}" if pd.isna(row["year_p90"]) else str(row["year_p90"])
    assert note.get_text() == label(lang, "note_cross", name=label(lang, "thr_short_top100"), year=row["year_p50"],
                                    low=str(row["year_p10"]), high=high, horizon=data.horizon, p=percent(row["p_by_horizon"]))
    (subtitle,) = gids(ax, "subtitle", "texts")
    assert "baseline" in subtitle.get_text() and str(data.about.draws) in subtitle.get_text()
    (source,) = gids(ax, "source", "texts")
    assert data.about.sha in source.get_text() and str(data.about.seed) in source.get_text()


def test_a_forecast_seed_is_labelled_a_forecast_not_observed(data):
    forecast = data.counties[data.counties["status"] == "forecast"]
    assert len(forecast) > 0, "the shipped data has a forecast seed (钟祥)"
    county = forecast["county_id"].iloc[0]
    for lang in LANGS:
        ax = draw(plots.fan_chart, data.bands, data.thresholds, data.crossings, data.counties, county, history=data.history,
                  lang=lang)
        texts = legend_texts(ax)
        assert label(lang, "seed_forecast") in texts
        assert label(lang, "seed_observed", status=status_name(lang, "forecast")) not in texts
        (seed,) = gids(ax, "seed")
        assert seed.get_marker() == "D" and seed.get_markerfacecolor() == "white"


@LANG
def test_fan_chart_of_a_county_already_above_and_of_one_without_data(assumed, lang):
    data = assumed
    # a county already above the Top-100 threshold in the base year in every draw (the threshold is drawn per draw)
    c = data.crossings
    (yidu, *_) = c.loc[(c["threshold"] == "top100") & (c["base_above"] == "true"), "county_id"].tolist()
    ax = draw(plots.fan_chart, data.bands, data.thresholds, data.crossings, data.counties, yidu, lang=lang)
    already = label(lang, "already_thr", name=label(lang, "thr_top100"))
    assert [t.get_text() for t in gids(ax, "already-top100", "texts")] == [already]
    assert not gids(ax, "crossing-top100")
    nodata = data.counties.loc[~data.counties["projected"], "county_id"].iloc[0]  # no data at all
    ax = draw(plots.fan_chart, data.bands, data.thresholds, data.crossings, data.counties, nodata, lang=lang)
    assert [t.get_text() for t in gids(ax, "no-data", "texts")] == [label(lang, "no_data")]
    assert not ax.lines


@LANG
@pytest.mark.parametrize("threshold", ["top100", "top50"])
def test_crossing_timeline_has_one_mark_per_tier_county(assumed, lang, threshold):
    data = assumed
    ax = draw(plots.crossing_timeline, data.crossings, data.counties, threshold=threshold, base_year=data.base_year,
              horizon=data.horizon, lang=lang)
    rows = data.crossings[(data.crossings["threshold"] == threshold) & (data.crossings["tier"] != "other")]
    rows = rows.merge(data.counties[["county_id", "estimated", "projected"]], on="county_id")
    projected = rows[rows["projected"]]
    already = projected["base_above"] == "true"
    never = ~already & projected["year_p50"].isna()
    medians = gids(ax, "median")
    assert len(medians) == (~already & ~never).sum()
    assert sorted(int(m.get_xdata()[0]) for m in medians) == sorted(projected.loc[~already & ~never, "year_p50"].astype(int))
    assert len(gids(ax, "already")) == already.sum()
    assert len(gids(ax, "never")) == never.sum()
    assert len(gids(ax, "no-data", "texts")) == (~rows["projected"]).sum() > 0
    open_markers = [m for m in medians if m.get_markerfacecolor() == "white"]
    assert len(open_markers) == (projected.loc[~already & ~never, "estimated"]).sum()
    ticks = [t.get_text() for t in ax.get_yticklabels()]
    tiers = list(dict.fromkeys(rows["tier"]))

    def reading_order(r):  # already above, then by median year, then not by the horizon, then no data
        if not r["projected"]:
            return (3, 0, 0.0)
        if r["base_above"] == "true":
            return (0, 0, 0.0)
        return (2, 0, -r["p_by_horizon"]) if pd.isna(r["year_p50"]) else (1, int(r["year_p50"]), -r["p_by_horizon"])

    assert ticks == [t for tier in tiers for t in [tier_name(lang, tier)]
                     + [name(r, lang) for r in sorted((r for _, r in rows[rows["tier"] == tier].iterrows()), key=reading_order)]]
    assert legend_texts(ax) == [label(lang, "median_year"), label(lang, "p10p90"), label(lang, "already"),
                                label(lang, "never", year=data.horizon), label(lang, "seed_estimated")]
    shown = sorted(t.get_text() for t in gids(ax, "probability", "texts"))
    assert shown == sorted(percent(v) for v in projected["p_by_horizon"])
    crossing = projected[~already & ~never]
    assert sorted(m.get_markersize() for m in medians) == pytest.approx(sorted(4.5 + 5.0 * crossing["p_by_horizon"]))


@LANG
@pytest.mark.parametrize("threshold", ["top100", "top50"])
def test_probability_heatmap_is_county_by_year_with_estimated_rows_hatched(assumed, lang, threshold):
    data = assumed
    ax = draw(plots.probability_heatmap, data.membership, data.counties, threshold=threshold, lang=lang)
    tier_counties = data.counties[data.counties["tier"] != "other"]
    grid = ax.images[0].get_array()
    assert grid.shape == (len(tier_counties), data.horizon - data.base_year + 1)
    m = data.membership[data.membership["threshold"] == threshold].pivot(index="county_id", columns="year", values="probability")
    first = tier_counties["county_id"].iloc[0]
    assert list(grid[0]) == pytest.approx(list(m.loc[first].astype(float)))
    assert grid.mask[list(tier_counties["projected"]).index(False)].all()  # a county with no data: masked (grey)
    assert len(gids(ax, "estimated", "patches")) == tier_counties["estimated"].sum() > 0
    assert all(p.get_hatch() == plots.HATCH for p in gids(ax, "estimated", "patches"))
    ticks = [t.get_text() for t in ax.get_yticklabels()]
    assert len(ticks) == len(tier_counties) and sum(t.endswith("*") for t in ticks) == tier_counties["estimated"].sum()
    assert len(ax.figure.axes) == 2  # the colour bar
    assert legend_texts(ax) == [label(lang, "estimated_rows")]
    assert [t.get_text() for t in gids(ax, "tier-label", "texts")] == [tier_name(lang, t) for t in dict.fromkeys(tier_counties["tier"])]


def test_heatmap_writes_the_probability_of_milestone_years_in_the_cells(data):
    ax = draw(plots.probability_heatmap, data.membership, data.counties, milestones=data.milestones, lang="en")
    tier_counties = data.counties[data.counties["tier"] != "other"]
    cells = gids(ax, "cell-text", "texts")
    assert len(cells) == tier_counties["projected"].sum() * len(data.milestones) > 0
    m = data.membership[(data.membership["threshold"] == "top100")].set_index(["county_id", "year"])["probability"]
    first = tier_counties.loc[tier_counties["projected"], "county_id"].iloc[0]
    row = list(tier_counties["county_id"]).index(first)
    texts = {int(t.get_position()[0]): t.get_text() for t in cells if t.get_position()[1] == row}
    years = sorted(data.membership["year"].unique())
    assert texts == {years.index(y): percent(m[(first, y)]).replace("%", "") for y in data.milestones}


@LANG
def test_tier_scorecard_has_a_line_and_band_per_tier(data, lang):
    ax = draw(plots.tier_scorecard, data.tiers, data.counties, threshold="top100", lang=lang)
    tiers = [t for t in dict.fromkeys(data.tiers["tier"]) if t != "other"]
    for tier in tiers:
        line = gids(ax, f"tier-{tier}")
        assert len(line) == 1 and len(gids(ax, f"band-{tier}", "collections")) == 1
        expected = data.tiers[(data.tiers["tier"] == tier) & (data.tiers["threshold"] == "top100")]["members_mean"]
        assert list(line[0].get_ydata()) == pytest.approx(list(expected))
    assert len(ax.lines) == len(tiers)
    assert all(line.get_drawstyle() == "steps-mid" for line in ax.lines)  # counts step, never ramp
    ends = {t.get_text() for t in gids(ax, "end-label", "texts")}
    last = data.tiers[(data.tiers["threshold"] == "top100") & (data.tiers["year"] == data.horizon)].set_index("tier")
    assert ends == {f"{tier_name(lang, t)} {last.loc[t, 'members_mean']:.1f}" for t in tiers}
    n = int(data.counties[(data.counties["tier"] == "advance") & data.counties["estimated"]].shape[0])
    assert label(lang, "tier_estimated", tier=tier_name(lang, "advance"), n=n) in legend_texts(ax)


@LANG
def test_rank_bump_has_a_line_per_projected_tier_county(data, lang):
    ax = draw(plots.rank_bump, data.ranks, data.counties, lang=lang)
    shown = data.counties[(data.counties["tier"] != "other") & data.counties["projected"]]
    lines = [line for line in ax.lines if str(line.get_gid()).startswith("rank-4")]
    assert len(lines) == len(shown)
    dashed = {line.get_gid()[5:] for line in lines if line.get_linestyle() == "--"}
    assert dashed == set(shown.loc[shown["estimated"], "county_id"])
    assert len(gids(ax, "rank-line-100")) == len(gids(ax, "rank-line-50")) == 1
    assert ax.yaxis_inverted()
    labels = {t.get_text() for t in gids(ax, "end-label", "texts")}
    assert labels == {name(r, lang) for _, r in shown.iterrows()}
    assert legend_texts(ax)[-1] == label(lang, "estimated_lines")


@LANG
def test_rank_bump_puts_ranks_past_the_simulated_set_on_a_floor_and_overlays_ccid_ranks(data, lang):
    ax = draw(plots.rank_bump, data.ranks, data.counties, ccid=data.ccid, floor=data.rank_floor, lang=lang)
    assert data.rank_floor and gids(ax, "floor", "patches")
    lines = [line for line in ax.lines if str(line.get_gid()).startswith("rank-4")]
    assert max(max(line.get_ydata()) for line in lines) <= data.rank_floor * 1.06 + 1e-9
    shown = data.counties[(data.counties["tier"] != "other") & data.counties["projected"]]
    with_ccid = set(data.ccid["county_id"]) & set(shown["county_id"])
    assert with_ccid and {str(line.get_gid())[5:] for line in ax.lines if str(line.get_gid()).startswith("ccid-")} == with_ccid
    county = sorted(with_ccid)[0]
    (line,) = gids(ax, f"ccid-{county}")
    published = data.ccid[data.ccid["county_id"] == county]
    assert list(line.get_xdata()) == list(published["data_year"]) and list(line.get_ydata()) == list(published["rank"])
    assert label(lang, "ccid_rank") in legend_texts(ax)
    for end in gids(ax, "end-label", "texts"):  # every label joined to its line's end by a leader line
        assert end.arrow_patch is not None and end.xy[0] == data.horizon


@LANG
def test_plan_targets_panel_shows_each_target(data, lang):
    ax = draw(plots.plan_targets, data.targets, data.counties, lang=lang)
    measured = data.targets["probability_met"].notna()
    bars = gids(ax, "p-met", "patches")
    assert len(bars) == measured.sum() > 0
    assert [b.get_width() for b in bars] == pytest.approx(list(data.targets.loc[measured, "probability_met"]))
    assert len(gids(ax, "not-modelled", "texts")) == (~measured).sum() > 0
    assert all(t.get_text() == label(lang, "not_modelled") for t in gids(ax, "not-modelled", "texts"))
    assert len(ax.get_yticklabels()) == len(data.targets)
    assert label(lang, "target_county_gdp_total") + " (2025)" == ax.get_yticklabels()[0].get_text()
    assert "36,500" in gids(ax, "target-text", "texts")[0].get_text()
    assert ax.get_xlim() == (0, 1.0)  # probabilities, never an axis past 100%


def test_targets_cover_all_units_so_they_are_charted_as_results(data):
    """targets.csv's covers column says each target is measured over all 78 units (the projected ones plus the
    rest of the county economy): a measured target is a coloured bar with its percent, a lower bound with >=."""
    projected = int(data.counties["projected"].sum())
    assert projected < 78 and data.targets["covers"].notna().all()
    ax = draw(plots.plan_targets, data.targets, data.counties, units=78, lang="en")
    measured = data.targets["probability_met"].notna()
    bars = gids(ax, "p-met", "patches")
    assert len(bars) == measured.sum() > 0
    for bar in bars:
        assert bar.get_facecolor()[:3] != pytest.approx(matplotlib.colors.to_rgb(GREY))
    texts = [t.get_text() for t in gids(ax, "target-text", "texts")]
    for text, (_, row) in zip(texts, data.targets[measured].iterrows()):
        bound = "≥" if "lower bound" in row["covers"] else ""
        assert text.startswith(bound + percent(row["probability_met"]))
    assert any(t.startswith("≥") for t in texts)
    frame = data.targets.assign(covers=["not measurable: 21 projected of the plan's 78 units, and no total"] +
                                list(data.targets["covers"][1:]), probability_met=[None] + list(data.targets["probability_met"][1:]))
    ax = draw(plots.plan_targets, frame, data.counties, units=78, lang="en")
    assert label("en", "not_measurable") in [t.get_text() for t in gids(ax, "not-modelled", "texts")]
    assert len(gids(ax, "p-met", "patches")) == measured.sum() - 1   # never a 0% bar for a target not measurable


def test_targets_over_fewer_units_than_the_plan_are_grey_never_a_percent(data):
    """A table without covers (written before the targets covered all units): a total over fewer units is grey."""
    data = replace(data, targets=data.targets.drop(columns=["covers"]))
    projected = int(data.counties["projected"].sum())
    ax = draw(plots.plan_targets, data.targets, data.counties, units=78, lang="en")
    measured = data.targets["probability_met"].notna()
    assert projected < 78
    for bar in gids(ax, "p-met", "patches"):
        assert bar.get_facecolor()[:3] == pytest.approx(matplotlib.colors.to_rgb(GREY))
    for text in gids(ax, "target-text", "texts"):
        assert "%" not in text.get_text().split("·")[0] and label("en", "partial", n=projected, units=78) in text.get_text()
    everything = data.counties.assign(projected=True)
    ax = draw(plots.plan_targets, data.targets, everything, units=len(everything), lang="en")
    texts = [t.get_text() for t in gids(ax, "target-text", "texts")]
    assert len(texts) == measured.sum() and all(t.startswith(percent(p)) for t, p in
                                               zip(texts, data.targets.loc[measured, "probability_met"]))
    frame = data.targets.assign(status=["not measurable"] + [""] * (len(data.targets) - 1))
    ax = draw(plots.plan_targets, frame, everything, units=len(everything), lang="en")
    assert label("en", "not_measurable") in [t.get_text() for t in gids(ax, "not-modelled", "texts")]


@LANG
def test_scenario_comparison_shows_year_changes_and_gdp(projections, data, lang):
    base, high = projections
    crossing, gdp = compare.crossing_differences(base, high), compare.gdp_differences(base, high)
    ax = draw(plots.scenario_comparison, crossing, gdp, names=("baseline", "high"), counties=data.counties, lang=lang)
    (panel,) = [a for a in ax.child_axes if gids(a, "gdp-change", "patches")]
    years = crossing[(crossing["measure"] == "year_p50") & (crossing["tier"] != "other")]
    both = years["a"].notna() & years["b"].notna()
    only_b = years["a"].isna() & years["b"].notna()
    marks = [line for line in ax.lines if str(line.get_gid()).startswith("change-")]
    assert len(marks) == both.sum()
    assert len([line for line in ax.lines if str(line.get_gid()).startswith("only-b-")]) == only_b.sum()
    tier_ids = list(dict.fromkeys(years["county_id"]))
    bars = gids(panel, "gdp-change", "patches")
    assert len(bars) == len(tier_ids)
    horizon = gdp[gdp["year"] == gdp["year"].max()].set_index("county_id")["b_minus_a"]
    assert [b.get_width() for b in bars] == pytest.approx([0.0 if pd.isna(horizon[c]) else horizon[c] for c in tier_ids])
    assert ax.get_title(loc="left") == label(lang, "compare_title", a="baseline", b="high")
    assert label(lang, "only_b", b="high") in legend_texts(ax)
    news = sorted(t.get_text() for t in gids(ax, "new-label", "texts"))  # crossing only in B: "new: YEAR", not 0
    assert news == sorted(label(lang, "new_year", year=int(y)) for y in years.loc[only_b, "b"])
    (probability,) = [a for a in ax.child_axes if a is not panel]
    for year in sorted(int(m[5:]) for m in crossing["measure"].unique() if m.startswith("p_by_")):
        part = crossing[(crossing["measure"] == f"p_by_{year}") & (crossing["threshold"] == "top100") & (crossing["tier"] != "other")]
        heads = gids(probability, f"p-arrow-{year}")
        assert sorted(h.get_xdata()[0] for h in heads) == pytest.approx(sorted(part["b"].dropna()))


def test_scenario_comparison_without_axes_makes_its_own_two_panel_figure(projections):
    base, high = projections
    ax = plots.scenario_comparison(compare.crossing_differences(base, high), compare.gdp_differences(base, high))
    assert len(ax.figure.axes) == 3 and gids(ax.figure.axes[2], "gdp-change", "patches")


@LANG
def test_tile_map_has_one_square_per_county_coloured_by_probability(data, lang):
    year = data.milestones[-1]
    ax = draw(plots.tile_map, data.membership, data.counties, year=year, about=data.about, lang=lang)
    tiles = [p for p in ax.patches if str(p.get_gid()).startswith("tile-")]
    assert sorted(str(p.get_gid())[5:] for p in tiles) == sorted(data.counties["county_id"])
    places = [(p.get_x(), p.get_y()) for p in tiles]
    assert len(set(places)) == len(places)  # no two squares on one place
    p = data.membership[(data.membership["threshold"] == "top100") & (data.membership["year"] == year)].set_index("county_id")
    written = sorted(t.get_text() for t in gids(ax, "tile-p", "texts"))
    expected = [percent(p.loc[c, "probability"]) if r else label(lang, "no_data")
                for c, r in zip(data.counties["county_id"], data.counties["projected"])]
    assert written == sorted(expected)
    dashed = {str(t.get_gid())[5:] for t in tiles if t.get_linestyle() == "--"}
    assert dashed == set(data.counties.loc[data.counties["estimated"], "county_id"])
    assert ax.get_title() == label(lang, "map_title", name=label(lang, "thr_top100"), year=year)


def test_charts_without_axes_make_a_figure_and_leak_nothing(data):
    import matplotlib.pyplot as plt  # only to check that no pyplot figure is opened

    ax = plots.rank_bump(data.ranks, data.counties, lang="en")
    assert isinstance(ax.figure, Figure) and plt.get_fignums() == []


def test_outputs_are_deterministic_and_carry_the_font(data):
    def chart():
        return plots.probability_heatmap(data.membership, data.counties, lang="zh")

    png = plots.to_bytes(chart(), "png")
    assert png == plots.to_bytes(chart(), "png") and png.startswith(b"\x89PNG")
    svg = plots.to_bytes(chart(), "svg", description="tiersim test")
    assert svg == plots.to_bytes(chart(), "svg", description="tiersim test")
    assert b"<dc:date>" not in svg and b"tiersim test" in svg
    pdf = plots.to_bytes(chart(), "pdf")
    assert pdf == plots.to_bytes(chart(), "pdf") and b"NotoSansCJKsc" in pdf and b"CreationDate" not in pdf
    with pytest.raises(ValueError, match="--format: must be one of png, svg, pdf; got 'gif'"):
        plots.to_bytes(chart(), "gif")


def test_unknown_language_is_refused(data):
    with pytest.raises(ValueError, match="--lang: must be one of zh, en; got 'fr'"):
        plots.rank_bump(data.ranks, data.counties, lang="fr")


def test_fan_chart_of_the_assumed_model_projects_from_the_base_year(assumed):
    """The assumed model conditions on nothing after the seed: no fitted period, the projection starts at the base."""
    assert assumed.data_until is None
    county = assumed.counties.loc[assumed.counties["projected"], "county_id"].iloc[0]
    ax = draw(plots.fan_chart, assumed.bands, assumed.thresholds, assumed.crossings, assumed.counties, county,
              history=assumed.history, about=assumed.about, lang="en", data_until=assumed.data_until)
    (period,) = gids(ax, "projection-period", "patches")
    assert period.get_x() == assumed.base_year and not gids(ax, "fitted-period", "patches")
