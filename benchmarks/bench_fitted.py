"""The fitted engine against the assumed-model engine, per draw, side by side in one process.

    python benchmarks/bench_fitted.py                 # 5 rounds of 5,000 draws each
    python benchmarks/bench_fitted.py --rounds 9 --draws 10000

The fitted projection (the shipped baseline: per-draw histories, trends, volatilities and shock states from the
posterior, comparators in one price world) and the assumed-model projection (tests/data/assumed.yaml: point seeds,
the scenario's rates) are timed alternately, ``--rounds`` times, each a whole ``project()`` (plan building, engine,
streamed summaries); the posterior is loaded once before. Prints min and median per draw and their ratio, with the
machine's load average. The honest-forecasts budget is a ratio of at most 1.3.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sim.data.tables import load_shipped  # noqa: E402
from sim.fit import cache  # noqa: E402
from sim.run.projection import project  # noqa: E402
from sim.scenario import load  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--draws", type=int, default=5000)
    args = parser.parse_args()
    data = load_shipped()
    fitted = load("baseline", data.registry)
    assumed = load(str(ROOT / "tests" / "data" / "assumed.yaml"), data.registry)
    posterior = cache.posterior(data)
    project(fitted, data, draws=1000, posterior=posterior)  # warm caches and imports
    project(assumed, data, draws=1000)
    times: dict[str, list[float]] = {"assumed": [], "fitted": []}
    for _ in range(args.rounds):
        for name, scenario in (("assumed", assumed), ("fitted", fitted)):
            started = time.perf_counter()
            project(scenario, data, draws=args.draws, seed=7, posterior=posterior if name == "fitted" else None)
            times[name].append((time.perf_counter() - started) / args.draws * 1e6)
    load_avg = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"{args.rounds} rounds of {args.draws:,} draws, alternating; load average {load_avg}")
    for name, values in times.items():
        print(f"{name:8s} per draw: min {min(values):7.1f} us  median {statistics.median(values):7.1f} us")
    ratio_min = min(times["fitted"]) / min(times["assumed"])
    ratio_med = statistics.median(times["fitted"]) / statistics.median(times["assumed"])
    print(f"fitted / assumed: {ratio_min:.2f}x (min), {ratio_med:.2f}x (median); budget 1.3x")


if __name__ == "__main__":
    main()
