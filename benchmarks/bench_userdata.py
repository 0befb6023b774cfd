"""Loading a 100,000-row ``--data`` file: tiersim's checked, streaming reader against ``pandas.read_csv``.

``python benchmarks/bench_userdata.py [--rows 100000] [--repeat 5]`` writes a valid file (every shipped county
and 100 new ones, years 1949-2100 as needed, a source per row), then times, interleaved, ``pandas.read_csv``
of the file (no checks at all) and :func:`sim.data.userdata.read_user_file` (every cell checked), and prints
min / median seconds (wall clock, and the process's CPU time, which another job on the machine disturbs less)
and the ratios. The issue's target: at most 5x ``pandas.read_csv``.

100,000 distinct county-years need 658 counties; a run takes at most ``MAX_COUNTIES`` (255), so the
benchmark lifts that one limit to time the reader on a file of the issue's size.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path

import pandas as pd

from sim.data import limits, load_registry
from sim.data.userdata import read_user_file

YEARS = range(1949, 2101)


def gdp(n: int) -> str:
    """A GDP figure with two decimals, distinct for every row (as in a yearbook)."""
    return f"{10 + (n * 7919) % 99_991 / 100:.2f}"


def write_file(path: Path, rows: int) -> None:
    """``rows`` distinct county-years: every shipped county (by code, name or pinyin in turn) in every year
    1949-2100, then new 42xxxx counties with their name_zh, 152 years each; a distinct GDP figure and a Chinese
    source on every row."""
    registry = load_registry()
    forms = ([c.id for c in registry], [c.name_zh for c in registry], [c.name_pinyin or c.id for c in registry])
    lines = ["county,year,gdp_yi,real_growth,status,confidence,source,name_zh"]
    n = 0
    for i in range(len(registry)):
        for year in YEARS:
            if n < rows:
                lines.append(f"{forms[year % 3][i]},{year},{gdp(n)},{(year % 9) / 100:.2f},official,high,"
                             f"湖北统计年鉴 表{n},")
                n += 1
    code = 429100
    while n < rows:
        for year in YEARS:
            if n < rows:
                lines.append(f"{code},{year},{gdp(n)},,secondary,medium,湖北统计年鉴 表{n},新县{code}")
                n += 1
        code += 1
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    registry = load_registry()
    # 100,000 distinct county-years need 658 counties (152 years each); one run projects at most MAX_COUNTIES
    # (255), so the limit is lifted here to time the reader itself on the file size.
    limits.MAX_COUNTIES = 10**6
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "yearbook.csv"
        write_file(path, args.rows)
        size = path.stat().st_size
        names = ("pandas.read_csv", "pandas.read_csv(dtype=str)", "tiersim read_user_file")
        wall: dict[str, list[float]] = {name: [] for name in names}
        cpu: dict[str, list[float]] = {name: [] for name in names}
        readers = (lambda: pd.read_csv(path, dtype={"county": str}),  # as called by default (county typed: no warning)
                   lambda: pd.read_csv(path, dtype=str, keep_default_na=False),  # text only: no type inference
                   lambda: read_user_file(path, registry))
        for _ in range(args.repeat):
            for name, reader in zip(names, readers):
                started, started_cpu = time.perf_counter(), time.process_time()
                result = reader()
                wall[name].append(time.perf_counter() - started)
                cpu[name].append(time.process_time() - started_cpu)
                rows = len(result[0]) if isinstance(result, tuple) else len(result)
                assert rows == args.rows, (name, rows)
        new = read_user_file(path, registry)[1]
        print(f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f}; {args.rows:,} rows "
              f"({size / 2**20:.1f} MiB, {len(new)} new counties); {args.repeat} repeats, interleaved")
        print(f"{'reader':<28} {'wall min s':>11} {'median':>8} {'cpu min s':>10} {'median':>8}")
        for name in names:
            print(f"{name:<28} {min(wall[name]):>11.3f} {statistics.median(wall[name]):>8.3f} "
                  f"{min(cpu[name]):>10.3f} {statistics.median(cpu[name]):>8.3f}")
        mine = "tiersim read_user_file"
        for name in names[:2]:
            print(f"tiersim / {name}: wall min {min(wall[mine]) / min(wall[name]):.1f}x, median "
                  f"{statistics.median(wall[mine]) / statistics.median(wall[name]):.1f}x; cpu min "
                  f"{min(cpu[mine]) / min(cpu[name]):.1f}x, median "
                  f"{statistics.median(cpu[mine]) / statistics.median(cpu[name]):.1f}x (target: at most 5x)")


if __name__ == "__main__":
    main()
