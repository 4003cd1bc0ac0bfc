"""Distinctive words of two groups: signed log-likelihood G2 from :mod:`analytics.keyness`."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from analytics.plots._common import bar_height, empty_message, new_axes, require, shorten
from analytics.plots.style import GROUP_COLOURS, style


def distinctive_words(
    table: pd.DataFrame,
    ax: Axes | None = None,
    *,
    labels: tuple[str, str] = ("target", "reference"),
    n: int = 15,
    title: str | None = None,
) -> Figure:
    """Diverging bars: the ``n`` words most typical of each group, G2 right for the target.

    ``table``: :func:`analytics.keyness.keyness` output (feature, G2, n_target,
    n_reference), sorted by G2. Each word is written at the end of its bar with its counts.
    """
    require(table, ["feature", "G2", "n_target", "n_reference"], "distinctive words")
    top = table[table["G2"] > 0].head(n)
    bottom = table[table["G2"] < 0].tail(n).iloc[::-1]
    rows = pd.concat([top, bottom], ignore_index=True)
    with style():
        fig, ax = new_axes(ax, (9.0, bar_height(len(rows), per_bar=0.24, extra=1.6)))
        a, b = (shorten(x, 34) for x in labels)
        ax.set_title(title or f"Distinctive words: {a} vs {b}")
        if rows.empty:
            empty_message(ax, "no words to compare")
            return fig
        y = np.arange(len(rows))
        colours = [GROUP_COLOURS[0] if g > 0 else GROUP_COLOURS[1] for g in rows["G2"]]
        ax.barh(y, rows["G2"], color=colours, height=0.72)
        high = float(max(rows["G2"].max(), 0.0))
        low = float(min(rows["G2"].min(), 0.0))
        span = max(high, -low)
        for i, row in enumerate(rows.itertuples(index=False)):
            right = row.G2 > 0
            ax.annotate(
                f"{row.feature} ({int(row.n_target)}:{int(row.n_reference)})",
                (row.G2, i),
                xytext=(3 if right else -3, 0),
                textcoords="offset points",
                ha="left" if right else "right",
                va="center",
                fontsize=7,
            )
        ax.set_xlim(low * 1.7 - span * 0.05, high * 1.7 + span * 0.05)
        ax.axvline(0.0, color="#888888", linewidth=0.8)
        ax.set_yticks([])
        ax.set_ylim(len(rows) - 0.5, -0.5)
        ax.grid(axis="y", visible=False)
        ax.set_xlabel(f"Signed log-likelihood G2 (right: more in {a}; left: more in {b})")
        ax.set_ylabel("Word (count in A : count in B)")
        ax.legend(
            handles=[
                Patch(color=GROUP_COLOURS[0], label=f"A: {a}"),
                Patch(color=GROUP_COLOURS[1], label=f"B: {b}"),
            ],
            loc="lower right",
        )
    return fig
