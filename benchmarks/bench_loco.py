"""Leave one county out, full size: every county with figures hidden in turn, refitted, its figures scored.

    python benchmarks/bench_loco.py                      # every county with figures, the shipped sampler settings
    python benchmarks/bench_loco.py --county 429004      # one county (repeatable)
    python benchmarks/bench_loco.py --out loco.csv       # also write the scored figures

The fit uses the same sampler settings as `tiersim calibrate` (calibration/loco.py). Prints a line per refit,
then the table: per county the hidden official/secondary figures, how many lie inside the 50% and 80% bands of
the figure, the bias (log of median over figure) and each figure's PIT; then the totals with 80% Wilson intervals,
the time taken and the machine's load average before and after.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from calibration import loco  # noqa: E402
from sim.data.tables import load_shipped  # noqa: E402
from sim.fit.posterior import Settings  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--county", action="append")
    parser.add_argument("--seed", type=int, default=20261202)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    load_before = os.getloadavg()
    started = time.perf_counter()

    def tally(county_id: str, rows: list[dict], d: dict) -> None:
        inside = sum(r["inside_80"] for r in rows)
        print(f"  {county_id}: {inside}/{len(rows)} inside the 80% band; fit {d['seconds']:.0f} s, R-hat {d['max_rhat']}, "
              f"min ESS {d['min_ess']}, {d['divergences']} divergences ({time.perf_counter() - started:.0f} s so far)",
              flush=True)

    dataset = load_shipped()
    points, fits = loco.run(dataset, Settings(), counties=args.county, seed=args.seed, on_county=tally)
    seconds = time.perf_counter() - started
    print(f"leave one county out: {len(fits)} refits, seed {args.seed}, {Settings().key()}, {seconds:.0f} s "
          f"(load average {load_before[0]:.1f} before, {os.getloadavg()[0]:.1f} after)")
    print(f"refits: max R-hat {fits['max_rhat'].max()}, min ESS {fits['min_ess'].min()}, "
          f"{int(fits['divergences'].sum())} divergences")
    print(loco.render(points, dataset))
    if args.out is not None:
        fd, tmp = tempfile.mkstemp(prefix=f".{args.out.name}.", dir=args.out.parent or ".")
        with os.fdopen(fd, "w", encoding="utf-8") as file:
            points.to_csv(file, index=False)
        os.replace(tmp, args.out)


if __name__ == "__main__":
    main()
