"""Story-block segmentation scored against the dev gold, beside three baselines.

usage: python benchmarks/segmentation.py [--gold DIR] [--corpus DIR]
                                        [--mode lexical|semantic] [--ablation] [--quiet]

Every file in ``../shared/gold/dev`` is scored with ``../shared/gold/score_segments.py``
(imported by path, so Pk and WindowDiff are the scorer's own). Printed: one row per file,
per-network means, overall means and the worst file, for

- ``one``: one block per file;
- ``stamps``: a block starts at every ``[HH:MM:SS]`` stamp;
- ``tiling``: NLTK's ``TextTilingTokenizer`` with scikit-learn's English stop words (nothing
  is downloaded). TextTiling splits only at paragraph breaks (blank lines), so the body is
  first cut into pieces, one per line, or one per sentence when the body is a single long
  line (a sentence ends at ``.?!`` followed by a space and a capital, a quote or ``[``);
  the pieces are joined with blank lines and the boundaries mapped back to offsets;
- ``segment``: :class:`analytics.segment.StorySegmenter` fitted on the corpus files that
  are not in the gold set (``--mode semantic`` adds sentence embeddings).

``--ablation`` re-runs the segmenter with each cue switched off and prints the mean Pk.
Exit status 0; when ``../shared`` is missing the script says so and exits 0.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import re
import sys
import time
from collections import defaultdict
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT))

STAMP = re.compile(r"\[\d{1,2}:\d{2}:\d{2}\]")
SENTENCE_END = re.compile(r"(?<=[.?!])\s+(?=[A-Z\"\[(])")


def load_scorer(path: Path) -> ModuleType:
    """Import score_segments.py from its path."""
    spec = importlib.util.spec_from_file_location("score_segments", path)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot import {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def one_block(text: str, origin: int) -> list[int]:
    """Baseline: the whole body is one block."""
    return [origin]


def at_stamps(text: str, origin: int) -> list[int]:
    """Baseline: a block starts at every [HH:MM:SS] stamp after the origin."""
    return [origin] + [m.start() for m in STAMP.finditer(text) if m.start() > origin]


def _pieces(text: str, origin: int) -> list[tuple[int, str]]:
    """Cut the body into (offset, text) pieces: lines, or sentences for one-line bodies."""
    body = text[origin:]
    lines = [(m.start() + origin, m.group()) for m in re.finditer(r"[^\n]*\S[^\n]*", body)]
    if len(lines) >= 10:
        return lines
    pieces: list[tuple[int, str]] = []
    for start, line in lines:
        cut = 0
        for m in SENTENCE_END.finditer(line):
            pieces.append((start + cut, line[cut : m.start()]))
            cut = m.end()
        pieces.append((start + cut, line[cut:]))
    return [(s, p) for s, p in pieces if p.strip()]


def texttiling(text: str, origin: int) -> list[int]:
    """Baseline: NLTK TextTiling over pieces joined by blank lines, mapped back to offsets."""
    from nltk.tokenize.texttiling import TextTilingTokenizer
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    pieces = _pieces(text, origin)
    joined = "\n\n".join(p for _, p in pieces)
    starts_in_joined = []
    pos = 0
    for _, p in pieces:
        starts_in_joined.append(pos)
        pos += len(p) + 2
    tiler = TextTilingTokenizer(stopwords=sorted(ENGLISH_STOP_WORDS))
    try:
        segments = tiler.tokenize(joined)
    except ValueError:
        return [origin]
    bounds = [origin]
    pos = 0
    for seg in segments[:-1]:
        pos += len(seg)
        # the first piece starting at or after the boundary
        idx = next((i for i, s in enumerate(starts_in_joined) if s >= pos), None)
        if idx is not None and pieces[idx][0] > bounds[-1]:
            bounds.append(pieces[idx][0])
    return bounds


def _mean(values: list[float]) -> float:
    return sum(values) / len(values) if values else float("nan")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gold", type=Path, default=SHARED / "gold" / "dev")
    ap.add_argument("--corpus", type=Path, default=SHARED / "corpus" / "raw")
    ap.add_argument("--scorer", type=Path, default=SHARED / "gold" / "score_segments.py")
    ap.add_argument("--mode", choices=("lexical", "semantic"), default="lexical")
    ap.add_argument("--ablation", action="store_true", help="Pk with each cue removed")
    ap.add_argument("--quiet", action="store_true", help="means only")
    args = ap.parse_args(argv)
    if not args.gold.is_dir() or not args.scorer.is_file():
        print(f"skipped: {args.gold} or {args.scorer} not found")
        return 0
    scorer = load_scorer(args.scorer)
    from analytics.ingest.decode import read_text

    golds = []
    for path in sorted(args.gold.glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        text = read_text(args.corpus / gold["file"])
        origin = scorer.resolve_gold(gold, text)[0]
        golds.append((path.stem, gold, text, origin))

    def score(gold: dict, text: str, starts: list[int]) -> dict:
        return scorer.score(gold, {"blocks": [{"start_char": s} for s in starts]}, text)

    baselines = {"one": one_block, "stamps": at_stamps, "tiling": texttiling}
    rows: dict[str, dict[str, dict]] = defaultdict(dict)
    for name, gold, text, origin in golds:
        for base, fn in baselines.items():
            rows[name][base] = score(gold, text, fn(text, origin))

    segmenter = None
    try:
        from analytics.ingest import parse_file
        from analytics.segment import StorySegmenter
    except ImportError as exc:  # the parser or segmenter is not there yet
        print(f"note: segmenter not scored ({exc})")
    else:
        gold_files = {gold["file"] for _, gold, _, _ in golds}
        train = []
        for p in sorted(args.corpus.rglob("*.txt")):
            if str(p.relative_to(args.corpus)) in gold_files:
                continue
            try:
                train.append(parse_file(p))
            except Exception:  # noqa: BLE001 - unparseable files do not train the IDF
                continue
        segmenter = StorySegmenter(mode=args.mode).fit(train)
        embedder = segmenter.embedder_  # shared by the ablation runs (cached vectors)
        t0 = time.perf_counter()
        parsed = {name: parse_file(args.corpus / gold["file"]) for name, gold, _, _ in golds}
        parse_time = time.perf_counter() - t0
        elapsed = 0.0
        for name, gold, text, _ in golds:
            t0 = time.perf_counter()
            blocks = segmenter.transform(parsed[name])
            elapsed += time.perf_counter() - t0
            rows[name]["segment"] = score(gold, text, [b.start_char for b in blocks])
        print(
            f"segmenter ({args.mode}): {elapsed:.2f}s for {len(golds)} files, "
            f"{elapsed / len(golds):.2f}s per file, {elapsed / parse_time:.1f}x the time to "
            f"parse them ({parse_time:.2f}s); fitted on {len(train)} other files"
        )

    methods = [m for m in ("one", "stamps", "tiling", "segment") if m in next(iter(rows.values()))]
    if not args.quiet:
        head = f"{'file':32} {'words':>6} {'gold':>4} " + " ".join(f"{m:>8}" for m in methods)
        head += f" {'pred':>4} {'wd':>6}" if "segment" in methods else ""
        print(head)
        for name, *_ in golds:
            r = rows[name]
            line = f"{name:32} {r['one']['words']:>6} {r['one']['gold_blocks']:>4} "
            line += " ".join(f"{r[m]['pk']:>8.3f}" for m in methods)
            if "segment" in r:
                line += f" {r['segment']['pred_blocks']:>4} {r['segment']['windowdiff']:>6.3f}"
            print(line)
    print("\nmean Pk (WindowDiff for the segmenter)")
    networks = sorted({name.split("_")[0] for name, *_ in golds})
    for net in [*networks, "all"]:
        names = [n for n, *_ in golds if net == "all" or n.startswith(net + "_")]
        line = f"{net:8} n={len(names):<3}" + " ".join(
            f"{m}={_mean([rows[n][m]['pk'] for n in names]):.3f}" for m in methods
        )
        if "segment" in methods:
            line += f" wd={_mean([rows[n]['segment']['windowdiff'] for n in names]):.3f}"
        print(line)
    if "segment" in methods:
        worst = max(golds, key=lambda g: rows[g[0]]["segment"]["pk"])[0]
        print(f"worst file: {worst} Pk={rows[worst]['segment']['pk']:.3f}")

    if args.ablation and segmenter is not None:
        from analytics.segment import CUES

        print(
            "\nablation: mean Pk with one cue switched off (all cues on: "
            f"{_mean([rows[n]['segment']['pk'] for n, *_ in golds]):.3f})"
        )
        for cue in CUES:
            ablated = StorySegmenter(mode=args.mode, disabled=(cue,), embedder=embedder)
            ablated.fit(train)
            pks = []
            for name, gold, text, _ in golds:
                blocks = ablated.transform(parsed[name])
                pks.append(score(gold, text, [b.start_char for b in blocks])["pk"])
            per_net = " ".join(
                f"{net}={_mean([pk for (n, *_), pk in zip(golds, pks, strict=True) if n.startswith(net)]):.3f}"
                for net in networks
            )
            print(f"  -{cue:14} mean={_mean(pks):.3f} max={max(pks):.3f} {per_net}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
