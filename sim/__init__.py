"""tiersim: scenario simulator for Hubei's county-economy tiers and the national Top-100 county GDP thresholds.

The public API is small::

    import sim
    scenario = sim.load_scenario("baseline")            # a shipped name or a YAML path; sets=("a.b=v",)
    p = sim.project(scenario, draws=1000, seed=2021)     # shipped data; or dataset=sim.load_data(["yearbook.csv"])
    p                                                    # a few lines: scenario, draws, seed, counties, years
    p.crossings()                                        # tidy DataFrames: trajectories(), thresholds(), ranks(), ...

Importing ``sim`` has no side effects and loads neither matplotlib nor pandas: names are imported on first use.
The stage packages below (``sim.data``, ``sim.scenario``, ``sim.model``, ``sim.run``, ``sim.results``,
``sim.whatif``, ``sim.present``, ``sim.cli``) hold everything else.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

__all__ = ["CalibrationError", "DataError", "Dataset", "Result", "Scenario", "ScenarioError", "SimError",
           "load_data", "load_scenario", "load_shipped", "project"]

if TYPE_CHECKING:
    from sim.data.registry import Registry
    from sim.data.tables import Dataset
    from sim.results.result import Result
    from sim.scenario.schema import Scenario

_LAZY = {"Dataset": "sim.data.tables", "Result": "sim.results.result", "Scenario": "sim.scenario.schema"}
from sim.errors import CalibrationError, DataError, ScenarioError, SimError  # noqa: E402  (light: no third-party imports)


def load_data(files: list[str] | tuple[str, ...] = (), *, as_of: int | None = None) -> "Dataset":
    """The shipped data, with ``files`` (``--data`` CSV files, later ones win) and cut at ``as_of``."""
    from sim.data.load import load_dataset

    dataset, _notes = load_dataset(tuple(files), as_of)
    return dataset


def load_scenario(name_or_path: str, registry: "Registry | Dataset | None" = None, sets: tuple[str, ...] = ()) -> "Scenario":
    """A validated scenario: a shipped name (``baseline``, ``high``, ...) or a YAML file, with ``--set`` overrides.
    County names resolve against ``registry`` (a registry or a dataset's; default: the shipped one)."""
    from sim.data.tables import load_registry
    from sim.scenario import load

    registry = load_registry() if registry is None else getattr(registry, "registry", registry)
    return load(name_or_path, registry, tuple(sets))


def load_shipped() -> "Dataset":
    """The data shipped with tiersim (the same as :func:`load_data` with no files)."""
    from sim.data.tables import load_shipped as shipped

    return shipped()


def project(scenario: "Scenario", dataset: "Dataset | None" = None, *, draws: int = 1000, seed: int = 2021,
            deterministic: bool = False, impute: str | None = None, jobs: int = 1) -> "Result":
    """Project ``scenario`` on ``dataset`` (default: the shipped data): ``draws`` Monte Carlo draws from ``seed``.
    ``impute="none"`` leaves counties with no figure in any year out (``--no-impute``); with ``model: assumed``, an
    imputer's name (``"tier-median"``) gives them a seed (``--impute``)."""
    from sim.data.tables import load_shipped
    from sim.results.result import Result
    from sim.run.projection import project as run_projection

    data = dataset if dataset is not None else load_shipped()
    return Result(run_projection(scenario, data, draws=draws, seed=seed, deterministic=deterministic, impute=impute,
                                 jobs=jobs))


def __getattr__(name: str):
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'sim' has no attribute {name!r}")
