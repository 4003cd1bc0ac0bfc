"""Topics that agree with stories: every block of a story has the story's topic.

Topics are the level above stories. Two ways, both measured in ``benchmarks/stories.py``:

- :func:`majority_topics`: each story takes the topic that holds most of its blocks' words
  (outlier blocks, topic -1, vote only when no block of the story has a topic; ties go
  to the lower topic id), and all its blocks follow;
- :func:`fit_story_topics`: BERTopic fitted over stories instead of blocks, a story's text
  being its blocks' texts and its vector their word-weighted mean embedding (no new
  embedding pass).

>>> import pandas as pd
>>> blocks = pd.DataFrame({"doc_id": ["a#0", "a#1", "b#0"], "story": [0, 0, 1],
...                        "topic": [3, 5, 5], "words": [900, 100, 50]})
>>> majority_topics(blocks).tolist()
[3, 3, 5]
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

__all__ = ["StoryVectors", "fit_story_topics", "majority_topics", "story_documents"]


def majority_topics(blocks: pd.DataFrame) -> pd.Series:
    """The topic of each block's story (columns ``story, topic, words``), in row order."""
    weights = blocks["words"].clip(lower=1).astype(float)
    votes = (
        pd.DataFrame(
            {
                "story": blocks["story"].to_numpy(),
                "topic": blocks["topic"].to_numpy(),
                "votes": weights.to_numpy(),
            }
        )
        .groupby(["story", "topic"], sort=True)["votes"]
        .sum()
        .reset_index()
    )
    real = votes["topic"] != -1
    has_real = real.groupby(votes["story"]).transform("any")
    pool = votes[real | ~has_real]  # outliers vote only in a story without a topic
    best = pool.sort_values(
        ["story", "votes", "topic"], ascending=[True, False, True], kind="stable"
    ).drop_duplicates("story")
    chosen = pd.Series(best["topic"].to_numpy(), index=best["story"].to_numpy())
    return pd.Series(
        chosen.loc[blocks["story"].to_numpy()].to_numpy().astype("int64"),
        index=blocks.index,
        name="topic",
    )


def story_documents(documents: pd.DataFrame, stories: Sequence[int]) -> pd.DataFrame:
    """One document per story: its blocks' texts joined (in block order), the first block's
    show, network and date, ``doc_id`` = ``"story-<id>"``. ``stories``: per document row."""
    frame = documents.assign(_story=np.asarray(stories))
    rows = []
    for story, group in frame.groupby("_story", sort=True):
        first = group.iloc[0]
        rows.append(
            {
                "doc_id": f"story-{int(story)}",
                "transcript": f"story-{int(story):06d}",
                "block": 0,
                "text": " ".join(group["text"].astype(str)),
                "show": first.get("show", ""),
                "network": first.get("network", ""),
                "air_date": group["air_date"].min() if "air_date" in group else pd.NaT,
                "headline": first.get("headline", ""),
                "kind": "story",
                "story": int(story),
            }
        )
    return pd.DataFrame(rows)


@dataclass
class StoryVectors:
    """An embedder that returns given vectors for given texts (a story's pooled block
    vectors), so BERTopic can be fitted over stories without embedding anything again."""

    texts: Sequence[str]
    vectors: np.ndarray

    @property
    def name(self) -> str:
        return "story-vectors"

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        row = {t.strip(): i for i, t in enumerate(self.texts)}
        missing = [t for t in texts if t.strip() not in row]
        if missing:
            raise KeyError(f"no vector for {len(missing)} texts")
        return self.vectors[[row[t.strip()] for t in texts]]


def fit_story_topics(
    documents: pd.DataFrame,
    stories: Sequence[int],
    embeddings: np.ndarray,
    *,
    seed: int = 0,
    extra_stop_words: Iterable[str] = (),
) -> tuple[pd.Series, object]:
    """BERTopic over stories. ``documents`` sorted, ``stories`` and ``embeddings`` per row.
    Returns (the topic of each document row, the :class:`~analytics.topics.TopicResult`)."""
    from analytics.topics import fit_topics

    stories = np.asarray(stories)
    docs = story_documents(documents, stories)
    words = documents["text"].astype(str).str.split().str.len().clip(lower=1).to_numpy(float)
    vectors = np.zeros((len(docs), embeddings.shape[1]))
    for k, story in enumerate(docs["story"]):
        mask = stories == story
        pooled = (embeddings[mask] * words[mask, np.newaxis]).sum(axis=0)
        norm = np.linalg.norm(pooled)
        vectors[k] = pooled / norm if norm else pooled
    embedder = StoryVectors(docs["text"].tolist(), vectors)
    result = fit_topics(
        docs.drop(columns=["story"]),
        backend=embedder,
        seed=seed,
        cache_dir=None,
        extra_stop_words=extra_stop_words,
    )
    topic_of = dict(zip(result.documents["doc_id"], result.documents["topic"], strict=True))
    per_row = pd.Series([topic_of[f"story-{int(s)}"] for s in stories], index=documents.index)
    return per_row.astype("int64").rename("topic"), result
