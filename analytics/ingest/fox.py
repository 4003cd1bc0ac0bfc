"""Fox News pages (2018 scrapes and later): ``>>heading>>`` scraper lines with the web
headline, a copyright line, a teaser, ``This is a rush transcript from "Show," date.``,
then the body and CQ-Roll Call / Fox copyright trailers. Files cut from a concatenation
(no header at all) parse too."""

from __future__ import annotations

import re

from analytics.ingest.common import assemble, canonical_show, line_end, parse_date
from analytics.model import Transcript

_RUSH_RE = re.compile(
    r"(?m)^[ \t]*This is a rush transcript from [\"\u201c](?P<show>[^\"\u201d]*?),?[\"\u201d],?"
    r"(?P<rest>[^\n]*)$"
)
_HEADING_RE = re.compile(r"(?m)^>>heading>>[ \t]*(?P<title>[^\n]*)$")
_COPYRIGHT_RE = re.compile(r"(?m)^This material may not be published[^\n]*$")
_BIO_RE = re.compile(
    r"(?m)^(?P<name>[A-Z][a-z]+(?: [A-Z][a-z.'\-]+){1,3}) (?:currently serves|serves|joined) "
)
_BYLINE_RE = re.compile(r"^(?P<name>[A-Z][a-z]+(?: [A-Z][a-z'\-]+){0,2}) on ")


def column_author(text: str, headlines: list[str]) -> str | None:
    """The author of a web column (untagged monologue): the closing biography's name, or
    the headline's "<Name> on ..." byline."""
    bios = list(_BIO_RE.finditer(text, max(0, len(text) - 2000)))
    if bios:
        return bios[-1].group("name")
    for h in headlines:
        m = _BYLINE_RE.match(h)
        if m:
            return m.group("name")
    return None


def parse_fox(text: str, source: str) -> Transcript:
    """Parse a Fox News transcript page."""
    head = text[:4000]
    headlines = [m.group("title").strip() for m in _HEADING_RE.finditer(head)]
    rush = _RUSH_RE.search(head)
    show = air_date = None
    body_start = 0
    if rush is not None:
        show = canonical_show(rush.group("show"))
        air_date = parse_date(rush.group("rest"))
        body_start = line_end(text, rush.end())
    author = None
    if rush is None and headlines:
        # a web column: prose by its author, clips tagged as usual
        last = list(_HEADING_RE.finditer(head))[-1]
        body_start = line_end(text, last.end())
        copyright_line = _COPYRIGHT_RE.search(text, body_start, body_start + 400)
        if copyright_line is not None:
            body_start = line_end(text, copyright_line.end())
        # photo captions scraped with deep indentation
        while body_start < len(text):
            nxt = line_end(text, body_start)
            line = text[body_start:nxt]
            if line.strip() and not line.startswith(" " * 8):
                break
            body_start = nxt
        author = column_author(text, headlines)
    return assemble(
        text,
        source,
        format="fox",
        network="Fox News",
        show=show,
        air_date=air_date,
        air_time=None,
        headlines=headlines,
        body_start=body_start,
        rush=rush is not None,
        opening_speaker=author,
    )
