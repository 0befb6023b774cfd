"""Interrupted runs lose nothing and leave nothing half-done.

A ``tiersim run --out DIR`` that is killed (SIGKILL) or interrupted (Ctrl-C) part-way leaves
DIR as it was: absent if it was absent, byte for byte the earlier complete folder if there was
one. Files are written into ``.DIR.tmp-PID-*`` and moved into place at the end; a process
killed outright cannot remove that work folder, and the next write to DIR does.
"""

from __future__ import annotations

import fcntl
import os
import pty
import signal
import struct
import subprocess
import sys
import termios
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from sim.results import write as output
from sim.cli import cli

LONG = ["run", "--draws", "3000000"]  # ~5 minutes on one core: always still running when it is stopped
INTERRUPTED = "tiersim: interrupted; no output was written"


def tiersim() -> str:
    script = Path(sys.executable).with_name("tiersim")
    assert script.exists(), f"console script not installed next to {sys.executable}"
    return str(script)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def work_folders(out: Path) -> list[str]:
    return sorted(p.name for p in out.parent.glob(f".{out.name}.*"))


def wait_for(condition, proc: subprocess.Popen, what: str, timeout: float = 90) -> None:
    """Poll until ``condition()``; fail (after killing ``proc``) if the process ended first or time ran out."""
    deadline = time.monotonic() + timeout
    while not condition():
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            proc.wait(30)
            pytest.fail(f"{what}: not seen (exit code {proc.returncode})")
        time.sleep(0.05)


class Terminal:
    """The run's stderr as a terminal (a pty), so that it draws its progress bar; everything read is kept."""

    def __init__(self):
        self.master, self.slave = pty.openpty()
        fcntl.ioctl(self.slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))  # rows, columns
        self.chunks: list[bytes] = []
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        while True:
            try:
                chunk = os.read(self.master, 4096)
            except OSError:
                return
            if not chunk:
                return
            self.chunks.append(chunk)

    def read_bytes(self) -> bytes:
        return b"".join(self.chunks)


def _as_from_a_shell(command: list[str]) -> list[str]:
    """``command`` started as a shell starts a program: Ctrl-C delivered and handled by default. Dispositions set
    to ignore and blocked signals are inherited across exec, and after some tests of the full suite the pytest
    process may carry either; a small Python resets both and execs the command (no ``preexec_fn``: that would
    fork a process in which JAX, loaded by other tests, has threads)."""
    reset = ("import os, signal, sys; signal.pthread_sigmask(signal.SIG_SETMASK, []); "
             "signal.signal(signal.SIGINT, signal.SIG_DFL); os.execv(sys.argv[1], sys.argv[1:])")
    return [sys.executable, "-c", reset, *command]


def start_long_run(tmp_path: Path, out: Path, *extra: str) -> tuple[subprocess.Popen, Terminal]:
    """A long ``tiersim run``, returned once its projection is demonstrably under way (the progress bar is drawn:
    its stderr is a terminal, since into a file the bar writes nothing)."""
    log = Terminal()
    proc = subprocess.Popen(_as_from_a_shell([tiersim(), *LONG, "--out", str(out), *extra]), stdout=subprocess.DEVNULL,
                            stderr=log.slave, cwd=tmp_path)
    os.close(log.slave)
    wait_for(lambda: b"/3000000" in log.read_bytes(), proc, "progress of the long run")
    assert proc.poll() is None
    return proc, log


def kill(proc: subprocess.Popen) -> None:
    proc.send_signal(signal.SIGKILL)
    assert proc.wait(30) == -signal.SIGKILL


def test_killed_run_leaves_no_folder(tmp_path):
    out = tmp_path / "out"
    proc, _ = start_long_run(tmp_path, out)
    kill(proc)
    assert not out.exists()
    assert work_folders(out) == []  # killed before writing: not even a work folder


def test_killed_forced_run_leaves_the_earlier_folder_untouched(tmp_path):
    out = tmp_path / "out"
    first = CliRunner().invoke(cli, ["run", "--draws", "200", "--out", str(out)])
    assert first.exit_code == 0, first.output
    before = snapshot(out)
    assert "manifest.json" in before and len(before) >= 5
    proc, _ = start_long_run(tmp_path, out, "--force")
    kill(proc)
    assert snapshot(out) == before
    assert work_folders(out) == []


def test_ctrl_c_prints_one_line_and_exits_130(tmp_path):
    out = tmp_path / "out"
    proc, log = start_long_run(tmp_path, out)
    proc.send_signal(signal.SIGINT)
    assert proc.wait(60) == 130
    log.reader.join(10)
    text = log.read_bytes().decode("utf-8").replace("\r\n", "\n")  # a terminal ends lines with \r\n
    # the progress bar (redrawn after \r, then cleared) and the blank line that ends it aside, one line
    said = [line.split("\r")[-1].strip() for line in text.split("\n")]
    said = [line for line in said if line and "/3000000" not in line]
    assert said == [INTERRUPTED], text
    assert "Traceback" not in text
    assert not out.exists() and work_folders(out) == []


# ---------------------------------------------------------------- killed while writing the files


SLOW_WRITER = """
import sys, time
from pathlib import Path
from sim.results import write as output

class Slow(dict):
    def items(self):
        for name, content in super().items():
            yield name, content
            time.sleep(0.3)

out = Path(sys.argv[1])
output.write_folder(out, Slow({f"part{i}.csv": b"new," * 1000 for i in range(100)}), force=True)
print("finished")
"""


def _reaped() -> int:
    """The id of a process that has ended (and been reaped)."""
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait(30)
    return proc.pid


@pytest.mark.parametrize("existing", [False, True], ids=["new", "replacing"])
def test_killed_while_writing(tmp_path, existing):
    out = tmp_path / "out"
    before = None
    if existing:
        output.write_folder(out, {"a.csv": b"old\n", "manifest.json": b"{}\n"})
        before = snapshot(out)
    proc = subprocess.Popen([sys.executable, "-c", SLOW_WRITER, str(out)], stdout=subprocess.DEVNULL, cwd=tmp_path)
    tmp = f".out.tmp-{proc.pid}-"
    wait_for(lambda: any(p.name.startswith(tmp) and any(p.iterdir()) for p in tmp_path.iterdir()), proc, "files being written")
    kill(proc)
    # the target is as it was; the killed writer's work folder stays behind (nothing can remove it at that moment)
    assert (snapshot(out) == before) if existing else not out.exists()
    leftovers = work_folders(out)
    assert len(leftovers) == 1 and leftovers[0].startswith(tmp)
    # the next write to the same target removes it, and replaces the folder in full
    output.write_folder(out, {"b.csv": b"newer\n"}, force=True)
    assert snapshot(out) == {"b.csv": b"newer\n"}
    assert work_folders(out) == []


def test_a_live_writers_work_folder_is_left_alone(tmp_path):
    out = tmp_path / "out"
    mine = tmp_path / f".out.tmp-{os.getpid()}-abc"  # this process is alive
    mine.mkdir()
    other = tmp_path / ".out.tmp-notapid"  # not a name tiersim makes
    other.mkdir()
    output.write_folder(out, {"a.csv": b"x\n"})
    assert mine.is_dir() and other.is_dir()
    assert snapshot(out) == {"a.csv": b"x\n"}


def test_a_folder_moved_aside_by_a_killed_run_is_put_back(tmp_path):
    """Killed between the two renames of a --force replacement: the earlier folder waits in .out.old-PID-*; the next look restores it."""
    out = tmp_path / "out"
    aside = tmp_path / f".out.old-{_reaped()}-xyz" / "out"
    aside.mkdir(parents=True)
    (aside / "a.csv").write_bytes(b"earlier\n")
    with pytest.raises(Exception, match="output folder exists; pass --force"):
        output.check_target(out, force=False)  # restored first, so it is refused as an existing folder
    assert snapshot(out) == {"a.csv": b"earlier\n"}
    assert work_folders(out) == []


class _Boom(dict):
    def items(self):
        yield from list(super().items())[:1]
        raise KeyboardInterrupt


def test_ctrl_c_while_writing_removes_the_work_folder(tmp_path):
    out = tmp_path / "out"
    with pytest.raises(KeyboardInterrupt):
        output.write_folder(out, _Boom({"a.csv": b"1", "b.csv": b"2"}))
    assert not out.exists() and work_folders(out) == []


def test_stopped_between_the_two_renames_puts_the_earlier_folder_back(tmp_path, monkeypatch):
    out = tmp_path / "out"
    output.write_folder(out, {"a.csv": b"earlier\n"})
    real = Path.rename

    def rename(self, target):
        if self.name.startswith(".out.tmp-"):  # moving the new folder in
            raise KeyboardInterrupt
        return real(self, target)

    monkeypatch.setattr(Path, "rename", rename)
    with pytest.raises(KeyboardInterrupt):
        output.write_folder(out, {"b.csv": b"new\n"}, force=True)
    monkeypatch.undo()
    assert snapshot(out) == {"a.csv": b"earlier\n"}
    assert work_folders(out) == []
