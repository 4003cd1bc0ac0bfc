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
# # 4. Topics
#
# The topics found across story blocks (BERTopic over sentence embeddings, fitted by
# `python -m analytics run` with `seed` and `backend`): their sizes and keywords, their
# share of air time over time, and per network and show.

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
freq = "M"  # period of the chart over time: "D" day, "W" week, "M" month
top_topics = 8  # topics drawn in their own colour over time; the rest are "Other topics"

# %%
t = load_tables(tables)
figures = Path(out)
figures.mkdir(parents=True, exist_ok=True)

# %%
topics = t["topics"]
table = t["coverage"]
display(topics.sort_values("size", ascending=False).head(15))

# %%
paths = plots.save(plots.topic_sizes(topics), figures / "04_topic_sizes")
display(Image(filename=str(paths[0])))

# %% [markdown]
# ## Over time
#
# Share of each period's air time by topic (periods without broadcasts are skipped).

# %%
per_period = coverage.aggregate(
    coverage.add_period(table, freq), ["period", "topic", "topic_label"], within=["period"]
)
paths = plots.save(
    plots.topics_over_time(per_period, value="minutes", freq=freq, top=top_topics),
    figures / "04_topics_over_time",
)
display(Image(filename=str(paths[0])))

# %% [markdown]
# ## Per network and per show

# %%
per_network = coverage.aggregate(table, ["network", "topic_label"], within=["network"])
paths = plots.save(
    plots.topics_per_class(per_network, by="network"), figures / "04_topics_per_network"
)
display(Image(filename=str(paths[0])))

# %%
per_show = coverage.aggregate(table, ["show", "topic_label"], within=["show"])
paths = plots.save(plots.topics_per_class(per_show, by="show"), figures / "04_topics_per_show")
display(Image(filename=str(paths[0])))
