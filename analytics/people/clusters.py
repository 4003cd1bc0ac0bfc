"""People from names: spellings of one name joined, namesakes split off.

:func:`build_clusters` is step 2 of :class:`analytics.people.PersonResolver` (see
:mod:`analytics.people.resolve`): appearances with a name (a full-name tag, an alias, or
the full name their transcript gives a short tag) grouped into people, as
:class:`Clusters`.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from analytics.names import word_set
from analytics.people.clues import Appearance
from analytics.people.naming import (
    close_spelling,
    first_name,
    is_full,
    is_initial,
    loose_key,
    middle_dropped,
    parts,
    person_key,
    same_given,
    short_matches,
    surname_forms,
)
from analytics.roles import has_party, is_former
from analytics.speakers import title_case

Ident = tuple[str, str]  # (transcript, speaker key)

_NETWORK_FAMILIES = (
    ("CNN", re.compile(r"\b(?:CNN|HLN)\b")),
    ("NBC", re.compile(r"\b(?:MSNBC|NBC|CNBC)\b")),
    ("FOX", re.compile(r"\bFOX\b|\bFNC\b|\bFBN\b")),
    ("NPR", re.compile(r"\bNPR\b")),
    ("ABC", re.compile(r"\bABC\b")),
    ("CBS", re.compile(r"\bCBS\b")),
)
#: Words of a role that may describe the politician's own office: such a role is no
#: sign of a namesake ("HOUSE INTELLIGENCE COMMITTEE CHAIRMAN" beside "R-CALIF.").
OFFICE_WORDS = word_set(
    """HOUSE SENATE CONGRESS CONGRESSIONAL COMMITTEE CHAIRMAN CHAIRWOMAN SPEAKER LEADER WHIP
    GOVERNOR MAYOR SECRETARY ADMINISTRATION SENATOR REPRESENTATIVE CONGRESSMAN
    CONGRESSWOMAN REPUBLICAN REPUBLICANS DEMOCRAT DEMOCRATIC DEMOCRATS GOP CANDIDATE
    NOMINEE CAUCUS"""
)


@dataclass(frozen=True, slots=True)
class Named:
    """The name an appearance has, and how it got it."""

    name: str  # canonical key of the person's name
    surface: str  # the name as written ("" when the cluster's own name is to be used)
    evidence: str


def network_families(network: str | None, role: str | None = None) -> frozenset[str]:
    """Network families of a transcript's network and of networks named in a role.

    >>> sorted(network_families("Fox News", "MSNBC HOST"))
    ['FOX', 'NBC']
    """
    text = f"{network or ''} {role or ''}".upper()
    return frozenset(name for name, pattern in _NETWORK_FAMILIES if pattern.search(text))


def date_gap(a: date | None, b: date | None) -> int | None:
    """Days between two air dates, or ``None`` when one is unknown."""
    if a is None or b is None:
        return None
    return abs((a - b).days)


class UnionFind:
    """Disjoint sets of strings; the root of a set is its smallest member."""

    def __init__(self, items: Iterable[str] = ()) -> None:
        self.parent = {i: i for i in items}

    def find(self, x: str) -> str:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            lo, hi = sorted((ra, rb))
            self.parent[hi] = lo


def build_clusters(
    named: dict[Ident, Named],
    pinned: dict[Ident, str],
    by_ident: dict[Ident, Appearance],
    *,
    conflict_days: int,
) -> Clusters:
    """People from the appearances that have a name (``named``): names that are spellings
    of one name joined, namesakes split off (see :mod:`analytics.people.resolve`, step 2);
    ``pinned`` appearances (an alias that sets the id) are a person of their own."""
    names = sorted({v.name for k, v in named.items() if k not in pinned})
    uf = UnionFind(names)
    apps_of: dict[str, list[Appearance]] = defaultdict(list)
    for ident, v in sorted(named.items()):
        if ident not in pinned:
            apps_of[v.name].append(by_ident[ident])

    # hyphens, apostrophes and periods aside
    by_loose: dict[str, list[str]] = defaultdict(list)
    for n in names:
        by_loose[loose_key(n)].append(n)
    for group in by_loose.values():
        for n in group[1:]:
            uf.union(group[0], n)

    # middle names dropped, when only one middle fits the reduction
    by_reduction: dict[str, list[str]] = defaultdict(list)
    for n in names:
        if is_full(n):
            by_reduction[loose_key(middle_dropped(n))].append(n)
    for _reduced, group in sorted(by_reduction.items()):
        middles = {tuple(loose_key(g) for g in parts(n).given[1:]) for n in group} - {()}
        if len(group) > 1 and len(middles) <= 1:
            for n in group[1:]:
                uf.union(group[0], n)

    # a two-word name that ends exactly one three-word name ("PATON WALSH")
    tails: dict[str, set[str]] = defaultdict(set)
    for n in names:
        p = parts(n)
        if len(p.given) == 2 and not p.suffix and not any(is_initial(g) for g in p.given):
            tails[f"{p.given[1]} {p.surname}".replace("-", " ")].add(n)
    for n in names:
        p = parts(n)
        if len(p.given) == 1 and not p.suffix:
            longer = tails.get(f"{p.given[0]} {p.surname}".replace("-", " "), set())
            if longer and len({uf.find(x) for x in longer}) == 1:
                uf.union(n, min(longer))

    # nicknames and one-letter slips, seen on the same network
    def families(n: str) -> frozenset[str]:
        out: set[str] = set()
        for a in apps_of.get(n, ()):
            out |= network_families(a.network, a.role)
        return frozenset(out)

    full_names = [n for n in names if is_full(n)]
    by_surname: dict[str, list[str]] = defaultdict(list)
    by_first: dict[str, list[str]] = defaultdict(list)
    for n in full_names:
        by_surname[parts(n).surname].append(n)
        by_first[first_name(n)].append(n)
    pairs: set[tuple[str, str]] = set()
    for group in by_surname.values():
        for i, x in enumerate(group):
            for y in group[i + 1 :]:
                fx, fy = first_name(x), first_name(y)
                if parts(x).suffix == parts(y).suffix and (
                    (fx != fy and same_given(fx, fy)) or close_spelling(fx, fy)
                ):
                    pairs.add((x, y))
    for group in by_first.values():
        for i, x in enumerate(group):
            for y in group[i + 1 :]:
                if parts(x).suffix == parts(y).suffix and close_spelling(
                    parts(x).surname, parts(y).surname
                ):
                    pairs.add((x, y))
    for x, y in sorted(pairs):
        if uf.find(x) == uf.find(y):
            continue
        if families(x) & families(y) and _unique_variant(x, y, full_names, uf):
            uf.union(x, y)

    clusters = Clusters()
    members: dict[str, list[Ident]] = defaultdict(list)
    for ident, v in sorted(named.items()):
        root = pinned.get(ident)
        members["=" + root if root else uf.find(v.name)].append(ident)
    for root, idents in sorted(members.items()):
        pinned_id = root if root.startswith("=") else None
        subs = [idents] if pinned_id else _split_namesakes(idents, by_ident, named, conflict_days)
        for sub in subs:
            clusters.add(pinned_id, sub, named)
    return clusters


def _unique_variant(x: str, y: str, names: Sequence[str], uf: UnionFind) -> bool:
    """Whether no third person also fits as a variant of both (then neither link)."""
    rx, ry = uf.find(x), uf.find(y)
    for z in names:
        rz = uf.find(z)
        if rz in (rx, ry) or parts(z).surname not in (parts(x).surname, parts(y).surname):
            continue
        fz = first_name(z)
        if same_given(fz, first_name(x)) and same_given(fz, first_name(y)):
            return False
    return True


def _split_namesakes(
    idents: list[Ident],
    by_ident: dict[Ident, Appearance],
    named: dict[Ident, Named],
    conflict_days: int,
) -> list[list[Ident]]:
    """One cluster, or the cluster and the namesakes split off it: someone with a
    current role of another kind (no party, nothing past, no word of a political
    office) at the time a serving politician holds the name."""

    def tagged(i: Ident) -> bool:
        return named[i].evidence == "tag"

    politicians = [
        by_ident[i]
        for i in idents
        if tagged(i) and has_party(by_ident[i].role) and not is_former(by_ident[i].role)
    ]
    if not politicians:
        return [idents]
    apart = []
    for i in idents:
        a = by_ident[i]
        if not tagged(i) or not a.role or has_party(a.role) or is_former(a.role):
            continue
        role_words = set(re.findall(r"[A-Z]+", a.role.upper()))
        if a.kind == "newsmaker" or "THEN" in role_words or role_words & OFFICE_WORDS:
            continue
        gaps = [date_gap(a.air_date, p.air_date) for p in politicians]
        if any(g is not None and g <= conflict_days for g in gaps):
            apart.append(i)
    if not apart:
        return [idents]
    moved = {i[0] for i in apart}
    stay = [i for i in idents if i not in apart and (tagged(i) or i[0] not in moved)]
    go = [i for i in idents if i not in apart and not tagged(i) and i[0] in moved]
    return [stay, sorted(apart + go)]


class Clusters:
    """People found so far: cluster id -> member appearances and the name keys they use."""

    def __init__(self) -> None:
        self.members: dict[str, list[Ident]] = {}
        self.names: dict[str, set[str]] = {}
        self.member_of: dict[Ident, str] = {}
        self.key_name: dict[str, str] = {}
        self._by_surname: dict[str, set[str]] = defaultdict(set)

    def add(self, pinned: str | None, idents: list[Ident], named: dict[Ident, Named]) -> None:
        """A cluster of ``idents``; ``pinned`` ("=id") when an alias gave its id."""
        if not idents:
            return
        first = min(idents)
        cid = pinned or f"{named[first].name}#{first[0]}#{first[1]}"
        self.members[cid] = list(idents)
        for i in idents:
            self.member_of[i] = cid
        self.names[cid] = {named[i].name for i in idents}
        counts = Counter(named[i].name for i in idents)
        self.key_name[cid] = min(counts, key=lambda n: (-counts[n], n))
        for n in self.names[cid]:
            if is_full(n):
                self._by_surname[parts(n).surname.replace("-", " ")].add(cid)
                for form in surname_forms(n):
                    self._by_surname[form].add(cid)

    def join(self, ident: Ident, cid: str) -> None:
        """Add one more appearance to a cluster."""
        self.members[cid].append(ident)
        self.member_of[ident] = cid

    def matching(self, short: str) -> list[str]:
        """Clusters one of whose names the short key can stand for, sorted."""
        short = person_key(short)
        surname = parts(short).surname.replace("-", " ")
        return sorted(
            cid
            for cid in self._by_surname.get(surname, ())
            if any(short_matches(short, n) for n in self.names[cid])
        )

    def display(
        self, cid: str, by_ident: dict[Ident, Appearance], named: dict[Ident, Named]
    ) -> str:
        """The name shown for a cluster: of its aliases, else of its tags, else of the
        names said in the text, the most frequent (then the first in sort order)."""
        idents = self.members[cid]
        candidates = (
            [named[i].surface for i in idents if named[i].evidence == "alias"],
            [_performer(by_ident[i].name) for i in idents if named[i].evidence == "tag"],
            [named[i].surface for i in idents if named[i].surface],
        )
        for names in candidates:
            if names:
                counts = Counter(names)
                best = min(counts, key=lambda n: (-counts[n], n))
                return _title(best)
        return _title(self.key_name[cid])


def _performer(name: str) -> str:
    """The performer's part of a displayed name ("Alex Moffat As Joe Scarborough")."""
    return re.split(r"\s+as\s+", name, maxsplit=1, flags=re.IGNORECASE)[0]


def _title(name: str) -> str:
    """A name as shown: as written, unless written in capitals."""
    return title_case(name.upper()) if name.isupper() or not name else name
