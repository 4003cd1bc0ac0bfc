"""Which files a command reads: the files named, and transcript files inside folders.

One discovery for every command (``parse``, ``segment``, ``sentiment``, ``topics``, ``run``)
and the Python API, so the same arguments always mean the same files, in the same order,
with the same ``transcript`` ids.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

__all__ = ["SUFFIXES", "collect_inputs", "transcript_ids"]

#: Suffixes of transcript files picked up inside folders (a file named directly is always
#: read, whatever its name).
SUFFIXES = (".txt", ".text", ".html", ".htm")


def collect_inputs(inputs: Sequence[str | Path]) -> list[Path]:
    """Files named, and transcript files inside folders (recursively, sorted); each once.

    >>> [p.name for p in collect_inputs(["data/raw"])]
    ['cnn_2015-11-20_acd.txt']
    """
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


def transcript_ids(paths: Sequence[Path]) -> list[str]:
    """The ``transcript`` id of each path, as every table and JSON record names it: the
    file name without its suffix, with ``_2``, ``_3``... for a name already taken.

    >>> transcript_ids([Path("a/cnn.txt"), Path("b/cnn.txt"), Path("fox.html")])
    ['cnn', 'cnn_2', 'fox']
    """
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
