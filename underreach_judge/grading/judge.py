"""The Judge: one backend graded against one rubric, with retry, cache and pricing.

``Judge.agrade`` renders the prompt, asks the backend (retrying as ``RetryPolicy`` says, within its
deadline and the batch's adaptive concurrency limit), and settles the reply into a ``Verdict``
(``settle.py``). It never raises for a judge failure: refusals, cut-off output, invalid output,
unverifiable evidence and exhausted retries all come back as ``unscored`` or ``error`` verdicts
with a reason. It raises only for the caller's own mistakes (a malformed conversation, a bad
configuration). Running many conversations, and the synchronous methods, are ``runner.py``'s.
"""

from __future__ import annotations

import asyncio
import sys
import time
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

from ..backends import JudgeBackend, JudgeRequest, JudgeResponse, resolve_backend
from ..backends.registry import lazy_factory, register_backend
from ..cache import VerdictCache
from ..conversation import Conversation, to_conversation
from ..exceptions import BackendError, ConfigurationError, VerdictParseError
from ..pricing import PriceTable, load_prices
from ..render import PromptSet, prompt_set, render_prompt
from ..retry import OutputTruncated, RetryPolicy
from ..rubric import DEFAULT_RUBRIC, Rubric, load_rubric
from ..throttle import current_limit
from ..verdict import JudgeInfo, Usage, Verdict, judge_output_schema
from .grader import ConversationLike
from .runner import Grading
from .settle import failed, settle, unanswerable

#: the offline judge is a backend like the others; its module is imported when first asked for
register_backend("heuristic", usage="heuristic")(lazy_factory("underreach_judge.heuristic.backend:from_spec"))

REASK = (
    "\n\nYour previous reply could not be used: {problem}. Reply again with only the JSON object "
    "described in the instructions."
)


class Judge(Grading):
    """Grades conversations against a rubric with one backend.

    ``backend`` is a spec string (``"openai/<model>"``, ``"anthropic/<model>"``, ``"heuristic"``,
    ``"auto"``: see ``backends/registry.py``) or a ``JudgeBackend``. ``backend_options`` go to the
    backend a spec names (``base_url``, ``api_key``, ``http_client``, ``client`` ...); a backend
    object takes none. ``temperature`` and ``seed`` are omitted from requests unless set, and
    recorded in the fingerprint when set.

    ``cache``: a ``VerdictCache`` or a path to one, so the same conversation graded by the same
    judge is not paid for twice. ``prices``: a ``PriceTable`` or a YAML file merged over the
    bundled one, for ``usage.cost_usd``.

    ``screen="heuristic"``: the offline judge grades every conversation first, and only those it
    cannot clear go to this judge (``heuristic/screen.py`` says which); a cleared verdict is the
    offline one with ``screened: true``, an escalated one this judge's with its
    ``escalation_reason``.
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
        screen: str | None = None,
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
        self.schema = judge_output_schema(
            self.rubric.pattern_ids, category_ids=self.rubric.category_ids, copy=False
        )
        #: the static system message every request carries
        self.system_prompt = self.prompts.render_system(self.rubric)
        #: an offline backend reads the conversation itself, does no I/O and is deterministic: no
        #: transcript is rendered for it, nothing is retried, timed or cached
        self.offline = self.backend.offline
        self.info = JudgeInfo(
            name=self.backend.name,
            rubric=self.rubric.ref,
            rubric_sha256=self.rubric.sha256,
            prompt_sha256=self.prompts.sha256,
            temperature=temperature,
            seed=seed,
        )
        #: verdicts already paid for (see ``cache.py``); an offline judge is cheaper than a lookup
        self.cache = None if self.offline or cache is None else _as_cache(cache)
        #: the offline judge that grades every conversation first (``screen="heuristic"``)
        self.screen: Judge | None = self._screen_judge(screen)

    def __repr__(self) -> str:
        screened = f", screen={self.screen.backend.name!r}" if self.screen is not None else ""
        return f"Judge({self.backend.name!r}, rubric={self.rubric.ref!r}{screened})"

    def _screen_judge(self, screen: str | None) -> Judge | None:
        if screen is None:
            return None
        if screen != "heuristic":
            raise ConfigurationError(f"screen must be 'heuristic' (the offline judge), not {screen!r}")
        if self.offline:
            raise ConfigurationError(
                f"a screen saves calls to a model judge, and {self.backend.name} is already offline: "
                "give a model judge (openai/MODEL, anthropic/MODEL) or drop the screen"
            )
        return Judge("heuristic", rubric=self.rubric, prompts=self.prompts)

    def request(self, conversation: Conversation, *, nonce: str | None = None) -> JudgeRequest:
        """The rendered request for one conversation (a fresh nonce unless one is given)."""
        prompt = render_prompt(
            conversation, self.rubric, prompts=self.prompts, nonce=nonce, transcript=not self.offline
        )
        return JudgeRequest(
            system=prompt.system,
            user=prompt.user,
            schema=self.schema,
            max_output_tokens=self.max_output_tokens,
            temperature=self.temperature,
            seed=self.seed,
            nonce=prompt.nonce,
            conversation=conversation,
        )

    def cache_fingerprint(self) -> dict[str, object]:
        """Everything about this judge that can change a verdict (the judge-call cache key's part)."""
        return {
            "name": self.backend.name,
            "server": self.backend.base_url,
            "rubric_sha256": self.rubric.sha256,
            "prompt_sha256": self.prompts.sha256,
            "temperature": self.temperature,
            "seed": self.seed,
            "max_output_tokens": self.max_output_tokens,
        }

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
        nothing = unanswerable(conversation, self.info)
        if nothing is not None:
            return nothing
        if self.screen is None:
            return await self._judged(conversation, sample)
        from ..heuristic.screen import escalate  # the offline judge's modules load only when asked for

        offline = await self.screen.agrade(conversation)
        reason = escalate(conversation, offline)
        if reason is None:
            return offline.model_copy(update={"screened": True})
        verdict = await self._judged(conversation, sample)
        return verdict.model_copy(update={"escalation_reason": reason})

    async def _judged(self, conversation: Conversation, sample: int) -> Verdict:
        """This judge's verdict, from the cache when it has one."""
        if self.cache is None:
            return self._priced(await self._ask(conversation))
        key = self.cache.key(self.cache_fingerprint(), conversation, sample)
        hit = self.cache.get(key, conversation)
        if hit is not None:
            return hit
        verdict = self._priced(await self._ask(conversation))
        self.cache.put(key, verdict)
        return verdict

    async def aclose(self) -> None:
        """Close the backend's connections."""
        await self.backend.aclose()

    def _priced(self, verdict: Verdict) -> Verdict:
        """Set what the judge calls behind a verdict cost (None when the judge has no price)."""
        usage = verdict.usage
        if usage.input_tokens or usage.output_tokens:
            usage.cost_usd = self.prices.cost(self.backend.name, usage)
        return verdict

    async def _ask(self, conversation: Conversation) -> Verdict:
        """Ask the backend until a reply settles, as the retry policy allows."""
        request = self.request(conversation)
        if self.offline:  # deterministic and local: asking again changes nothing, nothing to time
            try:
                response = await self.backend.complete(request)
            except BackendError as exc:
                return failed(exc, conversation, self.info, max_output_tokens=request.max_output_tokens)
            try:
                return settle(response, conversation, self.rubric, self.info)
            except (OutputTruncated, VerdictParseError) as exc:
                return failed(
                    exc,
                    conversation,
                    self.info,
                    usage=response.usage,
                    raw=response.raw_text,
                    max_output_tokens=request.max_output_tokens,
                )
        question = request.user
        usage = Usage()
        attempts = 0
        last_raw: str | None = None
        started = time.monotonic()

        async def attempt() -> Verdict:
            """One judge call. Raises what the retry policy may retry; returns a verdict."""
            nonlocal request, usage, attempts, last_raw
            attempts += 1
            remaining = self.retry.deadline - (time.monotonic() - started)
            response = await self._call(request, remaining, retry=attempts > 1)
            usage = usage + response.usage
            try:
                return settle(response, conversation, self.rubric, self.info, usage=usage, attempts=attempts)
            except OutputTruncated as exc:
                last_raw = exc.raw
                request = replace(request, max_output_tokens=request.max_output_tokens * 2)
                raise
            except VerdictParseError as exc:
                last_raw = response.raw_text
                request = replace(request, user=question + REASK.format(problem=exc))
                raise

        try:
            async for retrying in self.retry.retrying():
                with retrying:
                    return await attempt()
        except (OutputTruncated, VerdictParseError, asyncio.TimeoutError, TimeoutError, BackendError) as exc:
            return failed(
                exc,
                conversation,
                self.info,
                usage=usage,
                attempts=attempts,
                raw=last_raw,
                max_output_tokens=request.max_output_tokens // 2,
                deadline=self.retry.deadline,
            )
        raise AssertionError("unreachable: the retry loop always returns or raises")  # pragma: no cover

    async def _call(self, request: JudgeRequest, remaining: float, *, retry: bool) -> JudgeResponse:
        """One backend call within the deadline, holding a slot of the run's adaptive limit."""
        if remaining <= 0:
            raise asyncio.TimeoutError
        limit = current_limit.get()
        if limit is None:
            return await _within(self.backend.complete(request), remaining)
        async with limit.slot(retry=retry):
            return await _within(self.backend.complete(request), remaining)


async def _within(call: Any, seconds: float) -> JudgeResponse:
    if sys.version_info >= (3, 11):
        async with asyncio.timeout(seconds):
            response: JudgeResponse = await call
            return response
    return await asyncio.wait_for(call, timeout=seconds)


def _as_cache(cache: VerdictCache | str | Path) -> VerdictCache:
    return cache if isinstance(cache, VerdictCache) else VerdictCache(cache)
