"""People across transcripts: names as keys, clues from a transcript, the resolver."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from analytics.errors import PeopleFileError
from analytics.ingest import parse_text
from analytics.people import (
    Appearance,
    Clue,
    PersonResolver,
    parse_aliases,
    read_aliases,
    transcript_appearances,
)
from analytics.people.local import decide
from analytics.people.naming import (
    canonical,
    is_label,
    is_short,
    loose_key,
    person_key,
    person_slug,
    short_matches,
    surname_forms,
)

ROOT = Path(__file__).resolve().parent.parent


def transcript(body: str, name: str, show: str = "CNN Tonight", day: str = "2016-10-05"):
    """A small transcript in the plain layout; network from the file name."""
    return parse_text(f"{show}, {day}\n\n{body}", name)


def appearances(*transcripts) -> list[Appearance]:
    out: list[Appearance] = []
    for t in transcripts:
        out.extend(transcript_appearances(t, Path(t.source).stem))
    return out


def person(resolver: PersonResolver, transcript_id: str, key: str) -> tuple[str, str, str]:
    a = resolver.assignments_[(transcript_id, key)]
    return a.person, a.person_name, a.evidence


# -- names as keys ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("short", "full", "expected"),
    [
        ("TRUMP", "DONALD TRUMP", True),
        ("E. TRUMP", "ERIC TRUMP", True),
        ("E. TRUMP", "DONALD TRUMP", False),  # the initial must agree with the first name
        ("D. TRUMP", "DONALD TRUMP", True),
        ("D. TRUMP", "DONALD TRUMP JR.", False),  # a suffix must be on both
        ("H. W. BUSH", "GEORGE H.W. BUSH", True),  # initials of the middle names
        ("H. W. BUSH", "GEORGE W. BUSH", False),
        ("HUCKABEE-SANDERS", "SARAH HUCKABEE SANDERS", True),
        ("SANDERS", "SARAH HUCKABEE-SANDERS", True),
        ("PATON WALSH", "NICK PATON WALSH", True),
        ("WALSH", "NICK PATON WALSH", True),
        ("HENRY", "ED HENDRY", False),
    ],
)
def test_short_matches(short: str, full: str, expected: bool) -> None:
    assert short_matches(short, full) is expected


def test_canonical_keys() -> None:
    assert canonical("Sen. George H.W. Bush, Jr") == "GEORGE H. W. BUSH JR."
    assert canonical("LAWRENCE O`DONNELL") == canonical("Lawrence O\u2019Donnell")
    assert loose_key("SARAH HUCKABEE-SANDERS") == loose_key("SARAH HUCKABEE SANDERS")
    assert person_key("ALEX MOFFAT AS JOE SCARBOROUGH") == "ALEX MOFFAT"
    assert surname_forms("NICK PATON WALSH") == {"WALSH", "PATON WALSH"}
    assert person_slug("Lawrence O'Donnell") == "lawrence-odonnell"
    assert person_slug("Jos\u00e9 D\u00edaz-Balart") == "jose-diaz-balart"
    assert is_short("LEMON") and is_short("E. TRUMP") and not is_short("DON LEMON")
    assert not is_short("UNIDENTIFIED MALE")


def test_labels_are_not_names() -> None:
    assert is_label("REPORTER") and is_label("ANOUNCER") and is_label("FEMALE VOICE")
    assert not is_label("HOSTIN") and not is_label("LEMON")


# -- clues from one transcript ----------------------------------------------------------


def test_self_introduction() -> None:
    t = transcript(
        "LEMON: This is CNN Tonight. I'm Don Lemon. Donald Trump spoke today.\n\n"
        "UNIDENTIFIED MALE: Hello.\n",
        "cnn_2016-10-05_cnnt_01.txt",
    )
    (lemon, _) = appearances(t)
    assert Clue("DON LEMON", "Don Lemon", "self", 1) in lemon.clues
    assert decide(lemon.clues).name == "DON LEMON"


def test_introduction_names_the_first_matching_name() -> None:
    t = transcript(
        "LEMON: Joining me now, Symone Sanders, former press secretary for Bernie "
        "Sanders. Welcome.\n\n"
        "SANDERS: Thank you, Don.\n",
        "cnn_2016-10-21_cnnt_02.txt",
    )
    sanders = next(a for a in appearances(t) if a.key == "SANDERS")
    rules = {(c.name, c.rule) for c in sanders.clues}
    assert ("SYMONE SANDERS", "intro") in rules
    assert ("BERNIE SANDERS", "intro") not in rules
    assert decide(sanders.clues).name == "SYMONE SANDERS"


def test_vocative_breaks_a_tie_and_a_name_said_in_passing_does_not() -> None:
    t = transcript(
        "LEMON: Symone Sanders and Bernie Sanders were in town. Here is the panel.\n\n"
        "SANDERS: Glad to be here.\n\n"
        "LEMON: Symone, what are you looking for?\n\n"
        "SANDERS: Change.\n\n"
        "LEMON: Bernie said no.\n\n"
        "SANDERS: He did.\n",
        "cnn_2016-10-21_cnnt_02.txt",
    )
    sanders = next(a for a in appearances(t) if a.key == "SANDERS")
    vocatives = [c for c in sanders.clues if c.rule == "vocative"]
    assert [(c.name, c.count) for c in vocatives] == [("SYMONE SANDERS", 1)]
    assert decide(sanders.clues).name == "SYMONE SANDERS"


def test_show_title_names_its_host() -> None:
    t = transcript(
        "TUCKER CARLSON, HOST: Good evening.\n\nCARLSON: Welcome.\n\nGUEST: Hi.\n",
        "fox_2021-04-26_tct.txt",
        show="Tucker Carlson Tonight",
    )
    # resolve_tags already joins CARLSON to the full tag; a show with only the surname:
    t2 = transcript(
        "CARLSON: Good evening.\n\nMILLER: Hi.\n",
        "fox_2021-04-27_tct.txt",
        show="Tucker Carlson Tonight",
    )
    carlson = next(a for a in appearances(t2) if a.key == "CARLSON")
    assert decide(carlson.clues).name == "TUCKER CARLSON"
    assert decide(carlson.clues).rule == "title"
    assert {a.key for a in appearances(t)} >= {"TUCKER CARLSON"}


def test_only_name_said_and_several_names_said() -> None:
    one = transcript(
        "LEMON: We played what Hillary Clinton said today.\n\nMILLS: Well.\n\n"
        "LEMON: And now a clip.\n\nCLINTON: We will win.\n",
        "cnn_2016-11-03_cnnt_01.txt",
    )
    clinton = next(a for a in appearances(one) if a.key == "CLINTON")
    assert decide(clinton.clues).name == "HILLARY CLINTON"
    two = transcript(
        "LEMON: Bill Clinton met Hillary Clinton. They spoke.\n\nMILLS: Well.\n\n"
        "LEMON: And now a clip.\n\nCLINTON: We will win.\n",
        "cnn_2016-11-04_cnnt_01.txt",
    )
    clinton = next(a for a in appearances(two) if a.key == "CLINTON")
    d = decide(clinton.clues)
    assert d.name is None and d.candidates == ("Bill Clinton", "Hillary Clinton")


def test_a_slip_in_a_tag_follows_the_speaker_near_it() -> None:
    t = transcript(
        "INGRAHAM: Welcome.\n\nAUSTAN GOOLSBEE, ECONOMIST: Thanks.\n\n"
        "INGRAHAM: Go on.\n\nGOOLSBY: The data do not back that up.\n",
        "fox_2018-02-13_ingraham.txt",
        show="The Ingraham Angle",
    )
    goolsby = next(a for a in appearances(t) if a.key == "GOOLSBY")
    d = decide(goolsby.clues)
    assert (d.name, d.rule) == ("AUSTAN GOOLSBEE", "typo")


def test_a_slip_never_follows_a_look_alike_name_said() -> None:
    # FRUMP is a slip away from TRUMP, said in the text, but speaks beside FRUM
    t = transcript(
        "O'DONNELL: Donald Trump said it.\n\n(BEGIN VIDEO CLIP)\n\n"
        "DONALD TRUMP, PRESIDENT: Fake news.\n\n(END VIDEO CLIP)\n\n"
        "DAVID FRUM, THE ATLANTIC: Yes.\n\nO'DONNELL: Go on.\n\nFRUMP: Snow removal.\n",
        "msnbc_2018-01-29_lastword.txt",
        show="The Last Word",
    )
    frump = next(a for a in appearances(t) if a.key == "FRUMP")
    assert decide(frump.clues).name == "DAVID FRUM"


# -- the resolver ------------------------------------------------------------------------


def test_initials_rule_across_transcripts() -> None:
    t = transcript(
        "LEMON: You asked Eric Trump after the debate about it.\n\n"
        "E. TRUMP: And beyond taxes, my father is right.\n\n"
        "LEMON: Donald Trump said so too.\n\n"
        "D. TRUMP: Come on, Billy.\n",
        "cnn_2016-10-05_cnnt_01.txt",
    )
    other = transcript(
        "DONALD TRUMP, PRESIDENT OF THE UNITED STATES: We will win.\n\n"
        "ERIC TRUMP, SON OF DONALD TRUMP: He will.\n",
        "fox_2018-02-02_thefive.txt",
        show="The Five",
        day="2018-02-02",
    )
    r = PersonResolver().fit(appearances(t, other))
    e = person(r, "cnn_2016-10-05_cnnt_01", "E. TRUMP")
    d = person(r, "cnn_2016-10-05_cnnt_01", "D. TRUMP")
    assert e[:2] == ("eric-trump", "Eric Trump")
    assert d[:2] == ("donald-trump", "Donald Trump")
    assert person(r, "fox_2018-02-02_thefive", "ERIC TRUMP")[0] == "eric-trump"


def test_an_initial_that_fits_nobody_merges_nobody() -> None:
    t = transcript(
        "LEMON: Donald Trump spoke today.\n\nM. TRUMP: They were kind of a boy talk.\n",
        "cnn_2016-10-18_cnnt_02.txt",
    )
    r = PersonResolver().fit(appearances(t))
    assert person(r, "cnn_2016-10-18_cnnt_02", "M. TRUMP") == (
        "m-trump@cnn_2016-10-18_cnnt_02",
        "M. Trump",
        "unresolved",
    )


def test_a_surname_shared_by_two_people_on_one_day_stays_apart() -> None:
    day = "2018-01-22"
    a = transcript(
        "HAYES: Joining me now, Stephen Miller, the senior adviser. Welcome.\n\n"
        "MILLER: Thank you.\n",
        "msnbc_2018-01-22_allin.txt",
        show="All In with Chris Hayes",
        day=day,
    )
    b = transcript(
        "MELBER: Joining me now, Matt Miller, former Justice Department spokesman.\n\n"
        "MILLER: Good to be here.\n",
        "msnbc_2018-01-22_beat.txt",
        show="The Beat with Ari Melber",
        day=day,
    )
    c = transcript(
        "MELBER: We have a panel tonight.\n\nMILLER: It is a big day.\n",
        "msnbc_2018-01-22_lastword.txt",
        show="The Last Word",
        day=day,
    )
    r = PersonResolver().fit(appearances(a, b, c))
    assert person(r, "msnbc_2018-01-22_allin", "MILLER")[:2] == ("stephen-miller", "Stephen Miller")
    assert person(r, "msnbc_2018-01-22_beat", "MILLER")[:2] == ("matt-miller", "Matt Miller")
    # nothing in the third transcript says which Miller: a person of its own, listed
    assert person(r, "msnbc_2018-01-22_lastword", "MILLER")[2] == "unresolved"
    (case,) = [x for x in r.ambiguous_ if x.transcript == "msnbc_2018-01-22_lastword"]
    assert set(case.candidates) == {"Matt Miller (elsewhere)", "Stephen Miller (elsewhere)"}


def test_namesakes_with_one_full_name_stay_apart() -> None:
    beat = transcript(
        "PAUL RYAN, VICE PRESIDENT, POLICY AND LITIGATION, COMMON CAUSE: The jury said no.\n",
        "msnbc_2018-01-25_beat.txt",
        show="The Beat with Ari Melber",
        day="2018-01-25",
    )
    five = transcript(
        "SPEAKER OF THE HOUSE PAUL RYAN, R-WIS.: We will release it.\n",
        "fox_2018-02-01_thefive.txt",
        show="The Five",
        day="2018-02-01",
    )
    later = transcript(
        "PAUL RYAN, (R-WI), SPEAKER OF THE HOUSE: Again.\n",
        "msnbc_2018-02-01_allin.txt",
        show="All In with Chris Hayes",
        day="2018-02-01",
    )
    r = PersonResolver().fit(appearances(beat, five, later))
    lawyer = person(r, "msnbc_2018-01-25_beat", "PAUL RYAN")[0]
    speaker = person(r, "fox_2018-02-01_thefive", "PAUL RYAN")[0]
    assert lawyer != speaker
    assert person(r, "msnbc_2018-02-01_allin", "PAUL RYAN")[0] == speaker == "paul-ryan"
    assert lawyer == "paul-ryan@msnbc_2018-01-25_beat"


def test_nickname_merges_only_on_one_network() -> None:
    a = transcript("BOB BAUER, FORMER WHITE HOUSE COUNSEL: Yes.\n", "msnbc_2018-01-24_allin.txt")
    b = transcript("ROBERT BAUER, FORMER WHITE HOUSE COUNSEL: No.\n", "msnbc_2018-01-25_maddow.txt")
    c = transcript("BOB WOODRUFF, ABC NEWS: Hi.\n", "cnn_2016-09-28_cnnt_01.txt")
    d = transcript("ROBERT WOODRUFF, PROFESSOR: Hi.\n", "fox_2018-02-01_thefive.txt")
    r = PersonResolver().fit(appearances(a, b, c, d))
    assert (
        person(r, "msnbc_2018-01-24_allin", "BOB BAUER")[0]
        == person(r, "msnbc_2018-01-25_maddow", "ROBERT BAUER")[0]
    )
    assert (
        person(r, "cnn_2016-09-28_cnnt_01", "BOB WOODRUFF")[0]
        != person(r, "fox_2018-02-01_thefive", "ROBERT WOODRUFF")[0]
    )


def test_the_show_gives_its_host_and_the_network_its_staff() -> None:
    days = ("2015-04-09", "2015-04-10", "2015-04-11")
    shows = [
        transcript(
            "LEMON: This is CNN Tonight. I'm Don Lemon.\n\nGUEST: Hi.\n",
            f"cnn_{d}_cnnt_01.txt",
            day=d,
        )
        for d in days[:2]
    ]
    quiet = transcript(
        "LEMON: Good evening.\n\nBERMAN: That does it for us.\n",
        f"cnn_{days[2]}_cnnt_01.txt",
        day=days[2],
    )
    ac360 = transcript(
        "JOHN BERMAN, CNN HOST: Good evening.\n",
        "cnn_2022-07-22_acd_01.txt",
        show="Anderson Cooper 360",
        day="2022-07-22",
    )
    r = PersonResolver().fit(appearances(*shows, quiet, ac360))
    assert person(r, "cnn_2015-04-11_cnnt_01", "LEMON") == ("don-lemon", "Don Lemon", "show")
    assert person(r, "cnn_2015-04-11_cnnt_01", "BERMAN") == (
        "john-berman",
        "John Berman",
        "network",
    )


def test_the_same_sound_bite_is_the_same_person() -> None:
    bite = "BUSH: Yes, those legs. All I can see is the legs, right there.\n"
    a = transcript("LEMON: You know Billy Bush?\n\n" + bite, "cnn_2016-10-10_cnnt_02.txt")
    b = transcript("LEMON: Here it is again.\n\n" + bite, "cnn_2016-10-14_cnnt_02.txt")
    r = PersonResolver().fit(appearances(a, b))
    assert person(r, "cnn_2016-10-14_cnnt_02", "BUSH") == ("billy-bush", "Billy Bush", "quote")


def test_labels_and_unnamed_voices_are_nobody() -> None:
    t = transcript(
        "REPORTER: A question.\n\nUNIDENTIFIED MALE: Yes.\n", "cnn_2016-10-10_cnnt_02.txt"
    )
    r = PersonResolver().fit(appearances(t))
    assert person(r, "cnn_2016-10-10_cnnt_02", "REPORTER")[2] == "unnamed"
    assert person(r, "cnn_2016-10-10_cnnt_02", "UNIDENTIFIED MALE") == (
        "unidentified-male@cnn_2016-10-10_cnnt_02",
        "Unidentified Male",
        "unnamed",
    )
    assert r.ambiguous_ == ()


# -- aliases ------------------------------------------------------------------------------


def test_the_alias_file_wins(tmp_path: Path) -> None:
    t = transcript(
        "LEMON: This is CNN Tonight. I'm Don Lemon.\n\nMILLER: Hi.\n", "cnn_2015-04-09_cnnt_01.txt"
    )
    path = tmp_path / "people.csv"
    path.write_text(
        "tag,where,name\n"
        "LEMON,cnn_2015-04-09_*,Donald Lemon\n"  # wins over the self-introduction
        "miller,CNN Tonight,Matt Miller\n",
        encoding="utf-8",
    )
    r = PersonResolver(read_aliases(path)).fit(appearances(t))
    assert person(r, "cnn_2015-04-09_cnnt_01", "LEMON") == ("donald-lemon", "Donald Lemon", "alias")
    assert person(r, "cnn_2015-04-09_cnnt_01", "MILLER") == ("matt-miller", "Matt Miller", "alias")
    pinned = parse_aliases("tag,where,name,person\nLEMON,*,Don Lemon,lemon-cnn\n")
    r = PersonResolver(pinned).fit(appearances(t))
    assert person(r, "cnn_2015-04-09_cnnt_01", "LEMON")[:2] == ("lemon-cnn", "Don Lemon")


def test_alias_where_matches_the_show_and_nothing_else() -> None:
    (row,) = parse_aliases("tag,where,name\nLEMON,cnn tonight,Don Lemon\n")
    assert row.matches("Lemon", transcript="x", show="CNN Tonight")
    assert not row.matches("LEMON", transcript="x", show="Anderson Cooper 360")
    assert not row.matches("LEMONS", transcript="x", show="CNN Tonight")


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "empty alias file"),
        ("name,tag\nA,B\n", "header must name the columns"),
        ("tag,where,name\nLEMON,*\n", "line 2: expected 3 fields, got 2"),
        ("tag,where,name\n,*,Don Lemon\n", "line 2: tag and name must not be empty"),
    ],
)
def test_bad_alias_files(text: str, reason: str) -> None:
    with pytest.raises(PeopleFileError, match=reason):
        parse_aliases(text, "people.csv")


def test_unreadable_alias_file(tmp_path: Path) -> None:
    with pytest.raises(PeopleFileError, match="cannot read"):
        read_aliases(tmp_path / "missing.csv")


# -- determinism --------------------------------------------------------------------------


def _corpus() -> list[Appearance]:
    return appearances(
        transcript(
            "LEMON: This is CNN Tonight. I'm Don Lemon. Here is Matt Miller.\n\n"
            "MILLER: Thanks, Don.\n",
            "cnn_2015-04-09_cnnt_01.txt",
            day="2015-04-09",
        ),
        transcript(
            "LEMON: Good evening.\n\nMILLER: Hello.\n",
            "cnn_2015-04-10_cnnt_01.txt",
            day="2015-04-10",
        ),
        transcript(
            "DON LEMON, CNN ANCHOR: Hi.\n\nSTEPHEN MILLER, ADVISER: No.\n",
            "cnn_2015-04-11_acd.txt",
            show="Anderson Cooper 360",
            day="2015-04-11",
        ),
        transcript("PAUL RYAN, (R-WI): Yes.\n", "msnbc_2015-04-11_beat.txt", day="2015-04-11"),
        transcript("PAUL RYAN, COMMON CAUSE: No.\n", "msnbc_2015-04-12_beat.txt", day="2015-04-12"),
    )


def _frame_json(apps: list[Appearance]) -> str:
    r = PersonResolver().fit(apps)
    return json.dumps(
        [r.assignments_frame().to_dict("records"), r.ambiguous_frame().to_dict("records")]
    )


def test_input_order_does_not_matter() -> None:
    apps = _corpus()
    expected = _frame_json(apps)
    for seed in range(5):
        shuffled = list(apps)
        random.Random(seed).shuffle(shuffled)
        assert _frame_json(shuffled) == expected


def test_same_result_in_another_process() -> None:
    code = (
        "import sys; sys.path.insert(0, 'tests'); "
        "from test_people import _corpus, _frame_json; print(_frame_json(_corpus()))"
    )
    outs = []
    for hashseed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": hashseed, "PYTHONPATH": str(ROOT)}
        done = subprocess.run(
            [sys.executable, "-c", code],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        outs.append(done.stdout)
    assert outs[0] == outs[1] == _frame_json(_corpus()) + "\n"


def test_appearances_carry_the_transcript_facts() -> None:
    t = transcript(
        "LEMON: I'm Don Lemon.\n\nLEMON: Again.\n", "cnn_2015-04-09_cnnt_01.txt", day="2015-04-09"
    )
    (a,) = appearances(t)
    assert (a.transcript, a.key, a.network, a.show) == (
        "cnn_2015-04-09_cnnt_01",
        "LEMON",
        "CNN",
        "CNN Tonight",
    )
    assert (a.air_date, a.turns, a.words, a.tags) == (date(2015, 4, 9), 2, 4, ("LEMON",))


def test_fit_rejects_an_appearance_given_twice() -> None:
    apps = _corpus()
    with pytest.raises(ValueError, match="given twice"):
        PersonResolver().fit(apps + apps[:1])


def test_appearances_survive_a_table() -> None:
    from analytics.people.clues import appearance_frame, appearances_from_frame

    apps = [a for a in _corpus() if a.transcript == "cnn_2015-04-09_cnnt_01"]
    frame = appearance_frame(apps).assign(transcript="cnn_2015-04-09_cnnt_01")
    assert appearances_from_frame(frame) == apps
