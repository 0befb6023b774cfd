"""``tiersim calibrate`` and ``tiersim backtest``: parse, load, call :mod:`sim.fit` and :mod:`calibration`, print, write.

They join the ``tiersim`` command through the entry-point group ``tiersim.commands`` (``sim`` never imports
this package). Errors are :class:`sim.errors.SimError` subclasses; the root group prints them as one line.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import click
import pandas as pd

from sim import scenario as scenario_mod
from sim.cli.common import DRAWS, SEED, data_options, lang_option, load_dataset, scenario, sets_option
from sim.errors import SimError
from sim.fit import cache as fit_cache
from sim.present import terminal as text
from sim.results import write as output
from sim.results.manifest import package_version

from . import backtest as backtest_mod
from . import describe


def _pct(x: float) -> str:
    return "" if x != x else f"{x:.1%}"


def _fmt(value: float, kind: str) -> str:
    if kind in ("rate", "sd"):
        return f"{value * 100:.2f}%"
    return f"{value:.3f}"


def _fit_notice(lang: str):
    def notice(key: str) -> None:
        click.echo("正在拟合模型（约半分钟，结果会缓存）……" if lang == "zh" else
                   "fitting the model (about half a minute; the fit is cached) ...", err=True)
    return notice


@click.command()
@data_options
@click.option("--year", type=int, default=None, metavar="YEAR",
              help="Year of the county levels shown (default: 2020, or the as-of year if earlier).")
@click.option("--refit", is_flag=True, help="Fit again even if a cached or shipped fit of this data exists.")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None, metavar="DIR",
              help="Write parameters.csv, counties.csv and manifest.json into DIR (whole, or not at all).")
@click.option("--force", is_flag=True, help="Replace DIR if it exists.")
@lang_option
def calibrate(data_files, as_of, year, refit, out, force, lang):
    """Fit the county GDP model to the data up to the as-of year and print what it says.

    Prints the figures used, the sampler's diagnostics, every parameter with its 80% interval, and per
    county its level and trend growth with their intervals. The fit is what `tiersim run` projects from;
    it is cached (keyed by the data), so the next run adds no fit time.

    \b
    Examples:
      tiersim calibrate
      tiersim calibrate --as-of 2020 --lang en
      tiersim calibrate --data yearbook.csv --out results/fit --force
    """
    dataset = load_dataset(data_files, as_of)
    if out is not None:
        output.check_target(out, force)
    started = time.perf_counter()
    if refit:
        from sim.fit import design, estimate

        key = fit_cache.key(dataset)
        post = estimate.fit(design.build(dataset), info={"key": key, "data_sha256": dataset.sha256(), "as_of": dataset.as_of})
        post.save(fit_cache.user_folder() / f"{key}.npz")
    else:
        post = fit_cache.posterior(dataset, on_fit=_fit_notice(lang))
    seconds = time.perf_counter() - started
    year = year if year is not None else min(2020, post.last)
    if not post.first <= year <= post.last:
        raise SimError(f"--year: must be between {post.first} and {post.last} (the years the fit covers); got {year}")
    d = post.info.get("diagnostics", {})
    counts = dataset.status_counts()
    zh = lang == "zh"
    click.echo((f"拟合：{post.first}–{post.last}年，县市数据 {len(dataset.observations)} 条（" if zh else
                f"fit: {post.first}-{post.last}, {len(dataset.observations)} county figures (") +
               ", ".join(f"{k} {v}" for k, v in counts.items() if v) + ")" + ("）" if zh else ""))
    click.echo((f"抽样：{d.get('chains')} 条链 × {d.get('samples')} 次，R-hat 最大 {d.get('max_rhat')}，"
                f"有效样本最少 {d.get('min_ess')}，发散 {d.get('divergences')} 次；拟合用时 {d.get('seconds')} 秒，本次 {seconds:.1f} 秒"
                if zh else
                f"sampler: {d.get('chains')} chains x {d.get('samples')} draws, max R-hat {d.get('max_rhat')}, "
                f"min ESS {d.get('min_ess')}, divergences {d.get('divergences')}; fit took {d.get('seconds')} s, this command {seconds:.1f} s"))
    params = describe.parameters(post)
    header = ["参数", "含义", "中位数", "P10", "P90"] if zh else ["parameter", "meaning", "median", "p10", "p90"]
    click.echo("")
    click.echo(text.table(header, [[r.parameter, r.meaning, _fmt(r.p50, r.kind), _fmt(r.p10, r.kind), _fmt(r.p90, r.kind)]
                                   for r in params.itertuples()], right={2, 3, 4}))
    table = describe.counties(post, dataset, year)
    header = (["县市", "梯队", "数据年份", f"{year}年GDP", "P10–P90", "趋势增速", "P10–P90"] if zh else
              ["county", "tier", "years held", f"GDP {year}", "p10-p90", "trend growth", "p10-p90"])
    click.echo("")
    click.echo(text.table(header, [[r.name_zh if zh else r.name_pinyin, r.tier, r.years or "-", f"{r.gdp_p50:.1f}",
                                    f"{r.gdp_p10:.0f}–{r.gdp_p90:.0f}", _pct(r.trend_p50), f"{_pct(r.trend_p10)}–{_pct(r.trend_p90)}"]
                                   for r in table.itertuples()], right={3, 4, 5, 6}))
    if out is not None:
        manifest = {"tiersim": "calibrate", "version": package_version(), "data_sha256": dataset.sha256(),
                    "as_of": dataset.as_of, "posterior_key": post.info.get("key"), "posterior_sha256": post.sha256(),
                    "diagnostics": d, "year": year}
        files = {"parameters.csv": _csv(params), "counties.csv": _csv(table),
                 "manifest.json": (json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode()}
        output.write_folder(out, files, force=force)
        click.echo(f"{'已写入' if zh else 'wrote'} {out}: {' '.join(files)}")


def _csv(frame: pd.DataFrame) -> bytes:
    return frame.to_csv(index=False, lineterminator="\n", float_format="%.6f").encode("utf-8")


def _origins(value: str | None, dataset, horizon: int) -> list[int]:
    possible = backtest_mod.origins_possible(dataset, horizon)
    if value is None:
        return possible
    try:
        chosen = sorted({int(v) for v in value.split(",") if v.strip()})
    except ValueError:
        raise SimError(f"--origins: must be years separated by commas, e.g. 2018,2019; got {value!r}") from None
    bad = [y for y in chosen if y not in possible]
    if bad or not chosen:
        named = ", ".join(map(str, bad)) or repr(value)
        raise SimError(f"--origins: {named} cannot be scored (origins with later figures "
                       f"within {horizon} years: {', '.join(map(str, possible)) or 'none'})")
    return chosen


def summary_text(table: pd.DataFrame, lang: str) -> str:
    zh = lang == "zh"
    header = (["预测期", "点数", "50%区间覆盖", "80%区间覆盖（80%置信区间）", "CRPS/实际", "偏差", "APE中位数", "百强Brier", "持续法Brier", "技能分"]
              if zh else ["horizon", "points", "inside 50% band", "inside 80% band (80% interval)", "CRPS/figure", "bias",
                          "median APE", "Brier top100", "persistence", "skill"])
    rows = []
    for r in table.itertuples():
        n = r.points
        name = {"all": "全部", "with figures": "有数据的县", "imputed": "插补的县"}.get(r.horizon, str(r.horizon)) if zh else str(r.horizon)
        rows.append([name, str(n),
                     f"{_pct(r.cover_50)}" if n else "",
                     f"{_pct(r.cover_80)} ({_pct(r.cover_80_low)}–{_pct(r.cover_80_high)})" if n else "",
                     _pct(r.crps_rel), f"{r.bias * 100:+.1f}%" if n else "", _pct(r.median_ape),
                     f"{r.brier:.3f} (n={r.membership_n})" if r.membership_n else "",
                     f"{r.brier_persistence:.3f}" if r.membership_n else "",
                     "" if r.brier_skill != r.brier_skill else f"{r.brier_skill:+.2f}"])
    return text.table(header, rows, right={1, 2, 4, 5, 6})


def list_text(table: pd.DataFrame, lang: str) -> str:
    """The list membership model's Brier scores next to GDP crossing and persistence (a different question)."""
    zh = lang == "zh"
    header = (["预测期", "县·届次", "榜单模型Brier", "GDP门槛Brier", "持续法Brier", "榜单模型技能分"] if zh else
              ["horizon", "county-editions", "Brier list model", "Brier GDP threshold", "persistence", "list skill"])
    rows = [[str(r.horizon), str(r.n), f"{r.brier_list:.3f}", f"{r.brier_gdp:.3f}", f"{r.brier_persistence:.3f}",
             f"{r.skill_list:+.2f}"] for r in table.itertuples() if r.n]
    title = ("进入赛迪百强榜单（榜单模型，截至各起点拟合）与GDP达到百强门槛是两个问题：" if zh else
             "On CCID's Top-100 list (the list model, fitted as of each origin) is a different question from GDP above the threshold:")
    return title + "\n" + text.table(header, rows, right={1, 2, 3, 4, 5})


def threshold_notes(bt: backtest_mod.Backtest, lang: str) -> list[str]:
    """One line per origin whose national thresholds could not be built from the data as of that origin alone."""
    zh = lang == "zh"
    out = []
    for origin, note in bt.thresholds.items():
        if note is None:
            out.append(f"{origin}年：截至该年无全国县域GDP计数，百强门槛不可测，该起点不评分入榜概率" if zh else
                       f"{origin}: no national county counts held as of that year: Top-100 membership not measurable there, not scored")
        elif note:
            out.append(f"{origin}年：截至该年的全国计数不足以拟合尾部，尾部指数和门槛增速取自全部数据（仅影响入榜评分）" if zh else
                       f"{origin}: the national counts held then cannot fit the tail: {note} (affects membership scores only)")
    return out


@click.command()
@click.option("--origins", "origins_text", default=None, metavar="Y1,Y2,...",
              help="Origin years (default: every origin with later figures to score, 2016-2021 on the shipped data).")
@click.option("--horizon", type=click.IntRange(1, 10), default=backtest_mod.HORIZON, show_default=True,
              help="Years projected from each origin.")
@data_options
@scenario(alias=True)
@sets_option
@click.option("--draws", type=DRAWS, default=1000, show_default=True, help="Monte Carlo draws per origin (1 to 100,000,000).")
@click.option("--seed", type=SEED, default=2021, show_default=True, help="Random seed.")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None, metavar="DIR",
              help="Write backtest.csv, membership.csv, summary.csv, pit.png and manifest.json into DIR.")
@click.option("--force", is_flag=True, help="Replace DIR if it exists.")
@lang_option
def backtest(origins_text, horizon, data_files, as_of, scenario, sets, draws, seed, out, force, lang):
    """Fit as of each origin year, project, and score against the county figures published later.

    Scores: coverage of the 50% and 80% bands (with 80% Wilson intervals), CRPS relative to the figure,
    bias and APE of the median, and for Top-100 membership the Brier score next to persistence ("a
    member stays a member") and the Brier skill score. --out adds the PIT histogram.

    \b
    Examples:
      tiersim backtest
      tiersim backtest --origins 2019,2020 --horizon 3 --lang en
      tiersim backtest --out results/backtest --force
    """
    if as_of is not None:
        raise SimError("--as-of: a backtest cuts the data at each origin itself; give --origins instead")
    dataset = load_dataset(data_files, None)
    chosen = scenario_mod.load(scenario, dataset.registry, sets)
    if chosen.model != "fitted":
        raise SimError(f"{chosen.name}: a backtest scores the fitted model; this scenario says model: {chosen.model}")
    if out is not None:
        output.check_target(out, force)
    origins = _origins(origins_text, dataset, horizon)
    from sim.data import limits

    limits.check_run_size(draws, len(dataset.registry), horizon + 1, "--draws", runs=len(origins))
    bt = backtest_mod.run(dataset, chosen, origins, horizon=horizon, draws=draws, seed=seed, on_fit=_fit_notice(lang))
    table = backtest_mod.summary(bt)
    click.echo(summary_text(table, lang))
    for line in threshold_notes(bt, lang):
        click.echo(line)
    listed = backtest_mod.list_scores(bt)
    if len(listed) and listed["n"].iloc[-1]:
        click.echo(list_text(listed, lang))
    if out is not None:
        from sim.present.plots import pit_histogram, to_bytes

        manifest = {"tiersim": "backtest", "version": package_version(), "data_sha256": dataset.sha256(),
                    "scenario": chosen.to_dict(), "origins": origins, "horizon": horizon, "draws": draws, "seed": seed}
        files = {"backtest.csv": _csv(bt.points), "membership.csv": _csv(bt.membership), "summary.csv": _csv(table),
                 "pit.png": to_bytes(pit_histogram(bt.points["pit"].to_numpy(), lang=lang)),
                 "manifest.json": (json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode()}
        output.write_folder(out, files, force=force)
        click.echo(f"{'已写入' if lang == 'zh' else 'wrote'} {out}: {' '.join(files)}")
