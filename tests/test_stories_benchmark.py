"""The stories benchmark's rules for the shipped cuts and the ceiling of linking."""

from __future__ import annotations

import numpy as np

from benchmarks.stories import (
    FIXED_MIN_APART,
    Score,
    Setting,
    missed_in_shared_blocks,
    pipeline_ceiling,
    robust_cuts,
)


def _score(linked: float, apart: float) -> Score:
    return Score(same=linked, same_total=1.0, apart=apart, apart_total=1.0)


def test_robust_cuts_link_most_while_both_settings_keep_pairs_apart() -> None:
    high, low = FIXED_MIN_APART + 0.005, FIXED_MIN_APART - 0.005
    scores = {
        # the most linked on the gold blocks, but the pipeline blocks fall under the floor
        ("gold", 0.8, 0.3): _score(0.95, high),
        ("pipe", 0.8, 0.3): _score(0.80, low),
        ("gold", 0.7, None): _score(0.80, high),
        ("pipe", 0.7, None): _score(0.70, high),
        ("gold", 0.7, 0.5): _score(0.85, high),
        ("pipe", 0.7, 0.5): _score(0.70, high),
        # as many linked as (0.7, 0.5) in sum: the stricter pair is kept
        ("gold", 0.75, 0.5): _score(0.80, high),
        ("pipe", 0.75, 0.5): _score(0.75, high),
    }
    assert robust_cuts(scores, ["gold", "pipe"]) == (0.7, 0.5)
    assert robust_cuts(scores, ["gold"]) == (0.8, 0.3)


def test_the_ceiling_counts_a_block_that_runs_two_stories() -> None:
    # four labelled blocks: a, a, b, b; the second "a" and the first "b" in one predicted block
    rows = np.array([0, 1, 1, 2])
    labels = np.array(["a", "a", "b", "b"], dtype=object)
    empty = np.zeros(0, dtype=int)
    setting = Setting("pipe", None, None, None, empty, None, rows, labels, empty, empty, empty)
    linked, apart = pipeline_ceiling(setting)
    # block 1 takes story "a" (tie broken by name): the b-b pair is lost, and the "b" inside
    # it is joined with both "a" blocks (two of the four different-story pairs)
    assert linked == 0.5
    assert apart == 0.5


def test_missed_pairs_lost_to_a_shared_block_are_counted_apart_from_linking_misses() -> None:
    # labelled blocks a, a, b, b, c, c; the second "a" and the first "b" share block 1
    rows = np.array([0, 1, 1, 2, 3, 4])
    labels = np.array(["a", "a", "b", "b", "c", "c"], dtype=object)
    empty = np.zeros(0, dtype=int)
    setting = Setting("pipe", None, None, None, empty, None, rows, labels, empty, empty, empty)
    # the linker joined nothing: the b-b pair is lost to block 1 (it holds "a" by name),
    # the a-a and c-c pairs to the linking
    assigned = np.arange(6)
    a, b = np.triu_indices(6, 1)
    assert missed_in_shared_blocks(setting, assigned, a, b) == (1, 3)
