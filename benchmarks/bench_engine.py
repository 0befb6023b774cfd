"""The engine against the per-county simpy reference and a minimal numpy kernel, interleaved in one process (issue 17).

    python benchmarks/bench_engine.py                       # 5 rounds, 10,000 draws, reference at 20 draws
    python benchmarks/bench_engine.py --rounds 7 --reference-draws 40
    python benchmarks/bench_engine.py --no-scale            # skip the 300 vs 2,000 comparator runs

Inputs are the shipped baseline's (the fitted model: per-draw histories, rates, volatilities and shock states
from the posterior, a tail draw per draw for the 300 comparators), built once before the rounds. Each round
times, one after the other:

* ``project``: a whole ``project()`` of ``--draws`` draws (plan building, engine, streamed summaries, targets,
  list probabilities), per draw: what a ``tiersim run`` costs beyond start-up;
* ``engine``: ``engine.run`` of block 0 alone (1,000 draws), per draw;
* ``kernel``: :mod:`kernel_numpy` on the same block (the irreducible work), per draw;
* ``reference``: :mod:`reference_fitted` (one simpy process per county and comparator per draw, Python floats)
  on the first ``--reference-draws`` draws of block 0, per draw;
* ``assumed`` / ``reference (assumed)``: the same pair for ``tests/data/assumed.yaml`` (the assumed model;
  :mod:`reference_simpy`), the comparison the README used to quote;
* ``2,000 comparators`` (unless ``--no-scale``): ``project()`` of ``--draws`` draws with the national set at
  2,000 comparators (the issue's size; a scenario may set up to ``MAX_COMPARATORS``, 1,870) against the
  300-comparator ``project`` of the same round; and the same for the assumed model (whose comparators draw
  one deviation per draw, not one shock per year);
* ``2,000 normals alone``: only the float32 standard normals a 2,000-comparator fitted run must draw (one per
  comparator, draw and year after the base year, issue 12's own AR(1) shock of each comparator), from the engine's generator
  into a reused buffer, block by block: a floor under any 2,000-comparator run of this model. Printed next to the
  scale target: when this floor alone is more than twice the 300-comparator ``project``, no engine meets it.

Printed: min and median per draw of each, the ratios (min over min, median over median) and the load average
before and after. The 200x target is read on ``reference / engine``: like for like, both start from the same block's
inputs (the parameter draws) and make the same things (paths, thresholds, ranks and crossing years every year);
``reference / project`` adds what only a whole run does (plan building, every year's streamed summaries), and
``reference / kernel`` is the ratio of the irreducible work itself, the most any engine could reach on this machine.
The script reports; it never fails on slowness.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from dataclasses import replace
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from kernel_numpy import run_kernel  # noqa: E402
from reference_fitted import run_reference_fitted  # noqa: E402
from reference_simpy import run_reference  # noqa: E402

from sim.data.tables import load_shipped  # noqa: E402
from sim.fit import cache  # noqa: E402
from sim.model import engine  # noqa: E402
from sim.run import montecarlo  # noqa: E402
from sim.run.projection import build, project  # noqa: E402
from sim.scenario import load  # noqa: E402

TARGET_REFERENCE, TARGET_KERNEL, TARGET_SCALE = 200.0, 1.5, 2.0


def timed(call) -> float:
    started = time.perf_counter()
    call()
    return time.perf_counter() - started


def normals_alone(draws: int, comparators: int, years: int) -> None:
    """The float32 normals of ``comparators`` own AR(1) shocks over ``years`` steps for ``draws`` draws, drawn as the
    fitted engine draws them (block by block, a reused buffer, the same generator): nothing else."""
    buffer = np.empty((montecarlo.BLOCK, comparators), dtype=np.float32)
    for b in range(-(-draws // montecarlo.BLOCK)):
        rng = montecarlo.block_rng(7, b)
        for _ in range(years):
            rng.standard_normal(out=buffer, dtype=np.float32)


def load_text() -> str:
    return ", ".join(f"{x:.2f}" for x in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--draws", type=int, default=10_000)
    parser.add_argument("--reference-draws", type=int, default=20)
    parser.add_argument("--scale", type=int, default=2000, help="comparators of the scale run (default 2,000)")
    parser.add_argument("--no-scale", action="store_true")
    args = parser.parse_args()
    data = load_shipped()
    posterior = cache.posterior(data)
    fitted = load("baseline", data.registry)
    assumed = load(str(ROOT / "tests" / "data" / "assumed.yaml"), data.registry)
    wide = replace(fitted, thresholds=replace(fitted.thresholds, comparators=args.scale))
    wide_assumed = replace(assumed, thresholds=replace(assumed.thresholds, comparators=args.scale))
    block = build(fitted, data, posterior=posterior).plan.block_inputs(0)
    assumed_inputs = build(assumed, data).plan.inputs
    d, r = montecarlo.BLOCK, args.reference_draws
    runs = {
        "project": (lambda: project(fitted, data, draws=args.draws, seed=7, posterior=posterior), args.draws),
        "engine": (lambda: engine.run(block, d, montecarlo.block_rng(7, 0)), d),
        "kernel": (lambda: run_kernel(block, np.random.default_rng(7)), d),
        "reference": (lambda: run_reference_fitted(block, r, 7), r),
        "assumed": (lambda: project(assumed, data, draws=args.draws, seed=7), args.draws),
        "reference (assumed)": (lambda: run_reference(assumed_inputs, r, 7), r),
    }
    if not args.no_scale:
        runs[f"{args.scale:,} comparators"] = (lambda: project(wide, data, draws=args.draws, seed=7, posterior=posterior),
                                               args.draws)
        runs[f"{args.scale:,} (assumed)"] = (lambda: project(wide_assumed, data, draws=args.draws, seed=7), args.draws)
        steps = len(block.years) - 1  # every step after the base year draws them (fitted history years too)
        runs[f"{args.scale:,} normals alone"] = (lambda: normals_alone(args.draws, args.scale, steps), args.draws)
    project(fitted, data, draws=1000, posterior=posterior)
    project(assumed, data, draws=1000)
    run_kernel(block, np.random.default_rng(0))
    before = load_text()
    times: dict[str, list[float]] = {name: [] for name in runs}
    for _ in range(args.rounds):
        for name, (call, draws) in runs.items():
            times[name].append(timed(call) / draws * 1e6)
    after = load_text()
    series = len(block.county_ids) + block.comparator_count
    print(f"{os.cpu_count()} cores; load average before {before}, after {after}; {args.rounds} rounds, interleaved")
    print(f"fitted baseline: {len(block.county_ids)} Hubei counties + {block.comparator_count} comparators = {series} series, "
          f"{block.years[0]}-{block.years[-1]} ({len(block.years)} years); project {args.draws:,} draws, engine/kernel "
          f"one block of {d:,}, reference {r} draws")
    print(f"{'per draw':24s} {'min us':>10s} {'median us':>10s}")
    for name, values in times.items():
        print(f"{name:24s} {min(values):10.1f} {statistics.median(values):10.1f}")

    def ratio(a: str, b: str) -> tuple[float, float]:
        return min(times[a]) / min(times[b]), statistics.median(times[a]) / statistics.median(times[b])

    # like for like: the engine and the reference start from the same block inputs (the parameter draws) and make
    # the same things (paths, crossing years, ranks); a whole project() adds plan building and every year's summaries
    rows = [("reference / engine (fitted)", ratio("reference", "engine"), f">= {TARGET_REFERENCE:.0f}x", True),
            ("reference / project (fitted)", ratio("reference", "project"), "", True),
            ("reference / kernel (fitted)", ratio("reference", "kernel"), "", True),
            ("reference / assumed project", ratio("reference (assumed)", "assumed"), "", True),
            ("engine / kernel", ratio("engine", "kernel"), f"<= {TARGET_KERNEL}x", False),
            ("project / kernel", ratio("project", "kernel"), f"<= {TARGET_KERNEL}x", False)]
    if not args.no_scale:
        rows.append((f"{args.scale:,} / 300 comparators", ratio(f"{args.scale:,} comparators", "project"),
                     f"<= {TARGET_SCALE}x", False))
        rows.append((f"{args.scale:,} / 300 (assumed model)", ratio(f"{args.scale:,} (assumed)", "assumed"), "", False))
        rows.append((f"{args.scale:,} normals alone / 300", ratio(f"{args.scale:,} normals alone", "project"),
                     "floor", False))
    print(f"\n{'ratio':32s} {'min':>8s} {'median':>8s}  target    met (median)")
    for label, (low, mid), target, higher in rows:
        met = ""
        if target and target != "floor":
            met = "yes" if (mid >= TARGET_REFERENCE if higher else mid <= float(target.split()[1][:-1])) else "no"
        print(f"{label:32s} {low:7.2f}x {mid:7.2f}x  {target:9s} {met}")


if __name__ == "__main__":
    main()
