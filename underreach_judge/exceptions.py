"""Every error this package raises on purpose.

::

    UnderreachError
    ├── ConversationError      a conversation has a shape we cannot read
    │   └── LogRowError        one row of a log file (also a RowError)
    ├── RowError               one line of an input file, with its file and line number
    │   ├── ResultRowError     one line of a results file is not a verdict
    │   └── GoldenRowError     one row of a golden set is malformed
    ├── RubricError            a rubric file is missing, not YAML, or fails validation
    ├── SuiteError             a probe suite file is missing, not YAML, or fails validation
    ├── PromptError            a judge prompt template is missing or fails to render
    ├── CalibrationError       a calibration file cannot be read
    ├── ComparisonError        two runs cannot be compared as asked
    ├── ConfigurationError     a judge spec or option cannot be used as given
    │   └── MissingDependencyError   an optional extra is not installed
    ├── BatchError             a provider batch cannot be submitted, checked or collected
    │   ├── BatchNotReady      the batch has not ended yet
    │   └── NothingToSubmit    every conversation was left out: no batch was created
    └── JudgeError             a judge call did not produce a usable verdict
        ├── BackendError       the judge backend failed (HTTP error, auth, bad request)
        │   └── TransientBackendError   worth retrying (429, 5xx, timeout, reset)
        │       └── ConnectError        the server could not be reached at all
        ├── VerdictParseError  the judge's output is not a valid verdict
        └── JudgeUnavailable   a run's first calls all failed to connect or authenticate: stopped

Grading entry points turn judge errors into verdicts with ``status`` ``"unscored"`` or
``"error"``; they only raise for problems with the caller's own input or configuration.
"""

from __future__ import annotations


class UnderreachError(Exception):
    """Base class of every error raised by underreach_judge."""


class ConversationError(UnderreachError, ValueError):
    """A conversation could not be read. The message names the message index and the problem."""


class RowError(UnderreachError, ValueError):
    """One row of an input file cannot be read. ``source`` and ``line`` say where, ``problem``
    what is wrong."""

    def __init__(self, source: str, line: int, problem: str) -> None:
        super().__init__(f"{source}:{line}: {problem}")
        self.source = source
        self.line = line
        self.problem = problem


class LogRowError(ConversationError, RowError):
    """One row of a log file could not be read as a conversation."""


class ResultRowError(RowError):
    """One line of a results file is not a verdict."""


class GoldenRowError(RowError):
    """A golden-set row is malformed."""


class RubricError(UnderreachError, ValueError):
    """A rubric could not be loaded. The message lists every bad field."""


class SuiteError(UnderreachError, ValueError):
    """A probe suite could not be loaded. The message names the file, the line and each bad field."""


class PromptError(UnderreachError):
    """A judge prompt template could not be found or rendered."""


class CalibrationError(UnderreachError, ValueError):
    """A calibration file cannot be read."""


class ComparisonError(UnderreachError, ValueError):
    """Two runs cannot be compared as asked (no scored verdicts, nothing to pair)."""


class BatchError(UnderreachError):
    """A provider batch cannot be submitted, checked or collected as asked."""


class BatchNotReady(BatchError):
    """The batch has not ended yet, so there are no results to collect."""


class NothingToSubmit(BatchError):
    """Every conversation was left out (already graded, or over the limit): no batch was created."""


class ConfigurationError(UnderreachError, ValueError):
    """A judge spec, option or environment setting cannot be used."""


class MissingDependencyError(ConfigurationError, ImportError):
    """An optional dependency is missing; the message names the extra to install."""

    def __init__(self, package: str, extra: str, purpose: str) -> None:
        super().__init__(
            f"{purpose} needs the '{package}' package. "
            f"Install it with: pip install 'underreach-judge[{extra}]'"
        )
        self.package = package
        self.extra = extra


class JudgeError(UnderreachError):
    """A judge call failed to produce a usable verdict."""


class BackendError(JudgeError):
    """The judge backend failed in a way that retrying will not fix (bad request, auth, unknown model)."""

    def __init__(self, message: str, *, status_code: int | None = None) -> None:
        super().__init__(message)
        self.status_code = status_code


class TransientBackendError(BackendError):
    """A failure worth retrying: rate limit, server error, timeout, connection reset.

    ``retry_after`` carries the server's requested wait in seconds, when it sent one.
    """

    def __init__(
        self, message: str, *, status_code: int | None = None, retry_after: float | None = None
    ) -> None:
        super().__init__(message, status_code=status_code)
        self.retry_after = retry_after


class ConnectError(TransientBackendError):
    """The judge server could not be reached (connection refused, unknown host, reset before any
    answer)."""


class JudgeUnavailable(JudgeError):
    """The first judge calls of a run all failed to connect or to authenticate, so the run was
    stopped instead of retrying every conversation. Unlike the other judge errors this one is
    raised, not turned into verdicts: nothing can be graded until the judge is reachable."""


class VerdictParseError(JudgeError):
    """The judge's output could not be parsed into a verdict. ``raw`` keeps the output."""

    def __init__(self, message: str, *, raw: str | None = None) -> None:
        super().__init__(message)
        self.raw = raw
