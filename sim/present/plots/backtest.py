"""The backtest's PIT histogram: where each later figure fell within its forecast (uniform = calibrated)."""

from __future__ import annotations

import numpy as np
from matplotlib.axes import Axes

from sim.present.plots.style import GDP_COLOR, check_lang, finish, new_axes, styled


def pit_histogram(pit: np.ndarray, *, bins: int = 10, lang: str = "zh", ax: Axes | None = None) -> Axes:
    """Histogram of PIT values (share of forecast draws below the figure) in ``bins`` equal bins, with the flat
    line a calibrated forecast would give. A U shape means bands too narrow; a hump, too wide; a slope, bias."""
    check_lang(lang)
    with styled():
        ax = new_axes(ax, (6.0, 3.6))
        counts, edges = np.histogram(np.clip(pit, 0, 1), bins=bins, range=(0, 1))
        ax.bar(edges[:-1], counts, width=1 / bins, align="edge", color=GDP_COLOR, edgecolor="white", gid="pit-bars")
        expected = len(pit) / bins
        ax.axhline(expected, color="0.3", linestyle="--", linewidth=1, gid="pit-uniform")
        zh = lang == "zh"
        ax.text(1.0, expected, " 校准时的期望" if zh else " if calibrated", va="bottom", ha="right", fontsize=8, color="0.3")
        ax.set_xlim(0, 1)
        ax.set_xlabel("预测分布中低于实际值的比例（PIT）" if zh else "share of forecast draws below the figure (PIT)")
        ax.set_ylabel("数据点" if zh else "figures")
        ax.set_title(f"回测：{len(pit)} 个后续数据点的PIT直方图" if zh else f"Backtest: PIT of {len(pit)} later figures")
        return finish(ax)
