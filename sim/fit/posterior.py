"""Posterior draws of the county GDP model (:mod:`sim.fit.model`) as plain numpy arrays, saved as ``.npz``.

One row per posterior draw ``s`` (already shuffled, so any prefix is a fair sample). Logs throughout;
years ``first .. last`` (levels) or ``first + 1 .. last`` (growth):

- ``log_gdp[s, t, i]``: county log nominal GDP (亿元), the true level (no measurement error);
- ``national``, ``hubei``, ``deflator`` ``[s]``, ``tier[s, k]``, ``county[s, i]``: AR(1) shock states in the last year;
- ``trend_china[s]`` (China's trend real log growth in the last year; a random walk with s.d. ``sig_trend``), ``hubei_gap[s]``, ``county_gap[s, i]``, ``tier_gap[s, k]`` (a tier's mean county gap), ``deflator_trend[s]``;
- ``phi`` and the innovation s.d. ``sig_*[s]`` (see :data:`sim.fit.model.SCALES`);
- ``china_growth[s, t]``, ``china_deflator[s, t]``, ``hubei_growth[s, t]``, ``hubei_deflator[s, t]``: the paths;
- ``report_gap``, ``census_break``, ``pandemic[s, 4]`` (China 2020, 2021; Hubei 2020, 2021 extra).

Nothing here imports JAX: a cached or shipped posterior loads with numpy alone.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import tempfile
from dataclasses import dataclass, field, fields, replace
from pathlib import Path

import numpy as np

ARRAYS = ("log_gdp", "national", "hubei", "deflator", "tier", "county", "trend_china", "hubei_gap", "county_gap", "tier_gap",
          "deflator_trend", "phi", "sig_trend", "sig_national", "sig_hubei", "sig_tier", "sig_county", "sig_deflator",
          "sig_pricegap", "sig_official", "sig_secondary", "sig_forecast", "sig_low", "sig_growthfig", "omega", "tau",
          "sig_level", "china_growth", "china_deflator", "hubei_growth", "hubei_deflator", "report_gap",
          "census_break", "pandemic")


@dataclass(frozen=True)
class Posterior:
    """Posterior draws (see the module note). ``info`` holds provenance and diagnostics (JSON-ready)."""

    first: int
    last: int
    county_ids: tuple[str, ...]
    log_gdp: np.ndarray
    national: np.ndarray
    hubei: np.ndarray
    deflator: np.ndarray
    tier: np.ndarray
    county: np.ndarray
    trend_china: np.ndarray
    hubei_gap: np.ndarray
    county_gap: np.ndarray
    tier_gap: np.ndarray
    deflator_trend: np.ndarray
    phi: np.ndarray
    sig_trend: np.ndarray
    sig_national: np.ndarray
    sig_hubei: np.ndarray
    sig_tier: np.ndarray
    sig_county: np.ndarray
    sig_deflator: np.ndarray
    sig_pricegap: np.ndarray
    sig_official: np.ndarray
    sig_secondary: np.ndarray
    sig_forecast: np.ndarray
    sig_low: np.ndarray
    sig_growthfig: np.ndarray
    omega: np.ndarray
    tau: np.ndarray
    sig_level: np.ndarray
    china_growth: np.ndarray
    china_deflator: np.ndarray
    hubei_growth: np.ndarray
    hubei_deflator: np.ndarray
    report_gap: np.ndarray
    census_break: np.ndarray
    pandemic: np.ndarray
    info: dict = field(default_factory=dict)

    @property
    def draws(self) -> int:
        return int(self.phi.shape[0])

    @property
    def years(self) -> list[int]:
        return list(range(self.first, self.last + 1))

    def take(self, index: np.ndarray) -> "Posterior":
        """The draws ``index`` (e.g. one Monte Carlo block's), every array indexed on its first axis."""
        return replace(self, **{name: getattr(self, name)[index] for name in ARRAYS})

    def rounded(self) -> "Posterior":
        """Every array rounded to float32, as :meth:`save` stores it: a fresh fit then equals its cached copy."""
        return replace(self, **{name: np.asarray(getattr(self, name), dtype=np.float32).astype(np.float64)
                                for name in ARRAYS})

    def mean(self) -> "Posterior":
        """One draw holding every array's posterior mean (for deterministic runs)."""
        return replace(self, **{name: getattr(self, name).mean(axis=0, keepdims=True) for name in ARRAYS})

    def gdp(self, year: int) -> np.ndarray:
        """County GDP (亿元) in ``year``, draws x counties."""
        return np.exp(self.log_gdp[:, year - self.first])

    def sha256(self) -> str:
        """Hash of the draws (not of ``info``): equal hashes mean equal posteriors."""
        digest = hashlib.sha256(repr((self.first, self.last, self.county_ids)).encode())
        for name in ARRAYS:
            digest.update(np.ascontiguousarray(getattr(self, name), dtype=np.float64).tobytes())
        return digest.hexdigest()

    def save(self, path: Path) -> None:
        """Write to ``path`` (``.npz``, arrays as float32: 7 significant digits) atomically: a temporary file in the same folder, then a rename."""
        path.parent.mkdir(parents=True, exist_ok=True)
        buffer = io.BytesIO()
        meta = {"first": self.first, "last": self.last, "county_ids": list(self.county_ids), "info": self.info}
        np.savez_compressed(buffer, meta=np.frombuffer(json.dumps(meta, sort_keys=True).encode(), dtype=np.uint8),
                            **{name: np.asarray(getattr(self, name), dtype=np.float32) for name in ARRAYS})
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as file:
                file.write(buffer.getvalue())
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise


def load(path: Path) -> Posterior:
    """A posterior written by :meth:`Posterior.save`."""
    with np.load(path, allow_pickle=False) as data:
        meta = json.loads(bytes(data["meta"]).decode())
        arrays = {name: data[name].astype(np.float64) for name in ARRAYS}
    return Posterior(first=int(meta["first"]), last=int(meta["last"]), county_ids=tuple(meta["county_ids"]),
                     info=meta["info"], **arrays)


def field_names() -> list[str]:
    return [f.name for f in fields(Posterior)]


@dataclass(frozen=True)
class Settings:
    """How much sampling: ``chains`` x (``warmup`` + ``samples``) NUTS iterations; ``seed`` of the sampler."""

    chains: int = 2
    warmup: int = 300
    samples: int = 400
    seed: int = 0
    target_accept: float = 0.85
    dense: bool = True
    """A dense mass matrix (adapted in warmup): the hyperparameters are correlated (trend, gaps, break), and on
    the shipped data it raised the smallest effective sample size from 55 to 179 at the same cost."""

    def key(self) -> str:
        return (f"nuts-{self.chains}x{self.warmup}+{self.samples}-seed{self.seed}-accept{self.target_accept}"
                + ("-dense" if self.dense else ""))
