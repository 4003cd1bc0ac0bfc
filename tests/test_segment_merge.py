"""The segmenter's second pass: joining blocks that tell one story, splitting a block where
another begins, the labels it learns from, and its place in the model file."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from scipy import sparse

from analytics.segment import load_model
from analytics.segment.boundary import ModelFileError, model_from_json
from analytics.segment.learn import MERGE_TOLERANCE
from analytics.segment.merge import (
    MERGE_FEATURES,
    BlockStats,
    MergeModel,
    merge_blocks,
    merge_labels,
    pair_features,
    split_blocks,
    train_merge_model,
)
from analytics.segment.units import Unit

STORM = ["hurrican", "wind", "coast", "flood", "evacu", "rain", "shelter", "damag"]
BUDGET = ["senat", "budget", "vote", "spend", "deficit", "tax", "republican", "bill"]
WORDS = 60  # spoken words per unit


def _stats(topics: str, guests: str = "") -> BlockStats:
    """One unit per letter: ``s`` a storm unit, ``b`` a budget one; ``guests[j]`` names who
    speaks unit ``j`` (a letter) or the host (``-``)."""
    units, toks = [], []
    for j, t in enumerate(topics):
        who = guests[j] if guests and guests[j] != "-" else None
        units.append(
            Unit(
                start=j * 100,
                end=(j + 1) * 100,
                text="Words of the unit.",
                speaker=who or "HOST",
                turn=j,
                para_start=True,
                turn_start=True,
                host=who is None,
                stamp=None,
                break_after=False,
            )
        )
        toks.append(tuple(STORM if t == "s" else BUDGET))
    vocab = {w: i for i, w in enumerate(STORM + BUDGET)}
    weighted = np.zeros((len(units), len(vocab)))
    for j, words in enumerate(toks):
        for w in words:
            weighted[j, vocab[w]] += 1.0
    names = sparse.csr_matrix(weighted.shape)
    spoken = np.full(len(units), WORDS)
    return BlockStats(units, sparse.csr_matrix(weighted), names, spoken, np.arange(len(vocab)))


def _cosine_model(threshold_cos: float = 0.5) -> MergeModel:
    """A merge model that says "one story" when the two blocks' words are alike."""
    coef = [0.0] * len(MERGE_FEATURES)
    coef[MERGE_FEATURES.index("block_cos")] = 20.0
    return MergeModel(
        mean=(0.0,) * len(MERGE_FEATURES),
        scale=(1.0,) * len(MERGE_FEATURES),
        coef=tuple(coef),
        intercept=-20.0 * threshold_cos,
    )


def test_pair_features_see_alike_and_different_blocks() -> None:
    stats = _stats("ssssbb", guests="-a-a-b")
    rows = pair_features(stats, np.zeros(6), [0, 2, 4])
    assert rows.shape == (2, len(MERGE_FEATURES))
    col = {name: i for i, name in enumerate(MERGE_FEATURES)}
    assert rows[0, col["block_cos"]] == pytest.approx(1.0)  # storm | storm
    assert rows[1, col["block_cos"]] == pytest.approx(0.0)  # storm | budget
    assert rows[0, col["top_shared"]] == pytest.approx(1.0)
    assert rows[0, col["guests_shared"]] == pytest.approx(1.0)  # guest a on both sides
    assert rows[1, col["guests_shared"]] == pytest.approx(0.0)  # a, then b
    assert pair_features(stats, np.zeros(6), [0]).shape == (0, len(MERGE_FEATURES))


def test_merge_joins_blocks_of_one_story_and_keeps_a_new_story() -> None:
    stats = _stats("sssssbbb")
    model = _cosine_model()
    assert merge_blocks(stats, np.zeros(8), [0, 2, 4, 5], model, 0.5) == [0, 5]
    assert merge_blocks(stats, np.zeros(8), [0, 5], model, 0.5) == [0, 5]
    assert merge_blocks(stats, np.zeros(8), [0], model, 0.5) == [0]
    # a threshold nothing reaches keeps every start
    assert merge_blocks(stats, np.zeros(8), [0, 2, 4, 5], model, 1.0) == [0, 2, 4, 5]


def test_split_adds_a_start_where_another_story_begins_and_nowhere_else() -> None:
    stats = _stats("ssssbbbb")
    model = _cosine_model()
    logits = np.zeros(8)
    logits[4] = 3.0  # the boundary model's best guess inside the block
    assert split_blocks(stats, logits, [0], model, 0.25, min_words=WORDS) == [0, 4]
    # one story throughout: the best guess is tried and refused
    one = _stats("ssssssss")
    assert split_blocks(one, logits, [0], model, 0.25, min_words=WORDS) == [0]
    # no unit far enough from both ends: nothing is tried
    assert split_blocks(stats, logits, [0], model, 0.25, min_words=5 * WORDS) == [0]


def test_split_takes_the_best_unit_far_enough_from_both_ends() -> None:
    stats = _stats("ssbbbbbb")
    model = _cosine_model()
    logits = np.zeros(8)
    logits[1] = 9.0  # best, but only one unit after the start
    logits[2] = 2.0
    assert split_blocks(stats, logits, [0], model, 0.25, min_words=2 * WORDS) == [0, 2]


def test_merge_labels_mark_starts_with_no_gold_start_near() -> None:
    before = np.array([0, 50, 100, 150, 200, 250, 300])
    labels = merge_labels([0, 2, 4, 6], before, [3], tolerance=60)
    assert labels.tolist() == [0, 0, 1]  # 100 and 200 are 50 words from 150; 300 is not
    labels = merge_labels([0, 2, 4, 6], before, [3], tolerance=40)
    assert labels.tolist() == [1, 1, 1]
    assert merge_labels([0, 2], before, [], tolerance=60).tolist() == [1]


def test_merge_model_learns_that_alike_blocks_are_one_story() -> None:
    rng = np.random.default_rng(0)
    alike = rng.uniform(0.6, 1.0, 40)
    different = rng.uniform(0.0, 0.4, 40)
    rows = np.zeros((80, len(MERGE_FEATURES)))
    rows[:, MERGE_FEATURES.index("block_cos")] = np.concatenate([alike, different])
    rows[:, 0] = rng.normal(size=80)
    labels = np.array([1] * 40 + [0] * 40)
    model = train_merge_model([rows], [labels])
    test = np.zeros((2, len(MERGE_FEATURES)))
    test[:, MERGE_FEATURES.index("block_cos")] = [0.9, 0.1]
    p = model.predict_proba(test)
    assert p[0] > 0.5 > p[1]
    with pytest.raises(ValueError, match="both"):
        train_merge_model([rows], [np.ones(80, dtype=int)])


def test_the_shipped_model_carries_its_merge_pass_and_reads_back() -> None:
    model = load_model()
    assert model.merge is not None
    assert model.training["merge"]["tolerance"] == MERGE_TOLERANCE  # type: ignore[index]
    assert model_from_json(model.to_json()) == model
    assert model_from_json(replace(model, merge=None).to_json()).merge is None
    text = model.to_json().replace('"block_cos"', '"something_else"')
    with pytest.raises(ModelFileError):
        model_from_json(text)


def test_learning_needs_two_groups_for_a_merge_pass_and_one_group_per_transcript() -> None:
    from analytics.segment import StorySegmenter
    from analytics.segment.features import extract, unit_labels
    from analytics.segment.learn import learn
    from tests.test_segment import _labelled_synthetic

    transcripts, starts = _labelled_synthetic(4)
    features = [extract(t) for t in transcripts]
    labels = [unit_labels(f.units, s[1:]) for f, s in zip(features, starts, strict=True)]
    alone = learn(features, labels, ["one show"] * 4)
    assert alone.merge is None and "merge" not in alone.training
    with pytest.raises(ValueError, match="groups"):
        StorySegmenter().fit(transcripts, starts, groups=["a", "b"])
