"""One exception type per kind of failure, each naming what failed and the reason.

``exit_status`` is what the command line exits with: 2 for input it cannot read, 1 for a
run that could not be completed (a stage that fails, an output folder it cannot write).
"""

from __future__ import annotations


class AnalyticsError(Exception):
    """Base class: ``str(error)`` is one line fit for a user."""

    exit_status = 2

    def __init__(self, subject: str, reason: str, message: str | None = None) -> None:
        super().__init__(message or f"{subject}: {reason}")
        self.subject = subject
        self.reason = reason

    def __reduce__(self) -> tuple[object, ...]:
        # raised in worker processes and sent back to the parent: pickle the arguments
        return (type(self), (self.subject, self.reason))


class TranscriptFormatError(AnalyticsError):
    """The input is not a transcript this package can read (empty, binary, no speaker tags)."""

    @property
    def path(self) -> str:
        """The file that could not be read."""
        return self.subject


class InputError(AnalyticsError):
    """A path given by the user is missing or unreadable."""

    @property
    def path(self) -> str:
        """The path at fault."""
        return self.subject


class StageError(AnalyticsError):
    """A stage of the package could not run: a broken install, or an error inside it.

    >>> str(StageError("sentiment", "cannot import vaderSentiment"))
    'stage sentiment: cannot import vaderSentiment'
    """

    exit_status = 1

    def __init__(self, stage: str, reason: str) -> None:
        super().__init__(stage, reason, f"stage {stage}: {reason}")

    @property
    def stage(self) -> str:
        """The stage that failed."""
        return self.subject


class OutputError(AnalyticsError):
    """The output folder cannot be written (a full disk, no permission, not a folder)."""

    exit_status = 1

    def __init__(self, folder: str, reason: str) -> None:
        super().__init__(folder, reason, f"cannot write to {folder}: {reason}")


class OutputBusyError(AnalyticsError):
    """Another run is writing into the same output folder."""

    exit_status = 1

    def __init__(self, folder: str, reason: str) -> None:
        super().__init__(folder, reason, f"{folder} is in use: {reason}")


class NotebookError(AnalyticsError):
    """A notebook stopped on an error in one of its cells."""

    exit_status = 1


class PeopleFileError(AnalyticsError):
    """A file of person aliases (``run --people FILE``) that cannot be read as one."""

    @property
    def path(self) -> str:
        """The alias file at fault."""
        return self.subject
