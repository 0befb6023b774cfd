"""``--as-of Y`` cuts everything a backtest must not know: data rows after Y and scenario entries for years after Y.

Random later figures (a ``--data`` file) and random later scenario entries (``growth.years``, ``deflator.years``)
are added; every result file of ``tiersim run --as-of 2021 --out`` must then be byte-identical to the run without
them. Only ``manifest.json`` differs, by design: it records the inputs as given (the extra file and the entries cut).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import yaml
from click.testing import CliRunner

from sim.cli import cli
from sim.data import load_registry

AS_OF = 2021


def later_rows(rng: np.random.Generator, folder: Path) -> Path:
    ids = [c.id for c in load_registry()]
    lines = ["county,year,gdp_yi,status,source"]
    for county in rng.choice(ids, size=8, replace=False):
        for year in sorted(rng.choice(np.arange(AS_OF + 1, 2027), size=2, replace=False)):
            lines.append(f"{county},{year},{rng.uniform(150, 2500):.1f},official,invented for the as-of test")
    path = folder / "later.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def later_scenario(rng: np.random.Generator, folder: Path) -> Path:
    years = [int(y) for y in rng.choice(np.arange(AS_OF + 1, 2030), size=3, replace=False)]
    text = {
        "extends": "baseline",
        "name": "baseline",
        "growth": {"years": {y: round(float(rng.uniform(-0.05, 0.15)), 3) for y in years}},
        "deflator": {"years": {y: round(float(rng.uniform(-0.02, 0.06)), 3) for y in years}},
    }
    path = folder / "later.yaml"
    path.write_text(yaml.safe_dump(text), encoding="utf-8")
    return path


def run(*args: str):
    result = CliRunner().invoke(cli, ["run", "--draws", "300", "--as-of", str(AS_OF), *args])
    assert result.exit_code == 0, result.output
    return result


def files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.name != "manifest.json"}


@pytest.mark.parametrize("seed", [1, 2])
def test_later_rows_and_later_scenario_entries_change_no_output(tmp_path, seed):
    rng = np.random.default_rng(seed)
    data, scenario = later_rows(rng, tmp_path), later_scenario(rng, tmp_path)
    run("baseline", "--out", str(tmp_path / "plain"))
    cut = run(str(scenario), "--data", str(data), "--out", str(tmp_path / "later"))
    plain, later = files(tmp_path / "plain"), files(tmp_path / "later")
    assert plain.keys() == later.keys() and len(plain) >= 7
    assert [name for name in plain if plain[name] != later[name]] == []
    # and the run says what it cut from the scenario
    assert "growth.years" in cut.output and "deflator.years" in cut.output
