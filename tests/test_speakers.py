"""Name normalisation and resolution of short tags (pure functions)."""

from __future__ import annotations

import pytest

from analytics.speakers import (
    RawTag,
    is_unnamed,
    normalize_key,
    normalize_qualifier,
    resolve_tags,
    title_case,
)


@pytest.mark.parametrize(
    "written,key",
    [
        ("ANDERSON COOPER", "ANDERSON COOPER"),
        ("Sen. Joni  Ernst", "JONI ERNST"),
        ("REP. MIKE QUIGLEY", "MIKE QUIGLEY"),
        ("PRESIDENT DONALD TRUMP", "DONALD TRUMP"),
        ("FORMER U.S. PRESIDENT BILL CLINTON", "BILL CLINTON"),
        ("THEN-GOVERNOR BOBBY JINDAL", "BOBBY JINDAL"),
        ("VOICE OF SEN. TED CRUZ", "TED CRUZ"),
        ("WILLIAM (BILL) CLINTON", "WILLIAM CLINTON"),
        ("MOON JAE-IN TRANSLATED", "MOON JAE-IN"),
        ("DONIE O\u2019SULLIVAN", "DONIE O'SULLIVAN"),
        ("UNIDENTIFIED MALE", "UNIDENTIFIED MALE"),
        ("UNINDENTIFIED FEMALE", "UNIDENTIFIED FEMALE"),
        ("UNIDIENTIFIED MALE", "UNIDENTIFIED MALE"),
        ("PRESIDENT", "PRESIDENT"),
        ("J. ROBERTS", "J. ROBERTS"),
    ],
)
def test_normalize_key(written: str, key: str) -> None:
    assert normalize_key(written) == key


@pytest.mark.parametrize(
    "key,name",
    [
        ("ANDERSON COOPER", "Anderson Cooper"),
        ("DAVID MCKENZIE", "David McKenzie"),
        ("SOLEDAD O'BRIEN", "Soledad O'Brien"),
        ("NIA-MALIKA HENDERSON", "Nia-Malika Henderson"),
        ("J. ROBERTS", "J. Roberts"),
        ("JOE KENNEDY III", "Joe Kennedy III"),
        ("GEORGE H.W. BUSH", "George H.W. Bush"),
        ("MARTHA MACCALLUM", "Martha MacCallum"),
        ("CONNIE MACK", "Connie Mack"),
    ],
)
def test_title_case(key: str, name: str) -> None:
    assert title_case(key) == name


def test_qualifiers_unified() -> None:
    assert normalize_qualifier("(Voice Over)") == "voice-over"
    assert normalize_qualifier("on-camera") == "on camera"
    assert normalize_qualifier("through translator") == "through translator"
    assert normalize_qualifier(None) is None


def test_unnamed() -> None:
    assert is_unnamed("UNIDENTIFIED FEMALE")
    assert is_unnamed("UNIDENTIFIED MALE #2")
    assert is_unnamed("CROWD")
    assert not is_unnamed("ANDERSON COOPER")


def keys(*tags: RawTag) -> list[str]:
    return [s.key for s in resolve_tags(tags)]


def test_surname_after_full_name() -> None:
    assert keys(RawTag("ANDERSON COOPER", "CNN ANCHOR"), RawTag("COOPER")) == [
        "ANDERSON COOPER",
        "ANDERSON COOPER",
    ]


def test_surname_before_unique_full_name() -> None:
    assert keys(RawTag("CUOMO"), RawTag("CHRIS CUOMO", "CNN")) == ["CHRIS CUOMO", "CHRIS CUOMO"]


def test_surname_before_two_namesakes_stays_ambiguous() -> None:
    got = keys(RawTag("KING"), RawTag("JOHN KING"), RawTag("PETER KING"))
    assert got == ["KING", "JOHN KING", "PETER KING"]


def test_surname_picks_the_namesake_who_spoke_last() -> None:
    got = keys(RawTag("JOHN KING"), RawTag("PETER KING"), RawTag("JOHN KING"), RawTag("KING"))
    assert got[-1] == "JOHN KING"


def test_first_name_is_own_person() -> None:
    assert keys(RawTag("BRANDON SMITH"), RawTag("BRANDON")) == ["BRANDON SMITH", "BRANDON"]


def test_unidentified_never_merged() -> None:
    got = keys(RawTag("JANE MALE"), RawTag("UNIDENTIFIED MALE"), RawTag("MALE"))
    assert got == ["JANE MALE", "UNIDENTIFIED MALE", "JANE MALE"]


def test_initial_and_surname() -> None:
    got = keys(RawTag("ALEX MURDAUGH"), RawTag("BUSTER MURDAUGH"), RawTag("A. MURDAUGH"))
    assert got[-1] == "ALEX MURDAUGH"


def test_two_word_surname() -> None:
    assert keys(RawTag("NINA DOS SANTOS", "CNN"), RawTag("DOS SANTOS"))[-1] == "NINA DOS SANTOS"


def test_role_is_first_written_and_shared() -> None:
    speakers = resolve_tags(
        [RawTag("COOPER"), RawTag("ANDERSON COOPER", "CNN ANCHOR"), RawTag("COOPER")]
    )
    assert {s.role for s in speakers} == {"CNN ANCHOR"}
    assert speakers[0] is speakers[2]


def test_titles_do_not_split_a_person() -> None:
    got = keys(RawTag("SEN. JONI ERNST", "(R-IA)"), RawTag("ERNST"), RawTag("JONI ERNST"))
    assert got == ["JONI ERNST"] * 3


@pytest.mark.parametrize(
    "module",
    [
        "analytics.speakers",
        "analytics.ingest",
        "analytics.ingest.cnn",
        "analytics.ingest.detect",
    ],
)
def test_docstring_examples(module: str) -> None:
    import doctest
    import importlib

    result = doctest.testmod(importlib.import_module(module))
    assert result.attempted > 0 and result.failed == 0
