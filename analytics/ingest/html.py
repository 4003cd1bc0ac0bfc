"""Saved web pages to text with the standard library's ``html.parser``.

Scripts, styles and other non-text elements are dropped; ``<br>`` becomes a line break,
block elements start new lines and ``</p>`` leaves a blank line; entities are unescaped;
each line is stripped and runs of blank lines collapse to one. This is the conversion the
CNN pages of the shared corpus went through, so a saved page reads like its text file.
Non-breaking spaces are kept (they are not HTML whitespace).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

__all__ = ["html_to_text", "looks_like_html"]

#: Elements whose content is never text a reader sees.
_SKIP = frozenset(
    {
        "script",
        "style",
        "noscript",
        "template",
        "title",
        "svg",
        "math",
        "iframe",
        "object",
        "canvas",
        "select",
        "button",
        "nav",
        "footer",
    }
)
#: Elements that start and end a line.
_BLOCK = frozenset(
    {
        "address",
        "article",
        "aside",
        "blockquote",
        "body",
        "dd",
        "div",
        "dl",
        "dt",
        "figcaption",
        "figure",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "ol",
        "pre",
        "section",
        "table",
        "td",
        "th",
        "tr",
        "ul",
    }
)
_HTML_WS = re.compile(r"[ \t\r\n\f]+")  # HTML whitespace: NBSP is not in it
_BLANK_RUNS = re.compile(r"\n{3,}")
_CUT_TAG = re.compile(r"<[A-Za-z/!?][^>]*\Z")  # a tag cut off by the end of the file
_SNIFF = re.compile(
    r"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]|<meta\s|<(?:p|div|br|span|table)[\s/>]",
    re.IGNORECASE,
)


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip_depth = 0
        self.pre_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self.skip_depth += 1
        elif tag == "br":
            self.parts.append("\n")
        elif tag in _BLOCK or tag == "p":
            self.parts.append("\n")
            if tag == "pre":
                self.pre_depth += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br" or tag in _BLOCK or tag == "p":
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self.skip_depth = max(0, self.skip_depth - 1)
        elif tag == "p":
            self.parts.append("\n\n")
        elif tag in _BLOCK:
            self.parts.append("\n")
            if tag == "pre":
                self.pre_depth = max(0, self.pre_depth - 1)

    def handle_data(self, data: str) -> None:
        if self.skip_depth:
            return
        self.parts.append(data if self.pre_depth else _HTML_WS.sub(" ", data))


def looks_like_html(text: str) -> bool:
    """True when ``text`` is a web page rather than a plain transcript.

    The text must start with ``<`` (after white space) and name an HTML element near its
    start, so a transcript quoting one tag is not mistaken for a page.

    >>> looks_like_html("<!DOCTYPE html><html><body><p>COOPER: Hi.</p></body></html>")
    True
    >>> looks_like_html("COOPER: the <b> tag.")
    False
    """
    head = text[:65536].lstrip()
    return head.startswith("<") and _SNIFF.search(head) is not None


def html_to_text(markup: str) -> str:
    """The visible text of a page, one paragraph per line with blank lines between.

    Truncated markup (a page cut in the middle of a tag) keeps the text before the cut.

    >>> html_to_text("<p>COOPER: Hi&nbsp;there.<script>x()</script></p><p>BASH: Hi.")
    'COOPER: Hi\\xa0there.\\n\\nBASH: Hi.'
    """
    markup = _CUT_TAG.sub("", markup)
    parser = _TextExtractor()
    try:
        parser.feed(markup)
        parser.close()
    except AssertionError:
        # Python 3.11's parser asserts on malformed "<![" sections: read them as text
        parser = _TextExtractor()
        parser.feed(markup.replace("<![", "&lt;!["))
        parser.close()
    lines = (line.strip(" \t") for line in "".join(parser.parts).split("\n"))
    return _BLANK_RUNS.sub("\n\n", "\n".join(lines)).strip("\n")
