"""One truth for every number: ``run``, ``segment --json`` and ``topics --json`` give the same
blocks (offsets) and the same words per block for the same file, whether it is read with
other files or alone.

Three files: the sample and two short corpus files (CNN 10 and an MSNBC hour; neither is
reserved for evaluation, ../shared/gold/RESERVED.md).
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from analytics.cli import main

ROOT = Path(__file__).resolve().parent.parent
CORPUS_FILES = ("cnn/cnn_2019-05-02_cnn10.txt", "msnbc/msnbc_2018-01-22_lastword.txt")

#: transcript id -> block -> (start_char, end_char, words)
Blocks = dict[str, dict[int, tuple[int, int, int]]]

pytestmark = pytest.mark.corpus


@pytest.fixture(scope="module")
def paths(corpus_dir: Path) -> list[str]:
    return [str(ROOT / "data" / "raw" / "cnn_2015-11-20_acd.txt")] + [
        str(corpus_dir / name) for name in CORPUS_FILES
    ]


def _segment(paths: list[str], capsys: pytest.CaptureFixture[str]) -> Blocks:
    assert main(["segment", *paths, "--json"]) == 0
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    return {
        r["transcript"]: {
            b["block"]: (b["start_char"], b["end_char"], b["words"]) for b in r["blocks"]
        }
        for r in records
    }


def _topics(paths: list[str], capsys: pytest.CaptureFixture[str]) -> Blocks:
    args = ["topics", *paths, "--json", "--backend", "tfidf", "--seed", "1", "--cache-dir", ""]
    assert main(args) == 0
    record = json.loads(capsys.readouterr().out)
    out: Blocks = {}
    for a in record["assignments"]:
        out.setdefault(a["transcript"], {})[a["block"]] = (
            a["start_char"],
            a["end_char"],
            a["words"],
        )
    return out


def _run(paths: list[str], out: Path, capsys: pytest.CaptureFixture[str]) -> Blocks:
    assert main(["run", *paths, "--out", str(out), "--workers", "1", "--no-topics"]) == 0
    capsys.readouterr()
    blocks = pd.read_parquet(out / "blocks.parquet")
    result: Blocks = {}
    for row in blocks.itertuples(index=False):
        result.setdefault(row.transcript, {})[int(row.block)] = (
            int(row.start_char),
            int(row.end_char),
            int(row.words),
        )
    return result


def test_run_segment_and_topics_give_the_same_blocks_together_and_alone(
    paths: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    segmented = _segment(paths, capsys)
    assert len(segmented) == 3
    assert all(len(blocks) >= 2 for blocks in segmented.values()), segmented
    tabled = _run(paths, tmp_path / "all", capsys)
    assert tabled == segmented
    topics = _topics(paths, capsys)
    assert set(topics) == set(segmented)
    for name, blocks in topics.items():
        # topics leave out blocks with no spoken text; the others are the same blocks
        assert blocks == {b: segmented[name][b] for b in blocks}
        assert {b for b, (_, _, words) in segmented[name].items() if words > 20} <= set(blocks)
    for i, path in enumerate(paths):
        alone = _segment([path], capsys)
        (name,) = alone
        assert alone[name] == segmented[name], f"{name} alone"
        assert _run([path], tmp_path / f"alone{i}", capsys) == alone
        assert _topics([path], capsys)[name] == topics[name]
