"""Per-transcript stages: CPU and wall seconds of each stage, summed over transcripts.

    python benchmarks/stages.py [--corpus ../shared/corpus/raw] [--limit 40 [--limit-seed S]]
                                [--baseline CHECKOUT] [--rounds 2]

Each transcript of the benchmark's corpus (:func:`benchmarks.pipeline.corpus_files`, the
reserved transcripts left out; ``--limit N``: a stratified sample of N,
:func:`benchmarks.pipeline.subset`) goes through :func:`analytics.stages.process_document`
in one process, one after the other, after one warm-up transcript (imports, lexicons,
models). Each stage's time is taken twice: as CPU seconds of the process
(``time.process_time``, which moves less with the load of other work on the machine) and as
wall seconds. ``--baseline CHECKOUT`` measures the package of another checkout (the main
branch, say) in the same invocation, rounds alternating between the two, and prints both
columns and their ratio; each figure is the smallest over ``--rounds``.

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
files = json.loads(sys.stdin.read())
datas = [(open(p, "rb").read(), p) for p in files]
pl._process_document(*datas[0])
out = {}
for name, clock in (("cpu", time.process_time), ("wall", time.perf_counter)):
    st.time = types.SimpleNamespace(perf_counter=clock)
    seconds, failed = {}, 0
    for data, path in datas:
        start = clock()
        result = pl._process_document(data, path)
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
OTHER_ROW = "total without segment + sentences"


def _best(runs: list[dict], clock: str) -> dict[str, float]:
    stages = dict.fromkeys(s for r in runs for s in r[clock])
    return {s: min(r[clock].get(s, 0.0) for r in runs) for s in stages}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--limit", type=int, default=40)
    parser.add_argument("--limit-seed", type=int, default=0)
    parser.add_argument("--baseline", type=Path, default=None, help="checkout to compare with")
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    if not args.corpus.is_dir():
        raise SystemExit(f"{args.corpus}: corpus folder not found")
    files = subset(corpus_files(args.corpus), args.corpus, args.limit, args.limit_seed)
    versions = [("after", ROOT)]
    if args.baseline is not None:
        versions.insert(0, ("before", args.baseline.resolve()))
    runs: dict[str, list[dict]] = {label: [] for label, _ in versions}
    load = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="bench-stages-") as tmp:
        codes = {label: snapshot(src, Path(tmp) / label) for label, src in versions}
        for _ in range(args.rounds):
            for label, _src in versions:
                runs[label].append(measure(codes[label], files))
    print(
        f"{len(files)} transcripts (seed {args.limit_seed}), per-transcript stages summed, "
        f"best of {args.rounds} rounds; load {load:.1f} before, {os.getloadavg()[0]:.1f} after"
    )
    for clock in ("cpu", "wall"):
        best = {label: _best(r, clock) for label, r in runs.items()}
        stages = list(dict.fromkeys(s for b in best.values() for s in b if s != "done"))
        labels = [label for label, _ in versions]
        print()
        head = f"| stage ({clock} s) | " + " | ".join(labels)
        print(head + (" | after / before |" if len(labels) == 2 else " |"))
        print("|---" * (len(labels) + 1 + (len(labels) == 2)) + "|")
        for stage in [*stages, NAME_ROW, SEGMENT_ROW, "total", OTHER_ROW]:
            values = []
            for label in labels:
                b = best[label]
                if stage == NAME_ROW:
                    values.append(sum(b.get(s, 0.0) for s in NAME_STAGES))
                elif stage == SEGMENT_ROW:
                    values.append(sum(b.get(s, 0.0) for s in SEGMENT_STAGES))
                elif stage == "total":
                    values.append(sum(b.values()))
                elif stage == OTHER_ROW:
                    values.append(sum(v for s, v in b.items() if s not in SEGMENT_STAGES))
                else:
                    values.append(b.get(stage))
            cells = ["" if v is None else f"{v:.2f}" for v in values]
            ratio = ""
            if len(values) == 2 and values[0] and values[1] is not None:
                ratio = f" | {values[1] / values[0]:.2f}"
            elif len(values) == 2:
                ratio = " | "
            print(f"| {stage} | " + " | ".join(cells) + ratio + " |")
    failed = {label: r[-1]["failed"] for label, r in runs.items()}
    print()
    print("failed transcripts: " + ", ".join(f"{k} {v}" for k, v in failed.items()))


if __name__ == "__main__":
    main()
