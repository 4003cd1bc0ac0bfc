"""The biggest stories: minutes of air time per story, split by network."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from analytics.plots._common import bar_height, empty_message, new_axes, require, shorten
from analytics.plots.style import NEUTRAL, colour_for, style


def story_minutes(
    per_network: pd.DataFrame,
    ax: Axes | None = None,
    *,
    top: int = 15,
    title: str | None = None,
) -> Figure:
    """Horizontal bars: minutes per story, stacked by network, biggest story first.

    ``per_network``: one row per (story, network) with ``story, story_label, network,
    minutes`` (``coverage.story_aggregate(table, ["network"])``). The ``top`` stories by
    total minutes are drawn; the title says how many were left out.
    """
    require(per_network, ["story", "story_label", "network", "minutes"], "story minutes")
    frame = per_network.copy()
    frame["network"] = frame["network"].fillna("(unknown)").astype(str)
    totals = frame.groupby("story")["minutes"].sum().sort_values(ascending=False, kind="mergesort")
    shown = list(totals.index[:top])
    left = len(totals) - len(shown)
    frame = frame[frame["story"].isin(shown)]
    labels = frame.drop_duplicates("story").set_index("story")["story_label"]
    networks = sorted(frame["network"].unique())
    table = frame.pivot_table(
        index="story", columns="network", values="minutes", aggfunc="sum", fill_value=0.0
    ).reindex(index=shown, columns=networks, fill_value=0.0)
    with style():
        fig, ax = new_axes(ax, (9.0, bar_height(len(shown), per_bar=0.34, extra=1.7)))
        suffix = f" ({left} smaller not shown)" if left > 0 else ""
        ax.set_title(title or f"Minutes per story and network: the {len(shown)} biggest{suffix}")
        if table.empty:
            empty_message(ax, "no stories")
            return fig
        y = np.arange(len(shown))
        left_edge = np.zeros(len(shown))
        for k, network in enumerate(networks):
            values = table[network].to_numpy(dtype=float)
            ax.barh(
                y,
                values,
                left=left_edge,
                height=0.7,
                color=colour_for(k) if network != "(unknown)" else NEUTRAL,
                label=network,
                edgecolor="white",
                linewidth=0.4,
            )
            left_edge += values
        ax.set_yticks(y, [shorten(labels[s], 48) for s in shown])
        ax.set_ylim(len(shown) - 0.5, -0.5)
        ax.set_xlabel("Minutes of air time")
        ax.set_ylabel("Story (most minutes first)")
        ax.grid(axis="y", visible=False)
        ax.legend(loc="lower right", title="Network")
    return fig
