"""Re-running a result folder from its manifest and comparing the files byte for byte.

A manifest records the resolved scenario (and its hash), the data hash, each ``--data`` file (its name, the
sha256 of its bytes and its path relative to the result folder), the seed, the draws and the options.
:func:`verify` checks the manifest (:mod:`sim.results.manifest_rules`), finds each data file by content (the
path beside the result folder, the name as given, or any file named with ``--data`` whose bytes match),
rebuilds the dataset under the run's file names, checks its hash, rebuilds the scenario, runs it again and
compares every file. ``manifest.json`` is compared as data, apart from where the data files are.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from sim.data import limits
from sim.data.load import load_dataset
from sim.errors import SimError
from sim.results import manifest_rules as rules
from sim.results import tables as results
from sim.results.manifest import file_sha256, package_version
from sim.run.projection import project
from sim.scenario import from_resolved


@dataclass(frozen=True)
class Check:
    file: str
    ok: bool
    detail: str


def read_manifest(folder: Path) -> dict:
    return rules.read(folder)


def verify(folder: Path, data_files: tuple[str, ...] | None = None, jobs: int = 1) -> list[Check]:
    """Recompute ``folder`` from its manifest; one :class:`Check` per file (plus version, data and scenario)."""
    manifest = rules.check(rules.read(folder), folder)
    checks = []
    version = package_version()
    checks.append(Check("version", manifest.data.get("version") == version,
                        f"manifest {manifest.data.get('version')}, installed {version}"))
    found = locate(manifest.data_files, folder, tuple(data_files or ()))
    if isinstance(found, Check):
        return checks + [found]
    paths, labels = found
    dataset, _ = load_dataset(paths, manifest.as_of, labels=labels)
    data_ok = dataset.sha256() == manifest.data["data_sha256"]
    checks.append(Check("data", data_ok, f"data sha256 {dataset.sha256()[:12]} vs manifest {manifest.data['data_sha256'][:12]}"))
    scenario = from_resolved(manifest.scenario, dataset.registry)
    scenario_ok = scenario.sha256() == manifest.data["scenario_sha256"]
    checks.append(Check("scenario", scenario_ok, f"scenario sha256 {scenario.sha256()[:12]} vs manifest "
                                                 f"{manifest.data['scenario_sha256'][:12]}"))
    if not (data_ok and scenario_ok):
        return checks
    limits.check_run_size(1 if manifest.deterministic else manifest.draws, len(dataset.registry),
                          scenario.horizon - scenario.base_year + 1, f"{folder / 'manifest.json'}: draws")
    p = project(scenario, dataset, draws=manifest.draws, seed=manifest.seed, deterministic=manifest.deterministic,
                impute=manifest.impute, keep=manifest.keep_paths, jobs=jobs)
    fresh = results.files(p)
    if manifest.kind == "report":
        return checks + [_manifest_check(folder, fresh["manifest.json"]),
                         Check("report.html, report.pdf, report.docx", True,
                               "not compared (documents are drawn; their figures come from the run checked above)")]
    present = sorted(f.name for f in folder.iterdir() if f.is_file())
    for name in sorted(set(fresh) | set(present)):
        if name not in present:
            checks.append(Check(name, False, "missing from the folder"))
        elif name not in fresh:
            checks.append(Check(name, False, "not produced by this run (extra file)"))
        elif name == "manifest.json":
            checks.append(_manifest_check(folder, fresh[name]))
        elif (folder / name).read_bytes() == fresh[name]:
            checks.append(Check(name, True, "identical"))
        else:
            checks.append(Check(name, False, "differs"))
    return checks


def _manifest_check(folder: Path, fresh: bytes) -> Check:
    stored = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    same = rules.comparable(stored) == rules.comparable(json.loads(fresh))
    return Check("manifest.json", same, "identical (apart from where the data files are)" if same else "differs")


def locate(entries: tuple[rules.DataFile, ...], folder: Path, given: tuple[str, ...]
           ) -> tuple[list[str], list[str]] | Check:
    """Where each data file of the run is now, and its name in the run: from ``--data`` (matched by content,
    under any path) or, without ``--data``, beside the result folder or under its name. A file found whose bytes
    changed is a failed ``data`` check; one not found at all is an error that says to name it with ``--data``."""
    if given and not entries:
        raise SimError(f"--data: the run of {folder} used no --data file; verify it without --data")
    if given:
        return _given(entries, given)
    paths = []
    for entry in entries:
        places = ([folder / entry.path] if entry.path else []) + [Path(entry.name)]
        existing = [p for p in places if p.is_file()]
        if not existing:
            raise SimError(f"{entry.name}: the run's data file is not at {' or '.join(map(str, places))}; "
                           f"name it with --data FILE (any path: it is matched by content)")
        if entry.sha256 is None:
            paths.append(str(existing[0]))
            continue
        match = next((p for p in existing if file_sha256(p) == entry.sha256), None)
        if match is None:
            now = file_sha256(existing[0]) or "?"
            return Check("data", False, f"{existing[0]}: its content changed since the run (sha256 {now[:12]} vs "
                                        f"{entry.sha256[:12]} in the manifest)")
        paths.append(str(match))
    return paths, [e.name for e in entries]


def _given(entries: tuple[rules.DataFile, ...], given: tuple[str, ...]) -> tuple[list[str], list[str]]:
    if any(e.sha256 is None for e in entries):  # an older manifest: the files in the order of the run
        if len(given) != len(entries):
            raise SimError(f"--data: the run used {len(entries)} data file(s) ({', '.join(e.name for e in entries)}); "
                           f"got {len(given)}")
        return list(given), [e.name for e in entries]
    by_hash = {}
    for path in given:
        digest = file_sha256(path)
        if digest is None:
            raise SimError(f"--data {path}: cannot read the file")
        if digest not in {e.sha256 for e in entries}:
            raise SimError(f"--data {path}: its content (sha256 {digest[:12]}) is none of the run's data files: "
                           + ", ".join(f"{e.name} ({e.sha256[:12]})" for e in entries))
        by_hash[digest] = path
    missing = [e for e in entries if e.sha256 not in by_hash]
    if missing:
        raise SimError(f"--data: no file given has the content of {missing[0].name} (sha256 {missing[0].sha256[:12]}); "
                       f"give every data file of the run")
    return [by_hash[e.sha256] for e in entries], [e.name for e in entries]
