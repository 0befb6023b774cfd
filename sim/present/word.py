"""A document as an editable Word file (``report.docx``, python-docx): the same sections, real tables and the
charts as pictures, editable in Microsoft Word and WPS.

Headings use Word's built-in heading styles (so Word's navigation pane and its table of contents find
them); every style names an East Asian font (``w:eastAsia``) next to the Latin one, so Chinese text is set in
a Chinese font on any machine (微软雅黑 / Microsoft YaHei, which Word and WPS substitute when missing).
Estimated rows are shaded, number columns right-aligned, header rows repeat on each page. The file's
dates are fixed: the same document gives the same bytes.
"""

from __future__ import annotations

import datetime
import io
import zipfile

from docx import Document as NewDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Inches, Pt, RGBColor

from sim.present.document import Document

EAST_ASIAN = "Microsoft YaHei"
LATIN = "Calibri"
FIXED = datetime.datetime(2000, 1, 1, tzinfo=datetime.timezone.utc)


def _fonts(style, size: float | None = None, color: tuple[int, int, int] | None = None) -> None:
    style.font.name = LATIN
    if size:
        style.font.size = Pt(size)
    if color:
        style.font.color.rgb = RGBColor(*color)
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), EAST_ASIAN)
    fonts.set(qn("w:ascii"), LATIN)
    fonts.set(qn("w:hAnsi"), LATIN)


def _shade(cell, fill: str) -> None:
    properties = cell._tc.get_or_add_tcPr()
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    properties.append(shading)


def _repeat_header(row) -> None:
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def _paragraph(document, text: str = "", style: str = ""):
    """A paragraph with a style given by its id (python-docx's lookup by name is slow for many paragraphs)."""
    paragraph = document.add_paragraph()
    if style:
        paragraph._p.style = style
    if text:
        paragraph.add_run(text)
    return paragraph


def _table(document, block) -> None:
    table = document.add_table(rows=len(block.rows) + 1, cols=len(block.header))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    grey = RGBColor(0x85, 0x92, 0x9E)
    for k, (row, texts) in enumerate(zip(table.rows, [block.header, *block.rows])):
        body = k - 1
        for i, (cell, text) in enumerate(zip(row.cells, texts)):
            paragraph = cell.paragraphs[0]
            paragraph.paragraph_format.space_after = Pt(0)
            run = paragraph.add_run(str(text))
            run.font.size = Pt(8)
            if k == 0:
                _shade(cell, "ECF0F1")
                continue
            if i in block.right:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            if body in block.muted:
                run.font.color.rgb = grey
            if body in block.marked:
                _shade(cell, "FDEBD0")
    _repeat_header(table.rows[0])
    if block.caption:
        _paragraph(document, block.caption, "Caption")
    _paragraph(document)


def _fixed_dates(data: bytes) -> bytes:
    """The package with fixed zip entry times (python-docx stamps the time of writing). Pictures (PNG, compressed
    already) are stored as they are rather than deflated a second time: a few per cent larger, in a fraction of
    the time."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for item in source.infolist():
            fixed = zipfile.ZipInfo(item.filename, date_time=(2000, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_STORED if item.filename.endswith(".png") else zipfile.ZIP_DEFLATED
            out.writestr(fixed, source.read(item.filename))
    return buffer.getvalue()


def document(doc: Document, rendered: dict) -> bytes:
    """``doc`` as the bytes of a .docx file; ``rendered`` maps chart specs to their drawings (PNG is used)."""
    word = NewDocument()
    section = word.sections[0]
    section.page_width, section.page_height = Inches(8.27), Inches(11.69)
    section.left_margin = section.right_margin = Inches(0.8)
    styles = word.styles
    _fonts(styles["Normal"], 10.5)
    for name, size in (("Title", 20), ("Heading 1", 16), ("Heading 2", 13), ("Heading 3", 11.5)):
        _fonts(styles[name], size, (0x1B, 0x4F, 0x72))
    for name in ("List Bullet", "Caption", "Table Grid"):
        _fonts(styles[name])
    properties = word.core_properties
    properties.title = doc.window or doc.title
    properties.author = "tiersim"
    properties.created = properties.modified = FIXED
    properties.last_modified_by = "tiersim"
    properties.revision = 1
    properties.language = "zh-CN" if doc.lang == "zh" else "en"
    _paragraph(word, doc.title, "Title")
    if doc.subtitle:
        _paragraph(word, doc.subtitle)
    width = section.page_width - section.left_margin - section.right_margin
    for block in doc.blocks:
        if block.kind == "heading":
            _paragraph(word, block.text, f"Heading{max(1, block.level - 1)}")
        elif block.kind == "paragraph":
            paragraph = _paragraph(word, block.text)
            if block.style == "note":
                for run in paragraph.runs:
                    run.font.size = Pt(8.5)
                    run.font.color.rgb = RGBColor(0x5D, 0x6D, 0x7E)
        elif block.kind == "list":
            for item in block.items:
                _paragraph(word, item, "ListBullet")
        elif block.kind == "table":
            _table(word, block)
        elif block.kind == "chart" and block.spec in rendered:
            chart = rendered[block.spec]
            shown = min(Inches(block.width), width)
            word.add_picture(io.BytesIO(chart.png), width=shown)
            word.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
    buffer = io.BytesIO()
    word.save(buffer)
    return _fixed_dates(buffer.getvalue())
