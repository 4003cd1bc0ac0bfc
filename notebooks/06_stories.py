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
# # 6. Stories across broadcasts
#
# A story is one news event or issue as it runs across programmes, days and networks (the
# State of the Union 2018, the release of the Nunes memo), finer than a topic.
# `python -m analytics run` links story blocks into stories by the names they repeat, their
# distinctive words and their air dates (`analytics.stories`). Which stories ran on more
# than one network, when, and how many minutes did each network give the biggest ones?

# %%
from pathlib import Path

from IPython.display import Image, Markdown, display

from analytics import coverage, plots
from analytics.store import load_tables

# %% tags=["parameters"]
tables = "data/processed/data_raw"  # folder of Parquet tables written by `python -m analytics run`
corpus = "data/raw"  # the transcripts those tables were built from
seed = 42  # seed of the bootstrap intervals (and of the topic model behind the tables)
backend = "minilm"  # embedding backend the tables were built with
out = "figures"  # folder the charts are written to
top_stories = 15  # stories in the minutes-per-network chart

# %%
t = load_tables(tables)
figures = Path(out)
figures.mkdir(parents=True, exist_ok=True)
stories = t["stories"]
table = coverage.attach_stories(t["coverage"], t["block_stories"], stories)
news = stories[stories["kind"] == "story"]
display(Markdown(coverage.story_summary(stories)))
display(news.sort_values("minutes", ascending=False).head(15))

# %% [markdown]
# ## Stories on more than one network
#
# One row per story, a mark at each air date it ran, its area the minutes of that day,
# its colour the network. When no story ran on more than one network (one broadcast, say)
# the chart shows every story and its title says so.

# %%
per_day = coverage.story_aggregate(
    table[table["story"].isin(news["story"])], ["air_date", "network"]
)
paths = plots.save(plots.story_timeline(per_day), figures / "06_story_timeline")
display(Image(filename=str(paths[0])))

# %% [markdown]
# ## Minutes per story and network, biggest stories

# %%
per_network = coverage.story_aggregate(
    table[table["story"].isin(news["story"])], ["network"], sentences=t["sentences"], seed=seed
)
display(per_network.sort_values("minutes", ascending=False).head(20))
paths = plots.save(plots.story_minutes(per_network, top=top_stories), figures / "06_story_minutes")
display(Image(filename=str(paths[0])))
