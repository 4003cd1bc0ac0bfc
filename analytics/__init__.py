"""Transcript analytics: broadcast news transcripts into evidence about coverage.

The public API is re-exported here and imported lazily, so ``import analytics`` (and the
``parse`` command) stays fast: heavy dependencies load only when a stage that needs them
is used. From one file to the tables of a corpus (run from the repository's root; the
``tfidf`` topic backend is the fast one, ``minilm`` the default):

>>> import tempfile
>>> import analytics
>>> t = analytics.parse_file("data/raw/cnn_2015-11-20_acd.txt")
>>> t.show, len(t.turns), t.speakers[0].name
('Anderson Cooper 360', 106, 'Anderson Cooper')
>>> blocks = analytics.segment(t)
>>> [b.headline for b in blocks][1]
'Airstrikes in Syria'
>>> sentences = analytics.score_sentences(t, blocks)
>>> list(sentences.columns[:4]), len(sentences) > 300
(['transcript', 'block', 'turn', 'speaker'], True)
>>> pieces = analytics.block_pieces(t, blocks)
>>> sum(p.words for p in pieces) == sum(turn.words for turn in t.turns)
True
>>> documents = analytics.topics.documents_from_transcripts([t], {t.source: blocks})
>>> result = analytics.fit_topics(documents, backend="tfidf", seed=0, cache_dir=None,
...                               progress=False)
>>> result.backend
'tfidf'
>>> out = tempfile.mkdtemp()
>>> options = analytics.RunOptions(backend="tfidf", workers=1, progress=False)
>>> summary = analytics.run(["data/raw"], out, options)
>>> summary.manifest["status"].tolist()
['ok']
>>> tables = analytics.load_tables(out)
>>> int(tables["blocks"]["words"].sum()) == int(tables["turns"]["words"].sum())
True
"""

from __future__ import annotations

import importlib
from typing import Any

from analytics.errors import (
    AnalyticsError,
    InputError,
    NotebookError,
    OutputBusyError,
    OutputError,
    StageError,
    TranscriptFormatError,
)
from analytics.model import Marker, Sentence, Speaker, StoryBlock, Timestamp, Transcript, Turn

__version__ = "0.1.0"

# public name -> module that defines it
_LAZY = {
    "parse_file": "analytics.ingest",
    "parse_text": "analytics.ingest",
    "detect_format": "analytics.ingest",
    "block_pieces": "analytics.blocks",
    "score_sentences": "analytics.sentiment",
    "fit_topics": "analytics.topics",
    "run": "analytics.pipeline",
    "RunOptions": "analytics.pipeline",
    "load_tables": "analytics.store",
    "collect_inputs": "analytics.inputs",
}
#: Subpackages that are part of the API: ``analytics.segment(transcript)`` calls
#: :func:`analytics.segment.segment` (the subpackage is callable).
_SUBPACKAGES = ("segment", "topics", "coverage", "plots", "blocks")

__all__ = [
    "AnalyticsError",
    "InputError",
    "Marker",
    "NotebookError",
    "OutputBusyError",
    "OutputError",
    "Sentence",
    "Speaker",
    "StageError",
    "StoryBlock",
    "Timestamp",
    "Transcript",
    "TranscriptFormatError",
    "Turn",
    *_LAZY,
    *_SUBPACKAGES,
]


def __getattr__(name: str) -> Any:
    if name in _SUBPACKAGES:
        return importlib.import_module(f"analytics.{name}")
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'analytics' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
