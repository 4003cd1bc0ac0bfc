"""Speaker names: normalisation, title case and resolution of short tags to one person.

Pure functions. A transcript introduces most people with a full tag
("ANDERSON COOPER, CNN ANCHOR:") and then uses the surname ("COOPER:");
:func:`resolve_tags` maps every tag of a transcript to one :class:`Speaker` per person.

>>> [s.name for s in resolve_tags([RawTag("ANDERSON COOPER", "CNN ANCHOR"), RawTag("COOPER")])]
['Anderson Cooper', 'Anderson Cooper']
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from analytics.model import Speaker
from analytics.words import straight_apostrophes

#: Titles dropped from the front of a name before it becomes a key ("SEN. JONI ERNST").
_TITLES = (
    "FORMER",
    "VOICE OF",
    "WHITE HOUSE PRINCIPAL DEPUTY PRESS SECRETARY",
    "WHITE HOUSE PRESS SECRETARY",
    "PRESS SECRETARY",
    "CONG.",
    "LIEUTENANT",
    "HOUSE MINORITY LEADER",
    "HOUSE MAJORITY LEADER",
    "SENATE MAJORITY LEADER",
    "SENATE MINORITY LEADER",
    "SPEAKER OF THE HOUSE",
    "HOUSE SPEAKER",
    "DEFENSE SECRETARY",
    "ATTORNEY GENERAL",
    "FIRST LADY",
    "U.S.",
    "CANDIDATE",
    "CAPTAIN",
    "CHIEF",
    "OFFICER",
    "DAME",
    "SIR",
    "SEN",
    "REP",
    "U.S. SECRETARY OF STATE",
    "SECRETARY OF STATE",
    "FORMER PRESIDENT",
    "VICE PRESIDENT",
    "PRESIDENT",
    "PRIME MINISTER",
    "SENATOR",
    "SEN.",
    "REPRESENTATIVE",
    "REP.",
    "GOVERNOR",
    "GOV.",
    "MAYOR",
    "REAR ADMIRAL",
    "REAR ADM.",
    "ADMIRAL",
    "ADM.",
    "GENERAL",
    "GEN.",
    "LT. GEN.",
    "MAJ. GEN.",
    "BRIG. GEN.",
    "LT.",
    "COL.",
    "CAPT.",
    "SGT.",
    "STAFF SERGEANT",
    "SERGEANT",
    "REV.",
    "DR.",
    "PROF.",
    "MR.",
    "MRS.",
    "MS.",
    "JUDGE",
    "JUSTICE",
)
_TITLE_RE = re.compile(
    r"^(?:THEN-[A-Z]+|"
    + "|".join(re.escape(t) for t in sorted(_TITLES, key=len, reverse=True))
    + r")\s+"
)

#: First words of tags that stand for an unnamed voice; never merged with a named person.
_UNNAMED_HEADS = frozenset({"UNIDENTIFIED", "UNKNOWN", "ANNOUNCER"})
#: Misspellings of "UNIDENTIFIED" seen in transcripts, spelled right in keys.
_UNIDENTIFIED_TYPOS_RE = re.compile(
    r"^UN(?:IDIENTIFIED|IDENTIFED|INDENTIFIED|IDENTIFEID|IDENTIFIE)\b"
)
#: Last words of tags that name a group rather than a person (not surname candidates).
_GROUP_TAILS = frozenset(
    {
        "STUDENTS",
        "PROTESTERS",
        "PROTESTORS",
        "CROWD",
        "GROUP",
        "MALES",
        "FEMALES",
        "VOICES",
        "AUDIENCE",
        "CHILDREN",
        "PARTICIPANTS",
        "VIEWERS",
        "CHANTING",
        "SPEAKERS",
        "PANEL",
        "MEMBERS",
        "SUPPORTERS",
    }
)
_QUALIFIER_ALIASES = {
    "voice over": "voice-over",
    "voiceover": "voice-over",
    "on-camera": "on camera",
    "via phone": "via telephone",
    "on phone": "via telephone",
    "by phone": "via telephone",
}
_SPACES = re.compile(r"\s+")
#: "Mac" surnames written with an inner capital (a rule for all "MAC..." would break "Mack").
_MAC_NAMES = {
    n.lower(): n
    for n in ("MacCallum", "MacDonald", "MacArthur", "MacNeil", "MacFarlane", "MacKinnon")
}
_KEEP_WORD_RE = re.compile(r"[IVX]{2,4}|[A-Z]\.(?:[A-Z]\.)*")
_INITIAL_RE = re.compile(r"[A-Z]\.")
_NICKNAME_RE = re.compile(r"\s+\([A-Z]+\)\s+")
_TRANSLATED_RE = re.compile(r"\s+(?:THROUGH TRANSLATOR|TRANSLATED|VIA TRANSLATOR)$")


@dataclass(frozen=True, slots=True)
class RawTag:
    """A speaker tag as found in the text: ``name`` and ``role`` as written, no colon."""

    name: str
    role: str | None = None


@lru_cache(maxsize=4096)
def normalize_key(name: str) -> str:
    """Upper-case canonical key of a written name: titles dropped, spaces collapsed.

    >>> normalize_key("Sen. Joni  Ernst")
    'JONI ERNST'
    >>> normalize_key("UNIDENTIFIED MALE")
    'UNIDENTIFIED MALE'
    """
    key = _SPACES.sub(" ", straight_apostrophes(name).replace("\u00a0", " ")).strip().upper()
    key = key.strip(" ,-:")
    key = _NICKNAME_RE.sub(" ", key).strip()
    key = _TRANSLATED_RE.sub("", key).strip()
    key = _UNIDENTIFIED_TYPOS_RE.sub("UNIDENTIFIED", key)
    while True:
        stripped = _TITLE_RE.sub("", key, count=1)
        if stripped == key or not stripped:
            break
        key = stripped
    return key


def normalize_qualifier(qualifier: str | None) -> str | None:
    """Lower-case qualifier with common spellings unified ("(Voice Over)" -> "voice-over")."""
    if qualifier is None:
        return None
    q = _SPACES.sub(" ", qualifier.strip(" ()")).lower()
    if not q:
        return None
    return _QUALIFIER_ALIASES.get(q, q)


@lru_cache(maxsize=4096)
def title_case(key: str) -> str:
    """Display form of an upper-case key: "ANDERSON COOPER" -> "Anderson Cooper".

    >>> title_case("DAVID MCKENZIE")
    'David McKenzie'
    >>> title_case("SOLEDAD O'BRIEN")
    "Soledad O'Brien"
    >>> title_case("J. ROBERTS")
    'J. Roberts'
    """
    return " ".join(_title_word(w) for w in key.split(" "))


def _title_word(word: str) -> str:
    if _KEEP_WORD_RE.fullmatch(word):
        return word
    parts = re.split(r"([-'])", word)
    out = []
    for part in parts:
        if part in ("-", "'") or not part:
            out.append(part)
            continue
        low = part.lower()
        if low in _MAC_NAMES:
            out.append(_MAC_NAMES[low])
        elif low.startswith("mc") and len(low) > 2:
            out.append("Mc" + low[2:].capitalize())
        else:
            out.append(low.capitalize())
    return "".join(out)


#: Capitalised words with one inner capital ("DeSantis", "LeDuff"); the start of the word
#: is checked by hand (a look-behind would slow the scan down).
_INNER_CAP_RE = re.compile(r"[A-Z][a-z]+[A-Z][a-z]+(?![A-Za-z])")


def prose_spellings(text: str) -> dict[str, str]:
    """Words the text itself writes with an inner capital, keyed by their lower case:
    speech says "DeSantis" where the tag says "DESANTIS". A spelling counts only when
    it is the text's most common one, more common than the plain "Desantis".

    >>> prose_spellings("Ron DeSantis spoke. DeSantis won. Desantis? Mack and Dean.")
    {'desantis': 'DeSantis'}
    """
    found = Counter(m.group() for m in _INNER_CAP_RE.finditer(text) if _starts_word(text, m))
    best: dict[str, tuple[int, str]] = {}
    for word, n in found.items():
        low = word.lower()
        if (n, word) > best.get(low, (0, "")):
            best[low] = (n, word)
    out = {}
    for low, (n, word) in best.items():
        if n > _word_count(text, word.capitalize()):
            out[low] = word
    return out


def _word_count(text: str, word: str) -> int:
    """Occurrences of ``word`` as a whole word (a literal first keeps the search fast)."""
    pattern = re.escape(word) + r"(?![A-Za-z])"
    return sum(1 for m in re.finditer(pattern, text) if _starts_word(text, m))


def _starts_word(text: str, match: re.Match[str]) -> bool:
    """Whether ``match`` begins a word (no letter right before it)."""
    return match.start() == 0 or not text[match.start() - 1].isalpha()


def display_name(key: str, spellings: Mapping[str, str] | None = None) -> str:
    """:func:`title_case`, with words the transcript spells with an inner capital
    (see :func:`prose_spellings`) written that way.

    >>> display_name("RON DESANTIS", {"desantis": "DeSantis"})
    'Ron DeSantis'
    """
    name = title_case(key)
    if not spellings:
        return name
    return " ".join(spellings.get(w.lower(), w) for w in name.split(" "))


@lru_cache(maxsize=4096)
def is_unnamed(key: str) -> bool:
    """True for tags of unnamed voices ("UNIDENTIFIED FEMALE #2") and groups ("CROWD")."""
    words = key.split(" ")
    return words[0] in _UNNAMED_HEADS or words[-1] in _GROUP_TAILS


@lru_cache(maxsize=4096)
def _tokens(key: str) -> tuple[str, ...]:
    return tuple(t for t in key.split(" ") if t)


@lru_cache(maxsize=4096)
def _is_full_name(key: str) -> bool:
    toks = _tokens(key)
    return len(toks) >= 2 and not is_unnamed(key) and not _INITIAL_RE.fullmatch(toks[0])


@lru_cache(maxsize=16384)
def _matches_short(short: str, full: str) -> bool:
    """Whether a short tag ("COOPER", "DOS SANTOS", "J. ROBERTS") can stand for ``full``."""
    s, f = _tokens(short), _tokens(full)
    if len(s) >= 2 and _INITIAL_RE.fullmatch(s[0]) and len(s) <= len(f):
        # "J. ROBERTS": initial of the first name plus the surname
        return f[0].startswith(s[0][0]) and f[-(len(s) - 1) :] == s[1:]
    if len(s) >= len(f):
        return False
    return f[-len(s) :] == s


def one_edit_apart(a: str, b: str) -> bool:
    """Whether ``b`` is ``a`` with one letter inserted, dropped or changed, or two
    neighbouring letters swapped (Damerau distance 1).

    >>> one_edit_apart("COOPER", "COOOPER"), one_edit_apart("FOWLER", "FOLWER")
    (True, True)
    >>> one_edit_apart("COOPER", "COOPER"), one_edit_apart("COOPER", "HOOVER")
    (False, False)
    """
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    if len(a) < len(b):
        return a[i:] == b[i + 1 :]
    if a[i + 1 :] == b[i + 1 :]:
        return True
    return a[i : i + 2] == b[i : i + 2][::-1] and a[i + 2 :] == b[i + 2 :]


def typo_of(word: str, known: Collection[str]) -> str | None:
    """The one name in ``known`` that ``word`` misspells by a single edit, else None.

    Guards against real names that differ by one letter ("BASH"/"BUSH", "HILL"/"HALL"):
    both words need four letters or more and a changed letter counts only from five up;
    a word near two known names is ambiguous ("FRUMP" near "FRUM" and "TRUMP").

    >>> typo_of("COOOPER", ["COOPER", "TOOBIN"])
    'COOPER'
    >>> typo_of("BUSH", ["BASH"]) is None, typo_of("FRUMP", ["FRUM", "TRUMP"]) is None
    (True, True)
    """
    if len(word) < 4 or word in known:
        return None
    found = None
    for name in known:
        if len(name) < 4 or not one_edit_apart(word, name):
            continue
        if len(word) == len(name) < 5 and sorted(word) != sorted(name):
            continue  # a changed letter in a short name: another name, not a typo
        if found is not None and found != name:
            return None
        found = name
    return found


def _typo_targets(
    keys: Sequence[str],
    full_positions: dict[str, int],
    unmatched: set[str],
) -> dict[str, str]:
    """Surname tags that match nobody ("COOOPER") mapped to the one full name introduced
    before their first use whose surname they misspell (see :func:`typo_of`).

    The full tag may be the misspelt one ("JESSE WATERS, CO-HOST" then "WATTERS:"): the
    two are still one person. A one-word tag with a role of its own ("BUSH, 43RD U.S.
    PRESIDENT") introduces someone and is never a typo (the caller leaves it out of
    ``unmatched``), and a full name shared by two people ("JOHN KING", "PETER KING") is
    no target.
    """
    by_surname: dict[str, list[str]] = {}
    for f in full_positions:
        by_surname.setdefault(_tokens(f)[-1], []).append(f)
    first: dict[str, int] = {}
    for i, key in enumerate(keys):
        if key in unmatched:
            first.setdefault(key, i)
    out: dict[str, str] = {}
    for key, i in first.items():
        surname = typo_of(key, by_surname)
        if surname is None or len(by_surname[surname]) != 1:
            continue
        full = by_surname[surname][0]
        start = full_positions[full]
        if start < i:
            out[key] = full
    return out


def resolve_tags(
    tags: Sequence[RawTag], *, spellings: Mapping[str, str] | None = None
) -> list[Speaker]:
    """One :class:`Speaker` per tag, tags of the same person sharing one object.

    Rules: a full name ("ANDERSON COOPER") is its own key; a shorter tag ("COOPER",
    "J. ROBERTS") is the full name ending with it, preferring the most recent one
    introduced earlier, else the only one introduced later; a tag matching nobody
    (a first name alone, "BRANDON") is its own person unless it misspells by one letter
    the surname of exactly one full name introduced before it ("COOOPER", see
    :func:`typo_of` and :func:`_typo_targets`); unnamed voices
    ("UNIDENTIFIED MALE") are never merged with named people. The role is the first
    one written for that person. Names are in title case, with ``spellings`` (from
    :func:`prose_spellings`) for words such as "DeSantis".
    """
    keys = [normalize_key(t.name) or t.name.upper() for t in tags]
    full_positions: dict[str, int] = {}
    for i, key in enumerate(keys):
        if _is_full_name(key):
            full_positions.setdefault(key, i)
    with_role = {k for k, t in zip(keys, tags, strict=True) if t.role and t.role.strip()}
    by_last: dict[str, list[str]] = {}
    for f in full_positions:
        by_last.setdefault(_tokens(f)[-1], []).append(f)
    for key in list(full_positions):
        # "DOS SANTOS" after "NINA DOS SANTOS": a two-word surname, not another person
        same_last = by_last[_tokens(key)[-1]]
        if key not in with_role and any(_matches_short(key, f) for f in same_last if f != key):
            del full_positions[key]
    by_last = {k: [f for f in v if f in full_positions] for k, v in by_last.items()}

    resolved: list[str] = []
    last_seen: dict[str, int] = {}
    matches: dict[str, list[str]] = {}
    for i, key in enumerate(keys):
        target = key
        if not is_unnamed(key) and key not in full_positions:
            cands = matches.get(key)
            if cands is None:
                toks = _tokens(key)
                same_last = by_last.get(toks[-1], []) if toks else []
                cands = matches[key] = [f for f in same_last if _matches_short(key, f)]
            before = [f for f in cands if full_positions[f] < i]
            if before:
                target = max(before, key=lambda f: (last_seen.get(f, -1), full_positions[f]))
            elif len(cands) == 1:
                target = cands[0]
        resolved.append(target)
        last_seen[target] = i

    unmatched = {k for k, c in matches.items() if not c and " " not in k and k not in with_role}
    if unmatched:
        typos = _typo_targets(keys, full_positions, unmatched)
        resolved = [typos.get(r, r) for r in resolved]

    roles: dict[str, str | None] = {}
    for key, tag in zip(resolved, tags, strict=True):
        role = tag.role.strip() if tag.role and tag.role.strip() else None
        if roles.get(key) is None:
            roles[key] = role
    speakers: dict[str, Speaker] = {}
    out = []
    for key in resolved:
        if key not in speakers:
            name = display_name(key, spellings)
            speakers[key] = Speaker(name=name, key=key, role=roles.get(key))
        out.append(speakers[key])
    return out
