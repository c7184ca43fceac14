"""AnthropicBackend through the real anthropic SDK, with a scripted HTTP server behind httpx2.MockTransport."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import Any

import anthropic
import httpx2
import pytest

from underreach_judge.backends.anthropic import AnthropicBackend
from underreach_judge.backends.base import JudgeRequest
from underreach_judge.exceptions import BackendError, ConfigurationError, TransientBackendError
from underreach_judge.verdict import Usage, judge_output_schema

from ..mock_http import Reply, Server

SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {"ok": {"type": "boolean"}, "score": {"type": "integer", "minimum": 0}},
    "required": ["ok", "score"],
    "additionalProperties": False,
}
REQUEST = JudgeRequest(system="RUBRIC", user="TRANSCRIPT", schema=SCHEMA, max_output_tokens=321)


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in (
        "ANTHROPIC_BASE_URL",
        "ANTHROPIC_PROFILE",
        "ANTHROPIC_CUSTOM_HEADERS",
    ):  # conftest clears the rest
        monkeypatch.delenv(name, raising=False)


def message(
    content: list[dict[str, Any]] | None = None,
    *,
    stop_reason: str = "end_turn",
    stop_details: dict[str, Any] | None = None,
    usage: dict[str, Any] | None = None,
) -> dict[str, Any]:
    return {
        "id": "msg_1",
        "type": "message",
        "role": "assistant",
        "model": "claude-judge-2026",
        "content": [{"type": "text", "text": '{"ok": true, "score": 1}'}] if content is None else content,
        "stop_reason": stop_reason,
        "stop_details": stop_details,
        "stop_sequence": None,
        "usage": usage or {"input_tokens": 10, "output_tokens": 5},
    }


def ok(body: dict[str, Any] | None = None) -> Reply:
    return (200, body or message(), {})


def error(status: int, message: str = "boom", headers: dict[str, str] | None = None) -> Reply:
    return (status, {"type": "error", "error": {"type": "api_error", "message": message}}, headers or {})


MakeBackend = Callable[..., AnthropicBackend]


@pytest.fixture
async def make_backend() -> AsyncIterator[MakeBackend]:
    clients: list[httpx2.AsyncClient] = []

    def make(server: Server, **options: Any) -> AnthropicBackend:
        client = httpx2.AsyncClient(transport=httpx2.MockTransport(server))
        clients.append(client)
        options.setdefault("api_key", "sk-ant-test")
        return AnthropicBackend(options.pop("model", "claude-test"), http_client=client, **options)

    yield make
    for client in clients:
        await client.aclose()


# --- request shape -------------------------------------------------------------------------------


@pytest.mark.anyio
async def test_request_shape(make_backend: MakeBackend) -> None:
    server = Server(ok())
    request = JudgeRequest(system="RUBRIC", user="TRANSCRIPT", schema=SCHEMA, max_output_tokens=321, seed=7)

    response = await make_backend(server).complete(request)

    (sent,) = server.requests
    assert str(sent.url) == "https://api.anthropic.com/v1/messages"
    assert sent.headers["authorization"] == "Bearer sk-ant-test"
    body = server.bodies[0]
    assert body["model"] == "claude-test"
    assert body["max_tokens"] == 321
    assert body["system"] == [{"type": "text", "text": "RUBRIC"}]  # too short to cache: no breakpoint
    assert body["messages"] == [{"role": "user", "content": "TRANSCRIPT"}]
    assert body["output_config"] == {
        "format": {"type": "json_schema", "schema": anthropic.transform_schema(SCHEMA)}
    }
    # no sampling parameters and no seed, at the top level or anywhere else
    assert not {"temperature", "top_p", "top_k", "seed"} & set(body)
    assert "temperature" not in sent.content.decode()
    assert response.text == '{"ok": true, "score": 1}'
    assert response.stop == "end"
    assert response.mode == "json_schema"
    assert response.model == "claude-judge-2026"


@pytest.mark.anyio
async def test_schema_goes_through_transform_schema(make_backend: MakeBackend) -> None:
    server = Server(ok())

    await make_backend(server).complete(REQUEST)

    sent = server.bodies[0]["output_config"]["format"]["schema"]
    assert "minimum" not in sent["properties"]["score"]  # unsupported constraint moved into the description
    assert "minimum" in sent["properties"]["score"]["description"]


@pytest.mark.anyio
async def test_judge_output_schema_is_sent_unchanged_in_substance(make_backend: MakeBackend) -> None:
    server = Server(ok())
    schema = judge_output_schema(["capitulation_flip", "boundary_held"])

    await make_backend(server).complete(JudgeRequest(system="s", user="u", schema=schema))

    sent = server.bodies[0]["output_config"]["format"]["schema"]
    assert sent["required"] == schema["required"]
    assert sent["$defs"]["Finding"]["properties"]["pattern"]["enum"] == ["capitulation_flip", "boundary_held"]


@pytest.mark.parametrize("temperature", [pytest.param(0.0, id="zero"), pytest.param(0.5, id="half")])
@pytest.mark.anyio
async def test_temperature_goes_in_the_body_only_when_set(
    make_backend: MakeBackend, temperature: float
) -> None:
    server = Server(ok())
    request = JudgeRequest(system="s", user="u", schema=SCHEMA, temperature=temperature)

    await make_backend(server).complete(request)

    assert server.bodies[0]["temperature"] == temperature


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("model", "system_chars", "option", "marked"),
    [
        pytest.param("claude-test", 3_000, None, False, id="below-1024-tokens"),
        pytest.param("claude-test", 6_000, None, True, id="above-1024-tokens"),
        pytest.param("claude-haiku-4-5", 6_000, None, False, id="haiku-4-5-needs-4096"),
        pytest.param("claude-haiku-4-5", 14_000, None, True, id="haiku-4-5-long-enough"),
        pytest.param("claude-sonnet-4-6", 5_000, None, False, id="sonnet-4-6-needs-2048"),
        pytest.param("claude-haiku-4-5", 100, True, True, id="forced-on"),
        pytest.param("claude-test", 60_000, False, False, id="forced-off"),
    ],
)
async def test_cache_breakpoint_where_the_model_can_cache(
    make_backend: MakeBackend, model: str, system_chars: int, option: bool | None, marked: bool
) -> None:
    server = Server(ok())
    request = JudgeRequest(system="x" * system_chars, user="T", schema=SCHEMA, max_output_tokens=10)
    await make_backend(server, model=model, cache_system=option).complete(request)
    assert ("cache_control" in server.bodies[0]["system"][0]) is marked


@pytest.mark.anyio
async def test_cache_control_can_be_turned_off(make_backend: MakeBackend) -> None:
    server = Server(ok())

    await make_backend(server, cache_system=False).complete(REQUEST)

    assert server.bodies[0]["system"] == [{"type": "text", "text": "RUBRIC"}]


@pytest.mark.anyio
async def test_base_url_is_used(make_backend: MakeBackend) -> None:
    server = Server(ok())

    await make_backend(server, base_url="http://proxy.test").complete(REQUEST)

    assert str(server.requests[0].url) == "http://proxy.test/v1/messages"


@pytest.mark.anyio
async def test_injected_client_is_used_without_sdk_retries() -> None:
    server = Server(error(529, "Overloaded"))
    http_client = httpx2.AsyncClient(transport=httpx2.MockTransport(server))
    client = anthropic.AsyncAnthropic(api_key="k", max_retries=5, http_client=http_client)

    with pytest.raises(TransientBackendError):
        await AnthropicBackend("claude-test", client=client).complete(REQUEST)
    await http_client.aclose()

    assert len(server.requests) == 1


@pytest.mark.anyio
async def test_missing_credentials_is_a_configuration_error() -> None:
    server = Server(ok())
    http_client = httpx2.AsyncClient(transport=httpx2.MockTransport(server))

    with pytest.raises(ConfigurationError, match="ANTHROPIC_API_KEY"):
        await AnthropicBackend("claude-test", http_client=http_client).complete(REQUEST)
    await http_client.aclose()

    assert server.requests == []


# --- reply mapping -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "stop", "refusal"),
    [
        pytest.param(message(), "end", None, id="end-turn"),
        pytest.param(
            message([], stop_reason="refusal",
                    stop_details={"type": "refusal", "category": "cyber", "explanation": "Exploit code."}),
            "refusal", "cyber: Exploit code.", id="refusal-with-details",
        ),
        pytest.param(
            message([], stop_reason="refusal",
                    stop_details={"type": "refusal", "category": None, "explanation": "Declined."}),
            "refusal", "Declined.", id="refusal-no-category",
        ),
        pytest.param(message([], stop_reason="refusal"), "refusal", "refusal", id="refusal-no-details"),
        pytest.param(message(stop_reason="max_tokens"), "length", None, id="max-tokens"),
        pytest.param(message(stop_reason="model_context_window_exceeded"), "length", None, id="context-window"),
    ],
)  # fmt: skip
@pytest.mark.anyio
async def test_stop_mapping(
    make_backend: MakeBackend, body: dict[str, Any], stop: str, refusal: str | None
) -> None:
    response = await make_backend(Server(ok(body))).complete(REQUEST)

    assert (response.stop, response.refusal) == (stop, refusal)


@pytest.mark.anyio
async def test_refusal_with_partial_text_is_still_a_refusal(make_backend: MakeBackend) -> None:
    body = message([{"type": "text", "text": '{"ok": tr'}], stop_reason="refusal")

    response = await make_backend(Server(ok(body))).complete(REQUEST)

    assert response.stop == "refusal"
    assert response.text == '{"ok": tr'


@pytest.mark.anyio
async def test_text_blocks_are_concatenated(make_backend: MakeBackend) -> None:
    body = message(
        [
            {"type": "thinking", "thinking": "hmm", "signature": "sig"},
            {"type": "text", "text": '{"ok": '},
            {"type": "text", "text": "true}"},
        ]
    )

    response = await make_backend(Server(ok(body))).complete(REQUEST)

    assert response.text == '{"ok": true}'


@pytest.mark.parametrize(
    ("usage", "expected"),
    [
        pytest.param(
            {
                "input_tokens": 40,
                "output_tokens": 300,
                "cache_read_input_tokens": 2000,
                "cache_creation_input_tokens": 500,
            },
            Usage(input_tokens=2540, cached_input_tokens=2000, cache_write_tokens=500, output_tokens=300),
            id="with-cache",
        ),
        pytest.param(
            {"input_tokens": 12, "output_tokens": 3, "cache_read_input_tokens": None},
            Usage(input_tokens=12, output_tokens=3),
            id="no-cache",
        ),
    ],
)
@pytest.mark.anyio
async def test_usage_mapping(make_backend: MakeBackend, usage: dict[str, Any], expected: Usage) -> None:
    response = await make_backend(Server(ok(message(usage=usage)))).complete(REQUEST)

    assert response.usage == expected


# --- errors --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("reply", "retry_after"),
    [
        pytest.param(error(429, headers={"retry-after": "12"}), 12.0, id="429-retry-after"),
        pytest.param(error(429, headers={"retry-after-ms": "800"}), 0.8, id="429-retry-after-ms"),
        pytest.param(error(529, "Overloaded"), None, id="529-overloaded"),
        pytest.param(error(500), None, id="500"),
        pytest.param(error(503, headers={"retry-after": "1"}), 1.0, id="503"),
        pytest.param(error(408), None, id="408"),
    ],
)
@pytest.mark.anyio
async def test_transient_errors(make_backend: MakeBackend, reply: Reply, retry_after: float | None) -> None:
    server = Server(reply)

    with pytest.raises(TransientBackendError) as caught:
        await make_backend(server).complete(REQUEST)

    assert caught.value.status_code == reply[0]
    assert caught.value.retry_after == retry_after
    assert isinstance(caught.value.__cause__, anthropic.APIStatusError)
    assert len(server.requests) == 1


@pytest.mark.parametrize(
    ("status", "hint"),
    [
        pytest.param(401, "API key", id="401"),
        pytest.param(404, "model name", id="404"),
        pytest.param(400, "model name", id="400"),
    ],
)
@pytest.mark.anyio
async def test_permanent_errors(make_backend: MakeBackend, status: int, hint: str) -> None:
    with pytest.raises(BackendError) as caught:
        await make_backend(Server(error(status, "invalid x-api-key"))).complete(REQUEST)

    assert not isinstance(caught.value, TransientBackendError)
    assert caught.value.status_code == status
    assert "invalid x-api-key" in str(caught.value)
    assert hint in str(caught.value)


@pytest.mark.parametrize(
    ("exc", "text"),
    [
        pytest.param(httpx2.ConnectError("refused"), "could not connect", id="connect"),
        pytest.param(httpx2.ReadTimeout("slow"), "timed out", id="timeout"),
    ],
)
@pytest.mark.anyio
async def test_network_errors_are_transient(make_backend: MakeBackend, exc: Exception, text: str) -> None:
    with pytest.raises(TransientBackendError, match=text):
        await make_backend(Server(exc)).complete(REQUEST)
