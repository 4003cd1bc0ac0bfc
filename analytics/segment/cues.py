"""Cue phrases: the moves of a news programme that the annotation guidelines name.

Each pattern is one family of things an anchor says at a story boundary, written from
``../shared/gold/GUIDELINES.md`` and the ordinary grammar of a broadcast, not from lists of
what one transcript said:

- :data:`TEASE_RE`: a promise of what is coming ("coming up", "still ahead", "after the
  break", "when we come back"). A tease ends the block it is spoken in (rule 2).
- :data:`BREAK_TALK_RE`: going to a break with no word of what follows ("stay with us").
- :data:`THANKS_RE` and :data:`HANDBACK_RE`: the host thanking a guest, a correspondent
  handing back or signing off ("Jim Acosta, CNN, the White House"): an exchange closes.
- :data:`TRANSITION_RE`: moving on ("now to", "turning to", "in other news", "one more
  thing", "let's turn to", "meanwhile", "first up", "finally").
- :data:`START_RE`: the first story after the opening ("we begin tonight", "but first").
- :data:`INTRO_RE`: a guest or a correspondent being introduced ("joining me now", "let's
  bring in", "CNN's Jim Acosta is live at the White House").
- :data:`CONTINUE_RE`: the story said to go on after a break ("before the break", "more on
  our top story", "back with our panel").
- :data:`WELCOME_RE`: the programme's own welcome or the anchor signing in: the end of the
  opening rundown (rule 4).
- :data:`GOODBYE_RE`: the sign-off of the programme, which belongs to the last story.

:func:`unit_cues` evaluates every family once per unit; the features that look back or
ahead (:mod:`analytics.segment.features`) combine these flags.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence

import numpy as np

from analytics.segment.units import Unit

_LEAD = r"(?:(?:and|but|well|all right|alright|ok|okay|so|now|first|also|meanwhile)[,.]?\s+)*"

#: A tease of what is coming (ends the block it is spoken in).
TEASE_RE = re.compile(
    r"\b(?:coming up|(?:still|just|more|also|much more|straight) ahead|still to come|"
    r"up next|coming next|next (?:up|hour|on|here)|when we (?:come|get) back|"
    r"(?:after|following|right after) (?:the|this|a) (?:break|quick break|short break)|"
    r"right after this|after this\b|later (?:in the|this|tonight|on)|"
    r"we(?:'ll| will) (?:have|tell|show|bring|talk|get|look)[^.?!\n]{0,80}\b(?:next|ahead|later)|"
    r"don't go anywhere|stick around|is next|are next|ahead (?:tonight|this hour|on))\b",
    re.IGNORECASE,
)
#: Going to a break with no word of what follows.
BREAK_TALK_RE = re.compile(
    r"\b(?:(?:we'll|we will|i'll) be (?:right )?back|be right back|stay (?:with us|tuned)|"
    r"take a (?:quick |short )?break|fit in a (?:quick )?break|back in (?:a|two|just a) "
    r"(?:moment|minute)s?|quick break)\b",
    re.IGNORECASE,
)
#: The host thanking someone: an exchange closes.
THANKS_RE = re.compile(
    r"\b(?:thank you|thanks|appreciate (?:it|your time|you|that|all)|(?:great|good|nice) to "
    r"(?:have|see|talk to) you|always a pleasure|my pleasure)\b",
    re.IGNORECASE,
)
#: A correspondent handing back or signing off ("Jim Acosta, CNN, the White House.").
HANDBACK_RE = re.compile(
    r"(?:\bback to you\b|\bsend it back\b|\bI'm [A-Z][a-z]+ [A-Z][a-z]+\b|"
    r"[A-Z][\w.'\-]+(?: [A-Z][\w.'\-]+){0,3}, (?:CNN|NBC|MSNBC|FOX|Fox|ABC|CBS|CNN 10)\b"
    r"[^.?!\n]{0,60}[.]?\s*$)",
)
#: Words an anchor uses to move on to another story (at the start of what is said).
TRANSITION_RE = re.compile(
    r"^" + _LEAD + r"(?:now,? (?:to|for|on|from|turning|let's|another|a )|"
    r"turning (?:now )?to|let's (?:turn|go|head|move|switch|shift|talk (?:now )?about)|"
    r"in other news|other news|one (?:more|last|final) (?:thing|story|note)|"
    r"meanwhile|moving (?:on|over)|switching gears|shifting gears|changing gears|"
    r"(?:first|next)(?: up)?[,:]|next (?:today|story|up)|our next|another (?:story|big|major)|"
    r"finally|lastly|last (?:up|but not least)|before we go|also (?:tonight|today|this hour|"
    r"breaking)|breaking news|this just in|happening now|new (?:tonight|this hour)|"
    r"tonight's last word|back (?:now )?to (?:the|our)|time (?:now )?for|to \w+ now|"
    r"elsewhere|over to|on the other side|closer to home|overseas|speaking of|"
    r"(?:the|one) other (?:big |major )?story|on a (?:different|lighter|separate) note|"
    r"in (?:the|other) (?:meantime|headlines)|we(?:'re| are) (?:also )?following)",
    re.IGNORECASE,
)
#: The first story of the programme proper.
START_RE = re.compile(
    r"\b(?:we (?:begin|start|lead off|open)|let's (?:begin|start|get started)|but first|"
    r"(?:our|the) (?:top|lead|big|first) story|first up|top of the (?:show|hour|news)|"
    r"leading (?:off|the news))\b",
    re.IGNORECASE,
)
#: A guest or a correspondent being brought in.
INTRO_RE = re.compile(
    r"\b(?:joins? (?:us|me)|joining (?:us|me)|(?:with|here with) (?:us|me) (?:now|tonight|"
    r"this morning)|let's bring in|bring in|i'm joined|we're joined|our (?:next )?guests?|"
    r"is live (?:in|from|at|on)|live (?:for us )?(?:in|from|at) |(?:reports|reporting) from|"
    r"has (?:more|the (?:story|latest|details|report))|(?:has|filed) this report|"
    r"(?:cnn|nbc|msnbc|fox)'s [a-z]|correspondent [a-z]|welcome to the (?:show|program|"
    r"broadcast))",
    re.IGNORECASE,
)
#: The story going on after a break or an aside.
CONTINUE_RE = re.compile(
    r"\b(?:before the break|as we (?:continue|were saying)|more on (?:this|that|our|the) "
    r"(?:story|top story|breaking)|continuing (?:our|with)|still with (?:us|me)|"
    r"back (?:with|to) (?:our|my|the) (?:panel|guests?|conversation)|we're back with|"
    r"more (?:of|from) (?:our|my) (?:conversation|interview|panel))\b",
    re.IGNORECASE,
)
#: The programme's welcome or the anchor signing in (the end of the opening rundown).
WELCOME_RE = re.compile(
    r"(?:(?i:\bwelcome (?:to|back to)\b|\bstarts? (?:right )?now\b|\byou are watching\b|"
    r"\bgood (?:evening|morning|afternoon)\b|\bhello,? (?:everyone|everybody|and welcome)\b)|"
    r"\bI'm [A-Z][a-z]+(?: [A-Z][a-z]+)+\b|\b[Yy]ou're in THE\b|\bthis is [A-Z]{3,})"
)
#: The programme's sign-off (belongs to the last story).
GOODBYE_RE = re.compile(
    r"\b(?:that(?:'s| is| does it) (?:all|it|our show) for|good night|see you (?:tomorrow|"
    r"monday|next)|thanks for watching|that's the show)\b",
    re.IGNORECASE,
)

#: Family name -> (pattern, where in the unit it is looked for, whose units): "head" is the
#: first 160 characters, "all" the whole unit; "host" units are the host's or an untagged
#: voice's (the only ones whose flags the features use), "guest" the others', "early" the
#: units of the first 1,000 spoken words.
FAMILIES: dict[str, tuple[re.Pattern[str], str, str]] = {
    "tease": (TEASE_RE, "all", "host"),
    "break_talk": (BREAK_TALK_RE, "all", "host"),
    "thanks": (THANKS_RE, "all", "host"),
    "handback": (HANDBACK_RE, "all", "guest"),
    "transition": (TRANSITION_RE, "head", "host"),
    "start": (START_RE, "all", "host"),
    "intro": (INTRO_RE, "all", "host"),
    "continue": (CONTINUE_RE, "all", "all"),
    "welcome": (WELCOME_RE, "all", "early"),
    "goodbye": (GOODBYE_RE, "all", "all"),
}


def _scanner(pattern: re.Pattern[str]) -> tuple[re.Pattern[str], bool]:
    """The pattern for joined texts (multi-line), and whether it reads lower-cased text.

    A case-insensitive pattern written in lower case runs faster without the flag on
    lower-cased text, with the same matches.
    """
    if pattern.flags & re.IGNORECASE and pattern.pattern == pattern.pattern.lower():
        return re.compile(pattern.pattern, (pattern.flags & ~re.IGNORECASE) | re.MULTILINE), True
    return re.compile(pattern.pattern, pattern.flags | re.MULTILINE), False


_SCANNERS = {name: _scanner(p) for name, (p, _, _) in FAMILIES.items()}


#: A full name ("Jim Acosta", "Kristen Holmes"), as when a guest is thanked.
NAME_RE = re.compile(r"\b[A-Z][a-z]+(?:\s[A-Z]\.)?\s(?:[A-Z][a-z]*\s)?[A-Z][a-z]{2,}")


def unit_cues(
    units: Sequence[Unit], host: np.ndarray, early_words: int = 1000
) -> dict[str, np.ndarray]:
    """For each cue family, 1.0 where its pattern matches the unit's text, else 0.0.

    ``host[j]`` says whether unit ``j`` is the host's (or an untagged voice's); each family
    is looked for only in the units :data:`FAMILIES` names. Also ``named_thanks`` (the
    host's thanks with a full name) and ``question`` (the unit ends with a question mark).
    Units longer than 2,000 characters are searched in their first and last 1,000. Each
    pattern runs once over the texts joined by a separator no pattern crosses.
    """
    n = len(units)
    out = {name: np.zeros(n) for name in FAMILIES}
    texts = [u.text if len(u.text) <= 2000 else u.text[:1000] + " " + u.text[-1000:] for u in units]
    words = np.cumsum([0] + [len(t.split()) for t in texts[:-1]]) if n else np.zeros(0)
    whose = {
        "host": np.flatnonzero(host),
        "guest": np.flatnonzero(~host),
        "all": np.arange(n),
        "early": np.flatnonzero(words < early_words),
    }
    joined: dict[tuple[str, str, bool], tuple[str, list[int], np.ndarray]] = {}
    for name, (_, where, who) in FAMILIES.items():
        scanner, lower = _SCANNERS[name]
        key = (where, who, lower)
        if key not in joined:
            idx = whose[who]
            parts = [texts[j][:160] if where == "head" else texts[j] for j in idx]
            text = _SEP.join(parts)
            offsets = np.cumsum([0] + [len(p) + len(_SEP) for p in parts[:-1]]).tolist()
            joined[key] = (text.lower() if lower else text, offsets, idx)
        text, offsets, idx = joined[key]
        flags = out[name]
        for m in scanner.finditer(text):
            flags[idx[bisect.bisect_right(offsets, m.start()) - 1]] = 1.0
    out["named_thanks"] = np.zeros(n)
    out["question"] = np.zeros(n)
    for j in np.flatnonzero(out["thanks"]):
        if NAME_RE.search(texts[j]):
            out["named_thanks"][j] = 1.0
    for j, text in enumerate(texts):
        if text.rstrip().endswith("?"):
            out["question"][j] = 1.0
    return out


#: Joins unit texts: patterns never match across it ("$" and "^" hold at its newlines).
_SEP = "\n\x00\n"
