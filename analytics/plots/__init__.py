"""Charts: one module per chart, each ``(DataFrame, ax=None, ...) -> Figure``.

Every chart draws inside :func:`analytics.plots.style.style` (nothing changes global
matplotlib state) on a figure not registered with pyplot; :func:`save` writes PNG and SVG
with identical bytes from run to run.
"""

from analytics.plots.airtime import air_time_per_story
from analytics.plots.broadcasts import broadcasts_over_time
from analytics.plots.compare_airtime import compare_air_time
from analytics.plots.compare_sentiment import compare_sentiment
from analytics.plots.keywords import distinctive_words
from analytics.plots.rundown import rundown
from analytics.plots.rundown_overview import rundown_overview
from analytics.plots.save import save
from analytics.plots.sentiment_block import sentiment_by_block
from analytics.plots.sentiment_kind import sentiment_by_kind
from analytics.plots.sentiment_speaker import sentiment_by_speaker
from analytics.plots.speakers import speaker_words, words_per_speaker
from analytics.plots.story_minutes import story_minutes
from analytics.plots.story_timeline import story_timeline
from analytics.plots.style import style
from analytics.plots.topic_sizes import topic_sizes
from analytics.plots.topics_class import topics_per_class
from analytics.plots.topics_time import topics_over_time
from analytics.plots.voice import share_of_voice

__all__ = [
    "air_time_per_story",
    "broadcasts_over_time",
    "compare_air_time",
    "compare_sentiment",
    "distinctive_words",
    "rundown",
    "rundown_overview",
    "save",
    "sentiment_by_block",
    "sentiment_by_kind",
    "sentiment_by_speaker",
    "share_of_voice",
    "speaker_words",
    "story_minutes",
    "story_timeline",
    "style",
    "topic_sizes",
    "topics_over_time",
    "topics_per_class",
    "words_per_speaker",
]
