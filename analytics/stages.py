"""Per-transcript stages: bytes -> decoded text -> parsed transcript -> blocks -> tables.

:func:`process_document` is the unit of work the pipeline sends to a process pool or a Dask
worker: a pure function of the input bytes and its file name that returns small pandas
tables and a summary. Bad input never raises: the summary says what was wrong with it.

Every stage is required. A stage whose code cannot be imported (a broken install) raises
:class:`~analytics.errors.StageError` naming it, which stops the run; an unexpected error
inside a stage on one transcript fails that transcript with the stage named
(``meta["stage_error"]``), and the pipeline fails the run after listing them.

Segmentation depends on the transcript alone (:func:`analytics.segment.segment`, with the
IDF of the transcript itself), so a file gets the same blocks whatever else is in the run.
What each block owns (words, sentences, text) is :func:`analytics.blocks.block_pieces`.
"""

from __future__ import annotations

import bisect
import importlib
import time
import traceback
from collections.abc import Sequence
from dataclasses import dataclass, field
from types import ModuleType

import numpy as np
import pandas as pd

from analytics.blocks import BlockPiece, block_pieces, pieces_by_block
from analytics.errors import AnalyticsError, StageError, TranscriptFormatError
from analytics.ingest.decode import decode
from analytics.model import StoryBlock, Transcript

__all__ = [
    "STAGES",
    "DocumentResult",
    "load_stages",
    "process_document",
    "transcript_tables",
]

#: The per-transcript stages in the order they run, each with the module it needs.
STAGES: dict[str, str] = {
    "decode": "analytics.ingest.decode",
    "parse": "analytics.ingest",
    "segment": "analytics.segment",
    "sentences": "analytics.blocks",
    "speaker_kinds": "analytics.roles",
    "mentions": "analytics.names",
    "appearances": "analytics.people",
    "sentiment": "analytics.sentiment",
    "documents": "analytics.topics.documents",
    "names": "analytics.stories.names",
}


def load_stages() -> dict[str, ModuleType]:
    """Import the module of every stage; a stage that cannot be imported raises
    :class:`StageError` naming it and the import error."""
    modules = {}
    for stage, module in STAGES.items():
        try:
            modules[stage] = importlib.import_module(module)
        except ImportError as exc:
            raise StageError(stage, f"cannot import {module}: {exc}") from exc
    return modules


@dataclass
class DocumentResult:
    """Outcome of one input: ``meta`` (status, reason, format, encoding) and its tables."""

    meta: dict[str, object]
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)


def _int64(values: list[int]) -> np.ndarray:
    return np.array(values, dtype=np.int64)


def transcript_tables(
    transcript: Transcript,
    blocks: Sequence[StoryBlock],
    kinds: dict[str, str] | None = None,
    pieces: Sequence[BlockPiece] | None = None,
) -> dict[str, pd.DataFrame]:
    """The rows one transcript contributes to the transcripts, speakers, turns, blocks and
    block_turns tables (without the ``transcript`` key column, which the pipeline adds).

    Words and turns per block come from :func:`analytics.blocks.block_pieces` (``pieces``
    when given): a block's words are the words of its pieces of turns, so they add up to
    the transcript's words. A turn's ``block`` is the block that holds its start.
    """
    kinds = kinds or {}
    if pieces is None:
        pieces = block_pieces(transcript, blocks)
    head: dict[int, int] = {}
    for piece in pieces:
        head.setdefault(piece.turn, piece.block)
    turn_list = transcript.turns
    words = [t.words for t in turn_list]
    turns = pd.DataFrame(
        {
            "turn": _int64([t.index for t in turn_list]),
            "speaker": [t.speaker.name for t in turn_list],
            "role": [t.speaker.role for t in turn_list],
            "speaker_kind": [kinds.get(t.speaker.key) for t in turn_list],
            "qualifier": [t.qualifier for t in turn_list],
            "in_clip": np.array([t.in_clip for t in turn_list], dtype=bool),
            "timestamp": [t.timestamp for t in turn_list],
            "start_char": _int64([t.start_char for t in turn_list]),
            "end_char": _int64([t.end_char for t in turn_list]),
            "words": _int64(words),
            "block": _int64([head[t.index] for t in turn_list]),
        }
    )
    per_speaker: dict[str, list[int]] = {}
    for turn, n in zip(turn_list, words, strict=True):
        counts = per_speaker.setdefault(turn.speaker.key, [0, 0])
        counts[0] += 1
        counts[1] += n
    speakers = pd.DataFrame(
        {
            "speaker": [s.name for s in transcript.speakers],
            "role": [s.role for s in transcript.speakers],
            "speaker_kind": [kinds.get(s.key) for s in transcript.speakers],
            "turns": _int64([per_speaker.get(s.key, [0, 0])[0] for s in transcript.speakers]),
            "words": _int64([per_speaker.get(s.key, [0, 0])[1] for s in transcript.speakers]),
        }
    )
    stamps = sorted((s.start_char, s.value) for s in transcript.timestamps)
    stamp_starts = [s for s, _ in stamps]

    def stamp_at(position: int) -> str | None:
        """The latest ``[HH:MM:SS]`` stamp at or before ``position``."""
        i = bisect.bisect_right(stamp_starts, position) - 1
        return stamps[i][1] if i >= 0 else None

    grouped = pieces_by_block(blocks, pieces)
    block_rows = []
    for block in blocks:
        own = grouped[block.index]
        block_rows.append(
            {
                "block": block.index,
                "kind": block.kind,
                "headline": block.headline,
                "start_char": block.start_char,
                "end_char": block.end_char,
                "words": sum(p.words for p in own),
                "turns": len(own),
                "sentences": sum(len(p.sentences) for p in own),
                "first_timestamp": stamp_at(own[0].start_char) if own else None,
                "last_timestamp": stamp_at(own[-1].end_char) if own else None,
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
            "sentences",
            "first_timestamp",
            "last_timestamp",
        ],
    )
    speaker_of = {t.index: t for t in turn_list}
    block_turns = pd.DataFrame(
        {
            "block": _int64([p.block for p in pieces]),
            "turn": _int64([p.turn for p in pieces]),
            "speaker": [speaker_of[p.turn].speaker.name for p in pieces],
            "speaker_kind": [kinds.get(speaker_of[p.turn].speaker.key) for p in pieces],
            "in_clip": np.array([speaker_of[p.turn].in_clip for p in pieces], dtype=bool),
            "start_char": _int64([p.start_char for p in pieces]),
            "end_char": _int64([p.end_char for p in pieces]),
            "words": _int64([p.words for p in pieces]),
            "sentences": _int64([len(p.sentences) for p in pieces]),
        }
    )
    transcripts = pd.DataFrame(
        [
            {
                "network": transcript.network,
                "show": transcript.show,
                "air_date": transcript.air_date,
                "air_time": transcript.air_time.isoformat() if transcript.air_time else None,
                "format": transcript.format,
                "words": sum(words),
                "turns": len(turn_list),
                "blocks": len(blocks),
            }
        ]
    )
    return {
        "transcripts": transcripts,
        "speakers": speakers,
        "turns": turns,
        "blocks": blocks_frame,
        "block_turns": block_turns,
    }


def _listed(headline: str, items: set[str]) -> bool:
    """Whether a block's headline is made of items of the programme's story list."""
    parts = [p.strip() for p in headline.split("; ") if p.strip()]
    return bool(parts) and all(p in items for p in parts)


def process_document(data: bytes, source: str, *, debug: bool = False) -> DocumentResult:
    """Run every per-transcript stage on one input's bytes.

    ``source`` is the file's path as given (the parsers read network, show and date from
    its name). Bad input gives ``meta["status"] == "failed"`` and the reason. An unexpected
    error in a stage also fails the input, with ``meta["stage_error"]`` naming the stage
    (and the traceback when ``debug``), so one transcript never hides the others. A stage
    that cannot be imported raises :class:`StageError`: no transcript can go through it.
    """
    meta: dict[str, object] = {"status": "failed", "reason": "", "format": None, "encoding": None}
    seconds: dict[str, float] = {}
    meta["seconds"] = seconds
    clock = time.perf_counter()
    stage = "imports"  # only the first document of a process pays for them

    def lap(next_stage: str) -> None:
        nonlocal clock, stage
        now = time.perf_counter()
        seconds[stage] = seconds.get(stage, 0.0) + now - clock
        clock, stage = now, next_stage

    modules = load_stages()
    lap("decode")
    try:
        decoded = decode(data, source=source)
        meta["encoding"] = decoded.encoding + ("+html" if decoded.html else "")
        lap("parse")
        ingest = modules["parse"]
        meta["format"] = ingest.detect_format(decoded.text)
        transcript = ingest.parse_text(decoded.text, source)
        meta["format"] = transcript.format
        if not transcript.turns:
            raise TranscriptFormatError(source, "no speaker turns")
        lap("segment")
        blocks = tuple(modules["segment"].segment(transcript))
        lap("sentences")  # the spoken sentences, and the pieces of turns each block owns
        pieces = block_pieces(transcript, blocks)
        lap("speaker_kinds")
        kinds = dict(modules["speaker_kinds"].transcript_kinds(transcript))
        tables = transcript_tables(transcript, blocks, kinds, pieces)
        lap("mentions")
        mentions = modules["mentions"].turn_mentions(transcript)  # people and stories share it
        lap("appearances")
        people = modules["appearances"]
        appearances = people.transcript_appearances(transcript, "", kinds=kinds, mentions=mentions)
        tables["appearances"] = people.appearance_frame(appearances)
        lap("sentiment")
        sentences = modules["sentiment"].score_sentences(
            transcript, blocks, pieces=pieces, kinds=kinds
        )
        drop = [c for c in ("transcript", "file") if c in sentences.columns]
        tables["sentences"] = sentences.drop(columns=drop).reset_index(drop=True)
        lap("documents")
        documents = modules["documents"]
        listed = {h.strip() for h in transcript.headlines}
        tables["documents"] = pd.DataFrame(
            {
                "block": [b.index for b in blocks],
                "text": documents.block_texts(transcript, blocks, pieces),
                "headline": [b.headline for b in blocks],
                "kind": [b.kind for b in blocks],
                "listed": [_listed(b.headline, listed) for b in blocks],
            }
        )
        words = sorted(documents.transcript_stop_words([transcript]))
        tables["stop_words"] = pd.DataFrame({"word": pd.Series(words, dtype="str")})
        lap("names")
        names = modules["names"].names_table(
            [transcript], {transcript.source: blocks}, kinds=kinds, mentions=mentions
        )
        tables["block_names"] = names.drop(columns=["transcript"]).reset_index(drop=True)
        lap("done")
    except AnalyticsError as exc:
        meta["reason"] = getattr(exc, "reason", None) or str(exc)
        return DocumentResult(meta)
    except RecursionError:
        meta["reason"] = f"{stage}: input too deeply nested"
        return DocumentResult(meta)
    except ImportError as exc:  # a module a stage imports when it runs
        raise StageError(stage, f"cannot import: {exc}") from exc
    except Exception as exc:  # a bug in a stage: this input fails, the stage is named
        meta["reason"] = f"internal error in {stage}: {type(exc).__name__}: {exc}"
        meta["stage_error"] = stage
        if debug:
            meta["traceback"] = traceback.format_exc()
        return DocumentResult(meta)
    meta["status"] = "ok"
    return DocumentResult(meta, tables)
