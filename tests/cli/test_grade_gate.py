"""``grade`` as a CI gate: exit codes, error rows, dead and silent servers, Ctrl-C, the summary.

Each behaviour of the command line is checked through a real ``underreach-judge`` process."""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from underreach_judge import __version__, read_results

from ..stand_in_server import StandInServer

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples" / "redteam_run.jsonl"
CLI = [sys.executable, "-m", "underreach_judge"]


def _env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if "API_KEY" not in k and "BASE_URL" not in k}
    env["UNDERREACH_JUDGE_CACHE"] = str(tmp_path / "cache.sqlite")
    return env


def _run(tmp_path: Path, *args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*CLI, *args], capture_output=True, text=True, env=_env(tmp_path), timeout=timeout, cwd=tmp_path
    )


def _rows(path: Path) -> list[dict[str, object]]:
    text = path.read_text()
    assert not text or text.endswith("\n"), "torn last line"
    return [json.loads(line) for line in text.splitlines()]


def _logs(path: Path, rows: list[str]) -> Path:
    path.write_text("".join(row + "\n" for row in rows))
    return path


GOOD = json.dumps(
    {"id": "g1", "messages": [{"role": "user", "content": "hi"}, {"role": "assistant", "content": "hello"}]}
)
GOOD2 = json.dumps(
    {"id": "g2", "messages": [{"role": "user", "content": "yo"}, {"role": "assistant", "content": "hey"}]}
)
BAD = json.dumps({"id": "b1", "messages": [{"role": "robot", "content": "?"}]})


def test_fail_on_judges_the_whole_results_file_resumed_or_not(tmp_path: Path) -> None:
    args = [
        "grade",
        str(EXAMPLES),
        "-o",
        "gate.jsonl",
        "--fail-on",
        "FAIL",
        "--judge",
        "heuristic",
        "--quiet",
    ]
    first = _run(tmp_path, *args)
    again = _run(tmp_path, *args)
    assert (first.returncode, again.returncode) == (1, 1), again.stdout + again.stderr
    assert "12 graded" in again.stdout and "(0 graded now, 12 already in the results file)" in again.stdout


@pytest.mark.parametrize(
    ("rows", "extra", "code", "message", "written"),
    [
        pytest.param([GOOD, GOOD2], [], 0, "", 2, id="all-graded"),
        pytest.param([], [], 4, "nothing to grade: the logs hold no conversation", 0, id="empty-log"),
        pytest.param([], ["--allow-errors"], 0, "nothing to grade", 0, id="empty-log-allowed"),
        pytest.param([GOOD, BAD, GOOD2], [], 3, "1 conversations could not be graded", 3, id="a-bad-row"),
        pytest.param([GOOD, BAD, GOOD2], ["--allow-errors"], 0, "unreadable row", 3, id="a-bad-row-allowed"),
        pytest.param(
            [GOOD, GOOD2],
            ["--format", "hh-rlhf"],
            4,
            "nothing to grade: the logs hold 2 unreadable rows",
            2,
            id="wrong-format",
        ),
        pytest.param(
            [GOOD, BAD], ["--strict"], 2, "logs.jsonl:2: message 0: unknown role 'robot'", 1, id="strict"
        ),
    ],
)
def test_exit_codes(
    tmp_path: Path, rows: list[str], extra: list[str], code: int, message: str, written: int
) -> None:
    logs = _logs(tmp_path / "logs.jsonl", rows)
    result = _run(tmp_path, "grade", str(logs), "-o", "out.jsonl", "--judge", "heuristic", *extra)
    assert result.returncode == code, result.stdout + result.stderr
    assert message in result.stderr
    out = tmp_path / "out.jsonl"
    assert len(_rows(out)) == written


def test_an_unreadable_row_is_an_error_row_that_report_counts_and_a_rerun_does_not_repeat(
    tmp_path: Path,
) -> None:
    logs = _logs(tmp_path / "logs.jsonl", [GOOD, BAD, GOOD2])
    args = ["grade", str(logs), "-o", "out.jsonl", "--judge", "heuristic", "--allow-errors"]
    assert _run(tmp_path, *args).returncode == 0
    assert _run(tmp_path, *args).returncode == 0
    rows = _rows(tmp_path / "out.jsonl")
    bad = [r for r in rows if r["status"] == "error"]
    assert len(rows) == 3 and len(bad) == 1
    assert bad[0]["unscored_reason"] == "invalid_conversation"
    assert bad[0]["conversation_id"] == f"{logs}:2"
    assert bad[0]["metadata"] == {"source": str(logs), "line": 2}
    assert "unknown role 'robot'" in str(bad[0]["detail"])
    report = _run(tmp_path, "report", "out.jsonl", "--json")
    assert json.loads(report.stdout)["errors"] == 1


@pytest.fixture
def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_a_closed_port_stops_the_run_quickly_with_one_message(tmp_path: Path, closed_port: int) -> None:
    started = time.monotonic()
    result = _run(
        tmp_path, "grade", str(EXAMPLES), "-o", "out.jsonl", "--judge", "openai/m",
        "--base-url", f"http://127.0.0.1:{closed_port}/v1", "--quiet",
    )  # fmt: skip
    assert time.monotonic() - started < 20
    assert result.returncode == 3, result.stderr
    assert re.search(
        r"the first \d judge calls of this run all failed \(could not connect to the judge\)", result.stderr
    )
    assert "Traceback" not in result.stderr


def test_a_dead_model_judge_under_a_screen_still_writes_what_the_screen_cleared(
    tmp_path: Path, closed_port: int
) -> None:
    """Conversations the offline screen clears need no model judge: when the model judge cannot be
    reached and the run stops, they are in the results all the same, and a rerun adds no copy."""
    examples = {json.loads(line)["id"]: line for line in EXAMPLES.read_text().splitlines()}
    rows = []
    for i in range(3):  # rt-001 escalates (a capitulation flip), rt-012 clears (plain history)
        rows.append(examples["rt-001"].replace('"rt-001"', f'"escalated-{i}"'))
        rows.append(examples["rt-012"].replace('"rt-012"', f'"cleared-{i}"'))
    logs = _logs(tmp_path / "logs.jsonl", rows)
    args = ["grade", str(logs), "-o", "out.jsonl", "--judge", "openai/m", "--screen", "heuristic", "--quiet"]
    args += ["--base-url", f"http://127.0.0.1:{closed_port}/v1"]
    for _ in range(2):
        result = _run(tmp_path, *args)
        assert result.returncode == 3, result.stderr
        assert "all failed (could not connect to the judge)" in result.stderr
        written = _rows(tmp_path / "out.jsonl")
        assert sorted(r["conversation_id"] for r in written) == ["cleared-0", "cleared-1", "cleared-2"]
        assert all(r["screened"] for r in written)


def test_a_server_that_refuses_the_key_stops_the_run(tmp_path: Path) -> None:
    server = StandInServer(fail_with=401).start()
    try:
        result = _run(
            tmp_path, "grade", str(EXAMPLES), "--judge", "openai/stand-in", "--base-url", server.url
        )
    finally:
        server.shutdown()
        server.server_close()
    assert result.returncode == 3, result.stderr
    assert "all failed (was refused)" in result.stderr and "HTTP 401" in result.stderr
    assert server.rejected < 12  # stopped before every one of the 12 conversations was tried


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param(
            ["--judge", "openai/m", "--base-url", "notaurl"],
            "'notaurl' is not an http(s) URL",
            id="not-a-url",
        ),
        pytest.param(["--judge", "gpt-4"], "unknown judge spec 'gpt-4'", id="bad-spec"),
        pytest.param(["--judge", "openai/gpt-5-mini"], "--base-url", id="no-key-says-the-flag"),
    ],
)
def test_bad_usage_is_exit_2_with_a_message_that_names_the_flag(
    tmp_path: Path, args: list[str], message: str
) -> None:
    result = _run(tmp_path, "grade", str(EXAMPLES), *args)
    assert result.returncode == 2 and message in result.stderr, result.stderr
    assert "Traceback" not in result.stderr


class SilentServer:
    """Accepts connections and never answers."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.held: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.sock.getsockname()[1]}/v1"

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.held.append(conn)

    def close(self) -> None:
        self.sock.close()
        for conn in self.held:
            conn.close()


@pytest.fixture
def silent() -> Iterator[SilentServer]:
    server = SilentServer()
    yield server
    server.close()


def _start(tmp_path: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [*CLI, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=_env(tmp_path),
        cwd=tmp_path,
    )


def test_a_silent_server_shows_in_progress_lines_and_ctrl_c_stops_cleanly(
    tmp_path: Path, silent: SilentServer
) -> None:
    # two conversations graded first, so the results file has something to keep
    assert (
        _run(
            tmp_path, "grade", str(EXAMPLES), "-o", "out.jsonl", "--judge", "heuristic", "--limit", "2"
        ).returncode
        == 0
    )
    before = (tmp_path / "out.jsonl").read_bytes()
    proc = _start(
        tmp_path, "grade", str(EXAMPLES), "-o", "out.jsonl", "--judge", "openai/m", "--base-url", silent.url,
        "--progress-interval", "0.3", "--quiet",
    )  # fmt: skip
    assert proc.stderr is not None
    lines: list[str] = []
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        line = proc.stderr.readline()
        lines.append(line)
        if "in flight 8," in line or not line:
            break
    assert any(
        "graded 0/12 (0.0%)" in line and "in flight 8, waiting 0, retries 0" in line for line in lines
    ), lines
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 130, err
    assert "interrupted: 0 conversations graded this run" in err
    assert "Run the same command again to go on from there." in err
    assert "Traceback" not in err
    assert (tmp_path / "out.jsonl").read_bytes() == before  # intact: nothing torn, nothing lost


def test_version_help_and_samples_warning(tmp_path: Path) -> None:
    assert _run(tmp_path, "--version").stdout.strip() == f"underreach-judge {__version__}"
    helped = _run(tmp_path, "grade", "--help").stdout
    for flag in ("--allow-errors", "--limit", "--concurrency", "--format", "--progress-interval"):
        assert flag in helped
    assert "exit codes: 0 ok; 1 a gate tripped" in _run(tmp_path, "--help").stdout
    sampled = _run(tmp_path, "grade", str(EXAMPLES), "--judge", "heuristic", "--samples", "3", "--quiet")
    assert sampled.returncode == 0
    assert (
        "heuristic]x3 is deterministic: --samples 3 grades each conversation the same way" in sampled.stderr
    )


@pytest.mark.parametrize(
    ("models", "code", "message"),
    [
        pytest.param(("stand-in",), 0, "judge 'auto' is using 'openai/stand-in' (the server at"),
        pytest.param(("a", "b"), 2, "serves 2 models (a, b); name the model with --judge openai/<model>"),
    ],
)
def test_auto_with_a_base_url_asks_the_server_which_model_it_serves(
    tmp_path: Path, models: tuple[str, ...], code: int, message: str
) -> None:
    server = StandInServer(models=models).start()
    try:
        result = _run(tmp_path, "grade", str(EXAMPLES), "--base-url", server.url, "--quiet", "--no-cache")
    finally:
        server.shutdown()
        server.server_close()
    assert result.returncode == code, result.stderr
    assert message in result.stderr


def test_results_stay_readable_after_a_run_with_errors(tmp_path: Path) -> None:
    logs = _logs(tmp_path / "logs.jsonl", [GOOD, BAD])
    _run(tmp_path, "grade", str(logs), "-o", "out.jsonl", "--judge", "heuristic")
    statuses = sorted(v.status for v in read_results(tmp_path / "out.jsonl"))
    assert statuses == ["error", "scored"]
