"""Story-block segmentation: :class:`StorySegmenter` and :func:`segment`.

A story block is the longest contiguous span of a programme about one news story
(``../shared/gold/GUIDELINES.md``). Blocks partition the transcript body.
"""

from analytics.segment.cues import CUES
from analytics.segment.records import block_records
from analytics.segment.segmenter import DEFAULT_WEIGHTS, StorySegmenter, segment

__all__ = ["CUES", "DEFAULT_WEIGHTS", "StorySegmenter", "block_records", "segment"]
