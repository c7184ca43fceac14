"""`underreach-judge grade` as a batch job: resume, kill -9, torn lines, errors, cache, progress."""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from underreach_judge import FunctionBackend, Judge, JudgeRequest, JudgeResponse
from underreach_judge.cache import VerdictCache
from underreach_judge.cli import main
from underreach_judge.cli._progress import progress_for
from underreach_judge.reporting import aggregate, read_results
from underreach_judge.verdict import Verdict

from ..conftest import EXTERNAL
from ..stand_in_server import StandInServer, judge_output

HH_TEST = EXTERNAL / "hh-rlhf-harmless-base-test" / "harmless-base_test.jsonl"
CLI = [sys.executable, "-m", "underreach_judge.cli"]


def _write_logs(path: Path, n: int) -> list[str]:
    with path.open("w") as fh:
        for i in range(n):
            row = {
                "id": f"c{i}",
                "messages": [
                    {"role": "user", "content": f"Question number {i}?"},
                    {"role": "assistant", "content": f"Answer number {i}."},
                ],
            }
            fh.write(json.dumps(row) + "\n")
    return [f"c{i}" for i in range(n)]


def _rows(path: Path) -> list[dict[str, object]]:
    """Every line of a results file, each required to be a whole JSON verdict."""
    text = path.read_text()
    assert text.endswith("\n"), "the results file ends in a torn line"
    return [json.loads(line) for line in text.splitlines()]


@pytest.fixture
def server() -> Iterator[StandInServer]:
    s = StandInServer(latency=0.05).start()
    yield s
    s.shutdown()
    s.server_close()


def _grade_args(logs: Path, out: Path, server: StandInServer, *extra: str) -> list[str]:
    return [
        "grade",
        str(logs),
        "-o",
        str(out),
        "--judge",
        "openai/stand-in",
        "--base-url",
        server.url,
        "--quiet",
        *extra,
    ]


def test_kill_9_mid_run_then_resume_loses_nothing_and_duplicates_nothing(
    tmp_path: Path, server: StandInServer
) -> None:
    server.latency = 0.1
    logs, out = tmp_path / "logs.jsonl", tmp_path / "results.jsonl"
    ids = _write_logs(logs, 80)
    args = [*CLI, *_grade_args(logs, out, server, "--concurrency", "4", "--no-cache")]
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    proc = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        if out.exists() and out.read_bytes().count(b"\n") >= 12:
            break
        time.sleep(0.02)
    assert proc.poll() is None, "the run ended before it could be killed: " + proc.stderr.read().decode()
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert proc.stderr is not None
    proc.stderr.close()
    first = out.read_bytes().count(b"\n")
    assert 12 <= first < len(ids)
    # a kill can land mid-write too: leave a torn line, as a write cut short would
    with out.open("ab") as fh:
        fh.write(b'{"conversation_id": "c79", "status": "sco')

    done = subprocess.run(args, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    rows = _rows(out)
    counts = Counter(str(r["conversation_id"]) for r in rows)
    assert sorted(counts) == sorted(ids)
    assert max(counts.values()) == 1
    assert f"{first} already in the results file" in done.stdout


def test_torn_last_line_is_cut_and_its_conversation_graded_again(tmp_path: Path) -> None:
    logs, out = tmp_path / "logs.jsonl", tmp_path / "results.jsonl"
    _write_logs(logs, 3)
    assert main(["grade", str(logs), "-o", str(out), "--judge", "heuristic", "--quiet", "--limit", "2"]) == 0
    whole = out.read_text().splitlines()
    out.write_text(whole[0] + "\n" + whole[1][: len(whole[1]) // 2])
    assert main(["grade", str(logs), "-o", str(out), "--judge", "heuristic", "--quiet"]) == 0
    assert [r["conversation_id"] for r in _rows(out)] == ["c0", "c1", "c2"]


def _flaky(fail: set[str]) -> FunctionBackend:
    def complete(request: JudgeRequest) -> JudgeResponse:
        conv = request.conversation
        assert conv is not None
        if conv.id in fail:
            from underreach_judge import BackendError

            raise BackendError("the judge server said no (HTTP 400)")
        return JudgeResponse(text=json.dumps(judge_output(request.user)))

    return FunctionBackend(complete, name="flaky")


def test_errors_are_retried_only_when_asked_and_counted_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from underreach_judge import backends

    logs, out = tmp_path / "logs.jsonl", tmp_path / "results.jsonl"
    _write_logs(logs, 4)
    failing = {"c1", "c3"}
    monkeypatch.setattr(backends, "resolve_backend", lambda spec, **kw: _flaky(failing))
    monkeypatch.setattr("underreach_judge.grading.judge.resolve_backend", lambda spec, **kw: _flaky(failing))
    base = ["grade", str(logs), "-o", str(out), "--judge", "flaky", "--quiet"]
    assert main(base) == 3  # judging failed for two of them
    assert Counter(r["status"] for r in _rows(out)) == {"scored": 2, "error": 2}

    failing.clear()
    assert main(base) == 3  # errors stay as they are, and still fail the run
    assert len(_rows(out)) == 4
    assert main([*base, "--retry-errors"]) == 0
    assert len(_rows(out)) == 6  # two new verdicts appended for c1 and c3
    assert main([*base, "--retry-errors"]) == 0
    assert len(_rows(out)) == 6  # nothing left to retry

    verdicts = list(read_results(out))
    assert sorted(v.conversation_id or "" for v in verdicts) == ["c0", "c1", "c2", "c3"]
    assert aggregate(verdicts).errors == 0
    capsys.readouterr()
    assert main(["report", str(out), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["total"] == 4


def test_the_cache_answers_a_second_run_without_calling_the_judge(
    tmp_path: Path, server: StandInServer, capsys: pytest.CaptureFixture[str]
) -> None:
    logs = tmp_path / "logs.jsonl"
    _write_logs(logs, 10)
    cache = tmp_path / "cache.sqlite"
    assert main(_grade_args(logs, tmp_path / "a.jsonl", server, "--cache", str(cache))) == 0
    assert server.served == 10
    assert "cache: 0 hits, 10 misses" in capsys.readouterr().out

    assert main(_grade_args(logs, tmp_path / "b.jsonl", server, "--cache", str(cache))) == 0
    assert server.served == 10
    assert "cache: 10 hits, 0 misses" in capsys.readouterr().out
    first, second = _rows(tmp_path / "a.jsonl"), _rows(tmp_path / "b.jsonl")
    assert [r["cached"] for r in second] == [True] * 10
    assert [r["assistant_turns"] for r in first] == [r["assistant_turns"] for r in second]
    assert all(r["usage"]["input_tokens"] == 0 for r in second)

    assert main(_grade_args(logs, tmp_path / "c.jsonl", server, "--no-cache")) == 0
    assert server.served == 20


def test_cache_key_covers_judge_rubric_prompt_and_settings(tmp_path: Path) -> None:
    cache = VerdictCache(tmp_path / "c.sqlite")
    calls: list[str] = []

    def complete(request: JudgeRequest) -> JudgeResponse:
        calls.append(request.nonce)
        return JudgeResponse(text=json.dumps(judge_output(request.user)))

    backend = FunctionBackend(complete, name="counting")
    messages = [{"role": "user", "content": "hi"}, {"role": "assistant", "content": "hello"}]
    judges = [
        Judge(backend, cache=cache),
        Judge(backend, cache=cache, temperature=0.0),
        Judge(backend, cache=cache, seed=7),
        Judge(
            backend, cache=cache, rubric=Path(__file__).resolve().parents[1] / "data" / "custom_rubric.yaml"
        ),
    ]
    for judge in judges:
        assert judge.grade(messages).cached is False
        assert judge.grade(messages).cached is True
    assert len(calls) == len(judges) == len(cache)
    # same content under another id and metadata: a hit, re-addressed
    hit = judges[0].grade(messages, id="other", metadata={"model": "m"})
    assert (hit.cached, hit.conversation_id, hit.metadata) == (True, "other", {"model": "m"})


def test_errors_are_never_cached(tmp_path: Path) -> None:
    cache = VerdictCache(tmp_path / "c.sqlite")
    judge = Judge(_flaky({"x"}), cache=cache)
    messages = [{"role": "user", "content": "hi"}, {"role": "assistant", "content": "hello"}]
    assert judge.grade(messages, id="x").status == "error"
    assert len(cache) == 0
    assert judge.grade(messages, id="y").status == "scored"
    assert len(cache) == 1


def test_offline_judge_does_not_use_the_cache(tmp_path: Path) -> None:
    judge = Judge("heuristic", cache=tmp_path / "c.sqlite")
    assert judge.cache is None


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def _verdict(label: str) -> Verdict:
    return Verdict(conversation_id="x", status="scored") if label == "PASS" else Verdict(status="error")


@pytest.mark.parametrize(
    ("stream", "expected"),
    [
        pytest.param(io.StringIO(), "graded 3/4 (75.0%)", id="plain-lines"),
        pytest.param(_Terminal(), "conv/s", id="live-bar"),
    ],
)
def test_progress_shows_count_rate_and_eta(stream: io.StringIO, expected: str) -> None:
    progress = progress_for(4, stream=stream)
    with progress:
        for label in ("PASS", "PASS", "error"):
            progress.advance(_verdict(label))
        assert "ETA" in progress.summary()
        if isinstance(stream, _Terminal):
            progress._bar.refresh()  # type: ignore[attr-defined]
    assert expected in stream.getvalue()
    assert "PASS 2" in progress.summary() and "error 1" in progress.summary()


def test_plain_progress_lines_while_grading(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    logs = tmp_path / "logs.jsonl"
    _write_logs(logs, 5)
    assert main(["grade", str(logs), "--judge", "heuristic", "--quiet"]) == 0
    assert "graded 5/5 (100.0%)" in capsys.readouterr().err
    assert main(["grade", str(logs), "--judge", "heuristic", "--quiet", "--no-progress"]) == 0
    assert "graded" not in capsys.readouterr().err


@pytest.mark.skipif(not HH_TEST.is_file(), reason="HH-RLHF harmless-base test file not present")
def test_every_hh_rlhf_row_read_and_graded_end_to_end(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "hh.jsonl"
    assert main(["grade", str(HH_TEST), "-o", str(out), "--judge", "heuristic", "--quiet"]) == 0
    rows = _rows(out)
    rows_in = sum(1 for line in HH_TEST.read_text().splitlines() if line.strip())
    assert len(rows) == 2 * rows_in  # a chosen and a rejected conversation per row
    assert len({r["conversation_id"] for r in rows}) == len(rows)
    statuses = Counter(r["status"] for r in rows)
    assert statuses["error"] == 0
    assert all(r["unscored_reason"] for r in rows if r["status"] == "unscored")
    summary = capsys.readouterr().out
    assert f"{len(rows)} graded by heuristic" in summary
    report = aggregate(read_results(out))
    assert report.total == len(rows) and report.scored == statuses["scored"]


def test_limit_means_the_first_n_conversations_resumed_or_not(tmp_path: Path) -> None:
    logs = tmp_path / "logs.jsonl"
    ids = _write_logs(logs, 10)
    out = tmp_path / "results.jsonl"
    args = ["grade", str(logs), "-o", str(out), "--judge", "heuristic", "--quiet", "--no-progress"]
    assert main([*args, "--limit", "3"]) == 0
    assert main([*args, "--limit", "3"]) == 0  # the same command again: nothing new to grade
    assert [r["conversation_id"] for r in _rows(out)] == ids[:3]
    assert main([*args, "--limit", "5"]) == 0  # a larger limit grades only what it adds
    assert [r["conversation_id"] for r in _rows(out)] == ids[:5]
