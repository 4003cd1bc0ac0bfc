"""Per-transcript stages: CPU and wall seconds of each stage, summed over transcripts.

    python benchmarks/stages.py [--corpus ../shared/corpus/raw] [--limit 40 [--limit-seed S]]
                                [--baseline CHECKOUT [--baseline CHECKOUT ...]] [--rounds 2]

Each transcript of the benchmark's corpus (:func:`benchmarks.pipeline.corpus_files`, the
reserved transcripts left out; ``--limit N``: a stratified sample of N,
:func:`benchmarks.pipeline.subset`) goes through :func:`analytics.stages.process_document`
in one process, one after the other, after one warm-up transcript (imports, lexicons,
models). Each stage's time is taken twice: as CPU seconds of the process
(``time.process_time``, which moves less with the load of other work on the machine) and as
wall seconds. ``--baseline CHECKOUT`` measures the package of another checkout (the main
branch, say; repeat it for several) in the same invocation, rounds alternating between the
versions, and prints a column for each (labelled by its commit) and the ratios of this
checkout's figures to each; each figure is the smallest over ``--rounds``. A package from
before the worker made the Arrow tables (no ``analytics.pipeline._process_document``) has
its tables converted as its part cache converted them (``pa.Table.from_pandas``).

What is measured is the pipeline's unit of work in a worker, ``analytics.pipeline.
_process_document``: the stages of :func:`analytics.stages.process_document`, with the
seconds it reports in ``meta["seconds"]`` (its clock swapped for the process clock for the
CPU figures; a stage that one version splits in two is shown as two rows), then its tables
converted to Arrow (``arrow``: the rest of the time of the unit).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.pipeline import DEFAULT_CORPUS, corpus_files, snapshot, subset  # noqa: E402

#: Run in a fresh interpreter with the measured package first on the path: prints, as JSON,
#: each stage's seconds summed over the files, by the process clock and by the wall clock.
_WORKER = """
import json, sys, time, types
import analytics.pipeline as pl
import analytics.stages as st
process = getattr(pl, "_process_document", None)
if process is None:  # older packages: the part cache made the Arrow tables, this way
    import pyarrow as pa

    def process(data, path):
        result = st.process_document(data, path)
        for frame in result.tables.values():
            pa.Table.from_pandas(frame, preserve_index=False)
        return result
files = json.loads(sys.stdin.read())
datas = [(open(p, "rb").read(), p) for p in files]
process(*datas[0])
out = {}
for name, clock in (("cpu", time.process_time), ("wall", time.perf_counter)):
    st.time = types.SimpleNamespace(perf_counter=clock)
    seconds, failed = {}, 0
    for data, path in datas:
        start = clock()
        result = process(data, path)
        total = clock() - start
        failed += result.meta["status"] != "ok"
        stages = {k: v for k, v in result.meta["seconds"].items() if k != "arrow"}
        stages["arrow"] = total - sum(stages.values())  # tables to Arrow, in the worker
        for stage, s in stages.items():
            seconds[stage] = seconds.get(stage, 0.0) + s
    out[name] = seconds
out["failed"] = failed
out["module"] = st.__file__
print(json.dumps(out))
"""


def measure(code: Path, files: list[Path]) -> dict:
    """Stage seconds of the package in ``code`` over ``files`` (one fresh process)."""
    env = {**os.environ, "PYTHONPATH": str(code), "HF_HUB_OFFLINE": "1"}
    env["TRANSFORMERS_OFFLINE"] = "1"
    proc = subprocess.run(
        [sys.executable, "-c", _WORKER],
        input=json.dumps([str(p) for p in files]),
        capture_output=True,
        text=True,
        env=env,
        cwd=code,
        check=False,
    )
    if proc.returncode != 0:
        raise SystemExit(f"stage timing failed for {code}:\n{proc.stderr}")
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    if not str(out["module"]).startswith(str(code)):
        raise SystemExit(f"measured {out['module']}, not the package of {code}")
    return out


#: The stages that read names (people appearances, story block names), with the shared
#: reading of the turns' names (``mentions``) where there is one.
NAME_STAGES = ("mentions", "appearances", "names")
NAME_ROW = "names, all passes (" + " + ".join(NAME_STAGES) + ")"
#: The segmenter and the sentence split (timed inside ``segment`` before they were apart).
SEGMENT_STAGES = ("segment", "sentences")
SEGMENT_ROW = "segment + sentences"
#: Everything but the name passes: decode, parse, segment, sentences, speaker kinds,
#: sentiment, documents, tables to Arrow (the stages the package had before the names).
CORE_ROW = "total without the name passes"
OTHER_ROW = "total without segment + sentences"


def _best(runs: list[dict], clock: str) -> dict[str, float]:
    stages = dict.fromkeys(s for r in runs for s in r[clock])
    return {s: min(r[clock].get(s, 0.0) for r in runs) for s in stages}


def _row(best: dict[str, float], stage: str) -> float | None:
    """One row's seconds from a version's best stage seconds."""
    if stage == NAME_ROW:
        return sum(best.get(s, 0.0) for s in NAME_STAGES)
    if stage == SEGMENT_ROW:
        return sum(best.get(s, 0.0) for s in SEGMENT_STAGES)
    if stage == "total":
        return sum(best.values())
    if stage == CORE_ROW:
        return sum(v for s, v in best.items() if s not in NAME_STAGES)
    if stage == OTHER_ROW:
        return sum(v for s, v in best.items() if s not in SEGMENT_STAGES)
    return best.get(stage)


def _label(checkout: Path) -> str:
    """A baseline's column label: its commit when it is a git checkout, else its name."""
    proc = subprocess.run(
        ["git", "-C", str(checkout), "rev-parse", "--short", "HEAD"],
        capture_output=True,
        text=True,
        check=False,
    )
    return proc.stdout.strip() if proc.returncode == 0 and proc.stdout.strip() else checkout.name


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--limit", type=int, default=40)
    parser.add_argument("--limit-seed", type=int, default=0)
    parser.add_argument(
        "--baseline",
        type=Path,
        action="append",
        default=[],
        help="checkout to compare with (repeat for several)",
    )
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    if not args.corpus.is_dir():
        raise SystemExit(f"{args.corpus}: corpus folder not found")
    files = subset(corpus_files(args.corpus), args.corpus, args.limit, args.limit_seed)
    versions = [(_label(b.resolve()), b.resolve()) for b in args.baseline] + [("after", ROOT)]
    labels = [label for label, _ in versions]
    if len(set(labels)) != len(labels):
        raise SystemExit(f"two versions share a label: {labels}")
    runs: dict[str, list[dict]] = {label: [] for label in labels}
    load = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="bench-stages-") as tmp:
        codes = {
            label: snapshot(src, Path(tmp) / str(n)) for n, (label, src) in enumerate(versions)
        }
        for _ in range(args.rounds):
            for label in labels:
                runs[label].append(measure(codes[label], files))
    print(
        f"{len(files)} transcripts (seed {args.limit_seed}), per-transcript stages summed, "
        f"best of {args.rounds} rounds; load {load:.1f} before, {os.getloadavg()[0]:.1f} after"
    )
    for label, src in versions[:-1]:
        print(f"{label}: {src}")
    for clock in ("cpu", "wall"):
        best = {label: _best(r, clock) for label, r in runs.items()}
        stages = list(dict.fromkeys(s for b in best.values() for s in b if s != "done"))
        ratios = [f"after / {label}" for label in labels[:-1]]
        print()
        print(f"| stage ({clock} s) | " + " | ".join(labels + ratios) + " |")
        print("|---" * (len(labels) + len(ratios) + 1) + "|")
        for stage in [*stages, NAME_ROW, SEGMENT_ROW, CORE_ROW, OTHER_ROW, "total"]:
            values = [_row(best[label], stage) for label in labels]
            cells = ["" if v is None else f"{v:.2f}" for v in values]
            after = values[-1]
            for v in values[:-1]:
                cells.append(f"{after / v:.2f}" if v and after is not None else "")
            print(f"| {stage} | " + " | ".join(cells) + " |")
    failed = {label: r[-1]["failed"] for label, r in runs.items()}
    print()
    print("failed transcripts: " + ", ".join(f"{k} {v}" for k, v in failed.items()))


if __name__ == "__main__":
    main()
