"""The what-if page's logic without a browser: edits become a scenario file that ``tiersim run`` reproduces byte
for byte, bad edits give one line naming the file and key, and the page itself (Streamlit's ``AppTest``) updates
its table on a control change and keeps every setting across a language switch."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

pytest.importorskip("streamlit", reason="the app extra is not installed (pip install -e '.[app]')")

from streamlit.testing.v1 import AppTest  # noqa: E402

from sim.app import compute, downloads, edits  # noqa: E402
from sim.cli import cli  # noqa: E402
from sim.cli.app import free_port, page_file, server_command  # noqa: E402
from sim.errors import ScenarioError  # noqa: E402
from sim.results import tables  # noqa: E402

PAGE = str(Path(edits.__file__).with_name("page.py"))


def test_edits_are_set_overrides():
    e = edits.Edits(province=1.5, tiers={"sprint": 0.5, "advance": None}, counties={"天门市": -1.0}, deflator=0.25,
                    horizon=2030)
    assert edits.overrides(e, [2025, 2030, 2035], 2020) == [
        ("growth.shift.default", 0.015), ("growth.shift.tiers.sprint", 0.005), ("growth.shift.counties.天门市", -0.01),
        ("deflator.shift", 0.0025), ("horizon", 2030), ("milestones", [2025, 2030])]
    absolute = edits.Edits(growth_mode="absolute", deflator_mode="absolute", province=7.0, deflator=1.0)
    assert edits.overrides(absolute) == [("growth.default", 0.07), ("deflator.default", 0.01)]
    assert edits.overrides(edits.Edits()) == []


def test_events_table_round_trip():
    events = [{"type": "growth_shock", "year": 2026, "size": 0.01, "decay": 0.5, "scope": "sprint"},
              {"type": "growth_shock", "year": 2027, "size": 0.005, "decay": 0.0, "scope": ["429006", "420881"]},
              {"type": "project", "county": "420582", "start": 2024, "ramp_years": 3, "gdp": 300.0},
              {"type": "tier_promotion", "tiers": ["sprint", "reserve"], "threshold": "top100"}]
    back = [edits.event_of(edits.row_of(e)) for e in events]
    assert back[0] == {"type": "growth_shock", "year": 2026, "scope": "sprint", "size": 0.01, "decay": 0.5}
    assert back[1]["scope"] == ["429006", "420881"]
    assert back[2] == {"type": "project", "county": "420582", "start": 2024, "gdp": 300, "ramp_years": 3}
    assert back[3] == {"type": "tier_promotion", "tiers": ["sprint", "reserve"], "threshold": "top100"}
    assert edits.event_of({"type": None, "year": float("nan"), "scope": ""}) == {}


def test_downloaded_scenario_reproduces_the_page_byte_for_byte(shipped, tmp_path):
    e = edits.Edits(province=1.0, tiers={"sprint": 0.5}, counties={"天门": 1.0},
                    events=[{"type": "project", "year": 2026, "scope": "当阳", "gdp_yi": 200, "ramp_years": 2},
                            {"type": "growth_shock", "year": 2027, "scope": "reserve", "size_pct": 0.5, "decay": 0.5}])
    doc = edits.document(edits.shipped_base("high"), edits.overrides(e, [2025, 2030, 2035], 2020))
    text = edits.yaml_text(doc, 300, 7, header="test")
    folder = tmp_path / "session"
    folder.mkdir()
    p = compute.project(compute.load_scenario(folder, text, doc["name"], shipped), shipped, 300, 7)
    assert p.scenario.name == "high_whatif" and len(p.scenario.events) == 2
    table = compute.key_table(p, "en")
    assert len(table) == 24 and "T100 2025" in table.columns and table.iloc[0]["county"] == "Daye"

    downloaded = tmp_path / "high_whatif.yaml"
    downloaded.write_text(text, encoding="utf-8")
    out = tmp_path / "run"
    result = CliRunner().invoke(cli, ["run", str(downloaded), "--draws", "300", "--seed", "7", "--out", str(out), "-q"])
    assert result.exit_code == 0, result.output
    page_files = tables.files(p)
    assert sorted(page_files) == sorted(f.name for f in out.iterdir())
    for name, content in page_files.items():
        assert (out / name).read_bytes() == content, name
    assert downloads.xlsx(p, "zh")[:2] == b"PK" and downloads.csv_zip(p) == downloads.csv_zip(p)


def test_bad_edit_is_one_line_naming_the_key(shipped, tmp_path):
    e = edits.Edits(events=[{"type": "project", "year": 2026, "scope": "Nowhere", "gdp_yi": 100}])
    text = edits.yaml_text(edits.document(edits.shipped_base("baseline"), edits.overrides(e)), 100, 1)
    with pytest.raises(ScenarioError) as caught:
        compute.load_scenario(tmp_path, text, "baseline_whatif", shipped)
    line = compute.short(str(caught.value), tmp_path)
    assert "\n" not in line and line.startswith("baseline_whatif.yaml: events[0].county") and "Nowhere" in line
    assert str(tmp_path) not in line


def test_uploads_are_size_limited_and_kept_in_the_session_folder(tmp_path):
    path = compute.save_upload(tmp_path, "../../etc/x.yaml", b"name: x\n", "scenario")
    assert path.is_relative_to(tmp_path) and path.name == "x.yaml"
    with pytest.raises(Exception, match="too large"):
        compute.save_upload(tmp_path, "big.csv", b"x" * (compute.MAX_UPLOAD_BYTES + 1), "data")


def test_an_excel_data_file_goes_through_the_csv_rules(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["county", "year", "gdp_yi", "status"])
    sheet.append(["当阳", 2020, 512.3, "official"])
    sheet.append(["天门", 2020, -5, "official"])
    book.save(tmp_path / "yearbook.xlsx")
    path = compute.data_upload(tmp_path / "s", "yearbook.xlsx", (tmp_path / "yearbook.xlsx").read_bytes())
    assert path.read_text(encoding="utf-8").splitlines()[:2] == ["county,year,gdp_yi,status", "当阳,2020,512.3,official"]
    with pytest.raises(Exception) as caught:
        compute.load_data((str(path),))
    line = compute.short(str(caught.value), tmp_path / "s")
    assert line.startswith("yearbook.xlsx: row 3") and "gdp_yi" in line, line
    with pytest.raises(Exception, match="not readable as an Excel workbook"):
        compute.data_upload(tmp_path / "s", "bad.xlsx", b"not a zip")


def test_page_updates_on_a_change_and_keeps_settings_across_languages(tmp_path, monkeypatch):
    monkeypatch.setenv("TIERSIM_APP_TMP", str(tmp_path))
    monkeypatch.setenv("TIERSIM_APP_LANG", "en")
    at = AppTest.from_file(PAGE, default_timeout=120).run()
    assert not at.exception and not at.error
    first = at.table[0].value
    assert list(first.columns[:2]) == ["tier", "county"] and first.iloc[0]["county"] == "Daye"
    assert any(c.value.startswith("updated in ") for c in at.caption)

    at.number_input(key="province").set_value(2.0).run()
    assert not at.exception and not at.error
    second = at.table[0].value
    assert not second.equals(first)
    assert (second["T100 2035"] != first["T100 2035"]).any()

    at.number_input(key="horizon-baseline_whatif").set_value(2030).run()
    assert "T100 2035" not in at.table[0].value.columns and "T100 2030" in at.table[0].value.columns

    at.radio(key="lang").set_value("zh").run()
    assert not at.exception
    zh = at.table[0].value
    assert zh.iloc[0]["县市"] == "大冶市" and at.number_input(key="province").value == 2.0
    assert at.radio(key="growth_mode-zh").value == "shift"
    assert list(tmp_path.iterdir())  # the session wrote only into its folder

    at.selectbox(key="reference-zh").set_value("high").run()
    assert not at.exception and not at.error
    compared = [d.value for d in at.dataframe if d.key is None]  # the editors have keys, the comparison none
    assert len(compared) == 1 and "top100 p_by_2030" in compared[0].columns  # B - A per county
    assert len(compared[0]) >= 24 and (compared[0]["top100 p_by_2030"].abs() > 0).any()  # the two differ

    at.selectbox(key="base-zh").set_value("plan_targets").run()  # the assumed model: growth as the rate itself
    assert not at.exception and not at.error
    assert not [r for r in at.radio if r.key == "growth_mode-zh"]
    assert any("plan_targets_whatif" in c.value for c in at.caption)

    at.number_input(key="draws").set_value(100).run()
    at.button(key="make_report").click().run()  # the report, made on request (about 8 s at 100 draws)
    assert not at.exception and not at.error
    buttons = at.get("download_button")
    assert len(buttons) == 6 and not [b for b in at.button if b.key == "make_report"]


def test_bad_host_warns_and_a_taken_port_is_one_line():
    import socket

    with socket.socket() as taken:
        taken.bind(("0.0.0.0", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        result = CliRunner().invoke(cli, ["app", "--no-browser", "--host", "0.0.0.0", "--port", str(port)])
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert lines[0].startswith("warning: --host 0.0.0.0 serves the page to every machine")
    assert lines[-1] == f"Error: tiersim app: the server did not start on http://0.0.0.0:{port} (is the port taken?)"


def test_server_command_serves_the_page_only():
    command = server_command("127.0.0.1", 8501)
    assert command[1:4] == ["-m", "streamlit", "run"] and command[4] == str(page_file())
    assert "--server.enableStaticServing=false" in command and "--browser.gatherUsageStats=false" in command
    assert "--server.headless=true" in command and "--server.address=127.0.0.1" in command
    assert 0 < free_port("127.0.0.1") < 65536
    help_text = CliRunner().invoke(cli, ["app", "--help"]).output
    assert "--no-browser" in help_text and "--host" in help_text and "Examples:" in help_text
