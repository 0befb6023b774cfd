"""Where ``--out`` and ``--format`` put result files: a folder of UTF-8 CSVs, or an Excel workbook.

- ``--out DIR``: the CSV files and ``manifest.json`` (and any chart) in DIR, written all at once.
- ``--out FILE.xlsx`` (or ``--format xlsx`` with a name ending in .xlsx): one workbook, a sheet per
  table plus a ``manifest`` sheet.
- ``--out DIR --format xlsx``: DIR holds ``results.xlsx``, ``manifest.json`` and any chart.

Missing parent folders are created in every case.
"""

from __future__ import annotations

from pathlib import Path

from sim.errors import SimError


def kind(out: Path | None, fmt: str | None) -> str:
    """``csv``, ``xlsx-file`` or ``xlsx-folder`` for an ``--out`` and ``--format``."""
    if out is None:
        return "none"
    is_xlsx = Path(out).suffix.lower() == ".xlsx"
    if fmt == "csv" and is_xlsx:
        raise SimError(f"--out {out}: --format csv writes a folder; name it without .xlsx, or use --format xlsx")
    if is_xlsx:
        return "xlsx-file"
    return "xlsx-folder" if fmt == "xlsx" else "csv"


def check(out: Path | None, fmt: str | None, force: bool) -> None:
    """Fail before any work if the output cannot be written."""
    from sim.results import write as output

    how = kind(out, fmt)
    if how == "none":
        return
    if how == "xlsx-file":
        out = Path(out)
        if out.exists() and not force:
            raise SimError(f"{out}: file exists; pass --force to replace it")
        if out.is_dir():
            raise SimError(f"{out}: is a folder; name a file ending in .xlsx")
        ancestor = out.resolve().parent
        while not ancestor.exists():
            ancestor = ancestor.parent
        if not ancestor.is_dir():
            raise SimError(f"{out}: cannot make the folder: {ancestor} is a file")
        output.probe(out, ancestor)
        return
    output.check_target(Path(out), force)


def write(out: Path, files: dict[str, bytes], fmt: str | None, force: bool, lang: str,
          names: dict[str, str] | None = None) -> list[str]:
    """Write ``files`` as ``--out``/``--format`` ask; returns the names written (for the closing line)."""
    from sim.results import workbook
    from sim.results import write as output

    how = kind(out, fmt)
    if how == "xlsx-file":
        workbook.write_file(out, workbook.build(files, lang, names), force=force)
        return [Path(out).name]
    if how == "xlsx-folder":
        tables = {k: v for k, v in files.items() if k.endswith(".csv") or k == "manifest.json"}
        rest = {k: v for k, v in files.items() if k not in tables or k == "manifest.json"}
        files = {"results.xlsx": workbook.build(tables, lang, names), **rest}
    output.write_folder(Path(out), files, force=force)
    return list(files)
