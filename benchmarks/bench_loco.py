"""Leave one county out, full size: every county with figures hidden in turn, refitted, its figures scored.

    python benchmarks/bench_loco.py --out loco.csv                  # every county with figures, shipped sampler
    python benchmarks/bench_loco.py --half 1 --out a.csv            # the first half of the counties (--half 2: the rest)
    python benchmarks/bench_loco.py --table a.csv b.csv             # the table of saved runs (e.g. two halves)
    python benchmarks/bench_loco.py --given                         # quick: the shipped fit's hyperparameters, no refit

The fit uses the same sampler settings as `tiersim calibrate` (calibration/loco.py). Prints a line per refit,
then the table: per county the hidden official/secondary figures, how many lie inside the 50% and 80% bands of
the figure, the bias (log of median over figure) and each figure's PIT; then the totals with 80% Wilson intervals,
the time taken and the machine's load average before and after. ``--out`` is rewritten after every refit (a
temporary file moved into place), so a run stopped early keeps what it scored.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from calibration import loco  # noqa: E402
from sim.data.tables import load_shipped  # noqa: E402
from sim.fit import cache as fit_cache  # noqa: E402
from sim.fit import design as design_mod  # noqa: E402
from sim.fit.posterior import Settings  # noqa: E402


def _write(frame: pd.DataFrame, path: Path) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    with os.fdopen(fd, "w", encoding="utf-8") as file:
        frame.to_csv(file, index=False)
    os.replace(tmp, path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--county", action="append")
    parser.add_argument("--half", type=int, choices=(1, 2))
    parser.add_argument("--seed", type=int, default=20261202)
    parser.add_argument("--out", type=Path)
    parser.add_argument("--table", type=Path, nargs="+", help="print the table of saved runs and stop")
    parser.add_argument("--given", action="store_true", help="keep the shipped fit's hyperparameters (no refit)")
    args = parser.parse_args()
    dataset = load_shipped()
    if args.table:
        points = pd.concat([pd.read_csv(p, dtype={"county_id": str}) for p in args.table], ignore_index=True)
        print(loco.render(points, dataset))
        return
    counties = args.county
    if args.half:
        des = design_mod.build(dataset)
        ids = [des.county_ids[i] for i in loco.counties_with_figures(des) if len(loco.outcome_rows(des, i))]
        counties = ids[: (len(ids) + 1) // 2] if args.half == 1 else ids[(len(ids) + 1) // 2:]
    load_before = os.getloadavg()
    started = time.perf_counter()
    scored: list[dict] = []

    def tally(county_id: str, rows: list[dict], d: dict) -> None:
        scored.extend(rows)
        if args.out is not None:
            _write(pd.DataFrame(scored), args.out)
        inside = sum(r["inside_80"] for r in rows)
        if "max_rhat" not in d:
            return
        print(f"  {county_id}: {inside}/{len(rows)} inside the 80% band; fit {d['seconds']:.0f} s, "
              f"{d['mean_leapfrog_steps']} leapfrog steps, R-hat {d['max_rhat']}, min ESS {d['min_ess']}, "
              f"{d['divergences']} divergences ({time.perf_counter() - started:.0f} s so far, load {os.getloadavg()[0]:.1f})",
              flush=True)

    given = fit_cache.posterior(dataset) if args.given else None
    points, fits = loco.run(dataset, Settings(), counties=counties, seed=args.seed, given=given, on_county=tally)
    seconds = time.perf_counter() - started
    what = "hyperparameters of the shipped fit given" if given is not None else f"refits, {Settings().key()}"
    print(f"leave one county out: {len(fits)} counties, {what}, seed {args.seed}, {seconds:.0f} s "
          f"(load average {load_before[0]:.1f} before, {os.getloadavg()[0]:.1f} after)")
    if given is None:
        print(f"refits: max R-hat {fits['max_rhat'].max()}, min ESS {fits['min_ess'].min()}, "
              f"{int(fits['divergences'].sum())} divergences")
    print(loco.render(points, dataset))


if __name__ == "__main__":
    main()
