"""Air time per story: minutes of each story block, labelled by headline."""

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
    shorten,
    topic_colours,
    topic_legend,
)
from analytics.plots.style import PALETTE, style


def air_time_per_story(
    coverage: pd.DataFrame,
    ax: Axes | None = None,
    *,
    top: int = 25,
    title: str | None = None,
    label_width: int = 50,
) -> Figure:
    """Horizontal bars of minutes per story block, longest first, with share of programme.

    ``coverage`` is :func:`analytics.coverage.block_coverage` output (topic_label, when
    present, colours the bars). With several broadcasts the label adds the broadcast; only
    the ``top`` longest blocks are drawn. Estimated minutes are hatched.
    """
    require(coverage, ["transcript", "block", "headline", "minutes", "share"], "air time per story")
    several = coverage["transcript"].nunique() > 1
    rows = coverage.sort_values(["minutes", "transcript", "block"], ascending=[False, True, True])
    rows = rows.head(top)
    with style():
        fig, ax = new_axes(ax, (9.0, bar_height(len(rows), per_bar=0.32)))
        ax.set_title(title or "Air time per story block")
        if rows.empty:
            empty_message(ax, "no story blocks")
            return fig
        if "topic_label" in rows.columns:
            colours = topic_colours(coverage)
            faces = [colours[str(t)] for t in rows["topic_label"]]
        else:
            faces = [PALETTE[0]] * len(rows)
        estimated = rows.get("minutes_estimated", pd.Series(False, index=rows.index)).astype(bool)
        labels = []
        for row in rows.itertuples(index=False):
            label = shorten(row.headline, label_width if not several else label_width - 14)
            if several:
                show = getattr(row, "show", None)
                aired = getattr(row, "air_date", None)
                if isinstance(show, str) and aired is not None and not pd.isna(aired):
                    where = f"{shorten(show, 18)}, {pd.Timestamp(aired):%Y-%m-%d}"
                else:
                    where = broadcast_label(row, 30)
                label = f"{label} ({where})"
            labels.append(label)
        y = list(range(len(rows)))
        ax.barh(
            y,
            rows["minutes"],
            color=faces,
            height=0.72,
            hatch=["///" if e else None for e in estimated],
            edgecolor="white",
            linewidth=0.5,
        )
        ax.set_yticks(y, labels)
        ax.invert_yaxis()
        ax.grid(axis="y", visible=False)
        for i, (minutes, share) in enumerate(zip(rows["minutes"], rows["share"], strict=True)):
            ax.annotate(
                f"{minutes:.1f} min ({share:.0%})",
                (minutes, i),
                xytext=(3, 0),
                textcoords="offset points",
                va="center",
                fontsize=7,
                color="#333333",
            )
        ax.set_xlim(0, float(rows["minutes"].max()) * 1.38 + 0.3)
        ax.set_xlabel("Air time (minutes; in brackets: share of the programme's words)")
        ax.set_ylabel("Story block (headline)")
        topic_legend(ax, rows, colours, estimated, width=36)
    return fig
