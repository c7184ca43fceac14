"""The one retry policy for judge calls.

Retried: transient backend failures (5xx, timeouts, resets), rate limits (429, honouring
``retry-after``; they have their own, larger budget, since a busy server is not a failing one), a
few re-asks when the judge's output is not a valid verdict, and a retry with more room when the
output was cut off. Each kind has its own count, and everything is bounded by an overall deadline.
"""

from __future__ import annotations

import asyncio
import random
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from tenacity import AsyncRetrying, RetryCallState, stop_before_delay

from .exceptions import TransientBackendError, VerdictParseError


class OutputTruncated(Exception):
    """The judge hit its output token limit before finishing."""

    def __init__(self, raw: str) -> None:
        super().__init__("the judge's output was cut off at its token limit")
        self.raw = raw


@dataclass(frozen=True)
class RetryPolicy:
    """Limits for one conversation's judge call. ``deadline`` is in seconds, for all attempts."""

    #: attempts after server errors, timeouts and resets
    max_attempts: int = 6
    #: waits after a 429 (each honouring the server's retry-after)
    max_rate_limited: int = 30
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
            "transient": self.max_attempts - 1,  # retries after the first attempt
            "rate_limited": self.max_rate_limited,
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
            kind = _kind(state) or "transient"
            backoff = min(self.backoff_max, self.backoff_initial * 2 ** min(counts[kind] - 1, 16))
            backoff *= 0.75 + random.random() * 0.25
            return float(max(backoff, exc.retry_after or 0.0))

        return AsyncRetrying(
            retry=retry,
            wait=wait,
            stop=stop_before_delay(self.deadline),
            sleep=self.sleep,
            reraise=True,
        )


def _kind(state: RetryCallState) -> str | None:
    exc = state.outcome.exception() if state.outcome else None
    if isinstance(exc, TransientBackendError):
        return "rate_limited" if exc.status_code == 429 else "transient"
    if isinstance(exc, VerdictParseError):
        return "invalid"
    if isinstance(exc, OutputTruncated):
        return "truncated"
    return None
