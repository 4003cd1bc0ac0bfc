"""Tables of stories: one row per story, one row per block, and the command line's JSON.

- :func:`block_stories`: ``transcript, block, story`` for every block;
- :func:`stories_table`: per story its label, kind (``story`` or ``open``), first and last
  air date, networks, shows, transcripts, blocks, minutes and words (minutes and words from
  the coverage table when given, else words counted in the text and minutes estimated at
  :data:`analytics.coverage.WORDS_PER_MINUTE`), and its topic when topics are given;
- :func:`summary_record`: ``{"stories": [...], "assignments": [...]}`` for
  ``python -m analytics stories --json``;
- :func:`summary_lines`: the same command's plain listing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from analytics.words import word_counts

__all__ = [
    "BLOCK_STORY_COLUMNS",
    "STORY_COLUMNS",
    "block_stories",
    "stories_table",
    "summary_lines",
    "summary_record",
]

STORY_COLUMNS = (
    "story",
    "label",
    "kind",
    "first_aired",
    "last_aired",
    "networks",
    "shows",
    "transcripts",
    "blocks",
    "minutes",
    "words",
    "topic",
)
BLOCK_STORY_COLUMNS = ("transcript", "block", "story")


def block_stories(documents: pd.DataFrame, stories: Sequence[int] | np.ndarray) -> pd.DataFrame:
    """``transcript, block, story`` per document row, sorted by transcript and block."""
    out = pd.DataFrame(
        {
            "transcript": documents["transcript"].astype(str).to_numpy(),
            "block": documents["block"].astype("int64").to_numpy(),
            "story": np.asarray(stories, dtype=np.int64),
        }
    )
    return out.sort_values(["transcript", "block"], kind="mergesort", ignore_index=True)


def _joined(values: Sequence[object] | np.ndarray) -> str:
    return ", ".join(sorted({str(v) for v in values if isinstance(v, str) and v}))


def stories_table(
    documents: pd.DataFrame,
    stories: Sequence[int] | np.ndarray,
    labels: Mapping[int, str],
    *,
    coverage: pd.DataFrame | None = None,
    topics: Sequence[int] | np.ndarray | None = None,
) -> pd.DataFrame:
    """One row per story (columns :data:`STORY_COLUMNS`), sorted by story id.

    ``coverage``: ``transcript, block, words, minutes`` per block (the coverage table);
    ``topics``: the topic of each document row (every block of a story has one topic, see
    :mod:`analytics.stories.agree`), -1 when absent.
    """
    from analytics.coverage import WORDS_PER_MINUTE

    frame = documents.reset_index(drop=True).copy()
    frame["story"] = np.asarray(stories, dtype=np.int64)
    frame["topic"] = -1 if topics is None else np.asarray(topics, dtype=np.int64)
    words = pd.Series(word_counts(frame["text"]), index=frame.index, dtype=float)
    frame["words"] = words
    frame["minutes"] = words / WORDS_PER_MINUTE
    if coverage is not None and len(coverage):
        cov = coverage[["transcript", "block", "words", "minutes"]].copy()
        cov["block"] = cov["block"].astype("int64")
        frame = frame.drop(columns=["words", "minutes"]).merge(
            cov, on=["transcript", "block"], how="left"
        )
        missing = frame["words"].isna()
        frame.loc[missing, "words"] = words[missing]
        frame.loc[missing, "minutes"] = words[missing] / WORDS_PER_MINUTE
        frame["minutes"] = frame["minutes"].fillna(0.0)
    frame["air_date"] = pd.to_datetime(frame["air_date"])
    # plain arrays, one pass per story: per-group pandas calls cost seconds on a corpus
    story_of = frame["story"].to_numpy(dtype=np.int64)
    order = np.argsort(story_of, kind="stable")
    ids, starts = np.unique(story_of[order], return_index=True)
    kinds = (
        frame["kind"].fillna("story").astype(str).to_numpy(dtype=object)
        if "kind" in frame
        else None
    )
    dates = frame["air_date"].to_numpy()
    empty = np.full(len(frame), None, dtype=object)
    networks = frame["network"].to_numpy(dtype=object) if "network" in frame else empty
    shows = frame["show"].to_numpy(dtype=object) if "show" in frame else empty
    transcripts = frame["transcript"].to_numpy(dtype=object)
    minutes = frame["minutes"].to_numpy(dtype=np.float64)
    words_of = frame["words"].to_numpy(dtype=np.float64)
    topic_of = frame["topic"].to_numpy(dtype=np.int64)
    rows = []
    for story, idx in zip(ids.tolist(), np.split(order, starts[1:]), strict=True):
        day = dates[idx]
        day = day[~np.isnat(day)]
        topic_values = sorted(set(topic_of[idx].tolist()))
        rows.append(
            {
                "story": int(story),
                "label": labels.get(int(story), f"Story {int(story)}"),
                "kind": "open"
                if kinds is not None and all(k == "open" for k in kinds[idx])
                else "story",
                "first_aired": pd.Timestamp(day.min()).date() if len(day) else None,
                "last_aired": pd.Timestamp(day.max()).date() if len(day) else None,
                "networks": _joined(networks[idx]),
                "shows": _joined(shows[idx]),
                "transcripts": len(set(transcripts[idx].tolist())),
                "blocks": len(idx),
                "minutes": float(minutes[idx].sum()),
                "words": int(words_of[idx].sum()),
                "topic": int(topic_values[0]) if len(topic_values) == 1 else -1,
            }
        )
    out = pd.DataFrame(rows, columns=list(STORY_COLUMNS))
    out["first_aired"] = pd.to_datetime(out["first_aired"])
    out["last_aired"] = pd.to_datetime(out["last_aired"])
    return out


def summary_record(
    stories: pd.DataFrame, blocks: pd.DataFrame, files: Mapping[str, str] | None = None
) -> dict[str, list[dict[str, object]]]:
    """The command line's JSON: stories by id and one assignment per block.

    ``files`` maps ``transcript`` ids to their file paths (default: the id itself). Each
    assignment gives the block's ``transcript`` id, ``file``, ``block`` (its index in
    ``segment --json``) and ``story``.
    """
    files = files or {}
    records = [
        {
            "id": int(row.story),
            "label": str(row.label),
            "blocks": int(row.blocks),
            "first_aired": _day(row.first_aired),
            "last_aired": _day(row.last_aired),
            "networks": [n for n in str(row.networks).split(", ") if n],
        }
        for row in stories.sort_values("story").itertuples(index=False)
    ]
    assignments = sorted(
        (
            {
                "transcript": str(t),
                "file": files.get(str(t), str(t)),
                "block": int(b),
                "story": int(s),
            }
            for t, b, s in zip(blocks["transcript"], blocks["block"], blocks["story"], strict=True)
        ),
        key=lambda a: (a["file"], a["block"]),
    )
    return {"stories": records, "assignments": assignments}


def _day(value: object) -> str | None:
    """An air date as ``YYYY-MM-DD`` (``None`` when unknown)."""
    return None if pd.isna(value) else pd.Timestamp(value).date().isoformat()  # type: ignore[arg-type]


def summary_lines(stories: pd.DataFrame) -> list[str]:
    """The command line's plain listing of :func:`stories_table`: a count, then one line
    per story (opening rundowns left out; most blocks first, then by id) with its id,
    blocks, minutes, air dates, networks and label.

    >>> table = pd.DataFrame({"story": [0, 1, 2], "label": ["Memo", "Open", "Flood"],
    ...     "kind": ["story", "open", "story"], "blocks": [1, 1, 2],
    ...     "minutes": [3.0, 1.0, 12.5], "networks": ["CNN", "CNN", "CNN, Fox News"],
    ...     "first_aired": pd.to_datetime(["2018-02-02", "2018-02-02", "2018-02-01"]),
    ...     "last_aired": pd.to_datetime(["2018-02-02", "2018-02-02", "2018-02-05"])})
    >>> print("\\n".join(summary_lines(table)))
    2 stories from 3 blocks
         2   2 blocks   12.5 min  2018-02-01 to 2018-02-05  CNN, Fox News             Flood
         0   1 blocks    3.0 min  2018-02-02                CNN                       Memo
    """
    news = stories[stories["kind"] == "story"]
    lines = [f"{len(news)} stories from {int(news['blocks'].sum())} blocks"]
    for row in news.sort_values(["blocks", "story"], ascending=[False, True]).itertuples():
        first, last = _day(row.first_aired), _day(row.last_aired)
        aired = first if first == last else f"{first} to {last}"
        lines.append(
            f"  {row.story:>4} {row.blocks:>3} blocks {row.minutes:>6.1f} min  "
            f"{aired or 'no air date':24}  {row.networks:24}  {row.label}"
        )
    return lines
