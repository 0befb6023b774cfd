"""Which chart to draw (:class:`Spec`), drawing it (:func:`draw`), and drawing many at once (:func:`render`).

A report draws each chart once: :func:`render` builds every figure one time, saves it as vector PDF
(placed into the PDF report) and rasterises that PDF to PNG with PDFium (for the web page and the Word
file), on all available cores (worker processes; a chart's bytes do not depend on which process drew it).
:func:`file_name` is the name ``tiersim plot`` writes: ``KIND[-THRESHOLD][-COUNTY]-LANG.EXT``.
"""

from __future__ import annotations

import io
import multiprocessing
import os
import re
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from typing import Callable, Mapping, TypeVar

import pandas as pd

from sim.errors import SimError
from sim.model.thresholds import SIZES
from sim.present.chartdata import KINDS, ChartData
from sim.whatif import compare as compare_mod
from sim.run.executors import forking

T = TypeVar("T")
PER_THRESHOLD = ("timeline", "heatmap", "scorecard", "map")
PNG_DPI = 150


@dataclass(frozen=True)
class Comparison:
    """Scenario B (what-if) against A (the report's scenario), run with the same seed and draws."""

    a: str
    b: str
    crossing: pd.DataFrame
    gdp: pd.DataFrame
    targets: pd.DataFrame
    horizons: tuple[int, int]


def comparison(a, b) -> Comparison:
    """The comparison of projections ``a`` and ``b`` (:class:`sim.run.projection.Projection`)."""
    return Comparison(a=a.scenario.name, b=b.scenario.name, crossing=compare_mod.crossing_differences(a, b),
                      gdp=compare_mod.gdp_differences(a, b), targets=compare_mod.target_differences(a, b),
                      horizons=(a.scenario.horizon, b.scenario.horizon))


@dataclass(frozen=True)
class Spec:
    """One chart: its kind, language and options (``county`` for a fan chart, ``threshold`` and ``year``)."""

    kind: str
    lang: str = "zh"
    county: str | None = None
    threshold: str = "top100"
    year: int | None = None


@dataclass(frozen=True)
class Rendered:
    """A chart drawn once: PNG bytes, vector PDF bytes and its size in inches."""

    png: bytes
    pdf: bytes
    size: tuple[float, float]


def check(spec: Spec, data: ChartData, versus: Comparison | None) -> None:
    """A one-line error for a chart that cannot be drawn (unknown kind or threshold, no county, not projected)."""
    if spec.kind not in KINDS:
        raise SimError(f"plot: unknown chart KIND {spec.kind!r}; known: {', '.join(KINDS)}")
    if spec.threshold not in SIZES:
        raise SimError(f"--threshold: must be one of {', '.join(SIZES)}; got {spec.threshold!r}")
    if spec.kind == "fan":
        if spec.county is None:
            raise SimError("plot fan: name the county with --county (code, 中文名 or pinyin)")
        row = data.counties[data.counties["county_id"] == spec.county]
        if row.empty or not bool(row["projected"].iloc[0]):
            name = spec.county if row.empty else f"{row['name_zh'].iloc[0]} ({spec.county})"
            raise SimError(f"--county: {name} is not projected: it has no GDP figure in any year; load one with --data "
                           f"or pass --impute tier-median")
    if spec.kind == "compare" and versus is None:
        raise SimError("plot compare: name the what-if scenario with --compare OTHER")
    if spec.kind == "map" and spec.year is not None and spec.year not in set(data.membership["year"]):
        raise SimError(f"--year: must be a projected year ({data.base_year}–{data.horizon}); got {spec.year}")


def draw(spec: Spec, data: ChartData, versus: Comparison | None = None, ax=None):
    """The chart of ``spec`` drawn from ``data``; returns its axes."""
    from sim.present import plots  # matplotlib only now

    check(spec, data, versus)
    lang, about, kind = spec.lang, data.about, spec.kind
    if kind == "fan":
        return plots.fan_chart(data.bands, data.thresholds, data.crossings, data.counties, spec.county,
                               history=data.history, about=about, lang=lang, ax=ax, data_until=data.data_until)
    if kind == "timeline":
        return plots.crossing_timeline(data.crossings, data.counties, threshold=spec.threshold, base_year=data.base_year,
                                       horizon=data.horizon, about=about, lang=lang, ax=ax)
    if kind == "heatmap":
        return plots.probability_heatmap(data.membership, data.counties, threshold=spec.threshold,
                                         milestones=data.milestones, about=about, lang=lang, ax=ax)
    if kind == "scorecard":
        return plots.tier_scorecard(data.tiers, data.counties, threshold=spec.threshold, about=about, lang=lang, ax=ax)
    if kind == "bump":
        return plots.rank_bump(data.ranks, data.counties, ccid=data.ccid, floor=data.rank_floor, about=about, lang=lang,
                               ax=ax)
    if kind == "targets":
        return plots.plan_targets(data.targets, data.counties, units=data.plan_units, about=about, lang=lang, ax=ax)
    if kind == "map":
        year = spec.year or (data.milestones[-1] if data.milestones else data.horizon)
        return plots.tile_map(data.membership, data.counties, threshold=spec.threshold, year=year, about=about, lang=lang,
                              ax=ax)
    assert versus is not None
    return plots.scenario_comparison(versus.crossing, versus.gdp, names=(versus.a, versus.b), counties=data.counties,
                                     horizons=versus.horizons, about=about, lang=lang, ax=ax)


def file_name(spec: Spec, data: ChartData, fmt: str) -> str:
    """``KIND[-THRESHOLD][-COUNTY]-LANG.EXT``, the county by its pinyin (ASCII), e.g. ``fan-tianmen-zh.png``."""
    parts = [spec.kind]
    if spec.kind in PER_THRESHOLD:
        parts.append(spec.threshold)
    if spec.kind == "map" and spec.year is not None:
        parts.append(str(spec.year))
    if spec.county is not None:
        row = data.counties[data.counties["county_id"] == spec.county]
        pinyin = "" if row.empty else str(row["name_pinyin"].iloc[0] or "")
        parts.append(re.sub(r"[^a-z0-9]", "", pinyin.lower()) or spec.county)
    return f"{'-'.join(parts)}-{spec.lang}.{fmt}"


_SHARED: tuple[ChartData, Comparison | None, int] | None = None


def raster(pdf: bytes, dpi: int) -> bytes:
    """A one-page PDF (a chart) as PNG at ``dpi``, rasterised by PDFium (pypdfium2): the chart is drawn by
    matplotlib only once, as vector PDF, and its picture for the web page and the Word file comes from it."""
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    try:
        image = document[0].render(scale=dpi / 72).to_pil()
    finally:
        document.close()
    buffer = io.BytesIO()
    image.save(buffer, format="png", optimize=False, compress_level=3)
    return buffer.getvalue()


def _render_one(spec: Spec) -> tuple[Spec, Rendered]:
    from sim.present import plots

    assert _SHARED is not None
    data, versus, dpi = _SHARED
    from sim.present.plots.style import PORTABLE

    token = PORTABLE.set(False)  # drawn and saved inside the chart style: no need to pin fonts on each text
    try:
        figure = plots.figure_of(draw(spec, data, versus))
        pdf = plots.to_bytes(figure, "pdf")
    finally:
        PORTABLE.reset(token)
    rendered = Rendered(png=raster(pdf, dpi), pdf=pdf, size=tuple(float(v) for v in figure.get_size_inches()))
    return spec, rendered


class Pending(Mapping):
    """Charts being drawn by worker processes: ``pending[spec]`` waits for that chart (a writer can lay out
    its pages while the charts are drawn, waiting only where it reaches one)."""

    def __init__(self, futures: dict):
        self._futures = futures

    def __getitem__(self, spec: Spec) -> Rendered:
        return self._futures[spec].result()[1]

    def __contains__(self, spec: object) -> bool:
        return spec in self._futures

    def __iter__(self):
        return iter(self._futures)

    def __len__(self) -> int:
        return len(self._futures)


def render(specs: list[Spec], data: ChartData, versus: Comparison | None = None, *, dpi: int = PNG_DPI,
           jobs: int | None = None, progress: Callable[[int], None] | None = None) -> dict[Spec, Rendered]:
    """Every chart of ``specs`` drawn once, as PNG (``dpi``) and PDF; ``jobs`` processes (default: the cores)."""
    return render_while(specs, data, versus, None, dpi=dpi, jobs=jobs, progress=progress)[0]


def render_while(specs: list[Spec], data: ChartData, versus: Comparison | None, meanwhile: Callable[[Mapping], T] | None,
                 *, dpi: int = PNG_DPI, jobs: int | None = None,
                 progress: Callable[[int], None] | None = None) -> tuple[dict[Spec, Rendered], T | None]:
    """:func:`render`, calling ``meanwhile(pending)`` in this process while the workers draw (``pending`` maps each
    spec to its chart, waiting for it); returns the charts and what ``meanwhile`` returned. With one process
    the charts are drawn first and ``meanwhile`` is given them all."""
    global _SHARED
    for spec in specs:
        check(spec, data, versus)
    unique = list(dict.fromkeys(specs))
    jobs = min(jobs or os.cpu_count() or 1, max(len(unique), 1))
    _SHARED = (data, versus, dpi)
    from sim.present import plots

    plots.warm()  # matplotlib, the font, its glyph cache and the PDF backend loaded once, before the workers fork
    import PIL.PngImagePlugin  # noqa: F401  (so is what rasterises: the workers then import nothing)
    import pypdfium2  # noqa: F401

    order = sorted(unique, key=lambda s: s.kind == "fan")  # the larger charts first, so the workers finish together
    out: dict[Spec, Rendered] = {}
    result = None
    try:
        if jobs <= 1 or "fork" not in multiprocessing.get_all_start_methods():
            for spec in order:
                out[spec] = _render_one(spec)[1]
                if progress:
                    progress(1)
            if meanwhile is not None:
                result = meanwhile(out)
        else:
            with forking(), ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork")) as pool:
                futures = {spec: pool.submit(_render_one, spec) for spec in order}
                if progress:
                    for future in futures.values():
                        future.add_done_callback(lambda f: f.exception() is None and progress(1))
                if meanwhile is not None:
                    result = meanwhile(Pending(futures))
                for spec, future in futures.items():
                    out[spec] = future.result()[1]
    finally:
        _SHARED = None
    return {spec: out[spec] for spec in specs}, result
