"""Simulation-based calibration, full size: coverage of the projection's 50% and 80% bands in synthetic worlds.

    python benchmarks/bench_sbc.py                 # 40 worlds x 26 counties x 5 horizons = 5,200 values
    python benchmarks/bench_sbc.py --worlds 8      # quicker

Each world is drawn from the model's priors and observed like the shipped data (calibration/sbc.py); the fit
uses the same sampler settings as `tiersim calibrate`. Prints the coverage of each band, by horizon, with a 90%
interval over worlds, and the time taken.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from calibration import sbc  # noqa: E402
from sim.data.tables import load_shipped  # noqa: E402
from sim.fit.posterior import Settings  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--worlds", type=int, default=40)
    parser.add_argument("--seed", type=int, default=20261202)
    parser.add_argument("--draws", type=int, default=1000)
    args = parser.parse_args()
    started = time.perf_counter()
    def tally(done: int, coverage: dict) -> None:
        shown = "  ".join(f"{band:.0%} band {c:.1%}" for band, c in coverage.items())
        print(f"  world {done}/{args.worlds} ({time.perf_counter() - started:.0f} s): {shown}", flush=True)

    result = sbc.run(load_shipped(), args.worlds, seed=args.seed, settings=Settings(), draws=args.draws, on_world=tally)
    seconds = time.perf_counter() - started
    print(f"simulation-based calibration: {args.worlds} worlds, seed {args.seed}, {args.draws} draws, {seconds:.0f} s")
    for band, r in result.items():
        low, high = r["interval90"]
        horizons = "  ".join(f"h{h}: {c:.1%}" for h, c in zip(sbc.HORIZONS, r["by_horizon"]))
        print(f"{band:.0%} band: covers {r['coverage']:.1%} of {r['values']:,} true values "
              f"(90% interval over worlds {low:.1%}-{high:.1%}); {horizons}")


if __name__ == "__main__":
    main()
