"""Tables from a fitted :class:`~analytics.topics.model.TopicResult`, as sorted DataFrames.

- :func:`block_topics`: topic and probability per story block.
- :func:`topic_info`: id, label, keywords, size.
- :func:`topics_over_time`: BERTopic's ``topics_over_time`` by air date.
- :func:`topics_per_class`: BERTopic's ``topics_per_class`` by show or network.
- :func:`topic_hierarchy`: BERTopic's ``hierarchical_topics``.

The BERTopic tables are computed over the units the model was fitted on (blocks, or passages
on the small-input paths), each unit carrying its block's date, show and network.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

import pandas as pd

from analytics.topics.model import TopicResult


def block_topics(result: TopicResult) -> pd.DataFrame:
    """One row per block: ``doc_id, transcript, block, topic, label, probability,
    similarity, placed`` (``placed``: the topic came from the block's words, on the sampled
    path, not from the fit)."""
    labels = dict(zip(result.topics["topic"], result.topics["label"], strict=True))
    columns = ["doc_id", "transcript", "block", "topic", "probability", "similarity", "placed"]
    out = result.documents.reindex(columns=columns)
    out["placed"] = out["placed"].fillna(False).astype(bool)
    out.insert(4, "label", out["topic"].map(labels).fillna("outliers"))
    return out.reset_index(drop=True)


def topic_info(result: TopicResult) -> pd.DataFrame:
    """One row per topic: ``topic, label, words`` (top words, comma-joined), ``size, units``."""
    out = result.topics.copy()
    out["words"] = out["words"].map(", ".join)
    return out.reset_index(drop=True)


def _units_with(result: TopicResult, column: str) -> pd.DataFrame:
    """The fitted units with ``column`` of their block; on the sampled path every block."""
    if result.path == "sampled":
        return result.documents[["doc_id", "text", "topic", column]].copy()
    meta = result.documents.set_index("doc_id")[column]
    units = result.units[["doc_id", "text", "topic"]].copy()
    units[column] = meta.loc[units["doc_id"]].to_numpy()
    return units


def topics_over_time(result: TopicResult, *, nr_bins: int | None = None) -> pd.DataFrame:
    """``topic, words, frequency, timestamp`` per air date (undated blocks left out)."""
    units = _units_with(result, "air_date").dropna(subset=["air_date"])
    columns = ["topic", "words", "frequency", "timestamp"]
    if units.empty:
        return pd.DataFrame(columns=columns)
    table = result.model.topics_over_time(
        units["text"].tolist(),
        units["air_date"].tolist(),
        topics=units["topic"].tolist(),
        nr_bins=nr_bins,
    )
    table.columns = columns
    return table.sort_values(["timestamp", "topic"], kind="mergesort").reset_index(drop=True)


def topics_per_class(result: TopicResult, by: Literal["show", "network"] = "show") -> pd.DataFrame:
    """``topic, words, frequency, <by>``: keywords and counts of each topic per show/network."""
    units = _units_with(result, by)
    table = result.model.topics_per_class(
        units["text"].tolist(), [str(c) for c in units[by].fillna("")]
    )
    table.columns = ["topic", "words", "frequency", by]
    return table.sort_values([by, "topic"], kind="mergesort").reset_index(drop=True)


def topic_hierarchy(result: TopicResult) -> pd.DataFrame:
    """BERTopic's merge tree of the topics (empty with fewer than two topics)."""
    real = [t for t in result.topics["topic"] if t != -1]
    columns = [
        "parent_id",
        "parent_name",
        "topics",
        "child_left_id",
        "child_left_name",
        "child_right_id",
        "child_right_name",
        "distance",
    ]
    if len(real) < 2:
        return pd.DataFrame(columns=columns)
    table = result.model.hierarchical_topics(result.units["text"].tolist())
    table.columns = columns
    return table.sort_values(["distance", "parent_id"], kind="mergesort").reset_index(drop=True)


def summary_record(result: TopicResult, files: Mapping[str, str] | None = None) -> dict[str, Any]:
    """The command line's JSON: topics by id and one assignment per block, -1 for outliers.

    ``files`` maps ``transcript`` ids to their file paths (default: the id itself).
    """
    files = files or {}
    topics = [
        {
            "id": int(row.topic),
            "label": str(row.label),
            "words": list(row.words),
            "size": int(row.size),
        }
        for row in result.topics.sort_values("topic").itertuples(index=False)
    ]
    assignments = sorted(
        (
            {
                "transcript": str(t),
                "file": files.get(str(t), str(t)),
                "block": int(b),
                "topic": int(k),
            }
            for t, b, k in zip(
                result.documents["transcript"],
                result.documents["block"],
                result.documents["topic"],
                strict=True,
            )
        ),
        key=lambda a: (a["file"], a["block"]),
    )
    return {
        "path": result.path,
        "backend": result.backend,
        "seed": result.seed,
        "topics": topics,
        "assignments": assignments,
    }
