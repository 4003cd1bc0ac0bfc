"""Story blocks: variants of the segmenter's decoder and merge pass, each scored leaving one
show out on the same folds as the shipped recipe (``benchmarks/segmentation.py``).

usage: python benchmarks/segmentation_tried.py [--gold DIR ...] [--corpus DIR] [--quick]

For each show, the boundary model is learned with the shipped settings from the files of
the shipped model's recipe (its ``training.annotations``) that are of other shows, and its
log-odds on the show's files are kept; so are, for each other show among them, the log-odds
of a model fitted without both shows (the decodes the merge pass learns from,
:func:`analytics.segment.learn.learn`). Every variant then decodes, learns its merge model
from its own decodes of the other shows and joins and splits the left-out show's blocks;
the Pk is ``benchmarks/segmentation.py``'s vectorised one (``FastScore``, equal to
``../shared/gold/score_segments.py``'s). ``--quick`` leaves out the variants that need
boundary models of their own (the merge pass learned from every annotated file's decodes,
the boundary model learned with the structureless pages of every set or with structure
interactions), which take most of the time.

Variants (none is shipped; analytics/segment/README.md lists them with these figures):

- a length prior on the block cost: ``cost + a * ln(words / 7,500)`` for the transcript's
  spoken words (more blocks in short programmes), with the shortest block
  ``min(100, max(40, f * words))`` words, each setting of a grid, and the setting chosen
  for each show on the other shows' files (``nested``);
- the merge pass with page-structure columns: the page has no ``[HH:MM:SS]`` stamp and no
  commercial break (``bare``), alone, with its products with the boundary log-odds and the
  block cosine, and the four page columns of the boundary model (``file_stamps``,
  ``file_breaks``, ``file_flat``, ``file_list``);
- the merge model with C 0.1 or 10, and learning with a gold start within 100 or 150
  spoken words counting as true;
- the merge model learned from the decodes of every annotated file of the other shows
  (the boundary model still learning from the recipe's files);
- the boundary model learning also from every annotated page without stamps and breaks
  (CNN 10, Student News, rebuilt CNN Tonight), or with the ``bare`` flag's products with
  its turn, paragraph and cue columns.

The means are over all files, per network, for rebuilt CNN Tonight (``cnn cnnt``) and for
``segments_more2``, with the files above 0.20, the CNN 10 / Student News / CNN Tonight
files left in one block, and the blocks decoded / joined / split (all files; cnnt).
Exit status 0; when ``../shared`` is missing the script says so and exits 0.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from analytics.segment import merge as merge_pass  # noqa: E402
from analytics.segment.boundary import Decoding, train_boundary_model  # noqa: E402
from analytics.segment.decode import decode_units, logit  # noqa: E402
from analytics.segment.features import FEATURES, UnitFeatures  # noqa: E402
from analytics.segment.learn import MERGE_TOLERANCE  # noqa: E402

#: Spoken words of a programme whose block cost the length prior leaves as it is.
REFERENCE_WORDS = 7500.0
SHORT_SHOWS = ("cnn cnn10", "cnn studentnews", "cnn cnnt")
COLUMN = {name: i for i, name in enumerate(FEATURES)}

Logits = dict[str, np.ndarray]
Decoder = Callable[[str, np.ndarray], list[int]]


@dataclass(frozen=True)
class Folds:
    """The annotated files and, per left-out show, the boundary log-odds of its files
    (``outer``) and of the other shows' files the merge model learns from (``inner``)."""

    feats: dict[str, UnitFeatures]
    labels: dict[str, np.ndarray]
    show: dict[str, str]
    folder: dict[str, str]
    shows: tuple[str, ...]
    outer: dict[str, Logits]
    inner: dict[str, Logits]


def fit_logits(
    feats: dict[str, UnitFeatures],
    labels: dict[str, np.ndarray],
    train: Sequence[str],
    score: Sequence[str],
    C: float,
    matrix: Callable[[str], np.ndarray] | None = None,
) -> Logits:
    """Log-odds on the files ``score`` of a boundary model learned from ``train``."""
    x = matrix or (lambda n: feats[n].matrix)
    names = list(FEATURES) + [f"extra_{i}" for i in range(x(train[0]).shape[1] - len(FEATURES))]
    model = train_boundary_model(
        [x(n) for n in train], [labels[n] for n in train], names, C=C, random_state=0
    )
    return {n: logit(model.predict_proba(x(n))) for n in score}


def bare(feats: UnitFeatures) -> float:
    """1.0 for a page with no ``[HH:MM:SS]`` stamp and no commercial break."""
    last = feats.matrix[-1]
    return float(last[COLUMN["file_stamps"]] == 0 and last[COLUMN["file_breaks"]] == 0)


def build_folds(
    feats: dict[str, UnitFeatures],
    labels: dict[str, np.ndarray],
    show: dict[str, str],
    folder: dict[str, str],
    among: set[str],
    C: float,
    inner_from: Callable[[str], bool] | None = None,
    matrix: Callable[[str], np.ndarray] | None = None,
) -> Folds:
    """Boundary log-odds for every left-out show: the model learned from ``among``'s files
    of other shows; for the merge pass, each other show's files (those of ``among``, or
    those ``inner_from`` accepts) by a model learned without either show."""
    shows = tuple(sorted(set(show.values())))
    keep = inner_from or (lambda n: n in among)
    outer: dict[str, Logits] = {}
    inner: dict[str, Logits] = {}
    for left in shows:
        train = sorted(n for n in among if show[n] != left)
        mine = sorted(n for n in feats if show[n] == left)
        outer[left] = fit_logits(feats, labels, train, mine, C, matrix)
        inner[left] = {}
        for other in sorted({show[n] for n in feats} - {left}):
            part = [n for n in train if show[n] != other]
            score = sorted(n for n in feats if show[n] == other and keep(n))
            if score:
                inner[left].update(fit_logits(feats, labels, part, score, C, matrix))
    return Folds(feats, labels, show, folder, shows, outer, inner)


#: A merge-pass column: the transcript's stats, the pair row so far, the two blocks' spans.
Column = Callable[
    [merge_pass.BlockStats, list[float], tuple[int, int], tuple[int, int]], list[float]
]


@contextmanager
def merge_columns(extra: Column) -> Iterator:
    """The merge pass with columns added to each pair row (``extra(stats, row, span_a,
    span_b)``) while inside the block."""
    original, names = merge_pass.pair_row, merge_pass.MERGE_FEATURES

    def row(stats, logit_value, break_before, span_a, span_b):  # type: ignore[no-untyped-def]
        base = original(stats, logit_value, break_before, span_a, span_b)
        return base + extra(stats, base, span_a, span_b)

    probe = merge_pass.BlockStats((), np.zeros((0, 1)), np.zeros((0, 1)), np.zeros(0), np.zeros(1))
    probe.page = np.zeros(4)  # type: ignore[attr-defined]
    probe.bare = 0.0  # type: ignore[attr-defined]
    width = len(names) + len(extra(probe, [0.0] * len(names), (0, 0), (0, 0)))
    merge_pass.pair_row = row  # type: ignore[assignment]
    merge_pass.MERGE_FEATURES = tuple(f"c{i}" for i in range(width))  # type: ignore[misc]
    try:
        yield
    finally:
        merge_pass.pair_row = original  # type: ignore[assignment]
        merge_pass.MERGE_FEATURES = names  # type: ignore[misc]


def _opening(stats: merge_pass.BlockStats, span: tuple[int, int], words: int) -> tuple[int, int]:
    """The units of ``span`` up to its first ``words`` spoken words (at least one unit)."""
    lo, hi = span
    end = int(np.searchsorted(stats.cum_words, stats.cum_words[lo] + words, side="left"))
    return lo, max(lo + 1, min(hi, end))


def _closing(stats: merge_pass.BlockStats, span: tuple[int, int], words: int) -> tuple[int, int]:
    """The units of ``span`` from its last ``words`` spoken words (at least one unit)."""
    lo, hi = span
    begin = int(np.searchsorted(stats.cum_words, stats.cum_words[hi] - words, side="right")) - 1
    return max(lo, min(hi - 1, begin)), hi


def new_story_columns(words: int, kinds: tuple[str, ...]) -> Column:
    """Merge columns for a story that turns inside related coverage: ``lede``, the cosine of
    the second block's opening ``words`` with the whole first block; ``junction``, of the
    first block's closing ``words`` with the second's opening; ``new_names``, the share of
    the second block's name weight the first never says."""

    def extra(stats, row, span_a, span_b):  # type: ignore[no-untyped-def]
        if span_a[1] <= span_a[0] or span_b[1] <= span_b[0]:
            return [0.0] * len(kinds)
        out = []
        opening = stats.vector(*_opening(stats, span_b, words))
        for kind in kinds:
            if kind == "lede":
                out.append(merge_pass._cosine(opening, stats.vector(*span_a)))
            elif kind == "junction":
                closing = stats.vector(*_closing(stats, span_a, words))
                out.append(merge_pass._cosine(closing, opening))
            elif kind == "new_names":
                names_a = stats.vector(*span_a, names=True)
                names_b = stats.vector(*span_b, names=True)
                total = float(names_b.sum())
                out.append(float(names_b[names_a == 0].sum()) / total if total else 0.0)
            else:
                raise ValueError(f"unknown merge column {kind!r}")
        return out

    return extra


#: Teases a reader of the guidelines hears that the shipped pattern misses, by name.
TEASES = {
    "when we come right back": r"when we (?:come|get) (?:right )?back|we come right back|when we return",
    "a sentence ending on next": r"next(?=\s*[.!](?:\s|$))",
    "joins me next": r"joins? (?:me|us)[^.?!\n]{0,40}\bnext",
}


@contextmanager
def wider_teases(names: Sequence[str]) -> Iterator:
    """The tease cue family with the :data:`TEASES` ``names`` added, while inside the block
    (features extracted inside it see them)."""
    from analytics.segment import cues

    original = cues._SCANNERS["tease"]
    base = cues.TEASE_RE.pattern
    if not base.endswith(")\\b"):
        raise ValueError(f"the shipped tease pattern no longer ends on ')\\b': {base[-20:]!r}")
    pattern = base[: -len(")\\b")] + "|" + "|".join(TEASES[n] for n in names) + ")\\b"
    cues._SCANNERS["tease"] = cues._scanner(re.compile(pattern, re.IGNORECASE))
    try:
        yield
    finally:
        cues._SCANNERS["tease"] = original


def run_variant(
    folds: Folds,
    pk: Callable[[str, list[int]], float],
    decoding: Decoding,
    decoder: Decoder | None = None,
    C: float = 1.0,
    tolerance: int = MERGE_TOLERANCE,
) -> tuple[dict[str, float], dict[str, tuple[int, int, int]]]:
    """Pk of every file and its blocks decoded / joined / split, its show left out."""
    stats = {}
    for n, f in folds.feats.items():
        s = merge_pass.block_stats(f)
        last = f.matrix[-1]
        s.page = last[[COLUMN[c] for c in ("file_stamps", "file_breaks", "file_flat", "file_list")]]  # type: ignore[attr-defined]
        s.bare = bare(f)  # type: ignore[attr-defined]
        stats[n] = s
    decode = decoder or (lambda n, lg: decode_units(lg, folds.feats[n].spoken_words, decoding))
    scores, steps = {}, {}
    for left in folds.shows:
        rows, outcomes = [], []
        for n, lg in folds.inner[left].items():
            starts = decode(n, lg)
            before = np.concatenate([[0], np.cumsum(folds.feats[n].spoken_words)[:-1]])
            rows.append(merge_pass.pair_features(stats[n], lg, starts))
            gold = np.flatnonzero(folds.labels[n]).tolist()
            outcomes.append(merge_pass.merge_labels(starts, before, gold, tolerance))
        model = merge_pass.train_merge_model(rows, outcomes, C=C)
        for n, lg in folds.outer[left].items():
            decoded = decode(n, lg)
            joined = merge_pass.merge_blocks(stats[n], lg, decoded, model, decoding.merge_threshold)
            split = merge_pass.split_blocks(
                stats[n], lg, joined, model, decoding.split_threshold, decoding.min_words
            )
            scores[n] = pk(n, split)
            steps[n] = (len(decoded), len(joined), len(split))
    return scores, steps


def length_prior(folds: Folds, decoding: Decoding, a: float, share: float | None) -> Decoder:
    """Decoding with the block cost moved by ``a * ln(words / REFERENCE_WORDS)`` and the
    shortest block ``min(min_words, max(40, share * words))`` (``share`` None: unchanged)."""

    def decode(n: str, lg: np.ndarray) -> list[int]:
        words = float(folds.feats[n].spoken_words.sum())
        shortest = decoding.min_words
        if share is not None:
            shortest = int(min(decoding.min_words, max(40, share * words)))
        d = replace(
            decoding,
            cost=decoding.cost + a * float(np.log(words / REFERENCE_WORDS)),
            min_words=shortest,
        )
        return decode_units(lg, folds.feats[n].spoken_words, d)

    return decode


def line(
    folds: Folds,
    label: str,
    scores: dict[str, float],
    steps: dict[str, tuple[int, int, int]] | None,
) -> str:
    """One variant's means (all, per network, cnnt, segments_more2) and counts."""
    names = sorted(scores)

    def mean(keep: Callable[[str], bool]) -> float:
        kept = [scores[n] for n in names if keep(n)]
        return float(np.mean(kept)) if kept else float("nan")

    out = (
        f"{label:46} all={mean(lambda n: True):.4f} "
        f">0.20={sum(scores[n] > 0.20 for n in names):<3} "
        + " ".join(
            f"{net}={mean(lambda n, net=net: folds.show[n].startswith(net + ' ')):.3f}"
            for net in ("cnn", "fox", "msnbc")
        )
        + f" cnnt={mean(lambda n: folds.show[n] == 'cnn cnnt'):.3f}"
        + f" more2={mean(lambda n: folds.folder[n] == 'segments_more2'):.3f}"
    )
    if steps is not None:
        one = sum(steps[n][2] == 1 for n in names if folds.show[n] in SHORT_SHOWS)
        every = np.sum([steps[n] for n in names], axis=0).tolist()
        cnnt = np.sum([steps[n] for n in names if folds.show[n] == "cnn cnnt"], axis=0).tolist()
        out += f" one-block={one} blocks={every} cnnt={cnnt}"
    return out


def gold_evidence(folds: Folds, cost: float) -> list[str]:
    """Where the gold starts are, per group of shows: their median boundary log-odds (their
    show left out), the share above the block cost, and the shares of gold starts and of
    other units at a turn start and at a host's turn start."""
    groups = {
        "cnn cnnt": lambda s: s == "cnn cnnt",
        "CNN 10 / Student News": lambda s: s in ("cnn cnn10", "cnn studentnews"),
        "other shows": lambda s: s not in SHORT_SHOWS,
    }
    turn, host = COLUMN["turn_start"], COLUMN["host_turn_start"]
    out = []
    for label, keep in groups.items():
        at, rest, odds = [], [], []
        for left in folds.shows:
            if not keep(left):
                continue
            for n, lg in folds.outer[left].items():
                gold = folds.labels[n].astype(bool)
                gold[0] = False
                other = ~gold
                other[0] = False
                at.append(folds.feats[n].matrix[gold])
                rest.append(folds.feats[n].matrix[other])
                odds.append(lg[gold])
        g, r, o = np.vstack(at), np.vstack(rest), np.concatenate(odds)
        out.append(
            f"  {label:22} gold starts {len(o):>4}: median log-odds {np.median(o):+.2f}, "
            f"above the block cost {np.mean(o > cost):.2f}; at a turn start "
            f"{g[:, turn].mean():.2f} (other units {r[:, turn].mean():.2f}), at a host's turn "
            f"start {g[:, host].mean():.2f} ({r[:, host].mean():.2f})"
        )
    return out


def main(argv: list[str] | None = None) -> int:
    from segmentation import FastScore, annotated_inputs

    from analytics.segment import load_model
    from analytics.segment.features import extract, unit_labels
    from analytics.segment.train import ANNOTATED

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gold", type=Path, nargs="+", default=list(ANNOTATED))
    ap.add_argument("--corpus", type=Path, default=SHARED / "corpus" / "raw")
    ap.add_argument("--scorer", type=Path, default=SHARED / "gold" / "score_segments.py")
    ap.add_argument("--quick", action="store_true", help="no variant with its own boundary model")
    args = ap.parse_args(argv)
    loaded = annotated_inputs(args.gold, args.corpus, args.scorer)
    if loaded is None:
        return 0
    scorer, annotations = loaded
    feats = {a.name: extract(a.transcript) for a in annotations}
    starts = {a.name: a.starts[1:] for a in annotations}
    labels = {n: unit_labels(feats[n].units, starts[n]) for n in feats}
    show = {a.name: a.show for a in annotations}
    folder = {a.name: a.path.parent.name for a in annotations}
    fast = {
        a.name: FastScore(scorer, json.loads(a.path.read_text(encoding="utf-8")), a.transcript.text)
        for a in annotations
    }

    def pk_of(units_of: dict[str, UnitFeatures]) -> Callable[[str, list[int]], float]:
        """Pk of a file's chosen start units, their offsets read from ``units_of``."""

        def pk(name: str, starts: list[int]) -> float:
            units = units_of[name].units
            return fast[name].pk([units[j].start for j in starts])

        return pk

    pk = pk_of(feats)

    shipped = load_model()
    C = float(shipped.training.get("C", 1.0))
    among = {x["name"] for x in shipped.training.get("annotations", [])} & set(feats)  # type: ignore[union-attr]
    dec = shipped.decoding
    folds = build_folds(feats, labels, show, folder, among, C)
    print(f"{len(feats)} files, {len(folds.shows)} shows, learning from {len(among)}")
    print("where the gold starts are (boundary log-odds of the fold models)")
    print("\n".join(gold_evidence(folds, dec.cost)))

    def show_line(label: str, **kw: object) -> dict[str, float]:
        scores, steps = run_variant(folds, pk, dec, **kw)  # type: ignore[arg-type]
        print(line(folds, label, scores, steps), flush=True)
        return scores

    show_line("shipped")
    print("\nlength prior on the block cost (a) and the shortest block (share of words)")
    grid: dict[tuple[float, float | None], dict[str, float]] = {}
    for a in (0.0, 0.5, 1.0, 1.25):
        for share in (None, 0.03, 0.04, 0.05):
            if a == 0.0 and share is None:
                continue
            grid[(a, share)] = show_line(
                f"  a={a} share={share}", decoder=length_prior(folds, dec, a, share)
            )
    grid[(0.0, None)] = run_variant(folds, pk, dec)[0]
    nested: dict[str, float] = {}
    for left in folds.shows:
        others = [n for n in feats if show[n] != left]
        best = min(
            grid,
            key=lambda k: (float(np.mean([grid[k][n] for n in others])), k[0], k[1] or 1.0),
        )
        print(f"  {left:18} chosen on the other shows: a={best[0]} share={best[1]}")
        nested.update({n: grid[best][n] for n in feats if show[n] == left})
    print(line(folds, "  nested (each show's setting from the others)", nested, None))

    print("\nmerge pass with page-structure columns")
    variants: dict[str, Column] = {
        "bare": lambda s, r, *_: [s.bare],  # type: ignore[attr-defined]
        "bare, x logit, x block_cos": lambda s, r, *_: [s.bare, s.bare * r[0], s.bare * r[1]],  # type: ignore[attr-defined]
        "four page columns": lambda s, r, *_: list(s.page),  # type: ignore[attr-defined]
        "bare, x ln(words)": lambda s, r, *_: [s.bare, s.bare * float(np.log1p(s.cum_words[-1]))],  # type: ignore[attr-defined]
    }
    for label, extra in variants.items():
        with merge_columns(extra):
            show_line(f"  + {label}")
    print("\nmerge pass with columns for a new story inside related coverage")
    for words, kinds in (
        (150, ("lede",)),
        (300, ("lede",)),
        (150, ("junction",)),
        (300, ("junction",)),
        (0, ("new_names",)),
        (200, ("lede", "junction", "new_names")),
    ):
        with merge_columns(new_story_columns(words, kinds)):
            show_line(f"  + {', '.join(kinds)}" + (f" ({words} words)" if words else ""))
    print("\nmerge model settings")
    for C_merge in (0.1, 10.0):
        show_line(f"  merge C={C_merge}", C=C_merge)
    for tolerance in (100, 150):
        show_line(f"  merge tolerance {tolerance} words", tolerance=tolerance)
    if args.quick:
        return 0

    print("\nother training files")
    pooled_merge = build_folds(feats, labels, show, folder, among, C, inner_from=lambda n: True)
    scores, steps = run_variant(pooled_merge, pk, dec)
    print(line(folds, "  merge pass learning from every file's decodes", scores, steps))
    bare_pages = among | {n for n in feats if bare(feats[n])}
    wider = build_folds(feats, labels, show, folder, bare_pages, C, inner_from=lambda n: n in among)
    scores, steps = run_variant(wider, pk, dec)
    print(line(folds, "  boundary model + every page without structure", scores, steps))
    cues = (
        "para_start",
        "turn_start",
        "host_turn_start",
        "tease_back",
        "intro_ahead",
        "new_voice_ahead",
    )

    def crossed(n: str) -> np.ndarray:
        m = feats[n].matrix
        out = np.concatenate([m, m[:, [COLUMN[c] for c in cues]] * bare(feats[n])], axis=1)
        out[0] = 0.0
        return out

    inter = build_folds(feats, labels, show, folder, among, C, matrix=crossed)
    scores, steps = run_variant(inter, pk, dec)
    print(line(folds, "  boundary model + bare x six turn/cue columns", scores, steps))

    print("\nwider teases (features extracted again, both models learned again)")
    for names in [[name] for name in TEASES] + [list(TEASES)]:
        with wider_teases(names):
            wider_feats = {a.name: extract(a.transcript) for a in annotations}
        wider_labels = {n: unit_labels(wider_feats[n].units, starts[n]) for n in wider_feats}
        wider = build_folds(wider_feats, wider_labels, show, folder, among, C)
        scores, steps = run_variant(wider, pk_of(wider_feats), dec)
        print(line(wider, "  + " + ", ".join(names), scores, steps))
    return 0


if __name__ == "__main__":
    sys.exit(main())
