"""Two groups side by side: each topic's share of the group's air time."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from analytics.plots._common import bar_height, empty_message, new_axes, require, shorten
from analytics.plots.style import GROUP_COLOURS, style


def compare_air_time(
    per_group: pd.DataFrame,
    ax: Axes | None = None,
    *,
    group: str = "group",
    category: str = "topic_label",
    value: str = "share_minutes",
    groups: Sequence[str] | None = None,
    top: int = 12,
    title: str | None = None,
) -> Figure:
    """Paired horizontal bars: for each topic, its share of each group's air time.

    ``per_group``: ``coverage.aggregate(table, ["group", "topic_label"], within=["group"])``
    with two groups, drawn in the order of ``groups`` (default: as they first appear). Topics are ordered by their
    larger share; at most ``top`` are drawn.
    """
    require(per_group, [group, category, value], "compare air time")
    names = list(groups) if groups else list(dict.fromkeys(per_group[group].astype(str)))
    table = per_group.pivot_table(
        index=category, columns=group, values=value, aggfunc="sum", fill_value=0.0
    )
    table = table.reindex(columns=names, fill_value=0.0)
    order = table.max(axis=1).sort_values(ascending=False).index[:top]
    table = table.loc[order]
    with style():
        fig, ax = new_axes(ax, (9.0, bar_height(len(table), per_bar=0.46)))
        unit = "air time" if "minutes" in value else "words"
        ax.set_title(
            title or f"Share of {unit} by topic: {' vs '.join(shorten(n, 30) for n in names)}"
        )
        if table.empty or len(names) == 0:
            empty_message(ax, "nothing to compare")
            return fig
        height = 0.8 / len(names)
        y = np.arange(len(table))
        for k, name in enumerate(names):
            values = table[name].to_numpy(dtype=float)
            offset = (k - (len(names) - 1) / 2) * height
            ax.barh(
                y + offset,
                values,
                height=height * 0.95,
                color=GROUP_COLOURS[k % 2],
                label=shorten(name, 40),
            )
            for i, v in enumerate(values):
                if v < 0.005:  # would print as 0%
                    continue
                ax.annotate(
                    f"{v:.0%}",
                    (v, y[i] + offset),
                    xytext=(2, 0),
                    textcoords="offset points",
                    va="center",
                    fontsize=6.5,
                    color="#333333",
                )
        ax.set_yticks(y, [shorten(c, 40) for c in table.index])
        ax.set_ylim(len(table) - 0.5, -0.5)
        ax.grid(axis="y", visible=False)
        ax.set_xlim(0, float(table.to_numpy().max()) * 1.18 + 0.01)
        ax.xaxis.set_major_formatter(lambda v, _: f"{v:.0%}")
        ax.set_xlabel(f"Share of the group's {unit} (%)")
        ax.set_ylabel("Topic")
        ax.legend(title="Group", loc="lower right")
    return fig
