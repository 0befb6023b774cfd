"""The Chinese font charts and reports use, and its subset for embedding in a web page.

The font is Noto Sans CJK SC (SIL Open Font License), shipped by the PyPI package
``mplfonts`` (a dependency of tiersim), so a fresh install renders Chinese without any
system font. The package is located, not imported (importing it would touch matplotlib's
settings): :func:`path` finds ``mplfonts/fonts/NotoSansCJKsc-Regular.otf`` through
``importlib.util.find_spec``.

:func:`otf_subset` cuts the 16 MB font down to the characters of one report (a few tens of kB), cached
on disk by its characters; :func:`woff_subset` is the same subset for a web page, so a report can carry
it inline: the page then shows Chinese on a machine that has no Chinese font. Same text in, same bytes
out (no time stamps).
"""

from __future__ import annotations

import hashlib
import importlib.util
import io
import os
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


def cache_dir() -> Path:
    """Where font subsets are kept between runs: ``$TIERSIM_CACHE``, else ``$XDG_CACHE_HOME/tiersim``, else
    ``~/.cache/tiersim``."""
    root = os.environ.get("TIERSIM_CACHE") or os.path.join(os.environ.get("XDG_CACHE_HOME") or
                                                            os.path.join(os.path.expanduser("~"), ".cache"), "tiersim")
    return Path(root) / "fonts"


def _charset(text: str) -> str:
    return "".join(sorted(set(text) | {chr(c) for c in range(32, 127)}))


@lru_cache(maxsize=8)
def _subset(chars: str) -> bytes:
    """The font cut down to ``chars`` (OpenType/CFF bytes), from the cache when it was made before."""
    key = hashlib.sha256(f"{path().stat().st_size}:{FILE}:{chars}".encode("utf-8")).hexdigest()[:32]
    cached = cache_dir() / f"{key}.otf"
    try:
        return cached.read_bytes()
    except OSError:
        pass
    from fontTools import subset  # fontTools comes with matplotlib

    options = subset.Options()
    options.layout_features = ["*"]
    options.notdef_outline = True
    options.recalc_timestamp = False
    options.name_IDs = ["*"]
    font = subset.load_font(str(path()), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=chars)
    subsetter.subset(font)
    buffer = io.BytesIO()
    subset.save_font(font, buffer, options)
    font.close()
    data = buffer.getvalue()
    try:  # written whole or not at all; a read-only cache only costs time
        cached.parent.mkdir(parents=True, exist_ok=True)
        partial = cached.with_name(f".{cached.name}.{os.getpid()}")
        partial.write_bytes(data)
        os.replace(partial, cached)
    except OSError:
        pass
    return data


def otf_subset(text: str) -> bytes:
    """The font reduced to the glyphs of ``text`` (plus ASCII), as OpenType bytes (for the PDF and Word writers).

    Subsetting the 16 MB font takes seconds, so subsets are cached in memory and on disk (:func:`cache_dir`),
    keyed by the characters: the next report with the same characters reads it back."""
    return _subset(_charset(text))


def woff_subset(text: str) -> bytes:
    """The font reduced to the glyphs of ``text`` (plus ASCII), as WOFF bytes (for a web page).

    >>> data = woff_subset("天门")
    >>> data[:4], len(data) < 100_000
    (b'wOFF', True)
    """
    from fontTools.ttLib import TTFont

    font = TTFont(io.BytesIO(otf_subset(text)), recalcTimestamp=False)  # no time stamp: same text, same bytes
    font.flavor = "woff"
    buffer = io.BytesIO()
    font.save(buffer, reorderTables=False)
    return buffer.getvalue()
