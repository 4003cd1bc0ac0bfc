"""Topics over story blocks: embedding backends, a BERTopic fit sized to the corpus, tables.

Example (from the repository's root; ``backend="minilm"`` is the default and the better
model, ``"tfidf"`` the fast one)::

    >>> from analytics.ingest import parse_file
    >>> from analytics.segment import segment
    >>> from analytics.topics import documents_from_transcripts, fit_topics, tables
    >>> t = parse_file("data/raw/cnn_2015-11-20_acd.txt")
    >>> documents = documents_from_transcripts([t], {t.source: segment(t)})
    >>> result = fit_topics(documents, backend="tfidf", seed=0, cache_dir=None, progress=False)
    >>> result.backend, result.path
    ('tfidf', 'passages')
    >>> list(tables.topic_info(result).columns)
    ['topic', 'label', 'words', 'size', 'units']
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
