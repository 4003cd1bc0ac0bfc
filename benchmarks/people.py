"""Person resolution scored against checks read from the transcripts.

usage: python benchmarks/people.py [--gold FILE] [--corpus DIR] [--half dev|heldout|all]
                                   [--show-errors] [--top N] [--research]

The checks (``benchmarks/gold/people.json``, written by a reader from the transcripts,
blind to the package) are of three kinds: ``same`` (two tags, one person), ``different``
(two tags, two people) and ``name`` (the full name of a tag). Each side is a file of
``../shared/corpus/raw`` and a tag as written. The checks are split once into a
development half and a held-out half by :mod:`people_split` (a hash of each check's kind,
files and tags); develop on ``--half dev`` only and measure ``--half heldout`` once.

The run: every transcript of the corpus (recursively) but those of
``../shared/gold/RESERVED.md``, parsed, turned into appearances
(:func:`analytics.people.transcript_appearances`) and resolved by
:class:`analytics.people.PersonResolver`. A check's tag is found among its file's speaker
tags (canonical keys as :func:`analytics.people.naming.canonical` gives them); when it tags
several speakers, the one with the most turns counts.

Printed: the share of checks right (overall and per kind), precision and recall of merges
over the same/different checks (a merge is two sides given one person id), the name
checks right, and corpus counts before and after (one-word names, people, merges by
evidence, cases left ambiguous). A name check is right when the person's name is the
checked name up to a nickname or a one-letter slip in one of its words ("Nick Ackerman"
for "Nick Akerman") or one of the alternatives the checker wrote in parentheses
("Charles (Charlie) Hurt"). Exit status 0; when ``../shared`` is missing the script says
so and exits 0.

Measured once on the held-out half (``--half heldout``, 193 of the 397 checks): 189 right
(97.9%; same 84/88, different 47/47, name 58/58), merges precision 100% (no wrong merge),
recall 95.5%. The development half: 204/204.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from people_split import half  # noqa: E402

from analytics.errors import TranscriptFormatError  # noqa: E402
from analytics.ingest import parse_file  # noqa: E402
from analytics.people import PersonResolver, transcript_appearances  # noqa: E402
from analytics.people.clues import tag_key  # noqa: E402
from analytics.people.naming import (  # noqa: E402
    canonical,
    close_spelling,
    is_full,
    is_label,
    is_short,
    parts,
    same_given,
)
from analytics.speakers import is_unnamed  # noqa: E402

SUFFIXES = (".txt", ".text", ".html", ".htm")
RESEARCH = ("cnn", "cnn_more", "fox", "fox_more", "msnbc")


def reserved(shared: Path) -> set[str]:
    """Files of RESERVED.md, relative to corpus/raw."""
    path = shared / "gold" / "RESERVED.md"
    if not path.exists():
        return set()
    return set(re.findall(r"^- `([^`]+)`", path.read_text(encoding="utf-8"), re.M))


def load(corpus: Path, skip: set[str]) -> tuple[dict[str, object], list[str]]:
    """Parsed transcripts by path relative to ``corpus``, and the files that failed."""
    parsed: dict[str, object] = {}
    failed = []
    for path in sorted(corpus.rglob("*")):
        if not path.is_file() or path.suffix.lower() not in SUFFIXES:
            continue
        rel = path.relative_to(corpus).as_posix()
        if rel in skip:
            continue
        try:
            parsed[rel] = parse_file(path)
        except TranscriptFormatError as exc:
            failed.append(f"{rel}: {exc.reason}")
    return parsed, failed


def transcript_id(rel: str) -> str:
    """The id a run gives a file: its path without the suffix (unique in the corpus)."""
    return rel.rsplit(".", 1)[0]


def speaker_of(transcript: object, tag: str) -> str | None:
    """The speaker key a tag as written stands for in a transcript (most turns)."""
    want = canonical(tag)
    votes: Counter[str] = Counter()
    for turn in transcript.turns:  # type: ignore[attr-defined]
        if tag_key(transcript, turn) == want:  # type: ignore[arg-type]
            votes[turn.speaker.key] += 1
    if votes:
        return min(votes, key=lambda k: (-votes[k], k))
    for s in transcript.speakers:  # type: ignore[attr-defined]
        if canonical(s.key) == want:
            return s.key
    return None


def _words_agree(a: str, b: str, *, given: bool) -> bool:
    a, b = a.replace("-", " "), b.replace("-", " ")
    if a == b or close_spelling(a, b):
        return True
    return given and same_given(a, b)


def names_agree(gold: str, mine: str) -> bool:
    """Whether a predicted person name is the checked one (see the module docstring)."""
    alternatives = [gold]
    m = re.search(r"\(([^)]+)\)", gold)
    if m:
        plain = re.sub(r"\s*\([^)]+\)", "", gold)
        alternatives = [plain, plain.replace(plain.split()[0], m.group(1), 1)]
    p = parts(canonical(mine))
    for alt in alternatives:
        g = parts(canonical(alt))
        if not g.given or not p.given or g.suffix != p.suffix:
            continue
        if _words_agree(g.surname, p.surname, given=False) and _words_agree(
            g.given[0], p.given[0], given=True
        ):
            return True
    return False


def score(checks: list[dict], people: dict[tuple[str, str], object], parsed: dict) -> dict:
    """Per-check outcomes and the totals."""
    rows = []
    for c in checks:

        def side(s: dict) -> tuple[str, str] | None:
            t = parsed.get(s["file"])
            if t is None:
                return None
            key = speaker_of(t, s["tag"])
            return None if key is None else (transcript_id(s["file"]), key)

        a = side(c["a"])
        b = side(c["b"]) if "b" in c else None
        pa = people.get(a) if a else None
        pb = people.get(b) if b else None
        if c["kind"] == "name":
            ok = pa is not None and names_agree(c["person"], pa.person_name)
            merged = None
        else:
            merged = pa is not None and pb is not None and pa.person == pb.person
            ok = (
                merged
                if c["kind"] == "same"
                else (pa is not None and pb is not None and not merged)
            )
        rows.append({"check": c, "ok": ok, "merged": merged, "a": pa, "b": pb, "found": (a, b)})
    return {"rows": rows}


def corpus_counts(resolver: PersonResolver) -> dict[str, object]:
    """Counts before (speakers as tagged) and after resolution."""
    apps = resolver.appearances_
    named = [a for a in apps if not is_unnamed(a.key) and not is_label(canonical(a.key))]
    one_word_before = [a for a in named if is_short(canonical(a.key))]
    before_people = {a.key if is_full(canonical(a.key)) else (a.transcript, a.key) for a in named}
    after = resolver.assignments_
    one_word_after = [
        a for a in one_word_before if after[(a.transcript, a.key)].evidence == "unresolved"
    ]
    people_after = {after[(a.transcript, a.key)].person for a in named}
    one_word_names = {a.name for a in one_word_before if " " not in a.name}
    one_word_left = {a.name for a in one_word_after if " " not in a.name}
    return {
        "distinct one-word speaker names before": len(one_word_names),
        "distinct one-word names left": len(one_word_left),
        "appearances (named speakers in transcripts)": len(named),
        "short tags before (surname or initials only)": len(one_word_before),
        "short tags left (not linked to a full name)": len(one_word_after),
        "people before (full names across transcripts + short tags per transcript)": len(
            before_people
        ),
        "people after": len(people_after),
        "short tags merged, by evidence": dict(sorted(resolver.merges_.items())),
        "cases listed as ambiguous": len(resolver.ambiguous_),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", type=Path, default=ROOT / "benchmarks" / "gold" / "people.json")
    parser.add_argument("--corpus", type=Path, default=SHARED / "corpus" / "raw")
    parser.add_argument("--half", choices=("dev", "heldout", "all"), default="dev")
    parser.add_argument("--show-errors", action="store_true")
    parser.add_argument("--top", type=int, default=0, help="print the N people with most words")
    parser.add_argument(
        "--research",
        action="store_true",
        help="with --top: count words in the CNN, MSNBC and Fox folders only",
    )
    args = parser.parse_args(argv)
    if not args.corpus.is_dir():
        print(f"{args.corpus} not found; nothing to measure")
        return 0
    t0 = time.perf_counter()
    parsed, failed = load(args.corpus, reserved(SHARED))
    apps = []
    for rel, t in parsed.items():
        apps.extend(transcript_appearances(t, transcript_id(rel)))
    t1 = time.perf_counter()
    resolver = PersonResolver().fit(apps)
    t2 = time.perf_counter()
    print(
        f"{len(parsed)} transcripts ({len(failed)} unreadable, reserved files left out); "
        f"appearances {t1 - t0:.1f} s, resolution {t2 - t1:.1f} s"
    )
    for key, value in corpus_counts(resolver).items():
        print(f"  {key}: {value}")

    if args.gold.exists():
        checks = json.loads(args.gold.read_text(encoding="utf-8"))["checks"]
        chosen = [c for c in checks if args.half == "all" or half(c) == args.half]
        result = score(chosen, resolver.assignments_, parsed)
        rows = result["rows"]
        print(f"\nchecks ({args.half} half): {len(chosen)} of {len(checks)}")
        by_kind: dict[str, list[bool]] = defaultdict(list)
        for r in rows:
            by_kind[r["check"]["kind"]].append(r["ok"])
        right = sum(r["ok"] for r in rows)
        print(f"  right: {right}/{len(rows)} = {right / max(len(rows), 1):.1%}")
        for kind in ("same", "different", "name"):
            v = by_kind.get(kind, [])
            if v:
                print(f"    {kind:9s} {sum(v)}/{len(v)} = {sum(v) / len(v):.1%}")
        tp = sum(1 for r in rows if r["check"]["kind"] == "same" and r["merged"])
        fn = sum(1 for r in rows if r["check"]["kind"] == "same" and not r["merged"])
        fp = sum(1 for r in rows if r["check"]["kind"] == "different" and r["merged"])
        print(
            f"  merges: precision {tp}/{tp + fp} = {tp / max(tp + fp, 1):.1%}, "
            f"recall {tp}/{tp + fn} = {tp / max(tp + fn, 1):.1%} "
            f"(wrong merges: {fp})"
        )
        if args.show_errors:
            print("\nerrors:")
            for r in rows:
                if r["ok"]:
                    continue
                c = r["check"]
                a, b = r["a"], r["b"]
                print(
                    f"  {c['kind']}: {c['a']['file']} {c['a']['tag']!r} -> "
                    f"{a.person if a else None} ({a.evidence if a else '-'})"
                    + (
                        f" | {c['b']['file']} {c['b']['tag']!r} -> "
                        f"{b.person if b else None} ({b.evidence if b else '-'})"
                        if "b" in c
                        else ""
                    )
                    + (f" | want {c.get('person')}" if c.get("person") else "")
                )
    else:
        print(f"\n{args.gold} not found: no checks scored")

    if args.top:
        words: Counter[str] = Counter()
        names: dict[str, str] = {}
        aliases: dict[str, Counter[str]] = defaultdict(Counter)
        for a in resolver.appearances_:
            if args.research and a.transcript.split("/")[0] not in RESEARCH:
                continue
            p = resolver.assignments_[(a.transcript, a.key)]
            if p.evidence in ("unnamed",):
                continue
            words[p.person] += a.words
            names[p.person] = p.person_name
            for tag in a.tags or (a.key,):
                aliases[p.person][tag] += 1
        print(f"\ntop {args.top} people by words" + (" (research corpus)" if args.research else ""))
        for person, n in words.most_common(args.top):
            seen = ", ".join(t for t, _ in aliases[person].most_common())
            print(f"  {names[person]:28s} {person:28s} {n:7d}  {seen}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
