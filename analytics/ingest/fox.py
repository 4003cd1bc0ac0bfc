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
    elif headlines:
        last = list(_HEADING_RE.finditer(head))[-1]
        body_start = line_end(text, last.end())
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
    )
