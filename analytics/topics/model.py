"""The BERTopic configuration and fit: every part explicit, seeded, and sized to the corpus.

:func:`fit_topics` takes a documents frame (see :mod:`analytics.topics.documents`) and returns
a :class:`TopicResult`. Which path it takes depends on the corpus size, and the result says:

``"blocks"``
    The usual path: each story block is a document. UMAP (cosine, ``random_state=seed``,
    PCA start) reduces the block embeddings to 5 dimensions, HDBSCAN clusters them with a
    ``min_cluster_size`` that grows with the number of blocks.
``"sampled"``
    More than ``max_fit_docs`` distinct blocks (600 by default): the model is fitted as on
    the blocks path on a sample of that size, stratified by programme and drawn with
    ``sample_seed`` (not ``seed``: a new UMAP seed keeps the sample), and every
    other block is placed in a topic by its words (TF-IDF against each topic's sampled
    blocks), with no embedding (:mod:`analytics.topics.corpus`). The embedding work, the
    part that costs, stays the same however large the corpus grows.
``"passages"``
    Fewer than ``min_blocks`` blocks (one transcript has about six: too few to cluster): the
    blocks are cut into sentence-aligned passages of about ``passage_words`` words, the
    passages are clustered as above, and each block takes the topic most of its passages
    have (ties: the larger summed similarity, then the lower id); its probability is the share
    of its passages in that topic.
``"agglomerative"``
    Fewer than ``min_units`` passages, too few for UMAP and HDBSCAN: no reduction, and
    average-linkage agglomerative clustering on cosine distance with about sqrt(n/2) clusters.

Embeddings: MiniLM reads at most 256 word pieces, so a block is cut into sentence-aligned
windows of ``window_words`` words and represented by its ``max_windows`` most central
windows (by default one: the window whose words are closest to the whole block's; see
:func:`~analytics.topics.embed.select_windows`); ``max_windows=None`` pools every window.

Reproducibility: documents are sorted by ``(transcript, block)`` before anything else, exact
duplicate texts (teases, sign-offs) are fitted once and their topic copied, UMAP starts from
PCA rather than a spectral layout (unstable on the disconnected pieces duplicates make), and
the seed is a parameter handed to UMAP, the sampler and the TF-IDF backend; nothing global.

Outliers: HDBSCAN leaves points it cannot place as -1. With ``outlier_strategy="embeddings"``
each outlier joins the topic whose centroid embedding is most similar (cosine), when that
similarity is at least ``outlier_threshold``; the rest stay -1. After that the c-TF-IDF
keywords are recomputed from the final assignment (``update_topics``) and the topic
centroids are recomputed from the embeddings.

Keywords: c-TF-IDF (frequent words damped) proposes 30 candidates per topic, and
``keywords="coverage"`` (the default) re-ranks them by c-TF-IDF x sqrt(share of the topic's
documents containing the word), so that a topic's words describe most of its blocks rather
than one long one (:mod:`analytics.topics.represent`); ``keywords="c-tf-idf"`` keeps
BERTopic's plain ranking.
"""

from __future__ import annotations

import logging
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd

from analytics.minilm import set_offline
from analytics.progress import progress_bar
from analytics.topics.documents import passages, sort_documents, stop_words
from analytics.topics.embed import (
    DEFAULT_CACHE_DIR,
    Embedder,
    EmbeddingCache,
    MiniLMEmbedder,
    TfidfEmbedder,
    backend_name,
    embed_texts,
    make_embedder,
)

FitPath = Literal["blocks", "sampled", "passages", "agglomerative"]
OutlierStrategy = Literal["embeddings", "c-tf-idf", "none"]
KeywordRanking = Literal["coverage", "c-tf-idf"]

TOKEN_PATTERN = r"(?u)\b[^\W\d_]{3,}\b"


@dataclass(frozen=True)
class TopicConfig:
    """Knobs of :func:`fit_topics`; ``None`` means sized from the data (see the module doc)."""

    min_blocks: int = 40
    passage_words: int = 60
    min_units: int = 30
    max_fit_docs: int = 600
    sample_seed: int = 0
    window_words: int = 150
    max_windows: int | None = 1  # the block's most central window (None: every window)
    n_components: int = 5
    n_neighbors: int | None = None
    min_cluster_size: int | None = None
    min_samples: int | None = None
    cluster_selection: Literal["auto", "eom", "leaf"] = "auto"
    leaf_from: int = 200
    outlier_strategy: OutlierStrategy = "embeddings"
    outlier_threshold: float = 0.3
    top_n_words: int = 10
    keywords: KeywordRanking = "coverage"


@dataclass(frozen=True)
class TopicResult:
    """A fitted topic model and its assignments.

    ``documents``: the sorted input frame plus ``topic``, ``probability`` (HDBSCAN membership
    of the block, or its passages' share on the small-input paths; 0 for reassigned
    outliers and placed blocks), ``similarity`` (cosine to the topic centroid; NaN for a
    placed block) and ``placed`` (the sampled path placed the block by its words).
    ``units``: what the model was fitted on (blocks, or passages; the sample on the sampled
    path), with ``doc_id``, ``text``, ``topic``. ``topics``: one row per topic id with
    ``label``, ``words``, ``size`` (blocks) and ``units``. ``timings``: seconds spent
    embedding (``embed``) and fitting everything else (``fit``; and ``scan``, ``place`` on
    the sampled path).
    """

    model: Any
    documents: pd.DataFrame
    units: pd.DataFrame
    topics: pd.DataFrame
    path: FitPath
    backend: str
    seed: int
    unit_embeddings: np.ndarray
    outliers_before: int
    config: TopicConfig
    embedder: Embedder = field(repr=False)
    timings: dict[str, float] = field(default_factory=dict, compare=False)


class _OneCluster:
    """A clusterer for a single point: label 0."""

    def fit(self, X: np.ndarray, y: object = None) -> _OneCluster:  # noqa: N803
        self.labels_ = np.zeros(len(X), dtype=int)
        return self


def _bertopic_embedder(
    embedder: Embedder, window_words: int | None, max_windows: int | None = None
) -> Any:
    """Wrap an embedder as BERTopic's backend (used by ``transform`` on new texts)."""
    from bertopic.backend import BaseEmbedder

    class _Backend(BaseEmbedder):
        def __init__(self) -> None:
            super().__init__()
            self.inner = embedder

        def embed(self, documents: list[str], verbose: bool = False) -> np.ndarray:
            return embed_texts(
                self.inner, list(documents), window_words=window_words, max_windows=max_windows
            )

    return _Backend()


@contextmanager
def _quiet_bertopic() -> Iterator[None]:
    """Silence BERTopic's warning about custom topic lists for one call, then restore."""
    log = logging.getLogger("BERTopic")
    level = log.level
    log.setLevel(logging.ERROR)
    try:
        yield
    finally:
        log.setLevel(level)


def neighbours_for(n: int) -> int:
    """UMAP ``n_neighbors``: sqrt(n)/2 clamped to [5, 15], and below n."""
    return int(max(2, min(n - 1, int(np.clip(round(np.sqrt(n) / 2), 5, 15)))))


def min_cluster_size_for(n: int) -> int:
    """HDBSCAN ``min_cluster_size``: n/60 clamped to [4, 500]."""
    return int(np.clip(round(n / 60), 4, 500))


def selection_for(n: int, config: TopicConfig) -> str:
    """HDBSCAN cluster selection: ``"leaf"`` from ``leaf_from`` documents on, else ``"eom"``.

    Measured on the news corpus (about 700 blocks, three UMAP seeds): excess of mass picked
    one or two giant clusters for some seeds (adjusted Rand index 0.20 between seeds), leaf
    selection gave 19 to 22 topics (ARI 0.77). On small inputs with a few clear topics leaf
    selection splits them, so excess of mass stays below ``leaf_from``.
    """
    if config.cluster_selection != "auto":
        return config.cluster_selection
    return "leaf" if n >= config.leaf_from else "eom"


def _vectorizer(extra_stop_words: Iterable[str]) -> Any:
    from sklearn.feature_extraction.text import CountVectorizer

    return CountVectorizer(
        stop_words=stop_words(extra_stop_words), token_pattern=TOKEN_PATTERN, lowercase=True
    )


def _keyword_models(extra_stop_words: Iterable[str], config: TopicConfig) -> dict[str, Any]:
    """How keywords are made, for both the fit and ``update_topics``: the vectorizer,
    c-TF-IDF with frequent words damped, and the ranking (c-TF-IDF re-ranked by in-topic
    coverage, or c-TF-IDF alone)."""
    from bertopic.vectorizers import ClassTfidfTransformer

    representation = None
    if config.keywords == "coverage":
        from analytics.topics.represent import CoverageRepresentation

        representation = CoverageRepresentation()
    return {
        "vectorizer_model": _vectorizer(extra_stop_words),
        "ctfidf_model": ClassTfidfTransformer(reduce_frequent_words=True),
        "representation_model": representation,
    }


def _build_model(
    n: int,
    *,
    seed: int,
    path: FitPath,
    config: TopicConfig,
    extra_stop_words: Iterable[str],
    embedder: Embedder,
    window_words: int | None,
) -> Any:
    from bertopic import BERTopic
    from bertopic.dimensionality import BaseDimensionalityReduction

    if path == "agglomerative":
        from sklearn.cluster import AgglomerativeClustering

        reducer: Any = BaseDimensionalityReduction()
        if n < 2:
            cluster: Any = _OneCluster()
        else:
            k = int(np.clip(round(np.sqrt(n / 2)), 2, n))
            cluster = AgglomerativeClustering(n_clusters=k, metric="cosine", linkage="average")
    else:
        from hdbscan import HDBSCAN
        from umap import UMAP

        mcs = config.min_cluster_size or min_cluster_size_for(n)
        reducer = UMAP(
            n_neighbors=config.n_neighbors or neighbours_for(n),
            n_components=min(config.n_components, n - 2),
            min_dist=0.0,
            metric="cosine",
            init="pca",
            random_state=seed,
            n_jobs=1,
        )
        cluster = HDBSCAN(
            min_cluster_size=mcs,
            min_samples=config.min_samples or max(2, mcs // 2),
            metric="euclidean",
            cluster_selection_method=selection_for(n, config),
            prediction_data=True,
        )
    return BERTopic(
        embedding_model=_bertopic_embedder(embedder, window_words, config.max_windows),
        umap_model=reducer,
        hdbscan_model=cluster,
        **_keyword_models(extra_stop_words, config),
        top_n_words=config.top_n_words,
        calculate_probabilities=False,
        verbose=False,
    )


def _centroids(topics: np.ndarray, embeddings: np.ndarray) -> tuple[list[int], np.ndarray]:
    ids = sorted({int(t) for t in topics})
    rows = [embeddings[topics == t].mean(axis=0) for t in ids]
    matrix = np.asarray(rows, dtype=np.float64)
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return ids, matrix / norms


def _choose_path(n_blocks: int, n_passages: int, config: TopicConfig) -> FitPath:
    if n_blocks >= config.min_blocks:
        return "blocks"
    return "passages" if n_passages >= config.min_units else "agglomerative"


def fit_topics(
    documents: pd.DataFrame,
    *,
    backend: str | Embedder = "minilm",
    seed: int = 0,
    cache_dir: Path | str | None = DEFAULT_CACHE_DIR,
    config: TopicConfig | None = None,
    extra_stop_words: Iterable[str] = (),
    progress: bool = False,
) -> TopicResult:
    """Fit topics on a documents frame (columns ``doc_id, transcript, block, text``, ...).

    ``backend``: ``"minilm"``, ``"tfidf"``, ``"hash"`` or an :class:`Embedder`; a TF-IDF
    backend that is not fitted yet is fitted on the documents with ``seed``. ``cache_dir``:
    where window embeddings of model backends are kept (``None``: no cache).
    ``extra_stop_words``: added to the English, filler and network stop words (pass
    :func:`~analytics.topics.documents.transcript_stop_words` of the transcripts).
    ``progress``: a bar on stderr while windows are embedded (on a terminal only).
    """
    config = config or TopicConfig()
    set_offline()
    docs = sort_documents(documents)
    if docs.empty:
        raise ValueError("no documents to fit topics on")
    extra = sorted(set(extra_stop_words))
    embedder = make_embedder(backend, seed=seed) if isinstance(backend, str) else backend

    n_blocks = int(docs["text"].nunique())
    if n_blocks >= config.min_blocks and n_blocks > config.max_fit_docs:
        return _fit_sampled(
            docs,
            embedder=embedder,
            seed=seed,
            cache_dir=cache_dir,
            config=config,
            extra_stop_words=extra,
            progress=progress,
        )
    pieces = passages(docs, config.passage_words) if n_blocks < config.min_blocks else None
    path = _choose_path(n_blocks, 0 if pieces is None else len(pieces), config)
    units = (docs if pieces is None else pieces)[["doc_id", "text"]].reset_index(drop=True)
    texts = units["text"].tolist()

    started = time.perf_counter()
    if isinstance(embedder, TfidfEmbedder) and embedder.fingerprint_ is None:
        embedder.fit(texts)
    window_words = config.window_words if isinstance(embedder, MiniLMEmbedder) else None
    cache = (
        EmbeddingCache(Path(cache_dir))
        if cache_dir and isinstance(embedder, MiniLMEmbedder)
        else None
    )
    embeddings = embed_texts(
        embedder,
        texts,
        window_words=window_words,
        max_windows=config.max_windows,
        cache=cache,
        progress=progress,
    )

    embedded = time.perf_counter()
    bar = progress_bar(3, "fitting topics", unit="step", enabled=progress)

    # Fit on distinct texts, in sorted document order; duplicates take their first copy's topic.
    first: dict[str, int] = {}
    for i, text in enumerate(texts):
        first.setdefault(text, i)
    distinct = np.array(sorted(first.values()), dtype=int)
    fit_idx = distinct

    model = _build_model(
        len(fit_idx),
        seed=seed,
        path=path,
        config=config,
        extra_stop_words=extra,
        embedder=embedder,
        window_words=window_words,
    )
    fit_texts = [texts[i] for i in fit_idx]
    fit_topics_, fit_probs = model.fit_transform(fit_texts, embeddings=embeddings[fit_idx])
    bar.update(1)
    topic_of = dict(zip(fit_idx.tolist(), (int(t) for t in fit_topics_), strict=True))
    probs = np.zeros(len(fit_idx)) if fit_probs is None else np.asarray(fit_probs, dtype=float)
    prob_of = dict(zip(fit_idx.tolist(), probs.tolist(), strict=True))

    d_topics = [topic_of[i] for i in distinct]
    d_texts = [texts[i] for i in distinct]
    outliers_before = sum(1 for i, t in enumerate(texts) if topic_of[first[t]] == -1)
    has_topics = any(t != -1 for t in d_topics)
    if config.outlier_strategy != "none" and has_topics and -1 in d_topics:
        reduced = model.reduce_outliers(
            d_texts,
            d_topics,
            strategy=config.outlier_strategy,
            threshold=config.outlier_threshold,
            embeddings=embeddings[distinct],
        )
        for i, old, new in zip(distinct.tolist(), d_topics, reduced, strict=True):
            if old == -1 and int(new) != -1:
                topic_of[i] = int(new)
                prob_of[i] = 0.0

    bar.update(1)
    unit_topics = np.array([topic_of[first[t]] for t in texts], dtype=int)
    unit_probs = np.array([prob_of[first[t]] for t in texts], dtype=float)
    centroids = _update(model, texts, unit_topics.tolist(), embeddings, extra, config)
    bar.update(1)
    bar.close()
    ids = sorted({int(t) for t in unit_topics})
    row_of = {t: r for r, t in enumerate(ids)}
    unit_sims = np.einsum(
        "ij,ij->i", embeddings, centroids[[row_of[int(t)] for t in unit_topics]]
    ).astype(float)
    unit_sims[unit_topics == -1] = np.nan

    units["topic"] = unit_topics
    units["probability"] = unit_probs
    units["similarity"] = unit_sims
    docs = _block_topics(docs, units, per_block=pieces is None)
    topics = _topic_table(model, docs, units)
    model.set_topic_labels(dict(zip(topics["topic"], topics["label"], strict=True)))
    return TopicResult(
        model=model,
        documents=docs,
        units=units,
        topics=topics,
        path=path,
        backend=backend_name(embedder),
        seed=seed,
        unit_embeddings=embeddings,
        outliers_before=outliers_before,
        config=config,
        embedder=embedder,
        timings={"embed": embedded - started, "fit": time.perf_counter() - embedded},
    )


def _fit_sampled(
    docs: pd.DataFrame,
    *,
    embedder: Embedder,
    seed: int,
    cache_dir: Path | str | None,
    config: TopicConfig,
    extra_stop_words: list[str],
    progress: bool,
) -> TopicResult:
    """The ``"sampled"`` path: :func:`~analytics.topics.corpus.fit_corpus` on the frame."""
    from analytics.topics.corpus import fit_corpus, frame_batches

    found = fit_corpus(
        frame_batches(docs),
        backend=embedder,
        seed=seed,
        cache_dir=cache_dir,
        config=config,
        extra_stop_words=extra_stop_words,
        progress=progress,
    )
    fit = found.fit
    links = found.block_topics.set_index("doc_id")
    out = docs.copy()
    out["topic"] = links.loc[out["doc_id"], "topic"].to_numpy(dtype=int)
    out["probability"] = links.loc[out["doc_id"], "probability"].to_numpy(dtype=float)
    similarity = fit.documents.drop_duplicates("doc_id").set_index("doc_id")["similarity"]
    out["similarity"] = similarity.reindex(out["doc_id"]).to_numpy(dtype=float)
    out["placed"] = links.loc[out["doc_id"], "placed"].to_numpy(dtype=bool)
    return TopicResult(
        model=fit.model,
        documents=out,
        units=fit.units,
        topics=found.topics,
        path="sampled",
        backend=fit.backend,
        seed=seed,
        unit_embeddings=fit.unit_embeddings,
        outliers_before=fit.outliers_before,
        config=config,
        embedder=fit.embedder,
        timings=dict(found.timings),
    )


def _update(
    model: Any,
    texts: list[str],
    topics: list[int],
    embeddings: np.ndarray,
    extra: list[str],
    config: TopicConfig,
) -> np.ndarray:
    """Set an assignment: sizes, c-TF-IDF keywords and centroid topic embeddings.

    The centroids (one row per topic id in order, -1 first when present) replace BERTopic's
    own, which would otherwise be embeddings of keywords, and would keep no row for -1 when
    the fit had no outliers. Returns the centroids.
    """
    backend, model.embedding_model = model.embedding_model, None
    try:
        with _quiet_bertopic():
            model.update_topics(
                texts,
                topics=topics,
                top_n_words=config.top_n_words,
                **_keyword_models(extra, config),
            )
    finally:
        model.embedding_model = backend
    _, centroids = _centroids(np.asarray(topics, dtype=int), embeddings)
    model.topic_embeddings_ = centroids
    return centroids


def _block_topics(docs: pd.DataFrame, units: pd.DataFrame, *, per_block: bool) -> pd.DataFrame:
    out = docs.copy()
    if per_block:
        by_id = units.set_index("doc_id")
        out["topic"] = by_id.loc[out["doc_id"], "topic"].to_numpy(dtype=int)
        out["probability"] = by_id.loc[out["doc_id"], "probability"].to_numpy(dtype=float)
        out["similarity"] = by_id.loc[out["doc_id"], "similarity"].to_numpy(dtype=float)
        out["placed"] = False
        return out
    topics, probs, sims = [], [], []
    grouped = {k: g for k, g in units.groupby("doc_id", sort=False)}
    for doc_id in out["doc_id"]:
        group = grouped[doc_id]
        counts = Counter(int(t) for t in group["topic"] if t != -1)
        if not counts:
            topics.append(-1)
            probs.append(0.0)
            sims.append(float("nan"))
            continue
        sim_sum = group.groupby("topic")["similarity"].sum()
        best = min(counts, key=lambda t: (-counts[t], -float(sim_sum.get(t, 0.0)), t))
        topics.append(best)
        probs.append(counts[best] / len(group))
        sims.append(float(group.loc[group["topic"] == best, "similarity"].mean()))
    out["topic"] = np.array(topics, dtype=int)
    out["probability"] = probs
    out["similarity"] = sims
    out["placed"] = False
    return out


def _topic_table(model: Any, docs: pd.DataFrame, units: pd.DataFrame) -> pd.DataFrame:
    rows = []
    block_sizes = docs["topic"].value_counts()
    unit_sizes = units["topic"].value_counts()
    for topic in sorted(int(t) for t in model.get_topics()):
        words = tuple(w for w, score in model.get_topic(topic) if w and score > 0)
        label = "outliers" if topic == -1 else ", ".join(words[:4]) or f"topic {topic}"
        rows.append(
            {
                "topic": topic,
                "label": label,
                "words": words,
                "size": int(block_sizes.get(topic, 0)),
                "units": int(unit_sizes.get(topic, 0)),
            }
        )
    return pd.DataFrame(rows, columns=["topic", "label", "words", "size", "units"])
