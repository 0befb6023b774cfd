"""Leave one county out (calibration/loco.py): hiding a county's figures is exact, and the imputed band holds them.

The full check (every county with figures, each refitted with the shipped sampler) is benchmarks/bench_loco.py; its
table is in the README ("Leave one county out"). A refit costs 10-40 s, so CI cannot refit the 21 counties. Here:

- the mask is checked against a design built without the county's rows (a known answer, no sampling): a refit with
  the mask is exactly a fit without the county;
- every county is scored with the hyperparameters of the shipped fit given (``loco.run(given=...)``: the states,
  the hidden county's level among them, drawn again without its figures): the issue's 70-90% for the 80% band,
  and each band is wider than with the county's figures seen.

Not here: a NUTS refit with the mask (``Sampler.run(obs, mask=...)``); even 1 chain x 60 iterations costs about 45
CPU-seconds (compiling the sampler), over this file's budget. The benchmark runs it 21 times.

"""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
import pytest

from calibration import loco, scores
from sim.fit import cache as fit_cache
from sim.fit import design as design_mod
from sim.fit.posterior import Settings

HIDDEN = "429004"  # 仙桃: five level figures (four outcomes, one forecast) and three growth figures


@pytest.fixture(scope="module")
def designs(shipped):
    """The shipped design, and the design of the same data without ``HIDDEN``'s rows (same years, counties)."""
    full = design_mod.build(shipped)
    obs = shipped.observations
    without = design_mod.build(replace(shipped, observations=obs[obs["county_id"] != HIDDEN]), first=full.first)
    assert (without.first, without.last, without.county_ids) == (full.first, full.last, full.county_ids)
    return full, without


def _hyper(scale: float) -> dict:
    from sim.fit import model

    return {"phi": 0.4, **{name: s * scale for name, s in model.SCALES.items()}}


@pytest.fixture(scope="module")
def densities(designs):
    """Jitted log densities of the collapsed model of the full design (with a mask) and of the one without."""
    import jax
    from numpyro.infer.util import log_density

    from sim.fit import model

    full, without = designs
    masked, reduced = model.make_model(full), model.make_model(without)
    return (jax.jit(lambda obs, mask, h: log_density(masked, (obs, mask), {}, h)[0]),
            jax.jit(lambda obs, h: log_density(reduced, (obs,), {}, h)[0]))


@pytest.mark.parametrize("scale", [0.5, 1.3])
def test_a_hidden_figure_leaves_the_likelihood_of_the_others(designs, densities, scale):
    import jax.numpy as jnp

    from sim.fit import model

    full, without = designs
    i = full.county_ids.index(HIDDEN)
    mask = loco.hidden_mask(full, i)
    hidden = int((mask == 0).sum())
    assert hidden == full.observations - without.observations == 8
    h = {k: jnp.asarray(v) for k, v in _hyper(scale).items()}
    masked = densities[0](jnp.asarray(model.observed(full)), jnp.asarray(mask), h)
    reduced = densities[1](jnp.asarray(model.observed(without)), h)
    # a hidden row is an independent N(0; 0, 1): a constant, whatever h
    assert float(masked) == pytest.approx(float(reduced) - hidden * 0.5 * math.log(2 * math.pi), abs=1e-8)
    if scale != 0.5:
        return
    # and the states' conditional mean is the one without the county's rows
    layout = model.Layout(full.last - full.first, len(full.county_ids))
    x_masked = model.conditional_mean(h, layout, model.Loadings(full), full, model.observed(full), mask)
    x_reduced = model.conditional_mean(h, layout, model.Loadings(without), without, model.observed(without))
    x_seen = model.conditional_mean(h, layout, model.Loadings(full), full, model.observed(full))
    np.testing.assert_allclose(np.asarray(x_masked), np.asarray(x_reduced), atol=1e-8)
    assert np.abs(np.asarray(x_seen) - np.asarray(x_reduced)).max() > 0.01  # the county's rows do inform the states


def test_masks_and_outcomes(designs):
    full, _ = designs
    i = full.county_ids.index(HIDDEN)
    rows = loco.outcome_rows(full, i)
    assert len(rows) == 4 and set(full.level_status[rows]) == {1}  # secondary figures; the forecast is not an outcome
    assert loco.counties_with_figures(full) == sorted(set(full.level_county.tolist()))
    assert loco.hidden_mask(full, i).sum() == full.observations - 8


@pytest.fixture(scope="module")
def plugin(shipped):
    """Every county with figures, scored with the shipped fit's hyperparameters given (200 draws)."""
    return loco.run(shipped, Settings(), given=fit_cache.posterior(shipped), draws=200, seed=11)


def test_hidden_figures_fall_in_the_imputed_band(plugin, shipped):
    points, fits = plugin
    des = design_mod.build(shipped)
    with_outcomes = [des.county_ids[i] for i in loco.counties_with_figures(des) if len(loco.outcome_rows(des, i))]
    assert list(fits["county_id"]) == with_outcomes and len(with_outcomes) >= 20
    assert set(points["status"]) <= {"official", "secondary"} and len(points) >= 35
    hits, n, low, high = loco.coverage(points, 0.8)
    assert 0.70 <= hits / n <= 0.90, (hits, n)
    hits, n, low, high = loco.coverage(points, 0.5, level=0.95)
    assert low <= 0.5 <= high, (hits, n)
    assert (points["inside_80"] >= points["inside_50"]).all()
    assert ((points["pit"] > 0) & (points["pit"] < 1)).all()
    assert abs(np.mean(np.log(points["p50"] / points["observed"]))) < 0.1  # no gross bias over the counties


def test_an_imputed_band_is_wider_than_with_the_figures(plugin, shipped):
    """Each hidden figure's 80% band, without the county's figures, against its band from the shipped fit (with them)."""
    points, _ = plugin
    seen = fit_cache.posterior(shipped)
    des = design_mod.build(shipped)
    rng = np.random.default_rng(0)
    for county_id, g in points.groupby("county_id", sort=False):
        rows = loco.outcome_rows(des, des.county_ids.index(county_id))
        assert len(rows) == len(g)
        for row, r in zip(rows, g.itertuples()):
            low, high = np.quantile(loco.figure_draws(seen, des, row, rng), [0.1, 0.9])
            assert math.log(r.p90 / r.p10) > 1.5 * math.log(high / low), (county_id, r.year, r.p10, r.p90, low, high)


def test_wilson_table_totals(plugin, shipped):
    points, _ = plugin
    frame = loco.table(points, shipped)
    assert frame.iloc[-1]["figures"] == len(points) == frame.iloc[:-1]["figures"].sum()
    hits = int(points["inside_80"].sum())
    low, high = scores.wilson(hits, len(points), 0.8)
    assert f"({low:.1%}–{high:.1%})" in frame.iloc[-1]["cover_80"]
    assert "80% band covers" in loco.render(points, shipped)
