"""Building a :class:`~sim.scenario.schema.Scenario` from plain data, checking every rule.

Every rule broken (unknown key, wrong type, out of range, percent-looking rate) raises
:class:`~sim.errors.ScenarioError` naming the file (or ``--set``), the key path, the rule and the
value; a :class:`Locator` says which source set each key.
"""

from __future__ import annotations

from typing import Any

from sim.data.limits import MAX_COMPARATORS, MAX_DESCRIPTION, MAX_SCENARIO_NAME
from sim.data.registry import Registry
from sim.errors import DataError, ScenarioError, where
from sim.model.events import EVENT_TYPES, Event, GrowthShock, Project, TierPromotion
from sim.model.shocks import Uncertainty
from sim.model.tiers import TIERS
from sim.scenario import values
from sim.scenario.schema import MODELS, THRESHOLD_MODELS, Deflator, Growth, Scenario, Shift, Thresholds

class Locator:
    """Says where a key path came from: the file that set it, or the ``--set`` that did."""

    def __init__(self, label: str, origins: dict[str, str] | None = None, order: list[str] | None = None):
        self.label = label
        self.origins = origins or {}
        self.order = order or [label]  # sources, each overriding the ones before it

    def source(self, path: str) -> str:
        """The file (or ``--set``) that set ``path``."""
        probe = path
        while probe:
            if probe in self.origins:
                return self.origins[probe]
            # events[0].scope -> events[0] -> events: a list item comes from whoever set the list
            probe = probe.rpartition("[")[0] if probe.endswith("]") else probe.rpartition(".")[0]
        return self.label

    def rank(self, path: str) -> int:
        """Position of the source of ``path`` among the sources; a later one overrides an earlier one."""
        source = self.source(path)
        return self.order.index(source) if source in self.order else -1

    def __call__(self, path: str) -> str:
        return where(self.source(path), path)


class _Section:
    """A mapping being read key by key; leftover keys are reported as unknown."""

    def __init__(self, data: object, path: str, loc: Locator):
        if not isinstance(data, dict):
            raise ScenarioError(f"{loc(path)}: must be a mapping of keys; got {data!r}")
        self.data, self.path, self.loc = data, path, loc
        self.used: set = set()

    def key(self, name: str) -> str:
        return f"{self.path}.{name}" if self.path else name

    def get(self, name: str, parse, default: Any = None) -> Any:
        self.used.add(name)
        if name not in self.data or self.data[name] is None:
            return default
        return parse(self.data[name], self.loc(self.key(name)))

    def done(self, allowed: tuple[str, ...]) -> None:
        for name in self.data:
            if name not in self.used:
                raise ScenarioError(f"{self.loc(self.key(str(name)))}: unknown key {str(name)!r} (allowed: {', '.join(allowed)})")

    def check(self, allowed: tuple[str, ...]) -> None:
        """Refuse keys outside ``allowed`` before reading, so a misspelt key is named rather than reported missing."""
        for name in self.data:
            if name not in allowed:
                raise ScenarioError(f"{self.loc(self.key(str(name)))}: unknown key {str(name)!r} (allowed: {', '.join(allowed)})")


def _rates_by(section: _Section, name: str, parse_key) -> dict:
    raw = section.data.get(name)
    raw = {} if raw is None else raw
    section.used.add(name)
    path = section.key(name)
    if not isinstance(raw, dict):
        raise ScenarioError(f"{section.loc(path)}: must be a mapping of key: rate; got {raw!r}")
    out, rank = {}, {}
    for key, value in raw.items():
        item = f"{path}.{key}"
        resolved = parse_key(key, section.loc(item))
        parsed = values.rate(value, section.loc(item))
        # 天门 in a child file (or --set) overrides 天门市 in the file it extends; twice in one source is an error
        if resolved in out and rank[resolved] == section.loc.rank(item):
            raise ScenarioError(f"{section.loc(item)}: names the same entry as another key ({resolved})")
        if resolved not in out or section.loc.rank(item) > rank[resolved]:
            out[resolved], rank[resolved] = parsed, section.loc.rank(item)
    return dict(sorted(out.items()))


def build(data: dict, registry: Registry, loc: Locator | None = None) -> Scenario:
    """A :class:`Scenario` from plain data (as read from YAML), checking every rule."""
    loc = loc or Locator("scenario")
    top = _Section(data, "", loc)
    allowed = ("name", "description", "extends", "model", "base_year", "horizon", "growth", "deflator", "thresholds", "uncertainty",
               "events", "milestones", "sustain_years")
    top.used.add("extends")
    top.check(allowed)

    def county_key(key: object, at: str) -> str:
        try:
            return registry.resolve(key, at)
        except DataError as exc:
            raise ScenarioError(str(exc)) from None

    def tier_key(key: object, at: str) -> str:
        if key not in TIERS:
            raise ScenarioError(f"{at}: unknown tier {key!r} (tiers: {', '.join(TIERS)})")
        return key

    base_year = top.get("base_year", values.year, 2020)
    horizon = top.get("horizon", values.year, 2035)

    growth_section = _Section(_or_empty(top.data.get("growth")), "growth", loc)
    top.used.add("growth")
    model = top.get("model", _model, "fitted")
    if model == "assumed" and "growth" not in top.data:
        raise ScenarioError(f"{loc('growth')}: missing; an assumed-model scenario needs growth.default (real growth, e.g. 0.06)")
    growth_keys = ("default", "tiers", "counties", "years", "shift")
    growth_section.check(growth_keys)
    default = growth_section.get("default", values.rate)
    if default is None and model == "assumed":
        raise ScenarioError(f"{loc('growth.default')}: missing; an assumed-model scenario gives the real growth for every county, e.g. 0.06")
    shift_section = _Section(_or_empty(growth_section.data.get("shift")), "growth.shift", loc)
    growth_section.used.add("shift")
    shift_section.check(("default", "tiers", "counties"))
    shift = Shift(default=shift_section.get("default", values.rate, 0.0),
                  tiers=_rates_by(shift_section, "tiers", tier_key),
                  counties=_rates_by(shift_section, "counties", county_key))
    shift_section.done(("default", "tiers", "counties"))
    if model == "assumed" and (shift.default or shift.tiers or shift.counties):
        raise ScenarioError(f"{loc('growth.shift')}: a shift moves the fitted trend; it needs model: fitted (this scenario says model: assumed)")
    growth = Growth(
        default=default,
        tiers=_rates_by(growth_section, "tiers", tier_key),
        counties=_rates_by(growth_section, "counties", county_key),
        years=_rates_by(growth_section, "years", values.year),
        shift=shift,
    )
    growth_section.done(growth_keys)

    deflator_section = _Section(_or_empty(top.data.get("deflator")), "deflator", loc)
    top.used.add("deflator")
    deflator_keys = ("default", "years", "shift", "national")
    deflator_section.check(deflator_keys)
    deflator = Deflator(
        default=deflator_section.get("default", values.rate, 0.0 if model == "assumed" else None),
        years=_rates_by(deflator_section, "years", values.year),
        shift=deflator_section.get("shift", values.rate, 0.0),
        national=deflator_section.get("national", values.rate, None),
    )
    deflator_section.done(deflator_keys)
    if model == "assumed" and deflator.shift:
        raise ScenarioError(f"{loc('deflator.shift')}: a shift moves the fitted deflator; it needs model: fitted")

    thresholds = _thresholds(top, loc)
    uncertainty, uncertainty_set = _uncertainty(top, loc)
    events = _events(top, loc, county_key)
    milestones = top.get("milestones", lambda v, at: _years_list(v, at), (2025, 2030, 2035))
    sustain = top.get("sustain_years", lambda v, at: values.integer(v, at, low=1, high=10), 3)
    if "name" in top.data and top.data["name"] is None:
        raise ScenarioError(f"{loc('name')}: must be text (the scenario's name); got null")
    name = top.get("name", lambda v, at: values.text(v, at, longest=MAX_SCENARIO_NAME), "scenario")
    description = top.get("description", lambda v, at: values.text(v, at, longest=MAX_DESCRIPTION), "")
    top.done(allowed)
    try:
        return Scenario(name=name, description=description, model=model, base_year=base_year, horizon=horizon,
                        growth=growth, deflator=deflator, thresholds=thresholds, uncertainty=uncertainty,
                        uncertainty_set=uncertainty_set, events=events,
                        milestones=milestones, sustain_years=sustain)
    except ScenarioError as exc:
        key = str(exc).split(":", 1)[0].split("[", 1)[0]
        raise ScenarioError(where(loc.source(key), str(exc))) from None


def _model(value: object, at: str) -> str:
    if value not in MODELS:
        raise ScenarioError(f"{at}: must be one of {', '.join(MODELS)}; got {value!r}")
    return value


def _or_empty(section: object) -> object:
    """A section left empty (``deflator:`` with nothing under it) is an empty mapping; ``0``, ``[]`` or ``""`` are not."""
    return {} if section is None else section


def _years_list(value: object, at: str) -> tuple[int, ...]:
    if not isinstance(value, list):
        raise ScenarioError(f"{at}: must be a list of years like [2025, 2030]; got {value!r}")
    if not value:
        raise ScenarioError(f"{at}: must list at least one year, like [2025, 2030]; got []")
    years = [values.year(v, f"{at}[{i}]") for i, v in enumerate(value)]
    for i, year in enumerate(years):
        if year in years[:i]:
            raise ScenarioError(f"{at}[{i}]: {year} is listed twice (first at [{years.index(year)}])")
    return tuple(sorted(years))


def _thresholds(top: _Section, loc: Locator) -> Thresholds:
    top.used.add("thresholds")
    section = _Section(_or_empty(top.data.get("thresholds")), "thresholds", loc)

    def model(value: object, at: str) -> str:
        if value not in THRESHOLD_MODELS:
            raise ScenarioError(f"{at}: must be one of {', '.join(THRESHOLD_MODELS)}; got {value!r}")
        return value

    def growth(value: object, at: str) -> float | None:
        return None if value == "trend" else values.rate(value, at)

    def comparators(value: object, at: str) -> int:
        if isinstance(value, int) and not isinstance(value, bool) and value > MAX_COMPARATORS:
            raise ScenarioError(f"{at}: at most {MAX_COMPARATORS} (MAX_COMPARATORS: the national universe of about "
                                f"1,870 county-level units); got {values.shown(value)}")
        return values.integer(value, at, low=100, high=MAX_COMPARATORS)

    result = Thresholds(
        model=section.get("model", model, "comparators"),
        growth=section.get("growth", growth, None),
        tail_index=section.get("tail_index", lambda v, at: values.positive(v, at, high=10.0), None),
        comparators=section.get("comparators", comparators, 300),
    )
    section.done(("model", "growth", "tail_index", "comparators"))
    return result


def _uncertainty(top: _Section, loc: Locator) -> tuple[Uncertainty, tuple[str, ...]]:
    top.used.add("uncertainty")
    section = _Section(_or_empty(top.data.get("uncertainty")), "uncertainty", loc)
    defaults = Uncertainty()
    volatilities = ("national", "hubei", "tier", "county", "comparator", "deflator")
    kwargs = {name: section.get(name, lambda v, at: values.rate(v, at, low=0.0, high=0.2), getattr(defaults, name))
              for name in volatilities}
    kwargs["persistence"] = section.get("persistence", lambda v, at: values.number(v, at, low=0.0, high=0.99), defaults.persistence)
    section.done(volatilities + ("persistence",))
    given = tuple(name for name in volatilities + ("persistence",) if section.data.get(name) is not None)
    return Uncertainty(**kwargs), given


def _events(top: _Section, loc: Locator, county_key) -> tuple[Event, ...]:
    top.used.add("events")
    raw = top.data.get("events")
    raw = [] if raw is None else raw
    if not isinstance(raw, list):
        raise ScenarioError(f"{loc('events')}: must be a list of events; got {raw!r}")
    parsers = {"growth_shock": _growth_shock, "project": _project, "tier_promotion": _tier_promotion}
    events = []
    for i, item in enumerate(raw):
        path = f"events[{i}]"
        section = _Section(item, path, loc)
        kind = section.get("type", values.text)
        if kind not in EVENT_TYPES:
            raise ScenarioError(f"{loc(path + '.type')}: must be one of {', '.join(EVENT_TYPES)}; got {kind!r}")
        event = parsers[kind](section, path, loc, county_key)
        if event in events:
            raise ScenarioError(f"{loc(path)}: the same event as events[{events.index(event)}]; give it once "
                                f"(two growth shocks add up: write one with the summed size)")
        events.append(event)
    return tuple(events)


def _required(section: _Section, name: str, parse, kind: str):
    value = section.get(name, parse)
    if value is None:
        raise ScenarioError(f"{section.loc(section.key(name))}: missing; a {kind} needs it")
    return value


def _flag(value: object, where: str) -> bool:
    if not isinstance(value, bool):
        raise ScenarioError(f"{where}: must be true or false; got {value!r}")
    return value


def _growth_shock(section: _Section, path: str, loc: Locator, county_key) -> GrowthShock:
    year = _required(section, "year", values.year, "growth_shock")
    size = _required(section, "size", values.rate, "growth_shock")
    decay = section.get("decay", lambda v, at: values.number(v, at, low=0.0, high=1.0), None)
    permanent = section.get("permanent", _flag, False)
    if permanent and decay not in (None, 1.0):
        raise ScenarioError(f"{loc(path + '.decay')}: a permanent shock keeps its size (decay 1); got {decay:g}")
    decay = 1.0 if permanent else (decay or 0.0)
    scope_raw = section.get("scope", lambda v, at: v, "all")
    section.done(("type", "year", "size", "scope", "decay", "permanent"))
    if isinstance(scope_raw, list):
        if not scope_raw:
            raise ScenarioError(f"{loc(path + '.scope')}: must list at least one county (or be all or a tier); got []")
        ids = tuple(county_key(c, loc(f"{path}.scope[{j}]")) for j, c in enumerate(scope_raw))
        return GrowthShock(year=year, size=size, scope="counties", counties=ids, decay=decay)
    if scope_raw == "all" or scope_raw in TIERS:
        return GrowthShock(year=year, size=size, scope=scope_raw, decay=decay)
    raise ScenarioError(f"{loc(path + '.scope')}: must be all, a tier ({', '.join(TIERS)}) or a list of counties; got {scope_raw!r}")


def _project(section: _Section, path: str, loc: Locator, county_key) -> Project:
    county = county_key(_required(section, "county", lambda v, at: v, "project"), loc(path + ".county"))
    start = _required(section, "start", values.year, "project")
    gdp = _required(section, "gdp", lambda v, at: values.amount(v, at, high=1e5), "project")
    ramp = section.get("ramp_years", lambda v, at: values.integer(v, at, low=1, high=30), 1)
    section.done(("type", "county", "start", "ramp_years", "gdp"))
    return Project(county=county, start=start, gdp=gdp, ramp_years=ramp)


def _tier_promotion(section: _Section, path: str, loc: Locator, county_key) -> TierPromotion:
    def tiers(value: object, at: str) -> tuple[str, ...]:
        items = value if isinstance(value, list) else [value]
        bad = [t for t in items if t not in TIERS or t == "advance"]
        if bad or not items:
            raise ScenarioError(f"{at}: must list tiers to promote from (sprint, reserve, other); got {value!r}")
        return tuple(items)

    def threshold(value: object, at: str) -> str:
        if value not in ("top100", "top50"):
            raise ScenarioError(f"{at}: must be top100 or top50; got {value!r}")
        return value

    result = TierPromotion(tiers=section.get("tiers", tiers, ("sprint", "reserve")),
                           threshold=section.get("threshold", threshold, "top100"))
    section.done(("type", "tiers", "threshold"))
    return result
