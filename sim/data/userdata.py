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

from sim.data import limits
from sim.data.registry import County, Registry, _fold_pinyin, _stem, is_county_code
from sim.data.tables import CONFIDENCES, OBS_COLUMNS, OBS_STATUSES
from sim.errors import DataError, shown

REQUIRED = ("county", "year", "gdp_yi")
OPTIONAL = ("real_growth", "status", "confidence", "source", "name_zh", "name_pinyin")
_ALIASES = {"county_id": "county"}
_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")
MAX_GDP = 100_000.0
"""Largest county GDP read, in 亿元 (the largest Chinese county, 昆山, is about 5,000亿): a figure above it is
a unit slip (万元 for 亿元) or a typo, not a county."""


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
    text = _clean(text)
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


def read_user_file(path: str | Path, registry: Registry, label: str | None = None
                   ) -> tuple[pd.DataFrame, list[County], list[str]]:
    """Observations in the canonical schema, new counties, and notes, from a user's CSV file (named ``label`` in
    messages and default sources; default: ``path`` as given).

    The file is read row by row (never whole into memory), so the first problem is reported at its row without
    reading the rest, and the limits of :mod:`sim.data.limits` (file size first, then rows and counties) hold.
    Raises :class:`DataError` (one line: file, row, column, rule, value) on any problem.
    """
    label = str(path) if label is None else label
    try:
        size = Path(path).stat().st_size
        if Path(path).is_dir():
            raise DataError(f"{label}: is a folder; name a CSV file")
    except FileNotFoundError:
        raise DataError(f"{label}: file not found") from None
    except OSError as exc:
        raise DataError(f"{label}: cannot read: {exc.strerror}") from None
    limits.check_data_size(label, size)
    try:
        return _read(path, label, registry, "utf-8-sig") + ([],)
    except _NotUtf8:
        pass
    try:
        return _read(path, label, registry, "gb18030") + ([f"{label}: not UTF-8; read as GBK/GB18030"],)
    except _NotUtf8 as exc:
        raise DataError(f"{label}: byte {exc.at}: file is neither UTF-8 nor GBK text; save it as UTF-8 CSV") from None


class _NotUtf8(Exception):
    def __init__(self, at: int):
        super().__init__(at)
        self.at = at


def _read(path, label: str, registry: Registry, encoding: str) -> tuple[pd.DataFrame, list[County]]:
    from sim.data import arrowrows, fastrows

    if encoding == "utf-8-sig":
        rows = _Rows(label, registry, False)
        arrays = arrowrows.read(path, rows, _header)
        if arrays is not None:
            return _frame(arrays), list(rows.new.values())
        done = fastrows.read(path, _Rows(label, registry, False), _header)
        if done is not None:
            return _result(done)
    try:
        with open(path, "rb") as raw, io.TextIOWrapper(raw, encoding=encoding, newline="") as stream:
            try:
                return _parse(csv.reader(stream), label, registry, encoding != "utf-8-sig")
            except UnicodeDecodeError as exc:
                raise _NotUtf8(raw.tell() - len(exc.object) + exc.start) from None
    except OSError as exc:
        raise DataError(f"{label}: cannot read: {exc.strerror}") from None


def _parse(reader, label: str, registry: Registry, gbk: bool) -> tuple[pd.DataFrame, list[County]]:
    """Rows of ``reader``: the first non-blank one is the header. Row numbers are the file's line numbers."""
    header = None
    rows = _Rows(label, registry, gbk)
    lines: list[int] = []
    chunk: list[list[str]] = []
    try:
        for cells in reader:
            if not "".join(cells).strip():
                continue  # blank rows are skipped but still counted, so "row N" is the file's line N
            if header is None:
                header = _header(cells, label, reader.line_num)
                rows.header = header
                continue
            lines.append(reader.line_num)
            chunk.append(cells)
            if len(chunk) == CHUNK:
                rows.add_chunk(lines, chunk)
                lines, chunk = [], []
        rows.add_chunk(lines, chunk)
    except csv.Error as exc:
        raise DataError(f"{label}: row {reader.line_num}: not readable as CSV: {exc}") from None
    if header is None:
        raise DataError(f"{label}: file has no header row; expected columns {', '.join(REQUIRED)}")
    return _result(rows)


def _result(rows: "_Rows") -> tuple[pd.DataFrame, list[County]]:
    if not rows.count:
        raise DataError(f"{rows.label}: no data rows under the header")
    return pd.DataFrame(dict(zip(OBS_COLUMNS, rows.columns)), columns=OBS_COLUMNS), list(rows.new.values())


def _frame(arrays: list) -> pd.DataFrame:
    """The records read by :mod:`sim.data.arrowrows` (Arrow arrays) as the frame the row-by-row reader makes."""
    text = pd.Series([""]).dtype  # pandas' text dtype: Arrow-backed since pandas 3, Python objects before
    if isinstance(text, pd.StringDtype) and text.storage == "pyarrow":
        columns = {name: pd.array(array, dtype=text) for name, array in zip(OBS_COLUMNS, arrays)}
    else:
        columns = {name: array.to_pylist() for name, array in zip(OBS_COLUMNS, arrays)}
    return pd.DataFrame(columns, columns=OBS_COLUMNS)


def _header(first: list[str], label: str, at: int) -> list[str]:
    names = [clean_text(h).lower() for h in first]
    while names and names[-1] == "":  # Excel exports often end the header with empty cells
        names.pop()
    header = [_ALIASES.get(h, h) for h in names]
    unknown = [h for h in header if h not in REQUIRED + OPTIONAL]
    if unknown:
        raise DataError(f"{label}: row {at}: unknown column {shown(unknown[0])}; columns are {', '.join(REQUIRED + OPTIONAL)}")
    if "county" in names and "county_id" in names:
        raise DataError(f"{label}: row {at}: columns county and county_id are the same column (two names for it); keep one")
    missing = [h for h in REQUIRED if h not in header]
    if missing:
        raise DataError(f"{label}: row {at}: missing column {shown(missing[0])}; needed: {', '.join(REQUIRED)}")
    twice = sorted({h for h in names if names.count(h) > 1})
    if twice:
        raise DataError(f"{label}: row {at}: column {shown(twice[0])} appears twice")
    return header


CHUNK = 5_000
"""Rows read before they are checked: small enough that a problem near the top stops the read at once."""
_STATUSES = frozenset(OBS_STATUSES)
_CONFIDENCES = frozenset(CONFIDENCES)
_LONGEST = {"source": limits.MAX_TEXT, "name_zh": limits.MAX_NAME, "name_pinyin": limits.MAX_NAME}


class _Rows:
    """The rows of one file, checked one at a time: records, new counties, and what was seen (for duplicates)."""

    def __init__(self, label: str, registry: Registry, gbk: bool):
        self.label, self.registry, self.gbk = label, registry, gbk
        self.header: list[str] = []
        self.columns: list[list[str]] = [[] for _ in OBS_COLUMNS]  # the records, column by column
        self.count = 0
        self.new: dict[str, County] = {}
        self.seen: dict[tuple[str, int], int] = {}  # county-year -> row, of the rows read one by one
        self.fast_seen: set[tuple[str, int]] = set()  # county-years of the chunks read column by column
        self.fast_chunks: list[tuple[list, list[int]]] = []  # their (county-years, rows), for "first at row N"
        self.resolved: dict[str, str] = {}  # county text -> id (a 100,000-row file names few counties)
        self.names: dict[str, tuple[int, str]] = {}  # id -> (row, name_zh) as first given
        self.taken: dict[str, list[County]] = {}  # stems of new counties' names and folded pinyin -> the county
        self.default_source = Path(label).name

    def add_chunk(self, lines: list[int], chunk: list[list[str]]) -> None:
        """Rows of one chunk: column by column when every check passes at once (:mod:`sim.data.fastrows`),
        else row by row, which reports the first problem at its row."""
        from sim.data import fastrows

        if chunk and not fastrows.add(self, lines, chunk):
            for line, cells in zip(lines, chunk):
                self.add(line, cells)

    def add(self, line: int, cells: list[str]) -> None:
        label, header = self.label, self.header
        if self.count >= limits.MAX_DATA_ROWS:
            raise DataError(f"{label}: row {line}: more than {limits.MAX_DATA_ROWS:,} data rows; the limit is "
                            f"{limits.MAX_DATA_ROWS:,} (MAX_DATA_ROWS); split the file")
        if len(cells) > len(header) and any(c.strip() for c in cells[len(header):]):
            raise DataError(f"{label}: row {line}: {len(cells)} cells under a header of {len(header)} columns")
        cell = dict(zip(header, [_clean(c) for c in cells] + [""] * (len(header) - len(cells))))
        for column, longest in _LONGEST.items():
            text = cell.get(column, "")
            if text and not text.isprintable():
                raise DataError(f"{label}: row {line}, column {column}: must be printable text on one line; got {shown(text)}")
            if len(text) > longest:
                raise DataError(f"{label}: row {line}, column {column}: at most {longest} characters; got {len(text)}")
        county_id = self.county(cell, line)
        year = _year(cell["year"], f"{label}: row {line}, column year")
        gdp = _gdp(cell["gdp_yi"], f"{label}: row {line}, column gdp_yi")
        growth = cell.get("real_growth", "")
        status = cell.get("status", "") or "official"
        confidence = cell.get("confidence", "") or "unrated"
        if status not in _STATUSES:
            raise DataError(f"{label}: row {line}, column status: must be one of {', '.join(OBS_STATUSES)}; got {shown(status)}")
        if confidence not in _CONFIDENCES:
            raise DataError(f"{label}: row {line}, column confidence: must be one of {', '.join(CONFIDENCES)}; got {shown(confidence)}")
        key = (county_id, year)
        first = self.seen.setdefault(key, line)
        if first == line and key in self.fast_seen:
            first = next(rows[keys.index(key)] for keys, rows in self.fast_chunks if key in keys)
        if first != line:
            raise DataError(f"{label}: row {line}: duplicate county-year {county_id} {year} (first at row {first})")
        record = (county_id, str(year), repr(gdp),
                  repr(parse_rate(growth, f"{label}: row {line}, column real_growth")) if growth else "",
                  status, confidence, cell.get("source", "") or f"{self.default_source} row {line}")
        for column, value in zip(self.columns, record):
            column.append(value)
        self.count += 1

    def county(self, cell: dict[str, str], line: int) -> str:
        text = cell["county"]
        where = f"{self.label}: row {line}, column county"
        if not text:
            raise DataError(f"{where}: must name a county; got ''")
        county_id = self.resolved.get(text)
        if county_id is None:
            if is_county_code(text) and text not in self.registry and text not in self.new:
                county_id = self.add_county(cell, text, line)
            else:
                known = self.registry.with_added(list(self.new.values())) if self.new else self.registry
                county_id = self.resolve(known, text, where)
            self.resolved[text] = county_id
        self.check_names(cell, county_id, line)
        return county_id

    def resolve(self, known: Registry, text: str, where: str) -> str:
        try:
            return known.resolve(text, where)
        except DataError as exc:
            if self.gbk and "unknown county" in str(exc):
                raise DataError(f"{exc}; the file is not UTF-8 and was read as GBK: if it is Big5 or another "
                                f"encoding, save it as UTF-8") from None
            raise

    def add_county(self, cell: dict[str, str], code: str, line: int) -> str:
        label = self.label
        name = cell.get("name_zh", "")
        if not name:
            raise DataError(f"{label}: row {line}, column county: code {code} is not a county tiersim knows; add its "
                            f"name_zh column to load it as a new county")
        for column in ("name_zh", "name_pinyin"):
            text = cell.get(column, "")
            taken = (self.registry.candidates(text) or self.taken.get(_stem(text), [])
                     or self.taken.get(_fold_pinyin(text), [])) if text else []
            if taken:
                raise DataError(f"{label}: row {line}, column {column}: new county {code} is named {shown(text)}, which "
                                f"already names {taken[0].name_zh} ({taken[0].id}); give it a name of its own")
        limits.check_counties(len(self.registry) + len(self.new) + 1, f"{label}: row {line}, column county: new county {code}")
        self.new[code] = county = County(id=code, name_zh=name, name_pinyin=cell.get("name_pinyin", ""), prefecture="",
                                         tier="other")
        self.taken = {**self.taken, _stem(name): [county]}  # a new dict: the fast path restores the old one
        if county.name_pinyin:
            self.taken[_fold_pinyin(county.name_pinyin)] = [county]
        self.names[code] = (line, name)
        return code

    def check_names(self, cell: dict[str, str], county_id: str, line: int) -> None:
        """A ``name_zh`` (or ``name_pinyin``) must name the row's county: no second name for a new county, no
        other name for a shipped one."""
        for column in ("name_zh", "name_pinyin"):
            text = cell.get(column, "")
            if not text:
                continue
            if county_id in self.new:
                given = getattr(self.new[county_id], column)
                if text != given:
                    raise DataError(f"{self.label}: row {line}, column {column}: county {county_id} was named "
                                    f"{shown(given)} at row {self.names[county_id][0]}; got {shown(text)}")
            elif county_id not in (c.id for c in self.registry.candidates(text)):
                shipped = self.registry[county_id]
                raise DataError(f"{self.label}: row {line}, column {column}: {county_id} is {shipped.name_zh} "
                                f"({shipped.name_pinyin}); a shipped county cannot be renamed; got {shown(text)}")


def _clean(text: str) -> str:
    """:func:`clean_text`, with the fast path of ASCII text (which NFKC leaves as it is)."""
    return text.strip() if text.isascii() else clean_text(text)


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
