"""Stories across networks: one row per story, a mark per network and air date."""

from __future__ import annotations

import matplotlib.dates as mdates
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from analytics.plots._common import bar_height, empty_message, new_axes, require, shorten
from analytics.plots.style import NEUTRAL, colour_for, style


def story_timeline(
    per_day: pd.DataFrame,
    ax: Axes | None = None,
    *,
    min_networks: int = 2,
    top: int = 25,
    title: str | None = None,
) -> Figure:
    """Marks at each air date a story ran, one row per story, sized by minutes and
    coloured by network.

    ``per_day``: one row per (story, network, air date) with ``story, story_label, network,
    air_date, minutes``, e.g. ``coverage.story_aggregate(table, ["air_date", "network"])``.
    The stories on at least ``min_networks`` networks are drawn; when there are none, every
    story is, and the title says so. The ``top`` stories by minutes are drawn, earliest
    first; the title says how many were left out.
    """
    require(per_day, ["story", "story_label", "network", "air_date", "minutes"], "story timeline")
    frame = per_day.copy()
    frame["air_date"] = pd.to_datetime(frame["air_date"], errors="coerce")
    frame = frame.dropna(subset=["air_date"])
    networks_of = frame.groupby("story")["network"].nunique()
    shared = networks_of[networks_of >= min_networks].index
    crossing = len(shared) > 0
    if crossing:
        frame = frame[frame["story"].isin(shared)]
    totals = frame.groupby("story")["minutes"].sum().sort_values(ascending=False, kind="mergesort")
    shown = list(totals.index[:top])
    left = len(totals) - len(shown)
    frame = frame[frame["story"].isin(shown)]
    first = frame.groupby("story")["air_date"].min()
    order = sorted(shown, key=lambda s: (first[s], s))
    row_of = {s: i for i, s in enumerate(order)}
    labels = frame.drop_duplicates("story").set_index("story")["story_label"]
    networks = sorted(frame["network"].fillna("(unknown)").astype(str).unique())
    with style():
        fig, ax = new_axes(ax, (10.0, bar_height(len(order), per_bar=0.32, extra=1.9)))
        suffix = f"; {left} smaller not shown" if left > 0 else ""
        if crossing:
            head = f"Stories on more than one network: {len(order)} by air date{suffix}"
        else:
            n = len(order) + max(left, 0)
            head = (
                f"No story ran on more than one network; the {n} "
                f"stor{'y' if n == 1 else 'ies'} there are, by air date{suffix}"
            )
        ax.set_title(title or f"{head}\n(mark area: minutes that day)")
        if frame.empty:
            empty_message(ax, "no dated stories")
            return fig
        scale = max(float(frame["minutes"].max()), 1e-9)
        for k, network in enumerate(networks):
            part = frame[frame["network"].fillna("(unknown)").astype(str) == network]
            ax.scatter(
                part["air_date"],
                [row_of[s] for s in part["story"]],
                s=15 + 220 * part["minutes"].clip(lower=0) / scale,
                color=colour_for(k) if network != "(unknown)" else NEUTRAL,
                alpha=0.7,
                label=network,
                edgecolor="white",
                linewidth=0.5,
            )
        ax.set_yticks(range(len(order)), [shorten(labels[s], 48) for s in order])
        ax.set_ylim(len(order) - 0.5, -0.5)
        first_day, last_day = frame["air_date"].min(), frame["air_date"].max()
        pad = max(pd.Timedelta(days=3), (last_day - first_day) * 0.05)
        ax.set_xlim(first_day - pad, last_day + pad)
        locator = mdates.AutoDateLocator(minticks=3, maxticks=8)
        ax.xaxis.set_major_locator(locator)
        ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
        ax.set_xlabel("Air date")
        ax.set_ylabel("Story (earliest first)")
        ax.grid(axis="y", visible=False)
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), title="Network", markerscale=0.8)
    return fig
