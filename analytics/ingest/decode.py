"""Bytes to text: the decoded text that every offset in the package indexes.

Decoding rules, in order:

1. Files that are empty, larger than ``max_bytes``, or start with the signature of a
   binary format (PDF, ZIP/DOCX, gzip, PNG, JPEG, GIF, ELF, ...) are refused with
   :class:`~analytics.errors.TranscriptFormatError` naming the reason.
2. A byte-order mark wins: UTF-8, UTF-16 (LE/BE), UTF-32 (LE/BE). Without a mark, UTF-16
   is recognised by its NUL pattern (ASCII text in UTF-16 has a NUL in every other byte).
3. Otherwise strict UTF-8 for the whole file. When that fails, the file is decoded line by
   line: each line as UTF-8 when it is valid UTF-8, else as Windows-1252, else as Latin-1
   (which never fails; it only matters for the five bytes Windows-1252 leaves undefined).
   A file that mixes encodings (a UTF-8 file with lines pasted from a Windows-1252 one)
   therefore reads correctly line by line.
4. NUL characters are removed (a stray NUL, or the padding of a file that was cut short)
   and so are stray byte-order marks (U+FEFF) inside the text; when more than 10% of the
   characters are NULs, or more than 2% are other control characters, the file is binary
   and refused.
5. Line endings are normalised to ``\\n`` (CRLF and lone CR), as Python's text mode does,
   so offsets agree with ``Path.read_text()`` on clean files.
6. A saved web page (see :func:`analytics.ingest.html.looks_like_html`) is converted to
   its visible text (:func:`analytics.ingest.html.html_to_text`).

Non-breaking spaces (U+00A0) and other Unicode are kept as they are: offsets index the
decoded text, character for character, so nothing is rewritten that a span could point at.
For a web page, offsets index the extracted text, not the markup.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from pathlib import Path

from analytics.errors import InputError, TranscriptFormatError
from analytics.ingest.html import html_to_text, looks_like_html

__all__ = ["DEFAULT_MAX_BYTES", "Decoded", "decode", "decode_bytes", "read_bytes", "read_text"]

#: Larger files are refused: no broadcast transcript comes near it.
DEFAULT_MAX_BYTES = 256 * 1024 * 1024

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: it starts with the same bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_MAGIC = (
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or DOCX/XLSX)"),
    (b"\x1f\x8b", "gzip-compressed data"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"\x7fELF", "an executable (ELF)"),
    (b"MZ\x90\x00", "an executable (PE)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an OLE document (DOC/XLS)"),
    (b"{\\rtf", "an RTF document"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"PAR1", "a Parquet file"),
    (b"BZh", "bzip2-compressed data"),
    (b"\xfd7zXZ\x00", "xz-compressed data"),
)
# C0 controls other than \t \n \v \f \r, DEL, and the C1 range (only Latin-1 produces it).
_CONTROL = re.compile(r"[\x01-\x08\x0e-\x1f\x7f-\x9f]")
_MAX_NUL_SHARE = 0.10
_MAX_CONTROL_SHARE = 0.02


@dataclass(frozen=True, slots=True)
class Decoded:
    """Decoded text and how it was obtained.

    ``encoding`` is the codec used ("utf-8", "utf-16-le", "cp1252", ...), or "mixed" when
    lines needed different codecs; ``html`` is true when the text was extracted from a
    web page; ``nul_removed`` counts the NUL characters dropped.
    """

    text: str
    encoding: str
    html: bool = False
    nul_removed: int = 0


def _utf16_by_nuls(data: bytes) -> str | None:
    """``"utf-16-le"``/``"utf-16-be"`` when the NUL pattern says so, else ``None``."""
    sample = data[:65536]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    even_nuls, odd_nuls = even.count(0), odd.count(0)
    if odd_nuls > 0.3 * len(odd) and even_nuls < 0.05 * len(even):
        return "utf-16-le"
    if even_nuls > 0.3 * len(even) and odd_nuls < 0.05 * len(odd):
        return "utf-16-be"
    return None


def _decode_lines(data: bytes) -> tuple[str, str]:
    """Line-by-line fallback: UTF-8, else Windows-1252, else Latin-1 per line."""
    used: set[str] = set()
    out: list[str] = []
    for line in data.splitlines(keepends=True):
        for encoding in ("utf-8", "cp1252", "latin-1"):
            try:
                out.append(line.decode(encoding))
            except UnicodeDecodeError:
                continue
            if not line.isascii():
                used.add(encoding)
            break
    encoding = used.pop() if len(used) == 1 else "mixed"
    return "".join(out), encoding


def _to_text(data: bytes, source: str) -> tuple[str, str]:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            body = data[len(bom) :]
            if encoding.startswith("utf-16") and len(body) % 2:
                body = body[:-1]  # cut in the middle of a character: drop the half
            try:
                return body.decode(encoding), encoding
            except UnicodeDecodeError as exc:
                raise TranscriptFormatError(
                    source, f"invalid {encoding} text at byte {exc.start + len(bom)}"
                ) from None
    utf16 = _utf16_by_nuls(data)
    if utf16 is not None:
        body = data[: len(data) - len(data) % 2]
        try:
            return body.decode(utf16), utf16
        except UnicodeDecodeError:
            pass  # not UTF-16 after all: NUL-laden bytes, judged below
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return _decode_lines(data)


def decode(data: bytes, *, source: str = "<bytes>", max_bytes: int = DEFAULT_MAX_BYTES) -> Decoded:
    """Decode transcript bytes following the module's rules; raise on non-text input.

    >>> decode("COOPER: Caf\\u00e9.\\r\\n".encode("cp1252")).encoding
    'cp1252'
    """
    if not data:
        raise TranscriptFormatError(source, "empty file")
    if len(data) > max_bytes:
        raise TranscriptFormatError(
            source, f"file too large ({len(data):,} bytes; the limit is {max_bytes:,})"
        )
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise TranscriptFormatError(source, f"binary file: {what}, not a text transcript")
    text, encoding = _to_text(data, source)
    size = max(len(text), 1)
    nuls = text.count("\x00")
    if nuls:
        if nuls > _MAX_NUL_SHARE * size and len(text.rstrip("\x00")) > 0.5 * size:
            raise TranscriptFormatError(source, f"binary file: {nuls:,} NUL bytes")
        text = text.replace("\x00", "")
    if "\ufeff" in text:
        text = text.replace("\ufeff", "")
    controls = len(_CONTROL.findall(text))
    if controls > _MAX_CONTROL_SHARE * max(len(text), 1):
        raise TranscriptFormatError(
            source, f"binary file: {100 * controls / max(len(text), 1):.0f}% control characters"
        )
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise TranscriptFormatError(source, "no text (only white space)")
    if looks_like_html(text):
        text = html_to_text(text)
        if not text.strip():
            raise TranscriptFormatError(source, "web page with no visible text")
        return Decoded(text, encoding, html=True, nul_removed=nuls)
    return Decoded(text, encoding, nul_removed=nuls)


def decode_bytes(data: bytes, *, source: str = "<bytes>") -> str:
    """Decode transcript bytes to text with normalised line endings (see :func:`decode`).

    >>> decode_bytes(b"COOPER: Hi.\\r\\n")
    'COOPER: Hi.\\n'
    """
    return decode(data, source=source).text


def read_bytes(path: str | Path) -> bytes:
    """The bytes of one input file; :class:`InputError` when it cannot be read."""
    p = Path(path)
    try:
        return p.read_bytes()
    except FileNotFoundError:
        raise InputError(str(path), "no such file") from None
    except IsADirectoryError:
        raise InputError(str(path), "is a directory") from None
    except OSError as exc:
        raise InputError(str(path), exc.strerror or "cannot be read") from None


def read_text(path: str | Path) -> str:
    """Read and decode one transcript file (see :func:`decode`)."""
    return decode(read_bytes(path), source=str(path)).text
