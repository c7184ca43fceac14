"""`grade --workers N`: the results file, summary and resuming of one process, from real processes."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from underreach_judge.cli import main

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = ROOT / "golden" / "refusal_underreach.jsonl"
CLI = [sys.executable, "-m", "underreach_judge.cli"]


def _write_logs(path: Path, n: int, *, bad: tuple[int, ...] = ()) -> None:
    """``n`` golden conversations under new ids; the lines in ``bad`` are not conversations."""
    golden = [json.loads(line)["messages"] for line in GOLDEN.read_text().splitlines() if line.strip()]
    with path.open("w") as fh:
        for i in range(n):
            if i in bad:
                fh.write('{"id": "torn", "messages": [\n')
            else:
                fh.write(json.dumps({"id": f"c{i}", "messages": golden[i % len(golden)]}) + "\n")


def test_workers_write_the_same_results_file_and_summary(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    logs = tmp_path / "logs.jsonl"
    _write_logs(logs, 300, bad=(5, 150, 299))
    runs = {}
    for workers in ("1", "2"):
        out = tmp_path / f"results{workers}.jsonl"
        args = ["grade", str(logs), "-o", str(out), "--judge", "heuristic", "--no-progress"]
        code = main([*args, "--workers", workers])
        runs[workers] = (code, out.read_text(), capsys.readouterr())
    (code1, file1, seen1), (code2, file2, seen2) = runs["1"], runs["2"]
    assert code2 == code1
    assert file2 == file1
    assert file1.count("\n") == 300 and file1.count('"invalid_conversation"') == 3
    assert seen2.out == seen1.out
    assert "300 graded by heuristic" in seen2.out


def _worker_pids(marker: str) -> list[int]:
    """The processes whose environment carries ``marker`` (the run and the workers it spawned)."""
    pids = []
    for proc in Path("/proc").iterdir():
        try:
            if proc.name.isdigit() and marker.encode() in (proc / "environ").read_bytes():
                pids.append(int(proc.name))
        except OSError:
            continue
    return pids


@pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="reads /proc")
def test_kill_9_mid_run_then_resume_gives_the_one_process_file_exactly(tmp_path: Path) -> None:
    logs, out, whole = tmp_path / "logs.jsonl", tmp_path / "results.jsonl", tmp_path / "whole.jsonl"
    n = 2500
    _write_logs(logs, n, bad=(700,))
    options = ["--judge", "heuristic", "--quiet", "--no-progress", "--allow-errors"]
    assert main(["grade", str(logs), "-o", str(whole), *options]) == 0
    marker = uuid.uuid4().hex
    env = {**os.environ, "PYTHONPATH": str(ROOT), "UNDERREACH_TEST_RUN": marker}
    args = [*CLI, "grade", str(logs), "-o", str(out), *options]
    proc = subprocess.Popen(
        [*args, "--workers", "2"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        if out.exists() and out.stat().st_size > 0 and out.read_bytes().count(b"\n") >= 100:
            break
        time.sleep(0.01)
    assert proc.poll() is None, "the run ended before it could be killed: " + proc.stderr.read().decode()
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert proc.stderr is not None
    proc.stderr.close()
    first = out.read_bytes().count(b"\n")
    assert 100 <= first < n

    left = _worker_pids(marker)
    deadline = time.monotonic() + 10
    while left and time.monotonic() < deadline:  # the workers notice their parent is gone
        time.sleep(0.1)
        left = _worker_pids(marker)
    assert left == []

    done = subprocess.run([*args, "--workers", "2"], env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert out.read_text() == whole.read_text()
    assert f"{first} already in the results file" in done.stdout


def test_a_model_judge_with_workers_is_refused_before_grading(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    logs, out = tmp_path / "logs.jsonl", tmp_path / "results.jsonl"
    _write_logs(logs, 3)
    args = ["grade", str(logs), "-o", str(out), "--judge", "openai/m", "--base-url", "http://127.0.0.1:9/v1"]
    assert main([*args, "--workers", "2"]) == 2
    assert "--concurrency" in capsys.readouterr().err
    assert not out.exists()
