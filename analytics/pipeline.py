"""Corpus -> tables: ``python -m analytics run INPUT... --out DIR``.

One run:

0. **Lock.** The run holds an exclusive lock on ``DIR`` (``fcntl.flock`` on ``DIR/.lock``);
   a second run into the same folder stops at once with one line naming the first
   (:class:`~analytics.errors.OutputBusyError`). Errors writing into ``DIR`` (a full disk,
   a read-only folder) stop the run with one line naming the folder and the cause
   (:class:`~analytics.errors.OutputError`); the previous tables stay as they were.
1. **Scan.** Every input file is hashed (SHA-256 of its bytes). Its cache key combines that
   hash, the file name and a hash of the package's code, so a change to any of them
   recomputes, and nothing else does.
2. **Per-transcript stages** (:func:`analytics.stages.process_document`: decode, parse,
   segment, sentences, speaker kinds, name mentions, appearances, sentiment, block
   documents, block names; then the tables to Arrow) run for inputs
   missing from the cache, in this process, on a local process pool (all cores by
   default) or on Dask. Each result is written to the cache as small Arrow files as soon
   as it arrives, so memory holds a few transcripts at a time, and a run that is killed
   resumes where it stopped. Segmentation depends on each transcript alone, so a file's
   blocks do not depend on the other files of the run.
3. **Combine.** Each per-transcript table of :data:`TABLE_SPECS` is streamed part by part
   into one Parquet file.
4. **Corpus stages** (:data:`CORPUS_STAGES`). People are resolved across the corpus
   (:class:`analytics.people.PersonResolver` over each transcript's appearances, the
   ``--people`` alias file winning): the people and people_ambiguous tables, and the
   person columns of speakers, turns, block_turns and sentences. Topics are fitted on the
   block documents of the whole corpus, read in batches
   (:func:`analytics.topics.corpus.fit_corpus`: above ``--fit-blocks`` distinct blocks it
   embeds and fits a stratified sample of that many and places the other blocks by their
   words); blocks are linked into stories across transcripts by the names they repeat, their
   words and their air dates (:func:`analytics.stories.build.build_stories`; no embedding
   needed) and each block's topic becomes its story's (the fitted one is kept in
   ``block_topics.fitted_topic``); coverage is computed from the blocks, turns, topics and
   stories. Embeddings are cached
   by text, so a re-run embeds nothing. ``--no-topics`` skips the topic stage on purpose:
   ``run.json`` says so, and the topic tables are written empty.
5. **Publish.** New tables are written to ``DIR/.staging`` and moved into ``DIR`` one by
   one with :func:`os.replace`, then ``manifest.csv``/``manifest.parquet``, the DuckDB
   views (``DIR/analytics.duckdb``) and ``run.json`` (settings, stages, timings).

Every stage is required: a stage that cannot be imported, or that fails on the corpus,
stops the run with :class:`~analytics.errors.StageError` naming it (the previous tables
stay). A stage error on one transcript fails that input (listed in the manifest) and the
run reports it (:attr:`RunSummary.stage_errors`).

To add a table: a :class:`TableSpec` in :data:`TABLE_SPECS` (its schema), and either rows
from :func:`analytics.stages.transcript_tables` (per transcript) or a corpus stage in
:data:`CORPUS_STAGES` that writes it into the staging folder.

Inputs are only ever read. Output names are fixed table names inside ``DIR``.
"""

from __future__ import annotations

import functools
import hashlib
import json
import shutil
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa

from analytics.engines import Engine, WorkerCrash, default_workers, run_tasks
from analytics.errors import AnalyticsError, StageError
from analytics.export import write_csv
from analytics.ingest.decode import read_bytes
from analytics.inputs import collect_inputs, transcript_ids
from analytics.memory import release_memory
from analytics.people.aliases import Alias
from analytics.progress import progress_bar
from analytics.stages import STAGES, DocumentResult, load_stages, process_document
from analytics.store import (
    PartCache,
    atomic_path,
    combine_parts,
    content_hash,
    folder_lock,
    output_errors,
    read_table,
    safe_child,
    write_duckdb,
    write_json,
    write_parquet,
)

__all__ = [
    "CORPUS_STAGES",
    "TABLES",
    "TABLE_SPECS",
    "RunOptions",
    "RunSummary",
    "TableSpec",
    "collect_inputs",
    "code_version",
    "run",
]

_S = pa.string()
_I = pa.int64()
_F = pa.float64()
_B = pa.bool_()


@dataclass(frozen=True)
class TableSpec:
    """One table a run writes: its name, the key columns that come first, and the schema of
    the rest. ``per_transcript`` tables are combined from each transcript's rows; the others
    are written by a corpus stage."""

    name: str
    schema: pa.Schema
    keys: tuple[str, ...] = ("transcript",)
    per_transcript: bool = True

    @property
    def columns(self) -> list[str]:
        """Every column, key columns first."""
        return [*self.keys, *(f.name for f in self.schema if f.name not in self.keys)]

    def empty(self) -> pa.Table:
        """The table with no rows (keys as strings)."""
        fields = [pa.field(k, _S) for k in self.keys]
        fields += [f for f in self.schema if f.name not in self.keys]
        return pa.schema(fields).empty_table()


def _schema(*columns: tuple[str, pa.DataType]) -> pa.Schema:
    return pa.schema(list(columns))


#: Every table a run publishes, in order, with its schema.
TABLE_SPECS: tuple[TableSpec, ...] = (
    TableSpec(
        "transcripts",
        _schema(
            ("network", _S),
            ("show", _S),
            ("air_date", pa.date32()),
            ("air_time", _S),
            ("format", _S),
            ("words", _I),
            ("turns", _I),
            ("blocks", _I),
        ),
        keys=("transcript", "file"),
    ),
    TableSpec(
        "speakers",
        _schema(
            ("speaker", _S),
            ("role", _S),
            ("speaker_kind", _S),
            ("turns", _I),
            ("words", _I),
            ("person", _S),
            ("person_name", _S),
            ("person_evidence", _S),
        ),
    ),
    TableSpec(
        "turns",
        _schema(
            ("turn", _I),
            ("speaker", _S),
            ("role", _S),
            ("speaker_kind", _S),
            ("qualifier", _S),
            ("in_clip", _B),
            ("timestamp", _S),
            ("start_char", _I),
            ("end_char", _I),
            ("words", _I),
            ("block", _I),
            ("person", _S),
            ("person_name", _S),
        ),
    ),
    TableSpec(
        "blocks",
        _schema(
            ("block", _I),
            ("kind", _S),
            ("headline", _S),
            ("start_char", _I),
            ("end_char", _I),
            ("words", _I),
            ("turns", _I),
            ("sentences", _I),
            ("first_timestamp", _S),
            ("last_timestamp", _S),
        ),
    ),
    TableSpec(
        "block_turns",
        _schema(
            ("block", _I),
            ("turn", _I),
            ("speaker", _S),
            ("speaker_kind", _S),
            ("in_clip", _B),
            ("start_char", _I),
            ("end_char", _I),
            ("words", _I),
            ("sentences", _I),
            ("person", _S),
            ("person_name", _S),
        ),
    ),
    TableSpec(
        "sentences",
        _schema(
            ("block", _I),
            ("turn", _I),
            ("speaker", _S),
            ("role", _S),
            ("speaker_kind", _S),
            ("in_clip", _B),
            ("start_char", _I),
            ("end_char", _I),
            ("text", _S),
            ("neg", _F),
            ("neu", _F),
            ("pos", _F),
            ("compound", _F),
            ("network", _S),
            ("show", _S),
            ("person", _S),
            ("person_name", _S),
        ),
    ),
    TableSpec(
        "topics",
        _schema(("topic", _I), ("label", _S), ("words", _S), ("size", _I)),
        keys=(),
        per_transcript=False,
    ),
    TableSpec(
        "block_topics",
        _schema(
            ("block", _I), ("topic", _I), ("probability", _F), ("fitted_topic", _I), ("placed", _B)
        ),
        per_transcript=False,
    ),
    TableSpec(
        "stories",
        _schema(
            ("story", _I),
            ("label", _S),
            ("kind", _S),
            ("first_aired", pa.date32()),
            ("last_aired", pa.date32()),
            ("networks", _S),
            ("shows", _S),
            ("transcripts", _I),
            ("blocks", _I),
            ("minutes", _F),
            ("words", _I),
            ("topic", _I),
        ),
        keys=(),
        per_transcript=False,
    ),
    TableSpec("block_stories", _schema(("block", _I), ("story", _I)), per_transcript=False),
    TableSpec(
        "coverage",
        _schema(
            ("block", _I),
            ("kind", _S),
            ("headline", _S),
            ("turns", _I),
            ("words", _I),
            ("share", _F),
            ("start_minute", _F),
            ("end_minute", _F),
            ("minutes", _F),
            ("minutes_estimated", _B),
            ("network", _S),
            ("show", _S),
            ("air_date", pa.timestamp("ns")),
            ("file", _S),
            ("topic", _I),
            ("topic_label", _S),
            ("story", _I),
            ("story_label", _S),
        ),
        per_transcript=False,
    ),
    TableSpec(
        "people",
        _schema(
            ("person", _S),
            ("name", _S),
            ("status", _S),
            ("aliases", pa.list_(_S)),
            ("networks", pa.list_(_S)),
            ("shows", pa.list_(_S)),
            ("roles", pa.list_(_S)),
            ("kinds", pa.list_(_S)),
            ("first_air_date", pa.date32()),
            ("last_air_date", pa.date32()),
            ("transcripts", _I),
            ("turns", _I),
            ("words", _I),
        ),
        keys=(),
        per_transcript=False,
    ),
    TableSpec(
        "people_ambiguous",
        _schema(
            ("speaker_key", _S),
            ("speaker", _S),
            ("words", _I),
            ("reason", _S),
            ("candidates", _S),
        ),
        per_transcript=False,
    ),
)
#: Per-transcript tables the corpus stages read, never published.
WORK_SPECS: tuple[TableSpec, ...] = (
    TableSpec(
        "documents",
        _schema(("block", _I), ("text", _S), ("headline", _S), ("kind", _S), ("listed", _B)),
    ),
    TableSpec("stop_words", _schema(("word", _S))),
    TableSpec("block_names", _schema(("block", _I), ("name", _S), ("count", _I), ("surface", _S))),
    TableSpec(
        "appearances",
        _schema(
            ("speaker_key", _S),
            ("speaker", _S),
            ("role", _S),
            ("speaker_kind", _S),
            ("network", _S),
            ("show", _S),
            ("air_date", pa.date32()),
            ("turns", _I),
            ("words", _I),
            ("tags", _S),
            ("clues", _S),
            ("quotes", _S),
        ),
    ),
)
#: Columns the people stage fills in per-transcript tables (null until it runs).
PEOPLE_COLUMNS: dict[str, tuple[str, ...]] = {
    "speakers": ("person", "person_name", "person_evidence"),
    "turns": ("person", "person_name"),
    "block_turns": ("person", "person_name"),
    "sentences": ("person", "person_name"),
}
#: The tables a run writes, one Parquet file each.
TABLES = tuple(spec.name for spec in TABLE_SPECS)
_SPEC = {spec.name: spec for spec in (*TABLE_SPECS, *WORK_SPECS)}

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


@dataclass(frozen=True)
class RunOptions:
    """Settings of one run. ``seed``, ``backend``, ``topics`` and ``fit_blocks`` change the
    topics; ``people`` (the rows of an alias file, :func:`analytics.people.read_aliases`)
    change who is who; ``engine``, ``workers`` and ``scheduler`` only where the work runs,
    never the tables. ``fit_blocks``: at most this many distinct blocks are embedded and
    fitted, the others placed by their words (``None``: ``TopicConfig.max_fit_docs``, 600)."""

    seed: int = 42
    backend: str = "minilm"
    fit_blocks: int | None = None
    engine: Engine = "local"
    workers: int | None = None
    scheduler: str | None = None
    cluster_options: dict[str, Any] | None = None
    progress: bool = True
    debug: bool = False
    topics: bool = True
    people: tuple[Alias, ...] = ()


@dataclass
class RunSummary:
    """What a run did: the manifest, the stages, timings (seconds) and counts; ``people``
    counts the people found, the short tags linked to a full name (by evidence) and the
    cases left apart (listed in the people_ambiguous table)."""

    out: Path
    manifest: pd.DataFrame
    stages: dict[str, str]
    seconds: dict[str, float] = field(default_factory=dict)
    stage_seconds: dict[str, float] = field(default_factory=dict)
    embedding: dict[str, float] = field(default_factory=dict)
    stage_errors: dict[str, str] = field(default_factory=dict)
    people: dict[str, Any] = field(default_factory=dict)
    topic_seconds: dict[str, float] = field(default_factory=dict)

    @property
    def failed(self) -> pd.DataFrame:
        """Rows of the manifest whose status is ``failed``."""
        return self.manifest[self.manifest["status"] != "ok"]

    @property
    def computed(self) -> int:
        """Inputs processed in this run (not read from the cache)."""
        return int((~self.manifest["cached"]).sum())


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
    paths: Sequence[Path], cache: PartCache, code: str, progress: bool = False
) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    bar = progress_bar(len(paths), "reading inputs", unit="file", enabled=progress)
    for path, transcript in zip(paths, transcript_ids(paths), strict=True):
        bar.update(1)
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
            "_stage_error": None,
        }
        try:
            data = read_bytes(path)
        except AnalyticsError as exc:
            row["reason"] = getattr(exc, "reason", str(exc))
            rows.append(row)
            continue
        row["content_hash"] = content_hash(data)
        row["bytes"] = len(data)
        row["_key"] = PartCache.key(row["content_hash"], path.name, {}, code)
        meta = cache.meta(row["_key"])
        if meta is None:
            row["_todo"] = True
        else:
            row.update(_meta_fields(meta), cached=True)
        rows.append(row)
    bar.close()
    return rows


def _meta_fields(meta: dict[str, Any]) -> dict[str, Any]:
    fields = {k: meta.get(k) for k in ("encoding", "format", "status", "reason")}
    fields["_stage_error"] = meta.get("stage_error")
    return fields


def _process(
    rows: list[dict[str, Any]],
    cache: PartCache,
    options: RunOptions,
    stage_seconds: dict[str, float],
) -> None:
    todo = sum(1 for r in rows if r["_todo"])
    if not todo:
        return
    bar = progress_bar(todo, "transcripts", unit="transcript", enabled=options.progress)
    try:
        results = run_tasks(
            _process_document,
            _tasks(rows, {"debug": options.debug}),
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


def _arrow(frame: pd.DataFrame) -> pa.Table:
    """``frame`` as an Arrow table without its index: each column converted as
    ``pa.Table.from_pandas`` converts it (nulls from NaN and None), without the pandas
    metadata and the per-column overhead. The columns' arrays are read as the frame
    stores them (``DataFrame._iter_column_arrays``, read-only views), not through a
    ``Series`` per column, whose construction took most of the time on a transcript's
    small tables."""
    columns = [pa.array(values, from_pandas=True) for values in frame._iter_column_arrays()]
    return pa.Table.from_arrays(columns, names=[str(name) for name in frame.columns])


def _process_document(data: bytes, source: str, *, debug: bool = False) -> DocumentResult:
    """:func:`~analytics.stages.process_document`, its tables turned into Arrow tables where
    it runs (a worker), so the process that stores them only writes bytes; the conversion's
    time is the ``arrow`` stage."""
    result = process_document(data, source, debug=debug)
    clock = time.perf_counter()
    tables = {name: _arrow(t) for name, t in result.tables.items()}
    seconds = result.meta.get("seconds")
    if isinstance(seconds, dict) and tables:
        seconds["arrow"] = time.perf_counter() - clock
    return DocumentResult(result.meta, tables)  # type: ignore[arg-type]


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


def _combine(
    rows: list[dict[str, Any]], cache: PartCache, staging: Path, progress: bool = False
) -> dict[str, int]:
    ok = [r for r in rows if r["status"] == "ok"]
    counts: dict[str, int] = {}
    specs = [spec for spec in (*TABLE_SPECS, *WORK_SPECS) if spec.per_transcript]
    bar = progress_bar(len(specs), "combining tables", unit="table", enabled=progress)
    for spec in specs:
        parts = []
        for r in ok:
            const = {"transcript": r["transcript"]}
            if "file" in spec.keys:
                const["file"] = r["path"]
            part = cache.part(r["_key"], spec.name)
            if part is None:  # every stage ran on an ok input: its tables are all there
                raise StageError(spec.name, f"no {spec.name} rows cached for {r['path']}")
            parts.append((const, part))
        counts[spec.name] = combine_parts(
            parts, staging / f"{spec.name}.parquet", schema=spec.schema, keys=list(spec.keys)
        )
        bar.update(1)
    bar.close()
    return counts


def _write_table(name: str, frame: pd.DataFrame | None, staging: Path) -> None:
    """Write a corpus stage's table with its spec's columns (empty when ``frame`` is None)."""
    spec = _SPEC[name]
    if frame is None:
        write_parquet(spec.empty(), staging / f"{name}.parquet")
        return
    if list(frame.columns) != spec.columns:
        raise StageError(name, f"columns {list(frame.columns)} differ from {spec.columns}")
    write_parquet(frame.reset_index(drop=True), staging / f"{name}.parquet")


@dataclass
class _Context:
    """What the corpus stages share: the staging folder, caches, options, code, records."""

    staging: Path
    cache_dir: Path
    options: RunOptions
    code: str
    embedding: dict[str, float] = field(default_factory=dict)
    records: dict[str, Any] = field(default_factory=dict)
    topic_seconds: dict[str, float] = field(default_factory=dict)


def _document_batches(staging: Path, size: int = 2000) -> Callable[[], Iterator[pd.DataFrame]]:
    """The block documents with text, batch by batch, with their transcript's show, network
    and air date and a ``doc_id``: what the topic stage reads, never all at once."""
    import pyarrow.parquet as pq

    meta = read_table(staging / "transcripts.parquet")
    meta = meta[["transcript", "show", "network", "air_date"]].drop_duplicates("transcript")
    path = staging / "documents.parquet"

    def batches() -> Iterator[pd.DataFrame]:
        for batch in pq.ParquetFile(path).iter_batches(batch_size=size):
            docs = batch.to_pandas()
            docs = docs[docs["text"].fillna("").str.strip() != ""]
            if docs.empty:
                continue
            docs = docs.merge(meta, on="transcript", how="left")
            docs["doc_id"] = docs["transcript"] + "#" + docs["block"].astype(str)
            yield docs

    return batches


def _topics(ctx: _Context) -> str:
    """Fit the topic model on a bounded sample of the block documents and place the others
    (:func:`analytics.topics.corpus.fit_corpus`); returns how it went, for run.json."""
    from analytics.topics.corpus import fit_corpus

    staging, options = ctx.staging, ctx.options
    if not options.topics:
        _write_table("topics", None, staging)
        _write_table("block_topics", None, staging)
        return "skipped (--no-topics)"
    batches = _document_batches(staging)
    extra = sorted(set(read_table(staging / "stop_words.parquet")["word"]))
    key, n_docs = _topic_key(batches, extra, options, ctx.code)
    if not n_docs:
        _write_table("topics", None, staging)
        _write_table("block_topics", None, staging)
        return "ran (no block text to fit)"
    cached = PartCache(ctx.cache_dir / "topics")
    record = cached.meta(key)
    if record is None:
        backend: Any = options.backend
        if options.backend == "minilm":
            backend = _metered_minilm()
            backend.load()  # model loading is not embedding time
        found = fit_corpus(
            batches,
            backend=backend,
            seed=options.seed,
            config=_topic_config(options),
            cache_dir=ctx.cache_dir / "embeddings",
            extra_stop_words=extra,
            progress=options.progress,
        )
        topics = found.topics[["topic", "label", "words", "size"]].copy()
        topics["words"] = topics["words"].map(", ".join)
        links = found.block_topics.assign(fitted_topic=found.block_topics["topic"])
        # the stories stage makes topics follow stories; fitted_topic keeps the model's own
        links = links[_SPEC["block_topics"].columns]
        record = {
            "path": found.fit.path if not found.placed else "sampled",
            "backend": found.fit.backend,
            "topics": len(topics),
            "blocks": found.blocks,
            "placed": found.placed,
            "seconds": {k: round(v, 4) for k, v in found.timings.items()},
        }
        if not isinstance(backend, str):
            record["embedding"] = {"texts": backend.texts, "seconds": round(backend.seconds, 4)}
        cached.save(
            key,
            record,
            {"topics": topics.reset_index(drop=True), "block_topics": links.reset_index(drop=True)},
        )
        ctx.embedding.update(record.get("embedding", {}))
        ctx.topic_seconds.update(record["seconds"])
    for table in ("topics", "block_topics"):
        part = cached.read(key, table)
        assert part is not None
        write_parquet(part, staging / f"{table}.parquet")
    placed = f", {record['placed']} of {record['blocks']} blocks placed by their words"
    return (
        f"ran ({record['path']} path, {record['topics']} topics, backend {record['backend']}"
        f"{placed if record.get('placed') else ''})"
    )


def _metered_minilm() -> Any:
    """MiniLM embedder that counts the texts it embeds and the seconds it spends."""
    from analytics.minilm import MiniLMEmbedder

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


def _topic_key(
    batches: Callable[[], Iterator[pd.DataFrame]],
    extra: Sequence[str],
    options: RunOptions,
    code: str,
) -> tuple[str, int]:
    """The topic cache key (every block's id and text, the stop words, the settings and the
    code) and the number of blocks with text."""
    digests = []
    for docs in batches():
        for doc_id, text in zip(docs["doc_id"], docs["text"], strict=True):
            digests.append((doc_id, hashlib.sha256(f"{doc_id}\0{text}\0".encode()).digest()))
    digest = hashlib.sha256()
    for _, one in sorted(digests):
        digest.update(one)
    digest.update("\0".join(extra).encode())
    return PartCache.key(digest.hexdigest(), "topics", _settings(options), code), len(digests)


def _coverage(ctx: _Context) -> str:
    """Words, shares and air time of every block, with its topic."""
    import pyarrow.parquet as pq

    from analytics.coverage import attach, attach_stories, block_coverage

    staging = ctx.staging
    turns = pq.read_table(
        staging / "turns.parquet", columns=["transcript", "turn", "block", "words", "timestamp"]
    ).to_pandas()
    blocks = read_table(staging / "blocks.parquet")
    if blocks.empty:
        _write_table("coverage", None, staging)
        return "ran (no blocks)"
    coverage = block_coverage(turns, blocks)
    coverage = attach(
        coverage,
        read_table(staging / "transcripts.parquet"),
        read_table(staging / "block_topics.parquet"),
        read_table(staging / "topics.parquet"),
    )
    coverage = attach_stories(
        coverage,
        read_table(staging / "block_stories.parquet"),
        read_table(staging / "stories.parquet"),
    )
    _write_table("coverage", coverage, staging)
    return "ran"


def _block_coverage(staging: Path) -> pd.DataFrame:
    """Per-block words and minutes (:func:`analytics.coverage.block_coverage`) from the
    combined turns and blocks, which are dropped on return."""
    import pyarrow.parquet as pq

    from analytics.coverage import block_coverage

    turns = pq.read_table(
        staging / "turns.parquet", columns=["transcript", "turn", "block", "words", "timestamp"]
    ).to_pandas()
    return block_coverage(turns, read_table(staging / "blocks.parquet"))


def _story_documents(docs: pd.DataFrame, transcripts: pd.DataFrame) -> pd.DataFrame:
    """The block documents with their transcript's show, network and air date and a
    ``doc_id``, sorted (:func:`~analytics.topics.documents.sort_documents`): the texts are
    held once (columns are added by transcript, not merged into a copy; the sort is the
    only copy and the unsorted frame is dropped)."""
    from analytics.topics.documents import sort_documents

    meta = transcripts[["transcript", "show", "network", "air_date"]]
    if meta["transcript"].duplicated().any():  # a merge would repeat the blocks: keep it
        docs = docs.merge(meta, on="transcript", how="left")
    else:
        meta = meta.set_index("transcript")
        for column in ("show", "network", "air_date"):
            docs[column] = docs["transcript"].map(meta[column])
    docs["doc_id"] = docs["transcript"] + "#" + docs["block"].astype(str)
    if docs["text"].isna().any():
        docs["text"] = docs["text"].fillna("")
    return sort_documents(docs)


def _stories(ctx: _Context) -> str:
    """Link the blocks of the whole corpus into stories; topics then follow stories."""
    from analytics.stories.build import build_stories

    staging = ctx.staging
    docs = read_table(staging / "documents.parquet")
    if docs.empty:
        _write_table("stories", None, staging)
        _write_table("block_stories", None, staging)
        return "ran (no blocks)"
    docs = _story_documents(docs, read_table(staging / "transcripts.parquet"))
    extra = sorted(set(read_table(staging / "stop_words.parquet")["word"]))
    coverage = _block_coverage(staging)  # the turns are read and dropped before linking
    block_topics = read_table(staging / "block_topics.parquet")
    release_memory()
    # linked by words, names and time: embeddings measured no better (analytics/stories)
    result = build_stories(
        docs,
        names=read_table(staging / "block_names.parquet"),
        block_topics=block_topics if len(block_topics) else None,
        listed=docs[["transcript", "block", "listed"]],
        coverage=coverage,
        stop_words=extra,
        seed=ctx.options.seed,
        keep_pairs=False,
    )
    stories = result.stories.copy()
    for column in ("first_aired", "last_aired"):
        stories[column] = pd.to_datetime(stories[column]).dt.date
    _write_table("stories", stories, staging)
    _write_table("block_stories", result.block_stories, staging)
    follow = result.block_topics
    n = int((result.stories["kind"] == "story").sum())
    linked = int(result.stories["blocks"].sum())
    del result, docs, stories  # the linker's pairs and views: gone before the tables below
    release_memory()
    if follow is not None and len(block_topics):
        follow = follow[["transcript", "block", "topic"]]
        links = block_topics.drop(columns=["topic"]).merge(
            follow, on=["transcript", "block"], how="left"
        )
        links["topic"] = links["topic"].fillna(links["fitted_topic"]).astype("int64")
        links = links[["transcript", "block", "topic", "probability", "fitted_topic", "placed"]]
        _write_table("block_topics", links, staging)
        topics = read_table(staging / "topics.parquet")
        sizes = links["topic"].value_counts()
        topics["size"] = [int(sizes.get(t, 0)) for t in topics["topic"]]
        _write_table("topics", topics, staging)
    return f"ran ({n} stories from {linked} blocks)"


def _people(ctx: _Context) -> str:
    """One person per speaker across the corpus (:class:`analytics.people.PersonResolver`):
    the people and people_ambiguous tables, and the person columns of the speakers, turns,
    block_turns and sentences tables. The counts go to run.json (``people``)."""
    from analytics.people import PersonResolver, appearances_from_frame

    staging = ctx.staging
    appearances = appearances_from_frame(read_table(staging / "appearances.parquet"))
    resolver = PersonResolver(ctx.options.people).fit(appearances)
    _write_table("people", resolver.people_frame(), staging)
    ambiguous = resolver.ambiguous_frame()
    _write_table("people_ambiguous", ambiguous[_SPEC["people_ambiguous"].columns], staging)
    by_speaker: dict[tuple[str, str], tuple[str, str, str]] = {}
    names = {(a.transcript, a.key): a.name for a in appearances}
    for ident, assignment in sorted(resolver.assignments_.items()):
        value = (assignment.person, assignment.person_name, assignment.evidence)
        by_speaker.setdefault((ident[0], names[ident]), value)
    for table, columns in PEOPLE_COLUMNS.items():
        _fill_people(staging / f"{table}.parquet", columns, by_speaker)
    ctx.records["people"] = {
        "people": len({a.person for a in resolver.assignments_.values()}),
        "short_tags_linked": dict(sorted(resolver.merges_.items())),
        "ambiguous": len(ambiguous),
        "aliases": len(ctx.options.people),
    }
    return "ran"


def _fill_people(
    path: Path, columns: Sequence[str], by_speaker: dict[tuple[str, str], tuple[str, ...]]
) -> None:
    """Fill the person columns of a combined table from (transcript, speaker), one row
    group at a time."""
    import pyarrow.parquet as pq

    source = pq.ParquetFile(path)
    schema = source.schema_arrow
    where = {"person": 0, "person_name": 1, "person_evidence": 2}
    with atomic_path(path) as tmp, pq.ParquetWriter(tmp, schema, compression="zstd") as writer:
        for i in range(source.num_row_groups):
            group = source.read_row_group(i)
            keys = zip(
                group.column("transcript").to_pylist(),
                group.column("speaker").to_pylist(),
                strict=True,
            )
            found = [by_speaker.get(k) for k in keys]
            for column in columns:
                values = [None if f is None else f[where[column]] for f in found]
                index = schema.get_field_index(column)
                group = group.set_column(index, schema.field(index), pa.array(values, _S))
            writer.write_table(group)
        if source.num_row_groups == 0:
            writer.write_table(schema.empty_table())


#: The corpus stages, in order: each writes its tables into the staging folder and returns
#: what run.json records about it.
CORPUS_STAGES: tuple[tuple[str, Callable[[_Context], str]], ...] = (
    ("people", _people),
    ("topics", _topics),
    ("stories", _stories),
    ("coverage", _coverage),
)


@functools.lru_cache(maxsize=1)
def _table_code() -> str:
    """Hash of the code that turns cached results into tables (this module and the store)."""
    root = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for name in ("pipeline.py", "store.py", "export.py"):
        digest.update((root / name).read_bytes())
    return digest.hexdigest()[:16]


def _topic_config(options: RunOptions) -> Any:
    from analytics.topics import TopicConfig

    config = TopicConfig()
    if options.fit_blocks is not None:
        config = replace(config, max_fit_docs=options.fit_blocks)
    return config


def _settings(options: RunOptions) -> dict[str, Any]:
    """The settings the tables depend on (recorded in run.json and in the fingerprint)."""
    return {
        "seed": options.seed,
        "backend": options.backend,
        "topics": options.topics,
        "people": [[a.tag, a.where, a.name, a.person] for a in options.people],
        "fit_blocks": _topic_config(options).max_fit_docs,
    }


def _fingerprint(rows: list[dict[str, Any]], options: RunOptions, code: str) -> str:
    """Everything the tables depend on: inputs, their cached results, settings, code."""
    state = {
        "rows": [[r["transcript"], r["path"], r["_key"], r["status"]] for r in rows],
        "settings": _settings(options),
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


def _manifest(rows: list[dict[str, Any]]) -> pd.DataFrame:
    manifest = pd.DataFrame(
        [{k: r[k] for k in MANIFEST_COLUMNS} for r in rows], columns=MANIFEST_COLUMNS
    )
    manifest["bytes"] = manifest["bytes"].astype("Int64")
    manifest["cached"] = manifest["cached"].astype(bool)
    return manifest


def _write_manifest(folder: Path, manifest: pd.DataFrame) -> None:
    write_parquet(manifest, safe_child(folder, "manifest.parquet"))
    write_csv(manifest, safe_child(folder, "manifest.csv"))


def _publish(staging: Path, out: Path, manifest: pd.DataFrame) -> None:
    # everything is written in the staging folder first: a full disk stops the run there,
    # with the previous tables untouched; moving files within one folder takes no space
    _write_manifest(staging, manifest)
    for table in TABLES:
        (staging / f"{table}.parquet").replace(safe_child(out, f"{table}.parquet"))
    for name in ("manifest.parquet", "manifest.csv"):
        (staging / name).replace(safe_child(out, name))
    write_duckdb(out, [*TABLES, "manifest"])


def run(
    inputs: Sequence[str | Path], out: str | Path, options: RunOptions | None = None
) -> RunSummary:
    """Run the pipeline on files and folders ``inputs``, writing tables into ``out``.

    Raises :class:`~analytics.errors.OutputBusyError` when another run holds ``out``,
    :class:`~analytics.errors.OutputError` when ``out`` cannot be written, and
    :class:`~analytics.errors.StageError` when a stage cannot run; in each case the tables
    already in ``out`` are left as they were.
    """
    options = options or RunOptions()
    out = Path(out)
    with output_errors(out):
        out.mkdir(parents=True, exist_ok=True)
        with folder_lock(out):
            return _run(inputs, out, options)


def _run(inputs: Sequence[str | Path], out: Path, options: RunOptions) -> RunSummary:
    clock = time.perf_counter()
    seconds: dict[str, float] = {}

    def lap(name: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        seconds[name] = round(now - clock, 4)
        clock = now

    for stale in out.glob(".*.tmp"):  # temporary files of a run that was killed
        stale.unlink(missing_ok=True)
    load_stages()  # a stage that cannot be imported stops the run here, named
    cache_dir = safe_child(out, ".cache")
    cache = PartCache(cache_dir / "parts")
    paths = collect_inputs(inputs)
    code = code_version()
    stages = dict.fromkeys(STAGES, "ran")
    rows = _scan(paths, cache, code, options.progress)
    lap("scan")
    stage_seconds: dict[str, float] = {}
    fingerprint = _fingerprint(rows, options, code)
    if not any(r["_todo"] for r in rows):
        previous = _unchanged(out, fingerprint)
        if previous is not None:  # nothing changed: the tables on disk are this run's tables
            manifest = _manifest(rows)
            _write_manifest(out, manifest)
            lap("publish")
            stages = dict(previous.get("stages", stages))
            summary = RunSummary(out, manifest, stages, seconds, stage_errors=_errors(rows))
            summary.people = dict(previous.get("people", {}))
            _write_records(out, summary, options, code, fingerprint)
            return summary
    _process(rows, cache, options, stage_seconds)
    lap("transcripts")
    staging = safe_child(out, ".staging")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir()
    try:
        _combine(rows, cache, staging, options.progress)
        release_memory()
        lap("combine")
        ctx = _Context(staging, cache_dir, options, code)
        for name, stage in CORPUS_STAGES:
            try:
                stages[name] = stage(ctx)
            except (AnalyticsError, OSError):
                raise
            except Exception as exc:
                if options.debug:
                    raise
                reason = f"{type(exc).__name__}: {exc}".splitlines()[0]
                raise StageError(name, reason) from exc
            release_memory()
            lap(name)
        manifest = _manifest(rows)
        _publish(staging, out, manifest)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    lap("publish")
    summary = RunSummary(
        out,
        manifest,
        stages,
        seconds,
        {k: round(v, 4) for k, v in stage_seconds.items()},
        ctx.embedding,
        _errors(rows),
        ctx.records.get("people", {}),
        ctx.topic_seconds,
    )
    _write_records(out, summary, options, code, fingerprint)
    return summary


def _errors(rows: list[dict[str, Any]]) -> dict[str, str]:
    """path -> stage, for inputs that failed on an error inside a stage."""
    return {r["path"]: r["_stage_error"] for r in rows if r.get("_stage_error")}


def _write_records(
    out: Path, summary: RunSummary, options: RunOptions, code: str, fingerprint: str
) -> None:
    manifest = summary.manifest
    write_json(
        {
            "seconds": summary.seconds,
            "stage_seconds": summary.stage_seconds,
            "embedding": summary.embedding,
            "topic_seconds": summary.topic_seconds,
        },
        safe_child(out, "timings.json"),
    )
    write_json(
        {
            "settings": {
                **_settings(options),
                "engine": options.engine,
                "workers": options.workers or default_workers(),
            },
            "code_version": code,
            "fingerprint": fingerprint,
            "stages": summary.stages,
            "stage_errors": summary.stage_errors,
            "inputs": len(manifest),
            "ok": int((manifest["status"] == "ok").sum()),
            "failed": int((manifest["status"] != "ok").sum()),
            "computed": summary.computed,
            "people": summary.people,
        },
        safe_child(out, "run.json"),
    )
