"""``tiersim app``: start the what-if page (:mod:`sim.app`) on a local web server, Streamlit's, and wait.

Streamlit runs in a child process (``python -m streamlit run sim/app/page.py`` with fixed server options); this
module only picks the address, prepares a temporary folder for the sessions (removed on exit) and opens the browser.
Nothing here imports Streamlit.
"""

from __future__ import annotations

import importlib.util
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import click

from .common import lang_option

LOCAL = ("127.0.0.1", "localhost", "::1")
UPLOAD_MB = 2


def free_port(host: str) -> int:
    """A port the system says is free on ``host`` now."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def page_file() -> Path:
    spec = importlib.util.find_spec("sim.app")
    return Path(list(spec.submodule_search_locations)[0]) / "page.py"


def server_command(host: str, port: int) -> list[str]:
    """The Streamlit command: the page only (no static folder, no file watcher, no usage statistics)."""
    options = {"server.address": host, "server.port": port, "server.headless": "true", "server.runOnSave": "false",
               "server.fileWatcherType": "none", "server.maxUploadSize": UPLOAD_MB, "server.enableStaticServing": "false",
               "server.enableXsrfProtection": "true", "browser.gatherUsageStats": "false",
               "global.developmentMode": "false", "client.toolbarMode": "minimal", "theme.base": "light"}
    return [sys.executable, "-m", "streamlit", "run", str(page_file()),
            *[f"--{key}={value}" for key, value in options.items()]]


def wait_until_up(url: str, process: subprocess.Popen, timeout: float = 60.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and process.poll() is None:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as reply:
                if reply.status == 200:
                    return True
        except OSError:
            time.sleep(0.2)
    return False


def _stop(signum, frame):
    raise SystemExit(128 + signum)


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to serve on. Anything but 127.0.0.1/localhost exposes the page to other machines.")
@click.option("--port", type=click.IntRange(0, 65535), default=0, show_default=True,
              help="Port to serve on; 0 picks a free one.")
@click.option("--no-browser", is_flag=True, help="Do not open a browser; only print the address.")
@lang_option
def app(host, port, no_browser, lang):
    """Start the what-if page in the browser: change assumptions and see the results update.

    \b
    Examples:
      tiersim app
      tiersim app --no-browser --port 8501
      tiersim app --lang en --host 0.0.0.0 --port 8501
    """
    from sim.errors import SimError

    if importlib.util.find_spec("streamlit") is None:
        raise SimError("tiersim app needs Streamlit: pip install 'tiersim[app]'")
    if host not in LOCAL:
        click.echo(f"warning: --host {host} serves the page to every machine that can reach this one; it has no "
                   f"login. Use 127.0.0.1 unless you mean it.", err=True)
    try:
        port = port or free_port(host)
    except OSError as exc:
        raise SimError(f"--host {host}: cannot serve there: {exc.strerror or exc}") from None
    shown = f"[{host}]" if ":" in host else host
    url = f"http://{shown}:{port}"
    with tempfile.TemporaryDirectory(prefix="tiersim-app-") as folder:
        env = dict(os.environ, TIERSIM_APP_TMP=str(Path(folder) / "sessions"), TIERSIM_APP_LANG=lang)
        env.setdefault("TIERSIM_CACHE", str(Path(folder) / "cache"))  # fits of uploaded data stay in the folder too
        Path(env["TIERSIM_APP_TMP"]).mkdir()
        process = subprocess.Popen(server_command(host, port), env=env, stdout=subprocess.DEVNULL)
        signal.signal(signal.SIGTERM, _stop)  # a terminated `tiersim app` stops its server too
        try:
            if not wait_until_up(url, process):
                process.terminate()
                process.wait(timeout=10)
                raise SimError(f"tiersim app: the server did not start on {url} (is the port taken?)")
            click.echo(f"tiersim app: {url}  (Ctrl-C stops it)")
            if not no_browser:
                import webbrowser

                webbrowser.open(url)
            process.wait()
        finally:
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
    if process.returncode not in (0, -15, None):
        raise SimError(f"tiersim app: the server stopped with exit code {process.returncode}")


COMMANDS = [app]
