"""Fuzz target: any bytes either parse into a transcript or raise TranscriptFormatError.

    python fuzz/fuzz_parse.py -max_total_time=600 -max_len=8192 /tmp/fuzz-corpus fuzz/seeds

Runs decoding, format detection and parsing (atheris, libFuzzer options). Besides crashes
it checks the model's contract: each turn's text is the transcript text at its offsets,
and turns are in order without overlaps.
"""

from __future__ import annotations

import sys

import atheris

with atheris.instrument_imports(include=["analytics"]):
    from analytics.errors import TranscriptFormatError
    from analytics.ingest import detect_format, parse_text
    from analytics.ingest.decode import decode


def test_one_input(data: bytes) -> None:
    """One fuzz case."""
    try:
        text = decode(data, source="fuzz.txt").text
        detect_format(text)
        transcript = parse_text(text, "fuzz.txt")
    except TranscriptFormatError:
        return
    end = 0
    for turn in transcript.turns:
        if transcript.text[turn.start_char : turn.end_char] != turn.text:
            raise AssertionError(f"turn {turn.index}: text does not match its offsets")
        if turn.start_char < end:
            raise AssertionError(f"turn {turn.index} overlaps the previous turn")
        end = turn.end_char


def main() -> None:
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
