"""Scripted HTTP for the SDK backend tests: a ``httpx2.MockTransport`` handler, and a real
keep-alive HTTP server on 127.0.0.1 for tests about pooled connections."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx2

Reply = tuple[int, dict[str, Any], dict[str, str]]


class Server:
    """Answers with the scripted replies in order (the last one repeats) and records requests."""

    def __init__(self, *replies: Reply | Exception) -> None:
        self.replies = list(replies)
        self.requests: list[httpx2.Request] = []

    def __call__(self, request: httpx2.Request) -> httpx2.Response:
        self.requests.append(request)
        reply = self.replies.pop(0) if len(self.replies) > 1 else self.replies[0]
        if isinstance(reply, Exception):
            raise reply
        status, body, headers = reply
        return httpx2.Response(status, json=body, headers=headers)

    @property
    def bodies(self) -> list[dict[str, Any]]:
        return [json.loads(request.content) for request in self.requests]


@contextmanager
def serve(handler: Callable[[httpx2.Request], httpx2.Response], path: str = "") -> Iterator[str]:
    """A real HTTP/1.1 keep-alive server on 127.0.0.1 answering every GET and POST with
    ``handler(request)``; yields its base URL (with ``path`` appended)."""

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, so the client pools its connection

        def _handle(self) -> None:
            body = self.rfile.read(int(self.headers.get("content-length") or 0))
            url = f"http://{self.headers['host']}{self.path}"
            response = handler(httpx2.Request(self.command, url, headers=dict(self.headers), content=body))
            content = response.read()
            self.send_response(response.status_code)
            self.send_header("content-type", response.headers.get("content-type", "application/json"))
            self.send_header("content-length", str(len(content)))
            self.end_headers()
            self.wfile.write(content)

        do_GET = do_POST = _handle

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}{path}"
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def loopback(body: dict[str, Any], path: str = "") -> Iterator[str]:
    """``serve`` answering every request with ``body``."""
    payload = json.dumps(body).encode()
    with serve(lambda request: httpx2.Response(200, content=payload), path) as url:
        yield url
