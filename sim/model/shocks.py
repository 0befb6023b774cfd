"""Monte Carlo shocks: their sizes (:class:`Uncertainty`, a scenario section) and the AR(1) draws.

Real growth of county c in year t, draw d (see :mod:`sim.model.engine`)::

    g[d,t,c] = mean[t,c] + national[d,t] + hubei[d,t] + tier[d,t,tier(c)] + county[d,t,c]

each shock an AR(1) process ``s_t = persistence * s_{t-1} + sigma * e_t``, ``e_t ~ N(0, 1)``
(Box & Jenkins 1970); the deflator has its own shock of the same form.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np

from sim.model import economy
from sim.model.tiers import TIERS


@dataclass(frozen=True, kw_only=True)
class Uncertainty:
    """Monte Carlo shocks: standard deviations of the yearly innovations (fractions per year)
    and the AR(1) persistence shared by every shock (see :mod:`sim.model.engine`).

    Defaults and where they come from (macro.csv, observations.csv):

    - ``national`` 0.014: sample s.d. of China's real growth in 2016, 2019, 2022, 2023, 2024
      (6.7, 6.1, 3.0, 5.2, 5.0%), leaving out the 2020-2021 pandemic swing.
    - ``hubei`` 0.01: assumption (Hubei ran 1.4-1.7 points above China in 2016 and 2019; no
      series long enough to measure how that gap varies).
    - ``tier`` 0.005: assumption (no tier-level series exists).
    - ``county`` 0.01: the 7 county-years with a real growth figure and a Hubei figure for the
      same year differ from Hubei's growth by 0.2-1.5 points (rms 0.7); rounded up, as they are few.
    - ``comparator`` 0.01: each national comparator's own growth deviation, drawn once per draw
      (assumption, the county figure). Under the fitted model, unset, it is each draw's fitted size of a
      Hubei county's own shock (:func:`sim.run.fitted.comparator_volatility`), a yearly AR(1) shock.
    - ``deflator`` 0.01: assumption; the deflator readings of 2021-2024 range from -1.1% to +2.25%.
    - ``persistence`` 0.5: assumption.

    Years given in ``growth.years`` (``deflator.years``) are known province-wide figures: the
    national and Hubei (price) shocks are zero in them; tier and county shocks still apply.
    """

    national: float = 0.014
    hubei: float = 0.01
    tier: float = 0.005
    county: float = 0.01
    comparator: float = 0.01
    deflator: float = 0.01
    persistence: float = 0.5

    @classmethod
    def zero(cls) -> "Uncertainty":
        """No shocks at all: the deterministic path."""
        return cls(**{f.name: 0.0 for f in fields(cls)})

    def is_zero(self) -> bool:
        return all(getattr(self, f.name) == 0.0 for f in fields(self) if f.name != "persistence")


class Shocks:
    """AR(1) shock components for one block. Every component is drawn every year, whatever its
    volatility, so that scenarios differing only in volatility share their random numbers."""

    def __init__(self, rng: np.random.Generator | None, draws: int, n: int, vol: Uncertainty, extra: dict | None = None):
        self.rng, self.draws, self.n, self.vol = rng, draws, n, vol
        self.state = {"national": 0.0, "hubei": 0.0, "tier": 0.0, "county": 0.0, "deflator": 0.0}
        self.shapes = {"national": (draws, 1), "hubei": (draws, 1), "tier": (draws, len(TIERS)), "county": (draws, n), "deflator": (draws, 1)}
        # fitted projections only (so that assumed ones keep their random numbers): the trend's random walk
        # (persistence 1) and Hubei's white price gap (persistence 0), with their s.d. in ``extra``
        self.extra = extra or {}
        for name in self.extra:
            self.state[name] = 0.0
            self.shapes[name] = (draws, 1)

    def start(self, states: dict) -> None:
        """Set the AR(1) states (e.g. a fitted posterior's shocks in its last data year)."""
        self.state.update(states)

    def step(self, known_growth: bool = False, known_deflator: bool = False) -> dict[str, np.ndarray | float]:
        if self.rng is None:
            # no draws: the shocks decay from their states at the persistence (zero states stay zero)
            for name in ("national", "hubei", "tier", "county", "deflator"):
                self.state[name] = economy.ar1(self.state[name], self.vol.persistence, 0.0)
            return self.state
        known = {"national": known_growth, "hubei": known_growth, "deflator": known_deflator}
        persistence = {"trend": 1.0, "price_gap": 0.0}
        for name, shape in self.shapes.items():
            sigma = self.extra[name] if name in self.extra else getattr(self.vol, name)
            innovation = sigma * self.rng.standard_normal(shape)
            rho = persistence.get(name, self.vol.persistence)
            self.state[name] = 0.0 if known.get(name) else economy.ar1(self.state[name], rho, innovation)
        return self.state
