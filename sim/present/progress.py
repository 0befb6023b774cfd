"""Feedback on stderr for long runs: a progress bar (only after two seconds) and a throughput line."""

from __future__ import annotations

import sys
import time

SHOW_AFTER = 2.0
"""Seconds before the bar appears: short runs print nothing but the end line."""


class Bar:
    """``with Bar(total) as bar: ... bar.advance(n)``; draws on stderr once a run passes :data:`SHOW_AFTER`."""

    def __init__(self, total: int, stream=None, unit: str = "draws"):
        self.total, self.done, self.stream, self.unit = total, 0, stream or sys.stderr, unit
        self.started = time.perf_counter()
        self.shown = False

    def __enter__(self) -> "Bar":
        return self

    def advance(self, n: int) -> None:
        self.done += n
        elapsed = time.perf_counter() - self.started
        if elapsed >= SHOW_AFTER:
            width = 30
            filled = int(width * self.done / self.total)
            rate = self.done / elapsed
            self.stream.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {self.done}/{self.total} {self.unit}, {rate:,.0f}/s ")
            self.stream.flush()
            self.shown = True

    def __exit__(self, *exc) -> None:
        if self.shown:
            self.stream.write("\n")
            self.stream.flush()


def throughput(draws: int, counties: int, steps: int, seconds: float) -> str:
    """The end-of-run line: draws, time, draws per second and draw·county·years per second.

    >>> throughput(1000, 324, 15, 0.5)
    'done: 1000 draws in 0.50 s (2,000 draws/s; 9,720,000 draw·county·years/s)'
    """
    seconds = max(seconds, 1e-9)
    return (f"done: {draws} draws in {seconds:.2f} s ({draws / seconds:,.0f} draws/s; "
            f"{draws * counties * steps / seconds:,.0f} draw·county·years/s)")
