"""Wall time of ``tiersim report`` against ``tiersim run`` with the same draws, measured side by side.

    python benchmarks/bench_report.py                 # 1,000 draws, 5 rounds
    python benchmarks/bench_report.py --draws 1000 --repeat 7

Each round runs ``tiersim run --out`` and then ``tiersim report --out`` as fresh processes (start-up, loading and
projection included, as a user sees them), alternating so that a change in the machine's load hits both. One
report is made first and not counted: it fills the font-subset cache, as any earlier report on the machine would.
Prints min and median of each and their ratio (the target: report at most 3x run), the CPU seconds each used
(user + system, the process and its workers: what a loaded machine does not inflate as much as wall time) and
the machine's load average before and after.

Each round also measures, in a fresh process (``--floor``), what any report of this content must spend: the
start-up and data loading a run also does (importing the model's side and reading the shipped data; the plotting
imports are not counted), the projection, and the CPU seconds of drawing every chart of the report once, one after
the other, as a report worker draws them. No report with these charts can take less wall time than the first two
plus the charts' CPU seconds spread over every core (and nothing for its three files); that floor is printed over
the run's median wall time, next to the target.
"""

from __future__ import annotations

import argparse
import json
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


def floor(draws: int) -> None:
    """Print (JSON) the projection's wall seconds and the CPU seconds of drawing every chart of the report once."""
    started = time.perf_counter()  # what `tiersim run` also does: import the model's side, load the data
    from sim.data.tables import load_shipped
    from sim.run.projection import project
    from sim.scenario import load

    data = load_shipped()
    scenario = load("baseline", data.registry)
    loaded = time.perf_counter()
    projection = project(scenario, data, draws=draws, seed=2021)
    projected = time.perf_counter()
    from sim.present import charts, document, plots, report  # not counted: the floor stays a lower bound

    built, builder = report._build(projection, "zh", None, "2026-01-01")
    specs = list(dict.fromkeys(document.charts(built.blocks)))
    plots.warm()
    charts._SHARED = (builder.data, None, charts.PNG_DPI)
    cpu = time.process_time()
    for spec in specs:
        charts._render_one(spec)
    print(json.dumps({"imports_and_data": loaded - started, "projection": projected - loaded, "charts": len(specs),
                      "charts_cpu": time.process_time() - cpu}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--draws", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--floor", action="store_true", help="(internal) measure one round's floor and print it")
    args = parser.parse_args()
    if args.floor:
        floor(args.draws)
        return
    work = Path(tempfile.mkdtemp(prefix="tiersim-bench-report-"))
    common = ["--draws", str(args.draws), "--seed", "2021"]
    load_before = os.getloadavg()
    try:
        timed(["report", *common, "--date", "2026-01-01", "--out", str(work / "warm")])
        CPU.clear()
        runs, reports, floors = [], [], []
        for k in range(args.repeat):
            runs.append(timed(["run", *common, "--out", str(work / f"run{k}")]))
            reports.append(timed(["report", *common, "--date", "2026-01-01", "--out", str(work / f"report{k}")]))
            measured = subprocess.run([sys.executable, __file__, "--floor", "--draws", str(args.draws)], check=True,
                                      capture_output=True, text=True).stdout
            floors.append(json.loads(measured.strip().splitlines()[-1]))
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
    cores = os.cpu_count() or 1
    charts_cpu = statistics.median(f["charts_cpu"] for f in floors)
    projection = statistics.median(f["projection"] for f in floors)
    start = statistics.median(f["imports_and_data"] for f in floors)
    least = start + projection + charts_cpu / cores
    print(f"floor: {floors[0]['charts']} charts drawn once cost {charts_cpu:.2f} CPU s (median of {len(floors)}), "
          f"{charts_cpu / cores:.2f} s over {cores} cores; with start-up and data {start:.2f} s and the projection "
          f"{projection:.2f} s no report of this content takes less than {least:.2f} s = "
          f"{least / statistics.median(runs):.2f}x the run (median)")


if __name__ == "__main__":
    main()
