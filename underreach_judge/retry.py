"""The one retry policy for judge calls.

Retried: transient backend failures (429 honouring ``retry-after``, 5xx, timeouts, resets), a few
re-asks when the judge's output is not a valid verdict, and a retry with more room when the
output was cut off. Everything is bounded by a total attempt count and an overall deadline.
"""

from __future__ import annotations

import asyncio
import random
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from tenacity import AsyncRetrying, RetryCallState, stop_after_attempt, stop_before_delay

from .exceptions import TransientBackendError, VerdictParseError


class OutputTruncated(Exception):
    """The judge hit its output token limit before finishing."""

    def __init__(self, raw: str) -> None:
        super().__init__("the judge's output was cut off at its token limit")
        self.raw = raw


@dataclass(frozen=True)
class RetryPolicy:
    """Limits for one conversation's judge call. ``deadline`` is in seconds, for all attempts."""

    max_attempts: int = 6
    max_reasks: int = 2
    max_truncation_retries: int = 1
    deadline: float = 600.0
    backoff_initial: float = 1.0
    backoff_max: float = 60.0
    #: how to wait between attempts (tests pass a recorder)
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep

    def retrying(self) -> AsyncRetrying:
        """A fresh tenacity controller for one conversation."""
        counts: Counter[str] = Counter()
        limits = {
            "transient": self.max_attempts,
            "invalid": self.max_reasks,
            "truncated": self.max_truncation_retries,
        }

        def retry(state: RetryCallState) -> bool:
            kind = _kind(state)
            if kind is None:
                return False
            counts[kind] += 1
            return counts[kind] <= limits[kind]

        def wait(state: RetryCallState) -> float:
            exc = state.outcome.exception() if state.outcome else None
            if not isinstance(exc, TransientBackendError):
                return 0.0
            backoff = min(self.backoff_max, self.backoff_initial * 2 ** (counts["transient"] - 1))
            backoff *= 0.75 + random.random() * 0.25
            return float(max(backoff, exc.retry_after or 0.0))

        return AsyncRetrying(
            retry=retry,
            wait=wait,
            stop=stop_after_attempt(self.max_attempts) | stop_before_delay(self.deadline),
            sleep=self.sleep,
            reraise=True,
        )


def _kind(state: RetryCallState) -> str | None:
    exc = state.outcome.exception() if state.outcome else None
    if isinstance(exc, TransientBackendError):
        return "transient"
    if isinstance(exc, VerdictParseError):
        return "invalid"
    if isinstance(exc, OutputTruncated):
        return "truncated"
    return None
