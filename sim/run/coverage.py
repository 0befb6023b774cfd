"""Which counties a projection leaves out, and the events that name one of them (refused, one line each).

A county is left out (status ``no data``, not projected) when:

- the fitted model runs with ``--no-impute`` (``impute="none"``) and the county has no figure in any year
  (otherwise the fitted model imputes it, marked ``imputed``);
- the assumed model (``model: assumed``) has no seed for it: no figure of the base year, none it can carry
  there, and no ``--impute`` method (or ``--no-impute``).

``validate`` and ``run`` both call :func:`check_events`, so an event on a county that is left out fails before
anything is simulated, instead of being dropped silently.
"""

from __future__ import annotations

from sim.data import seeds
from sim.data.tables import Dataset, best_observations
from sim.errors import ScenarioError
from sim.scenario.schema import Scenario


def named_counties(event) -> list[str]:
    """The counties an event names (a project's county, a growth shock's ``counties``)."""
    return [c for c in [getattr(event, "county", None), *getattr(event, "counties", ())] if c]


def left_out(scenario: Scenario, dataset: Dataset, impute: str | None, seed_table=None) -> dict[str, str]:
    """County id -> why it is not projected, for ``scenario`` on ``dataset`` (``seed_table``: the assumed
    model's seeds if already resolved)."""
    if scenario.model == "fitted":
        if impute != "none":
            return {}
        held = set(best_observations(dataset.observations)["county_id"])
        return {c: "no figure in any year, and --no-impute" for c in dataset.registry.ids if c not in held}
    table = seed_table if seed_table is not None else seeds.resolve(dataset, scenario.base_year, impute=impute)
    missing = table.loc[table["status"] == "no data", "county_id"]
    why = "and --no-impute" if impute == "none" else "model: assumed without --impute"
    return {c: f"no {scenario.base_year} seed, {why}" for c in missing}


def check_events(scenario: Scenario, dataset: Dataset, left: dict[str, str]) -> None:
    """Refuse the first event that names a county in ``left`` (one line: the event, the county, why)."""
    for i, event in enumerate(scenario.events):
        for county_id in named_counties(event):
            if county_id in left:
                name = dataset.registry[county_id].name_zh
                raise ScenarioError(
                    f"events[{i}]: county {name} ({county_id}) is left out of the projection ({left[county_id]}); "
                    f"drop the event, load its figures with --data, or let it be imputed (fitted model without "
                    f"--no-impute, or --impute tier-median)")
