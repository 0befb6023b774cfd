"""I/O faults: a full disk, a read-only file system or a missing permission at any write ends with one line and
exit 1, and ``--out`` stays all or nothing; places that must never be written are refused before any work."""

from __future__ import annotations

import errno

import pytest

from sim.errors import SimError
from sim.results.write import write_folder
from tests.fuzz.faults import failing_at
from tests.hostile_support import invoke, one_line_error

FILES = {"a.csv": b"1\n", "b.csv": b"2\n", "manifest.json": b"{}\n"}
CODES = [errno.ENOSPC, errno.EROFS, errno.EACCES]


def calls_of_a_write(tmp_path) -> int:
    with failing_at(None, errno.ENOSPC) as calls:
        write_folder(tmp_path / "count", FILES)
    return calls.count


def leftovers(folder):
    return sorted(p.name for p in folder.iterdir() if ".tmp-" in p.name or ".old-" in p.name or ".probe-" in p.name)


@pytest.mark.parametrize("code", CODES, ids=errno.errorcode.get)
def test_a_fault_at_every_write_leaves_nothing(tmp_path, code):
    total = calls_of_a_write(tmp_path)
    assert total >= 6
    failed = 0
    for k in range(total):
        out = tmp_path / f"new{k}"
        try:
            with failing_at(k, code):
                write_folder(out, FILES)
        except SimError as exc:
            failed += 1
            message = str(exc)
            assert "\n" not in message and message.startswith(f"{out}: cannot write"), message
            assert not out.exists(), k
        else:  # a fault the writer may ignore (making a parent folder that exists)
            assert sorted(p.name for p in out.iterdir()) == sorted(FILES), k
        assert leftovers(tmp_path) == [], k
    assert failed >= total - 1


@pytest.mark.parametrize("code", CODES, ids=errno.errorcode.get)
def test_a_fault_while_replacing_keeps_the_earlier_folder(tmp_path, code):
    out = tmp_path / "res"
    write_folder(out, {"old.csv": b"old\n"})
    with failing_at(None, code) as calls:
        write_folder(tmp_path / "count", FILES, force=True)
        write_folder(tmp_path / "count", FILES, force=True)
    for k in range(calls.count):
        try:
            with failing_at(k, code):
                write_folder(out, FILES, force=True)
        except SimError:
            assert sorted(p.name for p in out.iterdir()) == ["old.csv"], k
        else:
            assert sorted(p.name for p in out.iterdir()) == sorted(FILES), k
            write_folder(out, {"old.csv": b"old\n"}, force=True)
        assert leftovers(tmp_path) == [], k


def test_a_full_disk_in_run_out_is_one_line(tmp_path, monkeypatch):
    import pathlib

    real = pathlib.Path.write_bytes

    def full(self, data):
        if self.name == "membership.csv":
            raise OSError(errno.ENOSPC, "No space left on device", str(self))
        return real(self, data)

    monkeypatch.setattr(pathlib.Path, "write_bytes", full)
    out = tmp_path / "res"
    assert one_line_error(invoke("run", "--draws", "10", "-q", "--out", out)) == (
        f"{out}: cannot write: No space left on device; nothing was written")
    assert list(tmp_path.iterdir()) == []


def test_a_read_only_target_is_refused_before_any_work(tmp_path, monkeypatch):
    import tempfile

    import sim.run.projection

    def read_only(*args, **kwargs):
        raise OSError(errno.EROFS, "Read-only file system")

    def no_work(*args, **kwargs):
        raise AssertionError("the run started")

    monkeypatch.setattr(tempfile, "mkdtemp", read_only)
    monkeypatch.setattr(sim.run.projection, "project", no_work)
    out = tmp_path / "res"
    for command in (("run",), ("report",), ("compare", "baseline", "high"),
                    ("sweep", "--vary", "growth.default=0.05:0.06:0.01")):
        assert one_line_error(invoke(*command, "--out", out)) == f"{out}: cannot write in {tmp_path}: Read-only file system"


def test_an_xlsx_file_on_a_full_disk(tmp_path, monkeypatch):
    import os

    real = os.replace

    def full(src, dst, *args, **kwargs):
        if str(dst).endswith(".xlsx"):
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "replace", full)
    out = tmp_path / "res.xlsx"
    assert one_line_error(invoke("run", "--draws", "10", "-q", "--out", out)) == (
        f"{out}: cannot write: No space left on device; nothing was written")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("place", ["/", ".", "..", "~"])
def test_roots_the_current_folder_and_its_parents_are_never_replaced(tmp_path, monkeypatch, place):
    work = tmp_path / "a" / "b"
    work.mkdir(parents=True)
    monkeypatch.chdir(work)
    monkeypatch.setenv("HOME", str(tmp_path / "a"))
    target = str(tmp_path / "a") if place == "~" else place
    message = one_line_error(invoke("run", "--draws", "10", "-q", "--force", "--out", target))
    assert message.startswith(f"{target}: refusing to write there (")
    assert message.endswith("is a file system root or the current folder or one of its parents); name a new folder, "
                            "e.g. --out results/run1")
    assert work.exists()


def test_a_pseudo_file_system_is_refused_before_any_work():
    message = one_line_error(invoke("run", "--draws", "10", "--out", "/proc/x"))
    assert message.startswith("/proc/x: cannot write in /proc: ")


def test_under_a_file_is_refused(tmp_path):
    (tmp_path / "file").write_text("x")
    assert one_line_error(invoke("run", "--draws", "10", "--out", tmp_path / "file" / "res")) == (
        f"{tmp_path / 'file' / 'res'}: cannot make the folder: {tmp_path / 'file'} is a file")


def test_a_data_file_that_cannot_be_read(tmp_path, monkeypatch):
    import builtins

    path = tmp_path / "yb.csv"
    path.write_text("county,year,gdp_yi\n潜江,2020,800\n", encoding="utf-8")
    real = builtins.open

    def denied(file, *args, **kwargs):
        if str(file) == str(path):
            raise PermissionError(errno.EACCES, "Permission denied", str(file))
        return real(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", denied)
    message = one_line_error(invoke("data", "--data", path))
    assert message == f"{path}: cannot read: Permission denied"


@pytest.mark.parametrize("command", [
    ("run", "--draws", "10", "-q", "--keep-paths", "5"),
    ("sweep", "--vary", "growth.default=0.05:0.06:0.01", "--draws", "10", "-q"),
    ("compare", "baseline", "high", "--draws", "10"),
    ("calibrate",),
], ids=lambda c: c[0])
def test_a_full_disk_in_every_command_that_writes_a_folder(tmp_path, monkeypatch, command):
    from sim.results import write

    def full(out, files):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(write, "_write_folder", full)
    out = tmp_path / "res"
    assert one_line_error(invoke(*command, "--out", out)) == (
        f"{out}: cannot write: No space left on device; nothing was written")
    assert not out.exists()
