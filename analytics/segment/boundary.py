"""The learned boundary model: logistic regression over unit features, stored as JSON.

:func:`train_boundary_model` fits scikit-learn's ``StandardScaler`` and
``LogisticRegression`` on the features of annotated transcripts (one row per candidate
unit, label 1 where a gold block starts) and keeps what prediction needs: the feature
names, the scaler's means and scales, the coefficients and intercept, and the decoding
settings (:mod:`analytics.segment.decode`), and the second pass that joins and splits the
decoded blocks (:mod:`analytics.segment.merge`). :meth:`BoundaryModel.to_json` writes them with
rounded numbers and sorted keys, so the same annotations give the same bytes;
:func:`load_model` reads them back. Prediction needs numpy only.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from importlib import resources
from pathlib import Path

import numpy as np

from analytics.segment.merge import MergeModel, merge_model_from_dict, merge_model_to_dict

#: The model shipped with the package (``python -m analytics.segment.train`` rebuilds it).
MODEL_FILE = "boundary_model.json"
_DIGITS = 6


class ModelFileError(ValueError):
    """A boundary-model file that cannot be read or does not fit the feature set."""


@dataclass(frozen=True)
class Decoding:
    """How block starts are picked from the probabilities (see :func:`best_starts`), and
    the merge probabilities above which two decoded blocks are joined and below which a
    block is split (:func:`analytics.segment.merge.merge_blocks`, ``split_blocks``)."""

    cost: float = -2.25
    min_words: int = 100
    min_first: int = 20
    min_last: int = 60
    merge_threshold: float = 0.5
    split_threshold: float = 0.25


@dataclass(frozen=True)
class BoundaryModel:
    """Coefficients of a fitted boundary classifier and how it was trained."""

    features: tuple[str, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    coef: tuple[float, ...]
    intercept: float
    decoding: Decoding = field(default_factory=Decoding)
    training: dict[str, object] = field(default_factory=dict)
    merge: MergeModel | None = None

    def predict_proba(self, matrix: np.ndarray) -> np.ndarray:
        """Probability that a block starts at each row of ``matrix``."""
        x = (np.asarray(matrix, dtype=float) - np.asarray(self.mean)) / np.asarray(self.scale)
        z = x @ np.asarray(self.coef) + self.intercept
        return 1.0 / (1.0 + np.exp(-np.clip(z, -50, 50)))

    def weights(self) -> dict[str, float]:
        """Coefficient per feature (on standardised features), largest magnitude first."""
        pairs = sorted(zip(self.features, self.coef, strict=True), key=lambda p: (-abs(p[1]), p[0]))
        return dict(pairs)

    def to_json(self) -> str:
        """The model as JSON text: sorted keys, numbers rounded to 6 decimals."""

        def r(values: Sequence[float]) -> list[float]:
            return [round(float(v), _DIGITS) for v in values]

        payload: dict[str, object] = {
            "kind": "logistic-regression",
            "features": list(self.features),
            "mean": r(self.mean),
            "scale": r(self.scale),
            "coef": r(self.coef),
            "intercept": round(float(self.intercept), _DIGITS),
            "decoding": asdict(self.decoding),
            "training": self.training,
        }
        if self.merge is not None:
            payload["merge"] = merge_model_to_dict(self.merge)
        return json.dumps(payload, indent=1, sort_keys=True) + "\n"


def model_from_json(text: str, features: Sequence[str] | None = None) -> BoundaryModel:
    """Read a model written by :meth:`BoundaryModel.to_json`.

    With ``features`` given, the file must name exactly those features in that order.
    """
    try:
        data = json.loads(text)
        model = BoundaryModel(
            features=tuple(data["features"]),
            mean=tuple(data["mean"]),
            scale=tuple(data["scale"]),
            coef=tuple(data["coef"]),
            intercept=float(data["intercept"]),
            decoding=Decoding(**data["decoding"]),
            training=dict(data.get("training", {})),
            merge=merge_model_from_dict(data["merge"]) if "merge" in data else None,
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise ModelFileError(f"not a boundary model: {exc}") from exc
    sizes = {len(model.features), len(model.mean), len(model.scale), len(model.coef)}
    if len(sizes) != 1:
        raise ModelFileError("boundary model: features, mean, scale and coef differ in length")
    if features is not None and tuple(features) != model.features:
        raise ModelFileError(
            "boundary model was trained on other features; rebuild it with "
            "`python -m analytics.segment.train`"
        )
    return model


def load_model(
    path: str | Path | None = None, features: Sequence[str] | None = None
) -> BoundaryModel:
    """The model in ``path``, or the one shipped with the package when ``path`` is None."""
    if path is None:
        text = resources.files("analytics.segment").joinpath(MODEL_FILE).read_text("utf-8")
    else:
        text = Path(path).read_text(encoding="utf-8")
    return model_from_json(text, features)


def train_boundary_model(
    matrices: Sequence[np.ndarray],
    labels: Sequence[np.ndarray],
    features: Sequence[str],
    *,
    C: float = 1.0,
    random_state: int = 0,
    decoding: Decoding | None = None,
    training: dict[str, object] | None = None,
) -> BoundaryModel:
    """Fit the scaler and logistic regression on the rows after each transcript's first.

    ``matrices[i]`` holds one transcript's unit features and ``labels[i]`` its 0/1 labels;
    row 0 (the body start) is left out, as it is never a candidate.
    """
    from analytics.segment.logistic import fit_standardised_logistic

    if not matrices:
        raise ValueError("no annotated transcript to train on")
    x = np.vstack([np.asarray(m, dtype=float)[1:] for m in matrices])
    y = np.concatenate([np.asarray(v)[1:] for v in labels])
    if x.shape[1] != len(features):
        raise ValueError(f"{x.shape[1]} feature columns, {len(features)} names")
    if len(set(y.tolist())) < 2:
        raise ValueError("the annotations give no block start (or nothing but starts)")
    mean, scale, clf = fit_standardised_logistic(x, y, C=C, random_state=random_state)
    info = dict(training or {})
    info.update({"C": C, "random_state": random_state, "rows": int(len(y)), "starts": int(y.sum())})
    model = BoundaryModel(
        features=tuple(features),
        mean=tuple(round(float(v), _DIGITS) for v in mean),
        scale=tuple(max(round(float(v), _DIGITS), 1e-6) for v in scale),
        coef=tuple(round(float(v), _DIGITS) for v in clf.coef_[0]),
        intercept=round(float(clf.intercept_[0]), _DIGITS),
        decoding=decoding or Decoding(),
        training=info,
    )
    return model
