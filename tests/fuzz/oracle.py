"""What every fuzzed loader call must end in, and the baseline scenario the fuzz tests mutate.

The oracle: a loader either succeeds with a value that is provably right, or raises
:class:`sim.errors.SimError` whose message is one line, starts with the file label (or
``--set ...``) and goes on to name the key path or the row and column. Any other exception
propagates and fails the test with its traceback: that is the bug being looked for.

For a scenario value the expected outcome (:func:`expect`) is worked out here from the
README's rules, independently of the loader: ``Value(x)`` (accepted, and the scenario must
equal the baseline with ``x`` written in), ``DELETE`` (accepted as if the key were absent),
``REJECT``, or ``UNSURE`` (a form the rules do not settle, e.g. ``"٧%"``: only the format of
an error and the sanity of a result are checked).

``PENDING`` lists fixes outside the test authors' files (sim/scenario/, sim/errors.py) that
are not in yet, probed by behaviour: while one is pending, the inputs it concerns are left out
of the fuzzing and the explicit test for it is an expected failure that is not run.
"""

from __future__ import annotations

import copy
import math
import re
import tempfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest

import sim.data
import sim.scenario
import sim.scenario.reader
from sim.data.registry import TIERS
from sim.errors import SimError

# ---------------------------------------------------------------- outcomes


@dataclass(frozen=True)
class Value:
    """Accepted; the canonical plain-data value the loader must have read."""

    value: object


REJECT, DELETE, UNSURE = "REJECT", "DELETE", "UNSURE"


@cache
def registry():
    return sim.data.load_registry()


def message_of(exc: BaseException, *labels: str) -> str:
    """The message of a refusal, checked: a SimError, one line, starting with one of ``labels`` and ``": "``."""
    assert isinstance(exc, SimError), f"{type(exc).__name__} instead of SimError: {exc!r}"
    text = str(exc)
    assert len(text.splitlines()) == 1 and text.isprintable(), f"not one printable line: {text!r}"
    assert any(text.startswith(f"{label}: ") for label in labels), f"does not start with {labels}: {text!r}"
    return text


def outcome(call):
    """``(result, None)`` or ``(None, SimError)``; any other exception propagates (a bug)."""
    try:
        return call(), None
    except SimError as exc:
        return None, exc


# ---------------------------------------------------------------- fixes pending elsewhere


def _refused(call) -> bool:
    try:
        call()
    except SimError:
        return True
    except Exception:  # noqa: BLE001 - a traceback-kind failure means the fix is not in
        return False
    return False


def _yaml_refused(text: str) -> bool:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "probe.yaml"
        path.write_text(text, encoding="utf-8")
        return _refused(lambda: sim.scenario.read_yaml(path, "probe"))


PENDING = {
    "one_line": "\n" in str(SimError("a\nb")),
    "falsy_sections": not _refused(lambda: sim.scenario.build({"growth": {"default": 0.07}, "uncertainty": 0}, registry())),
    "unhashable_keys": not _yaml_refused("growth: {default: 0.07}\n? [a, b]\n: 1\n"),
    "yaml_tags": not (_yaml_refused("name: !!int sprint\n") and _yaml_refused("name: 2020-13-45\n")),
    "yaml_bounds": not hasattr(sim.scenario.reader, "MAX_BYTES"),
    "set_bounds": not _refused(lambda: sim.scenario.parse_set("name=" + "[" * 3000 + "]" * 3000)),
}
"""Fix name -> True while the fix is not in the code (see the report of the hardening issue)."""

_WHAT = {
    "one_line": "sim/errors.py: SimError.__str__ escapes line breaks (a key or --set text with a newline)",
    "falsy_sections": "sim/scenario/: only null means an absent section; 0, false, '' and [] are refused",
    "unhashable_keys": "sim/scenario/: _mapping refuses a list or mapping as a key",
    "yaml_tags": "sim/scenario/: parse_yaml turns PyYAML's ValueError etc. on '!!int x' or a date like 2020-13-45 into ScenarioError",
    "yaml_bounds": "sim/scenario/: read_yaml limits file size and alias-expanded size (MAX_BYTES, MAX_NODES)",
    "set_bounds": "sim/scenario/: parse_set uses the bounded YAML parser",
}


def needs(*fixes: str):
    """Mark a test that checks a pending fix: an expected failure, not run, until the fix is in."""
    missing = [f for f in fixes if PENDING[f]]
    return pytest.mark.xfail(bool(missing), reason="pending: " + "; ".join(_WHAT[f] for f in missing), run=False)


# ---------------------------------------------------------------- the baseline scenario

BASE = {
    "name": "fuzz",
    "description": "a scenario to mutate",
    "model": "assumed",
    "base_year": 2020,
    "horizon": 2035,
    "growth": {"default": 0.06, "tiers": {"sprint": 0.075}, "counties": {"天门": 0.08}, "years": {2021: 0.129}},
    "deflator": {"default": 0.01, "years": {2023: -0.0114}},
    "thresholds": {"model": "fitted", "growth": "trend", "tail_index": 2.45, "comparators": 300},
    "uncertainty": {"national": 0.014, "hubei": 0.01, "tier": 0.005, "county": 0.01, "comparator": 0.01, "deflator": 0.01,
                    "persistence": 0.5},
    "events": [
        {"type": "growth_shock", "year": 2026, "size": 0.01, "scope": "sprint", "decay": 0.5},
        {"type": "project", "county": "天门", "start": 2027, "gdp": 100.0, "ramp_years": 3},
        {"type": "tier_promotion", "tiers": ["sprint", "reserve"], "threshold": "top100"},
    ],
    "milestones": [2025, 2030, 2035],
    "sustain_years": 3,
}

COUNTY_NAMES = {"天门": "429006", "天门市": "429006", "Tianmen": "429006", "TIANMEN": "429006", "tianmen": "429006", "429006": "429006"}

# ---------------------------------------------------------------- the rules, per kind of value

_PERCENT = re.compile(r"([+-]?[0-9]+(?:\.[0-9]+)?)\s*%")
_DECIMAL = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")


def _is_number(v) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def _finite(v) -> bool:
    try:
        return math.isfinite(v)
    except OverflowError:  # an int beyond float range
        return False


def rate(lo=-0.3, hi=0.3, none=REJECT):
    """``0.07`` or ``"7%"``; a bare number of 1 or more is percent-looking and refused."""

    def spec(v):
        if v is None:
            return none
        if isinstance(v, str):
            text = v.strip()
            if m := _PERCENT.fullmatch(text):
                x = float(m.group(1)) / 100
                return Value(round(x, 12)) if lo <= x <= hi else REJECT
            if _DECIMAL.fullmatch(text):
                v = float(text)
            elif not any(ch.isdigit() for ch in text):
                return REJECT  # words, and nan/inf spelt out
            else:
                return UNSURE
        if not _is_number(v) or not _finite(v) or abs(v) >= 1 or not lo <= v <= hi:
            return REJECT
        return Value(round(float(v), 12))

    return spec


def year(none=DELETE, lo=1990, hi=2100):
    def spec(v):
        if v is None:
            return none
        if isinstance(v, str) and v.strip().isdecimal() and len(v.strip()) <= 9:
            v = int(v.strip())
        elif isinstance(v, float) and _finite(v) and v.is_integer():
            v = int(v)
        if not isinstance(v, int) or isinstance(v, bool):
            return REJECT
        return Value(v) if lo <= v <= hi else REJECT

    return spec


def number(lo, hi, none=DELETE, low_open=False):
    def spec(v):
        if v is None:
            return none
        if not _is_number(v) or not _finite(v) or not (lo < v if low_open else lo <= v) or v > hi:
            return REJECT
        return Value(float(v))

    return spec


def integer(lo, hi, none=DELETE):
    def spec(v):
        if v is None:
            return none
        return Value(v) if isinstance(v, int) and not isinstance(v, bool) and lo <= v <= hi else REJECT

    return spec


def text(none=DELETE):
    return lambda v: none if v is None else Value(v) if isinstance(v, str) else REJECT


def choice(options, none=DELETE):
    return lambda v: none if v is None else Value(v) if isinstance(v, str) and v in options else REJECT


def same(original):
    return lambda v: Value(v) if v == original and isinstance(v, str) else REJECT


def county(none=REJECT):
    def spec(v):
        if v is None:
            return none
        if isinstance(v, str) and v in COUNTY_NAMES:
            return Value(COUNTY_NAMES[v])
        return UNSURE if isinstance(v, (str, int)) and not isinstance(v, bool) else REJECT

    return spec


def scope(v):
    if v is None:
        return DELETE
    if isinstance(v, str) and (v == "all" or v in TIERS):
        return Value(v)
    if isinstance(v, list):
        return UNSURE if v else REJECT
    return REJECT


def promoted_tiers(v):
    if v is None:
        return DELETE
    items = v if isinstance(v, list) else [v]
    ok = items and all(isinstance(t, str) and t in TIERS and t != "advance" for t in items)
    return Value(v) if ok else REJECT


def threshold_growth(v):
    return Value("trend") if v == "trend" and isinstance(v, str) else rate(none=DELETE)(v)


def milestones(v):
    if v is None:
        return DELETE
    if not isinstance(v, list):
        return REJECT
    parts = [year(none=REJECT)(x) for x in v]
    if REJECT in parts:
        return REJECT
    if UNSURE in parts:
        return UNSURE
    return Value([p.value for p in parts])


def mapping(required=False):
    """A section: absent (null) is empty, ``{}`` is empty, other mappings depend on their keys, anything else is refused."""

    def spec(v):
        if v is None:
            return REJECT if required else DELETE
        if isinstance(v, dict):
            return REJECT if required and not v else Value({}) if not v else UNSURE
        return REJECT

    return spec


def sequence(v):
    if v is None:
        return DELETE
    return (Value([]) if not v else UNSURE) if isinstance(v, list) else REJECT


def item(v):
    return REJECT if not isinstance(v, dict) else UNSURE


RULES = {
    ("name",): text(none=UNSURE),
    ("description",): text(),
    ("base_year",): year(),
    ("horizon",): year(),
    ("growth",): mapping(required=True),
    ("growth", "default"): rate(),
    ("growth", "tiers"): mapping(),
    ("growth", "tiers", "sprint"): rate(),
    ("growth", "counties"): mapping(),
    ("growth", "counties", "天门"): rate(),
    ("growth", "years"): mapping(),
    ("growth", "years", 2021): rate(),
    ("deflator",): mapping(),
    ("deflator", "default"): rate(none=DELETE),
    ("deflator", "years"): mapping(),
    ("deflator", "years", 2023): rate(),
    ("thresholds",): mapping(),
    ("thresholds", "model"): choice(("comparators", "fitted")),
    ("thresholds", "growth"): threshold_growth,
    ("thresholds", "tail_index"): number(0, 10, low_open=True),
    ("thresholds", "comparators"): integer(100, 1870),
    ("uncertainty",): mapping(),
    **{("uncertainty", k): rate(0.0, 0.2, none=DELETE) for k in ("national", "hubei", "tier", "county", "comparator", "deflator")},
    ("uncertainty", "persistence"): number(0, 0.99),
    ("events",): sequence,
    ("events", 0): item,
    ("events", 0, "type"): same("growth_shock"),
    ("events", 0, "year"): year(none=REJECT),
    ("events", 0, "size"): rate(),
    ("events", 0, "scope"): scope,
    ("events", 0, "decay"): number(0, 0.99),
    ("events", 1): item,
    ("events", 1, "type"): same("project"),
    ("events", 1, "county"): county(),
    ("events", 1, "start"): year(none=REJECT),
    ("events", 1, "gdp"): number(0, 1e5, none=REJECT, low_open=True),
    ("events", 1, "ramp_years"): integer(1, 30),
    ("events", 2): item,
    ("events", 2, "type"): same("tier_promotion"),
    ("events", 2, "tiers"): promoted_tiers,
    ("events", 2, "threshold"): choice(("top100", "top50")),
    ("milestones",): milestones,
    ("milestones", 1): year(none=REJECT),
    ("sustain_years",): integer(1, 10),
}
"""Every path of :data:`BASE` that is fuzzed, and the rule for a value written there."""

SECTIONS = {path for path, rule in RULES.items() if rule in (sequence, item) or getattr(rule, "__qualname__", "").startswith("mapping")}
CROSS = ("base_year", "horizon", "milestones", "events")
"""Keys an error may name for a value written elsewhere (a year out of the projected range)."""


def expect(path: tuple, v) -> object:
    """The outcome the rules give for writing ``v`` at ``path`` of :data:`BASE`."""
    return RULES[path](v)


def falsy_section(path: tuple, v) -> bool:
    """An empty-looking non-null value (0, false, '', [], {}) where a section or a county list goes."""
    return (path in SECTIONS or path == ("events", 0, "scope")) and v is not None and not v and expect(path, v) is REJECT


def written(path: tuple, v, base: dict = BASE) -> dict:
    """A deep copy of ``base`` with ``v`` written at ``path`` (``DELETE``: the key removed)."""
    data = copy.deepcopy(base)
    node = data
    for part in path[:-1]:
        node = node[part]
    if v is DELETE:
        del node[path[-1]]
    else:
        node[path[-1]] = v
    return data


def canonical(path: tuple, expected) -> dict:
    """The baseline with the canonical form of an accepted value written in."""
    return written(path, DELETE if expected is DELETE else expected.value)


# ---------------------------------------------------------------- sanity of any scenario that loads


def assert_sane(s: sim.scenario.Scenario) -> None:
    """What every loaded scenario satisfies whatever was written: nothing bad is ever silently accepted."""
    reg = registry()

    def ok_rate(x, lo=-0.3, hi=0.3):
        assert isinstance(x, float) and math.isfinite(x) and lo <= x <= hi, x

    assert isinstance(s.name, str) and isinstance(s.description, str)
    assert 1990 <= s.base_year < s.horizon <= min(2100, s.base_year + 60)
    for x in [s.growth.default, *s.growth.tiers.values(), *s.growth.counties.values(), *s.growth.years.values(), s.deflator.default,
              *s.deflator.years.values()]:
        ok_rate(x)
    assert set(s.growth.tiers) <= set(TIERS)
    assert all(c in reg for c in s.growth.counties)
    assert all(isinstance(y, int) and 1990 <= y <= 2100 for y in [*s.growth.years, *s.deflator.years])
    t = s.thresholds
    assert t.model in ("comparators", "fitted")
    if t.growth is not None:
        ok_rate(t.growth)
    assert t.tail_index is None or 0 < t.tail_index <= 10
    assert isinstance(t.comparators, int) and 100 <= t.comparators <= 1870
    u = s.uncertainty
    for x in (u.national, u.hubei, u.tier, u.county, u.comparator, u.deflator):
        ok_rate(x, 0.0, 0.2)
    assert 0 <= u.persistence <= 0.99
    assert all(s.base_year < m <= s.horizon for m in s.milestones)
    assert 1 <= s.sustain_years <= 10
    for e in s.events:
        if hasattr(e, "year"):
            assert s.base_year < e.year <= s.horizon
        if hasattr(e, "size"):
            ok_rate(e.size)
            assert e.scope != "counties" or ((e.counties or PENDING["falsy_sections"]) and all(c in reg for c in e.counties))
        if hasattr(e, "gdp"):
            assert math.isfinite(e.gdp) and 0 < e.gdp <= 1e5 and e.county in reg
