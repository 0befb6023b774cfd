"""``tiersim new NAME``: write a commented scenario template that validates as written."""

from __future__ import annotations

import re
from pathlib import Path

import click

from .common import force_option, lang_option

TEMPLATE = """\
# {name}.yaml: a tiersim scenario. Check it with `tiersim validate {name}.yaml --show`, run it with
# `tiersim run {name}.yaml`. Every key below is optional: what is left out (or commented out) comes from
# `extends`. Rates are fractions (0.07) or percents in quotes ("7%"); GDP amounts are 亿元 (300, "300亿", "3.65万亿").
extends: {extends}          # start from this scenario (a file next to this one, else a shipped one)
name: {name}
# base_year: 2020           # seeds are for this year
# horizon: 2035
# growth:                   # REAL growth; most specific wins: years > counties > tiers > default
#   default: 0.06
#   tiers: {{sprint: "7.5%"}}            # advance, sprint, reserve, other
#   counties: {{天门: 0.08}}              # code, 中文名 (with or without 市/县) or pinyin
#   years: {{2021: 0.129}}               # a province-wide figure for a year (a known outturn)
# deflator:                 # GDP deflator growth
#   default: 0.01
#   years: {{2023: -0.0114}}
# thresholds:
#   growth: trend           # threshold growth after the last fact year: "trend" or a rate
#   tail_index: null        # null = fitted; or a number to fix it
# uncertainty:              # s.d. of yearly shocks (see README); persistence is the AR(1) coefficient
#   county: 0.01
# events:                   # applied before that year's growth
#   - {{type: growth_shock, year: 2026, scope: sprint, size: 0.01, decay: 0.5}}      # fades by half a year
#   - {{type: growth_shock, year: 2027, scope: [天门], size: 0.005, permanent: true}}  # stays (decay 1)
#   - {{type: project, county: 当阳, start: 2024, ramp_years: 3, gdp: "300亿"}}        # GDP level added at full ramp
#   - {{type: tier_promotion, tiers: [sprint, reserve], threshold: top100}}
# milestones: [2025, 2030, 2035]
# sustain_years: 3
"""

_NAME = re.compile(r"^[A-Za-z0-9_\-\u4e00-\u9fff]+$")


@click.command()
@click.argument("name")
@click.option("--extends", "extends", default="baseline", show_default=True, metavar="SCENARIO",
              help="The scenario the new one starts from (a shipped name or a file).")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None, metavar="FILE",
              help="Where to write it (default: NAME.yaml here). Missing parent folders are created.")
@force_option
@lang_option
def new(name, extends, out, force, lang):
    """Write NAME.yaml: a scenario that extends another (default: baseline), every key explained in comments.

    \b
    Examples:
      tiersim new my_scenario
      tiersim new sprint_push --extends high --out scenarios/sprint_push.yaml
      tiersim new my_scenario --force && tiersim validate my_scenario.yaml --show
    """
    from sim.data.tables import load_registry
    from sim.errors import SimError
    from sim.results.workbook import write_file
    from sim.scenario import load

    stem = name[:-5] if name.endswith(".yaml") else name
    if not _NAME.match(stem):
        raise SimError(f"new: NAME must be letters, digits, _ or - (it becomes the file name); got {name!r}")
    path = out or Path(f"{stem}.yaml")
    content = TEMPLATE.format(name=stem, extends=extends)
    write_file(path, content.encode("utf-8"), force=force)
    try:
        load(str(path), load_registry())
    except SimError:
        path.unlink()
        raise
    click.echo(f"已写入 {path}（基于 {extends}）；检查：tiersim validate {path} --show" if lang == "zh"
               else f"wrote {path} (extends {extends}); check it: tiersim validate {path} --show")


COMMANDS = [new]
