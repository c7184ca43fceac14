"""Offline grading spread over several processes (``grade --workers N``).

The offline judge is bound by the CPU, so one process grades on one core. ``in_processes`` ships
chunks of conversations (as plain dicts) to a pool of worker processes, each of which builds the
judge once, and yields the verdicts in input order. At most ``2 * workers`` chunks are in flight,
so memory stays flat however long the input. A model judge waits on its server, not on the CPU:
it is refused here (raise its concurrency instead).
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import signal
import threading
import time
from collections import deque
from collections.abc import AsyncIterator, Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from functools import partial
from itertools import islice
from typing import Any

from ..conversation import Conversation
from ..exceptions import ConfigurationError
from ..verdict import Verdict
from .grader import ConversationLike, Grader
from .judge import Judge
from .runner import _graded, run_sync

#: conversations per chunk sent to a worker: large enough that shipping costs little, small
#: enough that a stopped run loses little work
CHUNK = 64

#: what a worker process builds its judge from (a picklable call with no arguments)
Recipe = Callable[[], Grader]


def recipe(grader: Grader) -> Recipe:
    """How a worker process builds the same judge as ``grader``, or ``ConfigurationError`` saying why
    it cannot: only one offline ``Judge`` is spread over processes."""
    if not grader.offline:
        raise ConfigurationError(
            f"workers spread the offline judge over processes; {grader.info.name} waits on its "
            "server, not on this machine's CPU: raise concurrency (--concurrency) instead of workers"
        )
    if not isinstance(grader, Judge):
        raise ConfigurationError(
            f"workers grade with one offline Judge, not a {type(grader).__name__}: "
            "drop the extra judges or samples, or use one process"
        )
    build = partial(
        Judge,
        grader.backend.name,
        rubric=grader.rubric,
        prompts=str(grader.prompts.folder),
        max_output_tokens=grader.max_output_tokens,
        temperature=grader.temperature,
        seed=grader.seed,
    )
    if build().info != grader.info:
        raise ConfigurationError(
            f"the judge {grader.info.name} cannot be rebuilt in another process (its backend is not "
            "the one its spec names): grade with one process"
        )
    return build


async def in_processes(
    grader: Grader,
    conversations: Iterable[ConversationLike | Verdict],
    *,
    workers: int,
    chunk: int = CHUNK,
) -> AsyncIterator[tuple[int, Verdict]]:
    """``(input_index, verdict)`` in input order, graded by ``grader``'s judge in ``workers``
    processes. An item that is already a ``Verdict`` (an unreadable row's) passes through in its
    place. Stopping early (an error, Ctrl-C, a consumer that stops) cancels the chunks not yet
    started and waits for the few running."""
    if workers < 1:
        raise ConfigurationError(f"workers must be at least 1, got {workers}")
    build = recipe(grader)
    context = multiprocessing.get_context("spawn")  # no fork of a process that may hold threads
    pool = ProcessPoolExecutor(workers, mp_context=context, initializer=_start, initargs=(build, os.getpid()))
    in_flight: deque[tuple[list[Any], Future[list[str]]]] = deque()
    chunks = _chunks(conversations, chunk)
    index = 0
    try:
        while True:
            for items in islice(chunks, 2 * workers - len(in_flight)):
                shipped = [_shippable(item) for item in items if not isinstance(item, Verdict)]
                in_flight.append((items, pool.submit(_grade_chunk, shipped)))
            if not in_flight:
                return
            items, future = in_flight.popleft()
            texts: list[str] = await asyncio.wrap_future(future)
            graded = iter(texts)
            for item in items:
                verdict = item if isinstance(item, Verdict) else Verdict.model_validate_json(next(graded))
                yield index, verdict
                index += 1
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _chunks(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _shippable(item: ConversationLike) -> tuple[bool, Any]:
    """``(is a Conversation, plain data)``: plain data crosses a process boundary far faster than
    a model does."""
    if isinstance(item, Conversation):
        return True, item.model_dump()
    return False, item


# --- inside a worker process ------------------------------------------------------------------

_judge: Grader | None = None


def _start(build: Recipe, parent: int) -> None:
    """Build the judge once; leave Ctrl-C to the parent; exit when the parent is gone (kill -9)."""
    global _judge
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _judge = build()
    threading.Thread(target=_exit_with, args=(parent,), daemon=True).start()


def _exit_with(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(0)


def _grade_chunk(items: list[tuple[bool, Any]]) -> list[str]:
    """The verdicts on one chunk, as JSON (cheaper to ship back and rebuild than a pickled model)."""
    assert _judge is not None, "the worker's judge was not built"
    out = []
    for is_conversation, data in items:
        item = Conversation.model_validate(data) if is_conversation else data
        out.append(run_sync(_graded(_judge, item), offline=True).model_dump_json())
    return out
