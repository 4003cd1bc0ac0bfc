"""Sentiment by speaker: mean compound score with its 95% interval, one row per speaker."""

from __future__ import annotations

import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from analytics.plots._common import bar_height, empty_message, new_axes, require, shorten
from analytics.plots._dots import ci_dots, finish
from analytics.plots.style import KIND_COLOURS, NEUTRAL, style


def sentiment_by_speaker(
    aggregates: pd.DataFrame,
    ax: Axes | None = None,
    *,
    top: int = 20,
    min_sentences: int = 5,
    title: str | None = None,
    label: str = "speaker",
) -> Figure:
    """Mean compound per speaker with bootstrap intervals, most sentences first.

    ``aggregates``: one row per speaker with ``label`` (default speaker), n_sentences,
    mean_compound, ci_low, ci_high (``analytics.sentiment.aggregate(sentences,
    by=["speaker", "speaker_kind"])``, or ``analytics.sentiment.by_person(sentences)`` with
    ``label="person_name"``: one row per person across transcripts); speaker_kind, when
    present, colours the dots. Speakers with fewer than ``min_sentences`` sentences are
    left out; at most ``top`` are drawn.
    """
    require(
        aggregates,
        [label, "n_sentences", "mean_compound", "ci_low", "ci_high"],
        "sentiment by speaker",
    )
    rows = aggregates[aggregates["n_sentences"] >= min_sentences]
    rows = rows.sort_values(["n_sentences", label], ascending=[False, True]).head(top)
    rows = rows.sort_values(["mean_compound", label], ascending=[False, True]).reset_index(
        drop=True
    )
    with style():
        fig, ax = new_axes(ax, (8.0, bar_height(len(rows), per_bar=0.3)))
        ax.set_title(title or "Sentiment by speaker: mean compound per sentence")
        if rows.empty:
            empty_message(ax, f"no speaker with {min_sentences} or more sentences")
            return fig
        kinds = (
            rows["speaker_kind"]
            if "speaker_kind" in rows.columns
            else pd.Series([None] * len(rows))
        )
        colours = [KIND_COLOURS.get(str(k), NEUTRAL) for k in kinds]
        ci_dots(ax, rows, [shorten(str(s), 30) for s in rows[label]], colours)
        finish(ax, rows)
        who = "Person" if label == "person_name" else "Speaker"
        ax.set_ylabel(f"{who} (most positive at the top)")
        present = [k for k in KIND_COLOURS if k in set(kinds.dropna().astype(str))]
        if present:
            ax.legend(
                handles=[Patch(color=KIND_COLOURS[k], label=k) for k in present],
                title="Speaker kind",
                loc="upper left",
                bbox_to_anchor=(1.01, 1.0),
            )
    return fig
