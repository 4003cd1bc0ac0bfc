"""Every chart on a tiny hand-made frame: a Figure with a title, labelled axes, readable labels."""

from __future__ import annotations

from collections.abc import Callable

import matplotlib as mpl
import pandas as pd
import pytest
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from analytics import plots
from analytics.keyness import keyness

COVERAGE = pd.DataFrame(
    {
        "transcript": ["t1", "t1", "t1", "t2"],
        "block": [0, 1, 2, 0],
        "kind": ["open", "story", "story", "story"],
        "headline": [
            "Brussels at highest terror alert level; officials warn of an imminent threat",
            "Airstrikes in Syria",
            "Remembering the victims",
            "The memo",
        ],
        "turns": [3, 4, 2, 5],
        "words": [300, 450, 75, 600],
        "share": [300 / 825, 450 / 825, 75 / 825, 1.0],
        "start_minute": [0.0, 2.0, 6.0, 0.0],
        "end_minute": [2.0, 6.0, 6.5, 4.0],
        "minutes": [2.0, 4.0, 0.5, 4.0],
        "minutes_estimated": [False, True, True, False],
        "network": ["CNN", "CNN", "CNN", "Fox"],
        "show": ["AC360", "AC360", "AC360", "Hannity"],
        "air_date": pd.to_datetime(["2015-11-20"] * 3 + ["2018-01-30"]),
        "topic": [0, 1, -1, 0],
        "topic_label": [
            "brussels, threat",
            "syria, raqqah",
            "No topic (outliers)",
            "brussels, threat",
        ],
    }
)
TURNS = pd.DataFrame(
    {
        "speaker": ["Ann Anchor", "Cory Correspondent", "Ann Anchor", "Gus Guest"],
        "speaker_kind": ["anchor", "correspondent", "anchor", "guest"],
        "network": ["CNN", "CNN", "Fox", "Fox"],
        "words": [120, 80, 45, 60],
    }
)
SPEAKERS = pd.DataFrame(
    {
        "speaker": ["Ann Anchor", "Cory Correspondent", "Gus Guest"],
        "speaker_kind": ["anchor", "correspondent", "guest"],
        "n_sentences": [40, 12, 3],
        "mean_compound": [0.05, -0.2, 0.4],
        "ci_low": [-0.02, -0.35, 0.1],
        "ci_high": [0.12, -0.05, 0.7],
    }
)
BLOCK_SENTIMENT = pd.DataFrame(
    {
        "transcript": ["t1", "t1"],
        "block": [0, 1],
        "headline": ["Brussels at highest terror alert level", "Airstrikes in Syria"],
        "n_sentences": [20, 30],
        "mean_compound": [-0.1, 0.05],
        "ci_low": [-0.2, -0.02],
        "ci_high": [0.0, 0.12],
    }
)
TOPICS = pd.DataFrame(
    {
        "topic": [-1, 0, 1],
        "label": ["", "brussels, threat", "Syria airstrikes"],
        "words": ["", "brussels, threat, paris, belgium", "syria, raqqah, isis"],
        "size": [2, 5, 3],
    }
)
GROUP_SENTIMENT = pd.DataFrame(
    {
        "group": ["MSNBC", "MSNBC", "Fox", "Fox"],
        "topic_label": ["memo", "shutdown", "memo", "shutdown"],
        "n_sentences": [30, 10, 40, 2],
        "mean_compound": [-0.1, 0.1, 0.05, 0.3],
        "ci_low": [-0.2, 0.0, -0.03, 0.1],
        "ci_high": [0.0, 0.2, 0.13, 0.5],
    }
)


STORY_DAYS = pd.DataFrame(
    {
        "story": [3, 3, 3, 7, 9],
        "story_label": ["Nunes memo", "Nunes memo", "Nunes memo", "Super Bowl", "Storm"],
        "network": ["Fox News", "MSNBC", "MSNBC", "Fox News", "CNN"],
        "air_date": pd.to_datetime(
            ["2018-02-02", "2018-02-02", "2018-02-05", "2018-02-05", "2018-02-06"]
        ),
        "minutes": [30.0, 12.0, 8.0, 20.0, 5.0],
    }
)


def _per_group() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "group": ["MSNBC", "MSNBC", "Fox"],
            "topic_label": ["memo", "shutdown", "memo"],
            "share_minutes": [0.7, 0.3, 1.0],
        }
    )


CASES: dict[str, Callable[[], Figure]] = {
    "words_per_speaker": lambda: plots.words_per_speaker(TURNS),
    "rundown": lambda: plots.rundown(COVERAGE),
    "rundown_overview": lambda: plots.rundown_overview(COVERAGE),
    "air_time_per_story": lambda: plots.air_time_per_story(COVERAGE),
    "sentiment_by_speaker": lambda: plots.sentiment_by_speaker(SPEAKERS, min_sentences=1),
    "sentiment_by_kind": lambda: plots.sentiment_by_kind(SPEAKERS.drop(columns="speaker")),
    "sentiment_by_block": lambda: plots.sentiment_by_block(BLOCK_SENTIMENT),
    "topic_sizes": lambda: plots.topic_sizes(TOPICS),
    "topics_over_time": lambda: plots.topics_over_time(
        COVERAGE.assign(period=COVERAGE["air_date"])
    ),
    "topics_per_class": lambda: plots.topics_per_class(
        COVERAGE.assign(share_minutes=COVERAGE["share"])
    ),
    "share_of_voice": lambda: plots.share_of_voice(
        TURNS.assign(share=[120 / 200, 80 / 200, 45 / 105, 60 / 105])
    ),
    "broadcasts_over_time": lambda: plots.broadcasts_over_time(
        COVERAGE.drop_duplicates("transcript")
    ),
    "compare_air_time": lambda: plots.compare_air_time(_per_group()),
    "compare_sentiment": lambda: plots.compare_sentiment(GROUP_SENTIMENT, min_sentences=1),
    "story_timeline": lambda: plots.story_timeline(STORY_DAYS),
    "story_minutes": lambda: plots.story_minutes(STORY_DAYS),
    "distinctive_words": lambda: plots.distinctive_words(
        keyness(["memo memo memo nunes fisa"], ["shutdown shutdown dreamers memo"]),
        labels=("Fox", "MSNBC"),
    ),
}


def _texts(fig: Figure) -> list[str]:
    return [t.get_text() for ax in fig.axes for t in ax.get_yticklabels()]


@pytest.mark.parametrize("name", sorted(CASES))
def test_chart_has_title_and_axis_labels(name: str) -> None:
    before = dict(mpl.rcParams)
    fig = CASES[name]()
    assert isinstance(fig, Figure)
    ax = fig.axes[0]
    assert ax.get_title(loc="left"), f"{name}: no title (titles sit on the left)"
    assert ax.get_xlabel(), f"{name}: no x label"
    assert ax.get_ylabel(), f"{name}: no y label"
    assert dict(mpl.rcParams) == before, f"{name} changed global rcParams"
    fig.canvas.draw()  # renders without error


@pytest.mark.parametrize("name", sorted(CASES))
def test_chart_draws_on_a_given_axes(name: str) -> None:
    host = Figure(figsize=(8, 6))
    ax = host.add_subplot()
    fig = _with_ax(name, ax)
    assert fig is host, f"{name} did not draw on the given axes"
    assert ax.get_xlabel(), f"{name}: no x label on the given axes"


def _with_ax(name: str, ax: Axes) -> Figure:
    calls = {
        "words_per_speaker": lambda: plots.words_per_speaker(TURNS, ax),
        "rundown": lambda: plots.rundown(COVERAGE, ax),
        "rundown_overview": lambda: plots.rundown_overview(COVERAGE, ax),
        "air_time_per_story": lambda: plots.air_time_per_story(COVERAGE, ax),
        "sentiment_by_speaker": lambda: plots.sentiment_by_speaker(SPEAKERS, ax),
        "sentiment_by_kind": lambda: plots.sentiment_by_kind(SPEAKERS.drop(columns="speaker"), ax),
        "sentiment_by_block": lambda: plots.sentiment_by_block(BLOCK_SENTIMENT, ax),
        "topic_sizes": lambda: plots.topic_sizes(TOPICS, ax),
        "topics_over_time": lambda: plots.topics_over_time(
            COVERAGE.assign(period=COVERAGE["air_date"]), ax
        ),
        "topics_per_class": lambda: plots.topics_per_class(
            COVERAGE.assign(share_minutes=COVERAGE["share"]), ax
        ),
        "share_of_voice": lambda: plots.share_of_voice(TURNS.assign(share=0.5), ax),
        "broadcasts_over_time": lambda: plots.broadcasts_over_time(COVERAGE, ax),
        "compare_air_time": lambda: plots.compare_air_time(_per_group(), ax),
        "compare_sentiment": lambda: plots.compare_sentiment(GROUP_SENTIMENT, ax),
        "story_timeline": lambda: plots.story_timeline(STORY_DAYS, ax),
        "story_minutes": lambda: plots.story_minutes(STORY_DAYS, ax),
        "distinctive_words": lambda: plots.distinctive_words(keyness(["a a b"], ["b c c"]), ax),
    }
    return calls[name]()


def test_words_per_speaker_folds_the_tail_into_other() -> None:
    turns = pd.DataFrame({"speaker": [f"S{i:02d}" for i in range(30)], "words": range(30)})
    table = plots.speaker_words(turns, top=5)
    assert len(table) == 6
    assert table["speaker"].iloc[0] == "S29"
    assert table["speaker"].iloc[-1] == "Other (25 speakers)"
    assert table["words"].sum() == sum(range(30))
    fig = plots.words_per_speaker(turns, top=5)
    assert _texts(fig)[0] == "S29"


def test_rundown_labels_blocks_by_headline_in_air_order() -> None:
    fig = plots.rundown(COVERAGE, transcript="t1")
    labels = _texts(fig)
    assert len(labels) == 3
    assert labels[0].startswith("0. Brussels")
    assert labels[1] == "1. Airstrikes in Syria"
    assert all(len(line) <= 44 for label in labels for line in label.split("\n"))
    assert "AC360" in fig.axes[0].get_title(loc="left")


def test_sentiment_by_speaker_drops_speakers_with_few_sentences() -> None:
    fig = plots.sentiment_by_speaker(SPEAKERS, min_sentences=10)
    assert _texts(fig) == ["Ann Anchor", "Cory Correspondent"]


def test_topic_sizes_names_keyword_labels_by_number_and_puts_outliers_last() -> None:
    labels = _texts(plots.topic_sizes(TOPICS))
    assert labels == ["Topic 0", "1: Syria airstrikes", "Outliers (no topic)"]


def test_topic_sizes_leaves_out_topics_without_blocks_and_says_how_many() -> None:
    extra = pd.DataFrame(
        {"topic": [2, 3], "label": ["a", "b"], "words": ["mali, hotel", "son, dad"], "size": [0, 0]}
    )
    with_empty = pd.concat([TOPICS, extra], ignore_index=True)
    fig = plots.topic_sizes(with_empty)
    assert _texts(fig) == ["Topic 0", "1: Syria airstrikes", "Outliers (no topic)"]
    note = fig.axes[0].get_xlabel().split("\n")
    assert note[0] == "Size (story blocks)"
    assert note[1].startswith("2 more topics with no story blocks of their own")
    assert len(_texts(plots.topic_sizes(with_empty, hide_empty=False))) == 5
    assert plots.topic_sizes(TOPICS).axes[0].get_xlabel() == "Size (story blocks)"


def test_distinctive_words_one_row_per_word_on_each_side() -> None:
    table = keyness(["memo memo memo nunes fisa"], ["shutdown shutdown dreamers memo"])
    fig = plots.distinctive_words(table, n=2)
    words = [t.get_text().split(" ")[0] for t in fig.axes[0].texts]
    positive = table[table["G2"] > 0]["feature"].head(2).tolist()
    negative = table[table["G2"] < 0]["feature"].tail(2).tolist()[::-1]
    assert words == positive + negative
    assert negative[0] == "shutdown"  # the most negative G2 comes first on its side


def test_empty_frames_give_a_figure_saying_so() -> None:
    empty = COVERAGE.iloc[0:0]
    fig = plots.air_time_per_story(empty)
    assert any("no story blocks" in t.get_text() for t in fig.axes[0].texts)
    fig = plots.sentiment_by_speaker(SPEAKERS, min_sentences=1000)
    assert any("no speaker" in t.get_text() for t in fig.axes[0].texts)


def test_missing_columns_raise_value_error() -> None:
    with pytest.raises(ValueError, match="missing column"):
        plots.rundown(COVERAGE.drop(columns=["headline"]))


def test_topics_per_class_keeps_the_classes_with_most_coverage() -> None:
    per = pd.DataFrame(
        {
            "show": [f"Show {i:02d}" for i in range(15)],
            "topic_label": ["memo"] * 15,
            "minutes": [float(i) for i in range(15)],
            "share_minutes": [1.0] * 15,
        }
    )
    fig = plots.topics_per_class(per, by="show", max_classes=4)
    shown = [t.get_text() for t in fig.axes[0].get_xticklabels()]
    assert shown == ["Show 11", "Show 12", "Show 13", "Show 14"]
    assert "4 of 15" in fig.axes[0].get_title(loc="left")


def test_story_timeline_draws_stories_on_more_than_one_network_or_says_there_are_none() -> None:
    fig = plots.story_timeline(STORY_DAYS)
    assert _texts(fig) == ["Nunes memo"]
    assert fig.axes[0].get_title(loc="left").startswith("Stories on more than one network: 1")
    one_network = STORY_DAYS[STORY_DAYS["story"] != 3]
    fig = plots.story_timeline(one_network)
    assert _texts(fig) == ["Super Bowl", "Storm"]  # earliest first
    assert fig.axes[0].get_title(loc="left").startswith("No story ran on more than one network")


def test_story_minutes_stacks_networks_biggest_story_first() -> None:
    fig = plots.story_minutes(STORY_DAYS, top=2)
    assert _texts(fig) == ["Nunes memo", "Super Bowl"]
    assert "1 smaller not shown" in fig.axes[0].get_title(loc="left")
    widths = sorted(round(p.get_width(), 1) for p in fig.axes[0].patches if p.get_width() > 0)
    assert widths == [20.0, 20.0, 30.0]  # Fox 30 and MSNBC 20 for the memo, Fox 20
