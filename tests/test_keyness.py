"""Keyness (signed G2, as quanteda's textstat_keyness) against hand-computed cases."""

from __future__ import annotations

import math

import pytest
from scipy.stats import chi2

from analytics.keyness import distinctive, english_stopwords, keyness, tokenize


def _g2_by_hand(a: float, b: float, c: float, d: float) -> float:
    n = a + b + c + d
    cells = [
        (a, (a + b) * (a + c) / n),
        (b, (a + b) * (b + d) / n),
        (c, (a + c) * (c + d) / n),
        (d, (b + d) * (c + d) / n),
    ]
    value = 2 * sum(o * math.log(o / e) for o, e in cells if o > 0)
    return value if a > (a + b) * (a + c) / n else -value


def test_tokenize_lower_cases_and_keeps_inner_apostrophes() -> None:
    assert tokenize("Trump\u2019s MEMO, released: 2018!") == ["trump's", "memo", "released", "2018"]
    assert tokenize("The memo and the FBI", stopwords={"the", "and"}) == ["memo", "fbi"]
    assert tokenize("21 dead, 2,000 hurt in 2015", numbers=False) == ["dead", "hurt", "in"]
    assert tokenize("Don`t, didn\u00b4t, doesn\u2019t") == ["don't", "didn't", "doesn't"]


def test_g2_matches_the_hand_computed_value_without_correction() -> None:
    # target: memo 10 of 100 words; reference: memo 2 of 100 words
    target = ["memo " * 10 + "alpha " * 90]
    reference = ["memo " * 2 + "beta " * 98]
    table = keyness(target, reference, correction="none").set_index("feature")
    expected = _g2_by_hand(10, 2, 90, 98)
    assert expected == pytest.approx(6.16268, abs=1e-4)
    assert table.loc["memo", "G2"] == pytest.approx(expected, rel=1e-6)
    assert table.loc["memo", "p"] == pytest.approx(chi2.sf(expected, 1))
    assert table.loc["memo", "n_target"] == 10 and table.loc["memo", "n_reference"] == 2
    # a word of the reference only is negative; of the target only, positive
    assert table.loc["beta", "G2"] < 0 < table.loc["alpha", "G2"]
    assert table.loc["beta", "G2"] == pytest.approx(_g2_by_hand(0, 98, 100, 2), rel=1e-6)


def test_default_yates_correction_on_small_counts() -> None:
    # "rare": 3 of 50 target words, 0 of 50 reference words; expected 1.5 < 5 -> Yates 0.5
    target = ["rare " * 3 + "word " * 47]
    reference = ["word " * 50]
    table = keyness(target, reference).set_index("feature")
    assert table.loc["rare", "G2"] == pytest.approx(_g2_by_hand(2.5, 0.5, 47.5, 49.5), rel=1e-6)
    plain = keyness(target, reference, correction="none").set_index("feature")
    assert plain.loc["rare", "G2"] > table.loc["rare", "G2"] > 0


def test_williams_correction_divides_g2() -> None:
    target = ["memo " * 10 + "alpha " * 90]
    reference = ["memo " * 2 + "alpha " * 98]
    a, b, c, d = 10, 2, 90, 98
    n = a + b + c + d
    q = 1 + (n / (a + b) + n / (c + d) - 1) * (n / (a + c) + n / (b + d) - 1) / (6 * n)
    table = keyness(target, reference, correction="williams").set_index("feature")
    assert table.loc["memo", "G2"] == pytest.approx(_g2_by_hand(a, b, c, d) / q, rel=1e-6)


def test_sorted_by_signed_g2_and_split_by_side() -> None:
    table = keyness(
        ["the memo the memo the memo nunes"],
        ["the dossier the dossier steele"],
        stopwords="english",
    )
    assert "the" not in set(table["feature"])
    assert table["G2"].is_monotonic_decreasing
    assert table.iloc[0]["feature"] == "memo"
    assert table.iloc[-1]["feature"] == "dossier"
    sides = distinctive(table, n=2)
    assert sides[sides["side"] == "target"]["feature"].tolist() == ["memo", "nunes"]
    assert sides[sides["side"] == "reference"]["feature"].tolist() == ["dossier", "steele"]


def test_empty_side_gives_empty_table_and_stopwords_exist() -> None:
    assert keyness([], ["a b"]).empty
    assert {"the", "and", "going"} <= english_stopwords()
