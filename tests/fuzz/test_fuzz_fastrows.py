"""The column-by-column reader (:mod:`sim.data.fastrows`) reads exactly what the row-by-row rules read.

Random files from cells of every kind (names in any form, full-width digits, separators, percents, blanks,
new counties, duplicates, junk): both paths give the same frame and new counties, or the same one-line error.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from unittest import mock

from hypothesis import given
from hypothesis import strategies as st

from sim.data import fastrows, load_registry, userdata
from sim.data.userdata import read_user_file
from sim.errors import SimError

COUNTY = ["潜江", "Qianjiang", "429005", " 天门市 ", "TIANMEN", "４２９００６", "429999", "新县", "仙桃", "", "nowhere"]
YEAR = ["2019", "2020", "2021", "２０２１", "2020.0", "1800", "", "x"]
GDP = ["765.5", "1,034.5", "７００", "0", "-1", "1e3", "100000.5", "12", " 80 ", "", "nan"]
GROWTH = ["", "0.05", "5%", "7", "-0.02", "３%", "0.5", "x"]
STATUS = ["", "official", "secondary", "forecast", "estimated", "bad"]
SOURCE = ["", "书 p.1", " yearbook ", "a\tb", "ｆｕｌｌ", "x" * 501]
NAME = ["", "新县", "天门", "新市"]


GOOD = {"county": ["潜江", "Qianjiang", "429005", " 天门市 ", "TIANMEN", "４２９００６", "仙桃"],
        "gdp": ["765.5", "1,034.5", "７００", "12", " 80 ", "100000"], "growth": ["", "0.05", "5%", "-0.02", "３%"],
        "status": STATUS[:-1], "source": ["", "书 p.1", " yearbook ", "ｆｕｌｌ"]}


@st.composite
def files(draw):
    """Half the files hold only valid cells (distinct county-years), so both paths also read whole files."""
    lines = ["county,year,gdp_yi,real_growth,status,source,name_zh"]
    if draw(st.booleans()):
        years = draw(st.lists(st.integers(1990, 2030), min_size=1, max_size=12, unique=True))
        for year in years:
            cells = [draw(st.sampled_from(GOOD[k])) for k in ("county", "gdp", "growth", "status", "source")]
            county = cells[0] if draw(st.integers(0, 3)) else "429999"
            lines.append(",".join([county, str(year)] + [f'"{c}"' if "," in c else c for c in cells[1:]]
                                  + ["新县" if county == "429999" else ""]))
        return "\n".join(lines) + "\n"
    rows = draw(st.lists(st.tuples(*(st.sampled_from(c) for c in (COUNTY, YEAR, GDP, GROWTH, STATUS, SOURCE, NAME))),
                         min_size=1, max_size=12))
    for row in rows:
        lines.append(",".join(f'"{cell}"' if "," in cell else cell for cell in row))
        if draw(st.integers(0, 15)) == 0:
            lines.append("")
    return "\n".join(lines) + "\n"


def read(path):
    try:
        frame, new, notes = read_user_file(path, load_registry())
    except SimError as exc:
        return str(exc)
    return frame.to_dict("list"), new, notes


@given(files())
def test_fast_and_row_by_row_read_the_same(text):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "f.csv"
        path.write_text(text, encoding="utf-8")
        with mock.patch.object(fastrows, "CHUNK", 3), mock.patch.object(userdata, "CHUNK", 3):
            fast = read(path)  # chunks of 3 rows: some read column by column, others row by row
        with mock.patch.object(fastrows, "read", lambda *a, **k: None), \
             mock.patch.object(fastrows, "add", lambda *a, **k: False):
            slow = read(path)
    assert fast == slow
