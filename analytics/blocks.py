"""What belongs to a story block: the one definition every table and command uses.

Blocks partition a transcript's body by character offsets; turns and sentences do not line
up with them, so ownership is defined once, here:

- a **sentence** belongs to the block that holds its start;
- a **turn** is cut where a block starts inside it, at the start of its first sentence in
  that block (so a cut always falls at a sentence start): its words before the cut go to
  one block, its words after it to the next. A turn that no block start cuts lies in the
  block that holds its start;
- a **word** (a whitespace-separated token of the turn's text, what ``Turn.words``
  counts) belongs to the piece of its turn that holds its first character.

:func:`block_pieces` returns the pieces (block, turn, span, words, sentences). The words
of a transcript's blocks add up to the words of its turns, and every sentence is in exactly
one piece. The blocks table, the coverage table, sentence sentiment, the topic model's
documents and ``segment --json`` are all computed from these pieces.

>>> from analytics.ingest import parse_text
>>> from analytics.model import StoryBlock
>>> t = parse_text("COOPER: The storm hit. Now the budget vote failed.\\n", "x.txt")
>>> cut = t.text.index("Now")
>>> blocks = (StoryBlock(0, t.body_start, cut, "story", "storm"),
...           StoryBlock(1, cut, len(t.text), "story", "budget"))
>>> [(p.block, p.turn, p.words, len(p.sentences)) for p in block_pieces(t, blocks)]
[(0, 0, 3, 1), (1, 0, 5, 1)]
>>> block_words(t, blocks), sum(turn.words for turn in t.turns)
([3, 5], 8)
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass

from analytics.model import Sentence, StoryBlock, Transcript
from analytics.sentences import split_transcript

__all__ = [
    "BlockPiece",
    "block_of",
    "block_pieces",
    "block_records",
    "block_speakers",
    "block_words",
    "pieces_by_block",
]

_TOKEN = re.compile(r"\S+")


@dataclass(frozen=True, slots=True)
class BlockPiece:
    """The part of one turn that lies in one block.

    ``start_char``/``end_char`` index the transcript text and lie inside the turn's span;
    ``words`` counts the turn's tokens that start in the span; ``sentences`` are the turn's
    sentences that start in it.
    """

    block: int
    turn: int
    start_char: int
    end_char: int
    words: int
    sentences: tuple[Sentence, ...]


def _ordered(blocks: Sequence[StoryBlock]) -> tuple[list[StoryBlock], list[int]]:
    ordered = sorted(blocks, key=lambda b: b.start_char)
    return ordered, [b.start_char for b in ordered]


def block_of(position: int, blocks: Sequence[StoryBlock]) -> int:
    """Index of the block that holds ``position`` (the last block starting at or before it;
    the first block for a position before every block).

    >>> from analytics.model import StoryBlock
    >>> blocks = [StoryBlock(0, 10, 20, "story", "a"), StoryBlock(1, 20, 30, "story", "b")]
    >>> [block_of(p, blocks) for p in (5, 10, 19, 20, 99)]
    [0, 0, 0, 1, 1]
    """
    ordered, starts = _ordered(blocks)
    if not ordered:
        raise ValueError("no blocks")
    return ordered[max(bisect.bisect_right(starts, position) - 1, 0)].index


def block_pieces(
    transcript: Transcript,
    blocks: Sequence[StoryBlock],
    sentences: Sequence[Sentence] | None = None,
) -> tuple[BlockPiece, ...]:
    """The pieces of ``transcript``'s turns in ``blocks``, in text order.

    ``sentences`` are the transcript's spoken sentences (default:
    :func:`analytics.sentences.split_transcript`). Every turn has a piece in the block that
    holds its start (an empty turn too, with no words); a block start inside a turn cuts it
    at the turn's first sentence starting at or after that block start, and a block that
    gets no sentence of the turn gets no piece of it.
    """
    if not blocks:
        return ()
    ordered, starts = _ordered(blocks)
    if sentences is None:
        sentences = split_transcript(transcript)
    by_turn: dict[int, list[Sentence]] = {}
    for sentence in sentences:
        by_turn.setdefault(sentence.turn_index, []).append(sentence)
    pieces: list[BlockPiece] = []
    for turn in transcript.turns:
        own = sorted(by_turn.get(turn.index, ()), key=lambda s: s.start_char)
        heads = [s.start_char for s in own]
        first = max(bisect.bisect_right(starts, turn.start_char) - 1, 0)
        # (block position, where its piece of the turn starts)
        cuts = [(first, turn.start_char)]
        k = first + 1
        while k < len(ordered) and ordered[k].start_char < turn.end_char:
            i = bisect.bisect_left(heads, ordered[k].start_char)
            cut = heads[i] if i < len(heads) else turn.end_char
            if cut > cuts[-1][1] and cut < turn.end_char:
                # blocks skipped since the last cut hold no sentence of this turn
                cuts.append((max(bisect.bisect_right(starts, cut) - 1, 0), cut))
            k += 1
        if len(cuts) == 1:  # the whole turn in one block: every word of the turn is in it
            position, start = cuts[0]
            inside = tuple(s for s in own if start <= s.start_char < turn.end_char)
            index = ordered[position].index
            pieces.append(BlockPiece(index, turn.index, start, turn.end_char, turn.words, inside))
            continue
        tokens = [turn.start_char + m.start() for m in _TOKEN.finditer(turn.text)]
        for n, (position, start) in enumerate(cuts):
            end = cuts[n + 1][1] if n + 1 < len(cuts) else turn.end_char
            words = bisect.bisect_left(tokens, end) - bisect.bisect_left(tokens, start)
            inside = tuple(s for s in own if start <= s.start_char < end)
            pieces.append(
                BlockPiece(ordered[position].index, turn.index, start, end, words, inside)
            )
    return tuple(pieces)


def pieces_by_block(
    blocks: Sequence[StoryBlock], pieces: Sequence[BlockPiece]
) -> dict[int, list[BlockPiece]]:
    """Block index -> its pieces in text order (an empty list for a block with none)."""
    out: dict[int, list[BlockPiece]] = {b.index: [] for b in blocks}
    for piece in pieces:
        out[piece.block].append(piece)
    return out


def block_words(
    transcript: Transcript,
    blocks: Sequence[StoryBlock],
    sentences: Sequence[Sentence] | None = None,
) -> list[int]:
    """Words of each block of ``blocks`` (in their order): the sum of its pieces' words."""
    grouped = pieces_by_block(blocks, block_pieces(transcript, blocks, sentences))
    return [sum(p.words for p in grouped[b.index]) for b in blocks]


def block_speakers(transcript: Transcript, pieces: Sequence[BlockPiece]) -> list[str]:
    """Names of the speakers of ``pieces`` (of one block), in order of first appearance."""
    names: dict[str, None] = {}
    for piece in pieces:
        names.setdefault(transcript.turns[piece.turn].speaker.name, None)
    return list(names)


def block_records(
    transcript: Transcript,
    blocks: Sequence[StoryBlock],
    sentences: Sequence[Sentence] | None = None,
) -> list[dict[str, object]]:
    """One dict per block (the ``segment --json`` record): block, start_char, end_char,
    kind, headline, speakers, turns, words and sentences, all from :func:`block_pieces`."""
    grouped = pieces_by_block(blocks, block_pieces(transcript, blocks, sentences))
    records = []
    for b in blocks:
        own = grouped[b.index]
        records.append(
            {
                "block": b.index,
                "start_char": b.start_char,
                "end_char": b.end_char,
                "kind": b.kind,
                "headline": b.headline,
                "speakers": block_speakers(transcript, own),
                "turns": len(own),
                "words": sum(p.words for p in own),
                "sentences": sum(len(p.sentences) for p in own),
            }
        )
    return records
