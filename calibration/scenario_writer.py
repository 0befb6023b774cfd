"""A calibration as a scenario: plain data for :func:`sim.scenario.build`, and YAML text with provenance.

The scenario is **complete** (no ``extends``): a scenario that extended the baseline would
inherit the baseline's known-year figures (``growth.years`` 2021-2023), which a calibration
as of an earlier year must not see, and a child file cannot remove a parent's keys. What
the data cannot give (the threshold model, the tier and comparator volatilities, the
persistence, the horizon, milestones, events) is copied from the base scenario and
marked so.

Growth written (real, fractions per year; ``expm1`` of log rates):

- ``growth.default``: Hubei's trend plus the province-wide mean county gap ``theta``;
- ``growth.tiers``: Hubei's trend plus each tier's pooled gap;
- ``growth.counties``: Hubei's trend plus the county's pooled gap, for counties with their
  own growth data (the others take their tier's);
- ``growth.years``: Hubei's estimated real growth in the years after the base year that a
  figure pins down (known outturns; the engine applies them to every county);
- ``deflator.default`` and ``deflator.years`` likewise.

Provenance is written as YAML comments at the top (data sha256, as-of year, method, fit
statistics, observation counts, what could not be estimated) and summarised in
``description``. The output is deterministic: rates are rounded to 4 decimals and nothing
depends on the clock or the machine, so the same data give the same bytes.
"""

from __future__ import annotations

import math
from typing import Any

from sim.data.registry import TIERS

from . import pandemic, pooling
from .fit import Calibration

DIGITS = 4


def _rate(log_rate: float) -> float:
    return round(math.expm1(log_rate), DIGITS) + 0.0


def _pts(x: float) -> str:
    return f"{x * 100:+.1f}"


def known_growth(cal: Calibration) -> dict[int, tuple[float, float]]:
    """Known Hubei real growth (log) and s.d. by year after the base year, up to the as-of year."""
    return {y: cal.macro.path(("c", "h"), y) for y in cal.macro.known_years("growth", cal.base_year) if y <= cal.as_of}


def known_deflator(cal: Calibration) -> dict[int, tuple[float, float]]:
    return {y: cal.macro.path(("pi",), y) for y in cal.macro.known_years("deflator", cal.base_year) if y <= cal.as_of}


def scenario_data(cal: Calibration, name: str = "calibrated", tail_index: float | None = None) -> dict[str, Any]:
    """The calibrated scenario as plain data (what :func:`sim.scenario.build` takes)."""
    base = cal.base
    trend, _ = cal.hubei_trend()
    pooled = cal.pooled
    tiers = {row.tier: _rate(trend + row.mean) for row in pooled.tiers.itertuples()}
    counties = {}
    if cal.options.method != "pooled":
        counties = {row.county_id: _rate(trend + row.mean) for row in pooled.counties.itertuples() if row.rows > 0}
    u = base.uncertainty
    sds = {**{k: e.value for k, e in cal.macro.sds.items()}, "county": cal.counties.sigma.value}
    uncertainty = {
        "national": round(sds["national"], DIGITS), "hubei": round(sds["hubei"], DIGITS), "tier": u.tier,
        "county": round(sds["county"], DIGITS), "comparator": u.comparator, "deflator": round(sds["deflator"], DIGITS),
        "persistence": u.persistence,
    }
    t = base.thresholds
    milestones = [m for m in base.milestones if cal.base_year < m <= cal.horizon] or [cal.horizon]
    events = [{"type": "growth_shock", "year": e.year, "scope": list(e.counties) if e.scope == "counties" else e.scope, "size": e.size}
              for e in base.events if cal.base_year < e.year <= cal.horizon]
    return {
        "name": name,
        "description": description(cal),
        "base_year": cal.base_year,
        "horizon": cal.horizon,
        "growth": {"default": _rate(trend + pooled.theta[0]), "tiers": tiers, "counties": counties,
                   "years": {y: _rate(v) for y, (v, _) in known_growth(cal).items()}},
        "deflator": {"default": _rate(cal.macro.trend("deflator")[0]),
                     "years": {y: _rate(v) for y, (v, _) in known_deflator(cal).items()}},
        "thresholds": {"model": t.model, "comparators": t.comparators, "growth": "trend" if t.growth is None else t.growth,
                       "tail_index": t.tail_index if tail_index is None else tail_index},
        "uncertainty": uncertainty,
        "events": events,
        "milestones": milestones,
        "sustain_years": base.sustain_years,
    }


def description(cal: Calibration) -> str:
    o = cal.options
    return (f"Calibrated as of {cal.as_of} from data sha256 {cal.data_sha256[:12]} (tiersim calibrate; "
            f"method {o.method}, 2020 {o.pandemic}, trend window {o.window} years).")


def _counts(counts: dict[str, int]) -> str:
    return ", ".join(f"{k} {v}" for k, v in counts.items())


def provenance(cal: Calibration, command: str) -> list[str]:
    """The comment lines at the top of the file (without ``# ``)."""
    o, u, m = cal.options, cal.usage, cal.macro
    trend, trend_sd = cal.hubei_trend()
    china = m.trend("china")
    defl, defl_sd = m.trend("deflator")
    files = ", ".join(("sim/data (shipped)",) + cal.dataset.user_files)
    lines = [
        f"{command.split()[0] if command else 'tiersim'} calibrate output: trend growth, deflator and volatilities estimated from the data; do not edit by hand.",
        f"Regenerate with: {command}",
        f"data: {files}; as of {cal.as_of}; sha256 {cal.data_sha256}",
        f"method: {o.method} ({pooling.DESCRIPTION[o.method]})",
        f"2020: {o.pandemic} ({pandemic.DESCRIPTION[o.pandemic]})",
        f"trend window: {m.window[0]}-{m.window[1]} (earlier years inform volatilities only); "
        f"persistence {m.phi:g} (base scenario, not estimated)",
        f"county figures: {sum(u.rows.values())} rows ({_counts(u.rows)}); best per county-year {u.best}; "
        f"growth rests on {sum(u.used.values())} county-years ({_counts(u.used)}) in {u.growth_rows} rows of {u.counties_with_rows} counties"
        + (f"; left out by the 2020 treatment: {sum(u.excluded.values())}" if sum(u.excluded.values()) else ""),
        f"macro rows used: {sum(u.macro_rows.values())} ({', '.join(f'{k} {v}' for k, v in u.macro_rows.items())})"
        + (f"; left out by the 2020 treatment: {u.macro_excluded}" if u.macro_excluded else ""),
        "fit (log growth per year; +- one s.d.; [80% profile-likelihood interval]):",
        f"  Hubei trend real growth {trend:.2%} +- {trend_sd:.2%}"
        + (f" (China {china[0]:.2%} +- {china[1]:.2%}, Hubei gap {trend - china[0]:+.2%})" if "m_c" in m.means else ""),
        f"  deflator trend {defl:.2%}" + (f" +- {defl_sd:.2%}" if "m_pi" in m.means else " (held)"),
    ]
    shock = [n for n in m.means if n.startswith("shock_h_")]
    for name in shock:
        year = name.rsplit("_", 1)[1]
        total = m.means[name][0] + m.means.get(f"shock_c_{year}", (0.0, 0.0))[0]
        lines.append(f"  {year}: Hubei {_pts(total)} points against trend")
    for e in list(m.sds.values()) + [cal.counties.sigma]:
        lines.append(f"  uncertainty.{e.name}: {e.text()}")
    gap = cal.counties.reporting_gap
    if gap is not None:
        lines.append(f"  county-published real growth minus level-implied growth (reporting gap): {_pts(gap[0])} +- {gap[1] * 100:.1f} points")
    p = cal.pooled
    lines.append(f"  county gaps to Hubei: province-wide mean {_pts(p.theta[0])} +- {p.theta[1] * 100:.1f} points; "
                 f"between counties (tau) {p.tau.text()}; between tiers (omega) {p.omega.text()}")
    lines.append("not estimated (values from the base scenario or stated assumptions):")
    lines += [f"  - {line}" for line in cal.not_estimated]
    lines.append("Units: growth rates are fractions per year (real growth; the GDP deflator separately). GDP in 亿元, current prices.")
    return lines


def _yaml_rate(x: float) -> str:
    return f"{x:.{DIGITS}f}"


COLUMN = 24
"""Column at which end-of-line comments start."""


def _line(code: str, comment: str = "") -> str:
    if not comment:
        return code
    return f"{code.ljust(COLUMN - 1)} # {comment}"


def to_yaml(cal: Calibration, command: str, name: str = "calibrated") -> str:
    """The scenario file's text: provenance comments, then every key with a comment on where it comes from."""
    data = scenario_data(cal, name)
    registry = cal.dataset.registry
    trend, trend_sd = cal.hubei_trend()
    out = [f"# {line}".rstrip() for line in provenance(cal, command)]
    out += [f"name: {data['name']}", f"description: \"{data['description']}\"", "",
            f"base_year: {data['base_year']}", f"horizon: {data['horizon']}", "",
            _line("growth:", "REAL growth = Hubei trend + pooled county gap (expm1 of log rates)"),
            _line(f"  default: {_yaml_rate(data['growth']['default'])}",
                  f"Hubei trend {trend:.2%} +- {trend_sd:.2%}, province-wide mean gap {_pts(cal.pooled.theta[0])} points"),
            "  tiers:"]
    tiers = cal.pooled.tiers.set_index("tier")
    for tier in TIERS:
        row = tiers.loc[tier]
        out.append(_line(f"    {tier}: {_yaml_rate(data['growth']['tiers'][tier])}",
                         f"gap {_pts(row['mean'])} +- {row['sd'] * 100:.1f} points; {int(row['counties_with_data'])} counties with growth data"))
    counties = cal.pooled.counties.set_index("county_id")
    if data["growth"]["counties"]:
        out.append("  counties:")
        for county_id, value in data["growth"]["counties"].items():
            row = counties.loc[county_id]
            rows = int(row["rows"])
            out.append(_line(f"    \"{county_id}\": {_yaml_rate(value)}",
                             f"{registry[county_id].name_zh}: own gap {_pts(row['own'])} +- {row['own_se'] * 100:.1f} "
                             f"({rows} row{'s' if rows > 1 else ''}), pooled {_pts(row['mean'])} +- {row['sd'] * 100:.1f}, "
                             f"weight on own {row['weight']:.2f}"))
    else:
        out.append("  counties: {}")
    known = known_growth(cal)
    if known:
        out.append(_line("  years:", "Hubei real growth known from figures (posterior mean)"))
        out += [_line(f"    {y}: {_yaml_rate(data['growth']['years'][y])}", f"s.d. {sd * 100:.1f} points") for y, (_, sd) in known.items()]
    else:
        out.append(_line("  years: {}", f"no year after the base year is known as of {cal.as_of}"))
    defl, defl_sd = cal.macro.trend("deflator")
    out += ["", _line("deflator:", "GDP deflator growth; nominal = (1 + real) * (1 + deflator) - 1"),
            _line(f"  default: {_yaml_rate(data['deflator']['default'])}",
                  f"trend {defl:.2%}" + (f" +- {defl_sd:.2%}" if "m_pi" in cal.macro.means else " (held: base scenario)"))]
    known = known_deflator(cal)
    if known:
        out.append(_line("  years:", "known from price figures (posterior mean)"))
        out += [_line(f"    {y}: {_yaml_rate(data['deflator']['years'][y])}", f"s.d. {sd * 100:.1f} points") for y, (_, sd) in known.items()]
    else:
        out.append("  years: {}")
    t = data["thresholds"]
    growth = t["growth"] if isinstance(t["growth"], str) else _yaml_rate(t["growth"])
    out += ["", _line("thresholds:", "from the base scenario (not calibrated here)"),
            f"  model: {t['model']}", f"  comparators: {t['comparators']}", f"  growth: {growth}",
            f"  tail_index: {'null' if t['tail_index'] is None else t['tail_index']}", "",
            _line("uncertainty:", "s.d. of yearly innovations (fractions per year), AR(1)")]
    sds = {**cal.macro.sds, "county": cal.counties.sigma}
    for key in ("national", "hubei", "tier", "county", "comparator", "deflator", "persistence"):
        value = data["uncertainty"][key]
        if key in sds:
            e = sds[key]
            note = f"estimated, 80% interval [{e.low:.2%}, {e.high:.2%}]" if e.estimated else f"held: {e.note}"
        else:
            note = "base scenario (not estimable from these data)"
        out.append(_line(f"  {key}: {value:g}", note))
    events = data["events"]
    out += [""]
    if events:
        out.append(_line("events:", "from the base scenario"))
        for e in events:
            scope = "[" + ", ".join(f'"{c}"' for c in e["scope"]) + "]" if isinstance(e["scope"], list) else e["scope"]
            out.append(f"  - {{type: growth_shock, year: {e['year']}, scope: {scope}, size: {e['size']}}}")
    else:
        out.append("events: []")
    out += [f"milestones: [{', '.join(str(m) for m in data['milestones'])}]", f"sustain_years: {data['sustain_years']}", ""]
    return "\n".join(out)
