"""The full name a short tag's own transcript gives it, from its :class:`Clue` records.

Tiers, first decisive one wins (see :mod:`analytics.people.clues` for the rules):

1. ``self``: one name the speaker says of themselves;
2. ``intro``: the name the speaker is introduced by or whose first name they are
   addressed by, when it has at least twice the votes of any other;
3. ``address``: the same, counting also the full names said in the turns before and
   after the speaker's;
4. ``speaker``: the one speaker of the transcript tagged with a full name that fits;
5. ``title``: one name in the show's title;
6. ``said``: the only matching name said in the transcript;
7. ``typo``: the one speaker of the transcript a slip away, or the one nearest;
8. ``slip``: the only name said with the surname a slip away.

Names another speaker of the transcript is known to be are no candidates (two speakers of
one transcript are two people): "TRUMP" beside "E. TRUMP", who is Eric Trump, is not Eric.
Names equal once middle names are dropped ("DONALD J. TRUMP", "DONALD TRUMP"), or when one
ends with the other ("CHAPLAIN DAVID PRICE", "DAVID PRICE"), or with a nickname or a slip
for the first name ("SAM DUBOSE", "SAMUEL DUBOSE"; "LAVAUGHN MOSLEY", "LEVAUGHN MOSLEY")
count as one: said in one transcript, they are one person.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from analytics.people.clues import Clue
from analytics.people.naming import (
    close_spelling,
    first_name,
    middle_dropped,
    parts,
    same_given,
)

#: How a local decision was made, or why none was.
UNDECIDED = (
    "several names said by the speaker",
    "introduced or addressed by several names",
    "several matching names said",
    "a slip away from several names",
    "a slip away from several speakers",
    "no matching full name said",
)


@dataclass(frozen=True, slots=True)
class Local:
    """A short tag's decision: ``name`` (canonical key) or ``None``; ``rule`` is the tier
    that decided, or the reason no tier did; ``candidates`` the names considered."""

    name: str | None
    surface: str | None
    rule: str
    candidates: tuple[str, ...]


def _same_person(a: str, b: str) -> bool:
    """Whether two full names said in one transcript are one person (module docstring)."""
    if a == b or middle_dropped(a) == middle_dropped(b):
        middles = {parts(a).given[1:], parts(b).given[1:]} - {()}
        return len(middles) <= 1
    wa, wb = a.split(), b.split()
    if len(wa) != len(wb):
        short, long = (wa, wb) if len(wa) < len(wb) else (wb, wa)
        if len(short) >= 2 and long[-len(short) :] == short:
            return True
    pa, pb = parts(a), parts(b)
    fa, fb = first_name(a), first_name(b)
    return (
        pa.surname == pb.surname
        and pa.suffix == pb.suffix
        and len(pa.given) == len(pb.given) == 1
        and (same_given(fa, fb) or close_spelling(fa, fb))
    )


def local_groups(names: Collection[str]) -> dict[str, str]:
    """Each name mapped to the representative of its group (the shortest, then first)."""
    ordered = sorted(names, key=lambda n: (len(n.split()), n))
    rep: dict[str, str] = {}
    for n in ordered:
        matches = {rep[m] for m in rep if _same_person(n, m)}
        # a name that fits two groups ("GEORGE BUSH" between two Georges) joins none
        rep[n] = next(iter(matches)) if len(matches) == 1 else n
    return rep


def decide(clues: Sequence[Clue], exclude: Collection[str] = ()) -> Local:
    """The decision for one short tag (see the module docstring); ``exclude`` holds the
    names other speakers of the transcript are known to be."""
    said = [c for c in clues if c.rule != "typo"]
    rep = local_groups({c.name for c in said})
    excluded = {rep[n] for n in rep if n in exclude}
    groups: dict[str, list[Clue]] = defaultdict(list)
    for c in said:
        if rep[c.name] not in excluded:
            groups[rep[c.name]].append(c)
    names: dict[str, tuple[str, str]] = {}
    for g, cs in groups.items():
        counts: Counter[str] = Counter()
        surface: dict[str, str] = {}
        for c in cs:
            counts[c.name] += c.count
            surface.setdefault(c.name, c.surface)
        # the shortest spelling of the group, then the most said
        best = min(counts, key=lambda n: (len(n.split()), -counts[n], n))
        names[g] = (best, surface[best])
    candidates = tuple(sorted({names[g][1] for g in groups}))

    def votes(*rules: str) -> Counter[str]:
        out: Counter[str] = Counter()
        for g, cs in groups.items():
            n = sum(c.count for c in cs if c.rule in rules)
            if n:
                out[g] = n
        return out

    def pick(group: str, rule: str) -> Local:
        name, surface = names[group]
        return Local(name, surface, rule, candidates)

    def clear_winner(counter: Counter[str]) -> str | None:
        ranked = sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))
        if not ranked:
            return None
        second = ranked[1][1] if len(ranked) > 1 else 0
        return ranked[0][0] if ranked[0][1] >= 2 * second and ranked[0][1] > second else None

    own = votes("self")
    if len(own) == 1:
        return pick(next(iter(own)), "self")
    if len(own) > 1:
        return Local(None, None, UNDECIDED[0], candidates)
    for rules, label in (
        (("intro", "vocative"), "intro"),
        (("intro", "vocative", "mention"), "address"),
    ):
        best = clear_winner(votes(*rules))
        if best is not None:
            return pick(best, label)
    heard = bool(votes("intro", "vocative", "mention"))
    tagged = votes("speaker")
    if len(tagged) == 1 and not heard:
        return pick(next(iter(tagged)), "speaker")
    titled = votes("title")
    if len(titled) == 1:
        return pick(next(iter(titled)), "title")
    anywhere = votes("said")
    if len(anywhere) == 1 and not heard:
        return pick(next(iter(anywhere)), "said")
    if heard:
        return Local(None, None, UNDECIDED[1], candidates)
    if anywhere:
        return Local(None, None, UNDECIDED[2], candidates)
    # the same speaker, mistyped: only one who speaks near the tag
    typos = {c.name: c for c in clues if c.rule == "typo" and c.count > 0}
    if typos:
        ranked = sorted(typos.values(), key=lambda c: (-c.count, c.name))
        if len(ranked) == 1 or ranked[0].count > ranked[1].count:
            return Local(ranked[0].name, ranked[0].surface, "typo", (ranked[0].surface,))
        return Local(None, None, UNDECIDED[4], tuple(c.surface for c in ranked))
    slips = votes("slip")
    if len(slips) == 1:
        return pick(next(iter(slips)), "slip")
    if slips:
        return Local(None, None, UNDECIDED[3], candidates)
    return Local(None, None, UNDECIDED[5], candidates)
