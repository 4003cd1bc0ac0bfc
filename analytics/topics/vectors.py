"""Embedding vectors on disk: a few append-only files per backend, safe against a kill.

Layout under ``<directory>/<backend name>/``::

    vectors-00001.f32   a 16-byte header (magic, dimension), then float32 rows
    vectors-00001.idx   one 36-byte entry per row: sha256 of the text (32 bytes) and the
                        CRC-32 of the row's bytes (4 bytes, little-endian)
    .lock               taken (``flock``) by a writer while it appends

**Writing.** Under the lock a writer first reads what other writers appended since it last
looked (so a text stored by a concurrent run is not stored twice), cuts a torn tail left by
a writer that was killed mid-append, appends the new rows to the data file and syncs it,
then appends their index entries and syncs again. A new pair of files is started when the
data file passes ``max_bytes``. **Reading** takes no lock: a reader counts only complete
index entries whose row is complete in the data file, and returns a row only when its bytes
match the entry's CRC. So a kill at any moment loses at most the rows being appended, and
never makes a reader return a partial vector.

The vectors of 400,000 windows of 384 dimensions fill one 614 MB data file and a 14 MB
index, instead of 400,000 files. The older layout of one ``.npy`` file per vector
(``<backend>/<sha[:2]>/<sha>.npy``) is imported into the store the first time a backend is
opened, and its files are then removed.

Example::

    >>> import tempfile
    >>> cache = EmbeddingCache(tempfile.mkdtemp())
    >>> cache.put_many("demo", ["ab" * 32], np.ones((1, 3), dtype=np.float32))
    1
    >>> cache.get("demo", "ab" * 32).tolist()
    [1.0, 1.0, 1.0]
"""

from __future__ import annotations

import contextlib
import os
import struct
import zlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

__all__ = ["EmbeddingCache", "StoreFormatError"]

MAGIC = b"ANVEC001"
HEADER = struct.Struct("<8sI4x")  # magic, dimension, padding: 16 bytes
ENTRY = np.dtype([("key", "V32"), ("crc", "<u4")])
#: Start a new pair of files once a data file is this large.
DEFAULT_MAX_BYTES = 1 << 30


class StoreFormatError(Exception):
    """A store file that is not a vector file of this package (or of another dimension)."""


def _crc(row: np.ndarray) -> int:
    return zlib.crc32(np.ascontiguousarray(row, dtype="<f4").tobytes())


@dataclass
class _Segment:
    """One data file and its index, as far as this process has read them."""

    number: int
    data: Path
    index: Path
    dim: int | None = None
    rows: int = 0  # complete, indexed rows
    crcs: list[int] = field(default_factory=list)

    def row_bytes(self) -> int:
        assert self.dim is not None
        return 4 * self.dim


@dataclass
class _Backend:
    folder: Path
    segments: list[_Segment] = field(default_factory=list)
    where: dict[bytes, tuple[int, int]] = field(default_factory=dict)  # key -> (segment, row)


class EmbeddingCache:
    """Vectors keyed by (backend name, sha256 hex of the text) in append-only files.

    ``directory`` holds one folder per backend. Many processes may read and write the same
    directory at once (writers take turns on a lock file; readers take no lock). See the
    module documentation for the format and what a kill mid-write leaves.
    """

    def __init__(self, directory: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> None:
        self.directory = Path(directory)
        self.max_bytes = max_bytes
        self._backends: dict[str, _Backend] = {}

    # -- reading --------------------------------------------------------------------------

    def _folder(self, backend: str) -> Path:
        if not backend or "/" in backend or backend.startswith("."):
            raise ValueError(f"bad backend name {backend!r}")
        return self.directory / backend

    def _open(self, backend: str) -> _Backend:
        state = self._backends.get(backend)
        if state is None:
            state = _Backend(self._folder(backend))
            self._backends[backend] = state
            if _legacy_files(state.folder):
                self._import_legacy(backend)
        self._refresh(state)
        return state

    def _refresh(self, state: _Backend) -> None:
        """Read index entries appended since this process last looked."""
        if not state.folder.is_dir():
            return
        known = {s.number for s in state.segments}
        for path in sorted(state.folder.glob("vectors-*.idx")):
            number = _segment_number(path)
            if number is not None and number not in known:
                state.segments.append(
                    _Segment(number, path.with_suffix(".f32"), path.with_suffix(".idx"))
                )
        state.segments.sort(key=lambda s: s.number)
        for position, segment in enumerate(state.segments):
            self._read_new_entries(state, position, segment)

    def _read_new_entries(self, state: _Backend, position: int, segment: _Segment) -> None:
        try:
            data_size = segment.data.stat().st_size
            index_size = segment.index.stat().st_size
        except FileNotFoundError:
            return
        if segment.dim is None:
            if data_size < HEADER.size:
                return
            segment.dim = _read_header(segment.data)
        complete = min(
            index_size // ENTRY.itemsize, (data_size - HEADER.size) // segment.row_bytes()
        )
        if complete <= segment.rows:
            return
        with open(segment.index, "rb") as handle:
            handle.seek(segment.rows * ENTRY.itemsize)
            raw = handle.read((complete - segment.rows) * ENTRY.itemsize)
        entries = np.frombuffer(raw, dtype=ENTRY)
        for offset, key in enumerate(entries["key"]):
            state.where.setdefault(bytes(key), (position, segment.rows + offset))
        segment.crcs.extend(int(c) for c in entries["crc"])
        segment.rows = complete

    def get(self, backend: str, key: str) -> np.ndarray | None:
        """The stored vector of one text, or ``None``."""
        return self.get_many(backend, [key]).get(key)

    def get_many(self, backend: str, keys: Iterable[str]) -> dict[str, np.ndarray]:
        """The stored vectors of ``keys`` (hex sha256), by key; missing keys are left out."""
        state = self._open(backend)
        by_segment: dict[int, list[tuple[str, int]]] = {}
        for key in keys:
            hit = state.where.get(bytes.fromhex(key))
            if hit is not None:
                by_segment.setdefault(hit[0], []).append((key, hit[1]))
        found: dict[str, np.ndarray] = {}
        for position, wanted in by_segment.items():
            segment = state.segments[position]
            assert segment.dim is not None
            rows = _read_rows(segment, sorted({r for _, r in wanted}))
            for key, row in wanted:
                vector = rows[row]
                if _crc(vector) == segment.crcs[row]:
                    found[key] = vector
        return found

    def count(self, backend: str) -> int:
        """Number of distinct texts stored for ``backend``."""
        return len(self._open(backend).where)

    def files(self, backend: str) -> list[Path]:
        """The data and index files of ``backend``, in order."""
        state = self._open(backend)
        return [p for s in state.segments for p in (s.data, s.index)]

    # -- writing --------------------------------------------------------------------------

    def put(self, backend: str, key: str, vector: np.ndarray) -> None:
        """Store one vector (float32)."""
        self.put_many(backend, [key], np.asarray(vector, dtype=np.float32)[np.newaxis, :])

    def put_many(self, backend: str, keys: Sequence[str], vectors: np.ndarray) -> int:
        """Append the vectors of ``keys`` not stored yet; returns how many were appended."""
        matrix = np.ascontiguousarray(vectors, dtype="<f4")
        if matrix.ndim != 2 or len(matrix) != len(keys):
            raise ValueError("vectors must be a matrix with one row per key")
        if not keys:
            return 0
        state = self._backends.get(backend) or self._open(backend)
        state.folder.mkdir(parents=True, exist_ok=True)
        with _locked(state.folder / ".lock"):
            self._refresh(state)
            fresh: dict[bytes, int] = {}
            for i, key in enumerate(keys):
                raw = bytes.fromhex(key)
                if len(raw) != 32:
                    raise ValueError(f"key must be a sha256 hex digest: {key!r}")
                if raw not in state.where:
                    fresh.setdefault(raw, i)
            if not fresh:
                return 0
            rows = matrix[list(fresh.values())]
            segment = self._writable(state, matrix.shape[1])
            self._append(state, segment, list(fresh), rows)
            return len(fresh)

    def _writable(self, state: _Backend, dim: int) -> _Segment:
        """The last segment, its torn tail cut; a new one when it is full (or none exists)."""
        if state.segments:
            segment = state.segments[-1]
            if segment.dim is not None and segment.dim != dim:
                raise StoreFormatError(
                    f"{segment.data}: vectors of {segment.dim} dimensions, not {dim}"
                )
            _cut_torn_tail(segment)
            if segment.dim is not None and segment.data.stat().st_size < self.max_bytes:
                return segment
        number = state.segments[-1].number + 1 if state.segments else 1
        data = state.folder / f"vectors-{number:05d}.f32"
        index = data.with_suffix(".idx")
        with open(data, "wb") as handle:
            handle.write(HEADER.pack(MAGIC, dim))
            handle.flush()
            os.fsync(handle.fileno())
        index.touch()
        segment = _Segment(number, data, index, dim=dim)
        state.segments.append(segment)
        return segment

    def _append(
        self, state: _Backend, segment: _Segment, keys: list[bytes], rows: np.ndarray
    ) -> None:
        entries = np.zeros(len(keys), dtype=ENTRY)
        entries["key"] = [np.void(k) for k in keys]
        crcs = [_crc(row) for row in rows]
        entries["crc"] = crcs
        with open(segment.data, "ab") as handle:
            handle.write(rows.tobytes())
            handle.flush()
            os.fsync(handle.fileno())
        with open(segment.index, "ab") as handle:
            handle.write(entries.tobytes())
            handle.flush()
            os.fsync(handle.fileno())
        position = state.segments.index(segment)
        for offset, key in enumerate(keys):
            state.where.setdefault(key, (position, segment.rows + offset))
        segment.crcs.extend(crcs)
        segment.rows += len(keys)

    # -- the older layout -----------------------------------------------------------------

    def _import_legacy(self, backend: str) -> None:
        """Move vectors of the one-file-per-vector layout into the store, then delete them."""
        folder = self._folder(backend)
        paths = _legacy_files(folder)
        keys: list[str] = []
        rows: list[np.ndarray] = []
        for path in paths:
            try:
                vector = np.load(path, allow_pickle=False)
            except (OSError, ValueError):
                continue
            if vector.ndim == 1 and len(path.stem) == 64:
                keys.append(path.stem)
                rows.append(vector.astype(np.float32))
        by_dim: dict[int, list[int]] = {}
        for i, row in enumerate(rows):
            by_dim.setdefault(len(row), []).append(i)
        if by_dim:
            dim = max(by_dim, key=lambda d: len(by_dim[d]))
            picked = by_dim[dim]
            self.put_many(backend, [keys[i] for i in picked], np.stack([rows[i] for i in picked]))
        for path in paths:
            path.unlink(missing_ok=True)
        for sub in {p.parent for p in paths}:
            with contextlib.suppress(OSError):
                sub.rmdir()


def _segment_number(path: Path) -> int | None:
    try:
        return int(path.stem.split("-", 1)[1])
    except (IndexError, ValueError):
        return None


def _read_header(path: Path) -> int:
    with open(path, "rb") as handle:
        magic, dim = HEADER.unpack(handle.read(HEADER.size))
    if magic != MAGIC or dim < 1:
        raise StoreFormatError(f"{path}: not a vector file of this package")
    return int(dim)


def _read_rows(segment: _Segment, rows: list[int]) -> dict[int, np.ndarray]:
    """The given rows of a segment's data file, by row number."""
    assert segment.dim is not None
    out: dict[int, np.ndarray] = {}
    if not rows:
        return out
    matrix = np.memmap(
        segment.data, dtype="<f4", mode="r", offset=HEADER.size, shape=(segment.rows, segment.dim)
    )
    picked = np.array(matrix[rows], dtype=np.float32)
    del matrix
    for i, row in enumerate(rows):
        out[row] = picked[i]
    return out


def _cut_torn_tail(segment: _Segment) -> None:
    """Truncate both files to the rows that are complete in each (the writer holds the lock)."""
    if segment.dim is None:
        try:
            if segment.data.stat().st_size < HEADER.size:
                return
        except FileNotFoundError:
            return
        segment.dim = _read_header(segment.data)
    rows = min(
        segment.index.stat().st_size // ENTRY.itemsize,
        (segment.data.stat().st_size - HEADER.size) // segment.row_bytes(),
    )
    data_size = HEADER.size + rows * segment.row_bytes()
    index_size = rows * ENTRY.itemsize
    if segment.data.stat().st_size != data_size:
        os.truncate(segment.data, data_size)
    if segment.index.stat().st_size != index_size:
        os.truncate(segment.index, index_size)


def _legacy_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(folder.glob("??/*.npy"))


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    """An exclusive ``flock`` on ``path`` for the block (POSIX; elsewhere no lock)."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX
        yield
        return
    with open(path, "a+b") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
