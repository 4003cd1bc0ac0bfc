"""What every format parser shares: dates, show names, file-name conventions, assembly.

A format parser reads its header (show, date, headlines, where the body starts) and calls
:func:`assemble`, which scans the body for tags, stamps and markers and builds the
:class:`~analytics.model.Transcript`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import PurePath
from zoneinfo import ZoneInfo

from analytics.errors import TranscriptFormatError
from analytics.ingest.tags import (
    add_missing_colon_tags,
    build_turns,
    find_markers,
    find_stamps,
    opening_tag,
    scan_tags,
    screen_text_breaks,
    trailer_start,
)
from analytics.model import Transcript
from analytics.words import straight_apostrophes

EASTERN = ZoneInfo("America/New_York")
_ZONES = {
    "ET": "America/New_York",
    "EST": "America/New_York",
    "EDT": "America/New_York",
    "PT": "America/Los_Angeles",
    "CT": "America/Chicago",
    "GMT": "UTC",
    "UTC": "UTC",
}

MONTHS = {
    m: i + 1
    for i, m in enumerate(
        [
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ]
    )
}
_MONTH_ALT = "|".join(m.capitalize() for m in MONTHS)
DATE_RE = re.compile(r"\b(" + _MONTH_ALT + r")\.?\s+(\d{1,2}),?\s+(\d{4})\b", re.IGNORECASE)
AIRED_RE = re.compile(
    r"^[ \t]*Aired[ \t]+(?P<month>" + _MONTH_ALT + r")\.?[ \t]+(?P<day>\d{1,2}),?[ \t]+"
    r"(?P<year>\d{4})(?:[ \t]*-[ \t]*(?P<h>\d{1,2}):(?P<m>\d{2})(?::(?P<s>\d{2}))?)?"
    r"[ \t\u00a0]*(?P<tz>[A-Z]{2,3})?[ \t\u00a0]*$",
    re.IGNORECASE | re.MULTILINE,
)
RUSH_RE = re.compile(
    r"^[ \t]*THIS IS A RUSH TRANSCRIPT\. THIS COPY MAY NOT BE IN ITS FINAL FORM[^\n]*$",
    re.IGNORECASE | re.MULTILINE,
)
_FILENAME_RE = re.compile(r"^(?P<net>[a-z]+)_(?P<date>\d{4}-\d{2}-\d{2})_(?P<code>[a-z0-9]+)")

NETWORKS = {"cnn": "CNN", "msnbc": "MSNBC", "fox": "Fox News", "npr": "NPR"}

#: Show codes of the file-name convention ``<network>_<YYYY-MM-DD>_<showcode>``.
SHOW_CODES = {
    "acd": "Anderson Cooper 360",
    "cnr": "CNN Newsroom",
    "nday": "New Day",
    "ampr": "Amanpour",
    "ath": "At This Hour",
    "ctw": "Connect the World",
    "sitroom": "The Situation Room",
    "cnnt": "CNN Tonight",
    "sn": "CNN Student News",
    "studentnews": "CNN Student News",
    "cnn10": "CNN 10",
    "allin": "All In with Chris Hayes",
    "beat": "The Beat with Ari Melber",
    "lastword": "The Last Word with Lawrence O'Donnell",
    "maddow": "The Rachel Maddow Show",
    "hannity": "Hannity",
    "thefive": "The Five",
    "five": "The Five",
    "ingraham": "The Ingraham Angle",
    "thestory": "The Story with Martha MacCallum",
    "tct": "Tucker Carlson Tonight",
    "newsnotes": "News & Notes",
    "wesun": "Weekend Edition Sunday",
}
#: Header spellings of show names, upper-cased, mapped to the canonical name.
_SHOW_ALIASES = {
    "ANDERSON COOPER 360 DEGREES": "Anderson Cooper 360",
    "ANDERSON COOPER 360": "Anderson Cooper 360",
    "AC360": "Anderson Cooper 360",
    "CNN'S AMANPOUR": "Amanpour",
    "AMANPOUR": "Amanpour",
    "THE STORY": "The Story with Martha MacCallum",
    "THE STORY WITH MARTHA MACCALLUM": "The Story with Martha MacCallum",
    "THE LAST WORD": "The Last Word with Lawrence O'Donnell",
    "THE LAST WORD WITH LAWRENCE O'DONNELL": "The Last Word with Lawrence O'Donnell",
    "ALL IN WITH CHRIS HAYES": "All In with Chris Hayes",
    "ALL IN": "All In with Chris Hayes",
    "THE BEAT WITH ARI MELBER": "The Beat with Ari Melber",
    "THE BEAT": "The Beat with Ari Melber",
}
for _name in set(SHOW_CODES.values()):
    _SHOW_ALIASES.setdefault(_name.upper(), _name)
_KEEP_UPPER = {"CNN", "MSNBC", "NPR", "AC", "U.S.", "UK", "U.K.", "GPS", "ABC", "CBS", "NBC"}
_SMALL = {"with", "of", "the", "and", "in", "on", "at", "to", "a", "for"}


@dataclass(frozen=True, slots=True)
class FileInfo:
    """What a file name ``<network>_<YYYY-MM-DD>_<showcode>...`` says."""

    network: str | None
    air_date: date | None
    show: str | None


def file_info(source: str) -> FileInfo:
    """Network, date and show from the file-name convention, where it applies."""
    m = _FILENAME_RE.match(PurePath(source).name.lower())
    if m is None:
        return FileInfo(None, None, None)
    try:
        d = date.fromisoformat(m.group("date"))
    except ValueError:
        d = None
    return FileInfo(NETWORKS.get(m.group("net")), d, SHOW_CODES.get(m.group("code")))


def canonical_show(header_name: str) -> str:
    """A show name from a header, canonical where known, else in title case."""
    clean = " ".join(straight_apostrophes(header_name).split()).strip(' .,"')
    known = _SHOW_ALIASES.get(clean.upper())
    if known:
        return known
    if clean != clean.upper():
        return clean
    words = []
    for i, w in enumerate(clean.split(" ")):
        if w in _KEEP_UPPER:
            words.append(w)
        elif i > 0 and w.lower() in _SMALL:
            words.append(w.lower())
        else:
            words.append(w.capitalize())
    return " ".join(words)


def parse_date(text: str) -> date | None:
    """The first "Month D, YYYY" date in ``text``."""
    m = DATE_RE.search(text)
    if m is None:
        return None
    try:
        return date(int(m.group(3)), MONTHS[m.group(1).lower()], int(m.group(2)))
    except ValueError:
        return None


def parse_aired(line_match: re.Match[str]) -> tuple[date | None, datetime | None]:
    """Air date and time-zone-aware time from a match of :data:`AIRED_RE`."""
    try:
        d = date(
            int(line_match.group("year")),
            MONTHS[line_match.group("month").lower()],
            int(line_match.group("day")),
        )
    except ValueError:
        return None, None
    if line_match.group("h") is None:
        return d, None
    tz = ZoneInfo(_ZONES.get((line_match.group("tz") or "ET").upper(), "America/New_York"))
    try:
        t = time(
            int(line_match.group("h")),
            int(line_match.group("m")),
            int(line_match.group("s") or 0),
        )
    except ValueError:
        return d, None
    return d, datetime.combine(d, t, tzinfo=tz)


def line_end(text: str, pos: int) -> int:
    """Index just after the newline that ends the line containing ``pos`` (or ``len``)."""
    nl = text.find("\n", pos)
    return len(text) if nl < 0 else nl + 1


def assemble(
    text: str,
    source: str,
    *,
    format: str,
    network: str | None,
    show: str | None,
    air_date: date | None,
    air_time: datetime | None,
    headlines: Sequence[str],
    body_start: int,
    rush: bool = False,
    flat: bool = False,
    mixed_case: bool = False,
    breaks: Sequence[tuple[int, int]] = (),
    opening_speaker: str | None = None,
) -> Transcript:
    """Scan the body and build the transcript; file-name facts fill what the header lacks.

    ``opening_speaker`` names who speaks the untagged text at the start of the body
    (a column's author). Raises :class:`TranscriptFormatError` when the body has no
    speaker tags.
    """
    info = file_info(source)
    end = trailer_start(text, body_start)
    tags = scan_tags(text, body_start, end, flat=flat, mixed_case=mixed_case)
    if not flat and not mixed_case:
        tags = add_missing_colon_tags(text, body_start, end, tags)
    if not tags:
        raise TranscriptFormatError(source, "no speaker tags found")
    if opening_speaker:
        tags = [opening_tag(text, body_start, end, opening_speaker), *tags]
    # stamps and markers of the closing lines ("(COMMERCIAL BREAK)", "[21:00:00]", "END")
    # are listed too; turns stop where those lines begin
    stamps = find_stamps(text, body_start)
    markers = find_markers(text, body_start, exclude=tags)
    all_breaks = sorted([*breaks, *screen_text_breaks(text, body_start, end)])
    turns = build_turns(
        text,
        body_start,
        end,
        tags,
        [m for m in markers if m.start_char < end],
        [s for s in stamps if s.start_char < end],
        breaks=all_breaks,
    )
    if not turns:
        raise TranscriptFormatError(source, "speaker tags but no speech found")
    if air_date is None and air_time is not None:
        air_date = air_time.date()
    return Transcript(
        source=source,
        text=text,
        format=format,
        network=network or info.network or "unknown",
        show=show or info.show,
        air_date=air_date or info.air_date,
        air_time=air_time,
        headlines=tuple(h for h in headlines if h),
        body_start=body_start,
        turns=turns,
        markers=tuple(markers),
        timestamps=tuple(stamps),
        rush=rush,
    )
