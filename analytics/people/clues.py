"""What one transcript says about who its speakers are: :class:`Appearance` records.

Pure functions, one transcript at a time (the pipeline runs them with the other
per-transcript stages). Every speaker becomes an :class:`Appearance`: its key and role as
tagged, its kind (:func:`analytics.roles.transcript_kinds`), network, show, air date,
turns and words. A speaker tagged by a short form only ("LEMON:", "E. TRUMP:") also gets
:class:`Clue` records: full names the transcript says that the short form can stand for
(:func:`analytics.people.naming.short_matches`), found with :func:`analytics.names.turn_mentions` (one reading the story stage shares),
each with the rule that found it:

- ``self``: the speaker says it of themselves ("This is CNN Tonight. I'm Don Lemon.");
- ``intro``: said in the turn just before the speaker first speaks, or speaks again after
  a while ("joining me now, our correspondent Pamela Brown", "Donald Trump gave an
  interview today... let's listen"): of the matching names of that turn, the first one
  in its closing lines ("Symone Sanders, former press secretary for Bernie Sanders");
- ``vocative``: the name's first name said alone in the turn before one of the
  speaker's turns ("Symone, what are you looking for?");
- ``mention``: the full name said in the turn before any other of the speaker's turns,
  or in the turn right after one ("Thank you, Star Jones");
- ``speaker``: a speaker of the same transcript tagged with the full name (left apart
  by the tags, as "MOFFAT AS SCARBOROUGH" beside "ALEX MOFFAT AS JOE SCARBOROUGH");
- ``title``: the show's title holds the name ("The Story with Martha MacCallum");
- ``said``: said anywhere in the transcript's turns;
- ``slip``: said with a surname one slip away from the tag's ("P.J. O'ROUKE" for "P.J.
  O'Rourke"), kept only when nothing matches exactly;
- ``typo``: a named speaker of the same transcript whose surname is a slip away
  ("GOOLSBY:" on the panel of "AUSTAN GOOLSBEE", "LEMONS:" beside "LEMON:"), counted by
  their turns near the speaker's.

Speakers tagged by a short form also keep :func:`quote_keys` of their longer turns: a
sound bite played in two transcripts ties its two speakers together.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal

import numpy as np
import pandas as pd

from analytics.model import Transcript, Turn
from analytics.names import Mention, SpanMentions, turn_mentions, turn_spans, word_set
from analytics.people.naming import (
    canonical,
    close_spelling,
    first_name,
    is_full,
    is_short,
    parts,
    person_key,
    short_matches,
)
from analytics.roles import transcript_kinds
from analytics.speakers import is_unnamed

ClueRule = Literal[
    "self", "intro", "vocative", "mention", "speaker", "title", "said", "slip", "typo"
]
CLUE_RULES: tuple[ClueRule, ...] = (
    "self",
    "intro",
    "vocative",
    "mention",
    "speaker",
    "title",
    "said",
    "slip",
    "typo",
)

#: Words right before a name that make it the speaker's own ("I'm Don Lemon").
_SELF_RE = re.compile(r"(?:\bI['\u2019`]m|\bI am|\b[Tt]his is|\b[Mm]y name is)\s+\Z")
#: How many turns on either side count as near for the ``typo`` rule.
NEAR_TURNS = 10
#: A speaker back after more than this many turns is introduced again.
REENTRY_TURNS = 6
#: How far from the end of a turn a name introduces the next speaker, in characters.
INTRO_CHARS = 400
#: Words of place and institution names, never of a person's name.
_INSTITUTION_WORDS = word_set(
    """
    COUNTY DISTRICT DEPARTMENT COMMITTEE UNIVERSITY COLLEGE SCHOOL CENTER CENTRE NEWS
    TIMES JOURNAL MAGAZINE PARTY CAMPAIGN FOUNDATION INSTITUTE ASSOCIATION COUNCIL CHURCH
    HOSPITAL COURT AIRPORT AVENUE CLUB COMPANY CORPORATION NETWORK AGENCY BUREAU SERVICE
    ISLANDS AMERICA AMERICAN STATES
    """
)
#: Turns this long or longer are kept as quotes (:func:`quote_keys`).
QUOTE_WORDS = 8


@dataclass(frozen=True, slots=True)
class Clue:
    """A full name a transcript says that a short speaker tag may stand for.

    ``name`` is the canonical key ("DON LEMON"), ``surface`` the name as written ("Don
    Lemon"), ``rule`` how it was found (see the module docstring) and ``count`` how many
    times.
    """

    name: str
    surface: str
    rule: ClueRule
    count: int


@dataclass(frozen=True, slots=True)
class Appearance:
    """One speaker of one transcript, with what the transcript says about them.

    ``key`` is :attr:`analytics.model.Speaker.key` (unique within the transcript),
    ``name`` its display form, ``tags`` the canonical keys of the tags written for it
    ("ANDERSON COOPER", "COOPER"), ``clues`` the evidence for a short key.
    """

    transcript: str
    key: str
    name: str
    role: str | None
    kind: str
    network: str
    show: str | None
    air_date: date | None
    turns: int
    words: int
    tags: tuple[str, ...] = ()
    clues: tuple[Clue, ...] = ()
    quotes: tuple[str, ...] = ()


def tag_key(transcript: Transcript, turn: Turn) -> str | None:
    """The canonical key of the name in a turn's tag ("COOPER" for "COOPER:"), or ``None``
    for an untagged continuation."""
    if turn.tag_start >= turn.start_char:
        return None
    tag = transcript.text[turn.tag_start : turn.start_char]
    tag = re.sub(r"^(?:\s*\[\d{1,2}:\d{2}:\d{2}\]\s*)+", "", tag)
    name = re.split(r"[,(:;]", tag, maxsplit=1)[0]
    key = canonical(name)
    return key or None


def show_title_names(show: str | None) -> list[tuple[str, str]]:
    """(canonical key, surface) of the two-word names in a show's title: "Tucker Carlson"
    in "Tucker Carlson Tonight", "Chris Hayes" in "All In with Chris Hayes".

    >>> show_title_names("The Last Word with Lawrence O'Donnell")
    [("LAWRENCE O'DONNELL", "Lawrence O'Donnell")]
    """
    if not show:
        return []
    words = re.findall(r"[A-Z][\w'\u2019`.-]*", show)
    stop = {"The", "With", "And", "Show", "Tonight", "Live", "Word", "Last", "All", "In"}
    out = []
    for a, b in zip(words, words[1:], strict=False):
        if a in stop or b in stop or not re.search(rf"\b{re.escape(a)}\s+{re.escape(b)}\b", show):
            continue
        out.append((canonical(f"{a} {b}"), f"{a} {b}"))
    return out


def _mentions_by_turn(
    transcript: Transcript, mentions: SpanMentions | None = None
) -> list[list[Mention]]:
    """Name mentions of each turn (the header's headlines, written in title case, are
    left out: every word of them looks like a name): ``mentions`` when given
    (:func:`analytics.names.turn_mentions` of the transcript), read here otherwise."""
    if mentions is None:
        mentions = turn_mentions(transcript)
    elif mentions.text != transcript.text or mentions.spans != turn_spans(transcript):
        raise ValueError("mentions: not the turn mentions of this transcript")
    return [list(found) for found in mentions.mentions]


def person_like(key: str) -> bool:
    """Whether a full name said in the text can be a person's: four words at most, none
    of them a word of place or institution names ("Douglas County Fire District").

    >>> person_like("DON LEMON"), person_like("DOUGLAS COUNTY FIRE DISTRICT")
    (True, False)
    """
    words = key.split()
    return is_full(key) and len(words) <= 4 and _INSTITUTION_WORDS.isdisjoint(words)


def _full(mentions: Iterable[Mention]) -> Iterator[tuple[str, Mention]]:
    """Full names of people among ``mentions``, with their canonical keys."""
    for m in mentions:
        if len(m.tokens) >= 2:
            key = canonical(m.key)
            if person_like(key):
                yield key, m


def near_spelling(a: str, b: str) -> bool:
    """One slip apart (:func:`close_spelling`), or, for names of six letters or more
    sharing all but their last two letters, two slips ("GOOLSBY"/"GOOLSBEE"; not
    "CARLSON"/"CARLIN").

    >>> near_spelling("GOOLSBY", "GOOLSBEE"), near_spelling("LEMONS", "LEMON")
    (True, True)
    >>> near_spelling("BEVAN", "BEVIN"), near_spelling("CARLSON", "CARLIN")
    (True, False)
    """
    if close_spelling(a, b):
        return True
    shorter = min(len(a), len(b))
    return shorter >= 7 and abs(len(a) - len(b)) <= 2 and a[: shorter - 2] == b[: shorter - 2]


def _slip_of(tagged: str, said: str) -> bool:
    """Whether a surname as tagged is a slip for one said in the text: near in spelling,
    five letters or more, and the first two letters the same ("O'ROUKE" for "O'ROURKE";
    not "FRUMP" for "TRUMP")."""
    return (
        min(len(tagged), len(said)) >= 5 and tagged[:2] == said[:2] and near_spelling(tagged, said)
    )


def _typo_clues(
    speaker: str, key: str, transcript: Transcript, kinds_of: dict[str, str]
) -> list[Clue]:
    """Named speakers of the transcript whose surname is a slip away from ``key``'s (a
    surname alone), counted by their turns within :data:`NEAR_TURNS` of the speaker's,
    inside a clip when the speaker's turn is, outside when it is not."""
    p = parts(key)
    if p.given or not p.surname:
        return []
    turns = transcript.turns
    mine = [i for i, t in enumerate(turns) if t.speaker.key == speaker]
    near: Counter[str] = Counter()
    for i in mine:
        for j in range(max(0, i - NEAR_TURNS), min(len(turns), i + NEAR_TURNS + 1)):
            if turns[j].speaker.key != speaker and turns[j].in_clip == turns[i].in_clip:
                near[turns[j].speaker.key] += 1
    out = []
    for s in transcript.speakers:
        other = person_key(s.key)
        if (
            s.key == speaker
            or kinds_of.get(s.key) == "unidentified"
            or not (is_full(other) or is_short(other))
        ):
            continue
        if near_spelling(p.surname, parts(other).surname):
            out.append(Clue(other, s.name, "typo", near[s.key]))
    return out


def _addressed(text: str, start: int, end: int, first: str) -> bool:
    """Whether ``text[start:end]`` says the first name ``first`` (a canonical key) to
    someone: set off by punctuation on both sides ("Symone, what are you looking for?",
    "Would you like to respond, Symone?"; not "Symone Sanders said" or "Nancy would")."""
    if not first or not first.isalpha():
        return False
    pattern = _VOCATIVE_RES.get(first)
    if pattern is None:
        word = re.escape(first.capitalize())
        after_mark = "|".join(rf"(?<=[,.?!:;\"\u201c-]{' ' * n})" for n in range(3))
        pattern = _VOCATIVE_RES[first] = re.compile(rf"(?:^|(?<=\n)|{after_mark}){word}(?=[,?!.])")
    return pattern.search(text, start, end) is not None


_VOCATIVE_RES: dict[str, re.Pattern[str]] = {}


def _intro_mention(
    text: str, turn: Turn, mentions: Sequence[Mention], matching: dict[str, str]
) -> tuple[str, Mention] | None:
    """The name a turn introduces the next speaker by: of the matching full names it
    says, the first in its last :data:`INTRO_CHARS` characters, else the first it says
    (an introduction names the guest, then describes them: "Symone Sanders, former
    press secretary for Bernie Sanders")."""
    found = [(full, m) for full, m in _full(mentions) if full in matching]
    if not found:
        return None
    tail = [(f, m) for f, m in found if m.start_char >= turn.end_char - INTRO_CHARS]
    return (tail or found)[0]


def _clues(
    speaker: str, key: str, transcript: Transcript, per_turn: Sequence[list[Mention]]
) -> list[Clue]:
    """Clues for the speaker whose :attr:`Speaker.key` is ``speaker`` and whose name
    key (:func:`person_key`) is the short ``key``."""
    counts: Counter[tuple[str, ClueRule]] = Counter()
    surfaces: dict[str, str] = {}

    def add(name: str, surface: str, rule: ClueRule) -> None:
        counts[(name, rule)] += 1
        surfaces.setdefault(name, surface)

    matching: dict[str, str] = {}  # candidate key -> surface, said anywhere
    slips: dict[str, str] = {}  # said with the surname a slip away, when nothing matches
    surname = parts(key).surname
    for mentions in per_turn:
        for full, m in _full(mentions):
            if short_matches(key, full):
                matching.setdefault(full, m.surface)
                add(full, m.surface, "said")
            elif _slip_of(surname, parts(full).surname) and short_matches(
                key.replace(surname, parts(full).surname), full
            ):
                slips.setdefault(full, m.surface)
    for other in transcript.speakers:
        full = person_key(other.key)
        if other.key != speaker and is_full(full) and short_matches(key, full):
            add(full, other.name, "speaker")
    for full, surface in show_title_names(transcript.show):
        if short_matches(key, full):
            add(full, surface, "title")
    if not matching:
        for full, surface in sorted(slips.items()):
            add(full, surface, "slip")
    if matching:
        firsts: dict[str, list[str]] = {}
        for full in matching:
            firsts.setdefault(first_name(full), []).append(full)
        turns = transcript.turns
        text = transcript.text
        last_turn = -1
        for i, turn in enumerate(turns):
            if turn.speaker.key != speaker:
                continue
            for full, m in _full(per_turn[i]):
                if full in matching and _SELF_RE.search(
                    text, max(0, m.start_char - 20), m.start_char
                ):
                    add(full, m.surface, "self")
            starts_run = i > 0 and turns[i - 1].speaker.key != speaker
            ends_run = i + 1 < len(turns) and turns[i + 1].speaker.key != speaker
            if starts_run:
                entering = last_turn < 0 or i - last_turn > REENTRY_TURNS
                introduced = _intro_mention(text, turns[i - 1], per_turn[i - 1], matching)
                if introduced is not None:
                    add(introduced[0], introduced[1].surface, "intro" if entering else "mention")
                prev = turns[i - 1]
                for first, fulls in firsts.items():
                    if _addressed(text, prev.start_char, prev.end_char, first):
                        for full in fulls:
                            add(full, matching[full], "vocative")
            if ends_run:
                for full, m in _full(per_turn[i + 1]):
                    if full in matching:
                        add(full, m.surface, "mention")
            last_turn = i
    return [
        Clue(name, surfaces[name], rule, n)
        for (name, rule), n in sorted(
            counts.items(), key=lambda kv: (kv[0][0], CLUE_RULES.index(kv[0][1]))
        )
    ]


def quote_keys(turns: Iterable[Turn]) -> tuple[str, ...]:
    """Short hashes of the speaker's longer turns (:data:`QUOTE_WORDS` words or more),
    lower case and punctuation aside: the same sound bite played in two transcripts
    gives the same key.

    >>> quote_keys([]) == ()
    True
    """
    out = set()
    for turn in turns:
        words = re.findall(r"[a-z0-9']+", turn.text.lower().replace("\u2019", "'"))
        if len(words) >= QUOTE_WORDS:
            out.add(hashlib.sha1(" ".join(words).encode("utf-8")).hexdigest()[:16])
    return tuple(sorted(out))


def transcript_appearances(
    transcript: Transcript,
    transcript_id: str,
    *,
    kinds: Mapping[str, str] | None = None,
    mentions: SpanMentions | None = None,
) -> tuple[Appearance, ...]:
    """One :class:`Appearance` per speaker of ``transcript``, in order of first turn, with
    clues for the speakers tagged by a short form only. ``kinds`` are the speakers' kinds
    when already known (:func:`analytics.roles.transcript_kinds`); ``mentions`` the
    transcript's :func:`analytics.names.turn_mentions` when already read."""
    kinds = dict(kinds) if kinds is not None else transcript_kinds(transcript)
    turns: Counter[str] = Counter()
    words: Counter[str] = Counter()
    tags: dict[str, list[str]] = {}
    for turn in transcript.turns:
        k = turn.speaker.key
        turns[k] += 1
        words[k] += turn.words
        tag = tag_key(transcript, turn)
        if tag is not None and tag not in tags.setdefault(k, []):
            tags[k].append(tag)
    speakers = transcript.speakers
    shorts = [s.key for s in speakers if is_short(person_key(s.key))]
    per_turn = _mentions_by_turn(transcript, mentions) if shorts else []
    out = []
    for s in speakers:
        clues: list[Clue] = []
        if s.key in shorts:
            key = person_key(s.key)
            clues = _clues(s.key, key, transcript, per_turn)
            clues += _typo_clues(s.key, key, transcript, kinds)
        quotes: tuple[str, ...] = ()
        if not is_unnamed(s.key):
            quotes = quote_keys(t for t in transcript.turns if t.speaker.key == s.key)
        out.append(
            Appearance(
                transcript=transcript_id,
                key=s.key,
                name=s.name,
                role=s.role,
                kind=kinds[s.key],
                network=transcript.network,
                show=transcript.show,
                air_date=transcript.air_date,
                turns=turns[s.key],
                words=words[s.key],
                tags=tuple(tags.get(s.key, ())),
                clues=tuple(clues),
                quotes=quotes,
            )
        )
    return tuple(out)


#: Columns of :func:`appearance_frame` (the per-transcript table the pipeline caches).
APPEARANCE_COLUMNS = (
    "speaker_key",
    "speaker",
    "role",
    "speaker_kind",
    "network",
    "show",
    "air_date",
    "turns",
    "words",
    "tags",
    "clues",
    "quotes",
)


def appearance_frame(appearances: Sequence[Appearance]) -> pd.DataFrame:
    """Appearances of one transcript as a table (lists as JSON text), without the
    transcript id: the pipeline adds it. :func:`appearances_from_frame` reads it back."""
    if not appearances:
        frame = pd.DataFrame([], columns=list(APPEARANCE_COLUMNS))
        return frame.astype({"turns": "int64", "words": "int64"})
    columns = {  # built column by column: a frame from a list of dicts costs more
        "speaker_key": [a.key for a in appearances],
        "speaker": [a.name for a in appearances],
        "role": [a.role for a in appearances],
        "speaker_kind": [a.kind for a in appearances],
        "network": [a.network for a in appearances],
        "show": [a.show for a in appearances],
        "air_date": [a.air_date for a in appearances],
        "turns": np.array([a.turns for a in appearances], dtype=np.int64),
        "words": np.array([a.words for a in appearances], dtype=np.int64),
        "tags": [json.dumps(list(a.tags)) for a in appearances],
        "clues": [
            json.dumps([[c.name, c.surface, c.rule, c.count] for c in a.clues]) for a in appearances
        ],
        "quotes": [json.dumps(list(a.quotes)) for a in appearances],
    }
    return pd.DataFrame(columns, columns=list(APPEARANCE_COLUMNS))


def appearances_from_frame(frame: pd.DataFrame) -> list[Appearance]:
    """The :class:`Appearance` records of an :func:`appearance_frame` table with a
    ``transcript`` column (one or many transcripts)."""

    def text(value: object) -> str | None:
        return (
            None if value is None or (isinstance(value, float) and value != value) else str(value)
        )

    out = []
    for r in frame.itertuples(index=False):
        day = r.air_date
        if day is not None and not isinstance(day, date):
            day = None if pd.isna(day) else pd.Timestamp(day).date()
        out.append(
            Appearance(
                transcript=str(r.transcript),
                key=str(r.speaker_key),
                name=str(r.speaker),
                role=text(r.role),
                kind=str(r.speaker_kind),
                network=text(r.network) or "",
                show=text(r.show),
                air_date=day,
                turns=int(r.turns),
                words=int(r.words),
                tags=tuple(json.loads(r.tags)),
                clues=tuple(Clue(n, s, rule, int(c)) for n, s, rule, c in json.loads(r.clues)),
                quotes=tuple(json.loads(r.quotes)),
            )
        )
    return out
