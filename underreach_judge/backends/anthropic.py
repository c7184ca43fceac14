"""Anthropic Messages backend, with native structured output (``output_config.format``).

The call is ``messages.create``, not ``messages.parse``: a judge refusal (``stop_reason ==
"refusal"``) must come back as a refusal, not as a validation error. The rubric-bearing system
prompt is marked for prompt caching. The SDK has no sampling parameters; a temperature set on
the request goes through ``extra_body`` (newer models reject it). ``seed`` is not supported by
the Messages API and is ignored.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from ..exceptions import BackendError, ConfigurationError, ConnectError, TransientBackendError
from ..verdict import Usage
from ._sdk import LoopClient, checked_url, error_detail, status_error
from .base import JudgeRequest, JudgeResponse, StopReason
from .registry import register_backend

if TYPE_CHECKING:
    import httpx2
    from anthropic import AsyncAnthropic
    from anthropic.types import Message, OutputConfigParam, TextBlockParam

#: Stop reasons that mean the output ran out of room.
_LENGTH_STOPS = ("max_tokens", "model_context_window_exceeded")


@contextmanager
def sdk_errors(where: str, name: str, timeout: float | None = None) -> Iterator[None]:
    """The Anthropic SDK's errors as ours (live calls and the batch API share it): ``where`` names
    the call and server, ``name`` the judge."""
    import anthropic

    try:
        yield
    except anthropic.APITimeoutError as exc:
        after = f" after {timeout} s" if timeout else ""
        raise TransientBackendError(f"{where}: request timed out{after}; try again") from exc
    except anthropic.APIConnectionError as exc:
        raise ConnectError(f"{where}: could not connect ({exc}); is the server running?") from exc
    except anthropic.APIStatusError as exc:
        detail = error_detail(exc.body, exc.message)
        raise status_error(where, exc.status_code, exc.response.headers, detail) from exc
    except anthropic.CredentialsError as exc:
        raise ConfigurationError(f"judge {name!r}: {exc}") from exc
    except TypeError as exc:
        if "authentication" not in str(exc):
            raise
        raise ConfigurationError(
            f"judge {name!r} needs an Anthropic API key: set ANTHROPIC_API_KEY (api_key=... in Python)"
        ) from exc
    except anthropic.AnthropicError as exc:
        raise BackendError(f"{where}: {exc}") from exc


class AnthropicBackend:
    """Judge through ``client.messages.create``.

    ``client`` may be an ``anthropic.AsyncAnthropic`` you built; it is used with
    ``max_retries=0`` because the ``Judge`` does the retrying. Otherwise one is built on first
    use from ``base_url``, ``api_key`` (the SDK's own defaults apply: ``ANTHROPIC_API_KEY``,
    ``ANTHROPIC_AUTH_TOKEN``, profiles), ``http_client`` and ``timeout``.
    """

    offline = False

    def __init__(
        self,
        model: str,
        *,
        base_url: str | None = None,
        api_key: str | None = None,
        client: AsyncAnthropic | None = None,
        http_client: httpx2.AsyncClient | None = None,
        timeout: float | None = 120.0,
        cache_system: bool | None = None,
    ) -> None:
        self.model = model
        self.name = f"anthropic/{model}"
        self.cache_system = cache_system
        self.timeout = timeout
        #: the server, when not the SDK's default (``ANTHROPIC_BASE_URL`` or the official API)
        self.base_url = checked_url(base_url, "the Anthropic base URL") if base_url else None
        self._api_key = api_key
        self._http_client = http_client
        self._client: LoopClient[AsyncAnthropic] = LoopClient(
            self._new_client,
            given=client.with_options(max_retries=0) if client is not None else None,
            owned=client is None and http_client is None,
        )

    def _new_client(self) -> AsyncAnthropic:
        from anthropic import AsyncAnthropic

        return AsyncAnthropic(
            api_key=self._api_key,
            base_url=self.base_url,
            timeout=self.timeout,
            max_retries=0,
            http_client=self._http_client,
        )

    async def aclose(self) -> None:
        """Close the connections of the HTTP client this backend made (not one passed in)."""
        await self._client.aclose()

    def _caches(self, system: str) -> bool:
        """Mark the static system block for caching: always or never when ``cache_system`` says so,
        else when it is long enough for this model to cache it at all."""
        if self.cache_system is not None:
            return self.cache_system
        return estimated_tokens(system) >= min_cacheable_tokens(self.model)

    def sdk_client(self) -> AsyncAnthropic:
        """The SDK client this backend calls through (for the running event loop)."""
        return self._client.get()

    def request_body(self, request: JudgeRequest) -> dict[str, Any]:
        """The Messages API body for a judge request: live calls and batch requests share it."""
        import anthropic

        system: TextBlockParam = {"type": "text", "text": request.system}
        if self._caches(request.system):
            system["cache_control"] = {"type": "ephemeral"}
        output_config: OutputConfigParam = {
            "format": {"type": "json_schema", "schema": anthropic.transform_schema(request.schema)}
        }
        body: dict[str, Any] = {
            "model": self.model,
            "max_tokens": request.max_output_tokens,
            "system": [system],
            "messages": [{"role": "user", "content": request.user}],
            "output_config": output_config,
        }
        if request.temperature is not None:
            body["temperature"] = request.temperature
        return body

    async def complete(self, request: JudgeRequest) -> JudgeResponse:

        client = self._client.get()
        where = f"{self.name} at {client.base_url}"
        body = self.request_body(request)
        # the SDK has no sampling parameters: a temperature goes in as an extra body field
        extra_body = {"temperature": body.pop("temperature")} if "temperature" in body else None
        with sdk_errors(where, self.name, self.timeout):
            message = await client.messages.create(**body, extra_body=extra_body)
        return judge_response(message)

    async def chat(
        self,
        messages: list[dict[str, str]],
        *,
        max_output_tokens: int = 1024,
        temperature: float | None = None,
    ) -> str:
        """A plain chat reply (free text, no structured output) to OpenAI-style ``messages`` (system
        messages become the system prompt): the model as a probe target or attacker rather than a
        judge. Errors as for ``complete``."""
        client = self._client.get()
        system = "\n\n".join(m["content"] for m in messages if m["role"] == "system")
        turns = [{"role": m["role"], "content": m["content"]} for m in messages if m["role"] != "system"]
        body: dict[str, Any] = {"model": self.model, "max_tokens": max_output_tokens, "messages": turns}
        if system:
            body["system"] = system
        extra_body = {"temperature": temperature} if temperature is not None else None
        with sdk_errors(f"{self.name} at {client.base_url}", self.name, self.timeout):
            message = await client.messages.create(**body, extra_body=extra_body)
        return "".join(block.text for block in message.content if block.type == "text")


def judge_response(message: Message) -> JudgeResponse:
    """What the judge said in a message (a live reply or a batch result)."""
    text = "".join(block.text for block in message.content if block.type == "text")
    stop: StopReason = "end"
    refusal: str | None = None
    if message.stop_reason == "refusal":
        stop = "refusal"
        details = message.stop_details
        parts = [details.category, details.explanation] if details is not None else []
        refusal = ": ".join(part for part in parts if part) or "refusal"
    elif message.stop_reason in _LENGTH_STOPS:
        stop = "length"
    usage = message.usage
    cache_read = usage.cache_read_input_tokens or 0
    cache_write = usage.cache_creation_input_tokens or 0
    return JudgeResponse(
        text=text,
        stop=stop,
        refusal=refusal,
        usage=Usage(
            input_tokens=usage.input_tokens + cache_read + cache_write,
            cached_input_tokens=cache_read,
            cache_write_tokens=cache_write,
            output_tokens=usage.output_tokens,
        ),
        model=message.model,
        mode="json_schema",
    )


#: the shortest prefix each model family caches, in tokens (the provider's documentation); below
#: it a cache breakpoint is accepted and caches nothing
_MIN_CACHEABLE = (
    ("claude-opus-4-5", 4096),
    ("claude-opus-4-6", 4096),
    ("claude-haiku-4-5", 4096),
    ("claude-sonnet-4-6", 2048),
    ("claude-3-5-haiku", 2048),
    ("claude-3-haiku", 2048),
)


def min_cacheable_tokens(model: str) -> int:
    """The model's minimum cacheable prompt length; 1,024 for models not in the table."""
    return next((n for prefix, n in _MIN_CACHEABLE if model.startswith(prefix)), 1024)


def estimated_tokens(text: str) -> int:
    """A generous token estimate (3 characters a token; English prose runs nearer 4), so a prompt
    near the minimum is marked rather than missed: a breakpoint that caches nothing costs nothing."""
    return len(text) // 3


@register_backend("anthropic")
def _anthropic(model: str, **options: Any) -> AnthropicBackend:
    if not model:
        raise ConfigurationError("name the model: 'anthropic/<model>', e.g. 'anthropic/claude-sonnet-4-6'")
    return AnthropicBackend(model, **options)
