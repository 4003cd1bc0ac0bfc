"""Transcript analytics: broadcast news transcripts into evidence about coverage.

The public API is re-exported here and imported lazily, so ``import analytics`` (and the
``parse`` command) stays fast: heavy dependencies load only when a stage that needs them
is used.

>>> import analytics
>>> t = analytics.parse_text("ANDERSON COOPER, CNN ANCHOR: Good evening.\\n\\nCOOPER: Hi.\\n")
>>> t.speakers[0].name
'Anderson Cooper'
"""

from __future__ import annotations

import importlib
from typing import Any

from analytics.errors import AnalyticsError, InputError, TranscriptFormatError
from analytics.model import Marker, Sentence, Speaker, StoryBlock, Timestamp, Transcript, Turn

__version__ = "0.1.0"

# public name -> module that defines it
_LAZY = {
    "parse_file": "analytics.ingest",
    "parse_text": "analytics.ingest",
    "detect_format": "analytics.ingest",
}

__all__ = [
    "AnalyticsError",
    "InputError",
    "Marker",
    "Sentence",
    "Speaker",
    "StoryBlock",
    "Timestamp",
    "Transcript",
    "TranscriptFormatError",
    "Turn",
    *_LAZY,
]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'analytics' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
