"""Charts of a projection, in Chinese or English: the only package that imports matplotlib.

Every chart takes tidy frames (:mod:`sim.present.chartdata`, :mod:`sim.results`, :mod:`sim.whatif.compare`)
and ``ax=None``, draws, and returns the axes; nothing is computed here beyond selecting and
reshaping. Without ``ax`` a new :class:`matplotlib.figure.Figure` is made with fixed margins (never
pyplot's figure manager), so nothing is left open when the chart is dropped. Given ``about``
(:class:`sim.present.chartdata.About`), a chart carries a subtitle naming the scenario and a source line.

Text uses Noto Sans CJK SC (:mod:`sim.present.fonts`), registered with matplotlib's font manager the
first time a chart is drawn and chosen inside :func:`styled` (an ``rc_context``): importing
this module changes no setting. Every text of a chart carries the font family itself, so a
figure saved outside :func:`styled` (``ax.figure.savefig(...)``) still finds every glyph.

Estimated or imputed seeds are marked in every per-county chart (an open marker, hatching or
a dashed line, and ``*`` after the name). Artists a reader (or a test) may look for carry a ``gid``:
``median``, ``band50``, ``band80``, ``threshold-top100``, ``threshold-label-top100``, ``crossing-top100``,
``crossing-note-top100``, ``history-official``, ``projection-period``, ``subtitle``, ``source``, ...

Charts (one module per family): :func:`fan_chart`; :func:`crossing_timeline`, :func:`probability_heatmap`;
:func:`tier_scorecard`; :func:`rank_bump`; :func:`plan_targets`; :func:`scenario_comparison`; :func:`tile_map`.
Output: :func:`to_bytes` (PNG, SVG, PDF; no time stamps).
"""

from sim.present.plots.backtest import pit_histogram
from sim.present.plots.comparison import scenario_comparison, sweep_heatmap
from sim.present.plots.crossings import crossing_timeline, probability_heatmap
from sim.present.plots.fan import fan_chart
from sim.present.plots.output import FORMATS, figure_of, to_bytes, warm
from sim.present.plots.ranks import rank_bump
from sim.present.plots.style import GDP_COLOR, HATCH, THRESHOLD_COLORS, TIER_COLORS, family, styled
from sim.present.plots.targets import plan_targets, target_state
from sim.present.plots.tiers import tier_scorecard
from sim.present.plots.tilemap import tile_map

__all__ = ["pit_histogram", "fan_chart", "crossing_timeline", "probability_heatmap", "tier_scorecard", "rank_bump", "plan_targets",
           "scenario_comparison", "sweep_heatmap", "tile_map", "target_state", "styled", "family", "to_bytes",
           "figure_of", "warm", "FORMATS", "GDP_COLOR", "HATCH", "THRESHOLD_COLORS", "TIER_COLORS"]
