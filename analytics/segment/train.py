"""Rebuild the shipped boundary model from the annotated transcripts.

usage: python -m analytics.segment.train [--gold DIR ...] [--corpus DIR] [--out FILE]
                                         [--check]

Reads every gold file (``../shared/gold/GUIDELINES.md`` format) in the given folders
(default: ``../shared/gold/dev``, ``benchmarks/gold/segments`` and
``benchmarks/gold/segments_extra``; never ``segments_second``, the second annotations kept
to measure agreement), parses each transcript from ``--corpus``, learns the boundary model
(:func:`analytics.segment.learn.learn`: the boundary classifier, and the merge model of the second pass trained on
the starts a boundary model decodes on shows it was not fitted on) and writes it to ``--out``
(default: the file shipped in the package). Transcripts listed in ``RESERVED.md`` are never
read; a gold file whose ``starts_with`` does not occur exactly once in its transcript is
reported and left out. The file records each annotation used (name and sha256), the ones
left out and why, and the settings, so the same annotations give the same bytes.
``--check`` writes nothing and exits 1 when the shipped file differs from a rebuild.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from analytics.errors import AnalyticsError
from analytics.model import Transcript
from analytics.segment.boundary import MODEL_FILE, BoundaryModel, Decoding
from analytics.segment.features import extract, unit_labels
from analytics.segment.learn import learn

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"
DEFAULT_GOLD = (
    SHARED / "gold" / "dev",
    ROOT / "benchmarks" / "gold" / "segments",
    ROOT / "benchmarks" / "gold" / "segments_extra",
)
#: Every folder of annotations that may be learned from (the benchmark's folds cover them all).
ANNOTATED = (
    *DEFAULT_GOLD,
    ROOT / "benchmarks" / "gold" / "segments_more",
    ROOT / "benchmarks" / "gold" / "segments_more2",
)
DEFAULT_OUT = Path(__file__).resolve().parent / MODEL_FILE


class GoldError(ValueError):
    """A gold file that cannot be used (bad JSON, a starts_with not found exactly once)."""


@dataclass(frozen=True)
class Annotation:
    """One gold file with its parsed transcript and the offsets where its blocks start."""

    name: str
    path: Path
    show: str
    transcript: Transcript
    starts: tuple[int, ...]
    sha256: str


def show_of(name: str) -> str:
    """Network and show code of a gold file name: ``cnn_2019-08-14_ampr_01`` -> ``cnn ampr``."""
    parts = name.split("_")
    return f"{parts[0]} {parts[2]}" if len(parts) >= 3 else name


def gold_starts(gold: dict, text: str) -> tuple[int, ...]:
    """Character offsets of the gold block starts; each ``starts_with`` must occur once."""
    out = []
    for block in gold["blocks"]:
        snippet = block["starts_with"]
        first = text.find(snippet)
        if first < 0 or text.find(snippet, first + 1) >= 0:
            how = "not found" if first < 0 else "found more than once"
            raise GoldError(f"starts_with {how}: {snippet[:50]!r}")
        out.append(first)
    if out != sorted(out):
        raise GoldError("blocks are not in reading order")
    return tuple(out)


def reserved_files(path: Path = SHARED / "gold" / "RESERVED.md") -> frozenset[str]:
    """The corpus paths listed in RESERVED.md (``- `cnn/x.txt```), or none without it."""
    if not path.is_file():
        return frozenset()
    return frozenset(re.findall(r"^-\s*`([^`]+)`", path.read_text(encoding="utf-8"), re.M))


def load_annotations(
    folders: Iterable[Path], corpus: Path, reserved: frozenset[str] = frozenset()
) -> tuple[list[Annotation], list[tuple[str, str]]]:
    """Annotations in ``folders`` (sorted by name) and the files left out, with a reason."""
    from analytics.ingest import parse_file

    used: list[Annotation] = []
    skipped: list[tuple[str, str]] = []
    seen: set[str] = set()
    for folder in folders:
        for path in sorted(Path(folder).glob("*.json")):
            if path.name == "story_ids.json":
                continue
            try:
                raw = path.read_bytes()
                gold = json.loads(raw)
                if gold["file"] in reserved:
                    skipped.append((path.name, "reserved for independent evaluation"))
                    continue
                if path.stem in seen:
                    skipped.append((path.name, "annotated in an earlier folder"))
                    continue
                transcript = parse_file(corpus / gold["file"])
                starts = gold_starts(gold, transcript.text)
            except (OSError, ValueError, KeyError, TypeError, AnalyticsError) as exc:
                skipped.append((path.name, str(exc).splitlines()[0][:120]))
                continue
            seen.add(path.stem)
            used.append(
                Annotation(
                    name=path.stem,
                    path=path,
                    show=show_of(path.stem),
                    transcript=transcript,
                    starts=starts,
                    sha256=hashlib.sha256(raw).hexdigest(),
                )
            )
    used.sort(key=lambda a: a.name)
    return used, skipped


def train(
    annotations: Sequence[Annotation],
    *,
    C: float = 1.0,
    random_state: int = 0,
    decoding: Decoding | None = None,
    skipped: Sequence[tuple[str, str]] = (),
) -> BoundaryModel:
    """The boundary model learned from ``annotations`` (which it records)."""
    features, labels = [], []
    for a in annotations:
        feats = extract(a.transcript)
        features.append(feats)
        labels.append(unit_labels(feats.units, a.starts[1:]))
    training = {
        "annotations": [{"name": a.name, "sha256": a.sha256} for a in annotations],
        "left_out": [{"name": n, "reason": r} for n, r in skipped],
        "shows": sorted({a.show for a in annotations}),
    }
    return learn(
        features,
        labels,
        [a.show for a in annotations],
        C=C,
        random_state=random_state,
        decoding=decoding,
        training=training,
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gold", type=Path, nargs="+", default=list(DEFAULT_GOLD))
    ap.add_argument("--corpus", type=Path, default=SHARED / "corpus" / "raw")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--check", action="store_true", help="compare with --out, write nothing")
    args = ap.parse_args(argv)
    if any("segments_second" in str(g) for g in args.gold):
        print("error: segments_second holds second annotations: not for training", file=sys.stderr)
        return 2
    annotations, skipped = load_annotations(args.gold, args.corpus, reserved_files())
    for name, reason in skipped:
        print(f"left out {name}: {reason}", file=sys.stderr)
    if not annotations:
        print("error: no usable annotation", file=sys.stderr)
        return 2
    text = train(annotations, skipped=skipped).to_json()
    if args.check:
        same = args.out.is_file() and args.out.read_text(encoding="utf-8") == text
        print(f"{args.out}: {'matches' if same else 'differs from'} a rebuild")
        return 0 if same else 1
    args.out.write_text(text, encoding="utf-8")
    print(f"wrote {args.out}: {len(annotations)} transcripts, {len(skipped)} left out")
    return 0


if __name__ == "__main__":
    sys.exit(main())
