"""Bounded candidate pairs and neighbours of the story stage (analytics.stories.candidates)."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import sparse

from analytics.stories import cluster_pairs, link
from analytics.stories.candidates import (
    bounded_pairs,
    sorted_picks,
    window_neighbours,
    windowed_top_k_chunks,
)
from analytics.stories.features import _l2, _neighbours


def _views(n: int, seed: int, days: float = 60.0, vocab: int = 300):
    rng = np.random.default_rng(seed)
    words = _l2(sparse.random(n, vocab, density=0.05, random_state=rng, format="csr"))
    names = _l2(sparse.random(n, 80, density=0.03, random_state=rng, format="csr"))
    presence = (names > 0).astype(np.float64).tocsr()
    day = np.floor(rng.uniform(0, days, n))
    linkable = rng.uniform(size=n) > 0.1
    return words, names, presence, day, linkable


def _brute_top(words, names, day, linkable, k, window):
    sims = (words @ words.T).toarray() + (names @ names.T).toarray()
    n = len(day)
    top: dict[int, set[int]] = {}
    for a in np.flatnonzero(linkable):
        ok = linkable & (np.abs(day - day[a]) <= window) & (np.arange(n) != a) & (sims[a] > 0)
        cand = np.flatnonzero(ok)
        order = cand[np.lexsort((cand, -sims[a, cand]))][:k]
        top[int(a)] = set(order.tolist())
    return top


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_each_blocks_top_k_in_the_window_is_kept_and_nothing_outside(seed: int) -> None:
    words, names, presence, day, linkable = _views(400, seed)
    k, window = 6, 10.0
    i, j = bounded_pairs(words, names, presence, day, linkable, window_days=window, k=k, rare=0)
    pairs = set(zip(i.tolist(), j.tolist(), strict=True))
    assert len(pairs) == len(i)  # no pair twice
    assert (i < j).all()
    assert list(zip(i, j, strict=True)) == sorted(zip(i, j, strict=True))
    assert (np.abs(day[i] - day[j]) <= window).all()
    assert linkable[i].all() and linkable[j].all()
    top = _brute_top(words, names, day, linkable, k, window)
    wanted = {(min(a, b), max(a, b)) for a, bs in top.items() for b in bs}
    assert wanted == pairs  # each block's k most similar in the window, and nothing else
    assert len(pairs) <= linkable.sum() * k


def test_pairs_sharing_a_rare_name_are_kept_within_the_window_only() -> None:
    n = 30
    words = _l2(sparse.identity(n, format="csr"))  # no two blocks share a word
    names = sparse.csr_matrix((n, 3))
    presence = sparse.lil_matrix((n, 3))
    for row in (2, 9, 20):  # a name said in three blocks
        presence[row, 0] = 1.0
    presence = presence.tocsr()
    day = np.zeros(n)
    day[20] = 50.0  # far from the other two
    i, j = bounded_pairs(words, names, presence, day, np.ones(n, bool), window_days=30, k=5, rare=3)
    assert list(zip(i.tolist(), j.tolist(), strict=True)) == [(2, 9)]
    i, j = bounded_pairs(words, names, presence, day, np.ones(n, bool), window_days=30, k=5, rare=2)
    assert len(i) == 0  # said in three blocks: not rare at 2


def test_candidates_are_deterministic_and_undated_blocks_pair_with_undated_only() -> None:
    words, names, presence, day, linkable = _views(300, 5)
    day[::7] = np.nan
    first = bounded_pairs(words, names, presence, day, linkable, window_days=5, k=4)
    second = bounded_pairs(words, names, presence, day, linkable, window_days=5, k=4)
    assert np.array_equal(first[0], second[0]) and np.array_equal(first[1], second[1])
    i, j = first
    assert (np.isnan(day[i]) == np.isnan(day[j])).all()
    assert np.isnan(day[i]).any()  # undated blocks do get partners


def test_pair_count_is_bounded_by_blocks_times_k_at_any_density() -> None:
    k = 8
    for n in (500, 2000):
        words, names, presence, day, linkable = _views(n, 3, days=5.0, vocab=60)
        i, _ = bounded_pairs(words, names, presence, day, linkable, window_days=30, k=k, rare=0)
        # every pair is in the window here: all pairs would be n^2 / 2
        assert len(i) <= linkable.sum() * k
        assert len(i) >= linkable.sum() * k / 2  # each block's k partners, shared at most twice


def test_window_neighbours_equal_the_whole_corpus_when_the_span_covers_it() -> None:
    words, _, _, day, linkable = _views(300, 4, days=20.0)
    day = np.sort(day)  # documents come sorted by air date
    ours = window_neighbours(words, day, linkable, 12, span=300)
    whole = _neighbours(words, linkable, 12)
    assert np.allclose(ours.toarray(), whole.toarray())
    narrow = window_neighbours(words, day, linkable, 12, span=40)
    rank = np.empty(len(day), dtype=int)
    rank[np.flatnonzero(linkable)] = np.arange(linkable.sum())
    rows, cols = narrow.nonzero()
    assert (np.abs(rank[rows] - rank[cols]) <= 40).all()
    assert np.bincount(rows, minlength=len(day)).max() == 13  # itself and 12 others


def test_windowed_top_k_chunks_do_not_change_the_answer() -> None:
    words, names, _, day, linkable = _views(500, 6)
    idx = np.flatnonzero(linkable)
    kwargs = {"query_rows": idx, "pool_rows": idx, "self_of": np.arange(500)}
    small = sorted_picks(
        windowed_top_k_chunks([words], [words], day, day, 5, 7.0, chunk=17, **kwargs)
    )
    large = sorted_picks(
        windowed_top_k_chunks([words], [words], day, day, 5, 7.0, chunk=1000, **kwargs)
    )
    for a, b in zip(small, large, strict=True):
        assert np.array_equal(a, b)


def test_a_component_larger_than_the_cap_is_cut_into_bounded_parts(monkeypatch) -> None:
    # two tight groups of 6 joined by weak close pairs: one component of 12
    n = 12
    pairs = [(a, b, 0.95) for g in (range(6), range(6, 12)) for a in g for b in g if a < b]
    pairs += [(0, 6, 0.3), (1, 7, 0.3)]
    i = np.array([p[0] for p in pairs])
    j = np.array([p[1] for p in pairs])
    p = np.array([p[2] for p in pairs])
    whole = cluster_pairs(n, i, j, p, threshold=0.8)
    monkeypatch.setattr(link, "MAX_COMPONENT", 6)
    capped = cluster_pairs(n, i, j, p, threshold=0.8)
    assert capped.tolist() == [0] * 6 + [6] * 6
    assert whole.tolist() == capped.tolist()  # average link kept them apart anyway


def test_pool_neighbours_equal_the_whole_pool_when_the_span_covers_it() -> None:
    from analytics.stories.candidates import pool_neighbours
    from analytics.stories.features import _pool_neighbours

    words, _, _, day, linkable = _views(200, 7, days=20.0)
    day = np.sort(day)
    rng = np.random.default_rng(7)
    owner = np.repeat(np.flatnonzero(linkable), 2)  # two windows per linkable block
    pool = _l2(sparse.random(len(owner), 300, density=0.05, random_state=rng, format="csr"))
    whole = _pool_neighbours(words, pool, linkable, 9)
    ours = pool_neighbours(words, pool, owner, day, linkable, 9, span=200)
    assert np.allclose(ours.toarray(), whole.toarray())
    narrow = pool_neighbours(words, pool, owner, day, linkable, 9, span=30)
    rank = np.full(len(day), -1)
    rank[np.flatnonzero(linkable)] = np.arange(linkable.sum())
    rows, cols = narrow.nonzero()
    assert (np.abs(rank[rows] - rank[owner[cols]]) <= 30).all()
