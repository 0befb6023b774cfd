"""A report as a list of blocks, written out by three writers: :mod:`.webpage` (HTML), :mod:`.pdfpages` (PDF)
and :mod:`.word` (Word).

Blocks (:class:`Heading`, :class:`Paragraph`, :class:`Bullets`, :class:`Table`, :class:`Chart`, :class:`Code`)
say what to show, not how. A :class:`Chart` names what to draw (a :class:`sim.present.charts.Spec`); the
charts of a document are drawn once, together (:func:`sim.present.charts.render`), and every writer uses
the same drawings. :func:`wrap` breaks text into lines for the PDF writer: between any two Chinese
characters, at spaces in Latin text, never inside a word and never before closing punctuation.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from typing import Callable

NO_BREAK_BEFORE = set("。，、；：？！）》」』”’.,;:?!)%")
"""Closing punctuation, never put at the start of a line."""
HANGING = "".join(sorted(NO_BREAK_BEFORE - {"%", ")"}))


@dataclass(frozen=True)
class Heading:
    """``level`` 1–3; ``anchor`` gives the heading an id (HTML) and makes it a bookmark target."""

    text: str
    level: int = 2
    anchor: str = ""
    kind: str = "heading"


@dataclass(frozen=True)
class Paragraph:
    text: str
    style: str = ""
    """``""`` (body), ``note`` (small, grey) or ``lead`` (the report's opening line)."""
    kind: str = "paragraph"


@dataclass(frozen=True)
class Bullets:
    items: tuple[str, ...]
    kind: str = "list"


@dataclass(frozen=True)
class Table:
    """``marked``: rows of estimated or imputed seeds (shaded and hatched); ``muted``: rows shown grey (no data,
    not measurable); ``right``: right-aligned (number) columns; ``wide``: columns of prose that may wrap
    (the others never break)."""

    header: list[str]
    rows: list[list[str]]
    marked: frozenset[int] = frozenset()
    right: frozenset[int] = frozenset()
    muted: frozenset[int] = frozenset()
    wide: frozenset[int] = frozenset()
    caption: str = ""
    kind: str = "table"


@dataclass(frozen=True)
class Chart:
    """A chart: ``spec`` says what to draw; ``width`` in inches as printed (the HTML shows it at 96 px per inch)."""

    spec: object
    alt: str
    width: float = 6.8
    kind: str = "chart"


@dataclass(frozen=True)
class Code:
    text: str
    summary: str = ""
    """Shown collapsed under ``summary`` in HTML; left out of PDF and Word (machine-readable text)."""
    kind: str = "code"


@dataclass(frozen=True)
class Document:
    title: str
    lang: str
    blocks: list = field(default_factory=list)
    subtitle: str = ""
    footer: str = ""
    window: str = ""
    """The browser window's title (HTML ``<title>``) and the PDF's title."""


def is_wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in "WF"


def text_width(text: str, size: float) -> float:
    """Approximate width in inches of ``text`` at ``size`` points (wide characters one em, others 0.56 em)."""
    return sum(1.0 if is_wide(ch) else 0.56 for ch in text) * size / 72


def tokens(text: str) -> list[str]:
    """Units a line may break between: a Chinese character (with the closing punctuation after it), a space,
    or a Latin word (with its closing punctuation).

    >>> tokens("天门市，at 6.0%。")
    ['天', '门', '市，', 'at', ' ', '6.0%。']
    """
    out: list[str] = []
    word = ""
    for ch in text:
        if ch in NO_BREAK_BEFORE and (word or out):
            if word:
                word += ch
            else:
                out[-1] += ch
            continue
        if ch == " " or is_wide(ch):
            if word:
                out.append(word)
                word = ""
            out.append(ch)
        else:
            word += ch
    if word:
        out.append(word)
    return out


def wrap(text: str, width: float, size: float = 10.0, measure: Callable[[str], float] | None = None) -> list[str]:
    """Break ``text`` into lines at most ``width`` wide (inches at ``size`` points, or in the units of
    ``measure``): between Chinese characters and at spaces, never before closing punctuation; a word wider
    than a line is cut only as a last resort. Leading spaces (indentation) are kept.

    >>> wrap("abc def 天门市", 0.4, 10)
    ['abc', 'def', '天门', '市']
    >>> wrap("天门市，仙桃市。", 0.42, 10)
    ['天门市，', '仙桃市。']
    """
    measure = measure or (lambda s: text_width(s, size))
    lines = []
    for paragraph in str(text).split("\n"):
        line = ""
        for token in tokens(paragraph):
            while measure(token) > width and len(token) > 1:  # a word wider than the line (a URL): cut
                if line.strip():
                    lines.append(line.rstrip())
                line = ""
                cut = len(token)
                while cut > 1 and measure(token[:cut]) > width:
                    cut -= 1
                lines.append(token[:cut])
                token = token[cut:]
            if measure((line + token).rstrip(HANGING)) > width and line.strip():  # closing punctuation may hang
                lines.append(line.rstrip())
                line = "" if token == " " else token
            else:
                line += token
        lines.append(line.rstrip())
    return lines


def longest_token(text: str, measure: Callable[[str], float]) -> float:
    """Width of the widest unbreakable piece of ``text`` (what a table column needs at least)."""
    return max((measure(t) for t in tokens(str(text)) if t != " "), default=0.0)


def charts(blocks: list) -> list:
    """The chart specs of ``blocks``, each once, in order."""
    return list(dict.fromkeys(b.spec for b in blocks if b.kind == "chart"))


def html(doc: Document, rendered: dict | None = None) -> bytes:
    """The document as one self-contained HTML page (see :func:`sim.present.webpage.page`)."""
    from sim.present import webpage

    return webpage.page(doc, rendered or {})
