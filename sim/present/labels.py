"""Labels of the charts and the report, in Chinese (``zh``) and English (``en``): one table, no logic.

:func:`label` looks a key up and fills its ``{placeholders}``; a key missing from one
language is a bug (tests check both tables have the same keys).

>>> label("zh", "never", year=2035), label("en", "never", year=2035)
('2035年前未达', 'not by 2035')
"""

from __future__ import annotations

LANGS = ("zh", "en")

STRINGS: dict[str, dict[str, str]] = {
    "zh": {
        # charts
        "gdp_axis": "GDP（亿元，现价）",
        "year": "年份",
        "median": "中位数",
        "band50": "50%区间",
        "band80": "80%区间",
        "thr_top100": "百强门槛",
        "thr_top50": "五十强门槛",
        "thr_band": "{name}（P10–P90）",
        "cross_top100": "首次达到百强门槛（中位年份）",
        "cross_top50": "首次达到五十强门槛（中位年份）",
        "seed_observed": "基年数据（实际）",
        "seed_estimated": "估算/插补基数*",
        "estimated_rows": "*估算/插补基数（阴影）",
        "estimated_lines": "*估算/插补基数（虚线）",
        "already": "基年已在线上",
        "already_thr": "{name}：基年已在线上",
        "never": "{year}年前未达",
        "p10p90": "P10–P90",
        "median_year": "中位年份",
        "no_data": "无数据",
        "fan_title": "{county}：GDP预测与全国门槛",
        "timeline_title": "首次达到{name}的年份（按梯队）",
        "heatmap_title": "达到{name}的概率",
        "probability": "概率",
        "scorecard_title": "各梯队位于{name}以上的县市数（期望值，P10–P90）",
        "members_axis": "县市数",
        "tier_estimated": "{tier}（含{n}个估算*）",
        "bump_title": "全国排名（中位数）",
        "rank_axis": "全国排名（1 = 最大）",
        "rank_line": "第{n}名",
        "targets_title": "2025年规划目标：预测值与达标概率",
        "p_met": "达标概率",
        "target_cell": "预测 {value}，目标 {target}",
        "not_modelled": "未建模",
        "targets_note": "预测县市中{n}个为估算/插补基数*",
        "compare_title": "情景比较：{b} 减 {a}",
        "compare_years": "首次达到年份变化（{b}−{a}，年）",
        "compare_gdp": "{year}年GDP变化（亿元）",
        "only_b": "仅{b}达到",
        "only_a": "仅{a}达到",
        # target names
        "target_county_gdp_total": "县域GDP总量（亿元）",
        "target_county_share_of_province_gdp": "县域GDP占全省比重",
        "target_counties_gdp_at_least_500": "GDP≥500亿元县市数",
        "target_counties_gdp_at_least_1000": "GDP≥1000亿元县市数",
        "target_national_top50_members": "全国五十强县个数",
        "target_county_urbanisation_rate": "县域城镇化率",
        # report
        "title": "tiersim 报告：{scenario}",
        "sec_summary": "摘要",
        "sec_data": "数据状况",
        "sec_assumptions": "情景假设",
        "sec_tiers": "梯队结果",
        "sec_counties": "各县市",
        "sec_targets": "规划目标",
        "sec_compare": "情景比较",
        "sec_methods": "方法与说明",
        "sec_manifest": "运行清单",
        "run_line": "情景 {name}（{sha}）：{description}基年 {base}，预测至 {horizon}；{mode}；数据截至：{as_of}；tiersim {version}。",
        "mode_draws": "{draws} 次蒙特卡洛抽样，随机种子 {seed}",
        "mode_deterministic": "单一路径（全部波动设为0）",
        "all_data": "全部数据",
        "expected_members": "{year}年：预计 {n:.1f} 个梯队县市位于百强门槛以上（{parts}）。",
        "likely": "到{year}年达到{name}的概率≥50%的县市：{names}。",
        "none": "无",
        "targets_summary": "2025年规划目标：已建模的 {n} 项中有 {met} 项达标概率≥50%。",
        "data_intro": "每个县市的基年（{base}年）GDP及其来源。标 * 并加阴影的行是估算或插补的基数；无数据的县市不参与预测，但在每张表中列出。",
        "obs_line": "观测数据：{n} 行（{parts}）；数据哈希 {sha}。",
        "col_status": "状态",
        "col_count": "个数",
        "col_tier": "梯队",
        "col_county": "县市",
        "col_code": "代码",
        "col_seed": "{year}年基数（亿元）",
        "col_how": "来源/方法",
        "col_table": "数据表/文件",
        "col_rows": "行数",
        "sources_intro": "数据来源（按内容哈希）：",
        "assumptions_intro": "本次运行的全部情景取值（extends 与 --set 已合并）。增速、平减指数与波动均为每年比率。",
        "col_key": "参数",
        "col_value": "取值",
        "col_meaning": "含义",
        "tiers_intro": "各梯队位于门槛以上的县市数：期望值（P10–P90）。",
        "col_threshold": "门槛",
        "col_members": "{year}年",
        "crossing_intro": "各县市：到各节点年份达到门槛的概率，首次达到的中位年份（P10–P90），以及{year}年GDP中位数（亿元）。",
        "thr_short_top100": "百强",
        "thr_short_top50": "五十强",
        "col_when": "年份",
        "col_gdp_h": "{year}年GDP",
        "county_head": "{name}（{tier}，{code}）",
        "county_seed": "基年GDP {gdp} 亿元（{status}）：{how}",
        "county_nodata": "无任何年份的GDP数据，未参与预测（可用 --impute 或 --data 补充）。",
        "county_cross": "{name}：{cell}；到{years}年达到的概率分别为 {probs}；持续达到（连续{k}年）的概率 {sustained}。",
        "county_rank": "全国排名中位数（P10–P90）：{ranks}。",
        "col_target": "目标",
        "col_target_value": "规划目标值",
        "col_projected": "预测中位数",
        "col_pmet": "达标概率",
        "col_note": "说明（原文）",
        "targets_intro": "规划口径为全部78个县域单元；tiersim 只预测有基数的县市，总量类目标因此不是同口径比较（见说明列）。",
        "compare_intro": "{b} 与 {a} 使用相同的随机种子和抽样次数（共同随机数），差异来自假设而非抽样误差。下表为 {b} 减 {a}。",
        "col_year_ab": "中位年份 {a}→{b}",
        "col_p_ab": "到{year}年概率 {a}→{b}",
        "methods": (
            "门槛：全国百强/五十强县榜单（如赛迪百强县）按综合评分排名，并设GDP门槛。tiersim 的门槛是全国第100位与第50位县域的GDP，"
            "由已公布的县域个数拟合帕累托尾部得到，是对这些榜单的近似；达到GDP门槛不等于进入榜单。\n"
            "不确定性覆盖：每年的实际增速冲击（全国、湖北、梯队、县市四个层次，均为AR(1)过程）、GDP平减指数冲击，以及全国比较县各自的增速偏差。"
            "不覆盖：估算基数本身的误差、趋势增速与模型设定的误差、门槛拟合（尾部指数）的误差、综合评分与GDP排名的差异、数据修订。"
            "因此区间偏窄，尤其是估算基数（*）的县市。\n"
            "基数：有基年数据的县市用该数据（按状态与可信度取最优）；否则由最近年份的数据按湖北增速推算（标为估算*）；"
            "完全无数据的县市不参与预测，除非使用 --impute（标为插补*）。\n"
            "分位数：GDP与门槛的分位数取自0.2%宽的对数网格（误差小于0.1%）；概率、年份、排名与个数为精确计数。"
            "相同情景、数据与随机种子得到逐字节相同的结果。"),
        "manifest_intro": "复现本报告所需的一切：情景、数据哈希、随机种子、抽样次数与版本。",
        "nodata_list": "无数据（未参与预测）：{names}。",
    },
    "en": {
        "gdp_axis": "GDP (亿元 = 100m yuan, current prices)",
        "year": "year",
        "median": "median",
        "band50": "50% band",
        "band80": "80% band",
        "thr_top100": "Top-100 threshold",
        "thr_top50": "Top-50 threshold",
        "thr_band": "{name} (P10–P90)",
        "cross_top100": "first at Top-100 threshold (median year)",
        "cross_top50": "first at Top-50 threshold (median year)",
        "seed_observed": "base-year figure (observed)",
        "seed_estimated": "estimated/imputed seed*",
        "estimated_rows": "* estimated/imputed seed (hatched)",
        "estimated_lines": "* estimated/imputed seed (dashed)",
        "already": "already above in base year",
        "already_thr": "{name}: already above in base year",
        "never": "not by {year}",
        "p10p90": "P10–P90",
        "median_year": "median year",
        "no_data": "no data",
        "fan_title": "{county}: projected GDP and national thresholds",
        "timeline_title": "Year of first crossing the {name}, by tier",
        "heatmap_title": "Probability of being at or above the {name}",
        "probability": "probability",
        "scorecard_title": "Tier counties at or above the {name} (expected, P10–P90)",
        "members_axis": "counties",
        "tier_estimated": "{tier} ({n} estimated*)",
        "bump_title": "National rank (median)",
        "rank_axis": "national rank (1 = largest)",
        "rank_line": "rank {n}",
        "targets_title": "Plan targets for 2025: projected value and probability met",
        "p_met": "probability met",
        "target_cell": "projected {value}, target {target}",
        "not_modelled": "not modelled",
        "targets_note": "{n} of the projected counties have estimated/imputed seeds*",
        "compare_title": "Scenario comparison: {b} minus {a}",
        "compare_years": "change in median crossing year ({b} − {a}, years)",
        "compare_gdp": "GDP change in {year} (亿元)",
        "only_b": "crosses only in {b}",
        "only_a": "crosses only in {a}",
        "target_county_gdp_total": "county GDP total (亿元)",
        "target_county_share_of_province_gdp": "county share of province GDP",
        "target_counties_gdp_at_least_500": "counties with GDP ≥ 500亿",
        "target_counties_gdp_at_least_1000": "counties with GDP ≥ 1000亿",
        "target_national_top50_members": "national Top-50 members",
        "target_county_urbanisation_rate": "county urbanisation rate",
        "title": "tiersim report: {scenario}",
        "sec_summary": "Summary",
        "sec_data": "Data status",
        "sec_assumptions": "Assumptions",
        "sec_tiers": "Tier results",
        "sec_counties": "Counties",
        "sec_targets": "Plan targets",
        "sec_compare": "Scenario comparison",
        "sec_methods": "Methods and caveats",
        "sec_manifest": "Manifest",
        "run_line": "Scenario {name} ({sha}): {description} Base year {base}, horizon {horizon}; {mode}; data as of: {as_of}; tiersim {version}.",
        "mode_draws": "{draws} Monte Carlo draws, seed {seed}",
        "mode_deterministic": "one path with every volatility zero",
        "all_data": "all data",
        "expected_members": "{year}: {n:.1f} tier counties expected at or above the Top-100 threshold ({parts}).",
        "likely": "At or above the {name} by {year} with probability ≥ 50%: {names}.",
        "none": "none",
        "targets_summary": "Plan targets for 2025: {met} of the {n} modelled targets have a probability of being met of 50% or more.",
        "data_intro": "Each county's base-year ({base}) GDP and where it comes from. Rows marked * and hatched are estimated or imputed seeds; counties with no data are not projected but are listed in every table.",
        "obs_line": "Observations: {n} rows ({parts}); data sha256 {sha}.",
        "col_status": "status",
        "col_count": "count",
        "col_tier": "tier",
        "col_county": "county",
        "col_code": "code",
        "col_seed": "seed {year} (亿元)",
        "col_how": "how obtained / source",
        "col_table": "table or file",
        "col_rows": "rows",
        "sources_intro": "Data sources (by content hash):",
        "assumptions_intro": "Every value of the scenario as run (extends and --set resolved). Growth, deflator and volatilities are fractions per year.",
        "col_key": "key",
        "col_value": "value",
        "col_meaning": "meaning",
        "tiers_intro": "Tier counties at or above each threshold: expected number (P10–P90).",
        "col_threshold": "threshold",
        "col_members": "{year}",
        "crossing_intro": "Per county: probability of having crossed by each milestone, median first-crossing year (P10–P90), and median GDP in {year} (亿元).",
        "thr_short_top100": "T100",
        "thr_short_top50": "T50",
        "col_when": "year",
        "col_gdp_h": "GDP {year}",
        "county_head": "{name} ({tier}, {code})",
        "county_seed": "Base-year GDP {gdp}亿 ({status}): {how}",
        "county_nodata": "No GDP figure in any year: not projected (pass --impute, or load figures with --data).",
        "county_cross": "{name}: {cell}; probability by {years}: {probs}; sustained ({k} years in a row): {sustained}.",
        "county_rank": "Median national rank (P10–P90): {ranks}.",
        "col_target": "target",
        "col_target_value": "plan target",
        "col_projected": "projected median",
        "col_pmet": "P(met)",
        "col_note": "note",
        "targets_intro": "The plan's figures cover all 78 county-level units; tiersim projects only the counties it has a seed for, so totals are not like for like (see the note column).",
        "compare_intro": "{b} and {a} are run with the same seed and draws (common random numbers), so differences come from the assumptions, not sampling noise. Shown: {b} minus {a}.",
        "col_year_ab": "median year {a}→{b}",
        "col_p_ab": "P by {year} {a}→{b}",
        "methods": (
            "Thresholds: national Top-100/Top-50 county lists (such as CCID's) rank counties on a composite score with a GDP entry gate. "
            "tiersim's thresholds are the GDP of the 100th and 50th largest county, from a Pareto tail fitted to published counts: "
            "an approximation of those lists. Reaching a GDP threshold is not the same as being listed.\n"
            "What the uncertainty covers: yearly real-growth shocks (national, Hubei, tier and county levels, each AR(1)), GDP deflator "
            "shocks, and each national comparator's own growth deviation. Not covered: the error of an estimated seed, of the trend "
            "growth and of the model's form, of the threshold fit (tail index), the gap between composite scores and GDP ranks, and data "
            "revisions. Bands are therefore too narrow, most of all for counties with estimated seeds (*).\n"
            "Seeds: a county's base-year figure where the data has one (best status, then confidence); otherwise its nearest year "
            "carried to the base year with Hubei's growth (estimated*); counties with no figure at all are not projected unless "
            "--impute is given (imputed*).\n"
            "Quantiles: GDP and threshold quantiles come from a 0.2% log grid (within 0.1%); probabilities, years, ranks and counts are "
            "exact. The same scenario, data and seed give byte-identical results."),
        "manifest_intro": "Everything needed to reproduce this report: scenario, data hashes, seed, draws and version.",
        "nodata_list": "No data (not projected): {names}.",
    },
}

TIERS = {
    "zh": {"advance": "百强进位", "sprint": "百强冲刺", "reserve": "百强储备", "other": "其他"},
    "en": {"advance": "advance", "sprint": "sprint", "reserve": "reserve", "other": "other"},
}

MEANINGS = {
    "zh": {"name": "情景名称", "description": "说明", "base_year": "基年（基数所在年份）", "horizon": "预测终年",
           "growth.default": "默认实际增速", "growth.tiers": "分梯队实际增速", "growth.counties": "分县市实际增速",
           "growth.years": "全省统一的年度实际增速（已知值）", "deflator.default": "默认GDP平减指数增速",
           "deflator.years": "年度GDP平减指数增速", "thresholds.model": "门槛模型", "thresholds.comparators": "全国比较县个数",
           "thresholds.growth": "门槛增速（空 = 拟合趋势）", "thresholds.tail_index": "帕累托尾部指数（空 = 拟合）",
           "uncertainty.national": "全国冲击标准差", "uncertainty.hubei": "湖北冲击标准差", "uncertainty.tier": "梯队冲击标准差",
           "uncertainty.county": "县市冲击标准差", "uncertainty.comparator": "比较县增速偏差标准差",
           "uncertainty.deflator": "平减指数冲击标准差", "uncertainty.persistence": "冲击的AR(1)系数", "events": "政策事件",
           "milestones": "节点年份", "sustain_years": "“持续达到”所需连续年数"},
    "en": {"name": "scenario name", "description": "description", "base_year": "year the seeds are for", "horizon": "last projected year",
           "growth.default": "default real growth", "growth.tiers": "real growth by tier", "growth.counties": "real growth by county",
           "growth.years": "province-wide real growth of a year (known figure)", "deflator.default": "default GDP deflator growth",
           "deflator.years": "GDP deflator growth of a year", "thresholds.model": "threshold model",
           "thresholds.comparators": "national comparators simulated", "thresholds.growth": "threshold growth (empty = fitted trend)",
           "thresholds.tail_index": "Pareto tail index (empty = fitted)", "uncertainty.national": "s.d. of national shocks",
           "uncertainty.hubei": "s.d. of Hubei shocks", "uncertainty.tier": "s.d. of tier shocks", "uncertainty.county": "s.d. of county shocks",
           "uncertainty.comparator": "s.d. of comparators' growth deviation", "uncertainty.deflator": "s.d. of deflator shocks",
           "uncertainty.persistence": "AR(1) coefficient of the shocks", "events": "policy events", "milestones": "milestone years",
           "sustain_years": "years in a row for a sustained crossing"},
}

STATUS = {
    "zh": {"official": "官方", "secondary": "二手", "forecast": "预计", "estimated": "估算*", "imputed": "插补*",
           "no data": "无数据"},
    "en": {"official": "official", "secondary": "secondary", "forecast": "forecast", "estimated": "estimated*",
           "imputed": "imputed*", "no data": "no data"},
}


def label(lang: str, key: str, **values: object) -> str:
    """The ``lang`` text of ``key`` with ``values`` filled in."""
    return STRINGS[lang][key].format(**values)


def tier(lang: str, name: str) -> str:
    return TIERS[lang].get(name, name)


def meaning(lang: str, key: str) -> str:
    """What a scenario key means (its most specific documented prefix), or ``""``."""
    parts = key.split(".")
    for n in range(len(parts), 0, -1):
        found = MEANINGS[lang].get(".".join(parts[:n]))
        if found:
            return found
    return ""


def status(lang: str, name: str) -> str:
    return STATUS[lang].get(name, name)


def target(lang: str, item: str) -> str:
    return STRINGS[lang].get(f"target_{item}", item)


def number(value: float, unit: str) -> str:
    """A plan figure as shown: fractions as percent, 亿元 with thousands separators, counts plain.

    >>> number(0.6, "fraction"), number(36500.0, "亿元"), number(6.0, "units")
    ('60%', '36,500', '6')
    """
    if "fraction" in str(unit):
        return f"{value:.0%}"
    if unit == "亿元":
        return f"{value:,.0f}"
    return f"{value:.3g}"
