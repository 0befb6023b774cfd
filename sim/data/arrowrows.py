"""Reading a whole ``--data`` file with Arrow's CSV reader: the fastest path of :mod:`sim.data.userdata`.

A yearbook export is plain UTF-8 CSV: this module reads it in blocks with ``pyarrow.csv`` (cells stay in
Arrow's buffers), checks each block a column at a time with Arrow's compute functions, and turns into Python
objects only what has to be looked at in Python: the distinct counties, years, rates, statuses and
confidences, and text that is not plain ASCII. It gives **exactly** the frame and counties of the row-by-row
rules (``_Rows.add``) when every row passes; at the first block that does not (or anything unusual: another
encoding, blank or multi-line rows, full-width digits in GDP, a duplicate, ...), it returns ``None`` and the
file is read again by the row-by-row reader, which names the row and column of the first problem. A block
is about 15,000 rows, so a problem near the top stops the read at once. A test compares both paths on random
files (``tests/fuzz/test_fuzz_fastrows.py``).
"""

from __future__ import annotations

import csv
import io
import unicodedata
from typing import TYPE_CHECKING

import numpy as np

from sim.data import limits
from sim.errors import DataError

if TYPE_CHECKING:
    from sim.data.userdata import _Rows

BLOCK = 1 << 20
"""Bytes read and checked at once (about 15,000 rows of a yearbook file)."""
_PRINTABLE_ASCII = bytes(range(0x20, 0x7F))
"""Printable ASCII (NFKC leaves it as it is; the only whitespace in it is the space)."""


def read(path, rows: "_Rows", header_of):
    """The records (columns in ``OBS_COLUMNS`` order, as Arrow arrays) of the UTF-8 file ``path``, with the new
    counties added to ``rows``; ``None`` if any block does not pass at once (read it again row by row)."""
    import pyarrow as pa
    import pyarrow.csv as pcsv

    first = _first_line(path)
    if first is None or not "".join(first).strip():
        return None
    rows.header = header_of(first, rows.label, 1)
    names = [f"c{i}" for i in range(len(first))]
    options = dict(read_options=pcsv.ReadOptions(column_names=names, skip_rows=1, block_size=BLOCK, use_threads=False),
                   parse_options=pcsv.ParseOptions(newlines_in_values=True, ignore_empty_lines=False),
                   convert_options=pcsv.ConvertOptions(column_types={n: pa.string() for n in names},
                                                       strings_can_be_null=False, quoted_strings_can_be_null=False))
    parts: list[list] = []
    keys: set[int] = set()
    number: dict[str, int] = {}  # county id -> a number, for the county-year keys
    parsed: dict[tuple[str, str], object] = {}  # the years and rates read so far, by their text
    try:
        with pcsv.open_csv(path, **options) as reader:
            for batch in reader:
                if batch.num_rows == 0:
                    continue
                records = _block(rows, batch, rows.count + 2, keys, number, parsed)
                if records is None:
                    return None
                parts.append(records)
                rows.count += batch.num_rows
    except (OSError, ValueError, pa.ArrowException):
        return None  # the row-by-row reader says what is wrong, at its row
    if not parts:
        return None
    return [pa.concat_arrays([p[k] for p in parts]) for k in range(len(parts[0]))]


def _first_line(path) -> list[str] | None:
    try:
        with open(path, encoding="utf-8-sig", newline="") as stream:
            line = stream.readline(1 << 16)
    except (OSError, UnicodeDecodeError):
        return None
    if not line.endswith(("\n", "\r")) or "\r" in line.rstrip("\r\n"):
        return None
    try:
        return next(csv.reader(io.StringIO(line)), None)
    except csv.Error:
        return None


def _block(rows: "_Rows", batch, start: int, keys: set[int], number: dict[str, int], parsed: dict):
    """The seven record columns of one block (rows ``start`` ...), or ``None`` if any row does not pass."""
    import pyarrow as pa
    import pyarrow.compute as pc

    from sim.data import userdata

    n, width = batch.num_rows, len(rows.header)
    if rows.count + n > limits.MAX_DATA_ROWS:
        return None
    data = [_bytes(column) for column in batch.columns]
    if any(b"\n" in d or b"\r" in d for d in data) or any(d.strip() for d in data[width:]):
        return None  # a multi-line cell, or text beyond the named columns
    raw = dict(zip(rows.header, batch.columns[:width]))
    blank = pa.array([""] * n, pa.string())
    get = lambda name: raw.get(name, blank)  # noqa: E731

    text = {name: _text(get(name), longest) for name, longest in userdata._LONGEST.items()}
    if any(v is None for v in text.values()):
        return None
    county_codes, county_text = _distinct(get("county"))
    zh_codes, zh_text = _distinct(text["name_zh"])
    py_codes, py_text = _distinct(text["name_pinyin"])
    ids = _counties(rows, start, (county_codes, zh_codes, py_codes), (county_text, zh_text, py_text))
    if ids is None:
        return None
    id_codes, id_values = ids
    try:
        year_codes, year_text = _distinct(get("year"))
        years = [_parsed(parsed, ("year", t), lambda t=t: userdata._year(t, "")) for t in year_text]
        rate_codes, rate_text = _distinct(get("real_growth"))
        rates = [_parsed(parsed, ("rate", t), lambda t=t: repr(userdata.parse_rate(t, "")) if userdata._clean(t) else "")
                 for t in rate_text]
    except DataError:
        return None
    gdp = get("gdp_yi")
    if _bytes(gdp).translate(None, b"0123456789."):
        return None
    values = pc.cast(gdp, pa.float64()).to_numpy()  # refuses "", "." or "1.2.3" as float() does
    if values.min() <= 0 or values.max() > userdata.MAX_GDP:
        return None
    status = _choices(get("status"), userdata._STATUSES, "official")
    confidence = _choices(get("confidence"), userdata._CONFIDENCES, "unrated")
    if status is None or confidence is None:
        return None

    for county_id in id_values:
        number.setdefault(county_id, len(number))
    year_of = np.asarray(years, dtype=np.int64)[year_codes]
    key = np.asarray([number[c] for c in id_values], dtype=np.int64)[id_codes] * 1000 + (year_of - 1900)
    fresh = set(key.tolist())
    if len(fresh) != n or not keys.isdisjoint(fresh):
        return None
    keys |= fresh

    source = text["source"]
    empty = np.flatnonzero(pc.equal(source, "").to_numpy(zero_copy_only=False))
    if len(empty):
        defaults = pa.array([f"{rows.default_source} row {start + i}" for i in empty.tolist()], pa.string())
        mask = np.zeros(n, dtype=bool)
        mask[empty] = True
        source = pc.replace_with_mask(source, pa.array(mask), defaults)
    return [_take([*id_values], id_codes), _take([str(y) for y in years], year_codes), _canonical(gdp, values),
            _take(rates, rate_codes), status, confidence, source]


def _parsed(parsed: dict, key: tuple[str, str], read):
    """``read()``, once per distinct text of the file (a failure is not kept: it raises every time)."""
    if key not in parsed:
        parsed[key] = read()
    return parsed[key]


def _text(column, longest: int):
    """A text column cleaned as ``userdata._clean`` cleans each cell (NFKC, stripped), if every cell is printable
    and at most ``longest`` characters long; else ``None``."""
    import pyarrow as pa
    import pyarrow.compute as pc

    from sim.data import fastrows

    data = _bytes(column)
    if not data.translate(None, _PRINTABLE_ASCII):
        cleaned = pc.utf8_trim(column, " ")  # printable ASCII: NFKC leaves it; the space is its only whitespace
    else:
        every = data.decode("utf-8")  # the cells one after another (a part of NFKC text is NFKC text)
        if every.isprintable() and unicodedata.is_normalized("NFKC", every):
            cleaned = pc.utf8_trim(column, " ")  # printable text: the space is its only whitespace
        else:
            cells = fastrows.clean_column(column.to_pylist())
            if cells is None or not "".join(cells).isprintable():
                return None
            cleaned = pa.array(cells, pa.string())
    if len(cleaned) and pc.max(pc.utf8_length(cleaned)).as_py() > longest:
        return None
    return cleaned


def _bytes(column) -> bytes:
    """The UTF-8 text of every cell of a string array, one after another."""
    offsets = np.frombuffer(column.buffers()[1], dtype=np.int32, count=len(column) + 1, offset=4 * column.offset)
    data = column.buffers()[2]
    return b"" if data is None else data.to_pybytes()[offsets[0]:offsets[-1]]


def _distinct(column) -> tuple[np.ndarray, list[str]]:
    """Codes (into the list) and the distinct cells of ``column``, in order of first appearance."""
    encoded = column.dictionary_encode()
    return encoded.indices.to_numpy(zero_copy_only=False), encoded.dictionary.to_pylist()


def _choices(column, allowed: frozenset[str], default: str):
    """``column`` cleaned, empty cells as ``default``, if every cell is one of ``allowed``; else ``None``."""
    from sim.data import userdata

    codes, cells = _distinct(column)
    cleaned = [userdata._clean(c) or default for c in cells]
    if not set(cleaned) <= allowed:
        return None
    return _take(cleaned, codes)


def _counties(rows: "_Rows", start: int, codes: tuple, texts: tuple):
    """The county id of every row (codes into a list of ids), resolving each distinct (county, name_zh,
    name_pinyin) once in the order of the rows, so new counties are added as row by row; ``None`` on any problem."""
    from sim.data import userdata

    county, zh, pinyin = codes
    combined = (county.astype(np.int64) * (len(texts[1]) + 1) + zh) * (len(texts[2]) + 1) + pinyin
    distinct, first, inverse = np.unique(combined, return_index=True, return_inverse=True)
    order = np.argsort(first, kind="stable")
    found: dict[int, str] = {}
    try:
        for k in order.tolist():
            row = int(first[k])
            cell = {"county": userdata._clean(texts[0][county[row]]), "name_zh": texts[1][zh[row]],
                    "name_pinyin": texts[2][pinyin[row]]}
            found[k] = rows.county(cell, start + row)
    except DataError:
        return None
    ids = sorted(set(found.values()))
    at = {c: i for i, c in enumerate(ids)}
    return np.asarray([at[found[k]] for k in range(len(distinct))], dtype=np.int64)[inverse.ravel()], ids


CANONICAL = r"^[1-9][0-9]{0,14}\.(?:[0-9]*[1-9]|0)$"
"""A decimal that ``repr(float(text))`` writes back as it is: at least 1, fixed point, no trailing zero after
the point (but ``.0``), at most 15 significant digits (so it is the shortest text that reads back as its double)."""


def _canonical(column, values: np.ndarray):
    """``repr`` of every value, as the row-by-row reader writes a figure: the cell itself where it is already
    written that way (:data:`CANONICAL`), ``repr`` in Python only for the others."""
    import pyarrow as pa
    import pyarrow.compute as pc

    plain = pc.and_(pc.match_substring_regex(column, CANONICAL), pc.less_equal(pc.utf8_length(column), 16))
    other = np.flatnonzero(~plain.to_numpy(zero_copy_only=False))
    if not len(other):
        return column
    mask = np.zeros(len(values), dtype=bool)
    mask[other] = True
    return pc.replace_with_mask(column, pa.array(mask), pa.array([repr(v) for v in values[other].tolist()], pa.string()))


def _take(values: list[str], codes: np.ndarray):
    import pyarrow as pa

    return pa.array(values, pa.string()).take(pa.array(codes))
