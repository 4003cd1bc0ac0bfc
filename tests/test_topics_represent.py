"""Topic keywords: c-TF-IDF candidates re-ranked by how many of the topic's documents use them."""

from __future__ import annotations

import numpy as np
import pytest

from analytics.topics import HashEmbedder, TopicConfig, fit_topics
from analytics.topics.represent import coverage_scores
from tests.test_topics import VOCAB, synthetic_documents


def test_coverage_scores_multiply_ctfidf_by_the_square_root_of_coverage():
    docs = [{"storm", "rain"}, {"storm"}, {"storm", "zanzibar"}, {"storm", "rain"}]
    ranked = coverage_scores([("zanzibar", 1.0), ("storm", 0.6), ("rain", 0.5), ("", 1e-5)], docs)
    assert [w for w, _ in ranked] == ["storm", "zanzibar", "rain", ""]
    scores = dict(ranked)
    assert scores["zanzibar"] == pytest.approx(1.0 * np.sqrt(1 / 4))
    assert scores["storm"] == pytest.approx(0.6)
    assert scores["rain"] == pytest.approx(0.5 * np.sqrt(2 / 4))
    assert scores[""] == 0.0


def test_coverage_ties_keep_the_candidates_order_and_no_documents_score_zero():
    ranked = coverage_scores([("b", 0.5), ("a", 0.5)], [{"a", "b"}])
    assert [w for w, _ in ranked] == ["b", "a"]
    assert coverage_scores([("a", 0.9)], []) == [("a", 0.0)]


def _with_bursts(seed: int = 0):
    """Planted topics plus, in one block per topic, a name said 120 times."""
    docs = synthetic_documents(12, 6, seed=seed)
    bursts = {topic: f"burstname{chr(97 + i)}" for i, topic in enumerate(VOCAB)}
    for topic, name in bursts.items():
        row = docs.index[docs["truth"] == topic][0]
        docs.loc[row, "text"] = docs.loc[row, "text"] + (" " + name) * 120
    return docs, set(bursts.values())


@pytest.mark.parametrize("keywords", ["coverage", "c-tf-idf"])
def test_a_name_repeated_in_one_block_leads_the_keywords_only_without_coverage(keywords):
    docs, bursts = _with_bursts()
    result = fit_topics(
        docs,
        backend=HashEmbedder(dim=64),
        seed=1,
        cache_dir=None,
        config=TopicConfig(keywords=keywords),
    )
    real = result.topics[result.topics["topic"] != -1]
    assert len(real) == 4
    assert all(len(words) <= 10 for words in real["words"]), "top_n_words is kept"
    top3 = {w for words in real["words"] for w in words[:3]}
    if keywords == "coverage":
        assert not top3 & bursts, "a word of one block never heads a topic of eighteen"
    else:
        assert top3 & bursts, "plain c-TF-IDF ranks the repeated name first (the contrast)"
