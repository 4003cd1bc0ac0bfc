"""Faster forms of per-transcript steps give exactly what the plain forms they replace give:
apostrophes, speaker-tag removal and white space in topic documents (the reference forms
are written out here), and the fast VADER analyzer VADER's own scores on the corpus's
sentences."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from analytics.ingest import parse_text
from analytics.ingest.decode import decode
from analytics.sentences import split_transcript
from analytics.sentiment import FastAnalyzer, score_texts, vader_text
from analytics.topics import documents
from analytics.words import APOSTROPHES, straight_apostrophes, word_counts

#: The speaker-tag pattern of topic documents as first written (every position tried).
PLAIN_TAG = re.compile(
    r"(?m)(?:^|(?<=[.!?\"]\s))(?:\[\d{1,2}:\d{2}(?::\d{2})?\]\s*)?"
    r"[A-Z][A-Z.'`\- ]{1,60}(?:,[A-Z0-9 .,'`()/&-]{1,80})?(?:\s*\([^)]{1,40}\))?:\s"
)


def plain_clean_text(text: str) -> str:
    """``clean_text`` as first written."""
    text = PLAIN_TAG.sub(" ", text)
    text = documents._STAMP.sub(" ", text)
    text = documents._MARKER.sub(" ", text)
    text = text.translate(APOSTROPHES)
    return re.sub(r"\s+", " ", text).strip()


#: Characters that make tags, stamps, markers, sentence ends and every kind of white space.
PIECES = st.sampled_from(
    [
        "A",
        "B",
        "Z",
        "a",
        "x",
        "0",
        "1",
        "9",
        ":",
        " ",
        "\n",
        "\t",
        "\u00a0",
        "\u2028",
        ".",
        "!",
        "?",
        '"',
        "'",
        "`",
        "\u2019",
        "\u00b4",
        "\u02bc",
        "\u2018",
        ",",
        "-",
        "(",
        ")",
        "[",
        "]",
        "[21:00:05]",
        "[9:05]",
        "COOPER: ",
        "JOHN KING, CNN: ",
        "SMITH (voice-over): ",
        "(COMMERCIAL BREAK)",
        ". ",
        "? ",
        '" ',
    ]
)
TEXTS = st.lists(PIECES, max_size=40).map("".join)


@settings(max_examples=400, deadline=None)
@given(TEXTS)
def test_tag_pattern_finds_what_the_plain_pattern_finds(text: str) -> None:
    expected = [m.span() for m in PLAIN_TAG.finditer(text)]
    assert [m.span() for m in documents._TAG.finditer(text)] == expected


@settings(max_examples=400, deadline=None)
@given(TEXTS)
def test_clean_text_equals_its_plain_form(text: str) -> None:
    assert documents.clean_text(text) == plain_clean_text(text)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60) | TEXTS)
def test_straight_apostrophes_equals_the_translation_table(text: str) -> None:
    assert straight_apostrophes(text) == text.translate(APOSTROPHES)


def test_tag_pattern_on_the_sample_transcript(sample_path) -> None:
    text = decode(sample_path.read_bytes(), source=str(sample_path)).text
    expected = [m.span() for m in PLAIN_TAG.finditer(text)]
    assert len(expected) > 50  # the raw text is full of tags
    assert [m.span() for m in documents._TAG.finditer(text)] == expected
    assert documents.clean_text(text) == plain_clean_text(text)


def _corpus_sentences(corpus_dir, step: int) -> list[str]:
    from benchmarks.pipeline import corpus_files

    texts = []
    for path in corpus_files(corpus_dir)[::step]:
        decoded = decode(path.read_bytes(), source=str(path))
        transcript = parse_text(decoded.text, str(path))
        texts.extend(vader_text(s.text) for s in split_transcript(transcript))
    return texts


@pytest.mark.corpus
def test_fast_analyzer_equals_vader_on_corpus_sentences(corpus_dir) -> None:
    """Every sentence of a third of the corpus (reserved transcripts left out), scored by
    the fast analyzer and by :func:`score_texts`: VADER's own scores."""
    texts = _corpus_sentences(corpus_dir, 3)
    assert len(texts) > 10_000
    vader = SentimentIntensityAnalyzer()
    expected = [vader.polarity_scores(t) for t in texts]
    fast = FastAnalyzer()
    assert [fast.polarity_scores(t) for t in texts] == expected
    scores = [(d["neg"], d["neu"], d["pos"], d["compound"]) for d in expected]
    assert score_texts(texts, workers=1) == scores


@given(st.lists(st.one_of(st.none(), st.text()), max_size=20))
def test_word_counts_equal_pandas_split_lengths(texts: list[str | None]) -> None:
    column = pd.Series(texts, dtype=object)
    expected = column.fillna("").astype(str).str.split().str.len().to_numpy(dtype=np.int64)
    assert word_counts(column).tolist() == expected.tolist()
