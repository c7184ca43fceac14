"""Plumbing shared by the SDK backends: an SDK client per event loop, and HTTP errors mapped to
our exceptions."""

from __future__ import annotations

import asyncio
import email.utils
import math
import re
from collections.abc import Callable, Mapping
from datetime import datetime, timezone
from typing import Generic, Protocol, TypeVar
from urllib.parse import urlsplit

from ..exceptions import BackendError, ConfigurationError, TransientBackendError


class _Closable(Protocol):
    async def close(self) -> None: ...


C = TypeVar("C", bound=_Closable)


class LoopClient(Generic[C]):
    """An SDK client, built on first use by ``factory``, or the one the caller passed in.

    Pooled connections belong to the event loop that opened them, and every synchronous grading
    call may run its own loop, so a client built here is rebuilt for each new loop and closed by
    ``aclose``. A client the caller passed in (or one built on the caller's ``http_client``) is
    theirs: it is reused as it is and never closed here.
    """

    def __init__(self, factory: Callable[[], C], *, given: C | None, owned: bool) -> None:
        self._factory = factory
        self._client = given
        self._owned = owned
        self._loop: asyncio.AbstractEventLoop | None = None

    def get(self) -> C:
        loop = asyncio.get_running_loop()
        if self._client is None or (self._owned and self._loop is not loop):
            self._client = self._factory()
            self._loop = loop
        return self._client

    async def aclose(self) -> None:
        if not self._owned or self._client is None:
            return
        client, self._client = self._client, None
        if self._loop is asyncio.get_running_loop():
            await client.close()


def checked_url(url: str, what: str) -> str:
    """``url`` without a trailing slash, or ``ConfigurationError`` when it is not an http(s) URL
    with a host (a typo must not cost a run of retries)."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018  (raises for a port that is not a number)
    except ValueError as exc:
        raise ConfigurationError(f"{what} {url!r} is not a valid URL ({exc})") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ConfigurationError(
            f"{what} {url!r} is not an http(s) URL; give the server's full address, such as "
            "http://127.0.0.1:8000/v1"
        )
    return url.rstrip("/")


def status_error(where: str, status: int, headers: Mapping[str, str], detail: str) -> BackendError:
    """Map an HTTP error status to ``TransientBackendError`` (408, 409, 429, 5xx) or ``BackendError``."""
    message = f"{where}: HTTP {status}: {detail}"
    if status in (408, 409, 429) or status >= 500:
        return TransientBackendError(message, status_code=status, retry_after=retry_after_seconds(headers))
    return BackendError(f"{message} ({_HINTS.get(status, _DEFAULT_HINT)})", status_code=status)


_DEFAULT_HINT = "check the API key, the model name and the base URL"
_HINTS = {
    400: "check the model name and that the model accepts this request (structured output, "
    "temperature or seed if you set them)",
    401: "check the API key",
    403: "the API key has no access to this model or endpoint; check its project and permissions",
    404: "check the model name and the base URL (a compatible server's usually ends in /v1)",
    413: "the judge prompt is too large for this model; use a model with a longer context",
}
_HINTS[422] = _HINTS[400]


def error_detail(body: object, fallback: str) -> str:
    """The server's own error message from an SDK error body, else ``fallback``, with anything
    that looks like a credential masked: error details end up in results files and reports."""
    if isinstance(body, Mapping):
        message = body.get("message")
        error = body.get("error")
        if not message and isinstance(error, Mapping):
            message = error.get("message")
        if message:
            return redact(str(message)[:1000])
    return redact(fallback[:1000])


#: API keys (OpenAI ``sk-...``, Anthropic ``sk-ant-...``, most others) and bearer tokens
_CREDENTIAL = re.compile(r"(?i)\b(sk-(?:ant-|proj-)?|bearer\s+|api[_-]?key[=:\s]+)([\w.~+/-]{6,})")


def redact(text: str) -> str:
    """``text`` with credentials masked, keeping their first characters to tell them apart."""
    return _CREDENTIAL.sub(lambda m: f"{m.group(1)}{m.group(2)[:4]}…[redacted]", text)


def retry_after_seconds(headers: Mapping[str, str]) -> float | None:
    """The wait a server asked for, from ``retry-after-ms`` or ``retry-after`` (seconds or HTTP date)."""
    milliseconds = _number(headers.get("retry-after-ms"))
    if milliseconds is not None:
        return milliseconds / 1000.0
    value = headers.get("retry-after")
    if not value:
        return None
    seconds = _number(value)
    if seconds is not None:
        return seconds
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return max((when - datetime.now(timezone.utc)).total_seconds(), 0.0)


def _number(value: str | None) -> float | None:
    try:
        number = float(value) if value else None
    except ValueError:
        return None
    return max(number, 0.0) if number is not None and math.isfinite(number) else None
