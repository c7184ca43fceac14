"""Fake backends for tests, notebooks and dry runs. They record every request they get."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, Iterable
from typing import Any

from .base import JudgeRequest, JudgeResponse

Reply = str | dict[str, Any] | JudgeResponse | BaseException


def _as_response(reply: Reply) -> JudgeResponse:
    if isinstance(reply, BaseException):
        raise reply
    if isinstance(reply, JudgeResponse):
        return reply
    if isinstance(reply, dict):
        return JudgeResponse(text=json.dumps(reply))
    return JudgeResponse(text=reply)


class ScriptedBackend:
    """Replies from a script, in order: a string (raw judge text), a dict (sent as JSON),
    a ``JudgeResponse``, or an exception to raise. Runs out loudly."""

    offline = False
    base_url: str | None = None

    def __init__(self, replies: Iterable[Reply], *, name: str = "scripted") -> None:
        self.name = name
        self._replies = list(replies)
        self.requests: list[JudgeRequest] = []

    async def complete(self, request: JudgeRequest) -> JudgeResponse:
        self.requests.append(request)
        if not self._replies:
            raise AssertionError(f"ScriptedBackend ran out of replies after {len(self.requests) - 1}")
        return _as_response(self._replies.pop(0))

    async def aclose(self) -> None:
        """Nothing to close."""


class FunctionBackend:
    """Computes each reply with ``fn(request)`` (sync or async)."""

    offline = False
    base_url: str | None = None

    def __init__(
        self,
        fn: Callable[[JudgeRequest], Reply | Awaitable[Reply]],
        *,
        name: str = "function",
    ) -> None:
        self.name = name
        self._fn = fn
        self.requests: list[JudgeRequest] = []

    async def complete(self, request: JudgeRequest) -> JudgeResponse:
        self.requests.append(request)
        reply = self._fn(request)
        if isinstance(reply, Awaitable):
            reply = await reply
        return _as_response(reply)

    async def aclose(self) -> None:
        """Nothing to close."""
