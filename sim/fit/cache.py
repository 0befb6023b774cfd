"""Fitted posteriors on disk, keyed by what they depend on: the model version, the data and the sampler settings.

Looked up in order: the fits shipped with tiersim (``sim/data/fits/``: the shipped data, as of its last year
and as of each backtest origin), then the user's cache (``$TIERSIM_CACHE/fits`` or ``~/.cache/tiersim/fits``).
Only on a miss is the model fitted (:mod:`sim.fit.estimate`, which imports JAX) and the result cached, so a
default ``tiersim run`` adds no fit time, and the same data always give the same posterior on one machine.
"""

from __future__ import annotations

import hashlib
import os
from importlib import resources
from pathlib import Path
from typing import Callable

from sim.data.tables import Dataset
from sim.fit import design as design_mod
from sim.fit.posterior import Posterior, Settings, load

MODEL_VERSION = "4"
"""Bumped whenever the model or its priors change: every cached posterior is then refitted."""


def key(dataset: Dataset, settings: Settings = Settings()) -> str:
    """The cache key of a fit of ``dataset`` (already cut at its as-of year)."""
    text = f"model {MODEL_VERSION}|data {dataset.sha256()}|as_of {dataset.as_of}|{settings.key()}"
    return hashlib.sha256(text.encode()).hexdigest()[:24]


def user_folder() -> Path:
    root = os.environ.get("TIERSIM_CACHE") or os.path.join(os.path.expanduser("~"), ".cache", "tiersim")
    return Path(root) / "fits"


def shipped_folder() -> Path:
    return Path(str(resources.files("sim").joinpath("data", "fits")))


def find(name: str) -> Path | None:
    for folder in (shipped_folder(), user_folder()):
        path = folder / f"{name}.npz"
        if path.is_file():
            return path
    return None


def posterior(dataset: Dataset, settings: Settings = Settings(),
              on_fit: Callable[[str], None] | None = None) -> Posterior:
    """The posterior of ``dataset``: from the shipped fits or the cache, else fitted now (``on_fit`` is told first)."""
    name = key(dataset, settings)
    path = find(name)
    if path is not None:
        return load(path)
    if on_fit is not None:
        on_fit(name)
    from sim.fit import estimate

    des = design_mod.build(dataset)
    result = estimate.fit(des, settings, info={"key": name, "data_sha256": dataset.sha256(), "as_of": dataset.as_of})
    result.save(user_folder() / f"{name}.npz")
    return result
