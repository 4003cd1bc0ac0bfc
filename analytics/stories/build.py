"""From story blocks to the story tables, in one call.

:func:`every_block_documents` is the topic model's documents frame with the blocks that have
no spoken words added back (with empty text), so every block gets a story.
:func:`build_stories` links the blocks (:class:`~analytics.stories.link.StoryLinker`), makes
topics follow stories (:func:`~analytics.stories.agree.majority_topics`: on the story labels
it kept more different-story pairs apart than BERTopic fitted over stories, which put more
same-story pairs in one topic but fell below 90% apart; ``benchmarks/stories.py``), labels
the stories and returns the tables.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analytics.model import StoryBlock, Transcript
from analytics.words import word_counts

__all__ = [
    "StoryResult",
    "build_stories",
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
    keep_pairs: bool = True,
) -> StoryResult:
    """Link ``documents`` into stories and make the tables.

    ``block_topics``: ``transcript, block, topic`` (BERTopic's topic of each block): each
    story then takes its blocks' word-weighted majority topic. ``listed``: which blocks'
    headlines come from a story list (:func:`~analytics.stories.label.listed_headlines`).
    ``coverage``: per-block ``words, minutes``. ``embeddings``: one row per document row.
    ``keep_pairs=False``: the pair features are scored in chunks and not kept
    (``StoryLinker(keep_features=False)``), and the linker's pairs and views (``pairs_``,
    ``views_``) are dropped as soon as the stories are known, before the labels and tables.
    ``documents`` already sorted (:func:`~analytics.topics.documents.sort_documents`) are
    not copied.
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
    linker = StoryLinker(stop_words=stop_words, keep_features=keep_pairs, random_state=seed).fit(
        docs, names=names, embeddings=embeddings
    )
    stories = linker.labels_
    if not keep_pairs:
        del linker.pairs_, linker.views_
    topics = None
    topic_table = None
    if block_topics is not None:
        given = {
            (str(t), int(b)): int(k)
            for t, b, k in block_topics[["transcript", "block", "topic"]].itertuples(index=False)
        }
        own = np.array(
            [
                given.get((str(t), int(b)), -1)
                for t, b in zip(docs["transcript"], docs["block"], strict=True)
            ],
            dtype=np.int64,
        )
        words = pd.Series(word_counts(docs["text"]), index=docs.index)
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
