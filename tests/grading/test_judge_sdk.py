"""The whole grading path through the real openai and anthropic SDKs, with httpx2.MockTransport
standing in for the provider: request shape across conversations and calls, and the verdict on
429, 500, garbage JSON, judge refusals and fabricated quotes."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

import httpx2
import pytest

from underreach_judge import Judge, RetryPolicy, Verdict
from underreach_judge.backends.anthropic import AnthropicBackend
from underreach_judge.backends.openai import OpenAIBackend

from ..verdicts import FLIP_MESSAGES, FLIP_OUTPUT, flip_output

OTHER = [
    {"role": "user", "content": "What is a good name for a bakery?"},
    {"role": "assistant", "content": "How about 'Rise & Shine'?"},
]
PASS_OUTPUT = {**flip_output(findings=[], flips=[]), "boundary_required": False}
FABRICATED = flip_output()
FABRICATED["findings"][0]["evidence"][1]["quote"] = "Here is the full synthesis route"


def openai_reply(
    payload: Any = FLIP_OUTPUT,
    *,
    refusal: str | None = None,
    status: int = 200,
    headers: dict[str, str] | None = None,
) -> httpx2.Response:
    if status != 200:
        return httpx2.Response(
            status, json={"error": {"message": "slow down", "type": "error"}}, headers=headers or {}
        )
    content = payload if isinstance(payload, str) else json.dumps(payload)
    message = {"role": "assistant", "content": None if refusal else content, "refusal": refusal}
    body = {
        "id": "c",
        "object": "chat.completion",
        "created": 1,
        "model": "gpt-test",
        "choices": [{"index": 0, "message": message, "finish_reason": "stop"}],
        "usage": {
            "prompt_tokens": 5000,
            "completion_tokens": 300,
            "total_tokens": 5300,
            "prompt_tokens_details": {"cached_tokens": 4096},
        },
    }
    return httpx2.Response(200, json=body)


def anthropic_reply(
    payload: Any = FLIP_OUTPUT,
    *,
    refusal: bool = False,
    status: int = 200,
    headers: dict[str, str] | None = None,
) -> httpx2.Response:
    if status != 200:
        kind = "rate_limit_error" if status == 429 else "api_error"
        return httpx2.Response(
            status, json={"type": "error", "error": {"type": kind, "message": "no"}}, headers=headers or {}
        )
    content = payload if isinstance(payload, str) else json.dumps(payload)
    body: dict[str, Any] = {
        "id": "msg_1",
        "type": "message",
        "role": "assistant",
        "model": "claude-test",
        "content": [] if refusal else [{"type": "text", "text": content}],
        "stop_reason": "refusal" if refusal else "end_turn",
        "stop_sequence": None,
        "usage": {
            "input_tokens": 900,
            "output_tokens": 300,
            "cache_read_input_tokens": 4096,
            "cache_creation_input_tokens": 0,
        },
    }
    if refusal:
        body["stop_details"] = {"type": "refusal", "category": "cyber", "explanation": "declined"}
    return httpx2.Response(200, json=body)


class Provider:
    """A scripted provider endpoint; records each request body."""

    def __init__(self, kind: str, replies: list[httpx2.Response]) -> None:
        self.kind = kind
        self.replies = replies
        self.bodies: list[dict[str, Any]] = []

    def __call__(self, request: httpx2.Request) -> httpx2.Response:
        self.bodies.append(json.loads(request.content))
        return self.replies.pop(0)

    def judge(self) -> Judge:
        client = httpx2.AsyncClient(transport=httpx2.MockTransport(self))
        backend: Any
        if self.kind == "openai":
            backend = OpenAIBackend("gpt-test", api_key="sk-test", http_client=client)
        else:
            backend = AnthropicBackend("claude-test", api_key="sk-ant-test", http_client=client)
        return Judge(backend, retry=RetryPolicy(backoff_initial=0.0, deadline=30))

    def system(self, body: dict[str, Any]) -> str:
        if self.kind == "openai":
            return str(body["messages"][0]["content"])
        return str(body["system"][0]["text"])

    def user(self, body: dict[str, Any]) -> str:
        return str(body["messages"][-1]["content"])


Reply = Callable[..., httpx2.Response]
KINDS = {"openai": openai_reply, "anthropic": anthropic_reply}


@pytest.fixture(params=list(KINDS))
def kind(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def test_static_prefix_is_identical_and_nonce_differs(kind: str) -> None:
    reply = KINDS[kind]
    provider = Provider(kind, [reply(), reply(PASS_OUTPUT), reply()])
    judge = provider.judge()
    verdicts = [judge.grade(FLIP_MESSAGES), judge.grade(OTHER), judge.grade(FLIP_MESSAGES)]
    assert [v.label for v in verdicts] == ["FAIL", "PASS", "FAIL"]
    systems = {provider.system(b) for b in provider.bodies}
    assert len(systems) == 1
    nonces = [re.search(r"<<<TRANSCRIPT (\w+)>>>", provider.user(b)).group(1) for b in provider.bodies]  # type: ignore[union-attr]
    assert len(set(nonces)) == 3
    first = provider.bodies[0]
    if kind == "openai":
        assert first["response_format"]["type"] == "json_schema"
        assert "pattern" in json.dumps(first["response_format"]["json_schema"]["schema"])
    else:
        assert first["output_config"]["format"]["type"] == "json_schema"
        assert first["system"][0]["cache_control"] == {"type": "ephemeral"}
        assert not {"temperature", "top_p", "top_k"} & set(first)
    assert verdicts[0].usage.cached_input_tokens == 4096


@pytest.mark.parametrize(
    ("script", "status", "reason", "calls"),
    [
        pytest.param([("error", 429), ("ok", None)], "scored", None, 2, id="429-then-ok"),
        pytest.param([("error", 500), ("ok", None)], "scored", None, 2, id="500-then-ok"),
        pytest.param([("garbage", None), ("ok", None)], "scored", None, 2, id="garbage-then-reask"),
        pytest.param([("garbage", None)] * 3, "error", "invalid_output", 3, id="garbage-thrice"),
        pytest.param([("refusal", None)], "unscored", "judge_refused", 1, id="judge-refusal"),
        pytest.param([("fabricated", None)], "unscored", "evidence_unverified", 1, id="fabricated-quote"),
    ],
)
def test_failure_handling(
    kind: str, script: list[tuple[str, int | None]], status: str, reason: str | None, calls: int
) -> None:
    reply = KINDS[kind]
    replies = []
    for what, code in script:
        if what == "error":
            replies.append(reply(status=code, headers={"retry-after": "0"}))
        elif what == "garbage":
            replies.append(reply("Sure! The verdict is FAIL, obviously."))
        elif what == "refusal":
            replies.append(reply(refusal="I can't grade this.") if kind == "openai" else reply(refusal=True))
        elif what == "fabricated":
            replies.append(reply(FABRICATED))
        else:
            replies.append(reply())
    provider = Provider(kind, replies)
    verdict = provider.judge().grade(FLIP_MESSAGES)
    assert (verdict.status, verdict.unscored_reason) == (status, reason)
    assert len(provider.bodies) == verdict.attempts == calls
    assert Verdict.model_validate_json(verdict.model_dump_json()) == verdict
    if status == "scored":
        assert verdict.label == "FAIL" and verdict.flips[0].compliance_turn == 3
    if reason == "judge_refused":
        assert verdict.detail
    if reason == "evidence_unverified":
        assert verdict.dropped and verdict.findings == []
