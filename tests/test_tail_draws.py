"""Tail parameter uncertainty (sim.model.thresholds): the covariance is honest, draws vary the thresholds,
and ``tiersim thresholds`` shows both the uncertainty and the fit to each published fact."""

import math

import numpy as np
import pandas as pd
from click.testing import CliRunner

from sim.cli import cli
from sim.data.load import load_dataset
from sim import scenario as scenario_mod
from sim.model import thresholds
from sim.run.projection import project

LEVELS = (600.0, 700.0, 800.0, 1000.0, 1500.0, 3000.0)


def noisy_points(rng, alpha, scales, noise):
    rows = [{"data_year": y, "gdp_yi": x, "count_at_least": math.exp(a - alpha * math.log(x) + noise * rng.standard_normal())}
            for y, a in scales.items() for x in LEVELS]
    return pd.DataFrame(rows)


def test_alpha_band_covers_the_truth_about_80_percent():
    rng = np.random.default_rng(3)
    scales = {2018 + i: 18.0 + 0.12 * i for i in range(6)}
    hits, reps = 0, 300
    for _ in range(reps):
        fit = thresholds.fit_tail(noisy_points(rng, 2.4, scales, thresholds.S0))
        half = 1.2816 * math.sqrt(fit.cov[0, 0])
        hits += abs(fit.alpha - 2.4) <= half
    assert 0.72 <= hits / reps <= 0.88


def test_draws_are_centred_on_the_fit_and_respect_a_fixed_tail_index():
    points = noisy_points(np.random.default_rng(1), 2.4, {2020: 18.0, 2021: 18.1}, 0.1)
    fit = thresholds.fit_tail(points)
    tail = fit.draw(4000, np.random.default_rng(2))
    assert abs(np.mean(tail.alpha) - fit.alpha) < 4 * math.sqrt(fit.cov[0, 0] / 4000)
    assert np.std(tail.alpha) > 0
    fixed = thresholds.fit_tail(points, tail_index=2.0).draw(100, np.random.default_rng(2))
    assert np.all(fixed.alpha == 2.0) and np.std(fixed.scale[:, 0]) > 0


def test_scenario_growth_fixes_the_trend_of_every_draw():
    fit = thresholds.fit_tail(noisy_points(np.random.default_rng(1), 2.4, {2020: 18.0, 2021: 18.1, 2022: 18.3}, 0.1))
    tail = fit.draw(50, np.random.default_rng(0), growth=0.04)
    logs = tail.log_thresholds([2022, 2025], 100)
    assert np.allclose(logs[:, 1] - logs[:, 0], 3 * math.log(1.04))


def test_few_facts_still_give_a_finite_positive_covariance():
    dataset, _ = load_dataset((), 2021)
    fit = thresholds.fit_tail(dataset.national_tail)
    assert fit.sigma == thresholds.S0          # four facts, four parameters: the prior alone
    assert np.all(np.isfinite(fit.cov)) and np.all(np.diag(fit.cov) > 0)


def test_base_year_thresholds_vary_across_draws():
    dataset, _ = load_dataset((), None)
    chosen = scenario_mod.load("baseline", dataset.registry, ())
    p = project(chosen, dataset, draws=1000, seed=5)
    j = p.summary.names.index("top100")
    p10, p90 = p.summary.threshold_quantile(j, 0, 0.1), p.summary.threshold_quantile(j, 0, 0.9)
    assert p90 - p10 > 20, (p10, p90)


def test_thresholds_command_shows_uncertainty_and_each_fact():
    result = CliRunner().invoke(cli, ["thresholds", "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert "80% interval" in result.output and "80% band" in result.output
    assert "fit vs each published fact" in result.output
    facts = [line for line in result.output.splitlines() if line.startswith("2024 ") and line.rstrip().endswith(("yes", "no"))]
    assert len(facts) == 4     # 2024 counts at 1000, 900, 800 and 700亿
    zh = CliRunner().invoke(cli, ["thresholds"])
    assert zh.exit_code == 0 and "拟合与各公布事实" in zh.output
