"""Data: the county registry (:mod:`.registry`), the shipped tables and the ``--as-of`` cut (:mod:`.tables`),
``--data`` files (:mod:`.userdata`), assembling what a run reads (:mod:`.load`) and base-year seeds
(:mod:`.seeds`). The shipped CSV tables live in this folder.
"""

from sim.data.load import load_dataset
from sim.data.registry import County, Registry
from sim.data.tables import (
    CONFIDENCES, OBS_COLUMNS, OBS_STATUSES, Dataset, best_observations, load_registry, load_shipped, with_observations,
)

__all__ = ["CONFIDENCES", "OBS_COLUMNS", "OBS_STATUSES", "County", "Dataset", "Registry", "best_observations",
           "load_dataset", "load_registry", "load_shipped", "with_observations"]
