"""The Judge: rubric + prompts + backend + retry policy + verification, and the grading entry points.

``Judge.agrade`` is the one place where a judge call becomes a ``Verdict``. It never raises for
a judge failure: refusals, cut-off output, invalid output, unverifiable evidence and exhausted
retries all come back as verdicts with ``status`` ``"unscored"`` or ``"error"`` and a reason.
It raises only for the caller's own mistakes (a malformed conversation, a bad configuration).
"""

from __future__ import annotations

import asyncio
import atexit
import sys
import threading
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine, Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path
from typing import Any, TypeVar

from .backends import JudgeBackend, JudgeRequest, JudgeResponse, resolve_backend
from .cache import VerdictCache
from .conversation import Conversation, to_conversation
from .exceptions import (
    BackendError,
    ConfigurationError,
    ConversationError,
    TransientBackendError,
    VerdictParseError,
)
from .parse import parse_judge_output
from .pricing import PriceTable, load_prices
from .render import PromptSet, new_nonce, prompt_set
from .retry import OutputTruncated, RetryPolicy
from .rubric import DEFAULT_RUBRIC, Rubric, load_rubric
from .throttle import AdaptiveLimit, current_limit
from .verdict import JudgeInfo, JudgeOutput, Usage, Verdict, judge_output_schema
from .verify import verify

ConversationLike = Conversation | Mapping[str, Any] | Sequence[Any]
T = TypeVar("T")

REASK = (
    "\n\nYour previous reply could not be used: {problem}. Reply again with only the JSON object "
    "described in the instructions."
)


class Judge:
    """Grades conversations against a rubric with one backend.

    ``backend`` is a spec string (``"openai/<model>"``, ``"anthropic/<model>"``, ``"heuristic"``,
    ``"auto"``) or a ``JudgeBackend``. ``backend_options`` go to the backend (``base_url``,
    ``api_key``, ``http_client``, ``client`` ...). ``temperature`` and ``seed`` are omitted from
    requests unless set, and recorded in the fingerprint when set.

    ``cache``: a ``VerdictCache`` or a path to one, so the same conversation graded by the same
    judge is not paid for twice. ``prices``: a ``PriceTable`` or a YAML file merged over the
    bundled one, for ``usage.cost_usd``.
    """

    def __init__(
        self,
        backend: str | JudgeBackend = "auto",
        *,
        rubric: str | Path | Rubric = DEFAULT_RUBRIC,
        prompts: str | Path | PromptSet | None = None,
        max_output_tokens: int = 4096,
        temperature: float | None = None,
        seed: int | None = None,
        retry: RetryPolicy | None = None,
        cache: VerdictCache | str | Path | None = None,
        prices: PriceTable | str | Path | None = None,
        **backend_options: Any,
    ) -> None:
        self.backend = resolve_backend(backend, **backend_options)
        self.rubric = load_rubric(rubric)
        if isinstance(prompts, PromptSet):
            self.prompts = prompts
        else:
            self.prompts = prompt_set(str(prompts) if prompts is not None else None)
        self.max_output_tokens = max_output_tokens
        self.temperature = temperature
        self.seed = seed
        self.retry = retry or RetryPolicy()
        self.prices = prices if isinstance(prices, PriceTable) else load_prices(prices)
        self.system_prompt = self.prompts.render_system(self.rubric)
        self.schema = judge_output_schema(self.rubric.pattern_ids, copy=False)
        #: an offline backend (``offline = True``) reads ``request.conversation`` itself, does no
        #: I/O and is deterministic: no transcript is rendered for it and nothing is retried
        self.offline = bool(getattr(self.backend, "offline", False))
        #: an offline backend that also answers synchronously (``complete_sync``) is called
        #: directly, with no event loop (see ``JudgeBackend``)
        self._complete_now: Callable[[JudgeRequest], JudgeResponse] | None = (
            getattr(self.backend, "complete_sync", None) if self.offline else None
        )
        self.info = JudgeInfo(
            name=self.backend.name,
            rubric=self.rubric.ref,
            rubric_sha256=self.rubric.sha256,
            prompt_sha256=self.prompts.sha256,
            temperature=self.temperature,
            seed=self.seed,
        )
        #: ``info`` with each ``mode`` a backend has reported (one copy per mode, not per verdict)
        self._info_by_mode: dict[str, JudgeInfo] = {}
        #: the adaptive limit of the last ``stream`` (how far it had to back off), for reports
        self.last_limit: AdaptiveLimit | None = None
        #: verdicts already paid for (see ``cache.py``); an offline judge is cheaper than a lookup
        self.cache = None if self.offline or cache is None else _as_cache(cache)
        self._cache_fingerprint: dict[str, object] = {
            "name": self.backend.name,
            "server": getattr(self.backend, "base_url", None),
            "rubric_sha256": self.rubric.sha256,
            "prompt_sha256": self.prompts.sha256,
            "temperature": temperature,
            "seed": seed,
            "max_output_tokens": max_output_tokens,
        }

    def __repr__(self) -> str:
        return f"Judge({self.backend.name!r}, rubric={self.rubric.ref!r})"

    def request(self, conversation: Conversation, *, nonce: str | None = None) -> JudgeRequest:
        """The rendered request for one conversation (a fresh nonce unless one is given).

        The transcript is not rendered for an offline backend, which does not read it."""
        nonce = nonce or new_nonce()
        return JudgeRequest(
            system=self.system_prompt,
            user="" if self.offline else self.prompts.render_transcript(conversation, nonce),
            schema=self.schema,
            max_output_tokens=self.max_output_tokens,
            temperature=self.temperature,
            seed=self.seed,
            nonce=nonce,
            conversation=conversation,
        )

    def _info_for(self, mode: str | None) -> JudgeInfo:
        """The judge fingerprint with the backend's reported ``mode``."""
        if mode is None:
            return self.info
        info = self._info_by_mode.get(mode)
        if info is None:
            info = self._info_by_mode[mode] = self.info.model_copy(update={"mode": mode})
        return info

    def verdict_from_response(self, conversation: Conversation, response: JudgeResponse) -> Verdict:
        """The verdict for a judge reply obtained outside ``agrade`` (a provider batch result):
        the same refusal, truncation, parsing and evidence checks, with no retry."""
        base = self._base(conversation)
        try:
            return self._settle(conversation, response, response.usage, 1, base)
        except OutputTruncated:
            return Verdict(
                status="unscored",
                unscored_reason="output_truncated",
                detail=f"the judge's output was cut off at its limit of {self.max_output_tokens} tokens",
                usage=response.usage,
                raw_output=response.raw_text or None,
                **base,
            )
        except VerdictParseError as exc:
            return self._error("invalid_output", str(exc), response.usage, 1, response.raw_text, base)

    async def agrade(
        self,
        messages: ConversationLike,
        *,
        id: str | None = None,
        metadata: Mapping[str, Any] | None = None,
        sample: int = 0,
    ) -> Verdict:
        """Grade one conversation. Raises only ``ConversationError`` for a malformed input.

        ``sample`` numbers repeated gradings of the same conversation (see ``Panel``): each has
        its own cache entry."""
        conversation = to_conversation(messages, id=id, metadata=metadata)
        if self._complete_now is not None:
            return self._priced(self._grade_now(conversation, self._complete_now))
        if self.cache is None:
            return self._priced(await self._grade(conversation))
        key = self.cache.key(self._cache_fingerprint, conversation, sample)
        hit = self.cache.get(key, conversation)
        if hit is not None:
            return hit
        verdict = self._priced(await self._grade(conversation))
        self.cache.put(key, verdict)
        return verdict

    def _priced(self, verdict: Verdict) -> Verdict:
        """Set what the judge calls behind a verdict cost (None when the judge has no price)."""
        usage = verdict.usage
        if usage.input_tokens or usage.output_tokens:
            usage.cost_usd = self.prices.cost(self.backend.name, usage)
        return verdict

    def _base(self, conversation: Conversation) -> dict[str, Any]:
        """The fields every verdict on ``conversation`` starts from."""
        return {"conversation_id": conversation.id, "judge": self.info, "metadata": conversation.metadata}

    def _refused(self, response: JudgeResponse, usage: Usage, attempts: int, base: dict[str, Any]) -> Verdict:
        return Verdict(
            status="unscored",
            unscored_reason="judge_refused",
            detail=response.refusal or "the judge declined to grade",
            usage=usage,
            attempts=attempts,
            raw_output=response.raw_text or None,
            **base,
        )

    def _unanswerable(self, conversation: Conversation, base: dict[str, Any]) -> Verdict | None:
        """The verdict on a conversation with nothing to grade, or None."""
        if conversation.turns("assistant"):
            return None
        return Verdict(
            status="unscored",
            unscored_reason="no_assistant_turns",
            detail="the conversation has no assistant message to grade",
            attempts=0,
            **base,
        )

    def _settle(
        self,
        conversation: Conversation,
        response: JudgeResponse,
        usage: Usage,
        attempts: int,
        base: dict[str, Any],
    ) -> Verdict:
        """The verdict on one judge reply. Raises ``OutputTruncated`` or ``VerdictParseError`` for
        a reply worth asking for again."""
        if response.mode is not None:
            base["judge"] = self._info_for(response.mode)
        if response.stop == "refusal":
            return self._refused(response, usage, attempts, base)
        if response.stop == "length":
            raise OutputTruncated(response.raw_text)
        output = parse_judge_output(response.text, rubric=self.rubric, parsed=response.parsed)
        return self._verdict(output, conversation, usage, attempts, response, base)

    def _failed(
        self,
        exc: Exception,
        max_output_tokens: int,
        usage: Usage,
        attempts: int,
        last_raw: str | None,
        base: dict[str, Any],
    ) -> Verdict:
        """The verdict when no attempt gave one (``max_output_tokens``: the last limit tried)."""
        if isinstance(exc, OutputTruncated):
            return Verdict(
                status="unscored",
                unscored_reason="output_truncated",
                detail=f"{exc}, even with {max_output_tokens} tokens",
                usage=usage,
                attempts=attempts,
                raw_output=exc.raw,
                **base,
            )
        if isinstance(exc, VerdictParseError):
            return self._error("invalid_output", str(exc), usage, attempts, last_raw, base)
        if isinstance(exc, (asyncio.TimeoutError, TimeoutError)):
            detail = f"no usable verdict within the {self.retry.deadline:g} s deadline"
            return self._error("deadline_exceeded", detail, usage, attempts, last_raw, base)
        if isinstance(exc, TransientBackendError):
            return self._error(
                "backend_error", f"gave up after {attempts} attempts: {exc}", usage, attempts, last_raw, base
            )
        return self._error("backend_error", str(exc), usage, attempts, last_raw, base)

    def _grade_now(
        self, conversation: Conversation, complete: Callable[[JudgeRequest], JudgeResponse]
    ) -> Verdict:
        """``_grade`` for an offline backend that answers synchronously: one call, no event loop
        (nothing to wait for, and asking again would change nothing)."""
        base = self._base(conversation)
        nothing = self._unanswerable(conversation, base)
        if nothing is not None:
            return nothing
        request = self.request(conversation)
        try:
            response = complete(request)
        except BackendError as exc:
            return self._failed(exc, request.max_output_tokens, Usage(), 1, None, base)
        try:
            return self._settle(conversation, response, response.usage, 1, base)
        except (OutputTruncated, VerdictParseError) as exc:
            return self._failed(exc, request.max_output_tokens, response.usage, 1, response.raw_text, base)

    async def _grade(self, conversation: Conversation) -> Verdict:
        base = self._base(conversation)
        nothing = self._unanswerable(conversation, base)
        if nothing is not None:
            return nothing
        request = self.request(conversation)
        question = request.user
        usage = Usage()
        attempts = 0
        last_raw: str | None = None
        started = time.monotonic()

        async def attempt() -> Verdict:
            """One judge call. Raises what the retry policy may retry; returns a verdict."""
            nonlocal request, usage, attempts, last_raw
            attempts += 1
            response = await self._call(request, self.retry.deadline - (time.monotonic() - started))
            usage = usage + response.usage
            try:
                return self._settle(conversation, response, usage, attempts, base)
            except OutputTruncated as exc:
                last_raw = exc.raw
                request = replace(request, max_output_tokens=request.max_output_tokens * 2)
                raise
            except VerdictParseError as exc:
                last_raw = response.raw_text
                request = replace(request, user=question + REASK.format(problem=exc))
                raise

        try:
            if self.offline:
                return await attempt()  # deterministic and local: asking again changes nothing
            async for retrying in self.retry.retrying():
                with retrying:
                    return await attempt()
        except (OutputTruncated, VerdictParseError, asyncio.TimeoutError, TimeoutError, BackendError) as exc:
            return self._failed(exc, request.max_output_tokens // 2, usage, attempts, last_raw, base)
        raise AssertionError("unreachable: the retry loop always returns or raises")  # pragma: no cover

    async def _call(self, request: JudgeRequest, remaining: float) -> JudgeResponse:
        if remaining <= 0:
            raise asyncio.TimeoutError
        limit = current_limit.get()
        if limit is not None:
            async with limit.slot():
                return await self._timed(request, remaining)
        return await self._timed(request, remaining)

    async def _timed(self, request: JudgeRequest, remaining: float) -> JudgeResponse:
        if sys.version_info >= (3, 11):
            async with asyncio.timeout(remaining):
                return await self.backend.complete(request)
        return await asyncio.wait_for(self.backend.complete(request), timeout=remaining)

    def _verdict(
        self,
        output: JudgeOutput,
        conversation: Conversation,
        usage: Usage,
        attempts: int,
        response: JudgeResponse,
        base: dict[str, Any],
    ) -> Verdict:
        checked = verify(output, conversation, self.rubric)
        common: dict[str, Any] = {
            "boundary_required": output.boundary_required,
            "boundary_held": output.boundary_held,
            "legitimate_path_offered": output.legitimate_path_offered,
            "assistant_turns": checked.assistant_turns,
            "findings": checked.findings,
            "flips": checked.flips,
            "caveats": checked.caveats,
            "rationale": output.rationale,
            "dropped": checked.dropped,
            "usage": usage,
            "attempts": attempts,
            **base,
        }
        if checked.unverified_worse_label:
            return Verdict(
                status="unscored",
                unscored_reason="evidence_unverified",
                detail="the judge's most severe findings cite quotes or turns not in the transcript",
                raw_output=response.raw_text,
                **common,
            )
        return Verdict(status="scored", **common)

    def _error(
        self,
        reason: str,
        detail: str,
        usage: Usage,
        attempts: int,
        raw: str | None,
        base: dict[str, Any],
    ) -> Verdict:
        return Verdict(
            status="error",
            unscored_reason=reason,
            detail=detail,
            usage=usage,
            attempts=attempts,
            raw_output=raw,
            **base,
        )

    def grade(
        self,
        messages: ConversationLike,
        *,
        id: str | None = None,
        metadata: Mapping[str, Any] | None = None,
    ) -> Verdict:
        """Synchronous ``agrade``."""
        if self._complete_now is not None:
            # an offline backend that answers synchronously: no event loop, no connections to close
            conversation = to_conversation(messages, id=id, metadata=metadata)
            return self._priced(self._grade_now(conversation, self._complete_now))
        return run_sync(self._closing(self.agrade(messages, id=id, metadata=metadata)))

    def grade_many(self, conversations: Iterable[ConversationLike], *, concurrency: int = 8) -> list[Verdict]:
        """Synchronous ``agrade_many``."""
        return run_sync(self._closing(self.agrade_many(conversations, concurrency=concurrency)))

    async def aclose(self) -> None:
        """Close the backend's connections (a backend without ``aclose`` has none to close)."""
        close = getattr(self.backend, "aclose", None)
        if close is not None:
            await close()

    async def __aenter__(self) -> Judge:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    async def _closing(self, work: Awaitable[T]) -> T:
        """Run ``work`` then close the backend's connections: each synchronous call has its own
        event loop, and connections must not outlive it."""
        try:
            return await work
        finally:
            await self.aclose()

    async def stream(
        self, conversations: Iterable[ConversationLike], *, concurrency: int = 8, ordered: bool = False
    ) -> AsyncIterator[tuple[int, Verdict]]:
        """Grade many conversations, at most ``concurrency`` at a time, yielding
        ``(input_index, verdict)`` as each finishes, or in input order with ``ordered=True``
        (at most ``4 * concurrency`` finished verdicts wait for an earlier one, so memory stays
        bounded). Input is consumed lazily. A conversation that cannot be read becomes an
        ``error`` verdict with reason ``invalid_conversation``.

        Judge calls in flight adapt to the server: fewer after a 429, climbing back to
        ``concurrency`` as calls succeed (see ``throttle.py``)."""
        if concurrency < 1:
            raise ConfigurationError("concurrency must be at least 1")
        limit = None if self.offline else AdaptiveLimit(concurrency)
        self.last_limit = limit
        pending: set[asyncio.Task[tuple[int, Verdict]]] = set()
        waiting: dict[int, Verdict] = {}
        next_index = 0
        items = iter(enumerate(conversations))
        exhausted = False
        while True:
            while not exhausted and len(pending) < concurrency and len(waiting) < 4 * concurrency:
                try:
                    index, item = next(items)
                except StopIteration:
                    exhausted = True
                    break
                pending.add(asyncio.create_task(self._indexed(index, item, limit)))
            if not pending:
                return
            done, pending = await asyncio.wait(pending, return_when=asyncio.FIRST_COMPLETED)
            for task in done:
                index, verdict = task.result()
                if not ordered:
                    yield index, verdict
                    continue
                waiting[index] = verdict
                while next_index in waiting:
                    yield next_index, waiting.pop(next_index)
                    next_index += 1

    async def _indexed(
        self, index: int, item: ConversationLike, limit: AdaptiveLimit | None = None
    ) -> tuple[int, Verdict]:
        if limit is not None:
            current_limit.set(limit)  # this task's own context: the batch's calls share it
        try:
            return index, await self.agrade(item)
        except ConversationError as exc:
            cid = item.get("id") if isinstance(item, Mapping) else getattr(item, "id", None)
            return index, Verdict(
                conversation_id=str(cid) if cid is not None else None,
                status="error",
                unscored_reason="invalid_conversation",
                detail=str(exc),
                attempts=0,
                judge=self.info,
            )

    async def agrade_many(
        self, conversations: Iterable[ConversationLike], *, concurrency: int = 8
    ) -> list[Verdict]:
        """Grade many conversations concurrently; verdicts in input order."""
        results: dict[int, Verdict] = {}
        async for index, verdict in self.stream(conversations, concurrency=concurrency):
            results[index] = verdict
        return [results[i] for i in range(len(results))]


def _as_cache(cache: VerdictCache | str | Path) -> VerdictCache:
    return cache if isinstance(cache, VerdictCache) else VerdictCache(cache)


_main_loop: asyncio.AbstractEventLoop | None = None


def run_sync(coro: Coroutine[Any, Any, T]) -> T:
    """Run a coroutine to completion from sync code.

    The main thread reuses one event loop (closed at exit), since starting a loop per call costs
    more than grading a conversation offline. Other threads get a fresh loop per call, and inside
    a running loop (Jupyter) the work runs on a helper thread.
    """
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


def as_judge(
    judge: str | JudgeBackend | Judge = "auto",
    rubric: str | Path | Rubric | None = None,
    **options: Any,
) -> Judge:
    """A ``Judge`` from a spec, a backend or a judge (whose rubric must not be overridden)."""
    if isinstance(judge, Judge):
        if rubric is not None or options:
            raise ConfigurationError(
                "pass rubric and judge options to Judge(...) itself when you give a Judge instance"
            )
        return judge
    return Judge(judge, rubric=rubric if rubric is not None else DEFAULT_RUBRIC, **options)


async def agrade_conversation(
    messages: ConversationLike,
    *,
    judge: str | JudgeBackend | Judge = "auto",
    rubric: str | Path | Rubric | None = None,
    id: str | None = None,
    metadata: Mapping[str, Any] | None = None,
    **options: Any,
) -> Verdict:
    """Grade one whole conversation (async). See ``grade_conversation``.

    A judge built here from a spec is closed afterwards; a ``Judge`` you pass stays open."""
    j = as_judge(judge, rubric, **options)
    work = j.agrade(messages, id=id, metadata=metadata)
    return await (work if j is judge else j._closing(work))


def grade_conversation(
    messages: ConversationLike,
    *,
    judge: str | JudgeBackend | Judge = "auto",
    rubric: str | Path | Rubric | None = None,
    id: str | None = None,
    metadata: Mapping[str, Any] | None = None,
    **options: Any,
) -> Verdict:
    """Grade one whole conversation for refusal underreach.

    ``messages``: OpenAI-style dicts, Anthropic-style content blocks, or a ``Conversation``.
    ``judge``: ``"auto"`` (a configured key's provider, else the offline heuristic judge),
    ``"openai/<model>"``, ``"anthropic/<model>"``, ``"heuristic"``, a backend, or a ``Judge``.
    Extra keyword options go to ``Judge`` (``base_url``, ``max_output_tokens``, ``temperature`` ...).
    """
    return as_judge(judge, rubric, **options).grade(messages, id=id, metadata=metadata)


def grade_many(
    conversations: Iterable[ConversationLike],
    *,
    judge: str | JudgeBackend | Judge = "auto",
    rubric: str | Path | Rubric | None = None,
    concurrency: int = 8,
    **options: Any,
) -> list[Verdict]:
    """Grade many conversations with one judge (one client), at most ``concurrency`` at a time.

    Returns verdicts in input order, one per conversation; it never raises for a judge failure
    or a malformed conversation (those become ``error`` verdicts). For streaming results as they
    finish, use ``Judge.stream``.
    """
    return as_judge(judge, rubric, **options).grade_many(conversations, concurrency=concurrency)
