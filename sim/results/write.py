"""Writing a folder of result files all at once: a temporary folder, moved into place at the end.

A run that stops half-way (an error, Ctrl-C, a killed process) leaves the target
path as it was: no partial folder, and an earlier complete folder untouched. An
existing folder is replaced only with ``force``, and then in full. Missing parent folders are created.

Work folders sit next to the target and carry the writing process's id:
``.NAME.tmp-PID-*`` (the new files) and ``.NAME.old-PID-*`` (the folder being
replaced, for the instant between two renames). A process killed outright (SIGKILL,
power loss) cannot remove them; the next write to the same target removes those of
processes that are gone, and if one was killed between the two renames it first puts
the earlier folder back at NAME. Folders of a live process are never touched.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from pathlib import Path

from sim.errors import SimError


def check_target(out: Path, force: bool) -> None:
    """Fail early (before any work) if ``out`` exists and may not be replaced, or cannot be made.

    Refused whatever ``--force`` says: a file system root, the current folder or one of its parents (``/``,
    ``.``, ``..``), and a place where no folder can be made (read-only, no permission, ``/proc``).
    """
    target = Path(out).resolve()
    if target.parent == target or target == Path.cwd() or target in Path.cwd().parents:
        raise SimError(f"{out}: refusing to write there ({target} is a file system root or the current folder or "
                       f"one of its parents); name a new folder, e.g. --out results/run1")
    ancestor = target.parent
    while not ancestor.exists():
        ancestor = ancestor.parent
    if not ancestor.is_dir():
        raise SimError(f"{out}: cannot make the folder: {ancestor} is a file")
    probe(out, ancestor)
    tidy(out)
    if out.exists() and not force:
        raise SimError(f"{out}: output folder exists; pass --force to replace it")
    if out.exists() and not out.is_dir():
        raise SimError(f"{out}: exists and is not a folder")


def probe(out: Path, folder: Path) -> None:
    """Check that a folder can be made in ``folder`` (the nearest existing parent of ``out``) by making one and
    removing it: read-only file systems, missing permissions and pseudo file systems are refused before any work."""
    try:
        Path(tempfile.mkdtemp(prefix=f".{Path(out).name}.probe-{os.getpid()}-", dir=folder)).rmdir()
    except OSError as exc:
        raise SimError(f"{out}: cannot write in {folder}: {exc.strerror or exc.__class__.__name__}") from None


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_folder(out: Path, files: dict[str, bytes], force: bool = False) -> None:
    """Write ``files`` into ``out`` atomically (on one file system); an :class:`OSError` on the way (disk full,
    read-only, permission) becomes a one-line :class:`SimError` naming ``out``, with ``out`` left as it was."""
    from sim.results.manifest import place

    check_target(out, force)
    files = place(files, out)
    try:
        _write_folder(out, files)
    except OSError as exc:
        raise SimError(f"{out}: cannot write: {exc.strerror or exc.__class__.__name__}; nothing was written") from None


def _write_folder(out: Path, files: dict[str, bytes]) -> None:
    parent = out.resolve().parent
    parent.mkdir(parents=True, exist_ok=True)  # missing parent folders are made (they stay if the write fails)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.tmp-{os.getpid()}-", dir=parent))
    old = None
    try:
        tmp.chmod(0o777 & ~_umask())  # mkdtemp makes it private; a result folder gets the usual permissions
        for name, content in files.items():
            (tmp / name).write_bytes(content)
        if out.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-{os.getpid()}-", dir=parent))
            out.rename(old / out.name)
        tmp.rename(out)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
        if old is not None:
            if not out.exists() and (old / out.name).exists():  # stopped between the two renames: put it back
                (old / out.name).rename(out)
            shutil.rmtree(old, ignore_errors=True)


def tidy(out: Path) -> None:
    """Remove the work folders that processes which are gone left next to ``out``; restore a displaced folder.

    Only folders named ``.NAME.tmp-PID-*`` or ``.NAME.old-PID-*`` whose PID is no longer running are touched.
    """
    parent = out.resolve().parent
    pattern = re.compile(rf"\.{re.escape(out.name)}\.(tmp|old)-(\d+)-.+")
    try:
        leftovers = sorted(p for p in parent.iterdir() if pattern.fullmatch(p.name))
    except OSError:
        return
    for path in leftovers:
        kind, pid = pattern.fullmatch(path.name).groups()
        if _running(int(pid)):
            continue
        if kind == "old" and not out.exists() and (path / out.name).is_dir():
            (path / out.name).rename(out)  # killed between moving the old folder aside and moving the new one in
        shutil.rmtree(path, ignore_errors=True)


def _running(pid: int) -> bool:
    """Whether process ``pid`` exists (on a system where that cannot be asked, assume it does)."""
    if os.name != "posix":
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True
    return True
