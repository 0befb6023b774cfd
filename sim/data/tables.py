"""Shipped data tables, the ``Dataset`` a run uses, the ``--as-of`` cut and the data hash.

Every table lives in ``sim/data/`` as UTF-8 CSV and every figure row carries its
``source`` and ``confidence``; county GDP observations also carry a ``status``:
``official`` (statistics bureau / government figure after the year), ``secondary``
(quoted by media or encyclopedias), ``forecast`` (a "预计" figure given before the
year closed) or ``estimated`` (derived by a documented method). GDP is in 亿元 at
current prices; growth rates are fractions per year.

``as_of`` keeps only rows whose data year is at or before it, in every table. The
plan's rows count from the year the plan was published (2021), not their target year.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass, replace
from importlib import resources

import pandas as pd

from sim.data.registry import TIERS, County, Registry
from sim.errors import DataError

OBS_STATUSES = ("official", "secondary", "forecast", "estimated")
"""Statuses an observation may carry, best first (the order used to pick one figure per county-year)."""
CONFIDENCES = ("high", "medium", "low", "unrated")
"""Confidence grades, best first. ``unrated`` is for figures whose source gives no grade."""
OBS_COLUMNS = ["county_id", "year", "gdp_yi", "real_growth", "status", "confidence", "source"]
PLAN_PUBLISHED = 2021
"""The plan (鄂政发〔2021〕40号) is in force from 2021-12-31: an ``as_of`` before this sees none of its rows."""

_TABLE_YEAR = {"observations": "year", "macro": "year", "national_tail": "data_year", "ccid_ranks": "data_year", "plan": "published"}


def _read_shipped(name: str) -> pd.DataFrame:
    text = resources.files("sim").joinpath("data", name).read_text(encoding="utf-8")
    return pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)


@dataclass(frozen=True)
class Dataset:
    """All tables a run reads, already validated and cut at ``as_of``.

    ``observations`` holds every figure, conflicting ones included; use
    :func:`best_observations` for one figure per county and year.
    """

    registry: Registry
    observations: pd.DataFrame
    macro: pd.DataFrame
    national_tail: pd.DataFrame
    plan: pd.DataFrame
    ccid_ranks: pd.DataFrame
    as_of: int | None = None
    user_files: tuple[str, ...] = ()
    user_sha256: tuple[str, ...] = ()
    """Per user file, the hash of its rows as loaded (canonical CSV), for the manifest."""
    user_file_sha256: tuple[str | None, ...] = ()
    """Per user file, the sha256 of its bytes as read (``tiersim verify`` finds the file again by it)."""

    def cut(self, as_of: int | None) -> "Dataset":
        """The same data without any row of a year after ``as_of``."""
        if as_of is None:
            return self
        tables = {name: _before(getattr(self, name), column, as_of) for name, column in _TABLE_YEAR.items()}
        return replace(self, as_of=as_of, **tables)

    def _tables(self) -> list[tuple[str, pd.DataFrame]]:
        counties = pd.DataFrame([vars(c) for c in self.registry])
        return [("counties", counties)] + [(n, getattr(self, n)) for n in _TABLE_YEAR]

    def sha256(self) -> str:
        """Hash of every table's content (after the cut and user data): equal hashes mean equal inputs."""
        digest = hashlib.sha256()
        for name, frame in self._tables():
            digest.update(name.encode())
            digest.update(frame.to_csv(index=False, lineterminator="\n").encode("utf-8"))
        return digest.hexdigest()

    def sources(self) -> list[dict]:
        """Where the rows come from, by hash: each table as used (after the cut) and each user file as loaded."""
        out = [{"table": name, "rows": len(frame), "sha256": _frame_hash(frame)} for name, frame in self._tables()]
        out += [{"user_file": label, "sha256": digest} for label, digest in zip(self.user_files, self.user_sha256)]
        return out

    def status_counts(self) -> dict[str, int]:
        """Number of observation rows by status."""
        counts = self.observations["status"].value_counts()
        return {s: int(counts.get(s, 0)) for s in OBS_STATUSES}


def _frame_hash(frame: pd.DataFrame) -> str:
    return hashlib.sha256(frame.to_csv(index=False, lineterminator="\n").encode("utf-8")).hexdigest()


def _before(frame: pd.DataFrame, column: str, as_of: int) -> pd.DataFrame:
    return frame[frame[column] <= as_of].reset_index(drop=True)


def _check(ok: pd.Series, frame: pd.DataFrame, source: str, column: str, rule: str) -> None:
    if not ok.all():
        row = int(ok.idxmin())
        raise DataError(f"{source}: row {row + 2}, column {column}: {rule}; got {frame.at[row, column]!r}")


def _ints(frame: pd.DataFrame, column: str, source: str) -> pd.Series:
    values = pd.to_numeric(frame[column], errors="coerce")
    _check(values.notna() & (values % 1 == 0), frame, source, column, "must be a whole year")
    return values.astype(int)


def _numbers(frame: pd.DataFrame, column: str, source: str, *, optional: bool = False) -> pd.Series:
    values = pd.to_numeric(frame[column], errors="coerce")
    ok = values.notna() | (frame[column] == "") if optional else values.notna()
    _check(ok, frame, source, column, "must be a number")
    return values


def load_registry() -> Registry:
    """The shipped county registry (the 24 tier counties and any others with shipped figures)."""
    frame = _read_shipped("counties.csv")
    _check(frame["tier"].isin(TIERS), frame, "sim/data/counties.csv", "tier", f"must be one of {', '.join(TIERS)}")
    return Registry([
        County(id=r.county_id, name_zh=r.name_zh, name_pinyin=r.name_pinyin, prefecture=r.prefecture, tier=r.tier, plan_goal=r.plan_goal)
        for r in frame.itertuples()
    ])


def validate_observations(frame: pd.DataFrame, source: str, registry: Registry) -> pd.DataFrame:
    """Check an observations table in the canonical schema and return it typed."""
    frame = frame.reset_index(drop=True)
    _check(frame["county_id"].isin(registry.ids), frame, source, "county_id", "must be a known county code")
    out = frame.copy()
    out["year"] = _ints(frame, "year", source)
    _check(out["year"].between(1949, 2100), frame, source, "year", "must be between 1949 and 2100")
    out["gdp_yi"] = _numbers(frame, "gdp_yi", source)
    _check(out["gdp_yi"] > 0, frame, source, "gdp_yi", "must be a positive GDP in 亿元")
    out["real_growth"] = _numbers(frame, "real_growth", source, optional=True)
    _check(out["real_growth"].isna() | out["real_growth"].between(-0.5, 0.5), frame, source, "real_growth", "must be a fraction between -0.5 and 0.5")
    _check(frame["status"].isin(OBS_STATUSES), frame, source, "status", f"must be one of {', '.join(OBS_STATUSES)}")
    _check(frame["confidence"].isin(CONFIDENCES), frame, source, "confidence", f"must be one of {', '.join(CONFIDENCES)}")
    _check(frame["source"].str.strip() != "", frame, source, "source", "must name where the figure comes from")
    return out[OBS_COLUMNS]


def load_shipped() -> Dataset:
    """The data shipped with tiersim, validated."""
    registry = load_registry()
    observations = validate_observations(_read_shipped("observations.csv"), "sim/data/observations.csv", registry)
    macro = _read_shipped("macro.csv")
    macro["year"] = _ints(macro, "year", "sim/data/macro.csv")
    macro["value"] = _numbers(macro, "value", "sim/data/macro.csv", optional=True)
    tail = _read_shipped("national_tail.csv")
    for column in ("data_year", "count_at_least"):
        tail[column] = _ints(tail, column, "sim/data/national_tail.csv")
    tail["gdp_yi"] = _numbers(tail, "gdp_yi", "sim/data/national_tail.csv")
    plan = _read_shipped("plan.csv")
    plan["year"] = _ints(plan, "year", "sim/data/plan.csv")
    plan["published"] = PLAN_PUBLISHED
    ranks = _read_shipped("ccid_hubei_ranks.csv")
    ranks["data_year"] = _ints(ranks, "data_year", "sim/data/ccid_hubei_ranks.csv")
    return Dataset(registry=registry, observations=observations, macro=macro, national_tail=tail, plan=plan, ccid_ranks=ranks)


def with_observations(dataset: Dataset, user: pd.DataFrame, label: str, extra: list[County]) -> Dataset:
    """Add a user's observations; a user row replaces every shipped row of the same county and year."""
    registry = dataset.registry.with_added(extra) if extra else dataset.registry
    user = validate_observations(user, label, registry)
    keys = set(zip(user["county_id"], user["year"]))
    keep = [(c, y) not in keys for c, y in zip(dataset.observations["county_id"], dataset.observations["year"])]
    merged = pd.concat([dataset.observations[keep], user], ignore_index=True)
    merged = merged.sort_values(["county_id", "year", "source"], kind="stable").reset_index(drop=True)
    return replace(dataset, registry=registry, observations=merged, user_files=dataset.user_files + (label,),
                   user_sha256=dataset.user_sha256 + (_frame_hash(user),))


def best_observations(observations: pd.DataFrame) -> pd.DataFrame:
    """One figure per county and year: the best status, then the best confidence, then by source text.

    The others stay in the dataset (``tiersim data`` shows how many figures each year has).
    """
    ranked = observations.assign(
        _s=observations["status"].map(OBS_STATUSES.index),
        _c=observations["confidence"].map(CONFIDENCES.index),
    ).sort_values(["county_id", "year", "_s", "_c", "source"], kind="stable")
    return ranked.drop_duplicates(["county_id", "year"]).drop(columns=["_s", "_c"]).reset_index(drop=True)
