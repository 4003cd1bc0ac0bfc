"""Safe outputs: CSV a spreadsheet will not run, and HTML that shows transcript text as text.

A cell whose text starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is a
formula to Excel, LibreOffice and Google Sheets (CSV injection; OWASP's advice is a leading
apostrophe). :func:`neutralise` adds that apostrophe to such text; numbers, booleans and
missing values are left as they are, so ``-3`` stays the number -3.

>>> neutralise("=HYPERLINK(\\"http://x\\")")
'\\'=HYPERLINK("http://x")'
>>> neutralise(-3)
-3
>>> escape_html('<script>alert("x")</script>')
'&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;'
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

import pandas as pd

from analytics.store import atomic_path

__all__ = ["FORMULA_PREFIXES", "escape_html", "html_table", "neutralise", "safe_frame", "write_csv"]

#: First characters that make a spreadsheet evaluate a cell.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    """``value`` with a leading apostrophe when it is text a spreadsheet would evaluate."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` whose text cells (and column names) are neutralised."""
    out = frame.copy()
    for column in out.columns:
        series = out[column]
        if pd.api.types.is_object_dtype(series) or pd.api.types.is_string_dtype(series):
            out[column] = series.map(neutralise).astype(object)
    out.columns = [neutralise(str(c)) for c in out.columns]
    return out


def write_csv(frame: pd.DataFrame, path: str | Path) -> None:
    """Write ``frame`` as UTF-8 CSV with formula cells neutralised, atomically, no index."""
    with atomic_path(path) as tmp:
        safe_frame(frame).to_csv(tmp, index=False, lineterminator="\n")


def escape_html(value: object) -> str:
    """Text for HTML element content or a quoted attribute (``&``, ``<``, ``>``, quotes)."""
    return html.escape("" if value is None else str(value), quote=True)


def html_table(frame: pd.DataFrame) -> str:
    """A ``<table>`` of ``frame`` with every header and cell escaped."""
    head = "".join(f"<th>{escape_html(c)}</th>" for c in frame.columns)
    body = "".join(
        "<tr>" + "".join(f"<td>{escape_html(v)}</td>" for v in row) + "</tr>"
        for row in frame.itertuples(index=False, name=None)
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
