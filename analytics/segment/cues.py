"""Structural cues: what the format and the programme's own words say about boundaries.

Each function takes the units of one transcript and returns one value per unit: the
evidence that a new story block starts at that unit (index 0, the body start, is unused).
The phrases are the ones the annotation guidelines name ("coming up", "still ahead", "when
we come back" end a block; a commercial break ends air time) and the ordinary moves of a
news programme (an anchor thanking a correspondent, introducing a guest, "now to").
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

from analytics.segment.units import Unit

#: A tease of what is coming: ends the block it is spoken in.
TEASE_RE = re.compile(
    r"\b(coming up|still (?:ahead|to come)|just ahead|up next|next[,:]|when we come back|"
    r"after (?:the|this) break|right after this|after this|straight ahead|later (?:in the|"
    r"this|tonight)|we'll (?:have|tell|show|bring)[^.]{0,80}\b(?:next|ahead|later)|"
    r"(?:more|details|that|this|him|her|them|the story)[^.]{0,40}\b(?:ahead|next|later)\b|"
    r"also ahead|coming (?:up )?next|don't go anywhere|is next|are next|"
    r"^(?:and |but |also,? )?(?:later|next|plus|ahead)\b)",
    re.IGNORECASE,
)
#: Going to a break with no word of what follows: weaker than a tease.
BREAK_TALK_RE = re.compile(
    r"\b(be right back|stay with us|stick around|take a (?:quick |short )?break|"
    r"fit in a break|we'll be back|back in (?:a|two) (?:moment|minute)s?)",
    re.IGNORECASE,
)
#: The anchor closing an exchange or a correspondent signing off.
THANKS_RE = re.compile(
    r"\b(thank you|thanks|appreciate (?:it|your time|you|that)|great to (?:have|see) you|"
    r"good to (?:have|see) you|always a pleasure)\b",
    re.IGNORECASE,
)
SIGNOFF_RE = re.compile(
    r"(?:^[A-Z][\w.'\- ]{2,40}, (?:CNN|NBC|MSNBC|Fox News|FOX NEWS|ABC|CBS)\b[^.]{0,60}\.?$|"
    r"--\s*[A-Z][a-z]+\.?$|\u2014\s*[A-Z][a-z]+\.?$)"
)
#: A person named in full ("Jim Acosta", "Kristen Holmes"), as when a guest is thanked.
NAME_RE = re.compile(r"\b[A-Z][a-z]+(?:\s[A-Z]\.)?\s(?:[A-Z][a-z]*\s)?[A-Z][a-z]{2,}")
#: Words an anchor uses to move on to something else.
TRANSITION_RE = re.compile(
    r"^(?:(?:and|well|all right|ok|okay|so)[,.]?\s+)?(?:now,? (?:to|for|from|on|turning)\b|"
    r"turning (?:now )?to|in other news|meanwhile|also (?:tonight|today|breaking|this hour)|"
    r"this just in|new (?:tonight|developments|details)|happening now|"
    r"time (?:now )?for|tonight,|a (?:new|major|stunning|rare|big)\b|the other story|"
    r"now,? (?:also|another|a |an )|in (?:new york|washington|london|paris)|"
    r"another (?:story|major|big)|to (?:washington|london|paris) now)",
    re.IGNORECASE,
)
#: Picking a story up again after a break (rule 3: a break alone is not a boundary).
CONTINUE_RE = re.compile(
    r"^(?:(?:and|well|all right|so)[,.]?\s+)?(?:before the break|"
    r"back (?:now )?to (?:our|the) (?:top story|breaking news|story)|more (?:now )?on (?:this|that|"
    r"our|the) (?:story|breaking)|continuing (?:our|with)|still with (?:us|me))",
    re.IGNORECASE,
)
#: A tease that promises more of the same story: not the end of a block.
MORE_OF_SAME_RE = re.compile(
    r"\b(?:more on (?:this|that|the story|our top story)|as we continue|(?:this|that) story"
    r"|more (?:of|from) (?:our|my) (?:conversation|interview|panel)|stay with (?:us|me) on)\b",
    re.IGNORECASE,
)
#: Said of the story just told, whatever was teased: "as we continue", "more on this story".
STORY_GOES_ON_RE = re.compile(
    r"\b(?:as we continue|more on (?:this|that|our top) story)\b", re.IGNORECASE
)
#: A guest or a correspondent being brought in.
INTRO_RE = re.compile(
    r"\b(joins us|joining (?:us|me)|joins me|with (?:us|me) now|let's bring in|"
    r"let's (?:go|turn) (?:to|now)|(?:has|with) (?:more|the (?:story|latest|details))|"
    r"is live (?:in|from|at)|(?:reports|reporting) from|has been (?:looking|following)|"
    r"our (?:next guest|guest)|i'm joined by|welcome (?:to the (?:show|program)|back)\b)",
    re.IGNORECASE,
)
#: The programme's own welcome or a hand-off from the show before: the end of the opening.
#: The anchor signing in ("I'm Rosemary Church", "you're in THE SITUATION ROOM"): the last
#: words of an opening.
SIGN_IN_RE = re.compile(
    r"\bI'm [A-Z][a-z]+(?: [A-Z][a-z]+)+\b|\byou're in THE\b|\bstarts? (?:right )?now\b"
)
WELCOME_TO_RE = re.compile(r"(?i)\bwelcome to\b")
WELCOME_RE = re.compile(
    r"((?i:\bwelcome to\b|\bstarts? (?:right )?now\b|\byou are watching\b|"
    r"\bhere's what's coming up\b|\bgood (?:evening|morning)\b|\bhello,? everyone\b)|"
    r"\bI'm [A-Z][a-z]+(?: [A-Z][a-z]+)+\b|\b[Yy]ou're in THE\b|\bthis is (?:CNN|MSNBC|[A-Z]{3,}))"
)

#: The cues the segmenter combines; any can be switched off (``disabled=``).
CUES = (
    "break",
    "tease",
    "thanks",
    "transition",
    "intro",
    "host",
    "stamp",
    "open",
    "continuation",
    "mid_turn",
    "rundown",
    "lexical",
    "semantic",
)


def _lookback(units: Sequence[Unit], j: int, words: int, most: int) -> list[Unit]:
    """Units before ``j``: at least one, up to ``most``, up to ``words`` spoken words."""
    out: list[Unit] = []
    total = 0
    i = j - 1
    while i >= 0 and len(out) < most and (not out or total < words):
        out.append(units[i])
        total += units[i].words
        i -= 1
    return out


def break_before(units: Sequence[Unit]) -> np.ndarray:
    """1 where a commercial break separates the unit from the one before."""
    return np.array([0.0] + [1.0 if u.break_after else 0.0 for u in units[:-1]])


def _next_start(units: Sequence[Unit], i: int, flat: bool) -> int | None:
    """The first unit after ``i`` that opens a paragraph (or a turn, in a flat file)."""
    for j in range(i + 1, len(units)):
        u = units[j]
        if u.para_start or u.turn_start or units[j - 1].break_after or flat:
            return j
    return None


def tease_sources(units: Sequence[Unit], flat: bool = False) -> dict[int, dict[int, float]]:
    """For each unit, the host's teases that end the block before it: {unit: {tease: value}}.

    A tease counts 1, break talk alone ("we'll be right back") 0.25, a promise of more of the
    same ("more on that after this") nothing. After a commercial break the host's last 90
    words before the break are searched; elsewhere a tease points at the first paragraph (or
    turn) after it, unless a guest takes that paragraph to answer it.
    """
    out: dict[int, dict[int, float]] = {}

    def value(u: Unit) -> float:
        if not (u.host or u.speaker is None) or MORE_OF_SAME_RE.search(u.text):
            return 0.0
        if TEASE_RE.search(u.text):
            return 1.0
        return 0.25 if BREAK_TALK_RE.search(u.text) else 0.0

    for i, u in enumerate(units):
        v = value(u)
        if not v:
            continue
        j = _next_start(units, i, flat)
        if j is not None and (units[j].host or units[j].speaker is None):
            out.setdefault(j, {})[i] = v
        # and at the next turn within 100 words, when the tease runs on for a paragraph
        words = 0
        for k in range(i + 1, len(units)):
            if units[k].turn_start:
                if words <= 100 and (units[k].host or units[k].speaker is None):
                    out.setdefault(k, {})[i] = v
                break
            words += units[k].words
    for j in range(1, len(units)):
        if units[j - 1].break_after:
            for k in range(j - 1, -1, -1):
                if j - k > 8 or sum(u.words for u in units[k:j]) > 90:
                    break
                v = value(units[k])
                if v:
                    out.setdefault(j, {})[k] = v
    return out


def tease_before(units: Sequence[Unit], flat: bool = False) -> np.ndarray:
    """The strongest tease ending the block before each unit (see :func:`tease_sources`)."""
    out = np.zeros(len(units))
    for j, sources in tease_sources(units, flat).items():
        out[j] = max(sources.values())
    return out


def thanks_before(units: Sequence[Unit]) -> np.ndarray:
    """1 when a correspondent just signed off or the host just thanked someone by name.

    "Just" means the unit before, or the one before that when the last was a short reply
    ("Thank you."). Thanks with no full name count 0.5. The cue fires only where the host
    (or an untagged voice) speaks: a guest's reply is not where a story starts; and the
    named thanks itself scores -0.5, as it belongs to the block it closes.
    """
    out = np.zeros(len(units))

    def value(u: Unit) -> float:
        if not u.host or not THANKS_RE.search(u.text):
            return 0.0
        return 1.0 if NAME_RE.search(u.text) else 0.5

    for j in range(1, len(units)):
        if units[j].speaker is not None and not units[j].host:
            continue
        prev = units[j - 1]
        if SIGNOFF_RE.search(prev.text.strip()):
            out[j] = 1.0
            continue
        if value(units[j]) == 1.0:
            out[j] = -0.5  # "Kylie Atwood, thank you." closes the block it is said in
            continue
        out[j] = value(prev)
        # thanks a little further back, with only short replies or the host in between
        words = 0
        for k in range(j - 2, max(-1, j - 6), -1):
            between = units[k + 1]
            words += between.words
            if words > 60 or not (between.host or between.words <= 8):
                break
            out[j] = max(out[j], 0.75 * value(units[k]))
    return out


def continuation_at(units: Sequence[Unit]) -> np.ndarray:
    """1 when the story is said to go on: "before the break" after it, "more on that" before.

    The second form is looked for in the host's last words before a commercial break.
    """
    out = np.array([0.0] + [1.0 if CONTINUE_RE.search(u.text) else 0.0 for u in units[1:]])
    for j in range(1, len(units)):
        if units[j - 1].break_after:
            back = [u for u in _lookback(units, j, 60, 4) if u.host or u.speaker is None]
            same = [u for u in back if MORE_OF_SAME_RE.search(u.text)]
            # "Coming up, X ... More on that after the break" promises X, not more of the same
            teased = any(TEASE_RE.search(MORE_OF_SAME_RE.sub(" ", u.text)) for u in back)
            if same and (not teased or any(STORY_GOES_ON_RE.search(u.text) for u in same)):
                out[j] = 1.0
    return out


def transition_at(units: Sequence[Unit]) -> np.ndarray:
    """1 when the host opens the unit with a move to something else ("now to ...")."""
    return np.array(
        [0.0]
        + [
            1.0 if (u.host or u.speaker is None) and TRANSITION_RE.search(u.text) else 0.0
            for u in units[1:]
        ]
    )


def intro_at(units: Sequence[Unit]) -> np.ndarray:
    """1 when a host paragraph brings in a guest or a correspondent in its first sentences."""
    out = np.zeros(len(units))
    for j in range(1, len(units)):
        if not (units[j].para_start and (units[j].host or units[j].speaker is None)):
            continue
        for u in units[j : j + 3]:
            if u is not units[j] and u.para_start:
                break
            if INTRO_RE.search(u.text):
                out[j] = 1.0
                break
    return out


def host_takes_floor(units: Sequence[Unit]) -> np.ndarray:
    """1 when the host starts a turn after others spoke at length (>= 60 words), or is
    tagged again right after their own turn (the page split there: a cut, a break)."""
    out = np.zeros(len(units))
    other = 0
    for j in range(1, len(units)):
        prev = units[j - 1]
        other = other + prev.words if not prev.host else 0
        u = units[j]
        if not (u.host and u.turn_start):
            continue
        retagged = prev.speaker == u.speaker and prev.turn != u.turn and not prev.break_after
        if other >= 60 or retagged:
            out[j] = 1.0
    return out


def stamp_at(units: Sequence[Unit]) -> np.ndarray:
    """1 when the unit begins with a ``[HH:MM:SS]`` stamp that jumps a minute or more."""
    out = np.zeros(len(units))
    last = None
    for j, u in enumerate(units):
        if u.stamp is not None:
            if j and (last is None or u.stamp - last >= 60):
                out[j] = 1.0
            last = u.stamp
    return out


def mid_turn(units: Sequence[Unit], flat: bool) -> np.ndarray:
    """Penalty for starting a block inside a paragraph (1) or inside a guest's turn (1)."""
    out = np.zeros(len(units))
    for j, u in enumerate(units):
        if j == 0:
            continue
        if not u.para_start and not flat:
            out[j] += 1.0
        if not u.turn_start and not u.host and u.speaker is not None:
            out[j] += 1.0
    return out


def _near_turn_start(units: Sequence[Unit], i: int, within: int = 3) -> bool:
    """True when unit ``i`` is among the first ``within`` units of its turn."""
    return any(units[k].turn_start for k in range(i, max(-1, i - within), -1))


def opening_end(units: Sequence[Unit], limit_words: int = 350, turn_words: int = 400) -> int | None:
    """Index of the unit that ends the programme's opening, or None when there is none.

    The opening ends after the last welcome or hand-off said in the first ``limit_words``
    words ("welcome to", "I'm Rachel Maddow", "AC 360 starts now"), plus any short thanks
    right after. When "welcome to" opens a host turn that ends within ``turn_words`` words
    (the rundown that follows a welcome), the whole turn is the opening; a bare "Good
    evening." at the start of a turn begins the programme proper.
    """
    total = 0
    found = None
    for j, u in enumerate(units):
        if total > limit_words:
            break
        if (u.host or u.speaker is None) and WELCOME_RE.search(u.text):
            found = j
        total += u.words
    if found is None:
        return None
    j = found + 1
    turn = units[found].turn
    if (
        turn is not None
        and _near_turn_start(units, found)
        and not SIGN_IN_RE.search(units[found].text)
    ):
        k, words = j, 0
        while k < len(units) and units[k].turn == turn and words <= turn_words:
            words += units[k].words
            k += 1
        if words <= turn_words and k < len(units):
            j = k
    # "AC 360 starts now." -> "Thank you, Chuck Todd." stays in the opening
    while j < len(units) and units[j].words <= 8 and THANKS_RE.search(units[j].text):
        j += 1
    return j if j < len(units) else None
