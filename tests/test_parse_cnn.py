"""CNN pages: the shipped sample, read by hand, and a regression table of synthetic quirks."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from analytics.ingest import parse_file, parse_text
from analytics.model import Transcript

# Speakers of data/raw/cnn_2015-11-20_acd.txt, listed from reading it, with their roles as
# written in the first full tag and their number of turns. Cooper's count: his full tag, 52
# "COOPER:" tags at line starts, one tag without colon ("COOPER Well, Michael Weiss ..."),
# one after "(BEGIN VIDEO CLIP)" on the same line, none mid-line.
SAMPLE_SPEAKERS = {
    "Anderson Cooper": "CNN ANCHOR",
    "Drew Griffin": "CNN SENIOR INVESTIGATOR CORRESPONDENT",
    "Paul Cruickshank": "CNN TERRORISM ANALYST",
    "Cedric Leighton": "CNN MILITARY ANALYST",
    "Clarissa Ward": "CNN SENIOR INTERNATIONAL CORRESPONDENT",
    "Nick Paton Walsh": "CNN SENIOR INTERNATIONAL CORRESPONDENT",
    "Michael Weiss": "CNN CONTRIBUTOR",
    "Christianne Boudreau": "SON DIED FIGHTING FOR ISIS",
    "Robyn Kriel": "CNN CORRESPONDENT",
    "Unidentified Male": None,
    "Melissa Bell": "INTERNATIONAL AFFAIRS EDITOR, FRANCE24",
    "Angel Le": None,
    "Brandon": None,
}


@pytest.fixture(scope="module")
def sample(sample_path) -> Transcript:
    return parse_file(sample_path)


def test_sample_has_exactly_its_speakers(sample: Transcript) -> None:
    assert {s.name: s.role for s in sample.speakers} == SAMPLE_SPEAKERS


# Turns per speaker, counted by hand: full tag + surname tags at line starts + surname tags
# in the middle of a line (GRIFFIN twice, WARD and KRIEL once) + Cooper's tag without a
# colon and his tag after "(BEGIN VIDEO CLIP)" on the same line.
SAMPLE_TURNS = {
    "Anderson Cooper": 1 + 52 + 1 + 1,
    "Drew Griffin": 1 + 5 + 2,
    "Paul Cruickshank": 1 + 1,
    "Cedric Leighton": 1 + 2,
    "Clarissa Ward": 1 + 4 + 1,
    "Nick Paton Walsh": 1 + 1,
    "Michael Weiss": 1 + 4,
    "Christianne Boudreau": 1 + 7,
    "Robyn Kriel": 1 + 2 + 1,
    "Unidentified Male": 2,
    "Melissa Bell": 1 + 6,
    "Angel Le": 1,
    "Brandon": 3,
}


def test_sample_turn_counts(sample: Transcript) -> None:
    per: dict[str, int] = {}
    for turn in sample.turns:
        per[turn.speaker.name] = per.get(turn.speaker.name, 0) + 1
    assert per == SAMPLE_TURNS
    assert all(t.tag_start < t.start_char for t in sample.turns)  # no untagged text


def test_sample_header(sample: Transcript) -> None:
    assert sample.network == "CNN"
    assert sample.show == "Anderson Cooper 360"
    assert sample.air_date == date(2015, 11, 20)
    assert sample.air_time == datetime(2015, 11, 20, 21, 0, tzinfo=ZoneInfo("America/New_York"))
    assert sample.aired == "2015-11-20T21:00:00-05:00"
    assert sample.headlines[0] == "Brussels at Highest Terror Alert Level"
    assert sample.headlines[-1] == "Remembering the Victims"
    assert len(sample.headlines) == 7
    assert sample.text[sample.body_start :].lstrip().startswith("[21:01:07] ANDERSON COOPER")


def test_sample_offsets_and_stamps(sample: Transcript) -> None:
    assert sample.turns[0].timestamp == "21:01:07"
    assert [s.value for s in sample.timestamps][:3] == ["21:01:07", "21:05:03", "21:10:01"]
    for turn in sample.turns:
        assert sample.text[turn.start_char : turn.end_char] == turn.text
    griffin_mid = [t for t in sample.turns if t.text.startswith("Yeah, there was a raid")]
    assert len(griffin_mid) == 1 and griffin_mid[0].speaker.name == "Drew Griffin"
    weiss_intro = [t for t in sample.turns if t.text.startswith("Well, Michael Weiss is")]
    assert weiss_intro[0].speaker.name == "Anderson Cooper"


def test_sample_clip_without_end_closes_at_next_segment(sample: Transcript) -> None:
    clip = [t for t in sample.turns if t.in_clip]
    assert clip, "the taped Weiss interview follows (BEGIN VIDEO CLIP)"
    assert {t.speaker.name for t in clip} == {"Anderson Cooper", "Michael Weiss"}
    # the segment that starts at [21:28:01] is live again
    after = [t for t in sample.turns if t.timestamp == "21:28:01"]
    assert after and not any(t.in_clip for t in after)


# --- regression table: synthetic snippets, one per quirk ------------------------------------

HEADER = (
    "Return to Transcripts main page\n\nTHE SITUATION ROOM\n\n"
    "Storm Hits Coast; Senate Votes. Aired 5-6p ET\n\n"
    "Aired August 21, 2019 - 17:00 \u00a0 ET\n\n"
    "THIS IS A RUSH TRANSCRIPT. THIS COPY MAY NOT BE IN ITS FINAL FORM AND MAY BE UPDATED.\n\n"
)


def turns_of(body: str, **kw) -> list[tuple[str, str]]:
    t = parse_text(HEADER + body, "case.txt", **kw)
    for turn in t.turns:
        assert t.text[turn.start_char : turn.end_char] == turn.text
    return [(turn.speaker.name, turn.text) for turn in t.turns]


CASES = {
    "mid_line_tag": (
        "JANE DOE, CNN ANCHOR: It has been seven days. ROE: Yeah, there was a raid.\n\n"
        "RICK ROE, CNN CORRESPONDENT: More later.\n",
        [
            ("Jane Doe", "It has been seven days."),
            ("Rick Roe", "Yeah, there was a raid."),
            ("Rick Roe", "More later."),
        ],
    ),
    "missing_colon_known_speaker": (
        "JANE DOE, CNN ANCHOR: Hello.\n\nDOE: Again.\n\nDOE Well, Sam Smith is here.\n",
        [("Jane Doe", "Hello."), ("Jane Doe", "Again."), ("Jane Doe", "Well, Sam Smith is here.")],
    ),
    "missing_colon_unknown_word_is_speech": (
        "JANE DOE, CNN ANCHOR: Hello.\n\nNATO Leaders met today.\n",
        [("Jane Doe", "Hello.\n\nNATO Leaders met today.")],
    ),
    "surname_resolves_to_earlier_full_name": (
        "ANDERSON COOPER, CNN ANCHOR: Hi.\n\nCOOPER: Bye.\n",
        [("Anderson Cooper", "Hi."), ("Anderson Cooper", "Bye.")],
    ),
    "surname_before_full_name_resolves_later_intro": (
        "CUOMO: Over to you.\n\nDON LEMON, CNN ANCHOR: Thanks.\n\nCHRIS CUOMO, CNN ANCHOR: Sure.\n",
        [("Chris Cuomo", "Over to you."), ("Don Lemon", "Thanks."), ("Chris Cuomo", "Sure.")],
    ),
    "surname_prefers_most_recent_namesake": (
        "JOHN KING, CNN: One.\n\nPETER KING, GUEST: Two.\n\nKING: Three.\n",
        [("John King", "One."), ("Peter King", "Two."), ("Peter King", "Three.")],
    ),
    "first_name_only_is_own_person": (
        "ANDERSON COOPER, CNN ANCHOR: Brandon?\n\nBRANDON: Yes.\n",
        [("Anderson Cooper", "Brandon?"), ("Brandon", "Yes.")],
    ),
    "unidentified_stay_distinct": (
        "JANE MALE, CNN ANCHOR: Hi.\n\nUNIDENTIFIED MALE: Hey.\n\nUNIDENTIFIED FEMALE: Ho.\n\n"
        "MALE: Me.\n",
        [
            ("Jane Male", "Hi."),
            ("Unidentified Male", "Hey."),
            ("Unidentified Female", "Ho."),
            ("Jane Male", "Me."),
        ],
    ),
    "unidentified_numbered_and_translated": (
        "UNIDENTIFIED MALE: One.\n\nUNIDENTIFIED MALE #2: Two.\n\n"
        "UNIDENTIFIED MALE (through translator): Three.\n",
        [
            ("Unidentified Male", "One."),
            ("Unidentified Male #2", "Two."),
            ("Unidentified Male", "Three."),
        ],
    ),
    "initial_and_surname": (
        "JOHN ROBERTS, CHIEF JUSTICE: Order.\n\nJ. ROBERTS: Proceed.\n",
        [("John Roberts", "Order."), ("John Roberts", "Proceed.")],
    ),
    "multi_paragraph_turn": (
        "JANE DOE, CNN ANCHOR: First paragraph.\n\nSecond paragraph.\n\nThird.\n",
        [("Jane Doe", "First paragraph.\n\nSecond paragraph.\n\nThird.")],
    ),
    "caps_colon_inside_speech": (
        "JANE DOE, CNN ANCHOR: Read the sign. NOTE: it is closed. It opens at 10:30 today.\n",
        [("Jane Doe", "Read the sign. NOTE: it is closed. It opens at 10:30 today.")],
    ),
    "question_label_mid_line_is_speech": (
        "JANE DOE, CNN ANCHOR: He asked. QUESTION: why now? That was it.\n",
        [("Jane Doe", "He asked. QUESTION: why now? That was it.")],
    ),
    "party_tag_then_title_without_comma": (
        "JANE DOE, CNN ANCHOR: Listen. KARI ROE (R-AZ) GUBERNATORIAL CANDIDATE: We will win.\n",
        [("Jane Doe", "Listen."), ("Kari Roe", "We will win.")],
    ),
    "mixed_case_role_at_line_start": (
        "JANE DOE, CNN CHIEF White House CORRESPONDENT: Hi.\n\n"
        "MITCH ROE, United States SENATOR: Yes.\n\nOK, so here is the thing: no.\n",
        [("Jane Doe", "Hi."), ("Mitch Roe", "Yes.\n\nOK, so here is the thing: no.")],
    ),
    "backtick_apostrophe_in_tag": (
        "LAWRENCE O`DONNELL, MSNBC HOST: Hi.\n\nO`DONNELL: Bye.\n",
        [("Lawrence O'Donnell", "Hi."), ("Lawrence O'Donnell", "Bye.")],
    ),
    "glued_tag_after_sentence": (
        "JANE DOE, CNN ANCHOR: Fine, I think.DOE: Again?RICK ROE, GUEST: Yes.\n",
        [("Jane Doe", "Fine, I think."), ("Jane Doe", "Again?"), ("Rick Roe", "Yes.")],
    ),
    "on_screen_text_is_nobody's": (
        "JANE DOE, CNN ANCHOR: Look.\n\nSUBTITLE: A Great Big Story.\n\nDOE: Back.\n",
        [("Jane Doe", "Look."), ("Jane Doe", "Back.")],
    ),
    "quoted_title_with_colon_in_role": (
        'SUK-YOUNG KIM, AUTHOR, "UTOPIA: THEATER IN KOREA":  Young people find ways.\n',
        [("Suk-Young Kim", "Young people find ways.")],
    ),
    "two_spaces_after_tag": (
        "JANE DOE, CNN ANCHOR:  Spaced.\n",
        [("Jane Doe", "Spaced.")],
    ),
    "semicolon_for_colon_after_role_or_known_name": (
        "JANE DOE, CNN ANCHOR: Hi.\n\nRICK ROE, CNN HOST; Thanks, Jane.\n\nDOE; Back. ROE; Sure.\n",
        [
            ("Jane Doe", "Hi."),
            ("Rick Roe", "Thanks, Jane."),
            ("Jane Doe", "Back."),
            ("Rick Roe", "Sure."),
        ],
    ),
    "semicolon_tag_ends_before_speech_with_colon": (
        "JANE DOE, CNN ANCHOR: Hi.\n\nRICK ROE, CNN HOST; and then he said: fine.\n",
        [("Jane Doe", "Hi."), ("Rick Roe", "and then he said: fine.")],
    ),
    "semicolon_and_colon_in_speech_stay_speech": (
        "JANE DOE, CNN ANCHOR: He said this: go. Here is the point; we wait. NATO; later.\n\n"
        "FBI; CIA and NSA agree.\n\nTHE POINT IS THIS; we go.\n",
        [
            (
                "Jane Doe",
                "He said this: go. Here is the point; we wait. NATO; later.\n\n"
                "FBI; CIA and NSA agree.\n\nTHE POINT IS THIS; we go.",
            )
        ],
    ),
    "mixed_case_name_before_capital_role": (
        "JANE DOE, CNN ANCHOR: Listen.\n\nSam Ortiz,  U.S. SENATE CANDIDATE:  We win.\n\n"
        "ORTIZ: Yes.\n\nRICK Roe, THEN-FBI DIRECTOR: No.\n",
        [
            ("Jane Doe", "Listen."),
            ("Sam Ortiz", "We win."),
            ("Sam Ortiz", "Yes."),
            ("Rick Roe", "No."),
        ],
    ),
    "mixed_case_line_without_name_and_capital_role_is_speech": (
        "JANE DOE, CNN ANCHOR: Listen.\n\nThank You, MR. PRESIDENT: it is an honour.\n\n"
        "Sam Ortiz, the candidate: no.\n",
        [
            (
                "Jane Doe",
                "Listen.\n\nThank You, MR. PRESIDENT: it is an honour.\n\n"
                "Sam Ortiz, the candidate: no.",
            )
        ],
    ),
    "surname_typo_resolves_to_the_known_speaker": (
        "ANNA COOPER, CNN ANCHOR: Hi.\n\nJANE DOE, GUEST: Fine. COOOPER: Good.\n\nCOOPR: Bye.\n",
        [
            ("Anna Cooper", "Hi."),
            ("Jane Doe", "Fine."),
            ("Anna Cooper", "Good."),
            ("Anna Cooper", "Bye."),
        ],
    ),
    "surname_typo_of_nobody_is_own_person": (
        "JANE DOE, CNN ANCHOR: Hi.\n\nCOOOPER: Welcome.\n",
        [("Jane Doe", "Hi."), ("Coooper", "Welcome.")],
    ),
    "name_cased_as_the_transcript_spells_it": (
        "JANE DOE, CNN ANCHOR: Governor DeSanto, welcome.\n\nGOV. RON DESANTO (R), FLORIDA: Hi."
        "\n\nCONNIE MACK, GUEST: Hello, Mack here.\n",
        [
            ("Jane Doe", "Governor DeSanto, welcome."),
            ("Ron DeSanto", "Hi."),
            ("Connie Mack", "Hello, Mack here."),
        ],
    ),
    "names_one_letter_apart_stay_two_people": (
        "DANA BASH, CNN: Hi.\n\nBUSH: Hello.\n\nDAVID FRUM, GUEST: Hey.\n\n"
        "DONALD TRUMP, PRESIDENT: Yo.\n\nFRUMP: Me.\n",
        [
            ("Dana Bash", "Hi."),
            ("Bush", "Hello."),
            ("David Frum", "Hey."),
            ("Donald Trump", "Yo."),
            ("Frump", "Me."),
        ],
    ),
}


@pytest.mark.parametrize("body,expected", CASES.values(), ids=CASES.keys())
def test_regression(body: str, expected: list[tuple[str, str]]) -> None:
    assert turns_of(body) == expected


def one(body: str, header: str = HEADER) -> Transcript:
    return parse_text(header + body, "case.txt")


def test_timestamp_alone_on_line() -> None:
    t = one("[17:00:00]\n\nJANE DOE, CNN ANCHOR: Hi.\n\n[17:05:00]\n\nDOE: Later.\n")
    assert [u.timestamp for u in t.turns] == ["17:00:00", "17:05:00"]
    assert [u.text for u in t.turns] == ["Hi.", "Later."]


def test_timestamp_before_tag() -> None:
    t = one("JANE DOE, CNN ANCHOR: Hi.\n\n[06:30:00] ANGELA RYE, CNN COMMENTATOR: Yes.\n")
    assert t.turns[0].text == "Hi."
    assert t.turns[0].timestamp is None
    assert t.turns[1].timestamp == "06:30:00"
    assert t.turns[1].speaker.role == "CNN COMMENTATOR"
    assert t.text[t.turns[1].tag_start :].startswith("ANGELA RYE")


def test_timestamp_mid_paragraph_stays_in_turn() -> None:
    t = one("[17:58:00] JANE DOE, CNN ANCHOR: Up next.\n\n[17:59:59] Making news again.\n")
    assert len(t.turns) == 1
    assert t.turns[0].text == "Up next.\n\n[17:59:59] Making news again."
    assert t.turns[0].timestamp == "17:58:00"
    assert [s.value for s in t.timestamps] == ["17:58:00", "17:59:59"]


def test_one_long_line_page_with_joined_paragraphs() -> None:
    speech = "We talked about taxes for a long time today. " * 120
    body = (
        f"[21:00:02] PHILIP BUMP, THE WASHINGTON POST:  -- it is true.{speech}"
        f"GLORIA BORGER, CNN ANALYST: Sure --LIZZA:  Which if this is true --BORGER:  So.(CROSSTALK)"
        f"LIZZA:  But {speech}OK?RYAN LIZZA, CNN ANALYST: Right. (END VIDEO CLIP)   KEITH:  Hi.\n"
    )
    t = parse_text(body, "cnn_2017-03-14_acd_02.txt")
    assert t.format == "cnn_flat"
    names = [u.speaker.name for u in t.turns]
    assert names == [
        "Philip Bump",
        "Gloria Borger",
        "Ryan Lizza",
        "Gloria Borger",
        "Ryan Lizza",
        "Ryan Lizza",
        "Keith",
    ]
    assert t.turns[0].timestamp == "21:00:02"
    assert t.turns[2].text == "Which if this is true --"
    assert t.turns[3].text == "So.(CROSSTALK)"
    assert t.turns[5].text == "Right."
    assert t.turns[-1].text == "Hi."


def test_one_long_line_page_glued_o_names_and_typos() -> None:
    speech = "We talked about taxes for a long time today. " * 120
    body = (
        f"[21:00:02] ANNA COOPER, CNN ANCHOR:  Hello.{speech}"
        "TIMOTHY O'NEAL, EDITOR (via telephone):  Yes --COOPER:  You know --"
        f"O'NEAL (via telephone):  Go ahead.COOOPER:  Right.{speech}"
        '"I would."O\u2019NEAL (via telephone):  And so.\n'
    )
    t = parse_text(body, "cnn_2017-03-14_acd_02.txt")
    assert t.format == "cnn_flat"
    got = [(u.speaker.name, u.qualifier, u.text[:9]) for u in t.turns]
    assert got == [
        ("Anna Cooper", None, "Hello.We "),
        ("Timothy O'Neal", "via telephone", "Yes --"),
        ("Anna Cooper", None, "You know "),
        ("Timothy O'Neal", "via telephone", "Go ahead."),
        ("Anna Cooper", None, "Right.We "),
        ("Timothy O'Neal", "via telephone", "And so."),
    ]


def test_semicolon_inside_capital_role_is_part_of_it() -> None:
    t = one("WENDY ROE, PRESIDENT, THE INSTITUTE; FORMER AMBASSADOR: Yes.\n\nROE; Right.\n")
    assert [(u.speaker.name, u.text) for u in t.turns] == [
        ("Wendy Roe", "Yes."),
        ("Wendy Roe", "Right."),
    ]
    assert t.turns[0].speaker.role == "PRESIDENT, THE INSTITUTE; FORMER AMBASSADOR"


def test_one_long_line_page() -> None:
    speech = "This is a long sentence about the news of the day. " * 120
    body = (
        f"ANDERSON COOPER, CNN ANCHOR: {speech}[21:00:02] PHILIP BUMP, THE WASHINGTON POST: "
        f"Right.That is true.COOPER: {speech}(CROSSTALK) BUMP: Sure.\n"
    )
    header = "Anderson Cooper 360 Degrees\n\nAired July 18, 2022 - 20:00 \u00a0 ET\n\n"
    t = parse_text(header + body, "flat.txt")
    assert t.format == "cnn_flat"
    names = [u.speaker.name for u in t.turns]
    assert names == ["Anderson Cooper", "Philip Bump", "Anderson Cooper", "Philip Bump"]
    assert t.turns[1].text == "Right.That is true."
    assert t.turns[1].timestamp == "21:00:02"
    assert [m.kind for m in t.turns[2].markers] == ["CROSSTALK"]


@pytest.mark.parametrize(
    "tag,qualifier",
    [
        ("JANE DOE (voice-over)", "voice-over"),
        ("JANE DOE (on camera)", "on camera"),
        ("JANE DOE (on-camera)", "on camera"),
        ("JANE DOE (through translator)", "through translator"),
        ("JANE DOE (via telephone)", "via telephone"),
        ("JANE DOE, CNN CORRESPONDENT (voice-over)", "voice-over"),
    ],
)
def test_qualifier(tag: str, qualifier: str) -> None:
    t = one(f"{tag}: Words here.\n\nDOE: More.\n")
    assert t.turns[0].qualifier == qualifier
    assert t.turns[0].speaker.name == "Jane Doe"
    assert t.turns[1].qualifier is None
    assert len(t.speakers) == 1


def test_party_tag_is_role() -> None:
    t = one("REP. MIKE QUIGLEY (D-IL): We will.\n\nQUIGLEY: Yes.\n")
    assert t.turns[0].speaker.name == "Mike Quigley"
    assert t.turns[0].speaker.role == "(D-IL)"
    assert t.turns[0].qualifier is None
    assert [u.speaker.key for u in t.turns] == ["MIKE QUIGLEY", "MIKE QUIGLEY"]
    assert t.markers == ()


def test_party_tag_then_title() -> None:
    t = one("SEN. CARL LEVIN (D-MI), CHAIRMAN, ARMED SERVICES COMMITTEE: Yes.\n")
    assert t.turns[0].speaker.name == "Carl Levin"
    assert t.turns[0].speaker.role == "(D-MI), CHAIRMAN, ARMED SERVICES COMMITTEE"


def test_clip_markers() -> None:
    t = one(
        "JANE DOE, CNN ANCHOR: Watch.\n\n(BEGIN VIDEO CLIP)\n\nJOHN SMITH, SENATOR: No.\n\n"
        "(END VIDEO CLIP)\n\nAnd that was that.\n\n(COMMERCIAL BREAK)\n\n"
        "DOE: Welcome back. (LAUGHTER) (inaudible)\n\n(BEGIN VIDEOTAPE)\n\nSMITH: Tape.\n\n"
        "(END VIDEOTAPE)\n\nDOE: Done.\n"
    )
    got = [(u.speaker.name, u.text, u.in_clip, u.tag_start == u.start_char) for u in t.turns]
    assert got == [
        ("Jane Doe", "Watch.", False, False),
        ("John Smith", "No.", True, False),
        ("Jane Doe", "And that was that.", False, True),  # untagged continuation
        ("Jane Doe", "Welcome back. (LAUGHTER) (inaudible)", False, False),
        ("John Smith", "Tape.", True, False),
        ("Jane Doe", "Done.", False, False),
    ]
    kinds = [m.kind for m in t.markers]
    assert kinds == [
        "BEGIN VIDEO CLIP",
        "END VIDEO CLIP",
        "COMMERCIAL BREAK",
        "LAUGHTER",
        "INAUDIBLE",
        "BEGIN VIDEOTAPE",
        "END VIDEOTAPE",
    ]
    assert [m.kind for m in t.turns[3].markers] == ["LAUGHTER", "INAUDIBLE"]


def test_header_fields() -> None:
    t = one("JANE DOE, CNN ANCHOR: Hi.\n")
    assert t.format == "cnn"
    assert t.show == "The Situation Room"
    assert t.headlines == ("Storm Hits Coast", "Senate Votes")
    assert t.aired == "2019-08-21T17:00:00-04:00"
    assert t.rush is True
    assert t.text[t.body_start :].lstrip().startswith("JANE DOE")


def test_header_story_list_cut_off_without_aired_tail() -> None:
    header = HEADER.replace("Storm Hits Coast; Senate Votes. Aired 5-6p ET", "One; Two; Thr")
    t = one("JANE DOE, CNN ANCHOR: Hi.\n", header)
    assert t.headlines == ("One", "Two", "Thr")


def test_show_from_file_name_when_header_has_none() -> None:
    text = "Return to Transcripts main page\n\nA; B. Aired 9-10p ET\n\nAired May 1, 2019 - 21:00 ET\n\nX Y, CNN: Hi.\n"
    t = parse_text(text, "data/raw/cnn_2019-05-01_acd.txt")
    assert t.show == "Anderson Cooper 360"
    assert t.headlines == ("A", "B")


def test_header_without_aired_line() -> None:
    text = (
        "Return to Transcripts main page\n\nCNN NEWSROOM\n\nStorm; Vote. Aired 3-4a ET\n\n"
        "ROSEMARY CHURCH, CNN ANCHOR: Hello.\n"
    )
    t = parse_text(text, "cnn_2019-08-20_cnr_20.txt")
    assert t.show == "CNN Newsroom" and t.headlines == ("Storm", "Vote")
    assert t.aired == "2019-08-20"  # the file name's date
    assert t.text[t.body_start :].startswith("ROSEMARY CHURCH")


def test_end_trailer_not_in_last_turn() -> None:
    t = one("JANE DOE, CNN ANCHOR: Goodnight.\n\n(COMMERCIAL BREAK)\n\n[18:00:00]\n\nEND\n")
    assert t.turns[-1].text == "Goodnight."
    assert [m.kind for m in t.markers] == ["COMMERCIAL BREAK"]
    assert [s.value for s in t.timestamps] == ["18:00:00"]


@pytest.mark.parametrize(
    "kind,effect,structural",
    [
        ("BEGIN VIDEO CLIP", 1, True),
        ("BEGIN VIDEO CLIPS", 1, True),
        ("BEIGN VIDEO CLIP", 1, True),
        ("BEGIN VIDEOCLIP", 1, True),
        ("VIDEOCLIP STARTS", 1, True),
        ("BEGIN VIDEOTAPE", 1, True),
        ("BEGIN VIDEO TAPE", 1, True),
        ("BEGIN AUDIO CLIP", 1, True),
        ("END VIDEO CLP", -1, True),
        ("VIDEOCLIP ENDS", -1, True),
        ("END VIDEOTAPE", -1, True),
        ("COMMERCIAL BREAK", 0, True),
        ("COMEMRCIAL BREAK", 0, True),
        ("CROSSTALK", 0, False),
        ("VIDEO CLIP PLAYS", 0, False),
        ("LAUGHTER", 0, False),
    ],
)
def test_marker_kinds(kind: str, effect: int, structural: bool) -> None:
    from analytics.ingest.tags import clip_effect, is_structural

    assert clip_effect(kind) == effect
    assert is_structural(kind) is structural


def test_acronyms_and_party_tags_are_not_markers() -> None:
    t = one("JANE DOE, CNN ANCHOR: The network (FNC) and Sen. Roe (D-IL) (ph) (LAUGHTER).\n")
    assert [m.kind for m in t.markers] == ["PH", "LAUGHTER"]
