"""Candidate units: the pieces of a transcript body where a story block may start.

A unit is a paragraph, a speaker turn or a sentence. Units partition the body: each starts
where a block starting there would begin (a leading ``[HH:MM:SS]`` stamp or production note
such as ``(BEGIN VIDEO CLIP)`` belongs to the unit after it) and ends where the next one
starts. A ``(COMMERCIAL BREAK)`` note belongs to the unit before it: a break ends air time.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from analytics.model import Transcript
from analytics.words import straight_apostrophes

BREAK_RE = re.compile(r"\(\s*COMMERCIAL BREAK\s*\)", re.IGNORECASE)
STAMP_RE = re.compile(r"\[\d{1,2}:\d{2}:\d{2}\]")
NOTE_RE = re.compile(r"\((?:[A-Z][A-Za-z0-9 ,.'\-]*|ph|inaudible|sic)\)")
# a sentence ends at . ? ! (maybe closed by a quote or bracket) before a capital, a digit,
# a quote, a bracket or a dash
SENTENCE_RE = re.compile(r"(?<=[.?!])[\"'\u201d\u2019)]*\s+(?=[\[(\"\u201c'A-Z0-9\u2013-])")
ABBREV_RE = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|Lt|Col|Sgt|St|Jr|Sr|Prof|Rev|No|vs|Ft|Mt)|\b[A-Z])\.$"
)
WORD_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9'`\u2019\-]*")
# "CNN ANCHOR", "HOST", "MSNBC HOST, ALL IN"; not a guest's "HOST OF WAR ROOM"
_HOST_ROLE = re.compile(r"\b(?:HOST|ANCHOR|CO-HOST|MODERATOR)\b(?!\s+OF\b)", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Unit:
    """One candidate unit; ``text`` is what is said in it (tags, stamps and notes removed)."""

    start: int
    end: int
    text: str
    speaker: str | None
    turn: int | None
    para_start: bool
    turn_start: bool
    host: bool
    stamp: int | None
    break_after: bool

    @property
    def words(self) -> int:
        """Number of spoken words."""
        return len(WORD_RE.findall(self.text))


def host_keys(transcript: Transcript) -> frozenset[str]:
    """Speakers who run the programme: a HOST/ANCHOR role, or the one with most turns.

    The speaker with most words counts too when nobody has a host role.
    """
    words: dict[str, int] = {}
    turns: dict[str, int] = {}
    hosts = set()
    for turn in transcript.turns:
        key = turn.speaker.key
        words[key] = words.get(key, 0) + turn.words
        turns[key] = turns.get(key, 0) + 1
        if turn.speaker.role and _HOST_ROLE.search(turn.speaker.role):
            hosts.add(key)
    if turns:
        hosts.add(max(sorted(turns), key=lambda k: turns[k]))
        if len(hosts) == 1 and not any(
            t.speaker.role and _HOST_ROLE.search(t.speaker.role) for t in transcript.turns
        ):
            hosts.add(max(sorted(words), key=lambda k: words[k]))
    return frozenset(hosts)


def _cuts(transcript: Transcript) -> list[int]:
    """Offsets where a new piece may begin: lines, turn tags, sentences, around breaks."""
    text, origin = transcript.text, transcript.body_start
    cuts = {origin}
    for m in re.finditer(r"\n[ \t\u00a0]*(?=\S)", text[origin:]):
        cuts.add(origin + m.end())
    for turn in transcript.turns:
        if turn.tag_start >= origin:
            cuts.add(turn.tag_start)
    for m in SENTENCE_RE.finditer(text, origin):
        if not ABBREV_RE.search(text, max(origin, m.start() - 6), m.start() + 1):
            cuts.add(m.end())
    for m in BREAK_RE.finditer(text, origin):
        cuts.add(m.start())
        end = m.end()
        while end < len(text) and text[end].isspace():
            end += 1
        cuts.add(end)
    for m in STAMP_RE.finditer(text, origin):
        # an inline stamp opens a piece only when it follows a sentence end or a note
        before = text[max(origin, m.start() - 3) : m.start()].rstrip()
        if before.endswith((".", "?", "!", ")", '"')):
            cuts.add(m.start())
    # never cut inside a speaker tag ("KEN CUCCINELLI, ACTING DIRECTOR OF U.S. CITIZENSHIP")
    inside = [(t.tag_start, t.start_char) for t in transcript.turns if t.start_char > t.tag_start]
    inside.sort()
    heads = [a for a, _ in inside]
    kept = []
    for c in sorted(cuts):
        k = bisect.bisect_right(heads, c - 1) - 1
        if k >= 0 and inside[k][0] < c < inside[k][1]:
            continue
        if origin <= c < len(text):
            kept.append(c)
    return kept


def _spoken(text: str) -> str:
    """Text without stamps and notes, whitespace collapsed, apostrophes made straight."""
    text = straight_apostrophes(text)
    return " ".join(NOTE_RE.sub(" ", STAMP_RE.sub(" ", text)).split())


def build_units(transcript: Transcript) -> tuple[Unit, ...]:
    """Cut the body of ``transcript`` into units that partition it.

    >>> from analytics.ingest import parse_text
    >>> t = parse_text("Aired May 1, 2020 - 20:00 ET\\n\\nCOOPER: Hi. Bye.\\n", source="x.txt")
    >>> [u.text for u in build_units(t)]
    ['Hi.', 'Bye.']
    """
    text, origin = transcript.text, transcript.body_start
    if origin >= len(text):
        return ()
    hosts = host_keys(transcript)
    turns = [t for t in transcript.turns]
    tag_starts = [t.tag_start for t in turns]
    tag_set = set(tag_starts)
    cuts = _cuts(transcript)
    bounds = [*cuts, len(text)]

    units: list[Unit] = []
    pending: int | None = None  # start of content-free pieces waiting for the next unit
    pending_para = False
    for a, b in zip(bounds, bounds[1:], strict=False):
        piece = text[a:b]
        lead = len(piece) - len(piece.lstrip())
        a2 = a + lead
        ti = bisect.bisect_right(tag_starts, a2) - 1
        turn = turns[ti] if ti >= 0 and turns[ti].end_char > a2 - 1 else None
        is_tag = a2 in tag_set
        body = piece
        if is_tag and turn is not None and turn.start_char <= b:
            body = text[turn.start_char : b]
        spoken = _spoken(body)
        line_start = a2 == origin or text[a:a2].count("\n") > 0 or text[a - 1 : a] == "\n"
        para = line_start or is_tag or bool(re.search(r"\s{3,}$", text[max(origin, a - 3) : a]))
        if units and BREAK_RE.search(piece) and not WORD_RE.search(spoken):
            units[-1] = _moved(units[-1], units[-1].start, b, break_after=True)
            pending = None  # a stamp just before the break goes with the break
            continue
        if not WORD_RE.search(spoken):
            if pending is None:
                pending, pending_para = a, para
            continue
        start = pending if pending is not None else a
        prefix = text[start:a2]
        stamp_m = STAMP_RE.search(text, start, min(b, a2 + 12))
        stamp = None
        if stamp_m is not None:
            h, m_, s = (int(x) for x in stamp_m.group()[1:-1].split(":"))
            stamp = h * 3600 + m_ * 60 + s
        speaker = turn.speaker.key if turn is not None else None
        units.append(
            Unit(
                start=start,
                end=b,
                text=spoken,
                speaker=speaker,
                turn=turn.index if turn is not None else None,
                para_start=para or (pending is not None and pending_para) or bool(prefix.strip()),
                turn_start=is_tag,
                host=speaker in hosts if speaker is not None else False,
                stamp=stamp,
                break_after=False,
            )
        )
        pending = None
    if not units:
        return (
            Unit(
                origin,
                len(text),
                _spoken(text[origin:]),
                None,
                None,
                True,
                False,
                False,
                None,
                False,
            ),
        )
    # the first unit starts the body; every unit ends where the next starts
    starts = [origin] + [u.start for u in units[1:]]
    ends = [*starts[1:], len(text)]
    return tuple(_moved(u, a, b) for u, a, b in zip(units, starts, ends, strict=True))


def _moved(unit: Unit, start: int, end: int, *, break_after: bool | None = None) -> Unit:
    """``unit`` with new ends (and break flag): ``dataclasses.replace`` without its cost."""
    return Unit(
        start,
        end,
        unit.text,
        unit.speaker,
        unit.turn,
        unit.para_start,
        unit.turn_start,
        unit.host,
        unit.stamp,
        unit.break_after if break_after is None else break_after,
    )
