"""MSNBC, Fox, CNN Student News, CNN 10 and plain layouts, detection and bad input
(synthetic snippets written for these tests)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from analytics.errors import TranscriptFormatError
from analytics.ingest import detect_format, parse_file, parse_text

MSNBC = (
    "Watch Videos\n"
    "Show: THE RACHEL MADDOW SHOWDate: January 22, 2018Guest: Jane Roe\n"
    "CHRIS HAYES, MSNBC HOST, ALL IN: That was ALL IN for this evening.\n"
    "Good evening, Rachel.\n"
    "RACHEL MADDOW, MSNBC HOST: Good evening, Chris.\n"
    "HAYES: You bet.\n"
    "MADDOW: Thanks to you at home. The vote is at 10:30. NOTE: not final.\n"
    "(BEGIN VIDEO CLIP)\n"
    "SEN. JANE ROE (D-NY): We will see.\n"
    "(END VIDEO CLIP)\n"
    "MADDOW: That does it for us.\n"
    "END\n"
    "THIS IS A RUSH TRANSCRIPT. THIS COPY MAY NOT BE IN ITS FINAL FORM AND MAY BE UPDATED.END\n"
    "Copy: Content and programming copyright 2018 MSNBC. ALL RIGHTS RESERVED. Copyright 2018 "
    "ASC Services II Media, LLC. All materials herein are protected.\n"
)

FOX = (
    ">>heading>>Host says the memo matters\n"
    "This material may not be published, broadcast, rewritten, or redistributed. \u00a92018 FOX "
    "News Network, LLC. All rights reserved. All market data delayed 20 minutes.\n"
    "Committee member discusses the memo on 'The Story.'\n"
    'This is a rush transcript from "The Story," January 25, 2018. This copy may not be in its '
    "final form and may be updated.\n"
    "MARTHA MACCALLUM, HOST: So, tonight everybody, we begin.\n"
    "ED HENRY, FOX NEWS CHANNEL CHIEF NATIONAL CORRESPONDENT: It does, Martha.\n"
    "(VIDEOCLIP STARTS)\n"
    "UNIDENTIFIED FEMALE: Not now.\n"
    "(VIDEOCLIP ENDS)\n"
    "MACCALLUM: We'll be right back.\n"
    "(COMMERCIAL BREAK)\n"
    "MACCALLUM: Have a good night.\n"
    "  Content and Programming Copyright 2018 Fox News Network, LLC. ALL RIGHTS RESERVED. "
    "Copyright 2018 CQ-Roll Call, Inc. All materials herein are protected.\n"
    "This material may not be published, broadcast, rewritten, or redistributed. \u00a92018 FOX "
    "News Network, LLC. All rights reserved. All market data delayed 20 minutes.\n"
)

FOX_COLUMN = (
    ">>heading>>Sam Writer on the week in review\n"
    "This material may not be published, broadcast, rewritten, or redistributed. \u00a92018 FOX "
    "News Network, LLC. All rights reserved.\n"
    "                                    A photo caption (AP)\n"
    "It was a long week. Here is what they said:\n"
    "(BEGIN VIDEO CLIP)\n"
    "JANE ROE, CO-HOST OF 'THE PANEL': I disagree.\n"
    "(END VIDEO CLIP)\n"
    "And that is the point.\n"
    "Sam Writer currently serves as co-host of The Panel on FOX News Channel (FNC).\n"
)

STUDENT = (
    "(CNN Student News) -- September 25, 2009\n\nQuick Guide\n\n"
    "Terror Charge - Learn about a new charge.\n\nSummit - Hear about the meeting.\n\n"
    "Transcript\n\n"
    "THIS IS A RUSH TRANSCRIPT. THIS COPY MAY NOT BE IN ITS FINAL FORM AND MAY BE UPDATED.\n\n"
    "CARL AZUZ, CNN STUDENT NEWS ANCHOR:  This is CNN Student News!\n\n"
    "First Up: Terror Charge\n\n"
    "AZUZ: First up, a new charge.\n\n"
    "Summit\n\n"
    "AZUZ:  Leaders met.\n"
)

CNN10 = (
    "Aired March 7, 2019 - 04:00:00 \u00a0 ET\n\n"
    "CARL AZUZ, CNN 10 ANCHOR:  Hi. I`m Carl Azuz.\n\n"
    "(BEGIN VIDEO CLIP)\n\nUNIDENTIFIED FEMALE: (inaudible)\n\n(END VIDEO CLIP)\n\n"
    "AZUZ: That`s it.\n\nEND\n"
)

NPR = (
    "News & Notes, 2007-11-28\n\n"
    "FARAI CHIDEYA, host: Now, moving on.\n\n"
    'Mr. KYLE BOWSER (Co-producer, "The Album"): Great. How are you?\n\n'
    "FARAI CHIDEYA, host: I'm doing great.\n\n"
    "Ms. WENDY ROBINSON (Actress): Great.\n"
)

CAPTIONS = (
    "that's all in on this tuesday night. therachelmaddowshowstarts right now. good evening. "
    ">> good evening, chris. thank you for being on my show. >> my pleasure.\n"
)


def test_msnbc() -> None:
    t = parse_text(MSNBC, "m.txt")
    assert t.format == "msnbc" and t.network == "MSNBC"
    assert t.show == "The Rachel Maddow Show"
    assert t.air_date == date(2018, 1, 22) and t.air_time is None
    assert t.aired == "2018-01-22"
    names = [u.speaker.name for u in t.turns]
    assert names == [
        "Chris Hayes",
        "Rachel Maddow",
        "Chris Hayes",
        "Rachel Maddow",
        "Jane Roe",
        "Rachel Maddow",
    ]
    assert t.turns[0].text == "That was ALL IN for this evening.\nGood evening, Rachel."
    assert t.turns[0].speaker.role == "MSNBC HOST, ALL IN"
    assert "NOTE: not final." in t.turns[3].text
    assert t.turns[4].in_clip and t.turns[4].speaker.role == "(D-NY)"
    assert t.turns[-1].text == "That does it for us."


def test_fox() -> None:
    t = parse_text(FOX, "f.txt")
    assert t.format == "fox" and t.network == "Fox News"
    assert t.show == "The Story with Martha MacCallum"
    assert t.air_date == date(2018, 1, 25)
    assert t.headlines == ("Host says the memo matters",)
    assert t.rush
    names = [(u.speaker.name, u.in_clip) for u in t.turns]
    assert names == [
        ("Martha MacCallum", False),
        ("Ed Henry", False),
        ("Unidentified Female", True),
        ("Martha MacCallum", False),
        ("Martha MacCallum", False),
    ]
    assert t.turns[-1].text == "Have a good night."
    assert "VIDEOCLIP STARTS" in [m.kind for m in t.markers]


def test_fox_web_column_is_its_author() -> None:
    t = parse_text(FOX_COLUMN, "fox_2018-02-12_thefive_part2.txt")
    got = [(u.speaker.name, u.text, u.in_clip) for u in t.turns]
    assert got == [
        ("Sam Writer", "It was a long week. Here is what they said:", False),
        ("Jane Roe", "I disagree.", True),
        ("Sam Writer", "And that is the point.", False),
    ]
    assert t.show == "The Five"


def test_student_news() -> None:
    t = parse_text(STUDENT, "s.txt")
    assert t.format == "cnn_student_news"
    assert t.show == "CNN Student News" and t.air_date == date(2009, 9, 25)
    assert t.headlines == ("Terror Charge", "Summit")
    texts = [u.text for u in t.turns]
    # headings end a turn and belong to none
    assert texts == ["This is CNN Student News!", "First up, a new charge.", "Leaders met."]
    assert {u.speaker.name for u in t.turns} == {"Carl Azuz"}


def test_cnn10() -> None:
    t = parse_text(CNN10, "c.txt")
    assert t.format == "cnn10" and t.show == "CNN 10"
    assert t.aired == "2019-03-07T04:00:00-05:00"
    assert [u.speaker.name for u in t.turns] == ["Carl Azuz", "Unidentified Female", "Carl Azuz"]
    assert t.turns[-1].text == "That`s it."
    assert t.turns[1].in_clip and [m.kind for m in t.turns[1].markers] == ["INAUDIBLE"]


def test_plain_npr() -> None:
    t = parse_text(NPR, "npr_2007-11-28_newsnotes_npr-1.txt")
    assert t.format == "plain" and t.network == "NPR"
    assert t.show == "News & Notes" and t.air_date == date(2007, 11, 28)
    got = [(u.speaker.name, u.speaker.role) for u in t.turns]
    assert got == [
        ("Farai Chideya", "host"),
        ("Kyle Bowser", '(Co-producer, "The Album")'),
        ("Farai Chideya", "host"),
        ("Wendy Robinson", "(Actress)"),
    ]


def test_plain_long_role_in_parentheses() -> None:
    # a role of more than sixty characters in parentheses still makes a tag
    role = "(Psychologist; National President, Association of Black Psychologists)"
    t = parse_text(
        f"FARAI CHIDEYA, host: Welcome.\n\nDr. DOROTHY HOLMES {role}: Hello.\n",
        "npr_2007-11-30_newsnotes_npr-5.txt",
    )
    assert [(u.speaker.name, u.speaker.role) for u in t.turns] == [
        ("Farai Chideya", "host"),
        ("Dorothy Holmes", role),
    ]


def test_plain_minimal() -> None:
    t = parse_text("JANE: Hi there.\nJOHN SMITH: Hello.\nJANE: Bye.\n")
    assert t.format == "plain" and t.network == "unknown"
    assert [u.speaker.name for u in t.turns] == ["Jane", "John Smith", "Jane"]


@pytest.mark.parametrize(
    "text,fmt",
    [
        (MSNBC, "msnbc"),
        (FOX, "fox"),
        (FOX_COLUMN, "fox"),
        (STUDENT, "cnn_student_news"),
        (CNN10, "cnn10"),
        (NPR, "plain"),
        (CAPTIONS, "captions"),
        ("Return to Transcripts main page\n\nAired May 1, 2019 - 20:00 ET\n\nX Y, CNN: z\n", "cnn"),
    ],
)
def test_detect_format(text: str, fmt: str) -> None:
    assert detect_format(text) == fmt


@pytest.mark.parametrize(
    "text,reason",
    [
        ("", "empty"),
        ("   \n\n", "empty"),
        ("JANE: hi\x00\x00\x01 there", "binary"),
        ("Just some prose without any speaker tags at all.\nAnother line.\n", "no speaker tags"),
        (CAPTIONS, "closed captions"),
    ],
)
def test_bad_input_raises(text: str, reason: str) -> None:
    with pytest.raises(TranscriptFormatError) as err:
        parse_text(text, "bad.txt")
    assert reason in err.value.reason
    assert str(err.value).startswith("bad.txt: ")
    assert "\n" not in str(err.value)


def test_parse_file_names_the_file(tmp_path: Path) -> None:
    p = tmp_path / "empty.txt"
    p.write_bytes(b"")
    with pytest.raises(TranscriptFormatError) as err:
        parse_file(p)
    assert err.value.path == str(p)


def test_cli_parse_json_and_bad_input(tmp_path: Path, sample_path: Path, capsys) -> None:
    import json

    from analytics.cli import main

    assert main(["parse", str(sample_path), "--json"]) == 0
    record = json.loads(capsys.readouterr().out)
    assert list(record) == [
        "transcript",
        "file",
        "network",
        "show",
        "aired",
        "headlines",
        "turns",
        "speakers",
    ]
    assert record["aired"] == "2015-11-20T21:00:00-05:00"
    assert list(record["turns"][0]) == [
        "speaker",
        "role",
        "qualifier",
        "start_char",
        "end_char",
        "timestamp",
        "in_clip",
        "text",
    ]
    cooper = record["speakers"][0]
    assert cooper["speaker"] == "Anderson Cooper"
    assert cooper["role"] == "CNN ANCHOR"
    assert cooper["turns"] == sum(1 for t in record["turns"] if t["speaker"] == "Anderson Cooper")
    text = sample_path.read_text(encoding="utf-8")
    for turn in record["turns"]:
        assert text[turn["start_char"] : turn["end_char"]] == turn["text"]

    empty = tmp_path / "empty.txt"
    empty.write_text("")
    assert main(["parse", str(empty)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and str(empty) in err and "empty" in err
