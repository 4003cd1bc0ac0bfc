"""The Dask engine: a LocalCluster gives the same tables, byte for byte, as the local engine,
with worker threads in this process and with worker processes."""

from __future__ import annotations

import hashlib
import socket
from pathlib import Path

import pytest
from pipeline_fixtures import write_corpus

from analytics.pipeline import TABLES, RunOptions, run


def _loopback_works() -> bool:
    """Whether a TCP connection to 127.0.0.1 can be made (worker processes talk over it;
    a network namespace without one, as under ``unshare -n``, has none)."""
    try:
        with socket.create_server(("127.0.0.1", 0)) as server:
            socket.create_connection(server.getsockname()[:2], timeout=2).close()
            return True
    except OSError:
        return False


def _digests(folder: Path) -> dict[str, str]:
    return {t: hashlib.sha256((folder / f"{t}.parquet").read_bytes()).hexdigest() for t in TABLES}


@pytest.mark.parametrize(
    ("workers", "cluster_options"),
    [
        (1, {"processes": False}),
        (2, {"processes": False}),
        (2, {"processes": True, "n_workers": 2, "threads_per_worker": 1}),
    ],
    ids=["1-thread", "2-threads", "2-processes"],
)
def test_dask_local_cluster_tables_equal_local_tables(
    tmp_path: Path, workers: int, cluster_options: dict[str, object]
) -> None:
    if cluster_options["processes"] and not _loopback_works():
        pytest.skip("Dask worker processes talk over TCP on 127.0.0.1: no loopback network here")
    inputs = tmp_path / "in"
    write_corpus(inputs, 4)
    (inputs / "broken.txt").write_bytes(b"\x00\x01\x02" * 100)
    local = run([inputs], tmp_path / "local", RunOptions(workers=1, topics=False, progress=False))
    dask = run(
        [inputs],
        tmp_path / "dask",
        RunOptions(
            engine="dask",
            workers=workers,
            topics=False,
            progress=False,
            cluster_options=cluster_options,
        ),
    )
    assert dask.computed == 5
    assert _digests(tmp_path / "dask") == _digests(tmp_path / "local")
    columns = ["path", "status", "reason", "format", "encoding"]
    assert dask.manifest[columns].equals(local.manifest[columns])
    assert (dask.manifest["status"] == "ok").sum() == 4
