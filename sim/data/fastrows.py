"""Checking a chunk of ``--data`` rows column by column: the fast path of :mod:`sim.data.userdata`.

The row-by-row reader (``_Rows.add``) is the rule book: it reports the first problem at its row. Checking
100,000 rows one at a time in Python takes about a second; this module checks a chunk of rows a column at
a time (one regular expression over a whole column, each distinct county, year or rate parsed once) and
gives **the same records and the same state** when every row passes. When anything is unusual (ragged
rows, thousands separators, an unknown county, a duplicate, a text limit, ...) it changes nothing and
returns ``False``, and the chunk is read again row by row, which finds the row and writes the message.
A test compares both paths on random files (``tests/fuzz/test_fuzz_userdata.py``).
"""

from __future__ import annotations

import unicodedata
from typing import TYPE_CHECKING

from sim.data import limits
from sim.errors import DataError

if TYPE_CHECKING:
    from sim.data.userdata import _Rows

_DIGITS = b"0123456789."


def plain_decimals(column: list[str]) -> bool:
    """Every cell is made of digits and points only (``float`` then reads it exactly as ``parse_number`` does,
    or refuses it, as it refuses ``""`` or ``1.2.3``).

    >>> plain_decimals(["12.5", "7"]), plain_decimals(["1,234"]), plain_decimals(["１２"])
    (True, False, False)
    """
    joined = "".join(column)
    return joined.isascii() and not joined.encode("ascii").translate(None, _DIGITS)


def clean_column(column: tuple[str, ...] | list[str]) -> list[str] | None:
    """Every cell as :func:`sim.data.userdata.clean_text` makes it (NFKC, stripped), normalising the column
    as one text; ``None`` if a cell holds the separator (NUL; such a cell is refused row by row).

    >>> clean_column(["７８５", " a ", "天门"])
    ['785', 'a', '天门']
    """
    joined = "\x00".join(column)
    if joined.count("\x00") != len(column) - 1:
        return None
    if not joined.isascii():
        parts = unicodedata.normalize("NFKC", joined).split("\x00")
        if len(parts) != len(column):
            return None
        column = parts
    return list(map(str.strip, column))


def read(path, rows: "_Rows", header_of) -> "_Rows | None":
    """All rows of the UTF-8 file ``path`` through ``pandas.read_csv`` (its C parser, in chunks, so a problem near
    the top stops the read at once), if every chunk passes :func:`add_columns`; ``None`` (read it again row by row)
    at the first chunk that does not, or if the file is not plain UTF-8 CSV with the header on line 1 and no blank
    or multi-line rows (where a row's index would not be its line number)."""
    import pandas as pd

    try:
        chunks = pd.read_csv(path, header=None, dtype=object, na_filter=False, skip_blank_lines=False, chunksize=CHUNK,
                             encoding="utf-8-sig", engine="c")
        with chunks:
            for chunk in chunks:
                values = chunk.to_numpy()
                if (values == "").all(axis=1).any():
                    return None
                columns = values.T.tolist()
                every = "".join(map("".join, columns))
                if "\n" in every or "\r" in every:
                    return None
                start = int(chunk.index[0]) + 1  # the row's line number (no blank or multi-line rows)
                if start == 1:
                    rows.header = header_of([c[0] for c in columns], rows.label, 1)
                    columns = [c[1:] for c in columns]
                    start = 2
                if columns and columns[0] and not add_columns(rows, list(range(start, start + len(columns[0]))), columns):
                    return None
    except (OSError, ValueError, TypeError, UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError):
        return None  # the row-by-row reader says what is wrong, at its row
    return rows if rows.header else None


CHUNK = 5_000
"""Rows checked at once: small enough that a problem near the top stops the read at once."""


def add(rows: "_Rows", lines: list[int], chunk: list[list[str]]) -> bool:
    """Add ``chunk`` (rows at file lines ``lines``) to ``rows`` if every row passes; else change nothing."""
    sizes = set(map(len, chunk))
    if len(sizes) != 1:
        return False
    return add_columns(rows, lines, [list(c) for c in zip(*chunk)])


def add_columns(rows: "_Rows", lines: list[int], columns: list[list[str]]) -> bool:
    """Add the rows given as ``columns`` (in the file's order) if every row passes; else change nothing."""
    saved = dict(rows.new), dict(rows.names), dict(rows.resolved), rows.taken
    if _add(rows, lines, columns):
        return True
    rows.new, rows.names, rows.resolved, rows.taken = saved
    return False


def _add(rows: "_Rows", lines: list[int], columns: list[list[str]]) -> bool:
    """Columns are cleaned (NFKC, stripped) only where it can matter: the text columns always; a year, growth or
    county once per distinct value; GDP, status and confidence only if they are not already plain."""
    from sim.data import userdata

    width = len(rows.header)
    if rows.count + len(lines) > limits.MAX_DATA_ROWS or len(columns) < width:
        return False
    if len(columns) > width and "".join("".join(c) for c in columns[width:]).strip():
        return False
    n = len(lines)
    blank = [""] * n
    raw = dict(zip(rows.header, columns[:width]))
    get = lambda name: raw.get(name, blank)  # noqa: E731
    text = {}
    for name, longest in userdata._LONGEST.items():
        text[name] = clean_column(get(name))
        joined = "".join(text[name]) if text[name] is not None else "\x00"
        if not joined.isprintable() or (joined and max(map(len, text[name])) > longest):
            return False
    ids = _counties(rows, lines, get("county"), text["name_zh"], text["name_pinyin"])
    if ids is None:
        return False
    try:
        years = {t: userdata._year(t, "") for t in set(get("year"))}  # both parsers clean their text first
        rates = {t: repr(userdata.parse_rate(t, "")) for t in set(get("real_growth")) if t}
    except DataError:
        return False
    gdp = _plain(get("gdp_yi"), plain_decimals)
    status = _plain(get("status"), lambda c: set(c) <= userdata._STATUSES | {""})
    confidence = _plain(get("confidence"), lambda c: set(c) <= userdata._CONFIDENCES | {""})
    if gdp is None or status is None or confidence is None:
        return False
    try:
        values = list(map(float, gdp))
    except ValueError:
        return False
    if min(values) <= 0 or max(values) > userdata.MAX_GDP:
        return False
    year_of = list(map(years.__getitem__, get("year")))
    keys = list(zip(ids, year_of))
    distinct = set(keys)
    if len(distinct) != n or not distinct.isdisjoint(rows.fast_seen) or not rows.seen.keys().isdisjoint(distinct):
        return False
    rows.fast_seen |= distinct
    rows.fast_chunks.append((keys, lines))
    rates[""] = ""
    status = [s or "official" for s in status] if "" in status else status
    confidence = [c or "unrated" for c in confidence] if "" in confidence else confidence
    source = [s or f"{rows.default_source} row {line}" for s, line in zip(text["source"], lines)]
    as_text = {t: str(v) for t, v in years.items()}
    for column, values_ in zip(rows.columns, (ids, list(map(as_text.__getitem__, get("year"))), list(map(repr, values)),
                                              list(map(rates.__getitem__, get("real_growth"))), status, confidence,
                                              source)):
        column.extend(values_)
    rows.count += n
    return True


def _plain(column: list[str], ok) -> list[str] | None:
    """``column`` if ``ok`` as written, else cleaned if then ``ok``, else ``None``."""
    if ok(column):
        return column
    cleaned = clean_column(column)
    return cleaned if cleaned is not None and ok(cleaned) else None


def _counties(rows: "_Rows", lines: list[int], county: list[str], name_zh: list[str],
              name_pinyin: list[str]) -> list[str] | None:
    """The county id of every row, resolving each distinct (county, name_zh, name_pinyin) once in the order of
    the rows (so new counties are added as row by row would); ``None`` on any problem. ``county`` is as written
    (each distinct value is cleaned here), the names already cleaned."""
    from sim.data.userdata import _clean

    named = any(name_zh) or any(name_pinyin)
    distinct = dict.fromkeys(zip(county, name_zh, name_pinyin) if named else county)
    found, first = {}, None
    try:
        for key in distinct:
            written, zh, pinyin = key if named else (key, "", "")
            text = _clean(written)
            # the row matters only where a new county is added (its first row is kept for later messages)
            if text not in rows.resolved and text not in rows.registry and first is None:
                first = dict(zip(reversed(county), range(len(county) - 1, -1, -1)))
            line = lines[first[written]] if first is not None and text not in rows.resolved else 0
            found[key] = rows.county({"county": text, "name_zh": zh, "name_pinyin": pinyin}, line)
    except DataError:
        return None
    return [found[key] for key in (zip(county, name_zh, name_pinyin) if named else county)]
