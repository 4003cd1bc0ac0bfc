"""MSNBC pages (2018 scrapes): ``Watch Videos``, a run-together ``Show: ...Date: ...Guest: ...``
line, one paragraph per line, and a rush notice plus copyright trailer at the end."""

from __future__ import annotations

import re

from analytics.ingest.common import assemble, canonical_show, line_end, parse_date
from analytics.model import Transcript

_SHOW_LINE_RE = re.compile(
    r"(?m)^[ \t]*Show:[ \t]*(?P<show>.*?)(?:Date:[ \t]*(?P<date>.*?))?(?:Guests?:.*)?$"
)


def parse_msnbc(text: str, source: str) -> Transcript:
    """Parse an MSNBC transcript page."""
    head = text[:3000]
    m = _SHOW_LINE_RE.search(head)
    show = air_date = None
    body_start = 0
    if m is not None:
        if m.group("show").strip():
            show = canonical_show(m.group("show"))
        air_date = parse_date(m.group("date") or "")
        body_start = line_end(text, m.end())
    elif head.startswith("Watch Videos"):
        body_start = line_end(text, 0)
    return assemble(
        text,
        source,
        format="msnbc",
        network="MSNBC",
        show=show,
        air_date=air_date,
        air_time=None,
        headlines=(),
        body_start=body_start,
    )
