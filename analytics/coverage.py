"""Coverage tables: how much of a programme each story, speaker and topic takes.

Pure functions over the pipeline's tables (pandas DataFrames), so each can be tried on a
small hand-made frame:

- :func:`turn_clock` places every turn on the programme's clock (minutes since its first
  word), from the ``[HH:MM:SS]`` stamps where the transcript has them, otherwise from its
  words at :data:`WORDS_PER_MINUTE`;
- :func:`block_coverage`: per story block (every block of the blocks table) its words, its
  share of the programme and its air time, with a column saying whether the minutes are
  an estimate; the blocks' minutes add up to the programme's length;
- :func:`share_of_voice`: words per speaker (or speaker kind) as a share of each group (per
  block, from the ``block_turns`` table: each turn's words on each side of a block start);
- :func:`attach` adds network, show, air date and topic to any table keyed by transcript
  (and block), and :func:`aggregate` sums coverage by any of them;
- :class:`Group`, :func:`parse_group`, :func:`select` pick the two sides of a comparison.

Air time measured from stamps is wall-clock time, so a block that spans a commercial break
includes the break. Estimated minutes assume a steady speaking rate and no breaks.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

#: Speaking rate used to estimate air time where a transcript has no timestamps
#: (broadcast speech runs at roughly 140 to 170 words a minute).
WORDS_PER_MINUTE = 150.0

#: Label of the topic of blocks without one (BERTopic's outliers, topic -1).
NO_TOPIC_LABEL = "No topic (outliers)"

_CLOCK = re.compile(r"(\d{1,2}):(\d{2})(?::(\d{2}))?")
_DAY = 24 * 3600


def parse_clock(value: object) -> int | None:
    """Seconds since midnight of a ``HH:MM[:SS]`` stamp (brackets allowed), else ``None``.

    >>> parse_clock("[20:01:15]")
    72075
    """
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return None
    match = _CLOCK.search(str(value))
    if match is None:
        return None
    hours, minutes, seconds = int(match[1]), int(match[2]), int(match[3] or 0)
    if hours > 23 or minutes > 59 or seconds > 59:
        return None
    return hours * 3600 + minutes * 60 + seconds


def _with_block(turns: pd.DataFrame) -> pd.DataFrame:
    frame = turns.copy()
    if "block" not in frame.columns:
        frame["block"] = 0
    frame["block"] = frame["block"].fillna(0).astype(int)
    return frame


def _anchors(words_before: np.ndarray, stamps: Sequence[object]) -> tuple[np.ndarray, np.ndarray]:
    """(words, seconds) where a new stamp first applies, increasing in both, midnight unwrapped."""
    xs: list[float] = []
    ys: list[float] = []
    previous_raw: int | None = None
    offset = 0
    for words, stamp in zip(words_before, stamps, strict=True):
        seconds = parse_clock(stamp)
        if seconds is None or seconds == previous_raw:
            continue
        if previous_raw is not None and seconds < previous_raw - _DAY // 2:
            offset += _DAY
        previous_raw = seconds
        value = float(seconds + offset)
        if ys and (value <= ys[-1] or words <= xs[-1]):
            continue
        xs.append(float(words))
        ys.append(value)
    return np.asarray(xs), np.asarray(ys)


def _clock(words: np.ndarray, xs: np.ndarray, ys: np.ndarray, rate: float) -> np.ndarray:
    """Seconds at word positions: interpolated between anchors, at ``rate`` words/s outside."""
    if len(xs) == 0:
        return words / rate
    inside = np.interp(words, xs, ys)
    before = ys[0] - (xs[0] - words) / rate
    after = ys[-1] + (words - xs[-1]) / rate
    return np.where(words < xs[0], before, np.where(words > xs[-1], after, inside))


def turn_clock(turns: pd.DataFrame, *, words_per_minute: float = WORDS_PER_MINUTE) -> pd.DataFrame:
    """Each turn placed on its programme's clock.

    ``turns`` needs transcript, turn, words and, optionally, timestamp (``HH:MM:SS``, the
    latest stamp at or before the turn) and block. Adds start_minute and end_minute (minutes
    since the programme's first word) and timed (true when both ends lie between two stamps,
    false when extrapolated or estimated at ``words_per_minute``).
    """
    if words_per_minute <= 0:
        raise ValueError(f"words_per_minute must be positive, got {words_per_minute}")
    frame = _with_block(turns).sort_values(["transcript", "turn"], kind="stable")
    rate = words_per_minute / 60.0
    parts: list[pd.DataFrame] = []
    for _, group in frame.groupby("transcript", sort=True):
        group = group.copy()
        counts = group["words"].fillna(0).to_numpy(dtype=float)
        before = np.concatenate([[0.0], np.cumsum(counts)[:-1]])
        after = before + counts
        stamps = group["timestamp"].tolist() if "timestamp" in group else [None] * len(group)
        xs, ys = _anchors(before, stamps)
        if len(xs) < 2:
            xs, ys = np.asarray([]), np.asarray([])
        start = _clock(before, xs, ys, rate)
        end = _clock(after, xs, ys, rate)
        origin = _clock(np.asarray([0.0]), xs, ys, rate)[0]
        group["start_minute"] = (start - origin) / 60.0
        group["end_minute"] = (end - origin) / 60.0
        if len(xs):
            group["timed"] = (before >= xs[0]) & (after <= xs[-1])
        else:
            group["timed"] = False
        parts.append(group)
    if not parts:
        return frame.assign(start_minute=[], end_minute=[], timed=[])
    return pd.concat(parts, ignore_index=True)


def _block_words(turns: pd.DataFrame, blocks: pd.DataFrame | None) -> pd.DataFrame:
    """transcript, block, turns, words per block: from ``blocks`` when it has words (every
    block, even one with no words), else from the turns of each ``block``."""
    if blocks is not None and {"words", "turns"} <= set(blocks.columns):
        order = ["transcript", "start_char"] if "start_char" in blocks else ["transcript", "block"]
        per = blocks.sort_values(order, kind="stable")
        per = per[["transcript", "block", "turns", "words"]].copy()
    else:
        per = (
            _with_block(turns)
            .groupby(["transcript", "block"], sort=True)
            .agg(turns=("turn", "size"), words=("words", "sum"))
            .reset_index()
        )
    per["block"] = per["block"].astype(int)
    per["turns"] = per["turns"].astype(int)
    per["words"] = per["words"].fillna(0).astype(int)
    return per.reset_index(drop=True)


def block_coverage(
    turns: pd.DataFrame,
    blocks: pd.DataFrame | None = None,
    *,
    words_per_minute: float = WORDS_PER_MINUTE,
) -> pd.DataFrame:
    """Per story block: words, share of the programme, and air time.

    ``blocks`` is the blocks table (transcript, block, start_char, words, turns, kind,
    headline): every block gets a row, with the words and turns
    :func:`analytics.blocks.block_pieces` gives it (a turn cut by a block start counts in
    each block by the words on its side of the cut). Without words in ``blocks``, each turn
    counts wholly in its ``block`` column. ``turns`` (transcript, turn, words, timestamp)
    sets the clock: blocks follow one another in the programme's words, so their minutes
    add up to the programme's length.

    Columns: transcript, block, kind, headline, turns, words, share (of the programme's
    spoken words; sums to 1 per transcript), start_minute, end_minute, minutes, and
    minutes_estimated (true unless the block lies between two timestamps).
    """
    if words_per_minute <= 0:
        raise ValueError(f"words_per_minute must be positive, got {words_per_minute}")
    rate = words_per_minute / 60.0
    per = _block_words(turns, blocks)
    frame = _with_block(turns).sort_values(["transcript", "turn"], kind="stable")
    by_transcript = dict(iter(frame.groupby("transcript", sort=True)))
    parts: list[pd.DataFrame] = []
    for name, group in per.groupby("transcript", sort=True):
        group = group.copy()
        own = by_transcript.get(name)
        xs, ys = np.asarray([]), np.asarray([])
        if own is not None and "timestamp" in own:
            counts = own["words"].fillna(0).to_numpy(dtype=float)
            before = np.concatenate([[0.0], np.cumsum(counts)[:-1]])
            xs, ys = _anchors(before, own["timestamp"].tolist())
            if len(xs) < 2:
                xs, ys = np.asarray([]), np.asarray([])
        words = group["words"].to_numpy(dtype=float)
        edges = np.concatenate([[0.0], np.cumsum(words)])
        seconds = _clock(edges, xs, ys, rate)
        origin = seconds[0]
        group["start_minute"] = (seconds[:-1] - origin) / 60.0
        group["end_minute"] = (seconds[1:] - origin) / 60.0
        if len(xs):
            group["timed"] = (edges[:-1] >= xs[0]) & (edges[1:] <= xs[-1])
        else:
            group["timed"] = False
        parts.append(group)
    columns = [
        "transcript",
        "block",
        "kind",
        "headline",
        "turns",
        "words",
        "share",
        "start_minute",
        "end_minute",
        "minutes",
        "minutes_estimated",
    ]
    if not parts:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in columns})
    per = pd.concat(parts, ignore_index=True)
    totals = per.groupby("transcript")["words"].transform("sum")
    per["share"] = np.where(totals > 0, per["words"] / totals.where(totals > 0, 1), 0.0)
    per["minutes"] = per["end_minute"] - per["start_minute"]
    per["minutes_estimated"] = ~per.pop("timed").astype(bool)
    if blocks is not None and len(blocks):
        keep = [c for c in ("transcript", "block", "kind", "headline") if c in blocks.columns]
        meta = blocks[keep].copy()
        meta["block"] = meta["block"].astype(int)
        per = per.merge(meta, on=["transcript", "block"], how="left")
    for column in ("kind", "headline"):
        if column not in per.columns:
            per[column] = None
    per["kind"] = per["kind"].astype(object).where(per["kind"].notna(), "story")
    missing = per["headline"].isna() | (per["headline"].astype(str).str.strip() == "")
    per["headline"] = per["headline"].astype(object)
    per.loc[missing, "headline"] = [f"Block {b}" for b in per.loc[missing, "block"]]
    return per[columns].sort_values(["transcript", "block"], ignore_index=True)


def share_of_voice(
    turns: pd.DataFrame,
    *,
    by: Sequence[str] = ("transcript", "block"),
    who: str = "speaker",
    include_clips: bool = True,
) -> pd.DataFrame:
    """Words per ``who`` (speaker, speaker_kind, role, ...) as a share of each ``by`` group.

    Columns: ``by`` + ``who`` + words, turns, share; shares sum to 1 within each group that
    has words. ``include_clips=False`` leaves out turns inside video clips (sound bites).
    Rows are sorted by group, then most words first, then name.
    """
    keys = list(by)
    frame = _with_block(turns) if "block" in keys else turns.copy()
    if not include_clips and "in_clip" in frame.columns:
        frame = frame[~frame["in_clip"].fillna(False).astype(bool)]
    frame = frame.copy()
    frame[who] = frame[who].astype(object).where(frame[who].notna(), "unknown")
    per = (
        frame.groupby([*keys, who], sort=True, dropna=False)
        .agg(words=("words", "sum"), turns=("words", "size"))
        .reset_index()
    )
    per["words"] = per["words"].astype(int)
    totals = (
        per.groupby(keys, dropna=False)["words"].transform("sum") if keys else per["words"].sum()
    )
    per["share"] = per["words"] / pd.Series(totals, index=per.index).where(lambda s: s > 0, np.nan)
    per["share"] = per["share"].fillna(0.0)
    order = [*keys, "words", who]
    ascending = [True] * len(keys) + [False, True]
    return per.sort_values(order, ascending=ascending, ignore_index=True)


def topic_labels(topics: pd.DataFrame | None) -> dict[int, str]:
    """Topic id -> readable label ("memo, nunes, fbi"), with :data:`NO_TOPIC_LABEL` for -1."""
    labels: dict[int, str] = {-1: NO_TOPIC_LABEL}
    if topics is None or topics.empty:
        return labels
    for row in topics.itertuples(index=False):
        topic = int(row.topic)
        if topic == -1:
            continue
        label = getattr(row, "label", None)
        if label is None or (isinstance(label, float) and np.isnan(label)) or not str(label):
            words = getattr(row, "words", None)
            label = ", ".join(list(words)[:3]) if words is not None else f"Topic {topic}"
        labels[topic] = str(label)
    return labels


def attach(
    frame: pd.DataFrame,
    transcripts: pd.DataFrame | None = None,
    block_topics: pd.DataFrame | None = None,
    topics: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """``frame`` with network, show, air_date (from ``transcripts``) and topic, topic_label
    (from ``block_topics`` and ``topics``) joined on transcript (and block).

    Blocks without a topic get topic -1 and :data:`NO_TOPIC_LABEL`.
    """
    out = frame.copy()
    if transcripts is not None:
        meta = [c for c in ("network", "show", "air_date", "file") if c in transcripts.columns]
        extra = transcripts[["transcript", *meta]].drop_duplicates("transcript")
        out = out.drop(columns=[c for c in meta if c in out.columns]).merge(
            extra, on="transcript", how="left"
        )
        if "air_date" in out.columns:
            out["air_date"] = pd.to_datetime(out["air_date"], errors="coerce")
    if block_topics is not None:
        link = block_topics[["transcript", "block", "topic"]].copy()
        link["block"] = link["block"].astype(int)
        base = _with_block(out) if "block" not in out.columns else out
        base = base.drop(columns=[c for c in ("topic", "topic_label") if c in base.columns])
        base["block"] = base["block"].fillna(0).astype(int)
        out = base.merge(link, on=["transcript", "block"], how="left")
        out["topic"] = out["topic"].fillna(-1).astype(int)
        names = topic_labels(topics)
        out["topic_label"] = [names.get(t, f"Topic {t}") for t in out["topic"]]
    return out


def _totals(coverage: pd.DataFrame, keys: list[str], **extra: tuple[str, str]) -> pd.DataFrame:
    """Per ``keys`` group: transcripts, blocks, words, minutes, estimated_minutes (the
    minutes that are estimates) and the ``extra`` named aggregations."""
    frame = coverage.copy()
    estimated = frame.get("minutes_estimated", False)
    frame["estimated_minutes"] = np.where(estimated, frame["minutes"], 0.0)
    return (
        frame.groupby(keys, sort=True, dropna=False)
        .agg(
            transcripts=("transcript", "nunique"),
            blocks=("block", "size"),
            words=("words", "sum"),
            minutes=("minutes", "sum"),
            estimated_minutes=("estimated_minutes", "sum"),
            **extra,
        )
        .reset_index()
    )


def aggregate(
    coverage: pd.DataFrame,
    by: Sequence[str],
    *,
    within: Sequence[str] = (),
) -> pd.DataFrame:
    """Sum block coverage by ``by`` (e.g. ["network", "topic_label"]).

    ``coverage`` is :func:`block_coverage` output, usually after :func:`attach`. Columns:
    ``by`` + transcripts, blocks, words, minutes, estimated_minutes (minutes that are
    estimates), share_words and share_minutes (shares of the totals within ``within``
    groups, or of the grand total when ``within`` is empty; they sum to 1 per group).
    """
    per = _totals(coverage, list(by))
    for column in ("words", "minutes"):
        if within:
            totals = per.groupby(list(within), dropna=False)[column].transform("sum")
        else:
            totals = pd.Series(per[column].sum(), index=per.index)
        per[f"share_{column}"] = (per[column] / totals.where(totals > 0, np.nan)).fillna(0.0)
    return per


def add_period(frame: pd.DataFrame, freq: str = "D", *, column: str = "period") -> pd.DataFrame:
    """``frame`` with ``column``: the start date of the air date's day, week ("W") or month ("M")."""
    out = frame.copy()
    dates = pd.to_datetime(out["air_date"], errors="coerce")
    if freq == "D":
        out[column] = dates.dt.normalize()
    elif freq in {"W", "M"}:
        out[column] = dates.dt.to_period(freq).dt.start_time
    else:
        raise ValueError(f"freq must be 'D', 'W' or 'M', got {freq!r}")
    return out


@dataclass(frozen=True, slots=True)
class Group:
    """One side of a comparison: rows matching every field that is set.

    ``transcript`` matches the transcript id or its file name without suffix; ``blocks`` are
    block numbers within the selected transcripts; dates are inclusive.
    """

    label: str
    network: tuple[str, ...] = ()
    show: tuple[str, ...] = ()
    transcript: tuple[str, ...] = ()
    blocks: tuple[int, ...] = ()
    date_from: date | None = None
    date_to: date | None = None


def _block_range(text: str) -> tuple[int, ...]:
    numbers: list[int] = []
    for part in text.split(","):
        part = part.strip()
        if not part:
            continue
        if "-" in part:
            low, high = (int(x) for x in part.split("-", 1))
            numbers.extend(range(low, high + 1))
        else:
            numbers.append(int(part))
    return tuple(numbers)


def parse_group(spec: str, *, label: str | None = None) -> Group:
    """A :class:`Group` from ``"key=value; key=value"``.

    Keys: network, show, transcript (several values separated by "|"), blocks ("0-2,5"),
    from and to (ISO dates), label. Example: ``"network=Fox; from=2018-01-01;
    to=2018-02-28"``. An empty spec selects everything.
    """
    fields: dict[str, object] = {}
    for item in spec.split(";"):
        item = item.strip()
        if not item:
            continue
        if "=" not in item:
            raise ValueError(f"group {spec!r}: expected key=value, got {item!r}")
        key, value = (x.strip() for x in item.split("=", 1))
        key = key.lower()
        try:
            if key in {"network", "show", "transcript"}:
                fields[key] = tuple(v.strip() for v in value.split("|") if v.strip())
            elif key in {"blocks", "block"}:
                fields["blocks"] = _block_range(value)
            elif key == "from":
                fields["date_from"] = date.fromisoformat(value)
            elif key == "to":
                fields["date_to"] = date.fromisoformat(value)
            elif key == "label":
                fields["label"] = value
            else:
                raise ValueError(f"unknown key {key!r}")
        except ValueError as exc:
            raise ValueError(f"group {spec!r}: {exc}") from None
    name = label or str(fields.pop("label", "")) or _describe(fields)
    fields.pop("label", None)
    return Group(label=name, **fields)  # type: ignore[arg-type]


def _describe(fields: dict[str, object]) -> str:
    parts: list[str] = []
    for key in ("network", "show", "transcript"):
        if fields.get(key):
            parts.append(" or ".join(fields[key]))  # type: ignore[arg-type]
    if fields.get("blocks"):
        blocks = fields["blocks"]
        assert isinstance(blocks, tuple)
        shown = f"{blocks[0]}-{blocks[-1]}" if len(blocks) > 1 else str(blocks[0])
        parts.append(f"blocks {shown}")
    low, high = fields.get("date_from"), fields.get("date_to")
    if low or high:
        parts.append(f"{low or '…'} to {high or '…'}")
    return ", ".join(parts) or "all"


def select(frame: pd.DataFrame, group: Group) -> pd.Series:
    """Boolean mask of the rows of ``frame`` in ``group``.

    ``frame`` needs the columns the group uses: transcript (and file), block, network,
    show, air_date (see :func:`attach`). Network and show match case-insensitively, and a
    network also matches by its first word ("Fox" selects "Fox News").
    """
    mask = pd.Series(True, index=frame.index)
    for key in ("network", "show"):
        wanted = getattr(group, key)
        if wanted:
            values = frame[key].astype(str).str.casefold()
            names = {w.casefold() for w in wanted}
            hit = values.isin(names)
            if key == "network":  # "Fox" also names "Fox News"
                hit |= values.str.split().str[0].isin(names)
            mask &= hit
    if group.transcript:
        wanted = set(group.transcript)
        ids = frame["transcript"].astype(str)
        hit = ids.isin(wanted) | ids.map(lambda s: _stem(s) in wanted)
        if "file" in frame.columns:
            hit |= frame["file"].astype(str).map(lambda s: _stem(s) in wanted)
        mask &= hit
    if group.blocks:
        mask &= frame["block"].isin(group.blocks)
    if group.date_from or group.date_to:
        dates = pd.to_datetime(frame["air_date"], errors="coerce").dt.date
        if group.date_from:
            mask &= dates.map(lambda d: d is not None and not pd.isna(d) and d >= group.date_from)
        if group.date_to:
            mask &= dates.map(lambda d: d is not None and not pd.isna(d) and d <= group.date_to)
    return mask.astype(bool)


def _stem(path: str) -> str:
    name = path.replace("\\", "/").rsplit("/", 1)[-1]
    return name.rsplit(".", 1)[0] if "." in name else name


def default_groups(transcripts: pd.DataFrame, blocks: pd.DataFrame) -> tuple[Group, Group]:
    """The comparison to show when none is asked for.

    With MSNBC and Fox transcripts aired in January-February 2018: those two networks over
    those months. Otherwise, the first transcript split in two: its blocks before the middle
    against the rest.
    """
    first_word = (
        transcripts.get("network", pd.Series(dtype=str))
        .astype(str)
        .str.casefold()
        .str.split()
        .str[0]
    )
    if {"msnbc", "fox"} <= set(first_word):
        dated = pd.to_datetime(transcripts["air_date"], errors="coerce")
        window = (dated >= "2018-01-01") & (dated <= "2018-02-28")
        if {"msnbc", "fox"} <= set(first_word[window]):
            a = parse_group(
                "network=MSNBC; from=2018-01-01; to=2018-02-28; label=MSNBC, Jan-Feb 2018"
            )
            b = parse_group("network=Fox; from=2018-01-01; to=2018-02-28; label=Fox, Jan-Feb 2018")
            return a, b
    first = str(sorted(transcripts["transcript"].astype(str))[0])
    numbers = sorted(int(b) for b in blocks.loc[blocks["transcript"].astype(str) == first, "block"])
    if len(numbers) < 2:
        numbers = [*numbers, *numbers] or [0, 0]
    half = len(numbers) // 2
    first_half, second_half = numbers[:half], numbers[half:]
    name = _broadcast_name(transcripts, first)
    a = Group(
        label=f"stories {first_half[0] + 1}-{first_half[-1] + 1} of {name}",
        transcript=(first,),
        blocks=tuple(first_half),
    )
    b = Group(
        label=f"stories {second_half[0] + 1}-{second_half[-1] + 1} of {name}",
        transcript=(first,),
        blocks=tuple(second_half),
    )
    return a, b


def _broadcast_name(transcripts: pd.DataFrame, transcript: str) -> str:
    """The "show, date" of one transcript, for a reader; its id when the table lacks them."""
    rows = transcripts.loc[transcripts["transcript"].astype(str) == transcript]
    if rows.empty or "show" not in rows or pd.isna(rows["show"].iloc[0]):
        return _stem(transcript)
    date = rows["air_date"].iloc[0] if "air_date" in rows else None
    when = "" if date is None or pd.isna(date) else f", {str(date)[:10]}"
    return f"{rows['show'].iloc[0]}{when}"


#: Label of blocks without a story (a table built before the story stage).
NO_STORY_LABEL = "No story"


def attach_stories(
    frame: pd.DataFrame, block_stories: pd.DataFrame, stories: pd.DataFrame | None = None
) -> pd.DataFrame:
    """``frame`` (keyed by transcript and block) with ``story`` and ``story_label`` from the
    ``block_stories`` and ``stories`` tables; blocks without a story get -1 and
    :data:`NO_STORY_LABEL`."""
    link = block_stories[["transcript", "block", "story"]].copy()
    link["block"] = link["block"].astype(int)
    base = _with_block(frame) if "block" not in frame.columns else frame.copy()
    base = base.drop(columns=[c for c in ("story", "story_label") if c in base.columns])
    base["block"] = base["block"].fillna(0).astype(int)
    out = base.merge(link, on=["transcript", "block"], how="left")
    out["story"] = out["story"].fillna(-1).astype(int)
    labels: dict[int, str] = {-1: NO_STORY_LABEL}
    if stories is not None and len(stories):
        labels.update(
            {int(s): str(lab) for s, lab in zip(stories["story"], stories["label"], strict=True)}
        )
    out["story_label"] = [labels.get(s, f"Story {s}") for s in out["story"]]
    return out


def story_aggregate(
    coverage: pd.DataFrame,
    by: Sequence[str] = (),
    *,
    sentences: pd.DataFrame | None = None,
    seed: int = 0,
    n_boot: int = 1000,
    ci: float = 0.95,
) -> pd.DataFrame:
    """Per story (and ``by``: "network", "show", "air_date", ...): transcripts, blocks,
    words, minutes, estimated_minutes, networks (how many), and with ``sentences``
    (transcript, block, compound) n_sentences, mean_compound and its seeded bootstrap
    interval ci_low, ci_high (:func:`analytics.sentiment.aggregate`).

    ``coverage``: the coverage table with ``story`` and ``story_label``
    (:func:`attach_stories`), and the ``by`` columns (:func:`attach`). Sorted by story.
    """
    keys = ["story", "story_label", *by]
    missing = [c for c in [*keys, "transcript", "block", "words", "minutes"] if c not in coverage]
    if missing:
        raise ValueError(f"story_aggregate: missing column(s) {', '.join(missing)}")
    frame = coverage if "network" in coverage.columns else coverage.assign(network=None)
    per = _totals(frame, keys, networks=("network", "nunique"))
    if sentences is not None:
        from analytics.sentiment import aggregate as sentiment_aggregate

        blocks = frame[["transcript", "block", *keys]].drop_duplicates(["transcript", "block"])
        scored = sentences[["transcript", "block", "compound"]].merge(
            blocks, on=["transcript", "block"], how="inner"
        )
        tone = sentiment_aggregate(scored, keys, seed=seed, n_boot=n_boot, ci=ci)
        tone = tone[[*keys, "n_sentences", "mean_compound", "ci_low", "ci_high"]]
        per = per.merge(tone, on=keys, how="left")
        per["n_sentences"] = per["n_sentences"].fillna(0).astype(int)
    return per.sort_values(keys, kind="mergesort", ignore_index=True)


def story_summary(stories: pd.DataFrame) -> str:
    """One plain sentence about the stories table: how many stories, how many ran in more
    than one broadcast and on more than one network, or that no story ran twice."""
    news = stories[stories["kind"] == "story"] if "kind" in stories else stories
    n = len(news)
    if n == 0:
        return "No story blocks: there are no stories to link."
    twice = int((news["transcripts"] > 1).sum())
    networks = news["networks"].fillna("").astype(str).str.split(", ").str.len()
    shared = int(((networks > 1) & (news["networks"].fillna("") != "")).sum())
    blocks = int(news["blocks"].sum())
    head = (
        f"{n} stor{'y' if n == 1 else 'ies'} from {blocks} story block{'s' if blocks != 1 else ''}"
    )
    if twice == 0:
        return (
            f"{head}. No story ran twice: each ran in one broadcast only, so the charts below "
            "show single broadcasts and no story crosses networks."
        )
    return f"{head}: {twice} ran in more than one broadcast, {shared} on more than one network."


def person_voice(
    turns: pd.DataFrame,
    *,
    by: Sequence[str] = (),
    include_clips: bool = True,
) -> pd.DataFrame:
    """Words per person across transcripts and their share of the words spoken in each
    ``by`` group (the whole table when ``by`` is empty; e.g. ``["network"]``).

    ``turns`` needs transcript, person, person_name, speaker_kind and words (plus the
    ``by`` columns, see :func:`attach`). Columns: ``by``, person, person_name,
    speaker_kind (the kind of most of the person's words in the group: a person's kind
    belongs to each appearance), transcripts, turns, words, share. Rows: by group, most
    words first, then person.
    """
    keys = list(by)
    need = ["transcript", "person", "person_name", "speaker_kind", "words", *keys]
    missing = [c for c in need if c not in turns.columns]
    if missing:
        raise ValueError(f"person_voice: missing columns {missing} (run people resolution first)")
    voice = share_of_voice(turns, by=keys, who="person", include_clips=include_clips)
    frame = turns.copy()
    if not include_clips and "in_clip" in frame.columns:
        frame = frame[~frame["in_clip"].fillna(False).astype(bool)]
    names = frame.drop_duplicates("person").set_index("person")["person_name"]
    seen = frame.groupby([*keys, "person"], dropna=False)["transcript"].nunique()
    kind_words = (
        frame.groupby([*keys, "person", "speaker_kind"], dropna=False)["words"].sum().reset_index()
    )
    kind_words = kind_words.sort_values(
        [*keys, "person", "words", "speaker_kind"],
        ascending=[True] * (len(keys) + 1) + [False, True],
    )
    main = kind_words.drop_duplicates([*keys, "person"]).set_index([*keys, "person"])[
        "speaker_kind"
    ]
    index = [tuple(r) for r in voice[[*keys, "person"]].itertuples(index=False)]
    if not keys:
        index = [r[0] for r in index]
    voice.insert(len(keys) + 1, "person_name", [names.get(p) for p in voice["person"]])
    voice.insert(len(keys) + 2, "speaker_kind", [main.get(i) for i in index])
    voice.insert(len(keys) + 3, "transcripts", [int(seen.get(i, 0)) for i in index])
    return voice
