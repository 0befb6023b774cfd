"""Goal seeking: the constant real growth a county needs to be at or above a threshold in a year.

For county c, threshold N (``top100`` or ``top50``), year Y and probability q, find the
smallest constant real growth rate r, applied to c in every year from the base year on,
such that P(c is at or above the Top-N threshold in Y) >= q. "At or above in Y" is membership
in that year (as in ``membership.csv``), not "has crossed by Y".

Setting: the scenario's engine inputs are built once (:func:`sim.run.projection.build`)
and cut at Y (nothing after Y matters, and the random numbers of the years up to Y do not
depend on the horizon); a rate r sets county c's real growth to r in every year
(``inputs.real[:, c] = r``, and the growth it would get after a tier promotion too). This
**replaces** the scenario's growth for that county in every year, province-wide
``growth.years`` figures (e.g. the known 2021 rebound) included; every other county, the
deflator, the shocks and events stay as the scenario has them. Every evaluation runs the
Monte Carlo with the same seed, so all share their random numbers: draw d is at or above
the threshold in Y exactly when r >= r_d, its own required rate (GDP rises with r in every
draw), and P(r) = #{d: r_d <= r} / n is a step function. The answer is therefore the k-th
smallest r_d, k = ceil(q n).

Method (:func:`seek_in_plan`), "solve once": the engine takes a rate per draw, so each draw's
r_d is solved in the same few runs for all draws: a run at the floor (draws already at or
above there need no more; for the others it gives the threshold they must reach), then one
step of the growth law ``G(r) ~ (1 + r)^t`` and one secant step on ``ln G(r) - ln T``, per
draw. The k-th smallest r_d is then checked by one ordinary run at that rate (which also
gives P and the median threshold) and one a tolerance below it; if either check fails (the
per-draw solve was off, e.g. where promotions make the path jump), bisection finishes the
search from the bracket found. The answer equals that of bisection over [floor, cap] to
``tol`` (:func:`bisect_in_plan`, kept as the reference; ``benchmarks/bench_goal.py`` times
both side by side).

Known answer: with zero volatility, ``thresholds.model: fitted`` and a zero deflator, GDP
in Y is ``G0 (1 + r)^t`` with ``t = Y - base_year`` and the threshold T is the fitted path,
so the rate is ``(T / G0)^(1/t) - 1`` (``tests/test_goal.py``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np

from sim.model import engine
from sim.run import montecarlo
from sim.model import thresholds
from sim.model.tiers import TIERS
from sim.data.tables import Dataset
from sim.errors import CalibrationError, ScenarioError
from sim.run.executors import Serial
from sim.run.projection import build
from sim.scenario.schema import Scenario
from sim.run.summary import hist_quantile

__all__ = ["Goal", "seek", "seek_many", "assumed_rate", "CAP", "FLOOR", "TOL"]

CAP = 0.30
"""Default highest rate tried, fraction per year."""
FLOOR = -0.10
"""Default lowest rate tried, fraction per year."""
TOL = 1e-4
"""Width of the final bracket on r, fraction per year."""
MARGIN = 1e-6
"""Added to the solved rate so that float rounding cannot leave it a hair short (far below ``TOL``)."""
SECANT_STEPS = 1
"""Secant steps of the per-draw solve after the first step (each one run)."""


@dataclass(frozen=True)
class Goal:
    """The answer for one county.

    ``rate``: the constant real growth needed (fraction per year); ``None`` if unreachable under
    the cap or the county has no base-year GDP. ``at_floor``: the goal is met even at the
    floor (the rate needed is at most ``floor``). ``probability``: P at ``rate`` (or at the cap
    when unreachable). ``assumed``: the scenario's own real growth for the county, the
    geometric mean over base_year+1 .. year. ``threshold_p50``: median threshold in ``year`` (亿元).
    """

    county_id: str
    threshold: str
    year: int
    prob: float
    rate: float | None
    probability: float | None
    assumed: float | None
    gdp0: float | None
    threshold_p50: float | None
    floor: float
    cap: float
    at_floor: bool = False
    reachable: bool = True
    evaluations: int = 0

    def message(self, name: str) -> str:
        """Why there is no rate, in one line (empty when there is one)."""
        if self.gdp0 is None:
            return f"goal: {name} has no base-year GDP (no data); load figures with --data or use --impute"
        if not self.reachable:
            return (f"goal: {name} cannot reach {self.threshold} by {self.year} with probability {self.prob:g} under the cap "
                    f"of {self.cap:.0%}/yr (P = {self.probability:.2f} at the cap)")
        return ""


def assumed_rate(plan: montecarlo.Plan, county: int, year: int) -> float:
    """Geometric mean of the scenario's real growth for ``county`` from the base year to ``year`` (fitted model:
    over the projected years, the median over the first block's draws of their mean rates)."""
    steps = plan.inputs.years.index(year)
    if plan.source is not None:
        real = plan.block_inputs(0).real[plan.source.history - 1:steps, :, county]  # log rates, (steps, D)
        return float(np.expm1(np.median(real.mean(axis=0))))
    growth = np.prod(1.0 + plan.inputs.real[:steps, county])
    return float(growth ** (1.0 / steps) - 1.0)


def _with_rate(plan: montecarlo.Plan, county: int, rate: float) -> montecarlo.Plan:
    if plan.source is not None:  # fitted: the rate replaces the fitted mean, promoted or not
        src = plan.source
        absolute, promoted = src.absolute.copy(), src.absolute_promoted.copy()
        absolute[:, county] = promoted[:, county] = rate
        source = replace(src, absolute=absolute, absolute_promoted=promoted)
        return replace(plan, source=source, inputs=source.inputs(0, 1))
    inputs = plan.inputs
    real = inputs.real.copy()
    real[:, county] = rate
    promoted = None
    if inputs.real_promoted is not None:
        promoted = inputs.real_promoted.copy()
        promoted[:, county] = rate
    return replace(plan, inputs=replace(inputs, real=real, real_promoted=promoted))


def _members(plan: montecarlo.Plan, county: int, threshold: str, year: int, draws: int, seed: int) -> tuple[int, int, float]:
    """Draws in which ``county`` is at or above ``threshold`` in ``year``, the draws, and the median threshold."""
    summary, _ = montecarlo.simulate(plan, draws, seed)
    j = summary.names.index(threshold)
    t = plan.inputs.years.index(year)
    a = summary.arrays
    median = hist_quantile(a["thr_hist"][j, t], 0.5, a["thr_min"][j, t], a["thr_max"][j, t])
    return int(a["member"][county, j, t]), summary.draws, float(median)


def check(scenario: Scenario, threshold: str, year: int, prob: float, floor: float, cap: float) -> None:
    """Refuse inputs that cannot be sought (each a one-line :class:`ScenarioError`)."""
    if threshold not in thresholds.SIZES:
        raise ScenarioError(f"--threshold: must be one of {', '.join(thresholds.SIZES)}; got {threshold!r}")
    if not scenario.base_year < year <= scenario.horizon:
        raise ScenarioError(f"--by {year}: must be after the base year ({scenario.base_year}) and at most the horizon "
                            f"({scenario.horizon}); widen it with --set horizon=YEAR")
    if not 0.0 < prob <= 1.0:
        raise ScenarioError(f"--prob {prob:g}: must be above 0 and at most 1")
    if not floor < cap:
        raise ScenarioError(f"--floor {floor:.1%} / --cap {cap:.1%}: the floor must be below the cap")


def until(plan: montecarlo.Plan, year: int) -> montecarlo.Plan:
    """``plan`` cut at ``year``: the same draws up to that year, nothing simulated after it, no targets."""
    inputs = plan.inputs if plan.source is None else plan.source.template
    k = inputs.years.index(year)

    def steps(a):
        return None if a is None else a[:k]

    if plan.source is not None:
        src = plan.source
        template = replace(inputs, years=inputs.years[:k + 1], real=inputs.real[:k],
                           thresholds={name: path[:k + 1] for name, path in inputs.thresholds.items()},
                           known_growth=steps(inputs.known_growth), known_deflator=steps(inputs.known_deflator))
        source = replace(src, template=template, absolute=src.absolute[:k], shift=src.shift[:k],
                         absolute_promoted=src.absolute_promoted[:k], shift_promoted=src.shift_promoted[:k],
                         absolute_deflator=src.absolute_deflator[:k])
        return replace(plan, source=source, inputs=source.inputs(0, 1), targets=())
    cut = replace(inputs, years=inputs.years[:k + 1], real=inputs.real[:k], deflator=inputs.deflator[:k],
                  thresholds={name: path[:k + 1] for name, path in inputs.thresholds.items()},
                  known_growth=steps(inputs.known_growth), known_deflator=steps(inputs.known_deflator),
                  real_promoted=steps(inputs.real_promoted), comparator_growth=steps(inputs.comparator_growth))
    return replace(plan, inputs=cut, targets=())


def _per_draw(plan: montecarlo.Plan, county: int, rates: np.ndarray, threshold: str, seed: int,
              blocks: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """One run in which draw d of the county grows at ``rates[d]``: its GDP, the threshold and at-or-above in the last year."""
    gdp, line, above = [], [], []
    for b in range(blocks):
        inputs = plan.block_inputs(b)
        part = rates[b * montecarlo.BLOCK:(b + 1) * montecarlo.BLOCK]
        if plan.source is not None:  # per-draw log rates already (steps, D, n)
            real, promoted = inputs.real.copy(), inputs.real_promoted.copy()
            real[:, :, county] = promoted[:, :, county] = np.log1p(part)[None, :]
        else:
            real = np.repeat(inputs.real[:, None, :], montecarlo.BLOCK, axis=1)
            real[:, :, county] = part[None, :]
            promoted = None
            if inputs.real_promoted is not None:
                promoted = np.repeat(inputs.real_promoted[:, None, :], montecarlo.BLOCK, axis=1)
                promoted[:, :, county] = part[None, :]
        paths = engine.run(replace(inputs, real=real, real_promoted=promoted), montecarlo.BLOCK,
                           None if plan.deterministic else montecarlo.block_rng(seed, b))
        gdp.append(paths.gdp[-1, :, county])
        line.append(paths.thresholds[threshold][-1])
        above.append(paths.above[threshold][-1, :, county])
    return np.concatenate(gdp), np.concatenate(line), np.concatenate(above)


def _solve_rates(plan: montecarlo.Plan, county: int, threshold: str, draws: int, seed: int, floor: float,
                 cap: float, steps: int = SECANT_STEPS) -> tuple[np.ndarray, int]:
    """Each draw's required rate (``-inf`` where the floor already suffices), for the first ``draws`` draws, and
    how many of them reach the threshold at the floor.

    Per draw, in u = ln(1 + r) (where ln GDP is nearly linear): a run at the floor, a step of slope t (the
    years to Y), then ``steps`` secant steps on ln G(u) - ln T. T is the threshold of the last run in which
    the draw was below it (the N-th largest of the others, which is what the county must reach).
    """
    blocks = -(-draws // montecarlo.BLOCK)
    n = blocks * montecarlo.BLOCK
    t = len(plan.inputs.years) - 1
    u_low, u_high = math.log1p(floor), math.log1p(cap + 0.05)
    u0 = np.full(n, u_low)
    g0, line, above0 = _per_draw(plan, county, np.expm1(u0), threshold, seed, blocks)
    target = np.log(line)
    f0 = np.log(g0) - target
    u1 = np.clip(u0 - f0 / t, u_low, u_high)
    for _ in range(steps + 1):
        g1, line1, above1 = _per_draw(plan, county, np.expm1(u1), threshold, seed, blocks)
        target = np.where(above1, target, np.log(line1))
        f1 = np.log(g1) - target
        slope = (f1 - f0) / np.where(u1 != u0, u1 - u0, 1.0)
        good = (slope > 0) & (u1 != u0)
        u2 = np.clip(np.where(good, u1 - f1 / np.where(good, slope, 1.0), u1 - f1 / t), u_low, u_high)
        u0, f0, u1 = u1, f1, u2
    rates = np.where(above0, -np.inf, np.expm1(u1))[:draws]
    return rates, int(above0[:draws].sum())


def _bracket(rate: float, floor: float, cap: float, tol: float) -> tuple[float, float]:
    """The final bracket that bisection over [floor, cap] reaches when exactly the rates >= ``rate`` suffice
    (arithmetic only, no runs): its upper end is bisection's answer, bit for bit."""
    low, high = floor, cap
    while high - low > tol:
        middle = (low + high) / 2.0
        if middle >= rate:
            high = middle
        else:
            low = middle
    return low, high


class _Trials:
    """Ordinary runs of ``plan`` with the county at one rate: whether P reaches q, P, and the median threshold."""

    def __init__(self, plan: montecarlo.Plan, county: int, threshold: str, year: int, prob: float, draws: int,
                 seed: int):
        self.plan, self.county, self.threshold, self.year, self.draws, self.seed = plan, county, threshold, year, draws, seed
        self.need = math.ceil(prob * draws - 1e-9)
        self.calls = 0

    def hits_at(self, rate: float) -> bool:
        """Whether P reaches q at ``rate`` (one engine run per block, no summary)."""
        self.calls += 1
        blocks = -(-self.draws // montecarlo.BLOCK)
        rates = np.full(blocks * montecarlo.BLOCK, rate)
        _, _, above = _per_draw(self.plan, self.county, rates, self.threshold, self.seed, blocks)
        return int(above[:self.draws].sum()) >= self.need

    def __call__(self, rate: float) -> tuple[bool, float, float]:
        self.calls += 1
        hits, total, median = _members(_with_rate(self.plan, self.county, rate), self.county, self.threshold, self.year,
                                       self.draws, self.seed)
        return hits >= self.need, hits / total, median


def _bisection(reached: _Trials, common: dict, tol: float) -> Goal:
    """Bisection over [floor, cap] (the cap and the floor checked first); the answer is the bracket's upper end."""
    floor, cap = common["floor"], common["cap"]
    ok, p_cap, median = reached(cap)
    if not ok:
        return Goal(rate=None, probability=p_cap, threshold_p50=median, reachable=False, evaluations=reached.calls,
                    **common)
    ok, p_low, median_low = reached(floor)
    if ok:
        return Goal(rate=floor, probability=p_low, threshold_p50=median_low, at_floor=True, evaluations=reached.calls,
                    **common)
    low, high, p_high = floor, cap, p_cap
    while high - low > tol:
        middle = (low + high) / 2.0
        ok, p_mid, median_mid = reached(middle)
        if ok:
            high, p_high, median = middle, p_mid, median_mid
        else:
            low = middle
    return Goal(rate=high, probability=p_high, threshold_p50=median, evaluations=reached.calls, **common)


def _common(plan: montecarlo.Plan, c: int, county_id: str, threshold: str, year: int, prob: float, floor: float,
            cap: float) -> dict:
    gdp0 = plan.inputs.gdp0 if plan.source is None else plan.block_inputs(0).gdp0  # fitted: (D, n), the median
    return dict(county_id=county_id, threshold=threshold, year=year, prob=prob, assumed=assumed_rate(plan, c, year),
                gdp0=float(np.median(np.asarray(gdp0)[..., c])), floor=floor, cap=cap)


def seek_in_plan(plan: montecarlo.Plan, county_id: str, threshold: str, year: int, *, prob: float = 0.8,
                 draws: int = 1000, seed: int = 2021, floor: float = FLOOR, cap: float = CAP, tol: float = TOL) -> Goal:
    """Solve once for one county of ``plan`` (see the module notes); the answer of :func:`bisect_in_plan`."""
    cut = until(plan, year)
    c = plan.inputs.county_ids.index(county_id)
    common = _common(plan, c, county_id, threshold, year, prob, floor, cap)
    reached = _Trials(cut, c, threshold, year, prob, draws, seed)
    rates, at_floor = _solve_rates(cut, c, threshold, draws, seed, floor, cap)
    reached.calls += 3 + SECANT_STEPS - 1
    if at_floor >= reached.need:
        ok, p_low, median_low = reached(floor)
        if ok:
            return Goal(rate=floor, probability=p_low, threshold_p50=median_low, at_floor=True,
                        evaluations=reached.calls, **common)
    low, high = _bracket(float(np.sort(rates)[reached.need - 1]) + MARGIN, floor, cap, tol)
    ok, p_high, median = reached(high)
    if ok and (low <= floor or not reached.hits_at(low)):
        return Goal(rate=high, probability=p_high, threshold_p50=median, evaluations=reached.calls, **common)
    if not ok and high >= cap:
        return Goal(rate=None, probability=p_high, threshold_p50=median, reachable=False, evaluations=reached.calls,
                    **common)
    return _bisection(reached, common, tol)  # the per-draw solve was off: search as the reference does


def bisect_in_plan(plan: montecarlo.Plan, county_id: str, threshold: str, year: int, *, prob: float = 0.8,
                   draws: int = 1000, seed: int = 2021, floor: float = FLOOR, cap: float = CAP, tol: float = TOL) -> Goal:
    """The reference method: bisection over [floor, cap], every trial a full run to the horizon."""
    c = plan.inputs.county_ids.index(county_id)
    reached = _Trials(plan, c, threshold, year, prob, draws, seed)
    return _bisection(reached, _common(plan, c, county_id, threshold, year, prob, floor, cap), tol)


def _plan(scenario: Scenario, dataset: Dataset, impute: str | None, deterministic: bool, year: int):
    plan = build(scenario, dataset, deterministic=deterministic, impute=impute).plan
    if plan.source is not None and year < plan.inputs.years[0] + plan.source.history:
        last = plan.inputs.years[0] + plan.source.history - 1
        raise ScenarioError(f"--by {year}: the data run to {last}, so that year is history, not a goal; "
                            f"give a year after {last}")
    return plan


def seek(scenario: Scenario, dataset: Dataset, county_id: str, threshold: str, year: int, *, prob: float = 0.8,
         draws: int = 1000, seed: int = 2021, deterministic: bool = False, impute: str | None = None,
         floor: float = FLOOR, cap: float = CAP, tol: float = TOL) -> Goal:
    """The constant real growth ``county_id`` needs; :class:`CalibrationError` if unreachable under the cap.

    ``deterministic``: zero volatility and one draw (the answer does not depend on ``prob`` then).
    """
    goal = seek_many(scenario, dataset, [county_id], threshold, year, prob=prob, draws=draws, seed=seed,
                     deterministic=deterministic, impute=impute, floor=floor, cap=cap, tol=tol)[0]
    problem = goal.message(dataset.registry[county_id].name_zh)
    if problem:
        raise CalibrationError(problem)
    return goal


def _seek_task(plan: montecarlo.Plan, task: tuple) -> Goal:
    county_id, threshold, year, options = task
    return seek_in_plan(plan, county_id, threshold, year, **options)


def seek_many(scenario: Scenario, dataset: Dataset, county_ids: list[str], threshold: str, year: int, *,
              prob: float = 0.8, draws: int = 1000, seed: int = 2021, deterministic: bool = False,
              impute: str | None = None, floor: float = FLOOR, cap: float = CAP, tol: float = TOL,
              executor=None) -> list[Goal]:
    """:func:`seek` for several counties (each on its own, the others as the scenario has them).

    An unreachable county, or one without a base-year GDP, gets a :class:`Goal` without a rate
    (see :meth:`Goal.message`) instead of an error. Counties run on ``executor`` (default: here).
    """
    check(scenario, threshold, year, prob, floor, cap)
    plan = _plan(scenario, dataset, impute, deterministic, year)
    if deterministic:
        draws = 1
    options = dict(prob=prob, draws=draws, seed=seed, floor=floor, cap=cap, tol=tol)
    projected = [c for c in county_ids if c in plan.inputs.county_ids]
    found = dict(zip(projected, (executor or Serial()).map(_seek_task, [(c, threshold, year, options) for c in projected], shared=plan)))
    out = []
    for county_id in county_ids:
        if county_id in found:
            out.append(found[county_id])
        else:
            out.append(Goal(county_id=county_id, threshold=threshold, year=year, prob=prob, rate=None, probability=None,
                            assumed=None, gdp0=None, threshold_p50=None, floor=floor, cap=cap, reachable=False))
    return out


def tier_counties(dataset: Dataset, tier: str) -> list[str]:
    """Every county of ``tier``, in registry order; :class:`ScenarioError` for an unknown tier."""
    if tier not in TIERS:
        raise ScenarioError(f"--tier {tier}: unknown tier (tiers: {', '.join(TIERS)})")
    return [c.id for c in dataset.registry if c.tier == tier]
