"""``tiersim goal`` solving once against the reference bisection, side by side.

Run from the repository root, in the project's virtualenv::

    python benchmarks/bench_goal.py              # 5 repeats
    python benchmarks/bench_goal.py --repeat 9

Question (the issue's): 天门's constant real growth for P(at or above the Top-100 GDP threshold in
2027) >= 0.8, baseline scenario, shipped data, 1,000 draws, seed 2021; also 钟祥 and the Top-50 in
2035 (the horizon, where cutting the run at YEAR saves nothing). The scenario's engine inputs are
built once outside the timings (as ``tiersim goal`` does); each repeat times
:func:`sim.whatif.goal.seek_in_plan` (per-draw solve: 3 runs to YEAR, then a check at the answer
and one a step below) and :func:`sim.whatif.goal.bisect_in_plan` (14 full runs to the horizon),
interleaved, with ``time.perf_counter``. Printed: min and median of each, the speed-up (min over
min, median over median), the engine runs each used and whether the answers are identical.

The script reports; it never fails on slowness.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

from sim import load_scenario, load_shipped
from sim.whatif import goal

CASES = [("天门", "top100", 2027), ("钟祥", "top50", 2035)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    dataset = load_shipped()
    scenario = load_scenario("baseline", dataset.registry)
    plan = goal._plan(scenario, dataset, None, False)
    print(f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f}; {args.repeat} repeats, interleaved; "
          f"1,000 draws, seed 2021, probability 0.8")
    print(f"{'question':28}  {'solve once min/median s':>24}  {'bisection min/median s':>23}  {'speed-up':>13}  "
          f"{'runs':>7}  same answer")
    for name, threshold, year in CASES:
        county = dataset.registry.resolve(name)
        fast, slow, answers = [], [], set()
        for _ in range(args.repeat):
            started = time.perf_counter()
            a = goal.seek_in_plan(plan, county, threshold, year)
            fast.append(time.perf_counter() - started)
            started = time.perf_counter()
            b = goal.bisect_in_plan(plan, county, threshold, year)
            slow.append(time.perf_counter() - started)
            answers.add((a.rate, a.probability, a.threshold_p50) == (b.rate, b.probability, b.threshold_p50))
        fmin, fmed, smin, smed = min(fast), statistics.median(fast), min(slow), statistics.median(slow)
        print(f"{f'{name} {threshold} by {year}':28}  {fmin:10.2f} / {fmed:<11.2f}  {smin:9.2f} / {smed:<11.2f}  "
              f"{smin / fmin:5.1f}x / {smed / fmed:4.1f}x  {a.evaluations:>3} / {b.evaluations:<2}  "
              f"{'yes' if answers == {True} else 'NO'} ({a.rate:+.4%})")


if __name__ == "__main__":
    main()
