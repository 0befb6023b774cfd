"""``tiersim data``, ``validate`` and ``thresholds``: look at the inputs without running."""

from __future__ import annotations

from pathlib import Path

import click

from .common import (data_options, force_option, impute_options, lang_option, load_dataset, scenario,
                     sets_option, wide_option)

EXPORT_COLUMNS = ["county", "year", "gdp_yi", "real_growth", "status", "confidence", "source", "name_zh"]
"""Columns of ``tiersim data --export``: the ``--data`` format (README)."""


@click.command()
@data_options
@click.option("--base-year", type=click.IntRange(1990, 2100), default=2020, show_default=True,
              help="Year the seeds are for.")
@click.option("--model", type=click.Choice(["auto", "fitted", "assumed"]), default="auto", show_default=True,
              help="Seeds of the fitted model (as `tiersim run` uses by default: posterior medians with P10-P90; "
                   "counties without figures imputed; fits the data first if needed, about a minute) or of an "
                   "assumed-model scenario (figures carried with Hubei's growth). auto: the fitted seeds when this "
                   "data has been fitted (shipped data, or after a run or `tiersim calibrate`), else the assumed ones "
                   "with a note.")
@impute_options
@click.option("--export", "export", type=click.Path(dir_okay=False, path_type=Path), default=None, metavar="FILE",
              help="Write the figures in use (shipped plus --data, cut at --as-of; the best figure per county and "
                   "year) as a CSV in the --data format, to edit and load back with --data FILE.")
@force_option
@lang_option
def data(data_files, as_of, base_year, model, impute, export, force, lang):
    """Per county: the years held, the base-year seed, its status and how it was obtained.

    \b
    Examples:
      tiersim data
      tiersim data --data yearbook.csv --base-year 2021 --lang en
      tiersim data --export yearbook.csv
      tiersim data --model assumed --impute tier-median
      tiersim data --no-impute
    """
    from sim.data import seeds as seeds_mod
    from sim.errors import SimError
    from sim.present import terminal as text

    dataset = load_dataset(data_files, as_of)
    if export is not None:
        _export(dataset, export, force)
        click.echo(f"已写入 {export}：{len(dataset.observations)} 行数据中每个县市每年最优的一条（--data 格式）" if lang == "zh"
                   else f"wrote {export}: the best figure per county and year, in the --data format")
        return
    note = ""
    if model == "auto":
        from sim.fit import cache

        model = "fitted" if cache.find(cache.key(dataset)) is not None else "assumed"
        if model == "assumed":
            note = ("注：这组数据尚未拟合，以下为假定模型的基数（按全省增速推算）；`tiersim calibrate` 加同样的 --data 可拟合"
                    "（约一分钟），之后本命令显示拟合模型的基数（`tiersim run` 默认使用）。" if lang == "zh" else
                    "note: this data has not been fitted yet, so these are the assumed model's seeds (figures carried "
                    "with Hubei's growth); `tiersim calibrate` with the same --data fits it (about a minute), and then "
                    "this command shows the fitted seeds that `tiersim run` uses by default.")
    if model == "fitted":
        if impute not in (None, "none"):
            raise SimError(f"--impute {impute}: only with --model assumed (the fitted model imputes every county "
                           "without figures, marked imputed)")
        from sim.fit import cache
        from sim.run import fitted

        from .words import fit_notice

        posterior = cache.posterior(dataset, on_fit=fit_notice(lang, False))
        seed_table = fitted.seed_table(posterior, dataset, base_year, impute=impute != "none").set_index("county_id")
    else:
        seed_table = seeds_mod.resolve(dataset, base_year, impute=impute).set_index("county_id")
    obs = dataset.observations
    rows = []
    for county in dataset.registry:
        held = obs[obs["county_id"] == county.id]["year"].value_counts().sort_index()
        years = ", ".join(f"{y}" + (f"({n})" if n > 1 else "") for y, n in held.items()) or "-"
        seed = seed_table.loc[county.id]
        rows.append([text.tier_label(county.tier, lang), county.label(lang), county.id, years,
                     "" if seed["gdp_yi"] is None or seed["gdp_yi"] != seed["gdp_yi"] else f"{seed['gdp_yi']:.1f}",
                     text.status_label(seed["status"], lang), text.how_label(seed, lang)])
    labels = text.LABELS[lang]
    click.echo(text.table([labels["tier"], labels["county"], labels["code"], labels["years"],
                           labels["seed"].format(year=base_year), labels["status"], labels["how"]], rows, right={4}))
    if note:
        click.echo(note)
    click.echo("")
    click.echo(text.seed_summary(seeds_mod.counts(seed_table.reset_index()), lang))
    status = dataset.status_counts()
    files = "sim/data" + "".join(", " + f for f in dataset.user_files)
    if lang == "zh":
        counted = "，".join(f"{text.STATUS_ZH[k]} {v}" for k, v in status.items())
        click.echo(f"数据：{len(obs)} 行（{counted}）；截至 {dataset.as_of or '全部数据'}；数据 sha256 {dataset.sha256()[:12]}；"
                   f"文件：{files}")
        click.echo("年份后的 (n)：该年有 n 个数值（取最优者；见 README）。")
        return
    click.echo(f"observations: {len(obs)} rows ({', '.join(f'{k} {v}' for k, v in status.items())}); "
               f"as of {dataset.as_of or 'all data'}; data sha256 {dataset.sha256()[:12]}; files: {files}")
    click.echo("(n) after a year: n figures held for that year (the best is used; see README).")


def _export(dataset, path: Path, force: bool) -> None:
    """The best figure per county and year as a ``--data`` CSV (UTF-8), written atomically."""
    import csv
    import io

    from sim.data import best_observations
    from sim.errors import SimError
    from sim.results.workbook import write_file

    if path.suffix.lower() != ".csv":
        raise SimError(f"--export {path}: name a .csv file (the --data format)")
    best = best_observations(dataset.observations).sort_values(["county_id", "year"], kind="stable")
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(EXPORT_COLUMNS)
    for row in best.itertuples(index=False):
        growth = "" if row.real_growth != row.real_growth or row.real_growth is None else f"{row.real_growth:.6g}"
        writer.writerow([row.county_id, row.year, f"{row.gdp_yi:.6g}", growth, row.status, row.confidence, row.source,
                         dataset.registry[row.county_id].name_zh])
    write_file(path, buffer.getvalue().encode("utf-8"), force=force)


@click.command()
@scenario(positional=True)
@sets_option
@data_options
@impute_options
@click.option("--show", is_flag=True,
              help="Also print the resolved real growth, shocks, deflator and events per county and year.")
@wide_option
@lang_option
def validate(scenario, sets, data_files, as_of, impute, show, wide, lang):
    """Check a scenario file (and its extends chain and --set overrides) without running it.

    \b
    Examples:
      tiersim validate scenarios/high.yaml --set horizon=2040
      tiersim validate my_scenario.yaml --show --lang en
      tiersim validate -s high --show --wide
      tiersim validate my_scenario.yaml --no-impute
    """
    from sim import scenario as scenario_mod
    from sim.data.tables import load_registry
    from sim.run import coverage

    # without --data or --as-of only the county registry is needed (not every shipped table)
    dataset = load_dataset(data_files, as_of) if data_files or as_of is not None else None
    registry = dataset.registry if dataset is not None else load_registry()
    chosen = scenario_mod.load(scenario, registry, sets)
    if any(coverage.named_counties(e) for e in chosen.events):
        # an event naming a county: check that the run would project it (this needs the data)
        dataset = dataset if dataset is not None else load_dataset((), None)
        cut, _ = chosen.cut(dataset.as_of)
        coverage.check_events(cut, dataset, coverage.left_out(cut, dataset, impute))
    if lang == "zh":
        click.echo(f"{scenario}：通过：情景 {chosen.name}，基年 {chosen.base_year}，预测至 {chosen.horizon}，"
                   f"{len(chosen.events)} 个事件，sha256 {chosen.sha256()[:12]}")
    else:
        click.echo(f"{scenario}: ok: scenario {chosen.name}, base year {chosen.base_year}, horizon {chosen.horizon}, "
                   f"{len(chosen.events)} event(s), sha256 {chosen.sha256()[:12]}")
    if show:
        from .show import resolved_tables

        click.echo(resolved_tables(chosen, registry, lang, wide))


@click.command(name="thresholds")
@scenario(positional=True)
@sets_option
@data_options
@lang_option
def thresholds_cmd(scenario, sets, data_files, as_of, lang):
    """Show the fitted national tail and the Top-100 / Top-50 GDP threshold path.

    \b
    Examples:
      tiersim thresholds
      tiersim thresholds --as-of 2022 --lang en
      tiersim thresholds -s high
    """
    from sim import scenario as scenario_mod
    from sim.model import thresholds
    from sim.present import terminal as text

    dataset = load_dataset(data_files, as_of)
    chosen = scenario_mod.load(scenario, dataset.registry, sets)
    fit = thresholds.fit_tail(dataset.national_tail, chosen.thresholds.tail_index)
    growth = chosen.thresholds.growth
    rate = fit.trend() if growth is None else growth
    paths = thresholds.threshold_paths(fit, chosen.years, growth)
    import numpy as np

    tail = fit.draw(2000, np.random.default_rng(thresholds.TAIL_SEED), growth)
    zh = lang == "zh"
    a10, a90 = np.percentile(tail.alpha, [10, 90])
    g10, g50, g90 = np.expm1(np.percentile(tail.slope, [10, 50, 90]))
    if zh:
        click.echo(f"帕累托尾部：N(>=x) = exp(a_t) x^-alpha；alpha = {fit.alpha:.3f}（{'拟合' if fit.alpha_fitted else '情景给定'}；"
                   f"80% 区间 {a10:.2f}-{a90:.2f}），{fit.points} 个事实，ln N 均方根误差 {fit.rmse:.3f}，"
                   f"参数不确定性所用残差标准差 {fit.sigma:.3f}")
        click.echo(f"{max(fit.scale)} 年后门槛增速：{rate:.2%}/年（{'隐含门槛的趋势' if growth is None else '情景给定'}；"
                   f"逐次抽取的 80% 区间 {g10:.2%}-{g90:.2%}）")
    else:
        click.echo(f"Pareto tail: N(>=x) = exp(a_t) x^-alpha; alpha = {fit.alpha:.3f} "
                   f"({'fitted' if fit.alpha_fitted else 'from the scenario'}; 80% interval {a10:.2f}-{a90:.2f}), "
                   f"{fit.points} facts, rmse of ln N {fit.rmse:.3f}, residual s.d. behind the parameter uncertainty {fit.sigma:.3f}")
        click.echo(f"threshold growth after {max(fit.scale)}: {rate:.2%}/yr "
                   f"({'trend of the implied thresholds' if growth is None else 'scenario'}; per-draw 80% interval {g10:.2%}-{g90:.2%})")
    fact = "事实" if zh else "fact"
    band = {name: np.exp(np.percentile(tail.log_thresholds(chosen.years, n), [10, 90], axis=0)) for name, n in thresholds.SIZES.items()}
    rows = [[str(y), f"{paths['top100'][i]:.0f}", f"{band['top100'][0][i]:.0f}-{band['top100'][1][i]:.0f}",
             f"{paths['top50'][i]:.0f}", f"{band['top50'][0][i]:.0f}-{band['top50'][1][i]:.0f}", fact if y in fit.scale else ""]
            for i, y in enumerate(chosen.years)]
    header = (["年份", "百强门槛（亿元）", "80% 区间", "五十强门槛（亿元）", "80% 区间", "依据"] if zh
              else ["year", "top100", "80% band", "top50", "80% band", "implied by"])
    click.echo(text.table(header, rows, right={1, 2, 3, 4}))
    checks = thresholds.fact_bands(fit, tail, dataset.national_tail, np.random.default_rng(thresholds.TAIL_SEED))
    yes, no = ("是", "否") if zh else ("yes", "no")
    click.echo("拟合与各公布事实（县数 N(>=x)；80% 预测区间含参数不确定性与残差）：" if zh
               else "fit vs each published fact (count N(>=x); 80% predictive band: parameter uncertainty and residual):")
    fact_rows = [[str(r["data_year"]), f"{r['gdp_yi']:g}", f"{r['published']:g}", f"{r['fitted']:.1f}",
                  f"{r['low']:.1f}-{r['high']:.1f}", yes if r["inside"] else no] for r in checks]
    click.echo(text.table(["年份", "GDP（亿元）", "公布", "拟合", "80% 区间", "在区间内"] if zh
                          else ["year", "gdp_yi", "published", "fitted", "80% band", "inside"], fact_rows, right={1, 2, 3, 4}))
    click.echo(text.caveat(lang))


COMMANDS = [data, validate, thresholds_cmd]
