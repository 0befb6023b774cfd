"""The column-by-column readers (:mod:`sim.data.arrowrows`, :mod:`sim.data.fastrows`) read exactly what the
row-by-row rules read.

Random files from cells of every kind (names in any form, full-width digits, separators, percents, blanks,
new counties, duplicates, junk): both paths give the same frame and new counties, or the same one-line error.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from unittest import mock

from hypothesis import given
from hypothesis import strategies as st

from sim.data import arrowrows, fastrows, load_registry, userdata
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


PLAIN = {**GOOD, "gdp": ["765.5", "12", "100000", "0.5", "007.250", "12."],
         "source": ["", "书 p.1", " yearbook ", "湖北统计年鉴 表3-5"]}
"""Valid cells as a yearbook export writes them (GDP plain decimals): the Arrow reader takes such files whole."""


@st.composite
def files(draw):
    """Half the files hold only valid cells (distinct county-years), so both paths also read whole files; half of
    those as a yearbook export writes them."""
    lines = ["county,year,gdp_yi,real_growth,status,source,name_zh"]
    if draw(st.booleans()):
        good = PLAIN if draw(st.booleans()) else GOOD
        years = draw(st.lists(st.integers(1990, 2030), min_size=1, max_size=12, unique=True))
        for year in years:
            cells = [draw(st.sampled_from(good[k])) for k in ("county", "gdp", "growth", "status", "source")]
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


@given(files(), st.sampled_from([arrowrows.BLOCK, 64, 200]))
def test_fast_and_row_by_row_read_the_same(text, block):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "f.csv"
        path.write_text(text, encoding="utf-8")
        with mock.patch.object(arrowrows, "BLOCK", block):
            arrow = read(path)  # whole blocks checked by Arrow (small blocks: several, or a row straddles and falls back)
        with mock.patch.object(arrowrows, "read", lambda *a, **k: None), \
             mock.patch.object(fastrows, "CHUNK", 3), mock.patch.object(userdata, "CHUNK", 3):
            chunks = read(path)  # chunks of 3 rows: some read column by column, others row by row
        with mock.patch.object(arrowrows, "read", lambda *a, **k: None), \
             mock.patch.object(fastrows, "read", lambda *a, **k: None), \
             mock.patch.object(fastrows, "add", lambda *a, **k: False):
            slow = read(path)
    assert arrow == slow
    assert chunks == slow


@given(st.from_regex(r"[1-9][0-9]{0,14}\.(?:[0-9]{0,14}[1-9]|0)", fullmatch=True) | st.floats(1, 1e5).map(repr))
def test_a_canonical_figure_is_its_own_repr(text):
    """The Arrow reader keeps a GDP cell as written when it matches ``arrowrows.CANONICAL`` (at most 16
    characters): that is only right if ``repr(float(text)) == text``."""
    import re

    if re.fullmatch(arrowrows.CANONICAL.strip("^$"), text) and len(text) <= 16:
        assert repr(float(text)) == text
