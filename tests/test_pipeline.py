"""The corpus pipeline: tables and their columns, DuckDB views, manifest, cache, CLI."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from pipeline_fixtures import write_corpus

from analytics.pipeline import TABLES, RunOptions, collect_inputs, run

ROOT = Path(__file__).resolve().parent.parent
FAST = RunOptions(workers=1, topics=False, progress=False)
#: Corpus stages whose record says how they ran ("ran (...)").
TOLD = ("topics", "stories")

COLUMNS = {
    "transcripts": [
        "transcript", "file", "network", "show", "air_date", "air_time", "format", "words",
        "turns", "blocks",
    ],
    "speakers": [
        "transcript", "speaker", "role", "speaker_kind", "turns", "words", "person",
        "person_name", "person_evidence",
    ],
    "turns": [
        "transcript", "turn", "speaker", "role", "speaker_kind", "qualifier", "in_clip",
        "timestamp", "start_char", "end_char", "words", "block", "person", "person_name",
    ],
    "blocks": [
        "transcript", "block", "kind", "headline", "start_char", "end_char", "words", "turns",
        "sentences", "first_timestamp", "last_timestamp",
    ],
    "block_turns": [
        "transcript", "block", "turn", "speaker", "speaker_kind", "in_clip", "start_char",
        "end_char", "words", "sentences", "person", "person_name",
    ],
    "sentences": [
        "transcript", "block", "turn", "speaker", "role", "speaker_kind", "in_clip",
        "start_char", "end_char", "text", "neg", "neu", "pos", "compound", "network", "show",
        "person", "person_name",
    ],
    "topics": ["topic", "label", "words", "size"],
    "block_topics": ["transcript", "block", "topic", "probability", "fitted_topic", "placed"],
    "stories": [
        "story", "label", "kind", "first_aired", "last_aired", "networks", "shows",
        "transcripts", "blocks", "minutes", "words", "topic",
    ],
    "block_stories": ["transcript", "block", "story"],
    "coverage": [
        "transcript", "block", "kind", "headline", "turns", "words", "share", "start_minute",
        "end_minute", "minutes", "minutes_estimated", "network", "show", "air_date", "file",
        "topic", "topic_label", "story", "story_label",
    ],
    "people": [
        "person", "name", "status", "aliases", "networks", "shows", "roles", "kinds",
        "first_air_date", "last_air_date", "transcripts", "turns", "words",
    ],
    "people_ambiguous": ["transcript", "speaker_key", "speaker", "words", "reason", "candidates"],
}  # fmt: skip


def _digests(folder: Path) -> dict[str, str]:
    return {
        name: hashlib.sha256((folder / f"{name}.parquet").read_bytes()).hexdigest()
        for name in TABLES
    }


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    write_corpus(folder, 3)
    (folder / "notes.txt").write_text("Just some prose without any speaker tags at all.\n")
    return folder


def test_run_writes_every_table_with_documented_columns(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    summary = run([corpus], out, FAST)
    for name in TABLES:
        assert (out / f"{name}.parquet").is_file(), name
    for name, columns in COLUMNS.items():
        assert list(pd.read_parquet(out / f"{name}.parquet").columns) == columns, name
    transcripts = pd.read_parquet(out / "transcripts.parquet")
    assert sorted(transcripts["transcript"]) == [
        "cnn_2020-01-01_test0",
        "cnn_2020-01-02_test1",
        "cnn_2020-01-03_test2",
    ]
    turns = pd.read_parquet(out / "turns.parquet")
    assert (
        turns.groupby("transcript").size() == transcripts.set_index("transcript")["turns"]
    ).all()
    assert turns["block"].notna().all()
    assert set(turns["speaker"]) >= {"Anderson Cooper", "Dana Bash", "John King"}
    assert summary.stages["topics"] == "skipped (--no-topics)"
    assert all(summary.stages[s] == "ran" for s in summary.stages if s not in TOLD)
    assert summary.stages["stories"].startswith("ran (")
    sentences = pd.read_parquet(out / "sentences.parquet")
    assert len(sentences) > 0
    assert set(sentences["transcript"]) == set(transcripts["transcript"])


def test_offsets_in_the_tables_index_the_decoded_text(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    run([corpus], out, FAST)
    turns = pd.read_parquet(out / "turns.parquet")
    blocks = pd.read_parquet(out / "blocks.parquet")
    for transcript, group in turns.groupby("transcript"):
        text = (corpus / f"{transcript}.txt").read_text()
        for row in group.itertuples():
            assert row.words == len(text[row.start_char : row.end_char].split())
        spans = blocks[blocks["transcript"] == transcript].sort_values("block")
        assert (
            spans["start_char"].iloc[1:].to_numpy() == spans["end_char"].iloc[:-1].to_numpy()
        ).all()


def test_manifest_lists_every_input_with_status_and_reason(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    run([corpus], out, FAST)
    manifest = pd.read_csv(out / "manifest.csv")
    assert list(manifest.columns) == [
        "path", "transcript", "content_hash", "bytes", "encoding", "format", "status", "reason",
        "cached",
    ]  # fmt: skip
    assert len(manifest) == 4
    bad = manifest.set_index("transcript").loc["notes"]
    assert bad["status"] == "failed"
    assert "no speaker tags" in bad["reason"]
    good = manifest[manifest["status"] == "ok"]
    data = (corpus / "cnn_2020-01-01_test0.txt").read_bytes()
    assert hashlib.sha256(data).hexdigest() in set(good["content_hash"])
    assert (
        pd.read_parquet(out / "manifest.parquet")["status"].tolist() == manifest["status"].tolist()
    )


def test_duckdb_views_match_the_parquet_tables(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    run([corpus], out, FAST)
    con = duckdb.connect(str(out / "analytics.duckdb"), read_only=True)
    try:
        for name in [*TABLES, "manifest"]:
            (count,) = con.execute(f'SELECT count(*) FROM "{name}"').fetchone()
            assert count == len(pd.read_parquet(out / f"{name}.parquet")), name
        words = con.execute(
            "SELECT sum(turns.words) FROM turns JOIN transcripts USING (transcript) WHERE network = 'CNN'"
        ).fetchone()[0]
        assert words == pd.read_parquet(out / "turns.parquet")["words"].sum()
    finally:
        con.close()


def test_warm_rerun_recomputes_nothing_and_gives_identical_bytes(
    corpus: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    first = run([corpus], out, FAST)
    before = _digests(out)
    assert first.computed == 4
    second = run([corpus], out, FAST)
    assert second.computed == 0
    assert second.manifest["cached"].all()
    assert _digests(out) == before


def test_adding_one_transcript_processes_only_it(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    run([corpus], out, FAST)
    write_corpus(corpus, 1, start=7)
    summary = run([corpus], out, FAST)
    assert summary.computed == 1
    assert len(pd.read_parquet(out / "transcripts.parquet")) == 4


def test_changed_content_is_recomputed(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    run([corpus], out, FAST)
    path = corpus / "cnn_2020-01-02_test1.txt"
    path.write_text(path.read_text() + "\nCOOPER: One more thing before we go.\n")
    summary = run([corpus], out, FAST)
    assert summary.computed == 1
    turns = pd.read_parquet(out / "turns.parquet")
    assert (turns["transcript"] == "cnn_2020-01-02_test1").sum() == 6


def test_same_file_name_in_two_folders_gets_unique_ids(tmp_path: Path) -> None:
    write_corpus(tmp_path / "a", 1)
    write_corpus(tmp_path / "b", 1)
    summary = run([tmp_path / "a", tmp_path / "b"], tmp_path / "out", FAST)
    assert summary.manifest["transcript"].tolist() == [
        "cnn_2020-01-01_test0",
        "cnn_2020-01-01_test0_2",
    ]
    assert pd.read_parquet(tmp_path / "out" / "transcripts.parquet")["transcript"].is_unique


def test_collect_inputs_recurses_sorted_and_dedupes(tmp_path: Path) -> None:
    write_corpus(tmp_path / "x" / "deep", 2)
    (tmp_path / "x" / "image.png").write_bytes(b"\x89PNG")
    found = collect_inputs([tmp_path / "x", tmp_path / "x" / "deep" / "cnn_2020-01-01_test0.txt"])
    assert [p.name for p in found] == ["cnn_2020-01-01_test0.txt", "cnn_2020-01-02_test1.txt"]


def test_process_pool_gives_the_same_tables_as_one_process(corpus: Path, tmp_path: Path) -> None:
    run([corpus], tmp_path / "serial", FAST)
    pooled = RunOptions(workers=2, topics=False, progress=False)
    run([corpus], tmp_path / "pool", pooled)
    assert _digests(tmp_path / "serial") == _digests(tmp_path / "pool")


def test_cli_run_reports_failed_files_and_exits_non_zero(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    proc = subprocess.run(
        [sys.executable, "-m", "analytics", "run", str(corpus), "--out", str(out),
         "--workers", "1", "--no-topics"],
        capture_output=True, text=True, cwd=ROOT, env=env, check=False,
    )  # fmt: skip
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    failed = [line for line in proc.stderr.splitlines() if line.startswith("failed: ")]
    assert failed == [f"failed: {corpus / 'notes.txt'}: no speaker tags found"]
    assert "4 inputs: 3 ok, 1 failed" in proc.stderr


def test_cli_run_exits_zero_when_every_input_parses(tmp_path: Path) -> None:
    write_corpus(tmp_path / "in", 1)
    proc = subprocess.run(
        [sys.executable, "-m", "analytics", "run", str(tmp_path / "in"), "--out",
         str(tmp_path / "out"), "--workers", "1", "--no-topics"],
        capture_output=True, text=True, cwd=ROOT, check=False,
        env={**os.environ, "HF_HUB_OFFLINE": "1"},
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert "1 inputs: 1 ok, 0 failed" in proc.stderr


def test_missing_input_is_a_failed_row_not_a_crash(tmp_path: Path) -> None:
    write_corpus(tmp_path / "in", 1)
    summary = run([tmp_path / "in", tmp_path / "nope.txt"], tmp_path / "out", FAST)
    row = summary.manifest.set_index("transcript").loc["nope"]
    assert row["status"] == "failed"
    assert row["reason"] == "no such file"


def test_a_run_where_every_input_fails_still_writes_consistent_tables(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "empty.txt").write_bytes(b"")
    summary = run([tmp_path / "in"], tmp_path / "out", FAST)
    assert summary.manifest["status"].tolist() == ["failed"]
    assert not any(v.startswith("failed") for v in summary.stages.values()), summary.stages
    for name, columns in COLUMNS.items():
        frame = pd.read_parquet(tmp_path / "out" / f"{name}.parquet")
        assert frame.empty
        assert list(frame.columns) == columns, name


def test_run_with_topics_fits_them_and_joins_them_to_the_coverage(
    corpus: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    options = RunOptions(workers=1, topics=True, backend="tfidf", seed=3, progress=False)
    summary = run([corpus], out, options)
    assert summary.stages["topics"].startswith("ran (")
    assert summary.stages["topics"].endswith("backend tfidf)")
    topics = pd.read_parquet(out / "topics.parquet")
    links = pd.read_parquet(out / "block_topics.parquet")
    blocks = pd.read_parquet(out / "blocks.parquet")
    coverage = pd.read_parquet(out / "coverage.parquet")
    assert len(topics[topics["topic"] != -1]) >= 1
    # every block with words has a topic (or -1), and the coverage table carries it
    spoken = blocks[blocks["words"] > 0].set_index(["transcript", "block"]).index
    assert set(spoken) == set(links.set_index(["transcript", "block"]).index)
    assert set(links["topic"]) <= set(topics["topic"]) | {-1}
    joined = coverage.merge(links, on=["transcript", "block"], suffixes=("", "_link"))
    assert len(joined) == len(links)
    assert (joined["topic"] == joined["topic_link"]).all()
    labels = dict(zip(topics["topic"], topics["label"], strict=True))
    named = joined[joined["topic"] != -1]
    assert (named["topic_label"] == named["topic"].map(labels)).all()
    record = json.loads((out / "run.json").read_text())
    assert record["settings"]["backend"] == "tfidf"
    assert record["stages"]["topics"] == summary.stages["topics"]
    # every block has a story; topics follow stories; coverage carries the story
    stories = pd.read_parquet(out / "stories.parquet")
    block_stories = pd.read_parquet(out / "block_stories.parquet")
    assert set(block_stories.set_index(["transcript", "block"]).index) == set(
        blocks.set_index(["transcript", "block"]).index
    )
    assert set(block_stories["story"]) == set(stories["story"])
    assert stories["blocks"].sum() == len(blocks)
    followed = links.merge(block_stories, on=["transcript", "block"])
    assert followed.groupby("story")["topic"].nunique().max() == 1
    assert (links["fitted_topic"].isin(topics["topic"])).all()
    sizes = links["topic"].value_counts()
    assert all(
        int(sizes.get(t, 0)) == n for t, n in zip(topics["topic"], topics["size"], strict=True)
    )
    with_story = coverage.merge(block_stories, on=["transcript", "block"], suffixes=("", "_b"))
    assert (with_story["story"] == with_story["story_b"]).all()
    assert summary.stages["stories"].endswith(f"from {len(blocks)} blocks)")
    # the same run again: the same bytes, nothing refitted
    before = _digests(out)
    again = run([corpus], out, options)
    assert again.computed == 0
    assert _digests(out) == before


def test_every_block_has_a_coverage_row_and_the_words_add_up(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    run([corpus], out, FAST)
    blocks = pd.read_parquet(out / "blocks.parquet")
    turns = pd.read_parquet(out / "turns.parquet")
    pieces = pd.read_parquet(out / "block_turns.parquet")
    coverage = pd.read_parquet(out / "coverage.parquet")
    key = ["transcript", "block"]
    assert list(coverage[key].itertuples(index=False)) == list(
        blocks.sort_values(key)[key].itertuples(index=False)
    )
    per = blocks.groupby("transcript")["words"].sum()
    assert per.equals(turns.groupby("transcript")["words"].sum())
    assert per.equals(coverage.groupby("transcript")["words"].sum())
    assert blocks.set_index(key)["words"].equals(pieces.groupby(key)["words"].sum())
    sentences = pd.read_parquet(out / "sentences.parquet")
    assert blocks.set_index(key)["sentences"].equals(sentences.groupby(key).size())


def test_tables_reach_arrow_as_from_pandas_converts_them() -> None:
    """The worker's direct conversion gives the columns ``pa.Table.from_pandas`` gives:
    same types, same values, nulls from None and NaN, empty columns of no type."""
    import datetime

    import numpy as np
    import pyarrow as pa

    from analytics.pipeline import _arrow

    frames = [
        pd.DataFrame(
            {
                "a": [None, "x", "y"],
                "b": [1.0, np.nan, 2.5],
                "d": [datetime.date(2018, 1, 2), None, datetime.date(2018, 1, 3)],
                "e": [True, False, True],
                "f": pd.Series(["x", None, "z"], dtype="str"),
                "g": np.array([1, 2, 3], dtype=np.int64),
            }
        ),
        pd.DataFrame(
            {
                "a": pd.Series([], dtype=object),
                "b": pd.Series([], dtype="int64"),
                "c": pd.Series([], dtype="str"),
            }
        ),
    ]
    # columns stored together in one 2-D block, and a filtered frame with a gappy index
    wide = pd.DataFrame(np.arange(15.0).reshape(5, 3), columns=["x", "y", "z"])
    wide["w"] = pd.Series(["p", None, "r", "s", "t"], dtype="str")
    wide.loc[1, "y"] = np.nan
    frames += [wide, wide[wide["x"] > 2].drop(columns=["y"])]
    for frame in frames:
        expected = pa.Table.from_pandas(frame, preserve_index=False).replace_schema_metadata(None)
        got = _arrow(frame)
        assert got.schema == expected.schema
        assert got.equals(expected)
    assert _arrow(frames[0]).column("b").null_count == 1
