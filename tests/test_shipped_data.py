"""Shipped tables against the sourced reference facts (../shared/reference, when present)."""

from pathlib import Path

import pandas as pd
import pytest

from sim import data

REFERENCE = Path(__file__).resolve().parent.parent.parent / "shared" / "reference"
needs_reference = pytest.mark.skipif(not REFERENCE.is_dir(), reason="../shared/reference is not beside this checkout")


def test_every_shipped_figure_has_a_source(shipped):
    for frame in (shipped.observations, shipped.macro, shipped.national_tail, shipped.plan):
        assert (frame["source"].str.strip() != "").all()
    assert set(shipped.observations["status"]) <= set(data.OBS_STATUSES) - {"estimated"}


def test_registry_holds_the_24_tier_counties_with_six_digit_codes(registry):
    tiers = [c for c in registry if c.tier != "other"]
    assert len(tiers) == 24
    assert {c.tier for c in tiers} == {"advance", "sprint", "reserve"}
    assert [len([c for c in tiers if c.tier == t]) for t in ("advance", "sprint", "reserve")] == [7, 7, 10]
    assert all(len(c.id) == 6 and c.id.startswith("42") and c.name_zh and c.name_pinyin for c in registry)


@needs_reference
def test_observations_are_the_reference_county_figures(shipped):
    ref = pd.read_csv(REFERENCE / "county_gdp.csv", dtype=str, keep_default_na=False)
    ours = shipped.observations
    assert len(ours) == len(ref)
    for row in ref.itertuples():
        match = ours[(ours["county_id"] == row.county_id) & (ours["year"] == int(row.year)) & (ours["source"] == row.source)]
        assert len(match) == 1, row
        assert match.iloc[0]["gdp_yi"] == float(row.gdp_yi)
        assert match.iloc[0]["status"] == row.status and match.iloc[0]["confidence"] == row.confidence


@needs_reference
def test_tiers_are_the_reference_tiers(registry):
    ref = pd.read_csv(REFERENCE / "tiers.csv", dtype=str, keep_default_na=False)
    for row in ref.itertuples():
        county = registry[row.county_id]
        assert (county.name_zh, county.name_pinyin, county.tier) == (row.name_zh, row.name_pinyin, row.tier)


@needs_reference
def test_plan_figures_are_the_reference_plan(shipped):
    ref = pd.read_csv(REFERENCE / "plan.csv", dtype=str, keep_default_na=False)
    assert list(shipped.plan["value"]) == list(ref["value"])
