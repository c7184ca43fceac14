"""OpenAI Chat Completions backend, also for OpenAI-compatible servers (vLLM, Ollama, llama.cpp).

Structured output is negotiated per server. The first call asks for ``json_schema``; a server
that rejects it is asked again with ``json_object`` (plus the schema, which llama-cpp-python
and others enforce by grammar), then with no ``response_format`` at all (``prompt``: the prompt
already shows the schema and the parser extracts JSON tolerantly). A rejection is an HTTP 400,
422 or 500 whose error text names the response format; anything else is reported as an error.
The mode that worked is remembered for the server's ``base_url`` only after it succeeded, so a
transient failure never downgrades a server. The official OpenAI API always gets
``json_schema``, and a 500 from it is transient. ``mode=`` pins a mode and disables negotiation.
"""

from __future__ import annotations

import asyncio
import email.utils
import math
import os
from collections.abc import Mapping
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any, ClassVar, Literal
from urllib.parse import urlsplit

from ..exceptions import BackendError, ConfigurationError, TransientBackendError
from ..verdict import Usage
from .base import JudgeRequest, JudgeResponse, StopReason

if TYPE_CHECKING:
    import httpx2
    from openai import APIError, APIStatusError, AsyncOpenAI
    from openai.types.chat import ChatCompletion

Mode = Literal["json_schema", "json_object", "prompt"]
MODES: tuple[Mode, ...] = ("json_schema", "json_object", "prompt")
OFFICIAL_BASE_URL = "https://api.openai.com/v1"

#: Words in an error message that show the server objected to ``response_format``.
_FORMAT_WORDS = ("response_format", "json_schema", "json_object")


class OpenAIBackend:
    """Judge through ``client.chat.completions.create``.

    ``client`` may be an ``openai.AsyncOpenAI`` you built; it is used with ``max_retries=0``
    because the ``Judge`` does the retrying. Otherwise a client is built on first use from
    ``base_url`` (default ``OPENAI_BASE_URL``, then the official API), ``api_key`` (default
    ``OPENAI_API_KEY``), ``http_client`` and ``timeout``. A compatible server with no key gets
    a placeholder key, which such servers ignore.
    """

    #: The structured-output mode that last worked, per server ``base_url``.
    _server_modes: ClassVar[dict[str, Mode]] = {}

    def __init__(
        self,
        model: str,
        *,
        base_url: str | None = None,
        api_key: str | None = None,
        client: AsyncOpenAI | None = None,
        http_client: httpx2.AsyncClient | None = None,
        timeout: float | None = 120.0,
        mode: Mode | None = None,
    ) -> None:
        if mode is not None and mode not in MODES:
            raise ConfigurationError(f"unknown mode {mode!r}; use one of {', '.join(MODES)}")
        self.model = model
        self.name = f"openai/{model}"
        self.mode = mode
        self.timeout = timeout
        self._http_client = http_client
        self._owns_http = client is None and http_client is None
        self._client_loop: asyncio.AbstractEventLoop | None = None
        if client is not None:
            self.base_url = str(client.base_url).rstrip("/")
            self._client: AsyncOpenAI | None = client.with_options(max_retries=0)
            self._api_key = ""
        else:
            url = base_url or os.environ.get("OPENAI_BASE_URL") or OFFICIAL_BASE_URL
            self.base_url = url.rstrip("/")
            self._client = None
            self._api_key = api_key or os.environ.get("OPENAI_API_KEY") or ""
        self.official = is_official_openai(self.base_url)
        if client is None and not self._api_key:
            if self.official:
                raise ConfigurationError(
                    f"judge {self.name!r} needs an OpenAI API key: set OPENAI_API_KEY or pass "
                    "api_key=...; for an OpenAI-compatible server pass base_url=... or set OPENAI_BASE_URL."
                )
            self._api_key = "not-needed"

    def _get_client(self) -> AsyncOpenAI:
        loop = asyncio.get_running_loop()
        # Pooled connections belong to the event loop that opened them, and every synchronous
        # grading call runs its own loop: a client this backend owns is never reused across loops.
        if self._client is None or (self._owns_http and self._client_loop is not loop):
            from openai import AsyncOpenAI

            self._client = AsyncOpenAI(
                api_key=self._api_key,
                base_url=self.base_url,
                timeout=self.timeout,
                max_retries=0,
                http_client=self._http_client,
            )
            self._client_loop = loop
        return self._client

    async def aclose(self) -> None:
        """Close the connections of the HTTP client this backend made (not one passed in)."""
        if not self._owns_http or self._client is None:
            return
        client, self._client = self._client, None
        if self._client_loop is asyncio.get_running_loop():
            await client.close()

    async def complete(self, request: JudgeRequest) -> JudgeResponse:
        import openai

        client = self._get_client()
        mode = self.mode or self._server_modes.get(self.base_url, "json_schema")
        while True:
            try:
                response: ChatCompletion = await client.chat.completions.create(**self._params(request, mode))
                break
            except openai.APIStatusError as exc:
                if not self._rejects_format(exc):
                    raise self._error(exc) from exc
                if self.mode is not None or mode == "prompt":
                    raise BackendError(
                        f"{self.name} at {self.base_url} rejected structured output mode {mode!r}: "
                        f"{error_detail(exc.body, exc.message)} (pin another mode: {', '.join(MODES)})",
                        status_code=exc.status_code,
                    ) from exc
                mode = MODES[MODES.index(mode) + 1]
            except openai.APIError as exc:
                raise self._error(exc) from exc
        if self.mode is None and not self.official:
            self._server_modes[self.base_url] = mode
        return self._response(response, mode)

    def _params(self, request: JudgeRequest, mode: Mode) -> dict[str, Any]:
        params: dict[str, Any] = {
            "model": self.model,
            "messages": [
                {"role": "system", "content": request.system},
                {"role": "user", "content": request.user},
            ],
        }
        # The official API deprecated max_tokens; llama-cpp-python ignores max_completion_tokens.
        params["max_completion_tokens" if self.official else "max_tokens"] = request.max_output_tokens
        if request.temperature is not None:
            params["temperature"] = request.temperature
        if request.seed is not None:
            params["seed"] = request.seed
        if mode == "json_schema":
            params["response_format"] = {
                "type": "json_schema",
                "json_schema": {"name": request.schema_name, "schema": request.schema, "strict": True},
            }
        elif mode == "json_object":
            response_format: dict[str, Any] = {"type": "json_object"}
            if not self.official:
                response_format["schema"] = request.schema
            params["response_format"] = response_format
        return params

    def _rejects_format(self, exc: APIStatusError) -> bool:
        """Whether a compatible server's error says it cannot take the ``response_format`` sent."""
        if self.official or exc.status_code not in (400, 422, 500):
            return False
        detail = error_detail(exc.body, exc.message).lower()
        return any(word in detail for word in _FORMAT_WORDS)

    def _response(self, response: ChatCompletion, mode: Mode) -> JudgeResponse:
        if not response.choices:
            raise BackendError(f"{self.name} at {self.base_url} returned no choices")
        choice = response.choices[0]
        message = choice.message
        stop: StopReason = "end"
        refusal: str | None = None
        if message.refusal:
            stop, refusal = "refusal", message.refusal
        elif choice.finish_reason == "content_filter":
            stop, refusal = "refusal", "content_filter"
        elif choice.finish_reason == "length":
            stop = "length"
        usage = Usage()
        if response.usage is not None:
            details = response.usage.prompt_tokens_details
            usage = Usage(
                input_tokens=response.usage.prompt_tokens or 0,
                cached_input_tokens=(details.cached_tokens if details else None) or 0,
                cache_write_tokens=(details.cache_write_tokens if details else None) or 0,
                output_tokens=response.usage.completion_tokens or 0,
            )
        return JudgeResponse(
            text=message.content or "",
            stop=stop,
            refusal=refusal,
            usage=usage,
            model=response.model,
            mode=mode,
        )

    def _error(self, exc: APIError) -> BackendError:
        import openai

        where = f"{self.name} at {self.base_url}"
        if isinstance(exc, openai.APITimeoutError):
            return TransientBackendError(f"{where}: request timed out after {self.timeout} s")
        if isinstance(exc, openai.APIConnectionError):
            return TransientBackendError(f"{where}: could not connect ({exc}); is the server running?")
        if isinstance(exc, openai.APIStatusError):
            return status_error(
                where, exc.status_code, exc.response.headers, error_detail(exc.body, exc.message)
            )
        return BackendError(f"{where}: {exc}")


def is_official_openai(base_url: str) -> bool:
    """Whether ``base_url`` is OpenAI's own API (or Azure OpenAI), not a compatible server."""
    host = urlsplit(base_url).hostname or ""
    return host == "api.openai.com" or host.endswith((".api.openai.com", ".openai.azure.com"))


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
    """The server's own error message from an SDK error body, else ``fallback``."""
    if isinstance(body, Mapping):
        message = body.get("message")
        error = body.get("error")
        if not message and isinstance(error, Mapping):
            message = error.get("message")
        if message:
            return str(message)[:1000]
    return fallback[:1000]


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
