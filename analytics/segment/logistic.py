"""One fit for the segmenter's two logistic models (boundaries and merges): standardised
features, then scikit-learn's logistic regression."""

from __future__ import annotations

from typing import Any

import numpy as np


def fit_standardised_logistic(
    x: np.ndarray, y: np.ndarray, *, C: float, random_state: int
) -> tuple[np.ndarray, np.ndarray, Any]:
    """Standardise the columns of ``x`` (a constant column keeps scale 1) and fit a logistic
    regression of ``y`` on them: the columns' mean, their scale and the fitted classifier.

    >>> x = np.array([[0.0, 1.0], [1.0, 1.0], [2.0, 1.0], [3.0, 1.0]])
    >>> mean, scale, clf = fit_standardised_logistic(x, np.array([0, 0, 1, 1]), C=1.0, random_state=0)
    >>> mean.tolist(), scale.tolist(), bool(clf.coef_[0][0] > 0)
    ([1.5, 1.0], [1.118033988749895, 1.0], True)
    """
    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import StandardScaler

    scaler = StandardScaler().fit(x)
    scale = np.where(scaler.scale_ > 0, scaler.scale_, 1.0)
    clf = LogisticRegression(C=C, max_iter=5000, random_state=random_state)
    clf.fit((x - scaler.mean_) / scale, y)
    return scaler.mean_, scale, clf
