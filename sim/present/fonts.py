"""The Chinese font charts and reports use, and its subset for embedding in a web page.

The font is Noto Sans CJK SC (SIL Open Font License), shipped by the PyPI package
``mplfonts`` (a dependency of tiersim), so a fresh install renders Chinese without any
system font. The package is located, not imported (importing it would touch matplotlib's
settings): :func:`path` finds ``mplfonts/fonts/NotoSansCJKsc-Regular.otf`` through
``importlib.util.find_spec``.

:func:`woff_subset` cuts the 16 MB font down to the characters of one page (a few tens of
kB) so a report can carry it inline: the page then shows Chinese on a machine that has no
Chinese font. Same text in, same bytes out (no time stamps).
"""

from __future__ import annotations

import importlib.util
import io
from functools import lru_cache
from pathlib import Path

from sim.errors import SimError

PACKAGE = "mplfonts"
FILE = "fonts/NotoSansCJKsc-Regular.otf"
FAMILY = "Noto Sans CJK SC"
"""The family name the font file declares (what matplotlib and CSS call it)."""


@lru_cache(maxsize=1)
def path() -> Path:
    """Where the font file is; a :class:`~sim.errors.SimError` saying what to install if it is not there."""
    spec = importlib.util.find_spec(PACKAGE)
    locations = list(spec.submodule_search_locations or []) if spec else []
    for location in locations:
        candidate = Path(location) / FILE
        if candidate.is_file():
            return candidate
    raise SimError(f"font {FILE} not found: the package {PACKAGE!r} is missing or incomplete; "
                   f"reinstall tiersim (pip install -e .) or pip install {PACKAGE}")


def woff_subset(text: str) -> bytes:
    """The font reduced to the glyphs of ``text`` (plus ASCII), as WOFF bytes.

    >>> data = woff_subset("天门")
    >>> data[:4], len(data) < 100_000
    (b'wOFF', True)
    """
    from fontTools import subset  # fontTools comes with matplotlib

    options = subset.Options()
    options.flavor = "woff"
    options.layout_features = ["*"]
    options.notdef_outline = True
    options.recalc_timestamp = False
    font = subset.load_font(str(path()), options)
    subsetter = subset.Subsetter(options)
    chars = "".join(sorted(set(text) | {chr(c) for c in range(32, 127)}))
    subsetter.populate(text=chars)
    subsetter.subset(font)
    buffer = io.BytesIO()
    subset.save_font(font, buffer, options)
    font.close()
    return buffer.getvalue()
