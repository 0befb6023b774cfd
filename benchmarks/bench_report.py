"""Wall time of ``tiersim report`` against ``tiersim run`` with the same draws, measured side by side.

    python benchmarks/bench_report.py                 # 1,000 draws, 5 rounds
    python benchmarks/bench_report.py --draws 1000 --repeat 7

Each round runs ``tiersim run --out`` and then ``tiersim report --out`` as fresh processes (start-up, loading and
projection included, as a user sees them), alternating so that a change in the machine's load hits both. One
report is made first and not counted: it fills the font-subset cache, as any earlier report on the machine would.
Prints min and median of each and their ratio (the target: report at most 3x run), the CPU seconds each used
(user + system, the process and its workers: what a loaded machine does not inflate as much as wall time) and
the machine's load average before and after.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TIERSIM = str(Path(sys.executable).with_name("tiersim"))


CPU: dict[str, list[float]] = {}


def _cpu() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def timed(args: list[str]) -> float:
    """Wall seconds of ``tiersim ARGS``; its CPU seconds (with its workers') go into :data:`CPU`."""
    cpu, started = _cpu(), time.perf_counter()
    subprocess.run([TIERSIM, *args], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - started
    CPU.setdefault(args[0], []).append(_cpu() - cpu)
    return wall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--draws", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="tiersim-bench-report-"))
    common = ["--draws", str(args.draws), "--seed", "2021"]
    load_before = os.getloadavg()
    try:
        timed(["report", *common, "--date", "2026-01-01", "--out", str(work / "warm")])
        CPU.clear()
        runs, reports = [], []
        for k in range(args.repeat):
            runs.append(timed(["run", *common, "--out", str(work / f"run{k}")]))
            reports.append(timed(["report", *common, "--date", "2026-01-01", "--out", str(work / f"report{k}")]))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    load_after = os.getloadavg()
    print(f"{args.draws} draws, {args.repeat} rounds, side by side (wall seconds, fresh processes); "
          f"{os.cpu_count()} cores, load average {load_before[0]:.2f} before, {load_after[0]:.2f} after")
    print(f"{'command':<16}{'min':>8}{'median':>9}{'CPU s (median)':>16}")
    for name, values in (("tiersim run", runs), ("tiersim report", reports)):
        cpu = statistics.median(CPU[name.split()[1]])
        print(f"{name:<16}{min(values):>8.2f}{statistics.median(values):>9.2f}{cpu:>16.2f}")
    ratio_min, ratio_median = min(reports) / min(runs), statistics.median(reports) / statistics.median(runs)
    print(f"report / run: {ratio_min:.2f}x (min), {ratio_median:.2f}x (median); target <= 3x: "
          f"{'met' if ratio_median <= 3 else 'not met'}")


if __name__ == "__main__":
    main()
