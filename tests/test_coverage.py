"""Coverage tables on small hand-made frames: air time, shares, aggregation, groups."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from analytics import coverage


def _turns() -> pd.DataFrame:
    # Anchors: 20:00:00 at word 0, 20:02:00 at word 300, 20:05:00 at word 600.
    return pd.DataFrame(
        {
            "transcript": ["t1"] * 5,
            "turn": [0, 1, 2, 3, 4],
            "block": [0, 0, 1, 1, 2],
            "speaker": ["Ann", "Bob", "Ann", "Cy", "Ann"],
            "speaker_kind": ["anchor", "guest", "anchor", "newsmaker", "anchor"],
            "in_clip": [False, False, False, True, False],
            "timestamp": ["20:00:00", "20:00:00", "20:02:00", "[20:05:00]", "20:05:00"],
            "words": [100, 200, 300, 150, 75],
        }
    )


def test_parse_clock() -> None:
    assert coverage.parse_clock("[20:01:15]") == 20 * 3600 + 75
    assert coverage.parse_clock("7:05") == 7 * 3600 + 300
    assert coverage.parse_clock(None) is None
    assert coverage.parse_clock("25:00:00") is None
    assert coverage.parse_clock("no stamp") is None


def test_block_air_time_from_timestamps_and_estimate_after_the_last_stamp() -> None:
    blocks = pd.DataFrame(
        {
            "transcript": ["t1"] * 3,
            "block": [0, 1, 2],
            "kind": ["open", "story", "story"],
            "headline": ["Opening", "The memo", ""],
        }
    )
    table = coverage.block_coverage(_turns(), blocks)
    assert list(table["block"]) == [0, 1, 2]
    assert list(table["words"]) == [300, 450, 75]
    assert table["share"].sum() == pytest.approx(1.0)
    assert table["share"].iloc[1] == pytest.approx(450 / 825)
    # block 0: words 0..300 lie between stamps 20:00 and 20:02
    assert table["minutes"].iloc[0] == pytest.approx(2.0)
    assert not table["minutes_estimated"].iloc[0]
    # block 1: 20:02 at word 300, 20:05 at word 600, then 150 words at 150 wpm
    assert table["start_minute"].iloc[1] == pytest.approx(2.0)
    assert table["minutes"].iloc[1] == pytest.approx(4.0)
    assert table["minutes_estimated"].iloc[1]
    assert table["minutes"].iloc[2] == pytest.approx(0.5)
    assert list(table["headline"]) == ["Opening", "The memo", "Block 2"]
    assert list(table["kind"]) == ["open", "story", "story"]


def test_air_time_estimated_from_words_without_stamps() -> None:
    turns = _turns().drop(columns=["timestamp"])
    table = coverage.block_coverage(turns, words_per_minute=100.0)
    assert table["minutes"].tolist() == pytest.approx([3.0, 4.5, 0.75])
    assert table["minutes_estimated"].all()
    assert table["end_minute"].iloc[-1] == pytest.approx(825 / 100)
    with pytest.raises(ValueError, match="positive"):
        coverage.block_coverage(turns, words_per_minute=0)


def test_a_single_stamp_is_not_enough_to_time_a_programme() -> None:
    turns = _turns().assign(timestamp=["20:00:00"] + [None] * 4)
    table = coverage.block_coverage(turns)
    assert table["minutes_estimated"].all()
    assert table["minutes"].sum() == pytest.approx(825 / 150)


def test_air_time_across_midnight() -> None:
    turns = pd.DataFrame(
        {
            "transcript": ["t"] * 3,
            "turn": [0, 1, 2],
            "block": [0, 1, 1],
            "timestamp": ["23:59:00", "00:01:00", "00:03:00"],
            "words": [10, 10, 10],
        }
    )
    table = coverage.block_coverage(turns)
    assert table["minutes"].iloc[0] == pytest.approx(2.0)
    assert table["start_minute"].iloc[1] == pytest.approx(2.0)


def test_transcript_without_blocks_is_one_block() -> None:
    turns = _turns().drop(columns=["block"])
    table = coverage.block_coverage(turns)
    assert len(table) == 1
    assert table["share"].iloc[0] == pytest.approx(1.0)
    assert table["words"].iloc[0] == 825


def test_share_of_voice_sums_to_one_per_block() -> None:
    voice = coverage.share_of_voice(_turns())
    sums = voice.groupby(["transcript", "block"])["share"].sum()
    assert sums.tolist() == pytest.approx([1.0, 1.0, 1.0])
    block0 = voice[voice["block"] == 0].set_index("speaker")["share"]
    assert block0["Bob"] == pytest.approx(2 / 3)
    assert voice.iloc[0]["speaker"] == "Bob"  # most words first within the block


def test_share_of_voice_by_kind_without_clips() -> None:
    voice = coverage.share_of_voice(
        _turns(), by=["transcript"], who="speaker_kind", include_clips=False
    )
    assert "newsmaker" not in set(voice["speaker_kind"])
    assert voice["share"].sum() == pytest.approx(1.0)
    anchor = voice.set_index("speaker_kind").loc["anchor"]
    assert anchor["words"] == 475
    assert anchor["share"] == pytest.approx(475 / 675)


def _corpus() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    turns = pd.DataFrame(
        {
            "transcript": ["m1", "m1", "f1", "f1", "f2"],
            "turn": [0, 1, 0, 1, 0],
            "block": [0, 1, 0, 1, 0],
            "words": [150, 300, 150, 150, 600],
        }
    )
    transcripts = pd.DataFrame(
        {
            "transcript": ["m1", "f1", "f2"],
            "file": ["a/m1.txt", "b/f1.txt", "b/f2.txt"],
            "network": ["MSNBC", "Fox News", "Fox News"],
            "show": ["Maddow", "Hannity", "Hannity"],
            "air_date": ["2018-01-30", "2018-01-30", "2018-03-02"],
        }
    )
    block_topics = pd.DataFrame(
        {
            "transcript": ["m1", "m1", "f1", "f2"],
            "block": [0, 1, 0, 0],
            "topic": [0, 1, 0, 1],
            "probability": [0.9, 0.8, 0.7, 0.6],
        }
    )
    topics = pd.DataFrame({"topic": [-1, 0, 1], "label": ["", "memo, nunes", "shutdown"]})
    return turns, transcripts, block_topics, topics


def test_attach_and_aggregate_by_network_and_topic() -> None:
    turns, transcripts, block_topics, topics = _corpus()
    table = coverage.attach(coverage.block_coverage(turns), transcripts, block_topics, topics)
    unassigned = table[(table["transcript"] == "f1") & (table["block"] == 1)]
    assert unassigned["topic"].item() == -1
    assert unassigned["topic_label"].item() == coverage.NO_TOPIC_LABEL
    per = coverage.aggregate(table, ["network", "topic_label"], within=["network"])
    sums = per.groupby("network")[["share_words", "share_minutes"]].sum()
    assert sums.to_numpy().ravel().tolist() == pytest.approx([1.0] * 4)
    fox_memo = per[(per["network"] == "Fox News") & (per["topic_label"] == "memo, nunes")]
    assert fox_memo["words"].item() == 150
    assert fox_memo["share_words"].item() == pytest.approx(150 / 900)
    assert fox_memo["minutes"].item() == pytest.approx(1.0)
    assert fox_memo["estimated_minutes"].item() == pytest.approx(1.0)
    overall = coverage.aggregate(table, ["topic"])
    assert overall["share_words"].sum() == pytest.approx(1.0)
    assert overall["transcripts"].tolist() == [1, 2, 2]


def test_add_period_by_month() -> None:
    _, transcripts, _, _ = _corpus()
    months = coverage.add_period(transcripts, "M")["period"]
    assert months.dt.strftime("%Y-%m-%d").tolist() == ["2018-01-01", "2018-01-01", "2018-03-01"]
    with pytest.raises(ValueError, match="freq"):
        coverage.add_period(transcripts, "Y")


def test_parse_group_and_select() -> None:
    turns, transcripts, block_topics, topics = _corpus()
    table = coverage.attach(coverage.block_coverage(turns), transcripts)
    fox = coverage.parse_group("network=fox; from=2018-01-01; to=2018-02-28")
    assert fox.network == ("fox",)
    assert fox.date_from == date(2018, 1, 1)
    assert "fox" in fox.label and "2018-02-28" in fox.label
    assert table.loc[coverage.select(table, fox), "transcript"].tolist() == ["f1", "f1"]
    blocks = coverage.parse_group("transcript=m1|f2; blocks=1-3", label="late")
    assert blocks.label == "late" and blocks.blocks == (1, 2, 3)
    picked = table.loc[coverage.select(table, blocks), ["transcript", "block"]]
    assert picked.values.tolist() == [["m1", 1]]
    by_file = coverage.parse_group("transcript=f2")
    assert table.loc[coverage.select(table, by_file), "transcript"].tolist() == ["f2"]
    assert coverage.select(table, coverage.parse_group("")).all()
    with pytest.raises(ValueError, match="colour"):
        coverage.parse_group("colour=red")
    with pytest.raises(ValueError, match="key=value"):
        coverage.parse_group("network")


def test_default_groups() -> None:
    turns, transcripts, _, _ = _corpus()
    blocks = coverage.block_coverage(turns)
    a, b = coverage.default_groups(transcripts, blocks)
    assert a.network == ("MSNBC",) and b.network == ("Fox",)
    assert a.date_from == date(2018, 1, 1) and b.date_to == date(2018, 2, 28)
    one = transcripts[transcripts["transcript"] == "m1"]
    a, b = coverage.default_groups(one, blocks)
    assert a.transcript == b.transcript == ("m1",)
    assert a.blocks == (0,) and b.blocks == (1,)


def test_default_groups_of_one_broadcast_are_labelled_by_show_date_and_story_numbers() -> None:
    turns, transcripts, _, _ = _corpus()
    blocks = coverage.block_coverage(turns)
    one = transcripts[transcripts["transcript"] == "m1"]
    a, b = coverage.default_groups(one, blocks)
    row = one.iloc[0]
    assert a.label == f"stories 1-1 of {row['show']}, {str(row['air_date'])[:10]}"
    assert b.label.startswith("stories 2-2 of ")


def test_every_block_of_the_blocks_table_gets_a_row_and_the_minutes_add_up() -> None:
    # block 1 lies inside turn 1 and owns its second half; block 2 has no words at all
    blocks = pd.DataFrame(
        {
            "transcript": ["t"] * 4,
            "block": [0, 1, 2, 3],
            "start_char": [0, 100, 200, 300],
            "words": [150, 150, 0, 300],
            "turns": [2, 1, 0, 1],
            "kind": ["story"] * 4,
            "headline": ["a", "b", "c", "d"],
        }
    )
    turns = pd.DataFrame(
        {
            "transcript": ["t"] * 3,
            "turn": [0, 1, 2],
            "block": [0, 0, 3],
            "timestamp": ["20:00:00", "20:00:00", "20:03:00"],
            "words": [75, 225, 300],
        }
    )
    table = coverage.block_coverage(turns, blocks)
    assert table["block"].tolist() == [0, 1, 2, 3]
    assert table["words"].tolist() == [150, 150, 0, 300]
    assert table["turns"].tolist() == [2, 1, 0, 1]
    # 20:00 at word 0, 20:03 at word 300, then 300 words at 150 a minute
    assert table["minutes"].tolist() == pytest.approx([1.5, 1.5, 0.0, 2.0])
    assert table["minutes"].sum() == pytest.approx(coverage.turn_clock(turns)["end_minute"].max())
    assert table["minutes_estimated"].tolist() == [False, False, False, True]


def _story_coverage() -> pd.DataFrame:
    table = pd.DataFrame(
        {
            "transcript": ["a", "a", "b", "c"],
            "block": [0, 1, 0, 0],
            "words": [300, 150, 600, 90],
            "minutes": [2.0, 1.0, 4.0, 0.6],
            "minutes_estimated": [False, False, True, False],
            "network": ["CNN", "CNN", "Fox", "Fox"],
        }
    )
    block_stories = pd.DataFrame(
        {"transcript": ["a", "a", "b"], "block": [0, 1, 0], "story": [0, 1, 0]}
    )
    stories = pd.DataFrame({"story": [0, 1], "label": ["Nunes memo", "Storm"]})
    return coverage.attach_stories(table, block_stories, stories)


def test_attach_stories_names_each_block_and_marks_those_without_one() -> None:
    table = _story_coverage()
    assert table["story"].tolist() == [0, 1, 0, -1]
    assert table["story_label"].tolist() == ["Nunes memo", "Storm", "Nunes memo", "No story"]


def test_story_aggregate_by_network_with_sentiment_intervals() -> None:
    table = _story_coverage()
    per = coverage.story_aggregate(table, ["network"])
    memo = per[(per["story"] == 0)].set_index("network")
    assert memo.loc["CNN", "minutes"] == 2.0 and memo.loc["Fox", "minutes"] == 4.0
    assert memo.loc["Fox", "estimated_minutes"] == 4.0
    assert per.groupby("story")["words"].sum().to_dict() == {-1: 90, 0: 900, 1: 150}
    sentences = pd.DataFrame(
        {
            "transcript": ["a"] * 4 + ["b"] * 2,
            "block": [0, 0, 0, 1, 0, 0],
            "compound": [0.5, 0.1, -0.3, 0.9, -0.6, -0.2],
        }
    )
    toned = coverage.story_aggregate(table, sentences=sentences, seed=3)
    memo = toned.set_index("story").loc[0]
    assert memo["n_sentences"] == 5
    assert memo["mean_compound"] == pytest.approx((0.5 + 0.1 - 0.3 - 0.6 - 0.2) / 5)
    assert memo["ci_low"] <= memo["mean_compound"] <= memo["ci_high"]
    again = coverage.story_aggregate(table, sentences=sentences, seed=3)
    pd.testing.assert_frame_equal(toned, again)
    assert toned.set_index("story").loc[-1, "n_sentences"] == 0


def test_story_summary_says_plainly_when_no_story_ran_twice() -> None:
    one = pd.DataFrame(
        {
            "story": [0, 1, 2],
            "kind": ["open", "story", "story"],
            "transcripts": [1, 1, 1],
            "networks": ["CNN", "CNN", "CNN"],
            "blocks": [1, 2, 1],
        }
    )
    assert coverage.story_summary(one).startswith(
        "2 stories from 3 story blocks. No story ran twice"
    )
    two = one.assign(transcripts=[1, 3, 1], networks=["CNN", "CNN, Fox News", "CNN"])
    assert coverage.story_summary(two) == (
        "2 stories from 3 story blocks: 1 ran in more than one broadcast, 1 on more than one "
        "network."
    )
