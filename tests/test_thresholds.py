import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from sim.model import thresholds
from sim.errors import DataError


def pareto_points(alpha, scales, levels=(700.0, 800.0, 1000.0, 3000.0)):
    rows = [{"data_year": y, "gdp_yi": x, "count_at_least": math.exp(a) * x ** -alpha} for y, a in scales.items() for x in levels]
    return pd.DataFrame(rows)


def test_fit_recovers_exact_pareto():
    fit = thresholds.fit_tail(pareto_points(2.4, {2021: 18.0, 2022: 18.2}))
    assert fit.alpha == pytest.approx(2.4, rel=1e-12)
    assert fit.scale[2022] == pytest.approx(18.2, rel=1e-12)
    assert fit.rmse < 1e-10
    # x_N = exp((a - ln N) / alpha)
    assert fit.threshold(2021, 100) == pytest.approx(math.exp((18.0 - math.log(100)) / 2.4))


def test_trend_is_the_growth_of_implied_thresholds():
    a = {2020 + i: 17.0 + 2.4 * math.log(1.05) * i for i in range(4)}
    fit = thresholds.fit_tail(pareto_points(2.4, a))
    assert fit.trend() == pytest.approx(0.05, rel=1e-9)


def test_path_interpolates_and_extrapolates_in_logs():
    fit = thresholds.fit_tail(pareto_points(2.0, {2020: 16.0, 2022: 16.4}))
    path = thresholds.threshold_path(fit, [2019, 2020, 2021, 2022, 2023], 100, growth=0.1)
    assert path[1] == pytest.approx(fit.threshold(2020, 100))
    assert path[2] == pytest.approx(math.sqrt(path[1] * path[3]))
    assert path[4] == pytest.approx(path[3] * 1.1)
    assert path[0] == pytest.approx(path[1] / 1.1)


def test_tail_index_needs_two_levels_in_a_year():
    one_level = pd.DataFrame({"data_year": [2018, 2019], "gdp_yi": [1000.0, 1000.0], "count_at_least": [30, 33]})
    with pytest.raises(DataError, match="tail index cannot be fitted.*thresholds.tail_index"):
        thresholds.fit_tail(one_level)
    fit = thresholds.fit_tail(one_level, tail_index=2.5)
    assert not fit.alpha_fitted
    assert fit.threshold(2019, 33) == pytest.approx(1000.0)


def test_no_facts_is_a_clear_error():
    empty = pd.DataFrame({"data_year": [], "gdp_yi": [], "count_at_least": []})
    with pytest.raises(DataError, match="no counts of counties"):
        thresholds.fit_tail(empty)


def test_shipped_fit_is_close_to_the_published_counts(shipped):
    fit = thresholds.fit_tail(shipped.national_tail)
    assert 2.0 < fit.alpha < 3.0
    # CCID 2025: 62 counties at >= 1000亿 in 2024; more than 100 above 800亿
    assert fit.threshold(2024, 62) == pytest.approx(1000.0, rel=0.05)
    assert 780 < fit.threshold(2024, 100) < 860


@given(st.floats(1.2, 4.0), st.floats(-0.05, 0.15), st.integers(2000, 2040))
def test_top50_never_below_top100(alpha, growth, year):
    fit = thresholds.fit_tail(pareto_points(alpha, {2021: 17.0, 2023: 17.3}))
    paths = thresholds.threshold_paths(fit, [year], growth)
    assert paths["top50"][0] > paths["top100"][0]
    assert np.isfinite(paths["top100"]).all()


def test_comparator_sets_are_the_per_draw_comparator_sets():
    """The vectorised placement (issue 17) gives every draw's set exactly, counties tied and below the floor too."""
    rng = np.random.default_rng(0)
    for trial in range(60):
        count, n = int(rng.integers(1, 400)), int(rng.integers(0, 30))
        x100, alpha = np.exp(rng.normal(6.5, 0.2, 6)), rng.uniform(1.5, 3.5, 6)
        counties = np.exp(rng.normal(6.0, 1.0, n))
        if n > 1 and trial % 3 == 0:
            counties[1] = counties[0]
        want = np.stack([thresholds.comparator_set(float(x), float(a), count, counties) for x, a in zip(x100, alpha)])
        np.testing.assert_array_equal(thresholds.comparator_sets(x100, alpha, count, counties), want)
