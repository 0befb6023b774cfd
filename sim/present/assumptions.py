"""A scenario's assumptions as a readable table: what each value means and the value in words and percent
(``6.0%`` not ``0.06``; "from 2026, growth of the sprint tier +1.0 points" not a dict of an event).

:func:`rows` gives ``[meaning, value]`` rows in the report's language; every key of the scenario appears
(keys this module does not know are shown with their value as written, so nothing is hidden).
"""

from __future__ import annotations

import json

from sim.present.labels import label, meaning, tier as tier_name
from sim.run.projection import Projection

SD_KEYS = ("national", "hubei", "tier", "county", "comparator", "deflator")


def _rate(value: float) -> str:
    """``0.06`` -> ``6.0%``, ``0.0225`` -> ``2.25%``, ``-0.0114`` -> ``-1.14%``.

    >>> _rate(0.06), _rate(0.0225), _rate(-0.0114), _rate(0.129)
    ('6.0%', '2.25%', '-1.14%', '12.9%')
    """
    text = f"{value * 100:.2f}".rstrip("0")
    return (text + "0" if text.endswith(".") else text) + "%"


def _points(value: float) -> str:
    text = f"{abs(value) * 100:.2f}".rstrip("0")
    return text + "0" if text.endswith(".") else text


def _rates(lang: str, mapping: dict, name=str) -> str:
    if not mapping:
        return label(lang, "a_none")
    sep = "；" if lang == "zh" else "; "
    return sep.join(label(lang, "a_rate_named", name=name(k), value=_rate(float(v))) for k, v in mapping.items())


def _years(lang: str, mapping: dict) -> str:
    if not mapping:
        return label(lang, "a_none")
    sep = "；" if lang == "zh" else "; "
    return sep.join(label(lang, "a_rate_year", year=k, value=_rate(float(v))) for k, v in sorted(mapping.items()))


def event(lang: str, e: dict, names: dict[str, str]) -> str:
    """One event in words."""
    sep = "、" if lang == "zh" else ", "
    kind = e.get("type")
    if kind == "growth_shock":
        scope = e.get("scope", "all")
        if isinstance(scope, list):
            where = sep.join(names.get(c, c) for c in scope)
        elif scope == "all":
            where = label(lang, "ev_scope_all")
        else:
            where = label(lang, "ev_scope_tier", tier=tier_name(lang, scope))
        decay = float(e.get("decay") or 0.0)
        return label(lang, "ev_growth_shock", year=e["year"], scope=where, sign="+" if e["size"] >= 0 else "−",
                     size=_points(float(e["size"])), decay=label(lang, "ev_decay", share=f"{decay:.0%}") if decay else "")
    if kind == "project":
        return label(lang, "ev_project", county=names.get(e["county"], e["county"]), start=e["start"],
                     ramp=e.get("ramp_years", 1), gdp=f"{float(e['gdp']):,.0f}")
    if kind == "tier_promotion":
        return label(lang, "ev_promotion", tiers=sep.join(tier_name(lang, t) for t in e.get("tiers", ())),
                     name=label(lang, f"thr_{e.get('threshold', 'top100')}"))
    return json.dumps(e, ensure_ascii=False)


def rows(p: Projection, lang: str, names: dict[str, str]) -> list[list[str]]:
    """``[meaning, value in words]`` for every value of ``p``'s scenario."""
    s = p.scenario.to_dict()
    t = s["thresholds"]
    g, d = s.get("growth") or {}, s.get("deflator") or {}

    def default(value) -> str:
        return label(lang, "a_fitted_trend") if value is None else label(lang, "a_growth_default", value=_rate(value))

    out = [[meaning(lang, "model"), label(lang, f"a_model_{s.get('model', 'fitted')}")],
           [label(lang, "m_years"), label(lang, "a_years", base=s["base_year"], horizon=s["horizon"])],
           [meaning(lang, "growth.default"), default(g.get("default"))],
           [meaning(lang, "growth.tiers"), _rates(lang, g.get("tiers") or {}, lambda k: tier_name(lang, k))],
           [meaning(lang, "growth.counties"), _rates(lang, g.get("counties") or {}, lambda k: names.get(k, k))],
           [meaning(lang, "growth.years"), _years(lang, g.get("years") or {})]]
    shift = g.get("shift") or {}
    if any(shift.get(k) for k in ("default", "tiers", "counties")):
        parts = ([label(lang, "a_shift_points", value=f"{shift['default'] * 100:+.1f}")] if shift.get("default") else [])
        parts += [label(lang, "a_rate_named", name=tier_name(lang, k), value=label(lang, "a_shift_points", value=f"{v * 100:+.1f}"))
                  for k, v in (shift.get("tiers") or {}).items()]
        parts += [label(lang, "a_rate_named", name=names.get(k, k), value=label(lang, "a_shift_points", value=f"{v * 100:+.1f}"))
                  for k, v in (shift.get("counties") or {}).items()]
        out.append([meaning(lang, "growth.shift"), ("；" if lang == "zh" else "; ").join(parts)])
    out += [[meaning(lang, "deflator.default"), default(d.get("default"))],
            [meaning(lang, "deflator.years"), _years(lang, d.get("years") or {})]]
    if d.get("shift"):
        out.append([meaning(lang, "deflator.shift"), label(lang, "a_shift_points", value=f"{d['shift'] * 100:+.1f}")])
    if d.get("national") is not None:
        out.append([meaning(lang, "deflator.national"), label(lang, "a_growth_default", value=_rate(d["national"]))])
    if t.get("model") == "comparators":
        model = label(lang, "a_thresholds_comparators", n=t.get("comparators", ""))
    else:
        model = label(lang, "a_thresholds_fitted")
    out.append([meaning(lang, "thresholds.model"), model])
    growth = t.get("growth")
    out.append([meaning(lang, "thresholds.growth"),
                label(lang, "a_thr_growth_trend") if growth in (None, "trend") else _rate(float(growth))])
    tail = t.get("tail_index")
    out.append([meaning(lang, "thresholds.tail_index"),
                label(lang, "a_tail_fitted", alpha=p.fit.alpha) if tail is None else f"{float(tail):.2f}"])
    u = s.get("uncertainty") or {}
    fitted = s.get("model", "fitted") == "fitted"
    for key in SD_KEYS:
        if key in u:
            out.append([meaning(lang, f"uncertainty.{key}"), label(lang, "a_sd", value=_rate(float(u[key])))])
        elif fitted and key != "comparator":
            out.append([meaning(lang, f"uncertainty.{key}"), label(lang, "a_sd_fitted")])
    if "persistence" in u:
        out.append([meaning(lang, "uncertainty.persistence"), label(lang, "a_persistence", value=f"{float(u['persistence']):.2f}")])
    elif fitted:
        out.append([meaning(lang, "uncertainty.persistence"), label(lang, "a_sd_fitted")])
    events = s.get("events") or []
    sep = "；" if lang == "zh" else "; "
    out.append([meaning(lang, "events"), sep.join(event(lang, e, names) for e in events) or label(lang, "a_none")])
    out.append([meaning(lang, "milestones"), ("、" if lang == "zh" else ", ").join(str(m) for m in s["milestones"])])
    out.append([meaning(lang, "sustain_years"), label(lang, "a_sustain", n=s["sustain_years"])])
    known = {"name", "description", "model", "base_year", "horizon", "growth", "deflator", "thresholds", "uncertainty", "events",
             "milestones", "sustain_years"}
    for key, value in s.items():  # anything a newer scenario schema adds is shown as written
        if key not in known:
            out.append([meaning(lang, key) or key, json.dumps(value, ensure_ascii=False)])
    return out
