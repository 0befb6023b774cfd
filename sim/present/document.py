"""A report as a list of blocks, and its rendering as one self-contained HTML page.

Blocks (:class:`Heading`, :class:`Paragraph`, :class:`Bullets`, :class:`Table`, :class:`Chart`,
:class:`Code`) say what to show, not how; :func:`html` renders them here and
:func:`sim.present.plots.pdf_document` lays them out on PDF pages, breaking lines with :func:`wrap`.

The page needs nothing from outside: charts are ``data:image/png;base64`` images, the CSS is
inline, there is no script, and the Chinese font is embedded as a subset holding exactly the
characters of the page (:func:`sim.present.fonts.woff_subset`), so it reads the same on a machine
without any Chinese font and without a network. Same blocks, same bytes.
"""

from __future__ import annotations

import base64
import html as html_mod
import struct
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property
from typing import Callable

from sim.present import fonts

NO_BREAK_BEFORE = set("。，、；：？！）》」』”’.,;:?!)")
"""Closing punctuation, never put at the start of a line."""


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 2
    anchor: str = ""
    kind: str = "heading"


@dataclass(frozen=True)
class Paragraph:
    text: str
    kind: str = "paragraph"


@dataclass(frozen=True)
class Bullets:
    items: tuple[str, ...]
    kind: str = "list"


@dataclass(frozen=True)
class Table:
    """``marked``: indices of rows to show as estimated (hatched); ``right``: right-aligned columns."""

    header: list[str]
    rows: list[list[str]]
    marked: frozenset[int] = frozenset()
    right: frozenset[int] = frozenset()
    kind: str = "table"


@dataclass(frozen=True)
class Chart:
    """A chart: ``draw()`` gives its PNG bytes, drawn once, when the page or the PDF first needs them;
    ``width`` in inches as printed (the HTML shows it at 96 px per inch)."""

    draw: Callable[[], bytes] = field(repr=False, compare=False)
    alt: str
    width: float = 6.8
    kind: str = "chart"

    @cached_property
    def png(self) -> bytes:
        return self.draw()


@dataclass(frozen=True)
class Code:
    text: str
    kind: str = "code"


@dataclass(frozen=True)
class Document:
    title: str
    lang: str
    blocks: list = field(default_factory=list)


def text_width(text: str, size: float) -> float:
    """Approximate width in inches of ``text`` at ``size`` points (wide characters one em, others 0.56 em)."""
    return sum(1.0 if unicodedata.east_asian_width(ch) in "WF" else 0.56 for ch in text) * size / 72


def wrap(text: str, width: float, size: float) -> list[str]:
    """Break ``text`` into lines at most ``width`` inches wide: at spaces in Latin text, between any two Chinese
    characters but never before closing punctuation; leading spaces (indentation) are kept.

    >>> wrap("abc def 天门市", 0.4, 10)
    ['abc', 'def', '天门', '市']
    >>> wrap("天门市，仙桃市。", 0.42, 10)
    ['天门市，', '仙桃市。']
    """
    lines = []
    for paragraph in str(text).split("\n"):
        line = ""
        tokens, word = [], ""
        for ch in paragraph:
            if ch == " " or unicodedata.east_asian_width(ch) in "WF":
                tokens += [word] if word else []
                tokens.append(ch)
                word = ""
            else:
                word += ch
        tokens += [word] if word else []
        for token in tokens:
            while text_width(token, size) > width and len(token) > 1:  # a long token (URL) is cut
                cut = max(1, int(len(token) * width / text_width(token, size)))
                if line:
                    lines.append(line.rstrip())
                    line = ""
                lines.append(token[:cut])
                token = token[cut:]
            if text_width(line + token, size) > width and line.strip() and token not in NO_BREAK_BEFORE:
                lines.append(line.rstrip())
                line = "" if token == " " else token
            else:
                line += token
        lines.append(line.rstrip())
    return lines


CSS = """
body{font-family:"TiersimCJK",sans-serif;max-width:64em;margin:1.5em auto;padding:0 1em;color:#1c2833;line-height:1.55}
h1{font-size:1.7em;margin:.2em 0 .6em}h2{border-bottom:2px solid #d5dbdb;padding-bottom:.15em;margin-top:1.8em}
h3{margin:1.4em 0 .3em}
table{border-collapse:collapse;font-size:.82em;margin:.4em 0 1.2em}
th,td{border-bottom:1px solid #e5e8e8;padding:.22em .55em;text-align:left;vertical-align:top;white-space:nowrap}
td:last-child,th:last-child{white-space:normal;overflow-wrap:anywhere}
th{border-bottom:2px solid #aab7b8;background:#f4f6f6}td.r,th.r{text-align:right}
tr.estimated td{background:repeating-linear-gradient(135deg,#fff,#fff 5px,#fdebd0 5px,#fdebd0 8px)}
figure{margin:.6em 0 1.4em}img{max-width:100%;height:auto;display:block}
pre{font-family:monospace,"TiersimCJK";font-size:.74em;white-space:pre-wrap;background:#f4f6f6;padding:.6em;
overflow-wrap:anywhere}
nav{font-size:.9em;background:#f8f9f9;padding:.4em 1em;border-left:3px solid #aab7b8}nav a{margin-right:1em}
.mark{color:#ba4a00}
""".strip()


def _cell(text: str, right: bool, tag: str) -> str:
    klass = ' class="r"' if right else ""
    return f"<{tag}{klass}>{html_mod.escape(str(text))}</{tag}>"


def _png_size(png: bytes) -> tuple[int, int]:
    width, height = struct.unpack(">II", png[16:24])
    return width, height


def _block(block) -> str:
    if block.kind == "heading":
        anchor = f' id="{html_mod.escape(block.anchor)}"' if block.anchor else ""
        return f"<h{block.level}{anchor}>{html_mod.escape(block.text)}</h{block.level}>"
    if block.kind == "paragraph":
        return f"<p>{html_mod.escape(block.text)}</p>"
    if block.kind == "list":
        return "<ul>" + "".join(f"<li>{html_mod.escape(item)}</li>" for item in block.items) + "</ul>"
    if block.kind == "table":
        head = "".join(_cell(h, i in block.right, "th") for i, h in enumerate(block.header))
        body = []
        for k, row in enumerate(block.rows):
            cells = "".join(_cell(c, i in block.right, "td") for i, c in enumerate(row))
            klass = ' class="estimated"' if k in block.marked else ""
            body.append(f"<tr{klass}>{cells}</tr>")
        return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"
    if block.kind == "chart":
        width, height = _png_size(block.png)
        shown = round(block.width * 96)
        data = base64.b64encode(block.png).decode("ascii")
        return (f'<figure><img src="data:image/png;base64,{data}" alt="{html_mod.escape(block.alt)}" '
                f'width="{shown}" height="{round(shown * height / width)}"></figure>')
    if block.kind == "code":
        return f"<pre>{html_mod.escape(block.text)}</pre>"
    raise ValueError(f"unknown block kind {block.kind!r}")


def _text(blocks) -> str:
    """Every character the page shows (for the font subset)."""
    parts = []
    for block in blocks:
        parts += [getattr(block, name, "") for name in ("text", "alt")]
        parts += list(getattr(block, "items", ()))
        parts += [str(c) for row in [getattr(block, "header", [])] + list(getattr(block, "rows", [])) for c in row]
    return "".join(parts)


def html(doc: Document) -> bytes:
    """The document as one UTF-8 HTML page that loads nothing from outside."""
    nav = [b for b in doc.blocks if b.kind == "heading" and b.level == 2 and b.anchor]
    links = "".join(f'<a href="#{html_mod.escape(b.anchor)}">{html_mod.escape(b.text)}</a>' for b in nav)
    body = "\n".join(_block(b) for b in doc.blocks)
    font = base64.b64encode(fonts.woff_subset(doc.title + _text(doc.blocks) + _text(nav))).decode("ascii")
    lang = "zh-CN" if doc.lang == "zh" else "en"
    page = (f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f'<title>{html_mod.escape(doc.title)}</title>\n<link rel="icon" href="data:,">\n'
            f'<style>\n@font-face{{font-family:"TiersimCJK";src:url(data:font/woff;base64,{font}) format("woff")}}\n{CSS}\n'
            f'</style>\n</head>\n<body>\n<h1>{html_mod.escape(doc.title)}</h1>\n<nav>{links}</nav>\n{body}\n</body>\n</html>\n')
    return page.encode("utf-8")
