"""Sweeps: a grid of what-if scenarios, each projected with the same seed.

``--vary key.path=START:STOP:STEP`` makes the values ``START, START + STEP, ...`` up to and
including ``STOP`` (within a tolerance of 1e-9 steps); each part is a number (``0.05``), a
percent (``5%``) or an integer (``2030``: all three parts whole numbers give whole values).
Several ``--vary`` make the cartesian product, in a stable order (the last key varies
fastest). Each grid point is the base scenario plus the ``--set`` overrides plus one
``key.path=value`` per varied key; its name is those assignments joined by commas, e.g.
``growth.tiers.sprint=0.07,horizon=2030``, and its hash is :meth:`Scenario.sha256`.

Every point runs with the same seed and number of draws, so points share their random
numbers (common random numbers): differences between points come from the assumptions,
not from sampling noise. A point whose scenario breaks a rule (e.g. a rate out of range
for one value) is recorded with its error and the sweep goes on.

Per point the work is one projection (:func:`sim.run.projection.build`, then the engine
over blocks of :data:`sim.run.montecarlo.BLOCK` draws with :func:`sim.run.montecarlo.block_rng`),
folded straight into first-crossing counts: the full :class:`~sim.run.summary.Summary` (GDP and
rank histograms) is not needed for a sweep and is not built. Rows equal what
``tiersim run`` reports for the same scenario and seed (``tests/test_sweep.py`` checks it).
Points run in chunks on an :mod:`sim.run.executors` backend; the dataset is shipped once per
worker and the base-year seed table is computed once per worker and base year.

``sweep.csv`` (one row per point x county x threshold; a failed point has one row with its
``error``): point, name, scenario_sha256, one column per varied key, county_id, name_zh, name_pinyin, tier,
threshold, ``p_by_YEAR`` for each milestone year (share of draws that have crossed by then),
year_p50 (median first-crossing year; empty if not by the horizon), error. A county without a
base-year figure has empty values, as in every result file.
"""

from __future__ import annotations

import itertools
import json
import math
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from sim.model import engine
from sim.run import montecarlo
from sim.data import seeds as seeds_mod
from sim.data.tables import Dataset
from sim.model.economy import NEVER
from sim.errors import ScenarioError, SimError
from sim.run.executors import Serial
from sim.fit import cache as fit_cache
from sim.run.projection import build
from sim.results.manifest import data_files, package_version
from sim.results.tables import crossing_years
from sim.scenario import Scenario, load

__all__ = ["Vary", "Point", "Sweep", "parse_vary", "grid", "run", "table", "heatmap_table", "manifest", "files",
           "MAX_POINTS"]

MAX_POINTS = 100_000
"""Largest grid a sweep accepts."""

_NUMBER = re.compile(r"^\s*([+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?)\s*(%?)\s*$")


@dataclass(frozen=True)
class Vary:
    """One ``--vary``: a key path and its values (already formatted for ``--set``)."""

    spec: str
    key: str
    values: tuple[str, ...]


@dataclass(frozen=True)
class Point:
    """One grid point: its index, name, the overrides that make it, and its scenario (None if it failed)."""

    index: int
    name: str
    values: tuple[str, ...]
    scenario: Scenario | None = None
    error: str = ""
    sha256: str = ""
    """:meth:`Scenario.sha256` of the point's scenario (empty if it failed to load)."""


@dataclass
class Sweep:
    """A finished sweep: the base scenario, the varied keys, the points and their rows."""

    base: Scenario
    varies: list[Vary]
    points: list[Point]
    counts: dict[int, "_Counts"]
    dataset: Dataset
    draws: int
    seed: int
    deterministic: bool = False
    impute: str | None = None
    errors: dict[int, str] = field(default_factory=dict)
    data_key: str = ""


def _part(text: str, spec: str) -> tuple[float, bool, bool]:
    """A START, STOP or STEP: (value, was a percent, was a whole number)."""
    match = _NUMBER.match(text)
    if not match:
        raise ScenarioError(f"--vary {spec}: {text.strip()!r} is not a number or percent like 0.05 or 5%")
    number, percent = float(match.group(1)), bool(match.group(2))
    if not math.isfinite(number):
        raise ScenarioError(f"--vary {spec}: {text.strip()!r} is not a finite number")
    whole = not percent and re.fullmatch(r"\s*[+-]?\d+\s*", text) is not None
    return (number / 100.0 if percent else number), percent, whole


def _format(value: float, whole: bool) -> str:
    """A value as ``--set`` text: no exponent, no float noise.

    >>> _format(0.07, False), _format(2030.0, True), _format(-0.0, False), _format(0.1 + 0.2, False)
    ('0.07', '2030', '0', '0.3')
    """
    if whole:
        return str(int(round(value)))
    text = f"{round(value, 10):.10f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _values(spec: str) -> tuple[str, tuple[str, ...]]:
    key, sep, raw = spec.partition("=")
    key = key.strip()
    parts = raw.split(":")
    if not sep or not key or any(not p for p in key.split(".")) or len(parts) != 3:
        raise ScenarioError(f"--vary {spec}: must be key.path=START:STOP:STEP, e.g. growth.tiers.sprint=5%:9%:1%")
    (start, _, w1), (stop, _, w2), (step, _, w3) = (_part(p, spec) for p in parts)
    if step <= 0:
        raise ScenarioError(f"--vary {spec}: STEP must be above 0; got {parts[2].strip()}")
    if stop < start - 1e-12:
        raise ScenarioError(f"--vary {spec}: empty range: STOP ({parts[1].strip()}) is below START ({parts[0].strip()})")
    count = int(math.floor((stop - start) / step + 1e-9)) + 1
    if count > MAX_POINTS:
        raise ScenarioError(f"--vary {spec}: {count} values; at most {MAX_POINTS} points per sweep")
    whole = w1 and w2 and w3
    return key, tuple(dict.fromkeys(_format(start + i * step, whole) for i in range(count)))


def _reason(exc: SimError, assignment: str) -> str:
    """A scenario error without the ``--set key=value: key:`` prefix the loader puts in front."""
    text = str(exc)
    prefix = f"--set {assignment}: "
    if text.startswith(prefix):
        text = text[len(prefix):]
        key = assignment.partition("=")[0]
        if text.startswith(f"{key}: "):
            text = text[len(key) + 2:]
    return text


def parse_vary(specs: Iterable[str], scenario: str, dataset: Dataset, sets: tuple[str, ...] = ()) -> list[Vary]:
    """Parse and check every ``--vary``: a key is valid if the scenario loads with at least one of its values.

    A key every value of which fails (an unknown key, a value always out of range) is an error
    naming the ``--vary``; a key given twice, or also given with ``--set``, too.
    """
    out: list[Vary] = []
    for spec in specs:
        key, values = _values(spec)
        if any(v.key == key for v in out):
            raise ScenarioError(f"--vary {spec}: {key} is varied twice")
        if any(s.partition("=")[0].strip() == key for s in sets):
            raise ScenarioError(f"--vary {spec}: {key} is also given with --set; drop one")
        first: SimError | None = None
        for value in values:
            try:
                load(scenario, dataset.registry, sets + (f"{key}={value}",))
                break
            except SimError as exc:
                first = first or exc
        else:
            assert first is not None
            raise ScenarioError(f"--vary {spec}: {_reason(first, f'{key}={values[0]}')}") from None
        out.append(Vary(spec=spec, key=key, values=values))
    if not out:
        raise ScenarioError("--vary: give at least one, e.g. --vary growth.tiers.sprint=5%:9%:1%")
    size = math.prod(len(v.values) for v in out)
    if size > MAX_POINTS:
        raise ScenarioError(f"--vary: the grid has {size} points; at most {MAX_POINTS}")
    return out


def grid(varies: list[Vary]) -> list[tuple[str, ...]]:
    """Every combination of values, the first key varying slowest.

    >>> grid([Vary("", "a", ("1", "2")), Vary("", "b", ("x", "y"))])
    [('1', 'x'), ('1', 'y'), ('2', 'x'), ('2', 'y')]
    """
    return list(itertools.product(*(v.values for v in varies)))


def point_name(varies: list[Vary], values: tuple[str, ...]) -> str:
    """``key=value`` of each varied key, joined by commas."""
    return ",".join(f"{v.key}={value}" for v, value in zip(varies, values))


def points(scenario: str, dataset: Dataset, varies: list[Vary], sets: tuple[str, ...] = ()) -> Iterator[Point]:
    """The grid's points, each loaded (lazily, in grid order); a point that fails to load carries its error."""
    for index, values in enumerate(grid(varies)):
        name = point_name(varies, values)
        assignments = tuple(f"{v.key}={value}" for v, value in zip(varies, values))
        try:
            loaded = load(scenario, dataset.registry, sets + assignments)
        except SimError as exc:
            yield Point(index=index, name=name, values=values, error=str(exc))
            continue
        yield Point(index=index, name=name, values=values, scenario=loaded, sha256=loaded.sha256())


# ---------------------------------------------------------------- per point (runs in workers)


@dataclass(frozen=True)
class _Counts:
    """A point's first-crossing counts: ``first[county, threshold, year index]`` (last: never), over ``draws``."""

    years: tuple[int, ...]
    milestones: tuple[int, ...]
    county_ids: tuple[str, ...]
    names: tuple[str, ...]
    first: np.ndarray
    draws: int


@dataclass(frozen=True)
class _Job:
    points: tuple[tuple[int, Scenario], ...]
    draws: int
    seed: int
    deterministic: bool
    impute: str | None
    data_key: str


_SEED_TABLES: dict[tuple, pd.DataFrame] = {}
"""Per process: base-year seed tables already resolved, by (data hash, base year, impute)."""


def _seed_table(dataset: Dataset, data_key: str, base_year: int, impute: str | None) -> pd.DataFrame:
    key = (data_key, base_year, impute)
    if key not in _SEED_TABLES:
        if len(_SEED_TABLES) > 16:
            _SEED_TABLES.clear()
        _SEED_TABLES[key] = seeds_mod.resolve(dataset, base_year, impute=impute)
    return _SEED_TABLES[key]


_POSTERIORS: dict[str, object] = {}
"""Per process: fitted posteriors already loaded, by data hash."""


def _posterior(scenario: Scenario, dataset: Dataset, data_key: str):
    if scenario.model != "fitted":
        return None
    key = data_key or dataset.sha256()
    if key not in _POSTERIORS:
        if len(_POSTERIORS) > 4:
            _POSTERIORS.clear()
        _POSTERIORS[key] = fit_cache.posterior(dataset)
    return _POSTERIORS[key]


def count_crossings(scenario: Scenario, dataset: Dataset, *, draws: int, seed: int, deterministic: bool = False,
                    impute: str | None = None, data_key: str = "") -> _Counts:
    """First-crossing counts of one projection (what :func:`sim.run.projection.project` would summarise)."""
    if deterministic:
        draws = 1
    table = None
    if scenario.model != "fitted" and not (dataset.as_of is not None and scenario.base_year > dataset.as_of):
        table = _seed_table(dataset, data_key or dataset.sha256(), scenario.base_year, impute)
    plan = build(scenario, dataset, deterministic=deterministic, impute=impute, seed_table=table,
                 posterior=_posterior(scenario, dataset, data_key)).plan
    inputs = plan.inputs
    names = tuple(inputs.sizes)
    t = len(inputs.years)
    n = len(inputs.county_ids)
    first = np.zeros((n, len(names), t + 1), dtype=np.int64)
    for b in range(-(-draws // montecarlo.BLOCK)):
        rows = min(montecarlo.BLOCK, draws - b * montecarlo.BLOCK)
        paths = engine.run(plan.block_inputs(b), montecarlo.BLOCK, None if plan.deterministic else montecarlo.block_rng(seed, b))
        for j, name in enumerate(names):
            years = paths.first[name][:rows]
            cells = np.where(years == NEVER, t, years - inputs.years[0]) + (t + 1) * np.arange(n)
            first[:, j] += np.bincount(cells.ravel(), minlength=n * (t + 1)).reshape(n, t + 1)
    return _Counts(years=tuple(inputs.years), milestones=scenario.milestones, county_ids=tuple(inputs.county_ids),
                   names=names, first=first, draws=draws)


def _run_job(dataset: Dataset, job: _Job) -> list[tuple[int, _Counts | str]]:
    out: list[tuple[int, _Counts | str]] = []
    for index, scenario in job.points:
        try:
            out.append((index, count_crossings(scenario, dataset, draws=job.draws, seed=job.seed,
                                               deterministic=job.deterministic, impute=job.impute,
                                               data_key=job.data_key)))
        except SimError as exc:
            out.append((index, str(exc)))
    return out


def run(scenario: str, dataset: Dataset, varies: list[Vary], *, sets: tuple[str, ...] = (), draws: int = 1000,
        seed: int = 2021, deterministic: bool = False, impute: str | None = None, executor=None, chunk: int | None = None,
        progress: Callable[[int], None] | None = None) -> Sweep:
    """Run every grid point of ``varies`` on ``executor`` (default: this process).

    Points are loaded here, in grid order, and sent in chunks as they are loaded; ``progress``
    is called with the number of points just finished.
    """
    if draws < 1:
        raise ScenarioError(f"--draws: must be at least 1; got {draws}")
    base = load(scenario, dataset.registry, sets)
    executor = executor or Serial()
    total = math.prod(len(v.values) for v in varies)
    workers = getattr(executor, "jobs", None) or getattr(executor, "workers", 1)
    size = chunk or max(1, min(10, math.ceil(total / (4 * workers))))
    data_key = dataset.sha256()
    loaded: list[Point] = []
    errors: dict[int, str] = {}

    def jobs() -> Iterator[_Job]:
        batch: list[tuple[int, Scenario]] = []
        for point in points(scenario, dataset, varies, sets):
            loaded.append(point)
            if point.scenario is None:
                errors[point.index] = point.error
                if progress:
                    progress(1)
                continue
            batch.append((point.index, point.scenario))
            if len(batch) == size:
                yield _Job(tuple(batch), draws, seed, deterministic, impute, data_key)
                batch = []
        if batch:
            yield _Job(tuple(batch), draws, seed, deterministic, impute, data_key)

    def advance(job: _Job) -> None:
        if progress:
            progress(len(job.points))

    counts: dict[int, _Counts] = {}
    for result in executor.map(_run_job, jobs(), shared=dataset, progress=advance if progress else None):
        for index, value in result:
            if isinstance(value, str):
                errors[index] = value
            else:
                counts[index] = value
    return Sweep(base=base, varies=varies, points=loaded, counts=counts, dataset=dataset, draws=1 if deterministic else draws,
                 seed=seed, deterministic=deterministic, impute=impute, errors=errors, data_key=data_key)


# ---------------------------------------------------------------- tables


def milestone_years(sweep: Sweep) -> list[int]:
    """Every milestone year of the points that ran (the ``p_by_YEAR`` columns)."""
    return sorted({m for c in sweep.counts.values() for m in c.milestones}) or list(sweep.base.milestones)


def table(sweep: Sweep) -> pd.DataFrame:
    """``sweep.csv`` as a frame: one row per point x county x threshold, or one row per failed point."""
    years = milestone_years(sweep)
    keys = [v.key for v in sweep.varies]
    registry = sweep.dataset.registry
    rows = []
    for point in sweep.points:
        head = [point.index, point.name, point.sha256 or None, *point.values]
        if point.index in sweep.errors:
            rows.append(head + [None, None, None, None, None, *[None] * len(years), None, sweep.errors[point.index]])
            continue
        c = sweep.counts[point.index]
        index = {county: i for i, county in enumerate(c.county_ids)}
        for county in _listed(sweep, point):
            info = registry[county]
            i = index.get(county)
            for j, name in enumerate(c.names):
                if i is None:
                    rows.append(head + [county, info.name_zh, info.name_pinyin, info.tier, name, *[None] * len(years), None, ""])
                    continue
                counts = c.first[i, j]
                cum = np.cumsum(counts[:-1])
                p = [float(cum[c.years.index(y)] / c.draws) if y in c.years else None for y in years]
                median = crossing_years(counts, list(c.years))[1][1]
                rows.append(head + [county, info.name_zh, info.name_pinyin, info.tier, name, *p, median, ""])
    columns = ["point", "name", "scenario_sha256", *keys, "county_id", "name_zh", "name_pinyin", "tier", "threshold",
               *[f"p_by_{y}" for y in years], "year_p50", "error"]
    frame = pd.DataFrame(rows, columns=columns)
    frame["point"] = frame["point"].astype(int)
    frame["year_p50"] = frame["year_p50"].astype("Int64")
    return frame


def _listed(sweep: Sweep, point: Point) -> list[str]:
    """Counties every result file lists for this point, in their order: the seed table's (projected or not)."""
    assert point.scenario is not None
    return list(_seed_table(sweep.dataset, sweep.data_key, point.scenario.base_year, sweep.impute)["county_id"])


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """Fixed formatting (4 decimals, ``\\n``), so equal results give equal bytes on every backend."""
    return frame.to_csv(index=False, lineterminator="\n", float_format="%.4f").encode("utf-8")


def heatmap_table(frame: pd.DataFrame, keys: list[str], threshold: str = "top100", year: int | None = None,
                  label: str = "name_pinyin") -> tuple[pd.DataFrame, str]:
    """What the sweep heatmap shows, and a title saying what the numbers are.

    One varied key: rows are counties, columns the key's values, cells P(crossed ``threshold`` by
    ``year``). Two or more: rows are the second key's values, columns the first's, cells the
    expected number of tier counties that have crossed by ``year`` (the sum of their
    probabilities), averaged over any further keys. ``year`` defaults to the last ``p_by_`` column.
    """
    ok = frame[(frame["error"].fillna("") == "") & (frame["threshold"] == threshold)]
    columns = [c for c in frame.columns if c.startswith("p_by_")]
    if year is None:
        year = int(columns[-1][5:])
    column = f"p_by_{year}"
    if column not in frame.columns:
        raise SimError(f"heatmap: no probabilities for {year} (years: {', '.join(c[5:] for c in columns)})")
    order = {key: list(dict.fromkeys(frame[key])) for key in keys}
    if len(keys) == 1:
        ok = ok[ok["tier"] != "other"]
        pivot = ok.pivot_table(index=label, columns=keys[0], values=column, aggfunc="first", sort=False)
        pivot = pivot.reindex(columns=[v for v in order[keys[0]] if v in pivot.columns])
        return pivot, f"P(crossed {threshold} by {year})"
    tier = ok[ok["tier"] != "other"]
    expected = tier.groupby(keys, sort=False)[column].sum(min_count=1).reset_index()
    pivot = expected.pivot_table(index=keys[1], columns=keys[0], values=column, aggfunc="mean", sort=False)
    pivot = pivot.reindex(index=[v for v in order[keys[1]] if v in pivot.index],
                          columns=[v for v in order[keys[0]] if v in pivot.columns])
    more = f", mean over {', '.join(keys[2:])}" if len(keys) > 2 else ""
    return pivot, f"expected tier counties crossed {threshold} by {year}{more}"


def manifest(sweep: Sweep) -> dict:
    """What produced a sweep: the base scenario, the grid, seed, draws and data."""
    return {
        "tiersim": "sweep",
        "version": package_version(),
        "scenario": sweep.base.to_dict(),
        "scenario_sha256": sweep.base.sha256(),
        "vary": [{"spec": v.spec, "key": v.key, "values": list(v.values)} for v in sweep.varies],
        "grid": [{"point": p.index, "name": p.name, "scenario_sha256": p.sha256, "error": sweep.errors.get(p.index, "")}
                 for p in sweep.points],
        "points": len(sweep.points),
        "failed": len(sweep.errors),
        "seed": sweep.seed,
        "draws": sweep.draws,
        "deterministic": sweep.deterministic,
        "impute": sweep.impute,
        "data_sha256": sweep.dataset.sha256(),
        "data_files": data_files(sweep.dataset),
        "data_sources": sweep.dataset.sources(),
        "as_of": sweep.dataset.as_of,
        "common_random_numbers": "every point runs with the same seed and draws",
        "units": "probabilities are shares of draws; years are calendar years",
    }


def files(sweep: Sweep, frame: pd.DataFrame | None = None) -> dict[str, bytes]:
    """``sweep.csv`` (``frame``, else :func:`table`) and ``manifest.json``: exact bytes, no time stamps or executor details."""
    return {
        "sweep.csv": csv_bytes(table(sweep) if frame is None else frame),
        "manifest.json": (json.dumps(manifest(sweep), ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8"),
    }


