"""Topics over story blocks: embedding backends, a BERTopic fit sized to the corpus, tables.

Example::

    >>> from analytics.topics import fit_topics, tables  # doctest: +SKIP
    >>> result = fit_topics(documents, backend="minilm", seed=0)  # doctest: +SKIP
    >>> tables.topic_info(result)  # doctest: +SKIP
"""

from analytics.topics import tables
from analytics.topics.documents import (
    documents_from_transcripts,
    passages,
    sort_documents,
    stand_in_blocks,
    transcript_stop_words,
)
from analytics.topics.embed import (
    Embedder,
    EmbeddingCache,
    HashEmbedder,
    MiniLMEmbedder,
    TfidfEmbedder,
    embed_texts,
    make_embedder,
)
from analytics.topics.model import TopicConfig, TopicResult, fit_topics

__all__ = [
    "EmbeddingCache",
    "Embedder",
    "HashEmbedder",
    "MiniLMEmbedder",
    "TfidfEmbedder",
    "TopicConfig",
    "TopicResult",
    "documents_from_transcripts",
    "embed_texts",
    "fit_topics",
    "make_embedder",
    "passages",
    "sort_documents",
    "stand_in_blocks",
    "tables",
    "transcript_stop_words",
]
