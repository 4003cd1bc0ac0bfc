"""Speaker kinds from roles as written and from the show."""

from __future__ import annotations

import pytest

from analytics.model import Speaker, Transcript, Turn
from analytics.roles import KINDS, hosts_show, speaker_kind, transcript_kinds


@pytest.mark.parametrize(
    ("key", "role", "kind"),
    [
        ("ERICA HILL", "CNN ANCHOR", "anchor"),
        ("RACHEL MADDOW", "MSNBC HOST", "anchor"),
        ("SEAN HANNITY", "HOST", "anchor"),
        ("JESSE WATTERS", "CO-HOST", "anchor"),
        ("FARAI CHIDEYA", "host", "anchor"),
        ("CARL AZUZ", "CNN STUDENT NEWS ANCHOR", "anchor"),
        ("DREW GRIFFIN", "CNN SENIOR INVESTIGATIVE CORRESPONDENT", "correspondent"),
        ("JIM ACOSTA", "CNN CHIEF WHITE HOUSE CORRESPONDENT", "correspondent"),
        ("PETE WILLIAMS", "NBC NEWS REPORTER", "correspondent"),
        ("ANGELA RYE", "CNN POLITICAL COMMENTATOR", "analyst"),
        ("MIRANDA DEVINE", "FOX NEWS CHANNEL CONTRIBUTOR", "analyst"),
        ("PAUL CRUICKSHANK", "CNN TERRORISM ANALYST", "analyst"),
        ("JOSH CAMPBELL", "FORMER FBI SUPERVISORY SPECIAL AGENT, CNN ANALYST", "analyst"),
        ("JOHN DOE", "FORMER FBI ASSISTANT DIRECTOR", "guest"),
        ("JOHN DOE", "FORMER HOST, FOX NEWS", "guest"),
        ("DICK DURBIN", "(D-IL)", "newsmaker"),
        ("CLAY HIGGINS", "(R-LA)", "newsmaker"),
        ("DONALD TRUMP", "PRESIDENT OF THE UNITED STATES", "newsmaker"),
        ("JOHN DOE", "U.S. SENATOR", "newsmaker"),
        ("SARAH SANDERS", "WHITE HOUSE PRESS SECRETARY", "newsmaker"),
        ("BILL DE BLASIO", "MAYOR OF NEW YORK", "newsmaker"),
        ("AL SHARPTON", "PRESIDENT, NATIONAL ACTION NETWORK", "guest"),
        ("PHILIP BUMP", "THE WASHINGTON POST", "guest"),
        ("JANE DOE", "POLITICO REPORTER", "guest"),
        ("JANE DOE", "REPUBLICAN STRATEGIST", "guest"),
        ("JANE DOE", None, "guest"),
        ("UNIDENTIFIED MALE", None, "unidentified"),
        ("UNIDENTIFIED FEMALE #2", None, "unidentified"),
        ("CROWD", None, "unidentified"),
    ],
)
def test_kind_from_role(key: str, role: str | None, kind: str) -> None:
    assert speaker_kind(Speaker(key.title(), key, role)) == kind
    assert kind in KINDS


@pytest.mark.parametrize(
    ("key", "show", "kind"),
    [
        ("CARLSON", "Tucker Carlson Tonight", "anchor"),
        ("TUCKER CARLSON", "Tucker Carlson Tonight", "anchor"),
        ("HANNITY", "Hannity", "anchor"),
        ("LAURA INGRAHAM", "The Ingraham Angle", "anchor"),
        ("CHRIS HAYES", "All In with Chris Hayes", "anchor"),
        ("LEMON", "Anderson Cooper 360", "guest"),
        ("TONIGHT", "CNN Tonight", "guest"),
    ],
)
def test_host_from_show_title(key: str, show: str, kind: str) -> None:
    assert speaker_kind(Speaker(key.title(), key), show=show) == kind


@pytest.mark.parametrize(
    ("key", "role", "network", "kind"),
    [
        ("SEAN HANNITY", "HOST, FOX NEWS CHANNEL", "MSNBC", "guest"),
        ("CHRIS HAYES", "MSNBC HOST, ALL IN", "MSNBC", "anchor"),
        ("PETE WILLIAMS", "NBC NEWS CORRESPONDENT", "MSNBC", "correspondent"),
        ("DON LEMON", "CNN ANCHOR", "Fox News", "guest"),
        ("JOHN DOE", "CNN", "Fox News", "guest"),
        ("NINETTE SOSA", "CNN STUDENT NEWS", "CNN", "correspondent"),
        ("MICHAEL BESCHLOSS", "NBC NEWS PRESIDENTIAL HISTORIAN", "MSNBC", "analyst"),
        ("LINDSEY GRAHAM", "R-S.C.", "Fox News", "newsmaker"),
        ("MATT GAETZ", "R-FLORIDA", "Fox News", "newsmaker"),
        ("ADAM SCHIFF", "(D-CA), RANKING MEMBER, INTELLIGENCE COMMITTEE", "MSNBC", "newsmaker"),
        ("LINDSEY GRAHAM", "(R), SOUTH CAROLINA", "MSNBC", "newsmaker"),
        ("TOM FITTON", "JUDICIAL WATCH PRESIDENT", "Fox News", "guest"),
        ("BARACK OBAMA", "FORMER PRESIDENT OF THE UNITED STATES", "MSNBC", "newsmaker"),
        ("MIKE HUCKABEE", "FORMER PRESIDENTIAL CANDIDATE", "Fox News", "guest"),
        ("RONALD REAGAN", "40TH U.S. PRESIDENT", "CNN", "newsmaker"),
        ("ANTHONY FAUCI", "DIRECTOR, NATIONAL INSTITUTE OF ALLERGY", "Fox News", "newsmaker"),
        ("JANE DOE", 'DIRECTOR, "AMERICAN FACTORY"', "CNN", "guest"),
    ],
)
def test_kind_with_network(key: str, role: str, network: str, kind: str) -> None:
    assert speaker_kind(Speaker(key.title(), key, role), network=network) == kind


def test_show_title_does_not_override_another_role() -> None:
    # a guest who shares the host's surname keeps the guest's role
    assert not hosts_show(Speaker("X", "MADDOW SMITH"), "The Rachel Maddow Show")
    speaker = Speaker("Jane Carlson", "JANE CARLSON", "(R-TX)")
    assert speaker_kind(speaker, show="Tucker Carlson Tonight") == "newsmaker"


def _transcript(
    turns: list[tuple[Speaker, str]], show: str | None, network: str = "CNN"
) -> Transcript:
    """Turns written as ``TAG: words`` lines; the tag is the speaker's key and role, or
    the ``tag`` given as a third element."""
    text, out = "", []
    for i, item in enumerate(turns):
        speaker, words = item[0], item[1]
        tag = item[2] if len(item) > 2 else ", ".join(filter(None, [speaker.key, speaker.role]))
        tag_start = len(text)
        text += f"{tag}: "
        start = len(text)
        text += words + "\n"
        out.append(Turn(i, speaker, words, start, start + len(words), tag_start))
    return Transcript("t.txt", text, "plain", network, show, None, None, (), 0, tuple(out))


def test_most_frequent_roleless_speaker_is_host_when_no_anchor() -> None:
    lemon = Speaker("Lemon", "LEMON")
    guest = Speaker("Smith", "SMITH")
    t = _transcript(
        [(lemon, "word " * 50), (guest, "word " * 10), (lemon, "word " * 30)], "CNN Tonight"
    )
    assert transcript_kinds(t) == {"LEMON": "anchor", "SMITH": "guest"}


def test_no_host_by_frequency_when_an_anchor_is_known() -> None:
    anchor = Speaker("Don Lemon", "DON LEMON", "CNN ANCHOR")
    guest = Speaker("Smith", "SMITH")
    t = _transcript([(guest, "word " * 90), (anchor, "word " * 10)], "CNN Tonight")
    assert transcript_kinds(t) == {"SMITH": "guest", "DON LEMON": "anchor"}


def test_title_in_the_tag_makes_a_newsmaker() -> None:
    trump = Speaker("Donald Trump", "DONALD TRUMP")
    host = Speaker("Sean Hannity", "SEAN HANNITY", "HOST")
    t = _transcript(
        [(host, "word " * 20), (trump, "word " * 5, "PRESIDENT DONALD TRUMP")],
        "Hannity",
        "Fox News",
    )
    assert transcript_kinds(t)["DONALD TRUMP"] == "newsmaker"
    plain = _transcript([(host, "word " * 20), (trump, "word " * 5)], "Hannity", "Fox News")
    assert transcript_kinds(plain)["DONALD TRUMP"] == "guest"


def test_roleless_panelist_on_a_panel_show_is_an_anchor() -> None:
    hosts = [Speaker(f"Host {c}", f"HOST {c}", "CO-HOST") for c in "ABC"]
    williams = Speaker("Williams", "WILLIAMS")
    caller = Speaker("Smith", "SMITH")
    turns = [(h, "word " * 40) for h in hosts] + [(williams, "word " * 45), (caller, "word " * 5)]
    kinds = transcript_kinds(_transcript(turns, "The Five", "Fox News"))
    assert kinds["WILLIAMS"] == "anchor"
    assert kinds["SMITH"] == "guest"
    two_hosts = transcript_kinds(_transcript(turns[1:], "The Five", "Fox News"))
    assert two_hosts["WILLIAMS"] == "guest"


def test_host_of_another_programme_is_a_guest() -> None:
    walsh = Speaker("Matt Walsh", "MATT WALSH", 'HOST, "THE MATT WALSH SHOW"')
    assert speaker_kind(walsh, show="Tucker Carlson Tonight") == "guest"
    assert speaker_kind(walsh, show="The Matt Walsh Show") == "anchor"
    hayes = Speaker("Chris Hayes", "CHRIS HAYES", "MSNBC HOST, \u201cALL IN\u201d")
    assert speaker_kind(hayes, network="MSNBC", show="All In with Chris Hayes") == "anchor"
    assert speaker_kind(hayes, network="MSNBC", show="The Rachel Maddow Show") == "guest"
