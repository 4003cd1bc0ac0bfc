"""Name normalisation and resolution of short tags (pure functions)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from analytics.speakers import (
    RawTag,
    display_name,
    is_unnamed,
    normalize_key,
    normalize_qualifier,
    one_edit_apart,
    prose_spellings,
    resolve_tags,
    title_case,
    typo_of,
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
    "text,spellings",
    [
        ("Governor DeSanto said so. DeSanto again.", {"desanto": "DeSanto"}),
        ("LeRoi met DeSanto.", {"leroi": "LeRoi", "desanto": "DeSanto"}),
        ("DeSanto once, Desanto twice: Desanto.", {}),  # the plain spelling wins
        ("Mack and Dean and MACK and DESANTO.", {}),  # no inner capital, or all capitals
    ],
)
def test_prose_spellings(text: str, spellings: dict[str, str]) -> None:
    assert prose_spellings(text) == spellings


def test_display_name_takes_the_prose_spelling() -> None:
    assert display_name("RON DESANTO", {"desanto": "DeSanto"}) == "Ron DeSanto"
    assert display_name("RON DESANTO") == "Ron Desanto"
    assert display_name("MARTHA MACCALLUM", {}) == "Martha MacCallum"
    speakers = resolve_tags(
        [RawTag("RON DESANTO"), RawTag("DESANTO")], spellings={"desanto": "DeSanto"}
    )
    assert [s.name for s in speakers] == ["Ron DeSanto", "Ron DeSanto"]
    assert speakers[0].key == "RON DESANTO"


@pytest.mark.parametrize(
    "a,b,near",
    [
        ("COOPER", "COOOPER", True),  # a letter added
        ("SESSIONS", "SESSION", True),  # a letter dropped
        ("COOPER", "TOOPER", True),  # a letter changed
        ("FOWLER", "FOLWER", True),  # two neighbours swapped
        ("HAYES", "HAEYS", True),
        ("COOPER", "COOPER", False),
        ("COOPER", "COPE", False),
        ("FOWLER", "FLOWER", False),  # two edits
        ("AB", "BA", True),
    ],
)
def test_one_edit_apart(a: str, b: str, near: bool) -> None:
    assert one_edit_apart(a, b) is near
    assert one_edit_apart(b, a) is near


_NAME = st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=1, max_size=10)


@given(_NAME, st.integers(min_value=0), st.sampled_from("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))
def test_one_edit_apart_matches_every_single_edit(word: str, at: int, letter: str) -> None:
    i = at % len(word)
    edits = [
        word[:i] + letter + word[i:],
        word[:i] + word[i + 1 :],
        word[:i] + letter + word[i + 1 :],
    ]
    if i + 1 < len(word):
        edits.append(word[:i] + word[i + 1] + word[i] + word[i + 2 :])
    for edited in edits:
        assert one_edit_apart(word, edited) is (edited != word)
    assert not one_edit_apart(word, word + letter + letter)


@pytest.mark.parametrize(
    "word,known,found",
    [
        ("COOOPER", ["COOPER", "TOOBIN"], "COOPER"),
        ("CAMPOS-DUFF", ["CAMPOS-DUFFY"], "CAMPOS-DUFFY"),
        ("COOPER", ["COOPER"], None),  # spelt right: not a typo
        ("FRUMP", ["FRUM", "TRUMP"], None),  # near two names: ambiguous
        ("BUSH", ["BASH"], None),  # a changed letter in a short name: another person
        ("YROK", ["YORK"], "YORK"),  # a swap in a short name is a typo
        ("RHY", ["RHYS"], None),  # too short to tell
        ("ROSS", ["ROS"], None),
    ],
)
def test_typo_of(word: str, known: list[str], found: str | None) -> None:
    assert typo_of(word, known) == found


def test_surname_typo_resolves_to_the_one_known_full_name() -> None:
    got = keys(RawTag("ANDERSON COOPER", "CNN"), RawTag("JOHN DOE", "GUEST"), RawTag("COOOPER"))
    assert got[-1] == "ANDERSON COOPER"


def test_surname_typo_never_resolves_to_an_unknown_person() -> None:
    assert keys(RawTag("JOHN DOE", "CNN"), RawTag("COOPER"), RawTag("COOOPER")) == [
        "JOHN DOE",
        "COOPER",
        "COOOPER",
    ]


def test_surname_typo_before_the_full_name_stays_apart() -> None:
    assert keys(RawTag("COOOPER"), RawTag("ANDERSON COOPER", "CNN"))[0] == "COOOPER"


def test_surname_typo_near_namesakes_is_ambiguous() -> None:
    got = keys(RawTag("JOHN KING", "CNN"), RawTag("PETER KING", "GUEST"), RawTag("KINGG"))
    assert got[-1] == "KINGG"


def test_one_word_tag_with_its_own_role_is_never_a_typo() -> None:
    got = keys(RawTag("JOHN BOOTHE", "CNN"), RawTag("BOOTH", "43RD PRESIDENT"))
    assert got == ["JOHN BOOTHE", "BOOTH"]


def test_misspelt_full_tag_and_its_surname_are_one_person() -> None:
    speakers = resolve_tags(
        [RawTag("JESSE WATERS", "CO-HOST"), RawTag("HOST"), RawTag("WATTERS"), RawTag("WATTERS")]
    )
    assert [s.key for s in speakers] == ["JESSE WATERS", "HOST", "JESSE WATERS", "JESSE WATERS"]
    assert speakers[0] is speakers[3] and speakers[0].role == "CO-HOST"
