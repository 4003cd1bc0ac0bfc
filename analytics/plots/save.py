"""Write a figure as PNG and SVG with fixed dpi and no volatile metadata.

Two runs on the same data write identical bytes: the PNG has no ``Software`` entry, the SVG
no ``Date``, and SVG element ids come from a fixed ``svg.hashsalt``.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib as mpl
from matplotlib.figure import Figure

#: Resolution of every PNG written by :func:`save`.
DPI = 150

#: Salt for SVG element ids; fixed so ids repeat between runs.
SVG_HASHSALT = "analytics"

_SAVE_RC = {
    "svg.hashsalt": SVG_HASHSALT,
    "svg.fonttype": "path",
    "savefig.dpi": DPI,
    "savefig.facecolor": "white",
    "savefig.edgecolor": "white",
    "savefig.bbox": "tight",
    "savefig.pad_inches": 0.1,
    "path.simplify": True,
}


def save(fig: Figure, path: str | Path, *, formats: tuple[str, ...] = ("png", "svg")) -> list[Path]:
    """Save ``fig`` next to ``path`` once per format (suffix replaced); returns the paths.

    ``save(fig, "figures/words_per_speaker")`` writes ``figures/words_per_speaker.png`` and
    ``.svg``; parent folders are created.
    """
    base = Path(path)
    if base.suffix.lower() in {".png", ".svg"}:
        base = base.with_suffix("")
    base.parent.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    with mpl.rc_context(_SAVE_RC):
        for fmt in formats:
            target = base.with_name(f"{base.name}.{fmt}")
            if fmt == "png":
                metadata: dict[str, str | None] = {"Software": None}
            elif fmt == "svg":
                metadata = {"Date": None}
            else:
                raise ValueError(f"unsupported figure format: {fmt!r} (use png or svg)")
            fig.savefig(target, format=fmt, dpi=DPI, metadata=metadata)
            written.append(target)
    return written
