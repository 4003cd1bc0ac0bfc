"""Topic sizes and keywords: one bar per topic, its top words written beside it."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from analytics.plots._common import bar_height, empty_message, new_axes, require, shorten
from analytics.plots.style import NEUTRAL, colour_for, style


def keywords_text(words: object, n: int = 6) -> str:
    """The first ``n`` keywords of a list, array or comma/space separated string."""
    if words is None or (isinstance(words, float) and np.isnan(words)):
        return ""
    if isinstance(words, str):
        items = [w.strip() for w in words.replace(";", ",").split(",") if w.strip()]
        if len(items) <= 1:
            items = words.split()
    elif isinstance(words, Iterable):
        items = [str(w[0] if isinstance(w, (tuple, list)) else w) for w in words]
    else:
        items = [str(words)]
    return ", ".join(items[:n])


def _name(topic: int, label: object, words: object) -> str:
    """ "Topic N" when the label only repeats the keywords, else "N: label"."""
    if topic == -1:
        return "Outliers (no topic)"
    text = "" if label is None or (isinstance(label, float) and np.isnan(label)) else str(label)
    keys = keywords_text(words, n=50)
    if not text or keys.startswith(text.rstrip(", ")):
        return f"Topic {topic}"
    return f"{topic}: {shorten(text, 32)}"


def topic_sizes(
    topics: pd.DataFrame,
    ax: Axes | None = None,
    *,
    top: int = 15,
    unit: str = "story blocks",
    title: str | None = None,
    hide_empty: bool = True,
) -> Figure:
    """Horizontal bars of topic size (largest first), each labelled with its keywords.

    ``topics``: topic, label, size and optionally words (keywords as a list or string). The
    outlier topic -1 is drawn last, in grey, when present. ``hide_empty``: topics of size 0
    (on one transcript, topics found in passages that no whole block took) are left out and
    counted in a note under the chart.
    """
    require(topics, ["topic", "size"], "topic sizes")
    frame = topics.copy()
    empty = frame["size"] <= 0
    hidden = int((empty & (frame["topic"] != -1)).sum()) if hide_empty else 0
    if hide_empty:
        frame = frame[~empty]
    if "label" not in frame.columns:
        frame["label"] = [f"Topic {t}" for t in frame["topic"]]
    ranked = (
        frame[frame["topic"] != -1]
        .sort_values(["size", "topic"], ascending=[False, True])
        .head(top)
    )
    rows = pd.concat([ranked, frame[frame["topic"] == -1]], ignore_index=True)
    with style():
        fig, ax = new_axes(ax, (9.0, bar_height(len(rows), per_bar=0.36)))
        ax.set_title(title or f"Topics by size ({unit}) and their keywords")
        if rows.empty:
            empty_message(ax, "no topics")
            return fig
        y = list(range(len(rows)))
        colours = [colour_for(int(t)) if int(t) >= 0 else NEUTRAL for t in rows["topic"]]
        ax.barh(y, rows["size"], color=colours, height=0.7)
        words = rows["words"] if "words" in rows.columns else pd.Series([None] * len(rows))
        labels = [
            _name(int(t), lbl, kw)
            for t, lbl, kw in zip(rows["topic"], rows["label"], words, strict=True)
        ]
        ax.set_yticks(y, labels)
        ax.invert_yaxis()
        ax.grid(axis="y", visible=False)
        for i, (size, kw) in enumerate(zip(rows["size"], words, strict=True)):
            text = f"{int(size)}"
            keys = keywords_text(kw)
            if keys:
                text += f"  {shorten(keys, 60)}"
            ax.annotate(
                text,
                (size, i),
                xytext=(3, 0),
                textcoords="offset points",
                va="center",
                fontsize=7,
                color="#333333",
            )
        ax.set_xlim(0, float(rows["size"].max()) * 2.2 + 0.5)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        note = ""
        if hidden:
            plural = "s" if hidden > 1 else ""
            note = (
                f"\n{hidden} more topic{plural} with no {unit} of their own (found in "
                "passages) not shown; see the topics table"
            )
        ax.set_xlabel(f"Size ({unit}){note}")
        ax.set_ylabel("Topic")
    return fig
