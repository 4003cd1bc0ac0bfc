# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.6
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 5. Comparing coverage
#
# Two groups side by side: the share of air time each topic gets, the sentiment of the
# sentences spoken about it, and the words that set each group apart (signed
# log-likelihood G2, as quanteda's `textstat_keyness`).
#
# A group is `"key=value; ..."` with keys `network`, `show`, `transcript` (several values
# separated by `|`), `blocks` (`0-2,5`), `from` and `to` (ISO dates) and `label`, e.g.
# `group_a="network=MSNBC; from=2018-01-01; to=2018-02-28"`. Left empty, the groups are
# MSNBC against Fox in January-February 2018 when the tables have both, otherwise the
# first and second half of the first broadcast's story blocks.

# %%
from pathlib import Path

import pandas as pd
from IPython.display import Image, display

from analytics import coverage, plots
from analytics.keyness import keyness
from analytics.sentiment import aggregate
from analytics.store import load_tables

# %% tags=["parameters"]
tables = "data/processed/data_raw"  # folder of Parquet tables written by `python -m analytics run`
corpus = "data/raw"  # the transcripts those tables were built from
seed = 42  # seed of the bootstrap intervals (and of the topic model behind the tables)
backend = "minilm"  # embedding backend the tables were built with
out = "figures"  # folder the charts are written to
group_a = ""  # first group (see above); empty: the default comparison
group_b = ""  # second group
min_count = 3  # words seen fewer times in both groups together are left out of the keyness table

# %%
t = load_tables(tables)
figures = Path(out)
figures.mkdir(parents=True, exist_ok=True)

# %%
transcripts = t["transcripts"]
table = t["coverage"]
default_a, default_b = coverage.default_groups(transcripts, table)
a = coverage.parse_group(group_a) if group_a else default_a
b = coverage.parse_group(group_b) if group_b else default_b
in_a, in_b = coverage.select(table, a), coverage.select(table, b)
print(
    f"A: {a.label}: {int(in_a.sum())} story blocks in {table.loc[in_a, 'transcript'].nunique()} transcripts"
)
print(
    f"B: {b.label}: {int(in_b.sum())} story blocks in {table.loc[in_b, 'transcript'].nunique()} transcripts"
)
if not in_a.any() or not in_b.any():
    raise ValueError(f"a group selects no story block: {a.label!r} or {b.label!r}")
both = pd.concat(
    [table[in_a].assign(group=a.label), table[in_b].assign(group=b.label)], ignore_index=True
)

# %% [markdown]
# ## Air time by topic

# %%
per_group = coverage.aggregate(both, ["group", "topic", "topic_label"], within=["group"])
paths = plots.save(
    plots.compare_air_time(per_group, groups=(a.label, b.label)), figures / "05_compare_air_time"
)
display(Image(filename=str(paths[0])))
display(per_group.sort_values(["group", "minutes"], ascending=[True, False]))

# %% [markdown]
# ## Sentiment by topic

# %%
sentences = coverage.attach(t["sentences"], transcripts, t["block_topics"], t["topics"])
sentences = pd.concat(
    [
        sentences[coverage.select(sentences, a)].assign(group=a.label),
        sentences[coverage.select(sentences, b)].assign(group=b.label),
    ],
    ignore_index=True,
)
by_topic = aggregate(sentences, ["group", "topic_label"], seed=seed)
paths = plots.save(
    plots.compare_sentiment(by_topic, groups=(a.label, b.label)), figures / "05_compare_sentiment"
)
display(Image(filename=str(paths[0])))

# %% [markdown]
# ## Share of voice

# %%
pieces = coverage.attach(t["block_turns"], transcripts)
pieces = pd.concat(
    [
        pieces[coverage.select(pieces, a)].assign(group=a.label),
        pieces[coverage.select(pieces, b)].assign(group=b.label),
    ],
    ignore_index=True,
)
voice = coverage.share_of_voice(pieces, by=["group"], who="speaker_kind")
paths = plots.save(
    plots.share_of_voice(voice, group="group", order=(a.label, b.label)),
    figures / "05_compare_share_of_voice",
)
display(Image(filename=str(paths[0])))

# %% [markdown]
# ## Distinctive words
#
# Words more frequent in A than B's rate predicts (positive G2) and the reverse
# (negative), over spoken sentences, English stop words and numbers left out.

# %%
words = keyness(
    sentences.loc[sentences["group"] == a.label, "text"],
    sentences.loc[sentences["group"] == b.label, "text"],
    stopwords="english",
    numbers=False,
    min_count=min_count,
)
paths = plots.save(
    plots.distinctive_words(words, labels=(a.label, b.label)), figures / "05_distinctive_words"
)
display(Image(filename=str(paths[0])))
display(pd.concat([words.head(15), words.tail(15)]))
