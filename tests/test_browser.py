"""The report in a real browser: headless Chromium opens report.html (zh and en) from disk and we check,
over the DevTools protocol, at a 1280 px window, that every image loaded, the embedded Chinese font is used,
the page made no request outside itself (data: URLs only), no table cell is squeezed (a number on two lines,
prose a character per line) and the console shows no error; screenshots are saved.

The protocol runs over a pipe (``--remote-debugging-pipe``: the browser reads commands on fd 3 and
writes replies on fd 4, each a JSON text ended by a NUL byte), so no extra package is needed.
Skipped only when Debian's ``chromium`` is absent (``.ci/run`` installs it).
"""

from __future__ import annotations

import base64
import fcntl
import json
import os
import select
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from sim import load_scenario
from sim.run.projection import project
from sim.present import report

CHROMIUM = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (apt-get install -y chromium)")

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--disable-extensions", "--disable-default-apps", "--mute-audio",
         "--hide-scrollbars", "--remote-debugging-pipe"]


def _high(fd: int) -> int:
    """``fd`` moved to a number of 10 or more (so moving it to 3 or 4 in the child cannot clobber the other)."""
    moved = fcntl.fcntl(fd, fcntl.F_DUPFD, 10)
    os.close(fd)
    return moved


class Browser:
    """Chromium driven over the DevTools protocol on a pipe (one page, flat sessions)."""

    def __init__(self, profile: Path):
        to_browser_r, self._to_browser = os.pipe()
        self._from_browser, from_browser_w = os.pipe()
        to_browser_r, from_browser_w = _high(to_browser_r), _high(from_browser_w)

        fds = (to_browser_r, from_browser_w)  # the browser expects the pipe on fds 3 and 4: bash moves them there
        move = f'exec "$@" 3<&{fds[0]} 4>&{fds[1]} {fds[0]}<&- {fds[1]}>&-'
        self.process = subprocess.Popen(["bash", "-c", move, "bash", CHROMIUM, *FLAGS, f"--user-data-dir={profile}", "about:blank"],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, pass_fds=fds)
        os.close(to_browser_r)
        os.close(from_browser_w)
        self._buffer = b""
        self._next = 0
        self.events: list[dict] = []
        targets = self.call("Target.getTargets")["targetInfos"]
        page = next(t for t in targets if t["type"] == "page")
        self.session = self.call("Target.attachToTarget", targetId=page["targetId"], flatten=True)["sessionId"]

    def _read(self, deadline: float) -> dict:
        while b"\0" not in self._buffer:
            ready, _, _ = select.select([self._from_browser], [], [], max(0.0, deadline - time.monotonic()))
            if not ready:
                raise TimeoutError("chromium did not answer in time")
            chunk = os.read(self._from_browser, 1 << 20)
            if not chunk:
                raise RuntimeError("chromium closed the DevTools pipe")
            self._buffer += chunk
        message, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(message)

    def call(self, method: str, session: str | None = None, timeout: float = 30.0, **params) -> dict:
        self._next += 1
        message = {"id": self._next, "method": method, "params": params}
        if session:
            message["sessionId"] = session
        os.write(self._to_browser, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + timeout
        while True:
            reply = self._read(deadline)
            if reply.get("id") == self._next:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            self.events.append(reply)

    def page(self, method: str, **params) -> dict:
        return self.call(method, session=self.session, **params)

    def wait_for(self, method: str, timeout: float = 30.0) -> dict:
        deadline = time.monotonic() + timeout
        for event in self.events:
            if event.get("method") == method:
                return event
        while True:
            event = self._read(deadline)
            self.events.append(event)
            if event.get("method") == method:
                return event

    def close(self) -> None:
        try:
            self.call("Browser.close", timeout=5)
        except Exception:
            pass
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        os.close(self._to_browser)
        os.close(self._from_browser)


CHECK = """JSON.stringify({
  pageWidth: document.documentElement.scrollWidth,
  cramped: Array.from(document.querySelectorAll('td')).filter(td => {
    const style = getComputedStyle(td), line = parseFloat(style.lineHeight) || 1.6 * parseFloat(style.fontSize);
    const text = td.innerText.trim();
    const range = document.createRange();
    range.selectNodeContents(td);
    return text.length > 1 && range.getBoundingClientRect().height > 1.5 * line && !td.classList.contains('w');
  }).map(td => td.innerText.slice(0, 30)),
  narrowProse: Array.from(document.querySelectorAll('td.w')).filter(td =>
    td.getBoundingClientRect().width < 10 * parseFloat(getComputedStyle(td).fontSize)).length,
  images: Array.from(document.images).map(i => [i.complete, i.naturalWidth, i.naturalHeight]),
  font: document.fonts.check('16px TiersimCJK', '天门百强'),
  fontStatus: Array.from(document.fonts).map(f => [f.family, f.status]),
  lang: document.documentElement.lang,
  title: document.title,
  text: document.body.innerText.slice(0, 400)
})"""


@pytest.fixture(scope="module")
def pages(shipped, tmp_path_factory):
    base = tmp_path_factory.mktemp("browser")
    p = project(load_scenario("baseline", shipped.registry), shipped, draws=100)
    out = {}
    for lang in ("zh", "en"):
        path = base / f"report-{lang}.html"
        path.write_bytes(report.html(p, lang, date="2026-12-02"))
        out[lang] = path
    return out


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_report_opens_offline_with_every_image_and_no_console_error(pages, lang, tmp_path):
    browser = Browser(tmp_path / "profile")
    try:
        for domain in ("Page", "Runtime", "Log", "Network"):
            browser.page(f"{domain}.enable")
        browser.page("Emulation.setDeviceMetricsOverride", width=1280, height=1500, deviceScaleFactor=1, mobile=False)
        browser.page("Page.navigate", url=pages[lang].as_uri())
        browser.wait_for("Page.loadEventFired")
        browser.page("Runtime.evaluate", expression="document.fonts.ready.then(() => true)", awaitPromise=True)
        state = json.loads(browser.page("Runtime.evaluate", expression=CHECK, returnByValue=True)["result"]["value"])
        shot = browser.page("Page.captureScreenshot", format="png")
        (tmp_path / f"report-{lang}.png").write_bytes(base64.b64decode(shot["data"]))
        shutil.copy(tmp_path / f"report-{lang}.png", pages[lang].with_suffix(".png"))
    finally:
        browser.close()
    assert len(state["images"]) >= 10
    assert state["pageWidth"] <= 1280  # at a 1280 px window nothing sticks out (wide tables scroll in their box)
    assert state["cramped"] == [] and state["narrowProse"] == 0  # no cell squeezed to a character per line
    assert all(complete and width > 0 and height > 0 for complete, width, height in state["images"]), state["images"]
    assert state["font"] is True and ["TiersimCJK", "loaded"] in state["fontStatus"], state["fontStatus"]
    assert state["lang"] == ("zh-CN" if lang == "zh" else "en")
    assert ("tiersim 报告" if lang == "zh" else "tiersim report") in state["title"] and "2026-12-02" in state["title"]
    requests = [e["params"]["request"]["url"] for e in browser.events if e.get("method") == "Network.requestWillBeSent"]
    assert requests and all(u.startswith(("file:", "data:")) for u in requests), [u[:80] for u in requests]
    assert sum(u.startswith("file:") for u in requests) == 1  # the page itself, nothing else from disk or network
    errors = [e for e in browser.events if e.get("method") in ("Runtime.exceptionThrown", "Network.loadingFailed")
              or (e.get("method") == "Runtime.consoleAPICalled" and e["params"]["type"] in ("error", "assert"))
              or (e.get("method") == "Log.entryAdded" and e["params"]["entry"]["level"] == "error")]
    assert not errors, errors
