"""The page's caches (Streamlit's ``st.cache_resource``): the dataset per data hash, the projection per scenario
text, data hash, draws and seed. A control change therefore recomputes only the projection; going back to an
earlier setting costs nothing. The session folder is passed with a leading underscore: it is not part of the key.
"""

from __future__ import annotations

import time
from pathlib import Path

import streamlit as st

from sim.app import compute


@st.cache_resource(max_entries=8, show_spinner=False)
def dataset(paths: tuple[str, ...], data_key: str):
    """The shipped data plus the uploaded files at ``paths`` (``data_key``: the hash of their contents)."""
    return compute.load_data(paths)


@st.cache_resource(max_entries=64, show_spinner=False)
def projection(_folder: str, text: str, name: str, paths: tuple[str, ...], data_key: str, draws: int, seed: int):
    data = dataset(paths, data_key)
    scenario = compute.load_scenario(Path(_folder), text, name, data)
    return compute.project(scenario, data, draws, seed)


@st.cache_resource(max_entries=64, show_spinner=False)
def chart_data(_p, key: str):
    from sim.present import chartdata

    return chartdata.collect(_p)


@st.cache_resource(max_entries=128, show_spinner=False)
def chart_png(_data, key: str, kind: str, lang: str, county: str | None, threshold: str) -> bytes:
    from sim.present import charts
    from sim.present.plots import to_bytes

    return to_bytes(charts.draw(charts.Spec(kind, lang, county=county, threshold=threshold), _data), "png", dpi=110)


def outcome(folder: Path, text: str, name: str, paths: tuple[str, ...], data_key: str, draws: int, seed: int,
            lang: str) -> compute.Outcome:
    """From a scenario text to the key-results table, as the page does it on every change (timed)."""
    started = time.perf_counter()
    p = projection(str(folder), text, name, paths, data_key, draws, seed)
    table = compute.key_table(p, lang)
    return compute.Outcome(p, table, time.perf_counter() - started)


@st.cache_resource(max_entries=4, show_spinner="…")
def report(_p, key: str, lang: str, _other=None, reference: str = "") -> dict[str, bytes]:
    """The report of projection ``key`` (compared with the ``reference`` scenario's projection ``_other``)."""
    from sim.app import downloads

    return downloads.report(_p, lang, _other)


@st.cache_resource(max_entries=4, show_spinner=False)
def font_css(names: tuple[str, ...]) -> str:
    from sim.app import style

    return style.css(list(names))
