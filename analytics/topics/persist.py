"""Save and load a fitted topic model with safetensors and JSON only (never pickle).

Layout of a saved folder::

    bertopic/              BERTopic.save(serialization="safetensors", save_ctfidf=True)
    result.json            backend, seed, path, config, documents and units with topics
    embeddings.safetensors the unit embeddings the model was fitted on
    embedder.safetensors   TF-IDF backend only: idf weights and SVD components
    embedder.json          TF-IDF backend only: vocabulary and settings

BERTopic's folder points at the local MiniLM files (a path, never a hub name) or at no
embedding model; :func:`load_result` hands BERTopic the right embedder itself, so loading
works with no network and ``transform`` on new texts uses the same backend.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from analytics.minilm import set_offline
from analytics.topics.embed import (
    Embedder,
    HashEmbedder,
    MiniLMEmbedder,
    TfidfEmbedder,
    backend_name,
)
from analytics.topics.model import TopicConfig, TopicResult, _bertopic_embedder

FORMAT = "analytics.topics/1"


def _frame_records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    out = frame.copy()
    for column in out.columns:
        if pd.api.types.is_datetime64_any_dtype(out[column]):
            out[column] = out[column].dt.strftime("%Y-%m-%d")
    out = out.astype(object).where(pd.notna(out), None)
    return [
        {k: (list(v) if isinstance(v, tuple) else v) for k, v in row.items()}
        for row in out.to_dict(orient="records")
    ]


def _embedder_kind(embedder: Embedder) -> str:
    kind = backend_name(embedder)
    return kind if kind in ("minilm", "tfidf", "hash") else "other"


def save_result(result: TopicResult, path: Path | str) -> Path:
    """Write ``result`` to the folder ``path`` (created); returns the folder."""
    from safetensors.numpy import save_file

    folder = Path(path)
    folder.mkdir(parents=True, exist_ok=True)
    kind = _embedder_kind(result.embedder)
    pointer: str | bool = str(result.embedder.path) if kind == "minilm" else False  # type: ignore[attr-defined]
    result.model.save(
        str(folder / "bertopic"),
        serialization="safetensors",
        save_ctfidf=True,
        save_embedding_model=pointer,
    )
    save_file(
        {"unit_embeddings": np.ascontiguousarray(result.unit_embeddings, dtype=np.float32)},
        str(folder / "embeddings.safetensors"),
    )
    if isinstance(result.embedder, TfidfEmbedder):
        arrays, meta = result.embedder.state()
        save_file(
            {k: np.ascontiguousarray(v) for k, v in arrays.items()},
            str(folder / "embedder.safetensors"),
        )
        (folder / "embedder.json").write_text(json.dumps(meta, sort_keys=True) + "\n")
    record = {
        "format": FORMAT,
        "backend": result.backend,
        "embedder": kind,
        "hash_dim": result.embedder.dim if isinstance(result.embedder, HashEmbedder) else None,
        "seed": result.seed,
        "path": result.path,
        "outliers_before": result.outliers_before,
        "config": asdict(result.config),
        "documents": _frame_records(result.documents),
        "units": _frame_records(result.units),
        "topics": _frame_records(result.topics),
    }
    text = json.dumps(record, ensure_ascii=False, sort_keys=True, indent=1)
    (folder / "result.json").write_text(text + "\n", encoding="utf-8")
    return folder


def _embedder_from(folder: Path, record: dict[str, Any]) -> Embedder:
    from safetensors.numpy import load_file

    kind = record["embedder"]
    if kind == "minilm":
        return MiniLMEmbedder()
    if kind == "tfidf":
        arrays = load_file(str(folder / "embedder.safetensors"))
        meta = json.loads((folder / "embedder.json").read_text())
        return TfidfEmbedder.from_state(arrays, meta)
    if kind == "hash":
        return HashEmbedder(dim=int(record["hash_dim"]))
    raise ValueError(f"{folder}: cannot rebuild embedder of kind {kind!r}")


def load_result(path: Path | str) -> TopicResult:
    """Load a folder written by :func:`save_result`, offline."""
    from safetensors.numpy import load_file

    set_offline()
    from bertopic import BERTopic

    folder = Path(path)
    record = json.loads((folder / "result.json").read_text(encoding="utf-8"))
    if record.get("format") != FORMAT:
        raise ValueError(f"{folder}: not a saved topic model ({record.get('format')!r})")
    config = TopicConfig(**record["config"])
    embedder = _embedder_from(folder, record)
    window = config.window_words if isinstance(embedder, MiniLMEmbedder) else None
    model = BERTopic.load(
        str(folder / "bertopic"),
        embedding_model=_bertopic_embedder(embedder, window, config.max_windows),
    )
    documents = pd.DataFrame(record["documents"])
    documents["air_date"] = pd.to_datetime(documents["air_date"])
    topics = pd.DataFrame(record["topics"])
    topics["words"] = topics["words"].map(tuple)
    units = pd.DataFrame(record["units"])
    embeddings = load_file(str(folder / "embeddings.safetensors"))["unit_embeddings"]
    return TopicResult(
        model=model,
        documents=documents,
        units=units,
        topics=topics,
        path=record["path"],
        backend=record["backend"],
        seed=int(record["seed"]),
        unit_embeddings=embeddings,
        outliers_before=int(record["outliers_before"]),
        config=config,
        embedder=embedder,
    )
