"""The segmentation variants benchmark: its length prior on the block cost and its
merge-pass columns, which must leave the package's merge pass as it was."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest

from analytics.segment import merge
from analytics.segment.boundary import Decoding
from analytics.segment.decode import decode_units
from benchmarks.segmentation_tried import (
    REFERENCE_WORDS,
    Folds,
    length_prior,
    merge_columns,
    new_story_columns,
)
from tests.test_segment_features import _unit
from tests.test_segment_merge import _stats


def _folds(spoken: np.ndarray) -> Folds:
    feats = {"x": SimpleNamespace(spoken_words=spoken)}
    return Folds(feats, {}, {"x": "cnn x"}, {"x": "dev"}, ("cnn x",), {}, {})  # type: ignore[arg-type]


def test_the_length_prior_is_the_shipped_decoding_at_zero_and_adds_blocks_to_short_programmes() -> (
    None
):
    rng = np.random.default_rng(0)
    spoken = np.full(40, 25)  # 1,000 words: a short programme
    logits = rng.normal(-3.0, 1.5, size=40)
    dec = Decoding()
    folds = _folds(spoken)
    assert length_prior(folds, dec, 0.0, None)("x", logits) == decode_units(logits, spoken, dec)
    cheaper = length_prior(folds, dec, 1.0, None)("x", logits)
    assert REFERENCE_WORDS > 1000
    assert len(cheaper) > len(decode_units(logits, spoken, dec))
    # the shortest block: 3% of 1,000 words is 30, raised to 40 words
    closer = length_prior(folds, dec, 1.0, 0.03)("x", logits)
    before = np.concatenate([[0], np.cumsum(spoken)[:-1]])
    gaps = np.diff(before[closer[1:]])
    assert gaps.min() >= 40
    assert gaps.min() < dec.min_words  # closer than the shipped decoding allows


def test_merge_columns_widen_the_pair_rows_inside_the_block_only() -> None:
    stats = _stats("ssssbb", guests="-a-a-b")
    stats.bare = 1.0  # type: ignore[attr-defined]
    width = len(merge.MERGE_FEATURES)
    original = merge.pair_row
    with merge_columns(lambda s, row, *_: [s.bare, s.bare * row[0]]):  # type: ignore[attr-defined]
        rows = merge.pair_features(stats, np.full(6, 2.0), [0, 2, 4])
        assert rows.shape == (2, width + 2)
        assert rows[:, -2].tolist() == [1.0, 1.0]
        assert rows[:, -1].tolist() == [2.0, 2.0]
    assert merge.pair_row is original
    assert merge.pair_features(stats, np.zeros(6), [0, 2, 4]).shape == (2, width)
    with pytest.raises(RuntimeError), merge_columns(lambda s, row, *_: [0.0]):
        raise RuntimeError("the pass fails inside the block")
    assert merge.pair_row is original and len(merge.MERGE_FEATURES) == width


def test_new_story_columns_see_the_second_block_open_on_other_words() -> None:
    # storm, storm | budget, budget, storm, storm: the second block opens on the budget
    stats = _stats("ssbbss")
    words = int(stats.cum_words[2] - stats.cum_words[1])  # one unit's words
    lede, junction = new_story_columns(words, ("lede", "junction"))(stats, [], (0, 2), (2, 6))
    assert lede == 0.0 and junction == 0.0
    # the same split of a block that stays on the storm
    same = _stats("ssssss")
    assert new_story_columns(words, ("lede", "junction"))(same, [], (0, 2), (2, 6)) == [
        pytest.approx(1.0),
        pytest.approx(1.0),
    ]
    # empty spans (the width probe) give zeros, one per column
    assert new_story_columns(words, ("lede", "new_names"))(stats, [], (0, 0), (0, 0)) == [0.0, 0.0]
    with pytest.raises(ValueError, match="unknown merge column"):
        new_story_columns(words, ("ledes",))(stats, [], (0, 2), (2, 6))


def test_wider_teases_flag_the_added_teases_inside_the_block_only() -> None:
    from analytics.segment.cues import unit_cues
    from benchmarks.segmentation_tried import wider_teases

    said = [
        "That story is next.",
        "When we come right back, the storm.",
        "The next president.",
        "Her side of it, next.",
    ]
    units = [_unit(t) for t in said]
    host = np.ones(len(units), dtype=bool)
    assert unit_cues(units, host)["tease"].tolist() == [1.0, 0.0, 0.0, 0.0]  # "is next"
    with wider_teases(["when we come right back"]):
        assert unit_cues(units, host)["tease"].tolist() == [1.0, 1.0, 0.0, 0.0]
    with wider_teases(["a sentence ending on next"]):
        assert unit_cues(units, host)["tease"].tolist() == [1.0, 0.0, 0.0, 1.0]
    assert unit_cues(units, host)["tease"].tolist() == [1.0, 0.0, 0.0, 0.0]
