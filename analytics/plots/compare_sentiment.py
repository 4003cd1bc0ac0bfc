"""Two groups side by side: mean sentence sentiment per topic, with 95% intervals."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from analytics.plots._common import bar_height, empty_message, new_axes, require, shorten
from analytics.plots._dots import ci_dots, finish
from analytics.plots.style import GROUP_COLOURS, style


def compare_sentiment(
    aggregates: pd.DataFrame,
    ax: Axes | None = None,
    *,
    group: str = "group",
    category: str = "topic_label",
    groups: Sequence[str] | None = None,
    top: int = 12,
    min_sentences: int = 5,
    title: str | None = None,
) -> Figure:
    """For each topic, one dot and interval per group (mean compound per sentence).

    ``aggregates``: ``analytics.sentiment.aggregate(sentences, by=["group", "topic_label"])``
    (columns group, topic_label, n_sentences, mean_compound, ci_low, ci_high). Topics with
    the most sentences overall come first; cells under ``min_sentences`` are left out.
    Groups are drawn in the order of ``groups`` (default: as they first appear).
    """
    require(
        aggregates,
        [group, category, "n_sentences", "mean_compound", "ci_low", "ci_high"],
        "compare sentiment",
    )
    names = list(groups) if groups else list(dict.fromkeys(aggregates[group].astype(str)))
    rows = aggregates[aggregates["n_sentences"] >= min_sentences]
    sizes = rows.groupby(category)["n_sentences"].sum().sort_values(ascending=False)
    order = list(sizes.index[:top])
    with style():
        fig, ax = new_axes(ax, (9.0, bar_height(len(order), per_bar=0.46)))
        ax.set_title(title or f"Sentiment by topic: {' vs '.join(shorten(n, 30) for n in names)}")
        if not order:
            empty_message(ax, f"no topic with {min_sentences} or more sentences")
            return fig
        labels = [shorten(c, 40) for c in order]
        every = pd.DataFrame({category: order})
        for k, name in enumerate(names):
            part = rows[rows[group].astype(str) == name]
            part = every.merge(part, on=category, how="left")
            offset = (k - (len(names) - 1) / 2) * 0.3
            keep = part["n_sentences"].notna()
            shown = part.copy()
            shown.loc[~keep, ["mean_compound", "ci_low", "ci_high"]] = float("nan")
            ci_dots(
                ax,
                shown,
                labels,
                [GROUP_COLOURS[k % 2]] * len(shown),
                offset=offset,
                annotate=False,
                label=shorten(name, 40),
            )
        finish(ax, rows[rows[category].isin(order)], n_rows=len(order))
        ax.set_ylabel("Topic (most sentences first)")
        ax.legend(title="Group", loc="upper left", bbox_to_anchor=(1.01, 1.0))
    return fig
