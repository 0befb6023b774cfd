"""Regenerate the fits shipped with tiersim: the shipped data as of its last year and as of each backtest origin.

    python -m calibration.ship_fits            # writes sim/data/fits/KEY.npz, removes fits no longer used

A default ``tiersim run``, ``tiersim backtest`` and the test suite then need no fitting. The keys include the
model version and the data hash (:func:`sim.fit.cache.key`), so a stale file is simply not found (and a test
checks that every shipped fit is current). Run it after changing the shipped data or the model.
"""

from __future__ import annotations

import sys
import time

from sim.data.tables import load_shipped
from sim.fit import cache, design, estimate

AS_OF = (None, 2016, 2017, 2018, 2019, 2020, 2021)
"""The as-of years shipped: the latest data, and every backtest origin (README "Calibration and backtesting")."""


def main() -> None:
    folder = cache.shipped_folder()
    folder.mkdir(parents=True, exist_ok=True)
    wanted = set()
    for as_of in AS_OF:
        dataset = load_shipped().cut(as_of)
        name = cache.key(dataset)
        wanted.add(f"{name}.npz")
        path = folder / f"{name}.npz"
        if path.exists():
            print(f"as of {as_of or 'latest'}: {path.name} is current")
            continue
        started = time.perf_counter()
        posterior = estimate.fit(design.build(dataset), info={"key": name, "data_sha256": dataset.sha256(), "as_of": as_of})
        posterior.save(path)
        print(f"as of {as_of or 'latest'}: fitted in {time.perf_counter() - started:.0f} s -> {path.name} "
              f"({posterior.info['diagnostics']})", flush=True)
    for stale in folder.glob("*.npz"):
        if stale.name not in wanted:
            stale.unlink()
            print(f"removed {stale.name} (no longer current)")


if __name__ == "__main__":
    sys.exit(main())
