"""One exception type per kind of failure, each naming the file and the reason."""

from __future__ import annotations


class AnalyticsError(Exception):
    """Base class: ``str(error)`` is one line fit for a user."""


class TranscriptFormatError(AnalyticsError):
    """The input is not a transcript this package can read (empty, binary, no speaker tags)."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class InputError(AnalyticsError):
    """A path given by the user is missing or unreadable."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason
