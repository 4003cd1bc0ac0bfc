"""Parse throughput over the whole corpus, side by side with reading and decoding the same
bytes: ``python benchmarks/parse.py [CORPUS_DIR]``.

Prints MB/s for read+decode (the baseline), for read+decode+parse, and their ratio, from
the least CPU time of three runs each. Files that are rejected (closed captions) count as
parsed: detection is part of the work.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from analytics.errors import TranscriptFormatError
from analytics.ingest import parse_text
from analytics.ingest.decode import read_text

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = ROOT.parent / "shared" / "corpus" / "raw"


def _files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*.txt") if p.is_file())


def _best(fn, repeats: int) -> float:
    """Least CPU time of ``repeats`` runs (CPU time: other processes on a shared machine
    slow the wall clock of both sides unevenly)."""
    times = []
    for _ in range(repeats):
        t0 = time.process_time()
        fn()
        times.append(time.process_time() - t0)
    return min(times)


def main(argv: list[str]) -> int:
    root = Path(argv[1]) if len(argv) > 1 else DEFAULT
    if not root.is_dir():
        print(f"skip: corpus not found at {root}")
        return 0
    paths = _files(root)
    size = sum(p.stat().st_size for p in paths)
    mb = size / 1e6

    def decode_only() -> None:
        for p in paths:
            read_text(p)

    rejected = 0

    def decode_and_parse() -> None:
        nonlocal rejected
        rejected = 0
        for p in paths:
            try:
                parse_text(read_text(p), str(p))
            except TranscriptFormatError:
                rejected += 1

    decode_and_parse()  # warm up caches and regex compilation
    base = _best(decode_only, 3)
    full = _best(decode_and_parse, 3)
    print(f"corpus: {len(paths)} files, {mb:.2f} MB ({rejected} rejected)")
    print(f"read+decode:       {mb / base:8.1f} MB/s  ({base:.3f} s)")
    print(f"read+decode+parse: {mb / full:8.1f} MB/s  ({full:.3f} s)")
    print(f"parse costs {full / base:.1f}x read+decode")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
