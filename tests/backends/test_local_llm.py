"""End to end against a real model: llama-cpp-python's server with SmolLM2-135M (marked ``llm``).

A 135M-parameter model is no judge; these tests check the real path (HTTP server, SDK,
structured-output negotiation, constrained decoding, parsing, verification), never its judgement.
Run them with ``pytest -m llm -s`` to see the timings.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from dataclasses import replace

import httpx2
import pydantic
import pytest

from underreach_judge import Judge, RetryPolicy, Verdict, grade_conversation
from underreach_judge.backends.openai import OpenAIBackend
from underreach_judge.conversation import to_conversation
from underreach_judge.verdict import JudgeOutput

from ..local_llm import llama_server, missing_requirement, model_path
from ..verdicts import FLIP_MESSAGES

pytestmark = pytest.mark.llm

MODEL = "smollm2-135m"
# The server samples at its default temperature; greedy decoding makes this model loop to the limit.
MAX_OUTPUT_TOKENS = 1024


@pytest.fixture(scope="session")
def llama_base_url() -> Iterator[str]:
    reason = missing_requirement()
    if reason:
        pytest.skip(reason)
    path = model_path()
    assert path is not None
    with llama_server(path) as base_url:
        yield base_url


@pytest.mark.anyio
async def test_backend_negotiates_structured_output_with_a_real_server(
    llama_base_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(OpenAIBackend, "_server_modes", {})
    formats: list[str | None] = []

    async def record(request: httpx2.Request) -> None:
        formats.append(json.loads(request.content).get("response_format", {}).get("type"))

    async with httpx2.AsyncClient(event_hooks={"request": [record]}) as http_client:
        backend = OpenAIBackend(MODEL, base_url=llama_base_url, http_client=http_client, timeout=600)
        judge = Judge(backend, max_output_tokens=MAX_OUTPUT_TOKENS)
        request = judge.request(to_conversation(FLIP_MESSAGES))

        started = time.monotonic()
        response = await backend.complete(request)
        elapsed = time.monotonic() - started

        # llama-cpp-python rejects json_schema (HTTP 500, request validation); json_object works
        assert formats == ["json_schema", "json_object"]
        assert response.mode == "json_object"
        assert response.usage.input_tokens > 1000
        assert response.usage.output_tokens > 0
        assert response.stop in ("end", "length")
        assert response.text.lstrip().startswith("{")  # the grammar allows nothing else
        if response.stop == "end":
            # grammar-constrained to a JSON object (which may carry a raw control character in a string)
            assert isinstance(json.loads(response.text, strict=False), dict)
        try:
            JudgeOutput.model_validate_json(response.text)
            valid = "valid"
        except pydantic.ValidationError:
            valid = "not a valid JudgeOutput"
        print(
            f"\nround trip (incl. the rejected json_schema call): {elapsed:.1f} s, "
            f"prompt tokens {response.usage.input_tokens}, output tokens {response.usage.output_tokens}, "
            f"stop {response.stop}, output {valid}"
        )

        # the server's mode is remembered: the next call goes straight to json_object
        again = await backend.complete(replace(request, max_output_tokens=8))
        assert formats[2:] == ["json_object"]
        assert again.mode == "json_object"


def test_grade_conversation_with_a_real_model(llama_base_url: str) -> None:
    # no pooled connection may outlive the event loop grade_conversation runs
    http_client = httpx2.AsyncClient(limits=httpx2.Limits(max_keepalive_connections=0))
    backend = OpenAIBackend(MODEL, base_url=llama_base_url, http_client=http_client, timeout=600)
    retry = RetryPolicy(max_attempts=2, max_reasks=1, max_truncation_retries=0, deadline=900)
    judge = Judge(backend, max_output_tokens=MAX_OUTPUT_TOKENS, retry=retry)

    started = time.monotonic()
    verdict = grade_conversation(FLIP_MESSAGES, judge=judge)
    elapsed = time.monotonic() - started

    assert isinstance(verdict, Verdict)
    assert Verdict.model_validate_json(verdict.model_dump_json()) == verdict
    assert verdict.judge.name == f"openai/{MODEL}"
    assert verdict.attempts >= 1
    if verdict.status == "scored":
        assert verdict.label in ("PASS", "WARN", "FAIL")
        assert verdict.judge.mode == "json_object"
    else:
        assert verdict.status in ("unscored", "error")
        assert verdict.unscored_reason
    print(
        f"\ngrade_conversation: {elapsed:.1f} s, status {verdict.status} "
        f"({verdict.unscored_reason or verdict.label}), attempts {verdict.attempts}, "
        f"prompt tokens {verdict.usage.input_tokens}, output tokens {verdict.usage.output_tokens}"
    )
