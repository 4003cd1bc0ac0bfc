"""Story-block segmentation: partition of the body, the sample's stories, the learned model's
file, determinism, and inputs built to be slow (a huge turn, 50,000 turns, repeated text)."""

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
from analytics.segment import FEATURES, StorySegmenter, block_records, load_model, segment
from analytics.segment.boundary import BoundaryModel, ModelFileError, model_from_json
from analytics.segment.decode import best_starts

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
    for transcript in transcripts:
        assert_partition(transcript, segment(transcript))


@pytest.mark.corpus
def test_sample_blocks_start_where_the_annotators_put_them(
    sample_path: Path, gold_dir: Path, shared_dir: Path
) -> None:
    import importlib.util

    transcript = parse_file(sample_path)
    gold = json.loads((gold_dir / "cnn_2015-11-20_acd.json").read_text(encoding="utf-8"))
    gold_starts = [transcript.text.find(b["starts_with"]) for b in gold["blocks"]]
    blocks = segment(transcript)
    assert_partition(transcript, blocks)
    starts = [b.start_char for b in blocks]
    # the first block starts the body; every other gold start is a predicted start
    assert transcript.text[starts[0] : gold_starts[0]].strip() == ""
    assert set(gold_starts[1:]) <= set(starts)
    # at most two starts more than the annotators (the second pass splits one long report)
    assert len(blocks) <= len(gold_starts) + 2
    spec = importlib.util.spec_from_file_location(
        "score_segments", shared_dir / "gold" / "score_segments.py"
    )
    scorer = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(scorer)  # type: ignore[union-attr]
    result = scorer.score(gold, {"blocks": [{"start_char": s} for s in starts]}, transcript.text)
    assert result["pk"] <= 0.05
    items = transcript.headlines
    assert len(items) == 7
    assert blocks[0].headline == "; ".join(items[0:2])
    assert blocks[-1].headline == items[6]


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


def test_segmentation_is_deterministic(sample_path: Path) -> None:
    transcript = parse_file(sample_path)
    first = StorySegmenter().fit().transform(transcript)
    second = StorySegmenter().fit().transform(transcript)
    assert first == second == segment(transcript)


def test_estimator_contract(sample_path: Path) -> None:
    seg = StorySegmenter(C=0.5, random_state=3)
    assert vars(seg) == {"model": None, "C": 0.5, "random_state": 3, "decoding": None}
    transcript = parse_file(sample_path)
    with pytest.raises(RuntimeError, match="not fitted"):
        seg.transform(transcript)
    assert seg.fit() is seg
    assert seg.model_.features == FEATURES
    with pytest.raises(ValueError, match="start lists"):
        StorySegmenter().fit([transcript], [])


def test_shipped_model_file_loads_and_records_its_training() -> None:
    model = load_model()
    assert model.features == FEATURES
    assert len(model.coef) == len(FEATURES)
    names = [a["name"] for a in model.training["annotations"]]  # type: ignore[index]
    assert len(names) >= 12 and names == sorted(names)
    assert not any("second" in n for n in names)
    assert model_from_json(model.to_json()) == model


def _reserved_names() -> set[str]:
    from analytics.segment.train import reserved_files

    return {Path(f).stem for f in reserved_files()}


def test_shipped_model_never_saw_a_reserved_transcript(shared_dir: Path) -> None:
    names = {a["name"] for a in load_model().training["annotations"]}  # type: ignore[union-attr]
    reserved = _reserved_names()
    assert reserved, "RESERVED.md lists no transcript"
    assert not names & reserved


def _labelled_synthetic(n: int) -> tuple[list[Transcript], list[list[int]]]:
    """Synthetic transcripts and the offsets where their stories start (the gold)."""
    transcripts, starts = [], []
    topics = sorted(TOPICS)
    for i in range(n):
        picked = [topics[(i + k) % len(topics)] for k in range(3)]
        parts, openers = [], []
        for s, topic in enumerate(picked):
            opener = f"DOE: Story {s + 1} of programme {i}: the {topic}."
            openers.append(opener)
            parts.append(f"{opener} {_sentences(topic, 8, s + i)}")
            parts.append(f"BOB ROE, CNN CORRESPONDENT: {_sentences(topic, 6, s)}")
            if s < 2 and (i + s) % 2:
                parts.append("DOE: Thank you, Bob Roe. Coming up, more news after this.")
                parts.append("(COMMERCIAL BREAK)")
        body = "\n\n".join(parts).replace("DOE:", "JANE DOE, CNN ANCHOR:", 1)
        text = HEADER.format(headlines="; ".join(p.title() for p in picked)) + body + "\n"
        transcript = parse_text(text, source=f"synthetic_{i}.txt")
        offsets = [transcript.body_start]
        offsets += [transcript.text.index(o) for o in openers[1:]]
        transcripts.append(transcript)
        starts.append(offsets)
    return transcripts, starts


def test_training_twice_gives_the_same_file_and_it_reads_back(tmp_path: Path) -> None:
    transcripts, starts = _labelled_synthetic(6)
    first = StorySegmenter(C=1.0, random_state=0).fit(transcripts, starts).model_
    second = StorySegmenter(C=1.0, random_state=0).fit(transcripts, starts).model_
    assert first.to_json() == second.to_json()
    path = tmp_path / "model.json"
    path.write_text(first.to_json(), encoding="utf-8")
    loaded = load_model(path, FEATURES)
    assert isinstance(loaded, BoundaryModel)
    assert loaded == first
    assert loaded.training["transcripts"] == [t.source for t in transcripts]
    # the model file segments like the model it was written from
    seg = StorySegmenter(model=path).fit()
    direct = StorySegmenter(model=first).fit()
    for transcript in transcripts:
        assert seg.transform(transcript) == direct.transform(transcript)
    bad = tmp_path / "bad.json"
    bad.write_text('{"features": ["x"]}', encoding="utf-8")
    with pytest.raises(ModelFileError):
        load_model(bad)


def test_a_model_for_other_features_is_refused(tmp_path: Path) -> None:
    model = load_model()
    other = BoundaryModel(
        features=(*model.features[:-1], "something_else"),
        mean=model.mean,
        scale=model.scale,
        coef=model.coef,
        intercept=model.intercept,
    )
    path = tmp_path / "other.json"
    path.write_text(other.to_json(), encoding="utf-8")
    with pytest.raises(ModelFileError, match="other features"):
        StorySegmenter(model=path).fit()


@pytest.mark.corpus
def test_training_script_rebuilds_the_shipped_file(shared_dir: Path) -> None:
    from analytics.segment import train

    assert train.main(["--check"]) == 0


def test_decoding_keeps_starts_apart_and_takes_the_best() -> None:
    import numpy as np

    gain = np.array([0.0, 2.0, 5.0, -1.0, 3.0, 1.0, 4.0])
    before = np.array([0, 10, 20, 30, 40, 50, 60])
    chosen = best_starts(gain, before, 70, min_words=25)
    assert chosen == [2, 6]  # 2 + 4 beats 5 + 3 (both need 25 words between starts)
    assert best_starts(gain, before, 70, min_words=1) == [1, 2, 4, 5, 6]
    assert best_starts(gain, before, 70, min_words=1, min_last=15) == [1, 2, 4, 5]
    assert best_starts(-np.ones(5), np.arange(5), 5, min_words=1) == []


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
    blocks = segment(parse_file(sample_path))
    assert [b["start_char"] for b in record["blocks"]] == [b.start_char for b in blocks]
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


def _assert_bounded_blocks(transcript: Transcript, blocks: tuple[StoryBlock, ...]) -> None:
    """A partition whose blocks (after the first) hold at least the minimum spoken words."""
    assert_partition(transcript, blocks)
    minimum = StorySegmenter().fit().decoding_.min_words
    starts = [b.start_char for b in blocks] + [len(transcript.text)]
    for a, b in zip(starts[1:], starts[2:], strict=False):
        assert len(transcript.text[a:b].split()) >= minimum * 0.9


def test_repeated_text_in_one_turn_is_one_story():
    # 6,000 identical sentences: every similarity ties, the worst case for a per-gap walk.
    t = parse_text("ANDERSON COOPER, CNN ANCHOR: " + "The rain has not stopped. " * 6000, "x.txt")
    blocks = segment(t)
    assert_partition(t, blocks)
    assert len(blocks) == 1


def test_a_one_megabyte_turn_gets_blocks_that_partition_it():
    # one speaker, one paragraph, 1 MB: every sentence is a candidate; five topics in turn
    parts = []
    for k in range(60):
        topic = sorted(TOPICS)[k % len(TOPICS)]
        parts.append(_sentences(topic, 60, k))
    body = " ".join(parts)
    body = (body * (1_000_000 // len(body) + 1))[:1_000_000]
    t = parse_text("JANE DOE, CNN ANCHOR: " + body + "\n", "big.txt")
    blocks = segment(t)
    _assert_bounded_blocks(t, blocks)


def test_fifty_thousand_one_line_turns_get_blocks_that_partition_them():
    lines = []
    for k in range(50_000):
        speaker = ("JANE DOE", "BOB ROE", "ANN LEE")[k % 3]
        lines.append(f"{speaker}: Yes. {TOPICS[sorted(TOPICS)[(k // 500) % 5]].split()[k % 8]}.")
    t = parse_text(HEADER.format(headlines="Many Turns") + "\n".join(lines) + "\n", "turns.txt")
    assert len(t.turns) == 50_000
    blocks = segment(t)
    _assert_bounded_blocks(t, blocks)


def test_a_file_of_one_line_repeated_gets_blocks_that_partition_it():
    line = "JANE DOE, CNN ANCHOR: Coming up, the storm. Thank you, Bob Roe. Now to the vote.\n"
    t = parse_text(HEADER.format(headlines="Repeated") + line * 20_000, "repeat.txt")
    blocks = segment(t)
    _assert_bounded_blocks(t, blocks)


def test_novelties_at_two_widths_equal_each_width_alone() -> None:
    import numpy as np

    from analytics.segment.cohesion import novelties, novelty

    units = [["storm", "coast"], ["storm", "rain"], ["budget", "senat"], ["storm"], []]
    vocab = ["storm", "coast", "rain", "budget", "senat"]
    idf = np.array([1.0, 2.0, 2.5, 3.0, 1.5])
    both = novelties(units, idf, vocab, (1, 3))
    for width, got in zip((1, 3), both, strict=True):
        assert got.tolist() == novelty(units, idf, vocab, width).tolist()
    # unit 2's first word is new; unit 3's is not
    assert both[0].tolist() == [0.0, 0.0, 1.0, 0.0, 0.0]


def test_key_words_keep_their_most_used_written_form() -> None:
    from collections import Counter

    from analytics.segment.cohesion import tokens
    from analytics.segment.headlines import keyword_labels

    text = "Mueller said. MUELLER! Mueller's team met the mueller panel. Shutdown looms; shutdown, shutdown."
    words = Counter(tokens(text))
    other = Counter(tokens("The weather was fine and the weather held."))
    labels = keyword_labels([words, other], {0: text}, {}, 1.0, size=2)
    assert labels[0] == "Mueller, shutdown"


def test_tokens_of_many_texts_equal_tokens_of_each() -> None:
    from analytics.segment.cohesion import tokens, tokens_of

    texts = ["The Senators\u2019 vote on DREAMers", "", "Mueller's team MET", "a\nb c"]
    assert tokens_of(texts) == [tokens(t) for t in texts]
    assert tokens_of(texts[:3]) == [tokens(t) for t in texts[:3]]
