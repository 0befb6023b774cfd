"""Reading a user's own county figures (``--data FILE``), e.g. from the provincial statistical yearbook.

The file is CSV with a header row. Columns (any order, names case-insensitive):

============  ========  ==============================================================
column        needed    meaning
============  ========  ==============================================================
county        yes       6-digit code, Chinese name (with or without 市/县) or pinyin;
                        ``county_id`` is accepted as the column name too
year          yes       the data year the figure belongs to
gdp_yi        yes       GDP in 亿元 at current prices (> 0, at most 100,000: more is
                        a unit slip); thousands separators allowed
real_growth   no        real growth of that year: ``0.085`` or ``8.5%``
status        no        official (default), secondary, forecast or estimated
confidence    no        high, medium, low or unrated (default)
source        no        where the figure comes from (default: the file name and row)
name_zh       no        the Chinese name, required only for a county tiersim does not
                        ship; with a new 6-digit ``42xxxx`` code it adds the county
                        (tier ``other``)
name_pinyin   no        pinyin for such a new county
============  ========  ==============================================================

UTF-8 (with or without a BOM) is read as is; a file that is not UTF-8 is read as
GB18030 (which covers GBK) and a note says so. Full-width digits are read as digits.
Blank rows are skipped. Every other problem stops the load with one line naming the
file, row, column, rule and value.
"""

from __future__ import annotations

import csv
import io
import math
import re
import unicodedata
from pathlib import Path

import pandas as pd

from sim.data.registry import County, Registry, is_county_code
from sim.data.tables import CONFIDENCES, OBS_COLUMNS, OBS_STATUSES
from sim.errors import DataError, shown

REQUIRED = ("county", "year", "gdp_yi")
OPTIONAL = ("real_growth", "status", "confidence", "source", "name_zh", "name_pinyin")
_ALIASES = {"county_id": "county"}
_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")
MAX_GDP = 100_000.0
"""Largest county GDP read, in 亿元 (the largest Chinese county, 昆山, is about 5,000亿): a figure above it is
a unit slip (万元 for 亿元) or a typo, not a county."""


def decode(raw: bytes, label: str) -> tuple[str, list[str]]:
    """Text of a file's bytes and notes on how it was read (UTF-8, else GB18030)."""
    try:
        return raw.decode("utf-8-sig"), []
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("gb18030"), [f"{label}: not UTF-8; read as GBK/GB18030"]
    except UnicodeDecodeError as exc:
        raise DataError(f"{label}: byte {exc.start}: file is neither UTF-8 nor GBK text; save it as UTF-8 CSV") from None


def clean_text(value: str) -> str:
    """NFKC-normalised, stripped text: full-width digits and signs become ASCII.

    >>> clean_text(" ７８５．３ ")
    '785.3'
    """
    return unicodedata.normalize("NFKC", value).strip()


def parse_number(text: str) -> float:
    """A finite number from text; thousands separators allowed; ``ValueError`` otherwise.

    >>> parse_number("1,234.5"), parse_number("７８５")
    (1234.5, 785.0)
    """
    text = clean_text(text)
    if "_" in text:  # float() would read "1_234" as 1234; no yearbook writes that
        raise ValueError(text)
    if _THOUSANDS.match(text):
        text = text.replace(",", "")
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(text)
    return value


def parse_rate(text: str, where: str) -> float:
    """A growth rate as a fraction from ``0.085``, ``8.5%`` or ``"8.5 %"``; a bare ``8.5`` is refused."""
    text = clean_text(text)
    percent = text.endswith("%")
    try:
        value = parse_number(text[:-1]) / 100.0 if percent else parse_number(text)
    except ValueError:
        raise DataError(f"{where}: must be a growth rate like 0.085 or 8.5%; got {shown(text)}") from None
    if abs(value) >= 1 and not percent:
        raise DataError(f"{where}: {shown(text)[1:-1]} looks like a percent; write {value / 100:g} or \"{shown(text)[1:-1]}%\"")
    if not -0.5 <= value <= 0.5:
        raise DataError(f"{where}: must be a growth rate between -50% and 50%; got {shown(text)}")
    return round(value, 12)  # "0.9%" and "0.009" give the same figure


def read_user_file(path: str | Path, registry: Registry) -> tuple[pd.DataFrame, list[County], list[str]]:
    """Observations in the canonical schema, new counties, and notes, from a user's CSV file.

    Raises :class:`DataError` (one line: file, row, column, rule, value) on any problem.
    """
    label = str(path)
    try:
        raw = Path(path).read_bytes()
    except FileNotFoundError:
        raise DataError(f"{label}: file not found") from None
    except OSError as exc:
        raise DataError(f"{label}: cannot read: {exc.strerror}") from None
    text, notes = decode(raw, label)
    # (line number in the file, cells): blank rows are skipped but still counted, so "row N" is the file's line N
    reader = csv.reader(io.StringIO(text))
    try:
        rows = [(reader.line_num, r) for r in reader if any(cell.strip() for cell in r)]
    except csv.Error as exc:
        raise DataError(f"{label}: row {reader.line_num}: not readable as CSV: {exc}") from None
    if not rows:
        raise DataError(f"{label}: file has no header row; expected columns {', '.join(REQUIRED)}")
    at, first = rows[0]
    header = [_ALIASES.get(clean_text(h).lower(), clean_text(h).lower()) for h in first]
    while header and header[-1] == "":  # Excel exports often end the header with empty cells
        header.pop()
    unknown = [h for h in header if h not in REQUIRED + OPTIONAL]
    if unknown:
        raise DataError(f"{label}: row {at}: unknown column {shown(unknown[0])}; columns are {', '.join(REQUIRED + OPTIONAL)}")
    missing = [h for h in REQUIRED if h not in header]
    if missing:
        raise DataError(f"{label}: row {at}: missing column {shown(missing[0])}; needed: {', '.join(REQUIRED)}")
    if len(set(header)) != len(header):
        raise DataError(f"{label}: row {at}: a column name appears twice: {shown(first)}")
    if len(rows) == 1:
        raise DataError(f"{label}: no data rows under the header")
    return _rows(label, header, rows[1:], registry) + (notes,)


def _rows(label: str, header: list[str], rows: list[tuple[int, list[str]]], registry: Registry) -> tuple[pd.DataFrame, list[County]]:
    records, new, seen = [], {}, {}
    for line, cells in rows:
        if len(cells) > len(header) and any(c.strip() for c in cells[len(header):]):
            raise DataError(f"{label}: row {line}: {len(cells)} cells under a header of {len(header)} columns")
        cell = dict(zip(header, [clean_text(c) for c in cells] + [""] * (len(header) - len(cells))))
        county_id = _county(cell, label, line, registry, new)
        year = _year(cell["year"], f"{label}: row {line}, column year")
        gdp = _gdp(cell["gdp_yi"], f"{label}: row {line}, column gdp_yi")
        growth = cell.get("real_growth", "")
        status = cell.get("status", "") or "official"
        confidence = cell.get("confidence", "") or "unrated"
        if status not in OBS_STATUSES:
            raise DataError(f"{label}: row {line}, column status: must be one of {', '.join(OBS_STATUSES)}; got {shown(status)}")
        if confidence not in CONFIDENCES:
            raise DataError(f"{label}: row {line}, column confidence: must be one of {', '.join(CONFIDENCES)}; got {shown(confidence)}")
        if (county_id, year) in seen:
            raise DataError(f"{label}: row {line}: duplicate county-year {county_id} {year} (first at row {seen[county_id, year]})")
        seen[county_id, year] = line
        records.append({
            "county_id": county_id,
            "year": str(year),
            "gdp_yi": repr(gdp),
            "real_growth": repr(parse_rate(growth, f"{label}: row {line}, column real_growth")) if growth else "",
            "status": status,
            "confidence": confidence,
            "source": cell.get("source", "") or f"{Path(label).name} row {line}",
        })
    return pd.DataFrame(records, columns=OBS_COLUMNS), list(new.values())


def _county(cell: dict[str, str], label: str, line: int, registry: Registry, new: dict[str, County]) -> str:
    text = cell["county"]
    where = f"{label}: row {line}, column county"
    if not text:
        raise DataError(f"{where}: must name a county; got ''")
    if text in new:
        return text
    if is_county_code(text) and text not in registry:
        name = cell.get("name_zh", "")
        if not name:
            raise DataError(f"{where}: code {text} is not a county tiersim knows; add its name_zh column to load it as a new county")
        for column in ("name_zh", "name_pinyin"):  # names are shown in messages and tables: one line of printable text
            if not cell.get(column, "").isprintable():
                raise DataError(f"{label}: row {line}, column {column}: must be printable text on one line; got {shown(cell[column])}")
        new[text] = County(id=text, name_zh=name, name_pinyin=cell.get("name_pinyin", ""), prefecture="", tier="other")
        return text
    # a county added by an earlier row of this file can be named by its name too
    known = registry.with_added(list(new.values())) if new else registry
    return known.resolve(text, where)


def _year(text: str, where: str) -> int:
    try:
        value = parse_number(text)
    except ValueError:
        raise DataError(f"{where}: must be a year like 2020; got {shown(text)}") from None
    if value % 1 or not 1949 <= value <= 2100:
        raise DataError(f"{where}: must be a year between 1949 and 2100; got {shown(text)}")
    return int(value)


def _gdp(text: str, where: str) -> float:
    try:
        value = parse_number(text)
    except ValueError:
        raise DataError(f"{where}: must be a number (GDP in 亿元); got {shown(text)}") from None
    if value <= 0:
        raise DataError(f"{where}: must be a positive GDP in 亿元; got {shown(text)}")
    if value > MAX_GDP:
        raise DataError(f"{where}: must be at most {MAX_GDP:,.0f} 亿元 (the largest county is about 5,000亿; is it in 万元?); got {shown(text)}")
    return value
