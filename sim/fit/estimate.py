"""Fitting the county GDP model: NUTS on the hyperparameters, then exact draws of every state (see :mod:`.model`).

:func:`fit` takes a :class:`~sim.fit.design.Design` and returns a :class:`~sim.fit.posterior.Posterior` with
``chains x samples`` draws, shuffled, and its diagnostics (R-hat, effective sample size, divergences, time).
JAX runs single-threaded on the CPU (set before JAX is imported; two cores are better used by two chains'
worth of other work than by XLA's thread pool, which costs more than it gives on matrices this small).
"""

from __future__ import annotations

import os
import time

os.environ.setdefault("XLA_FLAGS", "--xla_cpu_multi_thread_eigen=false intra_op_parallelism_threads=1")
os.environ.setdefault("JAX_PLATFORMS", "cpu")

import jax  # noqa: E402
import jax.numpy as jnp  # noqa: E402
import numpy as np  # noqa: E402
from numpyro.diagnostics import summary  # noqa: E402
from numpyro.infer import MCMC, NUTS, init_to_median  # noqa: E402

from sim.errors import CalibrationError  # noqa: E402
from sim.fit import model  # noqa: E402
from sim.fit.design import Design  # noqa: E402
from sim.fit.posterior import Posterior, Settings  # noqa: E402


class Sampler:
    """A compiled sampler for designs of one shape: fit many data sets of the same figures (simulation-based
    calibration, leave-one-out) without compiling again."""

    def __init__(self, des: Design, settings: Settings = Settings()):
        self.shape = des.shape_key()
        self.settings = settings
        self.design = des
        self.layout = model.Layout(des.last - des.first, len(des.county_ids))
        self.loadings = model.Loadings(des)
        kernel = NUTS(model.make_model(des), target_accept_prob=settings.target_accept, init_strategy=init_to_median,
                      dense_mass=settings.dense)
        self.mcmc = MCMC(kernel, num_warmup=settings.warmup, num_samples=settings.samples, num_chains=settings.chains,
                         chain_method="sequential", progress_bar=False, jit_model_args=True)
        self._draw = jax.jit(jax.vmap(self._one, in_axes=(0, 0, None, None)))

    def _one(self, key, h, obs, mask):
        x = model.conditional_draw(key, h, self.layout, self.loadings, self.design, obs, mask)
        return model.paths(h, x, self.layout, self.design)

    def run(self, obs: np.ndarray, seed: int | None = None, mask: np.ndarray | None = None) -> tuple[dict, dict]:
        """Hyperparameter draws (name -> array of draws) and the diagnostics for observations ``obs`` (those where
        ``mask`` is 0 hidden: :func:`sim.fit.model.hide`)."""
        started = time.perf_counter()
        key = jax.random.PRNGKey(self.settings.seed if seed is None else seed)
        args = (jnp.asarray(obs),) if mask is None else (jnp.asarray(obs), jnp.asarray(mask, dtype=float))
        self.mcmc.run(key, *args, extra_fields=("diverging", "num_steps"))
        grouped = self.mcmc.get_samples(group_by_chain=True)
        stats = summary(grouped)
        extra = self.mcmc.get_extra_fields()
        draws = {name: np.asarray(value).reshape(-1) for name, value in grouped.items()}
        diagnostics = {
            "seconds": round(time.perf_counter() - started, 2),
            "chains": self.settings.chains, "warmup": self.settings.warmup, "samples": self.settings.samples,
            "divergences": int(np.asarray(extra["diverging"]).sum()),
            "mean_leapfrog_steps": round(float(np.asarray(extra["num_steps"]).mean()), 1),
            "max_rhat": round(float(max(np.max(stats[k]["r_hat"]) for k in model.HYPER)), 4),
            "min_ess": round(float(min(np.min(stats[k]["n_eff"]) for k in model.HYPER)), 1),
        }
        return draws, diagnostics

    def posterior(self, obs: np.ndarray, seed: int | None = None, info: dict | None = None,
                  mask: np.ndarray | None = None) -> Posterior:
        """Fit and draw: a :class:`Posterior` for observations ``obs`` of this sampler's design; where ``mask`` is 0
        the observation is hidden (neither the fit nor the draws see it; one compiled sampler serves every mask)."""
        hyper, diagnostics = self.run(obs, seed, mask)
        return self.given(hyper, obs, seed, mask, {"diagnostics": diagnostics, **(info or {})})

    def given(self, hyper: dict, obs: np.ndarray, seed: int | None = None, mask: np.ndarray | None = None,
              info: dict | None = None) -> Posterior:
        """A :class:`Posterior` with the hyperparameters ``hyper`` (name -> draws) given, not sampled: every state
        drawn from its exact conditional on them and the seen observations (the second half of :meth:`posterior`)."""
        n = len(hyper["phi"])
        rng = np.random.default_rng(self.settings.seed if seed is None else seed)
        order = rng.permutation(n)
        hyper = {k: v[order] for k, v in hyper.items()}
        keys = jax.random.split(jax.random.PRNGKey(int(rng.integers(2**31))), n)
        hidden = None if mask is None else jnp.asarray(mask, dtype=float)
        p = {k: np.asarray(v) for k, v in self._draw(keys, {k: jnp.asarray(v) for k, v in hyper.items()}, jnp.asarray(obs),
                                                     hidden).items()}
        des = self.design
        return Posterior(
            first=des.first, last=des.last, county_ids=des.county_ids,
            log_gdp=p["y"], national=p["c"][:, -1], hubei=p["u"][:, -1], deflator=p["e"][:, -1],
            tier=p["v"][:, :, -1], county=p["s"][:, :, -1], trend_china=p["trend"][:, -1], hubei_gap=p["gamma"],
            county_gap=p["delta"], tier_gap=p["theta"], deflator_trend=p["pi"],
            **{name: hyper[name] for name in model.HYPER},
            china_growth=p["gC"], china_deflator=p["pC"], hubei_growth=p["gH"], hubei_deflator=p["pH"],
            report_gap=p["rgap"], census_break=p["beta"],
            pandemic=np.concatenate([p["dC"], p["dH"]], axis=1),
            info={"settings": self.settings.key(), "design_sha256": des.sha256(),
                  "observations": des.observations if mask is None else int(np.sum(mask)), **(info or {})},
        ).rounded()


def fit(des: Design, settings: Settings = Settings(), info: dict | None = None) -> Posterior:
    """The posterior of the model given ``des``'s figures."""
    if des.observations == 0:
        raise CalibrationError("fit: no figure to fit (check --as-of)")
    return Sampler(des, settings).posterior(model.observed(des), info=info)
