"""Many broadcasts at a glance: one row per broadcast, its blocks coloured by topic."""

from __future__ import annotations

import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from analytics.plots._common import (
    bar_height,
    broadcast_label,
    empty_message,
    new_axes,
    require,
    shorten,
    topic_colours,
)
from analytics.plots.style import NEUTRAL, style


def rundown_overview(
    coverage: pd.DataFrame,
    ax: Axes | None = None,
    *,
    max_broadcasts: int = 40,
    legend_topics: int = 12,
    title: str | None = None,
) -> Figure:
    """Each broadcast a horizontal band of its story blocks along the clock, coloured by topic.

    ``coverage``: :func:`analytics.coverage.block_coverage` joined with topic_label (and
    network, show, air_date for the row labels) by :func:`analytics.coverage.attach`.
    Broadcasts are ordered by air date, then id; only the first ``max_broadcasts`` are drawn.
    """
    require(coverage, ["transcript", "block", "start_minute", "end_minute"], "rundown overview")
    frame = coverage.copy()
    if "topic_label" not in frame.columns:
        frame["topic_label"] = "no topics"
    order_cols = ["air_date", "transcript"] if "air_date" in frame.columns else ["transcript"]
    firsts = frame.sort_values(order_cols).drop_duplicates("transcript")
    shown = firsts.head(max_broadcasts)
    with style():
        fig, ax = new_axes(ax, (10.0, bar_height(len(shown), per_bar=0.3, extra=2.2)))
        extra = (
            "" if len(firsts) <= max_broadcasts else f" (first {max_broadcasts} of {len(firsts)})"
        )
        ax.set_title(title or f"Story blocks of each broadcast, coloured by topic{extra}")
        if shown.empty:
            empty_message(ax, "no broadcasts")
            return fig
        colours = topic_colours(frame)
        for y, row in enumerate(shown.itertuples(index=False)):
            blocks = frame[frame["transcript"] == row.transcript].sort_values("block")
            spans = list(
                zip(
                    blocks["start_minute"],
                    (blocks["end_minute"] - blocks["start_minute"]),
                    strict=True,
                )
            )
            ax.broken_barh(
                spans,
                (y - 0.36, 0.72),
                facecolors=[colours.get(str(t), NEUTRAL) for t in blocks["topic_label"]],
                edgecolor="white",
                linewidth=0.6,
            )
        ax.set_yticks(
            range(len(shown)), [broadcast_label(r, 44) for r in shown.itertuples(index=False)]
        )
        ax.set_ylim(len(shown) - 0.5, -0.5)
        ax.grid(axis="y", visible=False)
        ax.set_xlim(
            0,
            float(frame[frame["transcript"].isin(shown["transcript"])]["end_minute"].max()) * 1.02,
        )
        ax.set_xlabel("Minutes since the programme's first word")
        ax.set_ylabel("Broadcast")
        minutes = (
            frame.assign(m=frame["end_minute"] - frame["start_minute"])
            .groupby("topic_label")["m"]
            .sum()
            .sort_values(ascending=False)
        )
        top = list(minutes.index[:legend_topics])
        handles = [Patch(color=colours[str(t)], label=shorten(t, 36)) for t in top]
        if len(minutes) > legend_topics:
            handles.append(
                Patch(color="white", label=f"… {len(minutes) - legend_topics} more topics")
            )
        ax.legend(
            handles=handles,
            title="Topic (most air time first)",
            loc="upper left",
            bbox_to_anchor=(1.01, 1.0),
        )
    return fig
