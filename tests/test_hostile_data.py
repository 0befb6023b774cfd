"""Hostile ``--data`` files: each problem is one line naming file, row and column, found without reading the rest;
names that would make a county ambiguous are refused; the column-by-column fast path reads exactly what the
row-by-row rules read."""

from __future__ import annotations

import os
import time

import pytest

from sim.data import limits
from sim.data.load import load_dataset
from sim.data.userdata import read_user_file
from sim.errors import DataError, SimError
from tests.hostile_support import invoke, one_line_error

HEADER = "county,year,gdp_yi\n"


def write(tmp_path, text: str, name: str = "mine.csv", encoding: str = "utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def refused(path, registry) -> str:
    with pytest.raises(DataError) as info:
        read_user_file(path, registry)
    return str(info.value)


def test_a_duplicate_at_row_3_of_a_1_gb_file_stops_there_at_once(tmp_path, registry):
    """1 GB of one row repeated: the duplicate at row 3 is reported in under a second, without reading the rest.
    The first 16 MiB are the repeated row; the rest of the gigabyte is a hole (zeros, no newline, no disk), which
    a reader that went on past its first block would choke on."""
    path = tmp_path / "big.csv"
    row = "潜江,2020,765.5,0.05,official,high,yearbook\n".encode()
    with open(path, "wb") as stream:
        stream.write(b"county,year,gdp_yi,real_growth,status,confidence,source\n")
        stream.write(row * (16 * 2**20 // len(row)))
        stream.truncate(2**30)
    started = time.perf_counter()
    message = refused(path, registry)
    assert time.perf_counter() - started < 1.0
    assert message == f"{path}: row 3: duplicate county-year 429005 2020 (first at row 2)"


def test_a_3_gb_file_is_refused_before_it_is_read(tmp_path, registry):
    """Past MAX_DATA_BYTES (a sparse file: nothing is written to disk) the size alone refuses it, in no time."""
    path = tmp_path / "huge.csv"
    with open(path, "wb") as stream:
        stream.write((HEADER + "潜江,2020,765\n潜江,2021,765\n").encode())
        stream.truncate(3 * 2**30)
    started = time.perf_counter()
    message = refused(path, registry)
    assert time.perf_counter() - started < 1.0
    assert message == (f"{path}: file is 3,221,225,472 bytes; the limit is 2,147,483,648 bytes (2 GiB, MAX_DATA_BYTES) "
                       f"for a --data file")


def test_file_size_at_and_past_the_limit(tmp_path, registry, monkeypatch):
    text = (HEADER + "潜江,2020,765\n").encode()
    text += b"\n" * (200 - len(text))  # blank rows up to exactly 200 bytes
    monkeypatch.setattr(limits, "MAX_DATA_BYTES", 200)
    at = tmp_path / "at.csv"
    at.write_bytes(text)
    assert len(read_user_file(at, registry)[0]) == 1
    past = tmp_path / "past.csv"
    past.write_bytes(text + b"\n")
    assert refused(past, registry).startswith(f"{past}: file is 201 bytes; the limit is 200 bytes (")


@pytest.mark.parametrize("text, expected", [
    ("county,year,gdp_yi,name_zh\n429999,2020,100,天门市\n",
     "row 2, column name_zh: new county 429999 is named '天门市', which already names 天门市 (429006); give it a name of its own"),
    ("county,year,gdp_yi,name_zh\n429999,2020,100,天门\n",
     "row 2, column name_zh: new county 429999 is named '天门', which already names 天门市 (429006)"),
    ("county,year,gdp_yi,name_zh,name_pinyin\n429999,2020,100,新县,Tianmen\n",
     "row 2, column name_pinyin: new county 429999 is named 'Tianmen', which already names 天门市 (429006)"),
    ("county,year,gdp_yi,name_zh\n429999,2020,100,新县\n429999,2021,110,新市\n",
     "row 3, column name_zh: county 429999 was named '新县' at row 2; got '新市'"),
    ("county,year,gdp_yi,name_zh\n429999,2020,100,新县\n429998,2021,110,新县\n",
     "row 3, column name_zh: new county 429998 is named '新县', which already names 新县 (429999)"),
    ("county,year,gdp_yi,name_zh\n天门,2020,100,仙桃市\n",
     "row 2, column name_zh: 429006 is 天门市 (Tianmen); a shipped county cannot be renamed; got '仙桃市'"),
    ("county,year,gdp_yi,source\n天门,2020,100,a\x00b\n",
     "row 2, column source: must be printable text on one line; got 'a\\x00b'"),
    ("county,year,gdp_yi,source\n天门,2020,100," + "x" * 501 + "\n", "row 2, column source: at most 500 characters; got 501"),
    ("county,year,gdp_yi,name_zh\n429999,2020,100," + "新" * 51 + "\n", "row 2, column name_zh: at most 50 characters; got 51"),
    ("county,county_id,year,gdp_yi\n潜江,429005,2020,800\n",
     "row 1: columns county and county_id are the same column (two names for it); keep one"),
    ("county,year,gdp_yi,year\n潜江,2020,800,2020\n", "row 1: column 'year' appears twice"),
])
def test_silently_accepted_before_now_refused(tmp_path, registry, text, expected):
    path = write(tmp_path, text)
    assert refused(path, registry).startswith(f"{path}: {expected}")


def test_at_the_text_limits_the_row_is_read(tmp_path, registry):
    path = write(tmp_path, "county,year,gdp_yi,source,name_zh\n429999,2020,100," + "x" * 500 + "," + "新" * 50 + "\n"
                 "天门,2020,500,,天门市\n")
    frame, new, _ = read_user_file(path, registry)
    assert len(frame) == 2 and [c.name_zh for c in new] == ["新" * 50]


def test_a_big5_file_read_as_gbk_says_so(tmp_path, registry):
    path = write(tmp_path, HEADER + "潛江,2020,800\n", encoding="big5")
    message = refused(path, registry)
    assert message.startswith(f"{path}: row 2, column county: unknown county: ")
    assert message.endswith("the file is not UTF-8 and was read as GBK: if it is Big5 or another encoding, save it as UTF-8")


def test_a_folder_is_not_file_not_found(tmp_path, registry):
    assert refused(tmp_path, registry) == f"{tmp_path}: is a folder; name a CSV file"
    assert refused(tmp_path / "nope.csv", registry) == f"{tmp_path / 'nope.csv'}: file not found"


def _new_counties(tmp_path, count: int):
    rows = "".join(f"{429100 + i},2020,{100 + i},新县{i}\n" for i in range(count))
    return write(tmp_path, "county,year,gdp_yi,name_zh\n" + rows)


def test_counties_at_and_past_the_engine_limit(tmp_path, registry):
    """255 county units in one run (the shipped ones plus new ones) load; the 256th is refused at its row."""
    room = limits.MAX_COUNTIES - len(registry)
    frame, new, _ = read_user_file(_new_counties(tmp_path, room), registry)
    assert len(new) == room
    path = _new_counties(tmp_path, room + 1)
    assert refused(path, registry) == (
        f"{path}: row {room + 2}, column county: new county {429100 + room}: 256 county units; the limit is 255 in "
        f"one run (MAX_COUNTIES: the engine's national order numbers counties in 8 bits); split the file")


def test_10000_new_counties_stop_before_any_work(tmp_path):
    path = _new_counties(tmp_path, 10_000)
    started = time.perf_counter()
    message = one_line_error(invoke("run", "--data", path, "--draws", "10"))
    assert time.perf_counter() - started < 10
    assert "the limit is 255 in one run (MAX_COUNTIES" in message


def test_rows_at_and_past_the_limit(tmp_path, registry, monkeypatch):
    monkeypatch.setattr(limits, "MAX_DATA_ROWS", 3)
    ok = write(tmp_path, HEADER + "潜江,2018,700\n潜江,2019,750\n潜江,2020,800\n", name="ok.csv")
    assert len(read_user_file(ok, registry)[0]) == 3
    past = write(tmp_path, HEADER + "潜江,2017,650\n潜江,2018,700\n潜江,2019,750\n潜江,2020,800\n", name="past.csv")
    assert refused(past, registry) == (f"{past}: row 5: more than 3 data rows; the limit is 3 (MAX_DATA_ROWS); "
                                       f"split the file")


def test_100000_rows_load_in_seconds(tmp_path, registry, monkeypatch):
    """The issue's 100,000-row file (658 counties: the county limit is lifted to time the reader) took 252 s."""
    import sys

    sys.path.insert(0, os.path.join(os.path.dirname(__file__), os.pardir, "benchmarks"))
    try:
        import bench_userdata
    finally:
        sys.path.pop(0)
    monkeypatch.setattr(limits, "MAX_COUNTIES", 10**6)
    path = tmp_path / "yearbook.csv"
    bench_userdata.write_file(path, 100_000)
    started = time.perf_counter()
    frame, new, _ = read_user_file(path, registry)
    assert time.perf_counter() - started < 5
    assert len(frame) == 100_000 and len(new) == 632
    assert frame["source"].iloc[-1] == "湖北统计年鉴 表99999"


def test_the_fast_path_reads_what_the_rules_read(tmp_path, registry, monkeypatch):
    """The same file read by Arrow, column by column in chunks and row by row gives identical frames and counties."""
    from sim.data import arrowrows, fastrows

    text = ("county,year,gdp_yi,real_growth,status,confidence,source,name_zh,\n"
            " 潜江 ,2020,765.25,5%,,high,,,\n"
            "Tianmen,２０１９,７００,0.031,secondary,,书 p.1,,\n"
            "429999,2020,100.5,-0.02,estimated,low,src,新县,\n"
            "新县,2021,101,,official,,,,\n")
    path = write(tmp_path, text)
    fast = read_user_file(path, registry)
    monkeypatch.setattr(arrowrows, "read", lambda *a, **k: None)
    chunks = read_user_file(path, registry)
    assert fast[0].equals(chunks[0]) and fast[1] == chunks[1]
    monkeypatch.setattr(fastrows, "read", lambda *a, **k: None)
    monkeypatch.setattr(fastrows, "add", lambda *a, **k: False)
    slow = read_user_file(path, registry)
    assert fast[0].equals(slow[0]) and fast[1] == slow[1]
    assert fast[0]["source"].tolist() == ["mine.csv row 2", "书 p.1", "src", "mine.csv row 5"]


def test_a_project_on_a_county_without_data_is_named(tmp_path):
    path = tmp_path / "proj.yaml"
    path.write_text("extends: baseline\nevents:\n  - {type: project, county: 应城, start: 2026, ramp_years: 3, gdp: 300}\n",
                    encoding="utf-8")
    result = invoke("validate", path, "--lang", "en")  # the fitted model imputes 应城: the project applies
    assert result.exit_code == 0 and result.stderr == "", result.output
    left_out = invoke("validate", path, "--no-impute", "--lang", "en")
    assert left_out.exit_code == 1
    assert left_out.output.startswith("Error: events[0]: county 应城市 (420981) is left out of the projection")


def test_load_dataset_names_each_file_by_its_label(tmp_path):
    path = write(tmp_path, HEADER + "潜江,2020,800\n", name="moved.csv")
    dataset, _ = load_dataset([str(path)], None, labels=["yearbook.csv"])
    assert dataset.user_files == ("yearbook.csv",)
    assert "yearbook.csv row 2" in set(dataset.observations["source"])
    with pytest.raises(SimError, match="yearbook.csv: row 2, column gdp_yi"):
        load_dataset([str(write(tmp_path, HEADER + "潜江,2020,-1\n", name="bad.csv"))], None, labels=["yearbook.csv"])


def test_a_duplicate_of_a_row_read_column_by_column_names_its_first_row(tmp_path, registry, monkeypatch):
    from sim.data import fastrows

    monkeypatch.setattr(fastrows, "CHUNK", 2)
    path = write(tmp_path, HEADER + "潜江,2018,700\n潜江,2019,750\n天门,2020,600\n潜江,2018,701\n")
    assert refused(path, registry) == f"{path}: row 5: duplicate county-year 429005 2018 (first at row 2)"


def test_a_yearbook_export_is_read_whole_by_arrow(tmp_path, registry, monkeypatch):
    """Quoted header, CRLF, Chinese sources, blank sources, a new county: the Arrow reader takes the file whole and
    reads what the row-by-row rules read."""
    from sim.data import arrowrows, fastrows, userdata

    text = ('"county","year","gdp_yi","real_growth","status","confidence","source","name_zh"\r\n'
            '潜江,2020,765.25,5%,,high,,\r\n'
            'Tianmen,2019,700,0.031,secondary,,"湖北统计年鉴 表3-5, p.1",\r\n'
            '429999,2020,100.5,-0.02,estimated,low,src,新县\r\n'
            '新县,2021,101.,,official,, 书 ,\r\n')
    path = write(tmp_path, text)
    rows = userdata._Rows(str(path), registry, False)
    assert arrowrows.read(path, rows, userdata._header) is not None
    fast = read_user_file(path, registry)
    monkeypatch.setattr(arrowrows, "read", lambda *a, **k: None)
    monkeypatch.setattr(fastrows, "read", lambda *a, **k: None)
    monkeypatch.setattr(fastrows, "add", lambda *a, **k: False)
    slow = read_user_file(path, registry)
    assert fast[0].equals(slow[0]) and fast[1] == slow[1]
    assert fast[0]["gdp_yi"].tolist() == ["765.25", "700.0", "100.5", "101.0"]
    assert fast[0]["source"].tolist() == ["mine.csv row 2", "湖北统计年鉴 表3-5, p.1", "src", "书"]
