"""The plan's 2025 targets: probability each is met."""

from __future__ import annotations


import pandas as pd
from matplotlib.axes import Axes

from sim.present.labels import label, number, target as target_name
from sim.present.plots.style import check_lang, finish, missing, new_axes, styled


def plan_targets(targets: pd.DataFrame, counties: pd.DataFrame | None = None, *, lang: str = "zh",
                 ax: Axes | None = None) -> Axes:
    """Each plan target: a bar for the probability it is met, with the projected median and the target
    written beside it; targets tiersim does not model are listed as such."""
    check_lang(lang)
    with styled():
        ax = new_axes(ax, (7.6, 1.2 + 0.42 * len(targets)))
        names = []
        for i, row in enumerate(targets.to_dict("records")):
            names.append(f"{target_name(lang, row['target'])} ({row['year']})")
            if missing(row["probability_met"]):
                ax.text(0.01, i, label(lang, "not_modelled"), va="center", fontsize=8, color="0.45", gid="not-modelled")
                continue
            met, unit = float(row["probability_met"]), str(row["unit"])
            ax.barh(i, met, color="#2e86c1" if met >= 0.5 else "#e67e22", height=0.6, gid="p-met")
            cell = label(lang, "target_cell", value=number(float(row["value_p50"]), unit),
                         target="" if missing(row["target_value"]) else number(float(row["target_value"]), unit))
            ax.text(min(met, 0.98) + 0.01, i, f"{met:.0%} · {cell}", va="center", fontsize=7.5, gid="target-text")
        ax.set_yticks(range(len(names)), labels=names)
        ax.set_ylim(len(names) - 0.5, -0.5)
        ax.set_xlim(0, 1.6)
        ax.set_xticks([0, 0.25, 0.5, 0.75, 1.0], labels=["0%", "25%", "50%", "75%", "100%"])
        ax.axvline(1.0, color="0.8", lw=0.8)
        ax.set_xlabel(label(lang, "p_met"))
        title = label(lang, "targets_title")
        if counties is not None:
            n = int((counties["estimated"] & counties["projected"]).sum())
            if n:
                title += "\n" + label(lang, "targets_note", n=n)
        ax.set_title(title)
        return finish(ax)
