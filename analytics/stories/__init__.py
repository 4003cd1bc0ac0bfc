"""Stories across broadcasts: story blocks linked into news stories, and their tables.

A story is one news event or issue as it runs across programmes, days and networks (the
State of the Union 2018, the release of the Nunes memo), finer than a topic. Blocks are
linked by the names they repeat, their distinctive words, their embeddings when the topic
stage computed them, and time (:class:`StoryLinker`).

The names a block repeats are what links it first (speaker tags and staff are not content)::

    >>> import pandas as pd
    >>> from analytics.stories import names_from_documents
    >>> docs = pd.DataFrame({"transcript": ["a", "a"], "block": [0, 1], "text": [
    ...     "Given the memo, we wait. Nunes wrote it.", "Later the Nunes memo came out."]})
    >>> names_from_documents(docs)[["block", "name", "count"]].values.tolist()
    [[0, 'nunes', 1], [1, 'nunes', 1]]

:func:`analytics.stories.build.build_stories` links a corpus's blocks and makes the
``stories`` and ``block_stories`` tables; ``python -m analytics stories`` prints them.
"""

from analytics.stories.features import FEATURES, LEXICAL_FEATURES, block_views, pair_features
from analytics.stories.link import (
    DEFAULT_WEIGHTS,
    DIRECT_WEIGHTS,
    EMBEDDING_WEIGHTS,
    FEATURE_SETS,
    LinkWeights,
    StoryLinker,
    cluster_pairs,
    default_weights,
    learn_weights,
)
from analytics.stories.names import block_names, names_from_documents, names_table, staff_names

__all__ = [
    "DEFAULT_WEIGHTS",
    "FEATURES",
    "FEATURE_SETS",
    "DIRECT_WEIGHTS",
    "EMBEDDING_WEIGHTS",
    "LEXICAL_FEATURES",
    "LinkWeights",
    "StoryLinker",
    "block_names",
    "block_views",
    "cluster_pairs",
    "default_weights",
    "learn_weights",
    "names_from_documents",
    "names_table",
    "pair_features",
    "staff_names",
]
