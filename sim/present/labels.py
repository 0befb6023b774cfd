"""Labels of the charts and the report, in Chinese (``zh``) and English (``en``): one table per language, no logic.

:func:`label` looks a key up and fills its ``{placeholders}``; a key missing from one
language is a bug (tests check both tables have the same keys).

>>> label("zh", "never", year=2035), label("en", "never", year=2035)
('2035年前未达', 'not by 2035')
"""

from __future__ import annotations

from sim.present.strings_en import STRINGS as EN
from sim.present.strings_zh import STRINGS as ZH

LANGS = ("zh", "en")

STRINGS: dict[str, dict[str, str]] = {"zh": ZH, "en": EN}
"""Every text, by language: :mod:`sim.present.strings_zh` and :mod:`sim.present.strings_en` (the same keys)."""

TIERS = {
    "zh": {"advance": "百强进位", "sprint": "百强冲刺", "reserve": "百强储备", "other": "其他"},
    "en": {"advance": "advance", "sprint": "sprint", "reserve": "reserve", "other": "other"},
}

MEANINGS = {
    "zh": {"name": "情景名称", "description": "说明", "model": "模型", "base_year": "基年（基数所在年份）", "horizon": "预测终年",
           "growth.shift": "相对拟合趋势的实际增速调整", "deflator.shift": "相对拟合趋势的平减指数调整",
           "deflator.national": "全国GDP平减指数增速",
           "growth.default": "默认实际增速", "growth.tiers": "分梯队实际增速", "growth.counties": "分县市实际增速",
           "growth.years": "全省统一的年度实际增速（已知值）", "deflator.default": "默认GDP平减指数增速",
           "deflator.years": "年度GDP平减指数增速", "thresholds.model": "门槛模型", "thresholds.comparators": "全国比较县个数",
           "thresholds.growth": "门槛增速（空 = 拟合趋势）", "thresholds.tail_index": "帕累托尾部指数（空 = 拟合）",
           "uncertainty.national": "全国冲击标准差", "uncertainty.hubei": "湖北冲击标准差", "uncertainty.tier": "梯队冲击标准差",
           "uncertainty.county": "县市冲击标准差", "uncertainty.comparator": "比较县增速偏差标准差",
           "uncertainty.deflator": "平减指数冲击标准差", "uncertainty.persistence": "冲击的AR(1)系数", "events": "政策事件",
           "milestones": "节点年份", "sustain_years": "“持续达到”所需连续年数"},
    "en": {"name": "scenario name", "description": "description", "model": "model", "base_year": "year the seeds are for",
           "horizon": "last projected year", "growth.shift": "real growth relative to the fitted trend",
           "deflator.shift": "deflator relative to the fitted trend", "deflator.national": "national GDP deflator growth",
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
    "zh": {"official": "官方", "secondary": "二手", "forecast": "预计数", "estimated": "估算*", "imputed": "插补*",
           "no data": "无数据"},
    "en": {"official": "official", "secondary": "secondary", "forecast": "forecast (government)", "estimated": "estimated*",
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
