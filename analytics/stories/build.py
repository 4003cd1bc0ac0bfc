"""From story blocks to the story tables, in one call.

:func:`every_block_documents` is the topic model's documents frame with the blocks that have
no spoken words added back (with empty text), so every block gets a story.
:func:`build_stories` links the blocks (:class:`~analytics.stories.link.StoryLinker`), makes
topics follow stories (:func:`~analytics.stories.agree.majority_topics`: on the story labels
it kept same-story pairs in one topic as often as BERTopic over stories did, and kept more
different-story pairs apart; ``benchmarks/stories.py``), labels the stories and returns the
tables.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from analytics.model import StoryBlock, Transcript

__all__ = [
    "StoryResult",
    "block_embeddings",
    "build_stories",
    "cached_embeddings",
    "every_block_documents",
]


def every_block_documents(
    transcripts: Sequence[Transcript], blocks_by_transcript: Mapping[str, Sequence[StoryBlock]]
) -> pd.DataFrame:
    """:func:`analytics.topics.documents_from_transcripts`, plus a row with empty text for
    each block without spoken words (sorted the same way)."""
    from analytics.topics.documents import documents_from_transcripts, sort_documents

    docs = documents_from_transcripts(transcripts, blocks_by_transcript)
    have = set(zip(docs["transcript"], docs["block"], strict=True))
    extra = []
    for t in transcripts:
        for b in blocks_by_transcript.get(t.source, ()):
            if (t.source, b.index) not in have:
                extra.append(
                    {
                        "doc_id": f"{t.source}#{b.index}",
                        "transcript": t.source,
                        "block": b.index,
                        "text": "",
                        "show": t.show or "",
                        "network": t.network or "",
                        "air_date": pd.Timestamp(t.air_date) if t.air_date else pd.NaT,
                        "headline": b.headline,
                        "kind": b.kind,
                    }
                )
    if not extra:
        return docs
    return sort_documents(pd.concat([docs, pd.DataFrame(extra)], ignore_index=True))


def block_embeddings(result: object, documents: pd.DataFrame) -> np.ndarray | None:
    """The topic stage's vector of each row of ``documents`` (a fitted
    :class:`~analytics.topics.TopicResult`): its block vector, or on the passage paths the
    word-weighted mean of its passages' vectors; ``None`` when a row has no vector."""
    units = result.units  # type: ignore[attr-defined]
    vectors = np.asarray(result.unit_embeddings, dtype=np.float64)  # type: ignore[attr-defined]
    if len(units) != len(vectors) or not len(vectors):
        return None
    words = units["text"].astype(str).str.split().str.len().clip(lower=1).to_numpy(float)
    sums: dict[str, np.ndarray] = {}
    for doc_id, weight, vector in zip(units["doc_id"], words, vectors, strict=True):
        sums[doc_id] = sums.get(doc_id, 0.0) + weight * vector  # type: ignore[assignment,operator]
    out = np.zeros((len(documents), vectors.shape[1]))
    for row, doc_id in enumerate(documents["doc_id"]):
        if doc_id not in sums:
            if str(documents["text"].iloc[row]).strip():
                return None
            continue  # an empty block: no vector, and no link either
        norm = np.linalg.norm(sums[doc_id])
        out[row] = sums[doc_id] / norm if norm else sums[doc_id]
    return out


def cached_embeddings(
    texts: Sequence[str],
    cache_dir: Path | str,
    *,
    backend: str = "minilm-l6-v2",
    window_words: int | None = None,
    max_windows: int | None = None,
) -> np.ndarray | None:
    """Block vectors pooled from an embedding cache the way the topic stage pools them
    (:func:`analytics.topics.embed.embed_texts`), without embedding anything: ``None`` when
    any window of a non-empty text is missing from the cache (a sampled topic fit, another
    backend). Empty texts get a zero vector."""
    from analytics.topics.embed import EmbeddingCache, select_windows, split_windows, text_key
    from analytics.topics.model import TopicConfig

    config = TopicConfig()
    window_words = window_words or config.window_words
    max_windows = max_windows if max_windows is not None else config.max_windows
    cache = EmbeddingCache(Path(cache_dir))
    rows: list[np.ndarray | None] = []
    dim = 0
    for text in texts:
        if not text.strip():
            rows.append(None)
            continue
        windows = select_windows(split_windows(text, window_words), max_windows) or [""]
        vectors = []
        for window in windows:
            vector = cache.get(backend, text_key(window))
            if vector is None:
                return None
            vectors.append(vector)
        weights = np.array([max(1, len(w.split())) for w in windows], dtype=np.float64)
        pooled = (weights[:, np.newaxis] * np.stack(vectors)).sum(axis=0) / weights.sum()
        norm = np.linalg.norm(pooled)
        rows.append(pooled / norm if norm else pooled)
        dim = len(pooled)
    if dim == 0:
        return None
    return np.stack([np.zeros(dim) if r is None else r for r in rows])


@dataclass(frozen=True)
class StoryResult:
    """Fitted linker and tables: ``stories`` (:data:`~analytics.stories.tables.STORY_COLUMNS`),
    ``block_stories`` (``transcript, block, story``) and, when topics were given,
    ``block_topics`` (``transcript, block, topic, block_topic``: the story's topic and the
    topic BERTopic gave the block)."""

    linker: object
    documents: pd.DataFrame
    stories: pd.DataFrame
    block_stories: pd.DataFrame
    block_topics: pd.DataFrame | None


def build_stories(
    documents: pd.DataFrame,
    *,
    names: pd.DataFrame | None = None,
    embeddings: np.ndarray | None = None,
    block_topics: pd.DataFrame | None = None,
    listed: pd.DataFrame | None = None,
    coverage: pd.DataFrame | None = None,
    stop_words: Sequence[str] = (),
    seed: int | None = None,
) -> StoryResult:
    """Link ``documents`` into stories and make the tables.

    ``block_topics``: ``transcript, block, topic`` (BERTopic's topic of each block): each
    story then takes its blocks' word-weighted majority topic. ``listed``: which blocks'
    headlines come from a story list (:func:`~analytics.stories.label.listed_headlines`).
    ``coverage``: per-block ``words, minutes``. ``embeddings``: one row per document row.
    """
    from analytics.stories.agree import majority_topics
    from analytics.stories.label import story_labels
    from analytics.stories.link import StoryLinker
    from analytics.stories.names import names_from_documents
    from analytics.stories.tables import block_stories as block_story_table
    from analytics.stories.tables import stories_table
    from analytics.topics.documents import sort_documents

    if embeddings is not None:
        order = sort_documents(documents.assign(_row=np.arange(len(documents))))["_row"]
        embeddings = np.asarray(embeddings)[order.to_numpy()]
    docs = sort_documents(documents)
    if names is None:
        names = names_from_documents(docs)
    linker = StoryLinker(stop_words=stop_words, random_state=seed).fit(
        docs, names=names, embeddings=embeddings
    )
    stories = linker.labels_
    topics = None
    topic_table = None
    if block_topics is not None:
        given = {
            (str(t), int(b)): int(k)
            for t, b, k in block_topics[["transcript", "block", "topic"]].itertuples(index=False)
        }
        own = np.array(
            [given.get((str(t), int(b)), -1) for t, b in zip(docs["transcript"], docs["block"])],
            dtype=np.int64,
        )
        words = docs["text"].fillna("").astype(str).str.split().str.len()
        frame = pd.DataFrame({"story": stories, "topic": own, "words": words})
        topics = majority_topics(frame).to_numpy()
        topic_table = pd.DataFrame(
            {
                "transcript": docs["transcript"].astype(str),
                "block": docs["block"].astype("int64"),
                "topic": topics,
                "block_topic": own,
            }
        )
    labels = story_labels(docs, stories, names, listed=listed, stop_words=stop_words)
    table = stories_table(docs, stories, labels, coverage=coverage, topics=topics)
    return StoryResult(
        linker=linker,
        documents=docs,
        stories=table,
        block_stories=block_story_table(docs, stories),
        block_topics=topic_table,
    )
