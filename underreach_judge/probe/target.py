"""The model under test (and the optional attacker model): chat messages in, reply text out.

A target is a spec string, as for judges (``openai/<model>`` with ``base_url``,
``anthropic/<model>``), ``python:module:function``, or a callable given in Python. A callable
takes the OpenAI-style messages and returns the reply (sync or async), so an application can be
probed with its own system prompt, retrieval and tools, not only a raw model.
"""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Awaitable, Callable
from importlib import import_module
from typing import Any, Protocol

from ..backends import resolve_backend
from ..exceptions import BackendError, ConfigurationError, TransientBackendError

Messages = list[dict[str, str]]
TargetFunction = Callable[[Messages], str | Awaitable[str]]


class _ChatBackend(Protocol):
    name: str

    async def chat(
        self, messages: Messages, *, max_output_tokens: int = ..., temperature: float | None = ...
    ) -> str: ...

    async def aclose(self) -> None: ...


class Target:
    """Something to chat with: ``await target(messages)`` is its reply. Failures are
    ``TransientBackendError`` (worth retrying) or ``BackendError``."""

    def __init__(
        self,
        name: str,
        reply: Callable[[Messages], Awaitable[str]],
        close: Callable[[], Awaitable[None]] | None = None,
    ) -> None:
        self.name = name
        self._reply = reply
        self._close = close

    async def __call__(self, messages: Messages) -> str:
        return await self._reply(messages)

    async def aclose(self) -> None:
        if self._close is not None:
            await self._close()


def resolve_target(
    target: str | TargetFunction | Target,
    *,
    base_url: str | None = None,
    max_output_tokens: int = 1024,
    temperature: float | None = None,
) -> Target:
    """A ``Target`` from a spec string or a callable (a ``Target`` as it is)."""
    if isinstance(target, Target):
        return target
    if callable(target):
        return from_function(target)
    if target.startswith("python:"):
        return from_function(import_function(target), name=target)
    options = {"base_url": base_url} if base_url else {}
    backend: Any = resolve_backend(target, **options)
    if not hasattr(backend, "chat"):
        raise ConfigurationError(
            f"{target!r} cannot be chatted with (it grades, it does not answer); use 'openai/<model>', "
            "'anthropic/<model>' or 'python:module:function'"
        )
    chat: _ChatBackend = backend

    async def reply(messages: Messages) -> str:
        return await chat.chat(messages, max_output_tokens=max_output_tokens, temperature=temperature)

    return Target(chat.name, reply, chat.aclose)


def import_function(spec: str) -> TargetFunction:
    """The callable a ``python:module:function`` spec names."""
    module_name, _, attr = spec.removeprefix("python:").partition(":")
    if not module_name or not attr:
        raise ConfigurationError(
            f"target {spec!r}: write it as python:module:function (e.g. python:myapp.chat:reply)"
        )
    try:
        function = getattr(import_module(module_name), attr)
    except ImportError as exc:
        raise ConfigurationError(
            f"target {spec!r}: cannot import {module_name!r} ({exc}); is it on PYTHONPATH?"
        ) from exc
    except AttributeError:
        raise ConfigurationError(f"target {spec!r}: module {module_name!r} has no {attr!r}") from None
    if not callable(function):
        raise ConfigurationError(f"target {spec!r}: {attr!r} is not callable")
    return function  # type: ignore[no-any-return]


def from_function(function: TargetFunction, *, name: str | None = None) -> Target:
    """A target that calls ``function(messages)``; a synchronous one runs on a worker thread. An
    exception it raises is a ``TransientBackendError`` (retried), unless it is already one of ours."""
    label = name or f"python:{getattr(function, '__module__', '?')}:{getattr(function, '__qualname__', '?')}"

    async def reply(messages: Messages) -> str:
        copy = [dict(m) for m in messages]
        try:
            if inspect.iscoroutinefunction(function):
                result = await function(copy)
            else:
                result = await asyncio.to_thread(function, copy)
                if inspect.isawaitable(result):
                    result = await result
        except BackendError:
            raise
        except Exception as exc:
            raise TransientBackendError(f"target {label} raised {type(exc).__name__}: {exc}") from exc
        if not isinstance(result, str):
            raise BackendError(f"target {label} returned {type(result).__name__}, not the reply text (a str)")
        return result

    return Target(label, reply)
