"""Segment features computed from the flagged units and arrays equal the per-unit walks
they replace, and the capitalised words counted once per unit are names, not sentence
openers."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from analytics.segment.capitals import capitals_matrix
from analytics.segment.cohesion import _novelty
from analytics.segment.features import _ahead, _lookback, _same_turn
from analytics.segment.units import Unit


def _walk_back(values, words, j, max_words, max_units):
    """The look back as a walk from unit j - 1 towards the start."""
    best, total, i = 0.0, 0, j - 1
    while i >= 0 and j - i <= max_units:
        best = max(best, values[i])
        total += words[i]
        if total >= max_words:
            break
        i -= 1
    return best


def _walk_ahead(values, words, turn, j, max_words):
    """The look ahead as a walk from unit j within its turn."""
    best, total, i = 0.0, 0, j
    while i < len(values) and i - j < 8 and (i == j or turn[i] == turn[j]):
        best = max(best, values[i])
        total += words[i]
        if total >= max_words:
            break
        i += 1
    return best


units_st = st.lists(
    st.tuples(
        st.sampled_from([0.0, 0.0, 0.0, 0.5, 1.0]),
        st.integers(0, 30),
        st.sampled_from([None, 0, 1, 2]),
    ),
    min_size=1,
    max_size=40,
)


@settings(max_examples=200, deadline=None)
@given(units_st, st.integers(1, 80), st.integers(1, 10))
def test_look_back_and_ahead_equal_the_walks(rows, max_words, max_units) -> None:
    values = np.array([r[0] for r in rows])
    words = np.array([r[1] for r in rows], dtype=np.int64)
    # any turn sequence: the walk stops at the first unit of another turn
    turn = [r[2] for r in rows]
    back = _lookback(values, words, max_words, max_units)
    ahead = _ahead(values, words, _same_turn(turn), max_words)
    n = len(rows)
    assert back.tolist() == [_walk_back(values, words, j, max_words, max_units) for j in range(n)]
    assert ahead.tolist() == [_walk_ahead(values, words, turn, j, max_words) for j in range(n)]


@settings(max_examples=100, deadline=None)
@given(st.lists(st.integers(0, 6), min_size=2, max_size=30), st.integers(1, 12))
def test_novelty_shares_equal_the_loop(firsts, width) -> None:
    rng = np.random.default_rng(len(firsts))
    first_seen = np.array(firsts, dtype=np.int64)
    weight = rng.uniform(1.0, 3.0, len(firsts))
    start = np.sort(rng.integers(0, len(firsts) + 1, 7))
    got = _novelty(first_seen, weight, start, width, chunk=3)
    want = np.zeros(len(start))
    for j in range(1, len(start)):
        a, b = start[j], min(start[j] + width, len(first_seen))
        if b > a:
            w = weight[a:b]
            want[j] = w[first_seen[a:b] >= j].sum() / w.sum()
    assert np.allclose(got, want, rtol=1e-12, atol=1e-15)


def _unit(text: str) -> Unit:
    return Unit(0, len(text), text, None, None, True, False, True, None, False)


def test_names_inside_sentences_are_counted_and_sentence_openers_are_not() -> None:
    units = [_unit("Senator Warren spoke in Boston. Today she left."), _unit("Boston again.")]
    col = {"senat": 0, "warren": 1, "boston": 2, "todai": 3}
    m = capitals_matrix(units, col, np.array([1.0, 2.0, 3.0, 4.0]), 4).toarray()
    # "Senator" opens the unit and "Today" a sentence; "Boston" opens the second unit
    assert m.tolist() == [[0.0, 2.0, 3.0, 0.0], [0.0, 0.0, 0.0, 0.0]]
