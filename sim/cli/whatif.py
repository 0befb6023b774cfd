"""``tiersim sweep``, ``goal`` and ``compare``: what-if tools for planners (a shell over sim.sweep, sim.goal, sim.compare)."""

from __future__ import annotations

import time

import click

from .common import (JOBS, check_size, data_options, force_option, format_option, lang_option, load_dataset, milestone_option,
                     out_option, quiet_option, run_options, scenario, sets_option, wide_option)

SIZES = ("top100", "top50")
"""The thresholds (as sim.model.thresholds.SIZES; named here so --help needs no numpy)."""


def executor_options(f):
    """--jobs, --dask local, --scheduler tcp://HOST:PORT."""
    f = click.option("--scheduler", default=None, metavar="tcp://HOST:PORT",
                     help="Run on a running Dask scheduler (needs pip install 'tiersim[distributed]').")(f)
    f = click.option("--dask", type=click.Choice(["local"]), default=None,
                     help="Run on a Dask LocalCluster of 2 worker processes (needs the [distributed] extra).")(f)
    f = click.option("--jobs", type=JOBS, default=1, show_default=True,
                     help="Worker processes (1 to 256); results do not depend on it.")(f)
    return f


# ---------------------------------------------------------------- sweep


@click.command()
@scenario(positional=True)
@click.option("--vary", "varies", multiple=True, required=True, metavar="KEY.PATH=START:STOP:STEP",
              help="A scenario key and its values, STOP included: 5%:9%:1%, 0.05:0.09:0.01 or 2030:2035:1. Repeatable; "
                   "several make a grid.")
@sets_option
@data_options
@run_options
@executor_options
@out_option("DIR", required=True, help="Write sweep.csv, manifest.json and sweep_heatmap.png into DIR (with --format "
                                        "xlsx: results.xlsx instead of sweep.csv).")
@format_option
@force_option
@lang_option
@quiet_option
@click.option("--yes", is_flag=True, help="Run a sweep of more than 1,000 points without asking.")
def sweep(scenario, varies, sets, data_files, as_of, draws, seed, deterministic, impute, jobs, dask, scheduler, out, fmt,
          force, lang, quiet, yes):
    """Run a grid of what-if variants of SCENARIO (default: baseline), all with the same seed.

    Writes, per grid point x county x threshold, P(crossed by each milestone year) and the median
    crossing year (sweep.csv), the grid (manifest.json) and a heatmap. A grid point whose scenario
    breaks a rule is recorded with its error; the others still run.

    \b
    Examples:
      tiersim sweep --vary growth.tiers.sprint=5%:9%:1% --out sweeps/sprint
      tiersim sweep -s high --vary growth.default=4%:8%:1% --out sweeps/high --format xlsx --lang en
      tiersim sweep high --vary growth.default=4%:8%:0.5% --vary uncertainty.national=0:0.02:0.005 --out sweeps/grid --jobs 2
      tiersim sweep --vary growth.tiers.sprint=5%:9%:0.1% --dask local --out sweeps/fine
      tiersim sweep --vary thresholds.growth=3%:7%:1% --scheduler tcp://scheduler.example:8786 --out sweeps/thr
    """
    from sim.present import plots, progress
    from sim.run import executors
    from sim.whatif import sweep as sweep_mod
    from . import output
    from .words import mode as run_mode, version, wrote

    output.check(out, fmt, force)
    dataset = load_dataset(data_files, as_of)
    parsed = sweep_mod.parse_vary(varies, scenario, dataset, sets)
    total = len(sweep_mod.grid(parsed))
    _check_points(total, draws, deterministic, scenario, dataset, sets, yes)
    started = time.perf_counter()
    with executors.choose(jobs, dask, scheduler) as executor, progress.Bar(total, unit="points", quiet=quiet) as bar:
        result = sweep_mod.run(scenario, dataset, parsed, sets=sets, draws=draws, seed=seed, deterministic=deterministic,
                               impute=impute, executor=executor, progress=bar.advance)
    elapsed = time.perf_counter() - started
    frame = sweep_mod.table(result)
    written = sweep_mod.files(result, frame)
    how = run_mode(deterministic, result.draws, seed, lang)
    if lang == "zh":
        click.echo(f"tiersim {version()}：情景 {result.base.name}（{result.base.sha256()[:12]}）的敏感性分析："
                   f"{total} 个点，{len(result.errors)} 个失败；每点 {how}；执行器 {executor.name}")
    else:
        click.echo(f"tiersim {version()}: sweep of {result.base.name} ({result.base.sha256()[:12]}): "
                   f"{total} points, {len(result.errors)} failed; {how} at every point; on {executor.name}")
    click.echo(_sweep_summary(frame, result, lang))
    if out is not None:  # without --out the table above is the whole result
        if len(result.errors) < total:
            table, title = sweep_mod.heatmap_table(frame, [v.key for v in parsed])
            written["sweep_heatmap.png"] = plots.to_bytes(plots.sweep_heatmap(table, title=title), "png")
        names = output.write(out, written, fmt, force, lang)
        click.echo(wrote(out, names, lang))
    if not quiet:
        rate = total / max(elapsed, 1e-9)
        click.echo(f"完成：{total} 个点 × {result.draws} 次模拟，用时 {elapsed:.2f} 秒（每秒 {rate:.1f} 个点）" if lang == "zh" else
                   f"done: {total} points x {result.draws} draws in {elapsed:.2f} s ({rate:.1f} points/s)", err=True)


def _check_points(total: int, draws: int, deterministic: bool, scenario: str, dataset, sets, yes: bool) -> None:
    """Refuse a sweep past the run-size limit; ask before more than ``CONFIRM_POINTS`` points (or need ``--yes``)."""
    import sys

    from sim import scenario as scenario_mod
    from sim.data import limits
    from sim.errors import SimError

    check_size(scenario_mod.load(scenario, dataset.registry, sets), dataset, draws, deterministic, runs=total)
    if total <= limits.CONFIRM_POINTS or yes:
        return
    question = f"--vary: {total:,} points (more than {limits.CONFIRM_POINTS:,}; a mistyped step?)"
    if not sys.stdin.isatty():
        raise SimError(f"{question}: check the steps, or pass --yes to run them all")
    if not click.confirm(f"{question} Run them all?", default=False, err=True):
        raise SimError(f"{question}: not run")


def _sweep_summary(frame, result, lang: str = "en", limit: int = 30) -> str:
    """Per point (the first ``limit``): expected tier counties crossed by the last milestone, or the error."""
    from sim.present import terminal as text

    columns = [c for c in frame.columns if c.startswith("p_by_")]
    last = columns[-1]
    rows = []
    for point in result.points[:limit]:
        error = result.errors.get(point.index, "")
        if error:
            rows.append([str(point.index), point.name, "", "", "", error])
            continue
        part = frame[(frame["point"] == point.index) & (frame["tier"] != "other")]
        expected = [f"{part.loc[part['threshold'] == name, last].sum():.2f}" for name in SIZES]
        rows.append([str(point.index), point.name, point.sha256[:12], *expected, ""])
    year = last[5:]
    if lang == "zh":
        header = ["点", "名称", "sha256", *[f"{text.threshold_label(n, lang)}期望数（{year}）" for n in SIZES], "错误"]
        more = f"\n……另有 {len(result.points) - limit} 个点在 sweep.csv 中" if len(result.points) > limit else ""
        note = f"期望数：到 {year} 年已达到门槛的梯队县市个数的期望（概率之和）。"
    else:
        header = ["point", "name", "sha256", *[f"E[{name} by {year}]" for name in SIZES], "error"]
        more = f"\n... and {len(result.points) - limit} more points in sweep.csv" if len(result.points) > limit else ""
        note = f"E[...]: expected number of tier counties that have crossed the threshold by {year} (sum of probabilities)."
    return text.table(header, rows, right={0, 3, 4}) + "\n" + note + more


# ---------------------------------------------------------------- goal


@click.command()
@click.argument("counties", nargs=-1, metavar="[COUNTY]...")
@click.option("--tier", "tiers", multiple=True, metavar="TIER",
              help="Every county of a tier: advance, sprint, reserve, other. Repeatable.")
@click.option("--threshold", type=click.Choice(list(SIZES)), default="top100", show_default=True,
              help="The national threshold to be at or above.")
@click.option("--by", "year", type=click.IntRange(1990, 2100), required=True, metavar="YEAR",
              help="The year to be at or above it in.")
@click.option("--prob", type=click.FloatRange(0.0, 1.0, min_open=True), default=0.8, show_default=True,
              help="Probability of being at or above it in that year.")
@scenario()
@sets_option
@data_options
@run_options
@click.option("--cap", default="30%", show_default=True, help="Highest rate tried (per year).")
@click.option("--floor", default="-10%", show_default=True, help="Lowest rate tried (per year).")
@click.option("--jobs", type=JOBS, default=1, show_default=True,
              help="Worker processes (1 to 256), one county each; results do not depend on it.")
@lang_option
def goal(counties, tiers, threshold, year, prob, scenario, sets, data_files, as_of, draws, seed, deterministic, impute, cap,
         floor, jobs, lang):
    """The constant real growth a county needs to be at or above the threshold in YEAR.

    Give counties (code, 中文名 or pinyin) and/or --tier. For each county: one simulation to YEAR,
    then each draw's own rate is solved (common random numbers: the same seed as a run), and
    the answer is the rate at which the share of draws at or above the threshold in YEAR reaches
    --prob, within --floor .. --cap, to 0.01 points. The rate replaces the scenario's growth for
    that county in every year, province-wide growth.years figures included; every other county
    follows the scenario. Printed next to the scenario's own growth for the county (geometric
    mean from the base year to YEAR).

    A single county that cannot reach the goal under the cap is an error; in a list, its row
    says so.

    \b
    Examples:
      tiersim goal 天门 --threshold top100 --by 2027
      tiersim goal 天门 --by 2027 -s high
      tiersim goal --tier sprint --by 2030 --prob 0.9 --lang en
      tiersim goal 仙桃 --threshold top50 --by 2035 --scenario high --cap 20%
      tiersim goal Zhongxiang --by 2030 --deterministic
    """
    from sim import scenario as scenario_mod
    from sim.errors import ScenarioError
    from sim.present import terminal as text
    from sim.run import executors
    from sim.scenario import values
    from sim.whatif import goal as goal_mod
    from .words import mode as run_mode

    dataset = load_dataset(data_files, as_of)
    cap_rate = values.rate(cap, "--cap", low=-0.5, high=1.0)
    floor_rate = values.rate(floor, "--floor", low=-0.5, high=1.0)
    ids = [dataset.registry.resolve(c, "COUNTY") for c in counties]
    for tier in tiers:
        ids += goal_mod.tier_counties(dataset, tier)
    ids = list(dict.fromkeys(ids))
    if not ids:
        raise ScenarioError("goal: name a COUNTY or a --tier, e.g. tiersim goal 天门 --by 2027")
    chosen = scenario_mod.load(scenario, dataset.registry, sets)
    options = dict(prob=prob, draws=draws, seed=seed, deterministic=deterministic, impute=impute, floor=floor_rate,
                   cap=cap_rate)
    single = len(ids) == 1 and not tiers
    with executors.choose(jobs) as executor:
        if single:
            found = [goal_mod.seek(chosen, dataset, ids[0], threshold, year, **options)]
        else:
            found = goal_mod.seek_many(chosen, dataset, ids, threshold, year, executor=executor, **options)
    zh = lang == "zh"
    how = run_mode(deterministic, draws, seed, lang)
    name = text.threshold_label(threshold, lang)
    if zh:
        click.echo(f"目标：{year}年在{name}门槛及以上；情景 {chosen.name}（{chosen.sha256()[:12]}）；{how}，概率 {prob:g}；"
                   f"搜索增速 {floor_rate:.0%} 至 {cap_rate:.0%}/年")
    else:
        click.echo(f"goal: be at or above {threshold} in {year}; scenario {chosen.name} ({chosen.sha256()[:12]}); {how}, "
                   f"probability {prob:g}; rates searched from {floor_rate:.0%} to {cap_rate:.0%}/yr")
    rows = []
    for g in found:
        county = dataset.registry[g.county_id]
        note = "" if g.rate is not None and not g.at_floor else _goal_note(g, county.label(lang), lang)
        required = f"<={g.floor:+.2%}" if g.at_floor else _rate(g.rate)
        gap = "" if g.rate is None or g.assumed is None or g.at_floor else f"{(g.rate - g.assumed) * 100:+.2f} pt"
        rows.append([text.tier_label(county.tier, lang), county.label(lang), g.county_id,
                     "" if g.gdp0 is None else f"{g.gdp0:.1f}",
                     "" if g.threshold_p50 is None else f"{g.threshold_p50:.0f}",
                     required, _rate(g.assumed), gap, "" if g.rate is None else _percent(g.probability), note])
    span = f"{chosen.base_year + 1}-{year}"
    if zh:
        header = ["梯队", "县市", "代码", f"{chosen.base_year}年GDP", f"{year}年{name}门槛（中位数）", "所需增速",
                  f"情景假设 {span}", "差距", "概率", "说明"]
    else:
        header = ["tier", "county", "code", f"GDP {chosen.base_year}", f"{threshold} {year} (p50)", "required",
                  f"assumed {span}", "gap", "P", "note"]
    click.echo(text.table(header, rows, right={3, 4, 5, 6, 7, 8}))
    if zh:
        click.echo(f"所需增速：{span} 年每年不变的实际增速，使 {year} 年在{name}门槛及以上的概率 >= {prob:g}（精确到 0.01 个百分点）；"
                   f"它替代该县市每年的情景增速（含全省 growth.years），其他县市不变。情景假设：该县市的情景实际增速（几何平均）。"
                   f"差距：所需 − 假设。GDP 与门槛单位为亿元（现价）。")
    else:
        click.echo(f"required: constant real growth per year, {span}, for P(at or above {threshold} in "
                   f"{year}) >= {prob:g} (within 0.01 points); it replaces the scenario's growth for the county in every "
                   f"year, province-wide growth.years included, other counties unchanged. assumed: the scenario's real "
                   f"growth for the county (geometric mean). gap: required - assumed. GDP and threshold in 亿元, current prices.")


def _goal_note(g, name: str, lang: str) -> str:
    if g.at_floor:
        return (f"在下限 {g.floor:.0%} 时已达到（概率 {g.probability:.2f}）" if lang == "zh"
                else f"met even at the floor (P = {g.probability:.2f} at {g.floor:.0%})")
    if g.gdp0 is None:
        return "无基年GDP（无数据）；用 --data 载入数据或用 --impute" if lang == "zh" else g.message(name)[len("goal: "):]
    if lang == "zh":
        return f"在上限 {g.cap:.0%}/年 下无法以概率 {g.prob:g} 达到（上限时概率 {g.probability:.2f}）"
    return g.message(name)[len("goal: "):]


# ---------------------------------------------------------------- compare


@click.command()
@click.argument("scenario_a", required=False, default=None, metavar="[A]")
@click.argument("scenario_b", required=False, default=None, metavar="[B]")
@click.option("-s", "--scenario", "scenario_opt", default=None, metavar="NAME",
              help="Scenario B, the what-if (A is then the first argument, or baseline). A YAML file or a shipped name.")
@click.option("--set", "sets", multiple=True, metavar="KEY.PATH=VALUE",
              help="Override a value of B (the what-if) only, e.g. --set growth.tiers.sprint=8%. Repeatable.")
@data_options
@run_options
@click.option("--jobs", type=JOBS, default=1, show_default=True,
              help="Worker processes (1 to 256); results do not depend on it.")
@click.option("--county", "shown", multiple=True, metavar="NAME", help="Show only these counties. Repeatable.")
@milestone_option
@wide_option
@out_option("DIR|FILE.xlsx", help="Write compare_crossings.csv, compare_targets.csv, compare_gdp.csv, manifest.json "
                                  "and the chart into DIR, or one workbook FILE.xlsx.")
@format_option
@force_option
@lang_option
def compare(scenario_a, scenario_b, scenario_opt, sets, data_files, as_of, draws, seed, deterministic, impute, jobs, shown,
            milestone, wide, out, fmt, force, lang):
    """Differences from scenario A (default: baseline) to B (the what-if), both run with the same seed and draws.

    Per county and threshold: the milestone probabilities and the median first-crossing year,
    A→B, labelled as in `tiersim run`; then the plan's 2025 targets (median value, probability
    met). --set changes B only, so `tiersim compare baseline baseline --set ...` compares a
    what-if with its baseline.

    \b
    Examples:
      tiersim compare baseline high
      tiersim compare -s high --milestone by
      tiersim compare baseline baseline --set growth.tiers.sprint=8% --lang en
      tiersim compare scenarios/low.yaml my_plan.yaml --draws 5000 --out results/low-vs-mine
    """
    from sim import scenario as scenario_mod
    from sim.present import chartdata, plots
    from sim.present import terminal as text
    from sim.run.projection import project
    from sim.whatif import compare as compare_mod
    from . import output
    from .words import mode as run_mode, wrote

    if scenario_opt is not None and scenario_b is not None:
        raise click.UsageError(f"scenario B is named twice ({scenario_b} and {scenario_opt}); name it once")
    name_b = scenario_opt if scenario_opt is not None else scenario_b
    if name_b is None:
        raise click.UsageError("name scenario B, e.g. tiersim compare baseline high, or tiersim compare -s high")
    name_a = scenario_a or "baseline"
    output.check(out, fmt, force)
    dataset = load_dataset(data_files, as_of)
    a = scenario_mod.load(name_a, dataset.registry)
    b = scenario_mod.load(name_b, dataset.registry, sets)
    check_size(b, dataset, draws, deterministic, runs=2)
    wanted = [dataset.registry.resolve(c, "--county") for c in shown] or None
    options = dict(draws=draws, seed=seed, deterministic=deterministic, impute=impute, jobs=jobs)
    pa, pb = project(a, dataset, **options), project(b, dataset, **options)
    crossing = compare_mod.crossing_differences(pa, pb)
    targets = compare_mod.target_differences(pa, pb)
    how = run_mode(deterministic, pa.draws, seed, lang)
    zh = lang == "zh"
    click.echo(f"对比：A = {a.name}（{a.sha256()[:12]}），B = {b.name}（{b.sha256()[:12]}）；两者均为 {how}" if zh else
               f"compare: A = {a.name} ({a.sha256()[:12]}), B = {b.name} ({b.sha256()[:12]}); {how} for both")
    from .compare_table import compare_table, target_lines, target_states

    click.echo(compare_table(pa, pb, crossing, text.shown_ids(pb, wanted), lang, milestone, wide))
    click.echo("")
    click.echo(target_lines(targets, lang, {**target_states(pa), **target_states(pb)}))
    if out is not None:
        written = compare_mod.files(pa, pb)
        names = (a.name, b.name) if a.name != b.name else ("A", "B")
        chart = plots.scenario_comparison(crossing, compare_mod.gdp_differences(pa, pb), names=names,
                                          counties=chartdata.counties(pb), lang=lang)
        written["compare.png"] = plots.to_bytes(chart, "png")
        county_names = {c.id: c.label(lang) for c in dataset.registry}
        click.echo(wrote(out, output.write(out, written, fmt, force, lang, county_names), lang))


def _percent(value) -> str:
    return "" if value is None or value != value else f"{value:.0%}"


def _rate(value) -> str:
    return "" if value is None else f"{value:+.2%}"


COMMANDS = [sweep, goal, compare]
