"""Spoken sentences: split turns into sentences with offsets, leaving out what is not speech.

Pure functions. A turn's text keeps inline timestamps, production markers and, where the
parser missed them, speaker tags; :func:`speech_spans` finds the stretches between them,
and :func:`split_spans` cuts each stretch into sentences with a rule-based splitter aware of
abbreviations ("Mr.", "U.S."), initials, decimals, ellipses and quotes. Every sentence keeps
``start_char``/``end_char`` into the transcript text, so ``sentence.text ==
transcript.text[sentence.start_char:sentence.end_char]``, and no sentence spans a removed
marker.

>>> text = "Mr. Smith went to the U.S. Senate. He left."
>>> [text[s:e] for s, e in split_spans(text)]
['Mr. Smith went to the U.S. Senate.', 'He left.']
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from analytics.model import Sentence, Transcript, Turn
from analytics.words import straight_apostrophes

#: Not speech: stamps, bracketed or parenthesised notes, caption speaker changes, tags the
#: parser left in the text, and the rush-transcript and copyright trailers (to the end).
#: Every branch starts with a character class (look-behinds come after it) so the regex
#: engine can skip ahead to candidate characters.
NONSPEECH_RE = re.compile(
    r"""
      \[\d{1,2}:\d{2}(?::\d{2})?\]                  # [21:01:07]
    | \[[^\[\]\n]{0,120}\]                           # [bleep], [LAUGHTER]
    | \([^()\n]{0,160}\)                             # (CROSSTALK), (ph), (D-IL), (voice-over)
    | \((?:BEGIN|END)[A-Z ]*[^()\n\sA-Z]?(?=\s|$)    # unclosed "(BEGIN VIDEO CLIP0"
    | >>+                                            # caption speaker change
    | [A-Z](?<![^\s.?!"\u201d\-][A-Z])                # a speaker tag left in the text
      (?:(?:\.|[A-Z'\u2019\-]+)\.?[ ]+(?:[A-Z](?:\.|[A-Z'\u2019\-]+)\.?[ ]+){0,4}
         [A-Z][A-Z'\u2019\-]+\.?
      | [A-Z'\u2019\-]+\.?)
      (?:(?:,[ ]?[A-Z0-9"\u201c][A-Z0-9 .,'\u2019&/"\u201c\u201d\-]*)?
         (?:[ ]\([^()\n]*\))?:(?=\s|$)
      | ,[ ]?[A-Z0-9"\u201c][A-Z0-9 .,'\u2019&/"\u201c\u201d\-]*;(?=\s))  # "NAME, ROLE;" typo
    | [A-Z](?<![^\n][A-Z])[A-Z'\u2019\-]+;(?=\s)       # "LIZZA;" opening a paragraph
    | U(?<!\SU)nidentified[ ](?:Man|Woman|Male|Female|Person|Speaker|Voice)(?:[ ]\#?\d+)?:
    | T(?<!\ST)HIS[ ]IS[ ]A[ ]RUSH[ ]TRANSCRIPT[\s\S]*
    | C(?<!\SC)opy:[ ]Content[ ]and[ ]programming[ ]copyright[\s\S]*
    | C(?<!\SC)ontent[ ]and[ ]Programming[ ]Copyright[\s\S]*
    | E(?<![^\n]E)ND[ \t]*(?=\n|$)                    # closing "END" line
    """,
    re.VERBOSE,
)

#: Abbreviations after which a full stop never ends a sentence (titles, "vs.").
_NEVER_END = frozenset(
    [
        "ph",
        "mr",
        "mrs",
        "ms",
        "dr",
        "sen",
        "sens",
        "rep",
        "reps",
        "gov",
        "govt",
        "gen",
        "lt",
        "col",
        "sgt",
        "capt",
        "cmdr",
        "adm",
        "maj",
        "brig",
        "cpl",
        "pvt",
        "prof",
        "rev",
        "hon",
        "pres",
        "sec",
        "atty",
        "amb",
        "supt",
        "det",
        "insp",
        "fr",
        "msgr",
        "st",
        "mt",
        "ft",
        "vs",
        "v",
        "messrs",
        "mme",
        "mlle",
    ]
)
#: Abbreviations that end a sentence only before a word that usually starts one.
_MAYBE_END = frozenset(
    [
        "jr",
        "sr",
        "inc",
        "corp",
        "co",
        "ltd",
        "llc",
        "bros",
        "etc",
        "esq",
        "dept",
        "univ",
        "assn",
        "approx",
        "est",
        "al",
    ]
)
#: Abbreviations that do not end a sentence when a number follows ("No. 1", "Jan. 6").
_BEFORE_NUMBER = frozenset(
    [
        "no",
        "nos",
        "vol",
        "art",
        "fig",
        "p",
        "pp",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
    ]
)
#: Words that usually open a sentence; after "U.S." or "Inc." they mark a boundary.
_STARTERS = frozenset(
    [
        "i",
        "i'm",
        "i've",
        "i'll",
        "i'd",
        "the",
        "a",
        "an",
        "and",
        "but",
        "so",
        "or",
        "he",
        "she",
        "it",
        "it's",
        "we",
        "we're",
        "we've",
        "they",
        "they're",
        "you",
        "you're",
        "this",
        "that",
        "that's",
        "there",
        "there's",
        "these",
        "those",
        "what",
        "why",
        "how",
        "when",
        "where",
        "who",
        "now",
        "well",
        "yes",
        "no",
        "okay",
        "ok",
        "in",
        "on",
        "at",
        "if",
        "as",
        "then",
        "let",
        "let's",
        "here",
        "here's",
        "my",
        "our",
        "their",
        "his",
        "her",
        "your",
        "its",
        "thank",
        "not",
        "just",
        "all",
        "also",
        "because",
        "today",
        "tonight",
        "still",
        "meanwhile",
        "after",
        "before",
        "first",
        "next",
        "one",
        "some",
        "many",
        "more",
        "most",
        "again",
        "look",
        "listen",
        "right",
        "sure",
        "great",
        "good",
    ]
)
_CLOSERS = "\"'\u201d\u2019)]"
_OPENERS = "\"'\u201c\u2018([\u00bf\u00a1"
_TERMINAL_RE = re.compile(r"(?:\.\.\.|\u2026|[.!?])[.!?\u2026]*[" + re.escape(_CLOSERS) + r"]*")
_SPACE_THEN_RE = re.compile(r"\s+(\S)")
_GLUED_RE = re.compile(r"([A-Z])(?=[a-z]|[A-Z]*\b)")
_NEXT_WORD_RE = re.compile(r"[\w'\u2019]+")
_DOTTED_RE = re.compile(r"(?:[a-z]\.)+[a-z]")
_ALNUM_RE = re.compile(r"\w")
_LINE_RE = re.compile(r"[^\n]+")
_LEAD_TRIM = " \t\r\f\v\u00a0-\u2013\u2014,;:"
_TAIL_TRIM = " \t\r\f\v\u00a0-\u2013\u2014,;:"


def nonspeech_spans(text: str, offset: int = 0) -> list[tuple[int, int]]:
    """Spans of ``text`` that are not speech (stamps, markers, tags, trailers), shifted by
    ``offset``, in order and not overlapping.

    >>> nonspeech_spans("Hi. (CROSSTALK) [21:00:00] Bye.")
    [(4, 15), (16, 26)]
    """
    return [(m.start() + offset, m.end() + offset) for m in NONSPEECH_RE.finditer(text)]


def _merge(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def speech_spans(turn: Turn) -> list[tuple[int, int]]:
    """Absolute spans of a turn's text that are speech: the turn minus its markers, stamps,
    stray tags and trailers, cut at line breaks (a paragraph never continues a sentence)."""
    base = turn.start_char
    removed = nonspeech_spans(turn.text, base)
    removed += [
        (max(m.start_char, base), min(m.end_char, turn.end_char))
        for m in turn.markers
        if m.end_char > base and m.start_char < turn.end_char
    ]
    spans: list[tuple[int, int]] = []
    pos = base
    for start, end in [*_merge(removed), (turn.end_char, turn.end_char)]:
        if start > pos:
            chunk = turn.text[pos - base : start - base]
            spans.extend((pos + m.start(), pos + m.end()) for m in _LINE_RE.finditer(chunk))
        pos = max(pos, end)
    return spans


def _is_boundary(
    text: str, start: int, stop: int, punct_start: int, punct_end: int, lower_case: bool
) -> bool:
    """Whether the terminal punctuation text[punct_start:punct_end] ends a sentence, looking
    only inside text[start:stop]."""
    if punct_end >= stop:
        return True
    after = _SPACE_THEN_RE.match(text, punct_end, stop)
    if after is None:
        # no space after: "3.5", "U.S.", "a.m.,"; but glued paragraphs ("income.This")
        # and a tag glued to a question ("tax code?COOPER:") do end a sentence
        glued = _GLUED_RE.match(text, punct_end, stop)
        if glued is None or punct_start == start or not text[punct_start - 1].islower():
            return text[punct_end].isspace()  # only spaces up to the end of the stretch
        after = glued
    first = after.group(1)
    if first.islower() and not lower_case:
        return False
    if not (first.isalnum() or first in _OPENERS):
        return False
    punct = text[punct_start:punct_end]
    if punct.rstrip(_CLOSERS) != ".":
        return True  # "!", "?", "...", "?!"
    i = punct_start
    while i > start and not text[i - 1].isspace():
        i -= 1
    word = text[i:punct_start].lstrip(_OPENERS).lower()
    next_match = _NEXT_WORD_RE.match(text, after.start(1), stop)
    next_word = straight_apostrophes(next_match.group(0).lower()) if next_match else ""
    if not word:
        return True
    if len(word) == 1 and word.isalpha():
        return False  # an initial: "George W. Bush", "J. Roberts"
    if word in _NEVER_END:
        return False
    if word in _BEFORE_NUMBER and first.isdigit():
        return False
    if word in _MAYBE_END or _DOTTED_RE.fullmatch(word):
        return next_word in _STARTERS  # "the U.S. Senate" vs "in the U.S. He said"
    return True


def split_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Sentence spans in ``text[start:end]``, trimmed of surrounding spaces and dashes;
    stretches with no letter or digit are dropped.

    >>> t = 'He said "No." Then 3.5 p.m. came... and went. Dr. J. Roberts? Yes!'
    >>> [t[s:e] for s, e in split_spans(t)]
    ['He said "No."', 'Then 3.5 p.m. came... and went.', 'Dr. J. Roberts?', 'Yes!']
    """
    stop = len(text) if end is None else end
    lower_case = text[start:stop].islower()  # captions: no capitals anywhere
    cuts = [
        m.end()
        for m in _TERMINAL_RE.finditer(text, start, stop)
        if _is_boundary(text, start, stop, m.start(), m.end(), lower_case)
    ]
    spans = []
    pos = start
    for cut in [*cuts, stop]:
        s, e = _trim(text, pos, cut)
        if s < e and _ALNUM_RE.search(text, s, e):
            spans.append((s, e))
        pos = cut
    return spans


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in _LEAD_TRIM:
        start += 1
    while end > start and text[end - 1] in _TAIL_TRIM:
        end -= 1
    return start, end


def split_turn(turn: Turn) -> list[Sentence]:
    """The spoken sentences of one turn, offsets into the transcript text.

    Offsets are computed on ``turn.text`` (which is ``transcript.text[turn.start_char:
    turn.end_char]``), so ``sentence.text`` is exactly the transcript slice.
    """
    base = turn.start_char
    out: list[Sentence] = []
    for s, e in speech_spans(turn):
        for a, b in split_spans(turn.text, s - base, e - base):
            out.append(Sentence(turn.index, a + base, b + base, turn.text[a:b]))
    return out


def split_transcript(transcript: Transcript, turns: Sequence[Turn] | None = None) -> list[Sentence]:
    """The spoken sentences of every turn (or of ``turns``), in order."""
    out: list[Sentence] = []
    for turn in transcript.turns if turns is None else turns:
        out.extend(split_turn(turn))
    return out
