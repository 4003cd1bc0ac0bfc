"""MiniLM windows per second: sentence-transformers' own batching against fixed-shape passes.

    .venv/bin/python benchmarks/minilm_batching.py [--corpus ../shared/corpus/raw] [--windows 128]

Cuts the first transcripts of ``msnbc`` (reserved transcripts left out) into the topic
model's 150-word windows and embeds the same windows, in one process, alternately with

- ``encode(batch_size=32)``: sentence-transformers sorts texts by length and pads each
  batch to its longest text, so a text's vector depends on its neighbours (float rounding);
- :class:`analytics.minilm.MiniLMEmbedder`: passes of exactly ``BATCH_ROWS`` texts padded to
  a multiple of ``LENGTH_STEP`` word pieces, so a text's vector depends on the text alone;
- ``encode`` one text at a time (batch of one),

``--repeats`` times each, and prints windows per second, then whether each way gives a
window the same bytes when it is embedded among other windows (every other window, in
another order) as among all of them.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def windows(corpus: Path, count: int) -> list[str]:
    """The first ``count`` 150-word windows of the msnbc transcripts, in file order."""
    from analytics.ingest.decode import decode
    from analytics.topics.embed import DEFAULT_WINDOW_WORDS, split_windows
    from benchmarks.pipeline import reserved

    skip = reserved(corpus)
    out: list[str] = []
    for path in sorted((corpus / "msnbc").glob("*.txt")):
        if path.relative_to(corpus).as_posix() in skip:
            continue
        text = decode(path.read_bytes(), source=str(path)).text
        out += split_windows(" ".join(text.split()), DEFAULT_WINDOW_WORDS)
        if len(out) >= count:
            break
    return out[:count]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus" / "raw")
    parser.add_argument("--windows", type=int, default=128)
    parser.add_argument("--repeats", type=int, default=2)
    args = parser.parse_args()
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["TRANSFORMERS_OFFLINE"] = "1"
    from analytics.minilm import MiniLMEmbedder

    texts = windows(args.corpus, args.windows)
    embedder = MiniLMEmbedder()
    model = embedder.load()

    def encode(batch: list[str], size: int) -> np.ndarray:
        return np.asarray(
            model.encode(  # type: ignore[attr-defined]
                batch, batch_size=size, show_progress_bar=False, normalize_embeddings=True
            ),
            dtype=np.float32,
        )

    ways = {
        "sentence-transformers, batches of 32": lambda b: encode(b, 32),
        "fixed-shape passes (MiniLMEmbedder)": embedder.embed,
        "batch of one": lambda b: np.stack([encode([t], 1)[0] for t in b]),
    }
    embedder.embed(texts[:4])  # warm up
    speeds: dict[str, list[float]] = {name: [] for name in ways}
    results: dict[str, np.ndarray] = {}
    for _ in range(args.repeats):
        for name, way in ways.items():
            start = time.perf_counter()
            results[name] = way(texts)
            speeds[name].append(len(texts) / (time.perf_counter() - start))
    order = list(range(0, len(texts), 2))
    random.Random(0).shuffle(order)
    print(f"{len(texts)} windows, {args.repeats} rounds, load {os.getloadavg()[0]:.1f}")
    print("| way | windows/s (each round) | same bytes among other windows |")
    print("|---|---|---|")
    for name, way in ways.items():
        shuffled = way([texts[i] for i in order])
        same = shuffled.tobytes() == results[name][order].tobytes()
        rounds = ", ".join(f"{s:.2f}" for s in speeds[name])
        print(f"| {name} | {rounds} | {'yes' if same else 'no'} |")


if __name__ == "__main__":
    main()
