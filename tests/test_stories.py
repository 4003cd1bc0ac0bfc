"""Stories across broadcasts: names, pair features, linking, topics that follow stories,
labels and tables."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import sparse

from analytics.stories import (
    FEATURES,
    StoryLinker,
    block_views,
    cluster_pairs,
    learn_weights,
    names_from_documents,
    pair_features,
)
from analytics.stories.agree import majority_topics
from analytics.stories.build import build_stories
from analytics.stories.features import (
    block_windows,
    burst,
    candidate_pairs,
    name_keys,
)
from analytics.stories.tables import summary_record

ROOT = Path(__file__).resolve().parent.parent

# -- a planted corpus ----------------------------------------------------------------------

#: Two networks cover one hurricane in their own words; the names are what they share.
HURRICANE_CNN = (
    "Hurricane Delta made landfall tonight near Lake Charles, Louisiana, as a category two "
    "storm. Governor John Bel Edwards ordered evacuations across Cameron Parish, and FEMA "
    "moved generators and water into Lake Charles before the winds arrived. The storm surge "
    "flooded roads across southwest Louisiana. Edwards said Delta was the second hurricane "
    "to hit Lake Charles in six weeks, after Laura. FEMA says crews will stay in Louisiana "
    "for weeks. Residents of Lake Charles described roofs torn away and trees across cars."
)
HURRICANE_FOX = (
    "Delta slammed into the Gulf Coast overnight, and Lake Charles took the worst of it "
    "again. Louisiana officials told us power lines are down everywhere. John Bel Edwards "
    "asked Washington for help, and FEMA teams were already on the ground in Cameron Parish. "
    "Linemen from Texas drove in at dawn. Edwards warned families not to come home to Lake "
    "Charles until the water drains. People who lived through Laura say Delta feels like a "
    "second blow to Louisiana, and FEMA promised trailers for families left homeless."
)
#: Distractors: other stories on the same days.
OTHERS = {
    "budget": (
        "The Senate voted on the budget bill tonight. Mitch McConnell said the spending "
        "package keeps the government open through December. Chuck Schumer objected to the "
        "cuts in housing money. The House takes up the budget next week, and Nancy Pelosi "
        "said her caucus wants more for schools. The Congressional Budget Office scored the "
        "bill at one trillion dollars over ten years."
    ),
    "court": (
        "The Supreme Court heard arguments today in a case about student speech. Justice "
        "Sonia Sotomayor asked whether a school can punish a post made off campus. Lawyers "
        "for the Mahanoy Area School District said the cheerleader's message disrupted the "
        "team. The American Civil Liberties Union argued for the student. A ruling is "
        "expected by June."
    ),
    "baseball": (
        "The Dodgers won the World Series tonight in Arlington, Texas. Clayton Kershaw "
        "pitched five innings, and Mookie Betts homered in the eighth. Los Angeles last won "
        "the title in 1988. Fans filled the streets of Los Angeles, and the Dodgers will "
        "hold a parade on Friday. The Rays managed only six hits in the deciding game."
    ),
    "space": (
        "NASA's OSIRIS-REx spacecraft touched the asteroid Bennu today and collected a "
        "sample of its surface. Engineers in Colorado at Lockheed Martin cheered as the "
        "probe backed away. The sample returns to Earth in 2023 in a capsule that lands in "
        "Utah. Scientists hope Bennu holds clues to how the solar system formed."
    ),
}
#: Two events a month apart that share only a common name.
BIDEN_BILL = (
    "President Biden signed the infrastructure bill in Cleveland, Ohio today. The law sends "
    "money to repair the Brent Spence Bridge and to replace lead pipes in Cleveland. Senator "
    "Sherrod Brown stood beside Biden at the signing. Ohio governor Mike DeWine praised the "
    "bridge money, and union workers from Cleveland filled the hall."
)
BIDEN_FIRE = (
    "President Biden flew over the Bootleg Fire in southern Oregon today. The fire has "
    "burned four hundred thousand acres near Klamath Falls. Governor Kate Brown asked for "
    "more air tankers, and Biden promised federal help. Crews from Idaho and Nevada are "
    "fighting the flames, and smoke reached as far as New York."
)


def _row(transcript: str, block: int, text: str, day: str, network: str) -> dict[str, object]:
    return {
        "doc_id": f"{transcript}#{block}",
        "transcript": transcript,
        "block": block,
        "text": text,
        "show": f"{network} Tonight",
        "network": network,
        "air_date": pd.Timestamp(day),
        "headline": "",
        "kind": "story",
    }


_SYLLABLES = ["ka", "lo", "mi", "ren", "tos", "vel", "dar", "nu", "pi", "sha", "gor", "bel"]
#: Words of news stories, shared across the invented stories as in real news.
_NEWS = [
    "governor",
    "senator",
    "mayor",
    "police",
    "officials",
    "federal",
    "state",
    "county",
    "city",
    "court",
    "judge",
    "law",
    "bill",
    "vote",
    "election",
    "campaign",
    "money",
    "budget",
    "tax",
    "taxes",
    "workers",
    "union",
    "company",
    "market",
    "prices",
    "school",
    "schools",
    "students",
    "teachers",
    "parents",
    "families",
    "children",
    "hospital",
    "doctors",
    "patients",
    "virus",
    "health",
    "water",
    "fire",
    "storm",
    "flood",
    "roads",
    "bridge",
    "power",
    "help",
    "crews",
    "homes",
    "damage",
    "president",
    "congress",
    "house",
    "senate",
    "white",
    "committee",
    "report",
    "investigation",
    "charges",
    "trial",
    "witness",
    "lawyer",
    "prison",
    "border",
    "immigration",
    "military",
    "troops",
    "war",
    "attack",
    "victims",
    "shooting",
    "community",
    "church",
    "protest",
    "march",
    "rally",
    "speech",
    "plan",
    "deal",
    "talks",
    "agreement",
    "sanctions",
    "oil",
    "energy",
    "climate",
    "heat",
    "drought",
    "farmers",
    "food",
    "jobs",
    "economy",
    "growth",
    "trade",
    "tariffs",
    "china",
    "russia",
    "europe",
    "mexico",
    "canada",
    "texas",
    "florida",
    "california",
    "ohio",
    "oregon",
    "louisiana",
    "washington",
]
_FILLER = [
    "the",
    "a",
    "of",
    "and",
    "to",
    "in",
    "that",
    "it",
    "is",
    "was",
    "we",
    "they",
    "you",
    "this",
    "for",
    "on",
    "with",
    "as",
    "at",
    "by",
    "from",
    "but",
    "about",
    "more",
    "people",
    "said",
    "says",
    "would",
    "could",
    "there",
    "their",
    "what",
    "when",
    "which",
    "who",
]


def _word(rng: np.random.Generator, syllables: int = 3) -> str:
    return "".join(rng.choice(_SYLLABLES, syllables))


def _distractors(rng: np.random.Generator, n_stories: int = 36) -> list[dict[str, object]]:
    """Stories of news words with invented names and key words, each on one to four
    consecutive days."""
    networks = ["CNN", "Fox News", "MSNBC"]
    rows = []
    for story in range(n_stories):
        vocab = [_word(rng) for _ in range(4)] + list(rng.choice(_NEWS, 12, replace=False))
        names = [_word(rng, 2).title() + " " + _word(rng, 2).title() for _ in range(2)]
        start = int(rng.integers(0, 27))
        for day in range(start, start + int(rng.integers(1, 5))):
            words = list(rng.choice(vocab, 45)) + list(rng.choice(_FILLER, 35))
            rng.shuffle(words)
            text = " ".join(words)
            text = f"{names[0]} said today. {text}. {names[1]} agreed with {names[0]}."
            if story % 4 == 0:  # the president is in the news all month, in other stories
                text += f" President Biden spoke with {names[1]} about it."
            network = networks[int(rng.integers(0, 3))]
            rows.append(
                {
                    "day": f"2020-10-{day + 1:02d}",
                    "network": network,
                    "text": text,
                    "story": f"distractor-{story}",
                }
            )
    return rows


def planted_corpus() -> tuple[pd.DataFrame, dict[str, str]]:
    """Documents of a month of invented news (over 80 blocks on three networks) with two
    planted pairs: one hurricane told by two networks in their own words, and two events
    three weeks apart that share the president's name (a common name: he is in a quarter of
    the other stories too, as in a month of real news). Also the planted story of each
    doc_id."""
    rng = np.random.default_rng(12)
    items = _distractors(rng)
    items.append(
        {"day": "2020-10-09", "network": "CNN", "text": HURRICANE_CNN, "story": "hurricane"}
    )
    items.append(
        {"day": "2020-10-09", "network": "Fox News", "text": HURRICANE_FOX, "story": "hurricane"}
    )
    items.append({"day": "2020-10-03", "network": "CNN", "text": BIDEN_BILL, "story": "bill"})
    items.append({"day": "2020-10-24", "network": "Fox News", "text": BIDEN_FIRE, "story": "fire"})
    rows, truth, blocks = [], {}, {}
    for item in sorted(items, key=lambda x: (x["day"], x["network"], x["story"])):
        transcript = f"{str(item['network']).split()[0].lower()}_{item['day']}.txt"
        block = blocks.get(transcript, 0)
        blocks[transcript] = block + 1
        rows.append(
            _row(transcript, block, str(item["text"]), str(item["day"]), str(item["network"]))
        )
        truth[f"{transcript}#{block}"] = str(item["story"])
    return pd.DataFrame(rows), truth


def small_corpus() -> pd.DataFrame:
    """Six blocks of three stories on one day: too few for the context features."""
    days = ["2020-10-09"] * 6
    texts = [
        HURRICANE_CNN,
        HURRICANE_FOX,
        OTHERS["budget"],
        OTHERS["court"],
        OTHERS["baseball"],
        OTHERS["space"],
    ]
    networks = ["CNN", "Fox News", "CNN", "Fox News", "CNN", "Fox News"]
    return pd.DataFrame(
        [
            _row(f"{n.split()[0].lower()}.txt", k, t, d, n)
            for k, (t, d, n) in enumerate(zip(texts, days, networks, strict=True))
        ]
    )


def _story_of(linker: StoryLinker) -> dict[str, int]:
    return dict(zip(linker.documents_["doc_id"], linker.labels_.tolist(), strict=True))


# -- names and features --------------------------------------------------------------------


def test_name_keys_count_a_full_name_under_its_surname_too() -> None:
    assert name_keys("devin nunes") == ["devin nunes", "nunes"]
    assert name_keys("donald trump jr") == ["donald trump jr", "trump"]
    assert name_keys("fbi") == ["fbi"]


def test_block_names_leave_out_staff_first_names_and_bare_titles(sample_path: Path) -> None:
    from analytics.ingest import parse_text
    from analytics.stories import block_names
    from analytics.stories.names import segment_whole

    t = parse_text(
        "ANDERSON COOPER, CNN ANCHOR: The President spoke. Devin Nunes met Cooper and CNN.\n"
        "JOHN DOE, FORMER FBI AGENT: Thanks, Anderson. Nunes and the FBI disagree, John.\n",
        "x.txt",
    )
    [counts] = block_names(t, segment_whole(t))
    # the anchor (full name, surname, first name), the guest's first name, the channel,
    # and "the President" alone are not content; the guest's words are
    assert counts == {"devin nunes": 1, "nunes": 1, "fbi": 1}


def test_names_from_documents_use_the_transcript_as_evidence() -> None:
    docs = pd.DataFrame(
        {
            "transcript": ["a", "a"],
            "block": [0, 1],
            "text": ["Given the memo, we wait. Nunes wrote it.", "Later the Nunes memo came out."],
        }
    )
    names = names_from_documents(docs)
    assert names[["block", "name", "count"]].values.tolist() == [[0, "nunes", 1], [1, "nunes", 1]]
    assert set(names["surface"]) == {"Nunes"}


def test_candidate_pairs_stay_inside_the_window_and_skip_open_blocks() -> None:
    docs, _ = planted_corpus()
    docs.loc[0, "kind"] = "open"
    views = block_views(docs, names_from_documents(docs))
    i, j = candidate_pairs(views, window_days=2)
    assert len(i) and np.all(i < j)
    gaps = np.abs(views.day[i] - views.day[j])
    assert gaps.max() <= 2
    assert 0 not in set(i) | set(j)
    pairs = set(zip(i.tolist(), j.tolist(), strict=True))
    everything = {
        (a, b)
        for a in range(1, len(docs))
        for b in range(a + 1, len(docs))
        if abs(views.day[a] - views.day[b]) <= 2
    }
    assert pairs == everything


def test_pair_features_measure_what_they_say() -> None:
    docs, truth = planted_corpus()
    docs = docs.reset_index(drop=True)
    views = block_views(docs, names_from_documents(docs))
    a, b = (k for k, d in enumerate(docs["doc_id"]) if truth[d] == "hurricane")
    other = next(k for k in range(len(docs)) if truth[docs["doc_id"][k]].startswith("distractor"))
    same_t = next(
        k for k in range(len(docs)) if k != a and docs["transcript"][k] == docs["transcript"][a]
    )
    frame = pair_features(views, np.array([a, a, a]), np.array([b, other, same_t]))
    assert list(frame.columns) == list(FEATURES)
    # the hurricane pair shares names and words that a distractor does not
    for column in ("words", "names", "shared_names", "words_context", "names_context"):
        assert frame.loc[0, column] > frame.loc[1, column], column
    assert frame.loc[0, "time"] == 1.0  # same day
    assert frame.loc[2, "same_broadcast"] == 1.0
    assert frame.loc[0, "same_broadcast"] == 0.0
    # without embeddings those features are not computed
    assert frame[["embedding", "embedding_context"]].isna().all().all()


def test_small_inputs_have_no_context_features() -> None:
    docs = small_corpus()
    views = block_views(docs, names_from_documents(docs))
    frame = pair_features(views, np.array([0, 2]), np.array([1, 3]))
    assert frame[["words_context", "names_context"]].isna().all().all()
    linker = StoryLinker().fit(docs)
    assert not any(f.endswith("_context") for f in linker.weights_.features)
    # the two hurricane blocks are one story, the four others one story each
    story = _story_of(linker)
    by_id = dict(zip(docs["doc_id"], docs["text"], strict=True))
    hurricane = {story[d] for d, t in by_id.items() if t in (HURRICANE_CNN, HURRICANE_FOX)}
    others = [story[d] for d, t in by_id.items() if t not in (HURRICANE_CNN, HURRICANE_FOX)]
    assert len(hurricane) == 1
    assert len(set(others)) == 4 and not hurricane & set(others)


def test_block_windows_cut_long_blocks_and_never_run_across_two() -> None:
    texts = [" ".join(f"a{k}" for k in range(250)), "b c d", "", " ".join(["e"] * 90)]
    linkable = np.array([True, True, False, True])
    windows = block_windows(texts, linkable, 100)
    # 250 words: two or three windows of about 100 words (round(2.5) is 2); 3 words: one
    # window; an unlinkable block none; 90 words: one
    assert [len(w.split()) for w in windows] == [125, 125, 3, 90]
    assert windows[0].split()[-1] == "a124" and windows[1].split()[0] == "a125"
    assert windows[2] == "b c d"


def test_small_inputs_get_windows_short_enough_for_the_words_context() -> None:
    # the planted corpus has about 9,000 words in 104 short blocks: windows of 1,200 words
    # would be too few neighbours, so they are shortened to give at least 80
    docs, truth = planted_corpus()
    docs = docs.reset_index(drop=True)
    views = block_views(docs, names_from_documents(docs))
    assert views.window_words.shape[0] >= 80
    a, b = (k for k, d in enumerate(docs["doc_id"]) if truth[d] == "hurricane")
    frame = pair_features(views, np.array([a]), np.array([b]))
    assert frame.loc[0, "words_context"] > 0.5
    # without windows (window_words=None) the blocks are the neighbours, as for names
    plain = block_views(docs, names_from_documents(docs), window_words=None)
    assert plain.window_words is None
    assert pair_features(plain, np.array([a]), np.array([b])).loc[0, "words_context"] > 0.5


def test_time_decays_with_the_gap_in_days() -> None:
    docs = pd.DataFrame(
        [
            _row("a.txt", 0, "Storm Delta hits Lake Charles.", "2020-10-01", "CNN"),
            _row("b.txt", 0, "Storm Delta hits Lake Charles.", "2020-10-04", "CNN"),
            _row("c.txt", 0, "Storm Delta hits Lake Charles.", "2020-10-11", "CNN"),
        ]
    )
    views = block_views(docs, names_from_documents(docs))
    frame = pair_features(views, np.array([0, 0]), np.array([1, 2]))
    assert frame.loc[0, "time"] == pytest.approx(np.exp(-9 / 18))
    assert frame.loc[1, "time"] == pytest.approx(np.exp(-100 / 18))
    assert frame.loc[0, "time_wide"] > frame.loc[1, "time_wide"]


def test_cluster_pairs_is_average_link_not_single_link() -> None:
    # 0-1 and 1-2 are close, 0-2 far: single link would chain all three
    i, j = np.array([0, 0, 1]), np.array([1, 2, 2])
    p = np.array([0.9, 0.0, 0.9])
    assert cluster_pairs(3, i, j, p, threshold=0.3).tolist() == [0, 0, 2]
    assert cluster_pairs(3, i, j, p, threshold=0.7).tolist() == [0, 0, 0]
    # nothing close: every item alone
    assert cluster_pairs(3, i, j, np.zeros(3), threshold=0.5).tolist() == [0, 1, 2]


def test_lone_blocks_join_the_story_of_their_most_likely_partner() -> None:
    # 1, 2, 3 one story; 0 is likely one story with 3 only, too little on average to merge
    i = np.array([0, 0, 0, 1, 1, 2, 4])
    j = np.array([1, 2, 3, 2, 3, 3, 5])
    p = np.array([0.1, 0.0, 0.3, 0.9, 0.9, 0.9, 0.3])
    assert cluster_pairs(6, i, j, p, threshold=0.5).tolist() == [0, 1, 1, 1, 4, 5]
    # joined: numbered by its smallest item; 4 and 5 are both alone, neither joins the other
    assert cluster_pairs(6, i, j, p, threshold=0.5, attach=0.25).tolist() == [0, 0, 0, 0, 4, 5]
    assert cluster_pairs(6, i, j, p, threshold=0.5, attach=0.35).tolist() == [0, 1, 1, 1, 4, 5]
    # of two clusters, the one holding the most likely partner
    i2, j2 = np.array([0, 0, 1, 3]), np.array([1, 2, 2, 4])
    p2 = np.array([0.2, 0.4, 0.9, 0.9])
    i2, j2, p2 = np.append(i2, 0), np.append(j2, 3), np.append(p2, 0.3)
    assert cluster_pairs(5, i2, j2, p2, threshold=0.5, attach=0.1).tolist() == [0, 0, 0, 3, 3]


def test_linker_attaches_lone_blocks_when_its_weights_say_so() -> None:
    from dataclasses import replace

    from analytics.stories.link import DIRECT_WEIGHTS

    docs, _ = planted_corpus()
    apart = StoryLinker(weights=replace(DIRECT_WEIGHTS, attach=None)).fit(docs)
    joined = StoryLinker(weights=replace(DIRECT_WEIGHTS, attach=0.0)).fit(docs)
    size = np.bincount(apart.labels_)
    pairs = apart.pairs_
    lone = [
        r
        for r in range(len(apart.labels_))
        if size[apart.labels_[r]] == 1
        and (
            (pairs["i"].eq(r) & (size[apart.labels_[pairs["j"]]] > 1))
            | (pairs["j"].eq(r) & (size[apart.labels_[pairs["i"]]] > 1))
        ).any()
    ]
    assert lone  # the planted corpus has a lone block with a partner in a bigger story
    joined_size = np.bincount(joined.labels_)
    assert all(joined_size[joined.labels_[r]] > 1 for r in lone)
    assert len(set(joined.labels_.tolist())) == len(set(apart.labels_.tolist())) - len(lone)


def test_learned_weights_separate_labelled_pairs() -> None:
    rng = np.random.default_rng(0)
    n = 400
    same = rng.random(n) < 0.3
    frame = pd.DataFrame({f: rng.random(n) * 0.2 for f in FEATURES})
    frame.loc[same, "names"] += 0.6
    weights = learn_weights(frame, same)
    p = weights.probability(frame)
    assert p[same].mean() > 0.7 > 0.3 > p[~same].mean()
    assert weights.coef[FEATURES.index("names")] > 0
    with pytest.raises(ValueError):
        learn_weights(frame, np.zeros(n, dtype=bool))


def test_a_word_bursts_around_the_days_it_is_said_and_not_far_from_them() -> None:
    # "quake" is said by four blocks of two days and nowhere else in a month; "budget" by a
    # block every fifth day all month: around day 10 "quake" bursts, "budget" does not
    days = np.array([10.0, 10.0, 11.0, 11.0] + [float(d) for d in range(0, 30, 5)])
    quake = np.r_[np.ones(4), np.zeros(6)]
    budget = np.r_[np.zeros(4), np.ones(6)]
    presence = sparse.csr_matrix(np.c_[quake, budget])
    weight = burst(presence, days, np.ones(len(days), dtype=bool), 3.0).toarray()
    # around days 10-11, 4 of the 5 blocks say it, against 4 of the 10 (smoothed: + 0.5, + 1)
    assert weight[:4, 0] == pytest.approx([np.log((4.5 / 6) / (4.5 / 11))] * 4)
    assert (weight[4:, 1] < 0.3).all()  # about as frequent around each block as all month
    assert (weight[:4, 1] == 0).all() and (weight[4:, 0] == 0).all()  # words not said: 0
    # an unlinkable block has no weights and does not count
    linkable = np.ones(len(days), dtype=bool)
    linkable[0] = False
    without = burst(presence, days, linkable, 3.0).toarray()
    assert (without[0] == 0).all() and (without[1:4, 0] > 0).all()


def test_words_burst_and_lede_favour_the_pair_of_one_event() -> None:
    docs, truth = planted_corpus()
    docs = docs.reset_index(drop=True)
    views = block_views(docs, names_from_documents(docs))
    a, b = (k for k, d in enumerate(docs["doc_id"]) if truth[d] == "hurricane")
    others = [k for k in range(len(docs)) if truth[docs["doc_id"][k]].startswith("distractor")]
    frame = pair_features(views, np.full(len(others) + 1, a), np.array([b, *others]))
    assert frame.loc[0, "words_burst"] > frame.loc[1:, "words_burst"].max()
    # the planted blocks are short: no lede apart from their whole text
    assert (frame["lede"] == 0).all()
    # the lede is the first 100 words of a block of over 200: of two blocks with the same
    # words, the one that opens with the hurricane matches a hurricane block better than the
    # one that ends with it
    opening = " ".join(HURRICANE_CNN.split()[:100])
    tail = " ".join(["Separately, the budget talks in the capital stalled again."] * 20)
    fillers = [
        "Markets rallied as chip makers reported record sales to investors.",
        "The league suspended the coach after the brawl in the fourth quarter.",
        "A new museum of modern sculpture opens downtown this spring.",
        "Doctors urge flu shots before the winter season starts.",
    ]
    three = pd.DataFrame(
        [
            _row("a.txt", 0, opening + " " + tail, "2020-10-09", "CNN"),
            _row("b.txt", 0, tail + " " + opening, "2020-10-09", "MSNBC"),
            _row("c.txt", 0, opening, "2020-10-09", "Fox News"),
        ]
        + [_row(f"f{k}.txt", 0, text, "2020-10-09", "CNN") for k, text in enumerate(fillers)]
    )
    views = block_views(three, names_from_documents(three))
    pairs = pair_features(views, np.array([0, 1]), np.array([2, 2]))
    assert pairs.loc[0, "words"] == pytest.approx(pairs.loc[1, "words"])
    assert pairs.loc[0, "lede"] > pairs.loc[1, "lede"] + 0.2
    # the hurricane block of 100 words has no lede: only the long block's lede counts
    assert pairs.loc[1, "lede"] == 0


# -- linking -------------------------------------------------------------------------------


def test_two_networks_covering_one_event_in_different_words_are_linked() -> None:
    docs, truth = planted_corpus()
    linker = StoryLinker().fit(docs)
    story = _story_of(linker)
    hurricane = [d for d, s in truth.items() if s == "hurricane"]
    assert len(hurricane) == 2
    assert story[hurricane[0]] == story[hurricane[1]]
    # and the hurricane story holds nothing else
    assert sum(1 for s in story.values() if s == story[hurricane[0]]) == 2


def test_two_events_sharing_a_common_name_on_different_days_are_kept_apart() -> None:
    docs, truth = planted_corpus()
    # at a cut merging blocks on average at least 40% likely one story (the shipped cut,
    # learned on the labels, merges at 35%; with the weights before the burst and lede
    # features it merged at 25%, and these two planted blocks, worded alike in a small
    # corpus, could then merge; analytics/stories/README.md)
    linker = StoryLinker(threshold=0.6).fit(docs)
    story = _story_of(linker)
    [bill] = [d for d, s in truth.items() if s == "bill"]
    [fire] = [d for d, s in truth.items() if s == "fire"]
    assert story[bill] != story[fire]
    # they are within the window and share a name: the names alone do not link them
    ids = linker.documents_["doc_id"].tolist()
    a, b = sorted((ids.index(bill), ids.index(fire)))
    pair = linker.pairs_[(linker.pairs_["i"] == a) & (linker.pairs_["j"] == b)]
    assert len(pair) == 1
    assert pair["shared_names"].iloc[0] > 0
    assert pair["probability"].iloc[0] < 1 - linker.threshold_
    hurricane = sorted(ids.index(d) for d, s in truth.items() if s == "hurricane")
    same = linker.pairs_[
        (linker.pairs_["i"] == hurricane[0]) & (linker.pairs_["j"] == hurricane[1])
    ]
    assert pair["probability"].iloc[0] < same["probability"].iloc[0] / 2


def test_every_block_gets_a_story_and_open_blocks_stand_alone() -> None:
    docs, _ = planted_corpus()
    docs.loc[[0, 2], "kind"] = "open"
    docs.loc[[0, 2], "text"] = OTHERS["budget"]  # the same words: still not linked
    docs.loc[5, "text"] = ""
    linker = StoryLinker().fit(docs)
    labels = linker.labels_
    assert len(labels) == len(docs)
    assert labels.min() == 0 and set(labels.tolist()) == set(range(labels.max() + 1))
    story = _story_of(linker)
    for doc_id in (docs.loc[0, "doc_id"], docs.loc[2, "doc_id"], docs.loc[5, "doc_id"]):
        assert list(story.values()).count(story[doc_id]) == 1
    kinds = dict(zip(linker.stories_["story"], linker.stories_["kind"], strict=True))
    assert kinds[story[docs.loc[0, "doc_id"]]] == "open"


def test_story_ids_follow_air_dates() -> None:
    docs, _ = planted_corpus()
    linker = StoryLinker().fit(docs)
    first = (
        linker.documents_.assign(story=linker.labels_)
        .groupby("story")["air_date"]
        .min()
        .sort_index()
    )
    assert first.is_monotonic_increasing


def test_embeddings_are_optional_and_must_fit_the_documents() -> None:
    from analytics.stories import DEFAULT_WEIGHTS, EMBEDDING_WEIGHTS

    docs, _ = planted_corpus()
    with pytest.raises(ValueError, match="one row per document"):
        StoryLinker().fit(docs, embeddings=np.zeros((3, 4)))
    with pytest.raises(ValueError, match="pass embeddings"):
        StoryLinker(weights=EMBEDDING_WEIGHTS).fit(docs)
    assert StoryLinker().fit(docs).weights_ == DEFAULT_WEIGHTS
    vectors = np.random.default_rng(0).normal(size=(len(docs), 8))
    linker = StoryLinker().fit(docs, embeddings=vectors)
    assert linker.weights_ == EMBEDDING_WEIGHTS
    assert linker.pairs_["embedding"].notna().all()


# -- topics follow stories -----------------------------------------------------------------


def test_majority_topic_is_weighted_by_words_and_outliers_vote_last() -> None:
    blocks = pd.DataFrame(
        {
            "story": [0, 0, 0, 1, 1, 2],
            "topic": [3, 5, 5, -1, 4, -1],
            "words": [1000, 300, 300, 5000, 10, 50],
        }
    )
    assert majority_topics(blocks).tolist() == [3, 3, 3, 4, 4, -1]


def test_majority_topic_ties_go_to_the_lower_topic_and_rows_keep_their_index() -> None:
    blocks = pd.DataFrame(
        {"story": [7, 7, 2, 2], "topic": [9, 4, 6, 6], "words": [200, 200, 0, 5]},
        index=[10, 11, 12, 13],
    )
    topics = majority_topics(blocks)
    assert topics.tolist() == [4, 4, 6, 6]
    assert topics.index.tolist() == [10, 11, 12, 13]


def test_a_story_never_spans_two_topics() -> None:
    docs, _ = planted_corpus()
    rng = np.random.default_rng(3)
    topics = docs[["transcript", "block"]].assign(topic=rng.integers(-1, 4, size=len(docs)))
    result = build_stories(docs, block_topics=topics)
    merged = result.block_stories.merge(result.block_topics, on=["transcript", "block"])
    assert merged.groupby("story")["topic"].nunique().max() == 1
    # and the stories table carries that one topic
    per_story = merged.groupby("story")["topic"].first()
    table = result.stories.set_index("story")["topic"]
    assert (table.loc[per_story.index] == per_story).all()


# -- tables, labels and the JSON -----------------------------------------------------------


def test_tables_and_labels() -> None:
    docs, truth = planted_corpus()
    result = build_stories(docs)
    stories = result.stories
    assert stories["blocks"].sum() == len(docs)
    assert (stories["first_aired"] <= stories["last_aired"]).all()
    hurricane = [d for d, s in truth.items() if s == "hurricane"]
    story = dict(zip(result.documents["doc_id"], result.linker.labels_, strict=True))
    row = stories.set_index("story").loc[story[hurricane[0]]]
    assert row["networks"] == "CNN, Fox News"
    assert row["transcripts"] == 2 and row["blocks"] == 2
    assert "Lake Charles" in row["label"] or "Delta" in row["label"]
    assert row["minutes"] == pytest.approx(row["words"] / 150.0)
    record = summary_record(stories, result.block_stories)
    assert set(record) == {"stories", "assignments"}
    assert {"id", "label", "blocks", "first_aired", "last_aired", "networks"} == set(
        record["stories"][0]
    )
    assert len(record["assignments"]) == len(docs)
    json.dumps(record)


def test_a_listed_headline_names_a_story_of_one_broadcast_only() -> None:
    docs, truth = planted_corpus()
    # a block whose story ran in its broadcast only
    plain = build_stories(docs)
    story_of = dict(zip(plain.documents["doc_id"], plain.linker.labels_, strict=True))
    broadcasts = plain.stories.set_index("story")["transcripts"]
    bill = next(d for d in sorted(truth) if broadcasts[story_of[d]] == 1)
    hurricane = [d for d, s in truth.items() if s == "hurricane"]
    rows = docs["doc_id"].isin([bill, hurricane[0]])
    docs.loc[docs["doc_id"] == bill, "headline"] = "Biden Signs Infrastructure Law"
    docs.loc[docs["doc_id"] == hurricane[0], "headline"] = "Hurricane Delta Hits Louisiana"
    listed = docs.loc[rows, ["transcript", "block"]].assign(listed=True)
    result = build_stories(docs, listed=listed)
    labels = set(result.stories["label"])
    assert "Biden Signs Infrastructure Law" in labels
    # the hurricane ran in two broadcasts: its label says what both blocks share
    assert "Hurricane Delta Hits Louisiana" not in labels
    story = dict(zip(result.documents["doc_id"], result.linker.labels_, strict=True))
    label = result.stories.set_index("story").loc[story[hurricane[0]], "label"]
    assert "Lake Charles" in label or "Delta" in label


# -- determinism ---------------------------------------------------------------------------

_SCRIPT = """
import json, sys
sys.path.insert(0, "tests")
from test_stories import planted_corpus
from analytics.stories import StoryLinker
docs, _ = planted_corpus()
linker = StoryLinker().fit(docs)
print(json.dumps({"labels": linker.labels_.tolist(),
                  "p": [round(float(x), 12) for x in linker.pairs_["probability"]]}))
"""


def test_two_processes_give_identical_assignments() -> None:
    outputs = []
    for hash_seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": hash_seed, "PYTHONPATH": str(ROOT)}
        done = subprocess.run(
            [sys.executable, "-c", _SCRIPT],
            capture_output=True,
            cwd=ROOT,
            env=env,
            timeout=300,
            check=False,
        )
        assert done.returncode == 0, done.stderr.decode()
        outputs.append(done.stdout)
    assert outputs[0] == outputs[1]
    assert json.loads(outputs[0])["labels"]


# -- the command line ----------------------------------------------------------------------


def _cli(args: list[str], *, hash_seed: str, cwd: Path) -> subprocess.CompletedProcess[bytes]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HF_", "TRANSFORMERS_"))}
    env.update(PYTHONHASHSEED=hash_seed, PYTHONPATH=str(ROOT))
    return subprocess.run(
        [sys.executable, "-m", "analytics", *args],
        capture_output=True,
        cwd=cwd,
        env=env,
        timeout=900,
        check=False,
    )


@pytest.mark.slow
def test_stories_command_is_byte_identical_across_processes_and_indexes_segment_blocks(
    tmp_path: Path,
) -> None:
    from test_topics import write_corpus

    corpus = tmp_path / "corpus"
    write_corpus(corpus, n=3, seed=0)
    args = ["stories", str(corpus), "--seed", "7", "--json", "--backend", "tfidf"]
    first = _cli(args, hash_seed="1", cwd=tmp_path)
    assert first.returncode == 0, first.stderr.decode()
    second = _cli(args, hash_seed="2", cwd=tmp_path)
    assert second.returncode == 0, second.stderr.decode()
    assert first.stdout == second.stdout
    record = json.loads(first.stdout)
    assert set(record) == {"stories", "assignments"}
    ids = [s["id"] for s in record["stories"]]
    assert ids == list(range(len(ids)))
    for story in record["stories"]:
        assert {"id", "label", "blocks", "first_aired", "last_aired", "networks"} <= set(story)
        assert story["first_aired"] <= story["last_aired"]
    # one assignment per block of `segment --json`, with its index there
    segmented = _cli(["segment", str(corpus), "--json"], hash_seed="0", cwd=tmp_path)
    assert segmented.returncode == 0, segmented.stderr.decode()
    blocks = {
        (rec["file"], k)
        for rec in map(json.loads, segmented.stdout.decode().splitlines())
        for k in range(len(rec["blocks"]))
    }
    assert {(a["file"], a["block"]) for a in record["assignments"]} == blocks
    sizes = {s["id"]: s["blocks"] for s in record["stories"]}
    assigned = [a["story"] for a in record["assignments"]]
    assert all(sizes[s] == assigned.count(s) for s in sizes)


def test_stories_command_reports_bad_input_on_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "empty.txt"
    bad.write_text("", encoding="utf-8")
    done = _cli(["stories", str(bad), "--json"], hash_seed="0", cwd=tmp_path)
    assert done.returncode == 2
    assert done.stdout == b""
    lines = done.stderr.decode().strip().splitlines()
    assert lines and all(line.startswith("error:") for line in lines)
