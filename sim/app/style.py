"""The page's Chinese glyphs: a subset of the CJK font the charts use, embedded as a data: URL.

A machine without a Chinese system font (a server, a CI browser) would show boxes. The face is declared under
Streamlit's own family name with a CJK ``unicode-range``, so Latin text keeps Streamlit's font and Chinese
characters take this one. The subset holds every character of the page's words, the labels the tables use and
the county names (cut once per server and cached on disk by :mod:`sim.present.fonts`)."""

from __future__ import annotations

import base64
from pathlib import Path

from sim.present import fonts

SOURCES = ("app/words.py", "present/terminal.py", "present/strings_zh.py", "data/registry.py", "model/thresholds.py")
RANGES = "U+2E80-2FFF, U+3000-303F, U+3100-9FFF, U+F900-FAFF, U+FE30-FE4F, U+FF00-FFEF"


def characters(names: list[str]) -> str:
    root = Path(__file__).resolve().parent.parent
    text = "".join((root / source).read_text(encoding="utf-8") for source in SOURCES) + "".join(names)
    return "".join(sorted({ch for ch in text if ord(ch) > 0x2E7F}))


def css(names: list[str]) -> str:
    font = base64.b64encode(fonts.woff_subset(characters(names))).decode("ascii")
    return (f"<style>@font-face {{font-family: 'Source Sans'; src: url(data:font/woff;base64,{font}) format('woff'); font-weight: 100 900; "
            f"unicode-range: {RANGES};}}</style>")
