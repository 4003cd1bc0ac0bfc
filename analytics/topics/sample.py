"""Bounded topic fits: a seeded, stratified sample of blocks, and lexical placement of the rest.

Embedding is what a topic fit costs (MiniLM reads about eight 150-word windows a second on
two cores), so a large corpus is fitted on a sample of at most ``TopicConfig.max_fit_docs``
distinct blocks, and every other block is placed in one of the sample's topics by its words
(:class:`LexicalPlacer`), which costs microseconds per block and no embedding.

**Sample.** Blocks are grouped by programme (network and show) and each group gets a share
of the sample proportional to its number of distinct blocks (largest remainders, ties to
the larger group, then by name). Inside a group, the blocks with the smallest
``sha256(seed, text)`` are taken. The choice depends on the seed and the texts only, never
on their order, and a block in the sample stays in it when transcripts are added unless its
group's share shrinks, so embeddings cached by an earlier run are reused.

**Placement.** Each topic's centroid is the normalised sum of the sublinear TF-IDF vectors
of its sampled blocks (a Rocchio classifier); a block goes to the topic whose centroid is
most similar (cosine). On the news corpus this agreed with placing the same blocks by their
MiniLM embeddings about as often as any other lexical model tried (logistic regression,
nearest neighbours, ridge regression to the embedding, BERTopic's own c-TF-IDF), and its
topics agreed with hand-labelled stories as well as the embedding placement did
(``benchmarks/pipeline.py``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np

__all__ = ["LexicalPlacer", "choose_sample", "sample_priority", "stratified_sample"]

TOKEN_PATTERN = r"(?u)\b[^\W\d_]{3,}\b"


def sample_priority(seed: int, text: str) -> bytes:
    """The order in which a block is drawn into the sample (smaller first)."""
    return hashlib.sha256(f"{seed}\0{text}".encode()).digest()


def stratified_sample(
    texts: Sequence[str], groups: Sequence[str], size: int, *, seed: int = 0
) -> np.ndarray:
    """Sorted indices of at most ``size`` distinct texts, spread over ``groups`` in
    proportion to each group's number of distinct texts (see the module documentation).

    A text that occurs more than once counts, and is drawn, once (its first occurrence).

    >>> stratified_sample(["a", "b", "c", "d"], ["x", "x", "x", "y"], 2, seed=0).tolist()
    [0, 2]
    """
    if len(texts) != len(groups):
        raise ValueError("texts and groups must have the same length")
    identities = [hashlib.sha256(t.encode("utf-8")).digest() for t in texts]
    priorities = [sample_priority(seed, t) for t in texts]
    return choose_sample(identities, priorities, groups, size)


def choose_sample(
    identities: Sequence[bytes], priorities: Sequence[bytes], groups: Sequence[str], size: int
) -> np.ndarray:
    """:func:`stratified_sample` from each text's identity (equal texts, equal identities),
    its :func:`sample_priority` and its group, for callers that do not keep the texts."""
    first: dict[bytes, int] = {}
    for i, identity in enumerate(identities):
        first.setdefault(identity, i)
    total = len(first)
    if size >= total:
        return np.array(sorted(first.values()), dtype=int)
    if size <= 0:
        return np.zeros(0, dtype=int)
    by_group: dict[str, list[int]] = {}
    for i in first.values():
        by_group.setdefault(str(groups[i]), []).append(i)
    names = sorted(by_group)
    exact = {g: size * len(by_group[g]) / total for g in names}
    quota = {g: int(exact[g]) for g in names}
    left = size - sum(quota.values())
    order = sorted(names, key=lambda g: (-(exact[g] - quota[g]), -len(by_group[g]), g))
    for g in order[:left]:
        quota[g] += 1
    picked: list[int] = []
    for g in names:
        members = sorted(by_group[g], key=lambda i: priorities[i])
        picked.extend(members[: quota[g]])
    return np.array(sorted(picked), dtype=int)


class LexicalPlacer:
    """Place texts in topics by their words: nearest TF-IDF centroid (cosine).

    scikit-learn's contract: ``__init__`` stores the settings, :meth:`fit` learns the
    vocabulary, idf weights and one centroid per topic (``vocabulary_``, ``idf_``,
    ``topics_``, ``centroids_``) and returns ``self``; :meth:`predict` places new texts.
    Topic ``-1`` (outliers) gets no centroid; a text with no word of the vocabulary is -1.

    >>> placer = LexicalPlacer(min_df=1).fit(
    ...     ["rain storm flood", "storm rain wind", "vote senate bill", "senate vote law"],
    ...     [0, 0, 1, 1],
    ... )
    >>> placer.predict(["a flood after the storm", "the senate passed the bill", "hello"])[0]
    array([ 0,  1, -1])
    """

    def __init__(self, *, stop_words: Iterable[str] = (), min_df: int = 2) -> None:
        self.stop_words = stop_words
        self.min_df = min_df

    def _vectorizer(self, vocabulary: dict[str, int] | None = None) -> Any:
        from sklearn.feature_extraction.text import CountVectorizer

        return CountVectorizer(
            stop_words=sorted(set(self.stop_words)) or None,
            token_pattern=TOKEN_PATTERN,
            lowercase=True,
            min_df=1 if vocabulary is not None else self.min_df,
            vocabulary=vocabulary,
        )

    def _weights(self, counts: Any) -> Any:
        from sklearn.preprocessing import normalize

        counts = counts.astype(np.float64)
        counts.data = 1.0 + np.log(counts.data)
        return normalize(counts.multiply(self.idf_[np.newaxis, :]).tocsr())

    def fit(self, texts: Sequence[str], topics: Sequence[int]) -> LexicalPlacer:
        """Learn the vocabulary and idf from ``texts`` and a centroid per topic (not -1)."""
        from sklearn.preprocessing import normalize

        texts = list(texts)
        labels = np.asarray(topics, dtype=int)
        if len(texts) != len(labels):
            raise ValueError("texts and topics must have the same length")
        ids = sorted({int(t) for t in labels if t != -1})
        if not ids:
            raise ValueError("no topic to place texts in (every text is an outlier)")
        vectorizer = self._vectorizer()
        min_df = self.min_df if len(texts) >= 4 * self.min_df else 1
        vectorizer.set_params(min_df=min_df)
        try:
            counts = vectorizer.fit_transform(texts)
        except ValueError:  # no word survives the stop list and min_df
            vectorizer.set_params(min_df=1, stop_words=None)
            counts = vectorizer.fit_transform(texts)
        n = len(texts)
        df = np.bincount(counts.indices, minlength=counts.shape[1])
        self.vocabulary_ = {str(w): int(i) for w, i in vectorizer.vocabulary_.items()}
        self.idf_ = np.log((1 + n) / (1 + df)) + 1.0
        weighted = self._weights(counts)
        rows = [np.asarray(weighted[labels == t].sum(axis=0)).ravel() for t in ids]
        self.topics_ = np.array(ids, dtype=int)
        self.centroids_ = normalize(np.vstack(rows))
        return self

    def predict(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """Topic and cosine similarity to its centroid for each text (-1 and 0 for a text
        with no word of the vocabulary)."""
        if not hasattr(self, "centroids_"):
            raise RuntimeError("LexicalPlacer is not fitted; call fit(texts, topics) first")
        if not len(texts):
            return np.zeros(0, dtype=int), np.zeros(0)
        counts = self._vectorizer(self.vocabulary_).transform(list(texts))
        similarity = np.asarray(self._weights(counts) @ self.centroids_.T)
        best = similarity.argmax(axis=1)
        score = similarity[np.arange(len(best)), best]
        topics = np.where(score > 0, self.topics_[best], -1)
        return topics.astype(int), np.where(score > 0, score, 0.0)
