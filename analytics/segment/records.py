"""Story blocks as plain records (for JSON and tables)."""

from __future__ import annotations

from collections.abc import Sequence

from analytics.model import StoryBlock, Transcript


def block_words(transcript: Transcript, block: StoryBlock) -> int:
    """Spoken words in ``block``: the words of its turns that fall inside its span."""
    total = 0
    for i in block.turn_indices:
        turn = transcript.turns[i]
        a = max(turn.start_char, block.start_char)
        b = min(turn.end_char, block.end_char)
        if b > a:
            total += len(transcript.text[a:b].split())
    return total


def block_speakers(transcript: Transcript, block: StoryBlock) -> list[str]:
    """Names of the speakers of ``block``'s turns, in order of first appearance."""
    names: dict[str, None] = {}
    for i in block.turn_indices:
        names.setdefault(transcript.turns[i].speaker.name, None)
    return list(names)


def block_records(transcript: Transcript, blocks: Sequence[StoryBlock]) -> list[dict[str, object]]:
    """One dict per block: start_char, end_char, kind, headline, speakers, words."""
    return [
        {
            "start_char": b.start_char,
            "end_char": b.end_char,
            "kind": b.kind,
            "headline": b.headline,
            "speakers": block_speakers(transcript, b),
            "words": block_words(transcript, b),
        }
        for b in blocks
    ]
