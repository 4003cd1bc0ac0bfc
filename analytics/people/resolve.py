"""One person, one name across a corpus: :class:`PersonResolver`.

Speakers are resolved inside each transcript by :func:`analytics.speakers.resolve_tags`
("COOPER" after "ANDERSON COOPER"); this step links them across transcripts and gives
every (transcript, speaker) a ``person`` id and a ``person_name``. It reads
:class:`~analytics.people.clues.Appearance` records (one per speaker of each transcript) and
decides as a careful reader would, in this order:

1. **Aliases** written by the user (:mod:`analytics.people.aliases`) win.
2. **Full names** ("DON LEMON") are one person across transcripts. Spellings of one name
   are joined: hyphens, apostrophes and periods aside ("SARAH HUCKABEE-SANDERS"); middle
   names dropped when only one person fits ("DONALD J. TRUMP", "SARAH HUCKABEE SANDERS"
   and "SARAH SANDERS"; never "GEORGE BUSH" between two Georges); the last two words of
   one three-word name ("PATON WALSH"); and, when both are seen on the same network, a nickname
   ("BOB"/"ROBERT BAUER") or a one-letter slip ("NICK AKERMAN"/"NICK ACKERMAN").
   **Namesakes** stay apart: one full name held at the same time (within
   ``conflict_days``) by a serving politician (a party tag such as "R-WIS.") and by
   someone with another current role ("COMMON CAUSE") is two people.
3. **Short tags** ("LEMON", "E. TRUMP") take the full name their own transcript gives
   them (:mod:`analytics.people.local`: said by the speaker of themselves, said when they
   are introduced or addressed, the show's title, the only matching name said, a
   speaker of the transcript whose name is a slip away). An initial must agree with the
   first name, and a name another speaker of the transcript is known to be is ruled out.
4. Short tags still open, in this order:
   **the same words**: a turn of ten words or more spoken word for word by a speaker
   with that name in another transcript (a sound bite played twice);
   **the same show**: the one person with that surname seen in other transcripts of the
   show within ``period_days``, when that person hosts the show and the speaker hosts
   this one, or appears in at least two other transcripts of it;
   **the network's staff**: nobody in the transcript is named so, and the only person
   with that surname in the whole run is an anchor or correspondent of the transcript's
   network ("BERMAN" handing over to the next show on CNN).
5. Otherwise the short tag is **not merged**: it stays a person of its own in its
   transcript (id ``surname@transcript``), and the case is listed in
   :attr:`PersonResolver.ambiguous_` with the candidates it had. A wrong merge is worse
   than a missed one.

Ids are derived from the name ("don-lemon"); namesakes but the one seen in most
transcripts, and speakers left unresolved or unnamed, carry ``@`` and the transcript id
of their first appearance. Labels that name no person ("REPORTER", "NARRATOR", "QUESTION") are
unnamed voices, like "UNIDENTIFIED MALE". The result depends on the set of appearances,
not on their order.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

import pandas as pd

from analytics.people.aliases import Alias
from analytics.people.clues import Appearance
from analytics.people.clusters import (
    Clusters,
    Ident,
    Named,
    UnionFind,
    build_clusters,
    date_gap,
    network_families,
)
from analytics.people.local import Local, decide
from analytics.people.naming import (
    canonical,
    is_full,
    is_label,
    is_short,
    person_key,
    person_slug,
    short_matches,
)
from analytics.speakers import is_unnamed

#: How a speaker's person was decided (the ``person_evidence`` column), strongest first.
EVIDENCE = (
    "alias",
    "tag",
    "self",
    "intro",
    "address",
    "title",
    "said",
    "slip",
    "typo",
    "quote",
    "show",
    "network",
    "unresolved",
    "unnamed",
)
#: Evidence values of short tags linked to a full name.
MERGED = EVIDENCE[2:12]

ASSIGNMENT_COLUMNS = (
    "transcript",
    "speaker_key",
    "speaker",
    "person",
    "person_name",
    "person_evidence",
)
PEOPLE_COLUMNS = (
    "person",
    "name",
    "status",
    "aliases",
    "networks",
    "shows",
    "roles",
    "kinds",
    "first_air_date",
    "last_air_date",
    "transcripts",
    "turns",
    "words",
)
AMBIGUOUS_COLUMNS = ("transcript", "speaker_key", "speaker", "words", "reason", "candidates")

_STAFF_KINDS = frozenset({"anchor", "correspondent"})


@dataclass(frozen=True, slots=True)
class Assignment:
    """The person of one (transcript, speaker): id, full name and the evidence used."""

    transcript: str
    key: str
    person: str
    person_name: str
    evidence: str


@dataclass(frozen=True, slots=True)
class Ambiguity:
    """A short tag left unmerged: why, and the full names it could have been."""

    transcript: str
    key: str
    speaker: str
    words: int
    reason: str
    candidates: tuple[str, ...]


class PersonResolver:
    """Link speakers across transcripts into people (see the module docstring).

    Parameters: ``aliases`` (rows of an alias file, which win), ``period_days`` (how far
    apart in time other transcripts of a show count for a short tag) and
    ``conflict_days`` (how close in time a politician and a namesake with another role
    must be to be told apart).

    After :meth:`fit`: ``assignments_`` (one :class:`Assignment` per appearance, keyed by
    (transcript, speaker key)), ``ambiguous_`` (the :class:`Ambiguity` cases, most words
    first), ``merges_`` (short tags linked to a full name, counted by evidence) and
    ``appearances_`` (the input, sorted).

    >>> from analytics.people.clues import Appearance, Clue
    >>> a = Appearance("t1", "DON LEMON", "Don Lemon", "CNN ANCHOR", "anchor", "CNN",
    ...                "CNN Tonight", None, 3, 30, ("DON LEMON",))
    >>> b = Appearance("t2", "LEMON", "Lemon", None, "anchor", "CNN", "CNN Tonight", None,
    ...                2, 20, ("LEMON",), (Clue("DON LEMON", "Don Lemon", "self", 1),))
    >>> r = PersonResolver().fit([b, a])
    >>> r.assignments_["t2", "LEMON"].person, r.assignments_["t2", "LEMON"].person_name
    ('don-lemon', 'Don Lemon')
    """

    def __init__(
        self,
        aliases: Sequence[Alias] = (),
        *,
        period_days: int = 400,
        conflict_days: int = 90,
    ) -> None:
        self.aliases = aliases
        self.period_days = period_days
        self.conflict_days = conflict_days

    # -- fitting ---------------------------------------------------------------------

    def fit(self, appearances: Iterable[Appearance]) -> PersonResolver:
        """Resolve every appearance; returns ``self``."""
        if self.period_days < 0 or self.conflict_days < 0:
            raise ValueError("period_days and conflict_days must be >= 0")
        apps = sorted(appearances, key=lambda a: (a.transcript, a.key))
        by_ident: dict[Ident, Appearance] = {}
        for a in apps:
            if (a.transcript, a.key) in by_ident:
                raise ValueError(f"appearance {a.transcript!r}, {a.key!r} given twice")
            by_ident[(a.transcript, a.key)] = a
        self.appearances_ = tuple(apps)
        in_transcript: dict[str, list[Appearance]] = defaultdict(list)
        for a in apps:
            in_transcript[a.transcript].append(a)

        # steps 1-2: aliases and full names
        named: dict[Ident, Named] = {}
        pinned: dict[Ident, str] = {}
        unnamed: set[Ident] = set()
        shorts: list[Appearance] = []
        for a in apps:
            ident = (a.transcript, a.key)
            key = person_key(a.key)
            alias = self._alias(a)
            if alias is not None:
                named[ident] = Named(canonical(alias.name), alias.name, "alias")
                if alias.person:
                    pinned[ident] = alias.person
            elif not key or is_unnamed(a.key) or is_label(key):
                unnamed.add(ident)
            elif is_full(key):
                named[ident] = Named(key, a.name, "tag")
            elif is_short(key):
                shorts.append(a)
            else:
                unnamed.add(ident)

        # step 3: what each transcript says, then again without the names others have
        local: dict[Ident, Local] = {(a.transcript, a.key): decide(a.clues) for a in shorts}
        for a in shorts:
            ident = (a.transcript, a.key)
            if local[ident].name is None:
                taken = {
                    n.name
                    for b in in_transcript[a.transcript]
                    if b.key != a.key and (n := self._known(b, named, local)) is not None
                }
                if taken:
                    local[ident] = decide(a.clues, exclude=taken)
        follows: dict[Ident, Ident] = {}
        for a in shorts:
            ident = (a.transcript, a.key)
            d = local[ident]
            if d.name is None:
                continue
            if d.rule == "typo" and not is_full(d.name):
                target = next(
                    (b for b in in_transcript[a.transcript] if person_key(b.key) == d.name), None
                )
                if target is not None:
                    follows[ident] = (target.transcript, target.key)
                continue
            named[ident] = Named(d.name, d.surface or "", d.rule)
        for ident, target in sorted(follows.items()):
            if target in named:
                named[ident] = Named(named[target].name, named[target].surface, "typo")

        clusters = build_clusters(named, pinned, by_ident, conflict_days=self.conflict_days)

        # step 4: the same words, the same show, the network's staff
        open_shorts = [a for a in shorts if (a.transcript, a.key) not in named]
        decided: dict[Ident, tuple[str, str]] = {}
        quotes = self._quote_index(named, by_ident)
        for a in open_shorts:
            ident = (a.transcript, a.key)
            for rule, cid in (
                ("quote", self._same_words(a, quotes, clusters)),
                ("show", self._same_show(a, clusters, by_ident)),
                ("network", self._network_staff(a, local.get(ident), clusters, by_ident)),
            ):
                if cid is not None:
                    decided[ident] = (rule, cid)
                    break
        for ident, (rule, cid) in sorted(decided.items()):
            named[ident] = Named(clusters.key_name[cid], "", rule)
            clusters.join(ident, cid)
        for ident, target in sorted(follows.items()):
            if ident not in named and target in named:
                named[ident] = Named(named[target].name, "", "typo")
                clusters.join(ident, clusters.member_of[target])

        self._finish(apps, named, local, unnamed, follows, clusters)
        return self

    def _alias(self, a: Appearance) -> Alias | None:
        tags = set(a.tags) | {canonical(a.key)}
        for alias in self.aliases:
            if any(alias.matches(t, transcript=a.transcript, show=a.show) for t in tags):
                return alias
        return None

    @staticmethod
    def _known(b: Appearance, named: dict[Ident, Named], local: dict[Ident, Local]) -> Named | None:
        ident = (b.transcript, b.key)
        if ident in named:
            return named[ident]
        d = local.get(ident)
        if d is not None and d.name is not None and is_full(d.name):
            return Named(d.name, d.surface or "", d.rule)
        return None

    # -- step 4 ------------------------------------------------------------------------

    @staticmethod
    def _quote_index(
        named: dict[Ident, Named], by_ident: dict[Ident, Appearance]
    ) -> dict[str, set[Ident]]:
        index: dict[str, set[Ident]] = defaultdict(set)
        for ident in named:
            for q in by_ident[ident].quotes:
                index[q].add(ident)
        return index

    @staticmethod
    def _same_words(a: Appearance, quotes: dict[str, set[Ident]], clusters: Clusters) -> str | None:
        found = set()
        for q in a.quotes:
            for ident in quotes.get(q, ()):
                if ident[0] == a.transcript:
                    continue
                cid = clusters.member_of.get(ident)
                if cid is not None and any(
                    short_matches(person_key(a.key), n) for n in clusters.names[cid]
                ):
                    found.add(cid)
        return next(iter(found)) if len(found) == 1 else None

    def _same_show(
        self, a: Appearance, clusters: Clusters, by_ident: dict[Ident, Appearance]
    ) -> str | None:
        """The cluster a short tag still open takes from other transcripts of its show."""
        if not a.show:
            return None
        found: dict[str, set[str]] = defaultdict(set)  # cluster -> other transcripts
        hosted: set[str] = set()
        for cid in clusters.matching(a.key):
            for ident in clusters.members[cid]:
                b = by_ident[ident]
                if b.show != a.show or b.transcript == a.transcript:
                    continue
                gap = date_gap(a.air_date, b.air_date)
                if gap is not None and gap > self.period_days:
                    continue
                found[cid].add(b.transcript)
                if b.kind == "anchor":
                    hosted.add(cid)
        if len(found) != 1:
            return None
        cid = next(iter(found))
        if (a.kind == "anchor" and cid in hosted) or len(found[cid]) >= 2:
            return cid
        return None

    @staticmethod
    def _network_staff(
        a: Appearance,
        decision: Local | None,
        clusters: Clusters,
        by_ident: dict[Ident, Appearance],
    ) -> str | None:
        """The only person of the run the short tag can name, when nothing in its
        transcript names anyone so and that person is staff of the transcript's network."""
        if decision is None or decision.candidates:
            return None
        cids = clusters.matching(a.key)
        if len(cids) != 1:
            return None
        here = network_families(a.network)
        cid = cids[0]
        for ident in clusters.members[cid]:
            b = by_ident[ident]
            staff_here = b.kind in _STAFF_KINDS and network_families(b.network, b.role) & here
            if staff_here and (not b.role or network_families(None, b.role) <= here):
                return cid
        return None

    # -- outputs -----------------------------------------------------------------------

    def _finish(
        self,
        apps: Sequence[Appearance],
        named: dict[Ident, Named],
        local: dict[Ident, Local],
        unnamed: set[Ident],
        follows: dict[Ident, Ident],
        clusters: Clusters,
    ) -> None:
        by_ident = {(a.transcript, a.key): a for a in apps}
        first_seen = {
            cid: min(
                (by_ident[i].air_date or date.max, by_ident[i].transcript, by_ident[i].key)
                for i in idents
            )
            for cid, idents in clusters.members.items()
        }
        display = {cid: clusters.display(cid, by_ident, named) for cid in first_seen}
        ids: dict[str, str] = {}
        by_slug: dict[str, list[str]] = defaultdict(list)
        for cid in first_seen:
            if cid.startswith("="):
                ids[cid] = cid[1:]
            else:
                by_slug[person_slug(display[cid])].append(cid)
        for slug, cids in by_slug.items():
            seen_in = {c: len({t for t, _ in clusters.members[c]}) for c in cids}
            for n, cid in enumerate(sorted(cids, key=lambda c: (-seen_in[c], first_seen[c]))):
                ids[cid] = slug if n == 0 else f"{slug}@{first_seen[cid][1]}"

        out: dict[Ident, Assignment] = {}
        for ident, cid in clusters.member_of.items():
            out[ident] = Assignment(*ident, ids[cid], display[cid], named[ident].evidence)
        # tags that are slips of each other and of no full name: one person, named after
        # the one who speaks most
        slips = UnionFind()
        for ident, target in sorted(follows.items()):
            if ident not in out and target not in out:
                slips.union("\t".join(ident), "\t".join(target))
        groups: dict[str, list[Ident]] = defaultdict(list)
        for x in list(slips.parent):
            groups[slips.find(x)].append(tuple(x.split("\t", 1)))  # type: ignore[arg-type]
        root_of: dict[Ident, Ident] = {}
        for members in groups.values():
            root = max(members, key=lambda i: (by_ident[i].words, i))
            for i in members:
                root_of[i] = root
        ambiguous: list[Ambiguity] = []
        for a in apps:
            ident = (a.transcript, a.key)
            if ident in out:
                continue
            root = root_of.get(ident, ident)
            person = f"{person_slug(by_ident[root].name)}@{a.transcript}"
            if ident in unnamed:
                out[ident] = Assignment(a.transcript, a.key, person, a.name, "unnamed")
                continue
            out[ident] = Assignment(a.transcript, a.key, person, by_ident[root].name, "unresolved")
            decision = local.get(ident)
            cands = list(decision.candidates) if decision else []
            elsewhere = sorted({display[c] for c in clusters.matching(a.key)} - set(cands))
            ambiguous.append(
                Ambiguity(
                    a.transcript,
                    a.key,
                    a.name,
                    a.words,
                    (
                        f"a slip of {by_ident[root].name}, which no full name fits"
                        if root != ident
                        else decision.rule
                        if decision
                        else "not a name"
                    ),
                    tuple(sorted(cands)) + tuple(f"{d} (elsewhere)" for d in elsewhere),
                )
            )
        self.assignments_ = out
        self.ambiguous_ = tuple(sorted(ambiguous, key=lambda x: (-x.words, x.transcript, x.key)))
        self.merges_ = Counter(v.evidence for v in out.values() if v.evidence in MERGED)

    # -- tables ------------------------------------------------------------------------

    def assignments_frame(self) -> pd.DataFrame:
        """The assignments as a table: :data:`ASSIGNMENT_COLUMNS`, sorted."""
        names = {(a.transcript, a.key): a.name for a in self.appearances_}
        rows = [
            (t, k, names[(t, k)], v.person, v.person_name, v.evidence)
            for (t, k), v in sorted(self.assignments_.items())
        ]
        return pd.DataFrame(rows, columns=list(ASSIGNMENT_COLUMNS))

    def people_frame(self) -> pd.DataFrame:
        """One row per person: :data:`PEOPLE_COLUMNS`, most words first.

        ``aliases`` are the tags written for the person (most used first), ``kinds`` the
        kinds of their appearances (an anchor on their show can be a guest on another),
        ``status`` is ``named`` (a full name), ``unresolved`` (a short tag left alone) or
        ``unnamed`` (an unnamed voice or a label).
        """
        rows: dict[str, dict[str, object]] = {}
        tallies: dict[str, dict[str, Counter[str]]] = {}
        for a in self.appearances_:
            v = self.assignments_[(a.transcript, a.key)]
            row = rows.setdefault(
                v.person,
                {
                    "person": v.person,
                    "name": v.person_name,
                    "status": {"unresolved": "unresolved", "unnamed": "unnamed"}.get(
                        v.evidence, "named"
                    ),
                    "first_air_date": None,
                    "last_air_date": None,
                    "transcripts": set(),
                    "turns": 0,
                    "words": 0,
                },
            )
            tally = tallies.setdefault(
                v.person, {k: Counter() for k in ("aliases", "networks", "shows", "roles", "kinds")}
            )
            for tag in a.tags or (canonical(a.key),):
                tally["aliases"][tag] += 1
            tally["networks"][a.network or "unknown"] += 1
            if a.show:
                tally["shows"][a.show] += 1
            if a.role:
                tally["roles"][" ".join(a.role.split())] += 1
            tally["kinds"][a.kind] += 1
            row["transcripts"].add(a.transcript)  # type: ignore[union-attr]
            row["turns"] = int(row["turns"]) + a.turns  # type: ignore[call-overload]
            row["words"] = int(row["words"]) + a.words  # type: ignore[call-overload]
            if a.air_date is not None:
                first, last = row["first_air_date"], row["last_air_date"]
                row["first_air_date"] = min(a.air_date, first) if first else a.air_date  # type: ignore[type-var]
                row["last_air_date"] = max(a.air_date, last) if last else a.air_date  # type: ignore[type-var]
        out = []
        for person, row in rows.items():
            for column, counts in tallies[person].items():
                row[column] = [k for k, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]
            row["transcripts"] = len(row["transcripts"])  # type: ignore[arg-type]
            out.append(row)
        frame = pd.DataFrame(out, columns=list(PEOPLE_COLUMNS))
        frame = frame.astype({"transcripts": "int64", "turns": "int64", "words": "int64"})
        return frame.sort_values(["words", "person"], ascending=[False, True], ignore_index=True)

    def ambiguous_frame(self) -> pd.DataFrame:
        """The cases left unmerged: :data:`AMBIGUOUS_COLUMNS`, most words first."""
        rows = [
            (x.transcript, x.key, x.speaker, x.words, x.reason, "; ".join(x.candidates))
            for x in self.ambiguous_
        ]
        return pd.DataFrame(rows, columns=list(AMBIGUOUS_COLUMNS))
