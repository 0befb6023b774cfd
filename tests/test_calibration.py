"""Calibration: known answers on synthetic panels with known parameters, the shipped data, and as-of discipline.

The synthetic panels are generated here (numpy Generator, fixed seeds) with the model the
estimators assume: yearly log growth = China + Hubei gap + county gap, each an AR(1), and
figures observed with the measurement errors of :mod:`calibration.panel`. Tolerances are
stated next to each check; they are several standard errors wide for the panel sizes used.
"""

from __future__ import annotations

import math
import re
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from calibration import county, gaussian, macro, pandemic, pooling, seeding
from calibration.fit import Options, calibrate
from calibration.panel import GROWTH_SD, LEVEL_SD, county_panel, macro_panel, vintage
from calibration.scenario_writer import scenario_data, to_yaml
from sim import scenario
from sim.data.registry import County, Registry
from sim.data import Dataset, best_observations
from sim.errors import CalibrationError

ROOT = Path(__file__).resolve().parent.parent
TIER_GAPS = {"advance": 0.005, "sprint": 0.0, "reserve": -0.005}


# ---------------------------------------------------------------- synthetic panels


def ar1_path(rng: np.random.Generator, n: int, mean: float, sd: float, phi: float) -> np.ndarray:
    """``mean`` plus a stationary AR(1) with innovation s.d. ``sd`` (log growth per year)."""
    state = rng.standard_normal() * sd / math.sqrt(1 - phi**2)
    out = np.empty(n)
    for t in range(n):
        if t:
            state = phi * state + sd * rng.standard_normal()
        out[t] = state
    return mean + out


def synthetic_macro(rng, years, phi, c=(0.05, 0.006), h=(0.01, 0.004), pi=(0.02, 0.005), level_every=2):
    """True China growth, Hubei gap, deflator (log), and macro rows observing them every year."""
    n = len(years)
    truth = {"c": ar1_path(rng, n, *c, phi), "h": ar1_path(rng, n, *h, phi), "pi": ar1_path(rng, n, *pi, phi)}
    rows, level = [], 30000.0
    for i, year in enumerate(years):
        rows.append(("china_gdp_real_growth", year, math.expm1(truth["c"][i] + 0.002 * rng.standard_normal())))
        rows.append(("hubei_gdp_real_growth", year, math.expm1(truth["c"][i] + truth["h"][i] + 0.002 * rng.standard_normal())))
        # China's deflator stands in for Hubei's with the gap error (panel.GAP_SD = 1 point)
        rows.append(("china_gdp_deflator_growth", year, math.expm1(truth["pi"][i] + 0.01 * rng.standard_normal())))
        if i:
            level *= math.exp(truth["c"][i] + truth["h"][i] + truth["pi"][i])
        if i % level_every == 0:
            rows.append(("hubei_gdp_nominal", year, level * math.exp(0.005 * rng.standard_normal())))
    frame = pd.DataFrame(rows, columns=["series", "year", "value"])
    return truth, frame.assign(unit="", as_published="synthetic", source="synthetic", confidence="high")


def synthetic_counties(rng, years, truth, n=60, tau=0.01, sigma=0.02, phi=0.5, per=(2, 7), growth_share=0.3,
                       every=None, keep_years=(), drop_years=(), growth_bias=0.0):
    """Counties in three tiers with known gaps ``mu`` (tier gap + N(0, tau)), yearly levels, and an irregular
    sample of figures (random years and statuses, some with the year's real growth, published ``growth_bias``
    too high). ``every``: a level every ``every`` years instead of random years; ``keep_years`` always observed,
    ``drop_years`` never."""
    statuses = ("official", "secondary", "forecast")
    tiers = list(TIER_GAPS)
    units, mus, levels, rows = [], {}, {}, []
    for k in range(n):
        cid, tier = f"49{k:04d}", tiers[k % 3]
        mu = TIER_GAPS[tier] + tau * rng.standard_normal()
        d = ar1_path(rng, len(years), mu, sigma, phi)
        log_level = math.log(300.0) + 0.5 * rng.standard_normal() + np.cumsum(truth["c"] + truth["h"] + truth["pi"] + d)
        units.append((cid, tier))
        mus[cid] = mu
        levels[cid] = dict(zip(years, np.exp(log_level)))
        if every:
            picks = [i for i, y in enumerate(years) if (years[-1] - y) % every == 0 or y in keep_years]
        else:
            picks = sorted(rng.choice(len(years), size=int(rng.integers(*per)), replace=False))
            picks = sorted(set(picks) | {years.index(y) for y in keep_years})
        for i in picks:
            if years[i] in drop_years:
                continue
            status = "official" if every else statuses[rng.integers(3)]
            growth = (math.expm1(truth["c"][i] + truth["h"][i] + d[i] + growth_bias + GROWTH_SD[status] * rng.standard_normal())
                      if rng.random() < growth_share else float("nan"))
            rows.append((cid, years[i], float(math.exp(log_level[i] + LEVEL_SD[status] * rng.standard_normal())), growth,
                         status, "high", "synthetic"))
    obs = pd.DataFrame(rows, columns=["county_id", "year", "gdp_yi", "real_growth", "status", "confidence", "source"])
    return units, mus, levels, obs


def synthetic_dataset(shipped: Dataset, units, obs: pd.DataFrame, macro_rows: pd.DataFrame, tail_years=(2010, 2014)) -> Dataset:
    """A :class:`Dataset` of synthetic counties (a registry of their own) with shipped-shaped empty tables."""
    registry = Registry([County(id=c, name_zh=f"合成{c[-3:]}县", name_pinyin=f"Synth{c[-3:]}", prefecture="", tier=t) for c, t in units])
    tail = pd.DataFrame({"data_year": list(tail_years), "gdp_yi": [1000.0] * len(tail_years), "count_at_least": [10 + 3 * i for i in range(len(tail_years))],
                         "kind": "count", "fact_row": "synthetic", "confidence": "high", "source": "synthetic"})
    return Dataset(registry=registry, observations=obs.sort_values(["county_id", "year"]).reset_index(drop=True), macro=macro_rows,
                   national_tail=tail, plan=shipped.plan.iloc[0:0], ccid_ranks=shipped.ccid_ranks.iloc[0:0])


def base_scenario(registry, **uncertainty) -> scenario.Scenario:
    data = scenario.read_yaml(scenario.find("baseline")[0], "baseline")
    data["uncertainty"].update(uncertainty)
    data["thresholds"] = {"model": "fitted", "growth": 0.05, "tail_index": 2.45}
    return scenario.build(data, registry)


# ---------------------------------------------------------------- linear-Gaussian pieces


def test_reml_of_an_iid_sample_is_the_unbiased_variance():
    """Known answer: REML with an unknown mean gives S / (n - 1) (tolerance 0.5%: the grid refinement)."""
    x = np.random.default_rng(1).normal(0.05, 0.02, 50)
    fit = gaussian.reml(x, np.ones((50, 1)), {"s": np.eye(50)}, np.eye(50) * 1e-12, np.geomspace(1e-3, 0.2, 60), penalty=False)
    assert fit.value("s") == pytest.approx(np.std(x, ddof=1), rel=0.005)
    assert fit.beta[0] == pytest.approx(x.mean(), abs=1e-9)
    assert fit.sds["s"].low < fit.value("s") < fit.sds["s"].high


def test_reml_holds_a_volatility_the_data_cannot_bound():
    fit = gaussian.reml(np.array([0.05, 0.06]), np.ones((2, 1)), {"s": np.eye(2)}, np.eye(2) * 1e-6, np.geomspace(1e-3, 0.2, 30))
    assert not fit.sds["s"].estimated and "degrees of freedom" in fit.sds["s"].note


def test_one_component_shortcut_matches_the_direct_likelihood():
    rng = np.random.default_rng(2)
    A = rng.normal(size=(40, 40))
    M, R = A @ A.T / 40, np.eye(40) * 0.01
    F, y = rng.normal(size=(40, 3)), rng.normal(size=40)
    s = np.array([0.0, 0.05, 0.2])
    direct = gaussian._loglik(y, F, M[None], R, s[:, None])
    assert gaussian._OneComponent(y, F, M, R)(s) == pytest.approx(direct, rel=1e-9)


def test_empirical_bayes_is_james_stein_for_one_tier_and_equal_variances():
    """Known answer (Efron & Morris 1975): posterior = mean + B (own - mean), B = tau^2 / (tau^2 + s^2);
    the weight on an own estimate is B + (1 - B) / m (it also moves the mean)."""
    rng = np.random.default_rng(3)
    m, s, tau = 80, 0.01, 0.008
    own = rng.normal(0.0, tau, m) + rng.normal(0.0, s, m)
    units = [(f"c{i}", "sprint") for i in range(m)]
    p = pooling.pool(tuple(u for u, _ in units), own, np.eye(m) * s**2, {}, units, "eb")
    t2 = p.tau.value**2
    B = t2 / (t2 + s**2)
    assert p.counties["mean"].to_numpy() == pytest.approx(own.mean() + B * (own - own.mean()), abs=2e-4)
    assert p.counties["weight"].to_numpy() == pytest.approx(B + (1 - B) / m, abs=2e-3)
    closed_form = max(0.0, own.var(ddof=1) - s**2)  # balanced REML without the boundary penalty
    assert p.tau.value == pytest.approx(math.sqrt(closed_form), rel=0.1)
    assert p.tau.value == pytest.approx(tau, rel=0.35)  # recovers the truth within 35% (80 counties)


def test_complete_and_no_pooling_are_the_two_ends():
    own, cov = np.array([0.0, 0.02]), np.eye(2) * 1e-4
    units = [("a", "advance"), ("b", "advance"), ("c", "reserve")]
    pooled = pooling.pool(("a", "b"), own, cov, {"a": 1, "b": 1}, units, "pooled").counties.set_index("county_id")
    unpooled = pooling.pool(("a", "b"), own, cov, {"a": 1, "b": 1}, units, "unpooled").counties.set_index("county_id")
    assert pooled["mean"].tolist() == pytest.approx([0.01] * 3, abs=1e-6)
    assert unpooled.loc[["a", "b"], "mean"].tolist() == pytest.approx([0.0, 0.02], abs=2e-4)
    assert unpooled.loc["c", "weight"] == 0 and unpooled.loc["c", "sd"] > 0.05  # nothing known of c


# ---------------------------------------------------------------- known answers on synthetic panels


def test_macro_model_recovers_trend_means_and_volatilities():
    """Six synthetic 21-year panels (AR(1), persistence 0.5): every trend mean within 1 point a year, and the
    volatilities, averaged over the panels, within 30% of the truth (one panel's s.d. estimate varies by ~30%)."""
    years = list(range(2000, 2021))
    truth = {"m_c": 0.05, "m_h": 0.01, "m_pi": 0.02, "national": 0.006, "hubei": 0.004, "deflator": 0.005}
    found = []
    for seed in range(6):
        rng = np.random.default_rng(100 + seed)
        _, rows = synthetic_macro(rng, years, 0.5)
        fit = macro.fit(macro_panel(rows), years, years[0], (), 0.5, {"national": 0.014, "hubei": 0.01, "deflator": 0.01}, {})
        for name in ("m_c", "m_h", "m_pi"):
            assert fit.means[name][0] == pytest.approx(truth[name], abs=0.01), (seed, name)
        assert all(e.estimated for e in fit.sds.values())
        found.append([fit.sds[k].value for k in ("national", "hubei", "deflator")])
    mean = np.mean(found, axis=0)
    assert mean == pytest.approx([truth["national"], truth["hubei"], truth["deflator"]], rel=0.3)


@pytest.fixture(scope="module")
def county_worlds():
    """Two synthetic worlds of 60 counties (21 years, 2-6 figures each, mixed statuses, 30% with real growth)."""
    worlds = []
    years = list(range(2000, 2021))
    for seed in (7, 8):
        rng = np.random.default_rng(seed)
        truth, rows = synthetic_macro(rng, years, 0.5, level_every=1)
        fit = macro.fit(macro_panel(rows), years, years[0], (), 0.5, {"national": 0.014, "hubei": 0.01, "deflator": 0.01}, {})
        units, mus, levels, obs = synthetic_counties(rng, years, truth)
        own = county.fit(county_panel(best_observations(obs)), fit, 0.01)
        worlds.append((units, mus, own))
    return worlds


def test_county_volatility_and_gaps_are_recovered(county_worlds):
    """Tolerances: the county volatility within 15% of 2% (each world has ~250 rows); every tier mean within
    0.8 points of the truth; tau (1 point) within a factor of 2."""
    for units, mus, own in county_worlds:
        assert own.sigma.estimated and own.sigma.value == pytest.approx(0.02, rel=0.15)
        assert own.sigma.low < 0.02 < own.sigma.high or own.sigma.value == pytest.approx(0.02, rel=0.1)
        p = pooling.pool(own.ids, own.estimate, own.cov, own.rows, units, "eb")
        tiers = p.tiers.set_index("tier")["mean"]
        for tier, gap in TIER_GAPS.items():
            assert tiers[tier] == pytest.approx(gap, abs=0.008), tier
        assert 0.005 <= p.tau.value <= 0.02


def test_the_reporting_gap_of_growth_figures_is_recovered_and_keeps_volatility_honest():
    """Published growth 3 points above the true growth (as on the shipped data): the gap is found within 0.8 points
    and the county volatility stays within 20% of the truth (2%)."""
    years = list(range(2000, 2021))
    rng = np.random.default_rng(21)
    truth, rows = synthetic_macro(rng, years, 0.5, level_every=1)
    fit = macro.fit(macro_panel(rows), years, years[0], (), 0.5, {"national": 0.014, "hubei": 0.01, "deflator": 0.01}, {})
    units, mus, levels, obs = synthetic_counties(rng, years, truth, n=45, growth_share=0.5, growth_bias=0.03)
    own = county.fit(county_panel(best_observations(obs)), fit, 0.01)
    gap, gap_se = own.reporting_gap
    assert gap == pytest.approx(0.03, abs=0.008) and gap_se < 0.005
    assert own.sigma.value == pytest.approx(0.02, rel=0.2)
    # a panel whose counties have only growth figures or only levels cannot tell the gap apart
    only = obs[obs["county_id"].isin([c for c, _ in units[:10]])].assign(real_growth=np.nan)
    assert county.fit(county_panel(best_observations(only)), fit, 0.01).reporting_gap is None


def test_partial_pooling_beats_no_pooling_and_its_bands_cover(county_worlds):
    """Over both worlds (120 counties): empirical Bayes has a smaller RMSE of the true gaps than no pooling, and its
    80% posterior intervals cover between 68% and 92% of the true gaps (binomial s.d. at 120 is 3.7 points)."""
    hits, n, rmse = 0, 0, {"eb": [], "unpooled": []}
    for units, mus, own in county_worlds:
        truth = np.array([mus[c] for c, _ in units])
        for method in rmse:
            table = pooling.pool(own.ids, own.estimate, own.cov, own.rows, units, method).counties
            rmse[method].append(float(np.sqrt(np.mean((table["mean"].to_numpy() - truth) ** 2))))
            if method == "eb":
                hits += int((np.abs(table["mean"].to_numpy() - truth) <= 1.2816 * table["sd"].to_numpy()).sum())
                n += len(truth)
    assert np.mean(rmse["eb"]) < 0.8 * np.mean(rmse["unpooled"])
    assert 0.68 <= hits / n <= 0.92


def test_carry_calibrated_seeds_have_honest_standard_errors(shipped):
    """60 synthetic counties without a figure in the base year: seed errors within 1.28 s.e. for 68-92% of them,
    and a median absolute error below 5%."""
    years = list(range(2005, 2021))
    rng = np.random.default_rng(11)
    truth, rows = synthetic_macro(rng, years, 0.5, level_every=1)
    units, mus, levels, obs = synthetic_counties(rng, years, truth, per=(2, 5), drop_years=(2016,))
    data = synthetic_dataset(shipped, units, obs, rows)
    cal = calibrate(data, base_scenario(data.registry), Options(as_of=2020, base_year=2016, window=16))
    table = seeding.seeds(cal, best_observations(data.observations), 2016, [c for c, _ in units]).set_index("county_id")
    z = [(math.log(r.gdp_yi) - math.log(levels[c][2016])) / (r.gdp_se / r.gdp_yi) for c, r in table.iterrows()]
    errors = [abs(r.gdp_yi / levels[c][2016] - 1) for c, r in table.iterrows()]
    assert len(z) == 60
    assert 0.68 <= np.mean(np.abs(z) <= 1.2816) <= 0.92
    assert np.median(errors) < 0.05


# ---------------------------------------------------------------- the irregular panel


def test_level_changes_share_the_error_of_their_common_figure():
    best = pd.DataFrame({"county_id": ["420000"] * 3, "year": [2015, 2017, 2018], "gdp_yi": [100.0, 110.0, 121.0],
                         "real_growth": [np.nan, np.nan, 0.07], "status": ["official", "secondary", "forecast"],
                         "confidence": ["high", "low", "high"], "source": ["a", "b", "c"]})
    panel = county_panel(best)
    levels = [r for r in panel.rows if r.kind == "levels"]
    assert [(r.start, r.end) for r in levels] == [(2016, 2017), (2018, 2018)]
    assert levels[0].noise[1] == ("level:420000:2017", 1.0) and levels[1].noise[0] == ("level:420000:2017", -1.0)
    assert panel.noise["level:420000:2017"] == pytest.approx((0.02 * 1.5) ** 2)  # secondary, low confidence
    assert [r.value for r in panel.rows if r.kind == "real growth"] == [pytest.approx(math.log1p(0.07))]


def test_macro_levels_pair_only_within_a_vintage(shipped):
    panel = macro_panel(shipped.macro)
    china = {(r.start, r.end): r for r in panel.rows if r.unit == "china" and r.kind == "levels"}
    assert set(china) == {(2021, 2021), (2022, 2022), (2023, 2023)}  # no 2023 -> 2024: preliminary vs unlabelled
    assert any("revised" in k for k, _ in china[(2022, 2022)].noise)  # revised pair preferred for 2022
    assert vintage("1149000 亿元 (revised 114.9万亿)") == "revised"
    hubei = sorted((r.start, r.end) for r in panel.rows if r.unit == "hubei" and r.kind == "levels")
    assert hubei == [(2017, 2020), (2021, 2021), (2022, 2023)]


def test_pandemic_treatments_are_explicit(shipped, registry):
    base = scenario.load("baseline", registry)
    shock = calibrate(shipped, base, Options(as_of=2024, pandemic="shock"))
    excluded = calibrate(shipped, base, Options(as_of=2024, pandemic="exclude"))
    kept = calibrate(shipped, base, Options(as_of=2024, pandemic="keep"))
    assert not any(pandemic.touches(r) for r in excluded.macro.panel.rows + excluded.counties.panel.rows)
    assert excluded.usage.macro_excluded > 0 and sum(excluded.usage.excluded.values()) > 0
    assert {"shock_h_2020", "shock_h_2021"} <= set(shock.macro.means)
    assert shock.macro.means["shock_h_2020"][0] + shock.macro.means["shock_c_2020"][0] < -0.08  # the 2020 fall
    assert kept.macro.sds["hubei"].value > 2 * shock.macro.sds["hubei"].value  # 2020-2021 as ordinary years
    early = calibrate(shipped, base, Options(as_of=2020, pandemic="shock"))
    assert "shock_h_2021" in early.macro.dropped
    assert any("2021 pandemic rebound" in line for line in early.not_estimated)


# ---------------------------------------------------------------- the shipped data


def test_shipped_calibration_as_of_2020_says_what_it_used_and_could_not_estimate(shipped, registry):
    cal = calibrate(shipped, scenario.load("baseline", registry), Options(as_of=2020))
    assert cal.as_of == 2020 and cal.base_year == 2020
    assert cal.usage.rows == {"official": 1, "secondary": 15, "forecast": 5, "estimated": 0}
    assert sum(cal.usage.used.values()) <= cal.usage.best <= sum(cal.usage.rows.values())
    text = "\n".join(cal.not_estimated)
    for expected in ("2021 pandemic rebound", "thresholds.tail_index", "uncertainty.tier", "with no figure at all"):
        assert expected in text
    assert cal.counties.sigma.estimated  # 14 rows of 9 counties bound the county volatility
    assert 0.03 < cal.hubei_trend()[0] < 0.1


def test_calibration_as_of_before_any_hubei_figure_is_a_one_line_error(shipped, registry):
    with pytest.raises(CalibrationError, match=r"as of 2015: Hubei's trend growth cannot be estimated: no Hubei growth figure up to 2015"):
        calibrate(shipped, scenario.load("baseline", registry), Options(as_of=2015))
    with pytest.raises(CalibrationError, match="--method: must be one of eb, pooled, unpooled; got 'best'"):
        Options(method="best")


def test_scenario_written_is_valid_deterministic_and_equals_its_data(shipped, registry, tmp_path):
    base = scenario.load("baseline", registry)
    cal = calibrate(shipped, base, Options(as_of=2024))
    text = to_yaml(cal, "tiersim calibrate --as-of 2024")
    assert text == to_yaml(calibrate(shipped, base, Options(as_of=2024)), "tiersim calibrate --as-of 2024")
    assert yaml.safe_load(text) == scenario_data(cal)
    path = tmp_path / "c.yaml"
    path.write_text(text, encoding="utf-8")
    loaded = scenario.load(str(path), registry)
    assert loaded.growth.years.keys() == {2021, 2022, 2023} and loaded.growth.years[2021] == pytest.approx(0.129, abs=0.002)
    assert re.search(r"^# data: sim/data \(shipped\); as of 2024; sha256 [0-9a-f]{64}$", text, re.M)
    assert "extends" not in yaml.safe_load(text)  # a child of baseline would inherit its 2021-2023 figures


def test_committed_calibrated_scenario_is_reproducible(registry, tmp_path, monkeypatch):
    """scenarios/calibrated.yaml is regenerated by: tiersim calibrate --as-of 2024 --out scenarios/calibrated.yaml --force"""
    committed = (ROOT / "scenarios" / "calibrated.yaml").read_text(encoding="utf-8")
    first = committed.splitlines()[1]
    assert first == "# Regenerate with: tiersim calibrate --as-of 2024 --out scenarios/calibrated.yaml --force"
    from click.testing import CliRunner
    from test_calibrate_cli import root

    monkeypatch.chdir(tmp_path)
    Path("scenarios").mkdir()
    result = CliRunner().invoke(root(), ["calibrate", "--as-of", "2024", "--out", "scenarios/calibrated.yaml", "--force"])
    assert result.exit_code == 0, result.output
    assert Path("scenarios/calibrated.yaml").read_text(encoding="utf-8") == committed
    assert scenario.load(str(ROOT / "scenarios" / "calibrated.yaml"), registry).name == "calibrated"


def test_carry_calibrated_is_a_seed_estimator_with_standard_errors(shipped):
    best = best_observations(shipped.observations)
    out = seeding.carry_calibrated(best, shipped.macro, 2020, ["420281", "420583", "421281"])
    assert list(out.columns) == seeding.COLUMNS
    daye = out.set_index("county_id").loc["420281"]
    # 751.1 (official 2021) back over Hubei's nominal 2021 growth (+15.4%) is 650.7; the 2017 figure pulls a little
    assert daye["gdp_yi"] == pytest.approx(650.7, rel=0.03) and 0 < daye["gdp_se"] < 30
    assert "421281" not in set(out["county_id"])  # 赤壁: no figure at all


# ---------------------------------------------------------------- as-of discipline

COUNTY_IDS = ["420281", "429006", "420582", "421221"]
MACRO_SERIES = ["hubei_gdp_real_growth", "hubei_gdp_nominal", "china_gdp_real_growth", "china_gdp_nominal", "china_gdp_deflator_growth"]


@pytest.fixture(scope="module")
def as_of_2020(shipped, registry):
    base = scenario.load("baseline", registry)
    return base, to_yaml(calibrate(shipped, base, Options(as_of=2020)), "tiersim calibrate --as-of 2020")


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(county=st.sampled_from(COUNTY_IDS), year=st.integers(2021, 2040), gdp=st.floats(10, 5000),
       status=st.sampled_from(["official", "secondary", "forecast", "estimated"]), series=st.sampled_from(MACRO_SERIES),
       value=st.floats(-0.1, 0.2), rank=st.integers(1, 100))
def test_nothing_after_the_as_of_year_changes_a_calibration(shipped, as_of_2020, county, year, gdp, status, series, value, rank):
    base, before = as_of_2020
    obs = pd.concat([shipped.observations, pd.DataFrame([{"county_id": county, "year": year, "gdp_yi": gdp, "real_growth": value,
                                                          "status": status, "confidence": "high", "source": "later"}])], ignore_index=True)
    macro_rows = pd.concat([shipped.macro, pd.DataFrame([{"series": series, "year": year, "value": 40000 * (1 + value) if "nominal" in series else value,
                                                          "unit": "", "as_published": "", "source": "later", "confidence": "high"}])], ignore_index=True)
    ranks = pd.concat([shipped.ccid_ranks, pd.DataFrame([{"edition": year + 1, "data_year": year, "county_id": county, "name_zh": "",
                                                          "rank": rank, "confidence": "high", "source": "later"}])], ignore_index=True)
    later = replace(shipped, observations=obs, macro=macro_rows, ccid_ranks=ranks)
    assert to_yaml(calibrate(later, base, Options(as_of=2020)), "tiersim calibrate --as-of 2020") == before


def test_a_figure_up_to_the_as_of_year_does_change_it(shipped, as_of_2020):
    base, before = as_of_2020
    row = pd.DataFrame([{"county_id": "429006", "year": 2018, "gdp_yi": 500.0, "real_growth": 0.09, "status": "official",
                         "confidence": "high", "source": "earlier"}])
    earlier = replace(shipped, observations=pd.concat([shipped.observations, row], ignore_index=True))
    assert to_yaml(calibrate(earlier, base, Options(as_of=2020)), "tiersim calibrate --as-of 2020") != before
