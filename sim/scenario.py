"""Scenarios: what-if assumptions as frozen dataclasses, loaded strictly from YAML.

A scenario file sets the base year, the horizon, real growth (a default, by tier,
by county, and province-wide by year), the GDP deflator (nominal growth is
``(1 + real) * (1 + deflator) - 1``), the threshold model, scheduled events and
milestone years. ``extends: NAME`` starts from another scenario (a file next to
this one, else a shipped one) and overrides it key by key; ``--set key.path=value``
overrides after that. Rates are fractions per year, written ``0.07`` or ``"7%"``.

Every rule broken (unknown key, wrong type, out of range, percent-looking rate)
raises :class:`~sim.errors.ScenarioError` naming the file (or ``--set``), the key
path, the rule and the value. The engine only ever receives a :class:`Scenario`.
"""

from __future__ import annotations

import copy
import hashlib
import json
from collections.abc import Hashable, Mapping
from dataclasses import asdict, dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from . import values
from .counties import TIERS, Registry
from .errors import DataError, ScenarioError, where
from .events import EVENT_TYPES, Event, GrowthShock, Project, TierPromotion
from .shocks import Uncertainty

__all__ = ["Scenario", "Growth", "Deflator", "Thresholds", "Uncertainty", "GrowthShock", "Project", "TierPromotion",
           "load", "build", "find", "from_resolved", "parse_set", "shipped_scenarios"]

THRESHOLD_MODELS = ("comparators", "fitted")
"""``comparators``: each draw and year, the Top-N threshold is the N-th largest GDP among a synthetic
national comparator set and Hubei's counties (the set is built from the fitted Pareto tail);
``fitted``: the exogenous threshold path of the fitted tail itself (see :mod:`sim.thresholds`)."""


@dataclass(frozen=True, kw_only=True)
class Growth:
    """Real GDP growth, fraction per year. The most specific setting wins: a province-wide
    figure for the year, else the county's, else its tier's, else ``default``."""

    default: float
    tiers: Mapping[str, float] = field(default_factory=dict)
    counties: Mapping[str, float] = field(default_factory=dict)
    years: Mapping[int, float] = field(default_factory=dict)

    def rate(self, county_id: str, tier: str, year: int) -> float:
        """Real growth of ``county_id`` (in ``tier``) from ``year - 1`` to ``year``."""
        if year in self.years:
            return self.years[year]
        if county_id in self.counties:
            return self.counties[county_id]
        return self.tiers.get(tier, self.default)


@dataclass(frozen=True, kw_only=True)
class Deflator:
    """GDP deflator growth, fraction per year: ``default``, or ``years[year]`` where given."""

    default: float
    years: Mapping[int, float] = field(default_factory=dict)

    def rate(self, year: int) -> float:
        return self.years.get(year, self.default)


@dataclass(frozen=True, kw_only=True)
class Thresholds:
    """How the national Top-100 / Top-50 GDP thresholds are made.

    ``growth``: nominal growth per year of the thresholds after the last year with
    national facts; ``None`` means the trend of the thresholds the facts imply.
    ``tail_index``: the Pareto tail index; ``None`` means fitted from the facts.
    """

    model: str = "comparators"
    growth: float | None = None
    tail_index: float | None = None
    comparators: int = 300


@dataclass(frozen=True, kw_only=True)
class Scenario:
    """A complete, validated set of assumptions for one run. Years are calendar years."""

    name: str
    description: str = ""
    base_year: int = 2020
    horizon: int = 2035
    growth: Growth
    deflator: Deflator
    thresholds: Thresholds = field(default_factory=Thresholds)
    uncertainty: Uncertainty = field(default_factory=Uncertainty)
    events: tuple[Event, ...] = ()
    milestones: tuple[int, ...] = (2025, 2030, 2035)
    sustain_years: int = 3

    def __post_init__(self) -> None:
        if self.horizon <= self.base_year:
            raise ScenarioError(f"horizon: must be after base_year ({self.base_year}); got {self.horizon}")
        if self.horizon - self.base_year > 60:
            raise ScenarioError(f"horizon: must be at most 60 years after base_year ({self.base_year}); got {self.horizon}")
        for i, event in enumerate(self.events):
            if hasattr(event, "year") and not self.base_year < event.year <= self.horizon:
                raise ScenarioError(f"events[{i}].year: must be after base_year ({self.base_year}) and at most horizon ({self.horizon}); got {event.year}")
        for i, milestone in enumerate(self.milestones):
            if not self.base_year < milestone <= self.horizon:
                raise ScenarioError(f"milestones[{i}]: must be after base_year ({self.base_year}) and at most horizon ({self.horizon}); got {milestone}")

    @property
    def years(self) -> list[int]:
        """Calendar years from the base year to the horizon, both included."""
        return list(range(self.base_year, self.horizon + 1))

    def to_dict(self) -> dict[str, Any]:
        """The resolved scenario as plain data (JSON-ready, keys sorted where order is free)."""
        data = asdict(self)
        for section in ("growth", "deflator"):
            for key in ("tiers", "counties", "years"):
                if key in data[section]:
                    data[section][key] = {str(k): v for k, v in sorted(data[section][key].items())}
        data["events"] = [e.to_dict() for e in self.events]
        data["milestones"] = list(self.milestones)
        return data

    def sha256(self) -> str:
        """Hash of the resolved scenario: equal hashes mean equal assumptions."""
        text = json.dumps(self.to_dict(), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        return hashlib.sha256(text.encode("utf-8")).hexdigest()


# ---------------------------------------------------------------- loading


MAX_BYTES = 1_000_000
"""Largest scenario file read (the shipped ones are a few kB)."""
MAX_NODES = 100_000
"""Most YAML values a scenario may hold, every alias expanded (so an alias bomb is refused before it is built)."""


class _StrictLoader(yaml.SafeLoader):
    """``yaml.SafeLoader`` that refuses a key given twice in one mapping."""


def _mapping(loader: _StrictLoader, node: yaml.MappingNode) -> dict:
    written = sum(1 for key_node, _ in node.value if key_node.tag != "tag:yaml.org,2002:merge")
    loader.flatten_mapping(node)  # puts the pairs merged in with ``<<: *anchor`` first
    merged = len(node.value) - written
    out: dict = {}
    seen: set = set()
    for i, (key_node, value_node) in enumerate(node.value):
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, Hashable):
            raise yaml.constructor.ConstructorError(None, None, f"a key must be text or a number; got a {type(key).__name__}",
                                                    key_node.start_mark)
        if i >= merged:  # a key written in this mapping may override a merged one, not another written one
            if key in seen:
                raise yaml.constructor.ConstructorError(None, None, f"key {key!r} given twice", key_node.start_mark)
            seen.add(key)
        out[key] = loader.construct_object(value_node, deep=True)
    return out


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)


def _expanded_size(node: yaml.Node, label: str) -> int:
    """Number of values under ``node`` with every alias expanded, counted without expanding (each node once)."""
    size: dict[int, int] = {}
    open_: set[int] = set()  # nodes on the current path: meeting one again is an alias to itself
    stack: list[tuple[yaml.Node, bool]] = [(node, False)]
    while stack:
        current, closing = stack.pop()
        if isinstance(current, yaml.MappingNode):
            children = [n for pair in current.value for n in pair]
        elif isinstance(current, yaml.SequenceNode):
            children = list(current.value)
        else:
            children = []
        if closing:
            open_.discard(id(current))
            size[id(current)] = 1 + sum(size[id(c)] for c in children)
            if size[id(current)] > MAX_NODES:
                raise ScenarioError(f"{label}: YAML too large: more than {MAX_NODES:,} values with aliases expanded")
        elif id(current) not in size:
            open_.add(id(current))
            stack.append((current, True))
            for child in children:
                if id(child) in open_:
                    raise ScenarioError(f"{label}: line {child.start_mark.line + 1}: malformed YAML: an alias refers to a value that contains it")
                stack.append((child, False))
    return size[id(node)]


def parse_yaml(text: str, label: str) -> Any:
    """The value of a YAML document, safely loaded and bounded in size (``MAX_NODES`` with aliases expanded).

    Raises ``yaml.YAMLError`` if the text is not YAML, :class:`ScenarioError` if it is too large or deep.
    """
    loader = _StrictLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        _expanded_size(node, label)
        return loader.construct_document(node)
    except (yaml.YAMLError, ScenarioError):
        raise
    except (ValueError, TypeError, KeyError, AttributeError, OverflowError) as exc:
        # PyYAML's own constructors fail like this on e.g. "!!int sprint", "!!bool x" or the date 2020-13-45
        raise ScenarioError(f"{label}: malformed YAML: a value does not read as its type ({type(exc).__name__}: {exc})") from None
    except RecursionError:
        raise ScenarioError(f"{label}: YAML nested too deeply") from None
    finally:
        loader.dispose()


def read_yaml(path: Path, label: str) -> dict:
    """The mapping at the top of a YAML file (safe loading only; at most ``MAX_BYTES``)."""
    try:
        with path.open("rb") as file:
            raw = file.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise ScenarioError(f"{label}: file not found") from None
    except IsADirectoryError:
        raise ScenarioError(f"{label}: is a folder, not a scenario file") from None
    except OSError as exc:
        raise ScenarioError(f"{label}: cannot read: {exc.strerror}") from None
    if len(raw) > MAX_BYTES:
        raise ScenarioError(f"{label}: file is larger than {MAX_BYTES:,} bytes; a scenario is a few kB")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ScenarioError(f"{label}: not UTF-8 text; save the scenario as UTF-8") from None
    try:
        data = parse_yaml(text, label)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f"line {mark.line + 1}: " if mark else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise ScenarioError(f"{label}: {line}malformed YAML: {problem}") from None
    if data is None:
        raise ScenarioError(f"{label}: file is empty; a scenario needs at least growth.default")
    if not isinstance(data, dict):
        raise ScenarioError(f"{label}: must be a mapping of keys (name, growth, ...); got {type(data).__name__}")
    return data


def shipped_scenarios() -> list[str]:
    """Names of the scenarios shipped with tiersim."""
    folder = resources.files("sim.scenarios")
    return sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".yaml"))


def find(name_or_path: str, relative_to: Path | None = None) -> tuple[Path, str]:
    """The file a scenario argument names, and the label to use in messages.

    A path to an existing file wins; else ``NAME`` (with or without ``.yaml``) next to
    ``relative_to``; else a shipped scenario.
    """
    path = Path(name_or_path)
    if path.is_file():
        return path, str(name_or_path)
    stem = name_or_path[:-5] if name_or_path.endswith(".yaml") else name_or_path
    if relative_to is not None and (relative_to / f"{stem}.yaml").is_file():
        found = relative_to / f"{stem}.yaml"
        return found, str(found)
    if "/" not in stem and stem in shipped_scenarios():
        with resources.as_file(resources.files("sim.scenarios").joinpath(f"{stem}.yaml")) as shipped:
            return Path(shipped), f"scenarios/{stem}.yaml"
    raise ScenarioError(f"{name_or_path}: file not found (and not a shipped scenario: {', '.join(shipped_scenarios())})")


def _merge(base: dict, top: dict) -> dict:
    out = dict(base)
    for key, value in top.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = copy.deepcopy(value)
    return out


def _origins(data: object, label: str, prefix: str, into: dict[str, str]) -> None:
    if isinstance(data, dict):
        for key, value in data.items():
            path = f"{prefix}.{key}" if prefix else str(key)
            into[path] = label
            _origins(value, label, path, into)


def _resolve_chain(path: Path, label: str, seen: tuple[str, ...] = (), chain: list[str] | None = None) -> tuple[dict, dict[str, str]]:
    key = str(path.resolve())
    if key in seen:
        raise ScenarioError(f"{label}: extends: scenarios extend each other in a loop")
    data = read_yaml(path, label)
    parent_name = data.pop("extends", None)
    origins: dict[str, str] = {}
    if parent_name is None:
        merged = data
    else:
        if not isinstance(parent_name, str):
            raise ScenarioError(f"{label}: extends: must be a scenario name; got {parent_name!r}")
        parent_path, parent_label = find(parent_name, path.parent)
        parent, origins = _resolve_chain(parent_path, parent_label, seen + (key,), chain)
        parent.pop("name", None)
        parent.pop("description", None)
        merged = _merge(parent, data)
    _origins(data, label, "", origins)
    if chain is not None:
        chain.append(label)  # the oldest ancestor first
    merged.setdefault("name", path.stem)
    return merged, origins


def parse_set(assignment: str) -> tuple[list[str], Any]:
    """``"a.b=value"`` as a key path and a YAML-parsed value (so ``7%``, ``0.07``, ``[2025]`` work)."""
    key, sep, raw = assignment.partition("=")
    key = key.strip()
    if not sep or not key or any(not part for part in key.split(".")):
        raise ScenarioError(f"--set {assignment}: must be key.path=value, e.g. growth.default=0.06")
    try:
        value = parse_yaml(raw, f"--set {assignment}") if raw.strip() else ""
    except yaml.YAMLError:
        value = raw
    return key.split("."), value


def _apply_set(data: dict, parts: list[str], value: Any, assignment: str) -> None:
    node = data
    for i, part in enumerate(parts[:-1]):
        match = next((k for k in node if str(k) == part), part)
        child = node.get(match)
        if child is None:
            child = node[match] = {}
        if not isinstance(child, dict):
            raise ScenarioError(f"--set {assignment}: {'.'.join(parts[: i + 1])} is not a section; got {child!r}")
        node = child
    last = next((k for k in node if str(k) == parts[-1]), parts[-1])
    node[last] = value


def load(name_or_path: str, registry: Registry, sets: tuple[str, ...] = ()) -> Scenario:
    """Load, inherit, override and validate a scenario."""
    path, label = find(name_or_path)
    chain: list[str] = []
    data, origins = _resolve_chain(path, label, chain=chain)
    for assignment in sets:
        parts, value = parse_set(assignment)
        _apply_set(data, parts, value, assignment)
        _origins({parts[-1]: value}, f"--set {assignment}", ".".join(parts[:-1]), origins)
        origins[".".join(parts)] = f"--set {assignment}"
        chain.append(f"--set {assignment}")
    return build(data, registry, _Locator(label, origins, chain))


class _Locator:
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

    def __init__(self, data: object, path: str, loc: _Locator):
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


def build(data: dict, registry: Registry, loc: _Locator | None = None) -> Scenario:
    """A :class:`Scenario` from plain data (as read from YAML), checking every rule."""
    loc = loc or _Locator("scenario")
    top = _Section(data, "", loc)
    allowed = ("name", "description", "extends", "base_year", "horizon", "growth", "deflator", "thresholds", "uncertainty",
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

    growth_section = _Section(top.data.get("growth"), "growth", loc) if "growth" in top.data else None
    top.used.add("growth")
    if growth_section is None:
        raise ScenarioError(f"{loc('growth')}: missing; a scenario needs growth.default (real growth, e.g. 0.06)")
    growth_section.check(("default", "tiers", "counties", "years"))
    default = growth_section.get("default", values.rate)
    if default is None:
        raise ScenarioError(f"{loc('growth.default')}: missing; give the real growth for every county, e.g. 0.06")
    growth = Growth(
        default=default,
        tiers=_rates_by(growth_section, "tiers", tier_key),
        counties=_rates_by(growth_section, "counties", county_key),
        years=_rates_by(growth_section, "years", values.year),
    )
    growth_section.done(("default", "tiers", "counties", "years"))

    deflator_section = _Section(_or_empty(top.data.get("deflator")), "deflator", loc)
    top.used.add("deflator")
    deflator = Deflator(
        default=deflator_section.get("default", values.rate, 0.0),
        years=_rates_by(deflator_section, "years", values.year),
    )
    deflator_section.done(("default", "years"))

    thresholds = _thresholds(top, loc)
    uncertainty = _uncertainty(top, loc)
    events = _events(top, loc, county_key)
    milestones = top.get("milestones", lambda v, at: _years_list(v, at), (2025, 2030, 2035))
    sustain = top.get("sustain_years", lambda v, at: values.integer(v, at, low=1, high=10), 3)
    name = top.get("name", values.text, "scenario")
    description = top.get("description", values.text, "")
    top.done(allowed)
    try:
        return Scenario(name=name, description=description, base_year=base_year, horizon=horizon, growth=growth,
                        deflator=deflator, thresholds=thresholds, uncertainty=uncertainty, events=events,
                        milestones=milestones, sustain_years=sustain)
    except ScenarioError as exc:
        key = str(exc).split(":", 1)[0].split("[", 1)[0]
        raise ScenarioError(where(loc.source(key), str(exc))) from None


def _or_empty(section: object) -> object:
    """A section left empty (``deflator:`` with nothing under it) is an empty mapping; ``0``, ``[]`` or ``""`` are not."""
    return {} if section is None else section


def _years_list(value: object, at: str) -> tuple[int, ...]:
    if not isinstance(value, list):
        raise ScenarioError(f"{at}: must be a list of years like [2025, 2030]; got {value!r}")
    return tuple(sorted({values.year(v, f"{at}[{i}]") for i, v in enumerate(value)}))


def _thresholds(top: _Section, loc: _Locator) -> Thresholds:
    top.used.add("thresholds")
    section = _Section(_or_empty(top.data.get("thresholds")), "thresholds", loc)

    def model(value: object, at: str) -> str:
        if value not in THRESHOLD_MODELS:
            raise ScenarioError(f"{at}: must be one of {', '.join(THRESHOLD_MODELS)}; got {value!r}")
        return value

    def growth(value: object, at: str) -> float | None:
        return None if value == "trend" else values.rate(value, at)

    result = Thresholds(
        model=section.get("model", model, "comparators"),
        growth=section.get("growth", growth, None),
        tail_index=section.get("tail_index", lambda v, at: values.positive(v, at, high=10.0), None),
        comparators=section.get("comparators", lambda v, at: values.integer(v, at, low=100, high=5000), 300),
    )
    section.done(("model", "growth", "tail_index", "comparators"))
    return result


def _uncertainty(top: _Section, loc: _Locator) -> Uncertainty:
    top.used.add("uncertainty")
    section = _Section(_or_empty(top.data.get("uncertainty")), "uncertainty", loc)
    defaults = Uncertainty()
    volatilities = ("national", "hubei", "tier", "county", "comparator", "deflator")
    kwargs = {name: section.get(name, lambda v, at: values.rate(v, at, low=0.0, high=0.2), getattr(defaults, name))
              for name in volatilities}
    kwargs["persistence"] = section.get("persistence", lambda v, at: values.number(v, at, low=0.0, high=0.99), defaults.persistence)
    section.done(volatilities + ("persistence",))
    return Uncertainty(**kwargs)


def _events(top: _Section, loc: _Locator, county_key) -> tuple[Event, ...]:
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
        events.append(parsers[kind](section, path, loc, county_key))
    return tuple(events)


def _required(section: _Section, name: str, parse, kind: str):
    value = section.get(name, parse)
    if value is None:
        raise ScenarioError(f"{section.loc(section.key(name))}: missing; a {kind} needs it")
    return value


def _growth_shock(section: _Section, path: str, loc: _Locator, county_key) -> GrowthShock:
    year = _required(section, "year", values.year, "growth_shock")
    size = _required(section, "size", values.rate, "growth_shock")
    decay = section.get("decay", lambda v, at: values.number(v, at, low=0.0, high=0.99), 0.0)
    scope_raw = section.get("scope", lambda v, at: v, "all")
    section.done(("type", "year", "size", "scope", "decay"))
    if isinstance(scope_raw, list):
        if not scope_raw:
            raise ScenarioError(f"{loc(path + '.scope')}: must list at least one county (or be all or a tier); got []")
        ids = tuple(county_key(c, loc(f"{path}.scope[{j}]")) for j, c in enumerate(scope_raw))
        return GrowthShock(year=year, size=size, scope="counties", counties=ids, decay=decay)
    if scope_raw == "all" or scope_raw in TIERS:
        return GrowthShock(year=year, size=size, scope=scope_raw, decay=decay)
    raise ScenarioError(f"{loc(path + '.scope')}: must be all, a tier ({', '.join(TIERS)}) or a list of counties; got {scope_raw!r}")


def _project(section: _Section, path: str, loc: _Locator, county_key) -> Project:
    county = county_key(_required(section, "county", lambda v, at: v, "project"), loc(path + ".county"))
    start = _required(section, "start", values.year, "project")
    gdp = _required(section, "gdp", lambda v, at: values.positive(v, at, high=1e5), "project")
    ramp = section.get("ramp_years", lambda v, at: values.integer(v, at, low=1, high=30), 1)
    section.done(("type", "county", "start", "ramp_years", "gdp"))
    return Project(county=county, start=start, gdp=gdp, ramp_years=ramp)


def _tier_promotion(section: _Section, path: str, loc: _Locator, county_key) -> TierPromotion:
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


def from_resolved(data: dict, registry: Registry, label: str = "manifest.json: scenario") -> Scenario:
    """A scenario from :meth:`Scenario.to_dict` output (e.g. a manifest), validated like a file."""
    return build(copy.deepcopy(data), registry, _Locator(label))
