"""Person aliases written by a user: a small CSV that wins over inference.

Each row says that a speaker tagged ``tag`` in the transcripts matching ``where`` is the
person ``name``::

    tag,where,name
    LEMON,CNN Tonight,Don Lemon
    RYAN,msnbc_2018-01-25_beat,Paul Ryan (Common Cause)
    MILLER,msnbc_2018-02-05_*,Matt Miller

``tag`` is the name as written in the speaker tag, without role ("LEMON", "E. TRUMP",
"PAUL RYAN"; case and titles do not matter). ``where`` is a shell-style pattern (``*``,
``?``, ``[...]``; case does not matter) matched against the transcript id (the file name
without its suffix), the file's path and the show; empty or ``*`` means every transcript.
``name`` is the person's full name: speakers given the same name are one person, and a
name no other speaker has makes a person of its own. An optional fourth column
``person`` sets the person id as well. When several rows match a speaker, the first wins.

>>> rows = parse_aliases("tag,where,name\\nLEMON,CNN Tonight,Don Lemon\\n")
>>> rows[0].matches("LEMON", transcript="cnn_2015-04-09_cnnt_01", show="CNN Tonight")
True
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from fnmatch import fnmatchcase
from pathlib import Path

from analytics.errors import PeopleFileError
from analytics.people.naming import canonical

COLUMNS = ("tag", "where", "name")
OPTIONAL = ("person",)


@dataclass(frozen=True, slots=True)
class Alias:
    """One row of an alias file (see the module docstring); ``tag`` is canonical."""

    tag: str
    where: str
    name: str
    person: str | None = None

    def matches(
        self, tag: str, *, transcript: str, show: str | None = None, path: str | None = None
    ) -> bool:
        """Whether this row applies to a speaker tagged ``tag`` in that transcript."""
        if canonical(tag) != self.tag:
            return False
        pattern = self.where.strip().lower()
        if pattern in ("", "*"):
            return True
        fields = [transcript, show or "", path or "", Path(path).name if path else ""]
        return any(fnmatchcase(f.lower(), pattern) for f in fields if f)


def parse_aliases(text: str, source: str = "<aliases>") -> tuple[Alias, ...]:
    """The rows of an alias CSV given as text; raises :class:`PeopleFileError` with the
    line and the reason for a file that is not one."""
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    rows = [(i, row) for i, row in enumerate(reader, start=1) if any(c.strip() for c in row)]
    if not rows:
        raise PeopleFileError(source, "empty alias file (expected a header: tag,where,name)")
    _, header = rows[0]
    names = [h.strip().lower() for h in header]
    missing = [c for c in COLUMNS if c not in names]
    unknown = [c for c in names if c not in COLUMNS + OPTIONAL]
    if missing or unknown:
        raise PeopleFileError(
            source,
            f"line 1: the header must name the columns tag, where, name (and optionally "
            f"person); got {', '.join(names) or 'nothing'}",
        )
    out = []
    for line, row in rows[1:]:
        if len(row) != len(names):
            raise PeopleFileError(
                source, f"line {line}: expected {len(names)} fields, got {len(row)}"
            )
        cell = {n: v.strip() for n, v in zip(names, row, strict=True)}
        tag = canonical(cell["tag"])
        if not tag or not cell["name"]:
            raise PeopleFileError(source, f"line {line}: tag and name must not be empty")
        out.append(Alias(tag, cell["where"], cell["name"], cell.get("person") or None))
    return tuple(out)


def read_aliases(path: str | Path) -> tuple[Alias, ...]:
    """The rows of the alias CSV at ``path`` (UTF-8); see :func:`parse_aliases`."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise PeopleFileError(str(path), f"cannot read the alias file ({exc})") from None
    return parse_aliases(text, str(path))
