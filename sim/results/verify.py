"""Re-running a result folder from its manifest and comparing the files byte for byte.

A manifest records the resolved scenario (and its hash), the data hash and where the data
came from, the seed, the draws and the options. :func:`verify` rebuilds the dataset (the
shipped tables plus the same ``--data`` files, cut at the same ``as_of``), checks that its
hash matches, rebuilds the scenario, runs it again and compares every file.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from sim.results import tables as results
from sim.results.manifest import package_version
from sim.errors import SimError
from sim.data.load import load_dataset
from sim.run.projection import project
from sim.scenario import from_resolved


@dataclass(frozen=True)
class Check:
    file: str
    ok: bool
    detail: str


def read_manifest(folder: Path) -> dict:
    path = folder / "manifest.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SimError(f"{path}: not found; `tiersim verify` needs a folder written by `tiersim run --out`") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise SimError(f"{path}: not a readable manifest ({exc.__class__.__name__})") from None


def verify(folder: Path, data_files: tuple[str, ...] | None = None, jobs: int = 1) -> list[Check]:
    """Recompute ``folder`` from its manifest; one :class:`Check` per file (plus version, data and scenario)."""
    manifest = read_manifest(folder)
    checks = []
    version = package_version()
    checks.append(Check("version", manifest.get("version") == version,
                        f"manifest {manifest.get('version')}, installed {version}"))
    files = tuple(manifest.get("data_files", [])) if data_files is None else data_files
    dataset, _ = load_dataset(files, manifest.get("as_of"))
    data_ok = dataset.sha256() == manifest.get("data_sha256")
    checks.append(Check("data", data_ok, f"data sha256 {dataset.sha256()[:12]} vs manifest {str(manifest.get('data_sha256'))[:12]}"))
    scenario = from_resolved(manifest["scenario"], dataset.registry)
    scenario_ok = scenario.sha256() == manifest.get("scenario_sha256")
    checks.append(Check("scenario", scenario_ok, f"scenario sha256 {scenario.sha256()[:12]} vs manifest {str(manifest.get('scenario_sha256'))[:12]}"))
    if not (data_ok and scenario_ok):
        return checks
    p = project(scenario, dataset, draws=manifest["draws"], seed=manifest["seed"], deterministic=manifest.get("deterministic", False),
                impute=manifest.get("impute"), keep=manifest.get("keep_paths", 0), jobs=jobs)
    fresh = results.files(p)
    present = sorted(f.name for f in folder.iterdir() if f.is_file())
    for name in sorted(set(fresh) | set(present)):
        if name not in present:
            checks.append(Check(name, False, "missing from the folder"))
        elif name not in fresh:
            checks.append(Check(name, False, "not produced by this run (extra file)"))
        elif (folder / name).read_bytes() == fresh[name]:
            checks.append(Check(name, True, "identical"))
        else:
            checks.append(Check(name, False, "differs"))
    return checks
