"""The SDK client each backend keeps (``backends/_sdk.py``'s ``LoopClient``), one contract for both.

Each synchronous grading call may run its own event loop: a client the backend built is rebuilt for
a new loop and closed by ``aclose``; a client the caller passed in is theirs, used as it is and
never closed."""

from __future__ import annotations

import asyncio
import gc
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx2
import pytest

from underreach_judge.backends import JudgeBackend, JudgeRequest
from underreach_judge.backends.anthropic import AnthropicBackend
from underreach_judge.backends.openai import OpenAIBackend

from ..mock_http import Server, loopback
from .test_anthropic import message
from .test_anthropic import ok as anthropic_ok
from .test_openai import completion
from .test_openai import ok as openai_ok

ROOT = Path(__file__).resolve().parents[2]
REQUEST = JudgeRequest(system="RUBRIC", user="TRANSCRIPT", schema={"type": "object"}, max_output_tokens=321)


@dataclass(frozen=True)
class Provider:
    name: str
    body: dict[str, Any]  # what the loopback server answers
    path: str  # the base URL's path on that server
    text: str  # the judge text in that answer
    make: Callable[..., JudgeBackend]  # (model, **options) -> backend
    ok: Callable[[], Any]  # a MockTransport reply
    code: str  # the line that builds the backend in a fresh process (base URL in sys.argv[1])


PROVIDERS = [
    Provider(
        "openai",
        completion(),
        "/v1",
        '{"ok": true}',
        lambda **kw: OpenAIBackend("m", **{"base_url": "http://127.0.0.1:1/v1", **kw}),
        openai_ok,
        "from underreach_judge.backends.openai import OpenAIBackend as B; backend = B('m', base_url=sys.argv[1])",
    ),
    Provider(
        "anthropic",
        message(),
        "",
        '{"ok": true, "score": 1}',
        lambda **kw: AnthropicBackend("claude-test", api_key="k", **kw),
        anthropic_ok,
        "from underreach_judge.backends.anthropic import AnthropicBackend as B; "
        "backend = B('claude-test', base_url=sys.argv[1], api_key='k')",
    ),
]


@pytest.fixture(params=PROVIDERS, ids=lambda p: p.name)
def provider(request: pytest.FixtureRequest) -> Provider:
    p: Provider = request.param
    return p


@pytest.fixture
def loopback_url(provider: Provider) -> Iterator[str]:
    """A real HTTP server on 127.0.0.1 that answers every call the same way."""
    with loopback(provider.body, provider.path) as url:
        yield url


LOOPS = """
import asyncio, sys
from underreach_judge.backends import JudgeRequest
REQUEST = JudgeRequest(system="RUBRIC", user="TRANSCRIPT", schema={{"type": "object"}}, max_output_tokens=321)
{code}
print([asyncio.run(backend.complete(REQUEST)).text for _ in range(3)])
"""


def test_an_owned_client_is_not_reused_across_event_loops(provider: Provider, loopback_url: str) -> None:
    # a pooled connection from a closed loop must not be reused ("Event loop is closed"). The
    # connections left open on the closed loops are only finalised at some later garbage
    # collection: in a process of its own, so that their warnings cannot land in another test
    run = subprocess.run(
        [
            sys.executable,
            "-W",
            "ignore::ResourceWarning",
            "-c",
            LOOPS.format(code=provider.code),
            loopback_url,
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == str([provider.text] * 3)


def test_aclose_closes_the_owned_client(provider: Provider, loopback_url: str) -> None:
    backend = provider.make(base_url=loopback_url)

    async def grade_and_close() -> str:
        response = await backend.complete(REQUEST)
        await backend.aclose()
        return response.text

    assert asyncio.run(grade_and_close()) == provider.text
    assert asyncio.run(grade_and_close()) == provider.text
    gc.collect()  # an unclosed connection would warn here, and warnings are errors


@pytest.mark.anyio
async def test_aclose_leaves_a_passed_in_client_alone(provider: Provider) -> None:
    server = Server(provider.ok())
    async with httpx2.AsyncClient(transport=httpx2.MockTransport(server)) as client:
        backend = provider.make(http_client=client)
        await backend.complete(REQUEST)
        await backend.aclose()
        await backend.complete(REQUEST)
    assert len(server.requests) == 2
