"""Story blocks -> documents: the plain table the topic model is fitted on.

A documents frame has one row per story block, sorted by ``(transcript, block)``, with the
columns ``doc_id, transcript, block, text, show, network, air_date, headline, kind``. Text is
what was said in the block: its pieces of turns (:mod:`analytics.blocks`) joined, with
speaker tags, ``[HH:MM:SS]`` stamps and production markers such as ``(COMMERCIAL BREAK)``
removed.

Also here: the stop words every transcript repeats (anchors' names taken from the parsed
speakers, network names, filler of spoken English), passages (sentence-aligned pieces of
blocks, used when a corpus has too few blocks), and a stand-in block split for experiments
without a segmenter.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence

import numpy as np
import pandas as pd

from analytics.blocks import BlockPiece, block_pieces, pieces_by_block
from analytics.model import StoryBlock, Transcript
from analytics.topics.embed import split_windows
from analytics.words import FILLER_WORDS, NETWORK_WORDS, straight_apostrophes

DOCUMENT_COLUMNS = (
    "doc_id",
    "transcript",
    "block",
    "text",
    "show",
    "network",
    "air_date",
    "headline",
    "kind",
)


_STAMP = re.compile(r"\[\d{1,2}:\d{2}(?::\d{2})?\]")
_MARKER = re.compile(r"\((?:[A-Z][A-Z0-9 ,.'`/&-]*|inaudible|unintelligible|ph|sic)\)")
#: A speaker tag ("COOPER:", "JOHN KING, CNN CORRESPONDENT:", "[21:00:05] SMITH (voice-over):")
#: at the start of a line or after a sentence's end, with the stamp before it. The match
#: starts with its first character (a stamp's "[" or a capital) and then looks behind it,
#: so the regex engine skips to candidate characters instead of trying every position.
_TAG = re.compile(
    r"[\[A-Z](?:(?<![^\n].)|(?<=[.!?\"]\s.))"  # at a line start, or after ". ", "? " ...
    r"(?:(?<=\[)\d{1,2}:\d{2}(?::\d{2})?\]\s*[A-Z]|(?<=[A-Z]))"  # [stamp] CAPITAL, or CAPITAL
    r"[A-Z.'`\- ]{1,60}(?:,[A-Z0-9 .,'`()/&-]{1,80})?(?:\s*\([^)]{1,40}\))?:\s"
)
_NAME_TOKEN = re.compile(r"[^\W\d_]{2,}")


def clean_text(text: str) -> str:
    """Spoken words only: drop speaker tags, ``[HH:MM:SS]`` stamps and ``(MARKERS)``."""
    text = _TAG.sub(" ", text)
    text = _STAMP.sub(" ", text)
    text = _MARKER.sub(" ", text)
    text = straight_apostrophes(text)
    return " ".join(text.split())  # runs of white space as one space, none at the ends


def block_texts(
    transcript: Transcript,
    blocks: Sequence[StoryBlock],
    pieces: Sequence[BlockPiece] | None = None,
) -> list[str]:
    """The cleaned words of each block of ``blocks``: the text of its pieces of turns
    (:func:`analytics.blocks.block_pieces`, which ``pieces`` may pass in), joined."""
    if pieces is None:
        pieces = block_pieces(transcript, blocks)
    grouped = pieces_by_block(blocks, pieces)
    text = transcript.text
    return [
        clean_text(" ".join(text[p.start_char : p.end_char] for p in grouped[b.index]))
        for b in blocks
    ]


def documents_from_transcripts(
    transcripts: Sequence[Transcript],
    blocks_by_transcript: Mapping[str, Sequence[StoryBlock]],
) -> pd.DataFrame:
    """One row per story block (keyed by ``Transcript.source``), sorted, empty blocks dropped."""
    rows: list[dict[str, object]] = []
    for transcript in transcripts:
        blocks = blocks_by_transcript.get(transcript.source, ())
        for block, text in zip(blocks, block_texts(transcript, blocks), strict=True):
            if not text:
                continue
            rows.append(
                {
                    "doc_id": f"{transcript.source}#{block.index}",
                    "transcript": transcript.source,
                    "block": block.index,
                    "text": text,
                    "show": transcript.show or "",
                    "network": transcript.network or "",
                    "air_date": pd.Timestamp(transcript.air_date)
                    if transcript.air_date is not None
                    else pd.NaT,
                    "headline": block.headline,
                    "kind": block.kind,
                }
            )
    return sort_documents(pd.DataFrame(rows, columns=list(DOCUMENT_COLUMNS)))


def sort_documents(documents: pd.DataFrame) -> pd.DataFrame:
    """Rows in the stable order ``(transcript, block)`` with a fresh 0..n-1 index."""
    missing = {"doc_id", "transcript", "block", "text"} - set(documents.columns)
    if missing:
        raise ValueError(f"documents frame lacks columns: {', '.join(sorted(missing))}")
    keys = ["transcript", "block", "doc_id"]
    order = documents[keys].reset_index(drop=True).sort_values(keys, kind="mergesort").index
    # a frame already in order is not copied (its texts can be most of a corpus stage's
    # memory); columns added below go to the new frame only (copy on write)
    in_order = bool((order.to_numpy() == np.arange(len(documents))).all())
    out = documents.copy(deep=False) if in_order else documents.take(order.to_numpy())
    for column in DOCUMENT_COLUMNS:
        if column not in out.columns:
            out[column] = pd.NaT if column == "air_date" else ""
    out["air_date"] = pd.to_datetime(out["air_date"])
    if out["doc_id"].duplicated().any():
        raise ValueError("documents frame has duplicate doc_id values")
    return out.reset_index(drop=True)


def passages(documents: pd.DataFrame, max_words: int) -> pd.DataFrame:
    """Sentence-aligned pieces of at most ``max_words`` words, ``doc_id`` kept per piece."""
    rows = [
        {"doc_id": doc_id, "passage": i, "text": piece}
        for doc_id, text in zip(documents["doc_id"], documents["text"], strict=True)
        for i, piece in enumerate(split_windows(text, max_words))
    ]
    return pd.DataFrame(rows, columns=["doc_id", "passage", "text"])


def transcript_stop_words(transcripts: Iterable[Transcript]) -> frozenset[str]:
    """Lower-case words of every speaker name, network and show in ``transcripts``."""
    words: set[str] = set()
    for transcript in transcripts:
        names = [speaker.name for speaker in transcript.speakers]
        names += [transcript.network or "", transcript.show or ""]
        for name in names:
            words.update(token.lower() for token in _NAME_TOKEN.findall(name))
    return frozenset(words)


def stop_words(extra: Iterable[str] = ()) -> list[str]:
    """Sorted stop list: scikit-learn's English words, filler, networks and ``extra``."""
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    return sorted(set(ENGLISH_STOP_WORDS) | FILLER_WORDS | NETWORK_WORDS | set(extra))


def stand_in_blocks(transcript: Transcript, *, max_words: int = 1500) -> tuple[StoryBlock, ...]:
    """Blocks cut at commercial breaks, and at turn boundaries past ``max_words`` words.

    A rough substitute for story segmentation, for experiments and benchmarks only.
    """
    turns = transcript.turns
    if not turns:
        return ()
    breaks = sorted(m.start_char for m in transcript.markers if "COMMERCIAL" in m.kind)
    groups: list[list[int]] = [[0]]
    words = turns[0].words
    for i in range(1, len(turns)):
        lo, hi = turns[i - 1].tag_start, turns[i].tag_start
        cut = any(lo <= p < hi for p in breaks) or words >= max_words
        if cut:
            groups.append([])
            words = 0
        groups[-1].append(i)
        words += turns[i].words
    blocks = []
    for n, group in enumerate(groups):
        start = transcript.body_start if n == 0 else turns[group[0]].tag_start
        end = turns[groups[n + 1][0]].tag_start if n + 1 < len(groups) else len(transcript.text)
        blocks.append(
            StoryBlock(
                index=n,
                start_char=start,
                end_char=end,
                kind="story",
                headline="",
                turn_indices=tuple(turns[i].index for i in group),
            )
        )
    return tuple(blocks)
