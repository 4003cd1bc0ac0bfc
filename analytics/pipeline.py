"""Corpus -> tables: ``python -m analytics run INPUT... --out DIR``.

One run:

1. **Scan.** Every input file is hashed (SHA-256 of its bytes). Its cache key combines that
   hash, the file name, the settings that change per-transcript results and a hash of the
   package's code, so a change to any of them recomputes, and nothing else does.
2. **Per-transcript stages** (:func:`analytics.stages.process_document`: decode, parse,
   segment, speaker kinds, sentiment, block documents) run for inputs missing from the
   cache, in this process, on a local process pool (all cores by default) or on Dask. Each
   result is written to the cache as small Parquet files as soon as it arrives, so memory
   holds a few transcripts at a time, and a run that is killed resumes where it stopped.
3. **Combine.** Each table is streamed part by part into one Parquet file.
4. **Corpus stages.** Topics are fitted on the block documents of the whole corpus (with
   :func:`analytics.topics.fit_topics`: above ``TopicConfig.max_fit_docs`` distinct blocks
   it fits on a seeded sample and assigns the rest), and coverage is computed from turns,
   blocks and topics. Embeddings are cached by text, so a re-run embeds nothing.
5. **Publish.** New tables are written to ``DIR/.staging`` and moved into ``DIR`` one by
   one with :func:`os.replace`, then ``manifest.csv``/``manifest.parquet``, the DuckDB
   views (``DIR/analytics.duckdb``) and ``run.json`` (settings, stage report, timings).
   An interrupted run leaves the previous tables in place.

Inputs are only ever read. Output names are fixed table names inside ``DIR``.
"""

from __future__ import annotations

import functools
import hashlib
import json
import shutil
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa

from analytics.engines import Engine, WorkerCrash, default_workers, run_tasks
from analytics.errors import AnalyticsError
from analytics.export import write_csv
from analytics.ingest.decode import read_bytes
from analytics.sentiment import SENTENCE_COLUMNS as SCORED_SENTENCE_COLUMNS
from analytics.stages import (
    DEFAULT_SEGMENT_SECONDS,
    DocumentResult,
    process_document,
    stage_report,
)
from analytics.store import (
    PartCache,
    combine_parts,
    content_hash,
    read_table,
    safe_child,
    write_duckdb,
    write_json,
    write_parquet,
)

__all__ = ["TABLES", "RunOptions", "RunSummary", "collect_inputs", "code_version", "run"]

#: The tables a run writes, one Parquet file each.
TABLES = (
    "transcripts",
    "speakers",
    "turns",
    "blocks",
    "sentences",
    "topics",
    "block_topics",
    "coverage",
)
#: Suffixes of transcript files picked up inside folders.
SUFFIXES = (".txt", ".text", ".html", ".htm")

MANIFEST_COLUMNS = [
    "path",
    "transcript",
    "content_hash",
    "bytes",
    "encoding",
    "format",
    "status",
    "reason",
    "cached",
]

_S = pa.string()
_I = pa.int64()
SCHEMAS: dict[str, pa.Schema] = {
    "transcripts": pa.schema(
        [
            ("network", _S),
            ("show", _S),
            ("air_date", pa.date32()),
            ("air_time", _S),
            ("format", _S),
            ("words", _I),
            ("turns", _I),
            ("blocks", _I),
        ]
    ),
    "speakers": pa.schema(
        [("speaker", _S), ("role", _S), ("speaker_kind", _S), ("turns", _I), ("words", _I)]
    ),
    "turns": pa.schema(
        [
            ("turn", _I),
            ("speaker", _S),
            ("role", _S),
            ("speaker_kind", _S),
            ("qualifier", _S),
            ("in_clip", pa.bool_()),
            ("timestamp", _S),
            ("start_char", _I),
            ("end_char", _I),
            ("words", _I),
            ("block", _I),
        ]
    ),
    "blocks": pa.schema(
        [
            ("block", _I),
            ("kind", _S),
            ("headline", _S),
            ("start_char", _I),
            ("end_char", _I),
            ("words", _I),
            ("turns", _I),
            ("first_timestamp", _S),
            ("last_timestamp", _S),
        ]
    ),
    "documents": pa.schema([("block", _I), ("text", _S), ("headline", _S), ("kind", _S)]),
}
#: Columns of the sentences table when no sentiment stage ran (kept empty, never absent).
SENTENCE_COLUMNS = [c for c in SCORED_SENTENCE_COLUMNS if c != "transcript"]
EMPTY_TOPICS = pd.DataFrame(
    {
        "topic": pd.Series(dtype="int64"),
        "label": pd.Series(dtype="str"),
        "words": pd.Series(dtype="str"),
        "size": pd.Series(dtype="int64"),
    }
)
EMPTY_BLOCK_TOPICS = pd.DataFrame(
    {
        "transcript": pd.Series(dtype="str"),
        "block": pd.Series(dtype="int64"),
        "topic": pd.Series(dtype="int64"),
        "probability": pd.Series(dtype="float64"),
    }
)


@dataclass(frozen=True)
class RunOptions:
    """Settings of one run. ``seed`` and ``backend`` change the topics; ``engine``,
    ``workers`` and ``scheduler`` only where the work runs, never the tables."""

    seed: int = 42
    backend: str = "minilm"
    engine: Engine = "local"
    workers: int | None = None
    scheduler: str | None = None
    cluster_options: dict[str, Any] | None = None
    progress: bool = True
    debug: bool = False
    topics: bool = True
    segment_seconds: float | None = DEFAULT_SEGMENT_SECONDS


@dataclass
class RunSummary:
    """What a run did: the manifest, stage report, timings (seconds) and counts."""

    out: Path
    manifest: pd.DataFrame
    stages: dict[str, str]
    seconds: dict[str, float] = field(default_factory=dict)
    stage_seconds: dict[str, float] = field(default_factory=dict)
    embedding: dict[str, float] = field(default_factory=dict)

    @property
    def failed(self) -> pd.DataFrame:
        """Rows of the manifest whose status is ``failed``."""
        return self.manifest[self.manifest["status"] != "ok"]

    @property
    def computed(self) -> int:
        """Inputs processed in this run (not read from the cache)."""
        return int((~self.manifest["cached"]).sum())


def collect_inputs(inputs: Sequence[str | Path]) -> list[Path]:
    """Files named, and transcript files inside folders (recursively, sorted); each once."""
    seen: set[Path] = set()
    out: list[Path] = []
    for raw in inputs:
        path = Path(raw)
        found = (
            sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES)
            if path.is_dir()
            else [path]
        )
        for p in found:
            key = p.resolve()
            if key not in seen:
                seen.add(key)
                out.append(p)
    return out


@functools.lru_cache(maxsize=1)
def code_version() -> str:
    """Hash of the package code that per-transcript results depend on (plots and CLI aside).

    Computed once per process: the code a process runs is the code it imported.
    """
    root = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*.py")):
        rel = path.relative_to(root).as_posix()
        if rel.startswith("plots/") or rel in ("cli.py", "pipeline.py", "export.py"):
            continue
        digest.update(rel.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def _unique_ids(paths: Sequence[Path]) -> list[str]:
    ids: list[str] = []
    used: set[str] = set()
    for path in paths:
        base = path.stem or "transcript"
        name, n = base, 1
        while name in used:
            n += 1
            name = f"{base}_{n}"
        used.add(name)
        ids.append(name)
    return ids


def _tasks(
    rows: list[dict[str, Any]], kwargs: dict[str, Any]
) -> Iterator[tuple[int, tuple[Any, ...], dict[str, Any]]]:
    for i, row in enumerate(rows):
        if row.get("_todo"):
            try:
                data = read_bytes(row["path"])
            except AnalyticsError as exc:
                row.update(status="failed", reason=getattr(exc, "reason", str(exc)), _todo=False)
                continue
            yield i, (data, row["path"]), kwargs


def _scan(
    paths: Sequence[Path], cache: PartCache, code: str, settings: dict[str, Any]
) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for path, transcript in zip(paths, _unique_ids(paths), strict=True):
        row: dict[str, Any] = {
            "path": str(path),
            "transcript": transcript,
            "content_hash": None,
            "bytes": None,
            "encoding": None,
            "format": None,
            "status": "failed",
            "reason": "",
            "cached": False,
            "_key": None,
            "_todo": False,
        }
        try:
            data = read_bytes(path)
        except AnalyticsError as exc:
            row["reason"] = getattr(exc, "reason", str(exc))
            rows.append(row)
            continue
        row["content_hash"] = content_hash(data)
        row["bytes"] = len(data)
        row["_key"] = PartCache.key(row["content_hash"], path.name, settings, code)
        meta = cache.meta(row["_key"])
        if meta is None:
            row["_todo"] = True
        else:
            row.update(_meta_fields(meta), cached=True)
        rows.append(row)
    return rows


def _meta_fields(meta: dict[str, Any]) -> dict[str, Any]:
    return {k: meta.get(k) for k in ("encoding", "format", "status", "reason")}


def _process(
    rows: list[dict[str, Any]],
    cache: PartCache,
    options: RunOptions,
    stage_seconds: dict[str, float],
) -> None:
    todo = sum(1 for r in rows if r["_todo"])
    if not todo:
        return
    from tqdm import tqdm

    bar = tqdm(
        total=todo,
        unit="transcript",
        file=sys.stderr,
        disable=not options.progress or None,
        desc="transcripts",
        leave=False,
    )
    try:
        results = run_tasks(
            process_document,
            _tasks(rows, {"debug": options.debug, "segment_seconds": options.segment_seconds}),
            engine=options.engine,
            workers=options.workers,
            scheduler=options.scheduler,
            cluster_options=options.cluster_options,
            n_tasks=todo,
        )
        for i, result in results:
            _store(rows[i], result, cache, stage_seconds)
            bar.update(1)
    except WorkerCrash as exc:
        for row in rows:
            if row["_todo"]:
                row.update(status="failed", reason=f"worker process died: {exc}", _todo=False)
    finally:
        bar.close()


def _store(
    row: dict[str, Any], result: DocumentResult, cache: PartCache, stage_seconds: dict[str, float]
) -> None:
    meta = dict(result.meta)
    for stage, secs in dict(meta.pop("seconds", {}) or {}).items():
        stage_seconds[stage] = stage_seconds.get(stage, 0.0) + float(secs)
    trace = meta.pop("traceback", None)
    if trace:
        print(trace, file=sys.stderr)
    cache.save(row["_key"], meta, result.tables)
    row.update(_meta_fields(meta), _todo=False)


def _combine(rows: list[dict[str, Any]], cache: PartCache, staging: Path) -> dict[str, int]:
    ok = [r for r in rows if r["status"] == "ok"]
    counts: dict[str, int] = {}
    for table in (
        "transcripts",
        "speakers",
        "turns",
        "blocks",
        "sentences",
        "documents",
        "stop_words",
    ):
        parts = []
        for r in ok:
            const = {"transcript": r["transcript"]}
            if table == "transcripts":
                const["file"] = r["path"]
            parts.append((const, cache.part(r["_key"], table)))
        if table == "sentences" and not any(p for _, p in parts):
            frame = pd.DataFrame(columns=["transcript", *SENTENCE_COLUMNS])
            write_parquet(frame.astype({"transcript": "str"}), staging / "sentences.parquet")
            counts[table] = 0
            continue
        keys = ["transcript", "file"] if table == "transcripts" else ["transcript"]
        counts[table] = combine_parts(
            parts, staging / f"{table}.parquet", schema=SCHEMAS.get(table), keys=keys
        )
    return counts


def _topics(
    staging: Path,
    cache_dir: Path,
    options: RunOptions,
    stages: dict[str, str],
    code: str,
    embed_stats: dict[str, float],
) -> None:
    docs_path = staging / "documents.parquet"
    reason = None
    if not options.topics:
        reason = "skipped (--no-topics)"
    elif stages.get("documents") != "ran":
        reason = "not available (no block documents)"
    else:
        try:
            from analytics.topics import fit_topics, tables
        except ImportError:
            reason = "not available (analytics.topics.fit_topics)"
    docs = read_table(docs_path) if docs_path.is_file() else pd.DataFrame()
    if reason is None and docs.empty:
        reason = "no transcripts to fit"
    if reason is None:
        docs = docs[docs["text"].fillna("").str.strip() != ""]
        if docs.empty:
            reason = "no block text to fit"
    if reason is not None:
        stages["topics"] = reason
        write_parquet(EMPTY_TOPICS, staging / "topics.parquet")
        write_parquet(EMPTY_BLOCK_TOPICS, staging / "block_topics.parquet")
        return
    transcripts = read_table(staging / "transcripts.parquet")
    meta = transcripts[["transcript", "show", "network", "air_date"]]
    docs = docs.merge(meta, on="transcript", how="left")
    docs["doc_id"] = docs["transcript"] + "#" + docs["block"].astype(str)
    stop_path = staging / "stop_words.parquet"
    extra = sorted(set(read_table(stop_path)["word"])) if stop_path.is_file() else []
    key = _topic_key(docs, extra, options, code)
    cached = PartCache(cache_dir / "topics")
    meta = cached.meta(key)
    if meta is None:
        backend: Any = options.backend
        if options.backend == "minilm":
            backend = _metered_minilm()
            backend._load()  # model loading is not embedding time
        result = fit_topics(
            docs,
            backend=backend,
            seed=options.seed,
            cache_dir=cache_dir / "embeddings",
            extra_stop_words=extra,
            progress=options.progress,
        )
        info = tables.topic_info(result)
        topics = info[[c for c in ("topic", "label", "words", "size") if c in info.columns]]
        links = tables.block_topics(result)[["transcript", "block", "topic", "probability"]]
        links = links.sort_values(["transcript", "block"], kind="mergesort")
        meta = {"path": result.path, "backend": result.backend, "topics": len(topics)}
        if not isinstance(backend, str):
            embed_stats["texts"] = backend.texts
            embed_stats["seconds"] = round(backend.seconds, 4)
        cached.save(
            key,
            meta,
            {"topics": topics.reset_index(drop=True), "block_topics": links.reset_index(drop=True)},
        )
    for table in ("topics", "block_topics"):
        part = cached.part(key, table)
        assert part is not None
        shutil.copyfile(part, staging / f"{table}.parquet")
    stages["topics"] = (
        f"ran ({meta['path']} path, {meta['topics']} topics, backend {meta['backend']})"
    )


def _metered_minilm() -> Any:
    """MiniLM embedder that counts the texts it embeds and the seconds it spends."""
    from analytics.topics.embed import MiniLMEmbedder

    class MeteredMiniLM(MiniLMEmbedder):
        texts = 0
        seconds = 0.0

        def embed(self, texts: Sequence[str]) -> Any:
            start = time.perf_counter()
            vectors = super().embed(texts)
            self.seconds += time.perf_counter() - start
            self.texts += len(texts)
            return vectors

    return MeteredMiniLM()


def _topic_key(docs: pd.DataFrame, extra: Sequence[str], options: RunOptions, code: str) -> str:
    digest = hashlib.sha256()
    for row in docs[["doc_id", "text"]].sort_values("doc_id").itertuples(index=False):
        digest.update(f"{row.doc_id}\0{row.text}\0".encode())
    digest.update("\0".join(extra).encode())
    settings = {"seed": options.seed, "backend": options.backend}
    return PartCache.key(digest.hexdigest(), "topics", settings, code)


def _empty_corpus_tables(staging: Path, stage: str) -> None:
    if stage == "topics":
        write_parquet(EMPTY_TOPICS, staging / "topics.parquet")
        write_parquet(EMPTY_BLOCK_TOPICS, staging / "block_topics.parquet")
    else:
        empty = pd.DataFrame({"transcript": pd.Series(dtype="str")})
        write_parquet(empty, staging / "coverage.parquet")


def _coverage(staging: Path, stages: dict[str, str]) -> None:
    try:
        from analytics.coverage import attach, block_coverage
    except ImportError:
        stages["coverage"] = "not available (analytics.coverage)"
        write_parquet(
            pd.DataFrame({"transcript": pd.Series(dtype="str")}), staging / "coverage.parquet"
        )
        return
    import pyarrow.parquet as pq

    turns = pq.read_table(
        staging / "turns.parquet", columns=["transcript", "turn", "block", "words", "timestamp"]
    ).to_pandas()
    if turns.empty:
        stages["coverage"] = "no transcripts"
        _empty_corpus_tables(staging, "coverage")
        return
    blocks = read_table(staging / "blocks.parquet")
    coverage = block_coverage(turns, blocks)
    coverage = attach(
        coverage,
        read_table(staging / "transcripts.parquet"),
        read_table(staging / "block_topics.parquet"),
        read_table(staging / "topics.parquet"),
    )
    write_parquet(coverage.reset_index(drop=True), staging / "coverage.parquet")
    stages["coverage"] = "ran"


@functools.lru_cache(maxsize=1)
def _table_code() -> str:
    """Hash of the code that turns cached results into tables (this module and the store)."""
    root = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for name in ("pipeline.py", "store.py", "export.py"):
        digest.update((root / name).read_bytes())
    return digest.hexdigest()[:16]


def _fingerprint(rows: list[dict[str, Any]], options: RunOptions, code: str) -> str:
    """Everything the tables depend on: inputs, their cached results, settings, code."""
    state = {
        "rows": [[r["transcript"], r["path"], r["_key"], r["status"]] for r in rows],
        "settings": [options.seed, options.backend, options.topics],
        "code": [code, _table_code()],
    }
    return hashlib.sha256(json.dumps(state, sort_keys=True).encode()).hexdigest()


def _unchanged(out: Path, fingerprint: str) -> dict[str, Any] | None:
    """The previous run's record when its tables are all there and were made from the same
    inputs, results, settings and code; else ``None``."""
    try:
        previous = json.loads((out / "run.json").read_text())
    except (OSError, ValueError):
        return None
    names = [f"{t}.parquet" for t in TABLES] + ["analytics.duckdb", "manifest.parquet"]
    if previous.get("fingerprint") != fingerprint or not all((out / n).is_file() for n in names):
        return None
    return previous


def _write_manifest(out: Path, rows: list[dict[str, Any]]) -> pd.DataFrame:
    manifest = pd.DataFrame(
        [{k: r[k] for k in MANIFEST_COLUMNS} for r in rows], columns=MANIFEST_COLUMNS
    )
    manifest["bytes"] = manifest["bytes"].astype("Int64")
    manifest["cached"] = manifest["cached"].astype(bool)
    write_parquet(manifest, safe_child(out, "manifest.parquet"))
    write_csv(manifest, safe_child(out, "manifest.csv"))
    return manifest


def _publish(staging: Path, out: Path, rows: list[dict[str, Any]]) -> pd.DataFrame:
    for table in TABLES:
        (staging / f"{table}.parquet").replace(safe_child(out, f"{table}.parquet"))
    manifest = _write_manifest(out, rows)
    write_duckdb(out, [*TABLES, "manifest"])
    return manifest


def run(
    inputs: Sequence[str | Path], out: str | Path, options: RunOptions | None = None
) -> RunSummary:
    """Run the pipeline on files and folders ``inputs``, writing tables into ``out``."""
    options = options or RunOptions()
    clock = time.perf_counter()
    seconds: dict[str, float] = {}

    def lap(name: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        seconds[name] = round(now - clock, 4)
        clock = now

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    for stale in out.glob(".*.tmp"):  # temporary files of a run that was killed
        stale.unlink(missing_ok=True)
    cache_dir = safe_child(out, ".cache")
    cache = PartCache(cache_dir / "parts")
    paths = collect_inputs(inputs)
    code = code_version()
    stages = stage_report()
    rows = _scan(paths, cache, code, {"segment_seconds": options.segment_seconds})
    lap("scan")
    stage_seconds: dict[str, float] = {}
    embed_stats: dict[str, float] = {}
    if not any(r["_todo"] for r in rows):
        previous = _unchanged(out, _fingerprint(rows, options, code))
        if previous is not None:  # nothing changed: the tables on disk are this run's tables
            manifest = _write_manifest(out, rows)
            lap("publish")
            stages = dict(previous.get("stages", stages))
            summary = RunSummary(out, manifest, stages, seconds, {}, {})
            _write_records(out, summary, options, code, _fingerprint(rows, options, code))
            return summary
    _process(rows, cache, options, stage_seconds)
    lap("transcripts")
    staging = safe_child(out, ".staging")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir()
    _combine(rows, cache, staging)
    lap("combine")
    for name, stage in (
        ("topics", lambda: _topics(staging, cache_dir, options, stages, code, embed_stats)),
        ("coverage", lambda: _coverage(staging, stages)),
    ):
        try:
            stage()
        except Exception as exc:  # recorded, shown by the CLI, and the tables stay consistent
            if options.debug:
                raise
            stages[name] = f"failed: {type(exc).__name__}: {exc}"
            _empty_corpus_tables(staging, name)
        lap(name)
    manifest = _publish(staging, out, rows)
    shutil.rmtree(staging, ignore_errors=True)
    lap("publish")
    summary = RunSummary(
        out,
        manifest,
        stages,
        seconds,
        {k: round(v, 4) for k, v in stage_seconds.items()},
        embed_stats,
    )
    _write_records(out, summary, options, code, _fingerprint(rows, options, code))
    return summary


def _write_records(
    out: Path, summary: RunSummary, options: RunOptions, code: str, fingerprint: str
) -> None:
    manifest = summary.manifest
    write_json(
        {
            "seconds": summary.seconds,
            "stage_seconds": summary.stage_seconds,
            "embedding": summary.embedding,
        },
        safe_child(out, "timings.json"),
    )
    write_json(
        {
            "settings": {
                "seed": options.seed,
                "backend": options.backend,
                "engine": options.engine,
                "workers": options.workers or default_workers(),
            },
            "code_version": code,
            "fingerprint": fingerprint,
            "stages": summary.stages,
            "inputs": len(manifest),
            "ok": int((manifest["status"] == "ok").sum()),
            "failed": int((manifest["status"] != "ok").sum()),
            "computed": summary.computed,
        },
        safe_child(out, "run.json"),
    )
