import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from sim.model import economy


def test_constant_growth_is_exact_power():
    gdp = np.array([[100.0, 250.0]])
    for t in range(1, 17):
        gdp = economy.grow(gdp, np.array([0.5, 0.5]), 0.0)
        # 1.5 = 3/2 and 100 * 3**16 < 2**53: every step is exact in binary floating point
        assert (gdp == np.array([[100.0, 250.0]]) * 1.5**t).all()


def test_zero_growth_leaves_gdp_unchanged():
    gdp = np.array([[650.65, 1.0, 1e6]])
    assert (economy.grow(gdp, np.zeros(3), 0.0) == gdp).all()


def test_nominal_combines_real_and_deflator():
    assert economy.nominal_rate(0.0, 0.0) == 0.0
    assert abs(economy.nominal_rate(0.06, 0.02) - 0.0812) < 1e-15
    gdp = np.array([[100.0]])
    assert np.isclose(economy.grow(gdp, np.array([0.06]), 0.02), 108.12, rtol=1e-14, atol=0)


def test_update_crossings_keeps_first_year():
    first = np.full((1, 3), economy.NEVER, dtype=np.int32)
    first = economy.update_crossings(first, economy.at_or_above(np.array([[5.0, 1.0, 2.0]]), np.array([2.0])), 2021)
    first = economy.update_crossings(first, economy.at_or_above(np.array([[5.0, 3.0, 0.5]]), np.array([2.0])), 2022)
    assert first.tolist() == [[2021, 2022, 2021]]


@given(st.floats(1.0, 1e5), st.floats(-0.2, 0.2), st.floats(-0.05, 0.05), st.floats(0.1, 100.0))
def test_scaling_gdp_scales_the_step(gdp0, real, deflator, k):
    one = economy.grow(np.array([[gdp0]]), np.array([real]), deflator)
    scaled = economy.grow(np.array([[gdp0 * k]]), np.array([real]), deflator)
    assert np.isclose(scaled, one * k, rtol=1e-12)
