"""The story stage at a year's scale: seconds per block and peak memory of StoryLinker.fit
as the corpus grows, for this checkout and a baseline side by side.

usage: python benchmarks/stories_scale.py [--sizes 1500 3000 6000 12000 24000]
       [--baseline DIR] [--baseline-max 6000] [--timeout 900] [--stage] [--agree]

Inputs that look like a real year. The corpus's story blocks (the CNN, MSNBC and Fox
transcripts of ``../shared/corpus/raw``, parsed and segmented as ``run`` does; their
documents and names cached in ``.cache/stories_scale/``) are copied: copy 0 is the corpus,
copy ``c`` a relabelled corpus in which about 80% of the word types (stop words and words
in more than 5% of the blocks excepted) and of the names' words are replaced by
copy-specific words (a word is renamed or not by a hash of the word and the
copy, the same way in every block of the copy). Within a copy, blocks are as alike as in
the corpus (the renaming is one-to-one), so its stories are the corpus's; across copies
they share about a fifth of the vocabulary, as stories of different months do. Dates:
each copy gets a slot of ``blocks / 162`` days (27 transcripts of 6 blocks a day, the
density of a year of 10,000 transcripts), its blocks keeping the order of their air
dates; so a 30-day window holds about 4,900 blocks at every size above about 10,000, as
in the year, and the time per block of a bounded stage must stop growing there.

Each (checkout, size) runs in a fresh process (``PYTHONPATH`` = the checkout): the inputs
are built, then ``StoryLinker(stop_words=...).fit(documents, names=names)`` is timed (CPU
and wall) and the process's peak RSS read. Printed per run: blocks, candidate pairs, CPU
and wall seconds, CPU ms per block, peak RSS, the largest connected component of close
pairs, and the growth exponent of CPU time against the size before; then the CPU time
extrapolated to 60,000 blocks (a year) from the last two sizes. The baseline runs only up
to ``--baseline-max`` blocks (its pairs grow with the square of a window's blocks).

``--stage``: the whole story stage (``build_stories``: the fit, the topics' majority, the
labels and tables; the linker's pairs dropped before the labels where the checkout can)
instead of the fit alone; pairs and the largest component are then not printed (-1).

``--agree``: on the corpus itself, the stories with bounded candidates (K = 25, 50,
100) against every pair in the window: candidate pairs, the share of the close pairs
(probability >= 1 - threshold with all pairs) kept, and the share of blocks whose story
(its set of blocks) is unchanged.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import pickle
import resource
import subprocess
import sys
import time
import zlib
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
CACHE = ROOT / ".cache" / "stories_scale"
FOLDERS = ("cnn", "cnn_more", "msnbc", "fox", "fox_more")
BLOCKS_PER_DAY = 27 * 6
YEAR_BLOCKS = 60_000
RENAMED = 0.8


def base_inputs(corpus: Path) -> Path:
    """The corpus's documents, names and stop words, cached (parse and segment once)."""
    path = CACHE / "base.pkl"
    if path.exists():
        return path
    sys.path.insert(0, str(ROOT))
    from analytics.ingest import parse_file
    from analytics.segment import segment
    from analytics.stories import names_table
    from analytics.topics import documents_from_transcripts, transcript_stop_words

    files = sorted(p for folder in FOLDERS for p in (corpus / folder).glob("*.txt"))
    transcripts = []
    for p in files:
        try:
            transcripts.append(parse_file(p))
        except Exception as exc:  # noqa: BLE001 - a benchmark reports and goes on
            print(f"skipped {p.name}: {exc}", file=sys.stderr)
    blocks = {t.source: segment(t) for t in transcripts}
    docs = documents_from_transcripts(transcripts, blocks)
    names = names_table(transcripts, blocks)
    extra = sorted(transcript_stop_words(transcripts))
    CACHE.mkdir(parents=True, exist_ok=True)
    path.write_bytes(pickle.dumps((docs, names, extra)))
    return path


def _renamed(word: str, copy: int) -> bool:
    return zlib.crc32(f"{copy}:{word.lower()}".encode()) % 100 < RENAMED * 100


def _tag(copy: int) -> str:
    letters = ""
    while True:
        copy, r = divmod(copy, 26)
        letters += chr(ord("a") + r)
        if copy == 0:
            return "zq" + letters


def _rename_text(text: str, copy: int, cache: dict[str, str], common: set[str]) -> str:
    out = []
    for token in text.split():
        new = cache.get(token)
        if new is None:
            core = token.strip(".,;:!?\"'()")
            rename = core.isalpha() and core.lower() not in common and _renamed(core, copy)
            new = token.replace(core, core + _tag(copy)) if rename else token
            cache[token] = new
        out.append(new)
    return " ".join(out)


def _common_words(docs: pd.DataFrame, extra: list[str]) -> set[str]:
    """Words never renamed: stop words and words in more than 5% of the corpus's blocks
    (the words every month shares)."""
    from collections import Counter

    from analytics.topics.documents import stop_words

    df: Counter[str] = Counter()
    for text in docs["text"]:
        df.update({w.strip(".,;:!?\"'()").lower() for w in str(text).split()})
    frequent = {w for w, c in df.items() if c > 0.05 * len(docs)}
    return frequent | {w.lower() for w in stop_words(extra)}


def scaled_inputs(base: Path, size: int) -> tuple[pd.DataFrame, pd.DataFrame, list[str]]:
    """``size`` blocks of relabelled copies of the corpus at a year's density."""
    docs, names, extra = pickle.loads(base.read_bytes())
    docs = docs.sort_values(["air_date", "transcript", "block"], kind="stable").reset_index(
        drop=True
    )
    n = len(docs)
    days = pd.to_datetime(docs["air_date"]).dt.normalize()
    first, last = days.min(), days.max()
    span = (last - first).days + 1
    slot = n / BLOCKS_PER_DAY
    offset = np.floor((days - first).dt.days.to_numpy() / span * slot)
    start = pd.Timestamp("2018-01-01")
    common = _common_words(docs, extra)
    frames, name_frames = [], []
    for copy in range(math.ceil(size / n)):
        cache: dict[str, str] = {}
        d = docs.copy()
        if copy:
            d["text"] = [_rename_text(t, copy, cache, common) for t in d["text"]]
        d["transcript"] = d["transcript"].astype(str) + f"~{copy}"
        d["doc_id"] = d["transcript"] + "#" + d["block"].astype(str)
        d["air_date"] = start + pd.to_timedelta(np.floor(copy * slot) + offset, unit="D")
        frames.append(d)
        m = names.copy()
        m["transcript"] = m["transcript"].astype(str) + f"~{copy}"
        if copy:
            m["name"] = [
                " ".join(w + _tag(copy) if _renamed(w, copy) else w for w in str(x).split(" "))
                for x in m["name"]
            ]
        name_frames.append(m)
    out = pd.concat(frames, ignore_index=True).iloc[:size].reset_index(drop=True)
    keep = set(out["transcript"])
    all_names = pd.concat(name_frames, ignore_index=True)
    all_names = all_names[all_names["transcript"].isin(keep)]
    return out, all_names.reset_index(drop=True), extra


def child(base: Path, size: int, stage: bool = False) -> dict:
    """Build the inputs, time one fit (``stage``: the whole story stage's
    ``build_stories``, labels and tables too); the figures as a dict."""
    import inspect

    from scipy import sparse
    from scipy.sparse.csgraph import connected_components

    from analytics.stories import StoryLinker
    from analytics.stories.build import build_stories

    docs, names, extra = scaled_inputs(base, size)
    rss_inputs = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    cpu, wall = time.process_time(), time.perf_counter()
    if stage:
        lean = "keep_pairs" in inspect.signature(build_stories).parameters
        result = build_stories(
            docs, names=names, stop_words=extra, **({"keep_pairs": False} if lean else {})
        )
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
        return {
            "blocks": len(docs),
            "pairs": -1,
            "cpu": cpu,
            "wall": wall,
            "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "rss_inputs_mb": rss_inputs,
            "largest_component": -1,
            "stories": int(len(result.stories)),
        }
    linker = StoryLinker(stop_words=extra).fit(docs, names=names)
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    pairs = linker.pairs_
    close = pairs["probability"].to_numpy() >= 1.0 - linker.threshold_
    n = len(docs)
    graph = sparse.csr_matrix(
        (np.ones(int(close.sum())), (pairs["i"].to_numpy()[close], pairs["j"].to_numpy()[close])),
        shape=(n, n),
    )
    comp = connected_components(graph, directed=False)[1]
    return {
        "blocks": n,
        "pairs": len(pairs),
        "cpu": cpu,
        "wall": wall,
        "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "rss_inputs_mb": rss_inputs,
        "largest_component": int(np.bincount(comp).max()),
        "stories": int(len(linker.stories_)),
    }


def run(checkout: Path, base: Path, size: int, timeout: float, stage: bool = False) -> dict | None:
    env = {**os.environ, "PYTHONPATH": str(checkout)}
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", str(size), "--base", str(base)]
    cmd += ["--stage"] if stage else []
    try:
        done = subprocess.run(
            cmd, env=env, capture_output=True, text=True, timeout=timeout, check=False
        )
    except subprocess.TimeoutExpired:
        return None
    if done.returncode != 0:
        print(done.stderr[-2000:], file=sys.stderr)
        return None
    return json.loads(done.stdout.strip().splitlines()[-1])


def agree(base: Path) -> None:
    """Bounded candidates against every pair on the corpus itself."""
    sys.path.insert(0, str(ROOT))
    from analytics.stories import StoryLinker

    docs, names, extra = pickle.loads(base.read_bytes())
    full = StoryLinker(stop_words=extra, candidates=None).fit(docs, names=names)
    p = full.pairs_
    close = p["probability"].to_numpy() >= 1.0 - full.threshold_
    close_pairs = set(
        zip(p["i"].to_numpy()[close].tolist(), p["j"].to_numpy()[close].tolist(), strict=True)
    )

    def members(labels: np.ndarray) -> list[frozenset[int]]:
        groups: dict[int, set[int]] = {}
        for row, s in enumerate(labels.tolist()):
            groups.setdefault(s, set()).add(row)
        return [frozenset(groups[s]) for s in labels.tolist()]

    reference = members(full.labels_)
    print(
        f"corpus: {len(docs)} blocks; every pair in the window: {len(p)} pairs, "
        f"{len(close_pairs)} close, {len(set(full.labels_.tolist()))} stories"
    )
    print(f"{'K':>4} {'pairs':>9} {'close kept':>10} {'stories':>8} {'blocks same story':>18}")
    for k in (25, 50, 100):
        fit = StoryLinker(stop_words=extra, candidates=k).fit(docs, names=names)
        q = fit.pairs_
        kept = set(zip(q["i"].tolist(), q["j"].tolist(), strict=True))
        same = np.mean([a == b for a, b in zip(members(fit.labels_), reference, strict=True)])
        print(
            f"{k:>4} {len(q):>9} {len(close_pairs & kept) / max(1, len(close_pairs)):>10.3f} "
            f"{len(set(fit.labels_.tolist())):>8} {same:>18.3f}"
        )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[1500, 3000, 6000, 12000, 24000])
    ap.add_argument("--baseline", type=Path, help="a checkout of the code to compare with")
    ap.add_argument("--baseline-max", type=int, default=6000)
    ap.add_argument("--timeout", type=float, default=900.0)
    ap.add_argument("--corpus", type=Path, default=SHARED / "corpus" / "raw")
    ap.add_argument("--agree", action="store_true")
    ap.add_argument(
        "--stage",
        action="store_true",
        help="time the whole story stage (build_stories: link, labels, tables), not the fit",
    )
    ap.add_argument("--child", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--base", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        print(json.dumps(child(args.base, args.child, args.stage)))
        return 0
    if not args.corpus.is_dir():
        print(f"skipped: {args.corpus} not found")
        return 0
    base = base_inputs(args.corpus)
    if args.agree:
        agree(base)
        return 0
    checkouts = [("this", ROOT)]
    if args.baseline is not None:
        checkouts.insert(0, ("baseline", args.baseline.resolve()))
    head = (
        f"{'code':9} {'blocks':>7} {'pairs':>11} {'CPU s':>8} {'wall s':>8} {'CPU ms/block':>12} "
        f"{'peak RSS MB':>11} {'inputs MB':>9} {'largest comp':>12} {'exponent':>8}"
    )
    print(head)
    for name, checkout in checkouts:
        rows: list[dict] = []
        for size in args.sizes:
            if name == "baseline" and size > args.baseline_max:
                print(f"{name:9} {size:>7} not run (--baseline-max {args.baseline_max})")
                continue
            r = run(checkout, base, size, args.timeout, args.stage)
            if r is None:
                print(f"{name:9} {size:>7} failed or over {args.timeout:.0f} s")
                break
            exponent = ""
            if rows:
                exponent = f"{math.log(r['cpu'] / rows[-1]['cpu']) / math.log(r['blocks'] / rows[-1]['blocks']):.2f}"
            rows.append(r)
            print(
                f"{name:9} {r['blocks']:>7} {r['pairs']:>11} {r['cpu']:>8.1f} {r['wall']:>8.1f} "
                f"{1000 * r['cpu'] / r['blocks']:>12.2f} {r['rss_mb']:>11.0f} "
                f"{r['rss_inputs_mb']:>9.0f} {r['largest_component']:>12} {exponent:>8}",
                flush=True,
            )
        if len(rows) >= 2:
            a, b = rows[-2], rows[-1]
            e = math.log(b["cpu"] / a["cpu"]) / math.log(b["blocks"] / a["blocks"])
            year = b["cpu"] * (YEAR_BLOCKS / b["blocks"]) ** e
            print(
                f"{name:9} extrapolated to {YEAR_BLOCKS} blocks (exponent {e:.2f} of the last two "
                f"sizes): {year:.0f} s CPU"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
