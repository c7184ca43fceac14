"""Shared fixtures. Tests never reach the network: any connection to a non-loopback address fails."""

from __future__ import annotations

import ipaddress
import os
import socket
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
#: the public labelled data sets beside the checkout (``../shared/data/external``)
EXTERNAL = ROOT.parent / "shared" / "data" / "external"

# deepeval (the deepeval extra) reads these on import: no telemetry (and no .deepeval/ folder in the
# working directory), no .env files
os.environ["DEEPEVAL_TELEMETRY_OPT_OUT"] = "1"
os.environ["DEEPEVAL_DISABLE_DOTENV"] = "1"

_real_connect = socket.socket.connect
_real_connect_ex = socket.socket.connect_ex


def _check(address: Any) -> None:
    if isinstance(address, tuple) and address:
        host = address[0]
        try:
            ip = ipaddress.ip_address(host)
        except ValueError:
            if host in ("localhost",):
                return
            raise OSError(f"tests must not reach the network (tried {host})") from None
        if not ip.is_loopback:
            raise OSError(f"tests must not reach the network (tried {host})")


def _guarded_connect(self: socket.socket, address: Any) -> None:
    _check(address)
    _real_connect(self, address)


def _guarded_connect_ex(self: socket.socket, address: Any) -> int:
    _check(address)
    return _real_connect_ex(self, address)


@pytest.fixture(autouse=True)
def _no_network(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    # each test gets its own judge-call cache, never the user's
    cache = tmp_path_factory.mktemp("cache") / "judge-calls.sqlite"
    monkeypatch.setenv("UNDERREACH_JUDGE_CACHE", str(cache))
    monkeypatch.setattr(socket.socket, "connect", _guarded_connect)
    monkeypatch.setattr(socket.socket, "connect_ex", _guarded_connect_ex)
    for var in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "ANTHROPIC_API_KEY", "ANTHROPIC_AUTH_TOKEN"):
        monkeypatch.delenv(var, raising=False)


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"
