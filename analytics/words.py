"""Word lists and character tables shared by every module that counts or compares words.

- :data:`APOSTROPHES`: the characters transcripts use for an apostrophe ("don’t", "don`t",
  "don´t", "donʼt") mapped to the straight one; :func:`straight_apostrophes` applies it.
- :data:`FILLER_WORDS`: words of spoken news that say nothing about the story; the topic
  model's vectorizer and the keyness tables both leave them out.
- :data:`NETWORK_WORDS`: networks and their stock words.
- :func:`word_counts`: each text's number of white-space separated words.
- :func:`written_forms`: the form a text most often writes a token in ("McGahn", "memo").
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Collection, Iterable

import numpy as np

__all__ = [
    "APOSTROPHES",
    "FILLER_WORDS",
    "NETWORK_WORDS",
    "straight_apostrophes",
    "word_counts",
    "written_forms",
]

#: Apostrophe look-alikes -> "'" (for ``str.translate``).
APOSTROPHES = str.maketrans({"`": "'", "\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u00b4": "'"})
_LOOK_ALIKES = tuple(chr(code) for code, to in APOSTROPHES.items() if to == "'")


def straight_apostrophes(text: str) -> str:
    """``text`` with every apostrophe look-alike made straight.

    >>> straight_apostrophes("don`t won\u2019t can\u00b4t")
    "don't won't can't"
    """
    # one C-level replace per look-alike: str.translate looks every character up in the
    # table, many times slower on a transcript; the result is the same
    for char in _LOOK_ALIKES:
        text = text.replace(char, "'")
    return text


def word_counts(texts: Iterable[object]) -> np.ndarray:
    """Each text's number of white-space separated words (None and NaN: 0), one text at a
    time: ``Series.str.split()`` would hold every word of a corpus as a string at once.

    >>> word_counts(["two words", None, "  "]).tolist()
    [2, 0, 0]
    """
    return np.array(
        [len(text.split()) if isinstance(text, str) else 0 for text in texts], dtype=np.int64
    )


def written_forms(
    words: Iterable[str], token_of: Callable[[str], str | None], wanted: Collection[str]
) -> dict[str, str]:
    """The most frequent written form of each ``wanted`` token among ``words`` (written
    words in reading order, each read as ``token_of`` says); of equally frequent forms, the
    first used. A token never written is absent.

    >>> written_forms(["Memo", "memo", "McGahn", "memo"], str.lower, {"memo", "mcgahn", "fisa"})
    {'memo': 'memo', 'mcgahn': 'McGahn'}
    """
    written = Counter(words)  # each distinct form once, in order of first use, with its count
    forms: dict[str, dict[str, int]] = {}
    for word, count in written.items():
        token = token_of(word)
        if token in wanted:
            forms.setdefault(token, {})[word] = count
    return {t: max(c.items(), key=lambda kv: kv[1])[0] for t, c in forms.items()}


def _word_set(text: str) -> frozenset[str]:
    return frozenset(text.split())


#: Words of spoken news that say nothing about the story (lower case; contraction pieces
#: as a tokenizer that splits at apostrophes leaves them: "don", "ve").
FILLER_WORDS = _word_set(
    """
    know think going just right yeah yes okay ok oh uh um ah like really want well got get
    say said says saying tell told look looking lot mean thing things way actually let good
    great come coming came want wanted need gonna gotta kind sort little bit big sure make
    certainly exactly obviously
    people time today tonight night morning day days year years week weeks new now
    don didn doesn isn wasn aren weren couldn wouldn shouldn won ve ll re hasn haven hadn
    thank thanks welcome joining join joins appreciate back break stay watch watching
    program show hour minutes live breaking news story stories report reporting reporter
    anchor host correspondent contributor analyst commentator political senior chief
    segment interview tape video clip begin end commercial crosstalk inaudible laughter
    applause music voice over unidentified male female transcript rush copy final form
    updated copyright content programming llc inc services media corporation
    mr mrs ms sir dr
    """
)

#: Networks and their shows' stock words.
NETWORK_WORDS = _word_set("cnn msnbc fox foxnews nbc abc cbs npr news network channel")
