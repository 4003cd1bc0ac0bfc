"""Stories across broadcasts: story blocks linked into news stories, and their tables.

A story is one news event or issue as it runs across programmes, days and networks (the
State of the Union 2018, the release of the Nunes memo), finer than a topic. Blocks are
linked by the names they repeat, their distinctive words, their embeddings when the topic
stage computed them, and time (:class:`StoryLinker`).

Example::

    >>> from analytics.stories import StoryLinker  # doctest: +SKIP
    >>> linker = StoryLinker().fit(documents, names=names, embeddings=vectors)  # doctest: +SKIP
    >>> linker.labels_  # doctest: +SKIP
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
