"""Runs whose corpus is larger than the topic budget, and the progress bars of a run."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pandas as pd
import pytest

from analytics.pipeline import RunOptions, run
from tests.pipeline_fixtures import write_corpus


def test_a_run_over_the_budget_fits_a_sample_and_places_every_other_block(tmp_path: Path) -> None:
    write_corpus(tmp_path / "in", 40)
    options = RunOptions(workers=1, backend="tfidf", fit_blocks=30, progress=False, seed=1)
    run([tmp_path / "in"], tmp_path / "out", options)
    links = pd.read_parquet(tmp_path / "out" / "block_topics.parquet")
    blocks = pd.read_parquet(tmp_path / "out" / "blocks.parquet")
    assert len(links) == len(blocks) > 30
    assert links["placed"].sum() > 0 and (~links["placed"]).sum() >= 30
    assert (links["topic"] != -1).all()
    topics = pd.read_parquet(tmp_path / "out" / "topics.parquet")
    assert topics["size"].sum() == len(links), "topic sizes count every block"
    record = json.loads((tmp_path / "out" / "run.json").read_text())
    placed = int(links["placed"].sum())
    assert "sampled path" in record["stages"]["topics"]
    stated = f"{placed} of {len(blocks)} blocks placed by their words"
    assert stated in record["stages"]["topics"]
    assert record["settings"]["fit_blocks"] == 30
    timings = json.loads((tmp_path / "out" / "timings.json").read_text())
    assert set(timings["topic_seconds"]) == {"scan", "embed", "fit", "place"}
    again = tmp_path / "again"
    run([tmp_path / "in"], again, options)
    assert (again / "block_topics.parquet").read_bytes() == (
        tmp_path / "out" / "block_topics.parquet"
    ).read_bytes()


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize("terminal", [True, False])
def test_every_long_stage_shows_a_bar_on_a_terminal_and_nothing_elsewhere(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, terminal: bool
) -> None:
    write_corpus(tmp_path / "in", 40)
    stream = _Terminal() if terminal else io.StringIO()
    monkeypatch.setattr(sys, "stderr", stream)
    options = RunOptions(workers=1, backend="tfidf", fit_blocks=30, progress=True)
    run([tmp_path / "in"], tmp_path / "out", options)
    shown = stream.getvalue()
    names = [
        "reading inputs",
        "transcripts",
        "combining tables",
        "embedding (tfidf",
        "fitting topics",
        "placing blocks",
    ]
    if terminal:
        for name in names:
            assert name in shown, name
    else:
        assert shown == ""
