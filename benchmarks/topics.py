"""Topic models side by side on the story blocks of the CNN, MSNBC and Fox transcripts.

    .venv/bin/python benchmarks/topics.py [--corpus ../shared/corpus/raw] [--seeds 0 1 2]

Parses the files of ``cnn, cnn_more, msnbc, fox, fox_more``, segments each on its own (as
``run`` and ``python -m analytics topics`` do), and fits in one run:

- BERTopic on MiniLM embeddings (cached in ``.cache/embeddings``; the first run embeds),
- BERTopic on TF-IDF + SVD embeddings,
- scikit-learn's LatentDirichletAllocation with as many topics as each BERTopic model found
  (one LDA row per distinct number of topics), so each comparison is at equal size.

For each: fit time without embedding (mean over seeds), coherence (NPMI of each topic's top
10 words over the blocks, averaged), topic diversity (distinct words / all top-10 words),
outlier share (blocks left at -1), number of topics, and stability (mean adjusted Rand index
of the block assignments between every pair of seeds). Targets: outliers <= 15%, >= 8
topics, coherence above LDA's, ARI >= 0.7, fit < 60 s with embeddings cached.
"""

from __future__ import annotations

import argparse
import itertools
import os
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
FOLDERS = ("cnn", "cnn_more", "msnbc", "fox", "fox_more")


def load_documents(corpus: Path) -> tuple[pd.DataFrame, list[str], dict[str, float]]:
    """Documents frame, transcript stop words, and the seconds spent per stage."""
    from analytics.ingest import parse_file
    from analytics.segment import segment
    from analytics.topics import documents_from_transcripts, transcript_stop_words

    files = sorted(p for folder in FOLDERS for p in (corpus / folder).glob("*.txt"))
    t0 = time.perf_counter()
    transcripts = []
    for path in files:
        try:
            transcripts.append(parse_file(path))
        except Exception as exc:  # a benchmark reports and goes on
            print(f"skipped {path.name}: {exc}", file=sys.stderr)
    t1 = time.perf_counter()
    blocks = {t.source: segment(t) for t in transcripts}
    t2 = time.perf_counter()
    docs = documents_from_transcripts(transcripts, blocks)
    extra = sorted(transcript_stop_words(transcripts))
    return docs, extra, {"parse": t1 - t0, "segment": t2 - t1}


def reference_matrix(texts: list[str], extra: list[str]) -> tuple[object, dict[str, int]]:
    """Binary block x word matrix with the topic model's tokenizer and stop list."""
    from sklearn.feature_extraction.text import CountVectorizer

    from analytics.topics.documents import stop_words
    from analytics.topics.model import TOKEN_PATTERN

    vectorizer = CountVectorizer(
        stop_words=stop_words(extra), token_pattern=TOKEN_PATTERN, binary=True
    )
    matrix = vectorizer.fit_transform(texts).tocsc()
    return matrix, {w: int(i) for w, i in vectorizer.vocabulary_.items()}


def npmi(topics: list[list[str]], matrix: object, vocab: dict[str, int]) -> float:
    """Mean over topics of the mean NPMI over pairs of its top words (document co-occurrence)."""
    n = matrix.shape[0]  # type: ignore[attr-defined]
    scores = []
    for words in topics:
        ids = [vocab[w] for w in words if w in vocab]
        if len(ids) < 2:
            continue
        sub = matrix[:, ids]  # type: ignore[index]
        df = np.asarray(sub.sum(axis=0)).ravel() / n
        co = (sub.T @ sub).toarray() / n
        pair = []
        for i, j in itertools.combinations(range(len(ids)), 2):
            if co[i, j] <= 0:
                pair.append(-1.0)
            elif co[i, j] >= 1:
                pair.append(1.0)
            else:
                pair.append(np.log(co[i, j] / (df[i] * df[j])) / -np.log(co[i, j]))
        scores.append(float(np.mean(pair)))
    return float(np.mean(scores)) if scores else float("nan")


def diversity(topics: list[list[str]]) -> float:
    """Share of distinct words among all top words."""
    words = [w for t in topics for w in t]
    return len(set(words)) / len(words) if words else float("nan")


def mean_ari(assignments: list[np.ndarray]) -> float:
    from sklearn.metrics import adjusted_rand_score

    pairs = itertools.combinations(assignments, 2)
    return float(np.mean([adjusted_rand_score(a, b) for a, b in pairs]))


def warm_up(docs: pd.DataFrame) -> None:
    """One small fit, so that compiling UMAP and HDBSCAN is not counted as fit time."""
    from analytics.topics import HashEmbedder, fit_topics

    fit_topics(docs.head(120), backend=HashEmbedder(), seed=0, cache_dir=None)


def run_bertopic(docs: pd.DataFrame, extra: list[str], backend: str, seeds: list[int]) -> dict:
    from analytics.topics import fit_topics

    results = []
    for seed in seeds:
        result = fit_topics(
            docs,
            backend=backend,
            seed=seed,
            cache_dir=ROOT / ".cache" / "embeddings",
            extra_stop_words=extra,
        )
        print(
            f"  {backend} seed {seed}: {result.path} path, embed {result.timings['embed']:.1f} s,"
            f" fit {result.timings['fit']:.1f} s",
            file=sys.stderr,
        )
        results.append(result)
    return {"results": results}


def bertopic_row(name: str, results: list, matrix: object, vocab: dict[str, int]) -> dict:
    first = results[0]
    real = first.topics[(first.topics["topic"] != -1) & (first.topics["size"] > 0)]
    top = [list(w)[:10] for w in real["words"]]
    return {
        "model": name,
        "topics": len(real),
        "outliers": float((first.documents["topic"] == -1).mean()),
        "outliers_before": first.outliers_before / len(first.documents),
        "npmi": npmi(top, matrix, vocab),
        "diversity": diversity(top),
        "ari": mean_ari([r.documents["topic"].to_numpy() for r in results]),
        "fit_s": float(np.mean([r.timings["fit"] for r in results])),
        "embed_s": float(results[0].timings["embed"]),
    }


def lda_row(texts: list[str], extra: list[str], k: int, seeds: list[int], matrix, vocab) -> dict:
    from sklearn.decomposition import LatentDirichletAllocation
    from sklearn.feature_extraction.text import CountVectorizer

    from analytics.topics.documents import stop_words
    from analytics.topics.model import TOKEN_PATTERN

    assignments, times, first_top = [], [], None
    for seed in seeds:
        t0 = time.perf_counter()
        vectorizer = CountVectorizer(
            stop_words=stop_words(extra), token_pattern=TOKEN_PATTERN, min_df=2, max_df=0.5
        )
        counts = vectorizer.fit_transform(texts)
        lda = LatentDirichletAllocation(
            n_components=k, random_state=seed, learning_method="batch", max_iter=20
        )
        doc_topic = lda.fit_transform(counts)
        times.append(time.perf_counter() - t0)
        assignments.append(doc_topic.argmax(axis=1))
        if first_top is None:
            names = vectorizer.get_feature_names_out()
            first_top = [[names[i] for i in row.argsort()[::-1][:10]] for row in lda.components_]
        print(f"  lda seed {seed}: fit {times[-1]:.1f} s", file=sys.stderr)
    return {
        "model": f"LDA (sklearn, {k} topics)",
        "topics": k,
        "outliers": 0.0,
        "outliers_before": 0.0,
        "npmi": npmi(first_top or [], matrix, vocab),
        "diversity": diversity(first_top or []),
        "ari": mean_ari(assignments),
        "fit_s": float(np.mean(times)),
        "embed_s": 0.0,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", default=str(ROOT.parent / "shared" / "corpus" / "raw"))
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2])
    parser.add_argument("--backends", nargs="+", default=["minilm", "tfidf"])
    args = parser.parse_args()
    os.environ["HF_HUB_OFFLINE"] = "1"
    corpus = Path(args.corpus)
    if not corpus.is_dir():
        print(f"error: {corpus}: corpus folder not found", file=sys.stderr)
        return 2

    docs, extra, stages = load_documents(corpus)
    texts = docs["text"].tolist()
    print(
        f"corpus: {docs['transcript'].nunique()} transcripts, {len(docs)} story blocks "
        f"({int(np.median([len(t.split()) for t in texts]))} words median); "
        f"parse {stages['parse']:.0f} s, segment {stages['segment']:.0f} s"
    )
    matrix, vocab = reference_matrix(texts, extra)
    t0 = time.perf_counter()
    warm_up(docs)
    print(
        f"warm-up (numba compiles UMAP and HDBSCAN once per process): {time.perf_counter() - t0:.0f} s"
    )

    rows, fitted = [], {}
    for backend in args.backends:
        fitted[backend] = run_bertopic(docs, extra, backend, args.seeds)["results"]
        name = {"minilm": "BERTopic + MiniLM", "tfidf": "BERTopic + TF-IDF/SVD"}[backend]
        rows.append(bertopic_row(name, fitted[backend], matrix, vocab))
    n_bertopic = len(rows)
    for k in sorted({r["topics"] for r in rows}):
        rows.append(lda_row(texts, extra, k, args.seeds, matrix, vocab))

    print()
    print(
        "| model | topics | outliers (before reduction) | NPMI | diversity | ARI (seeds) "
        "| fit s | embed s (1st run) |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for r in rows:
        print(
            f"| {r['model']} | {r['topics']} | {r['outliers']:.1%} ({r['outliers_before']:.1%}) "
            f"| {r['npmi']:.3f} | {r['diversity']:.2f} | {r['ari']:.2f} | {r['fit_s']:.1f} "
            f"| {r['embed_s']:.1f} |"
        )
    lda_npmi = {r["topics"]: r["npmi"] for r in rows[n_bertopic:]}
    print()
    print("targets: outliers <= 15%, topics >= 8, NPMI > LDA's (same k), ARI >= 0.7, fit < 60 s")
    for r in rows[:n_bertopic]:
        checks = {
            "outliers": r["outliers"] <= 0.15,
            "topics": r["topics"] >= 8,
            "npmi>lda": r["npmi"] > lda_npmi[r["topics"]],
            "ari": r["ari"] >= 0.7,
            "fit": r["fit_s"] < 60,
        }
        failed = [name for name, ok in checks.items() if not ok]
        print(f"  {r['model']}: {'all met' if not failed else 'missed ' + ', '.join(failed)}")

    for backend, results in fitted.items():
        first = results[0]
        top = first.topics[first.topics["topic"] != -1].sort_values(
            ["size", "topic"], ascending=[False, True]
        )
        print()
        print(f"top 15 topics, {backend}, seed {args.seeds[0]} ({first.path} path):")
        for row in top.head(15).itertuples(index=False):
            print(f"  {row.topic:>3} {row.size:>4}  {', '.join(list(row.words)[:8])}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
