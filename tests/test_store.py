"""Tables on disk: atomic writes, output paths kept inside the folder, parts combined."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from analytics.errors import InputError
from analytics.store import (
    PartCache,
    atomic_path,
    combine_parts,
    safe_child,
    write_duckdb,
    write_parquet,
)


def test_atomic_path_replaces_only_on_success(tmp_path: Path) -> None:
    target = tmp_path / "t.txt"
    target.write_text("old")
    with pytest.raises(RuntimeError), atomic_path(target) as tmp:
        tmp.write_text("half-written")
        raise RuntimeError("killed")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["t.txt"]
    with atomic_path(target) as tmp:
        tmp.write_text("new")
    assert target.read_text() == "new"


@pytest.mark.parametrize("name", ["../evil.parquet", "/etc/passwd", "a/../../b", "", "."])
def test_safe_child_refuses_names_that_leave_the_folder(tmp_path: Path, name: str) -> None:
    with pytest.raises(InputError):
        safe_child(tmp_path, name)


def test_safe_child_accepts_plain_names(tmp_path: Path) -> None:
    assert safe_child(tmp_path, "turns.parquet") == tmp_path.resolve() / "turns.parquet"


def test_combine_parts_prepends_keys_and_unifies_null_columns(tmp_path: Path) -> None:
    a = tmp_path / "a.parquet"
    b = tmp_path / "b.parquet"
    pq.write_table(pa.table({"x": [1, 2], "q": pa.nulls(2)}), a)
    pq.write_table(pa.table({"x": [3], "q": ["voice-over"]}), b)
    out = tmp_path / "all.parquet"
    rows = combine_parts(
        [({"transcript": "A"}, a), ({"transcript": "N"}, None), ({"transcript": "B"}, b)], out
    )
    assert rows == 3
    frame = pd.read_parquet(out)
    assert list(frame.columns) == ["transcript", "x", "q"]
    assert frame["transcript"].tolist() == ["A", "A", "B"]
    assert frame["q"].tolist()[2] == "voice-over"


def test_combine_parts_with_no_parts_writes_an_empty_table_with_the_schema(tmp_path: Path) -> None:
    out = tmp_path / "empty.parquet"
    schema = pa.schema([("block", pa.int64())])
    combine_parts([({"transcript": "A"}, None)], out, schema=schema)
    assert pq.read_table(out).num_rows == 0


def test_part_cache_round_trip_and_missing_key(tmp_path: Path) -> None:
    cache = PartCache(tmp_path)
    key = PartCache.key("abc", "f.txt", {"s": 1}, "code")
    assert key != PartCache.key("abc", "g.txt", {"s": 1}, "code")
    assert key != PartCache.key("abc", "f.txt", {"s": 2}, "code")
    assert cache.meta(key) is None
    cache.save(key, {"status": "ok"}, {"turns": pd.DataFrame({"turn": [0, 1]})})
    assert cache.meta(key) == {"status": "ok"}
    assert cache.read(key, "turns").to_pandas()["turn"].tolist() == [0, 1]
    assert cache.part(key, "blocks") is None
    assert not [p for p in cache.folder(key).parent.iterdir() if p.name.startswith(".")]


def test_duckdb_views_read_the_parquet_files(tmp_path: Path) -> None:
    import duckdb

    write_parquet(pd.DataFrame({"a": [1, 2, 3]}), tmp_path / "nums.parquet")
    db = write_duckdb(tmp_path, ["nums"])
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT sum(a) FROM nums").fetchone()[0] == 6
    con.close()


def test_load_tables_reads_every_table_by_name(tmp_path):
    import pandas as pd

    from analytics.store import load_tables, write_parquet

    write_parquet(
        pd.DataFrame({"transcript": ["a"], "words": [3]}), tmp_path / "transcripts.parquet"
    )
    write_parquet(pd.DataFrame({"transcript": ["a"], "block": [0]}), tmp_path / "blocks.parquet")
    tables = load_tables(tmp_path)
    assert sorted(tables) == ["blocks", "transcripts"]
    assert tables["transcripts"]["words"].tolist() == [3]


def test_load_tables_without_tables_names_the_command(tmp_path):
    from analytics.errors import InputError
    from analytics.store import load_tables

    with pytest.raises(InputError, match="analytics run"):
        load_tables(tmp_path)
