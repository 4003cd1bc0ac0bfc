"""Learning the segmenter from annotations: the boundary model and its merge pass.

:func:`learn` fits the boundary classifier (:func:`analytics.segment.boundary.train_boundary_model`)
on every annotated transcript, and the merge model of the second pass
(:mod:`analytics.segment.merge`) on the starts that boundary models decode on programmes
they were not fitted on, so the merge pass learns from the mistakes the decoder makes on a
programme it has never seen.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import numpy as np

from analytics.segment.boundary import BoundaryModel, Decoding, train_boundary_model
from analytics.segment.decode import decode_units, logit
from analytics.segment.features import FEATURES, UnitFeatures
from analytics.segment.merge import block_stats, merge_labels, pair_features, train_merge_model

#: A decoded start with a gold start this many spoken words away or nearer is a true one
#: when the merge model learns.
MERGE_TOLERANCE = 60


def learn(
    features: Sequence[UnitFeatures],
    labels: Sequence[np.ndarray],
    groups: Sequence[str],
    *,
    C: float = 1.0,
    random_state: int = 0,
    decoding: Decoding | None = None,
    training: dict[str, object] | None = None,
    tolerance: int = MERGE_TOLERANCE,
) -> BoundaryModel:
    """The boundary model learned from all transcripts, with its merge model.

    The merge model learns from held-out decodes: for each group (a show), a boundary
    model fitted on the other groups decodes the group's transcripts, and each start it
    picks is labelled false when no gold start lies within ``tolerance`` spoken words.
    With fewer than two groups, or no false (or no true) start, there is no merge pass.
    """
    matrices = [f.matrix for f in features]
    model = train_boundary_model(
        matrices,
        labels,
        FEATURES,
        C=C,
        random_state=random_state,
        decoding=decoding,
        training=training,
    )
    rows, outcomes = [], []
    for group in sorted(set(groups)):
        inside = [i for i, g in enumerate(groups) if g == group]
        outside = [i for i, g in enumerate(groups) if g != group]
        try:
            fold = train_boundary_model(
                [matrices[i] for i in outside],
                [labels[i] for i in outside],
                FEATURES,
                C=C,
                random_state=random_state,
            )
        except ValueError:
            continue
        for i in inside:
            feats = features[i]
            logits = logit(fold.predict_proba(feats.matrix))
            starts = decode_units(logits, feats.spoken_words, model.decoding)
            words_before = np.concatenate([[0], np.cumsum(feats.spoken_words)[:-1]])
            rows.append(pair_features(block_stats(feats), logits, starts))
            gold = np.flatnonzero(labels[i]).tolist()
            outcomes.append(merge_labels(starts, words_before, gold, tolerance))
    try:
        merge = train_merge_model(rows, outcomes, C=C, random_state=random_state)
    except ValueError:
        return model
    info = dict(model.training)
    y = np.concatenate(outcomes)
    info["merge"] = {
        "tolerance": tolerance,
        "folds": len(set(groups)),
        "rows": int(len(y)),
        "false_starts": int(y.sum()),
    }
    return replace(model, merge=merge, training=info)
