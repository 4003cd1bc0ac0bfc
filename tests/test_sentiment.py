"""Sentence scores equal VADER's; aggregates and their bootstrap intervals are honest."""

from __future__ import annotations

import json
import re

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from analytics.model import Speaker, StoryBlock, Transcript, Turn
from analytics.sentiment import (
    AGGREGATE_COLUMNS,
    SENTENCE_COLUMNS,
    FastAnalyzer,
    aggregate,
    by_kind,
    by_show,
    by_speaker,
    by_speaker_block,
    score_corpus,
    score_sentences,
    score_texts,
    transcript_record,
    vader_text,
)

VADER = SentimentIntensityAnalyzer()
FAST = FastAnalyzer()


def plain(text: str) -> tuple[float, float, float, float]:
    d = VADER.polarity_scores(text)
    return (d["neg"], d["neu"], d["pos"], d["compound"])


TRICKY = [
    "",
    "   ",
    "--",
    "The memo was released.",
    "What a wonderful day!",
    "It is NOT good, but the ending was GREAT!!!",
    "The book was only kind of good.",
    "At least it isn't a horrible book.",
    "Never so happy, without doubt.",
    "No problem at all?? Really???",
    "I love it \U0001f600 so much",
    "\U0001f622",
    "The U.S. is very, very worried indeed about the potential threat.",
    "Yeah, Drew, thank you for the report.",
    "kind of",
    "the shit hit the fan",
    # one sentence per branch of VADER's negation, idiom and booster rules
    "It was not good.",
    "It was not very good.",
    "It was not really very good.",
    "isn't it so good",
    "it havn't been good",
    "I never so loved it.",
    "I never this loved it.",
    "I never x so good",
    "It was so x good",
    "without doubt good",
    "without the doubt good",
    "the memo without x doubt happy",
    "without x y happy",
    "at least good",
    "very least good",
    "x least good",
    "least good",
    "no good",
    "no problem",
    "no x good",
    "no x or good",
    "The food is the shit.",
    "That was the bomb good",
    "yeah right good",
    "it was good yeah right",
    "a kiss of death happy",
    "a cake to die for",
    "beating heart good",
    "bad ass",
    "it is sort of good",
    "kind of good",
    "just enough good",
    "GOOD but BAD and sad",
    "good good but good",
]


def test_fast_analyzer_is_vader_on_tricky_sentences() -> None:
    fast = FastAnalyzer()
    for text in TRICKY:
        assert fast.polarity_scores(text) == VADER.polarity_scores(text), text


VOCAB_WORDS = (
    "havn't good bad not not never never so so this this without without doubt doubt least least at "
    "no no kind of sort but yeah right the shit bomb to die for kiss death bad ass x y "
    "good bad not never so this very kind of but least at no nor without doubt GREAT "
    "HORRIBLE happy sad the memo was released love hate :) :( ! ? !!! ?? . , sort yeah uh "
    "\U0001f600 \U0001f622 can't isn't ain't shit hit fan right kiss death to die for "
    "beating heart bus stop just enough bomb badass bad ass"
)
VOCAB = st.sampled_from(VOCAB_WORDS.split())


@settings(max_examples=500, deadline=None)
@given(st.lists(VOCAB, max_size=25).map(" ".join))
def test_fast_analyzer_matches_vader(text: str) -> None:
    scores = FAST.scores(text)
    assert scores == plain(text)
    assert -1.0 <= scores[3] <= 1.0


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=200))
def test_compound_in_range_and_equal_for_any_text(text: str) -> None:
    (scores,) = score_texts([text], workers=1, analyzer=FAST)
    assert scores == plain(text)
    assert -1.0 <= scores[3] <= 1.0
    assert all(0.0 <= v <= 1.0 for v in scores[:3])


def test_score_texts_parallel_path_equals_plain_loop() -> None:
    texts = TRICKY * 40 + [f"Sentence {i} is good." for i in range(300)]
    out = score_texts(texts, workers=2, min_parallel=1)
    assert out == [plain(t) for t in texts]


# --- a hand-built transcript -----------------------------------------------------------


def build_transcript(parts: list[tuple[Speaker, str, bool]], show: str = "Test Show") -> Transcript:
    """A transcript whose turns are ``NAME: text`` lines, with correct offsets."""
    text = "Test Show\n\n"
    body_start = len(text)
    turns = []
    for i, (speaker, words, in_clip) in enumerate(parts):
        tag_start = len(text)
        text += f"{speaker.key}: "
        start = len(text)
        text += words
        turns.append(Turn(i, speaker, words, start, len(text), tag_start, in_clip=in_clip))
        text += "\n\n"
    return Transcript(
        "/somewhere/cnn_2020-01-01_test.txt",
        text,
        "plain",
        "CNN",
        show,
        None,
        None,
        (),
        body_start,
        tuple(turns),
    )


ANCHOR = Speaker("Ann Anchor", "ANN ANCHOR", "CNN ANCHOR")
SENATOR = Speaker("Sam Senator", "SAM SENATOR", "(D-IL)")
VOICE = Speaker("Unidentified Male", "UNIDENTIFIED MALE")


@pytest.fixture
def transcript() -> Transcript:
    return build_transcript(
        [
            (
                ANCHOR,
                "Good evening. It is a wonderful night. (CROSSTALK) Terrible news, though.",
                False,
            ),
            (SENATOR, "I am angry and sad. [21:00:00] We will win!", False),
            (VOICE, "Great job. I love this.", True),
            (ANCHOR, "Thank you. We will be right back. (COMMERCIAL BREAK)", False),
        ]
    )


def test_sentence_table(transcript: Transcript) -> None:
    table = score_sentences(transcript, workers=1)
    assert list(table.columns) == list(SENTENCE_COLUMNS)
    assert (table["transcript"] == "cnn_2020-01-01_test").all()
    assert (table["block"] == 0).all()
    assert table["text"].tolist() == [
        "Good evening.",
        "It is a wonderful night.",
        "Terrible news, though.",
        "I am angry and sad.",
        "We will win!",
        "Great job.",
        "I love this.",
        "Thank you.",
        "We will be right back.",
    ]
    for row in table.itertuples():
        assert transcript.text[row.start_char : row.end_char] == row.text
        assert (row.neg, row.neu, row.pos, row.compound) == plain(vader_text(row.text))
    kinds = dict(zip(table["speaker"], table["speaker_kind"], strict=False))
    assert kinds == {
        "Ann Anchor": "anchor",
        "Sam Senator": "newsmaker",
        "Unidentified Male": "unidentified",
    }
    assert table.loc[table["speaker"] == "Unidentified Male", "in_clip"].all()
    assert not table.loc[table["speaker"] != "Unidentified Male", "in_clip"].any()
    assert table["role"].tolist()[0] == "CNN ANCHOR"


def test_apostrophe_look_alikes_score_as_apostrophes() -> None:
    plain_quote = "I don't have a problem with it."
    parts = [(ANCHOR, plain_quote.replace("'", q), False) for q in ("'", "`", "\u2019")]
    table = score_sentences(build_transcript(parts), workers=1)
    assert table["text"].tolist()[1] == "I don`t have a problem with it."
    assert table["compound"].nunique() == 1
    assert table["compound"].iloc[0] == plain(plain_quote)[3] > 0
    assert plain("I don`t have a problem with it.")[3] < 0  # what VADER makes of the raw text


def test_blocks_are_assigned_by_offset(transcript: Transcript) -> None:
    t = transcript.turns
    blocks = (
        StoryBlock(0, transcript.body_start, t[1].tag_start, "open", "open", (0,)),
        StoryBlock(1, t[1].tag_start, len(transcript.text), "story", "news", (1, 2, 3)),
    )
    table = score_sentences(transcript, blocks, workers=1)
    assert (table.loc[table["turn"] == 0, "block"] == 0).all()
    assert (table.loc[table["turn"] > 0, "block"] == 1).all()
    per_block = by_speaker_block(table, seed=1, n_boot=200)
    assert per_block[["block", "speaker"]].values.tolist() == [
        [0, "Ann Anchor"],
        [1, "Ann Anchor"],
        [1, "Sam Senator"],
        [1, "Unidentified Male"],
    ]


# --- aggregation -----------------------------------------------------------------------


def random_table(seed: int, n: int = 400) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    return pd.DataFrame(
        {
            "speaker": rng.choice(["a", "b", "c", "d"], size=n),
            "speaker_kind": "guest",
            "block": rng.integers(0, 3, size=n),
            "compound": np.round(np.clip(rng.normal(0.05, 0.4, size=n), -1, 1), 4),
        }
    )


def test_aggregates_equal_means_and_intervals_contain_them() -> None:
    table = random_table(0)
    agg = aggregate(table, ["speaker", "block"], seed=7, n_boot=500)
    assert list(agg.columns) == ["speaker", "block", *AGGREGATE_COLUMNS]
    for row in agg.itertuples():
        x = table.loc[(table["speaker"] == row.speaker) & (table["block"] == row.block), "compound"]
        assert row.n_sentences == len(x)
        assert row.mean_compound == pytest.approx(x.mean(), abs=1e-12)
        assert row.share_positive == pytest.approx((x >= 0.05).mean())
        assert row.share_negative == pytest.approx((x <= -0.05).mean())
        assert row.ci_low - 1e-12 <= row.mean_compound <= row.ci_high + 1e-12
        assert row.ci_low < row.ci_high
    assert agg["n_sentences"].sum() == len(table)


def test_same_seed_same_intervals_other_seed_other_intervals() -> None:
    table = random_table(1)
    a = aggregate(table, ["speaker"], seed=3)
    b = aggregate(table, ["speaker"], seed=3)
    c = aggregate(table, ["speaker"], seed=4)
    pd.testing.assert_frame_equal(a, b)
    assert not np.allclose(a["ci_low"], c["ci_low"])
    pd.testing.assert_series_equal(a["mean_compound"], c["mean_compound"])


def test_a_groups_interval_does_not_depend_on_other_groups() -> None:
    table = random_table(2)
    whole = aggregate(table, ["speaker"], seed=5).set_index("speaker")
    alone = aggregate(table[table["speaker"] == "b"], ["speaker"], seed=5).set_index("speaker")
    assert alone.loc["b", "ci_low"] == whole.loc["b", "ci_low"]
    assert alone.loc["b", "ci_high"] == whole.loc["b", "ci_high"]


def test_interval_width_shrinks_with_more_sentences() -> None:
    rng = np.random.default_rng(0)
    small = pd.DataFrame({"g": "x", "compound": rng.uniform(-1, 1, 20)})
    large = pd.DataFrame({"g": "x", "compound": rng.uniform(-1, 1, 2000)})
    ws = aggregate(small, ["g"], seed=0).eval("ci_high - ci_low").item()
    wl = aggregate(large, ["g"], seed=0).eval("ci_high - ci_low").item()
    assert wl < ws / 4


def test_degenerate_groups() -> None:
    table = pd.DataFrame({"g": ["one", "same", "same"], "compound": [0.3, -0.2, -0.2]})
    agg = aggregate(table, ["g"], seed=0).set_index("g")
    assert agg.loc["one", ["ci_low", "ci_high"]].tolist() == [0.3, 0.3]
    assert agg.loc["same", ["ci_low", "ci_high"]].tolist() == [-0.2, -0.2]
    with pytest.raises(ValueError, match="missing"):
        aggregate(table, ["nope"], seed=0)


def test_convenience_tables(transcript: Transcript) -> None:
    table = score_corpus([(transcript, None), (transcript, None)], workers=1)
    assert len(table) == 18
    kinds = by_kind(table, seed=0, n_boot=100)
    assert kinds["speaker_kind"].tolist() == ["anchor", "newsmaker", "unidentified"]
    assert kinds["n_sentences"].tolist() == [10, 4, 4]
    shows = by_show(table, seed=0, n_boot=100)
    assert shows[["network", "show", "n_sentences"]].values.tolist() == [["CNN", "Test Show", 18]]
    speakers = by_speaker(table, seed=0, n_boot=100)
    assert speakers["mean_compound"].tolist() == pytest.approx(
        table.groupby("speaker")["compound"].mean().tolist()
    )


# --- the sample transcript -----------------------------------------------------------

TAG_RE = re.compile(r"(?:^|\s)[A-Z][A-Z.'\-]+(?: [A-Z][A-Z.'\-]+)*(?:, [A-Z0-9 .'\-]+)?:(?:\s|$)")


def test_sample_transcript(sample_path) -> None:
    from analytics.ingest import parse_file

    transcript = parse_file(sample_path)
    table = score_sentences(transcript, workers=1)
    assert {s.name for s in transcript.speakers} == set(table["speaker"])
    assert not table["text"].str.contains(r"\[\d\d:\d\d:\d\d\]|\(|\)").any()
    assert not table["text"].map(lambda s: bool(TAG_RE.search(s))).any()
    assert table["compound"].between(-1, 1).all()
    for row in table.itertuples():
        assert transcript.text[row.start_char : row.end_char] == row.text
    record = transcript_record(transcript, seed=42, n_boot=300, workers=1)
    assert json.loads(json.dumps(record)) == record
    assert [s["speaker"] for s in record["speakers"]] == list(dict.fromkeys(table["speaker"]))
    assert sum(s["n_sentences"] for s in record["speakers"]) == len(record["sentences"])
    cooper = next(s for s in record["speakers"] if s["speaker"] == "Anderson Cooper")
    assert cooper["speaker_kind"] == "anchor"
    assert cooper["ci_low"] <= cooper["mean_compound"] <= cooper["ci_high"]


SYNTHETIC_CNN = """\
ANDERSON COOPER, CNN ANCHOR: Good evening. It is a wonderful night (CROSSTALK) for news.

JANE ROE, CNN CORRESPONDENT: Thanks, Anderson. The storm was terrible. [21:01:07] People are angry.

(BEGIN VIDEO CLIP)

UNIDENTIFIED MALE: I lost everything.

(END VIDEO CLIP)

COOPER: We will be right back.
"""


def test_cli_json(tmp_path, capsys) -> None:
    from analytics.cli import main

    path = tmp_path / "cnn_2020-01-01_test.txt"
    path.write_text(SYNTHETIC_CNN)
    assert main(["sentiment", str(path), "--json", "--seed", "3"]) == 0
    first = capsys.readouterr().out
    assert main(["sentiment", str(path), "--json", "--seed", "3"]) == 0
    assert capsys.readouterr().out == first
    record = json.loads(first)
    assert set(record) == {"transcript", "file", "sentences", "speakers"}
    assert record["transcript"] == "cnn_2020-01-01_test"
    assert record["file"] == str(path)
    assert set(record["sentences"][0]) == {
        "speaker",
        "speaker_kind",
        "block",
        "turn",
        "start_char",
        "end_char",
        "text",
        "neg",
        "neu",
        "pos",
        "compound",
    }
    raw = path.read_text()
    for s in record["sentences"]:
        assert raw[s["start_char"] : s["end_char"]] == s["text"]
    assert [(s["speaker"], s["speaker_kind"], s["n_sentences"]) for s in record["speakers"]] == [
        ("Anderson Cooper", "anchor", 4),
        ("Jane Roe", "correspondent", 3),
        ("Unidentified Male", "unidentified", 1),
    ]
    for s in record["speakers"]:
        assert set(s) == {
            "speaker",
            "speaker_kind",
            "n_sentences",
            "mean_compound",
            "ci_low",
            "ci_high",
            "share_positive",
            "share_negative",
        }
        assert s["ci_low"] <= s["mean_compound"] <= s["ci_high"]


def test_cli_bad_input(tmp_path, capsys) -> None:
    from analytics.cli import main

    empty = tmp_path / "empty.txt"
    empty.write_text("")
    assert main(["sentiment", str(empty), "--json"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "empty.txt" in err


@pytest.mark.corpus
def test_corpus_sentences_hold_no_stamp_marker_or_tag(corpus_dir) -> None:
    from analytics.errors import AnalyticsError
    from analytics.ingest import parse_file
    from analytics.sentences import split_transcript

    stamp_or_marker = re.compile(
        r"\[\d\d:\d\d:\d\d\]|\((?:CROSSTALK|COMMERCIAL BREAK|BEGIN VIDEO CLIP|inaudible|ph)\)"
    )
    n = 0
    for path in sorted(corpus_dir.rglob("*.txt"))[::6]:
        try:
            transcript = parse_file(path)
        except AnalyticsError:
            continue
        for s in split_transcript(transcript):
            n += 1
            assert transcript.text[s.start_char : s.end_char] == s.text
            assert not stamp_or_marker.search(s.text), (path.name, s.text)
    assert n > 1000


def test_empty_transcript_gives_empty_tables() -> None:
    empty = Transcript("x.txt", "", "plain", "CNN", None, None, None, (), 0, ())
    table = score_sentences(empty)
    assert list(table.columns) == list(SENTENCE_COLUMNS) and table.empty
    assert aggregate(table, ["speaker"], seed=0).empty
    assert transcript_record(empty, seed=0) == {"file": "x.txt", "sentences": [], "speakers": []}


def test_parsed_clip_turns_are_marked_in_clip() -> None:
    from analytics.ingest import parse_text

    table = score_sentences(parse_text(SYNTHETIC_CNN, "cnn_2020-01-01_test.txt"))
    clip = table[table["in_clip"]]
    assert clip["speaker"].unique().tolist() == ["Unidentified Male"]
    assert clip["text"].tolist() == ["I lost everything."]
    assert not table[table["speaker"] != "Unidentified Male"]["in_clip"].any()
