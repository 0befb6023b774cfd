"""``tiersim calibrate`` and ``tiersim backtest``: parse, load, call :mod:`calibration`, print, write.

They join the ``tiersim`` command through the entry-point group ``tiersim.commands``
(``sim`` never imports this package). Errors are :class:`sim.errors.SimError` subclasses;
the root group prints them as one line.
"""

from __future__ import annotations

import json
import math
import os
import tempfile
from pathlib import Path

import click
import pandas as pd
import yaml

from sim.results import write as output
from sim.present import terminal as text
from sim import scenario as scenario_mod
from sim.data import seeds as seeds_mod
from sim.cli.common import DRAWS, data_options, lang_option, load_dataset, scenario, scenario_options
from sim.data import best_observations
from sim.errors import CalibrationError, SimError
from sim.results.manifest import package_version

from . import backtest as backtest_mod
from . import pandemic, pooling, seeding
from .fit import WINDOW, Calibration, Options
from .fit import calibrate as run_calibration
from .scenario_writer import provenance, to_yaml


# -s/--scenario: the scenario for what the data cannot give (thresholds, tier and comparator volatility,
# persistence, horizon); --set overrides it. The old --base is a hidden alias for one release.
_base_option = scenario(dest="base_name", alias=True)


def _model_options(f):
    f = click.option("--window", type=click.IntRange(2, 30), default=WINDOW, show_default=True, metavar="YEARS",
                     help="Trend window: the last YEARS years with macro figures (up to the as-of year) set the trend means.")(f)
    f = click.option("--pandemic", type=click.Choice(pandemic.TREATMENTS), default="shock", show_default=True,
                     help="Treatment of 2020-2021: own means (shock), left out (exclude), ordinary years (keep).")(f)
    f = click.option("--method", type=click.Choice(pooling.METHODS), default="eb", show_default=True,
                     help="County growth: empirical Bayes partial pooling (eb), complete pooling, or none.")(f)
    return f


def _pct(x: float) -> str:
    return "" if x != x else f"{x:.1%}"


def _pts(x: float) -> str:
    return "" if x != x else f"{x * 100:+.1f}"


def write_file(path: Path, content: str, force: bool) -> None:
    """Write ``content`` to ``path`` all at once (a temporary file moved into place); refuse to replace without ``force``."""
    if path.exists() and not force:
        raise SimError(f"{path}: file exists; pass --force to replace it")
    if path.exists() and path.is_dir():
        raise SimError(f"{path}: is a folder; give a file name")
    if not path.resolve().parent.is_dir():
        raise SimError(f"{path}: parent folder {path.resolve().parent} does not exist")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.tmp-", dir=path.resolve().parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            f.write(content)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)


def _command(name: str, args: list[str]) -> str:
    return " ".join(["tiersim", name, *args])


def county_table(cal: Calibration, lang: str) -> str:
    """Per county: rows, own and pooled gap to Hubei, weight, growth written, seed in the base year."""
    registry = cal.dataset.registry
    best = best_observations(cal.dataset.observations)
    have = set(best.loc[best["year"] == cal.base_year, "county_id"])
    missing = [c for c in registry.ids if c not in have]
    ours = seeding.seeds(cal, best, cal.base_year, missing).set_index("county_id")
    plain = seeds_mod.resolve(cal.dataset, cal.base_year).set_index("county_id")
    rows = []
    for r in cal.pooled.counties.itertuples():
        county = registry[r.county_id]
        growth, growth_sd = cal.county_growth(r.county_id)
        if r.county_id in have:
            seed = f"{plain.loc[r.county_id, 'gdp_yi']:.1f} ({plain.loc[r.county_id, 'status']})"
            nearest = ""
        else:
            seed = f"{ours.loc[r.county_id, 'gdp_yi']:.1f} ± {ours.loc[r.county_id, 'gdp_se']:.1f}" if r.county_id in ours.index else "no data"
            value = plain.loc[r.county_id, "gdp_yi"]
            nearest = "" if value is None or value != value else f"{value:.1f}"
        own = "" if r.rows == 0 else f"{_pts(r.own)} ± {r.own_se * 100:.1f}"
        rows.append([text.tier_label(r.tier, lang), county.label(lang), r.county_id, str(r.rows), own,
                     f"{_pts(r.mean)} ± {r.sd * 100:.1f}", "" if r.rows == 0 else f"{r.weight:.2f}",
                     f"{math.expm1(growth):.2%} ± {growth_sd * 100:.1f}", seed, nearest])
    header = ["tier", "county", "code", "rows", "own gap (pts)", "pooled gap (pts)", "weight", "trend growth",
              f"seed {cal.base_year} (carry-calibrated)", "carry-nearest"]
    return text.table(header, rows, right={3, 4, 5, 6, 7, 8, 9})


def report(cal: Calibration, command: str, lang: str) -> str:
    """What ``tiersim calibrate`` prints."""
    lines = [f"tiersim {package_version()} calibrate: as of {cal.as_of}, base year {cal.base_year}, horizon {cal.horizon}"]
    lines += provenance(cal, command)[2:-1]
    lines += ["", "County trend growth (real, per year) = Hubei trend + pooled gap to Hubei; weight = weight on the county's own estimate:",
              county_table(cal, lang),
              "seed ± s.e.: carry-calibrated (every figure of the county, calibrated Hubei growth and deflator); "
              "carry-nearest: what `tiersim run` uses today."]
    return "\n".join(lines)


@click.command()
@data_options
@_base_option
@scenario_options
@_model_options
@click.option("--base-year", type=int, default=None, help="Base year of the scenario written (default: the base scenario's, at most the as-of year).")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None, metavar="FILE",
              help="Write the calibrated scenario (YAML) to FILE.")
@click.option("--force", is_flag=True, help="Replace FILE if it exists.")
@lang_option
def calibrate(data_files, as_of, base_name, sets, method, pandemic, window, base_year, out, force, lang):
    """Estimate trend growth, the deflator and volatilities from the data as of a year; write a scenario.

    \b
    Examples:
      tiersim calibrate --as-of 2020
      tiersim calibrate --as-of 2024 --out scenarios/calibrated.yaml --force
      tiersim calibrate --data yearbook.csv --method pooled --pandemic exclude --out mine.yaml
    """
    if out is not None and out.exists() and not force:
        raise SimError(f"{out}: file exists; pass --force to replace it")
    dataset = load_dataset(data_files, as_of)
    base = scenario_mod.load(base_name, dataset.registry, sets)
    cal = run_calibration(dataset, base, Options(as_of=as_of, method=method, pandemic=pandemic, window=window, base_year=base_year))
    args = [f"--data {f}" for f in data_files] + [f"--as-of {cal.as_of}"]
    args += [f"--base {base_name}"] if base_name != "baseline" else []
    args += [f"--set {s}" for s in sets]
    args += [f"--method {method}"] if method != "eb" else []
    args += [f"--pandemic {pandemic}"] if pandemic != "shock" else []
    args += [f"--window {window}"] if window != WINDOW else []
    args += [f"--base-year {base_year}"] if base_year is not None else []
    command = _command("calibrate", args + ([f"--out {out}", "--force"] if out is not None else []))
    click.echo(report(cal, command, lang))
    if out is None:
        click.echo("no file written (pass --out FILE to write the scenario)")
        return
    content = to_yaml(cal, command, name=out.stem if out.suffix == ".yaml" else "calibrated")
    loaded = scenario_mod.build(yaml.safe_load(content), dataset.registry)  # what `tiersim run FILE` will read
    write_file(out, content, force)
    click.echo(f"wrote {out}: scenario {loaded.name} ({loaded.sha256()[:12]}); run it with: tiersim run {out}")


def _origins(text_value: str | None, dataset, horizon: int) -> list[int]:
    if text_value is None:
        return backtest_mod.possible_origins(dataset, horizon)
    try:
        years = sorted({int(part) for part in text_value.split(",") if part.strip()})
    except ValueError:
        raise CalibrationError(f"--origins: must be years separated by commas, e.g. 2018,2019,2020; got {text_value!r}") from None
    if not years:
        raise CalibrationError(f"--origins: no year given; got {text_value!r}")
    return years


def summary_text(bt: backtest_mod.Backtest, lang: str = "en") -> str:
    """The tables ``tiersim backtest`` prints (headings in ``lang``)."""
    zh = lang == "zh"
    def rows(frame: pd.DataFrame, keys: list[str]) -> list[list[str]]:
        out = []
        for r in frame.itertuples():
            cov = "" if r.points == 0 else f"{r.inside_80}/{r.points} = {r.coverage:.0%} ({r.coverage_low:.0%}–{r.coverage_high:.0%})"
            wide = "" if r.points == 0 else f"{r.inside_80_wide}/{r.points} = {r.coverage_wide:.0%}"
            brier = "" if r.brier_events == 0 else f"{r.brier:.3f} (n={r.brier_events}, base rate {r.base_rate:.0%})"
            out.append([*(str(getattr(r, k)) for k in keys), str(r.points), _pct(r.mape), _pct(r.median_ape),
                        "" if r.bias != r.bias else f"{r.bias:+.1%}", cov, wide, brier])
        return out

    header = (["点数", "MAPE", "APE中位数", "偏差", "落入80%区间（80%置信区间）", "加宽区间", "Brier 百强"] if zh else
              ["points", "MAPE", "median APE", "bias", "inside 80% band (80% interval)", "widened band", "Brier top100"])
    parts = ["按起点和预测年数：" if zh else "By origin and horizon (years after the origin):",
             text.table((["起点", "预测年数"] if zh else ["origin", "horizon"]) + header, rows(backtest_mod.summary(bt, ("origin", "horizon")), ["origin", "horizon"]),
                        right={2, 3, 4, 5})]
    parts += ["", "按预测年数：" if zh else "By horizon:", text.table(["预测年数" if zh else "horizon"] + header, rows(backtest_mod.summary(bt, ("horizon",)), ["horizon"]), right={1, 2, 3, 4})]
    parts += ["", "全部：" if zh else "All:", text.table(["组" if zh else "group"] + header, rows(backtest_mod.summary(bt, ()), ["group"]), right={1, 2, 3, 4})]
    if len(bt.points):
        by_county = bt.points.groupby("name_zh", sort=False).agg(points=("ape", "size"), mape=("ape", "mean"),
                                                                   inside=("inside_80", "sum")).reset_index()
        parts += ["", "按县市（所有起点和预测年数的APE）：" if zh else "By county (APE over all origins and horizons):",
                  text.table(["县市", "点数", "MAPE", "落入80%区间"] if zh else ["county", "points", "MAPE", "inside 80% band"],
                             [[r.name_zh, str(r.points), _pct(r.mape), f"{int(r.inside)}/{r.points}"] for r in by_county.itertuples()],
                             right={1, 2, 3})]
    return "\n".join(parts)


NOTES = [
    "How much to trust these scores: every score rests on the number of points shown; points of one origin share the "
    "province's shocks (and origins overlap), so they are not independent, and a handful of points cannot tell a "
    "good model from a lucky one.",
    "Outcomes are official or secondary county figures after the origin (forecasts are not outcomes); secondary figures "
    "have errors of their own.",
    "The engine draws yearly shocks only: the 80% band leaves out the seed's error and the estimated trend's error. "
    "'widened band' adds both analytically (log-normal), to show what drawing them would give.",
    "Values a calibration cannot estimate come from the base scenario, some of whose values (e.g. uncertainty.national "
    "0.014) were chosen with data up to 2024: not fully out of sample.",
    "Brier: probability of being at or above the Top-100 GDP threshold vs membership of CCID's Top-100 list (a composite "
    "score with a GDP gate), only where the thresholds can be built from national facts as of the origin.",
]


NOTES_ZH = [
    "这些分数可信到什么程度：每个分数只基于所示的点数；同一起点的各点共享全省冲击（起点之间也有重叠），并不独立，"
    "少数几个点无法区分好模型和运气好的模型。",
    "结果值为起点之后的官方或二手县市数据（预计数不算结果）；二手数据本身也有误差。",
    "引擎只抽取逐年冲击：80%区间不含基数误差和估计趋势的误差。“加宽区间”以解析方式（对数正态）加入两者，显示抽取它们的效果。",
    "校准无法估计的值来自基准情景，其中一些（如 uncertainty.national 0.014）是用截至2024年的数据选定的：并非完全样本外。",
    "Brier：在百强GDP门槛及以上的概率对比赛迪百强榜单成员（综合评分并设GDP门槛），仅限能用起点时全国事实构建门槛的情形。",
]


@click.command()
@click.option("--origins", "origins_text", default=None, metavar="Y1,Y2,...",
              help="Origin years (default: every year with a Hubei growth figure up to it and a county figure after it).")
@click.option("--horizon", type=click.IntRange(1, 30), default=5, show_default=True, help="Years projected from each origin.")
@data_options
@_base_option
@scenario_options
@_model_options
@click.option("--seed-method", type=click.Choice(backtest_mod.SEED_METHODS), default="carry-calibrated", show_default=True,
              help="Seeds for counties without a figure in the origin year.")
@click.option("--tail-index", type=click.FloatRange(0.5, 10.0), default=backtest_mod.TAIL_INDEX, show_default=True,
              help="Pareto tail index where the national facts as of an origin cannot fit it.")
@click.option("--draws", type=DRAWS, default=1000, show_default=True, help="Monte Carlo draws per origin (1 to 100,000,000).")
@click.option("--seed", type=click.IntRange(0, 2**63 - 1), default=2021, show_default=True, help="Random seed.")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None, metavar="DIR",
              help="Write backtest.csv, membership.csv, summary.csv and manifest.json into DIR.")
@click.option("--force", is_flag=True, help="Replace DIR if it exists.")
@lang_option
def backtest(origins_text, horizon, data_files, as_of, base_name, sets, method, pandemic, window, seed_method, tail_index,
             draws, seed, out, force, lang):
    """Calibrate as of each origin, project, and score against the figures that came after.

    \b
    Examples:
      tiersim backtest
      tiersim backtest --origins 2018,2019,2020 --horizon 3 --out results/backtest
      tiersim backtest --data yearbook.csv --method pooled --seed-method carry-nearest
    """
    if out is not None:
        output.check_target(out, force)
    dataset = load_dataset(data_files, as_of)
    base = scenario_mod.load(base_name, dataset.registry, sets)
    origins = _origins(origins_text, dataset, horizon)
    options = Options(method=method, pandemic=pandemic, window=window)
    bt = backtest_mod.run(dataset, base, origins, horizon, options, draws=draws, seed=seed, tail_index=tail_index, seed_method=seed_method)
    click.echo(f"tiersim {package_version()} backtest: origins {', '.join(map(str, origins))}; horizon {horizon}; "
               f"method {method}; 2020 {pandemic}; trend window {window}; seeds {seed_method}; {draws} draws, seed {seed}; "
               f"data sha256 {dataset.sha256()[:12]} ({', '.join(('sim/data',) + dataset.user_files)})")
    for o in bt.origins:
        used = ", ".join(f"{k} {v}" for k, v in o.used.items())
        short = sorted({line.split(":", 1)[0].split(" (", 1)[0] for line in o.not_estimated})
        years = sum(o.used.values())
        click.echo(f"  origin {o.year}: calibrated on {years} county-year{'' if years == 1 else 's'} ({used}); {o.projected} counties projected "
                   f"(seeds: {', '.join(f'{k} {v}' for k, v in o.seeds.items())}); thresholds {o.thresholds}")
        click.echo(f"    not estimated: {'; '.join(short)}")
    click.echo("")
    click.echo(summary_text(bt, lang))
    click.echo("")
    for note in (NOTES_ZH if lang == "zh" else NOTES):
        click.echo(f"- {note}")
    if out is not None:
        def csv(frame: pd.DataFrame) -> bytes:
            return frame.to_csv(index=False, lineterminator="\n", float_format="%.4f").encode("utf-8")

        manifest = {"tiersim": "backtest", "version": package_version(), "origins": origins, "horizon": horizon,
                    "method": method, "pandemic": pandemic, "window": window, "seed_method": seed_method,
                    "tail_index": tail_index, "draws": draws, "seed": seed, "base": base.to_dict(),
                    "data_sha256": dataset.sha256(), "data_files": ["sim/data (shipped)", *dataset.user_files],
                    "as_of": dataset.as_of,
                    "origins_detail": [{"origin": o.year, "used": o.used, "not_estimated": list(o.not_estimated),
                                        "thresholds": o.thresholds, "brier_scored": o.brier_scored, "seeds": o.seeds}
                                       for o in bt.origins],
                    "notes": NOTES}
        files = {"backtest.csv": csv(bt.points), "membership.csv": csv(bt.events),
                 "summary.csv": csv(backtest_mod.summary(bt)),
                 "manifest.json": (json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")}
        output.write_folder(out, files, force=force)
        click.echo(f"wrote {out}/: {' '.join(files)}")
