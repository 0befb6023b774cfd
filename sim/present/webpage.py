"""A document as one self-contained HTML page.

The page needs nothing from outside: charts are ``data:image/png;base64`` images, the CSS is inline, there
is no script, and the Chinese font is embedded as a subset holding exactly the characters of the page
(:func:`sim.present.fonts.woff_subset`), so it reads the same on a machine without any Chinese font and
without a network. Tables sit in a box that scrolls sideways when a window is narrower than the table;
number columns never wrap, prose columns wrap at words and keep a readable width. Same blocks, same bytes.
"""

from __future__ import annotations

import base64
import html as html_mod

from sim.present import fonts
from sim.present.document import Document

CSS = """
body{font-family:"TiersimCJK",sans-serif;max-width:70em;margin:1.5em auto;padding:0 1.2em;color:#1c2833;line-height:1.6}
h1{font-size:1.7em;margin:.2em 0 .1em;line-height:1.3}p.subtitle{color:#5d6d7e;margin:0 0 1em}
h2{border-bottom:2px solid #d5dbdb;padding-bottom:.15em;margin-top:1.8em}h3{margin:1.4em 0 .3em}
p.lead{font-size:1.05em}p.note{font-size:.85em;color:#5d6d7e}
div.table{overflow-x:auto;margin:.4em 0 1.2em;max-width:100%}
table{border-collapse:collapse;font-size:.84em}caption{text-align:left;color:#5d6d7e;font-size:.9em;padding:.2em 0}
th,td{border-bottom:1px solid #e5e8e8;padding:.25em .6em;text-align:left;vertical-align:top;white-space:nowrap}
th{border-bottom:2px solid #aab7b8;background:#f4f6f6;white-space:normal;min-width:4em}
td.w{white-space:normal;min-width:16em;max-width:40em;overflow-wrap:break-word}td.r,th.r{text-align:right}
tr.estimated td{background:repeating-linear-gradient(135deg,#fff,#fff 5px,#fdebd0 5px,#fdebd0 8px)}
tr.muted td{color:#85929e}
figure{margin:.6em 0 1.4em}img{max-width:100%;height:auto;display:block}
details{margin:.6em 0}pre{font-family:monospace,"TiersimCJK";font-size:.74em;white-space:pre-wrap;background:#f4f6f6;
padding:.6em;overflow-wrap:anywhere}
nav{font-size:.9em;background:#f8f9f9;padding:.4em 1em;border-left:3px solid #aab7b8}nav a{margin-right:1em;
white-space:nowrap}
""".strip()


def _cell(text: str, right: bool, wide: bool, tag: str) -> str:
    klass = ' class="r"' if right else (' class="w"' if wide and tag == "td" else "")
    return f"<{tag}{klass}>{html_mod.escape(str(text))}</{tag}>"


def _block(block, rendered: dict) -> str:
    if block.kind == "heading":
        anchor = f' id="{html_mod.escape(block.anchor)}"' if block.anchor else ""
        return f"<h{block.level}{anchor}>{html_mod.escape(block.text)}</h{block.level}>"
    if block.kind == "paragraph":
        klass = f' class="{block.style}"' if block.style else ""
        return f"<p{klass}>{html_mod.escape(block.text)}</p>"
    if block.kind == "list":
        return "<ul>" + "".join(f"<li>{html_mod.escape(item)}</li>" for item in block.items) + "</ul>"
    if block.kind == "table":
        head = "".join(_cell(h, i in block.right, False, "th") for i, h in enumerate(block.header))
        body = []
        for k, row in enumerate(block.rows):
            cells = "".join(_cell(c, i in block.right, i in block.wide, "td") for i, c in enumerate(row))
            klass = ' class="estimated"' if k in block.marked else (' class="muted"' if k in block.muted else "")
            body.append(f"<tr{klass}>{cells}</tr>")
        caption = f"<caption>{html_mod.escape(block.caption)}</caption>" if block.caption else ""
        return (f'<div class="table"><table>{caption}<thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody>'
                f"</table></div>")
    if block.kind == "chart":
        chart = rendered.get(block.spec)
        if chart is None:
            return ""
        shown = round(block.width * 96)
        high = round(shown * chart.size[1] / chart.size[0])
        data = base64.b64encode(chart.png).decode("ascii")
        return (f'<figure><img src="data:image/png;base64,{data}" alt="{html_mod.escape(block.alt)}" '
                f'width="{shown}" height="{high}"></figure>')
    if block.kind == "code":
        return (f"<details><summary>{html_mod.escape(block.summary)}</summary><pre>{html_mod.escape(block.text)}</pre>"
                f"</details>") if block.summary else f"<pre>{html_mod.escape(block.text)}</pre>"
    raise ValueError(f"unknown block kind {block.kind!r}")


def shown_text(blocks) -> str:
    """Every character the blocks show (for the font subset)."""
    parts = []
    for block in blocks:
        parts += [getattr(block, name, "") for name in ("text", "alt", "caption", "summary")]
        parts += list(getattr(block, "items", ()))
        parts += [str(c) for row in [getattr(block, "header", [])] + list(getattr(block, "rows", [])) for c in row]
    return "".join(parts)


def page(doc: Document, rendered: dict) -> bytes:
    """The document as one UTF-8 HTML page that loads nothing from outside; ``rendered``: the drawn charts."""
    nav = [b for b in doc.blocks if b.kind == "heading" and b.level == 2 and b.anchor]
    links = "".join(f'<a href="#{html_mod.escape(b.anchor)}">{html_mod.escape(b.text)}</a>' for b in nav)
    body = "\n".join(filter(None, (_block(b, rendered) for b in doc.blocks)))
    window = doc.window or doc.title
    font = base64.b64encode(fonts.woff_subset(doc.title + doc.subtitle + window + shown_text(doc.blocks))).decode("ascii")
    lang = "zh-CN" if doc.lang == "zh" else "en"
    subtitle = f'<p class="subtitle">{html_mod.escape(doc.subtitle)}</p>\n' if doc.subtitle else ""
    text = (f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f'<title>{html_mod.escape(window)}</title>\n<link rel="icon" href="data:,">\n'
            f'<style>\n@font-face{{font-family:"TiersimCJK";src:url(data:font/woff;base64,{font}) format("woff")}}\n{CSS}\n'
            f'</style>\n</head>\n<body>\n<h1>{html_mod.escape(doc.title)}</h1>\n{subtitle}<nav>{links}</nav>\n{body}\n'
            f'</body>\n</html>\n')
    return text.encode("utf-8")
