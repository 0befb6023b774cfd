"""``tiersim app`` in a real browser: Playwright drives Debian's Chromium (``executable_path``; never
``playwright install``). Start ``tiersim app --no-browser``, change the province's growth and see the table change,
upload a broken scenario and see one line while the page keeps working, download the scenario and check that
``tiersim run`` reproduces the probabilities the page shows. A screenshot is saved (into
``$TIERSIM_APP_SCREENSHOT`` when set: ``TIERSIM_APP_SCREENSHOT=docs/app.png python -m pytest tests/test_app_browser.py``
makes the README's). Skipped only when Chromium or Playwright is absent.
"""

from __future__ import annotations

import csv
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
pytestmark = [pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (apt-get install -y chromium)")]
playwright = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install -e '.[test]')")
TABLE = '[data-testid="stTable"] table'
TIMEOUT = 60_000
PlaywrightTimeout = playwright.TimeoutError


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    port = _free_port()
    home = tmp_path_factory.mktemp("app")
    log = (home / "server.log").open("w")
    process = subprocess.Popen([sys.executable, "-c", "from sim.cli import main; main()", "app", "--no-browser",
                                "--port", str(port), "--lang", "en"], stdout=log, stderr=subprocess.STDOUT,
                               env=dict(os.environ, TIERSIM_CACHE=str(home / "cache")))
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2):
                break
        except OSError:
            assert process.poll() is None, (home / "server.log").read_text()
            time.sleep(0.3)
    yield url
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    log.close()


def read(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def rows(page) -> list[list[str]]:
    return page.eval_on_selector(TABLE, """t => Array.from(t.querySelectorAll('tbody tr')).map(
        r => Array.from(r.querySelectorAll('th, td')).map(c => c.innerText.trim()))""")


def header(page) -> list[str]:
    return page.eval_on_selector(TABLE, "t => Array.from(t.querySelectorAll('thead th')).map(c => c.innerText.trim())")


def wait_changed(page, before, timeout: float = 30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        page.wait_for_timeout(200)
        try:
            now = rows(page)
        except Exception:
            continue
        if now != before and not page.locator('[data-testid="stStatusWidget"]').is_visible():
            return now
    raise AssertionError("the table did not change")


def settle(page):
    page.wait_for_timeout(300)
    page.wait_for_function("!document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=TIMEOUT)


def set_number(page, label: str, value: str) -> None:
    box = page.locator('[data-testid="stNumberInput"]').filter(has_text=label).locator("input")
    box.fill(value)
    box.press("Enter")


def test_app_end_to_end(server, tmp_path):
    sync = playwright.sync_playwright
    with sync() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1100}, accept_downloads=True)
            errors: list[str] = []
            page.on("pageerror", lambda exc: errors.append(str(exc)))
            page.goto(server)
            page.wait_for_selector(TABLE, timeout=TIMEOUT)
            settle(page)
            first = rows(page)
            assert len(first) >= 20 and first[0][1] == "Daye"
            assert re.search(r"updated in \d+\.\d\d s", page.inner_text("body"))

            # a growth control: +2 points on the province's fitted trend moves the probabilities
            set_number(page, "Province (default)", "2")
            shifted = wait_changed(page, first)
            settle(page)
            shifted = rows(page)
            assert shifted != first

            # a broken upload: one line, the session goes on
            bad = tmp_path / "broken.yaml"
            bad.write_text("extends: baseline\ngrowth:\n  default: [unclosed\n", encoding="utf-8")
            uploader = page.locator('[data-testid="stFileUploader"]').filter(has_text="Upload a scenario YAML")
            uploader.locator('input[type="file"]').set_input_files(str(bad))
            alert = page.locator('[data-testid="stAlert"]').filter(has_text="Error:")
            alert.first.wait_for(timeout=TIMEOUT)
            message = alert.first.inner_text().strip()
            assert "broken.yaml" in message and "\n" not in message and "Traceback" not in page.inner_text("body"), message
            settle(page)
            assert rows(page) == shifted  # nothing half-applied
            data = tmp_path / "yearbook.csv"
            data.write_text("county,year,gdp_yi\n天门,2020,-5\n", encoding="utf-8")
            page.locator('[data-testid="stFileUploader"]').filter(has_text="Upload data").locator(
                'input[type="file"]').set_input_files(str(data))
            bad_data = page.locator('[data-testid="stAlert"]').filter(has_text="yearbook.csv")
            bad_data.first.wait_for(timeout=TIMEOUT)
            line = bad_data.first.inner_text().strip()
            assert "row 2" in line and "gdp_yi" in line and "\n" not in line, line
            settle(page)
            assert rows(page) == shifted

            # a good upload replaces the broken one and becomes the base scenario
            good = tmp_path / "mine.yaml"
            good.write_text("extends: high\nname: mine\nevents:\n  - {type: growth_shock, year: 2026, scope: reserve, "
                            "size: 0.01, decay: 0.5}\n", encoding="utf-8")
            uploader.locator('input[type="file"]').set_input_files(str(good))
            on_upload = wait_changed(page, shifted)
            settle(page)
            assert page.locator('[data-testid="stAlert"]').filter(has_text="broken.yaml").count() == 0
            assert "scenario mine_whatif)" in page.inner_text("body")  # the upload is the base now
            set_number(page, "tier: sprint", "1")
            after = wait_changed(page, rows(page))
            settle(page)
            after = rows(page)
            assert after != on_upload

            # the downloaded scenario reproduces the page's probabilities with `tiersim run`
            settle(page)  # the rerun after the last change has finished before the expander is opened
            page.get_by_text("The scenario file this page runs").click()
            code = page.locator('[data-testid="stCode"]').filter(has_text="sprint: 0.01")
            try:
                code.wait_for(timeout=TIMEOUT)
            except PlaywrightTimeout:  # on a loaded machine a rerun may have closed the expander: open it again
                settle(page)
                page.get_by_text("The scenario file this page runs").click()
                code.wait_for(timeout=TIMEOUT)
            settle(page)
            after = rows(page)
            with page.expect_download(timeout=TIMEOUT) as download:
                page.get_by_role("button", name="scenario YAML").click()
            saved = tmp_path / download.value.suggested_filename
            download.value.save_as(saved)
            text = saved.read_text(encoding="utf-8")
            assert saved.name == "mine_whatif.yaml" and "extends: high" in text and "growth_shock" in text, text
            assert "sprint: 0.01" in text and "default: 0.02" in text, text
            draws, seed = re.search(r"--draws (\d+) --seed (\d+)", text).groups()
            out = tmp_path / "run"
            done = subprocess.run([sys.executable, "-c", "from sim.cli import main; main()", "run", str(saved),
                                   "--draws", draws, "--seed", seed, "--out", str(out), "-q", "--lang", "en"],
                                  capture_output=True, text=True, timeout=120)
            assert done.returncode == 0, done.stderr
            cells = header(page)
            shown = {}
            for row in after:
                for column, cell in zip(cells, row):
                    found = re.fullmatch(r"(T100|T50) (\d{4})", column)
                    if found:
                        shown[(row[1], "top100" if found[1] == "T100" else "top50", int(found[2]))] = cell
            names = {r["county_id"]: r["name_pinyin"] for r in csv.DictReader(read(out / "crossings.csv"))}
            ran = {(names[r["county_id"]], r["threshold"], int(r["year"])): f"{float(r['probability']):.0%}"
                   for r in csv.DictReader(read(out / "membership.csv")) if r["county_id"] in names}
            assert len(shown) >= 100
            assert {k: ran.get(k) for k in shown} == shown

            # removing the bad uploads removes their lines
            for button in page.locator('[data-testid="stFileChipDeleteBtn"] button').all()[::-1]:
                button.click()
                settle(page)
            page.wait_for_function("!document.querySelector('[data-testid=\"stAlert\"]')", timeout=TIMEOUT)
            assert rows(page) == after

            # the Chinese page, for the README's screenshot
            page.get_by_text("中文", exact=True).click()
            page.wait_for_selector("text=关键结果", timeout=TIMEOUT)
            settle(page)
            assert rows(page)[0][1] == "大冶市"
            province = page.locator('[data-testid="stNumberInput"]').filter(has_text="全省").locator("input")
            assert province.input_value() == "2.00"  # the settings survive the switch
            assert page.locator('[data-testid="stRadio"]').filter(has_text="设定方式").first.locator("input:checked").count() == 1
            page.evaluate("window.scrollTo(0, 0)")
            page.locator('[data-testid="stMain"]').evaluate("e => e.scrollTo(0, 0)")
            page.evaluate("document.fonts.ready.then(() => true)")
            shot = tmp_path / "app.png"
            page.screenshot(path=str(shot))
            if os.environ.get("TIERSIM_APP_SCREENSHOT"):
                shutil.copy(shot, os.environ["TIERSIM_APP_SCREENSHOT"])
            assert not errors, errors
        finally:
            browser.close()
