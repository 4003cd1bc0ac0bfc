"""Raw transcript text to :class:`~analytics.model.Transcript`: detection and parsers.

Formats (see :func:`detect_format`): CNN transcript pages (``cnn``, and ``cnn_flat`` when
the body lost its paragraph breaks), CNN Student News, CNN 10, MSNBC and Fox News pages,
and ``plain`` for any other text with ``NAME:`` tags (NPR/MediaSum included). Closed
captions (``>>`` marks a change of speaker, no names) are detected and rejected with
:class:`~analytics.errors.TranscriptFormatError`: turns without speakers would break
every per-speaker table, so they are refused rather than guessed.

>>> t = parse_text("ANDERSON COOPER, CNN ANCHOR: Good evening.\\n\\nCOOPER: Welcome.\\n")
>>> [(turn.speaker.name, turn.text) for turn in t.turns]
[('Anderson Cooper', 'Good evening.'), ('Anderson Cooper', 'Welcome.')]
"""

from __future__ import annotations

import re
from pathlib import Path

from analytics.errors import TranscriptFormatError
from analytics.ingest.decode import read_text
from analytics.ingest.detect import FORMATS, detect_format
from analytics.model import Transcript

__all__ = ["FORMATS", "detect_format", "parse_file", "parse_text", "body_coverage"]

_BINARY_RE = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


def _check_text(text: str, source: str) -> None:
    if not text.strip():
        raise TranscriptFormatError(source, "empty file")
    sample = text[:65536]
    if "\x00" in sample or (
        _BINARY_RE.search(sample) and len(_BINARY_RE.findall(sample)) > max(8, len(sample) // 1000)
    ):
        raise TranscriptFormatError(source, "binary data, not a text transcript")


def parse_text(text: str, source: str = "<text>", *, format: str | None = None) -> Transcript:
    """Parse decoded transcript text; ``format`` overrides :func:`detect_format`.

    Raises :class:`TranscriptFormatError` for empty or binary text, closed captions, or
    text without speaker tags.
    """
    _check_text(text, source)
    fmt = format or detect_format(text)
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")
    if fmt == "captions":
        raise TranscriptFormatError(
            source, "closed captions: speaker changes ('>>') without speaker names"
        )
    if fmt in ("cnn", "cnn_flat"):
        from analytics.ingest.cnn import parse_cnn

        return parse_cnn(text, source, flat=fmt == "cnn_flat")
    if fmt == "cnn_student_news":
        from analytics.ingest.cnn import parse_student_news

        return parse_student_news(text, source)
    if fmt == "cnn10":
        from analytics.ingest.cnn import parse_cnn10

        return parse_cnn10(text, source)
    if fmt == "msnbc":
        from analytics.ingest.msnbc import parse_msnbc

        return parse_msnbc(text, source)
    if fmt == "fox":
        from analytics.ingest.fox import parse_fox

        return parse_fox(text, source)
    from analytics.ingest.plain import parse_plain

    return parse_plain(text, source)


def parse_file(path: str | Path, *, format: str | None = None) -> Transcript:
    """Read (see :func:`analytics.ingest.decode.read_text`) and parse one transcript file."""
    return parse_text(read_text(path), str(path), format=format)


def body_coverage(transcript: Transcript) -> float:
    """Share of the body's words that lie inside turns; 1.0 for an empty body.

    Speaker tags, stamps, markers and the closing boilerplate are not counted as words.
    """
    from analytics.ingest.tags import trailer_start

    text = transcript.text
    end = trailer_start(text, transcript.body_start)
    skip = sorted(
        [(m.start_char, m.end_char) for m in transcript.markers]
        + [(s.start_char, s.end_char) for s in transcript.timestamps]
        + [(t.tag_start, t.start_char) for t in transcript.turns if t.tag_start < t.start_char]
    )

    def words(a: int, b: int) -> int:
        n = 0
        pos = a
        for s, e in skip:
            if e <= pos or s >= b:
                continue
            n += len(text[pos : max(pos, s)].split())
            pos = max(pos, e)
        return n + len(text[pos:b].split()) if pos < b else n

    total = words(transcript.body_start, end)
    if total == 0:
        return 1.0
    inside = sum(words(t.start_char, t.end_char) for t in transcript.turns)
    return inside / total
