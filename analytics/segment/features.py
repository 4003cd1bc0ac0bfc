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
from analytics.segment.capitals import capitals_matrix
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
    units' IDF-weighted word counts (units x words, the columns in the order of ``idf``), and
    those of the words said capitalised inside a sentence (names; the same columns,
    :func:`~analytics.segment.capitals.capitals_matrix`)."""

    units: tuple[Unit, ...]
    matrix: np.ndarray
    spoken_words: np.ndarray
    unit_tokens: tuple[tuple[str, ...], ...]
    idf: dict[str, float]
    unseen_idf: float
    weighted: sparse.csr_matrix
    names: sparse.csr_matrix


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


def _same_turn(turn: Sequence[int | None]) -> np.ndarray:
    """``out[i]``: unit ``i`` is in the turn of unit ``i - 1`` (untagged units are alike)."""
    out = np.zeros(len(turn), dtype=bool)
    out[1:] = [a == b for a, b in zip(turn[1:], turn[:-1], strict=True)]
    return out


def _lookback(
    values: np.ndarray, words: np.ndarray, max_words: int, max_units: int = 8
) -> np.ndarray:
    """For each unit ``j``, the largest flag (``values`` >= 0) among the units before it,
    going back ``max_words`` words and at most ``max_units`` units (the unit where the
    words run out included).

    Each flag reaches forward to the units whose look back takes it in: cost in proportion
    to the flags, not the units.

    >>> _lookback(np.array([1.0, 0, 0, 0]), np.array([5, 5, 5, 5]), 8).tolist()
    [0.0, 1.0, 1.0, 0.0]
    """
    n = len(values)
    out = np.zeros(n)
    cum = np.concatenate([[0], np.cumsum(words)])
    for i in np.flatnonzero(values > 0).tolist():
        v = values[i]
        j = i + 1
        # unit i is reached from j when the units strictly between say < max_words words
        while j < n and j - i <= max_units and cum[j] - cum[i + 1] < max_words:
            if v > out[j]:
                out[j] = v
            j += 1
    return out


def _ahead(
    values: np.ndarray, words: np.ndarray, same_turn: np.ndarray, max_words: int
) -> np.ndarray:
    """For each unit ``j``, the largest flag from ``j`` on, within its turn (``same_turn``,
    :func:`_same_turn`), ``max_words`` words and 8 units (the unit where the words run
    out included).

    >>> same = np.array([False, True, True])
    >>> _ahead(np.array([0, 0, 1.0]), np.array([5, 5, 5]), same, 8).tolist()
    [0.0, 1.0, 1.0]
    """
    out = np.zeros(len(values))
    cum = np.concatenate([[0], np.cumsum(words)])
    for i in np.flatnonzero(values > 0).tolist():
        v = values[i]
        j = i
        while j >= 0 and i - j < 8:
            if j < i and not (same_turn[j + 1] and cum[i] - cum[j] < max_words):
                break
            if v > out[j]:
                out[j] = v
            j -= 1
    return out


def _unit_flags(
    f: dict[str, np.ndarray],
    units: Sequence[Unit],
    words: np.ndarray,
    host: np.ndarray,
    flat: bool,
    text: str,
    question: np.ndarray,
    new_voice: np.ndarray,
) -> None:
    """Fill ``f``'s structure and speaker columns (rows after the first)."""
    n = len(units)
    if n < 2:
        return
    rest = units[1:]
    turn_start = np.array([u.turn_start for u in units], dtype=bool)
    break_after = np.array([u.break_after for u in units], dtype=bool)
    para = np.zeros(n, dtype=bool)
    para[1:] = [u.para_start or flat or u.turn_start for u in rest]
    para[1:] |= break_after[:-1]
    guest = np.array([u.speaker is not None and not u.host for u in units], dtype=bool)
    f["para_start"][1:] = para[1:]
    f["mid_paragraph"][1:] = ~para[1:]
    f["turn_start"][1:] = turn_start[1:]
    f["host_voice"][1:] = host[1:]
    f["host_turn_start"][1:] = (host & turn_start)[1:]
    f["guest_turn_start"][1:] = (guest & turn_start)[1:]
    f["inside_guest_turn"][1:] = (guest & ~turn_start)[1:]
    ends = (".", "?", "!", '"', ",", "-")
    f["heading"][1:] = para[1:] & (words[1:] <= 10)
    f["heading"][1:] *= [not u.text.rstrip().endswith(ends) for u in rest]
    f["clip_start"][1:] = ["(BEGIN" in text[u.start : u.start + 60].upper() for u in rest]
    f["break_before"][1:] = break_after[:-1]
    # the words of the guests' units since the host last spoke
    cum = np.concatenate([[0], np.cumsum(words)])
    last_host = np.maximum.accumulate(np.where(host, np.arange(n), -1))
    since = np.zeros(n, dtype=np.int64)
    since[1:] = cum[1:n] - cum[last_host[:-1] + 1]
    for j in np.flatnonzero(host & turn_start).tolist():
        if j:
            f["others_before"][j] = min(1.0, math.log1p(int(since[j])) / math.log(1000))
    f["answers_question"][1:] = (guest & turn_start)[1:] & (question[:-1] > 0) & host[:-1]
    # the host's units from which a voice not heard before comes in within 12 units and
    # before 150 words are said
    for i in np.flatnonzero(new_voice).tolist():
        j = i
        while j >= 1 and i - j < 12 and cum[i] - cum[j] < 150:
            if host[j]:
                f["new_voice_ahead"][j] = max(f["new_voice_ahead"][j], new_voice[i])
            j -= 1


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
    names = capitals_matrix(units, {w: i for i, w in enumerate(vocab)}, idf, weighted.shape[1])
    lengths = np.array([len(t) for t in toks], dtype=np.int64)
    host = np.array([u.host or u.speaker is None for u in units], dtype=bool)
    cues = unit_cues(units, host)
    turn = [u.turn for u in units]

    f = {name: np.zeros(n) for name in FEATURES}
    if n == 0:
        empty = np.zeros((0, len(FEATURES)))
        none = sparse.csr_matrix((0, 1))
        return UnitFeatures(units, empty, spoken, (), {}, unseen, none, none)

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

    _unit_flags(f, units, words, host, flat, text, cues["question"], new_voice)
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
    same_turn = _same_turn(turn)
    voice = host.astype(float)
    para = f["para_start"]
    tease = host_cue["tease"]
    f["tease_back"] = _lookback(tease, words, 60) * voice * para
    f["tease_end"] = _lookback(tease, words, 12, 3) * voice * para
    f["break_talk_back"] = _lookback(host_cue["break_talk"], words, 40) * voice
    f["thanks_back"] = _lookback(named, words, 40, 4) * voice
    f["handback_back"] = _lookback(guest_handback, words, 30, 3)
    f["tease_at"] = tease.copy()
    f["thanks_at"] = named.copy()
    transition = host_cue["transition"]
    lead = np.zeros(n)
    follows = (words[:-1] <= 5) & same_turn[1:]
    lead[:-1] = np.where(follows, transition[1:], 0.0)
    f["transition"] = np.maximum(transition, lead)
    f["start"] = _ahead(host_cue["start"], words, same_turn, 40)
    f["intro_ahead"] = _ahead(host_cue["intro"], words, same_turn, 80) * voice
    f["continuation"] = _ahead(cues["continue"], words, same_turn, 40)
    after_break = np.zeros(n, dtype=bool)
    after_break[1:] = [u.break_after for u in units[:-1]]
    f["tease_before_break"] = np.where(after_break, _lookback(tease, words, 100, 10), 0.0)
    f["continue_before_break"] = np.where(
        after_break, _lookback(host_cue["continue"], words, 60, 6), 0.0
    )
    f["welcome_back"] = np.where(
        before < 700, _lookback(host_cue["welcome"], words, 80, 6) * voice, 0.0
    )
    f["goodbye_ahead"] = np.where(
        total - before < 300, _ahead(cues["goodbye"], words, same_turn, 300), 0.0
    )
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
    return UnitFeatures(units, matrix, spoken, unit_tokens, idf_map, unseen_map, weighted, names)


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
