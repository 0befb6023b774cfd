"""Assembling the data a run uses: the shipped tables, then each ``--data`` file, then the ``--as-of`` cut."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from pathlib import Path

from sim.data.tables import Dataset, load_shipped, with_observations
from sim.errors import SimError
from sim.data.userdata import read_user_file


def load_dataset(data_files: tuple[str, ...] | list[str] = (), as_of: int | None = None,
                 labels: tuple[str, ...] | list[str] | None = None) -> tuple[Dataset, list[str]]:
    """The dataset and the notes made while reading (e.g. a file read as GBK). Later files win.

    ``labels`` name the files in messages, sources and the manifest (default: the paths as given); ``tiersim
    verify`` reads a moved file under the name it had in the run, so the data hash is the run's.
    """
    if as_of is not None and not 1949 <= as_of <= 2100:
        raise SimError(f"--as-of: must be a year between 1949 and 2100; got {as_of}")
    dataset, notes = load_shipped(), []
    for i, path in enumerate(data_files):
        label = str(path) if labels is None else labels[i]
        frame, new, file_notes = read_user_file(path, dataset.registry, label)
        notes += file_notes
        dataset = with_observations(dataset, frame, label, new)
        dataset = replace(dataset, user_file_sha256=dataset.user_file_sha256 + (file_sha256(path),))
    return dataset.cut(as_of), notes


def file_sha256(path: str | Path) -> str | None:
    """sha256 of a file's bytes (read in blocks); ``None`` if it cannot be read."""
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as stream:
            for block in iter(lambda: stream.read(1 << 20), b""):
                digest.update(block)
    except OSError:
        return None
    return digest.hexdigest()
