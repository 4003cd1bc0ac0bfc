"""What a story block says, as vectors, and how alike two blocks are, as pair features.

:func:`block_views` turns a documents frame (:mod:`analytics.topics.documents`) into
:class:`BlockViews`:

- ``words``: TF-IDF of the block's words (the topic model's tokenizer and stop words; raw
  term counts, words in more than half the blocks dropped), cut to its ``top_words``
  strongest words and L2-normalised. Cutting to the strongest words measured better on the
  story labels than the whole vector: a long block's tail of once-said words is noise;
- ``names``: TF-IDF of the names the block says (:mod:`analytics.stories.names`), each full
  name also counted under its last word, so "Devin Nunes" meets "Nunes";
- ``embeddings`` (optional): the block vectors the topic stage computed;
- the air day, the broadcast, and whether the block is an opening rundown.

:func:`pair_features` gives, for candidate pairs of blocks aired at most ``window_days``
apart, the columns of :data:`FEATURES`:

``words``, ``names``, ``embedding``
    cosine similarities of the views (``embedding`` is NaN without embeddings);
``shared_names``
    log(1 + summed IDF of the names both blocks say);
``words_context``, ``names_context``, ``embedding_context``
    second-order similarity: the cosine of the two blocks' similarity profiles over their
    nearest neighbours in the whole corpus (shared nearest neighbours; one neighbour per 16,
    at most ``neighbours``; NaN below :data:`MIN_CONTEXT`, in small inputs). Two blocks
    about one story have the same neighbours even when they share few words directly;
    this separated related stories (the Nunes memo and the Mueller inquiry) far better than
    the direct cosines. The names' neighbours are blocks (each block its own first
    neighbour); the words' are windows of about :data:`WINDOW_WORDS` words cut from the
    blocks (:func:`block_windows`), so that a long block the segmenter left holding two
    stories is several neighbours, not one that pulls both stories' blocks together: with
    the blocks as neighbours, the segmenter's second pass (fewer, longer blocks) split the
    Mueller inquiry in the benchmark;
``words_burst``
    cosine of the words weighted by how much each bursts around the block's air day (topic
    detection and tracking: a word said in many blocks of the days around a block, rare
    across the input, is stronger evidence than one said all year): each word's count
    times its IDF times ``1 + burst``, ``burst`` the log ratio (floored at 0) of the share
    of blocks saying it within :data:`BURST_DAYS` days of the block's day to its share in
    all blocks; each block cut to its ``top_words`` strongest;
``lede``
    how well each block's lede (its first :data:`LEDE_WORDS` spoken words, where the anchor
    says what the story is) matches the other block's whole text: the mean of the two TF-IDF
    cosines, lede of one against the whole of the other; a block of at most twice
    :data:`LEDE_WORDS` words has no lede apart from its whole text (0: its match is the
    words cosine's);
``time``, ``time_wide``
    Gaussian decay of the gap in days, with sigma 3 and 10 days;
``same_broadcast``
    1 when both blocks are from one transcript (a broadcast rarely runs one story twice).

Open blocks (the opening rundown) take no part: they have no features and no pairs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import sparse

from analytics.stories.candidates import pool_neighbours, window_neighbours
from analytics.stories.tfidf import TEXT_CHUNK, ChunkedTfidf, Chunks, text_chunks

__all__ = [
    "BURST_DAYS",
    "EARLIER_FEATURES",
    "FEATURES",
    "LEDE_WORDS",
    "LEXICAL_FEATURES",
    "BlockViews",
    "block_views",
    "candidate_pairs",
    "pair_features",
]

#: Pair feature columns, in order.
FEATURES = (
    "words",
    "names",
    "shared_names",
    "words_context",
    "names_context",
    "embedding",
    "embedding_context",
    "time",
    "time_wide",
    "same_broadcast",
    "words_burst",
    "lede",
)
#: The features that need no embeddings.
LEXICAL_FEATURES = tuple(f for f in FEATURES if not f.startswith("embedding"))
#: The features before ``words_burst`` and ``lede`` (the models fitted before them).
EARLIER_FEATURES = FEATURES[:10]

#: Days either side of a block's air day over which a word's burst is counted.
BURST_DAYS = 3.0
#: Spoken words of a block's lede (the ``lede`` feature).
LEDE_WORDS = 100

_SUFFIXES = frozenset({"jr", "sr", "ii", "iii"})
#: Fewer neighbours than this and the context features are not computed (NaN): in a
#: handful of blocks every block is every other's neighbour.
MIN_CONTEXT = 5
CONTEXT_SHARE = 16
#: Words per window of the words context's neighbours (:func:`block_windows`).
WINDOW_WORDS = 1200


def context_size(n: int, neighbours: int) -> int:
    """Neighbours compared by the context features: one per ``CONTEXT_SHARE`` blocks, at
    most ``neighbours``."""
    return int(min(neighbours, n // CONTEXT_SHARE))


_CHUNK = 512
#: Pairs whose rows are gathered at once in :func:`_row_dots` and :func:`_row_dots_mixed`:
#: the gathered rows of the sparse views take about 12 MB per 5,000 pairs for the views cut
#: to ``top_words`` words, about 25 MB for the whole texts' (``lede``), the same whatever
#: the corpus's size; each pair's dot product does not depend on the chunk.
_PAIR_CHUNK = 5_000


@dataclass(frozen=True)
class BlockViews:
    """Per-block vectors and metadata, rows in the documents' order."""

    doc_ids: tuple[str, ...]
    words: sparse.csr_matrix
    names: sparse.csr_matrix
    name_idf: sparse.csr_matrix  # binary presence x IDF (rows: blocks)
    name_presence: sparse.csr_matrix  # binary presence
    embeddings: np.ndarray | None
    day: np.ndarray  # days since 1970-01-01, float; NaN when undated
    broadcast: np.ndarray  # integer code of the transcript
    linkable: np.ndarray  # False for open blocks and blocks without text
    #: word windows of the transcripts (the words context's neighbours) and the blocks, both
    #: as TF-IDF over the windows' vocabulary (no rows: too few words for windows);
    #: ``None``: the blocks are the words context's neighbours, as for the names
    window_words: sparse.csr_matrix | None = None
    block_window_words: sparse.csr_matrix | None = None
    window_owner: np.ndarray | None = None  # the block (row) each window was cut from
    #: words weighted by their burst around the block's day (``words_burst``), and each
    #: block's lede and whole text as TF-IDF over one vocabulary (``lede``), the whole text
    #: keeping only its entries in the words of some lede (all a lede cosine reads; each
    #: row scaled to unit length over all its words first); ``None`` in views made without
    #: them
    burst_words: sparse.csr_matrix | None = None
    lede: sparse.csr_matrix | None = None
    whole: sparse.csr_matrix | None = None

    @property
    def n(self) -> int:
        return len(self.doc_ids)


def _l2(matrix: sparse.spmatrix) -> sparse.csr_matrix:
    """Rows scaled to unit length (empty rows stay empty)."""
    m = sparse.csr_matrix(matrix, dtype=np.float64)
    norms = np.sqrt(np.asarray(m.multiply(m).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sparse.csr_matrix(sparse.diags(1.0 / norms) @ m)


def _top_k(matrix: sparse.csr_matrix, k: int) -> sparse.csr_matrix:
    """Keep each row's ``k`` largest entries (ties broken by column), then L2-normalise."""
    m = matrix.tocsr().astype(np.float64, copy=True)
    m.sort_indices()
    for row in range(m.shape[0]):
        a, b = m.indptr[row], m.indptr[row + 1]
        if b - a > k:
            values = m.data[a:b]
            keep = np.argsort(-values, kind="stable")[:k]
            mask = np.zeros(b - a, dtype=bool)
            mask[keep] = True
            values[~mask] = 0.0
    m.eliminate_zeros()
    return _l2(m)


def _word_matrix(chunks: Chunks, n: int, stop: Sequence[str], top_words: int) -> sparse.csr_matrix:
    """TF-IDF of the texts of ``chunks()`` (``n`` of them), each row cut to its
    ``top_words`` strongest words: ``TfidfVectorizer.fit_transform`` then :func:`_top_k`,
    read chunk by chunk (:class:`~analytics.stories.tfidf.ChunkedTfidf`, the same bytes)."""
    from analytics.topics.model import TOKEN_PATTERN

    if n == 0:
        return sparse.csr_matrix((0, 0))
    vectorizer = ChunkedTfidf(
        stop_words=stop,
        token_pattern=TOKEN_PATTERN,
        sublinear_tf=False,
        min_df=2 if n >= 8 else 1,
        max_df=0.5 if n >= 8 else 1.0,
    )
    try:
        vectorizer.fit(chunks)
    except ValueError:  # nothing survives the stop list and frequency cuts
        return sparse.csr_matrix((n, 0))
    rows = [_top_k(vectorizer.tfidf(vectorizer.counts(c)), top_words) for c in chunks()]
    return sparse.csr_matrix(sparse.vstack(rows, format="csr"))


def block_windows(texts: Sequence[str], linkable: np.ndarray, size: int) -> list[str]:
    """Each linkable block's words cut into windows of about ``size`` words: a block of
    ``w`` words into ``round(w / size)`` (at least one) windows of equal length. A long
    block (several stories the segmenter left together) gives several neighbours, a
    short one one; a window never runs across two blocks."""
    return _windows_of_blocks(texts, linkable, size)[0]


def _window_count(words: int, size: int) -> int:
    """Windows a linkable block of ``words`` words is cut into: ``round(words / size)``,
    at least one."""
    return max(1, round(words / size))


def _windows_of_blocks(
    texts: Sequence[str], linkable: np.ndarray, size: int
) -> tuple[list[str], np.ndarray]:
    """:func:`block_windows` and the row of the block each window was cut from."""
    windows: list[str] = []
    owners: list[int] = []
    for row, (text, ok) in enumerate(zip(texts, linkable, strict=True)):
        if not ok:
            continue
        words = text.split()
        parts = _window_count(len(words), size)
        bounds = np.linspace(0, len(words), parts + 1).round().astype(int)
        windows.extend(" ".join(words[a:b]) for a, b in zip(bounds[:-1], bounds[1:], strict=True))
        owners.extend([row] * parts)
    return windows, np.asarray(owners, dtype=np.int64)


def _window_chunks(
    chunks: Chunks, linkable: np.ndarray, size: int
) -> Callable[[], Iterator[tuple[list[str], np.ndarray]]]:
    """The windows of :func:`block_windows` and their blocks' rows, chunk by chunk of the
    blocks (a callable that starts again at each call)."""

    def windows() -> Iterator[tuple[list[str], np.ndarray]]:
        start = 0
        for chunk in chunks():
            stop = start + len(chunk)
            cut, owners = _windows_of_blocks(chunk, linkable[start:stop], size)
            yield cut, owners + start
            start = stop

    return windows


def _window_matrices(
    windows: Callable[[], Iterator[tuple[list[str], np.ndarray]]],
    n: int,
    stop: Sequence[str],
    top_words: int,
) -> tuple[sparse.csr_matrix, sparse.csr_matrix] | None:
    """TF-IDF (IDF over the windows) of the windows and of the ``n`` blocks, each row cut
    to its ``top_words`` strongest words and L2-normalised (``None`` when no word is kept).
    A block's counts are the sum of its windows' (its words are theirs), so the text is
    read once per pass; read chunk by chunk of blocks
    (:class:`~analytics.stories.tfidf.ChunkedTfidf`: the bytes of ``CountVectorizer`` and
    ``TfidfTransformer`` on all windows at once)."""
    from analytics.topics.model import TOKEN_PATTERN

    counter = ChunkedTfidf(stop_words=stop, token_pattern=TOKEN_PATTERN, min_df=2, max_df=0.5)
    try:
        counter.fit(lambda: (cut for cut, _ in windows()))
    except ValueError:  # nothing survives the stop list and frequency cuts
        return None
    pools: list[sparse.csr_matrix] = []
    blocks: list[sparse.csr_matrix] = []
    start = 0
    for cut, owners in windows():
        if not cut:
            continue
        counts = counter.counts(cut)
        counts.sort_indices()  # as scipy's astype(float64) of the counts left them
        pools.append(_top_k(counter.tfidf(counts), top_words))
        # the chunk's blocks: from the first block after the previous chunk's windows to
        # the last block with a window here (blocks without windows: empty rows)
        stop_row = int(owners[-1]) + 1
        owner = sparse.csr_matrix(
            (np.ones(len(owners)), (owners - start, np.arange(len(owners)))),
            shape=(stop_row - start, len(owners)),
        )
        blocks.append(_top_k(counter.tfidf(sparse.csr_matrix(owner @ counts)), top_words))
        start = stop_row
    width = len(counter.vocabulary_)
    if start < n:
        blocks.append(sparse.csr_matrix((n - start, width)))
    pool = sparse.vstack(pools, format="csr") if pools else sparse.csr_matrix((0, width))
    return sparse.csr_matrix(pool), sparse.csr_matrix(sparse.vstack(blocks, format="csr"))


def _air_days(
    day: np.ndarray, linkable: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The linkable rows, their distinct air days (undated: ``inf``, last), each row's
    day among them and the rows per day (float), as :func:`burst` groups them."""
    key = np.where(np.isnan(day), np.inf, day)
    rows = np.flatnonzero(linkable)
    unique, which = np.unique(key[rows], return_inverse=True)
    day_n = np.bincount(which, minlength=len(unique)).astype(np.float64)
    return rows, unique, which, day_n


def _burst_weight(
    day_df: sparse.csr_matrix,
    day_n: np.ndarray,
    unique: np.ndarray,
    overall: np.ndarray,
    u: int,
    days: float,
) -> np.ndarray:
    """The burst of every word on unique day ``u`` (see :func:`burst`): ``day_df``, the
    blocks saying each word per unique day, ``day_n`` the blocks per unique day."""
    d = unique[u]
    near = np.abs(unique - d) <= days if np.isfinite(d) else ~np.isfinite(unique)
    local_df = np.asarray(day_df[near].sum(axis=0)).ravel()
    local = np.log((local_df + 0.5) / (day_n[near].sum() + 1))
    return np.maximum(0.0, local - overall)


def burst(
    presence: sparse.csr_matrix, day: np.ndarray, linkable: np.ndarray, days: float
) -> sparse.csr_matrix:
    """Per block, per word it says: how much the word bursts around the block's air day,
    ``max(0, log(local share / overall share))``; the local share is the share of the
    linkable blocks aired within ``days`` days of the block's day that say the word
    (undated blocks: among the undated), the overall share among all linkable blocks (both
    smoothed: ``(blocks + 0.5) / (all + 1)``). Rows of blocks that are not linkable are
    empty.

    >>> p = sparse.csr_matrix(np.array([[1, 1], [1, 0], [0, 1], [0, 1]], dtype=float))
    >>> burst(p, np.array([0.0, 1.0, 30.0, 31.0]), np.ones(4, bool), 3.0).toarray().round(2)
    array([[0.51, 0.  ],
           [0.51, 0.  ],
           [0.  , 0.17],
           [0.  , 0.17]])
    """
    n = presence.shape[0]
    rows, unique, which, day_n = _air_days(day, linkable)
    out = sparse.csr_matrix(presence.shape, dtype=np.float64)
    if len(rows) == 0:
        return out
    df = np.asarray(presence[rows].sum(axis=0)).ravel()
    overall = np.log((df + 0.5) / (len(rows) + 1))
    # word counts per day, then summed over each day's window
    per_day = sparse.csr_matrix(
        (np.ones(len(rows)), (which, np.arange(len(rows)))), shape=(len(unique), len(rows))
    )
    day_df = sparse.csr_matrix(per_day @ presence[rows])
    parts: list[sparse.csr_matrix] = []
    order: list[np.ndarray] = []
    for u in range(len(unique)):
        weight = _burst_weight(day_df, day_n, unique, overall, u, days)
        members = rows[which == u]
        parts.append(sparse.csr_matrix(presence[members].multiply(weight[np.newaxis, :])))
        order.append(members)
    stacked = sparse.vstack(parts).tocsr()
    members = np.concatenate(order)
    place = sparse.csr_matrix(
        (np.ones(len(members)), (members, np.arange(len(members)))), shape=(n, len(members))
    )
    return sparse.csr_matrix(place @ stacked)


def _burst_and_lede(
    chunks: Chunks,
    n: int,
    linkable: np.ndarray,
    day: np.ndarray,
    stop: Sequence[str],
    top_words: int,
    lede_words: int = LEDE_WORDS,
    burst_days: float = BURST_DAYS,
) -> tuple[sparse.csr_matrix, sparse.csr_matrix, sparse.csr_matrix]:
    """(burst-weighted words cut to ``top_words``, ledes, whole texts), rows L2-normalised,
    of the ``n`` texts of ``chunks()``.

    The words (said in at least two linkable blocks) are counted once per block: the burst
    view weighs each count by its IDF (over the linkable blocks) times ``1 + burst``
    (:func:`burst`); the lede and the whole text are TF-IDF (IDF over all rows, words in
    more than half of them dropped) of the first ``lede_words`` words and of all, the
    whole text L2-normalised over all its words, then cut to the words some lede says (the
    only entries the ``lede`` cosines read: the same cosines, about a fifth fewer entries).

    The texts are read three times, chunk by chunk (never all at once): the vocabulary and
    each word's blocks (:class:`~analytics.stories.tfidf.ChunkedTfidf`), each day's blocks
    per word (for the bursts) and the ledes, then each chunk's burst and whole-text rows:
    the bytes of ``CountVectorizer(min_df=2).fit_transform`` on every text and
    :func:`burst` on all rows (``tests/test_stories_tfidf.py``)."""
    from analytics.topics.model import TOKEN_PATTERN

    if n == 0:
        empty = sparse.csr_matrix((0, 0))
        return empty, empty, empty

    def linked() -> Iterator[list[str]]:
        start = 0
        for chunk in chunks():
            ok = linkable[start : start + len(chunk)]
            yield [t if k else "" for t, k in zip(chunk, ok, strict=True)]
            start += len(chunk)

    counter = ChunkedTfidf(stop_words=stop, token_pattern=TOKEN_PATTERN, min_df=2)
    try:
        counter.fit(linked)
    except ValueError:  # nothing survives the stop list and the frequency cut
        empty = sparse.csr_matrix((n, 0))
        return empty, empty, empty
    df = counter.df_.astype(np.float64)  # the blocks saying each word (all linkable)
    rows, unique, which, day_n = _air_days(day, linkable)
    idf = np.log((1.0 + len(rows)) / (1.0 + df)) + 1.0
    # the bursts: the blocks saying each word per air day, one chunk at a time
    day_of = np.full(n, -1, dtype=np.int64)
    day_of[rows] = which
    overall = np.log((df + 0.5) / (len(rows) + 1)) if len(rows) else df
    day_df = sparse.csr_matrix((len(unique), len(df)), dtype=np.float64)
    # the lede and whole-text views: IDF over all n rows, words in more than half dropped
    keep = (df <= 0.5 * n).astype(np.float64)
    text_idf = (np.log((1.0 + n) / (1.0 + df)) + 1.0) * keep
    # the ledes are made in this pass (they are small), so that the words of some lede are
    # known before the whole texts are: a lede cosine reads nothing else of a whole text
    ledes: list[sparse.csr_matrix] = []
    start = 0
    for chunk in linked():
        stop_row = start + len(chunk)
        presence = (counter.counts(chunk) > 0).astype(np.float64).tocsr()
        mine = np.flatnonzero(linkable[start:stop_row])
        per_day = sparse.csr_matrix(
            (np.ones(len(mine)), (day_of[start + mine], mine)), shape=(len(unique), len(chunk))
        )
        day_df = sparse.csr_matrix(day_df + per_day @ presence)
        del presence
        cut = counter.counts([_lede(t, lede_words) if t else "" for t in chunk])
        cut.sort_indices()  # as CountVectorizer.transform leaves them
        ledes.append(_l2(cut.multiply(text_idf[np.newaxis, :])))
        start = stop_row
    in_lede = np.zeros(len(df), dtype=bool)
    for part in ledes:
        in_lede[part.indices] = True
    bursty: list[sparse.csr_matrix] = []
    wholes: list[sparse.csr_matrix] = []
    start = 0
    for chunk in linked():
        stop_row = start + len(chunk)
        counts = counter.counts(chunk)
        counts.sort_indices()  # as the comparison below leaves them (scipy sorts them)
        # each count times (1 + the burst of its word on its block's day) times the IDF
        weight = counts.copy()
        weight.data[:] = 1.0
        days_here = day_of[start:stop_row]
        for u in np.unique(days_here[days_here >= 0]).tolist():
            members = np.flatnonzero(days_here == u)
            burst_u = _burst_weight(day_df, day_n, unique, overall, u, burst_days)
            for row in members.tolist():
                a, b = weight.indptr[row], weight.indptr[row + 1]
                weight.data[a:b] += burst_u[weight.indices[a:b]]
        values = counts.copy()
        values.data = (counts.data * weight.data) * idf[counts.indices]
        bursty.append(_top_k(values, top_words))
        wholes.append(_columns_kept(_l2(counts.multiply(text_idf[np.newaxis, :])), in_lede))
        start = stop_row

    def stack(parts: list[sparse.csr_matrix]) -> sparse.csr_matrix:
        return sparse.csr_matrix(sparse.vstack(parts, format="csr"))

    return stack(bursty), stack(ledes), stack(wholes)


def _columns_kept(matrix: sparse.csr_matrix, keep: np.ndarray) -> sparse.csr_matrix:
    """``matrix`` with only its entries in the columns where ``keep`` is true, each row's
    kept entries in their order (the values and the shape unchanged)."""
    mask = keep[matrix.indices]
    kept = np.zeros(len(mask) + 1, dtype=np.int64)
    np.cumsum(mask, out=kept[1:])
    indptr = kept[matrix.indptr].astype(matrix.indptr.dtype)
    return sparse.csr_matrix(
        (matrix.data[mask], matrix.indices[mask], indptr), shape=matrix.shape, copy=False
    )


def _lede(text: str, words: int) -> str:
    """The first ``words`` words of a block more than twice as long; a shorter block has no
    lede apart from its whole text (its match is the words cosine's), so none."""
    split = text.split()
    return " ".join(split[:words]) if len(split) > 2 * words else ""


def name_keys(name: str) -> list[str]:
    """The features a name counts under: the name itself and, for a full name, its last
    word ("devin nunes" -> ``["devin nunes", "nunes"]``; "donald trump jr" -> "trump")."""
    words = name.split(" ")
    if len(words) < 2:
        return [name]
    last = words[-2] if words[-1] in _SUFFIXES and len(words) > 2 else words[-1]
    return [name, last]


def _name_matrices(
    doc_keys: Sequence[tuple[str, int]], names: pd.DataFrame
) -> tuple[sparse.csr_matrix, sparse.csr_matrix, sparse.csr_matrix]:
    """(TF-IDF L2-normalised, presence x IDF, presence) over name features."""
    n = len(doc_keys)
    row_of = {key: i for i, key in enumerate(doc_keys)}
    columns: dict[str, int] = {}
    rows: list[int] = []
    cols: list[int] = []
    values: list[float] = []
    for transcript, block, name, count in names[
        ["transcript", "block", "name", "count"]
    ].itertuples(index=False):
        row = row_of.get((str(transcript), int(block)))
        if row is None:
            continue
        for key in name_keys(str(name)):
            rows.append(row)
            cols.append(columns.setdefault(key, len(columns)))
            values.append(float(count))
    counts = sparse.csr_matrix((values, (rows, cols)), shape=(n, len(columns)), dtype=np.float64)
    counts.sum_duplicates()
    presence = (counts > 0).astype(np.float64).tocsr()
    df = np.asarray(presence.sum(axis=0)).ravel()
    idf = np.log((1.0 + n) / (1.0 + df)) + 1.0
    weighted = counts.multiply(idf[np.newaxis, :]).tocsr()
    return (
        _l2(weighted),
        presence.multiply(idf[np.newaxis, :]).tocsr(),
        presence,
    )


def block_views(
    documents: pd.DataFrame,
    names: pd.DataFrame,
    *,
    embeddings: np.ndarray | None = None,
    stop_words: Sequence[str] = (),
    top_words: int = 100,
    window_words: int | None = WINDOW_WORDS,
    text_chunk: int = TEXT_CHUNK,
) -> BlockViews:
    """Views of the sorted ``documents`` (see :func:`analytics.topics.sort_documents`).

    ``names``: ``transcript, block, name, count`` (:func:`analytics.stories.names_table`).
    ``embeddings``: one row per document, or ``None``. ``stop_words``: words never counted
    (the topic model's list, :func:`analytics.topics.documents.stop_words`).
    ``text_chunk``: texts read at once (the views do not depend on it).
    """
    n = len(documents)
    if embeddings is not None:
        embeddings = np.asarray(embeddings, dtype=np.float64)
        if embeddings.shape[0] != n:
            raise ValueError(f"{embeddings.shape[0]} embeddings for {n} documents")
        norms = np.linalg.norm(embeddings, axis=1, keepdims=True)
        norms[norms == 0] = 1.0
        embeddings = embeddings / norms
    # the texts are read in chunks (never a Python string of every block at once)
    chunks = text_chunks(documents["text"], text_chunk)
    has_text = np.zeros(n, dtype=bool)
    word_count = np.zeros(n, dtype=np.int64)
    start = 0
    for chunk in chunks():
        has_text[start : start + len(chunk)] = [bool(t.strip()) for t in chunk]
        word_count[start : start + len(chunk)] = [len(t.split()) for t in chunk]
        start += len(chunk)
    keys = [
        (str(t), int(b)) for t, b in zip(documents["transcript"], documents["block"], strict=True)
    ]
    name_tfidf, name_idf, presence = _name_matrices(keys, names)
    del keys
    dates = pd.to_datetime(documents["air_date"])
    day = np.where(
        dates.isna().to_numpy(),
        np.nan,
        (dates.dt.normalize() - pd.Timestamp("1970-01-01")).dt.days.to_numpy(
            dtype=float, na_value=0.0
        ),
    )
    broadcast = pd.factorize(documents["transcript"].astype(str), sort=True)[0]
    kinds = (
        documents["kind"].fillna("story").astype(str).to_numpy() if "kind" in documents else None
    )
    linkable = has_text
    if kinds is not None:
        linkable &= kinds != "open"
    pool = block_pool = window_owner = None
    if window_words is not None:
        # an input too small for windows of ``window_words`` gets shorter ones, enough
        # for the context (the corpus's are of ``window_words``)
        total = int(word_count[linkable].sum())
        size = max(1, min(window_words, total // (CONTEXT_SHARE * MIN_CONTEXT)))
        windows = _window_chunks(chunks, linkable, size)
        rows = np.flatnonzero(linkable)
        parts = [_window_count(w, size) for w in word_count[rows].tolist()]
        window_owner = np.repeat(rows, parts).astype(np.int64)  # as _windows_of_blocks cuts
        matrices = (
            _window_matrices(windows, n, stop_words, top_words)
            if len(window_owner) >= CONTEXT_SHARE * MIN_CONTEXT
            else None
        )
        empty = sparse.csr_matrix((0, 0))
        pool, block_pool = matrices if matrices is not None else (empty, empty)
    burst_words, lede, whole = _burst_and_lede(
        chunks, n, linkable, day.astype(float), stop_words, top_words
    )
    return BlockViews(
        doc_ids=tuple(str(d) for d in documents["doc_id"]),
        words=_word_matrix(chunks, n, stop_words, top_words),
        names=name_tfidf,
        name_idf=name_idf,
        name_presence=presence,
        embeddings=embeddings,
        day=day.astype(float),
        broadcast=np.asarray(broadcast, dtype=np.int64),
        linkable=linkable,
        window_words=pool,
        block_window_words=block_pool,
        window_owner=window_owner,
        burst_words=burst_words,
        lede=lede,
        whole=whole,
    )


def _dense_rows(
    matrix: sparse.csr_matrix | np.ndarray, rows: np.ndarray, other: object
) -> np.ndarray:
    """Similarities of ``rows`` against all rows (dense block)."""
    if isinstance(matrix, np.ndarray):
        return matrix[rows] @ matrix.T
    product = matrix[rows] @ matrix.T  # type: ignore[operator]
    return np.asarray(product.todense())


def _neighbours(
    matrix: sparse.csr_matrix | np.ndarray, linkable: np.ndarray, k: int
) -> sparse.csr_matrix:
    """Each linkable block's similarity profile over itself (1) and its ``k`` nearest other
    linkable blocks, L2-normalised; rows of other blocks are empty. With the block itself
    in its profile, two blocks that are each other's nearest neighbours are close even
    when they share no third neighbour (a story of two blocks)."""
    n = linkable.shape[0]
    idx = np.flatnonzero(linkable)
    rows: list[np.ndarray] = []
    cols: list[np.ndarray] = []
    vals: list[np.ndarray] = []
    k = max(1, min(k, len(idx) - 1)) if len(idx) > 1 else 0
    for start in range(0, len(idx), _CHUNK):
        part = idx[start : start + _CHUNK]
        sims = _dense_rows(matrix, part, None)[:, idx]
        sims[np.arange(len(part)), start + np.arange(len(part))] = -np.inf  # itself: below
        if k == 0:
            continue
        top = np.argsort(-sims, axis=1, kind="stable")[:, :k]
        picked = np.take_along_axis(sims, top, axis=1)
        keep = picked > 0
        rows.append(np.repeat(part, k)[keep.ravel()])
        cols.append(idx[top].ravel()[keep.ravel()])
        vals.append(picked.ravel()[keep.ravel()])
        rows.append(part)  # a block is its own nearest neighbour, with similarity 1
        cols.append(part)
        vals.append(np.ones(len(part)))
    if not rows:
        return sparse.csr_matrix((n, n))
    out = sparse.csr_matrix(
        (np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))), shape=(n, n)
    )
    return _l2(out)


def _pool_neighbours(
    query: sparse.csr_matrix, pool: sparse.csr_matrix, linkable: np.ndarray, k: int
) -> sparse.csr_matrix:
    """Each linkable block's similarity profile over its ``k`` most similar windows of the
    pool (its own words among them), L2-normalised; rows of other blocks are empty."""
    n = linkable.shape[0]
    idx = np.flatnonzero(linkable)
    k = min(k, pool.shape[0])
    rows: list[np.ndarray] = []
    cols: list[np.ndarray] = []
    vals: list[np.ndarray] = []
    for start in range(0, len(idx), _CHUNK):
        part = idx[start : start + _CHUNK]
        sims = np.asarray((query[part] @ pool.T).todense())
        top = np.argsort(-sims, axis=1, kind="stable")[:, :k]
        picked = np.take_along_axis(sims, top, axis=1)
        keep = (picked > 0).ravel()
        rows.append(np.repeat(part, k)[keep])
        cols.append(top.ravel()[keep])
        vals.append(picked.ravel()[keep])
    if not rows:
        return sparse.csr_matrix((n, pool.shape[0]))
    out = sparse.csr_matrix(
        (np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))),
        shape=(n, pool.shape[0]),
    )
    return _l2(out)


def _row_dots(a: sparse.csr_matrix | np.ndarray, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    """Dot products of rows ``i[k]`` and ``j[k]`` of ``a``, chunked."""
    out = np.zeros(len(i), dtype=np.float64)
    step = _PAIR_CHUNK
    for s in range(0, len(i), step):
        ii, jj = i[s : s + step], j[s : s + step]
        if isinstance(a, np.ndarray):
            out[s : s + step] = np.einsum("ij,ij->i", a[ii], a[jj])
        else:
            out[s : s + step] = np.asarray(a[ii].multiply(a[jj]).sum(axis=1)).ravel()
    return out


def candidate_pairs(views: BlockViews, *, window_days: float) -> tuple[np.ndarray, np.ndarray]:
    """Pairs ``(i, j)``, ``i < j``, of linkable blocks aired at most ``window_days`` apart
    (undated blocks pair with undated blocks only), in lexicographic order."""
    idx = np.flatnonzero(views.linkable)
    if len(idx) < 2:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty
    day = views.day[idx]
    undated = np.isnan(day)
    key = np.where(undated, np.inf, day)
    order = np.argsort(key, kind="stable")
    sorted_day = key[order]
    firsts: list[np.ndarray] = []
    seconds: list[np.ndarray] = []
    dated = int((~undated).sum())
    for pos in range(len(order)):
        if pos < dated:
            end = int(np.searchsorted(sorted_day[:dated], sorted_day[pos] + window_days, "right"))
        else:
            end = len(order)
        if end > pos + 1:
            others = order[pos + 1 : end]
            firsts.append(np.full(len(others), order[pos]))
            seconds.append(others)
    if not firsts:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty
    a = idx[np.concatenate(firsts)]
    b = idx[np.concatenate(seconds)]
    i, j = np.minimum(a, b), np.maximum(a, b)
    order2 = np.lexsort((j, i))
    return i[order2].astype(np.int64), j[order2].astype(np.int64)


class _Columns:
    """The pair features written straight into one pairs x features array (by column),
    which becomes the frame without a copy: a frame made from a dict of columns copies
    them all into one block, twice the features' memory at the peak."""

    def __init__(self, n: int) -> None:
        self.values = np.full((n, len(FEATURES)), np.nan, dtype=np.float64, order="F")

    def __setitem__(self, name: str, column: np.ndarray) -> None:
        self.values[:, FEATURES.index(name)] = column

    def frame(self) -> pd.DataFrame:
        return pd.DataFrame(self.values, columns=list(FEATURES), copy=False)


def pair_features(
    views: BlockViews,
    i: np.ndarray,
    j: np.ndarray,
    *,
    neighbours: int = 50,
    context_span: int | None = None,
    profiles: dict[str, sparse.csr_matrix] | None = None,
) -> pd.DataFrame:
    """The :data:`FEATURES` of pairs ``(i[k], j[k])`` of rows of ``views``. The context
    features' neighbours: over the whole corpus, or, given ``context_span``, among that
    many blocks nearest in air date (:func:`analytics.stories.candidates.window_neighbours`).
    ``profiles``: a dict the context profiles are kept in from one call to the next on the
    same views (pairs scored in chunks: each pair's features do not depend on the chunk)."""
    cache: dict[str, sparse.csr_matrix] = {} if profiles is None else profiles
    i = np.asarray(i, dtype=np.int64)
    j = np.asarray(j, dtype=np.int64)
    out = _Columns(len(i))
    out["words"] = _row_dots(views.words, i, j)
    out["names"] = _row_dots(views.names, i, j)
    shared = _row_dots_mixed(views.name_idf, views.name_presence, i, j)
    out["shared_names"] = np.log1p(shared)
    k = context_size(int(views.linkable.sum()), neighbours)
    matrices = {"words": views.words, "names": views.names, "embedding": views.embeddings}
    for name, matrix in matrices.items():
        if matrix is None or k < MIN_CONTEXT:
            out[f"{name}_context"] = np.full(len(i), np.nan)
        elif name == "words" and views.window_words is not None:
            assert views.block_window_words is not None
            k_windows = context_size(views.window_words.shape[0], neighbours)
            if k_windows < MIN_CONTEXT:  # too few windows: as in small inputs
                out["words_context"] = np.full(len(i), np.nan)
                continue
            profile = cache.get("words")
            if profile is None:
                profile = cache["words"] = (
                    _pool_neighbours(
                        views.block_window_words, views.window_words, views.linkable, k_windows
                    )
                    if context_span is None or views.window_owner is None
                    else pool_neighbours(
                        views.block_window_words,
                        views.window_words,
                        views.window_owner,
                        views.day,
                        views.linkable,
                        k_windows,
                        context_span,
                    )
                )
            out["words_context"] = _row_dots(profile, i, j)
        else:
            profile = cache.get(name)
            if profile is None:
                profile = cache[name] = (
                    _neighbours(matrix, views.linkable, k)
                    if context_span is None
                    else window_neighbours(matrix, views.day, views.linkable, k, context_span)
                )
            out[f"{name}_context"] = _row_dots(profile, i, j)
    if views.embeddings is not None:
        out["embedding"] = _row_dots(views.embeddings, i, j)
    else:
        out["embedding"] = np.full(len(i), np.nan)
    gap = np.abs(views.day[i] - views.day[j])
    gap = np.where(np.isnan(gap), 0.0, gap)
    out["time"] = np.exp(-(gap**2) / (2 * 3.0**2))
    out["time_wide"] = np.exp(-(gap**2) / (2 * 10.0**2))
    out["same_broadcast"] = (views.broadcast[i] == views.broadcast[j]).astype(np.float64)
    if views.burst_words is None or views.lede is None or views.whole is None:
        out["words_burst"] = np.full(len(i), np.nan)
        out["lede"] = np.full(len(i), np.nan)
    else:
        out["words_burst"] = _row_dots(views.burst_words, i, j)
        out["lede"] = 0.5 * (
            _row_dots_mixed(views.lede, views.whole, i, j)
            + _row_dots_mixed(views.whole, views.lede, i, j)
        )
    return out.frame()


def _row_dots_mixed(
    a: sparse.csr_matrix, b: sparse.csr_matrix, i: np.ndarray, j: np.ndarray
) -> np.ndarray:
    """Dot products of row ``i[k]`` of ``a`` with row ``j[k]`` of ``b``."""
    out = np.zeros(len(i), dtype=np.float64)
    step = _PAIR_CHUNK
    for s in range(0, len(i), step):
        ii, jj = i[s : s + step], j[s : s + step]
        out[s : s + step] = np.asarray(a[ii].multiply(b[jj]).sum(axis=1)).ravel()
    return out
