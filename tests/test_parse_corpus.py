"""Every CNN, MSNBC and Fox transcript of ../shared/corpus/raw parses with at least 95% of
its body words inside speaker turns; NPR (MediaSum) parses as plain text; closed captions,
which name no speakers, are rejected with TranscriptFormatError by an explicit rule."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from analytics.errors import TranscriptFormatError
from analytics.ingest import body_coverage, detect_format, parse_file

pytestmark = pytest.mark.corpus

TAGGED = ["cnn", "cnn_more", "cnn_reconstructed", "msnbc", "fox", "fox_more"]
MIN_COVERAGE = 0.95
NETWORK = {"cnn": "CNN", "msnbc": "MSNBC", "fox": "Fox News", "npr": "NPR"}


def files(corpus_dir: Path, folder: str) -> list[Path]:
    found = sorted((corpus_dir / folder).glob("*.txt"))
    assert found, f"no transcripts in {corpus_dir / folder}"
    return found


@pytest.mark.parametrize("folder", TAGGED)
def test_folder_coverage(corpus_dir: Path, folder: str) -> None:
    low = []
    for path in files(corpus_dir, folder):
        t = parse_file(path)
        assert t.network == NETWORK[path.name.split("_")[0]], path.name
        # the header's date wins; one Fox page says the day before its file name
        named = date.fromisoformat(path.name.split("_")[1])
        assert t.air_date is not None and abs((t.air_date - named).days) <= 1, path.name
        assert t.show, path.name
        assert len(t.speakers) >= 2, path.name
        cov = body_coverage(t)
        if cov < MIN_COVERAGE:
            low.append(f"{path.name}: {cov:.3f}")
        for turn in t.turns:
            assert t.text[turn.start_char : turn.end_char] == turn.text
    assert not low, f"below {MIN_COVERAGE:.0%} of body words in turns: {low}"


def test_mediasum_npr_parses_as_plain(corpus_dir: Path) -> None:
    for path in files(corpus_dir, "mediasum"):
        t = parse_file(path)
        assert t.format == "plain" and t.network == "NPR"
        assert body_coverage(t) >= MIN_COVERAGE
        assert all(not u.speaker.key.startswith("MR.") for u in t.turns)


def test_captions_are_rejected(corpus_dir: Path) -> None:
    for path in files(corpus_dir, "msnbc_captions"):
        assert detect_format(path.read_text(encoding="utf-8")) == "captions"
        with pytest.raises(TranscriptFormatError, match="closed captions"):
            parse_file(path)


def test_format_detected_from_text(corpus_dir: Path) -> None:
    expect = {
        "studentnews": "cnn_student_news",
        "cnn10": "cnn10",
        "acd_01": "cnn_flat",
        "acd_02": "cnn_flat",
    }
    for folder in ("cnn", "cnn_more", "msnbc", "fox"):
        for path in files(corpus_dir, folder):
            fmt = detect_format(path.read_text(encoding="utf-8"))
            stem = path.stem
            want = next((v for k, v in expect.items() if stem.endswith(k)), None)
            if want is None:
                want = {"msnbc": "msnbc", "fox": "fox"}.get(folder, "cnn")
            assert fmt == want, path.name


def test_sample_is_the_corpus_copy(corpus_dir: Path, sample_path: Path) -> None:
    assert (corpus_dir / "cnn" / sample_path.name).read_bytes() == sample_path.read_bytes()
