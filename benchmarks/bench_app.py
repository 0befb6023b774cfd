"""Latency of the what-if page: from a control change to the updated key-results table.

    python benchmarks/bench_app.py                  # 1,000 draws, 20 changes
    python benchmarks/bench_app.py --draws 1000 --changes 20

Two measures, each over ``--changes`` changes of the province's growth shift (every one a new value, so nothing
comes from the cache):

- **compute**: :func:`sim.app.cache.outcome`, called exactly as the page calls it on a change (scenario file
  written and loaded by the strict loader, projection, table); the data and the posterior are cached, as they are
  after the page's first load. This is the time from the change to the table (the page sends the table to the
  browser as soon as it is made, before the charts below it). Target: median at most 0.5 s.
- **page**: Streamlit's ``AppTest`` re-running the whole page script after the change (table, chart and
  comparison included; no browser), for context.

Prints min and median of each.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--draws", type=int, default=1000)
    parser.add_argument("--changes", type=int, default=20)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="tiersim-bench-app-"))
    os.environ["TIERSIM_APP_TMP"] = str(folder)
    os.environ.setdefault("TIERSIM_APP_LANG", "zh")

    import logging

    logging.getLogger("streamlit").setLevel(logging.ERROR)  # "no runtime" notes outside a server
    from sim.app import cache, edits

    data = cache.dataset((), "shipped")
    base = edits.shipped_base("baseline")

    def change(i: int) -> float:
        e = edits.Edits(province=round(-2.0 + 0.25 * i, 2))
        text = edits.yaml_text(edits.document(base, edits.overrides(e)), args.draws, 2021)
        out = cache.outcome(folder, text, base["name"], (), "shipped", args.draws, 2021, "zh")
        assert len(out.table) > 0 and data is not None
        return out.seconds

    change(-1)  # first load: the posterior and the fitted thresholds are read once per server
    compute = [change(i) for i in range(args.changes)]

    from streamlit.testing.v1 import AppTest

    page = str(Path(edits.__file__).with_name("page.py"))
    at = AppTest.from_file(page, default_timeout=300)
    at.run()
    at.number_input(key="draws").set_value(args.draws).run()
    rerun = []
    for i in range(args.changes):
        at.number_input(key="province").set_value(round(3.0 + 0.25 * i, 2))
        started = time.perf_counter()
        at.run()
        rerun.append(time.perf_counter() - started)
        assert not at.exception, at.exception

    print(f"what-if page, {args.draws:,} draws, {args.changes} changes of the province's growth (each a new value)")
    print(f"  compute (change -> table, as the page calls it): median {statistics.median(compute):.3f} s, "
          f"min {min(compute):.3f} s  (target <= 0.5 s: {'met' if statistics.median(compute) <= 0.5 else 'NOT met'})")
    print(f"  page (whole script re-run, AppTest, with chart): median {statistics.median(rerun):.3f} s, "
          f"min {min(rerun):.3f} s")


if __name__ == "__main__":
    main()
