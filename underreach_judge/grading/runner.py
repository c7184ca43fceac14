"""Running a grader over many conversations, and from synchronous code.

- ``stream(grader, conversations)``: verdicts as they finish (or in input order), at most
  ``concurrency`` in flight, input consumed lazily, an unreadable conversation an ``error``
  verdict. Judge calls in flight adapt to the server (``throttle.py``).
- ``agrade_many`` / ``grade_many``: all verdicts, in input order.
- ``run_sync``: the bridge from synchronous code. An offline grader never waits on anything, so
  its coroutines are driven to the end directly, with no event loop.
- ``Grading``: the synchronous and batch methods every grader class shares (``grade``,
  ``grade_many``, ``stream`` ...), each a call to the functions here.
"""

from __future__ import annotations

import asyncio
import atexit
import threading
from collections.abc import AsyncIterator, Awaitable, Coroutine, Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

from ..exceptions import ConfigurationError, ConversationError
from ..rubric import Rubric
from ..throttle import AdaptiveLimit, current_limit
from ..verdict import JudgeInfo, Verdict
from .grader import ConversationLike, Grader
from .settle import invalid_conversation

T = TypeVar("T")


async def stream(
    grader: Grader,
    conversations: Iterable[ConversationLike],
    *,
    concurrency: int = 8,
    ordered: bool = False,
    limit: AdaptiveLimit | None = None,
    workers: int = 1,
) -> AsyncIterator[tuple[int, Verdict]]:
    """Grade many conversations, at most ``concurrency`` at a time, yielding
    ``(input_index, verdict)`` as each finishes, or in input order with ``ordered=True`` (at most
    ``4 * concurrency`` finished verdicts wait for an earlier one, so memory stays bounded). When a
    grading raises (``JudgeUnavailable``), the verdicts already finished are yielded before it.

    ``limit``: the adaptive bound on judge calls in flight (made from ``concurrency`` unless
    given; pass your own to watch the run, to read afterwards how far it had to back off, or to
    give up early on a judge that cannot be reached). An offline grader has nothing to bound and
    grades one conversation after another.

    ``workers``: grade in this many processes, in input order (an offline ``Judge`` only: see
    ``workers.py``; a model judge raises ``ConfigurationError``)."""
    if concurrency < 1:
        raise ConfigurationError("concurrency must be at least 1")
    if workers != 1:
        from .workers import in_processes  # it builds judges, and the judge module imports this one

        async for pair in in_processes(grader, conversations, workers=workers):
            yield pair
        return
    if grader.offline:
        for index, item in enumerate(conversations):
            yield index, await _graded(grader, item)
        return
    limit = limit or AdaptiveLimit(concurrency)
    pending: set[asyncio.Task[tuple[int, Verdict]]] = set()
    waiting: dict[int, Verdict] = {}
    next_index = 0
    items = iter(enumerate(conversations))
    exhausted = False
    done: set[asyncio.Task[tuple[int, Verdict]]] = set()
    try:
        while True:
            while not exhausted and len(pending) < concurrency and len(waiting) < 4 * concurrency:
                try:
                    index, item = next(items)
                except StopIteration:
                    exhausted = True
                    break
                pending.add(asyncio.create_task(_indexed(grader, index, item, limit)))
            if not pending:
                return
            done, pending = await asyncio.wait(pending, return_when=asyncio.FIRST_COMPLETED)
            failed: BaseException | None = None
            for task in done:
                if (exc := task.exception()) is not None:
                    failed = failed or exc
                    continue
                index, verdict = task.result()
                if not ordered:
                    yield index, verdict
                    continue
                waiting[index] = verdict
                while next_index in waiting:
                    yield next_index, waiting.pop(next_index)
                    next_index += 1
            if failed is not None:
                # the run stops (a judge that cannot be reached): verdicts already made still come
                # out, in input order past the gap, so a rerun grades only what is missing
                for index in sorted(waiting):
                    yield index, waiting.pop(index)
                raise failed
    finally:  # stopped early (an error, a consumer that stopped, Ctrl-C): nothing left running
        for task in pending:
            task.cancel()
        await asyncio.gather(*pending, *done, return_exceptions=True)


async def agrade_many(
    grader: Grader, conversations: Iterable[ConversationLike], *, concurrency: int = 8, workers: int = 1
) -> list[Verdict]:
    """Grade many conversations concurrently (an offline judge: in ``workers`` processes);
    verdicts in input order."""
    results: dict[int, Verdict] = {}
    async for index, verdict in stream(grader, conversations, concurrency=concurrency, workers=workers):
        results[index] = verdict
    return [results[i] for i in range(len(results))]


async def closing(grader: Grader, work: Awaitable[T]) -> T:
    """Run ``work``, then close the grader's connections: each synchronous call may run its own
    event loop, and pooled connections must not outlive the loop that opened them."""
    try:
        return await work
    finally:
        await grader.aclose()


def run_sync(coro: Coroutine[Any, Any, T], *, offline: bool = False) -> T:
    """Run a coroutine to completion from synchronous code.

    ``offline``: the coroutine never waits on anything (an offline grader's), so it is driven to
    the end directly, without an event loop. Otherwise the main thread reuses one event loop
    (closed at exit), since starting a loop per call costs more than a quick grading; other
    threads get a fresh loop per call, and inside a running loop (Jupyter) the work runs on a
    helper thread."""
    if offline:
        return _drive(coro)
    global _main_loop
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        if threading.current_thread() is not threading.main_thread():
            return asyncio.run(coro)
        if _main_loop is None or _main_loop.is_closed():
            _main_loop = asyncio.new_event_loop()
            atexit.register(_main_loop.close)
        return _main_loop.run_until_complete(coro)
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coro).result()


_main_loop: asyncio.AbstractEventLoop | None = None


def _drive(coro: Coroutine[Any, Any, T]) -> T:
    """The result of a coroutine that never suspends."""
    try:
        coro.send(None)
    except StopIteration as done:
        result: T = done.value
        return result
    coro.close()
    raise RuntimeError("an offline grader waited on I/O; its backend must not set offline = True")


class Grading:
    """The synchronous and many-at-once ways to use a grader, shared by ``Judge`` and ``Panel``
    (a class that mixes this in implements ``Grader``)."""

    info: JudgeInfo
    rubric: Rubric
    offline: bool

    async def agrade(
        self,
        messages: ConversationLike,
        *,
        id: str | None = None,
        metadata: Mapping[str, Any] | None = None,
        sample: int = 0,
    ) -> Verdict:
        raise NotImplementedError

    async def aclose(self) -> None:
        raise NotImplementedError

    def grade(
        self, messages: ConversationLike, *, id: str | None = None, metadata: Mapping[str, Any] | None = None
    ) -> Verdict:
        """Synchronous ``agrade``."""
        work = self.agrade(messages, id=id, metadata=metadata)
        if self.offline:
            return run_sync(work, offline=True)  # nothing to wait for, no connections to close
        return run_sync(closing(self, work))

    def grade_many(
        self, conversations: Iterable[ConversationLike], *, concurrency: int = 8, workers: int = 1
    ) -> list[Verdict]:
        """Synchronous ``agrade_many``: verdicts in input order."""
        work = self.agrade_many(conversations, concurrency=concurrency, workers=workers)
        return run_sync(closing(self, work))

    async def agrade_many(
        self, conversations: Iterable[ConversationLike], *, concurrency: int = 8, workers: int = 1
    ) -> list[Verdict]:
        """Grade many conversations concurrently (an offline judge: in ``workers`` processes);
        verdicts in input order."""
        return await agrade_many(self, conversations, concurrency=concurrency, workers=workers)

    def stream(
        self, conversations: Iterable[ConversationLike], *, concurrency: int = 8, ordered: bool = False
    ) -> AsyncIterator[tuple[int, Verdict]]:
        """``(input_index, verdict)`` as each finishes (see ``runner.stream``)."""
        return stream(self, conversations, concurrency=concurrency, ordered=ordered)

    async def __aenter__(self: T) -> T:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()


async def _indexed(
    grader: Grader, index: int, item: ConversationLike, limit: AdaptiveLimit
) -> tuple[int, Verdict]:
    current_limit.set(limit)  # this task's own context: the run's judge calls share it
    limit.grading += 1
    try:
        return index, await _graded(grader, item)
    finally:
        limit.grading -= 1


async def _graded(grader: Grader, item: ConversationLike) -> Verdict:
    try:
        return await grader.agrade(item)
    except ConversationError as exc:
        cid = item.get("id") if isinstance(item, Mapping) else getattr(item, "id", None)
        return invalid_conversation(cid, str(exc), grader.info)
