"""What belongs to a block (analytics.blocks): the words of a transcript's blocks add up to
the words of its turns, every sentence is in the block holding its start, a turn is cut only
at a sentence start; on hand-made cases, Hypothesis-made transcripts and the corpus."""

from __future__ import annotations

import bisect
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from test_segment import transcripts as cnn_pages

from analytics.blocks import block_of, block_pieces, block_records, block_words
from analytics.errors import TranscriptFormatError
from analytics.ingest import parse_file, parse_text
from analytics.model import StoryBlock, Transcript
from analytics.segment import segment
from analytics.sentences import split_transcript

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "raw"


def blocks_at(transcript: Transcript, starts: list[int]) -> tuple[StoryBlock, ...]:
    """Blocks of ``transcript`` starting at its body start and at each of ``starts``."""
    cuts = sorted({transcript.body_start, *(s for s in starts if s > transcript.body_start)})
    cuts = [c for c in cuts if c < len(transcript.text)]
    ends = [*cuts[1:], len(transcript.text)]
    return tuple(
        StoryBlock(i, a, b, "story", f"b{i}")
        for i, (a, b) in enumerate(zip(cuts, ends, strict=True))
    )


def check_pieces(transcript: Transcript, blocks: tuple[StoryBlock, ...]) -> None:
    """Every invariant of the block definition, for one transcript and its blocks."""
    sentences = split_transcript(transcript)
    pieces = block_pieces(transcript, blocks, sentences)
    starts = [b.start_char for b in blocks]
    # words add up, per turn and in total
    assert sum(block_words(transcript, blocks, sentences)) == sum(t.words for t in transcript.turns)
    for turn in transcript.turns:
        own = [p for p in pieces if p.turn == turn.index]
        assert own, f"turn {turn.index} is in no block"
        assert sum(p.words for p in own) == turn.words
        # the pieces of a turn tile its span, in block order
        assert own[0].start_char == turn.start_char
        assert own[-1].end_char == turn.end_char
        for a, b in zip(own, own[1:], strict=False):
            assert a.end_char == b.start_char
            assert a.block < b.block
        # the first piece is in the block holding the turn's start
        assert own[0].block == block_of(turn.start_char, blocks)
        # later pieces start at one of the turn's sentences
        heads = {s.start_char for s in sentences if s.turn_index == turn.index}
        assert all(p.start_char in heads for p in own[1:])
    # every sentence is in exactly one piece: the one of the block holding its start
    placed = [(s, p.block) for p in pieces for s in p.sentences]
    assert sorted(s.start_char for s, _ in placed) == sorted(s.start_char for s in sentences)
    for sentence, block in placed:
        assert block == blocks[bisect.bisect_right(starts, sentence.start_char) - 1].index
    records = block_records(transcript, blocks, sentences)
    assert [r["words"] for r in records] == block_words(transcript, blocks, sentences)
    assert sum(r["sentences"] for r in records) == len(sentences)


def test_a_turn_cut_by_a_block_start_gives_each_side_its_words() -> None:
    t = parse_text(
        "ANDERSON COOPER, CNN ANCHOR: The storm hit the coast. It flooded the towns.\n\n"
        "COOPER: Now the budget. The vote failed tonight in the Senate.\n",
        "x.txt",
    )
    cut = t.text.index("Now the budget")
    blocks = blocks_at(t, [cut])
    pieces = block_pieces(t, blocks)
    assert [(p.block, p.turn, p.words) for p in pieces] == [(0, 0, 9), (1, 1, 10)]
    # a block start inside the second turn, before its second sentence
    inner = t.text.index("The vote")
    blocks = blocks_at(t, [inner])
    assert [(p.block, p.turn, p.words) for p in block_pieces(t, blocks)] == [
        (0, 0, 9),
        (0, 1, 3),
        (1, 1, 7),
    ]
    check_pieces(t, blocks)


def test_a_block_start_inside_a_sentence_cuts_at_the_next_sentence() -> None:
    t = parse_text("COOPER: The storm hit the coast hard. The vote failed.\n", "x.txt")
    mid = t.text.index("coast")
    blocks = blocks_at(t, [mid])
    pieces = block_pieces(t, blocks)
    # the sentence the block start falls in stays whole in the block that holds its start
    assert [(p.block, p.words, len(p.sentences)) for p in pieces] == [(0, 6, 1), (1, 3, 1)]
    assert pieces[1].start_char == t.text.index("The vote")
    check_pieces(t, blocks)


def test_a_block_inside_one_long_turn_has_its_words() -> None:
    sentences = [f"Sentence number {i} is about the storm." for i in range(12)]
    t = parse_text("COOPER: " + " ".join(sentences) + "\n", "x.txt")
    starts = [t.text.index("Sentence number 4"), t.text.index("Sentence number 8")]
    blocks = blocks_at(t, starts)
    assert block_words(t, blocks) == [28, 28, 28]
    assert [r["turns"] for r in block_records(t, blocks)] == [1, 1, 1]
    check_pieces(t, blocks)


def test_a_block_with_no_sentence_of_a_turn_gets_no_piece_of_it() -> None:
    t = parse_text("COOPER: The storm hit the coast hard tonight.\n", "x.txt")
    blocks = blocks_at(t, [t.text.index("coast"), t.text.index("hard")])
    assert [p.block for p in block_pieces(t, blocks)] == [0]
    assert block_words(t, blocks) == [7, 0, 0]
    check_pieces(t, blocks)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cnn_pages(), st.lists(st.floats(0.0, 1.0), max_size=8))
def test_property_block_words_add_up_to_turn_words(text: str, cuts: list[float]) -> None:
    transcript = parse_text(text, source="synthetic.txt")
    # the segmenter's blocks, and blocks starting anywhere at all (mid-word included)
    check_pieces(transcript, segment(transcript))
    body = len(transcript.text) - transcript.body_start
    starts = [transcript.body_start + int(c * body) for c in cuts]
    check_pieces(transcript, blocks_at(transcript, starts))


WORDS = st.sampled_from(["storm", "vote", "U.S.", "Mr.", "3.5", "(CROSSTALK)", "[21:00:00]", "ok"])
TAGS = st.sampled_from(["COOPER: ", "JANE DOE, CNN CORRESPONDENT: ", "UNIDENTIFIED MALE: "])


@st.composite
def tagged_texts(draw: st.DrawFn) -> str:
    """Turns of words, punctuation and markers, separated by new lines or not at all."""
    turns = []
    for _ in range(draw(st.integers(1, 6))):
        words = draw(
            st.lists(st.tuples(WORDS, st.sampled_from([" ", ". ", "? ", "\n"])), max_size=30)
        )
        turns.append(draw(TAGS) + "".join(w + s for w, s in words))
    return "\n\n".join(turns) + "\n"


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tagged_texts(), st.lists(st.integers(0, 2000), max_size=10))
def test_property_on_messy_turns_and_arbitrary_block_starts(text: str, cuts: list[int]) -> None:
    try:
        transcript = parse_text(text, source="messy.txt")
    except TranscriptFormatError:
        assume(False)
    check_pieces(transcript, blocks_at(transcript, [transcript.body_start + c for c in cuts]))


def _corpus_files() -> list[Path]:
    return sorted(CORPUS.rglob("*.txt")) if CORPUS.is_dir() else []


@pytest.mark.corpus
def test_the_corpus_is_there(corpus_dir: Path) -> None:
    assert _corpus_files(), f"no transcripts under {corpus_dir}"


@pytest.mark.corpus
@pytest.mark.parametrize("path", _corpus_files(), ids=lambda p: p.name)
def test_corpus_block_words_add_up_to_turn_words(path: Path) -> None:
    try:
        transcript = parse_file(path)
    except TranscriptFormatError:
        pytest.skip("does not parse (its parser tests say why)")
    check_pieces(transcript, segment(transcript))


def test_a_block_inside_one_long_turn_gets_its_coverage_row() -> None:
    from analytics.coverage import block_coverage
    from analytics.stages import transcript_tables

    sentences = [f"Sentence number {i} is about the storm." for i in range(12)]
    t = parse_text("[21:00:00] COOPER: " + " ".join(sentences) + "\n", "x.txt")
    blocks = blocks_at(t, [t.text.index("Sentence number 4"), t.text.index("Sentence number 8")])
    tables = {k: v.assign(transcript="x") for k, v in transcript_tables(t, blocks).items()}
    assert tables["turns"]["block"].tolist() == [0]
    assert tables["block_turns"]["block"].tolist() == [0, 1, 2]
    coverage = block_coverage(tables["turns"], tables["blocks"])
    assert coverage["block"].tolist() == [0, 1, 2]
    assert coverage["words"].tolist() == [28, 28, 28]
    assert coverage["turns"].tolist() == [1, 1, 1]
    assert coverage["minutes"].sum() == pytest.approx(84 / 150)
    assert coverage["start_minute"].tolist() == pytest.approx([0, 28 / 150, 56 / 150])
