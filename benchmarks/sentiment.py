"""Sentences scored per second: the package against a plain loop over VADER, in one run.

usage: python benchmarks/sentiment.py [--corpus DIR] [--workers N] [--repeat R] [--limit N]

Every file of ``../shared/corpus/raw`` that parses is split into spoken sentences first
(:func:`analytics.sentences.split_transcript`, then :func:`analytics.sentiment.vader_text`,
the text the sentence table scores; not timed). Then, on the same sentences and
in the same process, three timings (best of ``--repeat``):

- ``plain``: ``[analyzer.polarity_scores(t) for t in texts]`` with one
  ``SentimentIntensityAnalyzer`` built beforehand, one process;
- ``package, 1 process``: :func:`analytics.sentiment.score_texts` with ``workers=1``
  (repeated sentences scored once, work VADER would redo skipped);
- ``package``: the same with ``--workers`` processes (default: the CPUs available), pool
  start-up and one analyzer per worker included in the time.

Printed: the rates with wall and CPU seconds (process and worker processes), the ratio
package / plain (target >= 1.6 on two cores), the load average (other work on the machine
takes CPUs the worker processes would use), and whether every score is identical to the
plain loop's. Exit status 1 when a score differs; 0
otherwise, and when ``../shared`` is missing (the script says so).
"""

from __future__ import annotations

import argparse
import math
import os
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer  # noqa: E402

from analytics.errors import AnalyticsError  # noqa: E402
from analytics.ingest import parse_file  # noqa: E402
from analytics.sentences import split_transcript  # noqa: E402
from analytics.sentiment import MIN_PARALLEL, default_workers, score_texts, vader_text  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus" / "raw"
T = TypeVar("T")


def corpus_sentences(corpus: Path) -> tuple[list[str], int, int]:
    """All spoken sentences of the files that parse; (texts, files parsed, files failed)."""
    texts: list[str] = []
    parsed = failed = 0
    for path in sorted(corpus.rglob("*.txt")):
        try:
            transcript = parse_file(path)
        except AnalyticsError:
            failed += 1
            continue
        parsed += 1
        texts.extend(vader_text(s.text) for s in split_transcript(transcript))
    return texts, parsed, failed


def plain_loop(texts: list[str]) -> list[tuple[float, float, float, float]]:
    """The baseline: one analyzer, one process, every sentence scored."""
    analyzer = SentimentIntensityAnalyzer()
    out = []
    for text in texts:
        d = analyzer.polarity_scores(text)
        out.append((d["neg"], d["neu"], d["pos"], d["compound"]))
    return out


def _cpu() -> float:
    """CPU seconds used so far by this process and its finished children."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def best_time(fn: Callable[[], T], repeat: int) -> tuple[float, float, T]:
    """Wall and CPU seconds of the fastest of ``repeat`` runs of ``fn`` (at least one),
    and the last result."""
    best = (math.inf, math.inf)
    for _ in range(max(1, repeat)):
        wall, cpu = time.perf_counter(), _cpu()
        result = fn()
        best = min(best, (time.perf_counter() - wall, _cpu() - cpu))
    return best[0], best[1], result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--limit", type=int, default=None, help="score only the first N")
    args = parser.parse_args(argv)
    if not args.corpus.is_dir():
        print(f"{args.corpus} not present: nothing to measure")
        return 0
    workers = args.workers or default_workers()

    start = time.perf_counter()
    texts, parsed, failed = corpus_sentences(args.corpus)
    if args.limit:
        texts = texts[: args.limit]
    split_s = time.perf_counter() - start
    n = len(texts)
    print(
        f"corpus: {parsed} files parsed, {failed} failed; {n} sentences "
        f"({len(set(texts))} distinct), split in {split_s:.1f} s"
    )

    t_plain, c_plain, ref = best_time(lambda: plain_loop(texts), args.repeat)
    t_one, c_one, one = best_time(lambda: score_texts(texts, workers=1), args.repeat)
    t_pkg, c_pkg, pkg = best_time(lambda: score_texts(texts, workers=workers), args.repeat)

    where = f"{workers} processes" if len(set(texts)) >= MIN_PARALLEL else "in process"
    for label, wall, cpu in (
        ("plain loop, 1 process", t_plain, c_plain),
        ("package, 1 process", t_one, c_one),
        (f"package, {where}", t_pkg, c_pkg),
    ):
        print(f"{label:28}: {n / wall:9.0f} sentences/s  ({wall:.2f} s wall, {cpu:.2f} s CPU)")
    print(
        f"ratio package / plain       : {t_plain / t_pkg:.2f}x  (1 process: {t_plain / t_one:.2f}x;"
        f" CPU time plain / package: {c_plain / c_pkg:.2f}x)"
    )
    load = os.getloadavg()[0]
    print(f"load average (1 min)        : {load:.1f} on {os.cpu_count()} CPUs")
    identical = one == ref and pkg == ref
    print(f"scores identical to plain   : {'yes' if identical else 'NO'}")
    if not identical:
        bad = sum(a != b for a, b in zip(pkg, ref, strict=True))
        print(f"{bad} of {n} sentences differ", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
