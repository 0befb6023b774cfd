"""Benchmark of ``tiersim sweep``: a 1,000-point grid x 1,000 draws, locally and on a Dask LocalCluster.

Run from the repository root, in the project's virtualenv (with the ``[distributed]`` extra for the
second part)::

    python benchmarks/bench_sweep.py            # 1,000 points (target: <= 60 s with --jobs 2 on 2 cores)
    python benchmarks/bench_sweep.py --quick    # 50 points

Grid: the baseline scenario with ``--vary growth.tiers.sprint=4%:13.9%:0.1%`` (100 values) x
``--vary growth.default=4%:8.5%:0.5%`` (10 values); ``--quick``: 4%:4.9%:0.1% x 4%:6%:0.5% (50 points).
Every point runs 1,000 draws with seed 2021 on the shipped data (17 projected counties and the
300-county national comparator set, 2020-2035).

Measured with ``time.perf_counter``, data loading outside every timing:

1. ``sweep.run`` on 2 local processes (``--jobs 2``): wall time of the whole sweep, grid loading and
   result gathering included, plus building ``sweep.csv`` and ``manifest.json`` (``sweep.files``);
2. the same sweep on a ``distributed.LocalCluster`` of 2 worker processes with 1 thread each
   (``--dask local``), cluster start-up timed separately;
3. whether the two ``sweep.csv`` files are byte-identical (they must be).

Next to each wall time: the CPU time of this process and its worker processes (``getrusage``
of self and of reaped children; for the LocalCluster, from before start-up to after close), and
that CPU time divided by 2, the wall time the sweep would take on 2 otherwise idle cores. On a
shared machine the wall time also counts other users' load; the load average at start and end
is printed so a reader can tell.

The script reports; it never fails on slowness.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import time

from sim import load_shipped
from sim.run import executors
from sim.whatif import sweep

FULL = ("growth.tiers.sprint=4%:13.9%:0.1%", "growth.default=4%:8.5%:0.5%")
QUICK = ("growth.tiers.sprint=4%:4.9%:0.1%", "growth.default=4%:6%:0.5%")
TARGET = 60.0


def cpu_seconds() -> float:
    """User + system CPU of this process and of its reaped child processes."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def load() -> str:
    with open("/proc/loadavg", encoding="ascii") as f:
        return " ".join(f.read().split()[:3])


def timed(dataset, varies, executor, draws: int) -> tuple[float, dict[str, bytes], sweep.Sweep]:
    started = time.perf_counter()
    result = sweep.run("baseline", dataset, varies, draws=draws, seed=2021, executor=executor)
    written = sweep.files(result)
    return time.perf_counter() - started, written, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a 50-point grid instead of 1,000")
    parser.add_argument("--draws", type=int, default=1000)
    parser.add_argument("--no-dask", action="store_true", help="skip the LocalCluster part")
    args = parser.parse_args()
    dataset = load_shipped()
    varies = sweep.parse_vary(QUICK if args.quick else FULL, "baseline", dataset)
    points = len(sweep.grid(varies))
    target = TARGET * points / 1000
    print(f"bench_sweep: {points} points x {args.draws} draws; python {platform.python_version()}, "
          f"{os.cpu_count()} CPUs, {platform.machine()}")
    print(f"grid: {' x '.join(v.spec for v in varies)}")
    print(f"load average at start: {load()}")

    cpu = cpu_seconds()
    local_time, local_files, result = timed(dataset, varies, executors.Processes(2), args.draws)
    local_cpu = cpu_seconds() - cpu
    rows = local_files["sweep.csv"].count(b"\n") - 1
    print(f"local, --jobs 2:      {local_time:7.2f} s  ({points / local_time:6.1f} points/s, "
          f"{points * args.draws / local_time:,.0f} draws/s; {rows} rows, {len(result.errors)} failed points); "
          f"CPU {local_cpu:.1f} s, / 2 cores = {local_cpu / 2:.1f} s")

    table = [("sweep, 2 local processes", f"{local_time:.2f} s", f"<= {target:.0f} s", local_time <= target),
             ("  CPU / 2 (idle 2 cores)", f"{local_cpu / 2:.2f} s", f"<= {target:.0f} s", local_cpu / 2 <= target)]
    if not args.no_dask:
        try:
            executors.import_distributed()
        except Exception as exc:  # noqa: BLE001 - report, do not fail
            print(f"LocalCluster: skipped ({exc})")
        else:
            cpu = cpu_seconds()
            started = time.perf_counter()
            with executors.Dask(None, workers=2, processes=True) as cluster:
                startup = time.perf_counter() - started
                dask_time, dask_files, _ = timed(dataset, varies, cluster, args.draws)
            dask_cpu = cpu_seconds() - cpu
            same = dask_files == local_files
            print(f"LocalCluster, 2 x 1:  {dask_time:7.2f} s  ({points / dask_time:6.1f} points/s; "
                  f"cluster start-up {startup:.2f} s not included); CPU {dask_cpu:.1f} s with start-up and close, "
                  f"/ 2 cores = {dask_cpu / 2:.1f} s")
            print(f"byte-identical sweep.csv and manifest.json, local vs LocalCluster: {same}")
            table.append(("sweep, LocalCluster (2 workers)", f"{dask_time:.2f} s", f"<= {target:.0f} s", dask_time <= target))
            table.append(("  CPU / 2 (idle 2 cores)", f"{dask_cpu / 2:.2f} s", f"<= {target:.0f} s", dask_cpu / 2 <= target))
            table.append(("same bytes as local", str(same), "True", same))
    print(f"load average at end: {load()}")
    print()
    width = max(len(r[0]) for r in table)
    print(f"{'metric':<{width}}  {'measured':>10}  {'target':>8}  met")
    for name, measured, goal, met in table:
        print(f"{name:<{width}}  {measured:>10}  {goal:>8}  {'yes' if met else 'NO'}")


if __name__ == "__main__":
    main()
