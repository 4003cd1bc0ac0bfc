"""The fixed split of the person checks (benchmarks/gold/people.json) into halves.

A check's half depends only on its kind and the (file, tag) of its sides, never on its
order in the file or on anything the package predicts:
``sha256("kind|file::tag|file::tag")`` (sides sorted, so a pair read either way lands in
the same half); an even first byte puts it in the development half, an odd one in the
held-out half. Decided before any result was looked at.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import Literal

Half = Literal["dev", "heldout"]


def check_key(check: Mapping[str, object]) -> str:
    """The text hashed to place a check: kind, then its sides as ``file::tag``, sorted."""
    sides = []
    for side in ("a", "b"):
        part = check.get(side)
        if isinstance(part, Mapping):
            sides.append(f"{part['file']}::{part['tag']}")
    return "|".join([str(check["kind"]), *sorted(sides)])


def half(check: Mapping[str, object]) -> Half:
    """``"dev"`` or ``"heldout"`` for one check."""
    digest = hashlib.sha256(check_key(check).encode("utf-8")).digest()
    return "dev" if digest[0] % 2 == 0 else "heldout"
