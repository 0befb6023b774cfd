"""Scenario loading (YAML rules, extends, --set, county keys, events) and the value parsers in sim.scenario.values."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import sim.data
import sim.scenario
from sim.scenario import values
from sim.errors import ScenarioError, SimError

GOOD = "growth:\n  default: 0.07\n"


@pytest.fixture(scope="module")
def registry():
    return sim.data.load_registry()


def write(folder: Path, name: str, text: str) -> str:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def load(path: str, registry, *sets: str) -> sim.scenario.Scenario:
    return sim.scenario.load(path, registry, tuple(sets))


def pinned(path: str, *parts: str) -> str:
    """A regex matching the parts in order (each escaped), with anything between them."""
    return ".*".join(re.escape(p) for p in (path, *parts))


# ---------------------------------------------------------------- sim.scenario.values


def test_rate_accepts_fraction_and_percent_text():
    assert values.rate(0.07, "x") == values.rate("7%", "x") == values.rate(" 7 % ", "x") == 0.07
    assert values.rate("-2.5%", "x") == -0.025
    assert values.rate(0, "x") == 0.0


@pytest.mark.parametrize("raw", [7, 7.0, "7", -12])
def test_rate_refuses_percent_looking_numbers(raw):
    with pytest.raises(ScenarioError, match=r"^here: .* looks like a percent; write "):
        values.rate(raw, "here")


@pytest.mark.parametrize("raw", [float("nan"), float("inf"), float("-inf"), "nan", "inf", "-inf", "1e400"])
def test_rate_refuses_non_finite(raw):
    with pytest.raises(ScenarioError, match=r"^here: must be a finite rate; got "):
        values.rate(raw, "here")


@pytest.mark.parametrize("raw", [True, False, None, [0.07], {"a": 1}, "fast", "7 %%"])
def test_rate_refuses_wrong_types(raw):
    with pytest.raises(ScenarioError, match=re.escape(f'here: must be a rate like 0.07 or "7%"; got {raw!r}')):
        values.rate(raw, "here")


def test_rate_range_is_checked():
    with pytest.raises(ScenarioError, match=re.escape("here: must be between -30% and 30% per year; got 0.5")):
        values.rate(0.5, "here")
    with pytest.raises(ScenarioError, match=re.escape("here: must be between -30% and 30% per year; got '-31%'")):
        values.rate("-31%", "here")
    assert values.rate(0.3, "x") == 0.3 and values.rate(-0.3, "x") == -0.3


def test_year_and_positive_and_text():
    assert values.year(2020, "x") == values.year("2020", "x") == values.year(2020.0, "x") == 2020
    with pytest.raises(ScenarioError, match=re.escape("here: must be a year like 2020; got True")):
        values.year(True, "here")
    with pytest.raises(ScenarioError, match=re.escape("here: must be a year like 2020; got 2020.5")):
        values.year(2020.5, "here")
    with pytest.raises(ScenarioError, match=re.escape("here: must be a year between 1990 and 2100; got 1800")):
        values.year(1800, "here")
    assert values.positive(2, "x") == 2.0
    with pytest.raises(ScenarioError, match=re.escape("here: must be a number above 0 and at most 10; got 11")):
        values.positive(11, "here", high=10)
    with pytest.raises(ScenarioError, match=re.escape("here: must be a number above 0; got nan")):
        values.positive(float("nan"), "here")
    with pytest.raises(ScenarioError, match=re.escape("here: must be text; got 5")):
        values.text(5, "here")


# ---------------------------------------------------------------- rates in a scenario file


def test_percent_text_and_fraction_give_the_same_scenario(tmp_path, registry):
    a = load(write(tmp_path, "same.yaml", "growth:\n  default: 0.07\n"), registry)
    b_path = tmp_path / "other"
    b_path.mkdir()
    b = load(write(b_path, "same.yaml", 'growth:\n  default: "7%"\n'), registry)
    assert a.growth.default == b.growth.default == 0.07
    assert a == b
    assert a.sha256() == b.sha256()


def test_growth_default_7_is_refused_as_percent(tmp_path, registry):
    path = write(tmp_path, "pct.yaml", "growth:\n  default: 7\n")
    with pytest.raises(ScenarioError, match=pinned(path + ": growth.default: ", 'looks like a percent; write 0.07 or "7%"')):
        load(path, registry)


@pytest.mark.parametrize(
    ("yaml_value", "rule"),
    [
        ("0.5", "must be between -30% and 30% per year; got 0.5"),
        ("[0.07]", 'must be a rate like 0.07 or "7%"; got [0.07]'),
        ("yes", 'must be a rate like 0.07 or "7%"; got True'),
        (".nan", "must be a finite rate; got nan"),
        (".inf", "must be a finite rate; got inf"),
    ],
)
def test_bad_rate_values_name_file_and_key(tmp_path, registry, yaml_value, rule):
    path = write(tmp_path, "bad.yaml", f"growth:\n  default: 0.06\n  tiers:\n    sprint: {yaml_value}\n")
    with pytest.raises(ScenarioError, match="^" + re.escape(f"{path}: growth.tiers.sprint: {rule}") + "$"):
        load(path, registry)


def test_bad_rate_in_deflator_years(tmp_path, registry):
    path = write(tmp_path, "defl.yaml", GOOD + "deflator:\n  years:\n    2024: 2\n")
    with pytest.raises(ScenarioError, match=re.escape(f'{path}: deflator.years.2024: 2 looks like a percent; write 0.02 or "2%"')):
        load(path, registry)


# ---------------------------------------------------------------- unknown keys


def test_unknown_top_level_key(tmp_path, registry):
    path = write(tmp_path, "top.yaml", GOOD + "horizn: 2030\n")
    with pytest.raises(ScenarioError, match=re.escape(f"{path}: horizn: unknown key 'horizn' (allowed: ")):
        load(path, registry)


def test_misspelt_nested_key_is_named_not_reported_missing(tmp_path, registry):
    path = write(tmp_path, "typo.yaml", "growth:\n  defualt: 0.07\n")
    with pytest.raises(ScenarioError, match=re.escape(f"{path}: growth.defualt: unknown key 'defualt' (allowed: default, tiers")):
        load(path, registry)


def test_misspelt_growth_section_is_named(tmp_path, registry):
    path = write(tmp_path, "typo2.yaml", "grwoth:\n  default: 0.07\n")
    with pytest.raises(ScenarioError, match=re.escape(f"{path}: grwoth: unknown key 'grwoth'")):
        load(path, registry)


def test_unknown_key_deeper_down(tmp_path, registry):
    path = write(tmp_path, "deep.yaml", GOOD + "thresholds:\n  modle: fitted\n")
    with pytest.raises(ScenarioError, match=re.escape(f"{path}: thresholds.modle: unknown key 'modle' (allowed: model, growth, tail_index, comparators)")):
        load(path, registry)


def test_missing_growth_default(tmp_path, registry):
    path = write(tmp_path, "nodefault.yaml", "model: assumed\ngrowth:\n  tiers: {sprint: 0.08}\n")
    with pytest.raises(ScenarioError, match=re.escape(f"{path}: growth.default: missing;")):
        load(path, registry)
    path = write(tmp_path, "nogrowth.yaml", "name: x\nmodel: assumed\n")
    with pytest.raises(ScenarioError, match=re.escape(f"{path}: growth: missing;")):
        load(path, registry)
    # a fitted scenario needs neither: unset rates are the fitted trend
    assert load(write(tmp_path, "fitted.yaml", "name: x\n"), registry).growth.default is None


# ---------------------------------------------------------------- YAML itself


def test_malformed_yaml(tmp_path, registry):
    path = write(tmp_path, "broken.yaml", "growth: {default: 0.07\n")
    with pytest.raises(ScenarioError, match=re.escape(f"{path}: line 2: malformed YAML: ")):
        load(path, registry)


def test_bad_indentation_is_malformed(tmp_path, registry):
    path = write(tmp_path, "indent.yaml", "growth:\n  default: 0.07\n   tiers: {}\n")
    with pytest.raises(ScenarioError, match=pinned(path, "malformed YAML")):
        load(path, registry)


@pytest.mark.parametrize("text", ["", "\n\n", "# only a comment\n"])
def test_empty_file(tmp_path, registry, text):
    path = write(tmp_path, "empty.yaml", text)
    with pytest.raises(ScenarioError, match=re.escape(f"{path}: file is empty; a scenario needs at least growth.default")):
        load(path, registry)


def test_top_level_list(tmp_path, registry):
    path = write(tmp_path, "list.yaml", "- growth\n- 0.07\n")
    with pytest.raises(ScenarioError, match=re.escape(f"{path}: must be a mapping of keys (name, growth, ...); got list")):
        load(path, registry)


def test_top_level_scalar(tmp_path, registry):
    path = write(tmp_path, "scalar.yaml", "0.07\n")
    with pytest.raises(ScenarioError, match=re.escape(f"{path}: must be a mapping of keys (name, growth, ...); got float")):
        load(path, registry)


def test_key_given_twice_at_top(tmp_path, registry):
    path = write(tmp_path, "twice.yaml", GOOD + "growth:\n  default: 0.08\n")
    with pytest.raises(ScenarioError, match=re.escape(f"{path}: line 3: malformed YAML: key 'growth' given twice")):
        load(path, registry)


def test_key_given_twice_nested(tmp_path, registry):
    path = write(tmp_path, "twice2.yaml", "growth:\n  default: 0.07\n  years:\n    2021: 0.1\n    2021: 0.2\n")
    with pytest.raises(ScenarioError, match=pinned(path, "malformed YAML", "key 2021 given twice")):
        load(path, registry)


def test_anchors_and_aliases_work(tmp_path, registry):
    text = (
        "growth:\n  default: &g 0.07\n  tiers: &t {sprint: 0.08, advance: 0.05}\n"
        "deflator:\n  default: *g\n"
        "events:\n  - &shock {type: growth_shock, year: 2025, size: 0.01}\n"
        "  - {<<: *shock, year: 2026, scope: sprint}\n"
    )
    s = load(write(tmp_path, "anchors.yaml", text), registry)
    assert s.deflator.default == s.growth.default == 0.07
    assert s.growth.tiers == {"advance": 0.05, "sprint": 0.08}
    assert [(e.year, e.scope, e.size) for e in s.events] == [(2025, "all", 0.01), (2026, "sprint", 0.01)]


def test_merge_key_does_not_hide_a_key_written_twice(tmp_path, registry):
    text = GOOD + "events:\n  - &shock {type: growth_shock, year: 2025, size: 0.01}\n  - {<<: *shock, year: 2026, year: 2027}\n"
    path = write(tmp_path, "mergedup.yaml", text)
    with pytest.raises(ScenarioError, match=pinned(path, "malformed YAML: key 'year' given twice")):
        load(path, registry)


def test_python_tags_are_refused_and_never_run(tmp_path, registry):
    marker = tmp_path / "pwned"
    path = write(tmp_path, "evil.yaml", f"growth: !!python/object/apply:os.system ['touch {marker}']\n")
    with pytest.raises(ScenarioError, match=pinned(path, "malformed YAML", "python/object/apply:os.system")):
        load(path, registry)
    assert not marker.exists()


def test_python_name_tag_refused(tmp_path, registry):
    path = write(tmp_path, "evil2.yaml", "growth: {default: !!python/name:os.getcwd ''}\n")
    with pytest.raises(ScenarioError, match=pinned(path, "malformed YAML")):
        load(path, registry)


def test_not_utf8(tmp_path, registry):
    path = tmp_path / "latin.yaml"
    path.write_bytes("name: caf\xe9\n".encode("latin-1") + GOOD.encode())
    with pytest.raises(ScenarioError, match=re.escape(f"{path}: not UTF-8 text; save the scenario as UTF-8")):
        load(str(path), registry)


def test_utf8_bom_is_fine(tmp_path, registry):
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + "name: 试验\n".encode() + GOOD.encode())
    assert load(str(path), registry).name == "试验"


def test_missing_scenario_file(tmp_path, registry):
    path = str(tmp_path / "nope.yaml")
    with pytest.raises(ScenarioError, match=re.escape(f"{path}: file not found (and not a shipped scenario: baseline, high, low, plan_targets)")):
        load(path, registry)


# ---------------------------------------------------------------- extends


def test_child_extends_shipped_baseline(tmp_path, registry):
    base = load("baseline", registry)
    child = load(write(tmp_path, "child.yaml", "extends: baseline\ngrowth:\n  default: 0.05\n  shift: {tiers: {sprint: 0.01}}\n"), registry)
    assert child.growth.default == 0.05 and base.growth.default is None
    assert child.name == "child"  # not inherited
    assert child.model == base.model == "fitted"
    assert child.growth.shift.tiers == {"sprint": 0.01} and base.growth.shift.tiers == {}
    assert child.deflator == base.deflator
    assert (child.base_year, child.horizon, child.milestones, child.thresholds) == (base.base_year, base.horizon, base.milestones, base.thresholds)
    assert child.sha256() != base.sha256()


def test_child_extends_sibling_file(tmp_path, registry):
    write(tmp_path, "parent.yaml", "horizon: 2030\nmilestones: [2025, 2030]\ngrowth:\n  default: 0.05\n  tiers: {sprint: 0.09}\n")
    child = load(write(tmp_path, "kid.yaml", "extends: parent\ngrowth:\n  default: 0.04\n"), registry)
    assert child.growth.default == 0.04
    assert child.growth.tiers == {"sprint": 0.09}
    assert child.horizon == 2030 and child.milestones == (2025, 2030)
    # the sibling file is found before a shipped scenario of the same name
    write(tmp_path, "baseline.yaml", "growth:\n  default: 0.011\n")
    shadow = load(write(tmp_path, "kid2.yaml", "extends: baseline\n"), registry)
    assert shadow.growth.default == 0.011


def test_error_in_parent_names_the_parent_file(tmp_path, registry):
    parent = write(tmp_path, "p.yaml", "growth:\n  default: 7\n")
    child = write(tmp_path, "c.yaml", "extends: p\ngrowth:\n  tiers: {sprint: 0.01}\n")
    with pytest.raises(ScenarioError, match=re.escape(f"{parent}: growth.default: 7 looks like a percent")):
        load(child, registry)


def test_error_in_parent_events_names_the_parent_file(tmp_path, registry):
    parent = write(tmp_path, "pe.yaml", GOOD + "events:\n  - {type: boom, year: 2025, size: 0.01}\n")
    child = write(tmp_path, "ce.yaml", "extends: pe\nname: child\n")
    with pytest.raises(ScenarioError, match=re.escape(f"{parent}: events[0].type: must be one of growth_shock, project, tier_promotion; got 'boom'")):
        load(child, registry)


def test_extends_loop_is_refused(tmp_path, registry):
    a = write(tmp_path, "a.yaml", "extends: b\n" + GOOD)
    write(tmp_path, "b.yaml", "extends: a\n" + GOOD)
    with pytest.raises(ScenarioError, match=re.escape(f"{a}: extends: scenarios extend each other in a loop")):
        load(a, registry)


def test_extends_itself_is_a_loop(tmp_path, registry):
    path = write(tmp_path, "me.yaml", "extends: me\n" + GOOD)
    with pytest.raises(ScenarioError, match=pinned(path, "extends: scenarios extend each other in a loop")):
        load(path, registry)


def test_extends_unknown_and_wrong_type(tmp_path, registry):
    path = write(tmp_path, "orphan.yaml", "extends: nobody\n" + GOOD)
    with pytest.raises(ScenarioError, match=re.escape(f"{path}: extends: 'nobody': no such scenario next to this file ({tmp_path}) nor shipped (")):
        load(path, registry)
    path = write(tmp_path, "listy.yaml", "extends: [baseline]\n" + GOOD)
    with pytest.raises(ScenarioError, match=re.escape(f"{path}: extends: must be a scenario name; got ['baseline']")):
        load(path, registry)


# ---------------------------------------------------------------- --set


def test_set_tier_rate_with_percent(tmp_path, registry):
    s = load(write(tmp_path, "s.yaml", GOOD), registry, "growth.tiers.sprint=8%")
    assert s.growth.tiers == {"sprint": 0.08}
    assert s.growth.rate("429006", "sprint", 2030) == 0.08


def test_set_overrides_int_year_key_without_duplicating(registry):
    base = load("plan_targets", registry)
    s = load("plan_targets", registry, "deflator.years.2021=0.1")
    assert s.deflator.years == {**base.deflator.years, 2021: 0.1}
    assert list(s.deflator.years) == list(base.deflator.years) and len(s.deflator.years) >= 2


def test_set_unknown_key_names_set(tmp_path, registry):
    with pytest.raises(ScenarioError, match=re.escape("--set growth.nope=1: growth.nope: unknown key 'nope'")):
        load(write(tmp_path, "s.yaml", GOOD), registry, "growth.nope=1")


def test_set_horizon_before_base_year(tmp_path, registry):
    with pytest.raises(ScenarioError, match=re.escape("--set horizon=2019: horizon: must be after base_year (2020); got 2019")):
        load(write(tmp_path, "s.yaml", GOOD), registry, "horizon=2019")


@pytest.mark.parametrize("bad", ["horizon", "=2030", "growth..default=0.06", ".x=1"])
def test_malformed_set(tmp_path, registry, bad):
    with pytest.raises(ScenarioError, match=re.escape(f"--set {bad}: must be key.path=value, e.g. growth.default=0.06")):
        load(write(tmp_path, "s.yaml", GOOD), registry, bad)


def test_set_bad_rate_names_set(tmp_path, registry):
    with pytest.raises(ScenarioError, match=re.escape('--set growth.default=7: growth.default: 7 looks like a percent; write 0.07 or "7%"')):
        load(write(tmp_path, "s.yaml", GOOD), registry, "growth.default=7")
    with pytest.raises(ScenarioError, match=re.escape("--set growth.default=inf: growth.default: must be a finite rate; got 'inf'")):
        load(write(tmp_path, "s.yaml", GOOD), registry, "growth.default=inf")


def test_set_into_a_value_that_is_not_a_section(tmp_path, registry):
    with pytest.raises(ScenarioError, match=re.escape("--set growth.default.x=1: growth.default is not a section; got 0.07")):
        load(write(tmp_path, "s.yaml", GOOD), registry, "growth.default.x=1")


def test_set_list_item_error_names_set(tmp_path, registry):
    with pytest.raises(ScenarioError, match=re.escape("--set events=[5]: events[0]: must be a mapping of keys; got 5")):
        load(write(tmp_path, "s.yaml", GOOD), registry, "events=[5]")


def test_later_set_wins(tmp_path, registry):
    s = load(write(tmp_path, "s.yaml", GOOD), registry, "growth.default=0.05", "growth.default=4%")
    assert s.growth.default == 0.04


# ---------------------------------------------------------------- county keys


@pytest.mark.parametrize("key", ["429006", "天门", "天门市", "Tianmen", "tianmen", "'429006'"])
def test_county_key_forms(tmp_path, registry, key):
    s = load(write(tmp_path, "c.yaml", f"growth:\n  default: 0.06\n  counties:\n    {key}: 0.08\n"), registry)
    assert s.growth.counties == {"429006": 0.08}
    assert s.growth.rate("429006", "sprint", 2030) == 0.08
    assert s.growth.rate("429005", "advance", 2030) == 0.06


def test_unknown_county_key(tmp_path, registry):
    path = write(tmp_path, "c.yaml", "growth:\n  default: 0.06\n  counties:\n    Nowhere: 0.08\n")
    with pytest.raises(ScenarioError, match=re.escape(f"{path}: growth.counties.Nowhere: unknown county: 'Nowhere'")):
        load(path, registry)


def test_two_keys_naming_the_same_county(tmp_path, registry):
    path = write(tmp_path, "c.yaml", "growth:\n  default: 0.06\n  counties:\n    天门: 0.08\n    Tianmen: 0.09\n")
    with pytest.raises(ScenarioError, match=re.escape(f"{path}: growth.counties.Tianmen: names the same entry as another key (429006)")):
        load(path, registry)


def test_child_overrides_a_county_named_differently_in_its_parent(tmp_path, registry):
    write(tmp_path, "pc.yaml", "growth:\n  default: 0.06\n  counties: {天门市: 0.08, 潜江: 0.07}\n")
    child = load(write(tmp_path, "cc.yaml", "extends: pc\ngrowth:\n  counties: {Tianmen: 0.09}\n"), registry)
    assert child.growth.counties == {"429005": 0.07, "429006": 0.09}
    # --set overrides both, whatever name it uses; the last --set wins
    s = load(str(tmp_path / "cc.yaml"), registry, "growth.counties.天门市=0.1", "growth.counties.429006=1%")
    assert s.growth.counties == {"429005": 0.07, "429006": 0.01}
    assert load(str(tmp_path / "pc.yaml"), registry, "growth.counties.tianmen=0.05").growth.counties["429006"] == 0.05


def test_child_naming_one_county_twice_is_still_refused(tmp_path, registry):
    write(tmp_path, "pc.yaml", "growth:\n  default: 0.06\n  counties: {天门市: 0.08}\n")
    path = write(tmp_path, "cc.yaml", "extends: pc\ngrowth:\n  counties: {Tianmen: 0.09, 天门: 0.1}\n")
    with pytest.raises(ScenarioError, match=re.escape(f"{path}: growth.counties.天门: names the same entry as another key (429006)")):
        load(path, registry)


def test_unknown_tier_key(tmp_path, registry):
    path = write(tmp_path, "t.yaml", "growth:\n  default: 0.06\n  tiers:\n    sprnt: 0.08\n")
    with pytest.raises(ScenarioError, match=re.escape(f"{path}: growth.tiers.sprnt: unknown tier 'sprnt' (tiers: advance, sprint, reserve, other)")):
        load(path, registry)


def test_year_key_twice_as_int_and_text(tmp_path, registry):
    path = write(tmp_path, "y.yaml", "growth:\n  default: 0.06\n  years:\n    2025: 0.05\n    '2025': 0.04\n")
    with pytest.raises(ScenarioError, match=re.escape(f"{path}: growth.years.2025: names the same entry as another key (2025)")):
        load(path, registry)


# ---------------------------------------------------------------- events

EVENTS_OK = """\
growth:
  default: 0.06
events:
  - {type: growth_shock, year: 2025, size: 0.01}
  - {type: growth_shock, year: 2026, size: "-2%", scope: sprint}
  - {type: growth_shock, year: 2027, size: 0.02, scope: [天门, Qianjiang, 420281]}
"""


def test_events_parse_all_scopes(tmp_path, registry):
    s = load(write(tmp_path, "ev.yaml", EVENTS_OK), registry)
    first, tier, listed = s.events
    assert (first.year, first.size, first.scope, first.counties) == (2025, 0.01, "all", ())
    assert (tier.year, tier.size, tier.scope) == (2026, -0.02, "sprint")
    assert listed.scope == "counties" and listed.counties == ("429006", "429005", "420281")
    assert tier.applies_to("429006", "sprint") and not tier.applies_to("429005", "advance")
    assert listed.applies_to("429005", "advance") and not listed.applies_to("420881", "sprint")
    assert first.applies_to("anything", "other")


@pytest.mark.parametrize(
    ("event", "message"),
    [
        ("{type: boom, year: 2025, size: 0.01}", "events[0].type: must be one of growth_shock, project, tier_promotion; got 'boom'"),
        ("{year: 2025, size: 0.01}", "events[0].type: must be one of growth_shock, project, tier_promotion; got None"),
        ("{type: growth_shock, year: 2040, size: 0.01}",
         "events[0].year: must be after base_year (2020) and at most horizon (2035); got 2040"),
        ("{type: growth_shock, year: 2020, size: 0.01}",
         "events[0].year: must be after base_year (2020) and at most horizon (2035); got 2020"),
        ("{type: growth_shock, year: 2025, size: 0.01, scope: mars}",
         "events[0].scope: must be all, a tier (advance, sprint, reserve, other) or a list of counties; got 'mars'"),
        ("{type: growth_shock, year: 2025, size: 0.01, scope: [Nowhere]}", "events[0].scope[0]: unknown county: 'Nowhere'"),
        ("{type: growth_shock, year: 2025, size: 5}", 'events[0].size: 5 looks like a percent; write 0.05 or "5%"'),
        ("{type: growth_shock, year: 2025}", "events[0].size: missing; a growth_shock needs it"),
        ("{type: growth_shock, year: 2025, size: 0.01, when: now}", "events[0].when: unknown key 'when'"),
        ("5", "events[0]: must be a mapping of keys; got 5"),
    ],
)
def test_bad_events(tmp_path, registry, event, message):
    path = write(tmp_path, "ev.yaml", f"growth:\n  default: 0.06\nevents:\n  - {event}\n")
    with pytest.raises(ScenarioError, match=re.escape(f"{path}: {message}")):
        load(path, registry)


def test_events_not_a_list(tmp_path, registry):
    path = write(tmp_path, "ev.yaml", "growth:\n  default: 0.06\nevents: {type: growth_shock}\n")
    with pytest.raises(ScenarioError, match=re.escape(f"{path}: events: must be a list of events;")):
        load(path, registry)


def test_milestone_outside_range(tmp_path, registry):
    path = write(tmp_path, "m.yaml", GOOD + "milestones: [2025, 2040]\n")
    with pytest.raises(ScenarioError, match=re.escape(f"{path}: milestones[1]: must be after base_year (2020) and at most horizon (2035); got 2040")):
        load(path, registry)


# ---------------------------------------------------------------- hashes and shipped scenarios


def test_sha256_equal_for_equal_content(tmp_path, registry):
    one = load(write(tmp_path, "one.yaml", "name: x\ngrowth:\n  default: 0.07\n  tiers: {sprint: 0.08, advance: 0.05}\n"), registry)
    # same content, different key order and rate spelling
    two = load(write(tmp_path, "two.yaml", "growth:\n  tiers: {advance: '5%', sprint: 0.08}\n  default: '7%'\nname: x\n"), registry)
    assert one.sha256() == two.sha256()
    assert re.fullmatch(r"[0-9a-f]{64}", one.sha256())


def test_sha256_changes_with_any_value(tmp_path, registry):
    path = write(tmp_path, "h.yaml", GOOD)
    base = load(path, registry).sha256()
    for change in ["growth.default=0.071", "horizon=2036", "deflator.default=0.001", "milestones=[2025]", "name=other"]:
        assert load(path, registry, change).sha256() != base, change


def test_shipped_scenarios_all_load(registry):
    names = sim.scenario.shipped_scenarios()
    assert names == ["baseline", "high", "low", "plan_targets"]
    loaded = {name: load(name, registry) for name in names}
    assert {s.name for s in loaded.values()} == set(names)
    assert len({s.sha256() for s in loaded.values()}) == 4
    assert loaded["high"].growth.shift.default == 0.015 and loaded["low"].growth.shift.default == -0.015
    assert loaded["high"].growth.years == loaded["baseline"].growth.years


def test_scenario_errors_are_sim_errors():
    assert issubclass(ScenarioError, SimError) and issubclass(SimError, ValueError)
