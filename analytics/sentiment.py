"""Sentence sentiment with VADER, and per-speaker aggregates with bootstrap intervals.

Each spoken sentence (see :mod:`analytics.sentences`) is scored on its own with
vaderSentiment's ``SentimentIntensityAnalyzer``: VADER's compound saturates on long texts,
so a turn or a block is never scored as one text. Scores equal ``polarity_scores(text)``
exactly; :func:`score_texts` is only faster: repeated sentences are scored once, a sentence
with no lexicon word and no emoji gets VADER's neutral result without the word loop, the
per-character emoji pass is skipped for text without emoji, words are tokenised and
lower-cased once per sentence (VADER redoes it for every sentiment word), and large
batches are spread over worker processes, one analyzer per worker.

The sentence table keeps each sentence's text exactly as in the transcript; VADER is given
:func:`vader_text` of it, where backticks and curly apostrophes are straight (VADER's
negation rule only knows "n't").

Aggregates (:func:`aggregate`) give the number of sentences, the mean compound, the shares
positive (compound >= 0.05) and negative (<= -0.05), and a percentile bootstrap interval of
the mean drawn from ``numpy.random.default_rng([seed, hash of the group])``, so a group's
interval depends only on its sentences and the seed.
"""

from __future__ import annotations

import math
import string
import threading
import zlib
from collections.abc import Iterable, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import numpy as np
import pandas as pd
from vaderSentiment.vaderSentiment import (
    BOOSTER_DICT,
    N_SCALAR,
    NEGATE,
    SPECIAL_CASES,
    SentimentIntensityAnalyzer,
    SentiText,
    allcap_differential,
)

from analytics.blocks import BlockPiece, block_pieces
from analytics.engines import default_workers
from analytics.model import StoryBlock, Transcript
from analytics.roles import transcript_kinds
from analytics.words import straight_apostrophes

#: (neg, neu, pos, compound), as ``polarity_scores`` returns them.
Scores = tuple[float, float, float, float]

SENTENCE_COLUMNS = (
    "transcript",
    "block",
    "turn",
    "speaker",
    "role",
    "speaker_kind",
    "in_clip",
    "start_char",
    "end_char",
    "text",
    "neg",
    "neu",
    "pos",
    "compound",
    "network",
    "show",
)
AGGREGATE_COLUMNS = (
    "n_sentences",
    "mean_compound",
    "share_positive",
    "share_negative",
    "ci_low",
    "ci_high",
)
POSITIVE = 0.05
NEGATIVE = -0.05
#: Below this many distinct sentences, worker start-up costs more than it saves.
MIN_PARALLEL = 4000

_NEUTRAL: Scores = (0.0, 1.0, 0.0, 0.0)
_EMPTY: Scores = (0.0, 0.0, 0.0, 0.0)


class FastAnalyzer(SentimentIntensityAnalyzer):
    """``SentimentIntensityAnalyzer`` whose ``polarity_scores`` skips work that cannot
    change the result: the character-by-character emoji pass when the text holds no emoji,
    and the whole word loop when no word is in the lexicon (every valence is then 0, which
    VADER scores as neg 0, neu 1, pos 0, compound 0). The word loop, the "but" rule and the
    final scoring are VADER's own methods, so the scores are identical.

    VADER's negation and idiom checks lower-case every word of the sentence again for each
    sentiment word (quadratic in the sentence length); here the lower-cased words are
    computed once per sentence and the two checks read them, with VADER's rules unchanged.
    """

    def __init__(self) -> None:
        super().__init__()
        self._emoji_chars = frozenset(self.emojis)
        self._words: list[str] | None = None
        self._lower: list[str] = []

    def _lowered(self, words: list[str]) -> list[str]:
        if words is self._words:
            return self._lower
        return [str(w).lower() for w in words]

    def _negation_check(  # type: ignore[override]
        self, valence: float, words_and_emoticons: list[str], start_i: int, i: int
    ) -> float:
        """VADER's ``_negation_check`` on the sentence's lower-cased words."""
        w = self._lowered(words_and_emoticons)
        if start_i == 0 and _negated(w[i - 1]):
            valence = valence * N_SCALAR
        if start_i == 1:
            if w[i - 2] == "never" and (w[i - 1] == "so" or w[i - 1] == "this"):
                valence = valence * 1.25
            elif w[i - 2] == "without" and w[i - 1] == "doubt":
                pass
            elif _negated(w[i - 2]):
                valence = valence * N_SCALAR
        if start_i == 2:
            if (
                w[i - 3] == "never"
                and (w[i - 2] == "so" or w[i - 2] == "this")
                or (w[i - 1] == "so" or w[i - 1] == "this")
            ):
                valence = valence * 1.25
            elif w[i - 3] == "without" and (w[i - 2] == "doubt" or w[i - 1] == "doubt"):
                pass
            elif _negated(w[i - 3]):
                valence = valence * N_SCALAR
        return valence

    def _special_idioms_check(  # type: ignore[override]
        self, valence: float, words_and_emoticons: list[str], i: int
    ) -> float:
        """VADER's ``_special_idioms_check`` on the sentence's lower-cased words."""
        w = self._lowered(words_and_emoticons)
        onezero = f"{w[i - 1]} {w[i]}"
        twoonezero = f"{w[i - 2]} {w[i - 1]} {w[i]}"
        twoone = f"{w[i - 2]} {w[i - 1]}"
        threetwoone = f"{w[i - 3]} {w[i - 2]} {w[i - 1]}"
        threetwo = f"{w[i - 3]} {w[i - 2]}"
        for seq in (onezero, twoonezero, twoone, threetwoone, threetwo):
            if seq in SPECIAL_CASES:
                valence = SPECIAL_CASES[seq]
                break
        if len(w) - 1 > i:
            zeroone = f"{w[i]} {w[i + 1]}"
            if zeroone in SPECIAL_CASES:
                valence = SPECIAL_CASES[zeroone]
        if len(w) - 1 > i + 1:
            zeroonetwo = f"{w[i]} {w[i + 1]} {w[i + 2]}"
            if zeroonetwo in SPECIAL_CASES:
                valence = SPECIAL_CASES[zeroonetwo]
        for n_gram in (threetwoone, threetwo, twoone):
            if n_gram in BOOSTER_DICT:
                valence = valence + BOOSTER_DICT[n_gram]
        return valence

    @staticmethod
    def tokens(text: str) -> list[str]:
        """VADER's ``SentiText(text).words_and_emoticons``: split on white space, outer
        punctuation stripped unless that leaves two characters or fewer (emoticons)."""
        out = []
        for token in text.split():
            stripped = token.strip(_PUNCTUATION)
            out.append(token if len(stripped) <= 2 else stripped)
        return out

    def has_lexicon_word(self, text: str) -> bool:
        """Whether any word of ``text``, as VADER tokenises it, is in the lexicon."""
        lexicon = self.lexicon
        return any(w.lower() in lexicon for w in self.tokens(text))

    def polarity_scores(self, text: str) -> dict[str, float]:  # type: ignore[override]
        """VADER's scores for one sentence (identical to the parent's)."""
        if not self._emoji_chars.isdisjoint(text):
            return super().polarity_scores(text)
        text = text.strip()
        words = self.tokens(text)
        lower = [w.lower() for w in words]
        lexicon = self.lexicon
        if not any(w in lexicon for w in lower):
            neg, neu, pos, compound = _NEUTRAL if words else _EMPTY
            return {"neg": neg, "neu": neu, "pos": pos, "compound": compound}
        sentitext = _SentiText(text, words)
        sentiments: list[float] = []
        self._words, self._lower = words, lower
        try:
            last = len(words) - 1
            for i, item in enumerate(words):
                low = lower[i]
                # VADER appends 0 for boosters, "kind of" and words outside the lexicon
                if (
                    low not in lexicon
                    or low in BOOSTER_DICT
                    or (i < last and low == "kind" and lower[i + 1] == "of")
                ):
                    sentiments.append(0)
                    continue
                sentiments = self.sentiment_valence(0, sentitext, item, i, sentiments)
        finally:
            self._words, self._lower = None, []
        if "but" in lower:
            sentiments = self._but_check(words, sentiments)
        return self.score_valence(sentiments, text)

    def scores(self, text: str) -> Scores:
        """``(neg, neu, pos, compound)`` for one sentence."""
        d = self.polarity_scores(text)
        return (d["neg"], d["neu"], d["pos"], d["compound"])


_NEGATE = frozenset(NEGATE)
_PUNCTUATION = string.punctuation


class _SentiText(SentiText):
    """``SentiText`` built from words already split (the same three attributes)."""

    def __init__(self, text: str, words: list[str]) -> None:
        self.text = text
        self.words_and_emoticons = words
        self.is_cap_diff = allcap_differential(words)


def _negated(word: str) -> bool:
    """VADER's ``negated([word])`` for one lower-cased word."""
    return word in _NEGATE or "n't" in word


_WORKER_ANALYZER: FastAnalyzer | None = None


def _init_worker() -> None:
    global _WORKER_ANALYZER
    _WORKER_ANALYZER = FastAnalyzer()


_LOCAL = threading.local()


def _analyzer() -> FastAnalyzer:
    """This thread's analyzer, built on first use and kept: loading VADER's lexicon takes
    about 30 ms, a quarter of the time scoring a broadcast hour takes."""
    analyzer = getattr(_LOCAL, "analyzer", None)
    if analyzer is None:
        analyzer = _LOCAL.analyzer = FastAnalyzer()
    return analyzer


def _score_chunk(texts: list[str], analyzer: FastAnalyzer | None = None) -> list[Scores]:
    if analyzer is None:
        analyzer = _WORKER_ANALYZER if _WORKER_ANALYZER is not None else _analyzer()
    return [analyzer.scores(t) for t in texts]


def vader_text(text: str) -> str:
    """The text VADER is given for a sentence: apostrophe look-alikes made straight.

    MSNBC and CNN 10 write "don`t", others "don’t"; VADER's negation rule looks for "n't",
    so without this a network's typography would shift its scores.

    >>> vader_text("I don`t like it")
    "I don't like it"
    """
    return straight_apostrophes(text)


def score_texts(
    texts: Sequence[str],
    *,
    workers: int | None = None,
    min_parallel: int = MIN_PARALLEL,
    analyzer: FastAnalyzer | None = None,
) -> list[Scores]:
    """VADER ``(neg, neu, pos, compound)`` for each text, equal to ``polarity_scores``.

    Distinct texts are scored once; with ``workers > 1`` (default: the available CPUs) and
    at least ``min_parallel`` distinct texts they are scored in worker processes, in
    chunks, one analyzer per worker; otherwise in this process with ``analyzer`` (a new
    :class:`FastAnalyzer` when ``None``: loading the lexicon takes a few tens of ms).

    >>> score_texts(["What a wonderful day!", "The memo was released."])
    [(0.0, 0.429, 0.571, 0.6114), (0.0, 1.0, 0.0, 0.0)]
    """
    unique = list(dict.fromkeys(texts))
    n_workers = default_workers() if workers is None else workers
    if n_workers <= 1 or len(unique) < max(min_parallel, 1):
        scored = _score_chunk(unique, analyzer)
    else:
        size = max(250, math.ceil(len(unique) / (n_workers * 4)))
        chunks = [unique[i : i + size] for i in range(0, len(unique), size)]
        try:
            with ProcessPoolExecutor(max_workers=n_workers, initializer=_init_worker) as pool:
                scored = [s for part in pool.map(_score_chunk, chunks) for s in part]
        except (BrokenProcessPool, OSError):  # no worker processes here: score in process
            scored = _score_chunk(unique, analyzer)
    table = dict(zip(unique, scored, strict=True))
    return [table[t] for t in texts]


def _whole_body(transcript: Transcript) -> tuple[StoryBlock, ...]:
    return (StoryBlock(0, transcript.body_start, len(transcript.text), "story", ""),)


def sentence_rows(
    transcript: Transcript,
    blocks: Sequence[StoryBlock] | None = None,
    *,
    pieces: Sequence[BlockPiece] | None = None,
    kinds: Mapping[str, str] | None = None,
) -> list[dict[str, object]]:
    """One row per spoken sentence (all columns but the scores), in text order.

    A sentence's block is the one that holds its start (:mod:`analytics.blocks`);
    ``blocks=None`` makes the transcript one block, block 0. ``pieces`` (of ``blocks``,
    from :func:`analytics.blocks.block_pieces`) saves splitting the sentences again, and
    ``kinds`` (:func:`analytics.roles.transcript_kinds`) finding the speakers' kinds again.
    """
    name = Path(transcript.source).stem
    kinds = transcript_kinds(transcript) if kinds is None else kinds
    if pieces is None:
        pieces = block_pieces(transcript, blocks or _whole_body(transcript))
    rows: list[dict[str, object]] = []
    for piece in pieces:
        turn = transcript.turns[piece.turn]
        for sentence in piece.sentences:
            rows.append(
                {
                    "transcript": name,
                    "block": piece.block,
                    "turn": turn.index,
                    "speaker": turn.speaker.name,
                    "role": turn.speaker.role,
                    "speaker_kind": kinds[turn.speaker.key],
                    "in_clip": turn.in_clip,
                    "start_char": sentence.start_char,
                    "end_char": sentence.end_char,
                    "text": sentence.text,
                    "network": transcript.network,
                    "show": transcript.show,
                }
            )
    return rows


_INTEGERS = ("block", "turn", "start_char", "end_char")


def _frame(rows: list[dict[str, object]], scores: list[Scores]) -> pd.DataFrame:
    """The sentence table, built column by column (a frame from a list of dicts costs more
    than the scoring of a short transcript)."""
    values = np.asarray(scores, dtype=float).reshape(len(scores), 4)
    data: dict[str, object] = {}
    for column in SENTENCE_COLUMNS:
        if column in _SCORE_COLS:
            data[column] = values[:, _SCORE_COLS.index(column)]
        elif column in _INTEGERS:
            data[column] = np.fromiter((r[column] for r in rows), dtype=np.int64, count=len(rows))
        elif column == "in_clip":
            data[column] = np.fromiter((bool(r[column]) for r in rows), dtype=bool, count=len(rows))
        else:
            data[column] = [r[column] for r in rows]
    return pd.DataFrame(data, columns=list(SENTENCE_COLUMNS))


_SCORE_COLS = ("neg", "neu", "pos", "compound")


def score_sentences(
    transcript: Transcript,
    blocks: Sequence[StoryBlock] | None = None,
    *,
    workers: int | None = 1,
    pieces: Sequence[BlockPiece] | None = None,
    kinds: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """The sentence table of one transcript: columns :data:`SENTENCE_COLUMNS`, one row per
    spoken sentence in text order, scored sentence by sentence. ``pieces`` and ``kinds``:
    as :func:`sentence_rows`.

    One transcript is scored in this process by default (``workers=1``): the pipeline
    already spreads transcripts over processes. Use :func:`score_corpus` for a batch.
    """
    rows = sentence_rows(transcript, blocks, pieces=pieces, kinds=kinds)
    return _frame(rows, score_texts([vader_text(str(r["text"])) for r in rows], workers=workers))


def score_corpus(
    items: Iterable[tuple[Transcript, Sequence[StoryBlock] | None]],
    *,
    workers: int | None = None,
) -> pd.DataFrame:
    """The sentence table of many transcripts, all sentences scored in one batch."""
    rows: list[dict[str, object]] = []
    for transcript, blocks in items:
        rows.extend(sentence_rows(transcript, blocks))
    return _frame(rows, score_texts([vader_text(str(r["text"])) for r in rows], workers=workers))


def _group_hash(key: tuple[object, ...]) -> int:
    text = "\x1f".join(str(k.item() if isinstance(k, np.generic) else k) for k in key)
    return zlib.crc32(text.encode("utf-8"))


def bootstrap_mean_ci(
    values: np.ndarray,
    rng: np.random.Generator,
    *,
    n_boot: int = 1000,
    ci: float = 0.95,
    max_cells: int = 4_000_000,
) -> tuple[float, float]:
    """Percentile bootstrap interval of the mean of ``values``: ``n_boot`` resamples with
    replacement drawn as one int32 index matrix (in batches of at most ``max_cells``
    cells)."""
    x = np.asarray(values, dtype=float)
    n = x.size
    if n == 0:
        return (math.nan, math.nan)
    if n == 1 or np.all(x == x[0]):
        return (float(x[0]), float(x[0]))
    batch = max(1, max_cells // n)
    means = np.empty(n_boot)
    for lo in range(0, n_boot, batch):
        hi = min(n_boot, lo + batch)
        means[lo:hi] = x[rng.integers(0, n, size=(hi - lo, n), dtype=np.int32)].mean(axis=1)
    alpha = (1.0 - ci) / 2.0
    low, high = np.quantile(means, [alpha, 1.0 - alpha])
    return (float(low), float(high))


def aggregate(
    sentences: pd.DataFrame,
    by: list[str],
    *,
    seed: int,
    n_boot: int = 1000,
    ci: float = 0.95,
) -> pd.DataFrame:
    """Per group of ``by``: n_sentences, mean_compound, share_positive, share_negative and
    a ``ci`` percentile bootstrap interval (ci_low, ci_high) of the mean compound.

    Groups come out sorted by ``by``. Each group's interval uses
    ``numpy.random.default_rng([seed, crc32 of the group's key])``: the same seed gives the
    same intervals, whatever other groups are in the table.
    """
    missing = [c for c in [*by, "compound"] if c not in sentences.columns]
    if missing:
        raise ValueError(f"aggregate: missing columns {missing}")
    if not by:
        raise ValueError("aggregate: 'by' names no column")
    if n_boot < 1 or not 0.0 < ci < 1.0:
        raise ValueError("aggregate: need n_boot >= 1 and 0 < ci < 1")
    rows = []
    if sentences.empty:
        return pd.DataFrame(rows, columns=[*by, *AGGREGATE_COLUMNS])
    grouped = sentences.groupby(by, sort=True, dropna=False)
    sizes = grouped.size()
    codes = grouped.ngroup().to_numpy()
    values = sentences["compound"].to_numpy(dtype=float)[np.argsort(codes, kind="stable")]
    parts = np.split(values, np.cumsum(sizes.to_numpy())[:-1])
    for key, x in zip(sizes.index, parts, strict=True):
        keys = key if isinstance(key, tuple) else (key,)
        rng = np.random.default_rng([seed, _group_hash(keys)])
        low, high = bootstrap_mean_ci(x, rng, n_boot=n_boot, ci=ci)
        rows.append(
            {
                **dict(zip(by, keys, strict=True)),
                "n_sentences": int(x.size),
                "mean_compound": float(x.mean()),
                "share_positive": float(np.mean(x >= POSITIVE)),
                "share_negative": float(np.mean(x <= NEGATIVE)),
                "ci_low": low,
                "ci_high": high,
            }
        )
    return pd.DataFrame(rows, columns=[*by, *AGGREGATE_COLUMNS])


def by_speaker(
    sentences: pd.DataFrame, *, seed: int, n_boot: int = 1000, ci: float = 0.95
) -> pd.DataFrame:
    """Aggregates per speaker (name and kind)."""
    return aggregate(sentences, ["speaker", "speaker_kind"], seed=seed, n_boot=n_boot, ci=ci)


def by_speaker_block(
    sentences: pd.DataFrame, *, seed: int, n_boot: int = 1000, ci: float = 0.95
) -> pd.DataFrame:
    """Aggregates per transcript, story block and speaker."""
    by = ["transcript", "block", "speaker", "speaker_kind"]
    return aggregate(sentences, by, seed=seed, n_boot=n_boot, ci=ci)


def by_kind(
    sentences: pd.DataFrame, *, seed: int, n_boot: int = 1000, ci: float = 0.95
) -> pd.DataFrame:
    """Aggregates per speaker kind."""
    return aggregate(sentences, ["speaker_kind"], seed=seed, n_boot=n_boot, ci=ci)


def by_show(
    sentences: pd.DataFrame, *, seed: int, n_boot: int = 1000, ci: float = 0.95
) -> pd.DataFrame:
    """Aggregates per network and show."""
    return aggregate(sentences, ["network", "show"], seed=seed, n_boot=n_boot, ci=ci)


def transcript_record(
    transcript: Transcript,
    blocks: Sequence[StoryBlock] | None = None,
    *,
    seed: int,
    n_boot: int = 1000,
    workers: int | None = 1,
) -> dict[str, object]:
    """The CLI's JSON object for one file: its sentences (with their block, the one that
    holds the sentence's start) and per-speaker aggregates named as in the tables
    (:func:`by_speaker`), the speakers in order of first appearance."""
    table = score_sentences(transcript, blocks, workers=workers)
    agg = by_speaker(table, seed=seed, n_boot=n_boot).set_index(["speaker", "speaker_kind"])
    sentences = [
        {
            "speaker": r.speaker,
            "speaker_kind": r.speaker_kind,
            "block": int(r.block),
            "turn": int(r.turn),
            "start_char": int(r.start_char),
            "end_char": int(r.end_char),
            "text": r.text,
            "neg": float(r.neg),
            "neu": float(r.neu),
            "pos": float(r.pos),
            "compound": float(r.compound),
        }
        for r in table.itertuples(index=False)
    ]
    speakers = []
    for name, kind in dict.fromkeys(zip(table["speaker"], table["speaker_kind"], strict=True)):
        row = agg.loc[(name, kind)]
        speakers.append(
            {
                "speaker": name,
                "speaker_kind": kind,
                "n_sentences": int(row["n_sentences"]),
                "mean_compound": round(float(row["mean_compound"]), 6),
                "ci_low": round(float(row["ci_low"]), 6),
                "ci_high": round(float(row["ci_high"]), 6),
                "share_positive": round(float(row["share_positive"]), 6),
                "share_negative": round(float(row["share_negative"]), 6),
            }
        )
    return {"file": transcript.source, "sentences": sentences, "speakers": speakers}


def by_person(
    sentences: pd.DataFrame,
    *,
    by: Sequence[str] = (),
    seed: int,
    n_boot: int = 1000,
    ci: float = 0.95,
) -> pd.DataFrame:
    """Aggregates per person across transcripts (the ``person`` and ``person_name``
    columns of people resolution), within ``by`` groups (e.g. ``["network"]`` or
    ``["network", "show"]``) when given.

    A person's kind belongs to each appearance (an anchor on their show is a guest on
    another), so ``speaker_kind`` here is the kind of most of the person's sentences in
    the group and ``kinds`` lists every kind they spoke as ("anchor, guest"). Columns:
    person, person_name, ``by``, speaker_kind, kinds, then :data:`AGGREGATE_COLUMNS`;
    rows sorted by ``by`` then person.

    >>> frame = pd.DataFrame({"person": ["don-lemon"] * 3, "person_name": ["Don Lemon"] * 3,
    ...     "speaker_kind": ["anchor", "anchor", "guest"], "compound": [0.5, 0.1, -0.2]})
    >>> row = by_person(frame, seed=0, n_boot=50).iloc[0]
    >>> row.person_name, row.speaker_kind, row.kinds, int(row.n_sentences)
    ('Don Lemon', 'anchor', 'anchor, guest', 3)
    """
    keys = ["person", *by]
    missing = [c for c in ["person", "person_name", "speaker_kind", *by] if c not in sentences]
    if missing:
        raise ValueError(f"by_person: missing columns {missing} (run people resolution first)")
    agg = aggregate(sentences, keys, seed=seed, n_boot=n_boot, ci=ci)
    names = sentences.drop_duplicates("person").set_index("person")["person_name"]
    counts = sentences.groupby([*keys, "speaker_kind"], sort=True, dropna=False).size()
    main: dict[tuple[object, ...], str] = {}
    every: dict[tuple[object, ...], str] = {}
    for key, group in counts.groupby(level=list(range(len(keys))), sort=True):
        k = key if isinstance(key, tuple) else (key,)
        ranked = sorted(
            ((int(n), str(idx[-1])) for idx, n in group.items()), key=lambda t: (-t[0], t[1])
        )
        main[k] = ranked[0][1]
        every[k] = ", ".join(sorted(kind for _, kind in ranked))
    rows = [tuple(r) for r in agg[keys].itertuples(index=False)]
    agg.insert(1, "person_name", [names.get(p) for p in agg["person"]])
    agg.insert(2 + len(by), "speaker_kind", [main[k] for k in rows])
    agg.insert(3 + len(by), "kinds", [every[k] for k in rows])
    return agg
