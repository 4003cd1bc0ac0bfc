"""Topic keywords that are both distinctive and common inside the topic.

c-TF-IDF ranks a word by how much more often a topic uses it than the corpus does. Used
alone, it favours words that are frequent in one or two long blocks of the topic (a guest's
name, a place said twenty times in one story): distinctive, but absent from most of the
topic's blocks, so the keyword list describes a few blocks rather than the topic.

:class:`CoverageRepresentation` re-ranks BERTopic's c-TF-IDF candidates (its top 30 per
topic) by ``c-TF-IDF x sqrt(coverage)``, where coverage is the share of the topic's
documents that contain the word. The square root keeps distinctiveness first while
demoting words that only a few documents use. On the news corpus (``benchmarks/topics.py``)
this raised the topic coherence (NPMI of the top 10 words over the blocks) from 0.14 to
0.25 at a diversity of 0.84; see ``analytics/topics/README.md``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd
from bertopic.representation import BaseRepresentation

Keywords = Mapping[int, list[tuple[str, float]]]


def coverage_scores(
    candidates: list[tuple[str, float]], documents: list[set[str]]
) -> list[tuple[str, float]]:
    """Score each ``(word, c-TF-IDF)`` candidate by ``c-TF-IDF x sqrt(coverage)``, best first.

    ``documents``: the word sets of the topic's documents. Ties keep the candidates' order.
    Empty candidates (BERTopic pads short topics with ``""``) are kept last with score 0.
    """
    n = max(len(documents), 1)
    scored = []
    for rank, (word, weight) in enumerate(candidates):
        if not word:
            scored.append((0.0, rank, word))
            continue
        share = sum(1 for doc in documents if word in doc) / n
        scored.append((float(weight) * float(np.sqrt(share)), rank, word))
    scored.sort(key=lambda item: (-item[0], item[1]))
    return [(word, score) for score, _, word in scored]


class CoverageRepresentation(BaseRepresentation):
    """BERTopic representation model: c-TF-IDF candidates re-ranked by in-topic coverage."""

    def extract_topics(
        self,
        topic_model: Any,
        documents: pd.DataFrame,
        c_tf_idf: Any,
        topics: Keywords,
    ) -> dict[int, list[tuple[str, float]]]:
        """Re-rank each topic's candidates by the documents assigned to it; keep the top n."""
        analyzer = topic_model.vectorizer_model.build_analyzer()
        out: dict[int, list[tuple[str, float]]] = {}
        by_topic = documents.groupby("Topic", sort=True)["Document"]
        texts_of = {int(topic): list(texts) for topic, texts in by_topic}
        for topic, candidates in topics.items():
            words = {w for w, _ in candidates if w}
            docs = [words.intersection(analyzer(text)) for text in texts_of.get(int(topic), [])]
            out[topic] = coverage_scores(list(candidates), docs)[: topic_model.top_n_words]
        return out
