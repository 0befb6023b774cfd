"""Writing a folder of result files all at once: a temporary folder, moved into place at the end.

A run that stops half-way (an error, Ctrl-C, a killed process) leaves the target
path as it was: no partial folder, and an earlier complete folder untouched. An
existing folder is replaced only with ``force``, and then in full.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from .errors import SimError


def check_target(out: Path, force: bool) -> None:
    """Fail early (before any work) if ``out`` exists and may not be replaced."""
    if out.exists() and not force:
        raise SimError(f"{out}: output folder exists; pass --force to replace it")
    if out.exists() and not out.is_dir():
        raise SimError(f"{out}: exists and is not a folder")
    if not out.resolve().parent.is_dir():
        raise SimError(f"{out}: parent folder {out.resolve().parent} does not exist")


def write_folder(out: Path, files: dict[str, bytes], force: bool = False) -> None:
    """Write ``files`` into ``out`` atomically (on one file system)."""
    check_target(out, force)
    parent = out.resolve().parent
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.tmp-", dir=parent))
    try:
        for name, content in files.items():
            (tmp / name).write_bytes(content)
        if out.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=parent))
            out.rename(old / out.name)
            tmp.rename(out)
            shutil.rmtree(old)
        else:
            tmp.rename(out)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp)
