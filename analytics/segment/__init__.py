"""Story-block segmentation: :func:`segment` and :class:`StorySegmenter`.

A story block is the longest contiguous span of a programme about one news story
(``../shared/gold/GUIDELINES.md``). Blocks partition the transcript body: the first starts
at ``Transcript.body_start``, each ends where the next starts, the last at the end of the
text; a block starts at the beginning of a line or turn (with its ``[HH:MM:SS]`` stamp), or
at a sentence when the story changes inside a paragraph.

How it works (one module each):

- :mod:`~analytics.segment.units`: the body is cut into candidate units (paragraphs,
  turns, sentences); a commercial break sticks to the unit before it.
- :mod:`~analytics.segment.cues`: the moves the guidelines name, as pattern families:
  teases ("coming up", "still ahead", "after the break", "when we come back"), thanks and
  hand-backs, transitions ("now to", "turning to", "in other news", "one more thing",
  "let's turn to"), introductions of a guest or correspondent, continuations ("before the
  break"), the programme's welcome and sign-off.
- :mod:`~analytics.segment.cohesion`: lexical cohesion: the tf-idf cosine between the
  content words before and after each unit, at three widths, with the transcript's own IDF.
- :mod:`~analytics.segment.features`: one row of numbers per unit: structure (breaks,
  stamps, headings, turn and paragraph starts), speaker changes (the host taking the floor
  back, a voice not heard before, the guests changing), the cue families looked for just
  before or at the unit, position, the story list, cohesion.
- :mod:`~analytics.segment.boundary`: a logistic regression learned from annotated
  transcripts turns the rows into probabilities. The coefficients ship with the package
  (``boundary_model.json``); ``python -m analytics.segment.train`` rebuilds the file from
  the annotations byte for byte, and the file records what it was trained on.
- :mod:`~analytics.segment.decode`: the block starts that maximise the summed log-odds less
  a cost per block, no two closer than ``min_words`` spoken words (an exact linear-time
  dynamic programme).
- :mod:`~analytics.segment.merge`: a second pass over whole blocks: a second logistic
  model joins neighbouring blocks that tell one story (alike words, names and guests) and
  splits a block at its likeliest inner start when the halves are not one story;
  :mod:`~analytics.segment.learn` fits it on decodes of programmes the boundary model was
  not fitted on.
- :mod:`~analytics.segment.headlines`: story-list items aligned to blocks in running order;
  key words for blocks no item covers.

The result depends on the transcript and the shipped model only (no corpus statistics),
and every step but the second pass costs time linear in the number of units, whatever the
text (the second pass: blocks times vocabulary at worst, a small share in practice).

Example (from the repository's root)::

    >>> from analytics.ingest import parse_file
    >>> t = parse_file("data/raw/cnn_2015-11-20_acd.txt")
    >>> [b.headline for b in segment(t)][1]
    'Airstrikes in Syria'
"""

import sys
import types

from analytics.model import StoryBlock, Transcript
from analytics.segment.boundary import BoundaryModel, Decoding, load_model
from analytics.segment.features import FEATURES
from analytics.segment.records import block_records
from analytics.segment.segmenter import StorySegmenter, segment

__all__ = [
    "FEATURES",
    "BoundaryModel",
    "Decoding",
    "StorySegmenter",
    "block_records",
    "load_model",
    "segment",
]


class _CallableModule(types.ModuleType):
    """``analytics.segment(transcript)`` is :func:`segment`: the top-level API names the
    subpackage and its function alike."""

    def __call__(self, transcript: Transcript) -> tuple[StoryBlock, ...]:
        return segment(transcript)


sys.modules[__name__].__class__ = _CallableModule
