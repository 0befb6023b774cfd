"""Every shipped scenario's output files are byte-identical to the stored golden hashes (issue 17).

The runs and how to regenerate after an intended change: ``tests/golden/regenerate.py``.
"""

import pytest

from tests.golden import regenerate


@pytest.mark.parametrize("scenario", regenerate.SCENARIOS)
def test_outputs_match_the_golden_hashes(scenario):
    want = regenerate.stored(scenario)["sha256"]
    got = regenerate.hashes(scenario)
    assert set(got) == set(want)
    for run in want:
        assert sorted(got[run]) == sorted(want[run]), f"{scenario} {run}: other files written"
        differ = [name for name in want[run] if got[run][name] != want[run][name]]
        assert not differ, f"{scenario} {run}: {differ} differ (python -m tests.golden.regenerate if intended)"


@pytest.mark.parametrize("scenario", regenerate.SCENARIOS)
def test_engine_arrays_match_the_golden_hash(scenario):
    assert regenerate.engine_hash(scenario) == regenerate.stored(scenario)["engine"], (
        f"{scenario}: the engine's block 0 changed (python -m tests.golden.regenerate if intended)")


def test_every_shipped_scenario_has_golden_hashes():
    assert regenerate.SCENARIOS == ["baseline", "high", "low", "plan_targets"]
    for scenario in regenerate.SCENARIOS:
        assert regenerate.stored(scenario)["scenario"] == scenario
