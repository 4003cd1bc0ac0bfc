"""Words said capitalised inside a sentence (people, places, bodies), per unit.

:func:`capitals_matrix` counts, for each unit, the words written with a capital that do not
open the unit or a sentence, in the columns of the transcript's content words (their stems,
:func:`analytics.segment.cohesion.tokens`), weighted by the transcript's own IDF. The
boundary features compare the names said before and after a unit
(:mod:`analytics.segment.features`) and the second pass those of two blocks
(:mod:`analytics.segment.merge`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from functools import lru_cache

import numpy as np
from scipy import sparse

from analytics.segment.units import Unit

#: Capitalised words (:func:`capitals_matrix` keeps those not at the start of a sentence or
#: a unit): names of people, places, bodies.
NAME_RE = re.compile(r"\b[A-Z][a-z]{2,}(?:[A-Z][a-z]+)?\b")


def capitals_matrix(
    units: Sequence[Unit], col: Mapping[str, int], idf: np.ndarray, width: int
) -> sparse.csr_matrix:
    """IDF-weighted counts of the words each unit says capitalised inside a sentence
    (units x ``width`` columns; ``col`` maps a stem to its column, ``idf`` is per column).

    >>> from analytics.segment.units import Unit
    >>> u = Unit(0, 30, "We met Senator Warren in Boston.", None, None, True, False, True, None, False)
    >>> m = capitals_matrix([u], {"senat": 0, "warren": 1, "boston": 2}, np.ones(3), 3)
    >>> m.toarray().tolist()
    [[1.0, 1.0, 1.0]]
    """
    n = len(units)
    texts = [u.text.replace("\n", " ") for u in units]
    joined = "\n" + "\n".join(texts)
    offsets = np.cumsum([1] + [len(t) + 1 for t in texts[:-1]]) if n else np.zeros(0)
    found = [
        (m.start(), _column(m.group(), col))
        for m in NAME_RE.finditer(joined)
        if not _sentence_start(joined, m.start())
    ]
    found = [(at, c) for at, c in found if c >= 0]
    at = np.array([a for a, _ in found], dtype=np.int64)
    rows = np.searchsorted(offsets, at, side="right") - 1
    cols = np.array([c for _, c in found], dtype=np.int64)
    idf = np.asarray(idf) if len(idf) else np.ones(1)
    vals = idf[cols] if len(cols) else np.zeros(0)
    out = sparse.csr_matrix((vals, (rows, cols)), shape=(n, width))
    out.sum_duplicates()
    return out


def _sentence_start(text: str, at: int) -> bool:
    """Whether ``text[at]`` opens a unit (after a newline) or a sentence (after one of
    ``.?!:"`` and a space)."""
    before = text[at - 1] if at else "\n"
    return before == "\n" or (before.isspace() and at >= 2 and text[at - 2] in '.?!:"')


def _column(word: str, col: Mapping[str, int]) -> int:
    """The word column of a capitalised word (its stem's), or -1."""
    stem = _stem_of(word)
    return col.get(stem, -1) if stem is not None else -1


@lru_cache(maxsize=65536)
def _stem_of(word: str) -> str | None:
    from analytics.segment.cohesion import tokens

    found = tokens(word)
    return found[0] if len(found) == 1 else None
