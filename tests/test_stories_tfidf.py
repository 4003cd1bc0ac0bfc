"""The story stage's chunked paths give what the all-at-once paths give, bit for bit:
TF-IDF read in chunks (analytics.stories.tfidf), the block views, the candidate pair keys,
the merge probability, the pair features' frame and the pipeline's story documents."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import sparse
from sklearn.feature_extraction.text import CountVectorizer, TfidfTransformer, TfidfVectorizer

from analytics.stories import candidates, features, link
from analytics.stories.tfidf import ChunkedTfidf, text_chunks
from analytics.topics.model import TOKEN_PATTERN

WORDS = [
    "memo",
    "nunes",
    "fbi",
    "dossier",
    "fisa",
    "warrant",
    "hurricane",
    "maria",
    "puerto",
    "rico",
    "power",
    "grid",
    "shutdown",
    "senate",
    "vote",
    "budget",
    "immigration",
    "daca",
    "dreamers",
    "wall",
    "border",
    "tariff",
    "steel",
    "china",
    "trade",
    "korea",
    "olympics",
    "kim",
    "summit",
    "missile",
    "russia",
    "probe",
    "mueller",
    "subpoena",
    "testimony",
    "storm",
]


def _texts(n: int, seed: int) -> list[str]:
    rng = np.random.default_rng(seed)
    out = []
    for _ in range(n):
        length = int(rng.integers(0, 60))
        words = rng.choice(WORDS + ["the", "and", "of", "Said"], size=length).tolist()
        out.append(" ".join(w.capitalize() if rng.uniform() < 0.2 else w for w in words))
    return out


def _same(a: sparse.spmatrix, b: sparse.spmatrix) -> bool:
    a, b = sparse.csr_matrix(a), sparse.csr_matrix(b)
    return (
        a.shape == b.shape
        and np.array_equal(a.indptr, b.indptr)
        and np.array_equal(a.indices, b.indices)  # the entries' order within rows too
        and a.data.tobytes() == b.data.tobytes()
    )


def _chunks(texts: list[str], size: int):
    return lambda: (texts[s : s + size] for s in range(0, len(texts), size))


@pytest.mark.parametrize(
    "settings",
    [
        {"min_df": 2, "max_df": 0.5, "sublinear_tf": False},
        {"min_df": 1, "max_df": 0.5, "sublinear_tf": True},
        {"min_df": 1, "max_df": 1.0, "sublinear_tf": False},
    ],
)
@pytest.mark.parametrize("size", [1, 3, 1000])
def test_chunked_tfidf_is_scikit_learns_fit_transform(settings: dict, size: int) -> None:
    texts = _texts(120, seed=size)
    stop = ["the", "and", "of"]
    reference = TfidfVectorizer(
        stop_words=stop, token_pattern=TOKEN_PATTERN, dtype=np.float64, **settings
    ).fit_transform(texts)
    chunked = ChunkedTfidf(stop_words=stop, token_pattern=TOKEN_PATTERN, **settings)
    chunked.fit(_chunks(texts, size))
    rows = [chunked.tfidf(chunked.counts(c)) for c in _chunks(texts, size)()]
    assert _same(sparse.vstack(rows, format="csr"), reference)
    assert chunked.n_docs_ == len(texts)


def test_chunked_counts_sorted_are_count_vectorizer_then_transformer() -> None:
    """The windows' path: counts (sorted, as scipy's astype leaves them), TF-IDF of them
    and of sums of them, as CountVectorizer + TfidfTransformer make them."""
    texts = _texts(90, seed=4)
    counts = CountVectorizer(token_pattern=TOKEN_PATTERN, min_df=2, max_df=0.5)
    x = counts.fit_transform(texts).astype(np.float64)
    transformer = TfidfTransformer().fit(x)
    owner = sparse.csr_matrix((np.ones(90), (np.arange(90) // 3, np.arange(90))), shape=(30, 90))
    chunked = ChunkedTfidf(token_pattern=TOKEN_PATTERN, min_df=2, max_df=0.5)
    chunked.fit(_chunks(texts, 9))
    pool, blocks = [], []
    for start, part in zip(range(0, 90, 9), _chunks(texts, 9)(), strict=True):
        c = chunked.counts(part)
        c.sort_indices()
        pool.append(chunked.tfidf(c))
        local = owner[start // 3 : (start + 9) // 3, start : start + 9]
        blocks.append(chunked.tfidf(sparse.csr_matrix(local @ c)))
    assert _same(sparse.vstack(pool, format="csr"), transformer.transform(x))
    whole = transformer.transform(sparse.csr_matrix(owner @ x))
    assert _same(sparse.vstack(blocks, format="csr"), whole)


@pytest.mark.parametrize("text_chunk", [1, 4, 1000])
@pytest.mark.parametrize("size", [1, 5, 1000])
def test_documents_given_as_parts_are_their_joined_texts(
    monkeypatch, text_chunk: int, size: int
) -> None:
    """fit_parts / counts_parts on documents given as parts give the rows of fit / counts
    on the parts joined by a space, bit for bit, however the parts are read."""
    from analytics.stories import tfidf

    monkeypatch.setattr(tfidf, "TEXT_CHUNK", text_chunk)
    rng = np.random.default_rng(size + text_chunk)
    parts = _texts(150, seed=size)
    cuts = np.sort(rng.choice(np.arange(1, 150), size=29, replace=False))
    documents = [list(d) for d in np.split(np.array(parts, dtype=object), cuts)]
    documents[3] = []  # a document without parts: an empty text
    documents[7] = documents[7] + [""]  # an empty part
    joined = [" ".join(d) for d in documents]
    settings = {"stop_words": ["the", "and", "of"], "token_pattern": TOKEN_PATTERN}
    whole = ChunkedTfidf(**settings, sublinear_tf=True, min_df=2).fit(_chunks(joined, size))
    split = ChunkedTfidf(**settings, sublinear_tf=True, min_df=2).fit_parts(
        _chunks(documents, size)
    )
    assert split.vocabulary_ == whole.vocabulary_
    assert split.idf_.tobytes() == whole.idf_.tobytes()
    assert split.n_docs_ == len(documents)
    rows = [split.tfidf(split.counts_parts(c)) for c in _chunks(documents, size)()]
    reference = [whole.tfidf(whole.counts(c)) for c in _chunks(joined, size)()]
    assert _same(sparse.vstack(rows, format="csr"), sparse.vstack(reference, format="csr"))
    assert split.counts_parts([]).shape == (0, len(split.vocabulary_))


def test_chunked_tfidf_raises_when_no_word_is_left() -> None:
    only_stop = ["the and of", "of the"]
    with pytest.raises(ValueError):
        ChunkedTfidf(stop_words=["the", "and", "of"], token_pattern=TOKEN_PATTERN).fit(
            _chunks(only_stop, 1)
        )
    with pytest.raises(ValueError):  # every word in every text: cut by max_df
        ChunkedTfidf(token_pattern=TOKEN_PATTERN, max_df=0.5).fit(_chunks(["memo fbi"] * 6, 2))


def test_text_chunks_restart_and_fill_missing_text() -> None:
    series = pd.Series(["a b", None, "c", np.nan, "d"], dtype=object)
    chunks = text_chunks(series, 2)
    assert list(chunks()) == [["a b", ""], ["c", ""], ["d"]]
    assert list(chunks()) == [["a b", ""], ["c", ""], ["d"]]


def _documents(n: int, seed: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    texts = _texts(n, seed)
    return pd.DataFrame(
        {
            "doc_id": [f"t{r // 5}#{r % 5}" for r in range(n)],
            "transcript": [f"t{r // 5}" for r in range(n)],
            "block": [r % 5 for r in range(n)],
            "text": texts,
            "air_date": pd.to_datetime("2018-01-01")
            + pd.to_timedelta(rng.integers(0, 40, n), unit="D"),
            "kind": ["open" if r % 5 == 0 else "story" for r in range(n)],
        }
    )


def test_block_views_read_in_chunks_are_the_all_at_once_views() -> None:
    docs = _documents(300, seed=7)
    names = pd.DataFrame({"transcript": [], "block": [], "name": [], "count": []})
    stop = ["the", "and", "of"]
    small = features.block_views(docs, names, stop_words=stop, text_chunk=7, window_words=20)
    large = features.block_views(docs, names, stop_words=stop, text_chunk=10_000, window_words=20)
    texts = docs["text"].tolist()
    # the all-at-once reference: scikit-learn on every text, then the strongest words
    words = TfidfVectorizer(
        stop_words=stop, token_pattern=TOKEN_PATTERN, min_df=2, max_df=0.5, dtype=np.float64
    ).fit_transform(texts)
    assert _same(small.words, features._top_k(words, 100))
    windows, owners = features._windows_of_blocks(texts, small.linkable, 20)
    assert len(windows) >= 80  # enough windows for the words context
    counts = CountVectorizer(
        stop_words=stop, token_pattern=TOKEN_PATTERN, min_df=2, max_df=0.5
    ).fit_transform(windows)
    counts = counts.astype(np.float64)
    transformer = TfidfTransformer().fit(counts)
    owner = sparse.csr_matrix(
        (np.ones(len(owners)), (owners, np.arange(len(owners)))), shape=(len(docs), len(owners))
    )
    assert _same(small.window_words, features._top_k(transformer.transform(counts), 100))
    blocks = transformer.transform(sparse.csr_matrix(owner @ counts))
    assert _same(small.block_window_words, features._top_k(blocks, 100))
    assert np.array_equal(small.window_owner, owners)
    for view in ("words", "window_words", "block_window_words"):
        assert _same(getattr(small, view), getattr(large, view))
    assert np.array_equal(small.linkable, large.linkable)


def _burst_and_lede_at_once(
    texts: list[str],
    linkable: np.ndarray,
    day: np.ndarray,
    stop: list[str],
    top_words: int,
    lede_words: int,
    burst_days: float = 3.0,
) -> tuple[sparse.csr_matrix, sparse.csr_matrix, sparse.csr_matrix]:
    """The burst, lede and whole-text views as they were first computed, from every text
    at once (main 61b73ed's analytics.stories.features._burst_and_lede): the reference."""
    n = len(texts)
    counter = CountVectorizer(
        stop_words=list(stop), token_pattern=TOKEN_PATTERN, min_df=2, dtype=np.float64
    )
    try:
        counts = counter.fit_transform(
            [t if ok else "" for t, ok in zip(texts, linkable, strict=True)]
        )
    except ValueError:
        empty = sparse.csr_matrix((n, 0))
        return empty, empty, empty
    counts = sparse.csr_matrix(counts)
    presence = (counts > 0).astype(np.float64).tocsr()
    linked = int(linkable.sum())
    df = np.asarray(presence[np.flatnonzero(linkable)].sum(axis=0)).ravel()
    idf = np.log((1.0 + linked) / (1.0 + df)) + 1.0
    weight = presence + features.burst(presence, day, linkable, burst_days)
    bursty = features._top_k(
        sparse.csr_matrix(counts.multiply(weight).multiply(idf[np.newaxis, :])), top_words
    )
    all_df = np.asarray(presence.sum(axis=0)).ravel()
    keep = (all_df <= 0.5 * n).astype(np.float64)
    text_idf = (np.log((1.0 + n) / (1.0 + all_df)) + 1.0) * keep
    ledes = counter.transform(
        [features._lede(t, lede_words) if ok else "" for t, ok in zip(texts, linkable, strict=True)]
    )
    whole = features._l2(counts.multiply(text_idf[np.newaxis, :]))
    lede = features._l2(
        sparse.csr_matrix(ledes, dtype=np.float64).multiply(text_idf[np.newaxis, :])
    )
    return bursty, lede, whole


@pytest.mark.parametrize("seed", [0, 1, 2])
@pytest.mark.parametrize("size", [1, 7, 64, 10_000])
def test_burst_and_lede_views_read_in_chunks_are_the_all_at_once_views(
    seed: int, size: int
) -> None:
    rng = np.random.default_rng(seed)
    n = 150
    texts = _texts(n, seed)
    # some long blocks, so that ledes (the first 10 words of blocks over 20) are cut
    # (their ends say words no lede says: the whole texts' entries a lede cosine never reads)
    tail = ["epilogue", "afterword", "postscript", "appendix"]
    texts = [
        f"{t} {t} {' '.join(rng.choice(tail, 2))}" if rng.uniform() < 0.5 else t for t in texts
    ]
    linkable = np.array([bool(t.strip()) for t in texts]) & (rng.uniform(size=n) < 0.85)
    day = rng.integers(0, 40, n).astype(float)
    day[rng.uniform(size=n) < 0.1] = np.nan  # undated blocks burst among the undated
    stop = ["the", "and", "of"]
    chunked = features._burst_and_lede(
        _chunks(texts, size), n, linkable, day, stop, top_words=8, lede_words=10
    )
    reference = _burst_and_lede_at_once(texts, linkable, day, stop, top_words=8, lede_words=10)
    assert reference[1].nnz > 0 and reference[0].nnz > 0
    assert _same(chunked[0], reference[0])
    assert _same(chunked[1], reference[1])
    # the whole texts keep only the words of some lede, values and order unchanged
    whole = _in_some_lede(reference[2], reference[1])
    assert whole.nnz < reference[2].nnz
    assert _same(chunked[2], whole)
    _assert_same_lede_cosines(chunked[1], chunked[2], reference[1], reference[2], seed)


def _in_some_lede(whole: sparse.csr_matrix, lede: sparse.csr_matrix) -> sparse.csr_matrix:
    """The rows of ``whole`` with only their entries in a column some row of ``lede`` has
    (row by row, in their order)."""
    columns = set(lede.indices.tolist())
    data: list[float] = []
    indices: list[int] = []
    indptr = [0]
    for row in range(whole.shape[0]):
        a, b = whole.indptr[row], whole.indptr[row + 1]
        for value, column in zip(whole.data[a:b], whole.indices[a:b], strict=True):
            if int(column) in columns:
                data.append(float(value))
                indices.append(int(column))
        indptr.append(len(data))
    return sparse.csr_matrix(
        (np.array(data, dtype=np.float64), np.array(indices, dtype=whole.indices.dtype), indptr),
        shape=whole.shape,
    )


def _assert_same_lede_cosines(
    lede: sparse.csr_matrix,
    whole: sparse.csr_matrix,
    full_lede: sparse.csr_matrix,
    full_whole: sparse.csr_matrix,
    seed: int,
) -> None:
    """Every pair's two lede cosines (lede against whole, both ways) are the bytes the
    whole texts' every word gives, whatever pairs are gathered with it."""
    rng = np.random.default_rng(seed)
    n = lede.shape[0]
    i = rng.integers(0, n, 4000)
    j = rng.integers(0, n, 4000)
    for a, b, full_a, full_b in (
        (lede, whole, full_lede, full_whole),
        (whole, lede, full_whole, full_lede),
    ):
        got = features._row_dots_mixed(a, b, i, j)
        want = features._row_dots_mixed(full_a, full_b, i, j)
        assert np.count_nonzero(want) > 100
        assert got.tobytes() == want.tobytes()
        one = np.array(
            [features._row_dots_mixed(a, b, i[k : k + 1], j[k : k + 1])[0] for k in range(50)]
        )
        assert one.tobytes() == want[:50].tobytes()


def test_burst_and_lede_views_of_block_views_and_of_no_words() -> None:
    docs = _documents(200, seed=5)
    docs.loc[docs.index % 11 == 0, "air_date"] = pd.NaT
    # a third of the blocks long enough for a lede of 100 words, ending in words no lede says
    long = docs.index % 3 == 0
    docs.loc[long, "text"] = [
        " ".join([t] * (1 + 200 // max(1, len(t.split()))) + ["epilogue afterword"])
        for t in docs.loc[long, "text"]
    ]
    names = pd.DataFrame({"transcript": [], "block": [], "name": [], "count": []})
    stop = ["the", "and", "of"]
    small = features.block_views(docs, names, stop_words=stop, text_chunk=9, window_words=20)
    texts = docs["text"].tolist()
    reference = _burst_and_lede_at_once(texts, small.linkable, small.day, stop, 100, 100)
    assert _same(small.burst_words, reference[0])
    assert _same(small.lede, reference[1])
    assert _same(small.whole, _in_some_lede(reference[2], reference[1]))
    # the lede feature of pair_features: the bytes of the whole texts' every word
    i, j = features.candidate_pairs(small, window_days=30.0)
    frame = features.pair_features(small, i, j)
    full = 0.5 * (
        features._row_dots_mixed(reference[1], reference[2], i, j)
        + features._row_dots_mixed(reference[2], reference[1], i, j)
    )
    assert np.count_nonzero(full) > 100
    assert frame["lede"].to_numpy().tobytes() == full.tobytes()
    # nothing said twice: empty views of the right height, as before
    views = features._burst_and_lede(
        _chunks(["memo", "fbi", ""], 2), 3, np.ones(3, bool), np.zeros(3), [], 10
    )
    assert [v.shape for v in views] == [(3, 0)] * 3


def test_candidate_keys_flushed_in_small_pieces_give_the_same_pairs(monkeypatch) -> None:
    rng = np.random.default_rng(3)
    n = 300
    words = features._l2(sparse.random(n, 200, density=0.05, random_state=rng, format="csr"))
    names = features._l2(sparse.random(n, 60, density=0.03, random_state=rng, format="csr"))
    presence = (names > 0).astype(np.float64).tocsr()
    day = np.floor(rng.uniform(0, 50, n))
    linkable = rng.uniform(size=n) > 0.1
    args = (words, names, presence, day, linkable)
    whole = candidates.bounded_pairs(*args, window_days=10.0, k=5, rare=8)
    monkeypatch.setattr(candidates, "_PAIR_KEYS", 1)
    pieces = candidates.bounded_pairs(*args, window_days=10.0, k=5, rare=8)
    assert np.array_equal(whole[0], pieces[0]) and np.array_equal(whole[1], pieces[1])
    # the same pairs as the picks of windowed_top_k_chunks plus the rare names' pairs
    q, p, _ = candidates.sorted_picks(
        candidates.windowed_top_k_chunks(
            [words, names],
            [words, names],
            day,
            day,
            5,
            10.0,
            query_rows=np.flatnonzero(linkable),
            pool_rows=np.flatnonzero(linkable),
            self_of=np.arange(n),
        )
    )
    top = set(zip(np.minimum(q, p).tolist(), np.maximum(q, p).tolist(), strict=True))
    found = set(zip(whole[0].tolist(), whole[1].tolist(), strict=True))
    assert top <= found
    assert list(zip(whole[0].tolist(), whole[1].tolist(), strict=True)) == sorted(found)


def test_probability_in_chunks_is_the_whole_arrays(monkeypatch) -> None:
    rng = np.random.default_rng(5)
    weights = link.DEFAULT_WEIGHTS
    frame = pd.DataFrame(rng.normal(size=(1000, len(weights.features))), columns=weights.features)
    frame.iloc[::7, 2] = np.nan
    z = frame[list(weights.features)].to_numpy(dtype=np.float64, copy=True)
    z -= np.asarray(weights.mean)
    z /= np.asarray(weights.scale)
    z[np.isnan(z)] = 0.0
    whole = 1.0 / (1.0 + np.exp(-(weights.intercept + z @ np.asarray(weights.coef))))
    monkeypatch.setattr(link, "PROBABILITY_CHUNK", 64)
    assert weights.probability(frame).tobytes() == whole.tobytes()


def test_pair_features_frame_holds_every_feature() -> None:
    docs = _documents(200, seed=2)
    names = pd.DataFrame({"transcript": [], "block": [], "name": [], "count": []})
    views = features.block_views(docs, names, window_words=20)
    i, j = features.candidate_pairs(views, window_days=30.0)
    frame = features.pair_features(views, i, j)
    assert list(frame.columns) == list(features.FEATURES)
    assert np.allclose(frame["words"], features._row_dots(views.words, i, j))
    same = (views.broadcast[i] == views.broadcast[j]).astype(float)
    assert frame["same_broadcast"].tolist() == same.tolist()
    assert frame["embedding"].isna().all()  # no embeddings given


def test_story_documents_add_transcript_columns_as_the_merge_did() -> None:
    from analytics.pipeline import _story_documents
    from analytics.topics.documents import sort_documents

    docs = pd.DataFrame(
        {
            "transcript": ["b", "a", "a", "c"],
            "block": [0, 1, 0, 0],
            "text": ["x y", None, "z", "w"],
            "headline": ["", "", "", ""],
            "kind": ["story"] * 4,
            "listed": [False] * 4,
        }
    )
    meta = pd.DataFrame(
        {
            "transcript": ["a", "b"],
            "show": ["ac360", "hannity"],
            "network": ["CNN", "FOX"],
            "air_date": pd.to_datetime(["2018-01-02", "2018-01-03"]),
        }
    )
    merged = docs.merge(meta, on="transcript", how="left")
    merged["doc_id"] = merged["transcript"] + "#" + merged["block"].astype(str)
    merged["text"] = merged["text"].fillna("")
    expected = sort_documents(merged)
    got = _story_documents(docs.copy(), meta)
    pd.testing.assert_frame_equal(got[expected.columns], expected)


def test_sorted_documents_are_not_changed_by_a_second_sort() -> None:
    from analytics.topics.documents import sort_documents

    docs = _documents(30, seed=1).sample(frac=1.0, random_state=0)
    once = sort_documents(docs)
    twice = sort_documents(once)
    pd.testing.assert_frame_equal(once, twice)
    twice.loc[0, "text"] = "changed"
    assert once.loc[0, "text"] != "changed"


def test_story_labels_with_texts_read_a_few_blocks_at_a_time(monkeypatch) -> None:
    from analytics.stories import label, tfidf

    docs = _documents(120, seed=9)
    docs["headline"] = ""
    rng = np.random.default_rng(9)
    letters = np.array(list("abcdefghijklmnopqrstuvwxyz"))
    vocabulary = ["".join(rng.choice(letters, 7)) for _ in range(300)]
    # each story of four blocks says words of its own (a tenth of the vocabulary)
    docs["text"] = [
        " ".join(rng.choice(vocabulary[(r // 4) * 10 % 300 :][:30], 25)) for r in range(120)
    ]
    names = pd.DataFrame(
        {
            "transcript": docs["transcript"][:40],
            "block": docs["block"][:40],
            "name": ["devin nunes", "robert mueller"] * 20,
            "count": 1,
        }
    )
    stories = np.arange(len(docs)) // 4
    whole = label.story_labels(docs, stories, names)
    monkeypatch.setattr(label, "BLOCK_CHUNK", 1)  # one story at a time
    monkeypatch.setattr(tfidf, "TEXT_CHUNK", 3)  # a story's blocks counted 3 at a time
    one = label.story_labels(docs, stories, names)
    assert one == whole
    monkeypatch.setattr(label, "BLOCK_CHUNK", 6)  # one story, or a story and a half
    assert label.story_labels(docs, stories, names) == whole
    # the words part is the TF-IDF over the stories' joined texts, as scikit-learn gives it
    texts = [" ".join(docs["text"][stories == s]) for s in range(stories.max() + 1)]
    matrix = TfidfVectorizer(
        stop_words=label_stop_words(), token_pattern=TOKEN_PATTERN, sublinear_tf=True, max_df=0.5
    ).fit(texts)
    assert len(matrix.vocabulary_) > 0
    story = 20  # no names in these blocks: three words
    row = matrix.transform([texts[story]])
    ranked = np.lexsort((row.indices, -row.data))
    top = [matrix.get_feature_names_out()[row.indices[r]] for r in ranked[:3]]
    assert whole[story] == ", ".join(top)


def label_stop_words() -> list[str]:
    from analytics.topics.documents import stop_words

    return list(stop_words(()))


def test_pair_features_scored_in_chunks_and_not_kept(monkeypatch) -> None:
    docs = _documents(300, seed=11)
    kept = link.StoryLinker(window_words=20).fit(docs)
    assert kept.pairs_["words_context"].notna().all()  # the context features are computed
    monkeypatch.setattr(link, "PAIR_FEATURE_CHUNK", 64)  # a multiple of 64, as the default
    lean = link.StoryLinker(window_words=20, keep_features=False).fit(docs)
    assert list(lean.pairs_.columns) == ["i", "j", "probability"]
    assert lean.pairs_["probability"].to_numpy().tobytes() == (
        kept.pairs_["probability"].to_numpy().tobytes()
    )
    assert np.array_equal(lean.pairs_["i"], kept.pairs_["i"])
    assert np.array_equal(lean.labels_, kept.labels_)


def _attach_by_concatenation(labels, i, j, probability, attach):
    """attach_singletons as first written (both directions of every pair concatenated,
    then filtered): the reference for which pairs are kept; the joining is shared."""
    labels = np.asarray(labels).copy()
    sizes = np.bincount(labels, minlength=len(labels))
    a = np.concatenate([i, j]).astype(np.int64)
    b = np.concatenate([j, i]).astype(np.int64)
    p = np.concatenate([probability, probability])
    keep = (sizes[labels[a]] == 1) & (sizes[labels[b]] >= 2) & (p >= attach)
    if not keep.any():
        return labels
    return link.join_likeliest(labels, a[keep], b[keep], p[keep])


@pytest.mark.parametrize("seed", range(6))
def test_attach_singletons_filtered_before_joining_is_the_concatenated_reference(
    seed: int,
) -> None:
    rng = np.random.default_rng(seed)
    n = 300
    labels = rng.integers(0, 120, n)  # about half the items alone in their cluster
    labels = np.array([labels[labels == c].min() if (labels == c).any() else c for c in labels])
    a, b = rng.integers(0, n, 2000), rng.integers(0, n, 2000)
    keep = a != b
    i, j = np.minimum(a, b)[keep], np.maximum(a, b)[keep]
    probability = rng.choice([0.2, 0.5, 0.5, 0.7, 0.9], size=len(i))  # ties too
    got = link.attach_singletons(labels, i, j, probability, 0.5)
    want = _attach_by_concatenation(labels, i, j, probability, 0.5)
    assert np.array_equal(got, want) and got.dtype == want.dtype
    assert not np.array_equal(want, labels)  # some lone items joined
    assert np.array_equal(link.attach_singletons(labels, i, j, probability, 1.0), labels)


def _coo_profile(vals, rows, cols, shape):
    """The profiles' matrix as scipy makes it from COO triples (the reference)."""
    return sparse.csr_matrix(
        (np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))), shape=shape
    )


def test_profile_matrix_is_scipys_csr_of_the_triples() -> None:
    rng = np.random.default_rng(11)
    n_rows, n_cols = 300, 900
    places = rng.choice(n_rows * n_cols, 5000, replace=False)  # no place twice
    rows, cols = places // n_cols, places % n_cols
    vals = rng.uniform(0.01, 1.0, len(places))
    cut = [0, 7, 1000, 1001, 4000, 5000]
    pieces = [
        (vals[a:b], rows[a:b].astype(np.int32), cols[a:b].astype(np.int32))
        for a, b in zip(cut[:-1], cut[1:], strict=True)
    ]
    want = _coo_profile(*[[p[k] for p in pieces] for k in range(3)], (n_rows, n_cols))
    got = candidates._profile_matrix(*[[p[k] for p in pieces] for k in range(3)], (n_rows, n_cols))
    assert _same(got, want)
    assert got.indices.dtype == want.indices.dtype and got.indptr.dtype == want.indptr.dtype
    with pytest.raises(ValueError):  # an entry given twice is refused, not summed
        candidates._profile_matrix(
            [np.ones(2)], [np.zeros(2, np.int32)], [np.ones(2, np.int32)], (3, 3)
        )


@pytest.mark.parametrize("span", [40, 10_000])
def test_context_profiles_made_without_coo_are_the_coo_profiles(monkeypatch, span: int) -> None:
    rng = np.random.default_rng(span)
    n = 400
    words = features._l2(sparse.random(n, 300, density=0.04, random_state=rng, format="csr"))
    pool = features._l2(sparse.random(700, 300, density=0.04, random_state=rng, format="csr"))
    owner = np.sort(rng.integers(0, n, 700))
    day = np.floor(rng.uniform(0, 60, n))
    day[rng.uniform(size=n) < 0.05] = np.nan
    linkable = rng.uniform(size=n) > 0.1
    got = candidates.window_neighbours(words, day, linkable, 12, span)
    got_pool = candidates.pool_neighbours(words, pool, owner, day, linkable, 9, span)
    monkeypatch.setattr(candidates, "_profile_matrix", _coo_profile)
    assert _same(got, candidates.window_neighbours(words, day, linkable, 12, span))
    assert _same(got_pool, candidates.pool_neighbours(words, pool, owner, day, linkable, 9, span))
    assert got.nnz > 0 and got_pool.nnz > 0


def test_story_label_words_are_written_as_the_story_says_them() -> None:
    from analytics.stories import label

    docs = _documents(10, seed=3)
    docs["kind"] = "story"
    docs["headline"] = ""
    docs["text"] = [
        "McGahn and McGahn again: the FISA warrant, a memo about the memo. Memo writers"
        if r < 2
        else f"weather report number {r} with rain and wind over the coast"
        for r in range(10)
    ]
    names = pd.DataFrame(
        {
            "transcript": docs["transcript"][:2].tolist() * 3,
            "block": docs["block"][:2].tolist() * 3,
            "name": ["white house"] * 2 + ["rob porter"] * 2 + ["nunes memo"] * 2,
            "surface": ["White House"] * 2 + ["Rob Porter"] * 2 + ["Nunes Memo"] * 2,
            "count": [9, 9, 8, 8, 1, 1],
        }
    )
    stories = np.array([0, 0, *range(1, 9)])
    chosen, words = label.story_labels(docs, stories, names)[0].split(": ")
    assert chosen == "White House, Rob Porter"
    # as the texts write them: the surname capitalised, the common noun in lower case
    # (a name "Nunes Memo" and a sentence's first word do not make it "Memo")
    assert words.split(", ") == ["memo", "McGahn", "FISA"]  # by weight: 3, 2 and 1 uses
