"""Start-up time of ``tiersim`` commands, side by side with ``python -c "import numpy, pandas"``.

Run from the repository root, in the project's virtualenv::

    python benchmarks/bench_startup.py              # 7 repeats of each
    python benchmarks/bench_startup.py --repeat 15

Each command is a fresh process (``subprocess.run``, output discarded), timed with
``time.perf_counter`` from spawn to exit; the commands are interleaved round by round so that
load from other users falls on all of them alike. Printed: min and median wall time of each,
and its ratio to the reference (numpy + pandas imported by a bare interpreter), min to min and
median to median. Targets (issue 15): ``--version``, ``--help`` and ``validate`` within 1.3x of
the reference; ``run`` with 1,000 draws within 2x.

The script reports; it never fails on slowness.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time

TIERSIM = shutil.which("tiersim") or "tiersim"
COMMANDS = [
    ("import numpy, pandas (reference)", [sys.executable, "-c", "import numpy, pandas"], None),
    ("tiersim --version", [TIERSIM, "--version"], 1.3),
    ("tiersim --help", [TIERSIM, "--help"], 1.3),
    ("tiersim validate high", [TIERSIM, "validate", "high"], 1.3),
    ("tiersim run (1,000 draws)", [TIERSIM, "run", "--quiet"], 2.0),
]


def timed(argv: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    times: dict[str, list[float]] = {name: [] for name, _, _ in COMMANDS}
    for name, argv, _ in COMMANDS:  # warm the file cache once
        timed(argv)
    for _ in range(args.repeat):
        for name, argv, _ in COMMANDS:
            times[name].append(timed(argv))
    ref = times[COMMANDS[0][0]]
    ref_min, ref_med = min(ref), statistics.median(ref)
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f}; "
          f"{args.repeat} repeats, interleaved")
    print(f"{'command':34}  {'min s':>6}  {'median s':>8}  {'min/ref':>7}  {'median/ref':>10}  {'target':>6}  met")
    for name, _, target in COMMANDS:
        low, mid = min(times[name]), statistics.median(times[name])
        met = "" if target is None else ("yes" if low / ref_min <= target and mid / ref_med <= target else "no")
        print(f"{name:34}  {low:6.3f}  {mid:8.3f}  {low / ref_min:7.2f}  {mid / ref_med:10.2f}  "
              f"{'' if target is None else f'{target:.1f}x':>6}  {met}")


if __name__ == "__main__":
    main()
