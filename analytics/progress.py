"""Progress bars on stderr for the long stages of a run, shown on a terminal only.

One helper, so every stage's bar looks and behaves the same: tqdm on stderr, silent when
stderr is not a terminal (a log file, a notebook's captured output, a test) or when the
caller turns it off, and gone from the screen once the stage is done.
"""

from __future__ import annotations

import sys
from typing import Any

__all__ = ["progress_bar"]


def progress_bar(total: int, desc: str, *, unit: str = "it", enabled: bool = True) -> Any:
    """A tqdm bar of ``total`` steps named ``desc``; disabled when ``enabled`` is false, and
    by tqdm itself when stderr is not a terminal."""
    from tqdm import tqdm

    return tqdm(
        total=total,
        desc=desc,
        unit=unit,
        file=sys.stderr,
        disable=None if enabled else True,
        leave=False,
        dynamic_ncols=True,
    )
