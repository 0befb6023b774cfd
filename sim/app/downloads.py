"""The files the page offers: results as one workbook or a zip of the CSV files (the bytes ``tiersim run --out``
writes), and the report. Made only when a download button is clicked."""

from __future__ import annotations

import io
import zipfile

from sim.results import tables
from sim.results.workbook import build


def names(p, lang: str) -> dict[str, str]:
    return {c.id: c.label(lang) for c in p.dataset.registry}


def xlsx(p, lang: str) -> bytes:
    """The results workbook (as ``tiersim run --out FILE.xlsx``)."""
    return build(tables.files(p), lang, names(p, lang))


def csv_zip(p, folder: str = "results") -> bytes:
    """Every CSV file and manifest.json (as ``tiersim run --out DIR``) in one zip, with fixed time stamps."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in sorted(tables.files(p).items()):
            info = zipfile.ZipInfo(f"{folder}/{name}", date_time=(2020, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, content)
    return out.getvalue()


def report(p, lang: str, other=None) -> dict[str, bytes]:
    """``report.html``, ``report.pdf`` and ``report.docx`` (one process: the server's workers stay free)."""
    from sim.present import report as report_mod

    return report_mod.files(p, lang, other, jobs=1)
