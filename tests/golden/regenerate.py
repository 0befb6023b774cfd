"""Golden hashes of every shipped scenario's output files (issue 17: the engine's speed-ups change no byte).

Each shipped scenario (``scenarios/*.yaml``) is run by the CLI, in this process, as :data:`RUNS` lists (a
Monte Carlo run over two blocks, the second one partial, with kept paths; and the deterministic path), into a
temporary folder; the sha256 of every file written is stored in ``tests/golden/hashes/<scenario>.json``.
``manifest.json`` is hashed without its ``version`` key (a release bump is not a change of results). The
engine's raw arrays of block 0 (GDP, thresholds, ranks, at-or-above flags and first crossings, every bit, not
only the digits the files print) are hashed too, under ``engine``.
``tests/test_golden_scenarios.py`` reruns them and compares.

Regenerate after an *intended* change of data, scenario or model (from the repository root)::

    python -m tests.golden.regenerate
"""

from __future__ import annotations

import hashlib
import json
import sys
import tempfile
from pathlib import Path

import numpy as np
from click.testing import CliRunner

from sim.cli import cli

ROOT = Path(__file__).resolve().parents[2]
HASHES = Path(__file__).parent / "hashes"
SCENARIOS = sorted(p.stem for p in (ROOT / "scenarios").glob("*.yaml"))
RUNS = {
    "mc": ["--draws", "1200", "--seed", "7", "--keep-paths", "30"],
    "deterministic": ["--deterministic"],
}
"""Run name -> options after ``tiersim run SCENARIO --out DIR``."""


def file_hash(path: Path) -> str:
    data = path.read_bytes()
    if path.name == "manifest.json":
        manifest = json.loads(data.decode("utf-8"))
        manifest.pop("version", None)
        data = json.dumps(manifest, ensure_ascii=False, sort_keys=True).encode("utf-8")
    return hashlib.sha256(data).hexdigest()


def hashes(scenario: str) -> dict[str, dict[str, str]]:
    """``{run: {file: sha256}}`` of ``scenario``'s runs, computed now."""
    found = {}
    with tempfile.TemporaryDirectory() as tmp:
        for run, options in RUNS.items():
            out = Path(tmp) / run
            result = CliRunner().invoke(cli, ["run", scenario, "--out", str(out), "-q", *options])
            if result.exit_code != 0:
                raise RuntimeError(f"tiersim run {scenario} {' '.join(options)} failed:\n{result.output}")
            found[run] = {p.name: file_hash(p) for p in sorted(out.iterdir())}
    return found


def engine_hash(scenario: str, seed: int = 7) -> str:
    """sha256 over every array of block 0 of ``scenario``'s Monte Carlo (the engine's exact output)."""
    from sim.data.tables import load_shipped
    from sim.model import engine
    from sim.run import montecarlo
    from sim.run.projection import build
    from sim.scenario import load

    data = load_shipped()
    plan = build(load(scenario, data.registry), data).plan
    paths = engine.run(plan.block_inputs(0), montecarlo.BLOCK, montecarlo.block_rng(seed, 0))
    digest = hashlib.sha256()
    arrays = [paths.gdp, paths.ranks]
    for group in (paths.thresholds, paths.above, paths.first):
        arrays += [group[name] for name in sorted(group)]
    for array in arrays:
        digest.update(str(array.dtype).encode() + str(array.shape).encode())
        digest.update(np.ascontiguousarray(array).tobytes())
    return digest.hexdigest()


def stored(scenario: str) -> dict:
    return json.loads((HASHES / f"{scenario}.json").read_text(encoding="utf-8"))


def main() -> None:
    HASHES.mkdir(exist_ok=True)
    for scenario in SCENARIOS:
        record = {"scenario": scenario, "runs": {run: ["tiersim", "run", scenario, *opts] for run, opts in RUNS.items()},
                  "sha256": hashes(scenario), "engine": engine_hash(scenario)}
        (HASHES / f"{scenario}.json").write_text(json.dumps(record, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"{scenario}: {sum(len(v) for v in record['sha256'].values())} files", file=sys.stderr)


if __name__ == "__main__":
    main()
