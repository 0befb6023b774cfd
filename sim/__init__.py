"""tiersim: scenario simulator for Hubei's county-economy tiers and the national Top-100 county GDP thresholds.

Library use::

    from sim import load_shipped, load_scenario, project
    dataset = load_shipped()
    scenario = load_scenario("baseline", dataset.registry)
    p = project(scenario, dataset)

Importing ``sim`` has no side effects.
"""

from .data import Dataset, load_shipped
from .errors import CalibrationError, DataError, ScenarioError, SimError
from .projection import Projection, project
from .scenario import Scenario
from .scenario import load as load_scenario

__all__ = [
    "CalibrationError", "DataError", "Dataset", "Projection", "Scenario", "ScenarioError", "SimError",
    "load_scenario", "load_shipped", "project",
]
