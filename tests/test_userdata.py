"""A user's own figures (--data FILE): reading, every refusal, replacement of shipped rows, and the --as-of cut."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import sim.data
import sim.data.seeds
from sim.cli import load_dataset
from sim.data.registry import County, Registry
from sim.data import best_observations, load_registry
from sim.errors import DataError, SimError
from sim.data.userdata import read_user_file

HEADER = "county,year,gdp_yi\n"


@pytest.fixture(scope="module")
def registry():
    return load_registry()


def write(folder: Path, text: str, name: str = "mine.csv", encoding: str = "utf-8") -> Path:
    path = folder / name
    path.write_bytes(text.encode(encoding))
    return path


def read(path: Path, registry):
    return read_user_file(path, registry)


def err(path: Path, row: int | None, column: str | None, rule: str) -> str:
    """The pinned start of a message: ``file: row N, column C: rule``."""
    place = f"row {row}, column {column}" if column else f"row {row}"
    return "^" + re.escape(f"{path}: {place}: {rule}")


# ---------------------------------------------------------------- good files


def test_good_file_with_every_name_form(tmp_path, registry):
    path = write(tmp_path, HEADER + "潜江,2020,800\nQianjiang,2021,900.5\n429005,2019,700\n天门市,2020,650\ntianmen,2019,600\n")
    frame, new, notes = read(path, registry)
    assert new == [] and notes == []
    assert list(frame.columns) == sim.data.OBS_COLUMNS
    assert frame["county_id"].tolist() == ["429005", "429005", "429005", "429006", "429006"]
    assert frame["year"].tolist() == ["2020", "2021", "2019", "2020", "2019"]
    assert [float(g) for g in frame["gdp_yi"]] == [800.0, 900.5, 700.0, 650.0, 600.0]
    assert set(frame["status"]) == {"official"}
    assert set(frame["confidence"]) == {"unrated"}
    assert frame["source"].tolist() == [f"mine.csv row {n}" for n in range(2, 7)]
    assert set(frame["real_growth"]) == {""}


def test_optional_columns_and_header_case(tmp_path, registry):
    path = write(tmp_path, "County_ID , YEAR,GDP_YI,Status,confidence,source,real_growth\n"
                           "潜江,2020,800,forecast,high,yearbook p.3,0.05\n")
    frame, _, _ = read(path, registry)
    row = frame.iloc[0].to_dict()
    assert row == {"county_id": "429005", "year": "2020", "gdp_yi": "800.0", "real_growth": "0.05",
                   "status": "forecast", "confidence": "high", "source": "yearbook p.3"}


def test_utf8_with_bom(tmp_path, registry):
    path = write(tmp_path, HEADER + "潜江,2020,800\n", encoding="utf-8-sig")
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    frame, _, notes = read(path, registry)
    assert frame["county_id"].tolist() == ["429005"] and notes == []


def test_gbk_file_reads_with_a_note(tmp_path, registry):
    path = write(tmp_path, HEADER + "潜江市,2020,800\n天门,2021,700\n", encoding="gbk")
    frame, _, notes = read(path, registry)
    assert frame["county_id"].tolist() == ["429005", "429006"]
    assert len(notes) == 1 and "GBK" in notes[0] and str(path) in notes[0]


def test_full_width_digits(tmp_path, registry):
    path = write(tmp_path, HEADER + "潜江,２０２０,７６５．２\n")
    frame, _, _ = read(path, registry)
    assert frame["year"].tolist() == ["2020"]
    assert float(frame["gdp_yi"][0]) == 765.2


def test_thousands_separator(tmp_path, registry):
    path = write(tmp_path, HEADER + '潜江,2020,"1,234.5"\n天门,2020,"12,345"\n')
    frame, _, _ = read(path, registry)
    assert [float(g) for g in frame["gdp_yi"]] == [1234.5, 12345.0]


def test_percent_real_growth(tmp_path, registry):
    path = write(tmp_path, "county,year,gdp_yi,real_growth\n潜江,2020,800,8.5%\n天门,2020,700,-4.6 %\n仙桃,2020,800,0.03\n")
    frame, _, _ = read(path, registry)
    assert [float(g) for g in frame["real_growth"]] == pytest.approx([0.085, -0.046, 0.03])


def test_blank_rows_are_skipped(tmp_path, registry):
    path = write(tmp_path, HEADER + "潜江,2020,800\n\n,,\n  ,\n\n")
    frame, _, _ = read(path, registry)
    assert len(frame) == 1


def test_row_numbers_count_blank_lines(tmp_path, registry):
    path = write(tmp_path, "\n" + HEADER + "潜江,2020,800\n\n\n天门,2020,-1\n")
    with pytest.raises(DataError, match=err(path, 6, "gdp_yi", "must be a positive GDP in 亿元; got '-1'")):
        read(path, registry)
    frame, _, _ = read(write(tmp_path, HEADER + "\n潜江,2020,800\n", name="gap.csv"), registry)
    assert frame["source"].tolist() == ["gap.csv row 3"]


def test_new_county_with_name_is_added_as_other(tmp_path, registry):
    path = write(tmp_path, "county,year,gdp_yi,name_zh,name_pinyin\n429999,2020,123.4,新县,Xinxian\n429999,2021,130,,\n")
    frame, new, _ = read(path, registry)
    assert new == [County(id="429999", name_zh="新县", name_pinyin="Xinxian", prefecture="", tier="other")]
    assert frame["county_id"].tolist() == ["429999", "429999"]
    dataset = load_dataset((str(path),), None)
    assert "429999" in dataset.registry and dataset.registry["429999"].tier == "other"
    assert dataset.registry.resolve("新县") == "429999"
    seeds = sim.data.seeds.resolve(dataset, 2020).set_index("county_id")
    assert seeds.loc["429999", "gdp_yi"] == 123.4 and seeds.loc["429999", "status"] == "official"


def test_new_county_can_be_named_in_later_rows(tmp_path, registry):
    path = write(tmp_path, "county,year,gdp_yi,name_zh,name_pinyin\n429999,2020,100,新县,Xinxian\n新县,2021,110,,\nxinxian,2022,120,,\n")
    frame, new, _ = read(path, registry)
    assert frame["county_id"].tolist() == ["429999"] * 3
    assert [c.id for c in new] == ["429999"]


def test_new_county_cannot_take_a_shipped_name(tmp_path, registry):
    """A new county named like a shipped one would make the name ambiguous everywhere (``--county 潜江``): refused."""
    path = write(tmp_path, "county,year,gdp_yi,name_zh\n429999,2020,100,潜江市\n潜江,2021,900,\n")
    with pytest.raises(DataError, match=err(path, 2, "name_zh", "new county 429999 is named '潜江市', which already names 潜江市 (429005); give it a name of its own")):
        read(path, registry)


# ---------------------------------------------------------------- refusals


@pytest.mark.parametrize(
    ("gdp", "rule"),
    [
        ("-5", "must be a positive GDP in 亿元; got '-5'"),
        ("0", "must be a positive GDP in 亿元; got '0'"),
        ("0.0", "must be a positive GDP in 亿元; got '0.0'"),
        ("abc", "must be a number (GDP in 亿元); got 'abc'"),
        ("nan", "must be a number (GDP in 亿元); got 'nan'"),
        ("NaN", "must be a number (GDP in 亿元); got 'NaN'"),
        ("inf", "must be a number (GDP in 亿元); got 'inf'"),
        ("-inf", "must be a number (GDP in 亿元); got '-inf'"),
        ("1e400", "must be a number (GDP in 亿元); got '1e400'"),
        ("", "must be a number (GDP in 亿元); got ''"),
        ("1234,5", "must be a number (GDP in 亿元); got '1234,5'"),
    ],
)
def test_bad_gdp(tmp_path, registry, gdp, rule):
    path = write(tmp_path, HEADER + f'天门,2019,600\n潜江,2020,"{gdp}"\n')
    with pytest.raises(DataError, match=err(path, 3, "gdp_yi", rule)):
        read(path, registry)


@pytest.mark.parametrize(
    ("year", "rule"),
    [
        ("1800", "must be a year between 1949 and 2100; got '1800'"),
        ("2101", "must be a year between 1949 and 2100; got '2101'"),
        ("2020.5", "must be a year between 1949 and 2100; got '2020.5'"),
        ("20x0", "must be a year like 2020; got '20x0'"),
        ("", "must be a year like 2020; got ''"),
        ("nan", "must be a year like 2020; got 'nan'"),
    ],
)
def test_bad_year(tmp_path, registry, year, rule):
    path = write(tmp_path, HEADER + f"潜江,{year},800\n")
    with pytest.raises(DataError, match=err(path, 2, "year", rule)):
        read(path, registry)


@pytest.mark.parametrize(
    ("growth", "rule"),
    [
        ("8.5", 'looks like a percent; write 0.085 or "8.5%"'),
        ("abc", "must be a growth rate like 0.085 or 8.5%; got 'abc'"),
        ("nan", "must be a growth rate like 0.085 or 8.5%; got 'nan'"),
        ("inf%", "must be a growth rate like 0.085 or 8.5%; got 'inf%'"),
        ("60%", "must be a growth rate between -50% and 50%; got '60%'"),
        ("-0.9", "must be a growth rate between -50% and 50%; got '-0.9'"),
    ],
)
def test_bad_real_growth(tmp_path, registry, growth, rule):
    path = write(tmp_path, f"county,year,gdp_yi,real_growth\n潜江,2020,800,{growth}\n")
    with pytest.raises(DataError, match=re.escape(f"{path}: row 2, column real_growth: ") + ".*" + re.escape(rule)):
        read(path, registry)


def test_unknown_county(tmp_path, registry):
    path = write(tmp_path, HEADER + "潜江,2020,800\nNowhere,2020,800\n")
    with pytest.raises(DataError, match=err(path, 3, "county", "unknown county: 'Nowhere'")):
        read(path, registry)


def test_unknown_county_suggests_close_name(tmp_path, registry):
    path = write(tmp_path, HEADER + "Tianmenn,2020,800\n")
    with pytest.raises(DataError, match=err(path, 2, "county", "unknown county: 'Tianmenn' (did you mean Tianmen")):
        read(path, registry)


def test_empty_county(tmp_path, registry):
    path = write(tmp_path, HEADER + ",2020,800\n")
    with pytest.raises(DataError, match=err(path, 2, "county", "must name a county; got ''")):
        read(path, registry)


def test_status_and_confidence_checked(tmp_path, registry):
    path = write(tmp_path, "county,year,gdp_yi,status\n潜江,2020,800,guess\n")
    with pytest.raises(DataError, match=err(path, 2, "status", "must be one of official, secondary, forecast, estimated; got 'guess'")):
        read(path, registry)
    path = write(tmp_path, "county,year,gdp_yi,confidence\n潜江,2020,800,sure\n")
    with pytest.raises(DataError, match=err(path, 2, "confidence", "must be one of high, medium, low, unrated; got 'sure'")):
        read(path, registry)


def test_ambiguous_name_in_registry():
    a = County(id="420101", name_zh="新城区", name_pinyin="Xincheng", prefecture="甲市", tier="other")
    b = County(id="420202", name_zh="新城县", name_pinyin="Xincheng", prefecture="乙市", tier="other")
    reg = Registry([a, b])
    assert reg.resolve("420101") == "420101"
    assert reg.resolve("新城区") == "420101"  # an exact full name is not ambiguous
    for name in ("新城", "xincheng"):
        with pytest.raises(DataError, match=re.escape(f"here: county name is ambiguous: {name!r} could be 新城区 (420101, 甲市), 新城县 (420202, 乙市); use the 6-digit code")):
            reg.resolve(name, "here")


def test_registry_refuses_an_id_twice():
    a = County(id="420101", name_zh="甲", name_pinyin="", prefecture="", tier="other")
    with pytest.raises(DataError, match=re.escape("county registry: a county id appears twice")):
        Registry([a, a])


def test_a_clashing_name_is_refused_in_the_file_that_adds_it(tmp_path):
    first = write(tmp_path, "county,year,gdp_yi,name_zh\n429999,2020,100,潜江市\n", name="adds.csv")
    second = write(tmp_path, HEADER + "潜江,2021,900\n", name="uses.csv")
    with pytest.raises(DataError, match=err(first, 2, "name_zh", "new county 429999 is named '潜江市', which already names")):
        load_dataset((str(first), str(second)), None)


def test_duplicate_county_year_in_any_name_form(tmp_path, registry):
    path = write(tmp_path, HEADER + "潜江,2020,800\n天门,2020,700\nQianjiang,2020.0,801\n")
    with pytest.raises(DataError, match=err(path, 4, None, "duplicate county-year 429005 2020 (first at row 2)")):
        read(path, registry)


def test_unknown_column(tmp_path, registry):
    path = write(tmp_path, "county,year,gdp_yi,gdp_wan\n潜江,2020,800,1\n")
    with pytest.raises(DataError, match=err(path, 1, None, "unknown column 'gdp_wan'; columns are county, year, gdp_yi")):
        read(path, registry)


def test_missing_column(tmp_path, registry):
    path = write(tmp_path, "county,year\n潜江,2020\n")
    with pytest.raises(DataError, match=err(path, 1, None, "missing column 'gdp_yi'; needed: county, year, gdp_yi")):
        read(path, registry)


def test_column_twice(tmp_path, registry):
    path = write(tmp_path, "county,county_id,year,gdp_yi\n潜江,429005,2020,800\n")
    with pytest.raises(DataError, match=err(path, 1, None, "columns county and county_id are the same column")):
        read(path, registry)


def test_too_many_cells(tmp_path, registry):
    path = write(tmp_path, HEADER + "潜江,2020,800,5\n")
    with pytest.raises(DataError, match=err(path, 2, None, "4 cells under a header of 3 columns")):
        read(path, registry)


@pytest.mark.parametrize("text", ["", "\n\n", " , ,\n"])
def test_empty_file(tmp_path, registry, text):
    path = write(tmp_path, text)
    with pytest.raises(DataError, match="^" + re.escape(f"{path}: file has no header row; expected columns county, year, gdp_yi") + "$"):
        read(path, registry)


def test_header_only(tmp_path, registry):
    path = write(tmp_path, HEADER + "\n")
    with pytest.raises(DataError, match="^" + re.escape(f"{path}: no data rows under the header") + "$"):
        read(path, registry)


def test_missing_file(tmp_path, registry):
    path = tmp_path / "absent.csv"
    with pytest.raises(DataError, match="^" + re.escape(f"{path}: file not found") + "$"):
        read(path, registry)


def test_neither_utf8_nor_gbk(tmp_path, registry):
    path = tmp_path / "bin.csv"
    path.write_bytes(HEADER.encode() + b"\xff\xff\xff,2020,1\n")
    with pytest.raises(DataError, match=re.escape(f"{path}: byte 19: file is neither UTF-8 nor GBK text")):
        read(path, registry)


def test_huge_field_is_a_data_error(tmp_path, registry):
    path = write(tmp_path, HEADER + '"' + "x" * 200_000 + '",2020,1\n')
    with pytest.raises(DataError, match=err(path, 2, None, "not readable as CSV: field larger than field limit")):
        read(path, registry)


def test_new_code_without_name_is_refused(tmp_path, registry):
    path = write(tmp_path, HEADER + "429999,2020,800\n")
    with pytest.raises(DataError, match=err(path, 2, "county", "code 429999 is not a county tiersim knows; add its name_zh column")):
        read(path, registry)
    path = write(tmp_path, "county,year,gdp_yi,name_zh\n429999,2020,800,\n")
    with pytest.raises(DataError, match=err(path, 2, "county", "code 429999 is not a county tiersim knows")):
        read(path, registry)


def test_non_hubei_code_is_unknown(tmp_path, registry):
    path = write(tmp_path, "county,year,gdp_yi,name_zh\n320583,2020,5000,昆山市\n")
    with pytest.raises(DataError, match=err(path, 2, "county", "unknown county: '320583'")):
        read(path, registry)


def test_data_errors_are_sim_errors():
    assert issubclass(DataError, SimError)


# ---------------------------------------------------------------- replacing shipped figures


def shipped_qianjiang_2020(dataset) -> float:
    best = best_observations(dataset.observations)
    return float(best[(best["county_id"] == "429005") & (best["year"] == 2020)]["gdp_yi"].iloc[0])


def test_user_row_replaces_shipped_figure(tmp_path):
    shipped = sim.data.load_shipped()
    assert shipped_qianjiang_2020(shipped) == 765.23
    path = write(tmp_path, HEADER + "潜江,2020,801.5\n潜江,2019,760\n潜江,2022,900\n")
    dataset = load_dataset((str(path),), None)
    obs = dataset.observations
    qj = obs[obs["county_id"] == "429005"]
    assert sorted(qj["year"]) == [2019, 2020, 2022]
    assert qj[qj["year"] == 2020]["gdp_yi"].tolist() == [801.5]  # replaced, not kept alongside
    assert len(obs) == len(shipped.observations) - 1 + 3
    assert shipped_qianjiang_2020(dataset) == 801.5
    seed = sim.data.seeds.resolve(dataset, 2020).set_index("county_id").loc["429005"]
    assert seed["gdp_yi"] == 801.5 and seed["status"] == "official"
    assert "mine.csv row 2" in seed["how"]
    assert dataset.user_files == (str(path),)
    assert dataset.sha256() != shipped.sha256()
    # other counties keep their shipped rows
    def records(frame):
        return sorted(map(repr, frame[frame["county_id"] != "429005"].to_dict("records")))

    assert records(obs) == records(shipped.observations)


def test_user_row_replaces_even_with_a_lower_status(tmp_path):
    path = write(tmp_path, "county,year,gdp_yi,status\n潜江,2020,700,forecast\n")
    dataset = load_dataset((str(path),), None)
    assert shipped_qianjiang_2020(dataset) == 700.0
    seed = sim.data.seeds.resolve(dataset, 2020).set_index("county_id").loc["429005"]
    assert seed["status"] == "forecast"


def test_user_rows_replace_every_shipped_row_of_that_year(tmp_path):
    shipped = sim.data.load_shipped()
    daye_2021 = shipped.observations[(shipped.observations["county_id"] == "420281") & (shipped.observations["year"] == 2021)]
    assert len(daye_2021) == 2
    dataset = load_dataset((str(write(tmp_path, HEADER + "大冶,2021,760\n")),), None)
    rows = dataset.observations[(dataset.observations["county_id"] == "420281") & (dataset.observations["year"] == 2021)]
    assert rows["gdp_yi"].tolist() == [760.0]


def test_later_file_replaces_earlier_file(tmp_path):
    first = write(tmp_path, HEADER + "潜江,2020,801\n", name="a.csv")
    second = write(tmp_path, HEADER + "潜江,2020,802\n", name="b.csv")
    dataset = load_dataset((str(first), str(second)), None)
    assert shipped_qianjiang_2020(dataset) == 802.0
    assert dataset.user_files == (str(first), str(second))


def test_gbk_note_goes_to_stderr(tmp_path, capsys):
    path = write(tmp_path, HEADER + "潜江,2020,801\n", encoding="gbk")
    load_dataset((str(path),), None)
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == f"note: {path}: not UTF-8; read as GBK/GB18030\n"


# ---------------------------------------------------------------- --as-of


def test_cut_drops_every_later_row():
    full = sim.data.load_shipped()
    cut = full.cut(2019)
    assert cut.as_of == 2019
    for table, column in [("observations", "year"), ("macro", "year"), ("national_tail", "data_year"), ("ccid_ranks", "data_year")]:
        before, after = getattr(full, table), getattr(cut, table)
        assert (before[column] > 2019).any(), table  # the cut has something to drop
        assert not (after[column] > 2019).any(), table
        assert len(after) == (before[column] <= 2019).sum(), table
    assert full.cut(None) is full


def test_plan_rows_count_from_publication():
    full = sim.data.load_shipped()
    assert len(full.plan) > 0 and (full.plan["year"] <= 2020).any()
    assert len(full.cut(2020).plan) == 0
    assert len(full.cut(2021).plan) == len(full.plan)


def test_as_of_applies_to_user_rows(tmp_path):
    path = write(tmp_path, HEADER + "潜江,2020,801\n潜江,2021,900\n")
    dataset = load_dataset((str(path),), 2020)
    qj = dataset.observations[dataset.observations["county_id"] == "429005"]
    assert qj["year"].tolist() == [2020]
    assert dataset.as_of == 2020


def test_as_of_out_of_range():
    with pytest.raises(SimError, match="^" + re.escape("--as-of: must be a year between 1949 and 2100; got 1800") + "$"):
        load_dataset((), 1800)


def test_trailing_empty_header_cells_from_excel_are_ignored(tmp_path, registry):
    from sim.data.userdata import read_user_file

    path = tmp_path / "excel.csv"
    path.write_text("county,year,gdp_yi,,\n潜江,2020,770.1,,\n", encoding="utf-8")
    frame, _, _ = read_user_file(path, registry)
    assert frame.iloc[0]["gdp_yi"] == repr(770.1)
