"""Decoding: the set of block starts that best fits the boundary probabilities.

Each candidate unit ``j`` has a log-odds ``logit(p_j)``; a start there earns
``logit(p_j) - cost``, where ``cost`` is the price of one more block. The chosen starts
maximise the summed earnings with no two starts closer than ``min_words`` spoken words,
the first at least ``min_first`` words into the body and the last at least ``min_last``
words before its end. A dynamic programme over units solves this exactly in linear time
(the spacing constraint only ever looks at a prefix maximum).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from analytics.segment.boundary import Decoding


def logit(p: np.ndarray) -> np.ndarray:
    """log(p / (1 - p)), with p clipped to [1e-9, 1 - 1e-9]."""
    q = np.clip(p, 1e-9, 1 - 1e-9)
    return np.log(q / (1 - q))


def best_starts(
    gain: np.ndarray,
    words_before: np.ndarray,
    total_words: int,
    *,
    min_words: int,
    min_first: int = 0,
    min_last: int = 0,
) -> list[int]:
    """Unit indices (after 0) whose summed ``gain`` is largest under the spacing rules.

    ``words_before[j]`` is the number of spoken words before unit ``j`` (non-decreasing)
    and ``total_words`` the number in the whole body.
    Index 0, the body start, is always a start and is not returned.

    >>> best_starts(np.array([0.0, 2.0, 1.0, -1.0, 3.0]), np.array([0, 10, 20, 30, 40]), 50,
    ...             min_words=15)
    [1, 4]
    """
    n = len(gain)
    if n < 2:
        return []
    best = np.full(n, -np.inf)  # best total with j as the latest start
    back = np.full(n, -1, dtype=np.int64)  # the start before j (-1: none)
    prefix_value = -np.inf  # max best[i] over i <= pointer
    prefix_arg = -1
    pointer = 0
    for j in range(1, n):
        b = words_before[j]
        while pointer < j and b - words_before[pointer] >= min_words:
            if pointer > 0 and best[pointer] > prefix_value:
                prefix_value, prefix_arg = best[pointer], pointer
            pointer += 1
        base, prev = -np.inf, -1
        if b >= min_first:
            base = 0.0
        if prefix_value > base:
            base, prev = prefix_value, prefix_arg
        if base > -np.inf:
            best[j] = base + gain[j]
            back[j] = prev
    end_value, end = 0.0, -1
    for j in range(1, n):
        if total_words - words_before[j] >= min_last and best[j] > end_value:
            end_value, end = best[j], j
    out = []
    while end > 0:
        out.append(int(end))
        end = int(back[end])
    return out[::-1]


def decode_units(logits: np.ndarray, spoken_words: np.ndarray, decoding: Decoding) -> list[int]:
    """Unit indices of the block starts, 0 first: :func:`best_starts` with ``decoding``'s
    cost and spacing, ``spoken_words[j]`` being the spoken words of unit ``j``."""
    if len(logits) == 0:
        return []
    words_before = np.concatenate([[0], np.cumsum(spoken_words)[:-1]])
    chosen = best_starts(
        logits - decoding.cost,
        words_before,
        int(np.sum(spoken_words)),
        min_words=decoding.min_words,
        min_first=decoding.min_first,
        min_last=decoding.min_last,
    )
    return [0, *chosen]
