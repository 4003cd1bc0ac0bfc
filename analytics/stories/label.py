"""Story labels a person recognises.

A story that ran in one broadcast takes the programme's own headline when its story list
gives one (CNN and Fox News pages list their segments; :func:`listed_headlines` says which
blocks' headlines come from such a list): the headline of its longest such block. A story across
broadcasts, or one without such a headline, is named by its most distinctive names and
words, which describe what its blocks share rather than one programme's angle on it: the
two names with the highest count x IDF over stories (a surname is dropped when a chosen
full name ends with it), then the three words with the highest TF-IDF over stories that
are not part of those names, each written as the story's texts most often write it
(:func:`as_written`: "McGahn", "FISA", "memo"), e.g. "Devin Nunes, FBI: memo, dossier,
FISA". An opening rundown is labelled "Opening rundown (<show>, <date>)".
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence

import numpy as np
import pandas as pd

from analytics.model import StoryBlock, Transcript
from analytics.words import word_counts, written_forms

__all__ = ["as_written", "listed_headlines", "story_labels"]

#: Blocks whose texts are read at once for the label words' TF-IDF (whole stories: a
#: story of more blocks is read alone).
BLOCK_CHUNK = 2000


def _block_chunks(members: Sequence[np.ndarray], size: int) -> Iterator[list[np.ndarray]]:
    """Consecutive groups of ``members`` (each a story's rows) holding at most ``size``
    rows in all, a group larger than ``size`` alone."""
    chunk: list[np.ndarray] = []
    held = 0
    for rows in members:
        if chunk and held + len(rows) > size:
            yield chunk
            chunk, held = [], 0
        chunk.append(rows)
        held += len(rows)
    if chunk:
        yield chunk


def listed_headlines(
    transcripts: Sequence[Transcript], blocks_by_transcript: Mapping[str, Sequence[StoryBlock]]
) -> pd.DataFrame:
    """``transcript, block, listed``: whether the block's headline is made of items of its
    transcript's story list (rather than key words)."""
    rows = []
    for t in transcripts:
        items = {h.strip() for h in t.headlines}
        for b in blocks_by_transcript.get(t.source, ()):
            parts = [p.strip() for p in b.headline.split("; ") if p.strip()]
            rows.append((t.source, b.index, bool(parts) and all(p in items for p in parts)))
    return pd.DataFrame(rows, columns=["transcript", "block", "listed"])


def _open_label(group: pd.DataFrame) -> str:
    first = group.iloc[0]
    show = str(first.get("show") or first.get("network") or "").strip()
    date = first.get("air_date")
    when = "" if pd.isna(date) else pd.Timestamp(date).date().isoformat()
    inside = ", ".join(p for p in (show, when) if p)
    return f"Opening rundown ({inside})" if inside else "Opening rundown"


def _name_part(
    counts: Counter[str], idf: Mapping[str, float], surface: Mapping[str, str]
) -> list[str]:
    ranked = sorted(counts, key=lambda k: (-counts[k] * idf.get(k, 1.0), -len(k.split()), k))
    chosen: list[str] = []
    for key in ranked:
        if len(chosen) == 2:
            break
        words = key.split(" ")
        if any(key == c.split(" ")[-1] or key in c.split(" ") for c in chosen):
            continue  # "nunes" after "devin nunes"
        if any(c in words for c in chosen):  # "devin nunes" after "nunes": the full form wins
            chosen = [key if c in words else c for c in chosen]
            continue
        chosen.append(key)
    return [surface.get(k, k.title()) for k in chosen]


def as_written(texts: Sequence[str], words: Sequence[str]) -> list[str]:
    """``words`` (lower case, as the TF-IDF counts them) each as ``texts`` most often write
    it (:func:`analytics.words.written_forms`; of equally frequent forms, the first in sort
    order); a word the texts never write stays as it is.

    >>> as_written(["McGahn told the memo's author", "a memo, McGahn said; Memo"],
    ...            ["mcgahn", "memo", "fisa"])
    ['McGahn', 'memo', 'fisa']
    """
    if not words:
        return []
    pattern = re.compile(r"\b(?:" + "|".join(map(re.escape, words)) + r")\b", re.IGNORECASE)
    found = sorted(form for text in texts for form in pattern.findall(text))  # ties: sort order
    forms = written_forms(found, str.lower, frozenset(words))
    return [forms.get(word, word) for word in words]


def story_labels(
    documents: pd.DataFrame,
    stories: Sequence[int] | np.ndarray,
    names: pd.DataFrame,
    *,
    listed: pd.DataFrame | None = None,
    stop_words: Sequence[str] = (),
) -> dict[int, str]:
    """Label of each story. ``documents`` sorted, ``stories`` the story of each row,
    ``names`` the blocks' names (``transcript, block, name, count`` and optionally
    ``surface``), ``listed`` from :func:`listed_headlines`."""
    from analytics.stories.tfidf import ChunkedTfidf
    from analytics.topics.documents import stop_words as topic_stop_words
    from analytics.topics.model import TOKEN_PATTERN

    frame = documents.reset_index(drop=True).assign(_story=np.asarray(stories))
    frame["_words"] = word_counts(frame["text"])
    if listed is not None and len(listed):
        flags = {(str(t), int(b)): bool(v) for t, b, v in listed.itertuples(index=False)}
        frame["_listed"] = [
            flags.get((str(t), int(b)), False)
            for t, b in zip(frame["transcript"], frame["block"], strict=True)
        ]
    else:
        frame["_listed"] = False
    story_of = {
        (str(t), int(b)): int(s)
        for t, b, s in zip(frame["transcript"], frame["block"], frame["_story"], strict=True)
    }
    per_story: dict[int, Counter[str]] = {}
    surface: dict[str, Counter[str]] = {}
    has_surface = "surface" in names.columns
    for row in names.itertuples(index=False):
        story = story_of.get((str(row.transcript), int(row.block)))
        if story is None:
            continue
        per_story.setdefault(story, Counter())[str(row.name)] += int(row.count)
        if has_surface:
            surface.setdefault(str(row.name), Counter())[str(row.surface)] += int(row.count)
    spelled = {k: c.most_common(1)[0][0] for k, c in surface.items()}
    n_stories = max(1, frame["_story"].nunique())
    df = Counter(k for counts in per_story.values() for k in counts)
    idf = {k: math.log((1 + n_stories) / (1 + d)) + 1 for k, d in df.items()}

    # plain arrays, one pass per story: per-group pandas calls cost seconds on a corpus
    story_arr = frame["_story"].to_numpy()
    order = np.argsort(story_arr, kind="stable")
    ids, starts = np.unique(story_arr[order], return_index=True)
    members = np.split(order, starts[1:])
    text_col = frame["text"]
    kind_of = frame["kind"].to_numpy(dtype=object) if "kind" in frame else None
    transcript_of = frame["transcript"].to_numpy(dtype=object)
    listed_of = frame["_listed"].to_numpy(dtype=bool)
    words_of = frame["_words"].to_numpy()
    headline_of = (
        frame["headline"].to_numpy(dtype=object)
        if "headline" in frame
        else np.full(len(frame), None, dtype=object)
    )
    # the names chosen for each story's label, and the words that may follow them: each
    # story's row of the stories' TF-IDF read in order of weight (ties: by column), its
    # first three words not already in a chosen name; rows are read a chunk of stories at
    # a time, so the matrix over every story is never held
    chosen_of = [_name_part(per_story.get(int(s), Counter()), idf, spelled) for s in ids]
    words_of_story: list[list[str]] | None = None

    def story_parts() -> Iterator[list[list[str]]]:
        """Each story's blocks' texts (a story's text is them joined), stories taken in
        chunks of about ``BLOCK_CHUNK`` blocks (a larger story alone): never every text of
        the corpus, nor a long story's whole text, as one Python string at once."""
        for part in _block_chunks(members, BLOCK_CHUNK):
            rows = np.concatenate(part)
            texts = text_col.take(rows).fillna("").astype(str).tolist()
            bounds = np.cumsum([0] + [len(idx) for idx in part])
            yield [texts[a:b] for a, b in zip(bounds[:-1], bounds[1:], strict=True)]

    try:
        # TfidfVectorizer(...).fit_transform(story texts), read chunk by chunk
        vectorizer = ChunkedTfidf(
            stop_words=topic_stop_words(stop_words),
            token_pattern=TOKEN_PATTERN,
            sublinear_tf=True,
            max_df=0.5 if len(members) >= 8 else 1.0,
        ).fit_parts(story_parts)
    except ValueError:
        pass
    else:
        vocabulary = np.empty(len(vectorizer.vocabulary_), dtype=object)
        for word, column in vectorizer.vocabulary_.items():
            vocabulary[column] = word
        words_of_story = []
        for chunk in story_parts():
            rows = vectorizer.tfidf(vectorizer.counts_parts(chunk))
            for r in range(rows.shape[0]):
                taken = {w.lower() for name in chosen_of[len(words_of_story)] for w in name.split()}
                data = rows.data[rows.indptr[r] : rows.indptr[r + 1]]
                indices = rows.indices[rows.indptr[r] : rows.indptr[r + 1]]
                ranked = np.lexsort((indices, -data))  # as a stable sort of the row
                words: list[str] = []
                for index in indices[ranked]:
                    if len(words) == 3:
                        break
                    word = str(vocabulary[index])
                    if word not in taken:
                        words.append(word)
                words_of_story.append(as_written(chunk[r], words))
            del rows

    out: dict[int, str] = {}
    for k, (story, idx) in enumerate(zip(ids.tolist(), members, strict=True)):
        story = int(story)
        if kind_of is not None and all(kind == "open" for kind in kind_of[idx]):
            out[story] = _open_label(frame.iloc[idx])
            continue
        listed_rows = idx[listed_of[idx]]
        if len(listed_rows) and len(set(transcript_of[idx].tolist())) == 1:
            # the longest listed block; the first of equals
            best = listed_rows[np.argsort(-words_of[listed_rows], kind="stable")[0]]
            out[story] = str(headline_of[best])
            continue
        chosen = chosen_of[k]
        words = words_of_story[k] if words_of_story is not None else []
        parts = [", ".join(chosen), ", ".join(words)]
        label = ": ".join(p for p in parts if p)
        out[story] = label or str(headline_of[idx[0]] or f"Story {story}")
    return out
