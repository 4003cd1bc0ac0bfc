"""Topics over time: each period's air time split by topic (stacked shares)."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from analytics.plots._common import empty_message, new_axes, require, shorten, topic_colours
from analytics.plots.style import NEUTRAL, style

OTHER = "Other topics"
_FORMATS = {"D": "%Y-%m-%d", "W": "week of %Y-%m-%d", "M": "%Y-%m"}


def topics_over_time(
    per_period: pd.DataFrame,
    ax: Axes | None = None,
    *,
    period: str = "period",
    value: str = "minutes",
    freq: str = "D",
    top: int = 8,
    title: str | None = None,
) -> Figure:
    """Stacked bars: for each period with broadcasts, the share of ``value`` per topic.

    ``per_period``: one row per (period, topic_label) with ``value`` (minutes or words), e.g.
    ``coverage.aggregate(coverage.add_period(table, "W"), ["period", "topic", "topic_label"])``.
    Periods without broadcasts are not drawn (bars sit side by side, labelled by date;
    ``freq`` "D", "W" or "M" sets the label format). The ``top`` topics by total ``value``
    keep their colour; the rest are summed as "Other topics".
    """
    require(per_period, [period, "topic_label", value], "topics over time")
    frame = per_period.copy()
    frame[period] = pd.to_datetime(frame[period])
    totals = frame.groupby("topic_label")[value].sum().sort_values(ascending=False)
    keep = [t for t in totals.index if t != "No topic (outliers)"][:top]
    frame["shown"] = frame["topic_label"].where(frame["topic_label"].isin(keep), OTHER)
    table = frame.pivot_table(
        index=period, columns="shown", values=value, aggfunc="sum", fill_value=0.0
    )
    table = table.reindex(columns=[*keep, *([OTHER] if OTHER in table.columns else [])])
    shares = table.div(table.sum(axis=1).replace(0, np.nan), axis=0).fillna(0.0).sort_index()
    with style():
        fig, ax = new_axes(ax, (max(7.0, min(14.0, 4.0 + 0.35 * len(shares))), 4.6))
        unit = "air time" if value.endswith("minutes") else "words"
        ax.set_title(title or f"Topics over time: share of {unit} per period")
        if shares.empty:
            empty_message(ax, "no dated coverage")
            return fig
        colours = topic_colours(frame)
        x = np.arange(len(shares))
        bottom = np.zeros(len(shares))
        for name in shares.columns:
            values = shares[name].to_numpy()
            ax.bar(
                x,
                values,
                bottom=bottom,
                width=0.8,
                color=colours.get(name, NEUTRAL),
                label=shorten(name, 36),
                edgecolor="white",
                linewidth=0.4,
            )
            bottom += values
        labels = [d.strftime(_FORMATS.get(freq, "%Y-%m-%d")) for d in shares.index]
        step = max(1, int(np.ceil(len(labels) / 24)))
        ax.set_xticks(
            x[::step],
            labels[::step],
            rotation=45 if len(labels) > 6 else 0,
            ha="right" if len(labels) > 6 else "center",
        )
        ax.set_xlim(-0.6, len(shares) - 0.4)
        ax.set_ylim(0, 1)
        ax.yaxis.set_major_formatter(lambda v, _: f"{v:.0%}")
        ax.set_ylabel(f"Share of {unit} (%)")
        ax.set_xlabel("Air date (periods with broadcasts only)")
        ax.grid(axis="x", visible=False)
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), title="Topic")
    return fig
