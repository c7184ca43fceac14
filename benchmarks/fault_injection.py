"""Retries under fault injection, at scale: the judge behind the real openai SDK fails a share of
its calls (429 with retry-after, 500, timeouts, output cut off, truncated JSON, schema-invalid JSON,
judge refusals, fabricated evidence), drawn per (conversation, attempt) from a seeded RNG.

Prints the share of calls that failed, the share of conversations that met a retryable fault and
got past it, and the outcomes; checks that every conversation got exactly the verdict its last call
implies (the same checks as tests/grading/test_faults.py, which runs 200 conversations).

    PYTHONPATH=. python benchmarks/fault_injection.py                         # 5,000 at 30%
    PYTHONPATH=. python benchmarks/fault_injection.py --conversations 2000 --fault-rate 0.5
"""

from __future__ import annotations

import argparse
import asyncio
import time

import httpx2

from tests.grading.test_faults import (
    FaultyJudgeServer,
    Waits,
    check_outcomes,
    conversations,
    faulty_judge,
    report,
)
from underreach_judge import Verdict


async def run(n: int, fault_rate: float, seed: int, concurrency: int) -> None:
    server = FaultyJudgeServer(seed=seed, fault_rate=fault_rate)
    waits = Waits()
    async with httpx2.AsyncClient(transport=httpx2.MockTransport(server)) as client:
        judge = faulty_judge(server, client, waits)
        started = time.monotonic()
        verdicts: dict[int, Verdict] = {}
        async for index, verdict in judge.stream(conversations(n), concurrency=concurrency):
            assert index not in verdicts, f"conversation {index} got two verdicts"
            verdicts[index] = verdict
        elapsed = time.monotonic() - started
    assert sorted(verdicts) == list(range(n)), "a conversation got no verdict"
    rate = check_outcomes(verdicts, server, waits)
    report(f"Judge.stream, concurrency {concurrency}, seed {seed}", server, verdicts, rate, elapsed)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--conversations", type=int, default=5000)
    parser.add_argument("--fault-rate", type=float, default=0.30)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--concurrency", type=int, default=32)
    args = parser.parse_args()
    asyncio.run(run(args.conversations, args.fault_rate, args.seed, args.concurrency))


if __name__ == "__main__":
    main()
