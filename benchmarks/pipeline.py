"""Pipeline at scale: stage times, throughput, peak memory, warm re-run, local vs Dask.

    python benchmarks/pipeline.py [--corpus ../shared/corpus/raw] [--replicas 10]
                                  [--backend minilm]

Runs, one after the other and each as ``python -m analytics run`` in a fresh output folder:

1. local, cold, on the CNN, MSNBC and Fox folders (about 160 transcripts);
2. the same again, warm (nothing changed: everything comes from the cache);
3. Dask (LocalCluster, same number of workers), cold, topics off: the per-transcript stages
   side by side with run 1's, and the per-transcript tables compared byte for byte;
4. local, cold, on the corpus replicated ``--replicas`` times under new names (file names
   differ, so every per-transcript stage runs again; the texts repeat, so each distinct
   embedding window is embedded once);
5. the bare MiniLM model encoding windows of the same corpus in this process, to compare
   with the embedding stage's throughput measured in run 1.

Peak memory is the largest sum of resident set sizes over the run's process tree (the
command and its workers), sampled every 0.1 s. Prints one table.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

from analytics.pipeline import TABLES

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "raw"
FOLDERS = ("cnn", "cnn_more", "msnbc", "fox", "fox_more")


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


def snapshot(dest: Path) -> Path:
    """Copy the package to ``dest``: every run of one benchmark uses the same code (the
    cache key includes a hash of the code, so an edit between runs would look like a miss)."""
    shutil.copytree(
        ROOT / "analytics", dest / "analytics", ignore=shutil.ignore_patterns("__pycache__")
    )
    return dest


def run_cli(code: Path, inputs: list[Path], out: Path, *extra: str) -> dict[str, object]:
    """Run ``python -m analytics run`` from ``code``; return wall time, peak RSS, timings."""
    cmd = [sys.executable, "-m", "analytics", "run", *map(str, inputs), "--out", str(out), *extra]
    env = {
        **os.environ,
        "HF_HUB_OFFLINE": "1",
        "TRANSFORMERS_OFFLINE": "1",
        "PYTHONPATH": str(code),
    }
    start = time.perf_counter()
    proc = subprocess.Popen(
        cmd, cwd=code, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    ps = psutil.Process(proc.pid)
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, _tree_rss(ps))
            time.sleep(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, stderr = proc.communicate()
    wall = time.perf_counter() - start
    done.set()
    sampler.join()
    if proc.returncode not in (0, 2):
        raise SystemExit(f"run failed ({proc.returncode}):\n{stderr.decode(errors='replace')}")
    timings = json.loads((out / "timings.json").read_text())
    manifest = json.loads((out / "run.json").read_text())
    return {"wall": wall, "peak_rss": peak, "timings": timings, "run": manifest}


def replicate(inputs: list[Path], dest: Path, copies: int) -> list[Path]:
    """Copy every transcript ``copies`` times under new names (``..._r3.txt``)."""
    for k in range(copies):
        folder = dest / f"r{k}"
        folder.mkdir(parents=True)
        for src in inputs:
            for path in sorted(src.rglob("*.txt")):
                shutil.copyfile(path, folder / f"{path.stem}_r{k}{path.suffix}")
    return [dest]


def digests(out: Path, tables: tuple[str, ...]) -> dict[str, str]:
    return {t: hashlib.sha256((out / f"{t}.parquet").read_bytes()).hexdigest() for t in tables}


def bare_model_rate(out: Path, n_windows: int) -> tuple[float, int]:
    """Windows a second of the bare SentenceTransformer on windows cut from the corpus."""
    import pandas as pd

    from analytics.minilm import MiniLMEmbedder
    from analytics.topics.embed import split_windows

    text = " ".join(pd.read_parquet(out / "sentences.parquet", columns=["text"])["text"])
    windows = split_windows(text, 150)[:n_windows]
    model = MiniLMEmbedder().load()  # the package's loader, used bare
    model.encode(windows[:32], batch_size=32)  # warm-up
    start = time.perf_counter()
    model.encode(windows, batch_size=32, show_progress_bar=False, normalize_embeddings=True)
    return len(windows) / (time.perf_counter() - start), len(windows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--replicas", type=int, default=10)
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--bare-windows", type=int, default=400)
    parser.add_argument("--backend", default="minilm", choices=["minilm", "tfidf"])
    parser.add_argument("--skip-dask", action="store_true")
    parser.add_argument("--skip-replicas", action="store_true")
    args = parser.parse_args()
    if not args.corpus.is_dir():
        raise SystemExit(f"{args.corpus}: corpus folder not found")
    os.environ["HF_HUB_OFFLINE"] = "1"
    inputs = [args.corpus / f for f in FOLDERS if (args.corpus / f).is_dir()]
    n_files = sum(1 for src in inputs for _ in src.rglob("*.txt"))
    n_bytes = sum(p.stat().st_size for src in inputs for p in src.rglob("*.txt"))
    common = ["--workers", str(args.workers)] if args.workers else []
    # the embedding stage is what this benchmark is about: topics on MiniLM, not the default
    common += ["--backend", args.backend]
    rows: list[tuple[str, str]] = []
    with tempfile.TemporaryDirectory(prefix="bench-pipeline-") as tmp:
        tmp_path = Path(tmp)
        code = snapshot(tmp_path / "code")
        cold = run_cli(code, inputs, tmp_path / "local", *common)
        warm = run_cli(code, inputs, tmp_path / "local", *common)
        t = cold["timings"]
        rows.append(("corpus", f"{n_files} files, {n_bytes / 1e6:.1f} MB ({', '.join(FOLDERS)})"))
        rows.append(("cold run, local (s)", f"{cold['wall']:.1f}"))
        for stage, secs in t["seconds"].items():
            rows.append((f"  wall: {stage} (s)", f"{secs:.1f}"))
        for stage, secs in t["stage_seconds"].items():
            rows.append((f"  summed over transcripts: {stage} (s)", f"{secs:.1f}"))
        rows.append(("transcripts/s (cold, end to end)", f"{n_files / cold['wall']:.2f}"))
        rows.append(("peak RSS, cold (GB)", f"{cold['peak_rss'] / 1e9:.2f}"))
        rows.append(("warm re-run (s)", f"{warm['wall']:.1f}"))
        rows.append(("warm / cold", f"{warm['wall'] / cold['wall']:.1%}"))
        rows.append(("warm: transcripts recomputed", str(warm["run"]["computed"])))
        emb = t.get("embedding") or {}
        if emb.get("seconds"):
            rate = emb["texts"] / emb["seconds"]
            bare, n = bare_model_rate(tmp_path / "local", args.bare_windows)
            rows.append(("embedding stage: windows embedded", f"{emb['texts']}"))
            rows.append(("embedding stage (windows/s)", f"{rate:.1f}"))
            rows.append((f"bare model, {n} windows (windows/s)", f"{bare:.1f}"))
            rows.append(("embedding stage / bare model", f"{rate / bare:.0%}"))
        if not args.skip_dask:
            dask = run_cli(
                code, inputs, tmp_path / "dask", *common, "--no-topics", "--engine", "dask"
            )
            # the per-transcript tables do not depend on topics: compare them with run 1
            same = digests(tmp_path / "dask", TABLES[:5]) == digests(tmp_path / "local", TABLES[:5])
            rows.append(("dask LocalCluster, cold, no topics (s)", f"{dask['wall']:.1f}"))
            dask_stage = dask["timings"]["seconds"]["transcripts"]
            local_stage = t["seconds"]["transcripts"]
            rows.append(("  per-transcript stages, dask (s)", f"{dask_stage:.1f}"))
            rows.append(("  per-transcript stages, local (s)", f"{local_stage:.1f}"))
            rows.append(("dask tables identical to local", "yes" if same else "NO"))
            rows.append(("peak RSS, dask (GB)", f"{dask['peak_rss'] / 1e9:.2f}"))
        if not args.skip_replicas and args.replicas > 1:
            rep_inputs = replicate(inputs, tmp_path / "rep", args.replicas)
            big = run_cli(code, rep_inputs, tmp_path / "big", *common)
            n_big = n_files * args.replicas
            rows.append((f"cold run, {args.replicas}x corpus, local (s)", f"{big['wall']:.1f}"))
            for stage, secs in big["timings"]["seconds"].items():
                rows.append((f"  wall: {stage} (s)", f"{secs:.1f}"))
            rows.append((f"transcripts/s ({args.replicas}x)", f"{n_big / big['wall']:.2f}"))
            growth = big["wall"] / cold["wall"]
            rows.append(
                (f"{args.replicas}x time / 1x time", f"{growth:.2f} (linear: {args.replicas})")
            )
            rows.append((f"peak RSS, {args.replicas}x (GB)", f"{big['peak_rss'] / 1e9:.2f}"))
            bemb = big["timings"].get("embedding") or {}
            if bemb:
                rows.append((f"{args.replicas}x: windows embedded", f"{bemb.get('texts', 0)}"))
    width = max(len(k) for k, _ in rows)
    print(f"{'measure':<{width}}  value")
    print(f"{'-' * width}  {'-' * 20}")
    for key, value in rows:
        print(f"{key:<{width}}  {value}")


if __name__ == "__main__":
    main()
