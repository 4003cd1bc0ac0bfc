"""Topics per show or network: a heat map of each topic's share of a class's coverage."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from analytics.plots._common import empty_message, new_axes, require, shorten
from analytics.plots.style import style


def topics_per_class(
    per_class: pd.DataFrame,
    ax: Axes | None = None,
    *,
    by: str = "network",
    value: str = "share_minutes",
    top: int = 12,
    max_classes: int = 12,
    title: str | None = None,
) -> Figure:
    """Heat map: rows are topics, columns the values of ``by``, cells ``value`` (a share).

    ``per_class``: ``coverage.aggregate(table, [by, "topic_label"], within=[by])``. The
    ``top`` topics by mean share are shown, most covered first; each cell is annotated.
    With more than ``max_classes`` classes, those with most air time (or words) are kept.
    """
    require(per_class, [by, "topic_label", value], "topics per class")
    weight = "minutes" if "minutes" in value else "words"
    frame = per_class
    extra = ""
    if per_class[by].nunique() > max_classes and weight in per_class.columns:
        sizes = per_class.groupby(by)[weight].sum().sort_values(ascending=False)
        frame = per_class[per_class[by].isin(sizes.index[:max_classes])]
        extra = f" ({max_classes} of {len(sizes)} with most coverage)"
    table = frame.pivot_table(
        index="topic_label", columns=by, values=value, aggfunc="sum", fill_value=0.0
    )
    order = table.mean(axis=1).sort_values(ascending=False).index[:top]
    table = table.loc[order]
    with style({"axes.grid": False}):
        fig, ax = new_axes(
            ax, (max(5.5, 2.6 + 1.1 * table.shape[1]), max(2.6, 1.2 + 0.36 * len(table)))
        )
        what = {"network": "network", "show": "show"}.get(by, by)
        unit = "air time" if "minutes" in value else "words"
        ax.set_title(title or f"Topics per {what}: share of each {what}'s {unit}{extra}")
        if table.empty:
            empty_message(ax, "no coverage")
            return fig
        data = table.to_numpy(dtype=float)
        image = ax.imshow(
            data, aspect="auto", cmap="Blues", vmin=0.0, vmax=max(0.05, float(np.nanmax(data)))
        )
        ax.set_xticks(
            range(table.shape[1]), [shorten(c, 18) for c in table.columns], rotation=30, ha="right"
        )
        ax.set_yticks(range(table.shape[0]), [shorten(r, 34) for r in table.index])
        limit = float(np.nanmax(data)) * 0.6
        for i in range(data.shape[0]):
            for j in range(data.shape[1]):
                ax.text(
                    j,
                    i,
                    f"{data[i, j]:.0%}",
                    ha="center",
                    va="center",
                    fontsize=7,
                    color="white" if data[i, j] > limit else "#222222",
                )
        ax.set_xlabel(what.capitalize())
        ax.set_ylabel("Topic")
        colorbar = fig.colorbar(image, ax=ax, fraction=0.04, pad=0.02)
        colorbar.ax.yaxis.set_major_formatter(lambda v, _: f"{v:.0%}")
        colorbar.set_label(f"Share of {unit}")
    return fig
