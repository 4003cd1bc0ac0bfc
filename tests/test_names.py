"""Name mentions: what is a name, where it is, and how surnames link to full names."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from analytics.names import (
    find_mentions,
    mentions_in_spans,
    name_key,
    short_forms,
    span_mentions,
    turn_mentions,
    vocabulary,
)


def keys(text: str, **kw: object) -> list[str]:
    return [m.key for m in find_mentions(text, **kw)]  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the quirk each case pins down
        ("The FBI released the memo.", ["fbi"]),  # leading article dropped
        ("We spoke to Devin Nunes today.", ["devin nunes"]),  # multi-word name
        ("Lawyers for Trump\u2019s campaign called.", ["trump"]),  # curly possessive
        ("MSNBC`s Chris Hayes said no.", ["msnbc", "chris hayes"]),  # backtick possessive
        ("Officials in the U.S. and Omar al-Bashir.", ["us", "omar al-bashir"]),
        (
            "The Department of Justice and Chuck Schumer of New York.",
            ["department of justice", "chuck schumer", "new york"],
        ),  # "of" after an institution only
        (
            "The State of the Union and the Secretary of the Interior, not Schumer of the Senate.",
            ["state of the union", "secretary of the interior", "schumer", "senate"],
        ),  # "of the" after an institution only
        ("He met Charles de Gaulle.", ["charles de gaulle"]),  # particle inside a name
        ("I think I'm right, and I'll say it.", []),  # "I" is never a name
        ("Don Jr. We met.", ["don jr"]),  # "We" ends the name
        ("(BEGIN VIDEO CLIP) We saw it. (END VIDEO CLIP)", []),  # production markers
        ("THIS IS A SHOUTED CAPTION about Boston.", ["boston"]),  # shouted capitals
        ("It happened on Monday in January.", []),  # calendar words
        ("Fine, OK, go.", []),
    ],
)
def test_mentions(text: str, expected: list[str]) -> None:
    assert keys(text) == expected


def test_offsets_point_at_the_name() -> None:
    text = "Well, President Trump's lawyer met Sen. Chuck Schumer."
    found = find_mentions(text)
    assert [text[m.start_char : m.end_char] for m in found] == ["Trump", "Chuck Schumer"]
    assert [m.title for m in found] == ["President", "Sen."]


def test_titles_split_a_run() -> None:
    found = find_mentions(
        "Then FBI Director James Comey and South Korean President Moon Jae-in met."
    )
    assert [(m.key, m.title) for m in found] == [
        ("fbi", None),
        ("james comey", "Director"),
        ("south korean", None),
        ("moon jae-in", "President"),
    ]


def test_sentence_start_needs_evidence_from_the_wider_text() -> None:
    text = "Given the news, we wait. Democrats objected. Later, the Democrats left."
    # "Given" is never capitalised inside a sentence; "Democrats" is
    assert keys(text) == ["democrats", "democrats"]
    # with the evidence of a wider text that never capitalises "Democrats" mid-sentence
    narrow = vocabulary("Given the news, we wait. Democrats objected.")
    assert keys(text, evidence=narrow) == ["democrats"]


def test_span_and_evidence_from_spans() -> None:
    text = "COOPER: Hillary Clinton spoke. CLINTON: Thank you, Anderson."
    spans = [(8, 30), (40, len(text))]
    evidence = vocabulary(text, spans)
    found = [m for a, b in spans for m in find_mentions(text, a, b, evidence=evidence)]
    assert [m.key for m in found] == ["hillary clinton", "anderson"]
    assert all(a <= m.start_char < m.end_char <= b for m, (a, b) in zip(found, spans, strict=True))


def test_short_forms_link_a_surname_to_its_one_full_name() -> None:
    found = find_mentions("Devin Nunes wrote it. Nunes said so, and Kelly agreed.")
    assert short_forms(found) == {"nunes": "devin nunes"}
    assert short_forms(found, known=["john kelly"]) == {
        "kelly": "john kelly",
        "nunes": "devin nunes",
    }


def test_a_surname_shared_by_two_full_names_stays_alone() -> None:
    found = find_mentions("Donald Trump met Eric Trump. Then Trump left.")
    assert short_forms(found) == {}
    # a "Jr." does not hide the surname
    found = find_mentions("Donald Trump Jr. spoke before Trump.")
    assert short_forms(found) == {"trump": "donald trump jr"}


def test_name_key() -> None:
    assert name_key("Trump\u2019s") == "trump"
    assert name_key("U.S.") == "us"
    assert name_key("O`Rourke") == "o'rourke"


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=300))
def test_mentions_are_inside_the_text_and_in_order(text: str) -> None:
    found = find_mentions(text)
    ends = [0]
    for m in found:
        assert text[m.start_char : m.end_char] == m.surface
        assert m.start_char >= ends[-1]
        assert m.key == name_key(m.surface)
        ends.append(m.end_char)


def test_the_sample_names_its_places_and_groups(sample_path) -> None:  # type: ignore[no-untyped-def]
    from collections import Counter

    from analytics.ingest import parse_file

    t = parse_file(sample_path)
    spans = [(turn.start_char, turn.end_char) for turn in t.turns]
    evidence = vocabulary(t.text, spans)
    counts = Counter(
        m.key for a, b in spans for m in find_mentions(t.text, a, b, evidence=evidence)
    )
    top = {k for k, _ in counts.most_common(8)}
    assert {"isis", "syria", "paris", "brussels"} <= top
    assert not {"the", "i", "we", "well", "ok"} & set(counts)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a job title before a name is kept apart, as courtesy titles are
        (
            "We spoke to Baltimore Police Commissioner Anthony Batts.",
            [("baltimore police", None), ("anthony batts", "Commissioner")],
        ),
        (
            "Here is Republican Strategist Mercedes Schlapp.",
            [("republican", None), ("mercedes schlapp", "Strategist")],
        ),
        ("Councilman Nick Mosby spoke.", [("nick mosby", "Councilman")]),
    ],
)
def test_job_titles_split_a_name(text: str, expected: list[tuple[str, str | None]]) -> None:
    assert [(m.key, m.title) for m in find_mentions(text)] == expected


def test_mentions_in_spans_are_find_mentions_with_the_evidence_spans_vocabulary() -> None:
    text = (
        "ANCHOR: Well, Devin Nunes wrote the memo. Nunes says the FBI erred.\n"
        "GUEST: Given that, Schumer of New York and the Department of Justice disagree. "
        "Nunes? (BEGIN VIDEO CLIP) Well Fargo. (END VIDEO CLIP)\n"
    )
    turns = [(8, 68), (76, len(text))]
    clipped = [(8, 40), (40, 68), (76, 120), (120, len(text))]  # spans cut inside turns
    for spans in (turns, clipped, turns + clipped):
        evidence = vocabulary(text, turns)
        expected = [find_mentions(text, a, b, evidence=evidence) for a, b in spans]
        assert mentions_in_spans(text, spans, evidence_spans=turns) == expected
    # the spans are their own evidence by default
    own = vocabulary(text, clipped)
    assert mentions_in_spans(text, clipped) == [
        find_mentions(text, a, b, evidence=own) for a, b in clipped
    ]


# -- one reading, shared; lower-case stretches skipped -----------------------------------------

_PIECES = [
    "of",
    "the",
    "then",
    "of.",
    "the.",
    "de",
    "del",
    "della",
    "dell",
    "van",
    "vs.",
    "e.g.",
    "al-Qaeda",
    "al-qaeda",
    "al-",
    "bin-laden",
    "el-Sisi",
    "off",
    "of-the",
    "said",
    "it's",
    "don’t",
    "Nunes",
    "Devin",
    "Department",
    "State",
    "Union",
    "Justice",
    "Mr.",
    "Sen.",
    "U.S.",
    "J.",
    "FBI",
    "MSNBC’s",
    "Trump's",
    "WELL",
    "I",
    "We",
    "Well",
    "New",
    "York",
    "(BEGIN VIDEO CLIP)",
    "(inaudible)",
    "[ph]",
    "42",
    "café",
    "x1",
    "Gaulle",
    "Charles",
    "State of the Union",
    "Secretary of the Interior",
    "Bank of America",
    "Ludwig van Beethoven",
    "Omar al-Bashir",
    "ibn-saud",
    "Khalid ibn-Saud",
]
_SEPARATORS = [" ", " ", " ", "  ", ", ", ". ", "? ", "\n", "-", "'", ".", ""]


def _all_tokens_reading():  # type: ignore[no-untyped-def]
    """Swap the tokenizer for one that keeps every token (what names.py read before it
    skipped lower-case stretches); returns the function that swaps it back."""
    import re

    import analytics.names as names

    saved = names._NAME_TOKEN
    names._NAME_TOKEN = re.compile("(?P<token>" + names._TOKEN.pattern + ")")

    def restore() -> None:
        names._NAME_TOKEN = saved

    return restore


def _reference_vocabulary(text: str, spans: list[tuple[int, int]]):  # type: ignore[no-untyped-def]
    """The vocabulary read from every token, as :func:`vocabulary` defines it."""
    import analytics.names as names

    restore = _all_tokens_reading()
    try:
        tokens = [t for a, b in spans for t in names._words(text, a, b) if t.word != "("]
    finally:
        restore()
    lower = {
        t.word.translate(names.APOSTROPHES).lower().replace(".", "")
        for t in tokens
        if t.word[0].islower()
    }
    capitalised = {
        names._POSSESSIVE.sub("", t.word.translate(names.APOSTROPHES).lower().replace(".", ""))
        for t in tokens
        if not t.word[0].islower() and not t.initial
    }
    return names.Vocabulary(frozenset(lower), frozenset(capitalised))


@given(
    st.lists(
        st.tuples(st.sampled_from(_PIECES), st.sampled_from(_SEPARATORS)), min_size=1, max_size=40
    ),
    st.integers(min_value=0, max_value=400),
)
def test_skipping_lower_case_stretches_gives_the_mentions_every_token_gives(
    pieces: list[tuple[str, str]], cut: int
) -> None:
    text = "".join(word + sep for word, sep in pieces)
    cut = min(cut, len(text))
    spans = [(0, cut), (cut, len(text))]
    fast = mentions_in_spans(text, spans), find_mentions(text), vocabulary(text, spans)
    restore = _all_tokens_reading()
    try:
        slow = mentions_in_spans(text, spans), find_mentions(text)
    finally:
        restore()
    assert fast[:2] == slow
    assert fast[2] == _reference_vocabulary(text, spans)


def test_skipping_lower_case_stretches_keeps_the_corpus_mentions(corpus_dir) -> None:  # type: ignore[no-untyped-def]
    """The same mentions and evidence as reading every token, on real transcripts."""
    from analytics.ingest import parse_text
    from analytics.ingest.decode import read_text

    paths = (
        sorted((corpus_dir / "msnbc").glob("*.txt"))[:3]
        + sorted((corpus_dir / "fox").glob("*.txt"))[:3]
    )
    assert paths
    for path in paths:
        t = parse_text(read_text(path), str(path))
        turns = [(turn.start_char, turn.end_char) for turn in t.turns]
        fast = mentions_in_spans(t.text, turns)
        restore = _all_tokens_reading()
        try:
            slow = mentions_in_spans(t.text, turns)
        finally:
            restore()
        assert fast == slow
        assert vocabulary(t.text, turns) == _reference_vocabulary(t.text, turns)


def test_span_mentions_reads_once_and_answers_any_span_as_mentions_in_spans() -> None:
    text = (
        "ANCHOR: Well, Devin Nunes wrote the memo. Nunes says the FBI erred.\n"
        "GUEST: Given that, Schumer of New York and the Department of Justice disagree. "
        "Nunes? (BEGIN VIDEO CLIP) Well Fargo. (END VIDEO CLIP)\n"
    )
    turns = [(8, 68), (76, len(text))]
    clipped = [(8, 40), (40, 68), (76, 120), (120, len(text))]
    found = span_mentions(text, turns)
    assert found.spans == tuple(turns)
    assert found.evidence == vocabulary(text, turns)
    assert [list(m) for m in found.mentions] == mentions_in_spans(text, turns)
    for spans in (turns, clipped, clipped + turns, []):
        assert found.of(spans) == mentions_in_spans(text, spans, evidence_spans=turns)


def test_people_and_stories_share_one_reading_of_the_turns(sample_path) -> None:  # type: ignore[no-untyped-def]
    import pandas as pd

    from analytics.ingest import parse_file
    from analytics.people import transcript_appearances
    from analytics.segment import segment
    from analytics.stories.names import names_table

    t = parse_file(sample_path)
    blocks = {t.source: tuple(segment(t))}
    shared = turn_mentions(t)
    assert shared.spans == tuple((turn.start_char, turn.end_char) for turn in t.turns)
    assert transcript_appearances(t, "x", mentions=shared) == transcript_appearances(t, "x")
    with_shared = names_table([t], blocks, mentions=shared)
    assert len(with_shared) > 0
    pd.testing.assert_frame_equal(with_shared, names_table([t], blocks))
    other = span_mentions(t.text, shared.spans[1:])  # not the turns' reading
    with pytest.raises(ValueError, match="turn mentions"):
        names_table([t], blocks, mentions=other)
