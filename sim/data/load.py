"""Assembling the data a run uses: the shipped tables, then each ``--data`` file, then the ``--as-of`` cut."""

from __future__ import annotations

from sim.data.tables import Dataset, load_shipped, with_observations
from sim.errors import SimError
from sim.data.userdata import read_user_file


def load_dataset(data_files: tuple[str, ...] | list[str] = (), as_of: int | None = None) -> tuple[Dataset, list[str]]:
    """The dataset and the notes made while reading (e.g. a file read as GBK). Later files win."""
    if as_of is not None and not 1949 <= as_of <= 2100:
        raise SimError(f"--as-of: must be a year between 1949 and 2100; got {as_of}")
    dataset, notes = load_shipped(), []
    for path in data_files:
        frame, new, file_notes = read_user_file(path, dataset.registry)
        notes += file_notes
        dataset = with_observations(dataset, frame, str(path), new)
    return dataset.cut(as_of), notes
