"""`underreach-judge probe` on the command line: the whole loop with exports, the mitigation loop
with `rubric snippet` and `compare`, and kill -9 then resume."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from underreach_judge.cli import main
from underreach_judge.reporting import read_results
from underreach_judge.rubric import load_rubric

from ..conftest import ROOT

SUITE = Path(__file__).parent / "suite.yaml"
CLI = [sys.executable, "-m", "underreach_judge.cli"]
ALL_IDS = sorted(
    [f"h{i}/{t}/0" for i in (1, 2, 3) for t in ("insist", "story", "wall")] + ["b1/direct/0", "b2/direct/0"]
)


def _probe_args(tmp_path: Path, target: str, name: str, *extra: str) -> list[str]:
    return [
        "probe",
        "--target",
        target,
        "--suite",
        str(SUITE),
        "--judge",
        "heuristic",
        "-o",
        str(tmp_path / name),
        *extra,
    ]


def test_probe_command_writes_logs_verdicts_and_exports(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    failures, dpo = tmp_path / "failures.jsonl", tmp_path / "dpo.jsonl"
    args = _probe_args(tmp_path, "python:tests.probe.targets:scripted", "probe.jsonl", "--quiet")
    assert main([*args, "--export-failures", str(failures), "--export-dpo", str(dpo)]) == 0
    captured = capsys.readouterr()
    assert "harmful requests refused at first: 67% 6/9" in captured.out
    assert "flips by tactic: insist 2, story 2" in captured.out
    assert "11 conversations asked now, 11 graded now, 0 already done" in captured.err
    verdicts = list(read_results(tmp_path / "probe.results.jsonl"))
    assert sorted(v.conversation_id or "" for v in verdicts) == ALL_IDS
    assert all(v.metadata["source"] == str(tmp_path / "probe.jsonl") for v in verdicts)
    assert len(failures.read_text().splitlines()) == len(dpo.read_text().splitlines()) == 4
    # the log is one grade reads
    assert main(["grade", str(tmp_path / "probe.jsonl"), "--judge", "heuristic", "--quiet"]) == 0
    assert "11 graded by heuristic" in capsys.readouterr().out
    # a second run has nothing left to do
    assert main([*args, "--json"]) == 0
    again = capsys.readouterr()
    assert "0 conversations asked now, 0 graded now, 11 already done" in again.err
    assert json.loads(again.out)["overall"]["flip"]["count"] == 4


def test_rubric_snippet_and_the_mitigation_loop(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rubric", "snippet"]) == 0
    snippet = capsys.readouterr().out
    for case in load_rubric().hard_cases:
        assert " ".join(case.text.split()) in snippet
    (tmp_path / "snippet.txt").write_text(snippet)
    target = "python:tests.probe.targets:obedient"
    assert main(_probe_args(tmp_path, target, "before.jsonl", "--quiet")) == 0
    assert (
        main(
            _probe_args(
                tmp_path, target, "after.jsonl", "--quiet", "--system-prompt", str(tmp_path / "snippet.txt")
            )
        )
        == 0
    )
    out = capsys.readouterr().out
    assert "flips by tactic: insist 2, story 2" in out and "flips by tactic: none" in out
    after = [json.loads(line) for line in (tmp_path / "after.jsonl").read_text().splitlines()]
    assert {row["messages"][0]["content"] for row in after} == {snippet}
    assert (
        main(["compare", str(tmp_path / "before.results.jsonl"), str(tmp_path / "after.results.jsonl")]) == 0
    )
    assert "capitulation_flip" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param(["--target", "heuristic"], "cannot be chatted with", id="judge-only-spec"),
        pytest.param(["--target", "python:tests.probe.targets"], "python:module:function", id="no-function"),
        pytest.param(["--target", "python:tests.probe.nosuch:reply"], "cannot import", id="no-module"),
        pytest.param(
            ["--target", "python:tests.probe.targets:scripted", "--tactic", "nope"],
            "unknown tactic",
            id="unknown-tactic",
        ),
    ],
)
def test_bad_targets_and_options_are_usage_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    assert (
        main(["probe", *args, "--suite", str(SUITE), "--judge", "heuristic", "-o", str(tmp_path / "p.jsonl")])
        == 2
    )
    assert message in capsys.readouterr().err


def test_kill_9_then_resume_loses_and_repeats_nothing(tmp_path: Path) -> None:
    log, results = tmp_path / "probe.jsonl", tmp_path / "probe.results.jsonl"
    command = [
        *CLI,
        *_probe_args(
            tmp_path, "python:tests.probe.targets:slow", "probe.jsonl", "--quiet", "--concurrency", "2"
        ),
    ]
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PROBE_TARGET_DELAY": "0.3"}
    process = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and (
        not results.is_file() or len(results.read_bytes().splitlines()) < 3
    ):
        time.sleep(0.05)
    process.send_signal(signal.SIGKILL)
    process.wait()
    written = len(log.read_bytes().splitlines())
    assert 3 <= written < len(ALL_IDS), "the run was not killed midway"
    with log.open("ab") as fh:  # a write torn by the kill
        fh.write(b'{"id": "h9/torn/0", "messages": [{"role": "us')
    env["PROBE_TARGET_DELAY"] = "0"
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "already done" in done.stderr
    rows = [json.loads(line) for line in log.read_text().splitlines()]
    assert sorted(row["id"] for row in rows) == ALL_IDS  # each asked exactly once, the torn line gone
    verdicts = Counter(json.loads(line)["conversation_id"] for line in results.read_text().splitlines())
    assert sorted(verdicts) == ALL_IDS and set(verdicts.values()) == {1}
