"""Lexical cohesion between neighbouring windows of a transcript.

A story boundary is where the words before and after a point stop overlapping. Content
words (:func:`tokens`: stop words and broadcast filler dropped, Porter-stemmed) are counted
per unit (:func:`token_matrix`) and weighted by the transcript's own IDF (:func:`own_idf`:
a word said in few stretches of the programme is particular to one of them).
:func:`window_similarity` gives, for every unit, the cosine between the ``width`` content
words before it and those after it, with sparse band matrices: at most a fixed number of
units per window, so the cost is linear in the text. TextTiling's depth score (Hearst
1997, :func:`depth_scores`) measures how far a similarity dips below the peaks on either
side, and :func:`contrast` ranks the dips within the transcript.

No corpus statistic is used: the IDF is the transcript's own, so a file's blocks do not
depend on which other files are processed. (A fixed table from the annotated files was the
alternative; the own IDF needs no data shipped and no refit when the corpus grows.)
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from analytics.words import straight_apostrophes

#: Talk that carries no topic: broadcast filler on top of scikit-learn's stop words.
STOP_WORDS = frozenset(ENGLISH_STOP_WORDS) | frozenset(
    [
        "just",
        "going",
        "know",
        "think",
        "like",
        "said",
        "say",
        "says",
        "saying",
        "right",
        "yes",
        "yeah",
        "okay",
        "ok",
        "really",
        "thank",
        "thanks",
        "well",
        "people",
        "tonight",
        "want",
        "wanted",
        "get",
        "got",
        "let",
        "look",
        "lot",
        "way",
        "mean",
        "today",
        "time",
        "new",
        "news",
        "thing",
        "things",
        "good",
        "sure",
        "actually",
        "come",
        "came",
        "comes",
        "talk",
        "talking",
        "told",
        "tell",
        "did",
        "does",
        "don",
        "didn",
        "doesn",
        "isn",
        "wasn",
        "aren",
        "weren",
        "won",
        "ll",
        "ve",
        "re",
        "gonna",
        "kind",
        "little",
        "big",
        "day",
        "week",
        "year",
        "years",
        "make",
        "made",
        "need",
        "didn",
        "course",
        "point",
        "happened",
        "happening",
        "great",
        "im",
        "it's",
        "that's",
        "there's",
        "he's",
        "she's",
        "we're",
        "they're",
        "you're",
        "i'm",
        "let's",
        "what's",
        "can't",
        "don't",
        "won't",
        "isn't",
        "didn't",
        "doesn't",
    ]
)
_TOKEN_RE = re.compile(r"[a-z][a-z'\-]+")


def tokens(text: str) -> list[str]:
    """Content words of ``text``: lower case, stop words dropped, Porter-stemmed.

    >>> tokens("The Senators' vote on DREAMers")
    ['senat', 'vote', 'dreamer']
    """
    lowered = straight_apostrophes(text.lower())
    return [c for c in map(_content, _TOKEN_RE.findall(lowered)) if c is not None]


def tokens_of(texts: Sequence[str]) -> list[list[str]]:
    """:func:`tokens` of each of ``texts`` (none holding a newline), lowered in one go."""
    if not texts:
        return []
    lowered = straight_apostrophes("\n".join(texts).lower()).split("\n")
    if len(lowered) != len(texts):  # a text with a newline of its own
        return [tokens(t) for t in texts]
    find = _TOKEN_RE.findall
    return [[c for c in map(_content, find(t)) if c is not None] for t in lowered]


@lru_cache(maxsize=131072)
def _content(word: str) -> str | None:
    """The stem of one lower-case word, or None for a stop word or a short word."""
    word = word.strip("'-")
    if word.endswith("'s"):
        word = word[:-2]
    if len(word) < 3 or word in STOP_WORDS:
        return None
    return _stem(word)


@lru_cache(maxsize=65536)
def _stem(word: str) -> str:
    """Porter stem ("recruiting", "recruited" -> "recruit"); NLTK's stemmer needs no data."""
    return _porter().stem(word)


@lru_cache(maxsize=1)
def _porter() -> Any:
    """NLTK's Porter stemmer, imported on first use: importing nltk takes seconds."""
    from nltk.stem.porter import PorterStemmer

    return PorterStemmer()


def token_matrix(unit_tokens: Sequence[Sequence[str]]) -> tuple[sparse.csr_matrix, list[str]]:
    """Counts of each content word per unit (units x vocabulary), and the vocabulary.

    The vocabulary is in order of first use, so the same text gives the same matrix.
    """
    vocab: dict[str, int] = {}
    indptr = [0]
    indices: list[int] = []
    for toks in unit_tokens:
        for w in toks:
            indices.append(vocab.setdefault(w, len(vocab)))
        indptr.append(len(indices))
    data = np.ones(len(indices))
    counts = sparse.csr_matrix(
        (data, np.asarray(indices, dtype=np.int64), np.asarray(indptr, dtype=np.int64)),
        shape=(len(unit_tokens), max(len(vocab), 1)),
    )
    counts.sum_duplicates()
    return counts, list(vocab)


def own_idf(counts: sparse.csr_matrix, chunk: int = 120) -> tuple[np.ndarray, float]:
    """Smoothed IDF of each word over the transcript's own chunks of ``chunk`` words.

    Consecutive units are grouped into documents of about ``chunk`` content words; a word
    said in few of them is particular to one stretch of the programme. Returns the IDF per
    vocabulary column and the IDF of a word the transcript never says.
    """
    n = counts.shape[0]
    lengths = np.asarray(counts.sum(axis=1)).ravel()
    doc = (np.cumsum(lengths) - lengths) // chunk if n else np.zeros(0, dtype=np.int64)
    n_docs = int(doc.max()) + 1 if n else 1
    assign = sparse.csr_matrix((np.ones(n), (doc.astype(np.int64), np.arange(n))), (n_docs, n))
    present = assign @ counts
    df = np.asarray((present > 0).sum(axis=0)).ravel()
    idf = np.log((n_docs + 1) / (df + 1)) + 1.0
    return idf, math.log(n_docs + 1) + 1.0


def _band(lo: np.ndarray, hi: np.ndarray, n: int) -> sparse.csr_matrix:
    """A 0/1 matrix whose row ``j`` has ones in columns ``lo[j]:hi[j]``."""
    lens = np.maximum(hi - lo, 0)
    indptr = np.concatenate([[0], np.cumsum(lens)])
    total = int(indptr[-1])
    indices = np.arange(total) - np.repeat(indptr[:-1], lens) + np.repeat(lo, lens)
    return sparse.csr_matrix((np.ones(total), indices, indptr), shape=(len(lo), n))


def _row_squares(m: sparse.csr_matrix) -> np.ndarray:
    """The sum of squares of each row of ``m`` (its squared norm)."""
    rows = np.repeat(np.arange(m.shape[0]), np.diff(m.indptr))
    return np.bincount(rows, weights=m.data**2, minlength=m.shape[0])


def window_similarity(
    weighted: sparse.csr_matrix, lengths: np.ndarray, width: int, max_units: int = 120
) -> np.ndarray:
    """Cosine between the ``width`` content words before each unit start and those after.

    ``weighted`` is the units x vocabulary tf-idf matrix and ``lengths`` the content words
    per unit. A window holds whole units, at least one and at most ``max_units``, so the
    cost is at most ``max_units`` rows per unit whatever the text (linear in its size).
    """
    n = weighted.shape[0]
    sims = np.zeros(n)
    if n < 2:
        return sims
    c = np.concatenate([[0], np.cumsum(lengths)])
    j = np.arange(n)
    lo = np.searchsorted(c, c[:-1] - width, side="left")
    lo = np.clip(np.maximum(lo, j - max_units), 0, np.maximum(j - 1, 0))
    hi = np.searchsorted(c, c[:-1] + width, side="right") - 1
    hi = np.clip(np.minimum(hi, j + max_units), j + 1, n)
    before = _band(lo, j, n) @ weighted
    after = _band(j, hi, n) @ weighted
    dot = np.asarray(before.multiply(after).sum(axis=1)).ravel()
    nb, na = np.sqrt(_row_squares(before)), np.sqrt(_row_squares(after))
    ok = (nb > 0) & (na > 0)
    sims[ok] = dot[ok] / (nb[ok] * na[ok])
    sims[0] = 0.0
    return sims


def idf_table(
    vocab: Sequence[str], idf: np.ndarray, unseen: float
) -> tuple[dict[str, float], float]:
    """The IDF as a dict (for headline matching and key words)."""
    return dict(zip(vocab, idf.tolist(), strict=True)), unseen


def contrast(sims: np.ndarray) -> np.ndarray:
    """Dissimilarity as a rank in [-1, 1]: 1 at the transcript's least similar unit start.

    A rank, not a raw cosine, so transcripts with long and short stories compare alike;
    negative values say the words carry on across the point (the same story continues).
    """
    n = len(sims)
    if n < 3:
        return np.zeros(n)
    order = np.argsort(np.argsort(-sims[1:], kind="stable"), kind="stable")
    ranks = np.zeros(n)
    ranks[1:] = order / max(n - 2, 1)
    out = 2 * ranks - 1
    out[0] = 0.0
    return out


def depth_scores(sims: np.ndarray) -> np.ndarray:
    """TextTiling depth: climb to the highest similarity on each side, sum the two drops.

    Linear time: the peak reached climbing left from ``j`` is the one reached from ``j - 1``
    whenever ``sims[j - 1] >= sims[j]`` (likewise to the right), so plateaus of repeated
    text are walked once, not once per position.

    >>> depth_scores(np.array([0.0, 0.9, 0.2, 0.8])).round(2).tolist()
    [0.0, 0.0, 1.3, 0.0]
    """
    n = len(sims)
    depth = np.zeros(n)
    if n < 2:
        return depth
    left = np.empty(n)
    left[1] = sims[1]
    for j in range(2, n):
        left[j] = left[j - 1] if sims[j - 1] >= sims[j] else sims[j]
    right = np.empty(n)
    right[n - 1] = sims[n - 1]
    for j in range(n - 2, 0, -1):
        right[j] = right[j + 1] if sims[j + 1] >= sims[j] else sims[j]
    depth[1:] = (left[1:] - sims[1:]) + (right[1:] - sims[1:])
    return depth


def novelty(
    unit_tokens: Sequence[Sequence[str]], idf: np.ndarray, vocab: Sequence[str], width: int
) -> np.ndarray:
    """For each unit, the IDF-weighted share of the next ``width`` content words never said
    before it in the transcript.

    A new story brings new words; a story picked up again after a break (or told since the
    start of the hour) reuses them, however far back they were said. Linear: one pass
    over at most ``width`` words per unit.
    """
    return novelties(unit_tokens, idf, vocab, (width,))[0]


def novelties(
    unit_tokens: Sequence[Sequence[str]],
    idf: np.ndarray,
    vocab: Sequence[str],
    widths: Sequence[int],
) -> list[np.ndarray]:
    """:func:`novelty` at each of ``widths``, the words' first uses found once."""
    n = len(unit_tokens)
    lengths = [len(t) for t in unit_tokens]
    if n < 2 or not sum(lengths):
        return [np.zeros(n) for _ in widths]
    col = {w: i for i, w in enumerate(vocab)}
    occ_unit = np.repeat(np.arange(n), lengths)
    occ_word = np.fromiter((col[w] for t in unit_tokens for w in t), dtype=np.int64)
    first = np.full(len(vocab), n, dtype=np.int64)
    np.minimum.at(first, occ_word, occ_unit)
    first_seen = first[occ_word]
    weight = idf[occ_word]
    start = np.searchsorted(occ_unit, np.arange(n), side="left")
    return [_novelty(first_seen, weight, start, width) for width in widths]


def _novelty(
    first_seen: np.ndarray, weight: np.ndarray, start: np.ndarray, width: int, chunk: int = 2048
) -> np.ndarray:
    """The share of new words in the ``width`` words from each unit's first (``start``),
    ``chunk`` units at a time (memory in proportion to ``chunk * width``)."""
    n = len(start)
    out = np.zeros(n)
    for lo in range(1, n, chunk):
        j = np.arange(lo, min(lo + chunk, n))
        a = start[j]
        lens = np.maximum(np.minimum(a + width, len(first_seen)) - a, 0)
        rows = np.repeat(j - lo, lens)
        at = np.arange(int(lens.sum())) - np.repeat(np.cumsum(lens) - lens, lens)
        at += np.repeat(a, lens)
        w = weight[at]
        total = np.bincount(rows, weights=w, minlength=len(j))
        new = np.bincount(rows, weights=w * (first_seen[at] >= rows + lo), minlength=len(j))
        ok = total > 0
        out[j[ok]] = new[ok] / total[ok]
    return out
