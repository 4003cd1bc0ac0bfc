"""Story-block segmentation: :class:`StorySegmenter` and :func:`segment`.

A story block is the longest contiguous span of a programme about one news story
(``../shared/gold/GUIDELINES.md``). Blocks partition the transcript body: the first starts
at ``Transcript.body_start``, each ends where the next starts, the last at the end of the
text; a block starts at the beginning of a line or turn (with its ``[HH:MM:SS]`` stamp), or
at a sentence when the story changes inside a paragraph.

How it works (one module each):

- :mod:`~analytics.segment.units`: the body is cut into candidate units (paragraphs,
  turns, sentences); a commercial break sticks to the unit before it.
- :mod:`~analytics.segment.cues`: structural cues per unit: a commercial break before it,
  a tease ending the block before ("coming up", "still ahead", "when we come back"), the
  host thanking a guest by name or a correspondent signing off, a transition ("now to"),
  a guest being introduced, the host taking the floor back, a timestamp jump, the end of
  the opening rundown; and against a boundary: an explicit continuation ("before the
  break"), a tease or a closing thanks at the unit itself, a start inside a paragraph.
- :mod:`~analytics.segment.cohesion`: TextTiling depth scores and a wide-window contrast
  of tf-idf vectors (and of all-MiniLM-L6-v2 sentence vectors in ``"semantic"`` mode).
- :mod:`~analytics.segment.headlines`: story-list items aligned to blocks in running order;
  key words for blocks no item covers.

Each unit's score is the weighted sum of its cues; the strongest units above the threshold
become block starts, no two closer than ``min_words`` words. A CNN story list sets a floor
on the number of blocks (half its items).

Example (from the repository's root)::

    >>> from analytics.ingest import parse_file
    >>> t = parse_file("data/raw/cnn_2015-11-20_acd.txt")
    >>> [b.headline for b in segment(t)][1]
    'Airstrikes in Syria'
"""

import sys
import types
from typing import Any

from analytics.model import StoryBlock, Transcript
from analytics.segment.cues import CUES
from analytics.segment.records import block_records
from analytics.segment.segmenter import DEFAULT_WEIGHTS, StorySegmenter, segment

__all__ = ["CUES", "DEFAULT_WEIGHTS", "StorySegmenter", "block_records", "segment"]


class _CallableModule(types.ModuleType):
    """``analytics.segment(transcript)`` is :func:`segment`: the top-level API names the
    subpackage and its function alike."""

    def __call__(self, transcript: Transcript, **options: Any) -> tuple[StoryBlock, ...]:
        return segment(transcript, **options)


sys.modules[__name__].__class__ = _CallableModule
