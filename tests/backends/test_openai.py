"""OpenAIBackend through the real openai SDK, with a scripted HTTP server behind httpx2.MockTransport."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from typing import Any

import httpx2
import openai
import pytest

from underreach_judge.backends._sdk import retry_after_seconds
from underreach_judge.backends.base import JudgeRequest
from underreach_judge.backends.openai import OpenAIBackend
from underreach_judge.exceptions import BackendError, ConfigurationError, TransientBackendError
from underreach_judge.verdict import Usage

from ..mock_http import Reply, Server

COMPAT_URL = "http://llm.test:8080/v1"
SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {"ok": {"type": "boolean"}},
    "required": ["ok"],
    "additionalProperties": False,
}
REQUEST = JudgeRequest(system="RUBRIC", user="TRANSCRIPT", schema=SCHEMA, max_output_tokens=321)
LLAMA_CPP_REJECTION = {
    "error": {
        "message": "1 validation error:\n  {'type': 'literal_error', 'loc': ('body', 'response_format', "
        "'type'), 'msg': \"Input should be 'text' or 'json_object'\", 'input': 'json_schema'}",
        "type": "internal_server_error",
        "param": None,
        "code": None,
    }
}


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("OPENAI_ORG_ID", "OPENAI_PROJECT_ID", "OPENAI_CUSTOM_HEADERS"):  # conftest clears the rest
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(OpenAIBackend, "_server_modes", {})


def completion(
    content: str | None = '{"ok": true}',
    *,
    finish_reason: str = "stop",
    refusal: str | None = None,
    usage: dict[str, Any] | None = None,
) -> dict[str, Any]:
    return {
        "id": "chatcmpl-1",
        "object": "chat.completion",
        "created": 1,
        "model": "judge-model-2026",
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": content, "refusal": refusal},
                "finish_reason": finish_reason,
            }
        ],
        "usage": usage or {"prompt_tokens": 10, "completion_tokens": 5, "total_tokens": 15},
    }


def ok(body: dict[str, Any] | None = None) -> Reply:
    return (200, body or completion(), {})


def error(status: int, message: str = "boom", headers: dict[str, str] | None = None) -> Reply:
    return (status, {"error": {"message": message, "type": "error"}}, headers or {})


MakeBackend = Callable[..., OpenAIBackend]


@pytest.fixture
async def make_backend() -> AsyncIterator[MakeBackend]:
    """Builds backends on mock HTTP; ``base_url`` defaults to the official API with a test key."""
    clients: list[httpx2.AsyncClient] = []

    def make(server: Server, **options: Any) -> OpenAIBackend:
        client = httpx2.AsyncClient(transport=httpx2.MockTransport(server))
        clients.append(client)
        if "base_url" not in options:
            options.setdefault("api_key", "sk-test")
        return OpenAIBackend(options.pop("model", "gpt-test"), http_client=client, **options)

    yield make
    for client in clients:
        await client.aclose()


def response_format_type(body: dict[str, Any]) -> str | None:
    return body["response_format"]["type"] if "response_format" in body else None


# --- request shape -------------------------------------------------------------------------------


@pytest.mark.anyio
async def test_official_request_shape(make_backend: MakeBackend) -> None:
    server = Server(ok())
    backend = make_backend(server)

    response = await backend.complete(REQUEST)

    (request,) = server.requests
    assert str(request.url) == "https://api.openai.com/v1/chat/completions"
    assert request.headers["authorization"] == "Bearer sk-test"
    body = server.bodies[0]
    assert body["model"] == "gpt-test"
    assert body["messages"] == [
        {"role": "system", "content": "RUBRIC"},
        {"role": "user", "content": "TRANSCRIPT"},
    ]
    assert body["response_format"] == {
        "type": "json_schema",
        "json_schema": {"name": "underreach_verdict", "schema": SCHEMA, "strict": True},
    }
    assert body["max_completion_tokens"] == 321
    assert "max_tokens" not in body
    assert "temperature" not in body
    assert "seed" not in body
    assert backend.name == "openai/gpt-test"
    assert response.text == '{"ok": true}'
    assert response.stop == "end"
    assert response.mode == "json_schema"
    assert response.model == "judge-model-2026"


@pytest.mark.parametrize(
    ("temperature", "seed", "expected"),
    [
        pytest.param(None, None, {}, id="unset-omitted"),
        pytest.param(0.0, None, {"temperature": 0.0}, id="zero-temperature-sent"),
        pytest.param(0.7, 42, {"temperature": 0.7, "seed": 42}, id="both"),
        pytest.param(None, 0, {"seed": 0}, id="zero-seed-sent"),
    ],
)
@pytest.mark.anyio
async def test_sampling_params_only_when_set(
    make_backend: MakeBackend, temperature: float | None, seed: int | None, expected: dict[str, Any]
) -> None:
    server = Server(ok())
    request = JudgeRequest(system="s", user="u", schema=SCHEMA, temperature=temperature, seed=seed)

    await make_backend(server).complete(request)

    body = server.bodies[0]
    assert {key: body[key] for key in ("temperature", "seed") if key in body} == expected


@pytest.mark.anyio
async def test_compatible_server_gets_placeholder_key_and_max_tokens(make_backend: MakeBackend) -> None:
    server = Server(ok())

    await make_backend(server, base_url=COMPAT_URL).complete(REQUEST)

    (request,) = server.requests
    assert str(request.url) == f"{COMPAT_URL}/chat/completions"
    assert request.headers["authorization"] == "Bearer not-needed"
    assert server.bodies[0]["max_tokens"] == 321
    assert "max_completion_tokens" not in server.bodies[0]


@pytest.mark.anyio
async def test_base_url_and_key_from_environment(
    make_backend: MakeBackend, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPENAI_BASE_URL", COMPAT_URL)
    monkeypatch.setenv("OPENAI_API_KEY", "env-key")
    server = Server(ok())
    client = httpx2.AsyncClient(transport=httpx2.MockTransport(server))

    await OpenAIBackend("local", http_client=client).complete(REQUEST)
    await client.aclose()

    assert str(server.requests[0].url).startswith(COMPAT_URL)
    assert server.requests[0].headers["authorization"] == "Bearer env-key"


def test_official_api_without_key_is_a_configuration_error() -> None:
    with pytest.raises(ConfigurationError, match="OPENAI_API_KEY"):
        OpenAIBackend("gpt-test")


def test_unknown_mode_is_a_configuration_error() -> None:
    with pytest.raises(ConfigurationError, match="json_object"):
        OpenAIBackend("m", base_url=COMPAT_URL, mode="grammar")  # type: ignore[arg-type]


@pytest.mark.anyio
async def test_injected_client_is_used_without_sdk_retries() -> None:
    server = Server(error(500))
    http_client = httpx2.AsyncClient(transport=httpx2.MockTransport(server))
    client = openai.AsyncOpenAI(api_key="k", base_url=COMPAT_URL, max_retries=5, http_client=http_client)

    with pytest.raises(TransientBackendError):
        await OpenAIBackend("m", client=client, mode="json_schema").complete(REQUEST)
    await http_client.aclose()

    assert len(server.requests) == 1


# --- reply mapping -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "stop", "refusal", "text"),
    [
        pytest.param(completion('{"ok": true}'), "end", None, '{"ok": true}', id="end"),
        pytest.param(completion(None, refusal="I can't grade this."), "refusal", "I can't grade this.", "",
                     id="refusal"),
        pytest.param(completion(None, finish_reason="content_filter"), "refusal", "content_filter", "",
                     id="content-filter"),
        pytest.param(completion('{"ok": tr', finish_reason="length"), "length", None, '{"ok": tr',
                     id="length"),
    ],
)  # fmt: skip
@pytest.mark.anyio
async def test_reply_mapping(
    make_backend: MakeBackend, body: dict[str, Any], stop: str, refusal: str | None, text: str
) -> None:
    response = await make_backend(Server(ok(body))).complete(REQUEST)

    assert (response.stop, response.refusal, response.text) == (stop, refusal, text)


@pytest.mark.parametrize(
    ("usage", "expected"),
    [
        pytest.param(
            {
                "prompt_tokens": 1000,
                "completion_tokens": 50,
                "total_tokens": 1050,
                "prompt_tokens_details": {"cached_tokens": 600, "cache_write_tokens": 100},
            },
            Usage(input_tokens=1000, cached_input_tokens=600, cache_write_tokens=100, output_tokens=50),
            id="with-cache-details",
        ),
        pytest.param(
            {"prompt_tokens": 31, "completion_tokens": 5, "total_tokens": 36},
            Usage(input_tokens=31, output_tokens=5),
            id="no-details",
        ),
    ],
)
@pytest.mark.anyio
async def test_usage_mapping(make_backend: MakeBackend, usage: dict[str, Any], expected: Usage) -> None:
    response = await make_backend(Server(ok(completion(usage=usage)))).complete(REQUEST)

    assert response.usage == expected


# --- errors --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("reply", "retry_after"),
    [
        pytest.param(error(429, headers={"retry-after": "7"}), 7.0, id="429-retry-after"),
        pytest.param(
            error(429, headers={"retry-after-ms": "1500", "retry-after": "9"}), 1.5, id="429-ms-wins"
        ),
        pytest.param(error(429), None, id="429-no-header"),
        pytest.param(error(500), None, id="500"),
        pytest.param(error(503, headers={"retry-after": "2"}), 2.0, id="503-retry-after"),
        pytest.param(error(408), None, id="408"),
        pytest.param(error(409), None, id="409"),
    ],
)
@pytest.mark.anyio
async def test_transient_errors(make_backend: MakeBackend, reply: Reply, retry_after: float | None) -> None:
    server = Server(reply)

    with pytest.raises(TransientBackendError) as caught:
        await make_backend(server).complete(REQUEST)

    assert caught.value.status_code == reply[0]
    assert caught.value.retry_after == retry_after
    assert isinstance(caught.value.__cause__, openai.APIStatusError)
    assert len(server.requests) == 1  # the SDK does not retry; the Judge does


@pytest.mark.parametrize(
    ("status", "hint"),
    [
        pytest.param(401, "API key", id="401"),
        pytest.param(403, "no access", id="403"),
        pytest.param(404, "model name", id="404"),
        pytest.param(400, "model name", id="400"),
    ],
)
@pytest.mark.anyio
async def test_permanent_errors(make_backend: MakeBackend, status: int, hint: str) -> None:
    server = Server(error(status, "Incorrect API key provided"))

    with pytest.raises(BackendError) as caught:
        await make_backend(server).complete(REQUEST)

    assert not isinstance(caught.value, TransientBackendError)
    assert caught.value.status_code == status
    assert "Incorrect API key provided" in str(caught.value)
    assert hint in str(caught.value)
    assert len(server.requests) == 1


@pytest.mark.parametrize(
    ("exc", "message"),
    [
        pytest.param(httpx2.ConnectError("refused"), "could not connect", id="connect"),
        pytest.param(httpx2.ReadTimeout("slow"), "timed out", id="timeout"),
    ],
)
@pytest.mark.anyio
async def test_network_errors_are_transient(make_backend: MakeBackend, exc: Exception, message: str) -> None:
    with pytest.raises(TransientBackendError, match=message):
        await make_backend(Server(exc)).complete(REQUEST)


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        pytest.param({}, None, id="none"),
        pytest.param({"retry-after": "3"}, 3.0, id="seconds"),
        pytest.param({"retry-after": "0.5"}, 0.5, id="fractional"),
        pytest.param({"retry-after-ms": "250"}, 0.25, id="milliseconds"),
        pytest.param({"retry-after-ms": "junk", "retry-after": "4"}, 4.0, id="bad-ms-falls-back"),
        pytest.param({"retry-after": "soon"}, None, id="garbage"),
        pytest.param({"retry-after": "nan"}, None, id="nan"),
        pytest.param({"retry-after": "-5"}, 0.0, id="negative"),
        pytest.param({"retry-after": "Wed, 21 Oct 2015 07:28:00 GMT"}, 0.0, id="date-in-past"),
    ],
)
def test_retry_after_seconds(headers: dict[str, str], expected: float | None) -> None:
    assert retry_after_seconds(headers) == expected


def test_retry_after_http_date_in_future() -> None:
    when = datetime.now(timezone.utc) + timedelta(seconds=30)

    seconds = retry_after_seconds({"retry-after": format_datetime(when, usegmt=True)})

    assert seconds is not None
    assert 28 <= seconds <= 30


# --- structured-output negotiation ---------------------------------------------------------------


@pytest.mark.anyio
async def test_rejected_json_schema_falls_back_to_json_object_and_is_remembered(
    make_backend: MakeBackend,
) -> None:
    server = Server((500, LLAMA_CPP_REJECTION, {}), ok())
    backend = make_backend(server, base_url=COMPAT_URL)

    first = await backend.complete(REQUEST)

    assert [response_format_type(body) for body in server.bodies] == ["json_schema", "json_object"]
    assert server.bodies[1]["response_format"] == {"type": "json_object", "schema": SCHEMA}
    assert first.mode == "json_object"

    second = await backend.complete(REQUEST)
    await make_backend(server, base_url=COMPAT_URL + "/").complete(REQUEST)  # another backend, same server

    assert [response_format_type(body) for body in server.bodies[2:]] == ["json_object", "json_object"]
    assert second.mode == "json_object"


@pytest.mark.anyio
async def test_memory_is_per_server(make_backend: MakeBackend) -> None:
    await make_backend(Server((500, LLAMA_CPP_REJECTION, {}), ok()), base_url=COMPAT_URL).complete(REQUEST)
    other = Server(ok())

    response = await make_backend(other, base_url="http://other.test/v1").complete(REQUEST)

    assert [response_format_type(body) for body in other.bodies] == ["json_schema"]
    assert response.mode == "json_schema"


@pytest.mark.anyio
async def test_falls_back_all_the_way_to_prompt(make_backend: MakeBackend) -> None:
    server = Server(
        (500, LLAMA_CPP_REJECTION, {}),
        error(400, "response_format of type json_object is not supported"),
        ok(),
    )
    backend = make_backend(server, base_url=COMPAT_URL)

    response = await backend.complete(REQUEST)
    await backend.complete(REQUEST)

    assert [response_format_type(body) for body in server.bodies] == [
        "json_schema",
        "json_object",
        None,
        None,
    ]
    assert response.mode == "prompt"


@pytest.mark.anyio
async def test_plain_500_on_compatible_server_is_transient_and_not_remembered(
    make_backend: MakeBackend,
) -> None:
    server = Server(error(500, "CUDA error: out of memory"), ok())
    backend = make_backend(server, base_url=COMPAT_URL)

    with pytest.raises(TransientBackendError):
        await backend.complete(REQUEST)
    response = await backend.complete(REQUEST)

    assert [response_format_type(body) for body in server.bodies] == ["json_schema", "json_schema"]
    assert response.mode == "json_schema"


@pytest.mark.anyio
async def test_failed_fallback_is_not_remembered(make_backend: MakeBackend) -> None:
    server = Server((500, LLAMA_CPP_REJECTION, {}), error(503, "loading model"), ok())
    backend = make_backend(server, base_url=COMPAT_URL)

    with pytest.raises(TransientBackendError):
        await backend.complete(REQUEST)
    await backend.complete(REQUEST)

    assert [response_format_type(body) for body in server.bodies] == [
        "json_schema",
        "json_object",
        "json_schema",
    ]


@pytest.mark.parametrize(
    "reply",
    [
        pytest.param((500, LLAMA_CPP_REJECTION, {}), id="500-naming-response-format"),
        pytest.param(error(500), id="plain-500"),
    ],
)
@pytest.mark.anyio
async def test_official_api_never_falls_back(make_backend: MakeBackend, reply: Reply) -> None:
    server = Server(reply, ok())

    with pytest.raises(TransientBackendError):
        await make_backend(server).complete(REQUEST)

    assert len(server.requests) == 1


@pytest.mark.parametrize(
    ("mode", "format_type"),
    [
        pytest.param("json_object", "json_object", id="json_object"),
        pytest.param("prompt", None, id="prompt"),
    ],
)
@pytest.mark.anyio
async def test_pinned_mode(make_backend: MakeBackend, mode: str, format_type: str | None) -> None:
    server = Server(ok())

    response = await make_backend(server, base_url=COMPAT_URL, mode=mode).complete(REQUEST)

    assert response_format_type(server.bodies[0]) == format_type
    assert response.mode == mode


@pytest.mark.anyio
async def test_pinned_mode_rejected_is_a_permanent_error(make_backend: MakeBackend) -> None:
    server = Server((500, LLAMA_CPP_REJECTION, {}), ok())

    with pytest.raises(BackendError, match="pin another mode") as caught:
        await make_backend(server, base_url=COMPAT_URL, mode="json_schema").complete(REQUEST)

    assert not isinstance(caught.value, TransientBackendError)
    assert len(server.requests) == 1
