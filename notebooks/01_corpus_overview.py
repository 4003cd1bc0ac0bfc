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
# # 1. Corpus overview
#
# What is in the corpus: which networks and shows, aired when, how many words, and who
# does the talking. Reads the tables written by `python -m analytics run` and writes its
# charts to `out` (prefix `01_`).

# %%
from pathlib import Path

from IPython.display import Image, display

from analytics import coverage, plots
from analytics.store import load_tables

# %% tags=["parameters"]
tables = "data/processed/data_raw"  # folder of Parquet tables written by `python -m analytics run`
corpus = "data/raw"  # the transcripts those tables were built from
seed = 42  # seed of the bootstrap intervals (and of the topic model behind the tables)
backend = "minilm"  # embedding backend the tables were built with
out = "figures"  # folder the charts are written to

# %%
t = load_tables(tables)
figures = Path(out)
figures.mkdir(parents=True, exist_ok=True)

# %% [markdown]
# ## Transcripts, shows and dates

# %%
transcripts = t["transcripts"]
turns = t["turns"]
print(
    f"{len(transcripts)} transcripts, {transcripts['network'].nunique()} networks, "
    f"{transcripts['show'].nunique()} shows, aired {transcripts['air_date'].min()} to "
    f"{transcripts['air_date'].max()}; {int(transcripts['words'].sum()):,} words in "
    f"{len(turns):,} turns by {turns['person'].nunique():,} people "
    f"({turns['speaker'].nunique():,} distinct speaker names)"
)
(
    transcripts.groupby(["network", "show"], dropna=False)
    .agg(
        transcripts=("transcript", "size"),
        words=("words", "sum"),
        first=("air_date", "min"),
        last=("air_date", "max"),
    )
    .reset_index()
)

# %%
paths = plots.save(plots.broadcasts_over_time(transcripts), figures / "01_broadcasts_over_time")
display(Image(filename=str(paths[0])))

# %% [markdown]
# ## Who talks
#
# Words spoken per person over the whole corpus (the 20 who speak most; the rest are
# summed), coloured by the kind of most of their words. A person is counted once across
# transcripts (the `person` column of the people stage of `run`).

# %%
paths = plots.save(
    plots.words_per_speaker(
        turns,
        who="person",
        label="person_name",
        title=f"Words spoken per person ({len(transcripts)} transcripts)",
    ),
    figures / "01_words_per_speaker",
)
display(Image(filename=str(paths[0])))

# %% [markdown]
# Share of voice: of all words spoken on each network, the share by each kind of speaker.

# %%
voice = coverage.share_of_voice(
    coverage.attach(turns, transcripts), by=["network"], who="speaker_kind"
)
paths = plots.save(
    plots.share_of_voice(voice, group="network"), figures / "01_share_of_voice_by_network"
)
display(Image(filename=str(paths[0])))
display(voice)
