"""``plots.save`` writes identical bytes from run to run, without volatile metadata."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from matplotlib.figure import Figure

from analytics.plots import save, words_per_speaker

SCRIPT = """
import sys
import pandas as pd
from analytics.plots import save, words_per_speaker

turns = pd.DataFrame({
    "speaker": ["Ann Anchor", "Cory Correspondent", "Ann Anchor", "Gus Guest", "Unidentified Male"],
    "speaker_kind": ["anchor", "correspondent", "anchor", "guest", "unidentified"],
    "words": [120, 80, 45, 60, 7],
})
save(words_per_speaker(turns, title="Words spoken per speaker: synthetic"), sys.argv[1])
"""


def _run(out: Path) -> None:
    subprocess.run([sys.executable, "-c", SCRIPT, str(out)], check=True, timeout=120)


def test_save_is_byte_identical_across_processes(tmp_path: Path) -> None:
    first, second = tmp_path / "a" / "chart", tmp_path / "b" / "chart"
    _run(first)
    _run(second)
    for suffix in (".png", ".svg"):
        one = first.with_suffix(suffix).read_bytes()
        two = second.with_suffix(suffix).read_bytes()
        assert len(one) > 1000
        assert one == two, f"{suffix} differs between two processes"


def test_save_strips_volatile_metadata(tmp_path: Path) -> None:
    turns = pd.DataFrame({"speaker": ["A", "B"], "words": [3, 4]})
    paths = save(words_per_speaker(turns), tmp_path / "sub" / "chart.png")
    assert [p.name for p in paths] == ["chart.png", "chart.svg"]
    png = paths[0].read_bytes()
    assert png.startswith(b"\x89PNG")
    assert b"Software" not in png and b"matplotlib" not in png.lower()
    svg = paths[1].read_text()
    assert "<dc:date>" not in svg
    assert "<svg" in svg


def test_save_rejects_unknown_format(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="pdf"):
        save(Figure(), tmp_path / "x", formats=("pdf",))


def test_save_leaves_global_rcparams_alone(tmp_path: Path) -> None:
    import matplotlib as mpl

    before = dict(mpl.rcParams)
    save(words_per_speaker(pd.DataFrame({"speaker": ["A"], "words": [1]})), tmp_path / "c")
    assert dict(mpl.rcParams) == before
