"""Messy inputs through the whole pipeline: each is read or reported, none stops a run.

Every fixture is made here. The table below is the list of cases with their outcome.
"""

from __future__ import annotations

import hashlib
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pipeline_fixtures import transcript_text, write_corpus

from analytics.errors import TranscriptFormatError
from analytics.ingest import parse_text
from analytics.ingest.decode import decode
from analytics.pipeline import TABLES, RunOptions, run

ROOT = Path(__file__).resolve().parent.parent
GOOD = transcript_text(0)
OPTIONS = RunOptions(workers=1, topics=False, progress=False)


def _page(text: str) -> str:
    paragraphs = "".join(f"<p>{p}</p>\n" for p in text.split("\n\n"))
    return (
        "<!DOCTYPE html><html><head><title>Transcript</title>"
        "<script>var s = '<p>EVIL: not text</p>';</script><style>p {margin: 0}</style></head>"
        f"<body><nav>Home | World</nav>{paragraphs}</body></html>"
    )


def _cases() -> dict[str, tuple[bytes, str, str]]:
    """name -> (bytes, expected status, expected encoding or a fragment of the reason)."""
    words = "The rain has not stopped since Monday and officials are worried about the dams. "
    return {
        "utf8.txt": (GOOD.encode(), "ok", "utf-8"),
        "utf8_bom.txt": (b"\xef\xbb\xbf" + GOOD.encode(), "ok", "utf-8"),
        "utf16_bom.txt": (GOOD.encode("utf-16"), "ok", "utf-16-le"),
        "utf16be_no_bom.txt": (GOOD.encode("utf-16-be"), "ok", "utf-16-be"),
        "cp1252.txt": (
            GOOD.replace("Thank you", "\u201cThank you\u201d").encode("cp1252"),
            "ok",
            "cp1252",
        ),
        "latin1.txt": (GOOD.replace("Tonight", "Se\u00f1or").encode("latin-1"), "ok", "cp1252"),
        "mixed.txt": (
            GOOD.replace("Tonight", "Caf\u00e9").encode()
            + "COOPER: \u201cOne more.\u201d\n".encode("cp1252"),
            "ok",
            "mixed",
        ),
        "nul_bytes.txt": (GOOD.encode().replace(b"storm", b"st\x00orm"), "ok", "utf-8"),
        "crlf.txt": (GOOD.replace("\n", "\r\n").encode(), "ok", "utf-8"),
        "nbsp.txt": (GOOD.replace("Good evening", "Good\u00a0evening").encode(), "ok", "utf-8"),
        "page.html": (_page(GOOD).encode(), "ok", "utf-8+html"),
        "page_cut_mid_tag.html": (_page(GOOD).encode()[:-60] + b'<p class="co', "ok", "utf-8+html"),
        "cut_mid_tag.txt": (GOOD.encode() + b"COOPER (voice-ov", "ok", "utf-8"),
        "header_no_body.txt": (
            b"Return to Transcripts main page\n\nANDERSON COOPER 360 DEGREES\n\n"
            b"Aired November 20, 2015 - 21:00   ET\n\nTHIS IS A RUSH TRANSCRIPT.\n",
            "failed",
            "no speaker tags",
        ),
        "huge_line.txt": (
            ("ANDERSON COOPER, CNN ANCHOR: " + words * (3_000_000 // len(words))).encode(),
            "ok",
            "utf-8",
        ),
        "empty.txt": (b"", "failed", "empty file"),
        "whitespace.txt": (b"\n \r\n\t\n", "failed", "no text"),
        "binary.txt": (random.Random(3).randbytes(4000), "failed", "binary file"),
        "pdf_renamed.txt": (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "failed", "PDF"),
        "prose.txt": (
            b"The storm hit on Monday. Officials said the dams held.\n\nMore rain is due.\n",
            "failed",
            "no speaker tags",
        ),
        "=cmd|calc.txt": (GOOD.encode(), "ok", "utf-8"),
    }


@pytest.fixture(scope="module")
def messy_run(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[Path, Path, dict[str, str], object]:
    base = tmp_path_factory.mktemp("messy")
    inputs = base / "in"
    inputs.mkdir()
    for name, (data, _, _) in _cases().items():
        (inputs / name).write_bytes(data)
    before = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in inputs.iterdir()}
    summary = run([inputs], base / "out", OPTIONS)
    return inputs, base / "out", before, summary


@pytest.mark.parametrize("name", sorted(_cases()))
def test_each_messy_input_is_read_or_reported(messy_run, name: str) -> None:
    _, out, _, _ = messy_run
    _, status, expected = _cases()[name]
    manifest = pd.read_parquet(out / "manifest.parquet")
    row = manifest[manifest["path"].str.endswith("/" + name)].iloc[0]
    assert row["status"] == status, row["reason"]
    if status == "ok":
        assert row["encoding"] == expected
    else:
        assert expected in row["reason"]
        assert row["reason"] and "\n" not in row["reason"]


def test_messy_inputs_keep_their_text(messy_run) -> None:
    _, out, _, _ = messy_run
    turns = pd.read_parquet(out / "turns.parquet")
    words = turns.groupby("transcript")["words"].sum()
    reference = words["utf8"]
    for same in ("utf8_bom", "utf16_bom", "utf16be_no_bom", "crlf", "nbsp", "page", "nul_bytes"):
        assert words[same] == reference, same
    speakers = set(turns.loc[turns["transcript"] == "page", "speaker"])
    assert "Evil" not in speakers and "EVIL" not in speakers  # the script was dropped
    assert turns.loc[turns["transcript"] == "huge_line", "words"].sum() > 400_000


def test_input_files_are_never_modified(messy_run) -> None:
    inputs, _, before, _ = messy_run
    after = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in inputs.iterdir()}
    assert after == before


def test_outputs_stay_inside_out_and_csv_cells_are_neutralised(messy_run) -> None:
    _, out, _, _ = messy_run
    names = {p.name for p in out.iterdir()}
    expected = {f"{t}.parquet" for t in TABLES} | {
        "manifest.parquet",
        "manifest.csv",
        "analytics.duckdb",
        "run.json",
        "timings.json",
        ".cache",
        ".lock",
    }
    assert names == expected
    text = (out / "manifest.csv").read_text()
    assert ",'=cmd|calc," in text
    assert ",=cmd|calc," not in text


def test_property_any_bytes_parse_or_raise_format_error() -> None:
    @given(
        st.one_of(
            st.binary(max_size=3000),
            st.lists(
                st.sampled_from(
                    [
                        "COOPER: ",
                        "ANDERSON COOPER, CNN ANCHOR: ",
                        "(BEGIN VIDEO CLIP)",
                        "(END VIDEO CLIP)",
                        "[21:00:00] ",
                        "\n\n",
                        "\n",
                        "Aired May 1, 2019 - 20:00 ET",
                        "Return to Transcripts main page\n",
                        ">>",
                        "words here. ",
                        "\u00a0",
                        "\r\n",
                        "UNIDENTIFIED MALE: ",
                        "(COMMERCIAL BREAK)",
                        ">>heading>>",
                        "Show: X Date: ",
                        "<p>",
                        "</p>",
                        "<!DOCTYPE html>",
                        "NAME (voice-over): ",
                        ":",
                        "(",
                        "[",
                    ]
                ),
                max_size=60,
            ).map(lambda parts: "".join(parts).encode("utf-8")),
        )
    )
    @settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    def check(data: bytes) -> None:
        try:
            transcript = parse_text(decode(data, source="x.txt").text, "x.txt")
        except TranscriptFormatError:
            return
        for turn in transcript.turns:
            assert transcript.text[turn.start_char : turn.end_char] == turn.text

    check()


def _count_parts(out: Path) -> int:
    parts = out / ".cache" / "parts"
    return sum(1 for p in parts.glob("*/*") if (p / "meta.json").is_file()) if parts.is_dir() else 0


def test_pool_workers_exit_when_the_run_is_killed(tmp_path: Path) -> None:
    import psutil

    inputs = tmp_path / "in"
    write_corpus(inputs, 40)
    cmd = [sys.executable, "-m", "analytics", "run", str(inputs), "--out", str(tmp_path / "out"),
           "--workers", "2", "--no-topics"]  # fmt: skip
    proc = subprocess.Popen(
        cmd, cwd=ROOT, env={**os.environ, "HF_HUB_OFFLINE": "1"},
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    parent = psutil.Process(proc.pid)
    deadline = time.monotonic() + 120
    children: list[psutil.Process] = []
    while time.monotonic() < deadline and proc.poll() is None:
        children = parent.children(recursive=True)
        if _count_parts(tmp_path / "out") >= 1 and len(children) >= 2:
            break
        time.sleep(0.05)
    assert proc.poll() is None and len(children) >= 2, "the pool never started"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    _, alive = psutil.wait_procs(children, timeout=20)
    for child in alive:
        child.kill()
    assert alive == [], f"{len(alive)} worker(s) outlived the killed run"


def test_sigkill_mid_run_keeps_previous_tables_and_next_run_completes(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    out = tmp_path / "out"
    write_corpus(inputs, 2)
    run([inputs], out, OPTIONS)
    before = {t: (out / f"{t}.parquet").read_bytes() for t in TABLES}
    write_corpus(inputs, 40, start=100)  # new work for the run that will be killed
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    cmd = [sys.executable, "-m", "analytics", "run", str(inputs), "--out", str(out),
           "--workers", "1", "--no-topics"]  # fmt: skip
    parts_before = _count_parts(out)
    proc = subprocess.Popen(
        cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    deadline = time.monotonic() + 300
    while (
        _count_parts(out) < parts_before + 3 and time.monotonic() < deadline and proc.poll() is None
    ):
        time.sleep(0.05)
    still_running = proc.poll() is None
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert still_running, "the run finished before it could be killed"
    kept = _count_parts(out) - parts_before  # transcripts the killed run finished
    assert 0 < kept < 40
    for table, data in before.items():
        assert (out / f"{table}.parquet").read_bytes() == data, table
    # the next run (a fresh process, like the killed one) completes and resumes
    done = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    manifest = pd.read_parquet(out / "manifest.parquet")
    assert (manifest["status"] == "ok").all()
    assert int((~manifest["cached"]).sum()) <= 42 - kept  # what the killed run finished is kept
    assert len(pd.read_parquet(out / "transcripts.parquet")) == 42
    leftovers = [
        p.name
        for p in out.iterdir()
        if p.name.startswith(".") and p.name not in (".cache", ".lock")
    ]
    assert leftovers == []
