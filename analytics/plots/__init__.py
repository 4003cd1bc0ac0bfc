"""Charts: one module per chart, each ``(DataFrame, ax=None, ...) -> Figure``.

Every chart draws inside :func:`analytics.plots.style.style` (nothing changes global
matplotlib state) on a figure not registered with pyplot; :func:`save` writes PNG and SVG
with identical bytes from run to run.
"""

from analytics.plots.save import save
from analytics.plots.speakers import speaker_words, words_per_speaker
from analytics.plots.style import style

__all__ = ["save", "speaker_words", "style", "words_per_speaker"]
