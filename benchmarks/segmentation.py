"""Story blocks: leave-one-show-out cross-validation of the learned segmenter over all the
annotated transcripts, beside the recipe it replaces, the previous segmenter, three
baselines and the agreement between two human annotators.

usage: python benchmarks/segmentation.py [--gold DIR ...] [--second DIR] [--corpus DIR]
                                        [--old-ref REF] [--before-ref REF] [--speed-ref REF]
                                        [--grid] [--curve] [--quiet]

The annotations are the ones ``python -m analytics.segment.train`` learns from
(``../shared/gold/dev`` and ``benchmarks/gold/segments``, ``segments_extra``,
``segments_more``, ``segments_more2``; never ``segments_second``, ``heldout`` or a
transcript of ``RESERVED.md``). A show is a network and show code (``fox thestory``,
``cnn cnnt``...). For each show, the boundary model is trained on the other shows' files
with the shipped settings (its merge pass learning from decodes of each of those shows by a
model fitted on the others, :func:`analytics.segment.learn.learn`) and predicts the
held-out show's files, so every score is for a programme the model has not seen; ``local``
is the same model without the second pass (decoding only). The means are given per
network, per annotation set (the folder: each set is its own annotators) and over all
files, with the files above Pk 0.20 in brackets. Pk and WindowDiff are
``../shared/gold/score_segments.py``'s own (imported by path). In the same run:

- ``main``: the recipe of the model at ``--before-ref`` (its training files, C and decoding,
  read from that commit's ``boundary_model.json``) on the same folds: for each show, a model
  learned from those of its files that are of other shows;
- ``pooled``: when the shipped model learned from some of the annotated files only, the
  same settings learned, for each show, from every annotated file of the other shows;
- ``old``: the segmenter of commit ``--old-ref`` (the rule-based one), run as
  ``analytics.segment.segment(transcript)`` from a ``git archive`` of that commit in a
  subprocess; its per-transcript time is measured there, the new one's here, each the
  fastest of three runs per file;
- speed: the CPU seconds per transcript of the segmenter of ``--speed-ref`` (default
  ``main``) and of this checkout, each in a fresh subprocess on the same files, in turn
  (twice each, the least of three runs per file kept);
- ``one``: one block per file; ``stamps``: a block at every ``[HH:MM:SS]`` stamp;
  ``tiling``: NLTK's ``TextTilingTokenizer`` (pieces are lines, or sentences for a
  one-line body, joined by blank lines);
- the blocks of each left-out show's files after each step of the learned segmenter (decoded,
  joined by the merge pass, split) against gold, per annotation set and for rebuilt CNN
  Tonight (``cnn cnnt``): where blocks are lost or added;
- unseen: the files of ``--unseen`` (none by default), each segmented by the fold model of
  its show, never fitted on;
- agreement: Pk between the two annotations of each file in ``--second``
  (``benchmarks/gold/segments_second``), each taken as the reference in turn;
- the weights of the shipped model (standardised features), largest first, and those of
  its merge pass.

``--curve`` also prints a learning curve: the held-out mean Pk over all files when the fold
models learn from a seeded random half, or three quarters, of the annotated files (those of
the other shows among them), for seeds 0-2, beside all of them.

``--grid`` also prints the cross-validated mean Pk for each regularisation ``C``, block
cost and minimum block length tried (settings are chosen by the mean over all held-out
files, never file by file). Exit status 0; when ``../shared`` is missing the script says so
and exits 0.
"""

from __future__ import annotations

import argparse
import importlib.util
import itertools
import json
import random
import re
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import replace
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from analytics.segment.boundary import BoundaryModel
    from analytics.segment.features import UnitFeatures

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT))

#: The last commit with the rule-based segmenter (cue weights set by hand).
OLD_REF = "99e0f34f060abf85d56c7c442dc8752d044d87df"
#: The last commit whose boundary model learned from the 53 older annotations only.
BEFORE_REF = "37057801d23d7fd60c8d7b6cd58909a4c0144701"
STAMP = re.compile(r"\[\d{1,2}:\d{2}:\d{2}\]")
SENTENCE_END = re.compile(r"(?<=[.?!])\s+(?=[A-Z\"\[(])")

_OLD_RUNNER = """
import json, sys, time
from analytics.ingest import parse_file
from analytics.segment import segment
out = {}
for name, path in json.loads(sys.stdin.read()):
    t = parse_file(path)
    best, blocks = None, None
    for _ in range(3):
        t0 = time.perf_counter()
        blocks = segment(t)
        spent = time.perf_counter() - t0
        best = spent if best is None else min(best, spent)
    out[name] = {"starts": [b.start_char for b in blocks], "seconds": best}
print(json.dumps(out))
"""


_CPU_RUNNER = """
import json, sys, time
from analytics.ingest import parse_file
from analytics.segment import segment
files = json.loads(sys.stdin.read())
transcripts = [(name, parse_file(path)) for name, path in files]
segment(transcripts[0][1])  # load the model and the stemmer once
out = {}
for name, t in transcripts:
    best, blocks = None, None
    for _ in range(3):
        t0 = time.process_time()
        blocks = segment(t)
        spent = time.process_time() - t0
        best = spent if best is None else min(best, spent)
    out[name] = {"starts": [b.start_char for b in blocks], "seconds": best}
print(json.dumps(out))
"""


def cpu_seconds(source: Path | None, ref: str, files: list[tuple[str, str]]) -> dict | str:
    """Block starts and CPU seconds per file (the least of three runs) of the segmenter in
    ``source`` (a package folder's parent), or of commit ``ref`` when ``source`` is None."""
    with tempfile.TemporaryDirectory() as tmp:
        where = source
        if where is None:
            archive = subprocess.run(
                ["git", "-C", str(ROOT), "archive", ref, "analytics"],
                capture_output=True,
                check=False,
            )
            if archive.returncode:
                return f"git archive {ref[:12]} failed: {archive.stderr.decode()[:200]}"
            subprocess.run(["tar", "-x", "-C", tmp], input=archive.stdout, check=True)
            where = Path(tmp)
        run = subprocess.run(
            [sys.executable, "-c", _CPU_RUNNER],
            input=json.dumps(files),
            capture_output=True,
            text=True,
            cwd=tmp,
            env={"PYTHONPATH": str(where), "PATH": "/usr/bin:/bin", "PYTHONHASHSEED": "0"},
            check=False,
        )
        if run.returncode:
            return f"segmenter of {ref} failed: {run.stderr.strip().splitlines()[-1:]}"
        return json.loads(run.stdout)


def speed_table(base_ref: str, files: list[tuple[str, str]], rounds: int = 2) -> None:
    """CPU seconds per transcript of ``base_ref``'s segmenter and this checkout's, measured
    in turn (``rounds`` times each, alternating, the least per file kept)."""
    best: dict[str, dict[str, float]] = {"base": {}, "here": {}}
    starts: dict[str, dict[str, list[int]]] = {"base": {}, "here": {}}
    for _ in range(rounds):
        for side, source in (("base", None), ("here", ROOT)):
            got = cpu_seconds(source, base_ref, files)
            if isinstance(got, str):
                print(f"note: {got}")
                return
            for name, r in got.items():
                starts[side][name] = r["starts"]
                seen = best[side].get(name)
                best[side][name] = r["seconds"] if seen is None else min(seen, r["seconds"])
    base, here = _mean(list(best["base"].values())), _mean(list(best["here"].values()))
    print(
        f"CPU seconds per transcript ({len(files)} files, least of {3 * rounds} runs each, "
        f"in turn): {base_ref} {base:.4f}, this checkout {here:.4f} ({base / here:.2f}x); "
        f"the same blocks on {sum(starts['base'][n] == starts['here'][n] for n in starts['here'])}"
        f" of {len(files)} files"
    )


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


def old_segmenter(ref: str, files: list[tuple[str, str]]) -> dict[str, dict] | str:
    """Block starts and seconds per file from the segmenter of commit ``ref``, or why not."""
    with tempfile.TemporaryDirectory() as tmp:
        archive = subprocess.run(
            ["git", "-C", str(ROOT), "archive", ref, "analytics"],
            capture_output=True,
            check=False,
        )
        if archive.returncode:
            return f"git archive {ref[:12]} failed: {archive.stderr.decode()[:200]}"
        subprocess.run(["tar", "-x", "-C", tmp], input=archive.stdout, check=True)
        run = subprocess.run(
            [sys.executable, "-c", _OLD_RUNNER],
            input=json.dumps(files),
            capture_output=True,
            text=True,
            cwd=tmp,  # not this checkout: `python -c` puts the working folder first
            env={"PYTHONPATH": tmp, "PATH": "/usr/bin:/bin", "PYTHONHASHSEED": "0"},
            check=False,
        )
        if run.returncode:
            return f"old segmenter failed: {run.stderr.strip().splitlines()[-1:]}"
        return json.loads(run.stdout)


class FastScore:
    """Pk and WindowDiff of one gold file as the scorer computes them, vectorised (grid)."""

    def __init__(self, scorer: ModuleType, gold: dict, text: str) -> None:
        starts = scorer.resolve_gold(gold, text)
        self.origin = starts[0]
        spans = [m.span() for m in re.finditer(r"\S+", text) if m.end() > self.origin]
        self.ends = np.array([e for _, e in spans])
        self.n = len(spans)
        marks = self._marks(starts)
        self.k = max(2, round(self.n / (len(marks) + 1) / 2))
        self.ref = self._cumulative(marks)

    def _marks(self, starts: list[int]) -> list[int]:
        s = np.array([x for x in starts if x > self.origin], dtype=np.int64)
        lo = np.searchsorted(self.ends, s, side="right")
        return sorted({int(v) for v in lo if 0 < v < self.n})

    def _cumulative(self, marks: list[int]) -> np.ndarray:
        b = np.zeros(max(self.n - 1, 0), dtype=np.int64)
        b[[m - 1 for m in marks]] = 1
        return np.concatenate([[0], np.cumsum(b)])

    def pk(self, starts: list[int]) -> float:
        hyp = self._cumulative(self._marks(starts))
        windows = self.n - self.k
        if windows <= 0:
            return 0.0
        i = np.arange(windows)
        hi = np.minimum(i + self.k, self.n - 1)
        r, h = self.ref[hi] - self.ref[i], hyp[hi] - hyp[i]
        return round(float(((r > 0) != (h > 0)).sum()) / windows, 4)


def stage_counts(model: BoundaryModel, feats: UnitFeatures) -> tuple[int, int, int]:
    """Blocks of one transcript after each step of the learned segmenter with ``model``:
    decoded, then joined by the merge pass, then split (the blocks it returns)."""
    from analytics.segment.decode import decode_units, logit
    from analytics.segment.merge import block_stats, merge_blocks, split_blocks

    logits = logit(model.predict_proba(feats.matrix))
    decoding = model.decoding
    decoded = decode_units(logits, feats.spoken_words, decoding)
    if model.merge is None or not decoded:
        return len(decoded), len(decoded), len(decoded)
    stats = block_stats(feats)
    joined = merge_blocks(stats, logits, decoded, model.merge, decoding.merge_threshold)
    split = split_blocks(
        stats, logits, joined, model.merge, decoding.split_threshold, decoding.min_words
    )
    return len(decoded), len(joined), len(split)


def annotation_set(a: object) -> str:
    """The folder an annotation comes from (``dev``, ``segments``, ``segments_more``...)."""
    return a.path.parent.name  # type: ignore[attr-defined]


def before_model(ref: str) -> dict | str:
    """The boundary model file of commit ``ref`` as a dict, or why not."""
    got = subprocess.run(
        ["git", "-C", str(ROOT), "show", f"{ref}:analytics/segment/boundary_model.json"],
        capture_output=True,
        text=True,
        check=False,
    )
    if got.returncode:
        return f"no boundary model at {ref[:12]}: {got.stderr.strip()[:200]}"
    return json.loads(got.stdout)


def annotated_inputs(gold: list[Path], corpus: Path, scorer_path: Path) -> tuple | None:
    """The scorer and the annotations of ``gold`` (reserved transcripts left out, each
    left-out file printed), or ``None`` (printed why) when the corpus, the scorer or any
    annotation is missing."""
    from analytics.segment.train import load_annotations, reserved_files

    if not corpus.is_dir() or not scorer_path.is_file():
        print(f"skipped: {corpus} or {scorer_path} not found")
        return None
    scorer = load_scorer(scorer_path)
    annotations, skipped = load_annotations(gold, corpus, reserved_files())
    for name, reason in skipped:
        print(f"left out {name}: {reason}")
    if not annotations:
        print("skipped: no annotation found")
        return None
    return scorer, annotations


def main(argv: list[str] | None = None) -> int:
    from analytics.segment.train import ANNOTATED

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gold", type=Path, nargs="+", default=list(ANNOTATED))
    ap.add_argument(
        "--unseen",
        type=Path,
        nargs="*",
        default=[],
        help="annotations to score with the fold models, never fitted on (none by default)",
    )
    ap.add_argument("--second", type=Path, default=ROOT / "benchmarks" / "gold" / "segments_second")
    ap.add_argument("--corpus", type=Path, default=SHARED / "corpus" / "raw")
    ap.add_argument("--scorer", type=Path, default=SHARED / "gold" / "score_segments.py")
    ap.add_argument("--old-ref", default=OLD_REF, help="commit of the segmenter to compare with")
    ap.add_argument(
        "--before-ref",
        default=BEFORE_REF,
        help="commit whose model's recipe (its files, C, decoding) to cross-validate beside",
    )
    ap.add_argument("--grid", action="store_true", help="cross-validated Pk per setting")
    ap.add_argument("--curve", action="store_true", help="held-out Pk on part of the files")
    ap.add_argument(
        "--speed-ref", default="main", help="commit whose CPU time per transcript to compare"
    )
    ap.add_argument("--quiet", action="store_true", help="means only")
    args = ap.parse_args(argv)
    loaded = annotated_inputs(args.gold, args.corpus, args.scorer)
    if loaded is None:
        return 0
    scorer, annotations = loaded
    from analytics.segment import StorySegmenter, load_model
    from analytics.segment.boundary import Decoding
    from analytics.segment.decode import best_starts, logit
    from analytics.segment.features import extract, unit_labels
    from analytics.segment.learn import learn
    from analytics.segment.train import Annotation, load_annotations, reserved_files

    golds = {a.name: json.loads(a.path.read_text(encoding="utf-8")) for a in annotations}
    feats = {a.name: extract(a.transcript) for a in annotations}
    labels = {a.name: unit_labels(feats[a.name].units, a.starts[1:]) for a in annotations}
    shows = sorted({a.show for a in annotations})
    shipped = load_model()

    def score(name: str, text: str, starts: list[int]) -> dict:
        return scorer.score(golds[name], {"blocks": [{"start_char": s} for s in starts]}, text)

    def score_model(model: BoundaryModel, a: Annotation) -> dict:
        """Pk and WindowDiff of ``a`` segmented with ``model``."""
        blocks = StorySegmenter(model=model).fit().transform(a.transcript)
        return score(a.name, a.transcript.text, [b.start_char for b in blocks])

    def fold_models(
        C: float, decoding: Decoding, among: set[str] | None = None
    ) -> dict[str, BoundaryModel]:
        models = {}
        for show in shows:
            train = [
                a for a in annotations if a.show != show and (among is None or a.name in among)
            ]
            models[show] = learn(
                [feats[a.name] for a in train],
                [labels[a.name] for a in train],
                [a.show for a in train],
                C=C,
                decoding=decoding,
            )
        return models

    # -- the learned segmenter, leave one show out -------------------------------------
    learned_from = {x["name"] for x in shipped.training.get("annotations", [])}  # type: ignore[union-attr]
    models = fold_models(float(shipped.training.get("C", 1.0)), shipped.decoding, learned_from)
    rows: dict[str, dict[str, dict]] = defaultdict(dict)
    seconds_new: dict[str, float] = {}
    for a in annotations:
        segmenter = StorySegmenter(model=models[a.show]).fit()
        best = None
        for _ in range(3):
            t0 = time.perf_counter()
            blocks = segmenter.transform(a.transcript)
            spent = time.perf_counter() - t0
            best = spent if best is None else min(best, spent)
        seconds_new[a.name] = best  # type: ignore[assignment]
        rows[a.name]["new"] = score(a.name, a.transcript.text, [b.start_char for b in blocks])
        local = replace(models[a.show], merge=None)  # the same model, no second pass
        rows[a.name]["local"] = score_model(local, a)

    # -- where the left-out shows' blocks are lost: decoding, joining or splitting -------------
    stages = {a.name: stage_counts(models[a.show], feats[a.name]) for a in annotations}

    # -- the recipe of --before-ref: its files, C and decoding, the same folds ------------
    before = before_model(args.before_ref)
    if isinstance(before, str):
        print(f"note: {before}")
    else:
        among = {x["name"] for x in before["training"]["annotations"]}
        recipe = (among, float(before["training"]["C"]), Decoding(**before["decoding"]))
        same = recipe == (learned_from, float(shipped.training.get("C", 1.0)), shipped.decoding)
        prior = models if same else fold_models(recipe[1], recipe[2], among)
        for a in annotations:
            rows[a.name]["main"] = rows[a.name]["new"] if same else score_model(prior[a.show], a)

    # -- the shipped settings learned from every annotated file of the other shows -------
    if learned_from != {a.name for a in annotations}:
        pooled = fold_models(float(shipped.training.get("C", 1.0)), shipped.decoding)
        for a in annotations:
            rows[a.name]["pooled"] = score_model(pooled[a.show], a)

    # -- the previous segmenter and the baselines ---------------------------------------
    files = [(a.name, str(args.corpus / golds[a.name]["file"])) for a in annotations]
    old = old_segmenter(args.old_ref, files)
    if isinstance(old, str):
        print(f"note: {old}")
        old = {}
    for a in annotations:
        text, origin = a.transcript.text, a.starts[0]
        for base, fn in {"one": one_block, "stamps": at_stamps, "tiling": texttiling}.items():
            rows[a.name][base] = score(a.name, text, fn(text, origin))
        if a.name in old:
            rows[a.name]["old"] = score(a.name, text, old[a.name]["starts"])
    methods = [
        m
        for m in ("one", "stamps", "tiling", "old", "main", "pooled", "local", "new")
        if m in rows[annotations[0].name]
    ]

    if not args.quiet:
        head = f"{'file':30} {'show':16} {'words':>6} {'gold':>4} " + " ".join(
            f"{m:>7}" for m in methods
        )
        print(head + f" {'new wd':>7} {'pred':>4}")
        for a in annotations:
            r = rows[a.name]
            line = f"{a.name:30} {a.show:16} {r['one']['words']:>6} {r['one']['gold_blocks']:>4} "
            line += " ".join(f"{r[m]['pk']:>7.3f}" for m in methods)
            print(line + f" {r['new']['windowdiff']:>7.3f} {r['new']['pred_blocks']:>4}")

    print("\nmean Pk (and WindowDiff) on held-out shows; files above Pk 0.20 in brackets")
    networks = sorted({a.show.split()[0] for a in annotations})
    sets = sorted({annotation_set(a) for a in annotations})
    groups = [(n, [a.name for a in annotations if a.show.startswith(n + " ")]) for n in networks]
    groups += [(s, [a.name for a in annotations if annotation_set(a) == s]) for s in sets]
    groups.append(("all", [a.name for a in annotations]))
    for group, names in groups:
        line = f"{group:15} n={len(names):<3}" + " ".join(
            f"{m}={_mean([rows[n][m]['pk'] for n in names]):.3f}"
            f"/{_mean([rows[n][m]['windowdiff'] for n in names]):.3f}"
            f"({sum(rows[n][m]['pk'] > 0.20 for n in names)})"
            for m in methods
        )
        print(line)
    print("\nmean Pk per show (new, old)")
    for show in shows:
        names = [a.name for a in annotations if a.show == show]
        old_pk = _mean([rows[n]["old"]["pk"] for n in names]) if "old" in methods else float("nan")
        one = sum(rows[n]["new"]["pred_blocks"] == 1 for n in names)
        print(
            f"  {show:18} n={len(names)} new={_mean([rows[n]['new']['pk'] for n in names]):.3f} "
            f"old={old_pk:.3f} one-block files={one}"
        )
    new_pks = {n: rows[n]["new"]["pk"] for n in rows}
    worst = max(new_pks, key=lambda n: (new_pks[n], n))
    print(f"worst file: {worst} Pk={new_pks[worst]:.3f}")
    print(
        f"targets: mean Pk {_mean(list(new_pks.values())):.3f} (<= 0.07), files above 0.20: "
        f"{sum(v > 0.20 for v in new_pks.values())}, CNN 10 / Student News / CNN Tonight "
        "files in one block: "
        + str(
            sum(
                rows[a.name]["new"]["pred_blocks"] == 1
                for a in annotations
                if a.show in ("cnn cnn10", "cnn studentnews", "cnn cnnt")
            )
        )
    )
    print(
        "\nblocks of the left-out shows' files at each step of the learned segmenter "
        "(decoded, after joining, after splitting) against gold"
    )
    stage_groups = [(s, [a.name for a in annotations if annotation_set(a) == s]) for s in sets]
    stage_groups.append(("cnn cnnt", [a.name for a in annotations if a.show == "cnn cnnt"]))
    stage_groups.append(("all", [a.name for a in annotations]))
    for group, names in stage_groups:
        if not names:
            continue
        got = np.sum([stages[n] for n in names], axis=0)
        gold = sum(len(golds[n]["blocks"]) for n in names)
        print(
            f"  {group:15} n={len(names):<3} decoded {got[0]:>4}, joined {got[1]:>4}, "
            f"split {got[2]:>4}, gold {gold:>4}"
        )
    fitted = {a.name for a in annotations}
    unseen, _ = load_annotations(args.unseen, args.corpus, reserved_files())
    unseen = [a for a in unseen if a.name not in fitted]
    if unseen:
        pks, wds = [], []
        for a in unseen:
            golds[a.name] = json.loads(a.path.read_text(encoding="utf-8"))
            # a show never fitted: the shipped model
            r = score_model(models.get(a.show, shipped), a)
            pks.append(r["pk"])
            wds.append(r["windowdiff"])
            rows[a.name]["new"] = r
        print(
            f"unseen files ({len(unseen)}, never fitted on, their show held out): mean Pk "
            f"{_mean(pks):.3f} / WindowDiff {_mean(wds):.3f}, above 0.20: "
            f"{sum(p > 0.20 for p in pks)}, worst {max(pks):.3f}"
        )
    new_time = _mean(list(seconds_new.values()))
    if old:
        old_time = _mean([old[a.name]["seconds"] for a in annotations])
        print(
            f"seconds per transcript: old {old_time:.3f}, new {new_time:.3f} "
            f"({old_time / new_time:.1f}x faster)"
        )
    else:
        print(f"seconds per transcript: new {new_time:.3f}")

    speed_table(args.speed_ref, files)

    # -- human agreement -----------------------------------------------------------------
    if args.second.is_dir():
        print("\nagreement between annotators (Pk, each annotation as reference in turn)")
        by_name = {a.name: a for a in [*annotations, *unseen]}
        pks = []
        for path in sorted(args.second.glob("*.json")):
            second = json.loads(path.read_text(encoding="utf-8"))
            first = by_name.get(path.stem)
            if first is None:
                print(f"  {path.stem}: no primary annotation in --gold or --unseen")
                continue
            text = first.transcript.text
            s2 = list(scorer.resolve_gold(second, text))
            one_way = scorer.score(
                golds[path.stem], {"blocks": [{"start_char": s} for s in s2]}, text
            )
            other = scorer.score(
                second, {"blocks": [{"start_char": s} for s in first.starts]}, text
            )
            pks += [one_way["pk"], other["pk"]]
            print(
                f"  {path.stem:30} Pk={one_way['pk']:.3f} / {other['pk']:.3f} "
                f"blocks {len(first.starts)} / {len(s2)} learned={rows[path.stem]['new']['pk']:.3f}"
            )
        if pks:
            print(f"  mean {_mean(pks):.3f}, max {max(pks):.3f} over {len(pks) // 2} files")

    # -- what the shipped model leans on ---------------------------------------------------
    print(f"\nshipped model: {len(shipped.training.get('annotations', []))} transcripts, weights")
    for name, w in list(shipped.weights().items())[:20]:
        print(f"  {name:22} {w:+.3f}")
    if shipped.merge is not None:
        from analytics.segment.merge import MERGE_FEATURES

        print("merge pass (positive: the two blocks are one story), weights")
        pairs = sorted(
            zip(MERGE_FEATURES, shipped.merge.coef, strict=True), key=lambda p: -abs(p[1])
        )
        for name, w in pairs:
            print(f"  {name:22} {w:+.3f}")

    if args.curve:
        print(
            "\nlearning curve: held-out mean Pk (files above 0.20) learning from part of the files"
        )
        print(f"  all {len(annotations)}: {_mean(list(new_pks.values())):.4f}")
        names = sorted(a.name for a in annotations if a.name in learned_from)
        for fraction in (0.5, 0.75):
            for seed in (0, 1, 2):
                order = list(names)
                random.Random(seed).shuffle(order)
                among = set(order[: round(fraction * len(order))])
                fold = fold_models(float(shipped.training.get("C", 1.0)), shipped.decoding, among)
                pks = [score_model(fold[a.show], a)["pk"] for a in annotations]
                print(
                    f"  {fraction:.2f} seed {seed}: {_mean(pks):.4f} ({sum(p > 0.20 for p in pks)})"
                )

    if args.grid:
        fast = {a.name: FastScore(scorer, golds[a.name], a.transcript.text) for a in annotations}
        print("\ncross-validated mean Pk (max) by C, block cost and minimum block words")
        for C in (0.1, 1.0, 10.0):
            fold = fold_models(C, Decoding())
            proba = {a.name: fold[a.show].predict_proba(feats[a.name].matrix) for a in annotations}
            for cost, min_words in itertools.product(
                (-3.0, -2.5, -2.25, -2.0, -1.5, -1.0, 0.0), (50, 100, 200)
            ):
                pks = []
                for a in annotations:
                    f = feats[a.name]
                    before = np.concatenate([[0], np.cumsum(f.spoken_words)[:-1]])
                    chosen = best_starts(
                        logit(proba[a.name]) - cost,
                        before,
                        int(f.spoken_words.sum()),
                        min_words=min_words,
                        min_first=shipped.decoding.min_first,
                        min_last=shipped.decoding.min_last,
                    )
                    pks.append(fast[a.name].pk([f.units[j].start for j in [0, *chosen]]))
                print(
                    f"  C={C:<5} cost={cost:+.1f} min_words={min_words:<4} {_mean(pks):.4f} ({max(pks):.3f})"
                )
    return 0


if __name__ == "__main__":
    sys.exit(main())
