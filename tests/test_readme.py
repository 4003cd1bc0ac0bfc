"""Every command of the README runs as written, on the sample, in a copy of the repository.

The copy holds the repository's files (with their modification times, so ``make`` sees an
installed environment: ``.venv`` is linked, never rebuilt) and ``path/to/transcripts``, the
folder the README's examples name, holding the sample. The ``sh`` blocks run in order in
that copy with bash; a line marked ``[not run by tests: reason]`` is left out, with its
reason. The README's Python example is the package's own doctest (``analytics/__init__``),
run by tests/test_doctests.py.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

import analytics

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
SKIP = re.compile(r"\[not run by tests: ([^\]]+)\]")
BLOCK = re.compile(r"^```(\w+)\n(.*?)^```", re.MULTILINE | re.DOTALL)


def commands(markdown: str) -> tuple[list[str], list[tuple[str, str]]]:
    """The shell commands of the ``sh`` blocks (continuation lines joined), and the
    commands left out with their reasons."""
    run, left_out = [], []
    for lang, body in BLOCK.findall(markdown):
        if lang != "sh":
            continue
        for command in body.replace("\\\n", " ").splitlines():
            command = command.strip()
            if not command or command.startswith("#"):
                continue
            skip = SKIP.search(command)
            if skip:
                left_out.append((command, skip.group(1).strip()))
            else:
                run.append(command)
    return run, left_out


def test_the_readme_marks_only_slow_or_recursive_commands() -> None:
    run, left_out = commands(README.read_text())
    assert len(run) >= 5, run
    assert [c.split()[:2] for c, _ in left_out] == [
        ["make", "test"],
        ["make", "figures"],
        [".venv/bin/python", "-m"],
    ]
    assert all(reason for _, reason in left_out)


def test_the_readme_python_example_is_the_doctest_of_the_package() -> None:
    (python,) = [body for lang, body in BLOCK.findall(README.read_text()) if lang == "python"]
    doc = analytics.__doc__ or ""
    example = doc[doc.index(">>> ") :].strip()
    assert python.strip() == example


def _copy_repository(target: Path) -> None:
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.decode()
    for name in filter(None, listed.split("\0")):
        source = ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    (target / ".venv").symlink_to((ROOT / ".venv").resolve())
    mine = target / "path" / "to" / "transcripts"
    mine.mkdir(parents=True)
    shutil.copy2(ROOT / "data" / "raw" / "cnn_2015-11-20_acd.txt", mine)


@pytest.mark.slow
def test_every_readme_command_runs_on_the_sample(tmp_path: Path) -> None:
    stamp = ROOT / ".venv" / ".installed"
    if not stamp.is_file():
        pytest.skip("no .venv/.installed: `make setup` has not run here")
    if (ROOT / "pyproject.toml").stat().st_mtime > stamp.stat().st_mtime:
        pytest.skip("pyproject.toml is newer than .venv/.installed: make would reinstall")
    repo = tmp_path / "repo"
    _copy_repository(repo)
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    env.update(PYTHONPATH=str(repo), HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1")
    run, _ = commands(README.read_text())
    outputs = []
    for command in run:
        proc = subprocess.run(
            ["bash", "-euo", "pipefail", "-c", command],
            cwd=repo,
            env=env,
            capture_output=True,
            text=True,
            check=False,
            timeout=1500,
        )
        assert proc.returncode == 0, f"{command}\n{proc.stdout[-2000:]}\n{proc.stderr[-3000:]}"
        assert "Traceback" not in proc.stderr, command
        outputs.append(proc.stdout)
    # make figures rebuilt the committed charts byte for byte
    committed = sorted(p.name for p in (ROOT / "figures").glob("*.png"))
    assert committed
    for name in committed:
        for chart in (name, name.replace(".png", ".svg")):
            assert (repo / "figures" / chart).read_bytes() == (
                ROOT / "figures" / chart
            ).read_bytes(), chart
    # the DuckDB queries printed the words of the sample's network, and its people
    queries = {c: o for c, o in zip(run, outputs, strict=True) if "duckdb" in c}
    (words,) = [o for c, o in queries.items() if "FROM turns" in c]
    assert "CNN" in words and "6325" in words
    (people,) = [o for c, o in queries.items() if "FROM people" in c]
    assert "anderson-cooper" in people and "2255" in people
    assert (repo / "figures" / "mine" / "05_compare_air_time.png").is_file()
