"""Irregular panels -> growth observations: each figure, or pair of figures, as a sum of yearly log growth.

A county's panel is a few GDP levels (nominal 亿元) in scattered years, some with the year's
real growth. Hubei's and China's macro series are the same kind of thing. Every piece of
information becomes one :class:`Row`: an observed **log change over a span of years**
(both ends included), which is the sum of the latent yearly log growth rates of some series:

========================  ========================================  ===================
figures                   row value                                 loads on
========================  ========================================  ===================
county levels L1 (y1), L2 ln(L2 / L1), span y1+1..y2                  c, h, pi, d
county real growth r (y)  ln(1 + r), span y..y                        c, h, d
Hubei real growth         ln(1 + r)                                 c, h
Hubei nominal levels      ln(L2 / L1)                               c, h, pi
China real growth         ln(1 + r)                                 c
China nominal levels      ln(L2 / L1)                               c, pi (+ gap)
China deflator / nominal  ln(1 + r)                                 pi (+ gap) / c, pi (+ gap)
growth figures
========================  ========================================  ===================

Series (log growth per year): ``c`` China's real growth, ``h`` Hubei's real growth minus
China's, ``pi`` Hubei's GDP deflator, ``d`` a county's real growth minus Hubei's. China's
deflator stands in for Hubei's with an extra yearly error, the *gap* (:data:`GAP_SD`).

Consecutive levels of one county (best figure per year, :func:`sim.data.best_observations`)
make one row each; two rows sharing a year share that level's error, with the right sign,
so nothing is counted twice. A macro level change is taken only between two figures of
the same *vintage* (both preliminary, both revised, or both unlabelled): statistical
revisions (e.g. after an economic census) break comparisons across vintages.

**Measurement error** (s.d. in log points; assumptions, documented here and in the
calibrated scenario): a level is off by :data:`LEVEL_SD` by status (forecasts are made before
the year closes; secondary figures are copies, sometimes of another definition), times
:data:`CONFIDENCE_FACTOR`; a growth figure by :data:`GROWTH_SD` (rounding to 0.1 point and
"comparable price" practice).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from sim.data import CONFIDENCES

LEVEL_SD = {"official": 0.01, "secondary": 0.02, "forecast": 0.03, "estimated": 0.05}
GROWTH_SD = {"official": 0.003, "secondary": 0.005, "forecast": 0.01, "estimated": 0.01}
CONFIDENCE_FACTOR = {"high": 1.0, "medium": 1.0, "unrated": 1.0, "low": 1.5}
MACRO_LEVEL_SD = 0.005
"""A province or national GDP level (rounded to 100亿 or better; official or quoted from it)."""
MACRO_GROWTH_SD = 0.002
"""A province or national growth figure (rounded to 0.1 point)."""
APPROX_SD = 0.005
"""A growth figure published as "about", "around" or as an estimate before the year's statistics."""
QUARTER_SD = 0.01
"""A quarter's year-on-year figure standing for the whole year."""
GAP_SD = 0.01
"""Yearly difference between Hubei's and China's GDP deflator (assumption: Hubei 2021 +2.3% vs China +3.8-4.3%)."""
VINTAGES = ("revised", "preliminary", "unlabelled")
"""Preference order when level pairs of several vintages cover the same years."""

MACRO_SERIES = {
    "china_gdp_real_growth": ("real growth", "china", ("c",)),
    "hubei_gdp_real_growth": ("real growth", "hubei", ("c", "h")),
    "china_gdp_deflator_growth": ("deflator", "china", ("pi",)),
    "china_gdp_nominal_growth": ("nominal growth", "china", ("c", "pi")),
    "hubei_gdp_nominal": ("levels", "hubei", ("c", "h", "pi")),
    "china_gdp_nominal": ("levels", "china", ("c", "pi")),
}
"""Macro series used, as (kind, unit, series loaded). Others in ``macro.csv`` (targets, prefectures) are not used."""


@dataclass(frozen=True)
class Figure:
    """One figure a row rests on: where from and what it is (for the counts a calibration prints)."""

    unit: str
    year: int
    field: str
    status: str


@dataclass(frozen=True)
class Row:
    """An observed log change over the years ``start..end`` (both included) of the sum of ``loads``.

    ``noise`` lists ``(source, loading)``: the row's error is ``sum loading * source``, the
    sources independent with variances in :attr:`Panel.noise`.
    """

    unit: str
    kind: str
    start: int
    end: int
    value: float
    loads: tuple[str, ...]
    noise: tuple[tuple[str, float], ...]
    figures: tuple[Figure, ...]

    @property
    def years(self) -> range:
        return range(self.start, self.end + 1)

    @property
    def span(self) -> int:
        return self.end - self.start + 1

    @property
    def label(self) -> str:
        if self.kind == "levels":
            when = f"{self.start - 1}->{self.end}"
        else:
            when = f"{self.start}" if self.start == self.end else f"{self.start}-{self.end}"
        return f"{self.unit} {self.kind} {when}"


@dataclass(frozen=True)
class Panel:
    """Rows and the variances of their noise sources; ``unused`` lists figures that make no row."""

    rows: tuple[Row, ...]
    noise: dict[str, float]
    unused: tuple[Figure, ...] = ()

    def select(self, keep) -> "Panel":
        """The panel with only the rows for which ``keep(row)`` is true."""
        return Panel(tuple(r for r in self.rows if keep(r)), self.noise, self.unused)

    def __add__(self, other: "Panel") -> "Panel":
        return Panel(self.rows + other.rows, {**self.noise, **other.noise}, self.unused + other.unused)


def _factor(confidence: str) -> float:
    return CONFIDENCE_FACTOR.get(confidence, 1.0)


def county_panel(best: pd.DataFrame) -> Panel:
    """Rows from the best figure per county and year (columns of :data:`sim.data.OBS_COLUMNS`).

    >>> best = pd.DataFrame({"county_id": ["420000"] * 2, "year": [2017, 2019], "gdp_yi": [100.0, 121.0],
    ...                      "real_growth": [0.08, float("nan")], "status": ["official", "forecast"], "confidence": ["high"] * 2})
    >>> [(r.kind, r.start, r.end, round(r.value, 4)) for r in county_panel(best).rows]
    [('levels', 2018, 2019, 0.1906), ('real growth', 2017, 2017, 0.077)]
    """
    rows: list[Row] = []
    noise: dict[str, float] = {}
    unused: list[Figure] = []
    for county_id, own in best.sort_values(["county_id", "year"]).groupby("county_id", sort=True):
        own = own.reset_index(drop=True)
        for r in own.itertuples():
            noise[f"level:{county_id}:{r.year}"] = (LEVEL_SD[r.status] * _factor(r.confidence)) ** 2
        for a, b in zip(own.itertuples(), own.iloc[1:].itertuples()):
            rows.append(Row(unit=county_id, kind="levels", start=int(a.year) + 1, end=int(b.year),
                            value=math.log(b.gdp_yi / a.gdp_yi), loads=("c", "h", "pi", "d"),
                            noise=((f"level:{county_id}:{a.year}", -1.0), (f"level:{county_id}:{b.year}", 1.0)),
                            figures=(Figure(county_id, int(a.year), "gdp", a.status), Figure(county_id, int(b.year), "gdp", b.status))))
        if len(own) == 1:
            r = own.iloc[0]
            unused.append(Figure(county_id, int(r["year"]), "gdp", r["status"]))
        for r in own.itertuples():
            if r.real_growth == r.real_growth:  # not NaN
                key = f"growth:{county_id}:{r.year}"
                noise[key] = (GROWTH_SD[r.status] * _factor(r.confidence)) ** 2
                rows.append(Row(unit=county_id, kind="real growth", start=int(r.year), end=int(r.year),
                                value=math.log1p(r.real_growth), loads=("c", "h", "d"), noise=((key, 1.0),),
                                figures=(Figure(county_id, int(r.year), "real_growth", r.status),)))
    return Panel(tuple(rows), noise, tuple(unused))


def growth_sd(as_published: str, confidence: str) -> float:
    """Measurement s.d. of a macro growth figure from how it was published.

    >>> growth_sd("5.2 %", "high"), growth_sd("about 4 % (approximate)", "low"), growth_sd("-1.1 % (2024Q1 y/y)", "medium")
    (0.002, 0.005, 0.01)
    """
    text = as_published.lower()
    if "q1" in text or "q2" in text or "q3" in text or "q4" in text:
        return QUARTER_SD
    if any(word in text for word in ("about", "around", "approx", "estimate")):
        return APPROX_SD
    return MACRO_GROWTH_SD * _factor(confidence)


def vintage(as_published: str) -> str:
    """``revised``, ``preliminary`` or ``unlabelled`` from a macro row's published text.

    >>> vintage("1149000 亿元 (revised 114.9万亿)"), vintage("2.3 % (preliminary)"), vintage("43400 亿元")
    ('revised', 'preliminary', 'unlabelled')
    """
    text = str(as_published).lower()
    if "revised" in text:
        return "revised"
    if "prelim" in text:
        return "preliminary"
    return "unlabelled"


def _best_macro(rows: pd.DataFrame) -> pd.DataFrame:
    """One figure per series, year and vintage: the best confidence."""
    ranked = rows.assign(_c=rows["confidence"].map(lambda c: CONFIDENCES.index(c) if c in CONFIDENCES else len(CONFIDENCES)))
    return ranked.sort_values(["year", "vintage", "_c"], kind="stable").drop_duplicates(["year", "vintage"]).drop(columns="_c")


def macro_panel(macro: pd.DataFrame) -> Panel:
    """Rows from the macro table (``series, year, value, as_published, confidence``; growth as fractions)."""
    rows: list[Row] = []
    noise: dict[str, float] = {}
    unused: list[Figure] = []
    data = macro[macro["value"].notna()].copy()
    for column, default in (("as_published", ""), ("confidence", "unrated")):
        if column not in data:
            data[column] = default
    data["vintage"] = data["as_published"].map(vintage)
    for series, group in data.groupby("series", sort=True):
        if series not in MACRO_SERIES:
            unused += [Figure(series, int(y), "macro", "not used") for y in group["year"]]
            continue
        kind, unit, loads = MACRO_SERIES[series]
        gap = unit == "china" and "pi" in loads
        best = _best_macro(group)
        if kind != "levels":
            # one figure per year: revised beats preliminary beats unlabelled
            best = best.assign(_v=best["vintage"].map(VINTAGES.index)).sort_values(["year", "_v"]).drop_duplicates("year")
            for r in best.itertuples():
                key = f"{series}:{r.year}"
                noise[key] = growth_sd(str(r.as_published), r.confidence) ** 2
                terms = ((key, 1.0),) + (((f"gap:{r.year}", 1.0),) if gap else ())
                rows.append(Row(unit=unit, kind=kind, start=int(r.year), end=int(r.year), value=math.log1p(float(r.value)),
                                loads=loads, noise=terms, figures=(Figure(unit, int(r.year), series, "macro"),)))
            continue
        pairs = []
        for v in VINTAGES:
            chain = best[best["vintage"] == v].sort_values("year")
            for a, b in zip(chain.itertuples(), chain.iloc[1:].itertuples()):
                pairs.append((VINTAGES.index(v), a, b, v))
        taken: list[tuple[int, int]] = []
        used_years: set[tuple[int, str]] = set()
        for _, a, b, v in sorted(pairs, key=lambda item: (item[0], item[1].year)):
            span = (int(a.year) + 1, int(b.year))
            if any(not (span[1] < s or span[0] > e) for s, e in taken):
                continue
            taken.append(span)
            keys = []
            for r in (a, b):
                key = f"{series}:{r.year}:{v}"
                noise[key] = (MACRO_LEVEL_SD * _factor(r.confidence)) ** 2
                keys.append(key)
                used_years.add((int(r.year), v))
            gaps = tuple((f"gap:{y}", 1.0) for y in range(span[0], span[1] + 1)) if gap else ()
            rows.append(Row(unit=unit, kind="levels", start=span[0], end=span[1], value=math.log(float(b.value) / float(a.value)),
                            loads=loads, noise=((keys[0], -1.0), (keys[1], 1.0)) + gaps,
                            figures=(Figure(unit, int(a.year), series, "macro"), Figure(unit, int(b.year), series, "macro"))))
        unused += [Figure(unit, int(r.year), series, "not paired") for r in best.itertuples() if (int(r.year), r.vintage) not in used_years]
    for r in rows:
        for key, _ in r.noise:
            if key.startswith("gap:"):
                noise[key] = GAP_SD**2
    return Panel(tuple(rows), noise, tuple(unused))
