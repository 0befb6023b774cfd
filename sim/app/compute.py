"""The page's computation, with no widgets: data and scenario from files in the session's folder, the projection,
and the key-results table. Every load goes through the command line's strict loaders.

:func:`sim.app.cache.outcome` puts these together the way the page calls them on every change.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

import sim
from sim.errors import SimError
from sim.present import terminal
from sim.model.thresholds import SIZES

MAX_UPLOAD_BYTES = 2_000_000
"""Largest uploaded file (scenario or data); the server refuses more than a megabyte or two anyway."""
_SAFE = re.compile(r"[^A-Za-z0-9_.\-\u4e00-\u9fff]")


def digest(*parts: bytes | str) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(part.encode("utf-8") if isinstance(part, str) else part)
        h.update(b"\0")
    return h.hexdigest()


def safe_name(name: str, default: str = "upload") -> str:
    """An uploaded file's name reduced to a plain file name (no folders, no odd characters)."""
    stem = _SAFE.sub("_", Path(name or default).name).lstrip(".")
    return stem or default


def save_upload(folder: Path, name: str, content: bytes, kind: str) -> Path:
    """Write an upload into ``folder`` (the session's), refusing one that is too large; returns its path."""
    if len(content) > MAX_UPLOAD_BYTES:
        raise SimError(f"{name}: {kind} file too large: {len(content):,} bytes; at most {MAX_UPLOAD_BYTES:,}")
    sub = folder / digest(content)[:16]
    sub.mkdir(parents=True, exist_ok=True)
    path = sub / safe_name(name)
    if not path.exists():
        tmp = path.with_name(path.name + ".part")
        tmp.write_bytes(content)
        tmp.replace(path)
    return path


def data_upload(folder: Path, name: str, content: bytes) -> Path:
    """An uploaded ``--data`` file as a CSV file in ``folder``: a CSV as it is; an Excel workbook's first sheet
    written out row for row (so "row N" in a message is the sheet's row N; whole numbers without ``.0``), named
    ``NAME.xlsx.csv`` (messages show ``NAME.xlsx``). The CSV then goes through the ``--data`` rules unchanged."""
    if not name.lower().endswith(".xlsx"):
        return save_upload(folder, name, content, "data")
    if len(content) > MAX_UPLOAD_BYTES:
        raise SimError(f"{name}: data file too large: {len(content):,} bytes; at most {MAX_UPLOAD_BYTES:,}")
    import csv
    import io
    import zipfile

    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise SimError(f"{safe_name(name)}: not readable as an Excel workbook (.xlsx): {exc}") from None
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    for values in book.worksheets[0].iter_rows(values_only=True):
        writer.writerow(["" if v is None else str(int(v)) if isinstance(v, float) and v.is_integer() else str(v)
                         for v in values])
    book.close()
    return save_upload(folder, f"{name}.csv", text.getvalue().encode("utf-8"), "data")


def short(message: str, folder: Path | None) -> str:
    """An error as one line, without the session folder's path."""
    line = " ".join(str(message).split())
    if folder is not None:
        line = re.sub(re.escape(str(folder)) + r"/([0-9a-f]{16}/)?", "", line)
    line = re.sub(r"\.xlsx\.csv\b", ".xlsx", line)
    return line


def load_data(paths: tuple[str, ...]):
    """The shipped data with the uploaded ``--data`` files (already in the session folder), as ``tiersim --data``."""
    return sim.load_data(list(paths))


def load_scenario(folder: Path, text: str, name: str, dataset):
    """The scenario ``text`` saved as ``folder/NAME.yaml`` and loaded exactly as ``tiersim run NAME.yaml`` would."""
    sub = folder / digest(text)[:16]
    sub.mkdir(parents=True, exist_ok=True)
    path = sub / f"{safe_name(name, 'whatif')}.yaml"
    if not path.exists():
        tmp = path.with_name(path.name + ".part")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(path)
    return sim.load_scenario(str(path), dataset)


def project(scenario, dataset, draws: int, seed: int):
    return sim.project(scenario, dataset, draws=draws, seed=seed).projection


def key_table(p, lang: str) -> pd.DataFrame:
    """Per tier county: tier, name, base-year GDP and its status (``*`` estimated or imputed), per threshold the
    probability of being at or above it in each milestone year and the median first-crossing year (P10–P90),
    and median GDP at the horizon: the numbers ``tiersim run`` prints, as text cells."""
    labels = terminal.LABELS[lang]
    cross, member, seeds, index, at_horizon = terminal.lookups(p)
    milestones = terminal.milestone_years(p)
    horizon = p.scenario.horizon
    rows = []
    for county_id in terminal.shown_ids(p):
        county = p.dataset.registry[county_id]
        seed = seeds[county_id]
        missing = pd.isna(seed["gdp_yi"])
        star = "*" if seed["status"] in ("estimated", "imputed") else ""
        row = {labels["tier"]: terminal.tier_label(county.tier, lang), labels["county"]: county.label(lang),
               labels["base"].format(year=p.scenario.base_year): labels["nodata"] if missing else f"{seed['gdp_yi']:.1f}{star}",
               labels["status"]: terminal.status_label(seed["status"], lang)}
        for name in SIZES:
            short_name = labels[name]
            for year in milestones:
                value = member.get((county_id, name, year))
                row[f"{short_name} {year}"] = "" if value is None or value != value else f"{value:.0%}"
            c = cross[(county_id, name)]
            row[f"{short_name} {labels['first']}"] = "" if missing else terminal.year_cell(
                c["base_above"], c["year_p50"], c["year_p10"], c["year_p90"], horizon, lang)
        gdp = None if county_id not in index else p.summary.gdp_quantile(at_horizon, index[county_id], 0.5)
        row[labels["horizon"].format(year=horizon)] = "" if gdp is None or pd.isna(gdp) else f"{gdp:.0f}"
        rows.append(row)
    return pd.DataFrame(rows)


@dataclass
class Outcome:
    """What a change gives the page: the projection, the key-results table and the seconds it took."""

    projection: object
    table: pd.DataFrame
    seconds: float
