"""The house style for every chart, applied in a context manager (never at import).

>>> from analytics.plots.style import style
>>> with style():
...     pass  # figures created here use the house style
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

import matplotlib as mpl

#: rcParams of the house style: plain white background, light grid, no top/right spines,
#: a font that ships with matplotlib (so every machine renders the same glyphs).
STYLE: Mapping[str, Any] = {
    "font.family": "DejaVu Sans",
    "font.size": 9.0,
    "axes.titlesize": 11.0,
    "axes.titleweight": "bold",
    "axes.titlelocation": "left",
    "axes.titlepad": 10.0,
    "axes.labelsize": 9.0,
    "axes.labelcolor": "#333333",
    "axes.edgecolor": "#666666",
    "axes.linewidth": 0.8,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "axes.axisbelow": True,
    "grid.color": "#dddddd",
    "grid.linewidth": 0.6,
    "xtick.labelsize": 8.0,
    "ytick.labelsize": 8.0,
    "xtick.color": "#333333",
    "ytick.color": "#333333",
    "legend.fontsize": 8.0,
    "legend.frameon": False,
    "figure.facecolor": "white",
    "axes.facecolor": "white",
    "figure.dpi": 100.0,
    "figure.titlesize": 12.0,
    "figure.titleweight": "bold",
    "svg.fonttype": "path",
}

#: Qualitative palette: Tableau 10, then lighter companions of the same hues, so twenty
#: categories (topics) get distinct colours before any repeats.
PALETTE: tuple[str, ...] = (
    "#4e79a7",
    "#f28e2b",
    "#59a14f",
    "#e15759",
    "#76b7b2",
    "#edc948",
    "#b07aa1",
    "#ff9da7",
    "#9c755f",
    "#d37295",
    "#a0cbe8",
    "#ffbe7d",
    "#8cd17d",
    "#b6992d",
    "#499894",
    "#f1ce63",
    "#d4a6c8",
    "#fabfd2",
    "#d7b5a6",
    "#86bcb6",
)

#: Grey for outliers, "other" and unassigned categories.
NEUTRAL = "#c8c8c8"

#: Colours for speaker kinds, fixed so a kind keeps its colour across charts.
KIND_COLOURS: Mapping[str, str] = {
    "anchor": "#4e79a7",
    "correspondent": "#f28e2b",
    "analyst": "#59a14f",
    "guest": "#b07aa1",
    "newsmaker": "#e15759",
    "unidentified": "#9c9c9c",
}

#: Colours for the two sides of a comparison (group A, group B).
GROUP_COLOURS: tuple[str, str] = ("#4e79a7", "#e15759")


@contextmanager
def style(overrides: Mapping[str, Any] | None = None) -> Iterator[None]:
    """Apply the house style (plus ``overrides``) for the duration of the block."""
    params = dict(STYLE)
    if overrides:
        params.update(overrides)
    with mpl.rc_context(params):
        yield


def colour_for(index: int) -> str:
    """The palette colour for a category index (cycles after twenty; negative -> neutral)."""
    if index < 0:
        return NEUTRAL
    return PALETTE[index % len(PALETTE)]
