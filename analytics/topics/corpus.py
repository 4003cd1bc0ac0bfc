"""Topics for a corpus of any size at a bounded cost: sample, fit, place the rest.

:func:`fit_corpus` reads the block documents in batches (from a Parquet file or a frame), so
it never holds every block's text at once:

1. **Scan**: each block's text identity (sha256), its sample priority and its programme.
2. **Sample**: at most ``TopicConfig.max_fit_docs`` distinct texts, stratified by programme
   and drawn with ``TopicConfig.sample_seed`` (:func:`~analytics.topics.sample.stratified_sample`);
   every block whose text is in the sample is read into memory. The sample does not depend
   on ``seed`` (UMAP's), so refitting with another seed measures the model, not the draw.
3. **Fit**: :func:`~analytics.topics.model.fit_topics` on the sampled blocks (BERTopic on
   MiniLM embeddings of each block's most central window): the topics, their keywords and
   labels. When the corpus has no more distinct texts than the budget, the sample is the
   whole corpus and the result is exactly ``fit_topics`` on it.
4. **Place**: every other block goes to the topic of the sampled block with the same text,
   or else to the nearest topic by its words (:class:`~analytics.topics.sample.LexicalPlacer`,
   trained on the sample's topics). No block outside the sample is embedded.

Topic sizes count every block. ``block_topics`` has one row per block: ``doc_id``,
``transcript``, ``block``, ``topic``, ``probability`` (HDBSCAN membership for fitted blocks,
0 for reassigned outliers and placed blocks) and ``placed`` (the topic came from the
block's words, not from the fit).
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from analytics.progress import progress_bar
from analytics.topics.documents import stop_words
from analytics.topics.embed import DEFAULT_CACHE_DIR, Embedder
from analytics.topics.sample import LexicalPlacer, choose_sample, sample_priority

__all__ = ["BLOCK_TOPIC_COLUMNS", "CorpusTopics", "fit_corpus", "frame_batches"]

#: A callable that yields the documents in batches; called once per pass.
Batches = Callable[[], Iterable[pd.DataFrame]]

BLOCK_TOPIC_COLUMNS = ["doc_id", "transcript", "block", "topic", "probability", "placed"]


@dataclass(frozen=True)
class CorpusTopics:
    """What :func:`fit_corpus` found: ``topics`` (``topic, label, words, size, units``, sizes
    over every block), ``block_topics`` (see the module documentation), ``fit`` (the
    :class:`~analytics.topics.model.TopicResult` of the sample), counts and ``timings``
    (seconds: ``scan``, ``embed``, ``fit``, ``place``)."""

    topics: pd.DataFrame
    block_topics: pd.DataFrame
    fit: Any
    blocks: int
    fitted: int
    placed: int
    timings: dict[str, float] = field(default_factory=dict, compare=False)


def frame_batches(frame: pd.DataFrame, size: int = 2000) -> Batches:
    """Batches of an in-memory documents frame."""

    def batches() -> Iterator[pd.DataFrame]:
        for start in range(0, len(frame), size):
            yield frame.iloc[start : start + size]

    return batches


def _identity(text: str) -> bytes:
    return hashlib.sha256(text.encode("utf-8")).digest()


def _group(batch: pd.DataFrame) -> list[str]:
    network = batch["network"].fillna("") if "network" in batch else pd.Series("", batch.index)
    show = batch["show"].fillna("") if "show" in batch else pd.Series("", batch.index)
    return (network.astype(str) + "\0" + show.astype(str)).tolist()


def fit_corpus(
    batches: Batches,
    *,
    backend: str | Embedder = "minilm",
    seed: int = 0,
    cache_dir: Path | str | None = DEFAULT_CACHE_DIR,
    config: Any = None,
    extra_stop_words: Iterable[str] = (),
    progress: bool = False,
) -> CorpusTopics:
    """Fit topics on a sample of the blocks that ``batches()`` yields and place the rest.

    Each batch is a documents frame (``doc_id, transcript, block, text``, and ``show``,
    ``network``, ``air_date``, ``headline``, ``kind`` when known). ``backend``, ``seed``,
    ``cache_dir``, ``config`` and ``extra_stop_words`` are those of
    :func:`~analytics.topics.model.fit_topics`. ``progress``: bars on stderr (on a terminal
    only) while blocks are scanned, windows embedded and blocks placed.
    """
    from analytics.topics.model import TopicConfig, fit_topics

    config = config or TopicConfig()
    if config.max_fit_docs < 1:
        raise ValueError(f"max_fit_docs must be at least 1, not {config.max_fit_docs}")
    clock = time.perf_counter()
    identities: list[bytes] = []
    priorities: list[bytes] = []
    groups: list[str] = []
    for batch in batches():
        texts = batch["text"].fillna("").astype(str).tolist()
        identities.extend(_identity(t) for t in texts)
        priorities.extend(sample_priority(config.sample_seed, t) for t in texts)
        groups.extend(_group(batch))
    if not identities:
        raise ValueError("no documents to fit topics on")
    picked = choose_sample(identities, priorities, groups, config.max_fit_docs)
    in_sample = {identities[i] for i in picked}
    del priorities, groups
    scanned = time.perf_counter()

    parts = []
    for batch in batches():
        texts = batch["text"].fillna("").astype(str)
        keep = [_identity(t) in in_sample for t in texts]
        if any(keep):
            parts.append(batch[keep])
    sample = pd.concat(parts, ignore_index=True)
    fitted = fit_topics(
        sample,
        backend=backend,
        seed=seed,
        cache_dir=cache_dir,
        config=config,
        extra_stop_words=extra_stop_words,
        progress=progress,
    )
    fit_docs = fitted.documents
    topic_of = {
        _identity(t): (int(k), float(p))
        for t, k, p in zip(
            fit_docs["text"], fit_docs["topic"], fit_docs["probability"], strict=True
        )
    }
    placer = None
    if len(in_sample) < len(set(identities)) and (fit_docs["topic"] != -1).any():
        placer = LexicalPlacer(stop_words=stop_words(extra_stop_words)).fit(
            fit_docs["text"].tolist(), fit_docs["topic"].tolist()
        )
    fit_done = time.perf_counter()

    rows = []
    bar = progress_bar(
        len(identities), "placing blocks", unit="block", enabled=progress and placer is not None
    )
    try:
        for batch in batches():
            texts = batch["text"].fillna("").astype(str).tolist()
            topics = np.full(len(texts), -1, dtype=int)
            probs = np.zeros(len(texts))
            placed = np.zeros(len(texts), dtype=bool)
            todo = []
            for i, text in enumerate(texts):
                hit = topic_of.get(_identity(text))
                if hit is None:
                    todo.append(i)
                else:
                    topics[i], probs[i] = hit
            if todo and placer is not None:
                topics[todo] = placer.predict([texts[i] for i in todo])[0]
                placed[todo] = True
            rows.append(
                pd.DataFrame(
                    {
                        "doc_id": batch["doc_id"].to_numpy(),
                        "transcript": batch["transcript"].to_numpy(),
                        "block": batch["block"].to_numpy(dtype="int64"),
                        "topic": topics,
                        "probability": probs,
                        "placed": placed,
                    }
                )
            )
            bar.update(len(texts))
    finally:
        bar.close()
    block_topics = pd.concat(rows, ignore_index=True).sort_values(
        ["transcript", "block", "doc_id"], kind="mergesort"
    )
    block_topics = block_topics.reset_index(drop=True)
    topics = fitted.topics.copy()
    sizes = block_topics["topic"].value_counts()
    topics["size"] = [int(sizes.get(int(t), 0)) for t in topics["topic"]]
    return CorpusTopics(
        topics=topics,
        block_topics=block_topics,
        fit=fitted,
        blocks=len(block_topics),
        fitted=int((~block_topics["placed"]).sum()),
        placed=int(block_topics["placed"].sum()),
        timings={
            "scan": scanned - clock,
            "embed": fitted.timings.get("embed", 0.0),
            "fit": fitted.timings.get("fit", 0.0),
            "place": time.perf_counter() - fit_done,
        },
    )
