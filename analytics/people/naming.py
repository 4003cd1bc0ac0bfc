"""Person names as keys: canonical form, parts, and the comparisons people resolution needs.

Pure functions over upper-case keys as :func:`analytics.speakers.normalize_key` gives them
("DON LEMON", "E. TRUMP", "H.W. BUSH", "HUCKABEE-SANDERS"). A name is split into given
names (initials such as "H." kept apart), a surname (the last word, a suffix such as
"JR." aside) and the suffix.

>>> parts("GEORGE H.W. BUSH")
NameParts(given=('GEORGE', 'H.', 'W.'), surname='BUSH', suffix='')
>>> short_matches("H. W. BUSH", "GEORGE H. W. BUSH"), short_matches("E. TRUMP", "DONALD TRUMP")
(True, False)
>>> person_slug("Lawrence O'Donnell")
'lawrence-odonnell'
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import NamedTuple

from analytics.names import word_set
from analytics.speakers import is_unnamed, normalize_key, one_edit_apart

#: Name suffixes kept apart from the surname ("DONALD TRUMP JR.").
SUFFIXES = frozenset({"JR.", "SR.", "II", "III", "IV"})
_SUFFIX_SPELLINGS = {"JR": "JR.", "SR": "SR.", "JR.,": "JR.", "SR.,": "SR."}
_INITIALS_RE = re.compile(r"(?:[A-Z]\.)+")
_INITIAL_RE = re.compile(r"[A-Z]\.")

#: Given names that are one name: a nickname and its full form. Only names that
#: broadcasters write both ways; a pair links two tags only with other evidence.
_NICKNAME_GROUPS = (
    "ROBERT BOB BOBBY ROB",
    "WILLIAM BILL BILLY WILL",
    "RICHARD DICK RICK RICH",
    "JAMES JIM JIMMY JAMIE",
    "JOSEPH JOE JOEY",
    "MICHAEL MIKE MICKEY",
    "MATTHEW MATT",
    "CHARLES CHARLIE CHUCK CHAS",
    "THOMAS TOM TOMMY",
    "EDWARD ED EDDIE TED NED",
    "THEODORE TED TEDDY",
    "NICHOLAS NICK NICKY",
    "DANIEL DAN DANNY",
    "DAVID DAVE",
    "STEVEN STEPHEN STEVE",
    "CHRISTOPHER CHRIS",
    "ANDREW ANDY DREW",
    "ANTHONY TONY",
    "BENJAMIN BEN",
    "SAMUEL SAM",
    "SAMANTHA SAM",
    "ALEXANDER ALEX",
    "JONATHAN JON",
    "NATHANIEL NATE",
    "PATRICK PAT",
    "PETER PETE",
    "GREGORY GREG",
    "JEFFREY JEFF",
    "TIMOTHY TIM",
    "KENNETH KEN",
    "RONALD RON",
    "DONALD DON",
    "GERALD JERRY",
    "LAWRENCE LARRY",
    "DOUGLAS DOUG",
    "FREDERICK FRED",
    "RAYMOND RAY",
    "PHILIP PHIL",
    "ZACHARY ZACH",
    "JOSHUA JOSH",
    "ELIZABETH LIZ BETH BETSY BETTY",
    "KATHERINE KATHARINE CATHERINE KATE KATIE KATHY",
    "PAMELA PAM",
    "PATRICIA PATTY PAT",
    "JENNIFER JEN JENNY",
    "REBECCA BECKY",
    "VICTORIA VICKY TORI",
    "MARGARET MAGGIE PEGGY",
    "SUSAN SUE SUSIE",
    "DEBORAH DEBBIE DEB",
    "KIMBERLY KIM",
    "CYNTHIA CINDY",
    "ABIGAIL ABBY",
    "JACQUELINE JACKIE",
    "CHRISTINE CHRISTINA CHRIS",
    "NEWTON NEWT",
    "HERBERT HERB",
    "GABRIEL GABE",
    "JOHN JACK JOHNNY",
    "LEONARD LEN LENNY",
    "ALBERT AL",
    "ALAN AL",
    "ALFRED AL FRED",
    "VINCENT VINNY VINCE",
    "MITCHELL MITCH",
    "HAROLD HAL HARRY",
    "HENRY HANK HARRY",
    "ABRAHAM ABE",
    "ISAAC IKE",
    "JESSICA JESS",
    "ALEXANDRA ALEX ALEXIS",
    "STEPHANIE STEPH",
    "MEGAN MEG",
    "NANCY NAN",
    "DOROTHY DOT DOTTIE",
)


def _nickname_index() -> dict[str, frozenset[str]]:
    index: dict[str, set[str]] = {}
    for group in _NICKNAME_GROUPS:
        names = group.split()
        for name in names:
            index.setdefault(name, set()).update(names)
    return {k: frozenset(v) for k, v in index.items()}


_NICKNAMES = _nickname_index()


class NameParts(NamedTuple):
    """A name split into ``given`` names (first to last), ``surname`` and ``suffix``."""

    given: tuple[str, ...]
    surname: str
    suffix: str


@lru_cache(maxsize=65536)
def canonical(name: str) -> str:
    """Canonical upper-case key: :func:`normalize_key`, then initials spaced ("H.W." ->
    "H. W."), suffixes spelled one way ("JR" -> "JR."), a final period dropped otherwise.

    >>> canonical("Sen. George H.W. Bush, Jr"), canonical("O`DONNELL")
    ('GEORGE H. W. BUSH JR.', "O'DONNELL")
    """
    key = normalize_key(name)
    out: list[str] = []
    for word in key.replace(",", " ").split():
        if _INITIALS_RE.fullmatch(word):
            out.extend(f"{c}." for c in word.replace(".", ""))
        elif word in _SUFFIX_SPELLINGS:
            out.append(_SUFFIX_SPELLINGS[word])
        elif word in SUFFIXES:
            out.append(word)
        elif len(word) == 1 and word.isalpha() and out:
            out.append(word + ".")  # "GEORGE W BUSH": a middle initial without its period
        else:
            out.append(word.rstrip("."))
    return " ".join(w for w in out if w)


@lru_cache(maxsize=65536)
def parts(key: str) -> NameParts:
    """The :class:`NameParts` of a canonical key (see :func:`canonical`)."""
    words = canonical(key).split()
    suffix = ""
    if len(words) >= 2 and words[-1] in SUFFIXES:
        suffix = words[-1]
        words = words[:-1]
    if not words:
        return NameParts((), "", suffix)
    return NameParts(tuple(words[:-1]), words[-1], suffix)


def is_initial(word: str) -> bool:
    """Whether ``word`` is one initial ("E.")."""
    return _INITIAL_RE.fullmatch(word) is not None


@lru_cache(maxsize=65536)
def is_full(key: str) -> bool:
    """Whether a key names a person in full: a given name that is not an initial, then a
    surname ("DON LEMON", "GEORGE W. BUSH"; not "LEMON", "E. TRUMP", "UNIDENTIFIED MALE")."""
    if not key or is_unnamed(key):
        return False
    p = parts(key)
    return bool(p.given) and not is_initial(p.given[0]) and bool(p.surname)


@lru_cache(maxsize=65536)
def is_short(key: str) -> bool:
    """Whether a key is a short form to resolve: a surname alone, or initials and a surname
    ("LEMON", "E. TRUMP", "H. W. BUSH"), and not an unnamed voice."""
    if not key or is_unnamed(key):
        return False
    p = parts(key)
    return bool(p.surname) and all(is_initial(g) for g in p.given)


def _spaced(words: tuple[str, ...] | list[str]) -> str:
    return " ".join(words).replace("-", " ")


@lru_cache(maxsize=65536)
def surname_forms(key: str) -> frozenset[str]:
    """The surnames a full name can be called by, hyphens read as spaces: its last word
    (and the last part of a hyphenated one), and longer tails that are not initials
    ("SARAH HUCKABEE SANDERS" gives "SANDERS" and "HUCKABEE SANDERS"; "NICK PATON WALSH"
    gives "WALSH" and "PATON WALSH"; "SARAH HUCKABEE-SANDERS" gives "HUCKABEE SANDERS"
    and "SANDERS")."""
    p = parts(key)
    if not p.surname:
        return frozenset()
    forms = {p.surname.replace("-", " ")}
    if "-" in p.surname.strip("-"):
        forms.add(p.surname.rsplit("-", 1)[1])  # "HUCKABEE-SANDERS" is also "SANDERS"
    words = [*p.given, p.surname]
    for i in range(1, len(words) - 1):
        if not is_initial(words[i]):
            forms.add(_spaced(words[i:]))
    return frozenset(forms)


@lru_cache(maxsize=65536)
def short_surname(key: str) -> str:
    """The surname a short key names, hyphens read as spaces ("HUCKABEE-SANDERS" ->
    "HUCKABEE SANDERS", "E. TRUMP" -> "TRUMP")."""
    return parts(key).surname.replace("-", " ")


@lru_cache(maxsize=65536)
def short_matches(short: str, full: str) -> bool:
    """Whether a short key (surname, or initials and surname) can stand for ``full``.

    The surname must be one the full name goes by (:func:`surname_forms`); an initial
    must agree with the first given name ("E. TRUMP" is not "DONALD TRUMP"), or initials
    with the last given names ("H. W. BUSH" is "GEORGE H. W. BUSH", not "GEORGE W. BUSH").
    A suffix on either side must be on both ("TRUMP JR." is not "DONALD TRUMP").
    """
    s, f = parts(short), parts(full)
    if not f.given or s.suffix != f.suffix:
        return False
    if short_surname(short) not in surname_forms(full):
        return False
    initials = [g[0] for g in s.given]
    if not initials:
        return True
    given = [g[0] for g in f.given]
    if len(initials) > len(given):
        return False
    return given[: len(initials)] == initials or given[-len(initials) :] == initials


def first_name(key: str) -> str:
    """The first given name of a key, or "" ("DON LEMON" -> "DON")."""
    p = parts(key)
    return p.given[0] if p.given else ""


def same_given(a: str, b: str) -> bool:
    """Whether two given names are one: equal, or a nickname and its full form.

    >>> same_given("BOB", "ROBERT"), same_given("MATT", "MATTHEW"), same_given("BOB", "BEN")
    (True, True, False)
    """
    return a == b or b in _NICKNAMES.get(a, frozenset())


def close_spelling(a: str, b: str) -> bool:
    """Whether two names differ by one slip of the keyboard (see
    :func:`analytics.speakers.one_edit_apart`), both at least four letters long and a
    changed letter only from five letters up ("AKERMAN"/"ACKERMAN", not "BUSH"/"BASH")."""
    if a == b or min(len(a), len(b)) < 4 or not one_edit_apart(a, b):
        return False
    return not (len(a) == len(b) < 5 and sorted(a) != sorted(b))


def middle_dropped(key: str) -> str:
    """The key without its middle names ("DONALD J. TRUMP" -> "DONALD TRUMP")."""
    p = parts(key)
    if len(p.given) <= 1:
        return canonical(key)
    return " ".join(w for w in (p.given[0], p.surname, p.suffix) if w)


def person_slug(name: str) -> str:
    """A person id from a display name: ASCII, lower case, words joined by hyphens."""
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    folded = re.sub(r"['`.]", "", folded.lower())
    return re.sub(r"[^a-z0-9]+", "-", folded).strip("-") or "unnamed"


def loose_key(key: str) -> str:
    """A key with hyphens read as spaces and apostrophes and periods dropped, for
    spellings of one name ("SARAH HUCKABEE-SANDERS", "LAWRENCE O'DONNELL").

    >>> loose_key("SARAH HUCKABEE-SANDERS"), loose_key("H. W. BUSH")
    ('SARAH HUCKABEE SANDERS', 'H W BUSH')
    """
    return " ".join(re.sub(r"['.]", "", key.replace("-", " ")).split())


#: One-word tags that label a voice without naming anyone ("REPORTER:", "QUESTION:").
LABELS = word_set(
    """
    REPORTER REPORTERS CORRESPONDENT NARRATOR ANNOUNCER QUESTION ANSWER HOST ANCHOR
    MODERATOR INTERVIEWER INTERPRETER TRANSLATOR OFFICER POLICE DISPATCHER CALLER OPERATOR
    PASSENGER PILOT DRIVER WITNESS VICTIM SUSPECT PROTESTER PROTESTERS DEMONSTRATOR WIFE
    HUSBAND MOTHER FATHER SON DAUGHTER MAN WOMAN BOY GIRL CHILD KID MALE FEMALE VOICE
    VOICES MUSIC SINGING SINGER NAME SPEAKER AUDIENCE CROWD STUDENT STUDENTS TEACHER
    DOCTOR NURSE SOLDIER GUARD JUDGE LAWYER ATTORNEY PROSECUTOR DEFENDANT CLERK BAILIFF
    JUROR COMMENTATOR ANALYST GUEST GUESTS PANELIST PARTICIPANT CONTESTANT VIEWER
    """
)
_LONG_LABELS = frozenset(w for w in LABELS if len(w) >= 7)


@lru_cache(maxsize=65536)
def is_label(key: str) -> bool:
    """Whether a tag labels a voice without naming a person: words of :data:`LABELS`,
    or one word a slip away from a long one ("ANOUNCER", "REPORETER").

    >>> is_label("REPORTER"), is_label("REPORETER"), is_label("FEMALE VOICE"), is_label("HOSTIN")
    (True, True, True, False)
    """
    words = canonical(key).split()
    if not words:
        return False
    if all(w.rstrip("S") in LABELS or w in LABELS for w in words):
        return True
    return len(words) == 1 and any(close_spelling(words[0], w) for w in _LONG_LABELS)


@lru_cache(maxsize=65536)
def person_key(key: str) -> str:
    """The canonical key of the person who speaks under a tag: the performer of an
    impersonation ("ALEX MOFFAT AS JOE SCARBOROUGH" -> "ALEX MOFFAT").

    >>> person_key("Alex Moffat as Joe Scarborough"), person_key("DON LEMON")
    ('ALEX MOFFAT', 'DON LEMON')
    """
    key = canonical(key)
    return key.split(" AS ", 1)[0] if " AS " in key else key
