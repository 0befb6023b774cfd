"""The fitted county model: its algebra, its posterior's provenance, passing through the data, and the shipped fits."""

from __future__ import annotations


import numpy as np
import pytest

from sim.data.tables import best_observations, load_shipped
from sim.fit import cache, design, posterior as posterior_mod
from sim.run.projection import project
from sim.scenario import load


@pytest.fixture(scope="module")
def post(shipped):
    return cache.posterior(shipped)


def test_the_linear_form_and_the_marginal_covariance_agree_with_the_paths(shipped):
    """Observation means are ``a + B x`` exactly, and the marginal covariance is ``B B'`` without forming B."""
    import jax.numpy as jnp

    from sim.fit import model

    des = design.build(shipped)
    layout, lo = model.Layout(des.last - des.first, len(des.county_ids)), model.Loadings(des)
    rng = np.random.default_rng(3)
    h = {"phi": 0.6, **{k: 0.005 + 0.03 * rng.random() for k in model.SCALES}}
    x = rng.standard_normal(layout.size)
    a, B = model.linear_form(h, layout, lo)
    assert np.allclose(np.asarray(a + B @ x), np.asarray(model.observation_means(h, x, layout, des)), atol=1e-12)
    assert np.allclose(np.asarray(model.marginal_of(des).covariance(h)), np.asarray(B @ B.T), atol=1e-12)
    assert jnp.asarray(B).shape == (des.observations, layout.size)


def test_every_shipped_fit_is_current():
    """The shipped fits are those `python -m calibration.ship_fits` makes: a stale file (data or model changed)
    would silently never be used, so one that is not current fails here."""
    from calibration.ship_fits import AS_OF

    current = {f"{cache.key(load_shipped().cut(y))}.npz" for y in AS_OF}
    shipped = {p.name for p in cache.shipped_folder().glob("*.npz")}
    assert shipped == current


def test_the_shipped_fit_mixed(post):
    d = post.info["diagnostics"]
    assert d["max_rhat"] < 1.05 and d["min_ess"] > 100
    assert post.draws == d["chains"] * d["samples"]


def test_saved_and_loaded_posteriors_are_equal(post, tmp_path):
    post.save(tmp_path / "p.npz")
    again = posterior_mod.load(tmp_path / "p.npz")
    assert again.sha256() == post.sha256() and again.info == post.info


def test_projections_pass_through_the_later_figures_within_their_measurement_error(shipped, registry, post):
    """For each county with a 2021 figure, the projection's 2021 median lies within the measurement error the
    model gives that figure (its status and confidence, at the posterior median): the history is the data's."""
    p = project(load("baseline", registry), shipped, draws=1000, seed=1, posterior=post)
    best = best_observations(shipped.observations)
    figures = best[best["year"] == 2021]
    assert len(figures) >= 8
    t = p.inputs.years.index(2021)
    for r in figures.itertuples():
        i = p.inputs.county_ids.index(r.county_id)
        median = p.summary.gdp_quantile(t, i, 0.5)
        sigma = float(np.median(getattr(post, {"official": "sig_official", "secondary": "sig_secondary",
                                                 "forecast": "sig_forecast"}[r.status])))
        if r.confidence == "low":
            sigma = float(np.hypot(sigma, np.median(post.sig_low)))
        assert abs(np.log(median / r.gdp_yi)) <= 2 * sigma, (r.county_id, median, r.gdp_yi, sigma)


def test_a_county_without_figures_is_imputed_with_a_wider_band(post):
    ids = list(post.county_ids)
    gdp = post.gdp(2020)
    width = lambda c: np.subtract(*np.percentile(gdp[:, ids.index(c)], [90, 10])) / np.median(gdp[:, ids.index(c)])  # noqa: E731
    assert width("420981") > 3 * width("429005")  # 应城 (no figure) against 潜江 (an official 2020 figure)


def test_the_fit_sees_nothing_after_the_as_of_year(shipped):
    """A later row changes the data hash of the full data but not of the data as of an earlier year, so the
    fit (found by that hash) cannot see it."""
    import pandas as pd

    from sim.data.tables import with_observations

    later = pd.DataFrame([{"county_id": "429006", "year": 2023, "gdp_yi": "999", "real_growth": "", "status": "official",
                           "confidence": "high", "source": "test"}])
    added = with_observations(shipped, later, "later.csv", [])
    assert cache.key(added.cut(2021)) == cache.key(shipped.cut(2021))
    assert cache.key(added) != cache.key(shipped)
