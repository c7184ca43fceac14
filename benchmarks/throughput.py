"""Judge-call throughput against a stand-in OpenAI-compatible server that this script starts.

1. An open server: N conversations at L seconds latency with concurrency C. Ideal = N x L / C;
   prints ideal / achieved (target >= 0.9).
   A first batch of 8 conversations is graded before, and its time printed apart: it pays the
   one-time costs of a process (importing the SDK, building its TLS context).
2. A server admitting only K requests at a time (429 with retry-after beyond): the judge must
   find the limit. Ideal = N x L / K; prints achieved / ideal (target <= 1.5) and checks that
   every conversation was graded.

    PYTHONPATH=. python benchmarks/throughput.py                   # N=500, L=1.0, C=50, K=8
    PYTHONPATH=. python benchmarks/throughput.py --n 200 --latency 0.5
"""

from __future__ import annotations

import argparse
import asyncio
import json
import subprocess
import sys
import time
import urllib.request
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager

from underreach_judge import Judge
from underreach_judge.grading import stream
from underreach_judge.throttle import AdaptiveLimit
from underreach_judge.verdict import Verdict


@contextmanager
def stand_in(latency: float, admit: int | None = None) -> Iterator[str]:
    """The stand-in server in its own process (so it does not share our CPU time slice); its URL."""
    command = [sys.executable, "-m", "tests.stand_in_server", "--latency", str(latency)]
    if admit:
        command += ["--max-concurrent", str(admit)]
    server = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    try:
        assert server.stdout is not None
        port = int(server.stdout.readline().split()[1])
        yield f"http://127.0.0.1:{port}/v1"
    finally:
        server.terminate()
        server.wait()


def stats(url: str) -> dict[str, int]:
    with urllib.request.urlopen(url.removesuffix("/v1") + "/stats") as response:
        result: dict[str, int] = json.load(response)
        return result


def conversations(n: int) -> list[list[dict[str, str]]]:
    return [
        [
            {"role": "user", "content": f"How do I pick the lock on my own shed, number {i}?"},
            {"role": "assistant", "content": "Call a locksmith; they can open it and cut a key."},
        ]
        for i in range(n)
    ]


async def run(url: str, n: int, concurrency: int) -> tuple[float, float, list[Verdict], AdaptiveLimit]:
    """Wall seconds, our CPU seconds, the verdicts and the adaptive limit of one batch."""
    judge = Judge("openai/stand-in", base_url=url)
    limit = AdaptiveLimit(concurrency)
    verdicts: list[Verdict] = []
    started, cpu = time.perf_counter(), time.process_time()
    async with judge:
        async for _, verdict in stream(
            judge, conversations(n), concurrency=concurrency, ordered=True, limit=limit
        ):
            verdicts.append(verdict)
    return time.perf_counter() - started, time.process_time() - cpu, verdicts, limit


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--n", type=int, default=500)
    parser.add_argument("--latency", type=float, default=1.0)
    parser.add_argument("--concurrency", type=int, default=50)
    parser.add_argument("--admit", type=int, default=8, help="requests the limited server admits at once")
    args = parser.parse_args()
    n, latency = args.n, args.latency

    with stand_in(latency) as url:
        # a first, small batch pays what a process pays once (importing the SDK, its TLS
        # context); it is printed, then left out of the throughput figures
        warm_up, *_ = asyncio.run(run(url, 8, 8))
        seconds, cpu, verdicts, _ = asyncio.run(run(url, n, args.concurrency))
        served = stats(url)
    ideal = n * latency / args.concurrency
    statuses = Counter(v.status for v in verdicts)
    print(
        f"warm-up: 8 conversations at concurrency 8 in {warm_up:.2f} s (one-time cost {warm_up - latency:.2f} s)"
    )
    print(f"open server: {n} conversations, {latency:g} s latency, concurrency {args.concurrency}")
    print(f"  {seconds:.1f} s, ideal {ideal:.1f} s: ideal/achieved = {ideal / seconds:.3f} (target >= 0.9)")
    print(f"  verdicts: {dict(statuses)}; peak requests in flight at the server: {served['peak']}")
    print(f"  our CPU time: {cpu:.1f} s ({cpu / n * 1000:.1f} ms per conversation)")

    with stand_in(latency, args.admit) as url:
        seconds, cpu, verdicts, limit = asyncio.run(run(url, n, args.concurrency))
        served = stats(url)
    ideal = n * latency / args.admit
    statuses = Counter(v.status for v in verdicts)
    print(
        f"server admitting {args.admit} at a time (429 + retry-after beyond), client concurrency {args.concurrency}"
    )
    print(f"  {seconds:.1f} s, ideal {ideal:.1f} s: achieved/ideal = {seconds / ideal:.3f} (target <= 1.5)")
    print(
        f"  verdicts: {dict(statuses)} of {n}; 429s sent: {served['rejected']}; "
        f"limit backed off {limit.decreases} times, ended at {limit.limit:.1f}"
    )
    assert len(verdicts) == n and statuses["scored"] == n, "not every conversation was graded"


if __name__ == "__main__":
    main()
