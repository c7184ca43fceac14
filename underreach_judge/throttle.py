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

from .exceptions import TransientBackendError


class AdaptiveLimit:
    def __init__(self, maximum: int, *, minimum: int = 1) -> None:
        self.maximum = maximum
        self.minimum = minimum
        self.limit = float(maximum)
        self.in_flight = 0
        self.peak = 0
        self.decreases = 0
        self._last_decrease = 0.0
        self._cond = asyncio.Condition()

    @asynccontextmanager
    async def slot(self) -> AsyncIterator[None]:
        """Hold one call slot while the body runs; a 429 from the body shrinks the limit."""
        async with self._cond:
            await self._cond.wait_for(lambda: self.in_flight < int(self.limit))
            self.in_flight += 1
            self.peak = max(self.peak, self.in_flight)
        started = time.monotonic()
        outcome = "ok"
        try:
            yield
        except TransientBackendError as exc:
            outcome = "rate_limited" if exc.status_code == 429 else "failed"
            raise
        except BaseException:
            outcome = "failed"
            raise
        finally:
            async with self._cond:
                self.in_flight -= 1
                self._adjust(outcome, started)
                self._cond.notify_all()

    def _adjust(self, outcome: str, started: float) -> None:
        if outcome == "rate_limited":
            # calls sent before the last decrease saw the old limit: one decrease per round
            if started >= self._last_decrease:
                self.limit = max(float(self.minimum), self.limit / 2)
                self._last_decrease = time.monotonic()
                self.decreases += 1
        elif outcome == "ok":
            self.limit = min(float(self.maximum), self.limit + 1 / max(self.limit, 1.0))


#: the limit of the batch a judge call belongs to (set by ``Judge.stream`` for its tasks)
current_limit: ContextVar[AdaptiveLimit | None] = ContextVar("current_limit", default=None)
