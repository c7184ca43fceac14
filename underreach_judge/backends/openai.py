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

import os
from typing import TYPE_CHECKING, Any, ClassVar, Literal
from urllib.parse import urlsplit

from ..exceptions import BackendError, ConfigurationError, ConnectError, TransientBackendError
from ..verdict import Usage
from ._sdk import LoopClient, checked_url, error_detail, status_error
from .base import JudgeRequest, JudgeResponse, StopReason
from .registry import register_backend

if TYPE_CHECKING:
    import httpx2
    from openai import APIStatusError, AsyncOpenAI, OpenAIError
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

    offline = False
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
        self._client: LoopClient[AsyncOpenAI] = LoopClient(
            self._new_client,
            given=client.with_options(max_retries=0) if client is not None else None,
            owned=client is None and http_client is None,
        )
        if client is not None:
            self.base_url = str(client.base_url).rstrip("/")
            self._api_key = ""
        else:
            url = base_url or os.environ.get("OPENAI_BASE_URL") or OFFICIAL_BASE_URL
            self.base_url = checked_url(url, "the OpenAI base URL" if base_url else "OPENAI_BASE_URL")
            self._api_key = api_key or os.environ.get("OPENAI_API_KEY") or ""
        self.official = is_official_openai(self.base_url)
        if client is None and not self._api_key:
            if self.official:
                raise ConfigurationError(
                    f"judge {self.name!r} needs an OpenAI API key: set OPENAI_API_KEY (api_key=... in "
                    "Python); for an OpenAI-compatible server (vLLM, Ollama, llama.cpp) give its URL "
                    "with --base-url (base_url=... in Python) or OPENAI_BASE_URL."
                )
            self._api_key = "not-needed"

    def _new_client(self) -> AsyncOpenAI:
        from openai import AsyncOpenAI

        return AsyncOpenAI(
            api_key=self._api_key,
            base_url=self.base_url,
            timeout=self.timeout,
            max_retries=0,
            http_client=self._http_client,
        )

    def sdk_client(self) -> AsyncOpenAI:
        """The SDK client this backend calls through (for the running event loop)."""
        return self._client.get()

    async def aclose(self) -> None:
        """Close the connections of the HTTP client this backend made (not one passed in)."""
        await self._client.aclose()

    async def complete(self, request: JudgeRequest) -> JudgeResponse:
        import openai
        from openai.types.chat import ChatCompletion

        client = self._client.get()
        mode = self.mode or self._server_modes.get(self.base_url, "json_schema")
        while True:
            try:
                # client.post sends the body as it is: chat.completions.create would first walk
                # every field against its typed parameters, a sixth of the client's CPU per call
                response = await client.post(
                    "/chat/completions",
                    body=self.request_body(request, mode),
                    cast_to=ChatCompletion,
                    options={"security": {"bearer_auth": True}},
                )
                break
            except openai.APIStatusError as exc:
                if not self._rejects_format(exc):
                    raise sdk_error(exc, f"{self.name} at {self.base_url}", self.timeout) from exc
                if self.mode is not None or mode == "prompt":
                    raise BackendError(
                        f"{self.name} at {self.base_url} rejected structured output mode {mode!r}: "
                        f"{error_detail(exc.body, exc.message)} (pin another mode: {', '.join(MODES)})",
                        status_code=exc.status_code,
                    ) from exc
                mode = MODES[MODES.index(mode) + 1]
            except openai.APIError as exc:
                raise sdk_error(exc, f"{self.name} at {self.base_url}", self.timeout) from exc
        if self.mode is None and not self.official:
            self._server_modes[self.base_url] = mode
        return self.judge_response(response, mode)

    async def chat(
        self,
        messages: list[dict[str, str]],
        *,
        max_output_tokens: int = 1024,
        temperature: float | None = None,
    ) -> str:
        """A plain chat reply (free text, no structured output) to ``messages``: the model as a
        probe target or attacker rather than a judge. Errors as for ``complete``."""
        import openai
        from openai.types.chat import ChatCompletion

        body: dict[str, Any] = {"model": self.model, "messages": messages}
        body["max_completion_tokens" if self.official else "max_tokens"] = max_output_tokens
        if temperature is not None:
            body["temperature"] = temperature
        try:
            response = await self._client.get().post(
                "/chat/completions",
                body=body,
                cast_to=ChatCompletion,
                options={"security": {"bearer_auth": True}},
            )
        except openai.APIError as exc:
            raise sdk_error(exc, f"{self.name} at {self.base_url}", self.timeout) from exc
        if not response.choices:
            raise BackendError(f"{self.name} at {self.base_url} returned no choices")
        message = response.choices[0].message
        return message.content or message.refusal or ""

    def request_body(self, request: JudgeRequest, mode: Mode = "json_schema") -> dict[str, Any]:
        """The Chat Completions body for a judge request: live calls and batch lines share it."""
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

    def judge_response(self, response: ChatCompletion, mode: Mode) -> JudgeResponse:
        """What the judge said in a chat completion (a live reply or a batch output line)."""
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


def is_official_openai(base_url: str) -> bool:
    """Whether ``base_url`` is OpenAI's own API (or Azure OpenAI), not a compatible server."""
    host = urlsplit(base_url).hostname or ""
    return host == "api.openai.com" or host.endswith((".api.openai.com", ".openai.azure.com"))


def sdk_error(exc: OpenAIError, where: str, timeout: float | None = None) -> BackendError:
    """The OpenAI SDK's error as ours (live calls and the batch API share it); ``where`` names the
    call and server."""
    import openai

    if isinstance(exc, openai.APITimeoutError):
        after = f" after {timeout} s" if timeout else ""
        return TransientBackendError(f"{where}: request timed out{after}; try again")
    if isinstance(exc, openai.APIConnectionError):
        return ConnectError(f"{where}: could not connect ({exc}); is the server running?")
    if isinstance(exc, openai.APIStatusError):
        return status_error(where, exc.status_code, exc.response.headers, error_detail(exc.body, exc.message))
    return BackendError(f"{where}: {exc}")


@register_backend("openai")
def _openai(model: str, **options: Any) -> OpenAIBackend:
    if not model:
        raise ConfigurationError(
            "name the model: 'openai/<model>', e.g. 'openai/gpt-5-mini' (for a compatible server, "
            "the name it serves)"
        )
    return OpenAIBackend(model, **options)
