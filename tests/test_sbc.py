"""Simulation-based calibration in CI: the projection's bands cover what they say in worlds with a known truth.

Worlds are drawn from the model's priors and observed exactly like the shipped data (same figures, statuses,
confidence, gaps, census break, pandemic years; calibration/sbc.py), fitted with a shorter sampler run than
`tiersim calibrate` (the full-size check, 40 worlds with the default sampler, is benchmarks/bench_sbc.py),
projected five years with the engine and scored against the true values.
"""

from __future__ import annotations

from calibration import sbc
from sim.fit.posterior import Settings

WORLDS = 4  # 4 worlds x 26 counties x 5 horizons = 520 true values


def test_bands_cover_their_share_of_true_values(shipped):
    result = sbc.run(shipped, WORLDS, seed=7, settings=Settings(chains=1, warmup=150, samples=150), draws=400)
    assert result[0.8]["values"] >= 500
    assert 0.70 <= result[0.8]["coverage"] <= 0.90, result[0.8]["coverage"]
    assert 0.40 <= result[0.5]["coverage"] <= 0.60, result[0.5]["coverage"]
    # wider bands are wider: every value inside the 50% band is inside the 80% band
    assert (result[0.5]["hits"] <= result[0.8]["hits"]).all()
