"""``tiersim validate --show``: a scenario's resolved assumptions as tables, per county and year."""

from __future__ import annotations

from sim.present import terminal as text


def _pct(x: float) -> str:
    return f"{x * 100:.1f}"


def _chunks(years: list[int], wide: bool, lead: int) -> list[list[int]]:
    """Years in blocks that fit the terminal (one block with ``wide``)."""
    if wide:
        return [years]
    per = max(3, (text.terminal_width() - lead - 2) // 7)
    return [years[i:i + per] for i in range(0, len(years), per)]


def resolved_tables(scenario, registry, lang: str, wide: bool = False) -> str:
    """Real growth (%, shocks included and marked), deflator (%), project GDP and promotion rules."""
    from sim.scenario.resolved import resolve

    zh = lang == "zh"
    counties = [(c.id, c.tier) for c in registry]
    r = resolve(scenario, counties)
    names = {c.id: c.label(lang) for c in registry}
    lead = max(text.width(n) for n in names.values())
    out = [("实际增速（%/年；+ 表示含增长冲击事件）：" if zh else "real growth (%/yr; + marks a year with a growth shock added):")]
    for block in _chunks(r.years, wide, lead):
        rows = []
        for c in r.county_ids:
            rows.append([names[c], *[_pct(r.real[c][y] + r.shock[c][y]) + ("+" if r.shock[c][y] else "")
                                     for y in block]])
        rows.append(["GDP平减指数" if zh else "deflator", *[_pct(r.deflator[y]) for y in block]])
        out.append(text.table(["县市" if zh else "county", *map(str, block)], rows, right=set(range(1, len(block) + 1))))
    projects = []
    for c in r.county_ids:  # runs of years with the same level as one row
        for y, v in r.project[c].items():
            if not v:
                continue
            if projects and projects[-1][0] == c and projects[-1][3] == y - 1 and projects[-1][2] == v:
                projects[-1] = (c, projects[-1][1], v, y)
            else:
                projects.append((c, y, v, y))
    projects = [(c, f"{y0}" if y0 == y1 else f"{y0}–{y1}", v) for c, y0, v, y1 in projects]
    if projects:
        out.append("项目新增GDP（亿元，现价）：" if zh else "GDP added by projects (亿元, current prices):")
        out.append(text.table(["县市" if zh else "county", "年份" if zh else "year", "亿元"],
                              [[names[c], str(y), f"{v:,.1f}"] for c, y, v in projects], right={1, 2}))
    for promotion in r.promotions:
        tiers = ", ".join(text.tier_label(t, lang) for t in promotion.tiers)
        out.append(f"梯队晋升：{tiers} 的县市达到 {text.threshold_label(promotion.threshold, lang)} 门槛后，次年起按百强进位梯队的增速（每次模拟分别判断）"
                   if zh else f"tier promotion: counties of {tiers} take the advance tier's growth from the year after "
                   f"they reach the {promotion.threshold} threshold (decided per draw)")
    out.append(f"名义增速 = (1 + 实际) × (1 + 平减) − 1；预测年份 {r.years[0]}–{r.years[-1]}。" if zh else
               f"nominal growth = (1 + real) x (1 + deflator) - 1; projected years {r.years[0]}-{r.years[-1]}.")
    return "\n".join(out)
