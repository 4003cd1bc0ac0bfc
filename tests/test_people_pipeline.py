"""People in a run: person columns, the people tables, the DuckDB view and ``--people``."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from analytics.people import read_aliases
from analytics.pipeline import RunOptions, run

ROOT = Path(__file__).resolve().parent.parent
FAST = RunOptions(workers=1, topics=False, progress=False)

HOSTED = (
    "CNN Tonight, {day}\n\n"
    "LEMON: This is CNN Tonight. I'm Don Lemon. Joining me now, Matt Miller, a former "
    "Justice Department spokesman.\n\n"
    "MILLER: Thanks, Don. The memo is a big deal tonight.\n\n"
    "LEMON: Matt, what happens next?\n\n"
    "MILLER: The committee votes on it, and then we will see.\n"
)
QUIET = (
    "CNN Tonight, {day}\n\n"
    "LEMON: Good evening, everyone. We have a lot to get to tonight.\n\n"
    "MILLER: It is a big day for the committee, and a long night.\n"
)
GUEST = (
    "Anderson Cooper 360, {day}\n\n"
    "ANDERSON COOPER, CNN ANCHOR: Good evening. Don Lemon joins us.\n\n"
    "DON LEMON, CNN ANCHOR: Thank you, Anderson. It is good to be here.\n"
)


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    for name, text, day in (
        ("cnn_2015-04-09_cnnt_01.txt", HOSTED, "2015-04-09"),
        ("cnn_2015-04-10_cnnt_01.txt", HOSTED, "2015-04-10"),
        ("cnn_2015-04-11_cnnt_01.txt", QUIET, "2015-04-11"),
        ("cnn_2015-04-12_acd.txt", GUEST, "2015-04-12"),
    ):
        (folder / name).write_text(text.format(day=day), encoding="utf-8")
    return folder


def test_a_run_links_speakers_across_transcripts(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    summary = run([corpus], out, FAST)
    speakers = pd.read_parquet(out / "speakers.parquet").set_index(["transcript", "speaker"])
    lemon = speakers.loc[("cnn_2015-04-09_cnnt_01", "Lemon")]
    assert (lemon.person, lemon.person_name, lemon.person_evidence) == (
        "don-lemon",
        "Don Lemon",
        "self",
    )
    assert speakers.loc[("cnn_2015-04-12_acd", "Don Lemon"), "person"] == "don-lemon"
    assert speakers.loc[("cnn_2015-04-11_cnnt_01", "Lemon"), "person_evidence"] == "show"
    # the quiet Miller: two transcripts of the show say Matt Miller, so the show decides
    assert speakers.loc[("cnn_2015-04-11_cnnt_01", "Miller"), "person"] == "matt-miller"
    for table in ("turns", "block_turns", "sentences"):
        frame = pd.read_parquet(out / f"{table}.parquet")
        assert frame["person"].notna().all(), table
        assert set(frame.loc[frame["speaker"] == "Lemon", "person_name"]) == {"Don Lemon"}
    people = pd.read_parquet(out / "people.parquet").set_index("person")
    assert people.loc["don-lemon", "transcripts"] == 4
    assert list(people.loc["don-lemon", "kinds"]) == ["anchor", "guest"]
    assert list(people.loc["don-lemon", "aliases"]) == ["LEMON", "DON LEMON"]
    assert str(people.loc["don-lemon", "first_air_date"]) == "2015-04-09"
    assert summary.people["people"] == len(people)
    record = json.loads((out / "run.json").read_text())
    assert record["people"]["short_tags_linked"]["self"] == 2
    con = duckdb.connect(str(out / "analytics.duckdb"), read_only=True)
    try:
        ((words,),) = con.sql("SELECT sum(words) FROM turns WHERE person = 'don-lemon'").fetchall()
    finally:
        con.close()
    assert words == people.loc["don-lemon", "words"]


def test_alias_file_changes_the_run(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    run([corpus], out, FAST)
    aliases = tmp_path / "people.csv"
    aliases.write_text("tag,where,name\nMILLER,cnn_2015-04-11_*,Stephen Miller\n")
    summary = run([corpus], out, RunOptions(workers=1, topics=False, progress=False,
                                            people=read_aliases(aliases)))  # fmt: skip
    speakers = pd.read_parquet(out / "speakers.parquet").set_index(["transcript", "speaker"])
    assert speakers.loc[("cnn_2015-04-11_cnnt_01", "Miller"), "person"] == "stephen-miller"
    assert speakers.loc[("cnn_2015-04-11_cnnt_01", "Miller"), "person_evidence"] == "alias"
    assert summary.computed == 0  # per-transcript results came from the cache
    record = json.loads((out / "run.json").read_text())
    assert record["settings"]["people"] == [["MILLER", "cnn_2015-04-11_*", "Stephen Miller", None]]


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "analytics", *args],
        capture_output=True, text=True, cwd=ROOT, check=False,
        env={**os.environ, "HF_HUB_OFFLINE": "1"},
    )  # fmt: skip


def test_cli_people_file(corpus: Path, tmp_path: Path) -> None:
    aliases = tmp_path / "people.csv"
    aliases.write_text("tag,where,name\nLEMON,CNN Tonight,Don Lemon\n")
    out = tmp_path / "out"
    proc = _cli("run", str(corpus), "--out", str(out), "--workers", "1", "--no-topics",
                "--people", str(aliases))  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    speakers = pd.read_parquet(out / "speakers.parquet")
    assert set(speakers.loc[speakers["speaker"] == "Lemon", "person_evidence"]) == {"alias"}


def test_cli_bad_people_file_is_one_line(corpus: Path, tmp_path: Path) -> None:
    aliases = tmp_path / "people.csv"
    aliases.write_text("who,name\nLEMON,Don Lemon\n")
    proc = _cli("run", str(corpus), "--out", str(tmp_path / "out"), "--no-topics",
                "--people", str(aliases))  # fmt: skip
    assert proc.returncode == 2
    assert proc.stderr.strip().splitlines() == [
        f"error: {aliases}: line 1: the header must name the columns tag, where, name "
        "(and optionally person); got who, name"
    ]
    assert not (tmp_path / "out").exists()
