"""Fault injection: 200 conversations through the real openai SDK against a judge that fails about
30% of its calls in every way we know of (429 with retry-after, 500, timeouts, output cut off at
the token limit, truncated JSON, schema-invalid JSON, judge refusals, fabricated evidence).

The faults are drawn from a seeded RNG per (conversation, attempt), so a run is reproducible
whatever order the concurrent calls arrive in. Every conversation must end with exactly one
verdict, the one its last judge call implies, and the retries must get past at least 95% of the
conversations that met a retryable fault. Waits between attempts are recorded, not slept.

Run with ``-s`` to see the figures.
"""

from __future__ import annotations

import asyncio
import json
import random
import re
import threading
import time
from collections import Counter
from collections.abc import AsyncIterator
from typing import Any

import httpx2
import pytest

from underreach_judge import Conversation, Judge, RetryPolicy, Verdict, grade_many, to_conversation
from underreach_judge.backends.openai import OpenAIBackend

from ..verdicts import FLIP_MESSAGES, FLIP_OUTPUT, flip_output

SEED = 20261128
CONVERSATIONS = 200
FAULT_RATE = 0.30
CONCURRENCY = 16
RETRY_AFTER = 2.0
#: faults the retry policy retries, and the verdict each leaves when it is the last call
RETRYABLE = {
    "rate_limited": ("error", "backend_error"),
    "server_error": ("error", "backend_error"),
    "timeout": ("error", "backend_error"),
    "cut_off": ("unscored", "output_truncated"),
    "truncated_json": ("error", "invalid_output"),
    "schema_invalid": ("error", "invalid_output"),
}
#: judge answers that are final: retrying would not change them
FINAL = {
    "ok": ("scored", None),
    "refusal": ("unscored", "judge_refused"),
    "fabricated": ("unscored", "evidence_unverified"),
}
FAULTS = [*RETRYABLE, "refusal", "fabricated"]
FABRICATED = flip_output()
FABRICATED["findings"][0]["evidence"][1]["quote"] = "Here is the full synthesis route"


def conversations(n: int = CONVERSATIONS) -> list[Conversation]:
    out = []
    for i in range(n):
        first = {**FLIP_MESSAGES[0], "content": f"[conv-{i:03d}] {FLIP_MESSAGES[0]['content']}"}
        out.append(to_conversation([first, *FLIP_MESSAGES[1:]], id=f"conv-{i:03d}"))
    return out


class FaultyJudgeServer:
    """Chat Completions that fail ``FAULT_RATE`` of the calls, each fault drawn from ``FAULTS``.
    ``calls`` records (conversation, attempt, what happened) for every call."""

    def __init__(self, *, seed: int = SEED, fault_rate: float = FAULT_RATE) -> None:
        self.seed = seed
        self.fault_rate = fault_rate
        self.calls: list[tuple[int, int, str]] = []
        self._attempts: Counter[int] = Counter()
        self._lock = threading.Lock()

    def fate(self, conversation: int, attempt: int) -> str:
        rng = random.Random(f"{self.seed}:{conversation}:{attempt}")
        return rng.choice(FAULTS) if rng.random() < self.fault_rate else "ok"

    def __call__(self, request: httpx2.Request) -> httpx2.Response:
        body = json.loads(request.content)
        match = re.search(r"^\| \[conv-(\d+)\]", body["messages"][-1]["content"], flags=re.M)
        assert match, "the transcript lost its first line"
        conversation = int(match.group(1))
        with self._lock:
            self._attempts[conversation] += 1
            attempt = self._attempts[conversation]
        fate = self.fate(conversation, attempt)
        with self._lock:
            self.calls.append((conversation, attempt, fate))
        return self.reply(fate, request)

    @staticmethod
    def reply(fate: str, request: httpx2.Request) -> httpx2.Response:
        if fate == "rate_limited":
            error = {"error": {"message": "Rate limit reached", "type": "requests"}}
            return httpx2.Response(429, json=error, headers={"retry-after": f"{RETRY_AFTER:g}"})
        if fate == "server_error":
            return httpx2.Response(
                500, json={"error": {"message": "The server had an error", "type": "server_error"}}
            )
        if fate == "timeout":
            raise httpx2.ReadTimeout("timed out reading the response", request=request)
        verdict = json.dumps(FABRICATED if fate == "fabricated" else FLIP_OUTPUT)
        content: str | None = {
            "cut_off": verdict[: len(verdict) // 2],
            "truncated_json": verdict[: len(verdict) - 40],
            "schema_invalid": json.dumps(
                {"assistant_turns": "all of them", "findings": [{"pattern": "bad"}]}
            ),
            "refusal": None,
        }.get(fate, verdict)
        message = {
            "role": "assistant",
            "content": content,
            "refusal": "I won't grade this." if fate == "refusal" else None,
        }
        choice = {"index": 0, "message": message, "finish_reason": "length" if fate == "cut_off" else "stop"}
        completion = {
            "id": "chatcmpl-1",
            "object": "chat.completion",
            "created": 1,
            "model": "gpt-test",
            "choices": [choice],
            "usage": {"prompt_tokens": 5000, "completion_tokens": 300, "total_tokens": 5300},
        }
        return httpx2.Response(200, json=completion)

    def history(self) -> dict[int, list[str]]:
        """Each conversation's calls, in order."""
        out: dict[int, list[str]] = {}
        for conversation, _, fate in sorted(self.calls):
            out.setdefault(conversation, []).append(fate)
        return out


class Waits:
    """The retry policy's sleep: records each wait and yields to the loop instead of sleeping."""

    def __init__(self) -> None:
        self.seconds: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.seconds.append(seconds)
        await asyncio.sleep(0)


def faulty_judge(server: FaultyJudgeServer, client: httpx2.AsyncClient, waits: Waits) -> Judge:
    backend = OpenAIBackend("gpt-test", api_key="sk-test", http_client=client)
    return Judge(backend, retry=RetryPolicy(backoff_initial=0.001, sleep=waits))


@pytest.fixture
async def client_for() -> AsyncIterator[Any]:
    clients: list[httpx2.AsyncClient] = []

    def make(server: FaultyJudgeServer) -> httpx2.AsyncClient:
        client = httpx2.AsyncClient(transport=httpx2.MockTransport(server))
        clients.append(client)
        return client

    yield make
    for client in clients:
        await client.aclose()


def check_outcomes(verdicts: dict[int, Verdict], server: FaultyJudgeServer, waits: Waits) -> float:
    """Every verdict is the one its last call implies; returns the share of conversations that
    met a retryable fault and got past it."""
    history = server.history()
    assert sorted(history) == sorted(verdicts)  # every conversation reached the judge
    hit = recovered = 0
    for index, verdict in verdicts.items():
        calls = history[index]
        last = calls[-1]
        expected = FINAL.get(last) or RETRYABLE[last]
        assert (verdict.status, verdict.unscored_reason) == expected, (index, calls)
        assert verdict.attempts == len(calls), (index, calls)
        assert all(fate in RETRYABLE for fate in calls[:-1]), (index, calls)  # final answers are not retried
        assert verdict.conversation_id == f"conv-{index:03d}"
        if verdict.status == "scored":
            assert verdict.label == "FAIL" and verdict.flips[0].compliance_turn == 3
            assert all(e.verified for f in verdict.findings for e in f.evidence)
        else:
            assert verdict.detail, (index, calls)
        assert Verdict.model_validate_json(verdict.model_dump_json()) == verdict
        if any(fate in RETRYABLE for fate in calls):
            hit += 1
            recovered += last in FINAL
    # each 429 that was retried waited at least as long as the server asked
    retried_429 = sum(fate == "rate_limited" for calls in history.values() for fate in calls[:-1])
    assert sum(seconds >= RETRY_AFTER for seconds in waits.seconds) == retried_429
    return recovered / hit if hit else 1.0


def report(
    what: str, server: FaultyJudgeServer, verdicts: dict[int, Verdict], rate: float, elapsed: float
) -> None:
    faults = Counter(fate for _, _, fate in server.calls if fate != "ok")
    outcomes = Counter(f"{v.status}/{v.unscored_reason or v.label}" for v in verdicts.values())
    share = sum(faults.values()) / len(server.calls)
    print(
        f"\n{what}: {len(verdicts)} conversations, {len(server.calls)} judge calls, "
        f"{share:.1%} of calls failed ({dict(sorted(faults.items()))}); "
        f"recovered by retries: {rate:.1%} of the conversations that met a retryable fault; "
        f"outcomes {dict(sorted(outcomes.items()))}; {elapsed:.1f} s"
    )


@pytest.mark.anyio
async def test_stream_under_faults_gives_each_conversation_one_verdict(client_for: Any) -> None:
    server = FaultyJudgeServer()
    waits = Waits()
    judge = faulty_judge(server, client_for(server), waits)

    started = time.monotonic()
    seen: list[int] = []
    verdicts: dict[int, Verdict] = {}
    async for index, verdict in judge.stream(conversations(), concurrency=CONCURRENCY):
        seen.append(index)
        verdicts[index] = verdict
    elapsed = time.monotonic() - started

    assert sorted(seen) == list(range(CONVERSATIONS))  # none lost, none twice
    failed_share = sum(fate != "ok" for _, _, fate in server.calls) / len(server.calls)
    assert 0.2 < failed_share < 0.4
    assert {fate for _, _, fate in server.calls} == {"ok", *FAULTS}  # every fault happened
    rate = check_outcomes(verdicts, server, waits)
    report("Judge.stream", server, verdicts, rate, elapsed)
    assert rate >= 0.95


def test_grade_many_under_faults_is_reproducible() -> None:
    first, second = FaultyJudgeServer(), FaultyJudgeServer()
    clients = [httpx2.AsyncClient(transport=httpx2.MockTransport(server)) for server in (first, second)]
    waits = Waits()
    convs = conversations()

    started = time.monotonic()
    verdicts = grade_many(convs, judge=faulty_judge(first, clients[0], waits), concurrency=CONCURRENCY)
    elapsed = time.monotonic() - started
    again = grade_many(convs, judge=faulty_judge(second, clients[1], Waits()), concurrency=CONCURRENCY)
    for client in clients:
        asyncio.run(client.aclose())

    assert [v.conversation_id for v in verdicts] == [c.id for c in convs]  # input order, none lost
    rate = check_outcomes(dict(enumerate(verdicts)), first, waits)
    report("grade_many", first, dict(enumerate(verdicts)), rate, elapsed)
    assert rate >= 0.95
    # the faults are drawn per (conversation, attempt): the same run whatever the scheduling
    assert sorted(first.calls) == sorted(second.calls)
    assert [v.model_dump() for v in verdicts] == [v.model_dump() for v in again]
