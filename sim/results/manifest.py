"""The manifest: what produced a result folder, enough to reproduce it (version, scenario, data hashes, seed).

Each ``--data`` file is recorded by the name it was given, the sha256 of its bytes and (added by :func:`place`
when the folder is written) its path relative to the result folder, so ``tiersim verify`` finds it after the
folder moves, from any working folder, or under any name given with ``--data``.
"""

from __future__ import annotations

import json
import os
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from sim.data import seeds as seed_status
from sim.data.load import file_sha256  # noqa: F401  (verify finds data files by it)
from sim.model.thresholds import CAVEAT_EN
from sim.run.projection import Projection


def package_version() -> str:
    try:
        return version("tiersim")
    except PackageNotFoundError:
        return "unknown"


def manifest(p: Projection) -> dict:
    """What produced a result: enough to reproduce it (``tiersim`` version, scenario, data hash, seed)."""
    counts = seed_status.counts(p.seeds)
    return {
        "tiersim": "run",
        "version": package_version(),
        "scenario": p.scenario.to_dict(),
        "scenario_sha256": p.scenario.sha256(),
        "data_sha256": p.dataset.sha256(),
        "data_files": data_files(p.dataset),
        "data_sources": p.dataset.sources(),
        "seed": p.seed,
        "draws": p.draws,
        "deterministic": p.deterministic,
        "impute": p.impute,
        "keep_paths": p.keep,
        "as_of": p.dataset.as_of,
        "base_year": p.scenario.base_year,
        "horizon": p.scenario.horizon,
        "seed_status": counts,
        "estimated_seeds": sorted(p.seeds.loc[p.seeds["status"].isin(["estimated", "imputed"]), "county_id"]),
        "no_data": sorted(p.seeds.loc[p.seeds["status"] == "no data", "county_id"]),
        "threshold_fit": {"alpha": round(p.fit.alpha, 6), "alpha_fitted": p.fit.alpha_fitted, "points": p.fit.points,
                          "rmse_log_count": round(p.fit.rmse, 6), "data_years": sorted(p.fit.scale)},
        "list_model": None if p.list_model is None else {
            "kind": "logistic P(on CCID Top-100 list) on ln(GDP / Top-100 GDP threshold)",
            "coef": [round(float(c), 6) for c in p.list_model.coef], "points": p.list_model.points,
            "members": p.list_model.members},
        "threshold_fit_sigma": round(p.fit.sigma, 6),
        "national_set": {"model": p.scenario.thresholds.model,
                         "comparators": p.inputs.comparator_count,
                         "rank_cap": p.summary.rank_cap},
        "model": model_section(p),
        "scenario_cut": list(p.cut),
        "units": "GDP in 亿元 (100 million yuan), current prices; growth rates are fractions per year",
        "caveat": CAVEAT_EN,
    }


def model_section(p: Projection) -> dict:
    """Which model made the draws: ``assumed`` (point seeds), or ``fitted`` with the posterior used (its cache key,
    content hash, draws, data years and sampler diagnostics; ``tiersim verify`` finds it again by the key)."""
    post = p.posterior
    if post is None:
        return {"kind": "assumed"}
    return {"kind": "fitted", "posterior_key": post.info.get("key"), "posterior_sha256": post.sha256(),
            "posterior_draws": post.draws, "data_years": [post.first, post.last],
            "diagnostics": post.info.get("diagnostics", {})}


def data_files(dataset) -> list[dict]:
    """The ``--data`` files of ``dataset``: the name each was given and the sha256 of its bytes."""
    return [{"name": label, "sha256": digest} for label, digest in zip(dataset.user_files, dataset.user_file_sha256)]


def dump(data: dict) -> bytes:
    """A manifest as written: UTF-8 JSON, keys sorted, two-space indents."""
    return (json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")


def place(files: dict[str, bytes], out: Path) -> dict[str, bytes]:
    """``files`` with the manifest's data files given a ``path`` relative to the folder ``out`` they are written to."""
    if "manifest.json" not in files:
        return files
    try:
        data = json.loads(files["manifest.json"])
    except ValueError:
        return files
    entries = data.get("data_files") if isinstance(data, dict) else None
    if not entries or not all(isinstance(e, dict) and isinstance(e.get("name"), str) for e in entries):
        return files
    folder = Path(out).resolve()
    for entry in entries:
        entry["path"] = Path(os.path.relpath(Path(entry["name"]).resolve(), folder)).as_posix()
    return {**files, "manifest.json": dump(data)}
