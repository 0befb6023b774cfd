"""Scenarios: the schema (:mod:`.schema`), strict building from plain data (:mod:`.rules`), safe YAML reading
(:mod:`.reader`), files with ``extends`` and ``--set`` (:mod:`.files`) and value parsers (:mod:`.values`).

Rates are fractions per year, written ``0.07`` or ``"7%"``. Every rule broken raises
:class:`~sim.errors.ScenarioError` naming the file (or ``--set``), the key path, the rule and the value.
"""

from sim.model.events import GrowthShock, Project, TierPromotion
from sim.model.shocks import Uncertainty
from sim.scenario.rules import build
from sim.scenario.files import find, from_resolved, load, parse_set, shipped_scenarios
from sim.scenario.reader import parse_yaml, read_yaml
from sim.scenario.schema import THRESHOLD_MODELS, Deflator, Growth, Scenario, Thresholds

__all__ = ["Scenario", "Growth", "Deflator", "Thresholds", "Uncertainty", "GrowthShock", "Project", "TierPromotion",
           "THRESHOLD_MODELS", "load", "build", "find", "from_resolved", "parse_set", "parse_yaml", "read_yaml",
           "shipped_scenarios"]
