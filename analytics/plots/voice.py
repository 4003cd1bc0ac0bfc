"""Share of voice: stacked 100% bars of words by speaker kind (or speaker) per group."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from analytics.plots._common import bar_height, empty_message, new_axes, require, shorten
from analytics.plots.style import KIND_COLOURS, NEUTRAL, colour_for, style


def share_of_voice(
    voice: pd.DataFrame,
    ax: Axes | None = None,
    *,
    group: str = "network",
    who: str = "speaker_kind",
    order: Sequence[str] | None = None,
    title: str | None = None,
) -> Figure:
    """One 100% bar per ``group`` value, split by ``who`` (share of the words spoken).

    ``voice``: :func:`analytics.coverage.share_of_voice` output with ``by=[group]``.
    Speaker kinds keep their house colours; segments of 6% or more are labelled. Bars are
    in the order of ``order`` (default: sorted).
    """
    require(voice, [group, who, "share"], "share of voice")
    table = voice.pivot_table(
        index=group, columns=who, values="share", aggfunc="sum", fill_value=0.0
    )
    kinds = [k for k in KIND_COLOURS if k in table.columns]
    rest = sorted(c for c in table.columns if c not in KIND_COLOURS)
    table = table[[*kinds, *rest]]
    if order:
        table = table.reindex([g for g in order if g in table.index])
    with style():
        fig, ax = new_axes(ax, (9.0, bar_height(len(table), per_bar=0.5, extra=1.8)))
        label = who.replace("_", " ")
        ax.set_title(
            title or f"Share of voice: words spoken by {label}, per {group.replace('_', ' ')}"
        )
        if table.empty:
            empty_message(ax, "no turns")
            return fig
        y = np.arange(len(table))
        left = np.zeros(len(table))
        for i, column in enumerate(table.columns):
            values = table[column].to_numpy(dtype=float)
            colour = KIND_COLOURS.get(
                str(column), NEUTRAL if column == "unknown" else colour_for(i)
            )
            ax.barh(
                y,
                values,
                left=left,
                color=colour,
                height=0.65,
                label=shorten(column, 24),
                edgecolor="white",
                linewidth=0.5,
            )
            for j, v in enumerate(values):
                if v >= 0.06:
                    ax.text(
                        left[j] + v / 2,
                        y[j],
                        f"{v:.0%}",
                        ha="center",
                        va="center",
                        fontsize=7,
                        color="white",
                    )
            left += values
        ax.set_yticks(y, [shorten(g, 30) for g in table.index])
        ax.set_ylim(len(table) - 0.5, -0.5)
        ax.set_xlim(0, 1)
        ax.xaxis.set_major_formatter(lambda v, _: f"{v:.0%}")
        ax.grid(axis="y", visible=False)
        ax.set_xlabel("Share of words spoken (%)")
        ax.set_ylabel(group.replace("_", " ").capitalize())
        ax.legend(title=label.capitalize(), loc="upper left", bbox_to_anchor=(1.01, 1.0))
    return fig
