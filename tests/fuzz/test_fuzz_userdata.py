"""Fuzzing the ``--data`` CSV loader: bad cells, encodings, BOMs, blank rows, duplicates, extra columns, random bytes.

A file either loads into exactly the figures the README's rules give, or stops with one line
``FILE: row N, column C: rule; got VALUE`` (or ``FILE: row N: ...``, ``FILE: byte N: ...``);
never a traceback, never a NaN, infinite, zero or negative GDP or an out-of-range year taken in.
"""

from __future__ import annotations

import csv
import io
import math
import re
from functools import cache
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import sim.data
from sim.data import CONFIDENCES, OBS_STATUSES
from sim.data.userdata import read_user_file

from .oracle import REJECT, message_of, outcome, registry

COLUMNS = ["county", "year", "gdp_yi", "real_growth", "status", "confidence", "source"]
ROWS = [
    ["潜江", "2020", "765.23", "0.05", "official", "high", "yearbook p.1"],
    ["仙桃", "2019", "900", "", "secondary", "medium", ""],
    ["大冶", "2021", "1,034.5", "3.1%", "", "", ""],
]
DEFAULT = object()  # the default source: "FILE-NAME row N"
READ = [
    ("429005", 2020, 765.23, 0.05, "official", "high", "yearbook p.1"),
    ("429004", 2019, 900.0, None, "secondary", "medium", DEFAULT),
    ("420281", 2021, 1034.5, 0.031, "official", "unrated", DEFAULT),
]
"""What :data:`ROWS` say, by the README's rules."""
OTHER_NAME = {"429005": "Qianjiang", "429004": "XIANTAO", "420281": "420281"}

TOKENS = {
    "county": {
        "天门": "429006", "天门市": "429006", "Tianmen": "429006", "TIANMEN": "429006", "tianmen": "429006", "Tian men": "429006",
        "Tian-men": "429006", "429006": "429006", "４２９００６": "429006", " 天门 ": "429006", "天门县": "429006", "Ｔｉａｎｍｅｎ": "429006",
        "Nowhere": REJECT, "": REJECT, "天": REJECT, "市": REJECT, "429999": REJECT, "42٩٠٠٦": REJECT, "320583": REJECT, "Tianmenn": REJECT,
        "天门市市": REJECT, "Tian_men": REJECT, "nan": REJECT,
    },
    "year": {
        "2020": 2020, "２０２０": 2020, " 2021 ": 2021, "2020.0": 2020, "1949": 1949, "2100": 2100, "2,020": 2020, "+2020": 2020,
        "2.02e3": 2020, "1948": REJECT, "2101": REJECT, "2020.5": REJECT, "": REJECT, "nan": REJECT, "inf": REJECT, "20x0": REJECT,
        "2_020": REJECT, "-2020": REJECT, "1e400": REJECT, "二〇二〇": REJECT, "2020年": REJECT, "9" * 5000: REJECT,
    },
    "gdp_yi": {
        "765.23": 765.23, "1,234.5": 1234.5, "１，２３４．５": 1234.5, "７６５": 765.0, " 800 ": 800.0, "8e2": 800.0, "100000": 100000.0,
        "100,000": 100000.0, "1e-5": 1e-05, "+5": 5.0, "100000.1": REJECT, "1e300": REJECT, "7653000": REJECT, "0": REJECT, "0.0": REJECT,
        "-1": REJECT, "-0": REJECT, "nan": REJECT, "NaN": REJECT, "inf": REJECT, "-inf": REJECT, "Infinity": REJECT, "1e400": REJECT,
        "": REJECT, "abc": REJECT, "1234,5": REJECT, "1,23": REJECT, "1,2345.6": REJECT, "800亿": REJECT, "1_000": REJECT, "7%": REJECT,
        "0x10": REJECT, "--5": REJECT, "1.2.3": REJECT,
    },
    "real_growth": {
        "": None, "0.085": 0.085, "8.5%": 0.085, "８．５％": 0.085, "-4.6 %": -0.046, "0.5": 0.5, "50%": 0.5, "-50%": -0.5, "0.9%": 0.009,
        "0": 0.0, "0%": 0.0, "8.5": REJECT, "60%": REJECT, "0.51": REJECT, "-0.51": REJECT, "nan": REJECT, "inf%": REJECT, "abc": REJECT,
        "7": REJECT, "1,000%": REJECT, "%": REJECT, "0_1": REJECT, "8.5%%": REJECT, "1e400%": REJECT,
    },
    "status": {
        "": "official", "official": "official", "secondary": "secondary", "forecast": "forecast", "estimated": "estimated",
        " forecast ": "forecast", "ｏｆｆｉｃｉａｌ": "official", "Official": REJECT, "guess": REJECT, "imputed": REJECT,
    },
    "confidence": {
        "": "unrated", "high": "high", "medium": "medium", "low": "low", "unrated": "unrated", "HIGH": REJECT, "sure": REJECT,
    },
    "source": {"": DEFAULT, "yearbook": "yearbook", "湖北统计年鉴2021 表 x-y": "湖北统计年鉴2021 表 x-y", "a, b": "a, b", 'say "x"': 'say "x"'},
}
HEADER_FORMS = {"county": ["county", "county_id", "County", "ＣＯＵＮＴＹ", " county "], "year": ["year", "YEAR"], "gdp_yi": ["gdp_yi", "GDP_YI"]}
BLANK = ["", ",,", " , ", ",,,,,,,,,"]
ENCODINGS = ["utf-8", "utf-8-sig", "gbk", "gb18030", "utf-16"]
_CELL_CHARS = st.characters(exclude_categories=("Cs",), exclude_characters="\r\n")
_PLACE = re.compile(r"(row \d+(, column (county|year|gdp_yi|real_growth|status|confidence|source|name_zh|name_pinyin))?: "
                    r"|byte \d+: |file has no header row; |no data rows under the header$)")


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("fuzz_userdata")


@cache
def shipped() -> sim.data.Dataset:
    return sim.data.load_shipped()


def place(exc, path: Path) -> str:
    """The message of a refusal, checked; returns what follows ``FILE: ``."""
    message = message_of(exc, str(path))
    rest = message[len(str(path)) + 2:]
    assert _PLACE.match(rest), message
    return rest


def assert_sane(frame, new, path: Path) -> None:
    """What a loaded file always satisfies, and that the rest of a run takes it as it is."""
    ids = set(registry().ids) | {c.id for c in new}
    assert all(re.fullmatch(r"42[0-9]{4}", c.id) and c.name_zh and c.name_zh.isprintable() and c.name_pinyin.isprintable() for c in new)
    assert set(frame["county_id"]) <= ids
    years = [int(y) for y in frame["year"]]
    assert all(1949 <= y <= 2100 for y in years)
    assert all(math.isfinite(float(g)) and 0 < float(g) <= 1e5 for g in frame["gdp_yi"])
    assert all(g == "" or -0.5 <= float(g) <= 0.5 for g in frame["real_growth"])
    assert set(frame["status"]) <= set(OBS_STATUSES) and set(frame["confidence"]) <= set(CONFIDENCES)
    assert len(set(zip(frame["county_id"], years))) == len(frame)
    sim.data.with_observations(shipped(), frame, str(path), new)  # validates again; must not refuse what the loader took


def encode(text: str, encoding: str) -> tuple[bytes, str]:
    """The bytes of ``text`` in ``encoding``, or in UTF-8 if it cannot carry the text."""
    try:
        return text.encode(encoding), encoding
    except UnicodeEncodeError:
        return text.encode("utf-8"), "utf-8"


def cell(column: str):
    """A token with its expected reading, or any short text (expected: unknown) for the column."""
    table = TOKENS[column]
    return st.sampled_from(sorted(table.items())) | st.tuples(st.text(_CELL_CHARS, max_size=8), st.just(None if column != "source" else "?"))


@given(data=st.data())
def test_a_table_with_one_cell_changed(folder, data):
    row = data.draw(st.integers(0, len(ROWS) - 1), label="row")
    column = data.draw(st.sampled_from(COLUMNS), label="column")
    token, want = data.draw(cell(column), label="token")
    known = token in TOKENS[column]
    want = TOKENS[column].get(token, want)
    order = data.draw(st.permutations(range(len(COLUMNS))), label="order")
    header = [data.draw(st.sampled_from(HEADER_FORMS.get(c, [c])), label=f"header {c}") for c in COLUMNS]
    rows = [list(r) for r in ROWS]
    rows[row][COLUMNS.index(column)] = token
    duplicate = data.draw(st.sampled_from([None] + [i for i in range(len(ROWS)) if i != row]), label="duplicate of")
    if duplicate is not None:  # the same county and year again, named another way
        again = list(ROWS[duplicate])
        again[0] = OTHER_NAME[READ[duplicate][0]]
        rows.append(again)
    lines = [header] + rows
    blanks = data.draw(st.lists(st.tuples(st.integers(0, len(lines)), st.sampled_from(BLANK)), max_size=3), label="blank lines")
    newline = data.draw(st.sampled_from(["\n", "\r\n"]), label="newline")

    # write it, keeping the file line of each record
    records, at = [], {}
    for i, record in enumerate(lines):
        records += [None] * sum(1 for pos, _ in blanks if pos == i)
        at[i] = len(records) + 1
        records.append(record)
    records += [None] * sum(1 for pos, _ in blanks if pos == len(lines))
    blank_texts = iter([b for _, b in sorted(blanks, key=lambda x: x[0])])
    out = io.StringIO()
    writer = csv.writer(out, lineterminator=newline)
    for record in records:
        if record is None:
            out.write(next(blank_texts) + newline)
        else:
            writer.writerow([record[j] for j in order])
    encoding = data.draw(st.sampled_from(ENCODINGS), label="encoding")
    raw, encoding = encode(out.getvalue(), encoding)
    path = folder / "mine.csv"
    path.write_bytes(raw)

    result, error = outcome(lambda: read_user_file(path, registry()))
    if encoding == "utf-16":
        assert error is not None and place(error, path).startswith("byte 0: file is neither UTF-8 nor GBK"), error
        return
    bad_line = at[1 + row]
    if known and want is REJECT:
        rest = place(error, path)
        assert rest.startswith(f"row {bad_line}, column {column}: "), rest
        return
    if duplicate is not None and (known or error is None):
        rest = place(error, path)
        assert rest.startswith(f"row {at[len(lines) - 1]}: duplicate county-year"), rest
        return
    if error is not None:  # an unknown text refused (or it made a county-year twice)
        assert not known, error
        assert place(error, path).startswith("row "), error
        return
    frame, new, notes = result
    assert_sane(frame, new, path)
    try:
        raw.decode("utf-8")
        assert notes == []
    except UnicodeDecodeError:
        assert notes == [f"{path}: not UTF-8; read as GBK/GB18030"]
    if not known:
        return
    expected = [list(r) for r in READ]
    expected[row][COLUMNS.index(column)] = want
    got = [[r["county_id"], int(r["year"]), float(r["gdp_yi"]), float(r["real_growth"]) if r["real_growth"] else None, r["status"],
            r["confidence"], r["source"]] for r in frame.to_dict("records")]
    for i, e in enumerate(expected):
        if e[6] is DEFAULT:
            e[6] = f"mine.csv row {at[1 + i]}"
    assert got == expected


@pytest.mark.parametrize("extra", ["gdp_wan", "", "备注", " ", "county"])
def test_an_extra_column_is_refused(folder, extra):
    path = folder / "extra.csv"
    path.write_text(",".join(COLUMNS + [extra]) + "\n" + "\n".join(",".join(f'"{c}"' for c in r + ["1"]) for r in ROWS) + "\n",
                    encoding="utf-8")
    _, error = outcome(lambda: read_user_file(path, registry()))
    # an empty trailing header cell is dropped (Excel writes those); the filled cells under it are refused
    assert place(error, path).startswith("row 1: " if extra.strip() else "row 2: "), error


@given(row=st.integers(0, len(ROWS) - 1), extra=st.lists(st.text(_CELL_CHARS, max_size=4), min_size=1, max_size=3))
def test_more_cells_than_columns(folder, row, extra):
    rows = [list(r) for r in ROWS]
    rows[row] += extra
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([COLUMNS] + rows)
    path = folder / "cells.csv"
    path.write_text(out.getvalue(), encoding="utf-8")
    result, error = outcome(lambda: read_user_file(path, registry()))
    if any(e.strip() for e in extra):
        assert place(error, path).startswith(f"row {row + 2}: {len(COLUMNS) + len(extra)} cells under a header of {len(COLUMNS)} columns")
    else:  # empty trailing cells, as a spreadsheet writes them, are fine
        assert error is None
        assert_sane(result[0], result[1], path)


@given(code=st.integers(0, 9999), name=st.text(max_size=6), pinyin=st.text(max_size=6), again=st.sampled_from(["code", "name", "pinyin"]))
def test_a_new_county(folder, code, name, pinyin, again):
    county = f"42{code:04d}"
    out = io.StringIO()
    second = {"code": county, "name": name, "pinyin": pinyin}[again]
    csv.writer(out, lineterminator="\n").writerows([["county", "year", "gdp_yi", "name_zh", "name_pinyin"], [county, "2020", "100", name, pinyin],
                                                    [second, "2021", "110", "", ""]])
    path = folder / "new.csv"
    path.write_text(out.getvalue(), encoding="utf-8")
    result, error = outcome(lambda: read_user_file(path, registry()))
    if error is not None:
        place(error, path)
        return
    frame, new, _ = result
    assert_sane(frame, new, path)
    if county not in registry():
        assert [c.id for c in new] == [county]
    assert set(frame["county_id"]) <= {county} | set(registry().ids)


@given(head=st.sampled_from([b"", b"county,year,gdp_yi\n", b"\xef\xbb\xbfcounty,year,gdp_yi\r\n"]), body=st.binary(max_size=200))
def test_random_bytes(folder, head, body):
    path = folder / "bytes.csv"
    path.write_bytes(head + body)
    result, error = outcome(lambda: read_user_file(path, registry()))
    if error is not None:
        place(error, path)
    else:
        assert_sane(result[0], result[1], path)


_TEXT_CELLS = st.one_of(st.text(max_size=6), st.sampled_from([t for table in TOKENS.values() for t in table]))


@given(header=st.lists(st.sampled_from(COLUMNS + ["name_zh", "name_pinyin", "county_id", "x"]), min_size=1, max_size=6),
       rows=st.lists(st.lists(_TEXT_CELLS, max_size=7), max_size=5), encoding=st.sampled_from(ENCODINGS),
       newline=st.sampled_from(["\n", "\r\n", "\r"]))
def test_random_tables(folder, header, rows, encoding, newline):
    out = io.StringIO()
    csv.writer(out, lineterminator=newline).writerows([header] + rows)
    raw, _ = encode(out.getvalue(), encoding)
    path = folder / "random.csv"
    path.write_bytes(raw)
    result, error = outcome(lambda: read_user_file(path, registry()))
    if error is not None:
        place(error, path)
    else:
        assert_sane(result[0], result[1], path)
