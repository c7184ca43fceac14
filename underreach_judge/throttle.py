"""Concurrency that finds the judge server's limit.

``AdaptiveLimit`` bounds the judge calls in flight. It starts at the concurrency asked for, halves
when the server answers 429 (once per round of calls, not once per rejected call), and climbs
back by one call per round of successes, up to the concurrency asked for (additive increase,
multiplicative decrease). The rejected call itself waits as the server's ``retry-after`` says
(see ``retry.py``), without holding a slot.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from contextvars import ContextVar

from .exceptions import BackendError, ConnectError, JudgeUnavailable, TransientBackendError

#: HTTP statuses that mean the credentials are wrong: no later call will do better
_AUTH_FAILED = (401, 403)


class AdaptiveLimit:
    """The judge calls of one run: how many may be in flight, and what has happened to them.

    ``give_up_after``: when the run's first calls all fail to connect or to authenticate, the
    call that makes it this many raises ``JudgeUnavailable`` (the run stops with one message
    instead of retrying every conversation). ``None``: never give up early.
    """

    def __init__(self, maximum: int, *, minimum: int = 1, give_up_after: int | None = None) -> None:
        self.maximum = maximum
        self.minimum = minimum
        self.limit = float(maximum)
        self.give_up_after = give_up_after
        self.in_flight = 0
        self.peak = 0
        self.decreases = 0
        #: calls answered; calls that were retries; calls that failed before any was answered
        self.answered = 0
        self.retries = 0
        self.failed_start = 0
        #: conversations being graded (in a judge call, or waiting for a slot or a retry)
        self.grading = 0
        self._last_decrease = 0.0
        self._cond = asyncio.Condition()

    @asynccontextmanager
    async def slot(self, *, retry: bool = False) -> AsyncIterator[None]:
        """Hold one call slot while the body runs; a 429 from the body shrinks the limit."""
        async with self._cond:
            await self._cond.wait_for(lambda: self.in_flight < int(self.limit))
            self.in_flight += 1
            self.peak = max(self.peak, self.in_flight)
            self.retries += retry
        started = time.monotonic()
        outcome = "ok"
        try:
            yield
        except TransientBackendError as exc:
            outcome = "rate_limited" if exc.status_code == 429 else "failed"
            self._check_start(exc)
            raise
        except BackendError as exc:
            outcome = "failed"
            self._check_start(exc)
            raise
        except BaseException:
            outcome = "failed"
            raise
        finally:
            async with self._cond:
                self.in_flight -= 1
                self.answered += outcome == "ok"
                self._adjust(outcome, started)
                self._cond.notify_all()

    def _check_start(self, exc: BackendError) -> None:
        """Count a call that could not reach the judge, or was refused its credentials, before
        any call was answered; give up when there have been enough of them."""
        dead = isinstance(exc, ConnectError) or exc.status_code in _AUTH_FAILED
        if self.answered or not dead or self.give_up_after is None:
            return
        self.failed_start += 1
        if self.failed_start >= self.give_up_after:
            what = "could not connect to the judge" if isinstance(exc, ConnectError) else "was refused"
            raise JudgeUnavailable(
                f"the first {self.failed_start} judge calls of this run all failed ({what}), so the run "
                f"was stopped; the last error: {exc}"
            ) from exc

    def _adjust(self, outcome: str, started: float) -> None:
        if outcome == "rate_limited":
            # calls sent before the last decrease saw the old limit: one decrease per round
            if started >= self._last_decrease:
                self.limit = max(float(self.minimum), self.limit / 2)
                self._last_decrease = time.monotonic()
                self.decreases += 1
        elif outcome == "ok":
            self.limit = min(float(self.maximum), self.limit + 1 / max(self.limit, 1.0))


#: the limit of the run a judge call belongs to (set by ``runner.stream`` for its tasks)
current_limit: ContextVar[AdaptiveLimit | None] = ContextVar("current_limit", default=None)
