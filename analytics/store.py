"""Tables on disk: Parquet files, a DuckDB catalogue of views, and the per-transcript cache.

Every file is written atomically: to a temporary name in the same folder, then moved over
the target with :func:`os.replace`, so a reader (or a run killed half-way) only ever sees the
previous complete file or the new complete file.

The cache holds one folder per transcript result, named by a key built from the content
hash of the input, its file name (the parsers read network, show and date from it), the
settings that change the result and a hash of the package code. A folder is complete or
absent: it is written under a temporary name and renamed into place. Its tables are Arrow
IPC files (LZ4): a run writes one per table per transcript and reads them all back to
combine them, and on this machine that format is written four times and read ten times
faster than Parquet with zstd.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import hashlib
import json
import os
import secrets
import shutil
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from analytics.errors import InputError, OutputBusyError, OutputError

__all__ = [
    "PartCache",
    "atomic_path",
    "combine_parts",
    "content_hash",
    "folder_lock",
    "output_errors",
    "load_tables",
    "read_table",
    "safe_child",
    "write_duckdb",
    "write_json",
    "write_parquet",
]

CACHE_FORMAT = 2


def content_hash(data: bytes) -> str:
    """SHA-256 of the bytes, hex."""
    return hashlib.sha256(data).hexdigest()


def safe_child(root: str | Path, name: str) -> Path:
    """``root / name``, refusing names that would leave ``root`` (``..``, absolute paths).

    >>> safe_child("/out", "turns.parquet").as_posix()
    '/out/turns.parquet'
    """
    root_path = Path(root).resolve()
    candidate = (root_path / name).resolve()
    if name in ("", ".") or not candidate.is_relative_to(root_path) or candidate == root_path:
        raise InputError(name, f"output name would leave {root}")
    return candidate


@contextlib.contextmanager
def atomic_path(target: str | Path) -> Iterator[Path]:
    """Yield a temporary path next to ``target``; on success move it over ``target``.

    On an exception the temporary file is removed and ``target`` is left as it was.
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp_path = target.with_name(f".{target.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    with open(tmp_path, "xb"):  # created with the user's umask, like the target would be
        pass
    try:
        yield tmp_path
        os.replace(tmp_path, target)
    except BaseException:
        tmp_path.unlink(missing_ok=True)
        raise


def write_parquet(table: pd.DataFrame | pa.Table, path: str | Path) -> None:
    """Write one Parquet file atomically (no pandas index, no volatile metadata)."""
    if isinstance(table, pd.DataFrame):
        table = pa.Table.from_pandas(table, preserve_index=False)
    with atomic_path(path) as tmp:
        pq.write_table(table, tmp, compression="zstd")


def write_json(obj: object, path: str | Path) -> None:
    """Write JSON atomically, keys sorted, so equal objects give equal bytes."""
    with atomic_path(path) as tmp:
        tmp.write_text(json.dumps(obj, indent=2, sort_keys=True, ensure_ascii=False) + "\n")


def read_table(path: str | Path) -> pd.DataFrame:
    """A Parquet file as a DataFrame."""
    return pq.read_table(path).to_pandas()


def load_tables(folder: str | Path) -> dict[str, pd.DataFrame]:
    """Every table written by ``python -m analytics run`` into ``folder``, by name.

    Raises :class:`InputError` (one line) when the folder holds no tables (naming the
    command that makes them) or tables of no transcript (every input failed to parse).
    """
    root = Path(folder)
    if not (root / "transcripts.parquet").is_file():
        raise InputError(
            str(root), f"no tables here; run `python -m analytics run INPUT... --out {root}`"
        )
    tables = {path.stem: read_table(path) for path in sorted(root.glob("*.parquet"))}
    if tables["transcripts"].empty:
        raise InputError(
            str(root),
            "the tables hold no transcript: no input could be read (see manifest.csv)",
        )
    return tables


#: errno values that say a disk cannot take what is written to it, wherever the file is.
_DISK_ERRORS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EROFS})


@contextlib.contextmanager
def output_errors(folder: str | Path) -> Iterator[None]:
    """Turn an error writing into ``folder`` (a full disk, a read-only file system, a
    folder it may not write or that is a file) into :class:`OutputError`: one line naming
    the folder and the cause. Other errors (an input, a model file) pass through.
    """
    root = Path(folder).absolute()
    try:
        yield
    except OSError as exc:
        full = "No space left on device" in str(exc)
        name = exc.filename if isinstance(exc.filename, str) else None
        ours = name is not None and Path(name).absolute().is_relative_to(root)
        if exc.errno in _DISK_ERRORS or full or ours:
            code = errno.ENOSPC if full and exc.errno not in _DISK_ERRORS else exc.errno
            cause = os.strerror(code) if code else (str(exc).splitlines() or ["error"])[0]
            raise OutputError(str(folder), cause) from exc
        raise


@contextlib.contextmanager
def folder_lock(folder: str | Path, name: str = ".lock") -> Iterator[None]:
    """Hold an exclusive lock on ``folder`` (``fcntl.flock`` on ``folder/name``) while the
    block runs; if another process holds it, raise :class:`OutputBusyError` at once,
    naming that process.

    The lock goes with the process: a run that is killed leaves no stale lock behind.
    """
    path = Path(folder) / name
    handle = open(path, "a+")  # noqa: SIM115 - held open for the duration of the lock
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            raise OutputBusyError(
                str(folder),
                f"another run ({holder}) is writing its tables there; "
                "wait for it to finish or choose another --out",
            ) from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()}")
        handle.flush()
        try:
            yield
        finally:
            handle.seek(0)
            handle.truncate()
            fcntl.flock(handle, fcntl.LOCK_UN)
    finally:
        handle.close()


def _to_arrow(frame: pd.DataFrame | pa.Table) -> pa.Table:
    if isinstance(frame, pa.Table):
        return frame
    return pa.Table.from_pandas(frame, preserve_index=False)


def write_part(table: pd.DataFrame | pa.Table, path: str | Path) -> None:
    """Write one cached part: an Arrow IPC file, LZ4-compressed (written and read several
    times faster than Parquet; the published tables stay Parquet)."""
    table = _to_arrow(table)
    options = pa.ipc.IpcWriteOptions(compression="lz4")
    with (
        pa.OSFile(str(path), "wb") as sink,
        pa.ipc.new_file(sink, table.schema, options=options) as writer,
    ):
        writer.write_table(table)


def read_part(path: str | Path) -> pa.Table:
    """A cached part (Arrow IPC), or a Parquet file, as an Arrow table."""
    path = Path(path)
    if path.suffix == ".parquet":
        return pq.read_table(path)
    with pa.memory_map(str(path)) as source:
        return pa.ipc.open_file(source).read_all()


def _part_schema(path: Path) -> pa.Schema:
    if path.suffix == ".parquet":
        return pq.read_schema(path)
    with pa.memory_map(str(path)) as source:
        return pa.ipc.open_file(source).schema


@dataclass(frozen=True)
class PartCache:
    """Per-transcript results under ``root``: ``<key[:2]>/<key>/{meta.json,<table>.arrow}``."""

    root: Path

    @staticmethod
    def key(content: str, name: str, settings: Mapping[str, object], code: str) -> str:
        """Cache key from content hash, file name, settings and code version."""
        blob = json.dumps(
            {
                "v": CACHE_FORMAT,
                "content": content,
                "name": name,
                "settings": settings,
                "code": code,
            },
            sort_keys=True,
        )
        return hashlib.sha256(blob.encode()).hexdigest()

    def folder(self, key: str) -> Path:
        """The folder of one cached result."""
        return self.root / key[:2] / key

    def meta(self, key: str) -> dict[str, object] | None:
        """The cached summary of a result, or ``None`` when it is not cached (or unreadable)."""
        try:
            return json.loads((self.folder(key) / "meta.json").read_text())
        except (OSError, ValueError):
            return None

    def part(self, key: str, table: str) -> Path | None:
        """Path of one cached table of a result, ``None`` when the result has no such table."""
        path = self.folder(key) / f"{table}.arrow"
        return path if path.is_file() else None

    def read(self, key: str, table: str) -> pa.Table | None:
        """One cached table of a result, ``None`` when the result has no such table."""
        path = self.part(key, table)
        return None if path is None else read_part(path)

    def save(
        self,
        key: str,
        meta: Mapping[str, object],
        tables: Mapping[str, pd.DataFrame | pa.Table],
    ) -> None:
        """Store one result: tables and summary written to a temporary folder, renamed in."""
        final = self.folder(key)
        final.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{key}.", dir=final.parent))
        try:
            for name, frame in tables.items():
                write_part(frame, tmp / f"{name}.arrow")
            (tmp / "meta.json").write_text(json.dumps(dict(meta), sort_keys=True))
            if final.exists():  # a concurrent or earlier run wrote the same key
                shutil.rmtree(tmp)
                return
            os.replace(tmp, final)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise


def _unified_schema(paths: Sequence[Path], schema: pa.Schema | None) -> pa.Schema | None:
    if schema is not None:
        return schema
    schemas = [_part_schema(p).remove_metadata() for p in paths]
    if not schemas:
        return None
    return pa.unify_schemas(schemas, promote_options="permissive")


def combine_parts(
    parts: Sequence[tuple[Mapping[str, object], Path | None]],
    out: str | Path,
    *,
    schema: pa.Schema | None = None,
    keys: Sequence[str] | None = None,
    row_group: int = 65_536,
) -> int:
    """Concatenate per-transcript parts into one Parquet file, a few parts in memory at a time.

    ``parts`` pairs the constant columns to prepend (``{"transcript": "cnn_..."}``) with a
    part file (Arrow IPC as :func:`write_part` writes it, or Parquet; ``None``: the
    transcript has no rows in this table). Parts are gathered into row groups of about
    ``row_group`` rows. ``schema`` fixes the
    column types of the rest; without it they are unified across parts (a column that is
    all null in one part takes its type from the others). ``keys`` names the constant
    columns (default: those of the first part), so an empty result still has them.
    Returns the number of rows.
    """
    present = [(const, path) for const, path in parts if path is not None]
    body = _unified_schema([p for _, p in present], schema)
    if keys is None:
        keys = list(parts[0][0]) if parts else []
    const_fields = [pa.field(k, pa.string()) for k in keys]
    if body is None:
        body = pa.schema([])
    names = [f.name for f in const_fields]
    full = pa.schema(const_fields + [f for f in body if f.name not in names])
    rows = 0
    pending: list[pa.Table] = []
    waiting = 0
    with atomic_path(out) as tmp, pq.ParquetWriter(tmp, full, compression="zstd") as writer:
        for const, path in present:
            table = read_part(path)
            n = table.num_rows
            columns = []
            for field in full:
                if field.name in const:
                    columns.append(pa.repeat(pa.scalar(const[field.name], field.type), n))
                elif field.name in table.column_names:
                    columns.append(table.column(field.name).cast(field.type))
                else:
                    columns.append(pa.nulls(n, field.type))
            pending.append(pa.Table.from_arrays(columns, schema=full))
            rows += n
            waiting += n
            if waiting >= row_group:
                writer.write_table(pa.concat_tables(pending))
                pending, waiting = [], 0
        if pending:
            writer.write_table(pa.concat_tables(pending))
        if not present:
            writer.write_table(full.empty_table())
    return rows


def write_duckdb(
    out_dir: str | Path, tables: Sequence[str], *, name: str = "analytics.duckdb"
) -> Path:
    """A DuckDB database in ``out_dir`` with one view per Parquet table (``SELECT * FROM turns``).

    Views name the Parquet files by absolute path, so the database must move with them.
    """
    import duckdb

    out_dir = Path(out_dir).resolve()
    target = safe_child(out_dir, name)
    with atomic_path(target) as tmp:
        tmp.unlink()  # DuckDB refuses to open an empty file as a database
        con = duckdb.connect(str(tmp))
        try:
            for table in tables:
                path = safe_child(out_dir, f"{table}.parquet").as_posix().replace("'", "''")
                con.execute(
                    f"CREATE OR REPLACE VIEW \"{table}\" AS SELECT * FROM read_parquet('{path}')"
                )
        finally:
            con.close()
        wal = Path(f"{tmp}.wal")
        wal.unlink(missing_ok=True)
    return target
