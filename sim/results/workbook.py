"""One Excel workbook of result tables: a sheet per table, headers in the chosen language, number formats,
frozen header rows (openpyxl).

The workbook is built from the same CSV bytes that ``--out DIR`` writes, so it holds exactly the
same tables and values. Per-county sheets get the county's name next to its code. The file is
byte-identical for the same tables: document properties carry a fixed date and the zip entries a
fixed time stamp.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import zipfile

import pandas as pd

FIXED_TIME = dt.datetime(2000, 1, 1)
"""Creation and modification date written into every workbook (so files do not differ by the clock)."""
FIXED_STAMP = FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ").encode()

SHEETS = {
    "trajectories": "GDP轨迹", "thresholds": "门槛", "membership": "在线上概率", "crossings": "跨越",
    "ranks": "全国排名", "tiers": "梯队", "targets": "规划目标", "lists": "榜单与门槛", "paths": "路径", "manifest": "元数据",
    "compare_crossings": "跨越对比", "compare_targets": "目标对比", "compare_gdp": "GDP对比", "sweep": "敏感性",
}
"""Sheet names in Chinese by file stem (English sheets are named by the stem)."""

COLUMNS = {
    "county_id": ("代码", "county code"), "name": ("县市", "county"), "name_zh": ("中文名", "name (zh)"),
    "name_pinyin": ("拼音", "name (pinyin)"), "tier": ("梯队", "tier"), "threshold": ("门槛", "threshold"),
    "year": ("年份", "year"), "gdp_p10": ("GDP P10（亿元）", "GDP p10 (亿元)"), "gdp_p50": ("GDP 中位数（亿元）", "GDP p50 (亿元)"),
    "gdp_p90": ("GDP P90（亿元）", "GDP p90 (亿元)"), "gdp_mean": ("GDP 均值（亿元）", "GDP mean (亿元)"),
    "p10": ("P10（亿元）", "p10 (亿元)"), "p50": ("中位数（亿元）", "p50 (亿元)"), "p90": ("P90（亿元）", "p90 (亿元)"),
    "probability": ("当年在线上概率", "P(at or above in year)"), "base_above": ("基年已在线上", "above in base year"),
    "p_by_horizon": ("预测期内曾达到概率", "P(crossed by horizon)"), "year_p10": ("首次达到 P10 年份", "first crossing p10"),
    "year_p50": ("首次达到中位年份", "first crossing p50"), "year_p90": ("首次达到 P90 年份", "first crossing p90"),
    "p_sustained": ("持续在线上概率", "P(sustained)"), "sustained_year_p50": ("持续达到中位年份", "sustained year p50"),
    "p_not_crossed": ("未达到概率", "P(not crossed)"), "rank_p10": ("排名 P10", "rank p10"),
    "rank_p50": ("排名中位数", "rank p50"), "rank_p90": ("排名 P90", "rank p90"),
    "members_mean": ("上榜县数均值", "members mean"), "members_p10": ("上榜县数 P10", "members p10"),
    "members_p90": ("上榜县数 P90", "members p90"), "target": ("规划目标", "plan target"),
    "value_p50": ("中位数", "p50"), "probability_met": ("达成概率", "P(met)"), "note": ("说明", "note"),
    "covers": ("覆盖单元", "covers"),
    "draw": ("模拟序号", "draw"), "gdp": ("GDP（亿元）", "GDP (亿元)"), "rank": ("排名", "rank"),
    "top100": ("百强", "top100"), "top50": ("五十强", "top50"), "measure": ("指标", "measure"),
    "p_list_top100": ("进入赛迪百强榜单概率", "P(on CCID Top-100 list)"),
    "p_gdp_top100": ("GDP≥百强门槛概率", "P(GDP >= Top-100 threshold)"),
    "a": ("A", "A"), "b": ("B", "B"), "b_minus_a": ("B − A", "B − A"), "key": ("项目", "key"), "value": ("值", "value"),
}
"""Column header (zh, en) by CSV column name; other columns keep their CSV name."""

_GDP = "#,##0.0"
_SHARE = "0.0%"
_WHOLE = "0"
FORMATS = {
    "gdp_p10": _GDP, "gdp_p50": _GDP, "gdp_p90": _GDP, "gdp_mean": _GDP, "p10": _GDP, "p50": _GDP, "p90": _GDP,
    "gdp": _GDP, "value_p50": _GDP, "members_mean": "0.00", "probability": _SHARE, "p_by_horizon": _SHARE,
    "p_sustained": _SHARE, "p_not_crossed": _SHARE, "p_list_top100": _SHARE, "p_gdp_top100": _SHARE, "probability_met": _SHARE, "year": _WHOLE, "year_p10": _WHOLE,
    "year_p50": _WHOLE, "year_p90": _WHOLE, "sustained_year_p50": _WHOLE, "rank_p10": _WHOLE, "rank_p50": _WHOLE,
    "rank_p90": _WHOLE, "rank": _WHOLE, "draw": _WHOLE,
}
"""Excel number format by CSV column name (GDP with a thousands separator, shares as percent)."""
TEXT_COLUMNS = {"county_id", "name_zh", "name_pinyin", "tier", "threshold", "target", "note", "covers", "measure", "base_above",
                "name", "error"}


def frame(content: bytes) -> pd.DataFrame:
    """A result CSV read back (county codes stay text)."""
    return pd.read_csv(io.BytesIO(content), dtype={c: str for c in TEXT_COLUMNS}, keep_default_na=True,
                       encoding="utf-8-sig")


def manifest_frame(content: bytes) -> pd.DataFrame:
    """``manifest.json`` as key/value rows (nested values as JSON text)."""
    data = json.loads(content)
    rows = [[k, v if isinstance(v, (str, int, float)) and not isinstance(v, bool) else json.dumps(v, ensure_ascii=False)]
            for k, v in data.items()]
    return pd.DataFrame(rows, columns=["key", "value"])


def build(files: dict[str, bytes], lang: str = "zh", names: dict[str, str] | None = None) -> bytes:
    """The workbook of ``files`` (CSV file name -> bytes, plus ``manifest.json``): one sheet per file.

    ``names``: county code -> display name, inserted as a ``name`` column after ``county_id``.
    Images and other files are skipped.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    book.remove(book.active)
    zh = lang == "zh"
    for file_name, content in files.items():
        stem, _, ext = file_name.rpartition(".")
        if ext == "csv":
            table = frame(content)
        elif file_name == "manifest.json":
            table = manifest_frame(content)
        else:
            continue
        if names is not None and "county_id" in table.columns and "name" not in table.columns:
            table.insert(list(table.columns).index("county_id") + 1, "name", table["county_id"].map(names))
        sheet = book.create_sheet(SHEETS.get(stem, stem)[:31] if zh else stem[:31])
        columns = list(table.columns)
        sheet.append([COLUMNS[c][0 if zh else 1] if c in COLUMNS else c for c in columns])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for values in table.itertuples(index=False):
            sheet.append([None if _missing(v) else _plain(v) for v in values])
        for j, column in enumerate(columns, start=1):
            fmt = FORMATS.get(column) or (_SHARE if column.startswith("p_by_") else None)
            letter = get_column_letter(j)
            if fmt:
                for (cell,) in sheet.iter_rows(min_row=2, min_col=j, max_col=j):
                    cell.number_format = fmt
            header = str(sheet.cell(row=1, column=j).value)
            sheet.column_dimensions[letter].width = max(10, min(40, 2 * len(header) + 2))
        sheet.freeze_panes = "A2"
    book.properties.created = book.properties.modified = FIXED_TIME
    book.properties.creator = "tiersim"
    raw = io.BytesIO()
    book.save(raw)
    return _fixed_zip(raw.getvalue())


def _missing(value) -> bool:
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _plain(value):
    """numpy scalars as Python numbers (openpyxl writes those)."""
    return value.item() if hasattr(value, "item") else value


def _fixed_zip(content: bytes) -> bytes:
    """The same zip with every entry's time stamp fixed, so equal workbooks are equal bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(content)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":  # openpyxl stamps the save time here
                content = re.sub(rb"(<dcterms:(created|modified)[^>]*>)[^<]*", rb"\g<1>" + FIXED_STAMP, content)
            target.writestr(fixed, content)
    return out.getvalue()


def write_file(out, content: bytes, force: bool = False) -> None:
    """Write one file atomically: a temporary file next to it, renamed into place; missing parent folders made."""
    from pathlib import Path

    from sim.errors import SimError

    out = Path(out)
    if out.exists() and not force:
        raise SimError(f"{out}: file exists; pass --force to replace it")
    if out.exists() and out.is_dir():
        raise SimError(f"{out}: is a folder; name a file ending in .xlsx")
    try:
        _write_file(out, content)
    except OSError as exc:
        raise SimError(f"{out}: cannot write: {exc.strerror or exc.__class__.__name__}; nothing was written") from None


def _write_file(out, content: bytes) -> None:
    import os
    import tempfile

    out.resolve().parent.mkdir(parents=True, exist_ok=True)
    handle, tmp = tempfile.mkstemp(prefix=f".{out.name}.tmp-{os.getpid()}-", dir=out.resolve().parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(content)
        mask = os.umask(0)
        os.umask(mask)
        os.chmod(tmp, 0o666 & ~mask)
        os.replace(tmp, out)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)
