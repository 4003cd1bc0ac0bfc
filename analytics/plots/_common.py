"""Helpers shared by the chart modules: figure creation, label shortening, checks."""

from __future__ import annotations

import textwrap
from collections.abc import Iterable

import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure


def new_axes(ax: Axes | None, figsize: tuple[float, float]) -> tuple[Figure, Axes]:
    """``ax`` and its figure, or a new figure (not registered with pyplot) with one axes."""
    if ax is not None:
        fig = ax.get_figure(root=True)
        assert isinstance(fig, Figure)
        return fig, ax
    fig = Figure(figsize=figsize, layout="constrained")
    return fig, fig.add_subplot()


def bar_height(n: int, *, per_bar: float = 0.28, extra: float = 1.4, minimum: float = 2.4) -> float:
    """Figure height in inches that gives ``n`` horizontal bars room for their labels."""
    return max(minimum, extra + per_bar * n)


def shorten(text: object, width: int = 40) -> str:
    """``text`` on one line, cut at a word boundary to at most ``width`` characters."""
    clean = " ".join(str(text).split())
    if len(clean) <= width:
        return clean
    return textwrap.shorten(clean, width=width, placeholder="…") or clean[: width - 1] + "…"


def wrap(text: object, width: int = 28, lines: int = 2) -> str:
    """``text`` wrapped to at most ``lines`` lines of ``width`` characters (cut with "…")."""
    clean = " ".join(str(text).split())
    return "\n".join(textwrap.wrap(clean, width=width, max_lines=lines, placeholder="…"))


def require(frame: pd.DataFrame, columns: Iterable[str], what: str) -> None:
    """Raise ``ValueError`` when ``frame`` lacks any of ``columns``."""
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(f"{what}: missing column(s) {', '.join(missing)}")


def empty_message(ax: Axes, message: str) -> None:
    """Write ``message`` in the middle of an axes that has nothing to show."""
    ax.text(0.5, 0.5, message, ha="center", va="center", transform=ax.transAxes, color="#666666")
    ax.set_xticks([])
    ax.set_yticks([])


def topic_colours(frame: pd.DataFrame, label: str = "topic_label") -> dict[str, str]:
    """Colour per topic label: by topic id when the frame has a ``topic`` column (so a topic
    keeps its colour across charts), else by sorted label; outliers (-1) are grey."""
    from analytics.plots.style import NEUTRAL, colour_for

    colours: dict[str, str] = {}
    if "topic" in frame.columns:
        pairs = frame[["topic", label]].drop_duplicates().sort_values(["topic", label])
        for topic, name in pairs.itertuples(index=False):
            colours.setdefault(str(name), colour_for(int(topic)) if int(topic) >= 0 else NEUTRAL)
    else:
        for i, name in enumerate(sorted({str(x) for x in frame[label]})):
            colours[name] = colour_for(i)
    return colours


def broadcast_label(row: object, width: int = 40) -> str:
    """ "Network, Show, YYYY-MM-DD" for a row with those fields, else its transcript id."""
    parts = []
    for key in ("network", "show"):
        value = getattr(row, key, None)
        if value is not None and not (isinstance(value, float) and pd.isna(value)) and str(value):
            parts.append(str(value))
    aired = getattr(row, "air_date", None)
    if aired is not None and not pd.isna(aired):
        parts.append(pd.Timestamp(aired).strftime("%Y-%m-%d"))
    text = ", ".join(parts) if parts else str(getattr(row, "transcript", ""))
    return shorten(text, width)


def topic_legend(
    ax: Axes,
    rows: pd.DataFrame,
    colours: dict[str, str],
    estimated: Iterable[bool],
    *,
    width: int,
    title: str | None = None,
) -> None:
    """Legend of the topics in ``rows`` (column ``topic_label``) and, when any bar is
    hatched, of the hatch meaning "estimated from words"; placed right of the axes."""
    from matplotlib.patches import Patch

    handles = []
    if "topic_label" in rows.columns:
        seen = dict.fromkeys(str(t) for t in rows["topic_label"])
        handles = [Patch(color=colours[t], label=shorten(t, width)) for t in seen]
    if any(estimated):
        handles.append(
            Patch(facecolor="white", edgecolor="#555555", hatch="///", label="estimated from words")
        )
    if handles:
        ax.legend(handles=handles, title=title, loc="upper left", bbox_to_anchor=(1.01, 1.0))
