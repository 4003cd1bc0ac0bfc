"""Per-person aggregates across transcripts: words, share of voice and sentiment."""

from __future__ import annotations

import pandas as pd
import pytest

from analytics.coverage import person_voice
from analytics.sentiment import by_person


@pytest.fixture
def turns() -> pd.DataFrame:
    # Don Lemon hosts t1 and is a guest on t2; one unresolved "Miller" in t2
    return pd.DataFrame(
        {
            "transcript": ["t1", "t1", "t1", "t2", "t2", "t2"],
            "network": ["CNN", "CNN", "CNN", "CNN", "CNN", "CNN"],
            "person": ["don-lemon", "matt-miller", "don-lemon", "don-lemon", "miller@t2", "ac"],
            "person_name": ["Don Lemon", "Matt Miller", "Don Lemon", "Don Lemon", "Miller", "A C"],
            "speaker_kind": ["anchor", "guest", "anchor", "guest", "guest", "anchor"],
            "words": [10, 5, 20, 4, 6, 30],
            "in_clip": [False, False, False, False, True, False],
        }
    )


def test_person_voice_counts_a_person_once_across_transcripts(turns: pd.DataFrame) -> None:
    voice = person_voice(turns)
    lemon = voice.set_index("person").loc["don-lemon"]
    assert (lemon.words, lemon.turns, lemon.transcripts) == (34, 3, 2)
    assert lemon.speaker_kind == "anchor"  # 30 of his 34 words as anchor
    assert lemon.share == pytest.approx(34 / 75)
    assert list(voice["person"]) == ["don-lemon", "ac", "miller@t2", "matt-miller"]
    assert voice["share"].sum() == pytest.approx(1.0)


def test_person_voice_by_network_and_without_clips(turns: pd.DataFrame) -> None:
    voice = person_voice(turns, by=["transcript"], include_clips=False)
    t2 = voice[voice["transcript"] == "t2"].set_index("person")
    assert "miller@t2" not in t2.index
    assert t2.loc["don-lemon", "speaker_kind"] == "guest"
    assert t2["share"].sum() == pytest.approx(1.0)


def test_by_person_keeps_every_kind(turns: pd.DataFrame) -> None:
    sentences = turns.loc[turns.index.repeat(2)].assign(
        compound=[0.5, 0.3, 0.0, 0.0, 0.1, 0.1, -0.6, -0.4, 0.2, 0.2, 0.9, 0.9]
    )
    agg = by_person(sentences, seed=1, n_boot=200).set_index("person")
    lemon = agg.loc["don-lemon"]
    assert (lemon.person_name, lemon.kinds, int(lemon.n_sentences)) == (
        "Don Lemon",
        "anchor, guest",
        6,
    )
    assert lemon.mean_compound == pytest.approx((0.5 + 0.3 + 0.1 + 0.1 - 0.6 - 0.4) / 6)
    assert lemon.ci_low <= lemon.mean_compound <= lemon.ci_high
    # a person's interval depends on their sentences and the seed only
    alone = by_person(sentences[sentences["person"] == "don-lemon"], seed=1, n_boot=200)
    assert alone.iloc[0].ci_low == lemon.ci_low and alone.iloc[0].ci_high == lemon.ci_high
    per_network = by_person(sentences, by=["network"], seed=1, n_boot=200)
    assert list(per_network.columns[:5]) == [
        "person",
        "person_name",
        "network",
        "speaker_kind",
        "kinds",
    ]


def test_aggregates_say_what_is_missing(turns: pd.DataFrame) -> None:
    with pytest.raises(ValueError, match="person"):
        person_voice(turns.drop(columns=["person"]))
    with pytest.raises(ValueError, match="person_name"):
        by_person(turns.drop(columns=["person_name"]).assign(compound=0.0), seed=0)


def test_words_per_person_counts_a_person_once(turns: pd.DataFrame) -> None:
    from analytics import plots

    turns = turns.assign(speaker=["Lemon", "Miller", "Lemon", "Don Lemon", "Miller", "A C"])
    by_name = plots.speaker_words(turns)
    assert list(by_name["speaker"]) == ["A C", "Lemon", "Miller", "Don Lemon"]
    by_person = plots.speaker_words(turns, who="person", label="person_name")
    assert list(by_person["speaker"]) == ["Don Lemon", "A C", "Miller", "Matt Miller"]
    assert list(by_person["words"]) == [34, 30, 6, 5]
    fig = plots.words_per_speaker(turns, who="person", label="person_name")
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert labels[0] == "Don Lemon"


def test_sentiment_chart_labels_people(turns: pd.DataFrame) -> None:
    from analytics import plots

    sentences = turns.loc[turns.index.repeat(3)].assign(compound=0.1)
    fig = plots.sentiment_by_speaker(
        by_person(sentences, seed=0, n_boot=20), min_sentences=1, label="person_name"
    )
    labels = {t.get_text() for t in fig.axes[0].get_yticklabels()}
    assert labels == {"Don Lemon", "Matt Miller", "Miller", "A C"}
