"""Per-transcript stages: bytes -> decoded text -> parsed transcript -> blocks -> tables.

:func:`process_document` is the unit of work the pipeline sends to a process pool or a Dask
worker: a pure function of the input bytes and its file name that returns small pandas
tables and a summary, and never raises for bad input (the summary says what went wrong).

Optional stages (segmentation, sentiment, block documents for topics) are looked up when
the work runs; :func:`stage_report` says which ran and which were not available, and the
pipeline records it, so a missing stage is visible, never silent. Without a segmenter a
transcript is one block (the whole body), and the report says so.
"""

from __future__ import annotations

import contextlib
import importlib
import signal
import threading
import time
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from analytics.errors import AnalyticsError, TranscriptFormatError
from analytics.ingest.decode import decode
from analytics.model import StoryBlock, Transcript

__all__ = [
    "OPTIONAL_STAGES",
    "DocumentResult",
    "process_document",
    "stage_report",
    "transcript_tables",
]

#: name -> (module, attribute) of each optional per-transcript stage.
OPTIONAL_STAGES: dict[str, tuple[str, str]] = {
    "segment": ("analytics.segment", "segment"),
    "sentiment": ("analytics.sentiment", "score_sentences"),
    "speaker_kinds": ("analytics.roles", "transcript_kinds"),
    "documents": ("analytics.topics.documents", "block_text"),
    "stop_words": ("analytics.topics.documents", "transcript_stop_words"),
}


def _optional(name: str) -> Callable[..., Any] | None:
    module, attr = OPTIONAL_STAGES[name]
    try:
        return getattr(importlib.import_module(module), attr)
    except (ImportError, AttributeError):
        return None


def stage_report() -> dict[str, str]:
    """For each optional stage: ``"ran"`` or why it did not (module missing)."""
    report = {}
    for name, (module, attr) in OPTIONAL_STAGES.items():
        report[name] = "ran" if _optional(name) is not None else f"not available ({module}.{attr})"
    if report["segment"] != "ran":
        report["segment"] += "; each transcript is one block"
    return report


#: Time allowed to segment one transcript (a broadcast hour takes well under a second).
DEFAULT_SEGMENT_SECONDS = 120.0


class StageTimeout(Exception):
    """A stage ran past its time limit."""


@contextlib.contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Raise :class:`StageTimeout` in the block after ``seconds`` of wall time.

    Uses ``SIGALRM``, so it only acts in the main thread of a process on POSIX systems (the
    local engine's workers and serial runs); elsewhere (Dask threads) it does nothing.
    """
    usable = (
        seconds is not None
        and hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
    )
    if not usable:
        yield
        return

    def _raise(signum: int, frame: object) -> None:
        raise StageTimeout

    previous = signal.signal(signal.SIGALRM, _raise)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@dataclass
class DocumentResult:
    """Outcome of one input: ``meta`` (status, reason, format, encoding) and its tables."""

    meta: dict[str, object]
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)


def _whole_body(transcript: Transcript) -> tuple[StoryBlock, ...]:
    return (
        StoryBlock(
            index=0,
            start_char=transcript.body_start,
            end_char=len(transcript.text),
            kind="story",
            headline=transcript.headlines[0] if len(transcript.headlines) == 1 else "",
            turn_indices=tuple(t.index for t in transcript.turns),
        ),
    )


def transcript_tables(
    transcript: Transcript,
    blocks: tuple[StoryBlock, ...],
    kinds: dict[str, str] | None = None,
) -> dict[str, pd.DataFrame]:
    """The rows one transcript contributes to the transcripts, speakers, turns and blocks
    tables (without the ``transcript`` key column, which the pipeline adds)."""
    kinds = kinds or {}
    block_of: dict[int, int] = {}
    for block in blocks:
        for i in block.turn_indices:
            block_of.setdefault(i, block.index)
    turns = pd.DataFrame(
        {
            "turn": [t.index for t in transcript.turns],
            "speaker": [t.speaker.name for t in transcript.turns],
            "role": [t.speaker.role for t in transcript.turns],
            "speaker_kind": [kinds.get(t.speaker.key) for t in transcript.turns],
            "qualifier": [t.qualifier for t in transcript.turns],
            "in_clip": [t.in_clip for t in transcript.turns],
            "timestamp": [t.timestamp for t in transcript.turns],
            "start_char": [t.start_char for t in transcript.turns],
            "end_char": [t.end_char for t in transcript.turns],
            "words": [t.words for t in transcript.turns],
            "block": pd.array([block_of.get(t.index) for t in transcript.turns], dtype="Int64"),
        }
    )
    turns = turns.astype(
        {
            "turn": "int64",
            "start_char": "int64",
            "end_char": "int64",
            "words": "int64",
            "in_clip": bool,
        }
    )
    speakers_rows = []
    for speaker in transcript.speakers:
        mine = [t for t in transcript.turns if t.speaker.key == speaker.key]
        speakers_rows.append(
            {
                "speaker": speaker.name,
                "role": speaker.role,
                "speaker_kind": kinds.get(speaker.key),
                "turns": len(mine),
                "words": sum(t.words for t in mine),
            }
        )
    speakers = pd.DataFrame(
        speakers_rows, columns=["speaker", "role", "speaker_kind", "turns", "words"]
    )
    by_index = {t.index: t for t in transcript.turns}
    block_rows = []
    for block in blocks:
        its = [by_index[i] for i in block.turn_indices if i in by_index]
        stamps = [t.timestamp for t in its if t.timestamp]
        block_rows.append(
            {
                "block": block.index,
                "kind": block.kind,
                "headline": block.headline,
                "start_char": block.start_char,
                "end_char": block.end_char,
                "words": sum(t.words for t in its),
                "turns": len(its),
                "first_timestamp": stamps[0] if stamps else None,
                "last_timestamp": stamps[-1] if stamps else None,
            }
        )
    blocks_frame = pd.DataFrame(
        block_rows,
        columns=[
            "block",
            "kind",
            "headline",
            "start_char",
            "end_char",
            "words",
            "turns",
            "first_timestamp",
            "last_timestamp",
        ],
    )
    transcripts = pd.DataFrame(
        [
            {
                "network": transcript.network,
                "show": transcript.show,
                "air_date": transcript.air_date,
                "air_time": transcript.air_time.isoformat() if transcript.air_time else None,
                "format": transcript.format,
                "words": int(turns["words"].sum()),
                "turns": len(transcript.turns),
                "blocks": len(blocks),
            }
        ]
    )
    return {
        "transcripts": transcripts,
        "speakers": speakers,
        "turns": turns,
        "blocks": blocks_frame,
    }


def process_document(
    data: bytes,
    source: str,
    *,
    debug: bool = False,
    segment_seconds: float | None = DEFAULT_SEGMENT_SECONDS,
) -> DocumentResult:
    """Run every per-transcript stage on one input's bytes; never raises for bad input.

    ``source`` is the file's path as given (the parsers read network, show and date from
    its name). Bad input gives ``meta["status"] == "failed"`` and the reason; an unexpected
    error in a stage is also a failure, with the stage named (and the traceback when
    ``debug``), so one transcript never stops a corpus. Segmentation that runs longer than
    ``segment_seconds`` is stopped (where a time limit can be set, see :func:`time_limit`)
    and the transcript kept as one block, with the reason recorded.
    """
    meta: dict[str, object] = {"status": "failed", "reason": "", "format": None, "encoding": None}
    seconds: dict[str, float] = {}
    meta["seconds"] = seconds
    clock = time.perf_counter()
    stage = "decode"

    def lap(next_stage: str) -> None:
        nonlocal clock, stage
        now = time.perf_counter()
        seconds[stage] = seconds.get(stage, 0.0) + now - clock
        clock, stage = now, next_stage

    try:
        decoded = decode(data, source=source)
        meta["encoding"] = decoded.encoding + ("+html" if decoded.html else "")
        lap("parse")
        from analytics.ingest import detect_format, parse_text

        meta["format"] = detect_format(decoded.text)
        transcript = parse_text(decoded.text, source)
        meta["format"] = transcript.format
        if not transcript.turns:
            raise TranscriptFormatError(source, "no speaker turns")
        lap("segment")
        segment = _optional("segment")
        blocks = _whole_body(transcript)
        if segment is not None:
            try:
                with time_limit(segment_seconds):
                    blocks = tuple(segment(transcript))
            except StageTimeout:
                meta["reason"] = (
                    f"segmentation stopped after {segment_seconds:g} s; the body is one block"
                )
        lap("tables")
        kinds_fn = _optional("speaker_kinds")
        kinds = dict(kinds_fn(transcript)) if kinds_fn is not None else {}
        tables = transcript_tables(transcript, blocks, kinds)
        lap("sentiment")
        score = _optional("sentiment")
        if score is not None:
            sentences = score(transcript, blocks)
            drop = [c for c in ("transcript", "file") if c in sentences.columns]
            tables["sentences"] = sentences.drop(columns=drop).reset_index(drop=True)
        lap("documents")
        block_text = _optional("documents")
        if block_text is not None:
            tables["documents"] = pd.DataFrame(
                {
                    "block": [b.index for b in blocks],
                    "text": [block_text(transcript, b) for b in blocks],
                    "headline": [b.headline for b in blocks],
                    "kind": [b.kind for b in blocks],
                }
            )
            stop_words = _optional("stop_words")
            if stop_words is not None:
                tables["stop_words"] = pd.DataFrame({"word": sorted(stop_words([transcript]))})
        lap("done")
    except AnalyticsError as exc:
        meta["reason"] = getattr(exc, "reason", None) or str(exc)
        return DocumentResult(meta)
    except RecursionError:
        meta["reason"] = f"{stage}: input too deeply nested"
        return DocumentResult(meta)
    except Exception as exc:  # a bug in a stage must not stop the corpus: report it
        meta["reason"] = f"internal error in {stage}: {type(exc).__name__}: {exc}"
        if debug:
            meta["traceback"] = traceback.format_exc()
        return DocumentResult(meta)
    meta["status"] = "ok"
    return DocumentResult(meta, tables)
