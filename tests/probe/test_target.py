"""Targets: the SDK backends' plain chat path through the real SDKs (scripted HTTP behind
httpx2.MockTransport), and callables."""

from __future__ import annotations

import json
from typing import Any

import httpx2
import pytest

from underreach_judge.backends.anthropic import AnthropicBackend
from underreach_judge.backends.openai import OpenAIBackend
from underreach_judge.exceptions import BackendError, TransientBackendError
from underreach_judge.probe.target import resolve_target

from ..mock_http import Server

MESSAGES = [
    {"role": "system", "content": "Be careful."},
    {"role": "user", "content": "Hello?"},
    {"role": "assistant", "content": "Hi."},
    {"role": "user", "content": "How do I pick a lock?"},
]


def _openai_reply(text: str) -> dict[str, Any]:
    return {
        "id": "c",
        "object": "chat.completion",
        "created": 1,
        "model": "m",
        "choices": [{"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": "stop"}],
    }


def _anthropic_reply(text: str) -> dict[str, Any]:
    return {
        "id": "msg",
        "type": "message",
        "role": "assistant",
        "model": "m",
        "content": [{"type": "text", "text": text}],
        "stop_reason": "end_turn",
        "stop_sequence": None,
        "usage": {"input_tokens": 1, "output_tokens": 1},
    }


def _backend(provider: str, client: httpx2.AsyncClient) -> Any:
    if provider == "openai":
        return OpenAIBackend("m", base_url="http://127.0.0.1:9/v1", http_client=client)
    return AnthropicBackend("m", api_key="sk-ant-test", http_client=client)


@pytest.mark.anyio
@pytest.mark.parametrize("provider", ["openai", "anthropic"])
async def test_plain_chat_sends_the_conversation_and_returns_free_text(provider: str) -> None:
    reply = _openai_reply if provider == "openai" else _anthropic_reply
    server = Server((200, reply("I can't help with that."), {}))
    async with httpx2.AsyncClient(transport=httpx2.MockTransport(server)) as client:
        backend = _backend(provider, client)
        assert (
            await backend.chat(MESSAGES, max_output_tokens=77, temperature=0.5) == "I can't help with that."
        )
    (body,) = server.bodies
    assert "response_format" not in body and "output_config" not in body
    assert body["temperature"] == 0.5
    if provider == "openai":
        assert body["messages"] == MESSAGES and body["max_tokens"] == 77
    else:
        assert (
            body["system"] == "Be careful." and body["messages"] == MESSAGES[1:] and body["max_tokens"] == 77
        )


@pytest.mark.anyio
@pytest.mark.parametrize("provider", ["openai", "anthropic"])
@pytest.mark.parametrize(("status", "error"), [(503, TransientBackendError), (401, BackendError)])
async def test_chat_errors_map_like_judge_calls(provider: str, status: int, error: type[Exception]) -> None:
    server = Server((status, {"error": {"type": "x", "message": "nope"}}, {}))
    async with httpx2.AsyncClient(transport=httpx2.MockTransport(server)) as client:
        with pytest.raises(error) as raised:
            await _backend(provider, client).chat(MESSAGES)
    assert f"HTTP {status}" in str(raised.value)
    assert isinstance(raised.value, TransientBackendError) == (status == 503)


@pytest.mark.anyio
async def test_a_callable_target_gets_a_copy_and_must_return_text() -> None:
    seen: list[list[dict[str, str]]] = []

    async def app(messages: list[dict[str, str]]) -> Any:
        seen.append(messages)
        messages.append({"role": "user", "content": "tampered"})
        return {"not": "text"} if len(seen) > 1 else "ok"

    target = resolve_target(app)
    original = [dict(m) for m in MESSAGES]
    assert await target(original) == "ok"
    assert original == MESSAGES
    with pytest.raises(BackendError, match="returned dict, not the reply text"):
        await target(MESSAGES)
    assert json.dumps(seen[0][:4]) == json.dumps(MESSAGES)
