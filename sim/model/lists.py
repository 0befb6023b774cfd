"""List membership: the probability that a county is on CCID's Top-100 *list*, given its GDP position.

CCID's list ranks on a composite score with a GDP entry gate, so GDP above the 100th county's GDP is
neither necessary (天门 entered at rank 96 with GDP below the GDP-rank-100 threshold) nor sufficient.
We model membership in an edition (data year t) as a logistic regression on the county's log GDP
relative to the year's Top-100 GDP threshold::

    P(on list | z) = 1 / (1 + exp(-(b0 + b1 z))),   z = ln(GDP_ct / x100_t)

fitted to past editions (members: the published Hubei ranks; non-members: every other Hubei county
with a figure that year, since every Hubei member is listed). The coefficients are the posterior mode
under a weak normal prior (s.d. :data:`PRIOR_SD` on each, which keeps the fit finite when members and
non-members separate), and their uncertainty is the Laplace approximation: ``N(mode, H^-1)`` with
``H`` the Hessian of the negative log posterior (e.g. Gelman et al., *Bayesian Data Analysis*, 3rd ed.,
ch. 4 and 16). Each Monte Carlo draw takes one coefficient draw, so a list probability carries both
the GDP and threshold uncertainty of the draw and the list model's own.

Only Top-100 is modelled: no Hubei county has been in CCID's Top-50, so the data cannot fit it.

>>> m = fit(np.array([-0.3, -0.2, -0.1, 0.0, 0.1, 0.2, 0.3, 0.4]), np.array([0, 0, 1, 0, 1, 1, 1, 1]))
>>> round(float(probability(m.coef[0], m.coef[1], np.array(0.5))), 2)
0.99
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

PRIOR_SD = 10.0
"""Prior s.d. of the intercept and of the slope (per unit of log GDP relative to the threshold)."""


@dataclass(frozen=True)
class ListModel:
    """Fitted coefficients ``coef = (b0, b1)``, their covariance, and the data they came from."""

    coef: np.ndarray
    cov: np.ndarray
    points: int
    members: int

    def draw(self, count: int, rng: np.random.Generator) -> "ListDraws":
        """``count`` coefficient draws from the Laplace approximation."""
        theta = rng.multivariate_normal(self.coef, self.cov, size=count)
        return ListDraws(b0=theta[:, 0], b1=theta[:, 1])

    def point(self, count: int = 1) -> "ListDraws":
        return ListDraws(b0=np.full(count, self.coef[0]), b1=np.full(count, self.coef[1]))

    def gate(self, p: float = 0.5) -> float:
        """GDP relative to the Top-100 threshold at which P(on list) = ``p`` (point estimate)."""
        return float(np.exp((np.log(p / (1 - p)) - self.coef[0]) / self.coef[1]))


@dataclass(frozen=True)
class ListDraws:
    """Per-draw coefficients (S,); run draw ``d`` takes row ``d mod S``."""

    b0: np.ndarray
    b1: np.ndarray

    def __len__(self) -> int:
        return len(self.b0)

    def probability(self, gdp: np.ndarray, x100: np.ndarray, start: int) -> np.ndarray:
        """P(on list) for ``gdp`` (years, draws, counties) against ``x100`` (years, draws), draws numbered from
        ``start``."""
        idx = (start + np.arange(gdp.shape[1])) % len(self)
        z = np.log(gdp / x100[:, :, None])
        return probability(self.b0[idx][None, :, None], self.b1[idx][None, :, None], z)


def probability(b0, b1, z):
    """The logistic link ``1 / (1 + exp(-(b0 + b1 z)))``, overflow-safe."""
    return 0.5 * (1.0 + np.tanh(0.5 * (b0 + b1 * z)))


def fit(z: np.ndarray, member: np.ndarray, prior_sd: float = PRIOR_SD, iterations: int = 100) -> ListModel:
    """Posterior mode and Laplace covariance of ``(b0, b1)`` (Newton's method on the log posterior)."""
    z = np.asarray(z, dtype=float)
    y = np.asarray(member, dtype=float)
    if z.size == 0:
        raise ValueError("list model: no county-edition pairs to fit")
    x = np.column_stack([np.ones_like(z), z])
    precision = np.eye(2) / prior_sd**2
    beta = np.zeros(2)
    for _ in range(iterations):
        p = probability(beta[0], beta[1], z)
        grad = x.T @ (y - p) - precision @ beta
        hess = (x * (p * (1 - p))[:, None]).T @ x + precision
        step = np.linalg.solve(hess, grad)
        beta = beta + step
        if np.max(np.abs(step)) < 1e-10:
            break
    p = probability(beta[0], beta[1], z)
    hess = (x * (p * (1 - p))[:, None]).T @ x + precision
    return ListModel(coef=beta, cov=np.linalg.inv(hess), points=int(z.size), members=int(y.sum()))
