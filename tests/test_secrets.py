"""API keys never appear in results, cache, printed output or reports, even when a server echoes them."""

from __future__ import annotations

import json
import secrets
from collections.abc import Iterator
from pathlib import Path

import httpx2
import pytest

from underreach_judge import Judge, RetryPolicy
from underreach_judge.backends._sdk import redact
from underreach_judge.cli import main

from .stand_in_server import StandInServer
from .verdicts import FLIP_MESSAGES

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "redteam_run.jsonl"


@pytest.fixture
def key(monkeypatch: pytest.MonkeyPatch) -> str:
    value = "sk-test-" + secrets.token_hex(16)
    monkeypatch.setenv("OPENAI_API_KEY", value)
    return value


@pytest.fixture
def server() -> Iterator[StandInServer]:
    s = StandInServer().start()
    yield s
    s.shutdown()
    s.server_close()


def test_no_key_in_results_cache_output_or_reports(
    tmp_path: Path, key: str, server: StandInServer, capsys: pytest.CaptureFixture[str]
) -> None:
    results, cache = tmp_path / "results.jsonl", tmp_path / "cache.sqlite"
    args = ["grade", str(EXAMPLES), "-o", str(results), "--judge", "openai/stand-in"]
    assert main([*args, "--base-url", server.url, "--cache", str(cache)]) == 0
    assert server.authorizations == {f"Bearer {key}"}  # the key was really used
    html = tmp_path / "report.html"
    assert main(["report", str(results), "--json"]) == 0
    assert main(["report", str(results), "--markdown", "--html", str(html), "--logs", str(EXAMPLES)]) == 0
    printed = capsys.readouterr()
    written = [results.read_bytes(), html.read_bytes()]
    written += [p.read_bytes() for p in tmp_path.glob("cache.sqlite*")]
    for blob in [printed.out.encode(), printed.err.encode(), *written]:
        assert key.encode() not in blob
        assert key[8:].encode() not in blob


def test_a_server_echoing_the_key_in_its_error_does_not_leak_it(key: str) -> None:
    def echo(request: httpx2.Request) -> httpx2.Response:
        sent = request.headers["authorization"].removeprefix("Bearer ")
        return httpx2.Response(401, json={"error": {"message": f"Incorrect API key provided: {sent}."}})

    client = httpx2.AsyncClient(transport=httpx2.MockTransport(echo))
    judge = Judge("openai/gpt-test", api_key=key, http_client=client, retry=RetryPolicy(deadline=5))
    verdict = judge.grade(FLIP_MESSAGES)
    assert (verdict.status, verdict.unscored_reason) == ("error", "backend_error")
    assert "Incorrect API key provided: sk-test…[redacted]" in (verdict.detail or "")
    assert key[8:] not in verdict.model_dump_json()


@pytest.mark.parametrize(
    ("text", "kept", "gone"),
    [
        ("Incorrect API key provided: sk-proj-Abc123XYZ789.", "sk-proj-Abc1", "Abc123XYZ789"),
        ("x-api-key: sk-ant-api03-SECRETSECRET", "x-api-key: sk-a", "SECRETSECRET"),
        ("Authorization: Bearer eyJhbGciOi.payload.sig", "Bearer eyJh", "payload.sig"),
        ("api_key=hunter2hunter2", "api_key=hunt", "hunter2hunter2"),
    ],
)
def test_redact(text: str, kept: str, gone: str) -> None:
    assert kept in redact(text) and gone not in redact(text)


def test_ordinary_words_are_left_alone() -> None:
    text = "the task-force asked; skim the risk-assessment"
    assert redact(text) == text
    assert json.loads(json.dumps(redact(text))) == text
