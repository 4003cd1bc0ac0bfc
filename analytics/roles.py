"""Speaker kinds: anchor, correspondent, analyst, guest, newsmaker or unidentified.

Pure functions over the role as written in the first full tag ("CNN ANCHOR", "(D-IL)",
"FORMER FBI ASSISTANT DIRECTOR, CNN LAW ENFORCEMENT ANALYST") and a little context: a
speaker without a role whose surname is in the show's title is its host ("CARLSON" on
"Tucker Carlson Tonight"), and another network's anchor is a guest here. :func:`transcript_kinds` adds one more rule that needs the whole
transcript: when nobody is an anchor by role or title, the speaker with the most words and
no role is taken for the host. Sound bites are not a kind: turns inside a video clip carry
``Turn.in_clip`` whatever the speaker.

>>> speaker_kind(Speaker("Erica Hill", "ERICA HILL", "CNN ANCHOR"))
'anchor'
>>> speaker_kind(Speaker("Tucker Carlson", "CARLSON"), show="Tucker Carlson Tonight")
'anchor'
"""

from __future__ import annotations

import re
from collections import Counter

from analytics.model import Speaker, SpeakerKind, Transcript
from analytics.speakers import is_unnamed

KINDS: tuple[SpeakerKind, ...] = (
    "anchor",
    "correspondent",
    "analyst",
    "guest",
    "newsmaker",
    "unidentified",
)

_NETWORKS = r"CNN|HLN|MSNBC|NBC|CNBC|FOX|FNC|FBN|NPR|ABC|CBS|PBS|BBC"
_FAMILIES = (
    frozenset({"CNN", "HLN"}),
    frozenset({"MSNBC", "NBC", "CNBC"}),
    frozenset({"FOX", "FNC", "FBN"}),
    frozenset({"NPR"}),
)
_ANCHOR_RE = re.compile(r"\b(?:ANCHOR|CO-ANCHOR|HOST|CO-HOST|COHOST|MODERATOR)\b")
_CORRESPONDENT_RE = re.compile(
    r"\b(?:CORRESPONDENT|BUREAU CHIEF|NEWS DESK|METEOROLOGIST|WEATHER|ANCHOR AT LARGE)\b"
)
_REPORTER_RE = re.compile(r"\b(?:REPORTER|PRODUCER|EDITOR)\b")
_NETWORK_RE = re.compile(rf"\b(?:{_NETWORKS})\b")
_ANALYST_RE = re.compile(r"\b(?:ANALYST|COMMENTATOR|CONTRIBUTOR|PANELIST)\b")
_FORMER_RE = re.compile(r"\b(?:FORMER|FMR\.?|EX-|RETIRED|RET\.?)\b|\(RET\.?\)")
_PARTY_RE = re.compile(
    r"\((?:[DRI]|[DRI]-[A-Z][A-Z. ]{1,14}(?:,[^)]*)?)\)|\b[DRI]-[A-Z][A-Z.]{1,14}(?![A-Z])"
)
_FORMER_PRESIDENT_RE = re.compile(r"^FORMER (?:U\.S\. )?PRESIDENT(?: OF THE UNITED STATES)?$")
_NEWSMAKER_RE = re.compile(
    r"""\b(?:
        (?<![A-Z]\s)PRESIDENT(?:-ELECT)?(?=\s*(?:$|\(|OF\s+THE\s+UNITED\s+STATES|OF\s+[A-Z]+$))
      | VICE\s+PRESIDENT(?=\s*(?:$|\(|OF\s+THE\s+UNITED\s+STATES))
      | (?:U\.S\.\s+|FRENCH\s+|RUSSIAN\s+|UKRAINIAN\s+|CHINESE\s+|AFGHAN\s+|SYRIAN\s+)PRESIDENT
      | PRESIDENTIAL\s+CANDIDATE | CANDIDATE | NOMINEE
      | SENATOR | SEN\. | U\.S\.\s+SENATE | REPRESENTATIVE | REP\. | CONGRESSMAN
      | CONGRESSWOMAN | MEMBER\s+OF\s+CONGRESS | GOVERNOR | GOV\. | LIEUTENANT\s+GOVERNOR
      | MAYOR | PRIME\s+MINISTER | MINISTER | CHANCELLOR | SECRETARY | PRESS\s+SECRETARY
      | WHITE\s+HOUSE | ATTORNEY\s+GENERAL | SPEAKER\s+OF\s+THE\s+HOUSE | HOUSE\s+SPEAKER
      | MAJORITY\s+LEADER | MINORITY\s+LEADER | MAJORITY\s+WHIP | MINORITY\s+WHIP
      | SHERIFF | POLICE\s+CHIEF | CHIEF\s+OF\s+POLICE | POLICE\s+COMMISSIONER | COMMISSIONER
      | AMBASSADOR | SPOKESMAN | SPOKESWOMAN | SPOKESPERSON | PROSECUTOR | DISTRICT\s+ATTORNEY
      | FBI\s+DIRECTOR | CIA\s+DIRECTOR | DIRECTOR\s+OF\s+NATIONAL\s+INTELLIGENCE
      | (?<![A-Z]\s)DIRECTOR,\s+(?:THE\s+)?(?:NATIONAL\s+INSTITUTES?|CENTERS\s+FOR\s+DISEASE
          |FEDERAL\s+BUREAU|CENTRAL\s+INTELLIGENCE|FBI|CIA|NSA|CDC|NIH|NIAID|OFFICE\s+OF)
      | STATE\s+DEPARTMENT | PENTAGON | KING | QUEEN | POPE
      | CITY\s+COUNCIL | COUNCILMAN | COUNCILWOMAN | STATE\s+(?:SENATOR|REPRESENTATIVE)
    )""",
    re.VERBOSE,
)
_QUOTED_RE = re.compile(r"[\"\u201c\u201d']([^\"\u201c\u201d']{2,60})[\"\u201c\u201d']")
#: Titles written before a name in a tag ("PRESIDENT DONALD TRUMP:", "REP. CLAY HIGGINS (R-LA):").
_TAG_TITLE_RE = re.compile(
    r"^(?:\[\d{1,2}:\d{2}:\d{2}\]\s*)?(?:FORMER\s+(?=PRESIDENT\s)|U\.S\.\s+)?"
    r"(?:PRESIDENT|VICE\s+PRESIDENT|SEN\.|SENATOR|REP\.|REPRESENTATIVE|CONGRESSMAN|"
    r"CONGRESSWOMAN|GOV\.|GOVERNOR|MAYOR|SECRETARY|PRIME\s+MINISTER|ATTORNEY\s+GENERAL)\s"
)
_HOST_TITLE_WORDS = frozenset({"THE", "SHOW", "TONIGHT", "LIVE", "WITH", "AND", "OF", "A", "IN"})


def _name_words(speaker: Speaker) -> list[str]:
    return [w for w in re.split(r"[\s,]+", speaker.key.upper()) if len(w) > 1]


def has_party(role: str | None) -> bool:
    """Whether a role carries a party designation, the mark of a serving politician.

    >>> has_party("(D-IL)"), has_party("R-WIS."), has_party("VICE PRESIDENT, COMMON CAUSE")
    (True, True, False)
    """
    return bool(role) and _PARTY_RE.search(" ".join(role.upper().split())) is not None


def is_former(role: str | None) -> bool:
    """Whether a role says the title is past ("FORMER", "FMR.", "RET.").

    >>> is_former("FORMER FBI DIRECTOR"), is_former("FBI DIRECTOR")
    (True, False)
    """
    return bool(role) and _FORMER_RE.search(role.upper()) is not None


def hosts_show(speaker: Speaker, show: str | None) -> bool:
    """Whether the speaker's surname is a word of the show's title ("Hannity", "All In
    with Chris Hayes", "The Rachel Maddow Show").

    >>> hosts_show(Speaker("Sean Hannity", "SEAN HANNITY"), "Hannity")
    True
    """
    if not show:
        return False
    words = _name_words(speaker)
    if not words:
        return False
    title = {w for w in re.findall(r"[A-Z][A-Z'\-]+", show.upper()) if w not in _HOST_TITLE_WORDS}
    return words[-1] in title


def speaker_kind(
    speaker: Speaker, *, network: str | None = None, show: str | None = None
) -> SpeakerKind:
    """The kind of a speaker from the role as written, the name, the show and the network.

    Precedence: unnamed voices; the show's host; then the role: anchor, correspondent,
    analyst ("FORMER FBI ..., CNN ANALYST" is an analyst), serving officials and candidates
    (a party tag "(D-IL)" is enough; "FORMER" makes a guest, except a former president);
    a role naming only the transcript's own network ("CNN STUDENT NEWS") is its staff. The
    anchors, correspondents and analysts of another network than ``network`` ("HOST, FOX
    NEWS CHANNEL" on MSNBC) are guests. Everyone else, with or without a role, is a guest.

    >>> speaker_kind(Speaker("Dick Durbin", "DICK DURBIN", "(D-IL)"))
    'newsmaker'
    >>> speaker_kind(Speaker("A B", "A B", "FORMER FBI ASSISTANT DIRECTOR"))
    'guest'
    """
    key = speaker.key.upper()
    role = " ".join((speaker.role or "").upper().split())
    if is_unnamed(key) or key.startswith(("UNIDENTIFIED", "UNKNOWN")):
        return "unidentified"
    if hosts_show(speaker, show) and (not role or _ANCHOR_RE.search(role)):
        return "anchor"
    kind = _kind_from_role(role)
    if kind is None and _PARTY_RE.search(key):
        kind = "newsmaker"
    named = set(_NETWORK_RE.findall(role))
    family = _family(network)
    staff = kind in ("anchor", "correspondent", "analyst")
    if staff and named and family and not named & family:
        return "guest"  # another network's people, quoted or visiting
    if kind == "anchor" and _other_show(role, show):
        return "guest"  # the host of another programme ("HOST, "THE MATT WALSH SHOW"")
    if kind is None and named and family and named & family and not _FORMER_RE.search(role):
        # the network's own staff: "CNN STUDENT NEWS" (a producer), "NBC NEWS HISTORIAN"
        return "correspondent" if len(role.split()) <= 3 else "analyst"
    return kind or "guest"


def _other_show(role: str, show: str | None) -> bool:
    """Whether the role quotes a programme title that is not ``show``."""
    titles = _QUOTED_RE.findall(role)
    if not titles or not show:
        return False
    here = set(re.findall(r"[A-Z0-9]+", show.upper())) - _HOST_TITLE_WORDS
    return not any(set(re.findall(r"[A-Z0-9]+", t)) & here for t in titles)


def _kind_from_role(role: str) -> SpeakerKind | None:
    """The kind the role names on its own, or ``None`` when it names none."""
    if not role:
        return None
    former = bool(_FORMER_RE.search(role))
    if _ANCHOR_RE.search(role) and not _former_before(role, _ANCHOR_RE):
        return "anchor"
    if _CORRESPONDENT_RE.search(role) and not _former_before(role, _CORRESPONDENT_RE):
        return "correspondent"
    if _ANALYST_RE.search(role):
        return "analyst"
    if _REPORTER_RE.search(role) and _NETWORK_RE.search(role) and not former:
        return "correspondent"
    if _FORMER_PRESIDENT_RE.search(role):
        return "newsmaker"
    if not former and (_PARTY_RE.search(role) or _NEWSMAKER_RE.search(role)):
        return "newsmaker"
    if former:
        return "guest"
    return None


def _family(network: str | None) -> frozenset[str]:
    """Network names that count as the transcript's own network ("MSNBC" -> MSNBC, NBC)."""
    if not network:
        return frozenset()
    named = set(_NETWORK_RE.findall(network.upper()))
    for family in _FAMILIES:
        if named & family:
            return family
    return frozenset(named)


def _former_before(role: str, pattern: re.Pattern[str]) -> bool:
    """Whether "FORMER" qualifies the title matched by ``pattern`` (same comma clause)."""
    m = pattern.search(role)
    if m is None:
        return False
    clause_start = role.rfind(",", 0, m.start()) + 1
    return bool(_FORMER_RE.search(role, clause_start, m.start()))


def transcript_kinds(transcript: Transcript) -> dict[str, SpeakerKind]:
    """Kind of every speaker of a transcript, keyed by ``Speaker.key``.

    Adds to :func:`speaker_kind` three rules that need the transcript, for speakers whose
    role names no kind:

    - a title written before the name in a tag ("PRESIDENT DONALD TRUMP:", "SEN. JONI
      ERNST:"; the speaker's key drops it) makes a newsmaker;
    - on a panel show (three or more co-hosts by role) a speaker who speaks at least as
      many words as the quietest co-host is one ("WILLIAMS" on The Five);
    - when no speaker is an anchor, the speaker with no role who speaks the most words
      (at least a fifth of all words) is the host.
    """
    kinds: dict[str, SpeakerKind] = {
        s.key: speaker_kind(s, network=transcript.network, show=transcript.show)
        for s in transcript.speakers
    }
    words: Counter[str] = Counter()
    titled: set[str] = set()
    for turn in transcript.turns:
        words[turn.speaker.key] += turn.words
        tag = transcript.text[turn.tag_start : turn.start_char].upper()
        if tag and _TAG_TITLE_RE.match(tag):
            titled.add(turn.speaker.key)
    open_keys = {
        s.key
        for s in transcript.speakers
        if kinds[s.key] == "guest"
        and _kind_from_role(" ".join((s.role or "").upper().split())) is None
    }
    for key in open_keys & titled:
        kinds[key] = "newsmaker"
    open_keys -= titled

    cohosts = [
        words[s.key]
        for s in transcript.speakers
        if kinds[s.key] == "anchor" and re.search(r"\bCO-?HOSTS?\b", (s.role or "").upper())
    ]
    if len(cohosts) >= 3:
        for key in open_keys:
            if words[key] >= min(cohosts) and not _has_role(transcript, key):
                kinds[key] = "anchor"
    if "anchor" in kinds.values():
        return kinds

    total = sum(words.values())
    ranked = [(words[k], k) for k in open_keys if not _has_role(transcript, k)]
    if ranked and total:
        n, key = max(ranked)
        if n * 5 >= total:
            kinds[key] = "anchor"
    return kinds


def _has_role(transcript: Transcript, key: str) -> bool:
    return any(s.key == key and s.role for s in transcript.speakers)
