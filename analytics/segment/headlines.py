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
    gap_cost: float = 0.02,
) -> list[list[int]]:
    """For each block, the indices of the list items assigned to it.

    The story list follows the running order, so items are aligned to blocks in order
    (dynamic programming): the alignment maximises the summed cosine between each item's
    tf-idf vector and its block's, less ``gap_cost`` for each block left without an item
    between two assigned ones. An item whose words the transcript never says (a story told
    in pictures) thus falls in the unlabelled block where the running order puts it.
    """
    n_items, n_blocks = len(headlines), len(block_texts)
    if not n_items or not n_blocks:
        return [[] for _ in block_texts]
    blocks = [_weights(Counter(tokens(t)), idf, unseen) for t in block_texts]
    norms = [math.sqrt(sum(v * v for v in b.values())) for b in blocks]
    sim = [[0.0] * n_blocks for _ in range(n_items)]
    for h, item in enumerate(headlines):
        words = _weights(Counter(tokens(item)), idf, unseen)
        item_norm = math.sqrt(sum(v * v for v in words.values()))
        for b, weights in enumerate(blocks):
            if item_norm and norms[b]:
                dot = sum(v * weights.get(w, 0.0) for w, v in words.items())
                sim[h][b] = dot / (item_norm * norms[b])
    # best[h][b]: best total for items 0..h with item h in block b
    best = [[-math.inf] * n_blocks for _ in range(n_items)]
    back = [[0] * n_blocks for _ in range(n_items)]
    for b in range(n_blocks):
        best[0][b] = sim[0][b]
    for h in range(1, n_items):
        for b in range(n_blocks):
            cands = [(best[h - 1][p] - gap_cost * max(0, b - p - 1), p) for p in range(b + 1)]
            value, prev = max(cands, key=lambda x: (x[0], -x[1]))
            best[h][b], back[h][b] = value + sim[h][b], prev
    b = max(range(n_blocks), key=lambda k: (best[-1][k], -k))
    assigned: list[list[int]] = [[] for _ in block_texts]
    for h in range(n_items - 1, -1, -1):
        assigned[b].insert(0, h)
        b = back[h][b]
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
