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
from functools import lru_cache

from analytics.segment.cohesion import tokens
from analytics.words import written_forms


def _weights(counts: Counter[str], idf: dict[str, float], unseen: float) -> dict[str, float]:
    return {w: (1 + math.log(c)) * idf.get(w, unseen) for w, c in counts.items()}


def match_headlines(
    headlines: Sequence[str],
    block_words: Sequence[Counter[str]],
    idf: dict[str, float],
    unseen: float,
    *,
    gap_cost: float = 0.02,
) -> list[list[int]]:
    """For each block, the indices of the list items assigned to it.

    The story list follows the running order, so items are aligned to blocks in order
    (dynamic programming): the alignment maximises the summed cosine between each item's
    tf-idf vector and its block's (``block_words``: the content-word counts of each block,
    :func:`~analytics.segment.cohesion.tokens`), less ``gap_cost`` for each block left without an item
    between two assigned ones. An item whose words the transcript never says (a story told
    in pictures) thus falls in the unlabelled block where the running order puts it.
    """
    n_items, n_blocks = len(headlines), len(block_words)
    if not n_items or not n_blocks:
        return [[] for _ in block_words]
    blocks = [_weights(c, idf, unseen) for c in block_words]
    norms = [math.sqrt(sum(v * v for v in b.values())) for b in blocks]
    sim = [[0.0] * n_blocks for _ in range(n_items)]
    for h, item in enumerate(headlines):
        words = _weights(Counter(tokens(item)), idf, unseen)
        item_norm = math.sqrt(sum(v * v for v in words.values()))
        for b, weights in enumerate(blocks):
            if item_norm and norms[b]:
                dot = sum(v * weights.get(w, 0.0) for w, v in words.items())
                sim[h][b] = dot / (item_norm * norms[b])
    # best[h][b]: best total for items 0..h with item h in block b. The best previous
    # block p <= b costs gap_cost for each empty block between p and b: a running maximum
    # of best[h - 1][p] + gap_cost * p keeps this linear in the number of blocks.
    best = [[-math.inf] * n_blocks for _ in range(n_items)]
    back = [[0] * n_blocks for _ in range(n_items)]
    for b in range(n_blocks):
        best[0][b] = sim[0][b]
    for h in range(1, n_items):
        run_value, run_arg = -math.inf, 0  # max over p < b of best[h-1][p] + gap_cost * p
        for b in range(n_blocks):
            same = best[h - 1][b]
            earlier = run_value - gap_cost * (b - 1) if b else -math.inf
            if same > earlier:
                value, prev = same, b
            else:
                value, prev = earlier, run_arg
            best[h][b], back[h][b] = value + sim[h][b], prev
            if best[h - 1][b] + gap_cost * b > run_value:
                run_value, run_arg = best[h - 1][b] + gap_cost * b, b
    b = max(range(n_blocks), key=lambda k: (best[-1][k], -k))
    assigned: list[list[int]] = [[] for _ in block_words]
    for h in range(n_items - 1, -1, -1):
        assigned[b].insert(0, h)
        b = back[h][b]
    return assigned


def keyword_labels(
    block_words: Sequence[Counter[str]],
    block_texts: dict[int, str],
    idf: dict[str, float],
    unseen: float,
    *,
    size: int = 4,
) -> dict[int, str]:
    """For each block in ``block_texts``, the ``size`` words most particular to it.

    Each word scores its count in the block times its IDF, discounted by how much more often
    it appears in the rest of the transcript (all the other blocks of ``block_words``);
    words keep the capitalisation they have most in the block's text. Linear in the text.
    """
    total: Counter[str] = Counter()
    for c in block_words:
        total.update(c)
    n_all = sum(total.values())
    out = {}
    for i, text in block_texts.items():
        inside = block_words[i]
        if not inside:
            out[i] = "untitled"
            continue
        n_in = sum(inside.values())
        n_out = (n_all - n_in) or 1
        scored = []
        for w, c in inside.items():
            share_in = c / n_in
            share_out = (total[w] - c) / n_out
            keyness = share_in / (share_in + share_out)
            scored.append(((1 + math.log(c)) * idf.get(w, unseen) * keyness, w))
        scored.sort(key=lambda x: (-x[0], x[1]))
        chosen = [w for _, w in scored[:size]]
        surface = _surface_forms(text, frozenset(chosen))
        out[i] = ", ".join(surface.get(w, w) for w in chosen)
    return out


def _surface_forms(text: str, wanted: frozenset[str]) -> dict[str, str]:
    """Most frequent written form of each ``wanted`` token ("Mueller", "DACA", "shutdown");
    of equally frequent forms, the first used."""
    return written_forms(map(_form, text.replace("`", "'").split()), _word_token, wanted)


@lru_cache(maxsize=65536)
def _form(raw: str) -> str:
    """A whitespace-separated word without its punctuation and possessive "'s"."""
    word = raw.strip(".,;:!?\"'()[]\u201c\u201d\u2019-")
    return word[:-2] if word.endswith("'s") else word


@lru_cache(maxsize=65536)
def _word_token(word: str) -> str | None:
    """The one content token of ``word``, or None (stop word, several tokens)."""
    toks = tokens(word)
    return toks[0] if len(toks) == 1 else None
