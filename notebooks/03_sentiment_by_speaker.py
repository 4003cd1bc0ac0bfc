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
# # 3. Sentiment by speaker
#
# VADER's compound score (from -1, most negative, to +1, most positive) of every spoken
# sentence, averaged per person, per kind of speaker and per story block, with 95%
# bootstrap intervals (seeded by `seed`, so they repeat). A speaker's mean describes the
# words they spoke, including what they quote; it is no measure of their opinion.

# %%
from pathlib import Path

from IPython.display import Image, display

from analytics import coverage, plots
from analytics.sentiment import aggregate, by_person
from analytics.store import load_tables

# %% tags=["parameters"]
tables = "data/processed/data_raw"  # folder of Parquet tables written by `python -m analytics run`
corpus = "data/raw"  # the transcripts those tables were built from
seed = 42  # seed of the bootstrap intervals (and of the topic model behind the tables)
backend = "minilm"  # embedding backend the tables were built with
out = "figures"  # folder the charts are written to
broadcast = ""  # transcript id for the per-block chart; empty: the first in the tables
min_sentences = 5  # people with fewer sentences are left out of the person chart

# %%
t = load_tables(tables)
figures = Path(out)
figures.mkdir(parents=True, exist_ok=True)

# %% [markdown]
# ## By person
#
# One row per person across the corpus (`person`, from the people stage of `run`: "LEMON"
# on one show and "DON LEMON, CNN ANCHOR" on another are Don Lemon). A person's kind
# belongs to each appearance (an anchor on their own show, a guest on another): the colour
# is the kind of most of their sentences, and `kinds` lists them all.

# %%
sentences = t["sentences"]
people = by_person(sentences, seed=seed)
display(people.sort_values("n_sentences", ascending=False).head(20))

# %%
paths = plots.save(
    plots.sentiment_by_speaker(
        people,
        min_sentences=min_sentences,
        label="person_name",
        title="Sentiment by person: mean compound per sentence",
    ),
    figures / "03_sentiment_by_speaker",
)
display(Image(filename=str(paths[0])))

# %% [markdown]
# The same people on each network (a person's sentences on one network).

# %%
display(
    by_person(sentences, by=["network"], seed=seed)
    .sort_values("n_sentences", ascending=False)
    .head(20)
)

# %% [markdown]
# ## By kind of speaker
#
# Sound bites (turns inside video clips) are kept; the second table leaves them out.

# %%
kinds = aggregate(sentences, ["speaker_kind"], seed=seed)
paths = plots.save(plots.sentiment_by_kind(kinds), figures / "03_sentiment_by_kind")
display(Image(filename=str(paths[0])))
display(kinds)

# %%
display(aggregate(sentences[~sentences["in_clip"].astype(bool)], ["speaker_kind"], seed=seed))

# %% [markdown]
# ## Per story block of one broadcast

# %%
chosen = broadcast or sorted(sentences["transcript"])[0]
blocks = aggregate(sentences[sentences["transcript"] == chosen], ["transcript", "block"], seed=seed)
blocks = coverage.attach(
    blocks.merge(
        t["blocks"][["transcript", "block", "headline"]], on=["transcript", "block"], how="left"
    ),
    t["transcripts"],
)
paths = plots.save(
    plots.sentiment_by_block(blocks, transcript=chosen), figures / "03_sentiment_by_block"
)
display(Image(filename=str(paths[0])))
