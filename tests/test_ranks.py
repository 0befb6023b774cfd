"""sim.model.ranks against the reference full sort (sim.model.economy.national_order): the same thresholds,
ranks and crossings on every draw, ties included (issue 17)."""

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st
from hypothesis.extra import numpy as hnp

from sim.model import economy, ranks

# GDP values from a small discrete set make ties (between counties, with comparators) frequent; a continuous
# range makes them rare; both are drawn.
discrete = st.sampled_from([1.0, 2.0, 2.0000001, 3.5, 650.65, 700.0, 700.00001, 1e4])
continuous = st.floats(min_value=1e-3, max_value=1e6, allow_nan=False, allow_infinity=False)


@st.composite
def years(draw):
    d = draw(st.integers(1, 6))
    k = draw(st.integers(1, 40))
    n = draw(st.integers(1, 40))
    values = draw(st.one_of(discrete, continuous)) if draw(st.booleans()) else None
    elements = st.one_of(discrete, continuous) if values is None else discrete
    others = draw(hnp.arrays(np.float64, (d, k), elements=elements))
    counties = draw(hnp.arrays(np.float64, (d, n), elements=elements))
    sizes = tuple(sorted(draw(st.sets(st.integers(1, k + n), min_size=1, max_size=3)), reverse=True))
    return others, counties, sizes


@settings(max_examples=300, deadline=None)
@given(years(), st.booleans())
def test_same_thresholds_ranks_and_crossings_as_the_full_sort(year, share_ties):
    others, counties, sizes = year
    want_thr, want_ranks = economy.national_order(others, counties, sizes, share_ties=share_ties)
    got_thr, got_ranks = ranks.national_order(others, counties, sizes, share_ties=share_ties)
    assert got_ranks.dtype == want_ranks.dtype == np.int32
    np.testing.assert_array_equal(got_ranks, want_ranks)
    for got, want, size in zip(got_thr, want_thr, sizes):
        assert got.dtype == want.dtype
        np.testing.assert_array_equal(got, want)
        # the crossing rule the engine applies: at or above Top-N exactly when the rank is <= N
        never = np.full(counties.shape, economy.NEVER, dtype=np.int32)
        np.testing.assert_array_equal(economy.update_crossings(never, got_ranks <= size, 2021),
                                      economy.update_crossings(never, want_ranks <= size, 2021))


def test_ties_between_counties_share_the_better_rank():
    thresholds, r = ranks.national_order(np.array([[1.0, 9.0], [5.0, 6.0]]), np.array([[3.0, 3.0, 2.0], [7.0, 1.0, 7.0]]),
                                         (2,))
    assert r.tolist() == [[2, 2, 4], [1, 5, 1]]
    assert [float(t) for t in thresholds[0]] == [3.0, 7.0]
    _, unshared = ranks.national_order(np.array([[1.0, 9.0]]), np.array([[3.0, 3.0, 2.0]]), (2,), share_ties=False)
    assert sorted(unshared[0, :2].tolist()) == [2, 3]


def test_too_many_counties_is_refused():
    with pytest.raises(ValueError, match="at most 255 counties; got 256"):
        ranks.national_order(np.ones((1, 2)), np.ones((1, 256)), (1,))


def test_same_as_the_full_sort_at_the_engine_shape():
    rng = np.random.default_rng(3)
    others = np.exp(rng.normal(6.0, 0.6, (1000, 1870)))
    counties = np.exp(rng.normal(5.8, 0.8, (1000, 26)))
    for share in (True, False):
        want = economy.national_order(others, counties, (100, 50), share_ties=share)
        got = ranks.national_order(others, counties, (100, 50), share_ties=share)
        np.testing.assert_array_equal(got[1], want[1])
        for a, b in zip(got[0], want[0]):
            np.testing.assert_array_equal(a, b)


def test_one_order_reused_over_years_gives_each_year_its_own_result():
    """The engine orders every year of a block in the same work arrays: an earlier year's result must not change."""
    rng = np.random.default_rng(5)
    order = ranks.NationalOrder(50, 300, 26)
    years = [(np.exp(rng.normal(6.0, 0.6, (50, 300))).astype(np.float32), np.exp(rng.normal(5.8, 0.8, (50, 26))))
             for _ in range(3)]
    results = [order(o, c, (100, 50), share_ties=False) for o, c in years]
    for (o, c), (thr, r) in zip(years, results):
        want_thr, want_r = economy.national_order(o, c, (100, 50), share_ties=False)
        np.testing.assert_array_equal(r, want_r)
        for a, b in zip(thr, want_thr):
            np.testing.assert_array_equal(a, b)
    with pytest.raises(ValueError, match=r"shapes \(50, 301\) and \(50, 26\); this order is for \(50, 300\)"):
        order(np.ones((50, 301)), np.ones((50, 26)), (100,))
