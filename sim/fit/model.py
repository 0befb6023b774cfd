"""The county GDP model in NumPyro: a linear Gaussian state space whose states are integrated out.

Annual, ``t`` = year - first (see :class:`sim.fit.design.Design`); logs throughout (log growth = ln(1 + rate)).

Growth and prices::

    China real growth     gC[t] = m[t] + c[t] + dC[0]·[t=2020] + dC[1]·[t=2021],   m[t] = m[t-1] + sig_trend·zm[t]
    Hubei real growth     gH[t] = gC[t] + gamma + u[t] + dH[0]·[t=2020] + dH[1]·[t=2021]
    county real growth    g[i,t] = gH[t] + delta[i] + v[tier(i),t] + s[i,t]
    deflators             pC[t] = pi + e[t]  (national);   pH[t] = pC[t] + gap[t]  (Hubei, counties)
    county log GDP        y[i,t] = y[i,first] + sum_{k<=t} (g[i,k] + pH[k])   (nominal, 亿元)

China's trend ``m`` is a random walk started at ``muC`` (a slowly moving local level: Harvey 1989), so a recent
slowdown moves the trend and the trend's error grows with the horizon. ``c, u, v, s, e`` are AR(1) shocks (national, Hubei, tier, county, deflator) with one persistence ``phi`` and
their own innovation s.d.; ``gap`` is white noise. The 2020 fall and the 2021 rebound are explicit fixed effects
(``dC``, ``dH``: an intervention, Box & Tiao 1975), so they count neither as trend nor as volatility. County gaps
are partially pooled: ``delta[i] = theta0 + omega·zt[tier] + tau·zd[i]`` (Gelman et al. 2013, ch. 5), and a
county's level in the first year is drawn from its tier's: ``y[i,first] = lam[tier] + sig_level·zl[i]``, so a
county with no figure at all gets an honestly wide level (imputation by the same model).

Observations (:mod:`sim.fit.design`): a level figure observes ``y`` (+ ``beta`` before the 2018 census
revision), with s.d. by status (``sig_obs``) and more for low confidence (``sig_low``); a county growth figure
observes ``g`` + ``rgap`` (county-published growth runs above what levels imply; Holz 2014), s.d.
``sig_growthfig``; macro figures observe China's and Hubei's growth, levels and prices.

Estimation. Given the hyperparameters ``h`` (persistence and the s.d.), every other unknown (shocks, trends,
gaps, levels, fixed effects, break, reporting gap) is Gaussian and enters the observations linearly:
``obs = a(h) + B(h) x + e``, ``x ~ N(0, I)`` (all unknowns non-centred), ``e ~ N(0, R(h))``. So the
likelihood of ``h`` is exactly ``N(obs; a, B B' + R)``, the latent states integrated out (Rao-Blackwellised;
Durbin & Koopman 2012, ch. 4 and 13), and NUTS (Hoffman & Gelman 2014) samples the 16 hyperparameters only.
Given each draw of ``h``, a draw of ``x`` from its exact Gaussian conditional (Matheron's rule:
``x = z + B' V^-1 (obs - a - B z - e)``, ``z ~ N(0, I)``, ``e ~ N(0, R)``; Hoffman & Ribak 1991) gives every
state, path and trend of that posterior draw.

Priors (weakly informative, on the scale of a few percent a year; log scale):
``muC ~ N(0.06, 0.03)``, ``gamma ~ N(0, 0.02)``, ``pi ~ N(0.015, 0.02)``, ``dC, dH ~ N(0, 0.1)``,
``theta0 ~ N(0, 0.03)``, ``lam ~ N(ln 400, 1)``, ``beta ~ N(0, 0.05)``, ``rgap ~ N(0, 0.05)``; ``phi ~ Beta(2, 2)``;
half-normal s.d. with scales :data:`SCALES`.
"""

from __future__ import annotations

import math

import jax
import jax.numpy as jnp
import numpy as np
import numpyro
import numpyro.distributions as dist

from sim.fit import design as d

jax.config.update("jax_enable_x64", True)

SCALES = {
    "sig_trend": 0.005, "sig_national": 0.02, "sig_hubei": 0.02, "sig_tier": 0.01, "sig_county": 0.03, "sig_deflator": 0.02,
    "sig_pricegap": 0.01, "omega": 0.02, "tau": 0.02, "sig_level": 0.5, "sig_official": 0.02, "sig_secondary": 0.05,
    "sig_forecast": 0.08, "sig_low": 0.1, "sig_growthfig": 0.02,
}
"""Half-normal prior scales of the standard deviations (log points per year, or log points for levels)."""
HYPER = ("phi",) + tuple(SCALES)
"""The hyperparameters NUTS samples."""
CONSTANTS = {  # name: (prior mean, prior s.d., size: "1", "K" tiers, "n" counties, "2")
    "muC": (0.06, 0.03, "1"), "gamma": (0.0, 0.02, "1"), "pi": (0.015, 0.02, "1"), "dC": (0.0, 0.1, "2"),
    "dH": (0.0, 0.1, "2"), "theta0": (0.0, 0.03, "1"), "zt": (0.0, 1.0, "K"), "zd": (0.0, 1.0, "n"),
    "lam": (math.log(400.0), 1.0, "K"), "zl": (0.0, 1.0, "n"), "beta": (0.0, 0.05, "1"), "rgap": (0.0, 0.05, "1"),
    "CN0": (math.log(6e5), 1.0, "1"), "HN0": (math.log(2.5e4), 1.0, "1"),
}
K = 4
PANDEMIC = (2020, 2021)


class Layout:
    """Where each block of the latent vector ``x`` sits, for ``T`` growth years and ``n`` counties.

    Shocks (standard normals): ``zc, zu, ze`` (T+1: the stationary start, then one per growth year), ``zg`` (T),
    ``zv`` (K blocks of T+1), ``zs`` (n blocks of T+1). Constants: ``prior_mean + prior_sd * x``."""

    def __init__(self, T: int, n: int):
        self.T, self.n = T, n
        sizes = {"1": 1, "2": 2, "K": K, "n": n}
        blocks = [("zc", T + 1), ("zu", T + 1), ("ze", T + 1), ("zg", T), ("zm", T), ("zv", K * (T + 1)), ("zs", n * (T + 1))]
        blocks += [(name, sizes[size]) for name, (_, _, size) in CONSTANTS.items()]
        self.slices: dict[str, slice] = {}
        start = 0
        for name, size in blocks:
            self.slices[name] = slice(start, start + size)
            start += size
        self.size = start
        self.prior_mean = np.zeros(self.size)
        self.prior_sd = np.ones(self.size)
        for name, (mean, sd, _) in CONSTANTS.items():
            self.prior_mean[self.slices[name]] = mean
            self.prior_sd[self.slices[name]] = sd

    def unpack(self, x):
        """Named blocks of ``x`` (constants on their own scale)."""
        v = jnp.asarray(self.prior_mean) + jnp.asarray(self.prior_sd) * x
        out = {name: v[..., s] for name, s in self.slices.items()}
        out["zv"] = out["zv"].reshape(*v.shape[:-1], K, self.T + 1)
        out["zs"] = out["zs"].reshape(*v.shape[:-1], self.n, self.T + 1)
        return out


def ar1_matrix(phi, length: int):
    """``L`` with ``L @ z`` a unit-innovation AR(1) path of ``length`` values started from its stationary law."""
    t = jnp.arange(length)
    lag = t[:, None] - t[None, :]
    powers = jnp.where(lag >= 0, phi ** jnp.maximum(lag, 0), 0.0)
    start = jnp.where(t[None, :] == 0, 1.0 / jnp.sqrt(1.0 - phi**2), 1.0)
    return powers * start


class Loadings:
    """How each observation loads on the model's pieces (numpy constants of a design).

    ``S[j, k]`` is 1 where observation ``j`` sums the growth of year ``first + 1 + k`` (a level sums every year up
    to its own; a growth figure only its year). Flags say which pieces a row's growth contains."""

    def __init__(self, des: d.Design):
        T = des.last - des.first
        nl, ng, nm = len(des.level_log), len(des.growth_log), len(des.macro_value)
        self.T, self.n, self.nobs = T, len(des.county_ids), nl + ng + nm
        k = np.arange(T)
        S = np.zeros((self.nobs, T))
        S[:nl] = k[None, :] < des.level_t[:, None]
        S[nl:nl + ng] = k[None, :] == (des.growth_t[:, None] - 1)
        mk, mt = des.macro_kind, des.macro_t
        is_level = np.isin(mk, [d.CHINA_LEVEL, d.HUBEI_LEVEL])
        S[nl + ng:] = np.where(is_level[:, None], k[None, :] < mt[:, None], k[None, :] == (mt[:, None] - 1))
        self.S = S
        county = np.r_[np.ones(nl + ng), np.zeros(nm)]
        macro = lambda *kinds: np.r_[np.zeros(nl + ng), np.isin(mk, kinds).astype(float)]
        self.real_china = county + macro(d.CHINA_GROWTH, d.HUBEI_GROWTH, d.CHINA_LEVEL, d.HUBEI_LEVEL, d.CHINA_NOMINAL_GROWTH)
        self.real_hubei = county + macro(d.HUBEI_GROWTH, d.HUBEI_LEVEL)
        self.price = np.r_[np.ones(nl), np.zeros(ng + nm)] + macro(d.CHINA_LEVEL, d.HUBEI_LEVEL, d.CHINA_NOMINAL_GROWTH, d.CHINA_DEFLATOR)
        self.price_gap = np.r_[np.ones(nl), np.zeros(ng + nm)] + macro(d.HUBEI_LEVEL)
        self.county = county
        idx = np.r_[des.level_county, des.growth_county].astype(int)
        self.county_mask = np.zeros((self.nobs, self.n))
        self.county_mask[np.arange(nl + ng), idx] = 1.0
        self.tier_mask = np.zeros((self.nobs, K))
        self.tier_mask[np.arange(nl + ng), des.tiers[idx]] = 1.0
        self.level0_county = np.r_[np.ones(nl), np.zeros(ng + nm)][:, None] * self.county_mask
        self.level0_tier = np.r_[np.ones(nl), np.zeros(ng + nm)][:, None] * self.tier_mask
        self.china0 = macro(d.CHINA_LEVEL)
        self.hubei0 = macro(d.HUBEI_LEVEL)
        self.pre_census = np.r_[des.level_pre_census, np.zeros(ng), des.macro_pre_census]
        self.report = np.r_[np.zeros(nl), np.ones(ng), np.zeros(nm)]
        years = np.arange(des.first + 1, des.last + 1)
        self.pandemic = np.stack([(years == y).astype(float) for y in PANDEMIC], axis=1)  # (T, 2)


def linear_form(h: dict, layout: Layout, lo: Loadings):
    """``a`` and ``B`` with observation means ``a + B x`` (``x`` the latent vector of :class:`Layout`)."""
    L1 = ar1_matrix(h["phi"], lo.T + 1)[1:]                         # (T, T+1): growth years from the T+1 normals
    Sc, Su, Se = lo.S * lo.real_china[:, None], lo.S * lo.real_hubei[:, None], lo.S * lo.price[:, None]
    Scounty = jnp.asarray(lo.S * lo.county[:, None]) @ L1            # (nobs, T+1)
    years_c = Sc.sum(1)
    cols = {
        "zc": h["sig_national"] * (jnp.asarray(Sc) @ L1),
        "zu": h["sig_hubei"] * (jnp.asarray(Su) @ L1),
        "ze": h["sig_deflator"] * (jnp.asarray(Se) @ L1),
        "zg": h["sig_pricegap"] * jnp.asarray(lo.S * lo.price_gap[:, None]),
        "zm": h["sig_trend"] * jnp.asarray(Sc @ np.tril(np.ones((lo.T, lo.T)))),
        "zv": h["sig_tier"] * (jnp.asarray(lo.tier_mask)[:, :, None] * Scounty[:, None, :]).reshape(lo.nobs, -1),
        "zs": h["sig_county"] * (jnp.asarray(lo.county_mask)[:, :, None] * Scounty[:, None, :]).reshape(lo.nobs, -1),
        "muC": jnp.asarray(years_c[:, None]),
        "gamma": jnp.asarray(Su.sum(1)[:, None]),
        "pi": jnp.asarray(Se.sum(1)[:, None]),
        "dC": jnp.asarray(Sc @ lo.pandemic),
        "dH": jnp.asarray(Su @ lo.pandemic),
        "theta0": jnp.asarray((lo.S * lo.county[:, None]).sum(1)[:, None]),
        "zt": h["omega"] * jnp.asarray((lo.S * lo.county[:, None]).sum(1)[:, None] * lo.tier_mask),
        "zd": h["tau"] * jnp.asarray((lo.S * lo.county[:, None]).sum(1)[:, None] * lo.county_mask),
        "lam": jnp.asarray(lo.level0_tier),
        "zl": h["sig_level"] * jnp.asarray(lo.level0_county),
        "beta": jnp.asarray(lo.pre_census[:, None]),
        "rgap": jnp.asarray(lo.report[:, None]),
        "CN0": jnp.asarray(lo.china0[:, None]),
        "HN0": jnp.asarray(lo.hubei0[:, None]),
    }
    # constants: value = mean + sd * x, so their column is the loading times sd and a gets loading times mean
    a = jnp.zeros(lo.nobs)
    blocks = []
    for name in layout.slices:
        col = cols[name]
        if name in CONSTANTS:
            mean, sd, _ = CONSTANTS[name]
            a = a + mean * col.sum(1)
            col = sd * col
        blocks.append(col)
    return a, jnp.concatenate(blocks, axis=1)


class Marginal:
    """The observations' mean and covariance pieces (``B B'`` of :func:`linear_form` without forming ``B``).

    ``cov = sum_k w_k F_k + sum_j sig_j^2 S_j G(phi) S_j' + (sig_tier^2 same tier + sig_county^2 same county) *
    (Sc G Sc')``: fixed matrices ``F`` weighted by squared s.d., and AR(1) quadratic forms in ``G(phi)``,
    each computed in one batched operation (the gradient NUTS needs is then a few dozen array operations)."""

    FIXED = ("constant", "omega", "tau", "sig_level", "sig_pricegap", "sig_trend")
    AR = ("sig_national", "sig_hubei", "sig_deflator")

    def __init__(self, layout: Layout, lo: Loadings):
        zero = {"phi": 0.5, **{k: 1.0 for k in SCALES}}
        a, B = linear_form(zero, layout, lo)
        B = np.asarray(B)
        self.mean = np.asarray(a)
        outer = lambda names: sum(B[:, layout.slices[n]] @ B[:, layout.slices[n]].T for n in names)  # noqa: E731
        constant = outer([n for n in CONSTANTS if n not in ("zt", "zd", "zl")])
        Sc, Su, Se = (lo.S * f[:, None] for f in (lo.real_china, lo.real_hubei, lo.price))
        Sg = lo.S * lo.price_gap[:, None]
        Sm = Sc @ np.tril(np.ones((lo.T, lo.T)))
        self.fixed = np.stack([constant, outer(["zt"]), outer(["zd"]), outer(["zl"]), Sg @ Sg.T, Sm @ Sm.T])
        self.stack = np.stack([Sc, Su, Se, lo.S * lo.county[:, None]])
        self.same_tier = lo.tier_mask @ lo.tier_mask.T
        self.same_county = lo.county_mask @ lo.county_mask.T

    def covariance(self, h: dict):
        T = self.stack.shape[2]
        t = jnp.arange(T)
        G = h["phi"] ** jnp.abs(t[:, None] - t[None, :]) / (1.0 - h["phi"] ** 2)
        quads = jnp.einsum("kit,ts,kjs->kij", jnp.asarray(self.stack), G, jnp.asarray(self.stack))
        w_fixed = jnp.stack([1.0] + [h[n] ** 2 for n in self.FIXED[1:]])
        w_ar = jnp.stack([h[n] ** 2 for n in self.AR])
        county = h["sig_tier"] ** 2 * self.same_tier + h["sig_county"] ** 2 * self.same_county
        return (jnp.tensordot(w_fixed, jnp.asarray(self.fixed), axes=1) + jnp.tensordot(w_ar, quads[:3], axes=1)
                + county * quads[3])


def paths(h: dict, x, layout: Layout, des: d.Design) -> dict:
    """Every latent path of one draw from ``h`` and the latent vector ``x`` (the same algebra as :func:`linear_form`).

    Years: growth arrays have T entries (years ``first+1 .. last``), levels and shocks T+1 (``first .. last``)."""
    b = layout.unpack(x)
    T = layout.T
    L = ar1_matrix(h["phi"], T + 1)
    c = h["sig_national"] * (L @ b["zc"])
    u = h["sig_hubei"] * (L @ b["zu"])
    e = h["sig_deflator"] * (L @ b["ze"])
    v = h["sig_tier"] * (b["zv"] @ L.T)            # (K, T+1)
    s = h["sig_county"] * (b["zs"] @ L.T)          # (n, T+1)
    years = np.arange(des.first + 1, des.last + 1)
    d20 = jnp.asarray((years == PANDEMIC[0]).astype(float))
    d21 = jnp.asarray((years == PANDEMIC[1]).astype(float))
    trend = b["muC"] + h["sig_trend"] * jnp.cumsum(b["zm"])
    gC = trend + c[1:] + b["dC"][0] * d20 + b["dC"][1] * d21
    gH = gC + b["gamma"] + u[1:] + b["dH"][0] * d20 + b["dH"][1] * d21
    pC = b["pi"] + e[1:]
    pH = pC + h["sig_pricegap"] * b["zg"]
    tiers = jnp.asarray(des.tiers)
    theta = b["theta0"] + h["omega"] * b["zt"]
    delta = theta[tiers] + h["tau"] * b["zd"]
    g = gH[:, None] + delta[None, :] + v[tiers, 1:].T + s[:, 1:].T          # (T, n)
    y0 = b["lam"][tiers] + h["sig_level"] * b["zl"]
    y = jnp.concatenate([y0[None], y0[None] + jnp.cumsum(g + pH[:, None], axis=0)], axis=0)   # (T+1, n)
    CN = jnp.concatenate([b["CN0"], b["CN0"] + jnp.cumsum(gC + pC)])
    HN = jnp.concatenate([b["HN0"], b["HN0"] + jnp.cumsum(gH + pH)])
    return {"c": c, "u": u, "e": e, "v": v, "s": s, "gC": gC, "gH": gH, "pC": pC, "pH": pH, "g": g, "y": y,
            "CN": CN, "HN": HN, "delta": delta, "theta": theta, "muC": b["muC"][0], "trend": trend, "gamma": b["gamma"][0], "pi": b["pi"][0],
            "beta": b["beta"][0], "rgap": b["rgap"][0], "dC": b["dC"], "dH": b["dH"], "theta0": b["theta0"][0]}


def observation_means(h: dict, x, layout: Layout, des: d.Design):
    """Means of every observation from :func:`paths` (levels, growth figures, macro rows); for checking."""
    p = paths(h, x, layout, des)
    levels = p["y"][des.level_t, des.level_county] + p["beta"] * jnp.asarray(des.level_pre_census)
    growth = p["g"][des.growth_t - 1, des.growth_county] + p["rgap"]
    t = jnp.asarray(des.macro_t)
    k = jnp.asarray(des.macro_kind)
    prev = jnp.maximum(t - 1, 0)
    macro = jnp.select(
        [k == d.CHINA_GROWTH, k == d.HUBEI_GROWTH, k == d.CHINA_LEVEL, k == d.HUBEI_LEVEL, k == d.CHINA_NOMINAL_GROWTH],
        [p["gC"][prev], p["gH"][prev], p["CN"][t], p["HN"][t] + p["beta"] * jnp.asarray(des.macro_pre_census),
         p["gC"][prev] + p["pC"][prev]],
        p["pC"][prev])
    return jnp.concatenate([levels, growth, macro])


def observation_sd(h: dict, des: d.Design):
    """Measurement s.d. of every observation, in the order of :func:`observation_means`."""
    by_status = jnp.stack([h["sig_official"], h["sig_secondary"], h["sig_forecast"]])
    levels = jnp.sqrt(by_status[des.level_status] ** 2 + h["sig_low"] ** 2 * jnp.asarray(des.level_low))
    growth = jnp.full(len(des.growth_log), 1.0) * h["sig_growthfig"]
    return jnp.concatenate([levels, growth, jnp.asarray(des.macro_sd)])


def observed(des: d.Design) -> np.ndarray:
    return np.concatenate([des.level_log, des.growth_log, des.macro_value])


def make_model(des: d.Design):
    """The collapsed NumPyro model of ``des``'s shape: ``model(obs, mask=None)``, hyperparameters with their priors
    and the observations' exact marginal likelihood. Designs of the same shape (same figures, other values) share
    it; ``mask`` (1 seen, 0 hidden, per observation) hides figures without changing the shape (:func:`hide`)."""
    marginal = marginal_of(des)
    mean = jnp.asarray(marginal.mean)

    def model(obs, mask=None):
        h = {"phi": numpyro.sample("phi", dist.Beta(2.0, 2.0))}
        for name, scale in SCALES.items():
            h[name] = numpyro.sample(name, dist.HalfNormal(scale))
        cov = marginal.covariance(h) + jnp.diag(observation_sd(h, des) ** 2)
        if mask is not None:
            obs, cov = hide(obs, mean, cov, mask)
        numpyro.sample("obs", dist.MultivariateNormal(mean, covariance_matrix=cov), obs=obs)

    return model


def marginal_of(des: d.Design) -> Marginal:
    return Marginal(Layout(des.last - des.first, len(des.county_ids)), Loadings(des))


def hide(obs, mean, cov, mask):
    """Observations and covariance with the rows where ``mask`` is 0 made uninformative, the shape kept.

    A hidden row gets its prior mean as value, unit variance and no covariance with any other row, so its
    density is the constant N(0; 0, 1) and the likelihood of ``h`` is exactly that of the seen rows (the
    marginal of a multivariate normal): one compiled model fits every subset of a design's figures."""
    m = jnp.asarray(mask, dtype=cov.dtype)
    return m * jnp.asarray(obs) + (1.0 - m) * mean, cov * jnp.outer(m, m) + jnp.diag(1.0 - m)


def conditional_draw(key, h: dict, layout: Layout, lo: Loadings, des: d.Design, obs: np.ndarray, mask=None):
    """One draw of the latent vector ``x`` given ``h`` and the observations (Matheron's rule); rows where
    ``mask`` is 0 are not conditioned on (:func:`hide`: their residual is 0 and they are independent)."""
    a, B = linear_form(h, layout, lo)
    sd = observation_sd(h, des)
    V = B @ B.T + jnp.diag(sd**2)
    k1, k2 = jax.random.split(key)
    z = jax.random.normal(k1, (layout.size,))
    eps = sd * jax.random.normal(k2, (len(obs),))
    resid = jnp.asarray(obs) - (a + B @ z + eps)
    if mask is not None:
        resid, V = hide(resid, 0.0, V, mask)
    chol = jax.scipy.linalg.cho_factor(V, lower=True)
    return z + B.T @ jax.scipy.linalg.cho_solve(chol, resid)


def conditional_mean(h: dict, layout: Layout, lo: Loadings, des: d.Design, obs: np.ndarray, mask=None):
    """The mean of ``x`` given ``h`` and the observations (rows where ``mask`` is 0 not conditioned on)."""
    a, B = linear_form(h, layout, lo)
    sd = observation_sd(h, des)
    V = B @ B.T + jnp.diag(sd**2)
    resid = jnp.asarray(obs) - a
    if mask is not None:
        resid, V = hide(resid, 0.0, V, mask)
    chol = jax.scipy.linalg.cho_factor(V, lower=True)
    return B.T @ jax.scipy.linalg.cho_solve(chol, resid)
