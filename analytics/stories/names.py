"""The names a story block repeats: content names, with the programme's own people left out.

A block's names come from :func:`analytics.names.turn_mentions`, the transcript's one reading
of the spoken text of its turns (speaker tags are never read: a turn's text starts after its
tag), which the people stage shares: a turn inside one block keeps its mentions, a turn cut
by a block boundary is read again for each piece, always with the whole transcript's spoken
text as evidence for sentence-initial words. Keys are counted as said
("devin nunes", "nunes"); :func:`name_features` adds the last word of a full name, so that
"Devin Nunes" in one block and "Nunes" in another share a feature.

Left out, because they tell nothing about the story: the names of the programme's own
people (its anchors, correspondents and analysts, :func:`analytics.roles.transcript_kinds`)
with their surnames, every speaker's first name, bare titles ("the President"), the names of networks and of the show, and words of a calendar.

>>> from analytics.ingest import parse_text
>>> t = parse_text(
...     "ANDERSON COOPER, CNN ANCHOR: Devin Nunes wrote a memo. Anderson Cooper here.\\n"
...     "JOHN DOE, GUEST: Nunes and the FBI disagree.\\n", "x.txt")
>>> block_names(t, segment_whole(t))
[Counter({'devin nunes': 1, 'nunes': 1, 'fbi': 1})]
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence

import pandas as pd

from analytics.model import StoryBlock, Transcript
from analytics.names import (
    TITLES,
    Mention,
    SpanMentions,
    find_mentions,
    name_key,
    turn_mentions,
    turn_spans,
    vocabulary,
)

__all__ = [
    "NAME_COLUMNS",
    "STAFF_KINDS",
    "block_names",
    "names_from_documents",
    "names_table",
    "segment_whole",
    "staff_names",
]

#: Speaker kinds that are the programme's own people.
STAFF_KINDS = frozenset({"anchor", "correspondent", "analyst"})

#: Names that say which channel, never which story.
CHANNEL_NAMES = frozenset(
    {
        "cnn",
        "msnbc",
        "fox",
        "fox news",
        "fox news channel",
        "nbc",
        "nbc news",
        "abc",
        "cbs",
        "npr",
        "hln",
        "cnn international",
        "cnn student news",
        "cnn10",
        "cnn 10",
        "bbc",
    }
)

#: Columns of :func:`names_table`.
NAME_COLUMNS = ("transcript", "block", "name", "count", "surface")


def segment_whole(transcript: Transcript) -> tuple[StoryBlock, ...]:
    """The body as one story block (for examples and tests)."""
    return (
        StoryBlock(
            index=0,
            start_char=transcript.body_start,
            end_char=len(transcript.text),
            kind="story",
            headline="",
            turn_indices=tuple(t.index for t in transcript.turns),
        ),
    )


def staff_names(transcript: Transcript, kinds: Mapping[str, str] | None = None) -> frozenset[str]:
    """The names :func:`block_names` leaves out: the programme's own people (full name,
    surname), every speaker's first name (said when a host turns to a guest), the show's
    title and the channels' names. ``kinds``: speaker kinds by ``Speaker.key``
    (:func:`analytics.roles.transcript_kinds`, computed when not given)."""
    if kinds is None:
        from analytics.roles import transcript_kinds

        kinds = transcript_kinds(transcript)
    out: set[str] = set(CHANNEL_NAMES)
    for speaker in transcript.speakers:
        key = name_key(speaker.name)
        if not key:
            continue
        words = key.split(" ")
        out.add(words[0])  # "Thank you, Emily": a guest's first name says nothing
        if kinds.get(speaker.key) not in STAFF_KINDS:
            continue
        out.add(key)
        out.add(words[-1])
        if len(words) > 2:
            out.add(" ".join(words[-2:]))
    if transcript.show:
        out.add(name_key(transcript.show))
    if transcript.network:
        out.add(name_key(transcript.network))
    return frozenset(out)


def _spans(transcript: Transcript, block: StoryBlock) -> list[tuple[int, int]]:
    """The spoken text of ``block``: its turns' texts clipped to the block's span."""
    out = []
    for turn in transcript.turns:
        a = max(turn.start_char, block.start_char)
        b = min(turn.end_char, block.end_char)
        if b > a:
            out.append((a, b))
    return out


def _block_mentions(
    transcript: Transcript,
    blocks: Sequence[StoryBlock],
    leave_out: Iterable[str] | None,
    kinds: Mapping[str, str] | None = None,
    mentions: SpanMentions | None = None,
) -> list[list[Mention]]:
    skip = staff_names(transcript, kinds) if leave_out is None else frozenset(leave_out)
    if mentions is None:
        mentions = turn_mentions(transcript)
    elif mentions.text != transcript.text or mentions.spans != turn_spans(transcript):
        raise ValueError("mentions: not the turn mentions of this transcript")
    spans = [_spans(transcript, block) for block in blocks]
    # the whole transcript's turns are the evidence; a turn inside one block keeps its reading
    found = iter(mentions.of([span for own in spans for span in own]))
    out: list[list[Mention]] = []
    for own in spans:
        kept: list[Mention] = []
        for _ in own:
            kept.extend(m for m in next(found) if m.key not in skip and not _only_titles(m.key))
        out.append(kept)
    return out


def block_names(
    transcript: Transcript,
    blocks: Sequence[StoryBlock],
    *,
    leave_out: Iterable[str] | None = None,
) -> list[Counter[str]]:
    """Per block, how often each content name is said (keys as :func:`analytics.names.name_key`).

    ``leave_out``: names not counted; default :func:`staff_names` of the transcript.
    """
    return [
        Counter(m.key for m in found) for found in _block_mentions(transcript, blocks, leave_out)
    ]


def _rows(
    source: str, block: int, found: Iterable[Mention]
) -> list[tuple[str, int, str, int, str]]:
    """(transcript, block, name, count, surface) per key, the surface its most common spelling."""
    counts: Counter[str] = Counter()
    spellings: dict[str, Counter[str]] = {}
    for m in found:
        counts[m.key] += 1
        spellings.setdefault(m.key, Counter())[m.surface] += 1
    return [
        (source, block, key, n, spellings[key].most_common(1)[0][0])
        for key, n in sorted(counts.items())
    ]


def _only_titles(key: str) -> bool:
    """A bare title ("the President") names no one in particular."""
    return all(word in TITLES for word in key.split(" "))


def names_table(
    transcripts: Sequence[Transcript],
    blocks_by_transcript: Mapping[str, Sequence[StoryBlock]],
    *,
    kinds: Mapping[str, str] | None = None,
    mentions: SpanMentions | None = None,
) -> pd.DataFrame:
    """One row per (transcript, block, name): ``transcript, block, name, count, surface``
    (the name's most common spelling in the block), sorted. ``kinds``: speaker kinds, and
    ``mentions``: :func:`analytics.names.turn_mentions`, for one transcript (computed when
    not given)."""
    rows = []
    one = len(transcripts) == 1
    for transcript in transcripts:
        blocks = blocks_by_transcript.get(transcript.source, ())
        found_by_block = _block_mentions(
            transcript, blocks, None, kinds if one else None, mentions if one else None
        )
        for block, found in zip(blocks, found_by_block, strict=True):
            rows.extend(_rows(transcript.source, block.index, found))
    return _frame(rows)


def _frame(rows: list[tuple[str, int, str, int, str]]) -> pd.DataFrame:
    """The sorted names table of ``rows`` (built column by column when there are rows: a
    frame from a list of tuples costs more)."""
    if rows:
        columns = list(zip(*rows, strict=True))
        data = {name: list(values) for name, values in zip(NAME_COLUMNS, columns, strict=True)}
        frame = pd.DataFrame(data, columns=list(NAME_COLUMNS))
    else:
        frame = pd.DataFrame(rows, columns=list(NAME_COLUMNS))
    frame["block"] = frame["block"].astype("int64")
    frame["count"] = frame["count"].astype("int64")
    return frame.sort_values(["transcript", "block", "name"], kind="mergesort", ignore_index=True)


def names_from_documents(
    documents: pd.DataFrame, *, leave_out: Iterable[str] = CHANNEL_NAMES
) -> pd.DataFrame:
    """:func:`names_table` from a documents frame alone (its cleaned ``text``), for when the
    transcripts are not at hand: each transcript's blocks together are the evidence for
    sentence-initial words. Speaker tags are already gone from document text; the
    programme's own people cannot be told apart here, so only ``leave_out`` is left out."""
    skip = frozenset(leave_out)
    rows = []
    for transcript, group in documents.groupby("transcript", sort=True):
        texts = group["text"].fillna("").astype(str).tolist()
        joined = "\n".join(texts)
        evidence = vocabulary(joined)
        for block, text in zip(group["block"], texts, strict=True):
            found = [
                m
                for m in find_mentions(text, evidence=evidence)
                if m.key not in skip and not _only_titles(m.key)
            ]
            rows.extend(_rows(str(transcript), int(block), found))
    frame = pd.DataFrame(rows, columns=list(NAME_COLUMNS))
    frame["block"] = frame["block"].astype("int64")
    frame["count"] = frame["count"].astype("int64")
    return frame.sort_values(["transcript", "block", "name"], kind="mergesort", ignore_index=True)
