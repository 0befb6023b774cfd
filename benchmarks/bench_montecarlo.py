"""Performance benchmark of tiersim's Monte Carlo engine (sim.model.engine + sim.run.montecarlo) at the issue's shape.

Run from the repository root, in the project's virtualenv::

    python benchmarks/bench_montecarlo.py            # full: 10k-draw timing, reference at 20 draws, 1M draws x2
    python benchmarks/bench_montecarlo.py --quick    # reference at 5 draws, 100k instead of 1M draws

Shape: the baseline scenario with all 24 tier counties (plus the 2 other shipped counties that have a seed) and
the 300-county national comparator set, over 2020-2035 (15 growth steps, 2021-2035). The shipped data have no
figure in any year for 9 of the tier counties; they get a **synthetic 2020 GDP of 300亿** added as user
observations with the source "benchmark: synthetic, not data". These figures are for timing only: no result
of this script says anything about those counties.

What is measured (all wall times with ``time.perf_counter``; data loading is never inside a timing):

1. the fast engine: ``project(scenario, dataset, draws=10_000, seed=1, jobs=1)`` on one process, after one
   warm-up call; median of 3 runs, as wall time (target <= 1 s) and as draws x series x steps per second,
   where series = Hubei counties + comparators and steps = 15;
2. the naive reference (benchmarks/reference_simpy.py, or reference_fitted.py for the fitted model: one simpy
   process per county/comparator per draw, Python-float shocks) at 20 draws (``--quick``: 5), per draw, against the engine's per-draw time from (1)
   (target ratio >= 200x). The reference does less work than the engine (no streamed histograms), so the
   ratio is, if anything, flattering to the reference;
3. a sanity check: P(at or above the Top-100 / Top-50 threshold by 2035) and mean 2035 GDP per county from
   the reference (400 draws; ``--quick``: 100) and the engine (10k draws), printed side by side, not asserted;
4. 1,000,000 draws (``--quick``: 100,000) streamed with ``jobs=1`` and with ``jobs=2``, each in a fresh
   subprocess (``--one-million --jobs J``) so earlier allocations do not pollute its memory figures: wall
   time of ``project`` (target <= 120 s; ``--quick``: 12 s, pro rata) and peak RSS of the process tree (target
   <= 1.5 GB = 1.5e9 bytes). The peak RSS reported against the target is the upper bound
   ``main + jobs x ru_maxrss(RUSAGE_CHILDREN)`` measured inside the subprocess (the largest worker, counted once
   per worker; pages shared by fork are counted in every process). For the main process the peak is VmHWM from
   /proc/self/status, not ``ru_maxrss(RUSAGE_SELF)``: on Linux the latter carries over the RSS of the process
   image replaced at exec (here the benchmark itself, a few hundred MB), so even a fresh subprocess reports
   the parent's size; both are printed. The benchmark also samples the subprocess tree's summed VmRSS from
   /proc every 0.1 s and prints it.

Every section also prints how many CPU-seconds *other* processes used meanwhile (machine busy time from
/proc/stat minus this benchmark's own CPU time): timings taken while that is well above 0 are not clean.

The script reports; it never fails on slowness. It ends with a table: metric, measured, target, met.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))

from reference_fitted import run_reference_fitted  # noqa: E402
from reference_simpy import p_crossed_by, run_reference  # noqa: E402

from sim import load_scenario, load_shipped  # noqa: E402
from sim.data import seeds
from sim.run.projection import project
from sim.data import with_observations  # noqa: E402
from sim.run.summary import FIXED  # noqa: E402

SCENARIO = "baseline"
SEED = 1
SYNTHETIC_GDP = "300"
SYNTHETIC_SOURCE = "benchmark: synthetic, not data"
ENGINE_DRAWS = 10_000
GB = 1e9


def build():
    """Shipped data plus a synthetic 2020 figure for every tier county without a seed; the baseline scenario."""
    dataset = load_shipped()
    scenario = load_scenario(SCENARIO, dataset.registry)
    table = seeds.resolve(dataset, scenario.base_year)
    missing = [c for c in table.loc[table["status"] == "no data", "county_id"] if dataset.registry[c].tier != "other"]
    frame = pd.DataFrame([{"county_id": c, "year": str(scenario.base_year), "gdp_yi": SYNTHETIC_GDP, "real_growth": "",
                           "status": "estimated", "confidence": "unrated", "source": SYNTHETIC_SOURCE} for c in missing],
                         columns=["county_id", "year", "gdp_yi", "real_growth", "status", "confidence", "source"])
    if missing:
        dataset = with_observations(dataset, frame, "benchmark", [])
    return dataset, scenario, missing


def shape(inputs, registry, synthetic) -> tuple[int, int, int, str]:
    ids = list(inputs.county_ids)
    tier = [c for c in ids if registry[c].tier != "other"]
    k = 0 if inputs.comparators is None else len(inputs.comparators)
    steps = len(inputs.years) - 1
    text = (f"{len(ids)} Hubei counties ({len(tier)} tier counties, {sum(c in ids for c in synthetic)} of them with the synthetic "
            f"{inputs.years[0]} GDP {SYNTHETIC_GDP}亿; {len(ids) - len(tier)} other) + {k} national comparators = {len(ids) + k} series; "
            f"years {inputs.years[0]}-{inputs.years[-1]} ({steps} steps)")
    return len(ids), k, steps, text


# ---------------------------------------------------------------- memory of the process tree


def _status_bytes(pid: int, field: str) -> int:
    """A ``kB`` field of /proc/PID/status (``VmRSS:``, ``VmHWM:``) in bytes; 0 if unavailable."""
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith(field):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def _rss_bytes(pid: int) -> int:
    return _status_bytes(pid, "VmRSS:")


def _descendants(root: int) -> list[int]:
    parent = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    fields = f.read().rsplit(")", 1)[1].split()
                parent[int(entry)] = int(fields[1])
            except (OSError, IndexError, ValueError):
                continue
    out, frontier = [], [root]
    while frontier:
        p = frontier.pop()
        kids = [c for c, pp in parent.items() if pp == p]
        out += kids
        frontier += kids
    return out


def tree_rss(root: int) -> tuple[int, int]:
    """Summed VmRSS of ``root`` and its descendants, and how many processes that is."""
    pids = [root] + _descendants(root)
    return sum(_rss_bytes(p) for p in pids), len(pids)


def one_million(draws: int, jobs: int) -> None:
    """Child mode: stream ``draws`` draws over ``jobs`` processes; print the figures and a RESULT json line."""
    start_ru = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    dataset, scenario, synthetic = build()
    start = time.perf_counter()
    p = project(scenario, dataset, draws=draws, seed=SEED, jobs=jobs)
    wall = time.perf_counter() - start
    ru_self = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    child_rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
    self_rss = _status_bytes(os.getpid(), "VmHWM:") or ru_self
    workers = jobs if jobs > 1 else 0
    bound = self_rss + workers * child_rss
    n, k, steps, text = shape(p.plan.inputs, dataset.registry, synthetic)
    print(f"  simulated: {text}")
    print(f"  draws summarised: {p.summary.draws:,}")
    print(f"  wall time of project(): {wall:.1f} s  ({p.summary.draws / wall:,.0f} draws/s, "
          f"{p.summary.draws * (n + k) * steps / wall / 1e6:.1f} M draws*series*steps/s)")
    print(f"  main process: peak RSS {self_rss / 1e6:.0f} MB (VmHWM); ru_maxrss(RUSAGE_SELF) {ru_self / 1e6:.0f} MB "
          f"(on Linux this includes the spawning process's RSS at exec, {start_ru / 1e6:.0f} MB here, so it is not used)")
    print(f"  workers: ru_maxrss(RUSAGE_CHILDREN) {child_rss / 1e6:.0f} MB (largest worker)"
          f"{f' x {workers} workers' if workers else ' (no workers with jobs=1)'}")
    print(f"  peak RSS of the process tree: <= {bound / 1e6:.0f} MB (main VmHWM + jobs x largest worker)")
    print("RESULT " + json.dumps({"draws": p.summary.draws, "jobs": jobs, "wall": wall, "self_rss": self_rss,
                                  "child_rss": child_rss, "rss_bound": bound}))


def run_child(draws: int, jobs: int) -> dict:
    """Run :func:`one_million` in a fresh interpreter; sample its process tree's VmRSS from here every 0.1 s."""
    command = [sys.executable, str(Path(__file__).resolve()), "--one-million", "--jobs", str(jobs), "--draws", str(draws)]
    peak, peak_processes = 0, 1
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        child = subprocess.Popen(command, stdout=out, stderr=err, text=True)
        while child.poll() is None:
            total, count = tree_rss(child.pid)
            if total > peak:
                peak, peak_processes = total, count
            time.sleep(0.1)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    result = None
    for line in stdout.splitlines():
        if line.startswith("RESULT "):
            result = json.loads(line[len("RESULT "):])
        else:
            print(line)
    print(f"  sampled from outside (every 0.1 s): peak sum of VmRSS {peak / 1e6:.0f} MB over {peak_processes} process(es) "
          f"(whole child run, data loading included)")
    if child.returncode != 0 or result is None:
        print(f"  child failed (exit {child.returncode}):\n{stderr}")
        return {"wall": float("nan"), "rss_bound": float("nan"), "rss_sampled": peak}
    result["rss_sampled"] = peak
    return result


class OtherLoad:
    """CPU seconds used by processes other than this one and its waited-for descendants since ``start``:
    busy time of the whole machine (/proc/stat, idle and iowait excluded) minus our own CPU time. About 0 on a
    quiet machine; large values mean the timings were taken with other work competing for the CPUs."""

    def __init__(self):
        self.start = self._now()

    @staticmethod
    def _now() -> tuple[float, float]:
        try:
            with open("/proc/stat") as f:
                fields = [int(x) for x in f.readline().split()[1:]]
            busy = (sum(fields[:8]) - fields[3] - fields[4]) / os.sysconf("SC_CLK_TCK")
        except (OSError, ValueError, IndexError):
            busy = float("nan")
        return busy, sum(os.times()[:4])

    def other(self) -> float:
        busy, own = self._now()
        return max(0.0, (busy - self.start[0]) - (own - self.start[1]))


# ---------------------------------------------------------------- main


def reference(p, draws: int, seed: int) -> dict:
    """The naive reference for the run ``p``: ``reference_simpy`` for the assumed model, ``reference_fitted`` on
    block 0's per-draw parameters for the fitted model (the default)."""
    if p.plan.inputs.fitted is None:
        return run_reference(p.plan.inputs, draws, seed)
    return run_reference_fitted(p.plan.block_inputs(0), draws, seed)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="reference at 5 draws, 100k instead of 1M draws")
    parser.add_argument("--one-million", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--jobs", type=int, default=1, help=argparse.SUPPRESS)
    parser.add_argument("--draws", type=int, default=1_000_000, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one_million:
        one_million(args.draws, args.jobs)
        return

    whole = OtherLoad()
    big = 100_000 if args.quick else 1_000_000
    ref_draws = 5 if args.quick else 20
    check_draws = 100 if args.quick else 400
    big_target = 120.0 * big / 1_000_000
    print(f"tiersim Monte Carlo benchmark ({'quick' if args.quick else 'full'})")
    print(f"Python {platform.python_version()}, numpy {np.__version__}, simpy {__import__('simpy').__version__}, "
          f"{os.cpu_count()} CPUs ({platform.processor() or platform.machine()}); "
          f"load average at start {' '.join(f'{x:.2f}' for x in os.getloadavg())} (other work on the machine slows every figure)")

    dataset, scenario, synthetic = build()
    print(f"synthetic rows: {len(synthetic)} tier counties without data get {scenario.base_year} GDP {SYNTHETIC_GDP}亿 "
          f"(source {SYNTHETIC_SOURCE!r}): {', '.join(synthetic)}")

    # 1. fast engine, 10k draws, one process
    print(f"\n[1] fast engine: project(draws={ENGINE_DRAWS:,}, jobs=1), after one warm-up call; 3 runs")
    load = OtherLoad()
    project(scenario, dataset, draws=1000, seed=SEED, jobs=1)
    walls, p = [], None
    for _ in range(3):
        start = time.perf_counter()
        p = project(scenario, dataset, draws=ENGINE_DRAWS, seed=SEED, jobs=1)
        walls.append(time.perf_counter() - start)
    wall = statistics.median(walls)
    n, k, steps, text = shape(p.plan.inputs, dataset.registry, synthetic)
    cells = ENGINE_DRAWS * (n + k) * steps
    throughput = cells / wall
    print(f"  simulated: {text}")
    print(f"  wall times: {', '.join(f'{w:.3f}' for w in walls)} s; median {wall:.3f} s")
    print(f"  throughput: {ENGINE_DRAWS:,} x {n + k} x {steps} = {cells / 1e6:.1f} M draws*series*steps in {wall:.3f} s "
          f"= {throughput / 1e6:.1f} M/s (Hubei counties alone: {ENGINE_DRAWS * n * steps / wall / 1e6:.2f} M/s)")
    engine_per_draw = wall / ENGINE_DRAWS
    print(f"  other processes used {load.other():.1f} CPU-s meanwhile")

    # 2. naive reference, per draw
    print(f"\n[2] naive simpy reference at {ref_draws} draws (one process per series per draw)")
    load = OtherLoad()
    start = time.perf_counter()
    ref = reference(p, ref_draws, SEED)
    ref_wall = time.perf_counter() - start
    ref_per_draw = ref_wall / ref_draws
    ratio = ref_per_draw / engine_per_draw
    print(f"  {ref['processes']:,} simpy processes, wall {ref_wall:.3f} s")
    print(f"  per draw: reference {ref_per_draw * 1e3:.2f} ms, fast engine {engine_per_draw * 1e6:.1f} us; "
          f"ratio {ratio:,.0f}x; other processes used {load.other():.1f} CPU-s meanwhile")

    # 3. sanity check
    print(f"\n[3] sanity check: reference ({check_draws} draws, seed {SEED + 1}) vs fast engine ({ENGINE_DRAWS:,} draws, seed {SEED})")
    start = time.perf_counter()
    check = reference(p, check_draws, SEED + 1)
    print(f"  reference wall {time.perf_counter() - start:.1f} s")
    first = p.summary.arrays["first"]
    names = list(p.plan.inputs.sizes)
    engine_mean = p.summary.arrays["gdp_sum"][-1] / FIXED / p.summary.draws
    ref_mean = np.array([np.mean(v) for v in check["gdp_horizon"]])
    horizon = p.plan.inputs.years[-1]
    header = f"  {'county':<8} {'name':<12} " + " ".join(f"{'P(' + nm + ') eng':>14} {'ref':>6} {'diff':>6}" for nm in names)
    print(f"  P(at or above the threshold by {horizon}); mean {horizon} GDP (亿)")
    print(header + f" {'GDP eng':>9} {'ref':>9} {'rel':>7}")
    worst = {}
    for c, cid in enumerate(p.plan.inputs.county_ids):
        row = f"  {cid:<8} {dataset.registry[cid].name_pinyin + ('*' if cid in synthetic else ''):<12} "
        for j, nm in enumerate(names):
            e = 1.0 - first[c, j, -1] / p.summary.draws
            r = float(p_crossed_by(check["first"][nm], check_draws)[c])
            worst[nm] = max(worst.get(nm, 0.0), abs(r - e))
            row += f"{e:>14.3f} {r:>6.3f} {r - e:>+6.3f} "
        row += f"{engine_mean[c]:>9.1f} {ref_mean[c]:>9.1f} {ref_mean[c] / engine_mean[c] - 1:>+7.2%}"
        print(row)
    print("  (* synthetic base-year GDP)  largest |diff|: " + ", ".join(f"{nm} {v:.3f}" for nm, v in worst.items())
          + f"; binomial s.e. of the reference at p=0.5: {0.5 / np.sqrt(check_draws):.3f}")

    # 4. streamed big runs in fresh subprocesses
    big_results = {}
    for jobs in (1, 2):
        print(f"\n[4] {big:,} draws streamed, jobs={jobs} (fresh subprocess)")
        load = OtherLoad()
        big_results[jobs] = run_child(big, jobs)
        print(f"  other processes used {load.other():.1f} CPU-s meanwhile")

    # table
    yes = lambda ok: "yes" if ok else "no"  # noqa: E731
    rows = [
        (f"wall, project() {ENGINE_DRAWS // 1000}k draws, jobs=1", f"{wall:.3f} s", "<= 1 s", yes(wall <= 1.0)),
        ("throughput, draws*series*steps/s", f"{throughput / 1e6:.1f} M/s",
         f">= {cells / 1e6:.1f} M/s (= 10k in 1 s)", yes(throughput >= cells)),
        (f"reference per draw ({ref_draws} draws)", f"{ref_per_draw * 1e3:.2f} ms", "-", "-"),
        ("fast engine per draw", f"{engine_per_draw * 1e6:.1f} us", "-", "-"),
        ("speed-up over reference", f"{ratio:,.0f}x", ">= 200x", yes(ratio >= 200)),
    ]
    for jobs in (1, 2):
        r = big_results[jobs]
        rows.append((f"wall, {big:,} draws, jobs={jobs}", f"{r['wall']:.1f} s",
                     f"<= {big_target:g} s" + (" (pro rata)" if args.quick else ""), yes(r["wall"] <= big_target)))
        rows.append((f"peak RSS tree, {big:,} draws, jobs={jobs}", f"{r['rss_bound'] / 1e6:.0f} MB",
                     "<= 1500 MB", yes(r["rss_bound"] <= 1.5 * GB)))
    widths = [max(len(str(row[i])) for row in rows + [("metric", "measured", "target", "met")]) for i in range(4)]
    print(f"\nSummary (load average at end {' '.join(f'{x:.2f}' for x in os.getloadavg())}; other processes used "
          f"{whole.other():.1f} CPU-s during the whole benchmark)")
    for row in [("metric", "measured", "target", "met")] + [tuple("-" * w for w in widths)] + rows:
        print("  " + "  ".join(str(v).ljust(w) for v, w in zip(row, widths)))


if __name__ == "__main__":
    main()
