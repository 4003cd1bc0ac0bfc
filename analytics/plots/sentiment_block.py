"""Sentiment per story block: mean compound with 95% intervals, in rundown order."""

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
)
from analytics.plots._dots import ci_dots, finish
from analytics.plots.style import PALETTE, style


def sentiment_by_block(
    aggregates: pd.DataFrame,
    ax: Axes | None = None,
    *,
    transcript: str | None = None,
    title: str | None = None,
    label_width: int = 46,
) -> Figure:
    """One row per story block of one broadcast (default: the first), labelled by headline.

    ``aggregates``: one row per (transcript, block) with n_sentences, mean_compound,
    ci_low, ci_high and, for labels, headline (join the blocks table); without a headline
    the row reads "Block N".
    """
    require(
        aggregates,
        ["transcript", "block", "n_sentences", "mean_compound", "ci_low", "ci_high"],
        "sentiment by block",
    )
    ids = sorted(aggregates["transcript"].astype(str).unique())
    chosen = transcript if transcript is not None else (ids[0] if ids else None)
    rows = aggregates[aggregates["transcript"].astype(str) == str(chosen)]
    rows = rows.sort_values("block").reset_index(drop=True)
    with style():
        fig, ax = new_axes(ax, (8.5, bar_height(len(rows), per_bar=0.32)))
        name = broadcast_label(rows.iloc[0]) if len(rows) else str(chosen)
        ax.set_title(title or f"Sentiment per story block ({name})")
        if rows.empty:
            empty_message(ax, "no story blocks")
            return fig
        heads = rows["headline"] if "headline" in rows.columns else pd.Series([None] * len(rows))
        labels = [
            f"{b}. {shorten(h, label_width)}" if isinstance(h, str) and h else f"Block {b}"
            for b, h in zip(rows["block"], heads, strict=True)
        ]
        ci_dots(ax, rows, labels, [PALETTE[0]] * len(rows))
        finish(ax, rows)
        ax.set_ylabel("Story block (air order)")
    return fig
