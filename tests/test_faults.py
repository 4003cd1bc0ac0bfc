"""Faults a user meets, each a one-line error that loses nothing: a second run into a folder
in use, a full disk, a folder that cannot be written, a corpus with no readable transcript,
a notebook handed empty tables, a stage that cannot be imported."""

from __future__ import annotations

import errno
import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest
from pipeline_fixtures import write_corpus

from analytics.cli import main
from analytics.errors import OutputBusyError, OutputError, StageError
from analytics.pipeline import TABLES, RunOptions, run
from analytics.store import folder_lock

ROOT = Path(__file__).resolve().parent.parent
FAST = RunOptions(workers=1, topics=False, progress=False)
ENV = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "PYTHONPATH": str(ROOT)}


def _digests(folder: Path) -> dict[str, str]:
    names = [f"{t}.parquet" for t in TABLES] + ["manifest.parquet", "run.json"]
    return {n: hashlib.sha256((folder / n).read_bytes()).hexdigest() for n in names}


def _cli(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "analytics", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=ENV,
        check=False,
        timeout=900,
    )


def _one_error_line(stderr: str) -> str:
    assert "Traceback" not in stderr, stderr
    errors = [line for line in stderr.splitlines() if line.startswith("error: ")]
    assert len(errors) == 1, stderr
    return errors[0]


# -- a second run into the same folder ---------------------------------------------------------


def test_a_second_run_into_a_folder_in_use_stops_at_once_naming_the_first(tmp_path: Path) -> None:
    write_corpus(tmp_path / "in", 2)
    out = tmp_path / "out"
    out.mkdir()
    with folder_lock(out):  # the first run, as far as the second can tell
        with pytest.raises(OutputBusyError, match=f"pid {os.getpid()}"):
            run([tmp_path / "in"], out, FAST)
        proc = _cli("run", str(tmp_path / "in"), "--out", str(out), "--workers", "1", "--no-topics")
        assert proc.returncode == 1
        line = _one_error_line(proc.stderr)
        assert line == (
            f"error: {out} is in use: another run (pid {os.getpid()}) is writing its tables "
            "there; wait for it to finish or choose another --out"
        )
        assert not (out / "transcripts.parquet").exists()
    # once the first is done, the folder is free again
    summary = run([tmp_path / "in"], out, FAST)
    assert summary.computed == 2


# -- a full disk, an unwritable folder ---------------------------------------------------------


def _full(*args: object, **kwargs: object) -> None:
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


@pytest.mark.parametrize("where", ["cache", "tables"])
def test_a_full_disk_names_the_folder_and_keeps_the_previous_tables(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], where: str
) -> None:
    inputs, out = tmp_path / "in", tmp_path / "out"
    write_corpus(inputs, 2)
    run([inputs], out, FAST)
    before = _digests(out)
    write_corpus(inputs, 1, start=5)  # new work for the run that meets the full disk
    if where == "cache":  # every part the cache writes
        monkeypatch.setattr("analytics.store.write_part", _full)
    else:  # the combined tables, in the staging folder
        monkeypatch.setattr("analytics.pipeline.combine_parts", _full)
    with pytest.raises(OutputError) as caught:
        run([inputs], out, FAST)
    assert str(caught.value) == f"cannot write to {out}: No space left on device"
    assert _digests(out) == before
    code = main(["run", str(inputs), "--out", str(out), "--workers", "1", "--no-topics"])
    assert code == 1
    line = _one_error_line(capsys.readouterr().err)
    assert line == f"error: cannot write to {out}: No space left on device"
    assert _digests(out) == before
    assert not (out / ".staging").exists()


def test_out_that_is_not_a_folder_is_one_line(tmp_path: Path) -> None:
    write_corpus(tmp_path / "in", 1)
    blocker = tmp_path / "file.txt"
    blocker.write_text("not a folder\n")
    out = blocker / "out"
    proc = _cli("run", str(tmp_path / "in"), "--out", str(out), "--workers", "1", "--no-topics")
    assert proc.returncode == 1
    assert _one_error_line(proc.stderr) == f"error: cannot write to {out}: Not a directory"


@pytest.fixture
def small_disk(tmp_path: Path):
    """A 3 MB tmpfs mounted for the test (needs the right to mount: root in a container)."""
    mount = tmp_path / "small"
    mount.mkdir()
    made = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", str(mount)],
        capture_output=True,
        text=True,
        check=False,
    )
    if made.returncode != 0:
        pytest.skip(f"cannot mount a small file system here: {made.stderr.strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def test_a_real_full_disk_and_a_read_only_one(tmp_path: Path, small_disk: Path) -> None:
    inputs, out = tmp_path / "in", small_disk / "out"
    write_corpus(inputs, 2)
    args = ("run", str(inputs), "--out", str(out), "--workers", "1", "--no-topics")
    first = _cli(*args)
    assert first.returncode == 0, first.stderr
    before = _digests(out)
    # fill the disk
    with open(small_disk / "filler", "wb") as filler:
        try:
            while True:
                filler.write(b"\0" * 65536)
                filler.flush()
        except OSError as exc:
            assert exc.errno == errno.ENOSPC
    write_corpus(inputs, 3, start=10)
    full = _cli(*args)
    assert full.returncode == 1
    assert _one_error_line(full.stderr) == f"error: cannot write to {out}: No space left on device"
    assert _digests(out) == before
    # read-only
    (small_disk / "filler").unlink()
    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
    ro = _cli(*args)
    assert ro.returncode == 1
    assert _one_error_line(ro.stderr) == f"error: cannot write to {out}: Read-only file system"
    assert _digests(out) == before


# -- no readable transcript ----------------------------------------------------------------------


def test_a_notebook_handed_empty_tables_says_so_in_one_line(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "empty.txt").write_bytes(b"")
    tables = tmp_path / "tables"
    run([tmp_path / "in"], tables, FAST)
    proc = _cli(
        "notebook",
        "notebooks/02_rundown.ipynb",
        str(tmp_path / "02.ipynb"),
        "-p", "tables", str(tables),
        "-p", "out", str(tmp_path / "figures"),
    )  # fmt: skip
    assert proc.returncode == 1
    assert _one_error_line(proc.stderr) == (
        f"error: notebooks/02_rundown.ipynb: InputError: {tables}: the tables hold no "
        "transcript: no input could be read (see manifest.csv)"
    )
    assert not (tmp_path / "figures").exists()


def test_make_figures_stops_after_run_when_no_transcript_was_read(tmp_path: Path) -> None:
    corpus = tmp_path / "typo"
    corpus.mkdir()
    (corpus / "notes.txt").write_text("Prose without a single speaker tag.\n")
    tables = ROOT / "data" / "processed" / str(corpus).replace("/", "_").replace(".", "_")
    figures = tmp_path / "figures"
    try:
        # -o: never remake the environment stamp (it belongs to `make setup`)
        proc = subprocess.run(
            ["make", "-o", ".venv/.installed", "figures", f"CORPUS={corpus}",
             f"FIGDIR={figures}", "BACKEND=tfidf"],
            capture_output=True, text=True, cwd=ROOT, env=ENV, check=False, timeout=900,
        )  # fmt: skip
        assert proc.returncode != 0
        assert "notebook notebooks/" not in proc.stdout, "make went on to the notebooks"
        assert _one_error_line(proc.stderr) == (
            f"error: no transcript could be read from {corpus} "
            f"(see {tables.relative_to(ROOT)}/manifest.csv)"
        )
        assert not figures.exists()
    finally:
        import shutil

        shutil.rmtree(tables, ignore_errors=True)


# -- every stage is required ---------------------------------------------------------------------


def test_a_stage_that_cannot_be_imported_fails_the_run_naming_it(tmp_path: Path) -> None:
    write_corpus(tmp_path / "in", 1)
    # a broken install of vaderSentiment: importing it raises
    broken = tmp_path / "site" / "vaderSentiment"
    broken.mkdir(parents=True)
    (broken / "__init__.py").write_text("raise ImportError('vaderSentiment is broken')\n")
    (broken / "vaderSentiment.py").write_text("raise ImportError('vaderSentiment is broken')\n")
    env = {**ENV, "PYTHONPATH": f"{tmp_path / 'site'}{os.pathsep}{ROOT}"}
    proc = subprocess.run(
        [sys.executable, "-m", "analytics", "run", str(tmp_path / "in"), "--out",
         str(tmp_path / "out"), "--workers", "1", "--no-topics"],
        capture_output=True, text=True, cwd=ROOT, env=env, check=False,
    )  # fmt: skip
    assert proc.returncode == 1
    line = _one_error_line(proc.stderr)
    assert line.startswith("error: stage sentiment: cannot import analytics.sentiment: ")
    assert "vaderSentiment is broken" in line
    assert not (tmp_path / "out" / "transcripts.parquet").exists()


def test_a_corpus_stage_that_fails_stops_the_run_and_keeps_the_previous_tables(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    inputs, out = tmp_path / "in", tmp_path / "out"
    write_corpus(inputs, 2)
    run([inputs], out, FAST)
    before = _digests(out)
    write_corpus(inputs, 1, start=5)

    def broken(*args: object, **kwargs: object) -> None:
        raise ValueError("no clock")

    monkeypatch.setattr("analytics.coverage.attach_stories", broken)  # coverage stage only
    with pytest.raises(StageError, match=r"^stage coverage: ValueError: no clock$"):
        run([inputs], out, FAST)
    assert _digests(out) == before


def test_no_topics_is_recorded_in_run_json_and_in_the_fingerprint(tmp_path: Path) -> None:
    import json

    write_corpus(tmp_path / "in", 1)
    out = tmp_path / "out"
    run([tmp_path / "in"], out, FAST)
    record = json.loads((out / "run.json").read_text())
    assert record["settings"]["topics"] is False
    assert record["stages"]["topics"] == "skipped (--no-topics)"
    with_topics = RunOptions(workers=1, topics=True, backend="tfidf", progress=False)
    run([tmp_path / "in"], out, with_topics)
    record2 = json.loads((out / "run.json").read_text())
    assert record2["fingerprint"] != record["fingerprint"]
    assert record2["settings"]["topics"] is True
    assert record2["stages"]["topics"].startswith("ran (")
