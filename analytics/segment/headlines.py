"""Headlines for story blocks: the programme's story list when it has one, else key words.

CNN pages list their stories in the title (``Transcript.headlines``). Each list item goes to
the block whose words overlap it most (tf-idf weighted); several items may go to one block,
and are then joined with "; " in list order. A block no item matches gets a label of its
most distinctive words against the rest of the transcript.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence

from analytics.segment.cohesion import tokens


def _weights(counts: Counter[str], idf: dict[str, float], unseen: float) -> dict[str, float]:
    return {w: (1 + math.log(c)) * idf.get(w, unseen) for w, c in counts.items()}


def match_headlines(
    headlines: Sequence[str],
    block_texts: Sequence[str],
    idf: dict[str, float],
    unseen: float,
    *,
    min_score: float = 0.05,
) -> list[list[int]]:
    """For each block, the indices of the list items assigned to it (best overlap wins)."""
    block_counts = [Counter(tokens(t)) for t in block_texts]
    block_w = [_weights(c, idf, unseen) for c in block_counts]
    assigned: list[list[int]] = [[] for _ in block_texts]
    for h, item in enumerate(headlines):
        words = set(tokens(item))
        if not words:
            continue
        total = sum(idf.get(w, unseen) for w in words)
        best, best_score = None, min_score
        for b, weights in enumerate(block_w):
            if not weights:
                continue
            # share of the item's (idf-weighted) words the block uses, scaled by how often
            score = (
                sum(
                    idf.get(w, unseen) * min(1.0, math.log1p(block_counts[b][w]) / 2)
                    for w in words
                    if w in weights
                )
                / total
            )
            if score > best_score:
                best, best_score = b, score
        if best is not None:
            assigned[best].append(h)
    return assigned


def keyword_label(
    block_text: str,
    other_text: str,
    idf: dict[str, float],
    unseen: float,
    *,
    size: int = 4,
) -> str:
    """The ``size`` words most particular to the block, against the rest of the transcript.

    Each word scores its count in the block times its IDF, discounted by how much more often
    it appears elsewhere in the transcript; words keep the capitalisation they have most.
    """
    inside = Counter(tokens(block_text))
    outside = Counter(tokens(other_text))
    if not inside:
        return "untitled"
    n_in = sum(inside.values())
    n_out = sum(outside.values()) or 1
    scored = []
    for w, c in inside.items():
        share_in = c / n_in
        share_out = outside[w] / n_out
        keyness = share_in / (share_in + share_out)
        scored.append(((1 + math.log(c)) * idf.get(w, unseen) * keyness, w))
    scored.sort(key=lambda x: (-x[0], x[1]))
    surface = _surface_forms(block_text)
    return ", ".join(surface.get(w, w) for _, w in scored[:size])


def _surface_forms(text: str) -> dict[str, str]:
    """Most frequent written form of each token ("Mueller", "DACA", "shutdown")."""
    forms: dict[str, Counter[str]] = {}
    for raw in text.replace("`", "'").split():
        word = raw.strip(".,;:!?\"'()[]\u201c\u201d\u2019-")
        if word.endswith("'s"):
            word = word[:-2]
        toks = tokens(word)
        if len(toks) == 1:
            forms.setdefault(toks[0], Counter())[word] += 1
    return {t: c.most_common(1)[0][0] for t, c in forms.items()}
