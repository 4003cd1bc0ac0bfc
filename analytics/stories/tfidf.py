"""TF-IDF of many texts read in chunks: the same matrix as scikit-learn's, never all at once.

``TfidfVectorizer.fit_transform(texts)`` holds every text and every (text, word) count of
the corpus at once (a Python list of column indices, then several copies of the count
matrix): at a year's scale, gigabytes. :class:`ChunkedTfidf` reads the texts twice, chunk
by chunk, from a callable that yields lists of texts: first the vocabulary and each word's
document frequency (a dictionary of the words, one count each), then each chunk's counts
(:meth:`ChunkedTfidf.counts`) and TF-IDF rows (:meth:`ChunkedTfidf.tfidf`), which the caller
reduces (e.g. to each row's strongest words) before the next chunk is read.

The rows are byte-identical to ``TfidfVectorizer(...).fit_transform(texts)`` with the same
settings (``tests/test_stories_tfidf.py``): the vocabulary cut by ``min_df``/``max_df``
and numbered alphabetically, the IDF computed with the same operations, and each row's
entries kept in the order scikit-learn leaves them (the order in which the words were
first seen in the corpus, not sorted by column), so the L2 norm sums the same values in
the same order.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from numbers import Integral

import numpy as np
from scipy import sparse

__all__ = ["ChunkedTfidf", "text_chunks"]

#: Texts per chunk (a chunk's Python strings and counts are what is held at once).
TEXT_CHUNK = 500

Chunks = Callable[[], Iterable[Sequence[str]]]
#: Chunks of documents, each given as its parts (the texts that, joined by a space, make it).
PartChunks = Callable[[], Iterable[Sequence[Sequence[str]]]]


def text_chunks(texts: object, size: int = TEXT_CHUNK) -> Chunks:
    """Chunks of ``size`` texts of a pandas Series (None and NaN as empty text), as a
    callable that starts again at each call: only one chunk's Python strings at a time."""

    def chunks() -> Iterable[list[str]]:
        for start in range(0, len(texts), size):  # type: ignore[arg-type]
            part = texts.iloc[start : start + size]  # type: ignore[attr-defined]
            yield part.fillna("").astype(str).tolist()

    return chunks


class ChunkedTfidf:
    """TF-IDF over texts read in chunks, as ``TfidfVectorizer`` (``norm="l2"``,
    ``smooth_idf=True``, ``use_idf=True``) with ``stop_words``, ``token_pattern``,
    ``min_df``, ``max_df`` and ``sublinear_tf``.

    :meth:`fit` reads every chunk once and sets ``vocabulary_`` (word -> column,
    alphabetical), ``idf_``, ``df_`` (each word's document frequency, by column) and
    ``n_docs_``; it raises ``ValueError`` when no word is left
    (as scikit-learn does). Then :meth:`counts` and :meth:`tfidf` give a chunk's rows.
    """

    def __init__(
        self,
        *,
        stop_words: Sequence[str] = (),
        token_pattern: str,
        min_df: int | float = 1,
        max_df: int | float = 1.0,
        sublinear_tf: bool = False,
    ) -> None:
        self.stop_words = stop_words
        self.token_pattern = token_pattern
        self.min_df = min_df
        self.max_df = max_df
        self.sublinear_tf = sublinear_tf

    def _vectorizer(self, vocabulary: dict[str, int] | None = None) -> object:
        from sklearn.feature_extraction.text import CountVectorizer

        return CountVectorizer(
            stop_words=list(self.stop_words),
            token_pattern=self.token_pattern,
            vocabulary=vocabulary,
            dtype=np.float64,
        )

    def fit(self, chunks: Chunks) -> ChunkedTfidf:
        """Vocabulary and document frequencies from every text of ``chunks()``."""
        analyze = self._vectorizer().build_analyzer()  # type: ignore[attr-defined]
        return self._fit_words(dict.fromkeys(analyze(text)) for chunk in chunks() for text in chunk)

    def fit_parts(self, chunks: PartChunks) -> ChunkedTfidf:
        """:meth:`fit` on documents given as their parts (a document is its parts joined
        by a space): the same vocabulary and frequencies, each part tokenised alone, so a
        long document is never one string nor one list of tokens."""
        analyze = self._vectorizer().build_analyzer()  # type: ignore[attr-defined]

        def words() -> Iterator[dict[str, None]]:
            for chunk in chunks():
                for parts in chunk:
                    seen: dict[str, None] = {}
                    for part in parts:  # the words of the joined text, in their order
                        seen.update(dict.fromkeys(analyze(part)))
                    yield seen

        return self._fit_words(words())

    def _fit_words(self, documents: Iterable[dict[str, None]]) -> ChunkedTfidf:
        """Fit from each document's words (each once, in the order first seen)."""
        # document frequencies in a Counter: a dict, so its words stay in the order they
        # were first seen (scikit-learn's first numbering)
        df: Counter[str] = Counter()
        n = 0
        for words in documents:
            n += 1
            df.update(words.keys())
        if not df:
            raise ValueError("empty vocabulary; perhaps the documents only contain stop words")
        high = self.max_df if isinstance(self.max_df, Integral) else self.max_df * n
        low = self.min_df if isinstance(self.min_df, Integral) else self.min_df * n
        if high < low:
            raise ValueError("max_df corresponds to < documents than min_df")
        counts = np.fromiter(df.values(), dtype=np.int64, count=len(df))
        keep = (counts <= high) & (counts >= low)
        if not keep.any():
            raise ValueError("After pruning, no terms remain.")
        words = [w for w, k in zip(df, keep.tolist(), strict=True) if k]
        # scikit-learn numbers the kept words by first sight, counts, then renumbers them
        # alphabetically without reordering each row's entries: the same here
        rank = {w: r for r, w in enumerate(words)}
        alphabetical = np.argsort(np.array(words, dtype=object), kind="stable")
        column = np.empty(len(words), dtype=np.int32)
        column[alphabetical] = np.arange(len(words), dtype=np.int32)
        df_alpha = np.empty(len(words), dtype=np.int64)
        df_alpha[column] = counts[keep]
        idf = df_alpha.astype(np.float64)
        idf += 1.0
        n_samples = n + 1
        out = np.full_like(idf, fill_value=n_samples, dtype=np.float64)
        out /= idf
        np.log(out, out=out)
        out += 1.0
        self.vocabulary_ = {w: int(column[r]) for w, r in rank.items()}
        self.idf_ = out
        self.df_ = df_alpha
        self.n_docs_ = n
        self._rank = rank
        self._column = column
        self._counter = self._vectorizer(rank)
        return self

    def counts(self, texts: Sequence[str]) -> sparse.csr_matrix:
        """Raw counts (float64) of ``texts`` over ``vocabulary_``, each row's entries in
        scikit-learn's order."""
        return self._alphabetical(self._counter.transform(list(texts)))  # type: ignore[attr-defined]

    def _alphabetical(self, x: sparse.csr_matrix) -> sparse.csr_matrix:
        """Counts numbered by first sight, each row sorted by that number (as scikit-learn
        leaves them), renumbered alphabetically without reordering the rows' entries."""
        # a new matrix, not x with its indices replaced: x says its indices are sorted
        return sparse.csr_matrix(
            (x.data, self._column.take(x.indices, mode="clip"), x.indptr), shape=x.shape
        )

    def counts_parts(self, documents: Sequence[Sequence[str]]) -> sparse.csr_matrix:
        """:meth:`counts` of documents given as their parts (each joined by a space): the
        same rows, the parts counted ``TEXT_CHUNK`` at a time and summed per document."""
        owner = np.repeat(np.arange(len(documents)), [len(parts) for parts in documents])
        flat = [part for parts in documents for part in parts]
        total = sparse.csr_matrix((len(documents), len(self._rank)), dtype=np.float64)
        for start in range(0, len(flat), TEXT_CHUNK):
            x = self._counter.transform(flat[start : start + TEXT_CHUNK])  # type: ignore[attr-defined]
            rows = owner[start : start + TEXT_CHUNK]
            group = sparse.csr_matrix(
                (np.ones(len(rows)), (rows, np.arange(len(rows)))),
                shape=(len(documents), len(rows)),
            )
            total = total + group @ x  # integer counts: exact sums in any order
        total = sparse.csr_matrix(total)
        total.sort_indices()  # scikit-learn's order: by first numbering
        return self._alphabetical(total)

    def tfidf(self, counts: sparse.spmatrix) -> sparse.csr_matrix:
        """TF-IDF rows of ``counts`` (from :meth:`counts`, or sums of them), L2-normalised
        as ``TfidfTransformer.transform`` makes them (a copy; ``counts`` is not changed)."""
        from sklearn.preprocessing import normalize

        x = sparse.csr_matrix(counts, dtype=np.float64, copy=True)
        if self.sublinear_tf:
            np.log(x.data, x.data)
            x.data += 1.0
        x.data *= self.idf_[x.indices]
        return sparse.csr_matrix(normalize(x, norm="l2", copy=False))
