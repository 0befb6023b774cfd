"""The 2020 pandemic year: three explicit treatments, one chosen per calibration (``--pandemic``).

Hubei's real growth was -5.0% in 2020 and +12.9% in 2021 (China: +2.2%, +8.4%), against
about 7.8% a year before. Used as ordinary years, these two swing every trend and
volatility estimate that a short panel rests on. The treatments:

``shock`` (default)
    2020 and 2021 are kept, and China's and Hubei's growth in each of those years gets its
    own free mean (a fixed effect; an intervention in the sense of Box & Tiao 1975): the
    fall and the rebound are estimated, not counted as trend or volatility. County figures
    across 2020 are compared with Hubei's actual path, so a county's pandemic loss counts
    against it only where it differs from Hubei's. Reported: the 2020 shortfall against
    trend and the share of it recovered in 2021 (not estimable as of 2020). A projection
    starting before 2021 grows 2021 at trend unless 2021's figure is known.
``exclude``
    Every figure of 2020 or 2021, and every level change spanning them, is left out, for
    counties and the province alike. The panel loses its 2020-2021 information; seeds
    carried across 2020 then use trend growth there (the fall is not known).
``keep``
    2020 and 2021 are ordinary years: they enter trend means (within the window) and
    volatilities. Shown to see what the choice does; it inflates volatility.
"""

from __future__ import annotations

from .panel import Panel, Row

TREATMENTS = ("shock", "exclude", "keep")
YEARS = (2020, 2021)
"""The pandemic fall and its rebound."""

DESCRIPTION = {
    "shock": "2020 and 2021 have their own province-wide means (fall and rebound estimated, kept out of trend and volatility)",
    "exclude": "every figure of 2020-2021 and every change across them left out",
    "keep": "2020 and 2021 are ordinary years (in trend and volatility)",
}


def touches(row: Row) -> bool:
    """True if the row's span includes a pandemic year.

    >>> touches(Row("x", "levels", 2019, 2020, 0.1, ("c",), (), ())), touches(Row("x", "levels", 2018, 2019, 0.1, ("c",), (), ()))
    (True, False)
    """
    return any(year in row.years for year in YEARS)


def apply(panel: Panel, treatment: str) -> tuple[Panel, tuple[Row, ...]]:
    """The panel as the treatment uses it, and the rows it leaves out."""
    if treatment == "exclude":
        return panel.select(lambda r: not touches(r)), tuple(r for r in panel.rows if touches(r))
    return panel, ()


def shock_years(treatment: str) -> tuple[int, ...]:
    """Years that get their own province-wide mean under ``treatment``."""
    return YEARS if treatment == "shock" else ()
