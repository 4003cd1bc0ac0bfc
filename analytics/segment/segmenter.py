"""The story-block segmenter: a learned boundary classifier and a decoding step.

Every unit (paragraph, turn or sentence; :mod:`analytics.segment.units`) is a candidate
start. :mod:`analytics.segment.features` describes each one with numbers computed from the
transcript alone; the boundary model (:mod:`analytics.segment.boundary`, a logistic
regression learned from annotated transcripts and shipped with the package) turns them into
probabilities; :func:`analytics.segment.decode.best_starts` picks the starts; a second pass
(:mod:`analytics.segment.merge`) joins neighbouring blocks that tell one story and splits
a block where a story plainly begins inside it, judging whole blocks. Headlines come
from the programme's story list, or key words (:mod:`analytics.segment.headlines`).
"""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np

from analytics.model import StoryBlock, Transcript
from analytics.segment.boundary import BoundaryModel, Decoding, load_model
from analytics.segment.decode import decode_units, logit
from analytics.segment.features import FEATURES, UnitFeatures, extract, unit_labels
from analytics.segment.headlines import keyword_labels, match_headlines
from analytics.segment.learn import learn
from analytics.segment.merge import block_stats, merge_blocks, split_blocks


class StorySegmenter:
    """Split a parsed transcript into story blocks (scikit-learn style).

    ``fit()`` with no labels loads the boundary model (``model``: a path, a
    :class:`BoundaryModel`, or None for the one shipped with the package);
    ``fit(transcripts, starts, groups)`` learns a new one from annotations, where
    ``starts[i]`` holds the character offsets at which gold blocks of ``transcripts[i]``
    begin and ``groups[i]`` names its programme (the merge pass learns from decodes of
    each group by a model fitted on the others; by default each transcript is a group).
    ``transform(transcript)`` returns the blocks of one transcript.

    >>> from analytics.ingest import parse_file
    >>> transcript = parse_file("data/raw/cnn_2015-11-20_acd.txt")
    >>> seg = StorySegmenter().fit()
    >>> [b.kind for b in seg.transform(transcript)][:3]
    ['story', 'story', 'story']
    """

    def __init__(
        self,
        *,
        model: str | Path | BoundaryModel | None = None,
        C: float = 1.0,
        random_state: int = 0,
        decoding: Decoding | None = None,
    ) -> None:
        self.model = model
        self.C = C
        self.random_state = random_state
        self.decoding = decoding

    def fit(
        self,
        transcripts: Sequence[Transcript] = (),
        starts: Sequence[Sequence[int]] | None = None,
        groups: Sequence[str] | None = None,
    ) -> StorySegmenter:
        """Load the boundary model, or learn one from ``transcripts`` and gold ``starts``."""
        if starts is None:
            if isinstance(self.model, BoundaryModel):
                model = self.model
            else:
                model = _shipped() if self.model is None else load_model(self.model, FEATURES)
            if model.features != FEATURES:
                raise ValueError("the boundary model was trained on other features")
        else:
            if len(starts) != len(transcripts):
                raise ValueError(f"{len(transcripts)} transcripts but {len(starts)} start lists")
            if groups is not None and len(groups) != len(transcripts):
                raise ValueError(f"{len(transcripts)} transcripts but {len(groups)} groups")
            features, labels = [], []
            for transcript, gold in zip(transcripts, starts, strict=True):
                feats = extract(transcript)
                features.append(feats)
                labels.append(unit_labels(feats.units, gold))
            model = learn(
                features,
                labels,
                list(groups) if groups is not None else [str(i) for i in range(len(features))],
                C=self.C,
                random_state=self.random_state,
                decoding=self.decoding,
                training={"transcripts": [t.source for t in transcripts]},
            )
        self.model_ = model
        self.decoding_ = self.decoding or model.decoding
        return self

    def boundary_probabilities(self, transcript: Transcript) -> tuple[UnitFeatures, np.ndarray]:
        """The features of ``transcript``'s units and the probability a block starts at each."""
        self._check_fitted()
        feats = extract(transcript)
        return feats, self.model_.predict_proba(feats.matrix)

    def transform(self, transcript: Transcript) -> tuple[StoryBlock, ...]:
        """The story blocks of ``transcript``; they partition its body."""
        feats, proba = self.boundary_probabilities(transcript)
        units = feats.units
        if not units:
            return ()
        return _blocks(transcript, feats, choose_starts(feats, proba, self.model_, self.decoding_))

    def _check_fitted(self) -> None:
        if not hasattr(self, "model_"):
            raise RuntimeError("StorySegmenter is not fitted: call fit() first")


def choose_starts(
    feats: UnitFeatures, proba: np.ndarray, model: BoundaryModel, decoding: Decoding
) -> list[int]:
    """Unit indices where blocks start (0 first): decoded, then joined and split by the
    model's merge pass when it has one."""
    logits = logit(proba)
    starts = decode_units(logits, feats.spoken_words, decoding)
    if model.merge is None or len(starts) == 0:
        return starts
    stats = block_stats(feats)
    starts = merge_blocks(stats, logits, starts, model.merge, decoding.merge_threshold)
    return split_blocks(
        stats, logits, starts, model.merge, decoding.split_threshold, decoding.min_words
    )


def _opening(feats: UnitFeatures, starts: Sequence[int]) -> bool:
    """True when the first block is the programme's opening rundown (rule 4).

    It is when it is short (under 400 spoken words) and the programme's welcome or the
    anchor's sign-in is said in it; the guidelines' open block is the rundown before the
    first story.
    """
    from analytics.segment.cues import WELCOME_RE

    units = feats.units
    end = starts[1] if len(starts) > 1 else len(units)
    words = int(feats.spoken_words[:end].sum())
    return len(starts) > 1 and words < 400 and any(WELCOME_RE.search(u.text) for u in units[:end])


def _blocks(
    transcript: Transcript, feats: UnitFeatures, starts: list[int]
) -> tuple[StoryBlock, ...]:
    units = feats.units
    text = transcript.text
    spans = []
    for k, j in enumerate(starts):
        end = units[starts[k + 1]].start if k + 1 < len(starts) else len(text)
        spans.append((units[j].start, end))
    # what is said in each block (a copyright trailer after the last turn is not)
    spoken_any = any(u.speaker is not None for u in units)
    bounds = [*starts, len(units)]
    said = [
        [j for j in range(bounds[k], bounds[k + 1]) if units[j].speaker or not spoken_any]
        for k in range(len(starts))
    ]
    words = [Counter(w for j in js for w in feats.unit_tokens[j]) for js in said]
    is_open = [False] * len(spans)
    is_open[0] = _opening(feats, starts)
    story_idx = [i for i, o in enumerate(is_open) if not o]
    idf, unseen = feats.idf, feats.unseen_idf
    items = match_headlines(transcript.headlines, [words[i] for i in story_idx], idf, unseen)
    headlines = [""] * len(spans)
    for i, assigned in zip(story_idx, items, strict=True):
        if assigned:
            headlines[i] = "; ".join(transcript.headlines[h] for h in sorted(assigned))
    missing = {i: " ".join(units[j].text for j in said[i]) for i in story_idx if not headlines[i]}
    for i, label in keyword_labels(words, missing, idf, unseen).items():
        headlines[i] = label
    for i, o in enumerate(is_open):
        if o:
            headlines[i] = "open"
    tag_starts = [min(t.tag_start, t.start_char) for t in transcript.turns]
    blocks = []
    for i, (a, b) in enumerate(spans):
        lo = bisect.bisect_right(tag_starts, a) - 1
        hi = bisect.bisect_left(tag_starts, b)
        turn_ids = tuple(
            t.index
            for t in transcript.turns[max(lo, 0) : hi]
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


@lru_cache(maxsize=1)
def _shipped() -> BoundaryModel:
    """The boundary model shipped with the package (read once per process)."""
    return load_model(None, FEATURES)


@lru_cache(maxsize=1)
def _default_segmenter() -> StorySegmenter:
    return StorySegmenter().fit()


def segment(transcript: Transcript) -> tuple[StoryBlock, ...]:
    """Story blocks of one transcript with the shipped boundary model.

    Depends on the transcript alone: every statistic (the IDF of its words included) is
    the transcript's own. Every command (``run``, ``segment``, ``sentiment``, ``topics``)
    and the pipeline segment with this function, so a file's blocks are the same whichever
    other files are read with it.
    """
    return _default_segmenter().transform(transcript)
