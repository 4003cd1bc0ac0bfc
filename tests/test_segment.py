"""Story-block segmentation: partition of the body, the sample's stories, one-story hearings."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analytics.cli import main
from analytics.ingest import parse_file, parse_text
from analytics.model import StoryBlock, Transcript
from analytics.segment import CUES, StorySegmenter, block_records, segment

HEADER = (
    "Return to Transcripts main page\n\nCNN NEWSROOM\n\n{headlines}. Aired 9-10p ET\n\n"
    "Aired May 1, 2020 - 21:00   ET\n\n"
    "THIS IS A RUSH TRANSCRIPT. THIS COPY MAY NOT BE IN ITS FINAL FORM AND MAY BE UPDATED.\n\n"
)

TOPICS = {
    "storm": "hurricane winds coast flooding evacuation rain shelters damage power outages",
    "budget": "senate budget vote spending deficit taxes republicans democrats bill",
    "vaccine": "vaccine doses clinics trial pfizer immunity shots pharmacies boosters",
    "election": "ballots voters polling precinct turnout recount governor campaign count",
    "wildfire": "wildfire acres firefighters containment smoke evacuation canyon blaze",
}


def assert_partition(transcript: Transcript, blocks: tuple[StoryBlock, ...]) -> None:
    """Blocks cover [body_start, len(text)) with no gap or overlap, in order."""
    assert blocks, "no blocks"
    assert blocks[0].start_char == transcript.body_start
    assert blocks[-1].end_char == len(transcript.text)
    for i, block in enumerate(blocks):
        assert block.index == i
        assert block.start_char < block.end_char
        assert block.kind in ("open", "story")
        assert block.headline
        assert list(block.turn_indices) == sorted(set(block.turn_indices))
        assert all(0 <= t < len(transcript.turns) for t in block.turn_indices)
    for a, b in zip(blocks, blocks[1:], strict=False):
        assert a.end_char == b.start_char


def _sentences(topic: str, n: int, seed: int) -> str:
    words = TOPICS[topic].split()
    out = []
    for i in range(n):
        picked = [words[(seed + i * 3 + k * 7) % len(words)] for k in range(6)]
        out.append(f"The {picked[0]} and the {picked[1]} {picked[2]} near the {picked[3]}.")
    return " ".join(out)


@st.composite
def transcripts(draw: st.DrawFn) -> str:
    """Synthetic CNN pages: stories with reports, teases, breaks, stamps; maybe one line."""
    topics = draw(st.lists(st.sampled_from(sorted(TOPICS)), min_size=1, max_size=4))
    flat = draw(st.booleans())
    parts = []
    minute = 0
    for s, topic in enumerate(topics):
        stamp = f"[21:{minute:02d}:00] " if draw(st.booleans()) else ""
        minute = min(minute + draw(st.integers(1, 14)), 59)
        parts.append(
            f"{stamp}JANE DOE, CNN ANCHOR: {_sentences(topic, draw(st.integers(1, 6)), s)}"
        )
        for r in range(draw(st.integers(0, 3))):
            parts.append(f"REPORTER{r} SMITH, CNN CORRESPONDENT: {_sentences(topic, 4, r + s)}")
            parts.append(f"DOE: {_sentences(topic, draw(st.integers(1, 3)), r)}")
        if draw(st.booleans()):
            parts.append("DOE: Thank you, Reporter Smith. Coming up, more news after this.")
        if draw(st.booleans()):
            parts.append("(COMMERCIAL BREAK)")
    body = "  ".join(parts) if flat else "\n\n".join(parts)
    headlines = "; ".join(t.title() + " News" for t in topics)
    return HEADER.format(headlines=headlines) + body + "\n"


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(transcripts())
def test_blocks_partition_synthetic_bodies(text: str) -> None:
    transcript = parse_text(text, source="synthetic.txt")
    assert_partition(transcript, segment(transcript))


@pytest.mark.corpus
def test_blocks_partition_corpus_files(corpus_dir: Path) -> None:
    files = sorted(corpus_dir.rglob("*.txt"))[::24]
    transcripts = []
    for path in files:
        try:
            transcripts.append(parse_file(path))
        except Exception:  # noqa: BLE001 - parser failures are the parser's tests' business
            continue
    assert len(transcripts) >= 6
    segmenter = StorySegmenter().fit(transcripts)
    for transcript in transcripts:
        assert_partition(transcript, segmenter.transform(transcript))


@pytest.mark.corpus
def test_sample_gives_its_six_stories_with_list_headlines(
    sample_path: Path, gold_dir: Path
) -> None:
    transcript = parse_file(sample_path)
    gold = json.loads((gold_dir / "cnn_2015-11-20_acd.json").read_text(encoding="utf-8"))
    gold_starts = [transcript.text.find(b["starts_with"]) for b in gold["blocks"]]
    blocks = segment(transcript)
    assert len(blocks) == 6
    # the first block starts the body; the others where the annotators put them
    assert transcript.text[blocks[0].start_char : gold_starts[0]].strip() == ""
    assert [b.start_char for b in blocks[1:]] == gold_starts[1:]
    items = transcript.headlines
    assert len(items) == 7
    expected = [items[0:2], items[2:3], items[3:4], items[4:5], items[5:6], items[6:7]]
    for block, want in zip(blocks, expected, strict=True):
        assert block.kind == "story"
        assert block.headline == "; ".join(want)


def _hearing() -> str:
    """A live Senate hearing: one story, many turns, stamps, thanks, no tease, no break."""
    asks = [
        "Why did the price of insulin triple while the cost of making it fell?",
        "How many patients skip doses of insulin because of the list price?",
        "Will your company cap the monthly insulin copay for patients on Medicare?",
        "Who keeps the rebates that pharmacy benefit managers negotiate on insulin?",
        "What would a generic insulin do to the list price for uninsured patients?",
    ]
    answers = [
        "Senator, the list price of insulin reflects rebates paid to pharmacy benefit managers.",
        "We estimate that patients without insurance pay the full list price for insulin.",
        "Our company now offers a copay card so patients pay less for insulin each month.",
        "The rebates on insulin go to the pharmacy benefit managers and to the insurers.",
        "A generic insulin would lower the list price, and we support more competition.",
    ]
    parts = [
        "[10:00:00] JANE DOE, CNN ANCHOR: We take you live now to Capitol Hill, where the Senate "
        "hearing on the price of insulin is under way. Let's listen in.",
    ]
    for i in range(30):
        stamp = f"[10:{(i * 2) % 60:02d}:00] " if i % 5 == 0 and i else ""
        q, a = asks[i % len(asks)], answers[(i * 2) % len(answers)]
        chair = "SEN. ALAN SMITH (R-TX)" if i == 0 else "SMITH"
        exec_ = "MARY JONES, CHIEF EXECUTIVE, INSULIN MAKER" if i == 0 else "JONES"
        parts.append(f"{stamp}{chair}: Thank you, Ms. Jones. {q} And the insulin rebates?")
        parts.append(f"{exec_}: {a} Thank you for the question, Senator Smith.")
    parts.append("SMITH: The hearing on insulin prices will continue this afternoon.")
    return HEADER.format(headlines="Senate Hearing on Insulin Prices") + "\n\n".join(parts) + "\n"


def test_live_hearing_stays_one_block() -> None:
    transcript = parse_text(_hearing(), source="hearing.txt")
    blocks = segment(transcript)
    assert_partition(transcript, blocks)
    assert len(blocks) == 1
    assert blocks[0].headline == "Senate Hearing on Insulin Prices"


def _two_stories() -> str:
    storm = _sentences("storm", 12, 1)
    vote = _sentences("budget", 12, 2)
    return HEADER.format(headlines="Storm Hits Coast; Senate Passes Budget") + (
        f"[21:00:00] JANE DOE, CNN ANCHOR: {storm}\n\n"
        f"BOB ROE, CNN CORRESPONDENT: {storm}\n\n"
        "DOE: Bob Roe, thank you. Coming up, the vote in the Senate.\n\n"
        "(COMMERCIAL BREAK)\n\n"
        f"[21:12:00] DOE: {vote}\n\nANN LEE, CNN CORRESPONDENT: {vote}\n"
    )


def test_tease_and_break_end_a_story() -> None:
    transcript = parse_text(_two_stories(), source="two.txt")
    blocks = segment(transcript)
    assert_partition(transcript, blocks)
    assert len(blocks) == 2
    assert transcript.text[blocks[1].start_char :].startswith("[21:12:00] DOE:")
    assert [b.headline for b in blocks] == ["Storm Hits Coast", "Senate Passes Budget"]


def test_lexical_mode_is_deterministic(sample_path: Path) -> None:
    transcript = parse_file(sample_path)
    first = StorySegmenter().fit([transcript]).transform(transcript)
    second = StorySegmenter().fit([transcript]).transform(transcript)
    assert first == second


def test_estimator_contract(sample_path: Path) -> None:
    seg = StorySegmenter(mode="lexical", threshold=2.5, disabled=("break",))
    assert vars(seg) == {
        "mode": "lexical",
        "threshold": 2.5,
        "min_words": 120,
        "width": 80,
        "bare_boost": 1.5,
        "weights": None,
        "disabled": ("break",),
        "embedder": None,
    }
    transcript = parse_file(sample_path)
    with pytest.raises(RuntimeError, match="not fitted"):
        seg.transform(transcript)
    assert seg.fit([transcript]) is seg
    assert seg.idf_ and seg.weights_["break"] == 0.0
    with pytest.raises(ValueError, match="unknown cues"):
        StorySegmenter(disabled=("nonsense",)).fit([transcript])
    assert set(seg.weights_) == set(CUES)


def test_block_records_count_spoken_words(sample_path: Path) -> None:
    transcript = parse_file(sample_path)
    blocks = segment(transcript)
    records = block_records(transcript, blocks)
    assert [r["start_char"] for r in records] == [b.start_char for b in blocks]
    assert "Anderson Cooper" in records[0]["speakers"]
    spoken = sum(t.words for t in transcript.turns)
    assert sum(r["words"] for r in records) == spoken


def test_cli_segment_json(sample_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["segment", str(sample_path), "--json"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 1
    record = json.loads(lines[0])
    assert record["file"] == str(sample_path)
    assert record["transcript"] == sample_path.stem
    assert len(record["blocks"]) == 6
    assert list(record["blocks"][0]) == [
        "block",
        "start_char",
        "end_char",
        "kind",
        "headline",
        "speakers",
        "turns",
        "words",
        "sentences",
    ]


def test_cli_segment_bad_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "empty.txt"
    bad.write_bytes(b"")
    assert main(["segment", str(bad), str(tmp_path / "missing.txt"), "--json"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    errors = captured.err.strip().splitlines()
    assert len(errors) == 2
    assert all(re.match(r"error: .*(empty|missing)\.txt: ", e) for e in errors)


@pytest.mark.slow
def test_semantic_mode_with_the_real_model() -> None:
    transcript = parse_text(_two_stories(), source="two.txt")
    seg = StorySegmenter(mode="semantic").fit([transcript])
    assert seg.embedder_ is not None
    assert seg.weights_["semantic"] > 0
    units, feats = seg.cue_matrix(transcript)
    assert feats["semantic"].any(), "the sentence vectors gave no evidence"
    blocks = seg.transform(transcript)
    assert_partition(transcript, blocks)
    assert [b.headline for b in blocks] == ["Storm Hits Coast", "Senate Passes Budget"]


def _climb_depth(sims: list[float]) -> list[float]:
    """TextTiling depth by its definition: walk uphill from each gap on both sides."""
    n = len(sims)
    depth = [0.0] * n
    for j in range(1, n):
        left, i = sims[j], j - 1
        while i >= 1 and sims[i] >= left:
            left, i = sims[i], i - 1
        right, i = sims[j], j + 1
        while i < n and sims[i] >= right:
            right, i = sims[i], i + 1
        depth[j] = (left - sims[j]) + (right - sims[j])
    return depth


@given(st.lists(st.sampled_from([0.0, 0.25, 0.5, 0.75, 1.0]), max_size=30))
def test_depth_scores_equal_the_uphill_walk_on_plateaus_and_ties(sims):
    import numpy as np

    from analytics.segment.cohesion import depth_scores

    assert depth_scores(np.array(sims)).tolist() == _climb_depth(sims)


def test_repeated_text_in_one_turn_segments_without_quadratic_blow_up():
    # 6,000 identical sentences: every similarity ties, the worst case for a per-gap walk.
    t = parse_text("ANDERSON COOPER, CNN ANCHOR: " + "The rain has not stopped. " * 6000, "x.txt")
    blocks = segment(t)
    assert blocks[0].start_char == t.body_start and blocks[-1].end_char == len(t.text)
