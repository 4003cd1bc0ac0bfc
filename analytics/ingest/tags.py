"""Scanning a transcript body: speaker tags, ``[HH:MM:SS]`` stamps, production markers, trailers.

Every format parser finds its header and body, then hands the body to :func:`build_turns`,
which turns tags, stamps and markers into :class:`~analytics.model.Turn` objects. Tags are
recognised in three positions: at the start of a line (after any stamps), in the middle of
a line after the end of a sentence (``"... seven days. GRIFFIN: Yeah"``), and, in flat
one-line pages, glued to the previous sentence (``"...picture.ANDERSON COOPER, CNN ANCHOR:"``).
Mid-line tags are accepted only when they carry a role, name an unnamed voice, repeat, or
name someone already tagged, so capitals followed by a colon inside speech ("NOTE:") stay
speech. Typing slips are tolerated where the tag stays unmistakable: a semicolon for the
colon (with a role in capitals, or for a name already tagged), a mixed-case name before a
role in capitals at a line start ("Ben Carson, U.S. PRESIDENTIAL CANDIDATE:"), and a
mid-line surname one letter off a tagged one ("COOOPER:").
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterator, Sequence
from typing import NamedTuple

from analytics.model import Marker, Speaker, Timestamp, Turn
from analytics.speakers import (
    RawTag,
    is_unnamed,
    normalize_key,
    normalize_qualifier,
    prose_spellings,
    resolve_tags,
    typo_of,
)


def _iter_line_starts(
    patterns: tuple[re.Pattern[str], re.Pattern[str]], text: str, start: int, end: int
) -> Iterator[re.Match[str]]:
    """Matches at line starts in ``text[start:end]``: ``patterns`` is the same regex
    without and with a leading newline (a literal newline lets the engine skip ahead)."""
    bare, with_newline = patterns
    if start == 0 or text[start - 1] == "\n":
        first = bare.match(text, start, end)
        if first is not None:
            yield first
    yield from with_newline.finditer(text, start, end)


def _line_patterns(body: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    return re.compile(body), re.compile("\n" + body)


STAMP_RE = re.compile(r"\[(\d{1,2}):(\d{2}):(\d{2})\]")

_LOWER_MARKERS = (
    "inaudible|inaudilbe|ph|sic|unintelligible|laughter|laughs|crosstalk|applause|"
    "redacted|bleep|muted|blanking|singing|cheers|music|audio gap|through translated text"
)
MARKER_RE = re.compile(
    r"\((?:(?P<upper>[A-Z][A-Z ,'&/\-]{1,60}[A-Z])|(?P<lower>(?i:" + _LOWER_MARKERS + r")))\)"
)
_SHORT_MARKERS = frozenset({"SIC", "BOOS", "SIGH", "BEEP", "BANG", "SOB", "SOBS"})
_PARTY_RE = re.compile(r"[A-Z]{1,2}-[A-Z]{2,4}|[DRI]|RET")

# Clip boundaries, typos included ("BEIGN VIDEO CLIP", "END VIDEO CLP", "BEGIN VIDEOCLIP").
_CLIP_BEGIN_RE = re.compile(
    r"^(?:BE(?:GI|IG)N (?:VIDEO|AUDIO|VOICE|SOUND)"
    r"|(?:VIDEO ?CLIP|AUDIO CLIP|VIDEOTAPE|VIDEO TAPE) STARTS?$)"
)
_CLIP_END_RE = re.compile(
    r"^(?:END (?:VIDEO|AUDIO|VOICE|SOUND)|(?:VIDEO ?CLIP|AUDIO CLIP|VIDEOTAPE|VIDEO TAPE) ENDS?$)"
)
# "(COMMERCIAL BREAK)", "(COMEMRCIAL BREAK)", "(NEWSBREAK)", "(BREAK)"
_BREAK_RE = re.compile(r"^(?:[A-Z]+ )?BREAK$|^NEWSBREAK$")

# One name word: capitals with inner apostrophes, dots, hyphens ("O'BRIEN", "J.", "YIK-MO"),
# "McCAIN"-style, or a number after "#".
_W = r"(?:Mc[A-Z]+|[A-Z](?:[A-Z0-9'`\u2019.\-]*[A-Z0-9.])?|\#\d+)"
_NAME = _W + r"(?:[ \t]+(?:\([A-Z]{3,}\)[ \t]+)?" + _W + r"){0,9}"
# After the name: roles (", CNN ANCHOR"), party tags and qualifiers in parentheses.
# After a party tag the title may follow without a comma: "KARI LAKE (R-AZ) CANDIDATE".
# A role may quote a title with a colon in it: 'AUTHOR, "ILLUSIVE UTOPIA: THEATER ..."'.
_ROLE_CHAR = r"(?>\"[^\"\n]{0,120}\"|\u201c[^\u201d\n]{0,120}\u201d|[^:\n])"


def _rest(role_char: str) -> str:
    return (
        r"(?>(?:[ \t]*\([^()\n:]{1,100}\))*)"
        r"(?:," + role_char + r"{1,160}|(?<=\))[ \t]+[A-Z]" + role_char + r"{0,160})?"
    )


_REST = _rest(_ROLE_CHAR)
TAG_RE = re.compile(r"(?P<name>" + _NAME + r")(?P<rest>" + _REST + r")[ \t]?:(?=\s|$)")
# A semicolon typed for the colon ("ERIN BURNETT, CNN HOST;"): accepted only with a role in
# capitals or for a name already tagged, since semicolons are common in speech.
SEMI_TAG_RE = re.compile(
    r"(?P<name>" + _NAME + r")(?P<rest>" + _rest(r"[^:;\n]") + r")[ \t]?;(?=\s|$)"
)
# A name typed in mixed case before a role in capitals, at a line start:
# "Ben Carson,  U.S. PRESIDENTIAL CANDIDATE:", "JOHN Brennan, THEN-CIA DIRECTOR:".
_CASED_W = r"(?:(?:Mc|Mac|O['\u2019])?[A-Z][a-z]+(?:-[A-Z][a-z]+)?|[A-Z]\.|" + _W + r")"
CASED_TAG_RE = re.compile(
    r"(?P<name>" + _CASED_W + r"(?:[ \t]+" + _CASED_W + r"){1,3})"
    r"(?P<rest>,[ \t]+[A-Z][A-Z0-9 .,'&/()\-]{2,120}?)[ \t]?:(?=\s|$)"
)
_CAPS_WORD_RE = re.compile(r"[A-Z]{3}")
#: Words that open a sentence, not a name: "Thank You, MR. PRESIDENT:" is speech.
_OPENERS = frozenset(
    [
        "A",
        "AN",
        "AND",
        "AS",
        "BUT",
        "DEAR",
        "GOOD",
        "HELLO",
        "HERE",
        "HI",
        "LADIES",
        "NO",
        "NOW",
        "OH",
        "SO",
        "THANK",
        "THANKS",
        "THE",
        "THIS",
        "THAT",
        "WELL",
        "YES",
    ]
)
# Mixed-case names, for plain text such as NPR's "Mr. KYLE BOWSER (Actor):".
_PLAIN_W = r"(?:Mr|Mrs|Ms|Dr|Rev|Sen|Rep|Gov|Gen|Prof)\.|" + _W
PLAIN_TAG_RE = re.compile(
    r"(?P<name>(?:" + _PLAIN_W + r")(?:[ \t]+(?:" + _PLAIN_W + r")){0,6})"
    r"(?P<rest>" + _REST + r")[ \t]?:(?=\s|$)"
)

# A tag's first word: capitals (or "Mc"), then a space, comma, colon, semicolon or
# parenthesis; the look-ahead keeps ordinary sentences ("The ...") from being tried as tags.
_TAGGISH = r"(?=(?:Mc)?[A-Z][A-Z0-9'\u2019.\-]*[ \t,:;(])"
_LINE_START_RE = re.compile(r"[ \t\u00a0]*(?:\[\d{1,2}:\d{2}:\d{2}\][ \t\u00a0]*)*(?=[A-Z#])")
_MID_START_RE = re.compile(r"(?:[.?!\"\u201d\u2019')\]]|--)[ \t\u00a0]+" + _TAGGISH)
# Tags glued to what precedes them ("...big picture.ANDERSON COOPER, CNN ANCHOR:",
# "--BORGER:", "(CROSSTALK)LIZZA:", "it'sMILLER:" in pages whose paragraphs were joined).
# Two capitals, or an "O'" name ("--O'BRIEN (via telephone):").
_TWO_CAPS_AHEAD = r"(?=[A-Z]['\u2019`]?[A-Z])"
_GLUED_START_RE = re.compile(r"(?<=[a-z0-9.?!\"\u201d\u2019)\-])" + _TWO_CAPS_AHEAD)
_STRICT_GLUED_START_RE = re.compile(
    r"(?<=[a-z0-9][.?!])" + _TWO_CAPS_AHEAD + r"|(?<=[.?!][\"\u201d\u2019])" + _TWO_CAPS_AHEAD
)
_AFTER_MARKER_RE = re.compile(r"\((?:BEGIN|END|COMMERCIAL|CROSSTALK)[A-Z ]*\)[ \t\u00a0]*\Z")

_LOWER_RE = re.compile(r"[a-z]")
_PARENS_RE = re.compile(r"\([^()]*\)")
_COLON_RE = re.compile(r"[:;](?=\s|\Z)")
_MAX_TAG = 240  # longest tag looked for, in characters
_REST_PART_RE = re.compile(r"\(([^()]*)\)|,([^,()]*)|([^,()]+)")
_TWO_CAPS_RE = re.compile(r"[A-Z].*[A-Z]|^[A-Z]$")
_TRANSLATED_RE = re.compile(r"\b(?:TRANSLATED|THROUGH TRANSLATOR)$")

#: Capitals-and-colon labels that are not speakers.
_NOT_SPEAKERS = frozenset(
    {
        "NOTE",
        "EDITOR'S NOTE",
        "CORRECTION",
        "UPDATE",
        "BREAKING NEWS",
        "TRANSCRIPT",
        "END",
        "AIRED",
        "SHOW",
        "DATE",
        "GUEST",
        "GUESTS",
        "COPY",
        "SUBJECT",
        "SUBTITLE",
        "GRAPHIC",
        "ON SCREEN",
        "ON-SCREEN",
        "CHYRON",
        "TEXT",
        "RE",
        "PS",
        "P.S.",
        "WARNING",
        "CAPTION",
        "HEADLINE",
        "TITLE",
        "SOURCE",
        "SOURCES",
        "UPDATED",
        "ET",
        "PT",
        "AM",
        "PM",
        "A.M.",
        "P.M.",
        "URL",
        "HTTP",
        "HTTPS",
        "WWW",
    }
)

#: Labels of on-screen text: the line is neither speech nor a speaker's.
_SCREEN_LABEL_RES = _line_patterns(
    r"[ \t]*(?P<label>(?:SUBTITLE|GRAPHIC|ON SCREEN|ON-SCREEN|CAPTION|CHYRON|HEADLINE|TEXT):[^\n]*)"
)
_NOCOLON_RES = _line_patterns(
    r"[ \t]*(?:\[\d{1,2}:\d{2}:\d{2}\][ \t]*)*(?P<name>[A-Z][A-Z'.\-]{2,})[ \t]+(?=[A-Z][a-z])"
)

_TRAILER_LINE_RE = re.compile(
    r"^\s*(?:END|\(END\)|"
    r"(?:END\s*)?THIS IS A RUSH TRANSCRIPT\..*|"
    r"Copy: Content and programming copyright.*|"
    r"Content and Programming Copyright.*|"
    r"This material may not be published, broadcast, rewritten, or redistributed\..*|"
    r"[A-Z][\w.' -]{2,60} (?:currently serves|serves|joined) .*\bFox News\b.*|"
    r"\[\d{1,2}:\d{2}:\d{2}\]|\(COMMERCIAL BREAK\)|"
    r"[\u00a0\s]*)\s*$",
    re.IGNORECASE,
)


class Tag(NamedTuple):
    """A speaker tag found in the body (a named tuple: thousands are made per file)."""

    start: int  # where the tag's name begins
    end: int  # just after the colon
    cut: int  # where the previous turn must end (before stamps that lead into the tag)
    name: str
    role: str | None
    qualifier: str | None
    position: str  # "line", "mid", "glued" or "nocolon"


def find_stamps(text: str, start: int = 0, end: int | None = None) -> list[Timestamp]:
    """Every ``[HH:MM:SS]`` stamp in ``text[start:end]``."""
    out = []
    for m in STAMP_RE.finditer(text, start, len(text) if end is None else end):
        h, mi, s = int(m.group(1)), int(m.group(2)), int(m.group(3))
        out.append(Timestamp(m.group(0)[1:-1], h * 3600 + mi * 60 + s, m.start(), m.end()))
    return out


def find_markers(
    text: str, start: int = 0, end: int | None = None, *, exclude: Sequence[Tag] = ()
) -> list[Marker]:
    """Every bracketed production note in ``text[start:end]`` outside speaker tags."""
    spans = [(t.start, t.end) for t in exclude]
    out = []
    j = 0
    for m in MARKER_RE.finditer(text, start, len(text) if end is None else end):
        while j < len(spans) and spans[j][1] <= m.start():
            j += 1
        if j < len(spans) and spans[j][0] <= m.start() < spans[j][1]:
            continue
        upper = m.group("upper")
        if upper is not None and (
            _PARTY_RE.fullmatch(upper)
            or (" " not in upper and len(upper) <= 4 and upper not in _SHORT_MARKERS)
        ):
            continue  # a party tag "(D-IL)" or an acronym "(FNC)", not a production note
        kind = " ".join((upper or m.group("lower")).upper().split())
        out.append(Marker(kind, m.start(), m.end()))
    return out


def clip_effect(kind: str) -> int:
    """+1 when a marker opens a clip, -1 when it closes one, 0 otherwise."""
    if _CLIP_BEGIN_RE.match(kind):
        return 1
    if _CLIP_END_RE.match(kind):
        return -1
    return 0


def is_structural(kind: str) -> bool:
    """Markers that end a turn: clip boundaries and commercial breaks."""
    return bool(clip_effect(kind) or _BREAK_RE.match(kind))


def trailer_start(text: str, start: int = 0) -> int:
    """Where the closing boilerplate begins ("END", rush notice, copyright lines), else ``len``."""
    pos = len(text)
    while pos > start:
        line_start = text.rfind("\n", start, pos - 1) + 1 if pos > 0 else 0
        line_start = max(line_start, start)
        line = text[line_start:pos]
        if not _TRAILER_LINE_RE.match(line):
            break
        pos = line_start
    # keep the newline that ends the last body line out of the trailer
    while pos < len(text) and pos > start and text[pos - 1] != "\n" and text[pos].isspace():
        pos += 1
    return pos


def _role_case(role: str) -> tuple[int, int]:
    """Words in capitals and words with lower-case letters in a role, outside parentheses
    ("37th" counts as neither)."""
    words = _PARENS_RE.sub(" ", role).split()
    lower = sum(1 for w in words if any(ch.islower() for ch in w) and not w[:1].isdigit())
    upper = sum(1 for w in words if sum(ch.isupper() for ch in w) >= 2)
    return upper, lower


def _role_ok(role: str | None, where: str) -> bool:
    """Whether a role reads as a tag's title. Mid-line, words in capitals must outnumber
    mixed-case ones ("CNN CHIEF White House CORRESPONDENT"); at a line start, one word in
    capitals for each two others will do ("United States SENATOR"). "so here's the thing"
    is never a role."""
    if role is None or role == role.upper():
        return True
    upper, lower = _role_case(role)
    if lower == 0:
        return True
    return upper > lower if where != "line" else upper >= 1 and lower <= 2 * upper


def _split_rest(rest: str) -> tuple[str | None, str | None]:
    """Role (as written, party tags included) and qualifier of what follows a tag's name."""
    if not rest:
        return None, None
    qualifiers = []
    role_parts = []
    for m in _REST_PART_RE.finditer(rest):
        if m.group(1) is not None:
            inner = m.group(1).strip()
            if inner and inner == inner.lower():
                qualifiers.append(inner)
            else:
                role_parts.append(f"({inner})")
        elif m.group(2) is not None:
            if m.group(2).strip():
                role_parts.append(", " + m.group(2).strip())
        elif m.group(3) is not None and m.group(3).strip():
            role_parts.append(" " + m.group(3).strip())
    role = "".join(role_parts).strip(" ,") or None
    if role is not None:
        role = " ".join(role.split())
    qualifier = normalize_qualifier(qualifiers[0]) if qualifiers else None
    return role, qualifier


def _leading_cut(text: str, pos: int, floor: int) -> int:
    """Move back from ``pos`` over whitespace and stamps that lead into a tag: on the same
    line ("[06:30:00] NAME:") or alone on the lines just before it."""
    cut = pos
    while cut > floor:
        j = cut
        while j > floor and text[j - 1].isspace():
            j -= 1
        if j > floor and text[j - 1] == "]":
            m = STAMP_RE.search(text, max(floor, j - 12), j)
            if m and m.end() == j:
                k = m.start()
                while k > floor and text[k - 1] in " \t\u00a0":
                    k -= 1
                alone = k == floor or text[k - 1] == "\n"  # the stamp starts its line
                if alone or "\n" not in text[m.end() : cut]:
                    cut = m.start()
                    continue
        break
    return cut


def _after_last_lower(text: str, rev: str, floor: int, colon: int) -> int:
    """Index after the last lower-case letter before ``colon`` that can't be in a tag
    (letters in trailing parentheses and the "c" of "McCAIN" can), else ``floor``."""
    j = colon
    while True:
        k = j
        while k > floor and text[k - 1] in " \t":
            k -= 1
        if k > floor and text[k - 1] == ")":
            o = text.rfind("(", floor, k - 1)
            if o >= 0:
                j = o
                continue
        break
    n = len(text)
    pos = n - j
    while True:
        m = _LOWER_RE.search(rev, pos, n - floor)
        if m is None:
            return floor
        idx = n - 1 - m.start()
        if text[idx] == "c" and text[idx - 1 : idx] == "M" and text[idx + 1 : idx + 2].isupper():
            pos = m.start() + 2
            continue
        return idx + 1


def scan_tags(
    text: str,
    start: int,
    end: int,
    *,
    flat: bool = False,
    mixed_case: bool = False,
) -> list[Tag]:
    """Speaker tags in ``text[start:end]``, in order.

    ``flat`` also accepts tags glued to the previous sentence (one-line pages);
    ``mixed_case`` also accepts NPR-style tags with lower-case honorifics and roles at
    line starts (mid-line tags are upper-case in every mode).
    """
    # Every tag ends with a colon (or a semicolon typed for it): look for tag starts only
    # shortly before them.
    positions: dict[int, str] = {}
    rev = text[::-1]
    win_end = start
    line_start = start
    for colon in _COLON_RE.finditer(text, start, end):
        c = colon.start()
        prev = text[c - 2 : c].rstrip()[-1:]
        # only the text since the previous colon can hold a newline: no rescans of long lines
        line_start = max(text.rfind("\n", line_start, c) + 1, line_start)
        if not prev or (prev.islower() and not (mixed_case and c - line_start <= _MAX_TAG)):
            continue  # "He said: ..." -- upper-case tags end in a capital, "." or ")"
        # Upper-case tags hold no lower-case letters outside their "(qualifier)", so they
        # start after the last lower-case letter before the colon.
        a = max(win_end, c - _MAX_TAG, line_start)
        a = max(a, _after_last_lower(text, rev, max(line_start, c - _MAX_TAG), c) - 3)
        if c - line_start <= _MAX_TAG:
            m = _LINE_START_RE.match(text, line_start, c + 1)
            if m is not None:
                positions[m.end()] = "line"
        if text[c] == ":":  # a tag's role may hold a semicolon, never a colon
            win_end = c
        if a >= c:
            continue
        c += 1  # look-aheads may need to see the colon
        for m in _MID_START_RE.finditer(text, a, c):
            positions.setdefault(m.end(), "mid")
        glued = _GLUED_START_RE if flat else _STRICT_GLUED_START_RE
        for m in glued.finditer(text, a, c):
            positions.setdefault(m.end(), "glued")

    cands: list[Tag] = []
    semi: set[int] = set()  # starts of tags that end in a semicolon
    for pos in sorted(positions):
        where = positions[pos]
        m = _match_tag(text, pos, end, line=where == "line", mixed_case=mixed_case)
        if m is None:
            continue
        if m.group(0).endswith(";"):
            semi.add(pos)
        name = m.group("name").strip()
        role, qualifier = _split_rest(m.group("rest"))
        key = normalize_key(name)
        if not key or key in _NOT_SPEAKERS or not _TWO_CAPS_RE.search(key):
            continue
        if not (mixed_case and where == "line") and not _role_ok(role, where):
            continue
        if qualifier is None and _TRANSLATED_RE.search(name):
            qualifier = "through translator"
        cands.append(
            Tag(pos, m.end(), _leading_cut(text, pos, start), name, role, qualifier, where)
        )

    keys = [normalize_key(t.name) for t in cands]
    strong = [
        _semi_strong(t, k)
        if t.start in semi
        else (
            t.position == "line"
            or bool(t.role)
            or is_unnamed(k)
            or bool(_AFTER_MARKER_RE.search(text, max(start, t.start - 40), t.start))
        )
        for t, k in zip(cands, keys, strict=True)
    ]
    known: set[str] = set()
    for k, is_strong in zip(keys, strong, strict=True):
        if is_strong:
            toks = k.split(" ")
            for i in range(len(toks)):
                known.add(" ".join(toks[i:]))
    known_words = {k for k in known if " " not in k}
    counts = Counter(keys)
    accepted: list[Tag] = []
    last_end = start
    for t, k, is_strong in zip(cands, keys, strong, strict=True):
        if t.start < last_end:  # inside an accepted tag
            continue
        if (
            is_strong
            or k in known
            or (t.start not in semi and flat and counts[k] >= 2 and len(k) >= 3)
            # "COOOPER:" mid-line once Cooper is tagged: a typo of one known name
            or (t.start not in semi and " " not in k and typo_of(k, known_words) is not None)
        ):
            accepted.append(t)
            last_end = t.end
    return accepted


def _match_tag(
    text: str, pos: int, end: int, *, line: bool, mixed_case: bool
) -> re.Match[str] | None:
    """The tag starting at ``pos``: upper-case with a colon, NPR-style (``mixed_case``, at
    a line start), with a semicolon for the colon, or a mixed-case name before a role in
    capitals (at a line start)."""
    m = None
    if mixed_case and line:
        m = PLAIN_TAG_RE.match(text, pos, end)
    if m is None:
        m = TAG_RE.match(text, pos, end)
        if m is not None and _LOWER_RE.search(m.group("rest").partition(";")[2]):
            m = None  # "JANE DOE, CNN HOST; and then she said:" -- the tag ends at ";"
    if m is None:
        m = SEMI_TAG_RE.match(text, pos, end)
    if m is None and line and not mixed_case:
        m = CASED_TAG_RE.match(text, pos, end)
        if m is not None and (
            not _CAPS_WORD_RE.search(m.group("rest"))
            or m.group("name").split()[0].upper() in _OPENERS
        ):
            m = None
    return m


def _semi_strong(tag: Tag, key: str) -> bool:
    """A tag ending in a semicolon stands on its own only with a role in capitals after a
    full name ("ERIN BURNETT, CNN HOST;") or for an unnamed voice; otherwise its name must
    already be tagged with a colon ("LIZZA;")."""
    if is_unnamed(key):
        return True
    role = tag.role
    return bool(role) and role == role.upper() and " " in key


def add_missing_colon_tags(text: str, start: int, end: int, tags: list[Tag]) -> list[Tag]:
    """Add line-start tags written without a colon ("COOPER Well, ...") for known names."""
    names = {t.name for t in tags if " " not in t.name and len(t.name) >= 3}
    if not names:
        return tags
    extra = []
    taken = {t.start for t in tags}
    for m in _iter_line_starts(_NOCOLON_RES, text, start, end):
        if m.group("name") not in names or m.start("name") in taken:
            continue
        extra.append(
            Tag(
                m.start("name"),
                m.end(),
                _leading_cut(text, m.start("name"), start),
                m.group("name"),
                None,
                None,
                "nocolon",
            )
        )
    if not extra:
        return tags
    return sorted(tags + extra, key=lambda t: t.start)


def screen_text_breaks(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans of on-screen text lines ("SUBTITLE: ...") that end a turn and belong to none."""
    return [
        (m.start("label"), m.end("label"))
        for m in _iter_line_starts(_SCREEN_LABEL_RES, text, start, end)
    ]


def opening_tag(text: str, start: int, end: int, name: str) -> Tag:
    """A tag without text for untagged speech at the start of the body, by ``name``."""
    a, _, _ = _trim(text, start, end)
    return Tag(a, a, a, name.upper(), None, None, "opening")


def _trim(text: str, a: int, b: int) -> tuple[int, int, str]:
    """``(a, b)`` narrowed to exclude leading and trailing whitespace, and the text."""
    seg = text[a:b]
    core = seg.strip()
    if not core:
        return a, a, ""
    if core is not seg:
        a += seg.index(core)
    return a, a + len(core), core


def clip_spans(tags: Sequence[Tag], markers: Sequence[Marker], end: int) -> list[tuple[int, int]]:
    """``(start, end)`` of each clip: from a BEGIN marker to its END marker.

    A BEGIN with no END before the next BEGIN closes at the next segment boundary: a tag
    led by a line-start ``[HH:MM:SS]`` stamp, a commercial break, the next BEGIN, or the
    end of the body.
    """
    clip_marks = [(mk.start_char, mk.end_char, clip_effect(mk.kind)) for mk in markers]
    clip_marks = [c for c in clip_marks if c[2]]
    bounds = sorted(
        [t.cut for t in tags if t.cut < t.start and t.position == "line"]
        + [mk.start_char for mk in markers if _BREAK_RE.match(mk.kind)]
    )
    spans: list[tuple[int, int]] = []
    for i, (a, b, eff) in enumerate(clip_marks):
        if eff < 0 or (spans and spans[-1][1] > a):
            continue
        nxt = clip_marks[i + 1] if i + 1 < len(clip_marks) else None
        if nxt is not None and nxt[2] < 0:
            spans.append((a, nxt[1]))
            continue
        stop = nxt[0] if nxt is not None else end
        k = bisect_right(bounds, b)
        if k < len(bounds):
            stop = min(stop, bounds[k])
        spans.append((a, stop))
    return spans


def build_turns(
    text: str,
    start: int,
    end: int,
    tags: Sequence[Tag],
    markers: Sequence[Marker],
    stamps: Sequence[Timestamp],
    *,
    breaks: Sequence[tuple[int, int]] = (),
) -> tuple[Turn, ...]:
    """Turns from tags, structural markers and extra ``breaks`` (e.g. headings) in the body.

    A turn runs from its tag to the next tag, structural marker or break; non-blank text
    after a structural marker continues the speaker who spoke before it (before the clip,
    for text after a clip ends) as an untagged continuation.
    """
    speakers = resolve_tags(
        [RawTag(t.name, t.role) for t in tags], spellings=prose_spellings(text[start:end])
    )
    # events: (position, order, kind, payload)
    events: list[tuple[int, int, str, object]] = []
    for i, t in enumerate(tags):
        events.append((t.cut, 1, "tag", i))
    for mk in markers:
        if is_structural(mk.kind):
            events.append((mk.start_char, 0, "marker", mk))
    for a, b in breaks:
        events.append((a, 0, "break", (a, b)))
    events.sort(key=lambda e: (e[0], e[1]))

    turns: list[Turn] = []
    stamp_starts = [s.start_char for s in stamps]
    clips = clip_spans(tags, markers, end)
    clip_starts = [a for a, _ in clips]
    marker_starts = [mk.start_char for mk in markers]

    def in_clip_at(pos: int) -> bool:
        k = bisect_right(clip_starts, pos) - 1
        return k >= 0 and clips[k][0] < pos < clips[k][1]

    def stamp_at(pos: int) -> str | None:
        k = bisect_right(stamp_starts, pos) - 1
        return stamps[k].value if k >= 0 else None

    def emit(
        speaker: Speaker, qualifier: str | None, a: int, b: int, tag_start: int | None
    ) -> None:
        a, b, body = _trim(text, a, b)
        if not body:
            return
        inside = tuple(markers[bisect_left(marker_starts, a) : bisect_left(marker_starts, b)])
        turns.append(
            Turn(
                index=len(turns),
                speaker=speaker,
                text=body,
                start_char=a,
                end_char=b,
                tag_start=a if tag_start is None else min(tag_start, a),
                qualifier=qualifier,
                timestamp=stamp_at(a if tag_start is None else min(tag_start, a)),
                in_clip=in_clip_at(a),
                markers=inside,
            )
        )

    current: tuple[Speaker, str | None] | None = None
    outside: tuple[Speaker, str | None] | None = None  # speaker before the current clip
    seg_start: int | None = None
    seg_tag: int | None = None
    for pos, _order, kind, payload in events:
        if current is not None and seg_start is not None:
            emit(current[0], current[1], seg_start, pos, seg_tag)
        if kind == "tag":
            t = tags[payload]  # type: ignore[index]
            current = (speakers[payload], t.qualifier)  # type: ignore[index]
            seg_start, seg_tag = t.end, t.start
        elif kind == "marker":
            mk = payload
            eff = clip_effect(mk.kind)  # type: ignore[union-attr]
            if eff > 0:
                outside = current
            elif eff < 0 and outside is not None:
                current = (outside[0], None)
            elif current is not None:
                current = (current[0], None)
            seg_start = mk.end_char  # type: ignore[union-attr]
            seg_tag = None
        else:
            a, b = payload  # type: ignore[misc]
            if current is not None:
                current = (current[0], None)
            seg_start, seg_tag = b, None
    if current is not None and seg_start is not None:
        emit(current[0], current[1], seg_start, end, seg_tag)
    return tuple(turns)
