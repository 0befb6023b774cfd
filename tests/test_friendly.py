"""Friendly acceptance of what is unambiguous, in every loader alike; refusal, with the candidates, of what is not.

A county is named by code, 中文名 with or without 市/县, or pinyin in any case; ``"7%"`` and
``0.07`` are the same rate; a CSV with a BOM (or in GBK) reads like UTF-8. A name that fits
two counties is refused with both listed.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

import sim.scenario
from sim.cli import cli, load_dataset
from sim.errors import DataError
from sim.data.userdata import read_user_file

TIANMEN = ["天门", "天门市", "Tianmen", "TIANMEN", "tianmen", "429006", " 天门 ", "Tian-men", "４２９００６", "Ｔｉａｎｍｅｎ"]
GOOD = "growth:\n  default: 0.06\n"
HEADER = "county,year,gdp_yi,real_growth\n"


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


# ---------------------------------------------------------------- one county, every name, every loader


@pytest.mark.parametrize("name", TIANMEN)
def test_every_form_of_a_name_resolves_in_every_loader(tmp_path, registry, name):
    assert registry.resolve(name) == "429006"
    # a scenario key, in a file and through --set, and a county in an event
    scenario_file = write(tmp_path / "s.yaml", GOOD + f"  counties: {{'{name}': 0.08}}\nevents:\n"
                                                      f"  - {{type: growth_shock, year: 2026, size: 0.01, scope: ['{name}']}}\n")
    loaded = sim.scenario.load(str(scenario_file), registry)
    assert loaded.growth.counties == {"429006": 0.08} and loaded.events[0].counties == ("429006",)
    by_set = sim.scenario.load(str(write(tmp_path / "t.yaml", GOOD)), registry, (f"growth.counties.{name}=0.08",))
    assert by_set.growth.counties == {"429006": 0.08}
    # a row of a --data file
    frame, _, _ = read_user_file(write(tmp_path / "d.csv", HEADER + f"{name},2020,650.5,\n"), registry)
    assert frame["county_id"].tolist() == ["429006"]
    # --county
    result = CliRunner().invoke(cli, ["run", "--deterministic", "--county", name])
    assert result.exit_code == 0, result.output
    assert "天门" in result.output and "潜江" not in result.output


# ---------------------------------------------------------------- "7%" is 0.07


@settings(max_examples=60, deadline=None)
@given(hundredths=st.integers(-3000, 3000))
def test_percent_text_and_fraction_are_the_same_scenario(tmp_path_factory, registry, hundredths):
    percent = f"{Decimal(hundredths) / 100}%"  # e.g. "7.25%"
    fraction = str(Decimal(hundredths) / 10000)  # e.g. "0.0725"
    folder = tmp_path_factory.mktemp("pct")
    one = sim.scenario.load(str(write(folder / "a.yaml", f"name: x\ngrowth:\n  default: '{percent}'\n  tiers: {{sprint: {fraction}}}\n")), registry)
    two = sim.scenario.load(str(write(folder / "b.yaml", f"name: x\ngrowth:\n  default: {fraction}\n  tiers: {{sprint: '{percent}'}}\n")), registry)
    assert one.growth.default == one.growth.tiers["sprint"] == float(fraction)
    assert one.sha256() == two.sha256()
    by_set = sim.scenario.load(str(folder / "a.yaml"), registry, (f"growth.default={fraction}", f"growth.tiers.sprint={percent}"))
    assert by_set.sha256() == one.sha256()


@settings(max_examples=40, deadline=None)
@given(tenths=st.integers(-500, 500))
def test_percent_and_fraction_growth_read_the_same_from_a_data_file(tmp_path_factory, registry, tenths):
    folder = tmp_path_factory.mktemp("pctcsv")
    percent = f"{Decimal(tenths) / 10}%"
    fraction = str(Decimal(tenths) / 1000)
    a, _, _ = read_user_file(write(folder / "a.csv", HEADER + f"天门,2020,650,{percent}\n"), registry)
    b, _, _ = read_user_file(write(folder / "a2.csv", HEADER + f"天门,2020,650,{fraction}\n"), registry)
    assert a["real_growth"].tolist() == b["real_growth"].tolist() == [repr(float(fraction))]


# ---------------------------------------------------------------- encodings


ROWS = HEADER + "天门市,2020,\"1,234.5\",3.1%\nQianjiang,２０２１,７６５．２,0.05\n\n"


@pytest.mark.parametrize("encoding", ["utf-8-sig", "gbk", "gb18030"])
def test_bom_and_gbk_files_read_like_utf8(tmp_path, registry, encoding):
    plain, _, plain_notes = read_user_file(write(tmp_path / "plain.csv", ROWS), registry)
    other, _, notes = read_user_file(write(tmp_path / "plain.csv", ROWS, encoding), registry)  # same name: same default sources
    assert other.equals(plain) and plain_notes == []
    assert notes == ([] if encoding == "utf-8-sig" else [f"{tmp_path / 'plain.csv'}: not UTF-8; read as GBK/GB18030"])


def test_bom_file_through_the_command_line(tmp_path):
    path = write(tmp_path / "bom.csv", ROWS, "utf-8-sig")
    result = CliRunner().invoke(cli, ["data", "--data", str(path), "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert "sim/data, " + str(path) in result.output


# ---------------------------------------------------------------- names that would be ambiguous are refused


CLASH = "row 2, column name_zh: new county 429999 is named '天门县', which already names 天门市 (429006); give it a name of its own"


@pytest.fixture
def adds_tianmen_county(tmp_path) -> Path:
    """A user file that adds a county whose name has the same stem as 天门市."""
    return write(tmp_path / "adds.csv", "county,year,gdp_yi,name_zh\n429999,2020,100,天门县\n")


def test_a_new_county_named_like_a_shipped_one_is_refused_where_it_is_added(tmp_path, adds_tianmen_county):
    """It would make 天门 ambiguous in every data row, scenario key and --county after it (issue 18)."""
    with pytest.raises(DataError, match="^" + re.escape(f"{adds_tianmen_county}: {CLASH}") + "$"):
        load_dataset((str(adds_tianmen_county),), None)
    result = CliRunner().invoke(cli, ["run", "--data", str(adds_tianmen_county), "--county", "天门"])
    assert result.exit_code == 1
    assert result.output == f"Error: {adds_tianmen_county}: {CLASH}\n"
    own = write(tmp_path / "own.csv", "county,year,gdp_yi,name_zh\n429999,2020,100,新县\n")
    dataset = load_dataset((str(own),), None)
    for name, code in [("天门", "429006"), ("新县", "429999"), ("429999", "429999"), ("Tianmen", "429006")]:
        assert dataset.registry.resolve(name) == code
