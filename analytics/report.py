"""Transcript to plain data: the JSON record of ``python -m analytics parse --json``."""

from __future__ import annotations

from typing import Any

from analytics.model import Transcript


def transcript_to_dict(t: Transcript) -> dict[str, Any]:
    """The CLI's JSON object for one transcript.

    Keys: ``file``, ``network``, ``show``, ``aired`` (ISO 8601), ``headlines``, ``turns``
    (speaker, role, qualifier, offsets, timestamp, in_clip, text) and ``speakers`` (speaker,
    role, number of turns and words, in order of first appearance), named as the columns
    of the turns and speakers tables.
    """
    counts: dict[str, list[int]] = {}
    for turn in t.turns:
        c = counts.setdefault(turn.speaker.key, [0, 0])
        c[0] += 1
        c[1] += turn.words
    return {
        "file": t.source,
        "network": t.network,
        "show": t.show,
        "aired": t.aired,
        "headlines": list(t.headlines),
        "turns": [
            {
                "speaker": turn.speaker.name,
                "role": turn.speaker.role,
                "qualifier": turn.qualifier,
                "start_char": turn.start_char,
                "end_char": turn.end_char,
                "timestamp": turn.timestamp,
                "in_clip": turn.in_clip,
                "text": turn.text,
            }
            for turn in t.turns
        ],
        "speakers": [
            {
                "speaker": s.name,
                "role": s.role,
                "turns": counts[s.key][0],
                "words": counts[s.key][1],
            }
            for s in t.speakers
        ],
    }
