"""Pipeline at scale: cost per added transcript, projected time for 10,000, memory, topics.

    python benchmarks/pipeline.py [--corpus ../shared/corpus/raw] [--copies 3] [--workers N]
                                  [--baseline DIR] [--limit N [--limit-seed S]]
                                  [--skip-quality] [--skip-dask] [--skip-warm]

Each run is ``python -m analytics run --backend minilm`` in a fresh output folder, so it is
cold (nothing cached, no embedding):

A. the CNN, MSNBC and Fox transcripts (``cnn, cnn_more, msnbc, fox, fox_more``, without the
   transcripts of ``../shared/gold/RESERVED.md``); then the same again, warm.
B. those transcripts plus ``--copies`` scrambled copies of each (:func:`scramble`: in copy
   k, the words of every sentence are rotated by k, speaker tags, time stamps and markers
   kept), so no block and no window repeats and nothing is deduplicated or cached.

The **cost per added transcript** is (wall B - wall A) / (transcripts B - transcripts A);
the **projected time for 10,000 transcripts** is wall B + (10,000 - transcripts B) x that
cost. Each stage's share is given of run A's wall time (a cold run of the corpus; the
stories stage should stay under 10% of it) and of run B's. **Peak RSS** is the largest sum
of resident set sizes over the run's process tree (the command and its workers), sampled
every 0.1 s; the **peak RSS in each stage** is the largest sample taken while it ran (the
run's clock starts as it takes the lock on its output folder; the stages follow each other
for the seconds ``timings.json`` gives them; ``startup`` is before, the imports, ``exit``
after). **CPU seconds** are the user and system time of the run's process tree (its
workers included); on a shared machine they move less with the load than wall time, and
half of them is the time the run would take with both cores busy. ``--baseline DIR`` runs
A and B with the package of another checkout too (the main branch, say), in the same
invocation, so the two columns are measured side by side.
``--limit N`` benchmarks N of the transcripts instead, drawn with ``--limit-seed`` and
stratified by folder (:func:`subset`), for a baseline too slow to run on them all.

**Topic quality** (in this process, on the blocks of the corpus of run A; embeddings cached
in ``.cache/embeddings``, so only the first invocation embeds every window): the package's
default (the bounded path: each block's most central window, at most
``TopicConfig.max_fit_docs`` blocks embedded, the rest placed by their words) against the
full path (every window of every block pooled, no sample), seeds 0-2 (means over the seeds): topics, outliers,
coherence (NPMI of the top 10 words over the blocks), stability (adjusted Rand index between
seeds), the share of blocks in the same topic as the full path's (topics matched one to
one), and agreement with hand-labelled stories (``../shared/gold/dev/story_ids.json`` and
``benchmarks/gold/story_ids.json``; each labelled block is mapped to the run's block that
shares most of its characters): same-story pairs sharing a topic, different-story pairs in
different topics. Then the placement check: the bounded path with a budget of half the
blocks, how often a placed block's topic (by its words) is the one its embedding would
give (the nearest topic centroid), and the story-label agreement of that half-budget path.
"""

from __future__ import annotations

import argparse
import contextlib
import itertools
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import numpy as np
import pandas as pd
import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "raw"
FOLDERS = ("cnn", "cnn_more", "msnbc", "fox", "fox_more")
STORY_LABELS = (
    ROOT.parent / "shared" / "gold" / "dev" / "story_ids.json",
    ROOT / "benchmarks" / "gold" / "story_ids.json",
)
TARGET_TRANSCRIPTS = 10_000
#: The stages of a run in the order they run (``timings.json`` sorts them by name).
STAGE_ORDER = (
    "scan",
    "transcripts",
    "combine",
    "people",
    "topics",
    "stories",
    "coverage",
    "publish",
)

# -- the scrambled corpus ------------------------------------------------------------------

_TAG = re.compile(r"((?:\[\d{1,2}:\d{2}(?::\d{2})?\]\s*)?\b[A-Z][A-Z0-9.'`\-, ()/&]*[A-Z)]:\s)")
_SENTENCE = re.compile(r"(?<=[.!?])\s+")
_END = re.compile(r"[.!?][\"')\]]*$")
_TOKEN = re.compile(r"\([^)]*\)|\[[^\]]*\]|\S+")


def _rotate(sentence: str, k: int) -> str:
    """The sentence's words rotated left by ``k``, its end punctuation kept at the end and
    its capital kept at the start; markers such as ``(CROSSTALK)`` move as one word."""
    end = _END.search(sentence)
    tail = end.group(0) if end else ""
    words = _TOKEN.findall(sentence[: len(sentence) - len(tail)])
    if len(words) < 2 or k % len(words) == 0:
        return sentence
    k %= len(words)
    out = words[k:] + words[:k]
    if words[0][:1].isupper() and out[0][:1].islower():
        out[0] = out[0][:1].upper() + out[0][1:]
        if words[0][1:].islower() and words[0] != "I":
            out[len(words) - k] = words[0][:1].lower() + words[0][1:]
    return " ".join(out) + tail


def scramble(text: str, k: int) -> str:
    """Copy ``k`` of a transcript: from the first line with a speaker tag on, the words of
    every sentence rotated by ``k``; lines, tags, stamps and markers stay where they are, so
    the copy parses like the original but shares (almost) no sentence with it."""
    lines = text.split("\n")
    first = next((i for i, line in enumerate(lines) if _TAG.search(line)), len(lines))
    out = lines[:first]
    for line in lines[first:]:
        parts = _TAG.split(line)
        for i in range(0, len(parts), 2):
            rotated = " ".join(_rotate(s, k) for s in _SENTENCE.split(parts[i]) if s)
            parts[i] = rotated + (" " if rotated and i + 1 < len(parts) else "")
        out.append("".join(parts))
    return "\n".join(out)


def reserved(corpus: Path) -> set[str]:
    """Paths (relative to the corpus) listed in ../shared/gold/RESERVED.md."""
    listing = corpus.parent.parent / "gold" / "RESERVED.md"
    if not listing.is_file():
        return set()
    return set(re.findall(r"`([^`]+\.txt)`", listing.read_text()))


def corpus_files(corpus: Path) -> list[Path]:
    """The benchmark's transcripts: the folders of FOLDERS, reserved transcripts left out."""
    skip = reserved(corpus)
    files = []
    for folder in FOLDERS:
        for path in sorted((corpus / folder).glob("*.txt")):
            if path.relative_to(corpus).as_posix() not in skip:
                files.append(path)
    return files


def subset(files: list[Path], corpus: Path, limit: int, seed: int) -> list[Path]:
    """``limit`` of ``files`` drawn with ``seed``, stratified by folder (network and show
    group): each folder keeps its share, rounded by largest remainder; in file order."""
    if limit >= len(files):
        return files
    folders: dict[str, list[Path]] = {}
    for path in files:
        folders.setdefault(path.relative_to(corpus).parts[0], []).append(path)
    quotas = {name: limit * len(group) / len(files) for name, group in folders.items()}
    counts = {name: int(q) for name, q in quotas.items()}
    left = limit - sum(counts.values())
    for name in sorted(quotas, key=lambda n: (counts[n] - quotas[n], n))[:left]:
        counts[name] += 1
    rng = np.random.default_rng(seed)
    chosen: set[Path] = set()
    for name, group in folders.items():
        picks = rng.choice(len(group), size=counts[name], replace=False)
        chosen.update(group[i] for i in picks)
    return [p for p in files if p in chosen]


def build_inputs(files: list[Path], corpus: Path, dest: Path, copies: int) -> tuple[Path, Path]:
    """``dest/a`` (the files) and ``dest/b`` (the files and ``copies`` scrambled copies)."""
    from analytics.ingest.decode import decode

    a, b = dest / "a", dest / "b"
    for path in files:
        rel = path.relative_to(corpus)
        for root in (a, b):
            (root / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, root / rel)
        text = decode(path.read_bytes(), source=str(path)).text
        for k in range(1, copies + 1):
            target = b / f"s{k}" / rel.parent / f"{path.stem}_s{k}{path.suffix}"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(scramble(text, k), encoding="utf-8")
    return a, b


# -- runs ----------------------------------------------------------------------------------


def _tree_rss(proc: psutil.Process) -> int:
    total = 0
    try:
        procs = [proc, *proc.children(recursive=True)]
    except psutil.NoSuchProcess:
        return 0
    for p in procs:
        with contextlib.suppress(psutil.NoSuchProcess):
            total += p.memory_info().rss
    return total


def snapshot(source: Path, dest: Path) -> Path:
    """Copy the package of ``source`` (a checkout) to ``dest``: every run of one benchmark
    uses the same code (the cache key includes a hash of the code)."""
    shutil.copytree(
        source / "analytics", dest / "analytics", ignore=shutil.ignore_patterns("__pycache__")
    )
    return dest


def run_cli(code: Path, inputs: list[Path], out: Path, *extra: str) -> dict[str, object]:
    """Run ``python -m analytics run`` from ``code``; return wall time, peak RSS, records."""
    cmd = [sys.executable, "-m", "analytics", "run", *map(str, inputs), "--out", str(out), *extra]
    env = {
        **os.environ,
        "HF_HUB_OFFLINE": "1",
        "TRANSFORMERS_OFFLINE": "1",
        "PYTHONPATH": str(code),
    }
    start = time.perf_counter()
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    proc = subprocess.Popen(
        cmd, cwd=code, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    ps = psutil.Process(proc.pid)
    series: list[tuple[float, int]] = []
    started: list[float] = []
    lock = out / ".lock"
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            series.append((time.perf_counter(), _tree_rss(ps)))
            if not started and lock.exists():  # the run's clock starts as it takes the lock
                started.append(time.perf_counter())
            time.sleep(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, stderr = proc.communicate()
    wall = time.perf_counter() - start
    now = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (now.ru_utime + now.ru_stime) - (used.ru_utime + used.ru_stime)
    done.set()
    sampler.join()
    if proc.returncode not in (0, 2):
        raise SystemExit(f"run failed ({proc.returncode}):\n{stderr.decode(errors='replace')}")
    timings = json.loads((out / "timings.json").read_text())
    record = json.loads((out / "run.json").read_text())
    peak = max((rss for _, rss in series), default=0)
    stages = stage_peaks(series, started[0] if started else start, timings["seconds"])
    return {
        "wall": wall,
        "cpu": cpu,
        "peak_rss": peak,
        "stage_rss": stages,
        "timings": timings,
        "run": record,
    }


def stage_peaks(
    series: list[tuple[float, int]], start: float, seconds: dict[str, float]
) -> dict[str, int]:
    """Peak RSS of the process tree within each stage of a run: the stages follow each other
    from ``start`` (when the run took its output lock) for the ``seconds`` the run recorded
    (``timings.json``); ``startup`` is before (imports), ``exit`` after (records, exit)."""
    bounds = [("startup", float("-inf"), start)]
    at = start
    rank = {name: i for i, name in enumerate(STAGE_ORDER)}
    # timings.json lists the stages by name (its keys sorted): put them back in run order
    for stage, secs in sorted(seconds.items(), key=lambda kv: rank.get(kv[0], len(rank))):
        bounds.append((stage, at, at + secs))
        at += secs
    bounds.append(("exit", at, float("inf")))
    peaks = {}
    for stage, lo, hi in bounds:
        inside = [rss for t, rss in series if lo <= t < hi]
        if inside:
            peaks[stage] = max(inside)
    return peaks


def _ok(run: dict) -> int:
    return int(run["run"]["ok"])  # type: ignore[index]


def _story_blocks(run: dict) -> int | None:
    """The blocks the story stage linked (``run.json``'s "ran (N stories from M blocks)")."""
    found = re.search(r"from (\d+) blocks", str(run["run"].get("stages", {}).get("stories", "")))
    return int(found.group(1)) if found else None


def _story_memory_rows(label: str, a: dict, b: dict) -> list[tuple[str, str]]:
    """The story stage's peak RSS per added block from A to B and, linear in the blocks, at
    10,000 transcripts (B's blocks per transcript). The copies of B keep their originals'
    air dates, so a window of days holds ``copies + 1`` times the corpus's blocks: a
    stage bounded per window costs more per block in B than in a real year."""
    blocks_a, blocks_b = _story_blocks(a), _story_blocks(b)
    pa, pb = a["stage_rss"].get("stories", 0), b["stage_rss"].get("stories", 0)
    if not blocks_a or not blocks_b or blocks_b <= blocks_a or not pa or not pb:
        return []
    slope = (pb - pa) / (blocks_b - blocks_a)
    target = TARGET_TRANSCRIPTS * blocks_b / _ok(b)
    projected = pb + (target - blocks_b) * slope
    return [
        (f"{label}: story stage, blocks A / B", f"{blocks_a} / {blocks_b}"),
        (f"{label}: story stage, peak RSS per added block (MB)", f"{slope / 1e6:.4f}"),
        (
            f"{label}: story stage peak RSS at {TARGET_TRANSCRIPTS:,} transcripts "
            f"({target:,.0f} blocks), linear from A to B (GB)",
            f"{projected / 1e9:.2f}",
        ),
    ]


def scale_rows(label: str, a: dict, b: dict, n_windows: dict[str, int]) -> list[tuple[str, str]]:
    """The table rows of one code version's runs A and B."""
    na, nb = _ok(a), _ok(b)
    per = (b["wall"] - a["wall"]) / max(nb - na, 1)
    projected = b["wall"] + (TARGET_TRANSCRIPTS - nb) * per
    cpu_per = (b["cpu"] - a["cpu"]) / max(nb - na, 1)
    cpu_projected = b["cpu"] + (TARGET_TRANSCRIPTS - nb) * cpu_per
    rows = [
        (f"{label}: run A, cold ({na} transcripts) (s)", f"{a['wall']:.1f}"),
        (f"{label}: run B, cold ({nb} transcripts) (s)", f"{b['wall']:.1f}"),
        (f"{label}: seconds per added transcript", f"{per:.3f}"),
        (
            f"{label}: projected, {TARGET_TRANSCRIPTS:,} transcripts (h)",
            f"{projected / 3600:.2f}",
        ),
        (f"{label}: CPU seconds of the process tree, A / B", f"{a['cpu']:.0f} / {b['cpu']:.0f}"),
        (f"{label}: CPU seconds per added transcript", f"{cpu_per:.3f}"),
        (
            f"{label}: projected from CPU time, both cores busy, 10,000 transcripts (h)",
            f"{cpu_projected / 2 / 3600:.2f}",
        ),
        (
            f"{label}: peak RSS, A / B (GB)",
            f"{a['peak_rss'] / 1e9:.2f} / {b['peak_rss'] / 1e9:.2f}",
        ),
    ]
    stages = list(dict.fromkeys([*a["stage_rss"], *b["stage_rss"]]))
    for stage in stages:
        pa, pb = a["stage_rss"].get(stage, 0), b["stage_rss"].get(stage, 0)
        rows.append(
            (f"{label}: peak RSS in {stage}, A / B (GB)", f"{pa / 1e9:.2f} / {pb / 1e9:.2f}")
        )
    rows += _story_memory_rows(label, a, b)
    for name, run in (("A", a), ("B", b)):
        emb = run["timings"].get("embedding") or {}
        rows.append((f"{label}: run {name}, windows embedded", str(int(emb.get("texts", 0)))))
    wall = b["wall"]
    for stage, secs in a["timings"]["seconds"].items():
        rows.append(
            (f"{label}: run A, cold, {stage} (s, share)", f"{secs:.1f} ({secs / a['wall']:.0%})")
        )
    for stage, secs in b["timings"]["seconds"].items():
        rows.append((f"{label}: run B, {stage} (s, share)", f"{secs:.1f} ({secs / wall:.0%})"))
    for stage, secs in (b["timings"].get("topic_seconds") or {}).items():
        rows.append((f"{label}: run B, topics: {stage} (s)", f"{secs:.1f}"))
    for stage, secs in b["timings"]["stage_seconds"].items():
        rows.append((f"{label}: run B, summed over transcripts: {stage} (s)", f"{secs:.1f}"))
    return rows


# -- topic quality -------------------------------------------------------------------------


def documents(files: list[Path], workers: int | None) -> tuple[pd.DataFrame, list[str]]:
    """The block documents and transcript stop words of ``files``, as a run makes them."""
    from analytics.engines import run_tasks
    from analytics.stages import process_document

    tasks = ((i, (p.read_bytes(), str(p)), {}) for i, p in enumerate(files))
    frames, stops = [], set()
    for i, result in run_tasks(process_document, tasks, workers=workers, n_tasks=len(files)):
        if result.meta["status"] != "ok":
            continue
        path = files[i]
        docs = result.tables["documents"].copy()
        meta = result.tables["transcripts"].iloc[0]
        blocks = result.tables["blocks"][["block", "start_char", "end_char"]]
        docs = docs.merge(blocks, on="block")
        docs["transcript"] = path.stem
        docs["path"] = str(path)
        for column in ("show", "network", "air_date"):
            docs[column] = meta[column]
        frames.append(docs)
        stops |= set(result.tables["stop_words"]["word"])
    docs = pd.concat(frames, ignore_index=True)
    docs["doc_id"] = docs["transcript"] + "#" + docs["block"].astype(str)
    docs = docs[docs["text"].str.strip() != ""]
    return docs.sort_values(["transcript", "block"]).reset_index(drop=True), sorted(stops)


def _find(text: str, quote: str, start: int) -> int:
    at = text.find(quote, start)
    if at >= 0:
        return at
    found = re.compile(r"\s+".join(re.escape(w) for w in quote.split())).search(text, start)
    return found.start() if found else -1


def story_labels(docs: pd.DataFrame, corpus: Path) -> pd.DataFrame:
    """``doc_id, story`` for each labelled block: the run's block sharing most characters."""
    from analytics.ingest.decode import decode

    labelled: dict[str, list[dict[str, str]]] = {}
    for path in STORY_LABELS:
        if path.is_file():
            for rel, blocks in json.loads(path.read_text()).items():
                if not rel.startswith("_"):
                    labelled.setdefault(rel, blocks)
    by_path = {p: g for p, g in docs.groupby("path")}
    rows = []
    for rel, blocks in labelled.items():
        source = corpus / rel
        run = by_path.get(str(source))
        if run is None:
            continue
        text = decode(source.read_bytes(), source=str(source)).text
        starts, at = [], 0
        for block in blocks:
            found = _find(text, block["starts_with"], at)
            starts.append(found)
            at = found + 1 if found >= 0 else at
        for j, block in enumerate(blocks):
            if starts[j] < 0:
                continue
            later = [s for s in starts[j + 1 :] if s > starts[j]]
            end = later[0] if later else len(text)
            overlap = np.minimum(run["end_char"].to_numpy(), end) - np.maximum(
                run["start_char"].to_numpy(), starts[j]
            )
            best = int(np.argmax(overlap))
            if overlap[best] > 0:
                rows.append((run["doc_id"].iloc[best], block["story_id"]))
    return pd.DataFrame(rows, columns=["doc_id", "story"])


def story_agreement(labels: pd.DataFrame, topic_of: dict[str, int]) -> tuple[float, float]:
    """Same-story pairs sharing a topic, different-story pairs apart ('open' left out; pairs
    of labels mapped to one block left out)."""
    rows = list(labels[labels["story"] != "open"].itertuples(index=False))
    same = same_hit = diff = diff_apart = 0
    for x, y in itertools.combinations(rows, 2):
        if x.doc_id == y.doc_id:
            continue
        tx, ty = topic_of.get(x.doc_id, -1), topic_of.get(y.doc_id, -1)
        together = tx == ty and tx != -1
        if x.story == y.story:
            same, same_hit = same + 1, same_hit + together
        else:
            diff, diff_apart = diff + 1, diff_apart + (not together)
    return same_hit / max(same, 1), diff_apart / max(diff, 1)


def matched_share(a: np.ndarray, b: np.ndarray) -> float:
    """Share of blocks in the same topic once a's topics are matched one to one to b's."""
    from scipy.optimize import linear_sum_assignment

    ua, ia = np.unique(a, return_inverse=True)
    ub, ib = np.unique(b, return_inverse=True)
    table = np.zeros((len(ua), len(ub)))
    np.add.at(table, (ia, ib), 1)
    rows, cols = linear_sum_assignment(-table)
    return float(table[rows, cols].sum() / len(a))


def quality(docs: pd.DataFrame, stops: list[str], corpus: Path, seeds: list[int]) -> list[tuple]:
    """Rows of the topic-quality table: bounded (default) and full path, same blocks."""
    from dataclasses import replace

    from sklearn.metrics import adjusted_rand_score

    from analytics.topics import TopicConfig, fit_topics
    from analytics.topics.embed import select_windows, split_windows
    from benchmarks.topics import mean_ari, npmi, reference_matrix

    cache = ROOT / ".cache" / "embeddings"
    matrix, vocab = reference_matrix(docs["text"].tolist(), stops)
    labels = story_labels(docs, corpus)
    bounded = TopicConfig()
    full = replace(bounded, max_windows=None, max_fit_docs=10**9)
    runs: dict[str, list] = {}
    windows: dict[str, int] = {}
    for name, config in (("full", full), ("bounded", bounded)):
        per_block = [
            select_windows(split_windows(t, config.window_words), config.max_windows)
            for t in docs["text"]
        ]
        windows[name] = len({w for ws in per_block for w in ws})
        runs[name] = [
            fit_topics(
                docs, seed=s, cache_dir=cache, config=config, extra_stop_words=stops, progress=True
            )
            for s in seeds
        ]
    rows = []
    reference = [r.documents["topic"].to_numpy() for r in runs["full"]]
    for name, results in runs.items():
        reals = [r.topics[(r.topics["topic"] != -1) & (r.topics["size"] > 0)] for r in results]
        assigned = [r.documents["topic"].to_numpy() for r in results]
        stories = [
            story_agreement(labels, dict(zip(docs["doc_id"], a, strict=True))) for a in assigned
        ]
        pairs = list(zip(assigned, reference, strict=True))
        rows.append(
            {
                "path": f"{name} ({results[0].path})",
                "windows": windows[name],
                "topics": float(np.mean([len(real) for real in reals])),
                "outliers": float(np.mean([(a == -1).mean() for a in assigned])),
                "npmi": float(
                    np.mean(
                        [npmi([list(w)[:10] for w in r["words"]], matrix, vocab) for r in reals]
                    )
                ),
                "ari": mean_ari(assigned),
                "same_topic": float(np.mean([matched_share(a, b) for a, b in pairs])),
                "ari_full": float(np.mean([adjusted_rand_score(a, b) for a, b in pairs])),
                "story_same": float(np.mean([s[0] for s in stories])),
                "story_apart": float(np.mean([s[1] for s in stories])),
                "labelled": len(labels),
            }
        )
    return rows


def placement(
    docs: pd.DataFrame, stops: list[str], corpus: Path, seeds: list[int]
) -> dict[str, float]:
    """Fit on a sample of half the blocks; for the placed blocks, how often the topic their
    words give is the topic their embedding gives (nearest centroid of the fitted topics)."""
    from dataclasses import replace

    from analytics.topics import MiniLMEmbedder, TopicConfig, embed_texts, fit_topics
    from analytics.topics.vectors import EmbeddingCache

    cache = EmbeddingCache(ROOT / ".cache" / "embeddings")
    config = replace(TopicConfig(), max_fit_docs=docs["text"].nunique() // 2)
    agree, placed, stories = [], [], []
    labels = story_labels(docs, corpus)
    for seed in seeds:
        result = fit_topics(
            docs, seed=seed, cache_dir=cache.directory, config=config, extra_stop_words=stops
        )
        out = result.documents
        rest = out[out["placed"]]
        vectors = embed_texts(
            MiniLMEmbedder(),
            rest["text"].tolist(),
            window_words=config.window_words,
            max_windows=config.max_windows,
            cache=cache,
        )
        fitted = out[~out["placed"] & (out["topic"] != -1)]
        ids = sorted(set(fitted["topic"]))
        sample_vectors = result.unit_embeddings
        units = result.units.reset_index(drop=True)
        centroids = np.stack(
            [sample_vectors[(units["topic"] == t).to_numpy()].mean(axis=0) for t in ids]
        )
        centroids /= np.linalg.norm(centroids, axis=1, keepdims=True)
        by_embedding = np.array(ids)[np.argmax(vectors @ centroids.T, axis=1)]
        agree.append(float(np.mean(by_embedding == rest["topic"].to_numpy())))
        placed.append(len(rest))
        stories.append(story_agreement(labels, dict(zip(out["doc_id"], out["topic"], strict=True))))
    return {
        "placed": float(np.mean(placed)),
        "agreement": float(np.mean(agree)),
        "story_same": float(np.mean([s[0] for s in stories])),
        "story_apart": float(np.mean([s[1] for s in stories])),
    }


# -- main ----------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--copies", type=int, default=3)
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--baseline", type=Path, default=None, help="checkout to compare with")
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2])
    parser.add_argument(
        "--limit",
        type=int,
        default=None,
        help="benchmark this many transcripts, a stratified sample drawn with --limit-seed",
    )
    parser.add_argument("--limit-seed", type=int, default=0)
    parser.add_argument("--skip-quality", action="store_true")
    parser.add_argument("--skip-dask", action="store_true")
    parser.add_argument("--skip-runs", action="store_true", help="topic quality only")
    parser.add_argument("--skip-warm", action="store_true", help="no warm re-run of A")
    args = parser.parse_args()
    if not args.corpus.is_dir():
        raise SystemExit(f"{args.corpus}: corpus folder not found")
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["TRANSFORMERS_OFFLINE"] = "1"
    files = corpus_files(args.corpus)
    if args.limit is not None:
        files = subset(files, args.corpus, args.limit, args.limit_seed)
    common = ["--backend", "minilm"] + (["--workers", str(args.workers)] if args.workers else [])
    rows: list[tuple[str, str]] = [
        (
            "corpus",
            f"{len(files)} transcripts ({', '.join(FOLDERS)}; reserved left out"
            + (f"; a stratified sample, seed {args.limit_seed}" if args.limit else "")
            + "), "
            f"{sum(p.stat().st_size for p in files) / 1e6:.1f} MB; {args.copies} scrambled copies",
        ),
        ("machine", f"{psutil.cpu_count()} cores, load before start {os.getloadavg()[0]:.1f}"),
    ]
    with tempfile.TemporaryDirectory(prefix="bench-pipeline-") as tmp:
        tmp_path = Path(tmp)
        if not args.skip_runs:
            input_a, input_b = build_inputs(files, args.corpus, tmp_path / "in", args.copies)
            versions = [("after", ROOT)]
            if args.baseline is not None:
                versions.insert(0, ("before", args.baseline))
            for label, source in versions:
                code = snapshot(source, tmp_path / f"code-{label}")
                a = run_cli(code, [input_a], tmp_path / f"{label}-a", *common)
                warm = None
                if not args.skip_warm:
                    warm = run_cli(code, [input_a], tmp_path / f"{label}-a", *common)
                b = run_cli(code, [input_b], tmp_path / f"{label}-b", *common)
                rows += scale_rows(label, a, b, {})
                if warm is not None:
                    rows.append((f"{label}: warm re-run of A (s)", f"{warm['wall']:.1f}"))
                    rows.append(
                        (f"{label}: warm: transcripts recomputed", str(warm["run"]["computed"]))
                    )
                shutil.rmtree(tmp_path / f"{label}-b", ignore_errors=True)
            rows.append(("load after the runs (1 min average)", f"{os.getloadavg()[0]:.1f}"))
        table(rows)
        if not args.skip_quality:
            docs, stops = documents(files, args.workers)
            found = quality(docs, stops, args.corpus, args.seeds)
            print()
            print(
                f"topic quality on {len(docs)} blocks of {docs['transcript'].nunique()} "
                f"transcripts, seeds {', '.join(map(str, args.seeds))} "
                f"({found[0]['labelled']} labelled blocks)"
            )
            print(
                "| path | windows embedded | topics | outliers | NPMI | ARI (seeds) "
                "| same topic as full | ARI with full | same-story pairs sharing a topic "
                "| different-story pairs apart |"
            )
            print("|---|---|---|---|---|---|---|---|---|---|")
            for r in found:
                print(
                    f"| {r['path']} | {r['windows']:,} | {r['topics']:.1f} | {r['outliers']:.1%} "
                    f"| {r['npmi']:.3f} "
                    f"| {r['ari']:.2f} | {r['same_topic']:.0%} | {r['ari_full']:.2f} "
                    f"| {r['story_same']:.0%} | {r['story_apart']:.0%} |"
                )
            check = placement(docs, stops, args.corpus, args.seeds)
            print()
            print(
                f"placement check (budget: half the blocks): {check['placed']:.0f} blocks placed "
                f"by their words; the topic their embedding gives agrees for "
                f"{check['agreement']:.0%}; same-story pairs sharing a topic "
                f"{check['story_same']:.0%}, different-story pairs apart {check['story_apart']:.0%}"
            )


def table(rows: list[tuple[str, str]]) -> None:
    width = max(len(k) for k, _ in rows)
    print(f"{'measure':<{width}}  value")
    print(f"{'-' * width}  {'-' * 20}")
    for key, value in rows:
        print(f"{key:<{width}}  {value}")


if __name__ == "__main__":
    main()
