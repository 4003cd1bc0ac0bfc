"""The typed model: frozen dataclasses from parsed transcript to story blocks and sentences.

Every span carries ``start_char``/``end_char``: offsets into ``Transcript.text``, the decoded
text of the source file, so any score can be traced back to the words that produced it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal

BlockKind = Literal["open", "story"]

#: Speaker kinds used by sentiment and coverage tables.
SpeakerKind = Literal["anchor", "correspondent", "analyst", "guest", "newsmaker", "unidentified"]


@dataclass(frozen=True, slots=True)
class Speaker:
    """One person (or one unidentified voice) speaking in a transcript.

    ``name`` is canonical and title case ("Anderson Cooper"); ``key`` is the upper-case
    form used to resolve later tags ("ANDERSON COOPER"); ``role`` is the title as written
    in the first full tag ("CNN ANCHOR"), or ``None`` when the transcript never gives one.
    """

    name: str
    key: str
    role: str | None = None


@dataclass(frozen=True, slots=True)
class Marker:
    """A bracketed production note: ``kind`` upper-cased ("COMMERCIAL BREAK", "CROSSTALK",
    "BEGIN VIDEO CLIP", "INAUDIBLE", "LAUGHTER", ...), located in the raw text."""

    kind: str
    start_char: int
    end_char: int


@dataclass(frozen=True, slots=True)
class Timestamp:
    """A ``[HH:MM:SS]`` stamp in the raw text; ``seconds`` since midnight."""

    value: str
    seconds: int
    start_char: int
    end_char: int


@dataclass(frozen=True, slots=True)
class Turn:
    """One speaker turn.

    ``text == transcript.text[start_char:end_char]``: what follows the speaker tag up to the
    next tag or structural marker, across paragraphs, with inline stamps and markers kept
    (``markers`` lists them). ``tag_start`` is where the tag itself begins (equal to
    ``start_char`` for untagged continuations). ``timestamp`` is the latest ``[HH:MM:SS]``
    at or before the turn; ``in_clip`` is true inside BEGIN/END VIDEO CLIP or VIDEOTAPE.
    """

    index: int
    speaker: Speaker
    text: str
    start_char: int
    end_char: int
    tag_start: int
    qualifier: str | None = None
    timestamp: str | None = None
    in_clip: bool = False
    markers: tuple[Marker, ...] = ()

    @property
    def words(self) -> int:
        """Number of whitespace-separated words in the turn's text."""
        return len(self.text.split())


@dataclass(frozen=True, slots=True)
class Transcript:
    """A parsed transcript: header fields, turns and the structure around them.

    ``text`` is the decoded source text (offsets index it); ``body_start`` is the first
    character after the header. ``air_time`` is time-zone aware when the transcript gives a
    time, ``air_date`` is always set when any date is known.
    """

    source: str
    text: str
    format: str
    network: str
    show: str | None
    air_date: date | None
    air_time: datetime | None
    headlines: tuple[str, ...]
    body_start: int
    turns: tuple[Turn, ...]
    markers: tuple[Marker, ...] = ()
    timestamps: tuple[Timestamp, ...] = ()
    rush: bool = False

    @property
    def aired(self) -> str | None:
        """ISO 8601 air date-time (or date alone when no time is known)."""
        if self.air_time is not None:
            return self.air_time.isoformat()
        return self.air_date.isoformat() if self.air_date is not None else None

    @property
    def speakers(self) -> tuple[Speaker, ...]:
        """Distinct speakers in order of first appearance."""
        seen: dict[str, Speaker] = {}
        for turn in self.turns:
            seen.setdefault(turn.speaker.key, turn.speaker)
        return tuple(seen.values())


@dataclass(frozen=True, slots=True)
class StoryBlock:
    """A contiguous story block; blocks of one transcript partition its body."""

    index: int
    start_char: int
    end_char: int
    kind: BlockKind
    headline: str
    turn_indices: tuple[int, ...] = field(default_factory=tuple)


@dataclass(frozen=True, slots=True)
class Sentence:
    """One spoken sentence, with offsets into the transcript text."""

    turn_index: int
    start_char: int
    end_char: int
    text: str
