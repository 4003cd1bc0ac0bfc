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
# # 2. The rundown
#
# Each broadcast as a sequence of story blocks along its clock, coloured by topic and
# labelled by headline, and the air time each story gets. Air time comes from the
# transcript's `[HH:MM:SS]` stamps where it has them (wall-clock time, so commercial
# breaks count), otherwise from its words at 150 words a minute; hatched bars are
# estimates.

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
broadcast = ""  # transcript id to draw in detail; empty: the first in the tables

# %%
t = load_tables(tables)
figures = Path(out)
figures.mkdir(parents=True, exist_ok=True)

# %%
table = t["coverage"]
chosen = broadcast or sorted(table["transcript"])[0]
one = table[table["transcript"] == chosen]
one[
    [
        "block",
        "headline",
        "topic_label",
        "words",
        "share",
        "start_minute",
        "minutes",
        "minutes_estimated",
    ]
]

# %%
paths = plots.save(plots.rundown(table, transcript=chosen), figures / "02_rundown")
display(Image(filename=str(paths[0])))

# %%
paths = plots.save(
    plots.air_time_per_story(
        one,
        title=f"Air time per story block ({one['show'].iloc[0]}, {one['air_date'].iloc[0]:%Y-%m-%d})",
    ),
    figures / "02_air_time_per_story",
)
display(Image(filename=str(paths[0])))

# %% [markdown]
# Who speaks in each story of this broadcast: share of its words by kind of speaker (from
# `block_turns`: a turn that runs across a block start counts in each block by its words
# on that side).

# %%
pieces = t["block_turns"][t["block_turns"]["transcript"] == chosen].merge(
    one[["transcript", "block", "headline"]], on=["transcript", "block"], how="left"
)
pieces["story"] = (
    pieces["block"].astype(str) + ". " + pieces["headline"].fillna("").str.slice(0, 40)
)
voice = coverage.share_of_voice(pieces, by=["story"], who="speaker_kind")
paths = plots.save(
    plots.share_of_voice(
        voice, group="story", title="Share of voice per story block: words by speaker kind"
    ),
    figures / "02_share_of_voice_by_block",
)
display(Image(filename=str(paths[0])))

# %% [markdown]
# ## All broadcasts
#
# Every broadcast (up to 40, by air date) as one band of its blocks; and the longest
# stories across the corpus.

# %%
paths = plots.save(plots.rundown_overview(table), figures / "02_rundown_overview")
display(Image(filename=str(paths[0])))

# %%
if table["transcript"].nunique() > 1:
    paths = plots.save(
        plots.air_time_per_story(table, title="The longest story blocks in the corpus"),
        figures / "02_longest_stories",
    )
    display(Image(filename=str(paths[0])))
