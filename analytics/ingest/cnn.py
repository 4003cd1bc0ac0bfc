"""CNN layouts: transcript pages (also flattened to one line), CNN Student News, CNN 10.

A CNN page header is: ``Return to Transcripts main page``, the show title, the story list
(``"Story one; Story two. Aired 9-10p ET"``), ``Aired November 20, 2015 - 21:00 ET`` and
the rush-transcript notice. Any of these may be missing.
"""

from __future__ import annotations

import re

from analytics.ingest.common import (
    AIRED_RE,
    RUSH_RE,
    assemble,
    canonical_show,
    line_end,
    parse_aired,
    parse_date,
)
from analytics.ingest.tags import TAG_RE
from analytics.model import Transcript

_RETURN = "Return to Transcripts main page"
_AIRED_TAIL_RE = re.compile(r"\.?\s*Aired\s+[^.;]*?\b(?:ET|PT|CT|GMT)\s*$", re.IGNORECASE)
_HEADER_SCAN = 3000
_STUDENT_RE = re.compile(r"\(?CNN Student News\)?\s*--\s*([^\n]*)", re.IGNORECASE)
_HEADING_RE = re.compile(r"(?m)^[ \t]*([A-Z][^\n]{0,70})[ \t]*\n(?=[ \t]*\n)")


def split_headlines(line: str) -> list[str]:
    """The story list of a CNN title line, split on "; " with the ". Aired ..." tail removed.

    >>> split_headlines("Brussels on Alert; Airstrikes in Syria. Aired 9-10p ET")
    ['Brussels on Alert', 'Airstrikes in Syria']
    """
    line = _AIRED_TAIL_RE.sub("", line.strip())
    return [h.strip() for h in line.split("; ") if h.strip()]


def _header_fields(text: str, header_end: int) -> tuple[str | None, list[str]]:
    """Show title and story list from the lines before the Aired line."""
    lines = [ln.strip() for ln in text[:header_end].split("\n")]
    lines = [ln for ln in lines if ln and ln != _RETURN and not AIRED_RE.match(ln)]
    show = None
    stories: list[str] = []
    for ln in lines:
        if RUSH_RE.match(ln):
            continue
        if "; " in ln or _AIRED_TAIL_RE.search(ln):
            stories = split_headlines(ln)
        elif show is None and not stories and len(ln) <= 80:
            show = canonical_show(ln)
        elif not stories:
            stories = split_headlines(ln)
    return show, stories


def _first_tag_line(text: str, limit: int) -> int:
    """Start of the first line within ``limit`` that opens with a speaker tag or a stamp."""
    pos = 0
    while pos < min(len(text), limit):
        nxt = line_end(text, pos)
        line = text[pos:nxt].lstrip()
        if line.startswith("[") or TAG_RE.match(line):
            return pos
        pos = nxt
    return 0


def parse_cnn(text: str, source: str, *, flat: bool = False) -> Transcript:
    """Parse a CNN transcript page; ``flat`` for pages whose body is one long line."""
    head = text[:_HEADER_SCAN]
    aired = AIRED_RE.search(head)
    air_date = air_time = None
    show: str | None = None
    headlines: list[str] = []
    body_start = 0
    if aired is not None:
        air_date, air_time = parse_aired(aired)
        show, headlines = _header_fields(text, aired.start())
        body_start = line_end(text, aired.end())
    rush = RUSH_RE.search(text, body_start, body_start + 400) if aired is not None else None
    if rush is None and aired is None:
        rush = RUSH_RE.search(head)
    if rush is not None:
        body_start = max(body_start, line_end(text, rush.end()))
    if aired is None and head.lstrip().startswith(_RETURN):
        # a page without its Aired line: the header runs to the rush notice or the first tag
        header_end = rush.start() if rush is not None else _first_tag_line(text, _HEADER_SCAN)
        show, headlines = _header_fields(text, header_end)
        body_start = max(body_start, header_end)
    return assemble(
        text,
        source,
        format="cnn_flat" if flat else "cnn",
        network="CNN",
        show=show,
        air_date=air_date,
        air_time=air_time,
        headlines=headlines,
        body_start=body_start,
        rush=rush is not None,
        flat=flat,
    )


def _headings(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Section headings of Student News: short lines standing alone between blank lines."""
    out = []
    for m in _HEADING_RE.finditer(text, start, end):
        line = m.group(1).rstrip()
        if line.endswith((".", "?", "!", ":", '"', ",")) or ":" in line.split(" ")[0]:
            continue
        if TAG_RE.match(line) or line.startswith("("):
            continue
        prev = text.rfind("\n", start, m.start())
        if prev >= 0 and text[max(start, prev - 1) : prev + 1].strip():
            # not preceded by a blank line
            continue
        out.append((m.start(1), m.start(1) + len(line)))
    return out


def parse_student_news(text: str, source: str) -> Transcript:
    """Parse CNN Student News: ``(CNN Student News) -- date``, Quick Guide, headings."""
    head = text[:_HEADER_SCAN]
    m = _STUDENT_RE.search(head)
    air_date = parse_date(m.group(1)) if m else parse_date(head[:300])
    body_start = line_end(text, m.end()) if m else 0
    headlines: list[str] = []
    guide = re.search(r"(?m)^Quick Guide\s*$", head)
    transcript_line = re.search(r"(?m)^Transcript\s*$", head)
    if guide and transcript_line and guide.start() < transcript_line.start():
        for ln in text[guide.end() : transcript_line.start()].split("\n"):
            title = ln.split(" - ", 1)[0].strip()
            if title and " - " in ln:
                headlines.append(title)
    if transcript_line:
        body_start = max(body_start, line_end(text, transcript_line.end()))
    rush = RUSH_RE.search(head)
    if rush is not None:
        body_start = max(body_start, line_end(text, rush.end()))
    return assemble(
        text,
        source,
        format="cnn_student_news",
        network="CNN",
        show="CNN Student News",
        air_date=air_date,
        air_time=None,
        headlines=headlines,
        body_start=body_start,
        rush=rush is not None,
        breaks=_headings(text, body_start, len(text)),
    )


def parse_cnn10(text: str, source: str) -> Transcript:
    """Parse CNN 10: an ``Aired ... - 04:00:00 ET`` line, then the body, then ``END``."""
    aired = AIRED_RE.search(text[:_HEADER_SCAN])
    air_date = air_time = None
    body_start = 0
    if aired is not None:
        air_date, air_time = parse_aired(aired)
        body_start = line_end(text, aired.end())
    return assemble(
        text,
        source,
        format="cnn10",
        network="CNN",
        show="CNN 10",
        air_date=air_date,
        air_time=air_time,
        headlines=(),
        body_start=body_start,
    )
