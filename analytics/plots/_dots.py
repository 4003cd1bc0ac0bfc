"""Dot-and-whisker drawing shared by the sentiment charts."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from matplotlib.axes import Axes

#: x-axis label of every sentiment chart.
COMPOUND_LABEL = "Mean VADER compound per sentence (−1 negative, +1 positive), 95% bootstrap CI"


def ci_dots(
    ax: Axes,
    rows: pd.DataFrame,
    labels: Sequence[str],
    colours: Sequence[str],
    *,
    offset: float = 0.0,
    annotate: bool = True,
    marker: str = "o",
    label: str | None = None,
) -> None:
    """One dot per row at mean_compound with a horizontal bar from ci_low to ci_high."""
    y = np.arange(len(rows)) + offset
    mean = rows["mean_compound"].to_numpy(dtype=float)
    low = rows["ci_low"].to_numpy(dtype=float)
    high = rows["ci_high"].to_numpy(dtype=float)
    err = np.vstack([np.clip(mean - low, 0, None), np.clip(high - mean, 0, None)])
    err = np.nan_to_num(err)
    for i in range(len(rows)):
        ax.errorbar(
            mean[i],
            y[i],
            xerr=err[:, i : i + 1],
            fmt=marker,
            color=colours[i],
            ecolor=colours[i],
            elinewidth=1.6,
            capsize=2.5,
            markersize=5,
            label=label if i == 0 else None,
        )
    if annotate and "n_sentences" in rows.columns:
        for i, n in enumerate(rows["n_sentences"]):
            ax.annotate(
                f"n={int(n)}",
                (np.nan_to_num(high[i], nan=mean[i]), y[i]),
                xytext=(4, 0),
                textcoords="offset points",
                va="center",
                fontsize=6.5,
                color="#555555",
            )
    ax.set_yticks(np.arange(len(rows)), labels)


def finish(ax: Axes, rows: pd.DataFrame, n_rows: int | None = None) -> None:
    """Zero line, x limits that include every interval, labels and no horizontal grid."""
    ax.axvline(0.0, color="#888888", linewidth=0.8, zorder=0)
    low = float(np.nanmin([rows["ci_low"].min(), rows["mean_compound"].min(), 0.0]))
    high = float(np.nanmax([rows["ci_high"].max(), rows["mean_compound"].max(), 0.0]))
    pad = max(0.08, (high - low) * 0.18)
    ax.set_xlim(max(-1.05, low - 0.04), min(1.12, high + pad))
    ax.set_xlabel(COMPOUND_LABEL)
    ax.grid(axis="y", visible=False)
    n = len(rows) if n_rows is None else n_rows
    ax.set_ylim(n - 0.5, -0.5)
