"""The corpus at a glance: each broadcast as a dot on its show's row, along air dates."""

from __future__ import annotations

import matplotlib.dates as mdates
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from analytics.plots._common import bar_height, empty_message, new_axes, require, shorten
from analytics.plots.style import NEUTRAL, colour_for, style


def broadcasts_over_time(
    transcripts: pd.DataFrame,
    ax: Axes | None = None,
    *,
    title: str | None = None,
) -> Figure:
    """Dots at each broadcast's air date, one row per show, coloured by network, sized by words.

    ``transcripts``: transcript, network, show, air_date and optionally words. Broadcasts
    without a date are counted in the title but not drawn.
    """
    require(transcripts, ["transcript", "network", "air_date"], "broadcasts over time")
    frame = transcripts.copy()
    if "show" not in frame.columns:
        frame["show"] = None
    frame["show"] = frame["show"].fillna("(no show)").astype(str)
    frame["network"] = frame["network"].fillna("(unknown)").astype(str)
    frame["air_date"] = pd.to_datetime(frame["air_date"], errors="coerce")
    undated = int(frame["air_date"].isna().sum())
    frame = frame.dropna(subset=["air_date"])
    rows = (
        frame[["network", "show"]]
        .drop_duplicates()
        .sort_values(["network", "show"])
        .reset_index(drop=True)
    )
    networks = sorted(frame["network"].unique())
    with style():
        fig, ax = new_axes(ax, (10.0, bar_height(len(rows), per_bar=0.3, extra=1.8)))
        suffix = f" ({undated} undated not shown)" if undated else ""
        ax.set_title(
            title
            or f"Broadcasts in the corpus by show and air date: {len(frame)} transcript{'s' if len(frame) != 1 else ''}{suffix}"
        )
        if frame.empty:
            empty_message(ax, "no dated broadcasts")
            return fig
        position = {(r.network, r.show): i for i, r in enumerate(rows.itertuples(index=False))}
        words = frame["words"] if "words" in frame.columns else pd.Series(8000, index=frame.index)
        scale = max(float(words.max()), 1.0)
        for k, network in enumerate(networks):
            part = frame[frame["network"] == network]
            ax.scatter(
                part["air_date"],
                [position[(n, s)] for n, s in zip(part["network"], part["show"], strict=True)],
                s=12 + 60 * words.loc[part.index] / scale,
                color=colour_for(k) if network != "(unknown)" else NEUTRAL,
                alpha=0.75,
                label=network,
                edgecolor="white",
                linewidth=0.4,
            )
        ax.set_yticks(
            range(len(rows)),
            [shorten(f"{r.show} ({r.network})", 40) for r in rows.itertuples(index=False)],
        )
        ax.set_ylim(len(rows) - 0.5, -0.5)
        locator = mdates.AutoDateLocator(minticks=3, maxticks=8)
        ax.xaxis.set_major_locator(locator)
        ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
        ax.set_xlabel("Air date (dot size: words in the transcript)")
        ax.set_ylabel("Show (network)")
        ax.legend(title="Network", loc="upper left", bbox_to_anchor=(1.01, 1.0), markerscale=1.2)
    return fig
