"""Reading YAML safely: safe loading only, a key given twice refused, size bounded before anything is built.

A scenario file is at most :data:`MAX_BYTES` and :data:`MAX_NODES` values with every alias expanded, so
deep nesting and alias bombs are refused in well under a second.
"""

from __future__ import annotations

from collections.abc import Hashable
from pathlib import Path
from typing import Any

import yaml

from sim.bounded import read_small
from sim.errors import ScenarioError

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
    raw = read_small(path, MAX_BYTES, ScenarioError, label, missing="file not found",
                     folder="is a folder, not a scenario file",
                     too_big=f"file is larger than {MAX_BYTES:,} bytes; a scenario is a few kB")
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
