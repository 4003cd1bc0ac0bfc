"""Sentiment by speaker kind (anchor, correspondent, guest, ...) with 95% intervals."""

from __future__ import annotations

import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from analytics.plots._common import bar_height, empty_message, new_axes, require
from analytics.plots._dots import ci_dots, finish
from analytics.plots.style import KIND_COLOURS, NEUTRAL, style


def sentiment_by_kind(
    aggregates: pd.DataFrame,
    ax: Axes | None = None,
    *,
    title: str | None = None,
) -> Figure:
    """Mean compound per speaker kind with bootstrap intervals, in a fixed kind order.

    ``aggregates``: one row per speaker_kind with n_sentences, mean_compound, ci_low,
    ci_high (``analytics.sentiment.aggregate(sentences, by=["speaker_kind"])``).
    """
    require(
        aggregates,
        ["speaker_kind", "n_sentences", "mean_compound", "ci_low", "ci_high"],
        "sentiment by kind",
    )
    order = {k: i for i, k in enumerate(KIND_COLOURS)}
    rows = aggregates.assign(_o=aggregates["speaker_kind"].map(lambda k: order.get(str(k), 99)))
    rows = rows.sort_values(["_o", "speaker_kind"]).drop(columns="_o").reset_index(drop=True)
    with style():
        fig, ax = new_axes(ax, (7.5, bar_height(len(rows), per_bar=0.42, minimum=2.6)))
        ax.set_title(title or "Sentiment by speaker kind: mean compound per sentence")
        if rows.empty:
            empty_message(ax, "no sentences")
            return fig
        colours = [KIND_COLOURS.get(str(k), NEUTRAL) for k in rows["speaker_kind"]]
        ci_dots(ax, rows, [str(k) for k in rows["speaker_kind"]], colours)
        finish(ax, rows)
        ax.set_ylabel("Speaker kind")
    return fig
