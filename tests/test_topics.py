"""Topics: embedding backends, cache, pooling, documents, the BERTopic fit and its paths.

Fast tests use the hash or TF-IDF backend on synthetic stories with planted topics; the
real MiniLM backend runs on a few texts in ``test_minilm_*`` (marked slow).
"""

from __future__ import annotations

import json
import socket
from collections import Counter
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.metrics import adjusted_rand_score

from analytics.ingest import parse_text
from analytics.topics import (
    EmbeddingCache,
    HashEmbedder,
    TfidfEmbedder,
    TopicConfig,
    documents_from_transcripts,
    embed_texts,
    fit_topics,
    stand_in_blocks,
    tables,
    transcript_stop_words,
)
from analytics.topics.documents import clean_text, sort_documents, stop_words
from analytics.topics.embed import select_windows, split_windows
from analytics.topics.sample import LexicalPlacer, stratified_sample

VOCAB = {
    "weather": "storm rain flood hurricane wind forecast coast evacuation snow temperature",
    "economy": "market stocks inflation jobs economy rates bank growth trade tariffs",
    "sports": "game team season coach player championship score league playoff stadium",
    "court": "judge trial jury verdict lawyer court appeal prosecutor testimony evidence",
}
FILLER = [
    "the",
    "a",
    "of",
    "and",
    "to",
    "in",
    "that",
    "it",
    "is",
    "was",
    "we",
    "they",
    "you",
    "know",
    "think",
    "going",
    "just",
    "right",
]
ANCHORS = ["JANE DOE", "JOHN ROE", "MARY POE"]
#: Dimensions of the hash embedder in the fits: enough that the planted vocabularies do not
#: collide (at 64, shared buckets blur two topics into one on some machines' UMAP numerics).
HASH_DIM = 256


def story_text(rng: np.random.Generator, topic: str, words: int = 60) -> str:
    """A paragraph of ``words`` words: two thirds from the topic, a third filler."""
    vocab = VOCAB[topic].split()
    picks = list(rng.choice(vocab, words * 2 // 3)) + list(rng.choice(FILLER, words // 3))
    rng.shuffle(picks)
    return " ".join(picks) + "."


def synthetic_documents(n_transcripts: int = 12, blocks: int = 6, seed: int = 0) -> pd.DataFrame:
    """A documents frame with a planted ``truth`` topic per block."""
    rng = np.random.default_rng(seed)
    topics = list(VOCAB)
    rows = []
    for t in range(n_transcripts):
        for b in range(blocks):
            topic = topics[(t + b) % len(topics)]
            rows.append(
                {
                    "doc_id": f"t{t:02d}.txt#{b}",
                    "transcript": f"t{t:02d}.txt",
                    "block": b,
                    "text": story_text(rng, topic),
                    "show": f"Show {t % 3}",
                    "network": ["CNN", "Fox News"][t % 2],
                    "air_date": pd.Timestamp("2018-01-01") + pd.Timedelta(days=t),
                    "headline": "",
                    "kind": "story",
                    "truth": topic,
                }
            )
    return pd.DataFrame(rows)


def synthetic_transcript(rng: np.random.Generator, day: int, stories: list[str]) -> str:
    """A CNN-format transcript: one anchor, a reporter per story, commercial breaks."""
    anchor = ANCHORS[day % len(ANCHORS)]
    surname = anchor.split()[-1]
    lines = [
        "Return to Transcripts main page",
        "",
        "EVENING REPORT",
        "",
        f"Aired January {day + 1}, 2020 - 21:00   ET",
        "",
        "THIS IS A RUSH TRANSCRIPT. THIS COPY MAY NOT BE IN ITS FINAL FORM AND MAY BE UPDATED.",
        "",
    ]
    for i, topic in enumerate(stories):
        reporter = f"SAM SMITH{i}"
        tag = f"{anchor}, CNN ANCHOR:" if i == 0 else f"{surname}:"
        lines += [f"{tag} {story_text(rng, topic, 50)}", ""]
        lines += [f"{reporter}, CNN CORRESPONDENT: {story_text(rng, topic, 70)}", ""]
        lines += [f"{surname}: {story_text(rng, topic, 40)} Thank you, {reporter.title()}.", ""]
        lines += ["(COMMERCIAL BREAK)", ""]
    return "\n".join(lines)


def write_corpus(folder: Path, n: int = 3, seed: int = 0) -> list[Path]:
    """``n`` synthetic transcript files, four stories each."""
    rng = np.random.default_rng(seed)
    topics = list(VOCAB)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for day in range(n):
        stories = [topics[(day + k) % 4] for k in range(4)]
        path = folder / f"cnn_2020-01-{day + 1:02d}_er.txt"
        path.write_text(synthetic_transcript(rng, day, stories), encoding="utf-8")
        paths.append(path)
    return paths


class CountingEmbedder:
    """Hash embedder that records every text it is asked to embed."""

    def __init__(self, name: str = "counting", dim: int = 16) -> None:
        self.inner = HashEmbedder(dim=dim)
        self.calls: list[str] = []
        self._name = name

    @property
    def name(self) -> str:
        return self._name

    def embed(self, texts):  # type: ignore[no-untyped-def]
        self.calls.extend(texts)
        return self.inner.embed(texts)


# -- windows, pooling and the cache --------------------------------------------------------


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.sampled_from(["alpha", "beta.", "gamma!", "delta?", "epsilon"]), max_size=400),
    st.integers(min_value=1, max_value=50),
)
def test_windows_keep_every_word_in_order_and_respect_the_limit(words, limit):
    text = " ".join(words)
    windows = split_windows(text, limit)
    assert " ".join(windows).split() == text.split()
    assert all(1 <= len(w.split()) <= limit for w in windows)


def test_select_windows_keeps_the_windows_closest_to_the_whole_text_in_order():
    windows = [
        "Good evening and welcome to the programme tonight.",
        "The hurricane made landfall and the flood waters rose in the city.",
        "Senators argued about the budget bill late into the night.",
        "Rescue teams reached the flood zone as the hurricane weakened, and the flood receded.",
        "Coming up after the break: the hurricane and the flood, and what comes next.",
    ]
    assert select_windows(windows, 1) == [windows[3]]
    assert select_windows(windows, 2) == [windows[3], windows[4]]
    assert select_windows(windows[::-1], 2) == [windows[4], windows[3]], "kept in text order"
    assert select_windows(windows, 5) == windows
    assert select_windows(windows, None) == windows
    assert select_windows(["same words", "same words"], 1) == ["same words"], "ties: earlier"
    assert select_windows(["rain", "storm"], 1, stop_words=frozenset({"rain"})) == ["storm"]


def test_cache_means_a_rerun_embeds_nothing_and_duplicates_are_embedded_once(tmp_path):
    cache = EmbeddingCache(tmp_path / "cache")
    texts = ["storm rain flood", "market stocks bank", "storm rain flood"]
    first = CountingEmbedder()
    a = embed_texts(first, texts, window_words=None, cache=cache)
    assert sorted(first.calls) == ["market stocks bank", "storm rain flood"]
    second = CountingEmbedder()
    b = embed_texts(second, texts, window_words=None, cache=cache)
    assert second.calls == []
    np.testing.assert_array_equal(a, b)
    other = CountingEmbedder(name="other-backend")
    embed_texts(other, texts[:1], window_words=None, cache=cache)
    assert other.calls == ["storm rain flood"], "the cache is keyed by backend name"
    assert cache.count(first.name) == 2 and cache.count("other-backend") == 1
    files = sorted(p.name for p in (tmp_path / "cache").rglob("*") if p.is_file())
    assert files == [".lock", ".lock"] + ["vectors-00001.f32"] * 2 + ["vectors-00001.idx"] * 2


def test_progress_bar_counts_the_windows_embedded_and_changes_nothing(monkeypatch):
    import analytics.topics.embed as embed_module

    bars = []

    class Bar:
        def __init__(self, total: int, name: str) -> None:
            self.total, self.done, self.closed = total, 0, False
            bars.append(self)

        def update(self, n: int) -> None:
            self.done += n

        def close(self) -> None:
            self.closed = True

    monkeypatch.setattr(embed_module, "_progress_bar", Bar)
    texts = [f"story {i} storm rain" for i in range(10)] + ["story 0 storm rain"]
    quiet = embed_texts(HashEmbedder(dim=16), texts, window_words=None)
    shown = embed_texts(HashEmbedder(dim=16), texts, window_words=None, progress=True, chunk=3)
    np.testing.assert_array_equal(quiet, shown)
    assert [(b.total, b.done, b.closed) for b in bars] == [(10, 10, True)]


def test_long_texts_are_mean_pooled_over_windows_not_truncated():
    embedder = HashEmbedder(dim=32)
    text = "storm rain flood wind. " * 30 + "market stocks bank trade. " * 30
    windows = split_windows(text, 20)
    assert len(windows) > 2
    pooled = embed_texts(embedder, [text], window_words=20)[0]
    vectors = embedder.embed(windows)
    weights = np.array([len(w.split()) for w in windows], dtype=np.float32)
    expected = (weights[:, None] * vectors).sum(axis=0)
    expected /= np.linalg.norm(expected)
    np.testing.assert_allclose(pooled, expected, atol=1e-6)
    assert abs(np.linalg.norm(pooled) - 1) < 1e-5
    head_only = embed_texts(embedder, [" ".join(text.split()[:20])], window_words=None)[0]
    assert float(pooled @ head_only) < 0.99, "the tail of the text counts"


def test_tfidf_backend_is_seeded_and_its_state_round_trips():
    texts = synthetic_documents(4, 6)["text"].tolist()
    a = TfidfEmbedder(n_components=8, seed=3).fit(texts)
    b = TfidfEmbedder(n_components=8, seed=3).fit(texts)
    np.testing.assert_array_equal(a.embed(texts), b.embed(texts))
    arrays, meta = a.state()
    c = TfidfEmbedder.from_state(arrays, json.loads(json.dumps(meta)))
    np.testing.assert_allclose(c.embed(texts), a.embed(texts), atol=1e-6)
    assert c.name == a.name
    d = TfidfEmbedder(n_components=8, seed=3).fit(texts[:-1])
    assert d.name != a.name, "the name depends on the fitting corpus"
    with pytest.raises(RuntimeError):
        TfidfEmbedder().embed(texts)


# -- documents --------------------------------------------------------------------------------


def test_clean_text_keeps_only_spoken_words():
    raw = (
        "[21:01:07] ANDERSON COOPER, CNN ANCHOR: Good evening. (BEGIN VIDEO CLIP)\n"
        "COOPER (voice-over): It`s late. (inaudible) (COMMERCIAL BREAK)"
    )
    assert clean_text(raw) == "Good evening. It's late."


def test_documents_from_parsed_transcripts_have_no_tags_or_markers_and_names_are_stop_words():
    rng = np.random.default_rng(1)
    text = synthetic_transcript(rng, 0, ["weather", "court", "sports"])
    transcript = parse_text(text, "t.txt")
    blocks = stand_in_blocks(transcript)
    assert len(blocks) == 3
    docs = documents_from_transcripts([transcript], {transcript.source: blocks})
    assert list(docs["block"]) == [0, 1, 2]
    assert docs["network"].iloc[0] == "CNN"
    assert docs["air_date"].iloc[0] == pd.Timestamp("2020-01-01")
    for doc in docs["text"]:
        assert "CNN ANCHOR" not in doc and "DOE:" not in doc and "COMMERCIAL" not in doc
    assert "storm" in docs["text"].iloc[0] and "jury" in docs["text"].iloc[1]
    names = transcript_stop_words([transcript])
    assert {"jane", "doe"} <= names
    assert {"doe", "cnn", "know", "going"} <= set(stop_words(names))


def test_sort_documents_is_a_stable_order_and_rejects_duplicate_ids():
    docs = synthetic_documents(3, 4)
    shuffled = docs.sample(frac=1, random_state=7)
    pd.testing.assert_frame_equal(sort_documents(shuffled), sort_documents(docs))
    with pytest.raises(ValueError, match="duplicate"):
        sort_documents(pd.concat([docs, docs.iloc[:1]]))


# -- the fit ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def planted() -> pd.DataFrame:
    return synthetic_documents(12, 6)


@pytest.fixture(scope="module")
def hash_fit(planted):
    return fit_topics(planted, backend=HashEmbedder(dim=HASH_DIM), seed=1, cache_dir=None)


def test_fit_recovers_planted_topics_with_clean_keywords(hash_fit, planted):
    result = hash_fit
    assert result.path == "blocks"
    truth = planted.set_index("doc_id").loc[result.documents["doc_id"], "truth"]
    assert adjusted_rand_score(truth, result.documents["topic"]) > 0.9
    real = result.topics[result.topics["topic"] != -1]
    assert len(real) == 4
    for words in real["words"]:
        planted_sets = [set(v.split()) for v in VOCAB.values()]
        assert any(len(set(words[:5]) & s) >= 4 for s in planted_sets), words
        assert not set(words) & set(FILLER), "filler and stop words never become keywords"
    assert result.documents["probability"].between(0, 1).all()
    assert int(real["size"].sum()) + int((result.documents["topic"] == -1).sum()) == 72


def test_fit_does_not_depend_on_document_order(planted, hash_fit):
    shuffled = planted.sample(frac=1, random_state=3)
    again = fit_topics(shuffled, backend=HashEmbedder(dim=HASH_DIM), seed=1, cache_dir=None)
    pd.testing.assert_frame_equal(again.documents, hash_fit.documents)
    pd.testing.assert_frame_equal(again.topics, hash_fit.topics)


def test_exact_duplicates_are_fitted_once_and_share_a_topic(planted):
    docs = planted.copy()
    dupes = docs.iloc[:10].copy()
    dupes["doc_id"] = dupes["doc_id"] + "-repeat"
    dupes["block"] = dupes["block"] + 100
    docs = pd.concat([docs, dupes, dupes.assign(doc_id=dupes["doc_id"] + "2")])
    a = fit_topics(docs, backend=HashEmbedder(dim=HASH_DIM), seed=2, cache_dir=None)
    b = fit_topics(docs, backend=HashEmbedder(dim=HASH_DIM), seed=2, cache_dir=None)
    pd.testing.assert_frame_equal(a.documents, b.documents)
    by_text = a.documents.groupby("text")["topic"].nunique()
    assert (by_text == 1).all()


def test_a_single_transcript_takes_the_passage_path_and_every_block_gets_a_topic():
    rng = np.random.default_rng(5)
    rows = [
        {"doc_id": f"one#{b}", "transcript": "one", "block": b, "text": story_text(rng, t, 400)}
        for b, t in enumerate(["weather", "court", "weather", "sports", "court", "sports"])
    ]
    result = fit_topics(pd.DataFrame(rows), backend="tfidf", seed=0, cache_dir=None)
    assert result.path == "passages"
    assert len(result.units) > len(rows)
    assert len(result.documents) == 6
    assert result.documents["topic"].ge(0).all()
    assert result.documents["probability"].between(0, 1).all()
    topics = result.documents["topic"].tolist()
    assert topics[0] == topics[2] and topics[1] == topics[4] and topics[3] == topics[5]


def test_a_tiny_input_falls_back_to_agglomerative_clustering():
    rng = np.random.default_rng(6)
    rows = [
        {"doc_id": f"d{i}", "transcript": "tiny", "block": i, "text": story_text(rng, t, 30)}
        for i, t in enumerate(["weather", "weather", "court", "court"])
    ]
    result = fit_topics(pd.DataFrame(rows), backend=HashEmbedder(), seed=0, cache_dir=None)
    assert result.path == "agglomerative"
    topics = result.documents["topic"].tolist()
    assert topics[0] == topics[1] != topics[2] == topics[3]


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_large_inputs_embed_only_a_sample_and_place_the_rest_by_their_words(seed):
    docs = synthetic_documents(30, 6, seed=4)
    config = TopicConfig(max_fit_docs=80)
    embedder = CountingEmbedder(dim=HASH_DIM)
    result = fit_topics(docs, backend=embedder, seed=seed, cache_dir=None, config=config)
    assert result.path == "sampled"
    assert len(embedder.calls) == 80, "no block outside the sample is embedded"
    assert len(result.documents) == 180 and len(result.units) == 80
    assert int(result.documents["placed"].sum()) == 100
    assert set(result.units["doc_id"]) == set(
        result.documents.loc[~result.documents["placed"], "doc_id"]
    )
    placed = result.documents[result.documents["placed"]]
    assert placed["similarity"].isna().all() and (placed["probability"] == 0).all()
    truth = docs.set_index("doc_id").loc[result.documents["doc_id"], "truth"]
    assert adjusted_rand_score(truth, result.documents["topic"]) > 0.8
    assert result.topics["size"].sum() == 180, "sizes count every block"
    again = fit_topics(
        docs, backend=CountingEmbedder(dim=HASH_DIM), seed=seed, cache_dir=None, config=config
    )
    pd.testing.assert_frame_equal(again.documents, result.documents)
    other_seed = fit_topics(docs, backend=CountingEmbedder(), seed=5, cache_dir=None, config=config)
    assert set(other_seed.units["doc_id"]) == set(result.units["doc_id"]), "UMAP's seed only"
    redrawn = fit_topics(
        docs,
        backend=CountingEmbedder(),
        seed=0,
        cache_dir=None,
        config=replace(config, sample_seed=1),
    )
    assert set(redrawn.units["doc_id"]) != set(result.units["doc_id"])


def test_the_sample_is_stratified_by_programme_and_stable_as_the_corpus_grows():
    texts = [f"text {i}" for i in range(300)]
    groups = ["a"] * 200 + ["b"] * 80 + ["c"] * 20
    picked = stratified_sample(texts, groups, 30, seed=1)
    assert len(picked) == 30 and list(picked) == sorted(picked)
    assert Counter(groups[i] for i in picked) == {"a": 20, "b": 8, "c": 2}
    assert list(stratified_sample(texts, groups, 30, seed=1)) == list(picked)
    assert list(stratified_sample(texts, groups, 30, seed=2)) != list(picked)
    shuffled = list(range(300))[::-1]
    again = stratified_sample(
        [texts[i] for i in shuffled], [groups[i] for i in shuffled], 30, seed=1
    )
    assert sorted(texts[shuffled[i]] for i in again) == sorted(texts[i] for i in picked)
    grown = stratified_sample(
        texts + [f"new {i}" for i in range(30)], groups + ["a"] * 30, 30, seed=1
    )
    kept = {texts[i] for i in picked} & {(texts + [""] * 30)[i] for i in grown}
    assert len(kept) >= 25, "most of the sample stays when transcripts are added"
    doubled = stratified_sample(texts + texts, groups + groups, 1000, seed=0)
    assert list(doubled) == list(range(300)), "a repeated text is drawn once"


def test_lexical_placer_puts_a_text_with_the_topic_whose_words_it_shares():
    rng = np.random.default_rng(5)
    names = list(VOCAB)
    texts = [story_text(rng, names[i % 4], 40) for i in range(40)]
    placer = LexicalPlacer(min_df=1).fit(texts, [i % 4 for i in range(40)])
    fresh = [story_text(rng, names[i % 4], 40) for i in range(20)]
    topics, similarity = placer.predict(fresh)
    assert list(topics) == [i % 4 for i in range(20)]
    assert ((similarity > 0) & (similarity <= 1 + 1e-9)).all()
    assert placer.predict(["zzz qqq"])[0].tolist() == [-1]
    with pytest.raises(ValueError, match="outlier"):
        LexicalPlacer().fit(["a b c"], [-1])


def test_outlier_reduction_only_moves_outliers(planted):
    rng = np.random.default_rng(9)
    noise = pd.DataFrame(
        [
            {
                "doc_id": f"noise#{i}",
                "transcript": "noise",
                "block": i,
                "text": " ".join(rng.choice(sum((v.split() for v in VOCAB.values()), []), 40)),
            }
            for i in range(12)
        ]
    )
    docs = pd.concat([planted, noise])
    off = fit_topics(
        docs,
        backend=HashEmbedder(dim=HASH_DIM),
        seed=0,
        cache_dir=None,
        config=TopicConfig(outlier_strategy="none"),
    )
    on = fit_topics(
        docs,
        backend=HashEmbedder(dim=HASH_DIM),
        seed=0,
        cache_dir=None,
        config=TopicConfig(outlier_strategy="embeddings", outlier_threshold=0.0),
    )
    assert off.outliers_before == on.outliers_before == int((off.documents["topic"] == -1).sum())
    assert int((on.documents["topic"] == -1).sum()) <= off.outliers_before
    kept = off.documents["topic"] != -1
    assert (on.documents.loc[kept, "topic"].values == off.documents.loc[kept, "topic"].values).all()


# -- tables -----------------------------------------------------------------------------------


def test_tables_cover_blocks_time_shows_networks_and_hierarchy(hash_fit):
    blocks = tables.block_topics(hash_fit)
    assert list(blocks.columns) == [
        "doc_id",
        "transcript",
        "block",
        "topic",
        "label",
        "probability",
        "similarity",
        "placed",
    ]
    assert len(blocks) == 72 and not blocks["placed"].any()
    info = tables.topic_info(hash_fit)
    assert {"topic", "label", "words", "size"} <= set(info.columns)
    over_time = tables.topics_over_time(hash_fit)
    assert over_time["timestamp"].nunique() == 12
    assert over_time["frequency"].sum() == 72
    per_network = tables.topics_per_class(hash_fit, "network")
    assert set(per_network["network"]) == {"CNN", "Fox News"}
    assert per_network["frequency"].sum() == 72
    per_show = tables.topics_per_class(hash_fit, "show")
    assert set(per_show["show"]) == {"Show 0", "Show 1", "Show 2"}
    hierarchy = tables.topic_hierarchy(hash_fit)
    assert len(hierarchy) == 3, "four topics merge in three steps"


def test_summary_record_is_sorted_and_uses_minus_one_for_outliers(hash_fit):
    record = tables.summary_record(hash_fit, {f"t{t:02d}.txt": f"x/{t}" for t in range(12)})
    assert [t["id"] for t in record["topics"]] == sorted(t["id"] for t in record["topics"])
    keys = [(a["file"], a["block"]) for a in record["assignments"]]
    assert keys == sorted(keys) and len(keys) == 72
    assert all(a["file"].startswith("x/") for a in record["assignments"])
    ids = {t["id"] for t in record["topics"]} | {-1}
    assert {a["topic"] for a in record["assignments"]} <= ids
    json.dumps(record)


# -- save and load ----------------------------------------------------------------------------


def test_save_and_load_with_safetensors_offline(planted, tmp_path, monkeypatch):
    from analytics.topics.persist import load_result, save_result

    result = fit_topics(planted, backend="tfidf", seed=0, cache_dir=None)
    folder = save_result(result, tmp_path / "model")
    names = {p.name for p in folder.rglob("*") if p.is_file()}
    assert {"result.json", "embeddings.safetensors", "embedder.safetensors"} <= names
    assert "topic_embeddings.safetensors" in names
    assert "ctfidf.safetensors" in names
    assert not [n for n in names if n.endswith((".pkl", ".pickle", ".bin", ".joblib"))]

    def no_network(*args, **kwargs):
        raise OSError("network disabled in this test")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    loaded = load_result(folder)
    pd.testing.assert_frame_equal(
        loaded.documents[["doc_id", "topic"]], result.documents[["doc_id", "topic"]]
    )
    assert loaded.topics["words"].tolist() == result.topics["words"].tolist()
    assert loaded.backend == result.backend and loaded.path == result.path
    np.testing.assert_allclose(loaded.unit_embeddings, result.unit_embeddings)
    predicted, _ = loaded.model.transform(planted["text"].tolist()[:24])
    expected = result.documents.set_index("doc_id").loc[planted["doc_id"][:24], "topic"]
    assert np.mean(np.asarray(predicted) == expected.to_numpy()) > 0.9
    assert len(tables.topics_per_class(loaded, "network")) > 0


# -- the real model ---------------------------------------------------------------------------


@pytest.mark.slow
def test_minilm_embeds_offline_from_the_package_files_and_caches(tmp_path, monkeypatch):
    from analytics.topics import MiniLMEmbedder

    def no_network(*args, **kwargs):
        raise OSError("network disabled in this test")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    texts = [
        "A hurricane brought heavy rain and flooding to the coast.",
        "Storm surge and high winds forced evacuations along the shore.",
        "Stocks fell as the central bank raised interest rates again.",
    ]
    embedder = MiniLMEmbedder()
    stats_cache = EmbeddingCache(tmp_path)
    vectors = embed_texts(embedder, texts, cache=stats_cache)
    assert vectors.shape == (3, 384)
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1, atol=1e-5)
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2] + 0.1
    counting = CountingEmbedder(name=embedder.name)
    again = embed_texts(counting, texts, cache=stats_cache)
    assert counting.calls == []
    np.testing.assert_array_equal(again, vectors)


@pytest.mark.slow
def test_minilm_vector_is_a_function_of_its_text_alone():
    """Same bytes for a text embedded alone, first or last in a batch of texts of other
    lengths, and in another pass of its padded length."""
    from analytics.minilm import BATCH_ROWS, MiniLMEmbedder, padded_length

    rng = np.random.default_rng(5)
    topics = list(VOCAB)
    target = story_text(rng, "weather", 90)
    others = [
        story_text(rng, topics[i % len(topics)], int(n))
        for i, n in enumerate(rng.integers(3, 170, size=2 * BATCH_ROWS + 5))
    ]
    embedder = MiniLMEmbedder()
    tokenizer = embedder.load().tokenizer  # type: ignore[attr-defined]
    length = padded_length(len(tokenizer(target)["input_ids"]))
    lengths = {padded_length(len(ids)) for ids in tokenizer(others)["input_ids"]}
    assert len(lengths) >= 4 and length in lengths  # other lengths, and its own
    alone = embedder.embed([target])[0]
    first = embedder.embed([target, *others])[0]
    last = embedder.embed([*others[::-1], target])[-1]
    assert alone.dtype == np.float32
    assert alone.tobytes() == first.tobytes() == last.tobytes()
    again = embedder.embed(others[:7] + [target])
    np.testing.assert_array_equal(again[:7], embedder.embed(others)[:7])


@pytest.mark.slow
@pytest.mark.parametrize("bars", [True, False])
def test_minilm_loads_without_a_progress_bar_and_leaves_the_setting(capfd, bars):
    """Loading the packaged model prints no "Loading weights" bar, and the Hugging Face
    progress bar setting is as the caller left it."""
    from transformers.utils import logging as hf_logging

    from analytics.minilm import MiniLMEmbedder

    (hf_logging.enable_progress_bar if bars else hf_logging.disable_progress_bar)()
    try:
        MiniLMEmbedder().load()
        assert hf_logging.is_progress_bar_enabled() is bars
    finally:
        hf_logging.enable_progress_bar()
    assert "Loading weights" not in capfd.readouterr().err


@pytest.mark.slow
def test_minilm_fit_on_a_few_texts(tmp_path):
    from analytics.topics import MiniLMEmbedder

    rng = np.random.default_rng(2)
    rows = [
        {"doc_id": f"d{i}", "transcript": "few", "block": i, "text": story_text(rng, t, 25)}
        for i, t in enumerate(["weather", "court"] * 4)
    ]
    result = fit_topics(pd.DataFrame(rows), backend="minilm", seed=0, cache_dir=tmp_path)
    assert result.backend == "minilm"
    assert result.path == "agglomerative"
    assert result.unit_embeddings.shape[1] == 384
    assert EmbeddingCache(tmp_path).count(MiniLMEmbedder().name) == len(rows)
    topics = result.documents["topic"].tolist()
    assert topics[0] == topics[2] and topics[1] == topics[3]
