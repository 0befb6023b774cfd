"""Scenario files: finding one by path or shipped name, ``extends`` chains and ``--set`` overrides.

``extends: NAME`` starts from another scenario (a file next to this one, else a shipped one) and
overrides it key by key; ``--set key.path=value`` overrides after that. Every value is then checked by
:func:`sim.scenario.rules.build`, whose messages name the file (or ``--set``) that set the key.
"""

from __future__ import annotations

import copy
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from sim.data.registry import Registry
from sim.errors import ScenarioError, shown
from sim.scenario.rules import Locator, build
from sim.scenario.reader import parse_yaml, read_yaml
from sim.scenario.schema import Scenario

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
    if path.is_dir():
        raise ScenarioError(f"{name_or_path}: is a folder; name a scenario file (.yaml) or a shipped scenario")
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
        try:
            parent_path, parent_label = find(parent_name, path.parent)
        except ScenarioError as exc:
            raise ScenarioError(f"{label}: extends: {shown(parent_name)}: no such scenario next to this file "
                                f"({path.parent}) nor shipped ({', '.join(shipped_scenarios())})") from exc
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
        for i in range(1, len(parts)):  # sections the override made (an unknown key is blamed on --set)
            origins.setdefault(".".join(parts[:i]), f"--set {assignment}")
        origins[".".join(parts)] = f"--set {assignment}"
        chain.append(f"--set {assignment}")
    return build(data, registry, Locator(label, origins, chain))


def from_resolved(data: dict, registry: Registry, label: str = "manifest.json: scenario") -> Scenario:
    """A scenario from :meth:`Scenario.to_dict` output (e.g. a manifest), validated like a file."""
    return build(copy.deepcopy(data), registry, Locator(label))
