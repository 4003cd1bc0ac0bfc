"""Decoding: every encoding, wrapper and damage case named after the quirk it pins down."""

from __future__ import annotations

import codecs
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analytics.errors import InputError, TranscriptFormatError
from analytics.ingest.decode import decode, decode_bytes, read_text
from analytics.ingest.html import html_to_text, looks_like_html

TEXT = "ANDERSON COOPER, CNN ANCHOR: Caf\u00e9 \u201cquoted\u201d \u2014 fine.\nBASH: Yes.\n"


def test_utf8_without_bom() -> None:
    assert decode(TEXT.encode("utf-8")).text == TEXT


def test_utf8_with_bom_drops_the_mark() -> None:
    decoded = decode(codecs.BOM_UTF8 + TEXT.encode("utf-8"))
    assert decoded.text == TEXT
    assert decoded.encoding == "utf-8"


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_utf16_and_utf32_with_and_without_bom(codec: str) -> None:
    decoded = decode(TEXT.encode(codec))
    assert decoded.text == TEXT
    assert decoded.encoding.startswith(codec[:6])


def test_utf16_cut_in_the_middle_of_a_character_keeps_the_rest() -> None:
    data = TEXT.encode("utf-16")[:-1]
    assert decode(data).text == TEXT[:-1]


def test_windows_1252_curly_quotes_and_dashes() -> None:
    decoded = decode(TEXT.encode("cp1252"))
    assert decoded.text == TEXT
    assert decoded.encoding == "cp1252"


def test_latin1_reads_as_its_windows_1252_superset() -> None:
    text = "COOPER: Se\u00f1or Mu\u00f1oz, d\u00e9j\u00e0 vu.\n"
    assert decode(text.encode("latin-1")).text == text


def test_mixed_encodings_are_decoded_line_by_line() -> None:
    utf8_line = "COOPER: Caf\u00e9 \u2014 one.\n"
    cp1252_line = "BASH: \u201ctwo\u201d.\n"
    decoded = decode(utf8_line.encode("utf-8") + cp1252_line.encode("cp1252"))
    assert decoded.text == utf8_line + cp1252_line
    assert decoded.encoding == "mixed"


def test_nul_bytes_are_removed() -> None:
    decoded = decode(b"COOPER: Hi\x00 there.\n")
    assert decoded.text == "COOPER: Hi there.\n"
    assert decoded.nul_removed == 1


def test_nul_padding_after_a_cut_file_is_removed() -> None:
    decoded = decode(b"COOPER: Hi there.\n" + b"\x00" * 5000)
    assert decoded.text == "COOPER: Hi there.\n"


def test_crlf_and_lone_cr_become_lf() -> None:
    assert decode_bytes(b"A: one\r\nB: two\rC: three\n") == "A: one\nB: two\nC: three\n"


def test_non_breaking_spaces_are_kept_so_offsets_hold() -> None:
    text = "Aired August 21, 2019 - 17:00 \u00a0 ET\nCOOPER: Hi.\n"
    decoded = decode(text.encode("utf-8")).text
    assert decoded == text
    assert decoded.index("COOPER") == text.index("COOPER")


def test_stray_byte_order_marks_inside_the_text_are_removed() -> None:
    data = b"COOPER: one.\n" + codecs.BOM_UTF8 + b"BASH: two.\n"
    assert decode(data).text == "COOPER: one.\nBASH: two.\n"


def test_empty_file_is_refused() -> None:
    with pytest.raises(TranscriptFormatError, match="empty file"):
        decode(b"", source="x.txt")


def test_white_space_only_is_refused() -> None:
    with pytest.raises(TranscriptFormatError, match="no text"):
        decode(b" \n\r\n\t\n")


def test_random_binary_is_refused() -> None:
    data = random.Random(7).randbytes(4096)
    with pytest.raises(TranscriptFormatError, match="binary file"):
        decode(data)


@pytest.mark.parametrize(
    ("data", "what"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "PDF"),
        (b"PK\x03\x04\x14\x00\x06\x00", "ZIP"),
        (b"\x1f\x8b\x08\x00", "gzip"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "PNG"),
    ],
)
def test_binary_formats_are_named(data: bytes, what: str) -> None:
    with pytest.raises(TranscriptFormatError, match=what):
        decode(data, source="x.txt")


def test_nul_heavy_data_that_is_not_utf16_is_binary() -> None:
    with pytest.raises(TranscriptFormatError, match="binary file"):
        decode(b"\x00\x00\x00\x01ab\x00\x00\x00\x02cd" * 200)


def test_file_above_the_size_limit_is_refused() -> None:
    with pytest.raises(TranscriptFormatError, match="too large"):
        decode(b"COOPER: hi.\n" * 10, max_bytes=50)


def test_huge_single_line_decodes() -> None:
    line = ("COOPER: " + "word " * 1_000_000).encode()
    assert len(decode(line).text) == len(line)


def test_read_text_missing_file_is_an_input_error(tmp_path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_text(tmp_path / "missing.txt")
    with pytest.raises(InputError, match="directory"):
        read_text(tmp_path)


def test_saved_web_page_becomes_its_text() -> None:
    page = (
        "<!DOCTYPE html><html><head><title>CNN</title><style>p {color: red}</style>"
        "<script>var x = '<p>NOT: text</p>';</script></head><body><nav>Menu</nav>"
        "<p>ANDERSON COOPER, CNN ANCHOR: Hi &amp; welcome.<br>Second line.</p>"
        "<p>BASH:   It\u00a0is \n so.</p></body></html>"
    )
    decoded = decode(page.encode("utf-8"))
    assert decoded.html
    assert decoded.text == (
        "ANDERSON COOPER, CNN ANCHOR: Hi & welcome.\nSecond line.\n\nBASH: It\u00a0is so."
    )


def test_web_page_truncated_mid_tag_keeps_the_text_before_the_cut() -> None:
    assert html_to_text('<html><body><p>COOPER: Hi.</p><p class="bo') == "COOPER: Hi."


def test_web_page_with_no_visible_text_is_refused() -> None:
    with pytest.raises(TranscriptFormatError, match="no visible text"):
        decode(b"<html><head><script>x()</script></head><body></body></html>")


def test_transcript_quoting_a_tag_is_not_a_web_page() -> None:
    assert not looks_like_html("COOPER: type <p> to start a paragraph.\n")
    assert decode(b"COOPER: type <p> here.\n").text == "COOPER: type <p> here.\n"


@given(st.binary(max_size=2048))
@settings(max_examples=300, deadline=None)
def test_any_bytes_decode_or_raise_a_format_error(data: bytes) -> None:
    try:
        text = decode(data).text
    except TranscriptFormatError:
        return
    assert "\r" not in text
    assert "\x00" not in text


@given(
    st.text(
        alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\x00\ufeff<"),
        min_size=1,
    )
)
@settings(max_examples=200, deadline=None)
def test_clean_utf8_text_round_trips_exactly(text: str) -> None:
    try:
        decoded = decode(text.encode("utf-8")).text
    except TranscriptFormatError:
        return  # white space only, or control characters: refused, never mangled
    assert decoded == text


def test_page_with_malformed_marked_section_reads_as_text() -> None:
    """Found by fuzzing: Python 3.11's html.parser asserts on ``<![bogus``."""
    page = "<!DOCTYPE html><html><body><p>COOPER: Hi.</p><![bogus <p>BASH: Yes.</p>"
    text = decode(page.encode()).text
    assert "COOPER: Hi." in text
    assert "BASH: Yes." in text
