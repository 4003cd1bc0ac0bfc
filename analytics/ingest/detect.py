"""Format detection from the text alone (the file name is never needed)."""

from __future__ import annotations

import re

from analytics.ingest.common import AIRED_RE

FORMATS = ("cnn", "cnn_flat", "cnn_student_news", "cnn10", "msnbc", "fox", "captions", "plain")

_HEAD = 3000
_FLAT_LINE = 5000  # a body line this long means paragraph breaks were lost
# Bounded and anchored at the start of a run of capitals: linear on any input.
_CNN_TAG_RE = re.compile(r"(?<![A-Z'\-])[A-Z][A-Z .'\-]{1,60}, CNN [A-Z ,]{0,80}:")
_CAPTION_RE = re.compile(r">>")
_UPPER_TAG_RE = re.compile(
    r"(?m)^[ \t]*(?:\[[\d:]+\][ \t]*)?[A-Z][A-Z.'\- ]{1,40}(?:,[^:\n]{1,120})?:\s"
)


def _has_long_line(text: str, limit: int = _FLAT_LINE) -> bool:
    """Whether some line is longer than ``limit`` characters."""
    pos = 0
    while True:
        nl = text.find("\n", pos)
        if (len(text) if nl < 0 else nl) - pos > limit:
            return True
        if nl < 0:
            return False
        pos = nl + 1


def detect_format(text: str) -> str:
    """Name of the layout of a transcript text: one of :data:`FORMATS`.

    ``"captions"`` is closed-caption text (lower case, ``>>`` for a change of speaker,
    no names), which :func:`analytics.ingest.parse_text` rejects.

    >>> detect_format("Return to Transcripts main page\\n\\nAired May 1, 2019 - 20:00 ET\\n\\nX: y")
    'cnn'
    """
    head = text[:_HEAD]
    stripped = head.lstrip()
    if stripped.startswith(">>heading>>") or re.search(
        r"(?m)^This is a rush transcript from [\"\u201c]", head
    ):
        return "fox"
    if stripped.startswith("Watch Videos") or re.search(r"(?m)^Show:.*Date:", head):
        return "msnbc"
    if re.search(r"\(?CNN Student News\)?\s*--|CNN Student News Transcript", head[:1000]):
        return "cnn_student_news"
    if re.search(r"CNN 10 ANCHOR|(?i:this is CNN 10\b)", head) or (
        re.match(r"\s*Aired [^\n]*\d:\d\d:\d\d", head) and re.search(r"\bCNN ?10\b", head)
    ):
        return "cnn10"
    aired = AIRED_RE.search(head)
    cnnish = "Return to Transcripts main page" in head or (
        aired is not None and (_CNN_TAG_RE.search(text[:20000]) or "CNN" in head)
    )
    if cnnish or (aired is not None and not _CAPTION_RE.search(head)):
        return "cnn_flat" if _has_long_line(text) else "cnn"
    if _has_long_line(text) and _CNN_TAG_RE.search(text[:50000]):
        return "cnn_flat"
    if _CAPTION_RE.search(head) and head == head.lower() and not _UPPER_TAG_RE.search(text):
        return "captions"
    return "plain"
