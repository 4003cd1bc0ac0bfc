"""Plain fallback: any text with ``NAME:`` speaker tags at line starts.

Accepts NPR-style tags with lower-case honorifics and roles (``Mr. KYLE BOWSER (Actor):``,
``FARAI CHIDEYA, host:``). An optional first line ``<programme>, <YYYY-MM-DD>`` gives the
show and date (the MediaSum layout).
"""

from __future__ import annotations

import re
from datetime import date

from analytics.ingest.common import assemble, line_end, parse_date
from analytics.model import Transcript

_FIRST_LINE_RE = re.compile(
    r"^[ \t]*(?P<show>[^\n:]{2,80}?),[ \t]*(?P<date>\d{4}-\d{2}-\d{2})[ \t]*\n"
)


def parse_plain(text: str, source: str) -> Transcript:
    """Parse text that has speaker tags but no known header."""
    show = None
    air_date: date | None = None
    body_start = 0
    m = _FIRST_LINE_RE.match(text)
    if m is not None:
        show = m.group("show").strip()
        try:
            air_date = date.fromisoformat(m.group("date"))
        except ValueError:
            air_date = None
        body_start = line_end(text, m.end() - 1)
    else:
        air_date = parse_date(text[:200])
    return assemble(
        text,
        source,
        format="plain",
        network=None,
        show=show,
        air_date=air_date,
        air_time=None,
        headlines=(),
        body_start=body_start,
        mixed_case=True,
    )
