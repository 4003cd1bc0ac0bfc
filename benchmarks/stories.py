"""Stories across broadcasts scored against the story labels, cross-validated on unseen stories.

usage: python benchmarks/stories.py [--corpus DIR] [--folds 5] [--seed 7] [--fit] [--all-pairs]
                                   [--new-labels [FOLDER]]

Labels: the story ids of ``../shared/gold/dev/story_ids.json`` (12 dev transcripts),
``benchmarks/gold/story_ids.json`` (41 annotated transcripts) and, when present,
``benchmarks/gold/story_ids_more.json`` (the transcripts of ``benchmarks/gold/segments_more``),
keyed by the blocks of the gold files (``../shared/gold/dev/*.json``,
``benchmarks/gold/segments*/``). Opening rundowns (``open``) are left out of every pair.

``--new-labels`` scores only the transcripts of ``segments_more`` as unseen: the weights are
learned and the cuts chosen (the held-out rule below) on the other labels, the corpus is
clustered with them, and the pairs with at least one new block are scored (the default
feature set; the new stories were never seen, the new blocks of a story also labelled
elsewhere were not either). ``--new-labels heldout`` does the same with the transcripts of
``benchmarks/gold/heldout`` (ids in ``story_ids_heldout.json``), which nothing is fitted
on: read only when asked for, as the new labels; ``--new-labels segments_more2`` with those
of ``benchmarks/gold/segments_more2`` (``story_ids_more2.json``), labelled after the
default run's labels.

Corpus: the CNN, MSNBC and Fox transcripts (``cnn, cnn_more, msnbc, fox, fox_more``) plus
the gold transcripts kept elsewhere (``cnn_reconstructed``), parsed and segmented as the
``topics`` command does. Two settings, in one run:

- **gold blocks** (linking alone): the gold transcripts cut at the gold block starts, the
  other transcripts at the segmenter's; every labelled block is a document;
- **pipeline blocks** (end to end): every transcript cut by the segmenter; each labelled
  block is mapped to the predicted block of its transcript that shares most of its words,
  and two labelled blocks count as linked when their predicted blocks are in one story
  (two labelled blocks mapped to one predicted block are linked by construction).

Honest measure: stories are split into ``--folds`` groups (GroupKFold on the story id, so a
test fold's stories were never seen in fitting, and its blocks' periods are covered only by
other stories' labels). For each fold the merge weights are learned on the gold-block pairs
of the other folds' blocks (the clean labels), the cuts are chosen for each setting on those
blocks too (the loosest clustering cut whose different-story pairs stay >= 98.5% apart,
then, with it, the loosest attach cut for lone blocks that keeps them so; counted on
held-out probabilities: each training fold in turn scored with weights learned on the
other training folds, as the test fold is; ``--cuts in-sample`` counts them with the
fold's own weights, the rule before), and the whole corpus is clustered; pairs with at least one block in the test fold are scored (a pair
across two test folds counts half in each). B-cubed F1 is computed for the test blocks
against all labelled blocks.

Printed for stories (ours), the baselines "story = topic" (the blocks' BERTopic topics,
MiniLM, ``--seed``) and "story = one block", and topics three ways (BERTopic over blocks as
today; each story taking its blocks' word-weighted majority topic; BERTopic over stories):
same-story pairs linked (or sharing a topic), different-story pairs apart, B-cubed F1.
The stories are scored for each feature set of ``analytics.stories.link.FEATURE_SETS``
(without and with embeddings, with and without the context features; the sets with
embeddings only when the topic stage embedded every block) and the default set without
attaching lone blocks; the topics and the baselines with the first (the default: no
embeddings). Also the story stage's seconds (views, pair features, clustering) on the corpus.

Then the default set with one pair of cuts (clustering, attach) for every fold, as ``run``
uses the shipped cuts on any input: the shipped cuts, the ones shipped before
(``PREVIOUS_CUTS``) and the rule's (the pair linking most same-story pairs, summed over the
two settings, among those keeping >= ``FIXED_MIN_APART`` of the different-story pairs apart
in both), each fold's weights learned without it; and the ceiling of linking on the
pipeline blocks (each predicted block given the story most of its labelled blocks have: a
predicted block running two stories costs pairs whatever the linker does).
With the shipped cuts, also the topics following their stories (each story's majority
topic, as ``run`` makes them). ``--new-labels`` also scores the shipped cuts and the ones
before.

``--fit`` also learns each feature set's weights on every label and prints them as Python,
for ``analytics/stories/link.py`` (the default set's threshold and attach cut: the fixed-cut
rule above; the other sets': chosen by the held-out rule on all five folds, pipeline blocks;
with ``--cuts in-sample``, the medians of the folds' cuts on pipeline blocks). Exit status
0; without ``../shared`` it says so and exits 0.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT))

FOLDERS = ("cnn", "cnn_more", "msnbc", "fox", "fox_more")
THRESHOLDS = tuple(round(x, 3) for x in np.arange(0.3, 0.961, 0.025))
ATTACH = (0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2, 0.15, 0.1, 0.05)  # strictest first
MIN_APART = 0.985
#: The shipped cuts (one clustering cut and one attach cut for every input, in
#: ``link.DEFAULT_WEIGHTS``): the pair with most same-story pairs linked (summed over the two
#: settings) among those whose cross-validated different-story pairs stay >= this share
#: apart in both settings, each fold's weights learned without it (``--fit``).
FIXED_MIN_APART = 0.98
#: The shipped cuts before (the same rule with a margin: >= 98.3% apart), scored beside
#: the current ones.
PREVIOUS_CUTS: tuple[float, float | None] = (0.675, 0.3)
CUTS = "held-out"  # or "in-sample": how the folds choose their cuts (--cuts)


# --------------------------------------------------------------------------- labels


#: Gold block folders of ``benchmarks/gold``; ``segments_more`` holds the transcripts labelled
#: last (their story ids in ``story_ids_more.json``), scored apart by ``--new-labels``.
GOLD_FOLDERS = ("segments", "segments_extra", "segments_more")
NEW_FOLDER = "segments_more"
STORY_ID_FILES = ("story_ids.json", "story_ids_more.json")
#: Labelled transcripts never fitted on, read only as ``--new-labels heldout``.
HELD_OUT = ("heldout", "story_ids_heldout.json")
#: Labelled transcripts scored apart as ``--new-labels segments_more2`` (fitting data, not
#: yet among the labels of the default run).
MORE2 = ("segments_more2", "story_ids_more2.json")


def gold_files(shared: Path) -> dict[str, dict]:
    """Gold block files by transcript path (relative to ``corpus/raw``)."""
    out: dict[str, dict] = {}
    for path in sorted((shared / "gold" / "dev").glob("*.json")):
        if path.name != "story_ids.json":
            gold = json.loads(path.read_text(encoding="utf-8"))
            out[gold["file"]] = gold
    for folder in GOLD_FOLDERS:
        for path in sorted((ROOT / "benchmarks" / "gold" / folder).glob("*.json")):
            gold = json.loads(path.read_text(encoding="utf-8"))
            out[gold["file"]] = gold
    return out


def new_files() -> set[str]:
    """Transcripts (paths relative to ``corpus/raw``) of the last labelled folder."""
    return {
        json.loads(path.read_text(encoding="utf-8"))["file"]
        for path in sorted((ROOT / "benchmarks" / "gold" / NEW_FOLDER).glob("*.json"))
    }


def story_labels(shared: Path) -> dict[str, list[tuple[str, str]]]:
    """``file -> [(starts_with, story_id), ...]`` from the story-id files (those present)."""
    out: dict[str, list[tuple[str, str]]] = {}
    paths = [shared / "gold" / "dev" / "story_ids.json"]
    paths += [ROOT / "benchmarks" / "gold" / name for name in STORY_ID_FILES]
    for path in paths:
        if not path.is_file():
            continue
        for file, blocks in json.loads(path.read_text(encoding="utf-8")).items():
            if file.startswith("_"):
                continue
            out.setdefault(file, []).extend((b["starts_with"], b["story_id"]) for b in blocks)
    return out


def reserved(shared: Path) -> set[str]:
    lines = (shared / "gold" / "RESERVED.md").read_text(encoding="utf-8").splitlines()
    return {line.strip()[3:-1] for line in lines if line.startswith("- `")}


def _label_of(starts_with: str, labelled: list[tuple[str, str]]) -> str:
    for key, story in labelled:
        if starts_with.startswith(key) or key.startswith(starts_with):
            return story
    raise KeyError(f"no story id for block {starts_with[:50]!r}")


# --------------------------------------------------------------------------- corpus


@dataclass
class Corpus:
    transcripts: list
    predicted: dict  # source -> blocks from the segmenter
    gold: dict  # source -> blocks at the gold starts
    story_of: dict  # (source, gold block index) -> story id
    extra: list[str]


def load_corpus(corpus: Path, shared: Path) -> Corpus:
    from analytics.ingest import parse_file
    from analytics.model import StoryBlock
    from analytics.segment import segment
    from analytics.topics import transcript_stop_words

    golds = gold_files(shared)
    labels = story_labels(shared)
    kept_out = reserved(shared)
    if set(golds) & kept_out:
        raise SystemExit(f"gold files include reserved transcripts: {set(golds) & kept_out}")
    files = sorted(p for folder in FOLDERS for p in (corpus / folder).glob("*.txt"))
    files += sorted(corpus / f for f in golds if f.split("/")[0] not in FOLDERS)
    transcripts = []
    for path in files:
        try:
            transcripts.append(parse_file(path))
        except Exception as exc:  # noqa: BLE001 - a benchmark reports and goes on
            print(f"skipped {path.name}: {exc}", file=sys.stderr)
    predicted = {t.source: segment(t) for t in transcripts}  # each on its own, as `run` does
    by_file = {str(Path(t.source).relative_to(corpus)): t for t in transcripts}
    gold_blocks: dict[str, tuple] = {}
    story_of: dict[tuple[str, int], str] = {}
    for file, gold in golds.items():
        t = by_file.get(file)
        if t is None:  # reported above: the parser refused it (e.g. captions without names)
            print(f"labels of {file} left out: its transcript was not parsed", file=sys.stderr)
            continue
        starts = [t.text.index(b["starts_with"]) for b in gold["blocks"]]
        ends = [*starts[1:], len(t.text)]
        blocks = []
        for k, (b, s, e) in enumerate(zip(gold["blocks"], starts, ends, strict=True)):
            story = _label_of(b["starts_with"], labels[file])
            kind = "open" if story == "open" else "story"
            blocks.append(StoryBlock(k, s, e, kind, ""))  # no gold headline reaches a feature
            story_of[(t.source, k)] = story
        gold_blocks[t.source] = tuple(blocks)
    return Corpus(
        transcripts,
        predicted,
        gold_blocks,
        story_of,
        sorted(transcript_stop_words(transcripts)),
    )


@dataclass
class Setting:
    name: str
    documents: pd.DataFrame
    names: pd.DataFrame
    embeddings: np.ndarray | None
    topics: np.ndarray  # BERTopic topic per document row
    topic_result: object
    label_rows: np.ndarray  # document row of each labelled (non-open) gold block
    labels: np.ndarray  # its story id
    train_rows: np.ndarray  # document rows with a story id to learn from
    train_labels: np.ndarray  # their story ids (the gold block sharing most words)
    train_gold: np.ndarray  # index into labels of that gold block (for the folds)
    label_sources: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=object))


def _words(text: str) -> Counter:
    return Counter(text.lower().split())


def build_setting(
    name: str, corpus: Corpus, use_gold: bool, seed: int, embeddings: bool
) -> Setting:
    from analytics.stories import names_table
    from analytics.topics import documents_from_transcripts, fit_topics
    from analytics.topics.documents import block_texts

    cached_texts: dict[tuple[str, int], list[str]] = {}

    def texts_of(t, blocks_of_t):  # noqa: ANN001, ANN202
        key = (t.source, id(blocks_of_t))
        if key not in cached_texts:
            cached_texts[key] = block_texts(t, blocks_of_t)
        return cached_texts[key]

    blocks = dict(corpus.predicted)
    if use_gold:
        blocks.update(corpus.gold)
    docs = documents_from_transcripts(corpus.transcripts, blocks)
    names = names_table(corpus.transcripts, blocks)
    started = time.perf_counter()
    result = fit_topics(
        docs,
        backend="minilm",
        seed=seed,
        cache_dir=ROOT / ".cache" / "embeddings",
        extra_stop_words=corpus.extra,
    )
    print(
        f"  {name}: {len(docs)} blocks, topics {result.path} path, "
        f"{(result.topics['topic'] != -1).sum()} topics, {time.perf_counter() - started:.0f} s",
        file=sys.stderr,
    )
    row_of = {
        (t, int(b)): i
        for i, (t, b) in enumerate(zip(docs["transcript"], docs["block"], strict=True))
    }
    label_rows, labels, gold_keys = [], [], []
    by_source = {t.source: t for t in corpus.transcripts}
    for (source, k), story in sorted(corpus.story_of.items()):
        if story == "open":
            continue
        if use_gold:
            row = row_of.get((source, k))
        else:  # the predicted block sharing most of the gold block's words
            t = by_source[source]
            gold_words = _words(texts_of(t, corpus.gold[source])[k])
            best, row = -1, None
            for block, text in zip(
                corpus.predicted[source], texts_of(t, corpus.predicted[source]), strict=True
            ):
                shared = sum((gold_words & _words(text)).values())
                if shared > best and (source, block.index) in row_of:
                    best, row = shared, row_of[(source, block.index)]
        if row is None:
            continue  # a gold block with no spoken words
        label_rows.append(row)
        labels.append(story)
        gold_keys.append((source, k))
    # what to learn from: every document row whose block is mostly one labelled gold block
    train_rows, train_labels, train_gold = [], [], []
    index_of = {key: n for n, key in enumerate(gold_keys)}
    for source, gold in corpus.gold.items():
        t = by_source[source]
        gold_words = [_words(text) for text in texts_of(t, gold)]
        for block, text in zip(blocks[source], texts_of(t, blocks[source]), strict=True):
            row = row_of.get((source, block.index))
            if row is None:
                continue
            if use_gold:
                k = block.index
            else:
                own = _words(text)
                k = max(range(len(gold)), key=lambda g: (sum((own & gold_words[g]).values()), -g))
            story = corpus.story_of[(source, k)]
            if story == "open" or (source, k) not in index_of:
                continue
            train_rows.append(row)
            train_labels.append(story)
            train_gold.append(index_of[(source, k)])
    vectors = result.unit_embeddings if embeddings and result.path == "blocks" else None
    return Setting(
        name,
        result.documents,
        names,
        None if vectors is None else np.asarray(vectors, dtype=np.float64),
        result.documents["topic"].to_numpy(),
        result,
        np.asarray(label_rows),
        np.asarray(labels, dtype=object),
        np.asarray(train_rows),
        np.asarray(train_labels, dtype=object),
        np.asarray(train_gold),
        np.asarray([source for source, _ in gold_keys], dtype=object),
    )


# --------------------------------------------------------------------------- scoring


@dataclass
class Score:
    same: float = 0.0
    same_total: float = 0.0
    apart: float = 0.0
    apart_total: float = 0.0
    b3_p: float = 0.0
    b3_r: float = 0.0
    b3_n: int = 0
    missed: Counter = field(default_factory=Counter)  # story -> same-story pairs not linked
    held_out: list = field(default_factory=list)  # (same story, probability) of candidate pairs

    def auc(self) -> float:
        """ROC AUC of the held-out pair probabilities over the labelled candidate pairs."""
        from sklearn.metrics import roc_auc_score

        if not self.held_out:
            return float("nan")
        same, p = zip(*self.held_out, strict=True)
        return float(roc_auc_score(np.array(same), np.array(p)))

    def add_pairs(self, together: np.ndarray, same: np.ndarray, weight: np.ndarray) -> None:
        self.same += float(np.sum(weight * (same & together)))
        self.same_total += float(np.sum(weight * same))
        self.apart += float(np.sum(weight * (~same & ~together)))
        self.apart_total += float(np.sum(weight * ~same))

    def add_b_cubed(self, assigned: np.ndarray, labels: np.ndarray, rows: np.ndarray) -> None:
        """Add the B-cubed precision and recall of the labelled blocks ``rows``."""
        for k in rows:
            predicted = assigned == assigned[k]
            gold = labels == labels[k]
            both = float(np.sum(predicted & gold))
            self.b3_p += both / float(np.sum(predicted))
            self.b3_r += both / float(np.sum(gold))
            self.b3_n += 1

    def row(self) -> tuple[float, float, float]:
        p = self.b3_p / max(self.b3_n, 1)
        r = self.b3_r / max(self.b3_n, 1)
        f = 2 * p * r / (p + r) if p + r else 0.0
        return self.same / max(self.same_total, 1e-9), self.apart / max(self.apart_total, 1e-9), f


def score_fold(
    score: Score, assigned: np.ndarray, labels: np.ndarray, fold_of: np.ndarray, fold: int
) -> None:
    """Add the pairs with a block in ``fold`` and B-cubed of its blocks.
    ``assigned``: cluster per labelled block; ``fold_of``: fold per labelled block."""
    a, b = np.triu_indices(len(labels), 1)
    in_fold = (fold_of[a] == fold) | (fold_of[b] == fold)
    a, b = a[in_fold], b[in_fold]
    weight = np.where(fold_of[a] == fold_of[b], 1.0, 0.5)
    score.add_pairs(assigned[a] == assigned[b], labels[a] == labels[b], weight)
    missed = (labels[a] == labels[b]) & (assigned[a] != assigned[b])
    for story, w in zip(labels[a][missed].tolist(), weight[missed].tolist(), strict=True):
        score.missed[story] += w
    score.add_b_cubed(assigned, labels, np.flatnonzero(fold_of == fold))


def pair_rates(assigned: np.ndarray, labels: np.ndarray) -> tuple[float, float]:
    a, b = np.triu_indices(len(labels), 1)
    together = assigned[a] == assigned[b]
    same = labels[a] == labels[b]
    return float(np.mean(together[same])), float(np.mean(~together[~same]))


# --------------------------------------------------------------------------- linking


@dataclass
class Prepared:
    views: object
    i: np.ndarray
    j: np.ndarray
    frame: pd.DataFrame
    seconds: float
    # every pair in the window: the weights are learned on these, as the shipped ones are
    train_i: np.ndarray
    train_j: np.ndarray
    train_frame: pd.DataFrame


def prepare(setting: Setting, linker) -> Prepared:  # noqa: ANN001
    from analytics.stories.features import candidate_pairs

    started = time.perf_counter()
    views = linker.views(setting.documents, setting.names, setting.embeddings)
    i, j = candidate_pairs(views, window_days=linker.window_days)
    frame = linker.pair_features(views, i, j)
    seconds = time.perf_counter() - started
    # clustered: the linker's candidates (bounded unless it has candidates=None)
    bi, bj = linker.pairs(views)
    keep = pd.MultiIndex.from_arrays([i, j]).get_indexer(pd.MultiIndex.from_arrays([bi, bj]))
    keep = np.sort(keep)
    return Prepared(
        views, i[keep], j[keep], frame.iloc[keep].reset_index(drop=True), seconds, i, j, frame
    )


def training_pairs(
    prep: Prepared, setting: Setting, folds: np.ndarray, fold_of: np.ndarray
) -> tuple[pd.DataFrame, np.ndarray]:
    """Candidate pairs whose two blocks both have a story id of a gold block in ``folds``,
    with whether they share it."""
    keep_rows = np.isin(fold_of[setting.train_gold], folds)
    story = {
        int(r): lab
        for r, lab in zip(
            setting.train_rows[keep_rows], setting.train_labels[keep_rows], strict=True
        )
    }
    i, j = prep.train_i, prep.train_j
    keep = np.array([(a in story and b in story) for a, b in zip(i, j, strict=True)])
    frame = prep.train_frame[keep]
    same = np.array([story[a] == story[b] for a, b in zip(i[keep], j[keep], strict=True)])
    return frame, same


def clusters_for(prep: Prepared, weights, threshold: float, attach: float | None) -> np.ndarray:  # noqa: ANN001
    from analytics.stories import cluster_pairs

    p = weights.probability(prep.frame)
    return cluster_pairs(prep.views.n, prep.i, prep.j, p, threshold, attach)


def choose_cuts(
    prep: Prepared,
    setting: Setting,
    weights,  # noqa: ANN001
    blocks: np.ndarray,
    *,
    attach: bool = True,
) -> tuple[float, float | None]:
    """The loosest clustering cut whose different-story pairs among ``blocks`` stay >=
    MIN_APART apart, then, with that cut, the loosest attach cut for lone blocks that still
    keeps them (``None`` when even the strictest does not, or ``attach`` is False)."""
    from analytics.stories import cluster_pairs
    from analytics.stories.link import attach_singletons

    rows = setting.label_rows[blocks]
    labels = setting.labels[blocks]
    p = weights.probability(prep.frame)
    best = THRESHOLDS[0]
    for t in THRESHOLDS:
        assigned = cluster_pairs(prep.views.n, prep.i, prep.j, p, t)[rows]
        _, apart = pair_rates(assigned, labels)
        if apart >= MIN_APART:
            best = t
    chosen: float | None = None
    if attach:
        clusters = cluster_pairs(prep.views.n, prep.i, prep.j, p, best)
        for a in ATTACH:
            joined = attach_singletons(clusters, prep.i, prep.j, p, a)[rows]
            if pair_rates(joined, labels)[1] < MIN_APART:
                break
            chosen = a
    return float(best), chosen


def choose_cuts_held_out(
    preps: dict[str, Prepared],
    gold: Setting,
    setting: Setting,
    features: Sequence[str],
    folds: np.ndarray,
    fold_of: np.ndarray,
    *,
    attach: bool = True,
) -> tuple[float, float | None]:
    """The cuts of :func:`choose_cuts`, chosen on held-out probabilities: for each of the
    training ``folds`` in turn the weights are learned on the others, the corpus is
    clustered with them, and the pairs with a block in the held-out fold are counted
    (as the test folds are scored). The loosest clustering cut whose counted
    different-story pairs stay >= MIN_APART apart, then the loosest attach cut that keeps
    them so. Probabilities of pairs the weights were learned on are more extreme than a new
    story's, so cuts chosen on them are looser than a new story can take."""
    from analytics.stories import cluster_pairs, learn_weights
    from analytics.stories.link import attach_singletons

    prep = preps[setting.name]
    inner = [
        (
            g,
            learn_weights(
                *training_pairs(preps[gold.name], gold, folds[folds != g], fold_of),
                features=features,
            ),
        )
        for g in folds
    ]
    blocks = np.flatnonzero(np.isin(fold_of, folds))
    rows, labels, sub = setting.label_rows[blocks], setting.labels[blocks], fold_of[blocks]
    a, b = np.triu_indices(len(blocks), 1)
    same = labels[a] == labels[b]

    def apart_share(assign: list[np.ndarray]) -> float:
        kept = total = 0.0
        for (g, _), assigned in zip(inner, assign, strict=True):
            hit = (sub[a] == g) | (sub[b] == g)
            w = np.where(sub[a] == sub[b], 1.0, 0.5)[hit & ~same]
            apart = assigned[a][hit & ~same] != assigned[b][hit & ~same]
            kept += float(np.sum(w * apart))
            total += float(np.sum(w))
        return kept / max(total, 1e-9)

    probs = [w.probability(prep.frame) for _, w in inner]
    best = THRESHOLDS[0]
    for t in THRESHOLDS:
        assign = [cluster_pairs(prep.views.n, prep.i, prep.j, p, t)[rows] for p in probs]
        if apart_share(assign) >= MIN_APART:
            best = t
    chosen: float | None = None
    if attach:
        clusters = [cluster_pairs(prep.views.n, prep.i, prep.j, p, best) for p in probs]
        for cut in ATTACH:
            assign = [
                attach_singletons(c, prep.i, prep.j, p, cut)[rows]
                for c, p in zip(clusters, probs, strict=True)
            ]
            if apart_share(assign) < MIN_APART:
                break
            chosen = cut
    return float(best), chosen


def _held_out_pairs(
    prep: Prepared,
    setting: Setting,
    weights,  # noqa: ANN001
    fold_of: np.ndarray,
    fold: int,
) -> list[tuple[bool, float]]:
    """(same story, probability) of the candidate pairs of two labelled blocks, one of them
    in ``fold`` (two labelled blocks mapped to one predicted block are no pair)."""
    label_of: dict[int, tuple[str, int]] = {}
    for row, label, f in zip(setting.label_rows, setting.labels, fold_of, strict=True):
        label_of.setdefault(int(row), (label, int(f)))
    p = weights.probability(prep.frame)
    out = []
    for a, b, q in zip(prep.i.tolist(), prep.j.tolist(), p.tolist(), strict=True):
        if a in label_of and b in label_of and fold in (label_of[a][1], label_of[b][1]):
            out.append((label_of[a][0] == label_of[b][0], q))
    return out


def folds_of(labels: np.ndarray, k: int) -> np.ndarray:
    from sklearn.model_selection import GroupKFold

    fold_of = np.full(len(labels), -1)
    for f, (_, test) in enumerate(GroupKFold(n_splits=k).split(labels, groups=labels)):
        fold_of[test] = f
    return fold_of


def score_new_labels(
    settings: list[Setting],
    preps: dict[str, Prepared],
    new: np.ndarray,
    folds: int,
    features: Sequence[str],
) -> None:
    """The last labelled transcripts as unseen: weights learned and cuts chosen (the
    held-out rule, ``folds`` folds by story) on the other labels only, the corpus clustered
    with them, and the pairs of labelled blocks with at least one new block scored (each
    pair once), with their held-out pair AUC and B-cubed over the new blocks."""
    from analytics.stories import learn_weights

    gold = settings[0]
    old = np.flatnonzero(~new)
    fold_of = np.full(len(new), folds)
    fold_of[old] = folds_of(gold.labels[old], folds)
    known = set(gold.labels[old].tolist())
    seen = int(sum(label in known for label in gold.labels[new]))
    print(
        f"\nnew labels ({NEW_FOLDER}): {int(new.sum())} blocks, "
        f"{len(set(gold.labels[new].tolist()))} stories ({seen} blocks of a story also in the "
        f"other labels); weights and cuts learned on the other {len(old)} blocks"
    )
    others = np.arange(folds)
    weights = learn_weights(
        *training_pairs(preps[gold.name], gold, others, fold_of), features=features
    )
    from analytics.stories.link import DEFAULT_WEIGHTS

    shipped = (DEFAULT_WEIGHTS.threshold, DEFAULT_WEIGHTS.attach)
    runs = [(s, "cuts of the held-out rule", None) for s in settings]
    runs += [(s, f"shipped cuts before {PREVIOUS_CUTS}", PREVIOUS_CUTS) for s in settings]
    runs += [(s, f"shipped cuts {shipped}", shipped) for s in settings]
    for setting, how, cuts in runs:
        prep = preps[setting.name]
        if cuts is None:
            threshold, lone = choose_cuts_held_out(preps, gold, setting, features, others, fold_of)
        else:
            threshold, lone = cuts
        assigned = clusters_for(prep, weights, threshold, lone)[setting.label_rows]
        labels = setting.labels
        a, b = np.triu_indices(len(labels), 1)
        hit = new[a] | new[b]
        a, b = a[hit], b[hit]
        score = Score()
        score.add_pairs(assigned[a] == assigned[b], labels[a] == labels[b], np.ones(len(a)))
        missed = (labels[a] == labels[b]) & (assigned[a] != assigned[b])
        score.missed.update(labels[a][missed].tolist())
        score.add_b_cubed(assigned, labels, np.flatnonzero(new))
        score.held_out = _held_out_pairs(prep, setting, weights, fold_of, folds)
        same_r, apart_r, f1 = score.row()
        top = ", ".join(f"{s} {n:.0f}" for s, n in score.missed.most_common(5))
        lost, missed_total = missed_in_shared_blocks(setting, assigned, a, b)
        print(
            f"{setting.name:16} {how}, ({threshold}, {lone}): same-story pairs linked "
            f"{same_r:.3f} of {score.same_total:.0f}, different apart {apart_r:.4f} of "
            f"{score.apart_total:.0f}, B3 F1 {f1:.3f}, held-out pair AUC {score.auc():.3f} "
            f"({len(score.held_out)} labelled candidate pairs); not linked, most in: {top}; "
            f"{lost} of the {missed_total} not linked have a block whose block mostly holds "
            "another story"
        )


def fold_weights(
    preps: dict[str, Prepared], gold: Setting, fold_of: np.ndarray, features: Sequence[str]
) -> list:
    """Each fold's merge weights, learned on the gold-block pairs of the other folds."""
    from analytics.stories import learn_weights

    folds = int(fold_of.max()) + 1
    return [
        learn_weights(
            *training_pairs(preps[gold.name], gold, np.delete(np.arange(folds), fold), fold_of),
            features=features,
        )
        for fold in range(folds)
    ]


def fixed_cut_scores(
    settings: list[Setting],
    preps: dict[str, Prepared],
    fold_of: np.ndarray,
    weights_per_fold: Sequence,
    thresholds: Sequence[float] = THRESHOLDS,
    attach: Sequence[float | None] = (None, *ATTACH),
) -> dict[tuple[str, float, float | None], Score]:
    """Scores of one pair of cuts (clustering, attach) used in every fold, for each pair of
    the grid: each fold clustered with its weights (:func:`fold_weights`, as in
    :func:`cross_validate`), the cuts fixed instead of chosen per fold (as ``run`` uses the
    shipped cuts on every input)."""
    from analytics.stories import cluster_pairs
    from analytics.stories.link import attach_singletons

    scores: dict[tuple[str, float, float | None], Score] = {}
    for fold, weights in enumerate(weights_per_fold):
        for setting in settings:
            prep = preps[setting.name]
            p = weights.probability(prep.frame)
            for t in thresholds:
                clusters = cluster_pairs(prep.views.n, prep.i, prep.j, p, t)
                for a in attach:
                    joined = (
                        clusters if a is None else attach_singletons(clusters, prep.i, prep.j, p, a)
                    )
                    score = scores.setdefault((setting.name, float(t), a), Score())
                    score_fold(score, joined[setting.label_rows], setting.labels, fold_of, fold)
    return scores


def fixed_cut_topic_scores(
    settings: list[Setting],
    preps: dict[str, Prepared],
    fold_of: np.ndarray,
    weights_per_fold: Sequence,
    cuts: tuple[float, float | None],
) -> dict[str, Score]:
    """Topics following the stories of one pair of cuts, as ``run`` makes them (each
    story's word-weighted majority topic, every block following), per setting; each fold
    clustered with its weights, as in :func:`fixed_cut_scores`."""
    from analytics.stories.agree import majority_topics

    scores: dict[str, Score] = {}
    for fold, weights in enumerate(weights_per_fold):
        for setting in settings:
            stories = clusters_for(preps[setting.name], weights, *cuts)
            words = setting.documents["text"].str.split().str.len().to_numpy()
            blocks = pd.DataFrame({"story": stories, "topic": setting.topics, "words": words})
            topics = majority_topics(blocks).to_numpy()
            score = scores.setdefault(setting.name, Score())
            score_fold(score, topics[setting.label_rows], setting.labels, fold_of, fold)
    return scores


def robust_cuts(
    scores: dict[tuple[str, float, float | None], Score], names: Sequence[str]
) -> tuple[float, float | None]:
    """The cuts of :func:`fixed_cut_scores` whose different-story pairs stay >=
    FIXED_MIN_APART apart in every setting ``names``, with most same-story pairs linked
    (summed over the settings; ties: the stricter cuts)."""
    grid = sorted({(t, a) for _, t, a in scores}, key=lambda c: (c[0], -(c[1] or 2.0)))
    best, best_linked = None, -1.0
    for t, a in grid:
        rows = [scores[(name, t, a)].row() for name in names]
        if min(r[1] for r in rows) >= FIXED_MIN_APART:
            linked = sum(r[0] for r in rows)
            if linked > best_linked + 1e-12:
                best, best_linked = (t, a), linked
    if best is None:
        raise SystemExit(f"no cuts keep {FIXED_MIN_APART:.1%} of the pairs apart")
    return best


def block_majority_story(setting: Setting) -> np.ndarray:
    """Per labelled block, the story most of the labelled blocks in its block have (ties:
    the first story id by name): the best story any linker can give its block."""
    story: dict[int, str] = {}
    for row in np.unique(setting.label_rows):
        held = setting.labels[setting.label_rows == row].tolist()
        story[int(row)] = sorted(Counter(held).items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
    return np.array([story[int(r)] for r in setting.label_rows], dtype=object)


def pipeline_ceiling(setting: Setting) -> tuple[float, float]:
    """Linked and apart shares if each block were given the story most of its labelled
    blocks have (pipeline blocks: a predicted block that runs two labelled stories links
    them, and keeps one of them from its story): what linking alone can reach."""
    return pair_rates(block_majority_story(setting), setting.labels)


def missed_in_shared_blocks(
    setting: Setting, assigned: np.ndarray, a: np.ndarray, b: np.ndarray
) -> tuple[int, int]:
    """Of the same-story pairs ``a, b`` (labelled blocks) not linked under ``assigned``,
    how many have a block whose own block mostly holds another story (lost to the blocks,
    whatever the linking), and how many were missed."""
    labels = setting.labels
    outvoted = block_majority_story(setting) != labels
    missed = (labels[a] == labels[b]) & (assigned[a] != assigned[b])
    return int(np.sum(missed & (outvoted[a] | outvoted[b]))), int(np.sum(missed))


# --------------------------------------------------------------------------- main


def cross_validate(
    settings: list[Setting],
    preps: dict[str, Prepared],
    fold_of: np.ndarray,
    features: Sequence[str],
    *,
    topics: bool,
    seed: int,
    extra: Sequence[str],
    attach: bool = True,
) -> tuple[dict[tuple[str, str], Score], dict[str, list[tuple[float, float | None]]]]:
    """Scores per (setting, method) and the cuts (clustering, attach) chosen per fold, for
    one feature set."""
    from analytics.stories.agree import fit_story_topics, majority_topics

    gold = settings[0]
    folds = int(fold_of.max()) + 1
    rows: dict[tuple[str, str], Score] = {}
    chosen: dict[str, list[tuple[float, float | None]]] = {}
    for fold, weights in enumerate(fold_weights(preps, gold, fold_of, features)):
        train = np.flatnonzero(fold_of != fold)
        others = np.delete(np.arange(folds), fold)
        for setting in settings:
            prep = preps[setting.name]
            if CUTS == "held-out":
                threshold, lone = choose_cuts_held_out(
                    preps, gold, setting, features, others, fold_of, attach=attach
                )
            else:
                threshold, lone = choose_cuts(prep, setting, weights, train, attach=attach)
            chosen.setdefault(setting.name, []).append((threshold, lone))
            stories = _renumber(clusters_for(prep, weights, threshold, lone))
            held_out = rows.setdefault((setting.name, "stories (ours)"), Score()).held_out
            held_out.extend(_held_out_pairs(prep, setting, weights, fold_of, fold))
            per_row = {"stories (ours)": stories}
            if topics:
                words = setting.documents["text"].str.split().str.len().to_numpy()
                blocks = pd.DataFrame({"story": stories, "topic": setting.topics, "words": words})
                per_row["baseline: story = topic"] = setting.topics
                per_row["baseline: story = one block"] = np.arange(len(stories))
                per_row["topics: BERTopic over blocks"] = setting.topics
                per_row["topics: story's majority topic"] = majority_topics(blocks).to_numpy()
                if setting.embeddings is not None:
                    per_row["topics: BERTopic over stories"] = fit_story_topics(
                        setting.documents,
                        stories,
                        setting.embeddings,
                        seed=seed,
                        extra_stop_words=extra,
                    )[0].to_numpy()
            for method, values in per_row.items():
                assigned = np.asarray(values)[setting.label_rows]
                score = rows.setdefault((setting.name, method), Score())
                score_fold(score, assigned, setting.labels, fold_of, fold)
    return rows, chosen


def main(argv: Sequence[str] | None = None) -> int:
    global CUTS, GOLD_FOLDERS, NEW_FOLDER, STORY_ID_FILES
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=SHARED / "corpus" / "raw")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--seed", type=int, default=7, help="seed of the topic model")
    ap.add_argument("--fit", action="store_true", help="print weights learned on all labels")
    ap.add_argument(
        "--all-pairs",
        action="store_true",
        help="every pair in the window, not the bounded candidates (analytics.stories.candidates)",
    )
    ap.add_argument(
        "--cuts",
        choices=("held-out", "in-sample"),
        default="held-out",
        help="how the cuts are chosen on the training folds (in-sample: the rule before)",
    )
    ap.add_argument(
        "--new-labels",
        nargs="?",
        const=NEW_FOLDER,
        choices=(NEW_FOLDER, MORE2[0], HELD_OUT[0]),
        help=f"only score the transcripts of benchmarks/gold/{NEW_FOLDER} (or of "
        f"{MORE2[0]} or {HELD_OUT[0]}) as unseen (weights and cuts learned without them)",
    )
    args = ap.parse_args(argv)
    CUTS = args.cuts
    for folder, ids in (HELD_OUT, MORE2):
        if args.new_labels == folder:
            GOLD_FOLDERS = (*GOLD_FOLDERS, folder)
            STORY_ID_FILES = (*STORY_ID_FILES, ids)
            NEW_FOLDER = folder
    if not (SHARED / "gold").is_dir() or not args.corpus.is_dir():
        print(f"skipped: {SHARED / 'gold'} or {args.corpus} not found")
        return 0

    from analytics.stories import StoryLinker, learn_weights
    from analytics.stories.candidates import TOP_K
    from analytics.stories.link import DEFAULT_WEIGHTS, EARLIER_SETS, FEATURE_SETS

    candidates = None if args.all_pairs else TOP_K

    started = time.perf_counter()
    corpus = load_corpus(args.corpus, SHARED)
    print(
        f"corpus: {len(corpus.transcripts)} transcripts, {len(corpus.gold)} with labels "
        f"({time.perf_counter() - started:.0f} s to parse and segment)",
        file=sys.stderr,
    )
    settings = [
        build_setting("gold blocks", corpus, True, args.seed, True),
        build_setting("pipeline blocks", corpus, False, args.seed, True),
    ]
    linker = StoryLinker(stop_words=corpus.extra, candidates=candidates)
    gold = settings[0]
    fold_of = folds_of(gold.labels, args.folds)
    n_stories = len(set(gold.labels))
    same_pairs = sum(c * (c - 1) // 2 for c in Counter(gold.labels).values())
    print(
        f"labels: {len(gold.labels)} blocks (open left out), {n_stories} stories, "
        f"{same_pairs} same-story pairs; {args.folds} folds by story"
    )
    ceiling = pipeline_ceiling(settings[1])
    print(
        f"ceiling of linking on {settings[1].name} (each block given the story most of its "
        f"labelled blocks have): same-story pairs linked {ceiling[0]:.3f}, different apart "
        f"{ceiling[1]:.4f}"
    )
    preps = {s.name: prepare(s, linker) for s in settings}
    if args.new_labels:
        latest = new_files()
        new = np.array(
            [str(Path(s).relative_to(args.corpus)) in latest for s in gold.label_sources],
            dtype=bool,
        )
        if not new.any():
            print(f"--new-labels: no labelled blocks in benchmarks/gold/{NEW_FOLDER}")
            return 0
        score_new_labels(settings, preps, new, args.folds, FEATURE_SETS["lexical"])
        return 0
    head = f"{'setting':16} {'method':32} {'same linked':>11} {'diff apart':>10} {'B3 F1':>6}"
    learned = {}
    has_embeddings = all(s.embeddings is not None for s in settings)
    runs = [(name, features, True) for name, features in FEATURE_SETS.items()]
    runs.insert(1, ("lexical, lone blocks not attached", FEATURE_SETS["lexical"], False))
    runs.insert(2, ("lexical without words_burst and lede", EARLIER_SETS["lexical"], True))
    for k, (name, features, attach) in enumerate(runs):
        if not has_embeddings and any(f.startswith("embedding") for f in features):
            print(f"\nfeatures: {name}: skipped (the topic stage embedded a sample of the blocks)")
            continue
        rows, chosen = cross_validate(
            settings,
            preps,
            fold_of,
            features,
            topics=k == 0,
            seed=args.seed,
            extra=corpus.extra,
            attach=attach,
        )
        print(f"\nfeatures: {name} ({', '.join(features)})")
        for setting_name, values in chosen.items():
            print(f"  cuts chosen per fold (clustering, attach), {setting_name}: {values}")
        print(head)
        for (setting_name, method), score in rows.items():
            same_r, apart_r, f1 = score.row()
            print(f"{setting_name:16} {method:32} {same_r:>11.3f} {apart_r:>10.4f} {f1:>6.3f}")
        for (setting_name, method), score in rows.items():
            if method == "stories (ours)":
                top = ", ".join(f"{s} {n:.0f}" for s, n in score.missed.most_common(5))
                print(
                    f"  {setting_name}: held-out pair AUC {score.auc():.3f} "
                    f"({len(score.held_out)} labelled candidate pairs); same-story pairs "
                    f"not linked {sum(score.missed.values()):.0f}, most in: {top}"
                )
        if not attach:
            continue
        frame, same = training_pairs(preps[gold.name], gold, np.arange(args.folds), fold_of)
        weights = learn_weights(frame, same, features=features)
        if args.fit and CUTS == "held-out":  # the folds' rule, on all five folds
            threshold, lone = choose_cuts_held_out(
                preps, gold, settings[1], features, np.arange(args.folds), fold_of
            )
        else:
            cuts = chosen["pipeline blocks"]
            threshold = float(np.median([t for t, _ in cuts]))
            attached = [a for _, a in cuts if a is not None]
            lone = float(np.median(attached)) if len(attached) > len(cuts) / 2 else None
        learned[name] = replace(weights, threshold=threshold, attach=lone)

    shipped = (DEFAULT_WEIGHTS.threshold, DEFAULT_WEIGHTS.attach)
    per_fold = fold_weights(preps, gold, fold_of, FEATURE_SETS["lexical"])
    fixed = fixed_cut_scores(settings, preps, fold_of, per_fold)
    for cuts in (PREVIOUS_CUTS, shipped):
        if (settings[0].name, *cuts) not in fixed:  # off the grid
            fixed.update(fixed_cut_scores(settings, preps, fold_of, per_fold, [cuts[0]], [cuts[1]]))
    rule = robust_cuts(fixed, [s.name for s in settings])
    print(
        "\nfeatures: lexical, one pair of cuts (clustering, attach) for every fold, as `run` "
        "uses the shipped cuts (weights learned per fold as above); the rule: most pairs "
        f"linked with >= {FIXED_MIN_APART:.1%} apart in both settings"
    )
    print(head)
    for label, cuts in (
        (f"shipped cuts before {PREVIOUS_CUTS}", PREVIOUS_CUTS),
        (f"shipped cuts {shipped}", shipped),
        (f"the rule's cuts {rule}", rule),
    ):
        for setting in settings:
            same_r, apart_r, f1 = fixed[(setting.name, *cuts)].row()
            print(f"{setting.name:16} {label:32} {same_r:>11.3f} {apart_r:>10.4f} {f1:>6.3f}")
    topics = fixed_cut_topic_scores(settings, preps, fold_of, per_fold, shipped)
    for setting in settings:
        same_r, apart_r, f1 = topics[setting.name].row()
        label = f"topics, shipped cuts {shipped}"
        print(f"{setting.name:16} {label:32} {same_r:>11.3f} {apart_r:>10.4f} {f1:>6.3f}")
    if "lexical" in learned:
        learned["lexical"] = replace(learned["lexical"], threshold=rule[0], attach=rule[1])

    print()
    for setting in settings:
        prep = preps[setting.name]
        t0 = time.perf_counter()
        StoryLinker(stop_words=corpus.extra, candidates=candidates).fit(
            setting.documents, names=setting.names
        )
        print(
            f"linking {setting.name} ({len(setting.documents)} blocks) with the default "
            f"weights: {time.perf_counter() - t0:.1f} s (pair features with embeddings, "
            f"for the cross-validation: {prep.seconds:.1f} s)"
        )
    if args.fit:
        print(
            "\nweights learned on all labels; threshold and attach: lexical, the fixed-cut "
            "rule above; the other sets, chosen on held-out probabilities of all five folds, "
            "pipeline blocks (--cuts in-sample: the medians of the folds' cuts)"
        )
        for name, weights in learned.items():
            print(f"{name}: {weights!r}")
    return 0


def _renumber(clusters: np.ndarray) -> np.ndarray:
    _, inverse = np.unique(clusters, return_inverse=True)
    return inverse


if __name__ == "__main__":
    sys.exit(main())
