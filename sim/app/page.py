"""The what-if page (``tiersim app`` runs it with Streamlit): controls in the sidebar, results in the main column.

Every change runs the whole script again (Streamlit's model); the expensive parts are cached
(:mod:`sim.app.cache`), so a change costs one projection. Scenario edits become a scenario file
(:mod:`sim.app.edits`), loaded by the command line's strict loader; a bad setting or upload shows one line
and leaves the last valid result in place.
"""

from __future__ import annotations

import datetime
import os
from pathlib import Path

import pandas as pd
import streamlit as st

from sim.app import cache, compute, downloads, edits, session
from sim.app.words import words
from sim.present import terminal
from sim.errors import SimError
from sim.scenario.files import shipped_scenarios
from sim.scenario.reader import read_yaml

LANGS = ("zh", "en")


def one_line(exc: BaseException, folder) -> str:
    text = str(exc) if isinstance(exc, SimError) else f"{type(exc).__name__}: {exc}"
    return compute.short(text, folder)


def pick(where, kind: str, label: str, options: list, name: str, format_func=str, **kw):
    """A radio or select box whose choice survives a language switch: the choice is kept under ``_NAME`` as the
    option itself (Streamlit matches a widget's value by its shown text, which the switch changes)."""
    options = list(options)
    current = st.session_state.get(f"_{name}")
    index = options.index(current) if current in options else 0
    value = getattr(where, kind)(label, options, index=index, format_func=format_func,
                                 key=f"{name}-{st.session_state.get('lang', 'zh')}", **kw)
    st.session_state[f"_{name}"] = value
    return value


UPLOADED = "@uploaded"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def base_choice(t: dict, folder, data) -> tuple[str, dict, str | None]:
    """The base scenario: (label, its file mapping, an error line from the last upload)."""
    upload = st.session_state.get("scenario_file")
    if upload is not None and upload.file_id != st.session_state.get("scenario_file_seen"):
        st.session_state["scenario_file_seen"] = upload.file_id
        try:
            path = compute.save_upload(folder, upload.name, upload.getvalue(), "scenario")
            doc = read_yaml(path, path.name)
            if not isinstance(doc, dict):
                raise SimError(f"{path.name}: a scenario must be a mapping of keys; got {type(doc).__name__}")
            compute.load_scenario(folder, path.read_text(encoding="utf-8"), path.stem, data)  # validate it all
            doc = dict(doc)
            doc["name"] = f"{doc.get('name') or path.stem}_whatif"
            st.session_state["uploaded"] = (upload.name, doc)
            st.session_state["_base"] = UPLOADED
            st.session_state[f"base-{st.session_state.get('lang', 'zh')}"] = UPLOADED  # the box shows it now
            st.session_state.pop("upload_error", None)
        except Exception as exc:  # any bad upload: one line, the session goes on with what it had
            st.session_state["upload_error"] = one_line(exc, folder)
    elif upload is None:
        st.session_state.pop("upload_error", None)
    error = st.session_state.get("upload_error")
    shipped = shipped_scenarios()
    uploaded = st.session_state.get("uploaded")
    options = list(shipped) + ([UPLOADED] if uploaded else [])
    if st.session_state.get("_base") not in options:
        st.session_state["_base"] = "baseline" if "baseline" in options else options[0]
    label = pick(st.sidebar, "selectbox", t["scenario"], options, "base",
                 format_func=lambda o: t["uploaded"].format(name=uploaded[0]) if o == UPLOADED else o)
    doc = uploaded[1] if uploaded and label == UPLOADED else edits.shipped_base(label)
    return label, doc, error


def dataset_choice(t: dict, folder) -> tuple[tuple[str, ...], str, str | None]:
    """The uploaded ``--data`` files (paths in the session folder), their hash, and an error line."""
    files = st.session_state.get("data_files") or []
    key = compute.digest(*[f.getvalue() for f in files]) if files else "shipped"
    if key == st.session_state.get("data_key_seen"):
        return st.session_state["data_paths"], st.session_state["data_key"], st.session_state.get("data_error")
    st.session_state["data_key_seen"] = key
    try:
        paths = tuple(str(compute.data_upload(folder, f.name, f.getvalue())) for f in files)
        with st.spinner(t["busy"]):
            cache.dataset(paths, key)
        st.session_state.update(data_paths=paths, data_key=key, data_error=None)
    except Exception as exc:
        st.session_state.update(data_error=one_line(exc, folder))
        st.session_state.setdefault("data_paths", ())
        st.session_state.setdefault("data_key", "shipped")
    return st.session_state["data_paths"], st.session_state["data_key"], st.session_state.get("data_error")


def growth_controls(t: dict, base, registry) -> edits.Edits:
    e = edits.Edits()
    side = st.sidebar
    side.subheader(t["run"])
    side.number_input(t["draws"], 100, 20_000, 1000, 100, key="draws")
    side.number_input(t["seed"], 0, 2**31 - 1, 2021, 1, key="seed")
    horizon = side.number_input(t["horizon"], base.base_year + 1, base.base_year + 60, base.horizon, 1,
                                key=f"horizon-{base.name}")
    e.horizon = None if horizon == base.horizon else int(horizon)
    side.subheader(t["growth"])
    if base.model == "assumed":
        side.caption(t["assumed_only"])
        e.growth_mode = "absolute"
    else:
        e.growth_mode = pick(side, "radio", t["growth_mode"], ["shift", "absolute"], "growth_mode", lambda m: t[m])
    e.province = side.number_input(t["province"], -20.0, 30.0, None, 0.5, format="%.2f", key="province")
    for tier in edits.TIERS:
        e.tiers[tier] = side.number_input(t["tier"].format(name=terminal.tier_label(tier, st.session_state.get("lang", "zh"))), -20.0, 30.0, None, 0.5, format="%.2f",
                                          key=f"tier-{tier}")
    labels = sorted(c.label(st.session_state.get("lang", "zh")) for c in registry if c.tier != "other")
    table = side.data_editor(pd.DataFrame({"county": pd.Series([], dtype="object"), "value": pd.Series([], dtype="float")}),
                             num_rows="dynamic", key="counties", column_config={
                                 "county": st.column_config.SelectboxColumn(t["county"], options=labels),
                                 "value": st.column_config.NumberColumn(t["value"], min_value=-20.0, max_value=30.0)})
    e.counties = {str(r["county"]): float(r["value"]) for r in table.to_dict("records")
                  if isinstance(r["county"], str) and r["county"] and pd.notna(r["value"])}
    side.subheader(t["deflator"])
    if base.model != "assumed":
        e.deflator_mode = pick(side, "radio", t["growth_mode"], ["shift", "absolute"], "deflator_mode", lambda m: t[m])
    else:
        e.deflator_mode = "absolute"
    e.deflator = side.number_input(t["deflator_value"], -10.0, 20.0, None, 0.5, format="%.2f", key="deflator")
    return e


def events_editor(t: dict, base, e: edits.Edits) -> None:
    with st.expander(t["events"], expanded=False):
        st.caption(t["events_help"])
        start = pd.DataFrame([edits.row_of(ev) for ev in base.to_dict()["events"]], columns=list(edits.EVENT_COLUMNS))
        for column in ("type", "scope", "threshold"):
            start[column] = start[column].astype("object")
        for column in ("year", "size_pct", "decay", "gdp_yi", "ramp_years"):
            start[column] = start[column].astype("float")
        table = st.data_editor(start, num_rows="dynamic", key=f"events-{base.name}", width="stretch",
                               column_config={
                                   "type": st.column_config.SelectboxColumn("type", options=list(edits.EVENT_TYPES)),
                                   "threshold": st.column_config.SelectboxColumn("threshold", options=["top100", "top50"]),
                               })
        if not table.reset_index(drop=True).equals(start):  # an edit replaces the list (NaN cells compare equal here)
            e.events = table.to_dict("records")


def charts(t: dict, p, lang: str, key: str) -> None:
    st.subheader(t["charts"])
    kinds = list(t["kinds"])
    left, middle, right = st.columns(3)
    kind = pick(left, "radio", t["chart"], kinds, "chart", lambda k: t["kinds"][k], horizontal=True)
    threshold = pick(middle, "selectbox", t["threshold"], ["top100", "top50"], "threshold",
                     lambda n: {"top100": t["top100"], "top50": t["top50"]}[n])
    data = cache.chart_data(p, key)
    county = None
    if kind == "fan":
        projected = data.counties[data.counties["projected"] & (data.counties["tier"] != "other")]
        ids = list(projected["county_id"])
        label = {r["county_id"]: (r["name_zh"] if lang == "zh" else r["name_pinyin"]) for r in projected.to_dict("records")}
        county = pick(right, "selectbox", t["county"], ids, "fan_county", lambda c: label.get(c, c))
    try:
        st.image(cache.chart_png(data, key, kind, lang, county, threshold))
    except SimError as exc:
        st.error(t["error"].format(message=str(exc)))


def compare(t: dict, p, lang: str, paths, data_key: str, draws: int, seed: int, folder):
    """The difference from a reference scenario per county; returns (reference projection, its name) or None."""
    st.subheader(t["compare"])
    options = ["", *shipped_scenarios()]
    ref = pick(st, "selectbox", t["reference"], options, "reference", lambda o: o or t["none"])
    if not ref:
        return None
    try:
        text = edits.yaml_text({"extends": ref, "name": f"{ref}_reference"}, draws, seed)
        a = cache.projection(str(folder), text, f"{ref}_reference", paths, data_key, draws, seed)
        from sim.whatif.compare import crossing_differences

        diff = crossing_differences(a, p)
    except Exception as exc:
        st.error(t["error"].format(message=one_line(exc, folder)))
        return None
    name = "name_zh" if lang == "zh" else "name_pinyin"
    wide = diff.pivot_table(index=[name], columns=["threshold", "measure"], values="b_minus_a", aggfunc="first", sort=False)
    wide.columns = [f"{a} {b}" for a, b in wide.columns]
    st.caption(t["compare_note"])
    st.dataframe(wide.round(3), width="stretch")
    return a, ref


def download_row(t: dict, p, lang: str, text: str, name: str, draws: int, seed: int, key: str, versus=None) -> None:
    """Downloads; the report compares with the reference scenario when one is chosen."""
    st.subheader(t["downloads"])
    st.caption(t["reproduce"].format(file=f"{name}.yaml", draws=draws, seed=seed))
    with st.expander(t["yaml"]):
        st.code(text, language="yaml")
    cols = st.columns(6)
    cols[0].download_button(t["dl_yaml"], text.encode("utf-8"), f"{name}.yaml", "application/x-yaml", key="dl_yaml",
                            on_click="ignore")
    cols[1].download_button(t["dl_xlsx"], lambda: downloads.xlsx(p, lang), f"{name}.xlsx", key="dl_xlsx", on_click="ignore",
                            mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    cols[2].download_button(t["dl_csv"], lambda: downloads.csv_zip(p, name), f"{name}-csv.zip", "application/zip",
                            key="dl_csv", on_click="ignore")
    made = st.session_state.get("report")
    ref = versus[1] if versus else ""
    if made is None or made[0] != (key, lang, ref):
        if cols[3].button(t["make_report"], key="make_report"):
            try:
                with st.spinner(t["busy"]):
                    st.session_state["report"] = ((key, lang, ref), cache.report(p, key, lang, versus[0] if versus else None, ref))
                st.rerun()
            except Exception as exc:  # e.g. a chart that cannot be drawn: one line, the page goes on
                st.error(t["error"].format(message=one_line(exc, None)))
    else:
        for col, (label, file, mime) in zip(cols[3:], (("dl_html", "report.html", "text/html"),
                                                       ("dl_pdf", "report.pdf", "application/pdf"),
                                                       ("dl_docx", "report.docx", DOCX))):
            col.download_button(t[label], made[1][file], f"{name}-{file}", mime, key=label, on_click="ignore")
    st.caption(t["report_note"])


def main() -> None:
    st.set_page_config(page_title="tiersim", layout="wide")
    if "lang" not in st.session_state:
        st.session_state["lang"] = os.environ.get("TIERSIM_APP_LANG") if os.environ.get("TIERSIM_APP_LANG") in LANGS else "zh"
    lang = st.sidebar.radio("语言 / Language", LANGS, format_func=lambda x: {"zh": "中文", "en": "English"}[x],
                            key="lang", horizontal=True)
    t = words(lang)
    folder = session.folder()
    st.title(t["title"])
    st.sidebar.file_uploader(t["upload_data"], type=["csv", "xlsx"], accept_multiple_files=True, key="data_files",
                             max_upload_size=2)
    paths, data_key, data_error = dataset_choice(t, folder)
    data = cache.dataset(paths, data_key)
    st.html(cache.font_css(tuple(sorted(c.name_zh for c in data.registry))))
    st.sidebar.file_uploader(t["upload_yaml"], type=["yaml", "yml"], key="scenario_file", max_upload_size=1)
    _, base_doc, upload_error = base_choice(t, folder, data)
    for error in (upload_error, data_error):
        if error:
            st.error(t["error"].format(message=error))
    try:
        base = compute.load_scenario(folder, edits.yaml_text(base_doc, 0, 0), base_doc["name"], data)
    except Exception as exc:  # e.g. an uploaded scenario that the data now loaded refuses: back to baseline
        st.error(t["error"].format(message=one_line(exc, folder)))
        st.session_state.pop("uploaded", None)
        base_doc = edits.shipped_base("baseline")
        base = compute.load_scenario(folder, edits.yaml_text(base_doc, 0, 0), base_doc["name"], data)
    if paths:
        st.sidebar.caption(t["data_in_use"].format(files=", ".join(Path(x).name for x in paths)))
        if base.model == "fitted":
            st.sidebar.caption(t["fit_note"])
    e = growth_controls(t, base, data.registry)
    draws, seed = int(st.session_state["draws"]), int(st.session_state["seed"])
    st.caption(t["intro"].format(draws=draws))
    events_editor(t, base, e)
    name = base_doc["name"]
    header = f"tiersim app, {datetime.date.today().isoformat()}"
    try:
        doc = edits.document(base_doc, edits.overrides(e, list(base.milestones), base.base_year))
        text = edits.yaml_text(doc, draws, seed, header=header)
        with st.spinner(t["busy"]):
            out = cache.outcome(folder, text, name, paths, data_key, draws, seed, lang)
        st.session_state["last_good"] = (text, name, paths, data_key, draws, seed)
    except Exception as exc:  # a bad setting: one line, and the last valid results stay (nothing half-applied)
        st.error(t["error"].format(message=one_line(exc, folder)))
        if "last_good" not in st.session_state:
            return
        st.warning(t["stale"])
        text, name, paths, data_key, draws, seed = st.session_state["last_good"]
        out = cache.outcome(folder, text, name, paths, data_key, draws, seed, lang)
    p = out.projection
    key = compute.digest(text, data_key, str(draws), str(seed))
    st.subheader(t["results"])
    st.caption(t["timing"].format(seconds=out.seconds, draws=draws, seed=seed, name=name))
    st.table(out.table)

    st.caption(terminal.legend(p, lang))
    st.caption(terminal.caveat(lang))
    charts(t, p, lang, key)
    versus = compare(t, p, lang, paths, data_key, draws, seed, folder)
    download_row(t, p, lang, text, name, draws, seed, key, versus)


if __name__ == "__main__":  # Streamlit runs the page as __main__; importing it (doctests) draws nothing
    main()
