"""A fault-injecting file system layer for tests: the k-th file system call that writes raises an ``OSError``.

``with failing_at(k, errno.ENOSPC) as calls:`` patches the calls tiersim's writers make (``os.mkdir`` under
``tempfile.mkdtemp``, ``os.open`` under ``mkstemp`` and ``open(..., "wb")``, ``os.write``-backed ``Path.write_bytes``,
``os.rename``/``os.replace``, ``os.chmod``) so that call number ``k`` (from 0) fails as a full disk (``ENOSPC``),
a read-only file system (``EROFS``) or a missing permission (``EACCES``) would; ``calls`` counts the calls seen
(run once with ``k=None`` to count them).
"""

from __future__ import annotations

import contextlib
import os
import pathlib

WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_TRUNC


class Calls:
    def __init__(self, fail_at: int | None, code: int):
        self.fail_at, self.code, self.count, self.names = fail_at, code, 0, []

    def hit(self, name: str, path) -> None:
        self.names.append(name)
        self.count += 1
        if self.fail_at is not None and self.count - 1 == self.fail_at:
            raise OSError(self.code, os.strerror(self.code), str(path))


@contextlib.contextmanager
def failing_at(k: int | None, code: int):
    calls = Calls(k, code)
    real = {"mkdir": os.mkdir, "open": os.open, "rename": os.rename, "replace": os.replace, "chmod": os.chmod,
            "write_bytes": pathlib.Path.write_bytes}

    def mkdir(path, *args, **kwargs):
        calls.hit("mkdir", path)
        return real["mkdir"](path, *args, **kwargs)

    def open_(path, flags, *args, **kwargs):
        if flags & WRITE_FLAGS:
            calls.hit("open", path)
        return real["open"](path, flags, *args, **kwargs)

    def rename(src, dst, *args, **kwargs):
        calls.hit("rename", dst)
        return real["rename"](src, dst, *args, **kwargs)

    def replace(src, dst, *args, **kwargs):
        calls.hit("replace", dst)
        return real["replace"](src, dst, *args, **kwargs)

    def chmod(path, *args, **kwargs):
        calls.hit("chmod", path)
        return real["chmod"](path, *args, **kwargs)

    def write_bytes(self, data):
        calls.hit("write_bytes", self)
        return real["write_bytes"](self, data)

    os.mkdir, os.open, os.rename, os.replace, os.chmod = mkdir, open_, rename, replace, chmod
    pathlib.Path.write_bytes = write_bytes
    try:
        yield calls
    finally:
        os.mkdir, os.open, os.rename, os.replace, os.chmod = (real["mkdir"], real["open"], real["rename"],
                                                              real["replace"], real["chmod"])
        pathlib.Path.write_bytes = real["write_bytes"]
