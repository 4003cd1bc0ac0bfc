"""Bounded candidate pairs and neighbours: the story stage's cost per block stays flat.

Linking every pair of blocks aired at most ``window_days`` apart costs, at a real year's
density (about 27 transcripts, 160 blocks, a day), about 4,800 pairs per block, and the
context features' nearest neighbours over the whole corpus cost ``n`` similarities per
block. Published story-linking systems (topic detection and tracking) bound this by
*blocking* (candidate generation): a block is compared in full only with the few blocks
the cheap views already say are most like it. Here:

- :func:`bounded_pairs`: each linkable block's ``k`` most similar blocks aired at most
  ``window_days`` from it, by the sum of the words and names TF-IDF cosines, and its ``k``
  most similar by their context profiles (shared nearest neighbours), plus every pair
  sharing a rare name (said in at most ``rare`` blocks); at most ``2 * n * k`` pairs from
  the first rules and ``n_names * rare**2 / 2`` from the last;
- :func:`window_neighbours`: the context features' neighbours, each block's ``k`` most
  similar blocks among the :data:`CONTEXT_SPAN` blocks nearest to it in air date (the
  whole corpus's below that size, so the corpus's stories are unchanged by it);
- both through :func:`windowed_top_k_chunks`: the blocks in air-date order, in chunks of rows,
  each chunk's sparse product with the blocks of its days +- ``window_days`` only (never a
  dense ``n x n`` matrix): work and memory per block bounded by the blocks of two windows.

Undated blocks are compared with undated blocks only, as in
:func:`analytics.stories.features.candidate_pairs`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

import numpy as np
from scipy import sparse

__all__ = [
    "CONTEXT_SPAN",
    "RARE_NAME",
    "TOP_K",
    "context_profiles",
    "pool_neighbours",
    "bounded_pairs",
    "window_neighbours",
    "sorted_picks",
    "windowed_top_k_chunks",
]

#: Candidate partners per block (chosen on the corpus, analytics/stories/README.md).
TOP_K = 100
#: A name said in at most this many blocks links all of them as candidates.
RARE_NAME = 10
#: The context features' neighbours are chosen among this many blocks nearest in air date
#: (about 30 days either side at a year's density; the whole corpus below 10,001 blocks).
CONTEXT_SPAN = 10_000
_CHUNK = 256
#: Rare-name pairs gathered before they are turned into keys (bounded memory).
_PAIR_KEYS = 1_000_000
_UNDATED = 1e12  # undated blocks: one day of their own, far from every dated block

Matrix = sparse.spmatrix | np.ndarray


def _days(day: np.ndarray) -> np.ndarray:
    day = np.asarray(day, dtype=np.float64)
    return np.where(np.isnan(day), _UNDATED, day)


def _product(query: Sequence[Matrix], pool: Sequence[Matrix], rows: np.ndarray, cols: np.ndarray):  # noqa: ANN202
    """Summed similarities of query ``rows`` against pool ``cols`` (dense chunk)."""
    total = np.zeros((len(rows), len(cols)), dtype=np.float64)
    for q, p in zip(query, pool, strict=True):
        if isinstance(q, np.ndarray):
            total += q[rows] @ np.asarray(p)[cols].T
        else:
            total += np.asarray((q[rows] @ p[cols].T).todense())
    return total


def sorted_picks(
    parts: Iterable[tuple[np.ndarray, np.ndarray, np.ndarray]],
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """All the picks of :func:`windowed_top_k_chunks` as ``(query row, pool row,
    similarity)`` arrays, by query row, then similarity (largest first), then pool row."""
    parts = list(parts)
    if not parts:
        return (np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0))
    q, p, v = (np.concatenate(x) for x in zip(*parts, strict=True))
    order = np.lexsort((p, -v, q))
    return q[order], p[order], v[order]


def windowed_top_k_chunks(
    query: Sequence[Matrix],
    pool: Sequence[Matrix],
    query_day: np.ndarray,
    pool_day: np.ndarray,
    k: int,
    window_days: float,
    *,
    query_rows: np.ndarray | None = None,
    pool_rows: np.ndarray | None = None,
    self_of: np.ndarray | None = None,
    chunk: int = _CHUNK,
) -> Iterator[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """For each of ``query_rows`` (default: all), its ``k`` pool rows (among ``pool_rows``)
    with the largest summed similarity ``sum(q @ p.T)`` over the paired matrices of
    ``query`` and ``pool``, aired at most ``window_days`` apart, similarity > 0 (ties: the
    smaller pool row). ``self_of[r]``: a pool row query row ``r`` never picks (itself).
    Yields ``(query row, pool row, similarity)`` arrays chunk by chunk of query rows (in
    air-date order), unsorted: the caller keeps what it needs of each chunk, or all of
    them sorted by :func:`sorted_picks`."""
    qday, pday = _days(query_day), _days(pool_day)
    qrows = np.arange(len(qday)) if query_rows is None else np.asarray(query_rows, np.int64)
    prows = np.arange(len(pday)) if pool_rows is None else np.asarray(pool_rows, np.int64)
    if k < 1 or len(qrows) == 0 or len(prows) == 0:
        return
    qrows = qrows[np.argsort(qday[qrows], kind="stable")]
    prows = prows[np.argsort(pday[prows], kind="stable")]
    psorted = pday[prows]
    for start in range(0, len(qrows), chunk):
        part = qrows[start : start + chunk]
        lo = int(np.searchsorted(psorted, qday[part].min() - window_days, "left"))
        hi = int(np.searchsorted(psorted, qday[part].max() + window_days, "right"))
        cols = np.sort(prows[lo:hi])  # pool rows in index order: ties go to the smaller
        if len(cols) == 0:
            continue
        sims = _product(query, pool, part, cols)
        far = np.abs(qday[part][:, None] - pday[cols][None, :]) > window_days
        sims[far] = -np.inf
        del far
        if self_of is not None:
            own = np.searchsorted(cols, self_of[part])
            hit = (own < len(cols)) & (cols[np.minimum(own, len(cols) - 1)] == self_of[part])
            sims[np.flatnonzero(hit), own[hit]] = -np.inf
        yield _positive_top(sims, part, cols, k)


def _positive_top(
    sims: np.ndarray, rows: np.ndarray, cols: np.ndarray, k: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each row's ``k`` largest entries of ``sims`` that are above 0, as ``(row, column,
    value)`` arrays, ``sims`` indexed by ``rows`` and ``cols``."""
    top = _row_top(sims, k)
    picked = np.take_along_axis(sims, top, axis=1)
    keep = (picked > 0).ravel()
    return np.repeat(rows, top.shape[1])[keep], cols[top].ravel()[keep], picked.ravel()[keep]


def _row_top(sims: np.ndarray, k: int) -> np.ndarray:
    """Column indices of each row's ``k`` largest values (all columns when there are no
    more than ``k``); ties at the k-th value go to the smaller columns."""
    kk = min(k, sims.shape[1])
    if kk < sims.shape[1]:
        kth = -np.partition(-sims, kk - 1, axis=1)[:, kk - 1]  # the k-th largest per row
        return _top_columns(sims, kth, kk)
    return np.argsort(-sims, axis=1, kind="stable")


def _top_columns(sims: np.ndarray, kth: np.ndarray, k: int) -> np.ndarray:
    """Per row, the ``k`` columns of largest value, ties at the ``k``-th value broken by the
    smaller column (deterministic whatever the partition picked)."""
    above = sims > kth[:, None]
    at = sims == kth[:, None]
    out = np.empty((sims.shape[0], k), dtype=np.int64)
    for r in range(sims.shape[0]):
        first = np.flatnonzero(above[r])
        ties = np.flatnonzero(at[r])[: k - len(first)]
        cols = np.concatenate([first, ties])
        out[r, : len(cols)] = cols
        if len(cols) < k:  # -inf rows: fill with the row's remaining columns
            rest = np.setdiff1d(np.arange(sims.shape[1]), cols)[: k - len(cols)]
            out[r, len(cols) :] = rest
    return out


def bounded_pairs(
    words: Matrix,
    names: Matrix,
    name_presence: sparse.spmatrix,
    day: np.ndarray,
    linkable: np.ndarray,
    *,
    window_days: float,
    k: int = TOP_K,
    rare: int = RARE_NAME,
    context: Sequence[Matrix] = (),
) -> tuple[np.ndarray, np.ndarray]:
    """Candidate pairs ``(i, j)``, ``i < j``, in lexicographic order: each linkable block
    with its ``k`` most similar linkable blocks (words + names cosine) aired at most
    ``window_days`` apart, its ``k`` most similar by the summed cosines of the ``context``
    matrices (the context features' neighbour profiles, :func:`context_profiles`), and
    every two linkable blocks within the window that share a name said in at most ``rare``
    linkable blocks. ``words``, ``names``: L2-normalised rows; ``name_presence``: blocks x
    names, nonzero where the block says the name."""
    idx = np.flatnonzero(np.asarray(linkable, dtype=bool))
    day = _days(day)
    n = np.int64(len(day))
    # each chunk's pairs as one int64 key (i * n + j orders pairs as (i, j) does), unique
    # within the chunk: the picks of every block are never held at once, only the keys
    keys: list[np.ndarray] = []

    def add(a: np.ndarray, b: np.ndarray) -> None:
        i, j = np.minimum(a, b).astype(np.int64), np.maximum(a, b).astype(np.int64)
        keep = i != j
        keys.append(np.unique(i[keep] * n + j[keep]))

    if len(idx) >= 2:
        for views in ([words, names], list(context)):  # by content, then by neighbours
            if not views:
                continue
            for q, p, _ in windowed_top_k_chunks(
                views,
                views,
                day,
                day,
                k,
                window_days,
                query_rows=idx,
                pool_rows=idx,
                self_of=np.arange(len(day)),
            ):
                add(q, p)
        if rare >= 2:
            presence = sparse.csc_matrix(name_presence)[idx]
            df = np.diff(presence.indptr)
            first: list[np.ndarray] = []
            second: list[np.ndarray] = []
            held = 0
            for col in np.flatnonzero((df >= 2) & (df <= rare)):
                members = idx[presence.indices[presence.indptr[col] : presence.indptr[col + 1]]]
                a, b = np.triu_indices(len(members), 1)
                close = np.abs(day[members[a]] - day[members[b]]) <= window_days
                first.append(members[a][close])
                second.append(members[b][close])
                held += int(close.sum())
                if held >= _PAIR_KEYS:
                    add(np.concatenate(first), np.concatenate(second))
                    first, second, held = [], [], 0
            if first:
                add(np.concatenate(first), np.concatenate(second))
    if not keys:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty
    # np.unique's sorted distinct keys, sorted in place (np.unique sorts a copy), and the
    # pairs' second blocks made in place of the keys
    found = np.concatenate(keys)
    keys.clear()
    found.sort()
    distinct = np.ones(len(found), dtype=bool)
    np.not_equal(found[1:], found[:-1], out=distinct[1:])
    found = found[distinct]
    del distinct
    firsts = found // n
    found -= firsts * n
    return firsts, found


def window_neighbours(
    matrix: Matrix, day: np.ndarray, linkable: np.ndarray, k: int, span: int = CONTEXT_SPAN
) -> sparse.csr_matrix:
    """Each linkable block's similarity profile over itself (1) and its ``k`` nearest
    other linkable blocks among the ``span`` linkable blocks nearest to it in air-date
    order (the span shifted at the ends of the corpus), L2-normalised; rows of other blocks
    empty. The context features' neighbours, bounded: in a corpus of at most ``span + 1``
    linkable blocks they are the whole corpus's (:func:`analytics.stories.features._neighbours`),
    in a larger one the work per block stays ``span`` similarities."""
    n = len(linkable)
    idx = np.flatnonzero(np.asarray(linkable, dtype=bool))
    order = idx[np.argsort(_days(day)[idx], kind="stable")]  # linkable blocks by air date
    m = len(order)
    rows_out: list[np.ndarray] = [order.astype(np.int32)]
    cols_out: list[np.ndarray] = [order.astype(np.int32)]
    vals_out: list[np.ndarray] = [np.ones(m)]
    kk = min(k, m - 1)
    for start in range(0, m, _CHUNK) if kk >= 1 else ():
        part = order[start : start + _CHUNK]
        ranks = np.arange(start, start + len(part))
        lo = np.clip(ranks - span // 2, 0, max(0, m - 1 - span))
        hi = lo + span + 1  # ranks [lo, hi): the block and ``span`` others
        cols_rank = np.arange(lo.min(), min(m, hi.max()))
        cols = order[cols_rank]
        sims = _product([matrix], [matrix], part, cols)
        outside = (cols_rank[None, :] < lo[:, None]) | (cols_rank[None, :] >= hi[:, None])
        outside |= cols_rank[None, :] == ranks[:, None]  # itself: added with 1 below
        sims[outside] = -np.inf
        # ties: the block earlier in air-date order, as the whole-corpus profile's
        # smaller row (blocks are sorted by date in the documents)
        kth = -np.partition(-sims, kk - 1, axis=1)[:, kk - 1] if kk < len(cols) else None
        top = _top_columns(sims, kth, kk) if kth is not None else np.argsort(-sims, axis=1)
        picked = np.take_along_axis(sims, top, axis=1)
        keep = (picked > 0).ravel()
        rows_out.append(np.repeat(part, top.shape[1])[keep].astype(np.int32))
        cols_out.append(cols[top].ravel()[keep].astype(np.int32))
        vals_out.append(picked.ravel()[keep])
        del sims, outside, top, picked, keep
    return _unit_rows(_profile_matrix(vals_out, rows_out, cols_out, (n, n)))


def _profile_matrix(
    vals: list[np.ndarray], rows: list[np.ndarray], cols: list[np.ndarray], shape: tuple[int, int]
) -> sparse.csr_matrix:
    """The CSR matrix of the entries ``(rows, cols, vals)`` (no two at one place), each
    row's entries sorted by column: ``csr_matrix((vals, (rows, cols)))``, the same arrays,
    made without the COO copies (the pieces are emptied as they are joined)."""
    n_rows, n_cols = shape
    if max(n_rows, n_cols, sum(len(v) for v in vals)) >= np.iinfo(np.int32).max:
        raise ValueError("a profile too large for 32-bit indices")
    row = np.concatenate(rows).astype(np.int32, copy=False)
    rows.clear()
    col = np.concatenate(cols).astype(np.int32, copy=False)
    cols.clear()
    order = np.lexsort((col, row))
    col = col[order]
    row = row[order]
    if len(row) > 1 and bool(((row[1:] == row[:-1]) & (col[1:] == col[:-1])).any()):
        raise ValueError("a profile entry given twice")
    indptr = np.zeros(n_rows + 1, dtype=np.int32)
    np.cumsum(np.bincount(row, minlength=n_rows), out=indptr[1:])
    del row
    data = np.concatenate(vals)[order]
    vals.clear()
    del order
    return sparse.csr_matrix((data, col, indptr), shape=shape, copy=False)


def _unit_rows(out: sparse.csr_matrix) -> sparse.csr_matrix:
    """Rows scaled to unit length (empty rows stay empty)."""
    norms = np.sqrt(np.asarray(out.multiply(out).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sparse.csr_matrix(sparse.diags(1.0 / norms) @ out)


def context_profiles(
    matrices: Sequence[Matrix], day: np.ndarray, linkable: np.ndarray, k: int
) -> list[sparse.csr_matrix]:
    """:func:`window_neighbours` profiles of each matrix: a second, cheap view for the
    candidates. Two blocks of one story often share few words but the same neighbours,
    which is what the learned merge decision weighs most (the words context); on the
    corpus the words + names ranking alone missed a quarter of the pairs the model finds
    likely at ``k = 50`` (analytics/stories/README.md)."""
    return [window_neighbours(m, day, linkable, k) for m in matrices]


def pool_neighbours(
    query: sparse.spmatrix,
    pool: sparse.spmatrix,
    owner: np.ndarray,
    day: np.ndarray,
    linkable: np.ndarray,
    k: int,
    span: int = CONTEXT_SPAN,
) -> sparse.csr_matrix:
    """Each linkable block's similarity profile over its ``k`` most similar rows of
    ``pool`` (windows cut from the blocks; ``owner[w]``: the block window ``w`` was cut
    from) among the windows of the ``span`` linkable blocks nearest to it in air-date order
    (as :func:`window_neighbours`), L2-normalised; rows of other blocks empty. The whole
    pool's profile (:func:`analytics.stories.features._pool_neighbours`) in a corpus of at
    most ``span + 1`` linkable blocks."""
    n = len(linkable)
    idx = np.flatnonzero(np.asarray(linkable, dtype=bool))
    order = idx[np.argsort(_days(day)[idx], kind="stable")]
    m = len(order)
    rank = np.full(n, -1, dtype=np.int64)
    rank[order] = np.arange(m)
    wrank = rank[np.asarray(owner, dtype=np.int64)]
    wsort = np.argsort(wrank, kind="stable")
    wsorted = wrank[wsort]
    rows_out: list[np.ndarray] = []
    cols_out: list[np.ndarray] = []
    vals_out: list[np.ndarray] = []
    for start in range(0, m, _CHUNK) if k >= 1 else ():
        part = order[start : start + _CHUNK]
        ranks = np.arange(start, start + len(part))
        lo = np.clip(ranks - span // 2, 0, max(0, m - 1 - span))
        hi = lo + span + 1
        a = int(np.searchsorted(wsorted, lo.min(), "left"))
        b = int(np.searchsorted(wsorted, hi.max(), "left"))
        cols = np.sort(wsort[a:b])  # windows in pool order: ties go to the earlier
        if len(cols) == 0:
            continue
        sims = _product([query], [pool], part, cols)
        r = wrank[cols][None, :]
        sims[(r < lo[:, None]) | (r >= hi[:, None])] = -np.inf
        rows, picked_cols, values = _positive_top(sims, part, cols, k)
        del sims
        rows_out.append(rows.astype(np.int32))
        cols_out.append(picked_cols.astype(np.int32))
        vals_out.append(values)
    if not rows_out:
        return sparse.csr_matrix((n, pool.shape[0]))
    return _unit_rows(_profile_matrix(vals_out, rows_out, cols_out, (n, pool.shape[0])))
