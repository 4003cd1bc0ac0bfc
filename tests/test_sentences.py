"""Sentence splitting: offsets point at the text, nothing that is not speech is kept."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analytics.model import Marker, Speaker, Transcript, Turn
from analytics.sentences import nonspeech_spans, split_spans, split_transcript, split_turn

# Independent of the module's own patterns: what must never reach a scored sentence.
STAMP_RE = re.compile(r"\[\d{1,2}:\d{2}:\d{2}\]")
MARKER_RE = re.compile(
    r"\((?:CROSSTALK|inaudible|INAUDIBLE|COMMERCIAL BREAK|BEGIN VIDEO CLIP|END VIDEO CLIP|"
    r"LAUGHTER|ph|D-IL|voice-over)\)"
)
TAG_RE = re.compile(r"(?:^|\s)[A-Z][A-Z.'\-]+(?: [A-Z][A-Z.'\-]+)*(?:, [A-Z0-9 .'\-]+)?:(?:\s|$)")


def _texts(text: str, spans: list[tuple[int, int]]) -> list[str]:
    return [text[s:e] for s, e in spans]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mr. Smith met Dr. Jones. They talked.", ["Mr. Smith met Dr. Jones.", "They talked."]),
        ("The U.S. Senate voted. It passed.", ["The U.S. Senate voted.", "It passed."]),
        ("He lives in the U.S. He left.", ["He lives in the U.S.", "He left."]),
        ("George W. Bush spoke. Then J. Roberts.", ["George W. Bush spoke.", "Then J. Roberts."]),
        ("Rates rose 3.5 percent. Stocks fell.", ["Rates rose 3.5 percent.", "Stocks fell."]),
        ("Well... I don't know. Maybe.", ["Well...", "I don't know.", "Maybe."]),
        ("I was... you know, tired.", ["I was... you know, tired."]),
        ('She said, "Stop." Then she left.', ['She said, "Stop."', "Then she left."]),
        ("Really? Yes! Okay.", ["Really?", "Yes!", "Okay."]),
        ("It aired at 9 p.m. and ended late.", ["It aired at 9 p.m. and ended late."]),
        (
            "Read No. 5 of the rules. No. It is wrong.",
            ["Read No. 5 of the rules.", "No.", "It is wrong."],
        ),
        ("Smith Jr. said so. Acme Inc. The end.", ["Smith Jr. said so.", "Acme Inc.", "The end."]),
        ("-- it's still interesting --", ["it's still interesting"]),
        ("his income.This is new", ["his income.", "This is new"]),
        ("that thick.I want to know", ["that thick.", "I want to know"]),
        ("a Ph.D. student", ["a Ph.D. student"]),
        ("cnn.com is up. U.S.A. today", ["cnn.com is up.", "U.S.A. today"]),
        ("good evening. thank you, chris. bye", ["good evening.", "thank you, chris.", "bye"]),
        ("... -- !", []),
    ],
)
def test_split_spans_cases(text: str, expected: list[str]) -> None:
    assert _texts(text, split_spans(text)) == expected


@pytest.mark.parametrize(
    "marker",
    [
        "(CROSSTALK)",
        "(inaudible)",
        "(BEGIN VIDEO CLIP)",
        "(COMMERCIAL BREAK)",
        "(LAUGHTER)",
        "(ph)",
        "[21:01:07]",
        "[bleep]",
        ">>",
        "KEILAR:",
        "ERICA HILL, CNN ANCHOR:",
        "COOPER (voice-over):",
        "--O'BRIEN (via telephone):",
        "ERIN BURNETT, CNN HOST;",
    ],
)
def test_markers_are_removed_and_split_around(marker: str) -> None:
    text = f"We went there {marker} and came back. Fine."
    turn = Turn(0, Speaker("A", "A"), text, 0, len(text), 0)
    sentences = split_turn(turn)
    assert [s.text for s in sentences] == ["We went there", "and came back.", "Fine."]


def test_offsets_are_absolute_and_markers_from_the_parser_count() -> None:
    raw = "HEADER\n\nKEILAR: Good news (unusual note) tonight. Bye."
    start = raw.index("Good")
    note = raw.index("(unusual")
    turn = Turn(
        0,
        Speaker("Brianna Keilar", "BRIANNA KEILAR"),
        raw[start:],
        start,
        len(raw),
        raw.index("KEILAR"),
        markers=(Marker("UNUSUAL NOTE", note, note + len("(unusual note)")),),
    )
    sentences = split_turn(turn)
    assert [s.text for s in sentences] == ["Good news", "tonight.", "Bye."]
    for s in sentences:
        assert raw[s.start_char : s.end_char] == s.text
        assert s.turn_index == 0


def test_semicolon_tag_opening_a_paragraph_is_removed() -> None:
    text = "You look at ISIS; they think so.\nLIZZA; But also her e-mails."
    turn = Turn(0, Speaker("A", "A"), text, 0, len(text), 0)
    assert [s.text for s in split_turn(turn)] == [
        "You look at ISIS; they think so.",
        "But also her e-mails.",
    ]


def test_paragraph_break_ends_a_sentence() -> None:
    text = "First paragraph without a stop\nSecond one."
    turn = Turn(3, Speaker("A", "A"), text, 10, 10 + len(text), 10)
    assert [s.text for s in split_turn(turn)] == ["First paragraph without a stop", "Second one."]


def test_trailers_are_not_speech() -> None:
    text = "Good night.\nTHIS IS A RUSH TRANSCRIPT. THIS COPY MAY NOT BE IN ITS FINAL FORM.\nEND"
    assert [text[s:e] for s, e in nonspeech_spans(text)][0].startswith("THIS IS A RUSH")
    turn = Turn(0, Speaker("A", "A"), text, 0, len(text), 0)
    assert [s.text for s in split_turn(turn)] == ["Good night."]


# --- property: synthetic turns with stamps, markers and tags mixed into speech ---------

WORDS = st.sampled_from(
    ["good", "bad", "Mr.", "U.S.", "3.5", "news", "the", "said", "I", "Dr.", "well...", '"yes"']
)
NOISE = st.sampled_from(
    [
        "(CROSSTALK)",
        "(inaudible)",
        "(BEGIN VIDEO CLIP)",
        "(END VIDEO CLIP)",
        "(COMMERCIAL BREAK)",
        "(LAUGHTER)",
        "(ph)",
        "[21:01:07]",
        "[09:00:00]",
        "KEILAR:",
        "DANA BASH, CNN CHIEF POLITICAL CORRESPONDENT:",
        "\n",
        "\n\n",
    ]
)
END = st.sampled_from([".", "?", "!", "", ",", " --"])


@st.composite
def synthetic_turn(draw: st.DrawFn) -> tuple[str, Turn]:
    pieces = []
    for _ in range(draw(st.integers(1, 8))):
        if draw(st.booleans()):
            pieces.append(draw(NOISE))
        words = draw(st.lists(WORDS, min_size=1, max_size=8))
        words[0] = words[0].capitalize()
        pieces.append(" ".join(words) + draw(END))
    body = " ".join(pieces)
    prefix = draw(st.sampled_from(["", "HEADER\n\n", "[21:00:00] COOPER: "]))
    raw = prefix + body
    return raw, Turn(0, Speaker("X", "X"), body, len(prefix), len(raw), 0)


@settings(max_examples=200, deadline=None)
@given(synthetic_turn())
def test_sentences_are_speech_slices(case: tuple[str, Turn]) -> None:
    raw, turn = case
    sentences = split_turn(turn)
    removed = nonspeech_spans(turn.text, turn.start_char)
    last_end = turn.start_char
    covered = set()
    for s in sentences:
        assert raw[s.start_char : s.end_char] == s.text
        assert s.start_char >= last_end
        last_end = s.end_char
        assert s.text == s.text.strip()
        assert not STAMP_RE.search(s.text)
        assert not MARKER_RE.search(s.text)
        assert not TAG_RE.search(s.text)
        assert "\n" not in s.text
        for a, b in removed:
            assert b <= s.start_char or a >= s.end_char
        covered.update(range(s.start_char, s.end_char))
    # every letter or digit of speech ends up in some sentence
    for i in range(turn.start_char, turn.end_char):
        if raw[i].isalnum() and not any(a <= i < b for a, b in removed):
            assert i in covered, (raw, i)


def test_split_transcript_orders_turns() -> None:
    raw = "A: One. Two.\nB: Three."
    t1 = Turn(0, Speaker("A", "A"), "One. Two.", 3, 12, 0)
    t2 = Turn(1, Speaker("B", "B"), "Three.", 16, 22, 13)
    transcript = Transcript("x.txt", raw, "plain", "CNN", None, None, None, (), 0, (t1, t2))
    out = split_transcript(transcript)
    assert [(s.turn_index, s.text) for s in out] == [(0, "One."), (0, "Two."), (1, "Three.")]
    assert all(raw[s.start_char : s.end_char] == s.text for s in out)


def test_sample_sentences_hold_no_marker(sample_path) -> None:
    from analytics.ingest import parse_file

    transcript = parse_file(sample_path)
    sentences = split_transcript(transcript)
    assert len(sentences) > 100
    for s in sentences:
        assert transcript.text[s.start_char : s.end_char] == s.text
        assert not STAMP_RE.search(s.text)
        assert "(" not in s.text and ")" not in s.text
        assert not TAG_RE.search(s.text), s.text
