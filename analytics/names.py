"""Name mentions in spoken text: capitalised sequences found by rule, with offsets.

Broadcast transcripts are written in mixed case, so the names of people, places and
organisations stand out as capitalised words: "Devin Nunes", "House Intelligence
Committee", "FBI", "al-Bashir", "U.S.". :func:`find_mentions` finds them, with the character
offsets of each mention in the text, so stories and people can be linked by the names a
programme repeats and every link traced back to the words.

What is not a name:

- a capitalised word at a sentence start that the wider text never capitalises inside a
  sentence ("Well", "Given", "Breaking"; "Democrats" said mid-sentence elsewhere stays),
  and common function words ("I", "We", "Don't") anywhere;
- leading function words ("The FBI" gives "FBI") and courtesy titles, which are kept
  apart in :attr:`Mention.title` ("President Trump" gives "Trump", title "President");
- days, months, "I", "OK", and stretches of capitals (markers such as "(BEGIN VIDEO
  CLIP)", shouted captions); an acronym of up to six capitals is a name ("FBI", "DACA").

Keys are lower case with apostrophes straightened and a possessive "'s" dropped, so
"Trump's" and "TRUMP" (an acronym-like shout aside) meet at ``"trump"``.
:func:`short_forms` links a surname said alone to the one full name of the text that ends
with it ("Nunes" -> "devin nunes"), and leaves it alone when two full names share it.

>>> [m.key for m in find_mentions("The FBI told Rep. Devin Nunes. Nunes said no.")]
['fbi', 'devin nunes', 'nunes']
>>> short_forms(find_mentions("The FBI told Rep. Devin Nunes. Nunes said no."))
{'nunes': 'devin nunes'}
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple

from analytics.words import APOSTROPHES as _APOSTROPHES

if TYPE_CHECKING:
    from analytics.model import Transcript

__all__ = [
    "Mention",
    "SpanMentions",
    "Vocabulary",
    "find_mentions",
    "mentions_in_spans",
    "name_key",
    "short_forms",
    "span_mentions",
    "turn_mentions",
    "vocabulary",
]


def word_set(text: str) -> frozenset[str]:
    """The whitespace-separated words of ``text``, as a set."""
    return frozenset(text.split())


#: Apostrophes and spaces as transcripts write them, straightened: the package's apostrophe
#: table (:mod:`analytics.words`), with no-break spaces as spaces.
APOSTROPHES = {**_APOSTROPHES, ord("\u00a0"): " "}

#: Titles kept apart from the name they precede (compared without the final period).
TITLES = word_set(
    """
    mr mrs ms miss dr prof president vice senator sen rep representative congressman
    congresswoman governor gov mayor general gen lt col sgt capt maj adm admiral secretary
    judge justice speaker leader chairman chairwoman chair director ambassador pope prince
    princess king queen sir dame lord lady saint st reverend rev father sister officer
    detective sheriff chief agent attorney president-elect vice-president analyst
    correspondent reporter anchor host contributor commentator author spokesperson spokesman
    spokeswoman prosecutor counsel executive commissioner councilman councilwoman
    superintendent chaplain professor rabbi pastor bishop cardinal deputy inspector trooper
    sergeant lieutenant captain colonel commander strategist strategists columnist editor
    historian economist activist candidate nominee adviser advisor aide doctor
    """
)
#: Capitalised words that start sentences and are not names.
FUNCTION_WORDS = word_set(
    """
    a an the and but or so yet nor for if then than that this these those there here where
    when while what which who whom whose why how it its it's he she we they you i i'm i've
    i'll i'd me my our your his her their them us him hers ours theirs yours is are was were
    be been being am do does did done have has had having not no yes yeah okay ok oh well
    now just also still even only all any some every each both either neither many much
    more most other another such same very too again already always never ever once
    to of in on at by with from into onto about above below after before over under up down
    out off through during without within between against among around across along
    let let's can could would should will shall may might must please thank thanks good
    great right look listen see say said tell told ask asked remember think know mean
    hi hello hey sure true wow ah uh um hmm because since although though unless until
    whether as like plus instead meanwhile however therefore today tonight tomorrow
    yesterday first second third next last one two three four five six seven eight nine ten
    mister madam folks everybody everyone somebody someone nobody nothing something anything
    everything breaking coming ahead stay
    """
)
#: Calendar words: capitalised, but they name no story and no person.
CALENDAR_WORDS = word_set(
    """
    monday tuesday wednesday thursday friday saturday sunday january february march april
    may june july august september october november december
    """
)
#: Lower-case particles allowed inside a name ("Ludwig van Beethoven", "Charles de Gaulle").
PARTICLES = frozenset({"de", "del", "della", "da", "di", "du", "la", "le", "van", "von"})
#: Words after which "of" (or "of the") continues an institution's or a place's name
#: ("Department of Justice", "Gulf of Mexico", "State of the Union"); after a person's name
#: it does not ("Schumer of New York").
OF_HEADS = word_set(
    """
    department bank university secretary house committee church state states republic
    kingdom city court office board institute school college museum bureau council party
    ministry federation association union chamber academy society army navy gulf sea bay
    strait isle islands isle county district attorney general chief chiefs joint director
    directorate commission agency centers center centre league order sisters brotherhood
    daughters sons club people's governor mayor
    """
)

_TOKEN = re.compile(
    r"(?:[A-Z]\.){2,}"  # U.S., D.C.
    r"|[A-Z]\.(?=\s+[A-Z])"  # an initial before a name: "J. Roberts"
    r"|(?:al|el|bin|ibn)-[A-Z][\w'-]*"  # "al-Bashir"
    r"|[A-Za-z][A-Za-z0-9]*(?:['\u2019`-][A-Za-z0-9]+)*\.?"
)
#: Lower-case words that can be part of a name: particles, "of" and "the" ("Department of
#: the Interior"), and "al-"/"bin-" names. Every other lower-case word only ever ends a name.
_KEPT_LOWER = (
    r"(?:(?:of|the|" + "|".join(sorted(PARTICLES)) + r")(?![A-Za-z0-9]|['\u2019`-][A-Za-z0-9])"
    r"|(?:al|el|bin|ibn)-[A-Za-z0-9])"
)
#: The tokens of :data:`_TOKEN`, in the same places, except that a stretch of lower-case
#: words that cannot be part of a name (and what separates them) is one match without the
#: ``token`` group: such words only separate names, and the text between two tokens still
#: holds them (two tokens with a word between are not adjacent), so names come out the same.
_NAME_TOKEN = re.compile(
    r"(?:(?!" + _KEPT_LOWER + r")[a-z][A-Za-z0-9]*(?:['\u2019`-][A-Za-z0-9]+)*\.?[^A-Za-z]*)+"
    r"|(?P<token>" + _TOKEN.pattern + ")"
)
_ABBREVIATION = re.compile(
    r"(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|Lt|Col|Sgt|Capt|Maj|Adm|Prof|Rev|St|Jr|Sr|Ft|Mt|No|vs)\.",
)
_INITIALS = re.compile(r"(?:[A-Z]\.)+")
_MARKER = re.compile(r"\([^()]{0,80}\)|\[[^\[\]]{0,20}\]")
_SENTENCE_END = re.compile(r"[.!?:;\"\u201c\u201d\n-]")
_POSSESSIVE = re.compile(r"'s?$")
_POSSESSIVE_END = re.compile(r"['\u2019`]s?$")
_MAX_ACRONYM = 6
_NOT_LETTER = re.compile(r"[^A-Za-z]")
_INITIAL_END = re.compile(r"(?:^|\s)[A-Z]\.$")
_CONTRACTION = re.compile(r"(?:n't|'ll|'re|'ve|'m|'d)$")
_SUFFIXES = frozenset({"jr", "sr", "ii", "iii"})


@dataclass(frozen=True, slots=True)
class Mention:
    """One name mention: ``text[start_char:end_char] == surface``; ``key`` is its lower-case
    form (possessive and periods dropped); ``title`` the courtesy title said before it."""

    surface: str
    key: str
    start_char: int
    end_char: int
    title: str | None = None

    @property
    def tokens(self) -> tuple[str, ...]:
        """The words of :attr:`key`."""
        return tuple(self.key.split(" "))


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """Evidence from a wider text about capitalised words: ``lower`` holds the words it
    writes in lower case, ``capitalised`` those it capitalises inside a sentence."""

    lower: frozenset[str]
    capitalised: frozenset[str]


class _Token(NamedTuple):
    word: str
    start: int
    end: int
    initial: bool  # begins a sentence, a line or the span


def name_key(surface: str) -> str:
    """Lower-case key of a written name: apostrophes straightened, "'s" and periods dropped.

    >>> name_key("Trump\u2019s"), name_key("U.S."), name_key("Beto  O'Rourke")
    ('trump', 'us', "beto o'rourke")
    """
    words = surface.translate(APOSTROPHES).replace(".", "").split()
    if words:
        words[-1] = _POSSESSIVE.sub("", words[-1])
    return " ".join(w for w in words if w).lower()


def vocabulary(text: str, spans: Iterable[tuple[int, int]] | None = None) -> Vocabulary:
    """The :class:`Vocabulary` of ``text`` (or of its ``spans`` only, e.g. the spoken turns).

    >>> v = vocabulary("Well, well. Trump said Well Fargo. Given that.")
    >>> sorted(v.lower), sorted(v.capitalised)
    (['said', 'that', 'well'], ['fargo', 'well'])
    """
    spans = spans if spans is not None else [(0, len(text))]
    return _vocabulary_of(text, {(a, b): _words(text, a, b) for a, b in spans})


def _vocabulary_of(text: str, tokens_of: Mapping[tuple[int, int], list[_Token]]) -> Vocabulary:
    """The vocabulary of the spans ``tokens_of`` holds, given their tokens (:func:`_words`):
    capitalised words from the tokens, lower-case words read again from the text (the
    tokens leave most of them out)."""
    said: set[str] = set()  # every word as written; the lower-case ones normalised below
    said_capitalised: set[str] = set()
    for (a, b), tokens in tokens_of.items():
        _add_words(said, text, a, b)
        for token in tokens:
            word = token.word
            if word != "(" and not token.initial and not word[0].islower():
                said_capitalised.add(word)
    said_lower = [w for w in said if w[0].islower()]
    # words hold no line break: normalise them all in one string, then split them again
    joined = "\n".join(said_lower).translate(APOSTROPHES).lower().replace(".", "")
    lower = set(joined.split("\n")) if said_lower else set()
    capitalised = {
        _POSSESSIVE.sub("", w.translate(APOSTROPHES).lower().replace(".", ""))
        for w in said_capitalised
    }
    return Vocabulary(frozenset(lower), frozenset(capitalised))


def _add_words(found: set[str], text: str, lo: int, hi: int) -> None:
    """Add to ``found`` the words of ``text[lo:hi]`` (:data:`_TOKEN`, as written: a final
    period kept), markers left out."""
    pos = lo
    for marker in _MARKER.finditer(text, lo, hi):
        found.update(_TOKEN.findall(text, pos, marker.start()))
        pos = marker.end()
    found.update(_TOKEN.findall(text, pos, hi))


def _is_capitalised(token: str) -> bool:
    return token[0].isupper() or token.startswith(("al-", "el-", "bin-", "ibn-"))


def _is_acronym(token: str) -> bool:
    letters = _POSSESSIVE_END.sub("", token).replace(".", "")
    return letters.isupper() and letters.isalpha() and len(letters) >= 2


@functools.lru_cache(maxsize=1 << 16)
def _is_shout(token: str) -> bool:
    """An all-capitals word too long to be an acronym."""
    letters = _NOT_LETTER.sub("", token)
    return letters.isupper() and len(letters) > _MAX_ACRONYM


@functools.lru_cache(maxsize=1 << 16)
def _plain(token: str) -> str:
    return token.translate(APOSTROPHES).lower().rstrip(".")


@functools.lru_cache(maxsize=1 << 16)
def _breaks_name(token: str) -> bool:
    """Capitalised words that never belong inside a name: "I", "I'm", "We", "Don't"."""
    low = _plain(token)
    if low in FUNCTION_WORDS:
        return token != "US"  # "US" is the country; "Us", "IS", "OK" are not names
    return _CONTRACTION.search(low) is not None


def _ends_possessive(token: str) -> bool:
    return _POSSESSIVE_END.search(token) is not None and len(token) > 2


def _sentence_initial(text: str, start: int, lo: int) -> bool:
    """Whether the word at ``start`` begins a sentence (or the span, or a line)."""
    i = start - 1
    while i >= lo and text[i] in " \t\"'\u201c\u2018([":
        i -= 1
    if i < lo or text[i] == "\n":
        return True
    if _SENTENCE_END.match(text[i]) is None:
        return False
    if text[i] == ".":
        head = text[max(lo, i - 4) : i + 1]
        if _ABBREVIATION.search(head) or _INITIAL_END.search(head):
            return False  # "Mr. Trump", "J. Roberts"
    return True


def _words(text: str, lo: int, hi: int) -> list[_Token]:
    """Tokens of ``text[lo:hi]`` that can be part of a name (see :data:`_NAME_TOKEN`), with
    a barrier token ``"("`` for each marker."""
    out: list[_Token] = []
    pos = lo
    for marker in _MARKER.finditer(text, lo, hi):
        out.extend(_tokens(text, pos, marker.start(), lo))
        out.append(_Token("(", marker.start(), marker.end(), False))
        pos = marker.end()
    out.extend(_tokens(text, pos, hi, lo))
    return out


def _tokens(text: str, lo: int, hi: int, span_start: int) -> list[_Token]:
    out = []
    for m in _NAME_TOKEN.finditer(text, lo, hi):
        word = m.group("token")
        if word is None:
            continue  # a stretch of lower-case words that cannot be part of a name
        a, b = m.start(), m.end()
        if word.endswith(".") and not (_ABBREVIATION.fullmatch(word) or _INITIALS.fullmatch(word)):
            word, b = word[:-1], b - 1  # a sentence's full stop, not part of the word
        if word:  # whether a lower-case word starts a sentence is never asked
            initial = not word[0].islower() and _sentence_initial(text, a, span_start)
            out.append(_Token(word, a, b, initial))
    return out


def _adjacent(text: str, end: int, start: int) -> bool:
    """Whether two tokens are separated by spaces only (no comma, no line break)."""
    gap = text[end:start]
    return gap.strip(" \t") == "" and len(gap) <= 3


def _runs(text: str, tokens: list[_Token]) -> Iterator[list[_Token]]:
    """Maximal runs of capitalised words, joined by spaces and by particles or "of"."""
    i = 0
    while i < len(tokens):
        if tokens[i].word == "(" or not _is_capitalised(tokens[i].word):
            i += 1
            continue
        run = [tokens[i]]
        j = i + 1
        while j < len(tokens):
            tok = tokens[j]
            if tok.word == "(" or not _adjacent(text, run[-1].end, tok.start):
                break
            if _ends_possessive(run[-1].word):
                break  # "MSNBC's Chris Hayes": two names
            if _is_capitalised(tok.word):
                if _breaks_name(tok.word):
                    break
                run.append(tok)
                j += 1
                continue
            joins = tok.word in PARTICLES or (tok.word == "of" and _plain(run[-1].word) in OF_HEADS)
            nxt = tokens[j + 1] if j + 1 < len(tokens) else None
            after = tokens[j + 2] if j + 2 < len(tokens) else None
            if (
                joins
                and tok.word == "of"
                and nxt is not None
                and nxt.word == "the"
                and after is not None
                and _is_capitalised(after.word)
                and not _breaks_name(after.word)
                and _adjacent(text, tok.end, nxt.start)
                and _adjacent(text, nxt.end, after.start)
            ):
                run.extend((tok, nxt, after))  # "State of the Union", "Bank of the West"
                j += 3
                continue
            if (
                joins
                and nxt is not None
                and nxt.word != "("
                and _is_capitalised(nxt.word)
                and not _breaks_name(nxt.word)
                and _adjacent(text, tok.end, nxt.start)
            ):
                run.extend((tok, nxt))
                j += 2
                continue
            break
        yield run
        i = j


def _split_at_titles(run: list[_Token]) -> list[tuple[str | None, list[_Token]]]:
    """A run cut before each title that introduces a name: "FBI Director James Comey" gives
    ``[(None, [FBI]), ("Director", [James, Comey])]``."""
    parts: list[tuple[str | None, list[_Token]]] = [(None, [])]
    k = 0
    while k < len(run):
        word = run[k].word
        if _plain(word) in TITLES and not _is_acronym(word):
            first = k
            k += 1
            while k < len(run) and _plain(run[k].word) in TITLES and not _is_acronym(run[k].word):
                k += 1
            if k < len(run) and run[k].word not in PARTICLES and run[k].word != "of":
                parts.append((" ".join(t.word for t in run[first:k]), []))
            else:  # no name follows: the words are part of this name ("Department of Justice")
                parts[-1][1].extend(run[first:k])
            continue
        parts[-1][1].append(run[k])
        k += 1
    return [(title, toks) for title, toks in parts if toks]


def _mention(
    text: str, title: str | None, words: list[_Token], evidence: Vocabulary
) -> Mention | None:
    while words and (words[-1].word in PARTICLES or words[-1].word == "of"):
        words = words[:-1]
    while words and words[0].word in PARTICLES:
        words = words[1:]
    if not words:
        return None
    first = words[0]
    low = _plain(first.word)
    if first.initial and title is None and not _is_acronym(first.word):
        named = _POSSESSIVE.sub("", low) in evidence.capitalised
        if len(words) == 1 and not named:
            return None  # a capitalised word that only ever starts a sentence
        if len(words) > 1 and not named and low in evidence.lower:
            words = words[1:]  # "Littered Silicon Valley": the first word is common
    if len(words) == 1:
        word = words[0].word
        if (
            _breaks_name(word)
            or _plain(word) in CALENDAR_WORDS
            or _is_shout(word)
            or len(_plain(word)) < 2
        ):
            return None
    a, b = words[0].start, words[-1].end
    possessive = _POSSESSIVE_END.search(text, a, b)
    if possessive is not None and possessive.start() > a:
        b = possessive.start()  # "Trump's": the name is "Trump"
    key = name_key(text[a:b])
    if not key:
        return None
    return Mention(surface=text[a:b], key=key, start_char=a, end_char=b, title=title)


def find_mentions(
    text: str,
    start: int = 0,
    end: int | None = None,
    *,
    evidence: Vocabulary | None = None,
) -> list[Mention]:
    """Name mentions in ``text[start:end]``, in order, with offsets into ``text``.

    ``evidence`` is the :func:`vocabulary` of the wider text the span belongs to (the
    whole transcript, say); by default, the span's own. A capitalised word at a sentence
    start is a name only when the wider text also capitalises it inside a sentence.

    >>> [(m.surface, m.title) for m in find_mentions(
    ...     "Well, President Trump's lawyer met Sen. Chuck Schumer of New York and Trump.")]
    [('Trump', 'President'), ('Chuck Schumer', 'Sen.'), ('New York', None), ('Trump', None)]
    >>> [m.key for m in find_mentions("(BEGIN VIDEO CLIP) Breaking news on DACA, Monday.")]
    ['daca']
    >>> [(m.key, m.title) for m in find_mentions("Then FBI Director James Comey left.")]
    [('fbi', None), ('james comey', 'Director')]
    """
    end = len(text) if end is None else end
    tokens = _words(text, start, end)
    evidence = evidence if evidence is not None else _vocabulary_of(text, {(start, end): tokens})
    return _mentions_of(text, tokens, evidence)


def mentions_in_spans(
    text: str,
    spans: Sequence[tuple[int, int]],
    *,
    evidence_spans: Sequence[tuple[int, int]] | None = None,
) -> list[list[Mention]]:
    """:func:`find_mentions` of each span of ``text``, with the :func:`vocabulary` of
    ``evidence_spans`` (default: ``spans``) as evidence, reading each span once: a span
    that is also an evidence span is tokenized once for both.

    >>> text = "Nunes wrote it. Devin Nunes said so. Nunes left."
    >>> [[m.key for m in found] for found in mentions_in_spans(text, [(0, 16), (16, 49)])]
    [['nunes'], ['devin nunes', 'nunes']]
    """
    evidence_spans = list(spans) if evidence_spans is None else list(evidence_spans)
    tokens_of = {(a, b): _words(text, a, b) for a, b in dict.fromkeys(evidence_spans)}
    evidence = _vocabulary_of(text, tokens_of)
    out = []
    for a, b in spans:
        tokens = tokens_of.get((a, b))
        out.append(_mentions_of(text, _words(text, a, b) if tokens is None else tokens, evidence))
    return out


@dataclass(frozen=True, slots=True)
class SpanMentions:
    """The name mentions of each evidence span of a text (a transcript's turns, say), read
    once, with the :func:`vocabulary` of those spans as evidence; made by
    :func:`span_mentions`, so that every stage that needs a transcript's names (people,
    stories) shares one pass. ``mentions[i]`` are the mentions of ``spans[i]``."""

    text: str
    spans: tuple[tuple[int, int], ...]
    evidence: Vocabulary
    mentions: tuple[tuple[Mention, ...], ...]

    def of(self, spans: Iterable[tuple[int, int]]) -> list[list[Mention]]:
        """:func:`find_mentions` of each of ``spans`` with :attr:`evidence`: the stored
        mentions for an evidence span, a fresh reading (same evidence) for any other span
        (a turn clipped to a story block, say).

        >>> found = span_mentions("Nunes wrote it. Devin Nunes said so.", [(0, 15), (16, 36)])
        >>> [[m.key for m in f] for f in found.of([(16, 36), (22, 36)])]
        [['devin nunes'], ['nunes']]
        """
        index = self._index()
        out = []
        for a, b in spans:
            i = index.get((a, b))
            if i is None:
                out.append(_mentions_of(self.text, _words(self.text, a, b), self.evidence))
            else:
                out.append(list(self.mentions[i]))
        return out

    def _index(self) -> dict[tuple[int, int], int]:
        index: dict[tuple[int, int], int] = {}
        for i, span in enumerate(self.spans):
            index.setdefault(span, i)
        return index


def span_mentions(text: str, spans: Iterable[tuple[int, int]]) -> SpanMentions:
    """Name mentions of each of ``spans`` of ``text`` (each span read once), with the
    :func:`vocabulary` of ``spans`` as evidence: ``span_mentions(text, spans).of(spans) ==
    mentions_in_spans(text, spans)``.

    >>> found = span_mentions("Nunes wrote it. Devin Nunes said so.", [(0, 15), (16, 36)])
    >>> [[m.key for m in f] for f in found.mentions]
    [['nunes'], ['devin nunes']]
    """
    spans = tuple((int(a), int(b)) for a, b in spans)
    tokens_of = {span: _words(text, *span) for span in dict.fromkeys(spans)}
    evidence = _vocabulary_of(text, tokens_of)
    found = {
        span: tuple(_mentions_of(text, tokens, evidence)) for span, tokens in tokens_of.items()
    }
    return SpanMentions(text, spans, evidence, tuple(found[span] for span in spans))


def turn_spans(transcript: Transcript) -> tuple[tuple[int, int], ...]:
    """The spoken text of ``transcript``: its turns' spans (speaker tags left out)."""
    return tuple((t.start_char, t.end_char) for t in transcript.turns)


def turn_mentions(transcript: Transcript) -> SpanMentions:
    """:func:`span_mentions` of a transcript's turns: the one reading of its names that
    the people stage (mentions per turn) and the story stage (mentions per block) share."""
    return span_mentions(transcript.text, turn_spans(transcript))


def _mentions_of(text: str, tokens: list[_Token], evidence: Vocabulary) -> list[Mention]:
    out: list[Mention] = []
    for run in _runs(text, tokens):
        if len(run) >= 2 and any(_is_shout(t.word) for t in run):
            continue  # a shouted caption or a production note in capitals
        while run and _breaks_name(run[0].word):
            run = run[1:]
        for title, words in _split_at_titles(run):
            mention = _mention(text, title, words, evidence)
            if mention is not None:
                out.append(mention)
    return out


def short_forms(mentions: Iterable[Mention], *, known: Iterable[str] = ()) -> dict[str, str]:
    """Single-word keys mapped to the one multi-word key of ``mentions`` that ends with
    that word ("nunes" -> "devin nunes"); a surname two full names share maps to neither.

    ``known`` adds full names from elsewhere (keys, for example the transcript's speakers).

    >>> short_forms(find_mentions("Donald Trump Jr. met Eric Trump. Trump left. Kelly stayed."))
    {}
    >>> short_forms(find_mentions("John Kelly met Trump. Kelly stayed."))
    {'kelly': 'john kelly'}
    """
    mentions = list(mentions)
    full = {m.key for m in mentions if len(m.tokens) >= 2} | {
        k for k in known if len(k.split(" ")) >= 2
    }
    by_last: dict[str, set[str]] = {}
    for key in full:
        words = key.split(" ")
        last = words[-2] if words[-1] in _SUFFIXES and len(words) > 2 else words[-1]
        by_last.setdefault(last, set()).add(key)
    out: dict[str, str] = {}
    for m in mentions:
        if len(m.tokens) == 1 and len(by_last.get(m.key, ())) == 1:
            out[m.key] = next(iter(by_last[m.key]))
    return dict(sorted(out.items()))
