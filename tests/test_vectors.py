"""The append-only embedding store: round trip, deduplication, torn tails, concurrency."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import textwrap
import time
from multiprocessing import get_context
from pathlib import Path

import numpy as np
import pytest

from analytics.topics.vectors import ENTRY, HEADER, EmbeddingCache, StoreFormatError

ROOT = Path(__file__).resolve().parent.parent


def key(i: int) -> str:
    return hashlib.sha256(f"window {i}".encode()).hexdigest()


def vector(i: int, dim: int = 8) -> np.ndarray:
    return np.random.default_rng(i).standard_normal(dim).astype(np.float32)


def fill(cache: EmbeddingCache, ids: range, backend: str = "b", dim: int = 8) -> int:
    return cache.put_many(backend, [key(i) for i in ids], np.stack([vector(i, dim) for i in ids]))


def test_vectors_come_back_exactly_from_a_new_reader(tmp_path):
    cache = EmbeddingCache(tmp_path)
    assert fill(cache, range(5)) == 5
    again = EmbeddingCache(tmp_path)
    found = again.get_many("b", [key(i) for i in range(7)])
    assert sorted(found) == sorted(key(i) for i in range(5))
    for i in range(5):
        np.testing.assert_array_equal(found[key(i)], vector(i))
    assert again.get("b", key(6)) is None
    assert again.get("other", key(0)) is None, "vectors are kept per backend"


def test_a_text_is_stored_once_however_often_it_is_put(tmp_path):
    cache = EmbeddingCache(tmp_path)
    fill(cache, range(3))
    size = (tmp_path / "b" / "vectors-00001.f32").stat().st_size
    assert fill(cache, range(3)) == 0
    assert EmbeddingCache(tmp_path).put_many("b", [key(1)], vector(1)[None, :]) == 0
    doubled = [key(9), key(9)]
    assert cache.put_many("b", doubled, np.stack([vector(9), vector(9)])) == 1
    assert cache.count("b") == 4
    assert (tmp_path / "b" / "vectors-00001.f32").stat().st_size == size + 4 * 8


def test_vectors_live_in_a_few_files_that_rotate_at_the_size_limit(tmp_path):
    cache = EmbeddingCache(tmp_path, max_bytes=HEADER.size + 4 * 8 * 100)
    for start in range(0, 500, 50):
        fill(cache, range(start, start + 50))
    names = sorted(p.name for p in (tmp_path / "b").iterdir())
    assert names[0] == ".lock"
    assert names[1:] == [f"vectors-{n:05d}.{ext}" for n in range(1, 6) for ext in ("f32", "idx")]
    found = EmbeddingCache(tmp_path).get_many("b", [key(i) for i in range(500)])
    assert len(found) == 500
    np.testing.assert_array_equal(found[key(499)], vector(499))


def test_a_data_file_cut_mid_record_loses_only_the_torn_vector(tmp_path):
    fill(EmbeddingCache(tmp_path), range(3))
    data = tmp_path / "b" / "vectors-00001.f32"
    os.truncate(data, data.stat().st_size - 10)  # a kill in the middle of the third row
    cache = EmbeddingCache(tmp_path)
    assert sorted(cache.get_many("b", [key(i) for i in range(3)])) == sorted([key(0), key(1)])
    assert fill(cache, range(3, 5)) == 2, "the torn row is cut before appending"
    again = EmbeddingCache(tmp_path)
    found = again.get_many("b", [key(i) for i in range(5)])
    assert sorted(found) == sorted(key(i) for i in (0, 1, 3, 4))
    np.testing.assert_array_equal(found[key(3)], vector(3))
    assert fill(again, range(5)) == 1, "the lost vector can be stored again"
    assert len(EmbeddingCache(tmp_path).get_many("b", [key(i) for i in range(5)])) == 5
    assert data.stat().st_size == HEADER.size + 5 * 4 * 8


def test_an_index_cut_mid_entry_and_rows_without_entries_are_ignored(tmp_path):
    fill(EmbeddingCache(tmp_path), range(4))
    index = tmp_path / "b" / "vectors-00001.idx"
    os.truncate(index, 2 * ENTRY.itemsize + 5)  # entries 2 and 3 lost, a torn entry left
    cache = EmbeddingCache(tmp_path)
    assert sorted(cache.get_many("b", [key(i) for i in range(4)])) == sorted([key(0), key(1)])
    assert cache.count("b") == 2
    assert fill(cache, range(2, 4)) == 2
    found = EmbeddingCache(tmp_path).get_many("b", [key(i) for i in range(4)])
    for i in range(4):
        np.testing.assert_array_equal(found[key(i)], vector(i))


def test_a_damaged_row_is_not_returned(tmp_path):
    fill(EmbeddingCache(tmp_path), range(3))
    data = tmp_path / "b" / "vectors-00001.f32"
    raw = bytearray(data.read_bytes())
    raw[HEADER.size + 4 * 8 + 3] ^= 0xFF  # a byte of row 1
    data.write_bytes(bytes(raw))
    found = EmbeddingCache(tmp_path).get_many("b", [key(i) for i in range(3)])
    assert sorted(found) == sorted([key(0), key(2)])


def test_a_file_of_another_kind_or_dimension_is_refused(tmp_path):
    cache = EmbeddingCache(tmp_path)
    fill(cache, range(2))
    with pytest.raises(StoreFormatError):
        fill(cache, range(2, 4), dim=4)
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "vectors-00001.f32").write_bytes(b"not a vector file at all")
    (tmp_path / "c" / "vectors-00001.idx").write_bytes(b"")
    with pytest.raises(StoreFormatError):
        EmbeddingCache(tmp_path).get("c", key(0))


def test_the_one_file_per_vector_layout_is_imported_and_removed(tmp_path):
    old = tmp_path / "b"
    for i in range(3):
        path = old / key(i)[:2] / f"{key(i)}.npy"
        path.parent.mkdir(parents=True, exist_ok=True)
        np.save(path, vector(i))
    cache = EmbeddingCache(tmp_path)
    found = cache.get_many("b", [key(i) for i in range(3)])
    np.testing.assert_array_equal(found[key(2)], vector(2))
    assert not list(old.rglob("*.npy"))
    assert sorted(p.name for p in old.iterdir()) == [
        ".lock",
        "vectors-00001.f32",
        "vectors-00001.idx",
    ]


def test_a_reader_sees_what_another_writer_appended_later(tmp_path):
    reader = EmbeddingCache(tmp_path)
    fill(EmbeddingCache(tmp_path), range(2))
    assert reader.count("b") == 2
    fill(EmbeddingCache(tmp_path), range(2, 6))
    assert reader.count("b") == 6
    np.testing.assert_array_equal(reader.get("b", key(5)), vector(5))


def _writer(folder: str, first: int, last: int) -> None:
    cache = EmbeddingCache(folder)
    for start in range(first, last, 7):
        ids = range(start, min(start + 7, last))
        cache.put_many("b", [key(i) for i in ids], np.stack([vector(i) for i in ids]))


def test_concurrent_writers_store_each_text_once(tmp_path):
    ctx = get_context("spawn")
    procs = [ctx.Process(target=_writer, args=(str(tmp_path), a, a + 300)) for a in (0, 150, 200)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
        assert p.exitcode == 0
    cache = EmbeddingCache(tmp_path)
    assert cache.count("b") == 500
    found = cache.get_many("b", [key(i) for i in range(500)])
    assert len(found) == 500
    np.testing.assert_array_equal(found[key(321)], vector(321))
    size = (tmp_path / "b" / "vectors-00001.f32").stat().st_size
    assert size == HEADER.size + 500 * 4 * 8, "no text was stored twice"


def test_a_writer_killed_while_appending_leaves_a_readable_store(tmp_path):
    script = textwrap.dedent(
        f"""
        import sys
        sys.path.insert(0, {str(ROOT)!r}); sys.path.insert(0, {str(Path(__file__).parent)!r})
        from test_vectors import fill
        from analytics.topics.vectors import EmbeddingCache
        cache = EmbeddingCache({str(tmp_path)!r})
        print("ready", flush=True)
        for start in range(0, 10**6, 200):
            fill(cache, range(start, start + 200), dim=384)
        """
    )
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE)
    assert proc.stdout is not None and proc.stdout.readline().strip() == b"ready"
    time.sleep(1.5)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    cache = EmbeddingCache(tmp_path)
    stored = cache.count("b")
    assert stored >= 200
    found = cache.get_many("b", [key(i) for i in range(stored + 400)])
    assert sorted(found) == sorted(key(i) for i in range(stored))
    np.testing.assert_array_equal(found[key(stored - 1)], vector(stored - 1, 384))
    assert fill(cache, range(stored, stored + 10), dim=384) == 10
    assert EmbeddingCache(tmp_path).count("b") == stored + 10
