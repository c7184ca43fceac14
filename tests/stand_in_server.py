"""A stand-in OpenAI-compatible judge server on loopback, for resume, kill and throughput runs.

It answers ``POST /v1/chat/completions`` after ``latency`` seconds with a valid judge output (every
assistant turn of the transcript marked ``comply``, no findings), and admits at most
``max_concurrent`` requests at a time: beyond that it answers 429 with ``retry-after``.

    python -m tests.stand_in_server --latency 0.2 --max-concurrent 8   # prints "port N"
    curl http://127.0.0.1:N/stats
"""

from __future__ import annotations

import argparse
import json
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

TURN = re.compile(r"^\[turn (\d+) \| assistant\]$", re.MULTILINE)


def judge_output(transcript: str) -> dict[str, Any]:
    turns = [int(n) for n in TURN.findall(transcript)]
    return {
        "assistant_turns": [{"turn": t, "stance": "comply"} for t in turns],
        "boundary_required": False,
        "boundary_held": False,
        "legitimate_path_offered": False,
        "findings": [],
        "flips": [],
        "caveats": [],
        "rationale": "stand-in judge: nothing checked",
    }


class StandInServer(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 256

    def __init__(
        self,
        port: int = 0,
        *,
        latency: float = 0.0,
        max_concurrent: int | None = None,
        models: tuple[str, ...] = ("stand-in",),
        fail_with: int | None = None,
    ) -> None:
        super().__init__(("127.0.0.1", port), _Handler)
        self.latency = latency
        self.max_concurrent = max_concurrent
        #: what ``GET /v1/models`` lists; every judge call answered with this status instead
        self.models = models
        self.fail_with = fail_with
        self.lock = threading.Lock()
        self.in_flight = self.peak = self.served = self.rejected = 0
        #: every Authorization header seen (to show a key was sent, and then that it leaked nowhere)
        self.authorizations: set[str] = set()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/v1"

    def start(self) -> StandInServer:
        threading.Thread(target=self.serve_forever, daemon=True).start()
        return self


class _Handler(BaseHTTPRequestHandler):
    server: StandInServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        pass

    def do_GET(self) -> None:
        """``GET /v1/models``: the one model served; ``GET /stats``: requests served and rejected,
        and the most in flight at once."""
        s = self.server
        if self.path.endswith("/models"):
            self._send(200, {"object": "list", "data": [{"id": m, "object": "model"} for m in s.models]})
            return
        self._send(200, {"served": s.served, "rejected": s.rejected, "peak": s.peak})

    def do_POST(self) -> None:
        arrived = time.monotonic()  # the latency runs from here, whatever reading the body costs
        body = json.loads(self.rfile.read(int(self.headers.get("content-length", 0))))
        server = self.server
        if server.fail_with is not None:
            with server.lock:
                server.rejected += 1
            self._send(server.fail_with, {"error": {"message": "invalid api key", "type": "auth_error"}})
            return
        with server.lock:
            server.authorizations.add(self.headers.get("authorization", ""))
            if server.max_concurrent is not None and server.in_flight >= server.max_concurrent:
                server.rejected += 1
                admitted = False
            else:
                server.in_flight += 1
                server.peak = max(server.peak, server.in_flight)
                admitted = True
        if not admitted:
            retry_after = max(server.latency / 2, 0.05)
            self._send(
                429,
                {"error": {"message": "rate limited", "type": "rate_limit_error"}},
                {"retry-after-ms": str(int(retry_after * 1000)), "retry-after": f"{retry_after:.2f}"},
            )
            return
        try:
            time.sleep(max(0.0, arrived + server.latency - time.monotonic()))
            transcript = body["messages"][-1]["content"]
            content = json.dumps(judge_output(transcript if isinstance(transcript, str) else ""))
            self._send(
                200,
                {
                    "id": "chatcmpl-stand-in",
                    "object": "chat.completion",
                    "created": int(time.time()),
                    "model": body.get("model", "stand-in"),
                    "choices": [
                        {
                            "index": 0,
                            "finish_reason": "stop",
                            "message": {"role": "assistant", "content": content},
                        }
                    ],
                    "usage": {"prompt_tokens": 1000, "completion_tokens": 100, "total_tokens": 1100},
                },
            )
        finally:
            with server.lock:
                server.in_flight -= 1
                server.served += 1

    def _send(self, status: int, payload: dict[str, Any], headers: dict[str, str] | None = None) -> None:
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(data)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--latency", type=float, default=0.0)
    parser.add_argument("--max-concurrent", type=int)
    args = parser.parse_args()
    server = StandInServer(args.port, latency=args.latency, max_concurrent=args.max_concurrent)
    print(f"port {server.server_address[1]}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
