"""Linking story blocks into stories: a learned merge decision and average-link clustering.

:class:`StoryLinker` follows the scikit-learn contract: ``__init__`` stores its settings,
:meth:`StoryLinker.fit` takes a documents frame (one row per story block, see
:mod:`analytics.topics.documents`) with, optionally, the block names and the block
embeddings the topic stage computed, and sets ``labels_`` (the story of each sorted
document row) and ``stories_`` (one row per story).

How (after the published story-linking systems, ``../shared/reading/stories.md``):

1. every pair of blocks aired at most ``window_days`` apart gets the pair features of
   :mod:`analytics.stories.features`;
2. a logistic regression learned on labelled pairs (:func:`learn_weights`, weights in
   :data:`DEFAULT_WEIGHTS`) turns them into the probability that the two blocks cover one
   story; pairs further apart, and opening rundowns, get 0;
3. average-link agglomerative clustering on 1 - probability, cut at ``threshold``: two
   groups of blocks become one story when their blocks are, on average, likely one story.
   Average link keeps a chain of pairwise look-alikes from gluing related stories together.
   It runs per connected component of the pairs at least ``1 - threshold`` likely, which
   gives the same stories as one clustering of the whole corpus (groups in different
   components are never close enough to merge) at a fraction of the cost;
4. a block the clustering left alone joins the story of its most likely partner when that
   pair is at least ``attach`` likely (:func:`attach_singletons`; a learned cut, part of the
   weights): a short block that tells one side of a story is close to some of its blocks,
   not to all of them on average.

Every block gets a story; a story may have one block; each opening rundown (kind
``"open"``) is a story of its own. Story ids are 0, 1, ... in order of first air date, then
transcript and block, so the same input gives the same ids in any process.

Embeddings are optional and off by default: the lexical model (words, names, their
context, time; :data:`DEFAULT_WEIGHTS`) scored as well as the one with the topic stage's
block embeddings added (:data:`EMBEDDING_WEIGHTS`, used when embeddings are passed) in the
cross-validated benchmark, so linking needs no embedding pass. In inputs too small for the
context features (fewer than 80 linkable blocks) models fitted without them are used
(:func:`default_weights`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import sparse

from analytics.memory import release_memory
from analytics.stories.candidates import CONTEXT_SPAN, TOP_K, bounded_pairs, context_profiles
from analytics.stories.features import (
    EARLIER_FEATURES,
    FEATURES,
    LEXICAL_FEATURES,
    MIN_CONTEXT,
    WINDOW_WORDS,
    BlockViews,
    block_views,
    candidate_pairs,
    context_size,
    pair_features,
)

#: Feature sets with a model of their own: a feature that cannot be computed (no
#: embeddings; the context features in inputs of fewer than 80 blocks) is left out of the
#: model rather than filled in.
FEATURE_SETS: dict[str, tuple[str, ...]] = {
    "lexical": LEXICAL_FEATURES,
    "with embeddings": FEATURES,
    "lexical direct": tuple(f for f in LEXICAL_FEATURES if not f.endswith("_context")),
    "direct with embeddings": tuple(f for f in FEATURES if not f.endswith("_context")),
}
#: The feature sets before ``words_burst`` and ``lede`` (:data:`DIRECT_WEIGHTS` and the
#: models with embeddings were fitted on them).
EARLIER_SETS: dict[str, tuple[str, ...]] = {
    name: tuple(f for f in features if f in EARLIER_FEATURES)
    for name, features in FEATURE_SETS.items()
}

__all__ = [
    "DEFAULT_WEIGHTS",
    "DIRECT_WEIGHTS",
    "EMBEDDING_DIRECT_WEIGHTS",
    "EMBEDDING_WEIGHTS",
    "FEATURE_SETS",
    "LinkWeights",
    "StoryLinker",
    "attach_singletons",
    "cluster_pairs",
    "default_weights",
    "join_likeliest",
    "learn_weights",
]


#: Pairs whose features are made at once when they are not kept
#: (``StoryLinker(keep_features=False)``: about 16 MB of features); a multiple of 64, as
#: :data:`PROBABILITY_CHUNK`, so each pair is scored by the same vector kernel as in one
#: array (a chunk of a few pairs can differ in the last bit).
PAIR_FEATURE_CHUNK = 200_000
#: Pairs scored at once by :meth:`LinkWeights.probability` (a multiple of 64: the chunks
#: start where the whole array's rows would, for the vector kernels).
PROBABILITY_CHUNK = 65_536


@dataclass(frozen=True)
class LinkWeights:
    """A fitted merge decision: ``p = sigmoid(intercept + sum(coef * (x - mean) / scale))``
    over ``features`` (a feature that could not be computed, NaN, counts as its mean);
    ``threshold`` is where average-link clustering stops (a distance, 1 - probability);
    ``attach``: the probability a block left alone by the clustering needs with its most
    likely partner to join that partner's story (``None``: lone blocks stay alone)."""

    features: tuple[str, ...]
    coef: tuple[float, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    intercept: float
    threshold: float
    attach: float | None = None

    def probability(self, frame: pd.DataFrame) -> np.ndarray:
        """Probability that each pair of ``frame`` (pair feature columns) is one story."""
        columns = [frame[f].to_numpy(dtype=np.float64) for f in self.features]
        out = np.empty(len(frame), dtype=np.float64)
        # in chunks of pairs: one chunk x features array at a time, laid out by column as
        # the frame's own array was (the same products, bit for bit)
        for s in range(0, len(frame), PROBABILITY_CHUNK):
            e = min(len(frame), s + PROBABILITY_CHUNK)
            z = np.empty((e - s, len(columns)), dtype=np.float64, order="F")
            for c, values in enumerate(columns):
                z[:, c] = values[s:e]
            z -= np.asarray(self.mean)
            z /= np.asarray(self.scale)
            z[np.isnan(z)] = 0.0  # a feature not computed counts as average
            logit = self.intercept + z @ np.asarray(self.coef)
            out[s:e] = 1.0 / (1.0 + np.exp(-logit))
        return out


def learn_weights(
    frame: pd.DataFrame,
    same: Sequence[bool] | np.ndarray,
    *,
    features: Sequence[str] = FEATURES,
    threshold: float = 0.8,
    regularisation: float = 1.0,
) -> LinkWeights:
    """Fit the merge decision on labelled pairs: ``frame`` holds their pair features,
    ``same`` whether the two blocks have one story id. ``threshold`` is stored as given
    (choose it by cross-validation, see ``benchmarks/stories.py``)."""
    from sklearn.linear_model import LogisticRegression

    y = np.asarray(same, dtype=int)
    if len(set(y.tolist())) < 2:
        raise ValueError("labelled pairs need both same-story and different-story pairs")
    x = frame[list(features)].to_numpy(dtype=np.float64)
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale == 0] = 1.0
    model = LogisticRegression(C=regularisation, max_iter=5000)
    model.fit((x - mean) / scale, y)
    return LinkWeights(
        features=tuple(features),
        coef=tuple(round(float(c), 6) for c in model.coef_[0]),
        mean=tuple(round(float(m), 6) for m in mean),
        scale=tuple(round(float(s), 6) for s in scale),
        intercept=round(float(model.intercept_[0]), 6),
        threshold=float(threshold),
    )


def cluster_pairs(
    n: int,
    i: np.ndarray,
    j: np.ndarray,
    probability: np.ndarray,
    threshold: float,
    attach: float | None = None,
) -> np.ndarray:
    """Average-link clusters of ``n`` items from pair probabilities (absent pairs: 0), cut
    where the average distance 1 - p exceeds ``threshold``; then, when ``attach`` is given,
    each item left alone joins the cluster of two or more items holding its most likely
    partner, if that pair's probability is at least ``attach`` (:func:`attach_singletons`).
    Returns a cluster number per item: the smallest item index of its cluster."""
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.sparse.csgraph import connected_components

    labels = np.arange(n)
    close = probability >= 1.0 - threshold
    if n == 0 or not close.any():
        return labels
    graph = sparse.csr_matrix((np.ones(int(close.sum())), (i[close], j[close])), shape=(n, n))
    _, component = connected_components(graph, directed=False)
    members: dict[int, list[int]] = {}
    for item, comp in enumerate(component.tolist()):
        members.setdefault(comp, []).append(item)
    pair_p = sparse.csr_matrix((probability, (i, j)), shape=(n, n))
    groups: list[np.ndarray] = []
    for group in members.values():
        if len(group) > MAX_COMPONENT:
            groups.extend(_bounded_parts(np.asarray(group), pair_p, 1.0 - threshold))
        else:
            groups.append(np.asarray(group))
    for idx in groups:
        if len(idx) < 2:
            continue
        p = pair_p[idx][:, idx].toarray()
        dist = 1.0 - np.maximum(p, p.T)
        np.fill_diagonal(dist, 0.0)
        condensed = dist[np.triu_indices(len(idx), 1)]
        tree = linkage(condensed, method="average")
        flat = fcluster(tree, t=threshold, criterion="distance")
        for c in np.unique(flat):
            items = idx[flat == c]
            labels[items] = items.min()
    if attach is not None:
        labels = attach_singletons(labels, i, j, probability, attach)
    return labels


#: Largest group clustered at once (a dense distance matrix of its blocks: 2,000 blocks
#: about 32 MB); a larger component of close pairs is cut first (:func:`_bounded_parts`).
MAX_COMPONENT = 2000


def _bounded_parts(idx: np.ndarray, pair_p: sparse.csr_matrix, close: float) -> list[np.ndarray]:
    """Cut the component ``idx`` into parts of at most :data:`MAX_COMPONENT` items by
    raising the probability a pair needs to hold its blocks together (its least likely
    tenth of close pairs dropped at a time). A guard for memory: average link merges two
    groups only when their blocks are on average close, so a chain of pairs this weak
    seldom holds one story."""
    from scipy.sparse.csgraph import connected_components

    sub = pair_p[idx][:, idx].tocoo()
    keep = sub.data >= close
    rows, cols, vals = sub.row[keep], sub.col[keep], sub.data[keep]
    while True:
        levels = np.unique(vals)
        cut = levels[len(levels) // 10] if len(levels) else 1.0  # at least the weakest
        stay = vals > cut
        rows, cols, vals = rows[stay], cols[stay], vals[stay]
        graph = sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(idx),) * 2)
        _, comp = connected_components(graph, directed=False)
        sizes = np.bincount(comp)
        if sizes.max() <= MAX_COMPONENT:
            break
    parts: list[np.ndarray] = []
    for c in range(len(sizes)):
        parts.append(idx[comp == c])
    return parts


def attach_singletons(
    labels: np.ndarray, i: np.ndarray, j: np.ndarray, probability: np.ndarray, attach: float
) -> np.ndarray:
    """Each item alone in its cluster joins the cluster (of two or more items, before any
    joining) of its most likely partner when their pair probability is at least ``attach``
    (ties: the partner with the smallest index). Average link asks a block to be likely one
    story with the story's blocks on average; a short block that names one side of a story
    is close to some of its blocks only. Returns cluster numbers as :func:`cluster_pairs`.

    >>> attach_singletons(np.array([0, 0, 2, 3]), np.array([0, 1, 1]), np.array([1, 2, 3]),
    ...                   np.array([0.9, 0.4, 0.1]), 0.3).tolist()
    [0, 0, 0, 3]
    """
    labels = np.asarray(labels).copy()
    n = len(labels)
    sizes = np.bincount(labels, minlength=n)
    i, j, probability = np.asarray(i), np.asarray(j), np.asarray(probability)
    # both directions of each pair (i -> j, then j -> i), filtered before they are joined:
    # a few arrays of the kept pairs, not copies of every pair's
    lone = sizes[labels] == 1
    grouped = sizes[labels] >= 2
    likely = probability >= attach
    forward = likely & lone[i] & grouped[j]
    backward = likely & lone[j] & grouped[i]
    del likely
    if not (forward.any() or backward.any()):
        return labels
    a = np.concatenate([i[forward], j[backward]]).astype(np.int64)
    b = np.concatenate([j[forward], i[backward]]).astype(np.int64)
    p = np.concatenate([probability[forward], probability[backward]])
    return join_likeliest(labels, a, b, p)


def join_likeliest(labels: np.ndarray, a: np.ndarray, b: np.ndarray, p: np.ndarray) -> np.ndarray:
    """Each item of ``a`` joins the cluster of its likeliest partner in ``b`` (probability
    ``p``; ties: the smallest partner); clusters renumbered by their smallest item, as
    :func:`cluster_pairs` numbers them.

    >>> join_likeliest(np.array([0, 0, 2, 3]), np.array([2, 2]), np.array([0, 3]),
    ...                np.array([0.5, 0.9])).tolist()
    [0, 0, 2, 2]
    """
    order = np.lexsort((b, -p, a))  # per item: most likely partner first
    a, b = a[order], b[order]
    first = np.ones(len(a), dtype=bool)
    first[1:] = a[1:] != a[:-1]
    joined = labels.copy()
    joined[a[first]] = labels[b[first]]
    smallest: dict[int, int] = {}
    for item, cluster in enumerate(joined.tolist()):
        smallest.setdefault(cluster, item)
    return np.array([smallest[c] for c in joined.tolist()], dtype=labels.dtype)


#: The default's weights were learned on the story labels of the 105 annotated transcripts
#: (611 labelled blocks, 323 stories, the blocks cut where the annotators cut them; the
#: other models on the first 53 of them, 303 blocks, 183 stories). The default's threshold
#: and attach cut are one pair for every input, chosen in the cross-validation (five folds
#: by story, each fold's weights learned without it): the pair linking most same-story
#: pairs among those keeping at least 98% of the different-story pairs apart (the floor
#: the stories are held to) both on the annotated blocks and on the segmenter's, which ``run`` and the command line link
#: (``benchmarks/stories.py --fit``); the other models' thresholds are the medians of the
#: folds' choices from before (see the README).
#:
#: Words, names, context, time, the words' burst and the lede, without embeddings: the
#: default. The other models keep the features they were fitted on
#: (:data:`analytics.stories.features.EARLIER_FEATURES`). With the block embeddings added
#: (:data:`EMBEDDING_WEIGHTS`) the cross-validated figures were no better
#: (``analytics/stories/README.md``), so the pipeline does not pass embeddings.
DEFAULT_WEIGHTS = LinkWeights(
    features=LEXICAL_FEATURES,
    coef=(
        -1.125161,
        -0.618284,
        0.770955,
        0.725624,
        0.807972,
        0.112119,
        0.212457,
        -0.224552,
        1.094201,
        0.627608,
    ),
    mean=(
        0.034618,
        0.058934,
        1.771324,
        0.041402,
        0.094832,
        0.315396,
        0.72333,
        0.023702,
        0.030632,
        0.027739,
    ),
    scale=(
        0.063899,
        0.095393,
        1.360889,
        0.111765,
        0.152452,
        0.374308,
        0.265356,
        0.152119,
        0.06359,
        0.03951,
    ),
    intercept=-4.444829,
    threshold=0.8,
    attach=0.3,
)
#: With the block embeddings (used when embeddings are passed to :meth:`StoryLinker.fit`).
EMBEDDING_WEIGHTS = LinkWeights(
    features=EARLIER_FEATURES,
    coef=(
        -0.850297,
        -0.007893,
        -0.410149,
        1.388523,
        0.264067,
        1.441127,
        0.196394,
        0.927714,
        -0.282316,
        -0.171644,
    ),
    mean=(
        0.030983,
        0.055611,
        1.718944,
        0.052834,
        0.080199,
        0.380803,
        0.131002,
        0.346675,
        0.76585,
        0.051143,
    ),
    scale=(
        0.060981,
        0.089449,
        1.302935,
        0.129316,
        0.134433,
        0.196565,
        0.17744,
        0.38126,
        0.236721,
        0.220289,
    ),
    intercept=-4.938597,
    threshold=0.575,
)
#: Without the context features (inputs of fewer than 80 linkable blocks).
DIRECT_WEIGHTS = LinkWeights(
    features=EARLIER_SETS["lexical direct"],
    coef=(0.85895, 0.401944, 0.312707, 0.755835, -0.255638, -0.238061),
    mean=(0.030983, 0.055611, 1.718944, 0.346675, 0.76585, 0.051143),
    scale=(0.060981, 0.089449, 1.302935, 0.38126, 0.236721, 0.220289),
    intercept=-3.939898,
    threshold=0.775,
)
#: With embeddings, without the context features.
EMBEDDING_DIRECT_WEIGHTS = LinkWeights(
    features=EARLIER_SETS["direct with embeddings"],
    coef=(0.481137, 0.233112, -0.763061, 1.975542, 0.843994, -0.313046, -0.127653),
    mean=(0.030983, 0.055611, 1.718944, 0.380803, 0.346675, 0.76585, 0.051143),
    scale=(0.060981, 0.089449, 1.302935, 0.196565, 0.38126, 0.236721, 0.220289),
    intercept=-4.736497,
    threshold=0.6,
)


def default_weights(*, embeddings: bool, context: bool) -> LinkWeights:
    """The learned weights for what can be computed."""
    if embeddings:
        return EMBEDDING_WEIGHTS if context else EMBEDDING_DIRECT_WEIGHTS
    return DEFAULT_WEIGHTS if context else DIRECT_WEIGHTS


class StoryLinker:
    """Link story blocks across transcripts into stories.

    Parameters: ``weights`` (a :class:`LinkWeights`; default :func:`default_weights` for
    what the input allows), ``threshold`` (overrides the weights'
    cut), ``window_days`` (blocks further apart are never one story), ``neighbours`` (for
    the context features), ``top_words`` (words kept per block), ``stop_words`` (extra
    words never counted: pass the transcripts' speaker names,
    :func:`analytics.topics.transcript_stop_words`), ``candidates`` (partners compared per
    block, :mod:`analytics.stories.candidates`; ``None``: every pair in the window, whose
    count grows with the square of the blocks a window holds), ``keep_features`` (``False``:
    the pair features are made and scored in chunks of pairs and not kept, ``pairs_`` then
    holds ``i, j, probability`` only: memory bounded by the chunk), ``random_state`` (kept
    for the contract: nothing in the fit is random).

    Fitted attributes: ``documents_`` (the sorted documents), ``labels_`` (story id per
    row), ``stories_`` (``story, blocks, kind`` per story; labels and dates come from
    :mod:`analytics.stories.tables`), ``pairs_`` (candidate pairs with their features and
    probability), ``views_`` (the blocks' views; ``None`` with ``keep_features=False``,
    dropped before the clustering), ``weights_`` (the weights used).

    >>> import pandas as pd
    >>> docs = pd.DataFrame({
    ...     "doc_id": ["a#0", "b#0"], "transcript": ["a", "b"], "block": [0, 0],
    ...     "text": ["The memo was released.", "Weather today."],
    ...     "air_date": pd.to_datetime(["2018-02-02", "2018-02-02"]), "kind": "story"})
    >>> StoryLinker().fit(docs).labels_.tolist()
    [0, 1]
    """

    def __init__(
        self,
        *,
        weights: LinkWeights | None = None,
        threshold: float | None = None,
        window_days: float = 30.0,
        neighbours: int = 50,
        top_words: int = 100,
        window_words: int | None = WINDOW_WORDS,
        stop_words: Sequence[str] = (),
        candidates: int | None = TOP_K,
        keep_features: bool = True,
        random_state: int | None = None,
    ) -> None:
        self.keep_features = keep_features
        self.weights = weights
        self.candidates = candidates
        self.threshold = threshold
        self.window_days = window_days
        self.neighbours = neighbours
        self.top_words = top_words
        self.window_words = window_words
        self.stop_words = stop_words
        self.random_state = random_state

    def _weights(self, embeddings: np.ndarray | None, linkable: int) -> LinkWeights:
        context = context_size(linkable, self.neighbours) >= MIN_CONTEXT
        weights = self.weights
        if weights is None:
            weights = default_weights(embeddings=embeddings is not None, context=context)
        if embeddings is None and any(f.startswith("embedding") for f in weights.features):
            raise ValueError("these weights use embedding features: pass embeddings")
        return weights

    def views(
        self,
        documents: pd.DataFrame,
        names: pd.DataFrame | None = None,
        embeddings: np.ndarray | None = None,
    ) -> BlockViews:
        """The :class:`BlockViews` of sorted ``documents`` (names found in the text when
        ``names`` is ``None``)."""
        from analytics.stories.names import names_from_documents
        from analytics.topics.documents import stop_words

        if names is None:
            names = names_from_documents(documents)
        return block_views(
            documents,
            names,
            embeddings=embeddings,
            stop_words=stop_words(self.stop_words),
            top_words=self.top_words,
            window_words=self.window_words,
        )

    def pairs(self, views: BlockViews) -> tuple[np.ndarray, np.ndarray]:
        """Candidate pairs: each block's ``candidates`` most similar blocks in the window
        and the pairs sharing a rare name (:func:`analytics.stories.candidates.bounded_pairs`),
        or, with ``candidates=None``, every pair in the window."""
        if self.candidates is None:
            return candidate_pairs(views, window_days=self.window_days)
        k = context_size(int(views.linkable.sum()), self.neighbours)
        context = (
            context_profiles([views.words, views.names], views.day, views.linkable, k)
            if k >= MIN_CONTEXT
            else []
        )
        return bounded_pairs(
            views.words,
            views.names,
            views.name_presence,
            views.day,
            views.linkable,
            window_days=self.window_days,
            k=self.candidates,
            context=context,
        )

    def pair_features(
        self,
        views: BlockViews,
        i: np.ndarray,
        j: np.ndarray,
        profiles: dict[str, sparse.csr_matrix] | None = None,
    ) -> pd.DataFrame:
        """The pair features of ``(i, j)``; with bounded candidates the context features'
        neighbours are bounded too (:data:`analytics.stories.candidates.CONTEXT_SPAN`).
        ``profiles``: kept from one call to the next (pairs in chunks)."""
        span = None if self.candidates is None else CONTEXT_SPAN
        return pair_features(
            views, i, j, neighbours=self.neighbours, context_span=span, profiles=profiles
        )

    def _scored_pairs(
        self, views: BlockViews, i: np.ndarray, j: np.ndarray, weights: LinkWeights
    ) -> tuple[pd.DataFrame, np.ndarray]:
        """The pairs' features (an empty frame unless ``keep_features``) and probability;
        without ``keep_features`` the features are made and scored
        :data:`PAIR_FEATURE_CHUNK` pairs at a time (the same probabilities)."""
        if self.keep_features:
            frame = self.pair_features(views, i, j)
            return frame, weights.probability(frame) if len(frame) else np.zeros(0)
        probability = np.zeros(len(i), dtype=np.float64)
        profiles: dict[str, sparse.csr_matrix] = {}
        for s in range(0, len(i), PAIR_FEATURE_CHUNK):
            e = s + PAIR_FEATURE_CHUNK
            part = self.pair_features(views, i[s:e], j[s:e], profiles)
            probability[s:e] = weights.probability(part)
        return pd.DataFrame(index=pd.RangeIndex(len(i))), probability

    def fit(
        self,
        documents: pd.DataFrame,
        y: object = None,
        *,
        names: pd.DataFrame | None = None,
        embeddings: np.ndarray | None = None,
    ) -> StoryLinker:
        """Link the blocks of ``documents``.

        ``names``: the blocks' names (:func:`analytics.stories.names_table`); found in the
        documents' text when absent. ``embeddings``: one row per document in the order of
        ``documents`` (the topic stage's block vectors), or ``None``.
        """
        from analytics.topics.documents import sort_documents

        if self.window_days <= 0:
            raise ValueError("window_days must be positive")
        if self.neighbours < 1 or self.top_words < 1:
            raise ValueError("neighbours and top_words must be positive")
        if self.window_words is not None and self.window_words < 1:
            raise ValueError("window_words must be positive (or None)")
        if embeddings is not None:
            embeddings = np.asarray(embeddings, dtype=np.float64)
            if embeddings.ndim != 2 or embeddings.shape[0] != len(documents):
                raise ValueError("embeddings need one row per document")
            order = documents.assign(_row=np.arange(len(documents)))
            order = sort_documents(order)["_row"].to_numpy()
            embeddings = embeddings[order]
        docs = sort_documents(documents)
        views = self.views(docs, names, embeddings)
        release_memory()  # what tokenising the texts freed, handed back before the pairs
        weights = self._weights(embeddings, int(views.linkable.sum()))
        threshold = weights.threshold if self.threshold is None else float(self.threshold)
        if self.candidates is not None and self.candidates < 1:
            raise ValueError("candidates must be positive or None")
        i, j = self.pairs(views)
        frame, probability = self._scored_pairs(views, i, j, weights)
        n = views.n
        if not self.keep_features:  # the views are not kept: gone before the clustering
            views = None
        clusters = cluster_pairs(n, i, j, probability, threshold, weights.attach)
        self.documents_ = docs
        self.views_ = views
        self.weights_ = weights
        self.threshold_ = threshold
        frame["i"], frame["j"], frame["probability"] = i, j, probability  # no copy of frame
        self.pairs_ = frame
        self.labels_ = _story_ids(docs, clusters)
        self.stories_ = _story_frame(docs, self.labels_)
        return self

    def fit_predict(
        self, documents: pd.DataFrame, y: object = None, **kwargs: object
    ) -> np.ndarray:
        """:meth:`fit`, then ``labels_``."""
        return self.fit(documents, y, **kwargs).labels_  # type: ignore[arg-type]


def _story_ids(docs: pd.DataFrame, clusters: np.ndarray) -> np.ndarray:
    """Renumber clusters 0, 1, ... by (first air date, transcript, block) of each."""
    dates = pd.to_datetime(docs["air_date"])
    when = dates.to_numpy().astype("datetime64[ns]").astype(np.int64)
    when[dates.isna().to_numpy()] = np.iinfo(np.int64).max  # undated blocks last
    keys = pd.DataFrame(
        {
            "date": when,
            "transcript": docs["transcript"].astype(str).to_numpy(),
            "block": docs["block"].astype(int).to_numpy(),
            "cluster": np.asarray(clusters),
        }
    ).sort_values(["date", "transcript", "block"], kind="stable")
    order = pd.unique(keys["cluster"].to_numpy())  # clusters by their first block
    number = np.empty(int(np.max(clusters)) + 1 if len(clusters) else 0, dtype=np.int64)
    number[order] = np.arange(len(order))
    return number[np.asarray(clusters)].astype(np.int64)


def _story_frame(docs: pd.DataFrame, labels: np.ndarray) -> pd.DataFrame:
    kinds = docs["kind"].fillna("story").astype(str) if "kind" in docs else None
    stories, blocks = np.unique(labels, return_counts=True)
    kind = np.full(len(stories), "story", dtype=object)
    if kinds is not None:
        not_open = np.bincount(
            np.searchsorted(stories, labels),
            weights=(kinds.to_numpy() != "open").astype(float),
            minlength=len(stories),
        )
        kind[not_open == 0] = "open"
    return pd.DataFrame(
        {"story": stories.astype(int), "blocks": blocks.astype(int), "kind": kind.astype(str)},
        columns=["story", "blocks", "kind"],
    )
