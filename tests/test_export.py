"""Safe outputs: CSV cells a spreadsheet would run are neutralised; HTML is escaped."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest

from analytics.export import escape_html, html_table, neutralise, safe_frame, write_csv


@pytest.mark.parametrize(
    "cell",
    ["=1+1", "+SUM(A1)", "-2+3", "@cmd", "\tTAB", "\rCR", '=HYPERLINK("http://x","y")'],
)
def test_formula_text_gets_a_leading_apostrophe(cell: str) -> None:
    assert neutralise(cell) == "'" + cell


@pytest.mark.parametrize("value", [-3, 2.5, -0.25, True, None, "COOPER: hi", "", "a=b"])
def test_numbers_and_plain_text_are_unchanged(value: object) -> None:
    assert neutralise(value) == value


def test_write_csv_neutralises_text_but_keeps_numbers(tmp_path: Path) -> None:
    frame = pd.DataFrame(
        {"speaker": ["=cmd|'/C calc'!A0", "Cooper"], "compound": [-0.5, 0.25], "n": [-3, 4]}
    )
    path = tmp_path / "out.csv"
    write_csv(frame, path)
    rows = list(csv.reader(path.open(newline="")))
    assert rows[0] == ["speaker", "compound", "n"]
    assert rows[1] == ["'=cmd|'/C calc'!A0", "-0.5", "-3"]
    assert rows[2] == ["Cooper", "0.25", "4"]
    assert frame.loc[0, "speaker"].startswith("=")  # the caller's frame is not modified


def test_safe_frame_handles_pandas_string_columns() -> None:
    frame = pd.DataFrame({"t": pd.Series(["-x", "y"], dtype="string")})
    assert safe_frame(frame)["t"].tolist() == ["'-x", "y"]


def test_html_escaping_keeps_markup_as_text() -> None:
    assert escape_html('<b onclick="x()">&') == "&lt;b onclick=&quot;x()&quot;&gt;&amp;"
    table = html_table(pd.DataFrame({"<th>": ["<script>alert(1)</script>"]}))
    assert "<script>" not in table
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in table
    assert "<th>&lt;th&gt;</th>" in table
