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
    fit = "拟合" if zh else "fit"
    tiers = dict(counties)

    def cell(rate, added: float, shift: float) -> str:
        if rate is None:  # the fitted mean (drawn per draw), moved by the shift and any shock
            moved = shift + added
            return fit + (f"{moved * 100:+.1f}" if moved else "") + ("+" if added else "")
        return _pct(rate + added) + ("+" if added else "")

    out = [("实际增速（%/年；+ 表示含增长冲击事件）：" if zh else "real growth (%/yr; + marks a year with a growth shock added):")]
    if any(r.real[c][y] is None for c in r.county_ids for y in r.years) or r.deflator.get(r.years[0]) is None:
        out.append("“拟合”：拟合模型的趋势（每次模拟各自抽取）；“拟合+1.5”：比趋势高1.5个百分点；拟合模型中，最后数据年份及以前各年为历史（取自数据，不用这些增速）。"
                   if zh else "fit: the fitted model's trend (drawn per draw); fit+1.5: 1.5 points above it; in a fitted "
                   "run the years up to the last data year are history (from the data, not these rates).")
    for block in _chunks(r.years, wide, lead):
        rows = []
        for c in r.county_ids:
            shift = scenario.growth.shift.rate(c, tiers[c])
            rows.append([names[c], *[cell(r.real[c][y], r.shock[c][y], shift) for y in block]])
        rows.append(["GDP平减指数" if zh else "deflator", *[cell(r.deflator[y], 0.0, scenario.deflator.shift) for y in block]])
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
