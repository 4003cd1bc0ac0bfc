"""Hypothesis properties of the parser: any text parses or raises TranscriptFormatError, and
parsed turns are in order, non-overlapping, and rebuild from their offsets."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analytics.errors import TranscriptFormatError
from analytics.ingest import FORMATS, parse_text
from analytics.model import Transcript

NAMES = ["ANDERSON COOPER", "COOPER", "JANE DOE", "DOE", "UNIDENTIFIED MALE", "BRANDON", "J. ROE"]
ROLES = ["", ", CNN ANCHOR", ", HOST", " (D-IL)", " (voice-over)", ", CNN (on camera)"]
PIECES = [
    "Well, it is late.",
    "We know, obviously, there had been raids.",
    "NOTE: this is speech.",
    "It opens at 10:30 today.",
    "(CROSSTALK)",
    "(inaudible)",
    "(BEGIN VIDEO CLIP)",
    "(END VIDEO CLIP)",
    "(COMMERCIAL BREAK)",
    "[21:01:07]",
    "\u00a0",
    "END",
]
HEADERS = [
    "",
    "Return to Transcripts main page\n\nSHOW\n\nA; B. Aired 9-10p ET\n\nAired May 1, 2019 - 21:00 ET\n\n",
    "Watch Videos\nShow: HARDBALLDate: May 1, 2019Guest: X\n",
    '>>heading>>Head\nThis is a rush transcript from "Hannity," May 1, 2019.\n',
    "(CNN Student News) -- May 1, 2019\n\nTranscript\n\n",
    "Aired May 1, 2019 - 04:00:00 ET\n\n",
]

# tag-like strings the parser may or may not take: a semicolon for the colon, mixed case,
# an "O'" name, a typo of a name above
TAG_NAMES = [*NAMES, "Sam Ortiz", "O'NEAL", "COOOPER"]
ROLES_CAPS = [*ROLES, ",  U.S. SENATE CANDIDATE"]
tag = st.builds(
    lambda n, r, end: f"{n}{r}{end}",
    st.sampled_from(TAG_NAMES),
    st.sampled_from(ROLES_CAPS),
    st.sampled_from([":", ":", ";"]),
)
sep = st.sampled_from([" ", "  ", "\n", "\n\n", ".", ". ", "", "\n \n", "--"])
token = st.one_of(tag, st.sampled_from(PIECES), st.text(max_size=12))
transcript_text = st.builds(
    lambda h, parts: h + "".join(parts),
    st.sampled_from(HEADERS),
    st.lists(st.tuples(token, sep).map("".join), max_size=40),
)


def check_invariants(t: Transcript) -> None:
    prev_end = t.body_start
    for i, turn in enumerate(t.turns):
        assert turn.index == i
        assert t.text[turn.start_char : turn.end_char] == turn.text
        assert turn.text and turn.text == turn.text.strip()
        assert prev_end <= turn.tag_start <= turn.start_char < turn.end_char
        prev_end = turn.end_char
        for m in turn.markers:
            assert turn.start_char <= m.start_char < turn.end_char
    assert t.format in FORMATS
    stamps = [s.start_char for s in t.timestamps]
    assert stamps == sorted(stamps)


settings_ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@settings_
@given(transcript_text)
def test_structured_text_parses_or_raises(text: str) -> None:
    try:
        t = parse_text(text, "gen.txt")
    except TranscriptFormatError as exc:
        assert exc.path == "gen.txt"
        return
    check_invariants(t)


@settings_
@given(st.text(max_size=300))
def test_any_text_parses_or_raises(text: str) -> None:
    try:
        t = parse_text(text, "any.txt")
    except TranscriptFormatError:
        return
    check_invariants(t)


@settings_
@given(
    st.lists(
        st.tuples(st.sampled_from(NAMES), st.sampled_from(PIECES[:4])), min_size=1, max_size=12
    )
)
def test_one_paragraph_per_tag_gives_one_turn_per_tag(turns: list[tuple[str, str]]) -> None:
    text = "".join(f"{name}: {speech}\n\n" for name, speech in turns)
    t = parse_text(text, "p.txt")
    assert [u.text for u in t.turns] == [speech for _, speech in turns]
    unnamed = {u.speaker.key for u in t.turns if u.speaker.key.startswith("UNIDENTIFIED")}
    assert unnamed <= {"UNIDENTIFIED MALE"}


@settings_
@given(transcript_text, st.sampled_from(FORMATS))
def test_forced_format_parses_or_raises(text: str, fmt: str) -> None:
    try:
        t = parse_text(text, "forced.txt", format=fmt)
    except TranscriptFormatError:
        return
    assert t.format == fmt
    check_invariants(t)
