"""Reading a small file whole, with a bound: a file tiersim expects to be a few kB (a scenario, a manifest).

One read of at most ``limit + 1`` bytes, so a huge or endless file (``/dev/zero``) is refused without being read,
and every way the read can fail is one line naming the file.
"""

from __future__ import annotations

from pathlib import Path

from sim.errors import SimError


def read_small(path: Path, limit: int, error: type[SimError], label: str, *, missing: str, folder: str,
               too_big: str) -> bytes:
    """The bytes of ``path`` (at most ``limit``); else ``error`` with ``label: <missing | folder | too_big>`` or
    ``label: cannot read: <reason>``.

    >>> read_small(Path("/dev/zero"), 10, SimError, "zero", missing="?", folder="?", too_big="larger than 10 bytes")
    Traceback (most recent call last):
    sim.errors.SimError: zero: larger than 10 bytes
    """
    try:
        with path.open("rb") as stream:
            raw = stream.read(limit + 1)
    except FileNotFoundError:
        raise error(f"{label}: {missing}") from None
    except IsADirectoryError:
        raise error(f"{label}: {folder}") from None
    except OSError as exc:
        raise error(f"{label}: cannot read: {exc.strerror}") from None
    if len(raw) > limit:
        raise error(f"{label}: {too_big}")
    return raw
