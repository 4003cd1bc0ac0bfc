"""Distinctive words of one group of texts against another: signed log-likelihood G2.

Follows quanteda's ``textstat_keyness(x, target, measure = "lr")``: for each word, with
``a`` its count in the target, ``b`` in the reference, ``c``/``d`` the other words of each,

    G2 = 2 * sum(O * log(O / E + 1e-9)) over the four cells,

signed positive when the word is more frequent in the target than expected, with Yates'
correction (subtract or add 0.5 towards independence when ``|ad - bc| >= N/2`` and an
expected count is below 5) by default, and ``p`` from the chi-squared distribution with one
degree of freedom.

>>> table = keyness(["the memo the memo"], ["the dossier"], correction="none")
>>> table.iloc[0]["feature"]
'memo'
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection, Iterable
from typing import Literal

import numpy as np
import pandas as pd
from scipy.stats import chi2

from analytics.words import FILLER_WORDS, straight_apostrophes

Correction = Literal["default", "yates", "williams", "none"]

_EPSILON = 1e-9
_WORD = re.compile(r"[a-z0-9]+(?:'[a-z0-9]+)*")


#: Pieces of contractions as :func:`tokenize` keeps them ("don't") or leaves them ("s").
CONTRACTIONS = frozenset(
    [
        "s",
        "t",
        "re",
        "ve",
        "ll",
        "d",
        "m",
        "don't",
        "it's",
        "that's",
        "i'm",
        "we're",
        "they're",
        "you're",
        "can't",
        "didn't",
        "doesn't",
        "isn't",
        "there's",
        "he's",
        "she's",
        "let's",
        "what's",
        "won't",
        "i've",
        "we've",
        "you've",
        "i'll",
        "we'll",
    ]
)


def english_stopwords() -> frozenset[str]:
    """English stop words: scikit-learn's list, contraction pieces and the package's
    :data:`~analytics.words.FILLER_WORDS`."""
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    return frozenset(ENGLISH_STOP_WORDS) | CONTRACTIONS | FILLER_WORDS


def tokenize(
    text: str, *, stopwords: Collection[str] | None = None, numbers: bool = True
) -> list[str]:
    """Lower-case words (letters and digits, inner apostrophes kept), minus ``stopwords``;
    ``numbers=False`` also drops tokens made only of digits.

    >>> tokenize("Trump's MEMO, released: 2018!")
    ["trump's", 'memo', 'released', '2018']
    """
    words = _WORD.findall(straight_apostrophes(text.lower()))
    if not numbers:
        words = [w for w in words if not w.isdigit()]
    if stopwords:
        return [w for w in words if w not in stopwords]
    return words


def term_counts(
    texts: Iterable[str], *, stopwords: Collection[str] | None = None, numbers: bool = True
) -> Counter[str]:
    """How often each word occurs in ``texts`` (see :func:`tokenize`)."""
    counts: Counter[str] = Counter()
    for text in texts:
        if isinstance(text, str):
            counts.update(tokenize(text, stopwords=stopwords, numbers=numbers))
    return counts


def _yates(a: np.ndarray, b: np.ndarray, c: np.ndarray, d: np.ndarray) -> np.ndarray:
    n = a + b + c + d
    small = (
        ((a + b) * (a + c) / n < 5)
        | ((a + b) * (b + d) / n < 5)
        | ((a + c) * (c + d) / n < 5)
        | ((c + d) * (b + d) / n < 5)
    )
    return np.where((np.abs(a * d - b * c) >= n / 2) & small, 0.5, 0.0)


def _williams(a: np.ndarray, b: np.ndarray, c: np.ndarray, d: np.ndarray) -> np.ndarray:
    n = a + b + c + d
    with np.errstate(divide="ignore", invalid="ignore"):
        q = 1.0 + (n / (a + b) + n / (c + d) - 1.0) * (n / (a + c) + n / (b + d) - 1.0) / (6.0 * n)
    return np.where(a * b * c * d == 0, 1.0, q)


def g2(
    a: np.ndarray,
    b: np.ndarray,
    target_total: float,
    reference_total: float,
    *,
    correction: Correction = "default",
) -> np.ndarray:
    """Signed G2 for target counts ``a`` and reference counts ``b`` (arrays of equal length)."""
    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    c = target_total - a
    d = reference_total - b
    n = a + b + c + d
    expected = (a + b) * (a + c) / n
    aa, bb, cc, dd = a, b, c, d
    if correction in {"default", "yates"}:
        delta = _yates(a, b, c, d)
        toward = np.where(a * d - b * c > 0, -delta, delta)
        aa, bb, cc, dd = a + toward, b - toward, c - toward, d + toward
    with np.errstate(divide="ignore", invalid="ignore"):
        cells = (
            _term(aa, (aa + bb) * (aa + cc) / n)
            + _term(bb, (aa + bb) * (bb + dd) / n)
            + _term(cc, (aa + cc) * (cc + dd) / n)
            + _term(dd, (bb + dd) * (cc + dd) / n)
        )
    stat = 2.0 * cells * np.where(a > expected, 1.0, -1.0)
    if correction == "williams":
        stat = stat / _williams(a, b, c, d)
    return stat


def _term(observed: np.ndarray, expected: np.ndarray) -> np.ndarray:
    """``O * log(O / E + epsilon)``, 0 where O is 0 (as the limit, and as quanteda gives)."""
    safe = np.where(expected > 0, expected, 1.0)
    value = observed * np.log(observed / safe + _EPSILON)
    return np.where(observed == 0, 0.0, value)


def keyness(
    target: Iterable[str],
    reference: Iterable[str],
    *,
    stopwords: Collection[str] | Literal["english"] | None = None,
    correction: Correction = "default",
    min_count: int = 1,
    numbers: bool = True,
) -> pd.DataFrame:
    """Words of ``target`` texts against ``reference`` texts, most distinctive first.

    Columns: feature, G2 (signed: positive = more frequent in the target), p, n_target,
    n_reference; sorted by G2 descending, then feature. ``min_count`` drops words seen fewer
    times in both groups together. ``stopwords="english"`` uses :func:`english_stopwords`;
    ``numbers=False`` leaves out tokens made only of digits. Counts (and so G2) are over the
    tokens kept.
    """
    stop = english_stopwords() if stopwords == "english" else stopwords
    counts_a = term_counts(target, stopwords=stop, numbers=numbers)
    counts_b = term_counts(reference, stopwords=stop, numbers=numbers)
    total_a, total_b = sum(counts_a.values()), sum(counts_b.values())
    columns = ["feature", "G2", "p", "n_target", "n_reference"]
    if total_a == 0 or total_b == 0:
        return pd.DataFrame(
            {c: pd.Series(dtype=object if c == "feature" else float) for c in columns}
        )
    vocabulary = sorted(set(counts_a) | set(counts_b))
    a = np.array([counts_a.get(w, 0) for w in vocabulary], dtype=float)
    b = np.array([counts_b.get(w, 0) for w in vocabulary], dtype=float)
    stat = g2(a, b, total_a, total_b, correction=correction)
    table = pd.DataFrame(
        {
            "feature": vocabulary,
            "G2": stat,
            "p": chi2.sf(np.abs(stat), 1),
            "n_target": a.astype(int),
            "n_reference": b.astype(int),
        }
    )
    table = table[(table["n_target"] + table["n_reference"]) >= min_count]
    table = table.sort_values(["G2", "feature"], ascending=[False, True], kind="stable")
    return table.reset_index(drop=True)[columns]


def distinctive(table: pd.DataFrame, n: int = 15) -> pd.DataFrame:
    """The ``n`` most distinctive words of each side: top of the target, bottom of the reference.

    Adds a column side ("target" or "reference"); the reference rows keep their negative G2.
    """
    top = table.head(n).assign(side="target")
    top = top[top["G2"] > 0]
    bottom = table.tail(n).iloc[::-1].assign(side="reference")
    bottom = bottom[bottom["G2"] < 0]
    return pd.concat([top, bottom], ignore_index=True)
