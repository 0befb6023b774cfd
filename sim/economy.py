"""The model's equations: pure functions on numpy arrays, no I/O, no calendar.

Arrays are shaped ``(draws, counties)`` (one row per Monte Carlo draw; one draw
for a deterministic run). GDP is in 亿元 at current prices; rates are fractions
per year. Nominal growth combines real growth with the GDP deflator
(national-accounts identity: nominal index = volume index x price index):

    1 + nominal = (1 + real) * (1 + deflator)
"""

from __future__ import annotations

import numpy as np

NEVER = np.iinfo(np.int32).max
"""Crossing year of a county that has not crossed (sorts after every real year)."""


def nominal_rate(real: np.ndarray | float, deflator: np.ndarray | float) -> np.ndarray | float:
    """Nominal growth from real growth and deflator growth.

    >>> round(nominal_rate(0.06, 0.02), 6)
    0.0812
    """
    return (1.0 + real) * (1.0 + deflator) - 1.0


def grow(gdp: np.ndarray, real: np.ndarray, deflator: np.ndarray | float) -> np.ndarray:
    """GDP one year on: ``gdp * (1 + real) * (1 + deflator)``, elementwise with broadcasting.

    >>> grow(np.array([[100.0]]), np.array([0.5]), 0.0)
    array([[150.]])
    """
    return gdp * (1.0 + real) * (1.0 + deflator)


def update_crossings(first: np.ndarray, gdp: np.ndarray, threshold: np.ndarray, year: int) -> np.ndarray:
    """``first`` (draws, counties) with ``year`` set where a county is at or above ``threshold`` for the first time.

    ``threshold`` is shaped ``(draws,)`` or ``(draws, 1)``; ``first`` holds :data:`NEVER` where not crossed yet.

    >>> update_crossings(np.full((1, 2), NEVER), np.array([[5.0, 1.0]]), np.array([2.0]), 2021)
    array([[      2021, 2147483647]], dtype=int32)
    """
    above = gdp >= threshold.reshape(-1, 1)
    return np.where((first == NEVER) & above, np.int32(year), first).astype(np.int32)
