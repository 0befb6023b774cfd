"""The plan's targets: the probability each is met, where that can be measured.

A target is measured like for like only over every unit the plan counts: the projected units plus the rest
of the county economy (:mod:`sim.run.rest`), as ``targets.csv``'s ``covers`` column says. Otherwise (a target
tiersim does not model, one marked ``not measurable``, or, in a table without ``covers``, a total over fewer
units than the plan's) the row is greyed with the reason in words: a probability of 0% there would be an
artefact, not a result."""

from __future__ import annotations

import pandas as pd
from matplotlib.axes import Axes

from sim.present.chartdata import About
from sim.present.labels import label, number, target as target_name
from sim.present.plots.style import (GDP_COLOR, GREY, INK, MUTED, TEXT_SIZE, check_lang, finish, frame, missing, new_axes,
                                     percent, styled, text_width, tidy)


def target_state(row: dict, projected: int | None, units: int | None) -> str:
    """``measured``, ``not_modelled``, ``not_measurable`` or ``partial`` (fewer units projected than the plan counts,
    in a table without ``covers``: one written before the targets covered all units).

    >>> target_state({"probability_met": 0.4}, 21, 78), target_state({"probability_met": 0.4}, 78, 78)
    ('partial', 'measured')
    >>> target_state({"probability_met": 0.4, "covers": "26 projected units + the other 52"}, 26, 78)
    'measured'
    >>> target_state({"probability_met": None, "covers": "not measurable: 21 projected"}, 21, 78)
    'not_measurable'
    """
    covers = row.get("covers")
    covers = "" if missing(covers) else str(covers)
    if str(row.get("status", "")) == "not measurable" or covers.startswith("not measurable"):
        return "not_measurable"
    if missing(row.get("probability_met")):
        return "not_modelled"
    if covers:
        return "measured"
    if projected is not None and units is not None and projected < units:
        return "partial"
    return "measured"


def bound(row: dict) -> str:
    """``"≥"`` before the probability of a target whose ``covers`` says it is a lower bound, else ``""``."""
    return "≥" if "lower bound" in ("" if missing(row.get("covers")) else str(row["covers"])) else ""


def measured_note(row: dict) -> str:
    """The strings key of a measured target's note: how the units tiersim does not project are counted.

    >>> measured_note({"target": "county_gdp_total", "covers": "all 78 of the plan's units projected"})
    'note_all_units'
    """
    covers = "" if missing(row.get("covers")) else str(row["covers"])
    if not covers:
        return "note_measured"
    if covers.startswith("all "):
        return "note_all_units"
    if row["target"] == "county_gdp_total":
        return "note_rest_total"
    return "note_rest_count" if "lower bound" in covers else "note_rest_none"


def plan_targets(targets: pd.DataFrame, counties: pd.DataFrame | None = None, *, units: int | None = None,
                 about: About | None = None, lang: str = "zh", ax: Axes | None = None) -> Axes:
    """Each plan target: a bar for the probability it is met (0–100%), with the projected median and the target
    written beside it; greyed with the reason where the probability cannot be read as a result. ``units`` is
    the number of county units the plan counts (78); ``counties`` says how many are projected."""
    check_lang(lang)
    projected = None if counties is None else int(counties["projected"].sum())
    names = [f"{target_name(lang, r['target'])} ({r['year']})" for r in targets.to_dict("records")]
    left = max((text_width(n, 8) for n in names), default=1.0) + 0.3
    with styled():
        ax = new_axes(ax, (7.6, 1.7 + 0.46 * len(targets)), left=left, right=0.3, top=0.8, bottom=0.85)
        for i, row in enumerate(targets.to_dict("records")):
            state = target_state(row, projected, units)
            ax.barh(i, 1.0, height=0.62, color="#f1f2f3", lw=0, zorder=0, gid="track")
            if state in ("not_modelled", "not_measurable"):
                ax.text(0.01, i, label(lang, state), va="center", fontsize=8, color=MUTED, gid="not-modelled")
                continue
            met, unit = float(row["probability_met"]), str(row["unit"])
            cell = label(lang, "target_cell", value=number(float(row["value_p50"]), unit),
                         target="" if missing(row["target_value"]) else number(float(row["target_value"]), unit))
            if state == "partial":
                ax.barh(i, met, color=GREY, height=0.62, gid="p-met")
                ax.text(0.01, i, f"{label(lang, 'partial', n=projected, units=units)} · {cell}", va="center", fontsize=TEXT_SIZE,
                        color=MUTED, gid="target-text")
                continue
            ax.barh(i, met, color=GDP_COLOR, height=0.62, gid="p-met")
            inside = met > 0.55
            ax.text(met - 0.01 if inside else met + 0.01, i, f"{bound(row)}{percent(met)} · {cell}", va="center",
                    ha="right" if inside else "left", fontsize=TEXT_SIZE, color="white" if inside else INK, gid="target-text")
        ax.set_yticks(range(len(names)), labels=names)
        ax.set_ylim(len(names) - 0.5, -0.5)
        ax.set_xlim(0, 1.0)
        ax.set_xticks([0, 0.25, 0.5, 0.75, 1.0], labels=["0%", "25%", "50%", "75%", "100%"])
        ax.tick_params(axis="y", length=0)
        ax.spines["left"].set_visible(False)
        tidy(ax, "x")
        ax.set_xlabel(label(lang, "p_met"))
        extra = ""
        if counties is not None:
            n = int((counties["estimated"] & counties["projected"]).sum())
            extra = label(lang, "targets_note", n=n) if n else ""
        frame(ax, label(lang, "targets_title"), about, lang, extra=extra)
        return finish(ax)
