"""The story-block segmenter: structural cues plus cohesion, scored per candidate unit.

Every unit (paragraph, turn or sentence; see :mod:`analytics.segment.units`) is a candidate
start. Its score is a weighted sum of cues (:mod:`analytics.segment.cues`) and of the depth
of the dip in lexical (and, in ``"semantic"`` mode, sentence-vector) similarity between the
windows around it. Candidates at or above ``threshold`` become block starts, strongest
first, as long as no block gets shorter than ``min_words``.
"""

from __future__ import annotations

import bisect
import math
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Literal

import numpy as np

from analytics.model import StoryBlock, Transcript
from analytics.segment import cues as C
from analytics.segment.cohesion import (
    CachedEmbedder,
    Embedder,
    chunk_documents,
    contrast,
    cosine,
    depth_scores,
    inverse_document_frequency,
    lexical_similarity,
    minilm_embedder,
    semantic_similarity,
    tokens,
)
from analytics.segment.headlines import keyword_label, match_headlines
from analytics.segment.units import Unit, build_units

Mode = Literal["lexical", "semantic"]

#: Weight of each cue in a candidate's score (``mid_turn`` is a penalty).
DEFAULT_WEIGHTS: Mapping[str, float] = {
    "break": 1.5,
    "tease": 1.5,
    "thanks": 1.5,
    "transition": 0.75,
    "intro": 0.25,
    "host": 0.5,
    "stamp": 0.25,
    "open": 3.0,
    "continuation": -3.0,
    "mid_turn": -1.0,
    "rundown": 1.0,  # on/off: the story list as a prior on the number of blocks
    "lexical": 1.0,
    "semantic": 1.0,
}


class StorySegmenter:
    """Split a parsed transcript into story blocks (scikit-learn style).

    ``fit(transcripts)`` learns the corpus IDF (and, in ``"semantic"`` mode, prepares the
    sentence embedder); ``transform(transcript)`` returns the blocks of one transcript.

    >>> from analytics.ingest import parse_file
    >>> transcript = parse_file("data/raw/cnn_2015-11-20_acd.txt")
    >>> seg = StorySegmenter().fit([transcript])
    >>> [b.kind for b in seg.transform(transcript)]
    ['story', 'story', 'story', 'story', 'story', 'story']
    """

    def __init__(
        self,
        *,
        mode: Mode = "lexical",
        threshold: float = 2.0,
        min_words: int = 120,
        width: int = 80,
        bare_boost: float = 1.5,
        weights: Mapping[str, float] | None = None,
        disabled: Sequence[str] = (),
        embedder: Embedder | None = None,
    ) -> None:
        self.mode = mode
        self.threshold = threshold
        self.min_words = min_words
        self.width = width
        self.bare_boost = bare_boost
        self.weights = weights
        self.disabled = disabled
        self.embedder = embedder

    # -- fitting ---------------------------------------------------------------------------
    def fit(self, transcripts: Sequence[Transcript], y: object = None) -> StorySegmenter:
        """Learn the IDF of content words over ``transcripts``; returns ``self``."""
        if self.mode not in ("lexical", "semantic"):
            raise ValueError(f"mode must be 'lexical' or 'semantic', not {self.mode!r}")
        unknown = set(self.disabled) - set(C.CUES)
        if unknown:
            raise ValueError(f"unknown cues: {sorted(unknown)}; known: {list(C.CUES)}")
        weights = dict(DEFAULT_WEIGHTS)
        weights.update(self.weights or {})
        for cue in self.disabled:
            weights[cue] = 0.0
        if self.mode == "lexical":
            weights["semantic"] = 0.0
        elif weights["semantic"] and weights["lexical"]:
            # the two kinds of cohesion share the weight cohesion has alone
            weights["lexical"] *= 0.5
            weights["semantic"] *= 0.5
        self.weights_ = weights
        docs = []
        for transcript in transcripts:
            units = build_units(transcript)
            docs.extend(chunk_documents([tokens(u.text) for u in units]))
        self.idf_, self.unseen_idf_ = inverse_document_frequency(docs)
        self.n_documents_ = len(docs)
        self.embedder_ = None
        if weights["semantic"]:
            self.embedder_ = CachedEmbedder(self.embedder or minilm_embedder())
        return self

    # -- scoring ---------------------------------------------------------------------------
    def cue_matrix(self, transcript: Transcript) -> tuple[tuple[Unit, ...], dict[str, np.ndarray]]:
        """The units of ``transcript`` and every cue's value per unit (before weighting)."""
        self._check_fitted()
        units = build_units(transcript)
        n = len(units)
        flat = _is_flat(transcript)
        toks = [tokens(u.text) for u in units]
        feats: dict[str, np.ndarray] = {
            "break": C.break_before(units),
            "tease": self._tease_novelty(units, toks, C.tease_sources(units, flat)),
            "continuation": C.continuation_at(units),
            "thanks": C.thanks_before(units),
            "transition": C.transition_at(units),
            "intro": C.intro_at(units),
            "host": C.host_takes_floor(units),
            "stamp": C.stamp_at(units),
            "mid_turn": C.mid_turn(units, flat),
        }
        opening = np.zeros(n)
        end = C.opening_end(units)
        if end is not None:
            opening[end] = 1.0
        feats["open"] = opening
        feats["rundown"] = np.zeros(n)
        lex = lexical_similarity(toks, self.idf_, self.unseen_idf_, self.width)
        wide = lexical_similarity(toks, self.idf_, self.unseen_idf_, 3 * self.width)
        feats["lexical"] = 0.5 * _normalise_depth(depth_scores(lex)) + 0.5 * contrast(wide)
        feats["semantic"] = np.zeros(n)
        if self.embedder_ is not None and n > 1:
            vectors = self._unit_vectors(units)
            unit_words = [u.words for u in units]
            sem = semantic_similarity(vectors, unit_words, self.width + 40)
            wide_sem = semantic_similarity(vectors, unit_words, 3 * self.width)
            feats["semantic"] = 0.5 * _normalise_depth(depth_scores(sem)) + 0.5 * contrast(wide_sem)
        return units, feats

    def _tease_novelty(
        self,
        units: Sequence[Unit],
        toks: Sequence[Sequence[str]],
        sources: dict[int, dict[int, float]],
        width: int = 200,
    ) -> np.ndarray:
        """Tease values, a quarter as strong when the tease is about the story just told.

        A tease whose words are closer to the ``width`` words before it than to the
        ``width`` words after the candidate promises more of the same story.
        """
        out = np.zeros(len(units))
        for j, teases in sources.items():
            first = min(teases)
            said = Counter(w for i in teases for w in toks[i])
            before = Counter(_window(toks, first, -width, skip=set(teases)))
            after = Counter(_window(toks, j, width))
            back = cosine(said, before, self.idf_, self.unseen_idf_)
            ahead = cosine(said, after, self.idf_, self.unseen_idf_)
            value = max(teases.values())
            out[j] = value if ahead >= back else value / 4
        # a tease belongs to the block it ends (guidelines, rule 2): it starts none
        for j, u in enumerate(units):
            if j and (u.host or u.speaker is None) and C.TEASE_RE.search(u.text):
                out[j] = min(out[j], -0.5)
        return out

    def _unit_vectors(self, units: Sequence[Unit], chunk_words: int = 100) -> np.ndarray:
        """Sentence vectors per unit, embedded in chunks of about ``chunk_words`` words.

        A chunk closes at ``chunk_words`` words, or at a new turn once it has half that;
        each unit takes its chunk's vector (a tenth as many texts to embed as sentences),
        and a chunk's text is cut at ``chunk_words`` words (MiniLM reads 256 word pieces).
        """
        assert self.embedder_ is not None
        groups: list[list[int]] = []
        words = 0
        for j, u in enumerate(units):
            if not groups or words >= chunk_words or (u.turn_start and words >= chunk_words / 2):
                groups.append([])
                words = 0
            groups[-1].append(j)
            words += u.words
        texts = [" ".join(" ".join(units[j].text for j in g).split()[:chunk_words]) for g in groups]
        vectors = self.embedder_.embed(texts)
        out = np.zeros((len(units), vectors.shape[1]), dtype=np.float32)
        for g, v in zip(groups, vectors, strict=True):
            out[g] = v
        return out

    def scores(self, transcript: Transcript) -> tuple[tuple[Unit, ...], np.ndarray]:
        """The units of ``transcript`` and each one's boundary score."""
        units, feats = self.cue_matrix(transcript)
        total = np.zeros(len(units))
        # with no commercial break and no stamp in the file, the words are all there is
        bare = not any(u.break_after for u in units) and not any(u.stamp for u in units)
        for cue, values in feats.items():
            boost = self.bare_boost if bare and cue in ("lexical", "semantic") else 1.0
            total += boost * self.weights_[cue] * values
        return units, total

    # -- segmenting ------------------------------------------------------------------------
    def transform(self, transcript: Transcript) -> tuple[StoryBlock, ...]:
        """The story blocks of ``transcript``; they partition its body."""
        units, score = self.scores(transcript)
        if not units:
            return ()
        opening = C.opening_end(units) if self.weights_["open"] else None
        starts = self._select(units, score, self.threshold)
        # the story list is a prior on the number of stories: at least half as many blocks
        # as items (two items often describe one story); lower the bar until there are
        wanted = math.ceil(len(transcript.headlines) / 2) + (opening is not None)
        if self.weights_["rundown"] and len(starts) < wanted:
            for threshold in np.arange(self.threshold - 0.25, 0.99, -0.25):
                starts = self._select(units, score, float(threshold))
                if len(starts) >= wanted:
                    break
        return self._blocks(transcript, units, starts, opening)

    def _select(self, units: Sequence[Unit], score: np.ndarray, threshold: float) -> list[int]:
        # spoken words before unit j (a copyright trailer after the last turn does not count)
        spoken = any(u.speaker is not None for u in units)
        words = np.cumsum([0] + [u.words if u.speaker or not spoken else 0 for u in units])
        total = words[-1]
        order = sorted(
            (j for j in range(1, len(units)) if score[j] >= threshold),
            key=lambda j: (-score[j], j),
        )
        chosen: list[int] = []
        opening = C.opening_end(units) if self.weights_["open"] else None
        for j in order:
            if opening is not None and j < opening:
                continue  # the opening rundown is one block (guidelines, rule 4)
            # a short last block needs strong evidence (a rundown of the next hour after a
            # tease and a break); a sign-off belongs to the last story
            tail = total - words[j]
            if tail < min(40, self.min_words) or (tail < self.min_words and score[j] < 3.0):
                continue
            if words[j] < 5:
                continue
            if all(abs(words[j] - words[c]) >= self.min_words for c in chosen):
                chosen.append(j)
        return [0, *sorted(chosen)]

    def _blocks(
        self,
        transcript: Transcript,
        units: Sequence[Unit],
        starts: list[int],
        opening: int | None,
    ) -> tuple[StoryBlock, ...]:
        text = transcript.text
        spans = []
        for k, j in enumerate(starts):
            end = units[starts[k + 1]].start if k + 1 < len(starts) else len(text)
            spans.append((units[j].start, end))
        # what is said in each block (a copyright trailer after the last turn is not)
        spoken = any(u.speaker is not None for u in units)
        texts = [
            " ".join(u.text for u in units if a <= u.start < b and (u.speaker or not spoken))
            for a, b in spans
        ]
        is_open = [False] * len(spans)
        if opening is not None and len(starts) > 1 and starts[1] <= opening + 2:
            is_open[0] = True
        story_texts = [t for t, o in zip(texts, is_open, strict=True) if not o]
        story_idx = [i for i, o in enumerate(is_open) if not o]
        items = match_headlines(transcript.headlines, story_texts, self.idf_, self.unseen_idf_)
        headlines = [""] * len(spans)
        for i, assigned in zip(story_idx, items, strict=True):
            if assigned:
                headlines[i] = "; ".join(transcript.headlines[h] for h in sorted(assigned))
        for i, (t, o) in enumerate(zip(texts, is_open, strict=True)):
            if o:
                headlines[i] = "open"
            elif not headlines[i]:
                rest = " ".join(x for k, x in enumerate(texts) if k != i)
                headlines[i] = keyword_label(t, rest, self.idf_, self.unseen_idf_)
        tag_starts = [min(t.tag_start, t.start_char) for t in transcript.turns]
        blocks = []
        for i, (a, b) in enumerate(spans):
            lo = bisect.bisect_right(tag_starts, a) - 1
            turn_ids = tuple(
                t.index
                for t in transcript.turns[max(lo, 0) :]
                if t.end_char > a and min(t.tag_start, t.start_char) < b
            )
            blocks.append(
                StoryBlock(
                    index=i,
                    start_char=a,
                    end_char=b,
                    kind="open" if is_open[i] else "story",
                    headline=headlines[i],
                    turn_indices=turn_ids,
                )
            )
        return tuple(blocks)

    def _check_fitted(self) -> None:
        if not hasattr(self, "idf_"):
            raise RuntimeError("StorySegmenter is not fitted: call fit(transcripts) first")


def _window(
    toks: Sequence[Sequence[str]], j: int, width: int, skip: set[int] | None = None
) -> list[str]:
    """``|width|`` tokens from unit ``j`` on (width > 0) or before unit ``j`` (width < 0)."""
    out: list[str] = []
    step = 1 if width > 0 else -1
    i = j if width > 0 else j - 1
    while 0 <= i < len(toks) and len(out) < abs(width):
        if not skip or i not in skip:
            out.extend(toks[i])
        i += step
    return out


def _is_flat(transcript: Transcript) -> bool:
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


def segment(
    transcript: Transcript,
    *,
    mode: Mode = "lexical",
    **options: object,
) -> tuple[StoryBlock, ...]:
    """Story blocks of one transcript, with the IDF taken from the transcript itself.

    Every command (``run``, ``segment``, ``sentiment``, ``topics``) and the pipeline
    segment with this function, so a file's blocks depend on that file alone: the same
    whichever other files are read with it.
    """
    segmenter = StorySegmenter(mode=mode, **options)  # type: ignore[arg-type]
    return segmenter.fit([transcript]).transform(transcript)
