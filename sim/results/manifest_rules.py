"""Reading a result folder's ``manifest.json`` as strictly as a scenario: types, ranges and limits, before any work.

A manifest is input like any other: it may have been edited, truncated or written by someone else. Every rule
broken gives one line naming ``manifest.json``, the key, the rule and the value. Which folders ``tiersim verify``
re-runs is decided here too (:data:`VERIFIED`); for the others it says which command wrote them.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from sim.data import limits
from sim.bounded import read_small
from sim.errors import SimError, shown

MAX_MANIFEST_BYTES = 10 * 1024 * 1024
"""Largest manifest read (a run's is a few kB; its scenario is at most 1 MB)."""
KINDS = ("run", "report", "sweep", "compare", "calibrate", "backtest")
"""The commands that write a manifest.json (``tiersim report`` writes a run's manifest beside the documents)."""
VERIFIED = ("run", "report")
"""The kinds ``tiersim verify`` re-runs: a run folder file by file; a report folder by its manifest (the documents
are drawn, and not compared byte for byte)."""
_HEX = re.compile(r"[0-9a-f]{64}")


@dataclass(frozen=True)
class DataFile:
    """A ``--data`` file of the run: its name as given, sha256 of its bytes, path relative to the result folder."""

    name: str
    sha256: str | None = None
    path: str | None = None


@dataclass(frozen=True)
class RunManifest:
    """The parts of a run's manifest that ``tiersim verify`` needs, checked."""

    kind: str
    data: dict
    scenario: dict
    seed: int
    draws: int
    deterministic: bool
    impute: str | None
    keep_paths: int
    as_of: int | None
    data_files: tuple[DataFile, ...]


def read(folder: Path) -> dict:
    """The JSON object in ``folder/manifest.json`` (size, encoding, syntax and depth checked)."""
    path = folder / "manifest.json"
    raw = read_small(path, MAX_MANIFEST_BYTES, SimError, str(path),
                     missing="not found; `tiersim verify` needs a folder written by `tiersim run --out`",
                     folder="is a folder, not a manifest",
                     too_big=f"larger than {MAX_MANIFEST_BYTES // 2**20} MiB; a manifest is a few kB")
    try:
        data = json.loads(raw.decode("utf-8"))
    except RecursionError:
        raise SimError(f"{path}: not a readable manifest (JSON nested too deeply)") from None
    except (ValueError, UnicodeDecodeError) as exc:
        raise SimError(f"{path}: not a readable manifest ({exc.__class__.__name__})") from None
    if not isinstance(data, dict):
        raise SimError(f"{path}: must be a JSON object (as tiersim writes it); got a {_kind(data)}")
    return data


def kind(data: dict, folder: Path, label: str) -> str:
    """Which command wrote the folder: the manifest's ``tiersim`` key (a run folder with report files: ``report``)."""
    value = data.get("tiersim", "run")
    if value not in KINDS:
        raise SimError(f"{label}: tiersim: must be one of {', '.join(KINDS)}; got {shown(value)}")
    if value == "run" and (folder / "report.html").exists():
        return "report"
    return value


def check(data: dict, folder: Path) -> RunManifest:
    """A run's manifest, every key ``verify`` uses checked; :class:`SimError` on the first rule broken, and for a
    folder of a kind that is not re-run (naming the kinds that are)."""
    label = str(folder / "manifest.json")
    what = kind(data, folder, label)
    if what not in VERIFIED:
        raise SimError(f"{folder}: written by `tiersim {what}`; `tiersim verify` re-runs folders of `tiersim run "
                       f"--out` and `tiersim report --out`; to check this one, run `tiersim {what}` again with the "
                       f"settings in its manifest.json")
    at = lambda key: f"{label}: {key}"  # noqa: E731
    scenario = data.get("scenario")
    if not isinstance(scenario, dict):
        raise SimError(f"{at('scenario')}: must be the run's scenario (a JSON object); got {_given(data, 'scenario')}")
    for key in ("scenario_sha256", "data_sha256"):
        if not isinstance(data.get(key), str) or not _HEX.fullmatch(data[key]):
            raise SimError(f"{at(key)}: must be a sha256 (64 hexadecimal digits); got {_given(data, key)}")
    seed = _integer(data, "seed", at, 0, 2**63 - 1, None)
    draws = _integer(data, "draws", at, 1, limits.MAX_DRAWS, None)
    keep = _integer(data, "keep_paths", at, 0, 10_000, 0)
    as_of = data.get("as_of")
    if as_of is not None:
        as_of = _integer(data, "as_of", at, 1949, 2100, None)
    deterministic = data.get("deterministic", False)
    if not isinstance(deterministic, bool):
        raise SimError(f"{at('deterministic')}: must be true or false; got {shown(deterministic)}")
    impute = data.get("impute")
    if impute is not None and (not isinstance(impute, str) or not 0 < len(impute) <= 50):
        raise SimError(f"{at('impute')}: must be null or an imputer's name; got {shown(impute)}")
    return RunManifest(kind=what, data=data, scenario=scenario, seed=seed, draws=draws, deterministic=deterministic,
                       impute=impute, keep_paths=keep, as_of=as_of, data_files=_data_files(data, at))


def _data_files(data: dict, at) -> tuple[DataFile, ...]:
    raw = data.get("data_files", [])
    if not isinstance(raw, list) or len(raw) > 100:
        raise SimError(f"{at('data_files')}: must be a list of the run's --data files; got {shown(raw)}")
    files = []
    for i, entry in enumerate(raw):
        where = at(f"data_files[{i}]")
        if isinstance(entry, str):  # manifests of tiersim before the files were hashed
            entry = {"name": entry}
        if not isinstance(entry, dict) or set(entry) - {"name", "sha256", "path"}:
            raise SimError(f"{where}: must be {{name, sha256, path}}; got {shown(entry)}")
        name, digest, path = entry.get("name"), entry.get("sha256"), entry.get("path")
        if not isinstance(name, str) or not name or not name.isprintable() or len(name) > 4096:
            raise SimError(f"{where}.name: must be the file's name as given; got {shown(name)}")
        if digest is not None and (not isinstance(digest, str) or not _HEX.fullmatch(digest)):
            raise SimError(f"{where}.sha256: must be a sha256 (64 hexadecimal digits) or null; got {shown(digest)}")
        if path is not None and (not isinstance(path, str) or not path or not path.isprintable() or len(path) > 4096):
            raise SimError(f"{where}.path: must be a path relative to the result folder; got {shown(path)}")
        files.append(DataFile(name=name, sha256=digest, path=path))
    return tuple(files)


def _integer(data: dict, key: str, at, low: int, high: int, default: int | None) -> int:
    value = data.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int):
        raise SimError(f"{at(key)}: must be a whole number from {low:,} to {high:,}; got {_given(data, key)}")
    if not low <= value <= high:
        limit = " (MAX_DRAWS)" if key == "draws" and value > high else ""
        raise SimError(f"{at(key)}: must be from {low:,} to {high:,}{limit}; got {shown(value)}")
    return value


def _given(data: dict, key: str) -> str:
    return shown(data[key]) if key in data else "nothing (the key is missing)"


def _kind(value: object) -> str:
    return {list: "list", str: "string", int: "number", float: "number", bool: "true/false",
            type(None): "null"}.get(type(value), type(value).__name__)


def comparable(data: object) -> object:
    """A manifest without what depends on where the folder and data files are (the data files' paths)."""
    if not isinstance(data, dict) or not isinstance(data.get("data_files"), list):
        return data
    files = [{k: v for k, v in e.items() if k != "path"} if isinstance(e, dict) else e for e in data["data_files"]]
    return {**data, "data_files": files}
