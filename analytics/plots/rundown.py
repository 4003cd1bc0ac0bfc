"""The rundown of one broadcast: its story blocks in order along the programme's clock."""

from __future__ import annotations

import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from analytics.plots._common import (
    bar_height,
    broadcast_label,
    empty_message,
    new_axes,
    require,
    topic_colours,
    topic_legend,
    wrap,
)
from analytics.plots.style import PALETTE, style


def rundown(
    coverage: pd.DataFrame,
    ax: Axes | None = None,
    *,
    transcript: str | None = None,
    title: str | None = None,
    label_width: int = 44,
) -> Figure:
    """One row per story block, a bar from its first to its last minute, labelled by headline.

    ``coverage`` is :func:`analytics.coverage.block_coverage` output (optionally with
    topic_label from :func:`analytics.coverage.attach`, which colours the bars; else the
    bars alternate colours). Only ``transcript`` is drawn (default: the first). Blocks whose
    minutes are estimated from words are hatched.
    """
    require(coverage, ["transcript", "block", "headline", "start_minute", "end_minute"], "rundown")
    ids = sorted(coverage["transcript"].astype(str).unique())
    chosen = transcript if transcript is not None else (ids[0] if ids else None)
    rows = coverage[coverage["transcript"].astype(str) == str(chosen)].sort_values("block")
    with style():
        fig, ax = new_axes(ax, (9.0, bar_height(len(rows), per_bar=0.44, extra=1.8)))
        name = broadcast_label(rows.iloc[0]) if len(rows) else str(chosen)
        ax.set_title(title or f"Rundown: story blocks in air order ({name})")
        if rows.empty:
            empty_message(ax, "no story blocks")
            return fig
        if "topic_label" in rows.columns:
            colours = topic_colours(coverage)
            faces = [colours[str(t)] for t in rows["topic_label"]]
        else:
            faces = [PALETTE[i % 2] for i in range(len(rows))]
        estimated = rows.get("minutes_estimated", pd.Series(False, index=rows.index)).astype(bool)
        y = list(range(len(rows)))
        widths = (rows["end_minute"] - rows["start_minute"]).clip(lower=0.05)
        ax.barh(
            y,
            widths,
            left=rows["start_minute"],
            color=faces,
            height=0.72,
            hatch=["///" if e else None for e in estimated],
            edgecolor="white",
            linewidth=0.5,
        )
        labels = [
            wrap(f"{b}. {h}", label_width, 2)
            for b, h in zip(rows["block"], rows["headline"], strict=True)
        ]
        ax.set_yticks(y, labels)
        ax.invert_yaxis()
        ax.grid(axis="y", visible=False)
        for i, (end, minutes) in enumerate(zip(rows["end_minute"], widths, strict=True)):
            ax.annotate(
                f"{minutes:.1f} min",
                (end, i),
                xytext=(3, 0),
                textcoords="offset points",
                va="center",
                fontsize=7,
                color="#333333",
            )
        ax.set_xlim(0, float(rows["end_minute"].max()) * 1.12 + 0.5)
        ax.set_xlabel("Minutes since the programme's first word")
        ax.set_ylabel("Story block (headline)")
        title = "Topic" if "topic_label" in rows.columns else None
        topic_legend(ax, rows, colours, estimated, width=40, title=title)
    return fig
