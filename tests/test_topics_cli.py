"""``python -m analytics topics``: one sorted JSON object, byte-identical across processes,
working with no network (``unshare -n``), one-line errors for bad input."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from test_topics import write_corpus

ROOT = Path(__file__).resolve().parent.parent


def _run(args: list[str], *, hash_seed: str, cwd: Path, no_network: bool = False):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HF_", "TRANSFORMERS_"))}
    env["PYTHONHASHSEED"] = hash_seed
    env["PYTHONPATH"] = str(ROOT)
    command = [sys.executable, "-m", "analytics", *args]
    if no_network:
        command = [*_no_network_prefix(), *command]
    return subprocess.run(command, capture_output=True, cwd=cwd, env=env, timeout=900)


def _no_network_prefix() -> list[str]:
    """``unshare -n`` (root) or ``unshare -rn`` (user namespace); skips the test when
    neither works here, rather than running it with the network on."""
    if shutil.which("unshare") is None:
        pytest.skip("no unshare command: cannot take the network away")
    reasons = []
    for prefix in (["unshare", "-n"], ["unshare", "-rn"]):
        probe = subprocess.run([*prefix, "true"], capture_output=True, text=True, timeout=30)
        if probe.returncode == 0:
            return prefix
        reasons.append(f"{' '.join(prefix)}: {probe.stderr.strip()}")
    pytest.skip("cannot take the network away here (" + "; ".join(reasons) + ")")


@pytest.mark.slow
def test_two_processes_give_the_same_bytes_and_the_second_has_no_network(tmp_path):
    _no_network_prefix()  # skip at once, with the reason, where the network cannot be cut
    corpus = tmp_path / "corpus"
    write_corpus(corpus, n=3, seed=0)
    args = ["topics", str(corpus), "--seed", "7", "--json", "--backend", "tfidf"]
    first = _run(args, hash_seed="1", cwd=tmp_path)
    assert first.returncode == 0, first.stderr.decode()
    second = _run(args, hash_seed="2", cwd=tmp_path, no_network=True)
    assert second.returncode == 0, second.stderr.decode()
    assert first.stdout == second.stdout
    assert first.stdout.count(b"\n") == 1, "one JSON object on one line"

    record = json.loads(first.stdout)
    assert {"topics", "assignments"} <= set(record)
    ids = [t["id"] for t in record["topics"]]
    assert ids == sorted(ids)
    for topic in record["topics"]:
        assert set(topic) == {"id", "label", "words", "size"}
        assert topic["words"] and all(isinstance(w, str) for w in topic["words"])
    keys = [(a["file"], a["block"]) for a in record["assignments"]]
    assert keys == sorted(keys)
    files = {a["file"] for a in record["assignments"]}
    assert files == {str(p) for p in sorted(corpus.glob("*.txt"))}
    assert {a["topic"] for a in record["assignments"]} <= set(ids) | {-1}
    sizes = {t["id"]: t["size"] for t in record["topics"]}
    assigned = [a["topic"] for a in record["assignments"] if a["topic"] != -1]
    assert all(sizes[t] == assigned.count(t) for t in set(assigned))
    words = {w for t in record["topics"] for w in t["words"]}
    assert not words & {"doe", "roe", "poe", "cnn", "know", "going"}, "names and filler"


@pytest.mark.slow
def test_another_seed_is_allowed_to_differ_but_stays_well_formed(tmp_path):
    corpus = tmp_path / "corpus"
    write_corpus(corpus, n=3, seed=0)
    out = _run(
        ["topics", str(corpus), "--seed", "8", "--json", "--backend", "tfidf"],
        hash_seed="0",
        cwd=tmp_path,
    )
    assert out.returncode == 0, out.stderr.decode()
    assert json.loads(out.stdout)["assignments"]


def test_bad_input_is_one_line_naming_the_file(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    out = _run(["topics", str(empty), "--json", "--backend", "tfidf"], hash_seed="0", cwd=tmp_path)
    assert out.returncode == 2
    lines = out.stderr.decode().strip().splitlines()
    assert lines and all(str(empty) in line for line in lines)
    assert "Traceback" not in out.stderr.decode()
    assert out.stdout == b""
