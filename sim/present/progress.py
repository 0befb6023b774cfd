"""Feedback on stderr for long runs: a progress bar (tqdm) and the end-of-run throughput line.

The bar is drawn only on a terminal, and only once a run passes :data:`SHOW_AFTER` seconds (tqdm's
``delay``); into a file or a pipe nothing is written but the final line, so logs hold no ``\\r``.
``quiet`` turns the bar off too. tqdm is imported only when a bar can be drawn.
"""

from __future__ import annotations

import os
import sys

SHOW_AFTER = 2.0
"""Seconds before the bar appears: short runs print nothing but the end line."""


class Bar:
    """``with Bar(total) as bar: ... bar.advance(n)``; a tqdm bar on a terminal, nothing elsewhere."""

    def __init__(self, total: int, stream=None, unit: str = "draws", quiet: bool = False):
        self.total, self.done, self.unit = total, 0, unit
        self.stream = stream or sys.stderr
        isatty = getattr(self.stream, "isatty", None)
        self.live = not quiet and bool(isatty and isatty())
        self._bar = None

    def __enter__(self) -> "Bar":
        if self.live:
            from tqdm import tqdm

            try:  # a terminal that reports no size (some ptys) is taken as 80 x 24: tqdm draws nothing in 0 rows
                size = os.get_terminal_size(self.stream.fileno())
            except (AttributeError, OSError, ValueError):
                size = os.terminal_size((0, 0))
            sized = size.columns > 0 and size.lines > 0
            self._bar = tqdm(total=self.total, unit=f" {self.unit}", file=self.stream, delay=SHOW_AFTER,
                             dynamic_ncols=sized, ncols=None if sized else 80, nrows=None if sized else 24,
                             leave=False)
        return self

    def advance(self, n: int) -> None:
        self.done += n
        if self._bar is not None:
            self._bar.update(n)

    def __exit__(self, *exc) -> None:
        if self._bar is not None:
            self._bar.close()


def throughput(draws: int, counties: int, steps: int, seconds: float, lang: str = "en") -> str:
    """The end-of-run line: draws, time, draws per second and draw·county·years per second.

    >>> throughput(1000, 324, 15, 0.5)
    'done: 1000 draws in 0.50 s (2,000 draws/s; 9,720,000 draw·county·years/s)'
    """
    seconds = max(seconds, 1e-9)
    if lang == "zh":
        return (f"完成：{draws} 次模拟，用时 {seconds:.2f} 秒（每秒 {draws / seconds:,.0f} 次；"
                f"每秒 {draws * counties * steps / seconds:,.0f} 次·县·年）")
    return (f"done: {draws} draws in {seconds:.2f} s ({draws / seconds:,.0f} draws/s; "
            f"{draws * counties * steps / seconds:,.0f} draw·county·years/s)")
