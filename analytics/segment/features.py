"""Boundary features: one row per candidate unit, the evidence that a story starts there.

Every column is a number in about [-1, 1] computed from the transcript alone (no corpus
statistics): structural cues (a commercial break, a ``[HH:MM:SS]`` jump, a heading line, a
turn or paragraph start), speaker-change patterns (the host taking the floor back, a voice
not heard before, the set of guests changing), the programme's own words
(:mod:`analytics.segment.cues`: teases and thanks just before, a transition, a guest
introduction or a continuation at the unit), position in the programme, the story list,
lexical cohesion between the windows before and after the unit at three widths, and the
novelty of the words that follow it (:mod:`analytics.segment.cohesion`). Row 0 (the body
start) is never a candidate.

Every look back or ahead is bounded by a number of units and words, so the cost is linear
in the number of units whatever the text.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from analytics.model import Transcript
from analytics.segment.cohesion import (
    _band,
    contrast,
    depth_scores,
    idf_table,
    novelties,
    own_idf,
    token_matrix,
    tokens,
    tokens_of,
    window_similarity,
)
from analytics.segment.cues import unit_cues
from analytics.segment.units import Unit, build_units

#: Feature columns, in the order of :attr:`UnitFeatures.matrix`.
FEATURES = (
    "para_start",
    "mid_paragraph",
    "turn_start",
    "host_voice",
    "host_turn_start",
    "guest_turn_start",
    "inside_guest_turn",
    "heading",
    "clip_start",
    "break_before",
    "stamp_jump",
    "others_before",
    "new_voice_ahead",
    "guests_change",
    "answers_question",
    "tease_back",
    "tease_before_break",
    "tease_end",
    "break_talk_back",
    "tease_at",
    "thanks_back",
    "handback_back",
    "thanks_at",
    "transition",
    "start",
    "intro_ahead",
    "continuation",
    "continue_before_break",
    "welcome_back",
    "goodbye_ahead",
    "position",
    "words_before",
    "words_after",
    "early",
    "late",
    "list_gain",
    "cos_short",
    "cos_mid",
    "cos_long",
    "depth_short",
    "depth_mid",
    "contrast_mid",
    "contrast_long",
    "local_minimum",
    "novelty_short",
    "novelty_long",
    "file_stamps",
    "file_breaks",
    "file_flat",
    "file_list",
)

#: Content words in the short, middle and long cohesion windows.
WIDTHS = (40, 120, 300)


@dataclass(frozen=True)
class UnitFeatures:
    """The units of one transcript, their features, spoken words and content words (stems),
    the IDF of those words over the transcript's own stretches (in column order), and the
    units' IDF-weighted word counts (units x words, the columns in the order of ``idf``)."""

    units: tuple[Unit, ...]
    matrix: np.ndarray
    spoken_words: np.ndarray
    unit_tokens: tuple[tuple[str, ...], ...]
    idf: dict[str, float]
    unseen_idf: float
    weighted: sparse.csr_matrix


def is_flat(transcript: Transcript) -> bool:
    """A body with few line breaks for its length (CNN pages joined onto one line)."""
    body = transcript.text[transcript.body_start :]
    return body.count("\n") < max(5, len(body) // 2000)


def _normalise_depth(depth: np.ndarray) -> np.ndarray:
    """Depth relative to the transcript's own dips: 1.0 at mean + 2 sd of positive depths."""
    positive = depth[depth > 0]
    if positive.size < 2:
        return np.zeros_like(depth)
    scale = positive.mean() + 2 * positive.std()
    return np.clip(depth / scale, 0.0, 1.0) if scale > 0 else np.zeros_like(depth)


class _Flags:
    """One cue flag (>= 0) per unit, and how many units before each have a flag, so that a
    look back or ahead over a stretch with no flag costs nothing."""

    def __init__(self, values: np.ndarray) -> None:
        self.values = values
        self.seen = np.concatenate([[0], np.cumsum(values > 0)])


def _lookback(
    flags: _Flags, words: np.ndarray, j: int, max_words: int, max_units: int = 8
) -> float:
    """The largest flag among the units before ``j``, going back ``max_words`` words."""
    if flags.seen[j] == flags.seen[max(j - max_units, 0)]:
        return 0.0
    values = flags.values
    best, total, i = 0.0, 0, j - 1
    while i >= 0 and j - i <= max_units:
        best = max(best, values[i])
        total += words[i]
        if total >= max_words:
            break
        i -= 1
    return best


def _ahead(
    flags: _Flags, words: np.ndarray, turn: Sequence[int | None], j: int, max_words: int
) -> float:
    """The largest flag from unit ``j`` on, within its turn and ``max_words`` words."""
    values = flags.values
    if flags.seen[min(j + 8, len(values))] == flags.seen[j]:
        return 0.0
    best, total, i = 0.0, 0, j
    while i < len(values) and i - j < 8 and (i == j or turn[i] == turn[j]):
        best = max(best, values[i])
        total += words[i]
        if total >= max_words:
            break
        i += 1
    return best


def extract(transcript: Transcript) -> UnitFeatures:
    """Units of ``transcript`` and their boundary features (:data:`FEATURES`)."""
    units = build_units(transcript)
    n = len(units)
    flat = is_flat(transcript)
    words = np.array([u.words for u in units], dtype=np.int64)
    spoken_any = any(u.speaker is not None for u in units)
    spoken = np.array(
        [w if (u.speaker or not spoken_any) else 0 for u, w in zip(units, words, strict=True)],
        dtype=np.int64,
    )
    before = np.concatenate([[0], np.cumsum(spoken)[:-1]]) if n else np.zeros(0)
    total = max(int(spoken.sum()), 1)
    toks = tokens_of([u.text for u in units])
    counts, vocab = token_matrix(toks)
    idf, unseen = own_idf(counts)
    weighted = sparse.csr_matrix(counts.multiply(idf[None, :]))
    lengths = np.array([len(t) for t in toks], dtype=np.int64)
    host = np.array([u.host or u.speaker is None for u in units], dtype=bool)
    cues = unit_cues(units, host)
    turn = [u.turn for u in units]

    f = {name: np.zeros(n) for name in FEATURES}
    if n == 0:
        empty = np.zeros((0, len(FEATURES)))
        return UnitFeatures(units, empty, spoken, (), {}, unseen, sparse.csr_matrix((0, 1)))

    text = transcript.text
    first_turn: dict[str, int] = {}
    for j, u in enumerate(units):
        if u.speaker is not None:
            first_turn.setdefault(u.speaker, j)
    new_voice = np.zeros(n)
    for j in first_turn.values():
        if not units[j].host:
            new_voice[j] = 1.0

    # guests heard in the 400 spoken words before and after each unit
    guest_keys = sorted({u.speaker for u in units if u.speaker is not None and not u.host})
    guests_change = np.zeros(n)
    if guest_keys and n > 1:
        col = {k: i for i, k in enumerate(guest_keys)}
        rows = [j for j, u in enumerate(units) if u.speaker in col]
        who = sparse.csr_matrix(
            (np.ones(len(rows)), (rows, [col[units[j].speaker] for j in rows])),  # type: ignore[index]
            shape=(n, len(guest_keys)),
        )
        c = np.concatenate([[0], np.cumsum(words)])
        idx = np.arange(n)
        lo = np.maximum(np.searchsorted(c, c[:-1] - 400, side="left"), idx - 150)
        hi = np.minimum(np.searchsorted(c, c[:-1] + 400, side="right") - 1, idx + 150)
        hi = np.clip(hi, idx + 1, n)
        b = (_band(np.clip(lo, 0, None), idx, n) @ who) > 0
        a = (_band(idx, hi, n) @ who) > 0
        inter = np.asarray(b.multiply(a).sum(axis=1)).ravel()
        union = np.asarray(b.sum(axis=1)).ravel() + np.asarray(a.sum(axis=1)).ravel() - inter
        ok = union > 0
        guests_change[ok] = 1.0 - inter[ok] / union[ok]

    others = 0
    for j, u in enumerate(units):
        prev = units[j - 1] if j else None
        if prev is not None:
            others = others + int(words[j - 1]) if not host[j - 1] else 0
        if j == 0:
            continue
        para = u.para_start or flat or u.turn_start or units[j - 1].break_after
        f["para_start"][j] = float(para)
        f["mid_paragraph"][j] = float(not para)
        f["turn_start"][j] = float(u.turn_start)
        f["host_voice"][j] = float(host[j])
        f["host_turn_start"][j] = float(host[j] and u.turn_start)
        guest = u.speaker is not None and not u.host
        f["guest_turn_start"][j] = float(guest and u.turn_start)
        f["inside_guest_turn"][j] = float(guest and not u.turn_start)
        stripped = u.text.rstrip()
        f["heading"][j] = float(
            para and words[j] <= 10 and not stripped.endswith((".", "?", "!", '"', ",", "-"))
        )
        f["clip_start"][j] = float("(BEGIN" in text[u.start : u.start + 60].upper())
        f["break_before"][j] = float(prev.break_after)  # type: ignore[union-attr]
        f["others_before"][j] = (
            min(1.0, math.log1p(others) / math.log(1000)) if host[j] and u.turn_start else 0.0
        )
        f["answers_question"][j] = float(
            guest and u.turn_start and cues["question"][j - 1] > 0 and host[j - 1]
        )
        if host[j]:
            ahead = 0.0
            acc, i = 0, j
            while i < n and i - j < 12 and acc < 150:
                ahead = max(ahead, new_voice[i])
                acc += int(words[i])
                i += 1
            f["new_voice_ahead"][j] = ahead
    f["guests_change"] = guests_change

    # timestamps: minutes since the last stamp seen, for units that start with one
    last = None
    for j, u in enumerate(units):
        if u.stamp is not None:
            if j and last is not None and u.stamp >= last:
                f["stamp_jump"][j] = min(1.0, math.log1p(u.stamp - last) / math.log(900))
            elif j and last is None:
                f["stamp_jump"][j] = 0.5
            last = u.stamp

    host_cue = {k: v * host for k, v in cues.items()}
    guest_handback = cues["handback"] * ~host
    named = np.where(cues["named_thanks"] > 0, 1.0, 0.5 * cues["thanks"]) * host
    tease, break_talk = _Flags(host_cue["tease"]), _Flags(host_cue["break_talk"])
    named_f, handback = _Flags(named), _Flags(guest_handback)
    start, intro = _Flags(host_cue["start"]), _Flags(host_cue["intro"])
    continuation, host_continue = _Flags(cues["continue"]), _Flags(host_cue["continue"])
    welcome, goodbye = _Flags(host_cue["welcome"]), _Flags(cues["goodbye"])
    for j in range(1, n):
        voice = host[j]
        para = f["para_start"][j]
        f["tease_back"][j] = _lookback(tease, words, j, 60) * voice * para
        f["tease_end"][j] = _lookback(tease, words, j, 12, 3) * voice * para
        f["break_talk_back"][j] = _lookback(break_talk, words, j, 40) * voice
        f["thanks_back"][j] = _lookback(named_f, words, j, 40, 4) * voice
        f["handback_back"][j] = _lookback(handback, words, j, 30, 3)
        f["tease_at"][j] = host_cue["tease"][j]
        f["thanks_at"][j] = named[j]
        short_lead = words[j] <= 5
        f["transition"][j] = max(
            host_cue["transition"][j],
            host_cue["transition"][j + 1]
            if short_lead and j + 1 < n and turn[j + 1] == turn[j]
            else 0,
        )
        f["start"][j] = _ahead(start, words, turn, j, 40)
        f["intro_ahead"][j] = _ahead(intro, words, turn, j, 80) * voice
        f["continuation"][j] = _ahead(continuation, words, turn, j, 40)
        if units[j - 1].break_after:
            f["tease_before_break"][j] = _lookback(tease, words, j, 100, 10)
            f["continue_before_break"][j] = _lookback(host_continue, words, j, 60, 6)
        if before[j] < 700:
            f["welcome_back"][j] = _lookback(welcome, words, j, 80, 6) * voice
        if total - before[j] < 300:
            f["goodbye_ahead"][j] = _ahead(goodbye, words, turn, j, 300)

    f["position"] = before / total
    f["words_before"] = np.log1p(before) / math.log(10000)
    f["words_after"] = np.log1p(np.maximum(total - before, 0)) / math.log(10000)
    f["early"] = (before < 400).astype(float)
    f["late"] = ((total - before) < 150).astype(float)

    # cohesion at three widths
    sims = [window_similarity(weighted, lengths, w) for w in WIDTHS]
    f["cos_short"], f["cos_mid"], f["cos_long"] = sims
    f["depth_short"] = _normalise_depth(depth_scores(sims[0]))
    f["depth_mid"] = _normalise_depth(depth_scores(sims[1]))
    f["contrast_mid"] = contrast(sims[1])
    f["contrast_long"] = contrast(sims[2])
    mid = sims[1]
    padded = np.concatenate([np.full(3, np.inf), mid, np.full(3, np.inf)])
    window_min = np.min(np.stack([padded[k : k + n] for k in range(7)]), axis=0)
    f["local_minimum"] = (mid <= window_min).astype(float)
    f["novelty_short"], f["novelty_long"] = novelties(toks, idf, vocab, (60, 200))

    # the story list: an item whose words come after the unit and not before it
    idf_map, unseen_map = idf_table(vocab, idf, unseen)
    if transcript.headlines and n > 1:
        col = {w: i for i, w in enumerate(vocab)}
        items = []
        for h in transcript.headlines:
            v = np.zeros(len(idf))
            for w in tokens(h):
                if w in col:
                    v[col[w]] += idf[col[w]]
            if v.any():
                items.append(v / np.linalg.norm(v))
        if items:
            item_matrix = np.stack(items, axis=1)  # vocab x items
            c = np.concatenate([[0], np.cumsum(lengths)])
            idx = np.arange(n)
            lo = np.clip(np.maximum(np.searchsorted(c, c[:-1] - 200), idx - 120), 0, None)
            lo = np.minimum(lo, np.maximum(idx - 1, 0))
            hi = np.clip(
                np.minimum(np.searchsorted(c, c[:-1] + 200, side="right") - 1, idx + 120),
                idx + 1,
                n,
            )
            win_b = _band(lo, idx, n) @ weighted
            win_a = _band(idx, hi, n) @ weighted
            nb = np.sqrt(np.asarray(win_b.multiply(win_b).sum(axis=1)).ravel())
            na = np.sqrt(np.asarray(win_a.multiply(win_a).sum(axis=1)).ravel())
            sb = np.asarray(win_b @ item_matrix) / np.maximum(nb, 1e-9)[:, None]
            sa = np.asarray(win_a @ item_matrix) / np.maximum(na, 1e-9)[:, None]
            f["list_gain"] = np.clip((sa - sb).max(axis=1), 0.0, 1.0)
            f["list_gain"][0] = 0.0

    f["file_stamps"][:] = float(any(u.stamp is not None for u in units))
    f["file_breaks"][:] = float(any(u.break_after for u in units))
    f["file_flat"][:] = float(flat)
    f["file_list"][:] = min(1.0, len(transcript.headlines) / 10)
    matrix = np.stack([f[name] for name in FEATURES], axis=1)
    matrix[0] = 0.0
    unit_tokens = tuple(tuple(t) for t in toks)
    return UnitFeatures(units, matrix, spoken, unit_tokens, idf_map, unseen_map, weighted)


def unit_labels(units: Sequence[Unit], starts: Sequence[int]) -> np.ndarray:
    """1 at the unit whose start is nearest each of ``starts`` (character offsets), else 0.

    A start inside a unit's leading stamp or note counts at that unit; a start in the middle
    of a unit (a cut the units do not have) counts at the nearer of its two ends. The body
    start (unit 0) is never a label.
    """
    y = np.zeros(len(units), dtype=np.int64)
    heads = [u.start for u in units]
    for s in starts:
        j = bisect.bisect_right(heads, s) - 1
        if j + 1 < len(units) and heads[j + 1] - s < s - heads[j]:
            j += 1
        if j > 0:
            y[j] = 1
    return y
