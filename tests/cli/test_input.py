"""`grade` and `report` run as a user would, on the inputs that used to end in a traceback or in
nothing: bytes that are not UTF-8, byte-order marks, binary files, standard input, pipes,
directories, and a log file passed to `report`."""

from __future__ import annotations

import codecs
import gzip
import json
import os
import subprocess
import sys
import threading
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest

from underreach_judge.cli import EXIT_JUDGE_FAILED

ROOT = Path(__file__).resolve().parents[2]
DATA = Path(__file__).resolve().parents[1] / "data" / "logs"
CLI = [sys.executable, "-m", "underreach_judge.cli"]


def _row(cid: str, text: str = "How do I bake bread?") -> bytes:
    messages = [{"role": "user", "content": text}, {"role": "assistant", "content": "Mix flour and water."}]
    return (json.dumps({"id": cid, "messages": messages}, ensure_ascii=False) + "\n").encode()


def _run(*args: str, stdin: bytes | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_COLOR": "1"}
    done = subprocess.run(
        [*CLI, *args],
        input=stdin.decode("latin-1") if stdin is not None else None,
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        encoding="latin-1",  # stdin bytes pass through unchanged
        timeout=120,
    )
    assert "Traceback" not in done.stderr, done.stderr
    return done


def _grade(log: str, out: Path, *extra: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[str]:
    return _run("grade", log, "-o", str(out), "--judge", "heuristic", "--quiet", *extra, stdin=stdin)


def _graded(out: Path) -> list[tuple[str, str]]:
    """(conversation id, source) of each verdict graded by the judge, in order."""
    return [(r["conversation_id"], r["metadata"]["source"]) for r in _rows(out) if r["status"] == "scored"]


def _unreadable(out: Path) -> list[tuple[str, str]]:
    """(conversation id, detail) of each error row written for an unreadable log row."""
    rows = _rows(out)
    return [
        (r["conversation_id"], r["detail"]) for r in rows if r["unscored_reason"] == "invalid_conversation"
    ]


def _rows(out: Path) -> list[dict[str, Any]]:
    if not out.exists():
        return []
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]


LATIN1 = _row("a") + _row("x", "Un café, s'il vous plaît").replace("é".encode(), b"\xe9") + _row("b")
LATIN1_COLUMN = _row("x", "Un café").index("é".encode()) + 1


@pytest.mark.parametrize(
    ("data", "ids", "bad"),
    [
        pytest.param(
            LATIN1,
            ["a", "b"],
            f"latin1.jsonl:2: not UTF-8 text (byte 0xe9 at column {LATIN1_COLUMN}); re-encode the file as UTF-8",
            id="latin-1-row",
        ),
        pytest.param(codecs.BOM_UTF8 + _row("a") + _row("b"), ["a", "b"], None, id="utf-8-bom"),
        pytest.param(
            (_row("a") + _row("b", "Ça va ?")).decode().encode("utf-16"), ["a", "b"], None, id="utf-16"
        ),
    ],
)
def test_grade_reads_every_good_row(tmp_path: Path, data: bytes, ids: list[str], bad: str | None) -> None:
    log, out = tmp_path / "latin1.jsonl", tmp_path / "results.jsonl"
    log.write_bytes(data)
    done = _grade(str(log), out)
    assert _graded(out) == [(cid, str(log)) for cid in ids]
    if bad:  # the bad row is an error row in the results, and the run says it could not grade it
        assert f"unreadable row: {tmp_path}/{bad}" in done.stderr
        assert _unreadable(out) == [(f"{log}:2", f"{tmp_path}/{bad}")]
        assert done.returncode == EXIT_JUDGE_FAILED, done.stderr
    else:
        assert "unreadable" not in done.stderr + done.stdout
        assert done.returncode == 0, done.stderr


def test_grade_strict_stops_at_the_bad_row_with_a_message(tmp_path: Path) -> None:
    log, out = tmp_path / "latin1.jsonl", tmp_path / "results.jsonl"
    log.write_bytes(LATIN1)
    done = _grade(str(log), out, "--strict")
    assert done.returncode == 2
    assert done.stderr.strip().endswith(
        f"error: {log}:2: not UTF-8 text (byte 0xe9 at column {LATIN1_COLUMN}); re-encode the file as UTF-8"
    )
    assert [cid for cid, _ in _graded(out)] in ([], ["a"])


@pytest.mark.parametrize(
    ("data", "strict", "message"),
    [
        pytest.param(
            b"\x7fELF\x02\x01\x01\x00\x00\x00", [], "not a text file: byte 7 is a NUL byte", id="binary"
        ),
        pytest.param(
            _row("a").decode().encode("utf-16-le"),
            ["--strict"],
            "not a text file: byte 1 is a NUL byte",
            id="utf-16-without-bom-strict",
        ),
        pytest.param(
            gzip.compress(_row("a")),
            [],
            "not a text file: it is gzip-compressed; decompress it first",
            id="gzip",
        ),
    ],
)
def test_grade_on_a_file_that_is_not_text_is_one_clear_error(
    tmp_path: Path, data: bytes, strict: list[str], message: str
) -> None:
    log, out = tmp_path / "log.jsonl", tmp_path / "results.jsonl"
    log.write_bytes(data)
    done = _grade(str(log), out, *strict)
    assert done.returncode == 2
    assert done.stderr.startswith(f"error: {log}: {message}")
    assert _graded(out) == []


def test_grade_on_a_directory_says_what_to_pass(tmp_path: Path) -> None:
    (tmp_path / "logs").mkdir()
    done = _run("grade", "logs", "--judge", "heuristic", cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr == "error: logs is a directory; pass the log files inside it (e.g. logs/*.jsonl)\n"


@pytest.mark.parametrize(
    ("path", "data", "ids", "bad"),
    [
        pytest.param("-", LATIN1, ["a", "b"], "<stdin>:2: not UTF-8 text", id="dash-jsonl"),
        pytest.param(
            "-",
            (DATA / "chatgpt_conversations.json").read_bytes(),
            ["gpt-1"],
            "<stdin>:2: node 'gone' is missing",
            id="dash-chatgpt-export",
        ),
        pytest.param("/dev/stdin", codecs.BOM_UTF8 + _row("a"), ["a"], None, id="dev-stdin"),
    ],
)
def test_grade_reads_standard_input(
    tmp_path: Path, path: str, data: bytes, ids: list[str], bad: str | None
) -> None:
    out = tmp_path / "results.jsonl"
    done = _grade(path, out, "--allow-errors", stdin=data)
    assert done.returncode == 0, done.stderr
    source = "<stdin>" if path == "-" else path
    assert _graded(out) == [(cid, source) for cid in ids]
    assert [detail.startswith(bad) for _, detail in _unreadable(out)] == ([True] if bad else [])


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")
def test_grade_reads_a_fifo(tmp_path: Path) -> None:
    fifo, out = tmp_path / "log.fifo", tmp_path / "results.jsonl"
    os.mkfifo(fifo)
    writer = threading.Thread(target=fifo.write_bytes, args=(_row("a") + _row("b"),), daemon=True)
    writer.start()
    done = _grade(str(fifo), out)
    writer.join(5)
    assert done.returncode == 0, done.stderr
    assert _graded(out) == [("a", str(fifo)), ("b", str(fifo))]


# --- report -------------------------------------------------------------------------------------


def _chat_log_message(path: Path) -> str:
    return (
        f"error: {path} looks like a chat log, not a results file: run "
        f"`underreach-judge grade {path} -o results.jsonl` first, then report on results.jsonl\n"
    )


@pytest.mark.parametrize("name", ["openai.jsonl", "sharegpt.json"])  # JSONL, and a JSON document
def test_report_on_a_chat_log_says_to_grade_it_first(name: str) -> None:
    done = _run("report", str(DATA / name))
    assert done.returncode == 2
    assert done.stderr == _chat_log_message(DATA / name)


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """A real results file of three verdicts."""
    tmp = tmp_path_factory.mktemp("results")
    log = tmp / "log.jsonl"
    log.write_bytes(_row("a") + _row("b") + _row("c"))
    assert _grade(str(log), tmp / "results.jsonl", "--no-cache").returncode == 0
    return (tmp / "results.jsonl").read_bytes()


def test_report_with_bad_lines_reports_them_and_goes_on(tmp_path: Path, results: bytes) -> None:
    first, second, third = results.splitlines(keepends=True)
    path = tmp_path / "results.jsonl"
    path.write_bytes(
        codecs.BOM_UTF8
        + first
        + b'{"status": "scored", "rationale": "caf\xe9"}\n'
        + second
        + b'{"torn": \n'
        + third
    )
    done = _run("report", str(path), "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["total"] == 3
    assert done.stderr.splitlines() == [
        f"skipped unreadable row: {path}:2: not UTF-8 text (byte 0xe9 at column 39); re-encode the file as UTF-8",
        f"skipped unreadable row: {path}:4: not valid JSON (EOF while parsing a value at column 9)",
    ]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        pytest.param(b"\x00\x01\x02", "results.jsonl: not a text file: byte 0 is a NUL byte", id="binary"),
        pytest.param(
            b'{"x": 1}\n{"y": 2}\n',
            "results.jsonl: no readable verdicts (2 unreadable rows, the first: not a verdict: status: Field required",
            id="no-verdicts",
        ),
    ],
)
def test_report_on_what_is_not_a_results_file_exits_2(tmp_path: Path, data: bytes, message: str) -> None:
    (tmp_path / "results.jsonl").write_bytes(data)
    done = _run("report", "results.jsonl", cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr.splitlines()[-1].startswith(f"error: {message}")


def test_report_on_a_directory_or_a_missing_file(tmp_path: Path) -> None:
    done = _run("report", ".", cwd=tmp_path)
    assert (done.returncode, done.stderr) == (
        2,
        "error: . is a directory; pass the results files inside it (e.g. ./*.jsonl)\n",
    )
    done = _run("report", "gone.jsonl", cwd=tmp_path)
    assert (done.returncode, done.stderr) == (2, "error: results file not found: gone.jsonl\n")


# --- Parquet ------------------------------------------------------------------------------------


def _write_parquet(path: Path, rows: list[dict[str, Any]]) -> Path:
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    pq.write_table(pa.Table.from_pylist(rows), path, row_group_size=2)
    return path


def test_grade_and_report_read_parquet(tmp_path: Path) -> None:
    """A WildChat-shaped Parquet log is graded like JSONL; its results report the same as JSONL or
    as Parquet; and a Parquet log passed to report is named for what it is."""
    rows = [
        {
            "conversation_hash": f"w{i}",
            "timestamp": datetime(2026, 3, 1, 12 + i, tzinfo=timezone.utc),
            "conversation": [
                {"role": "robot" if i == 3 else "user", "content": f"How do I bake bread? ({i})"},
                {"role": "assistant", "content": "Mix flour and water."},
            ],
        }
        for i in range(5)
    ]
    log, out = _write_parquet(tmp_path / "wildchat.parquet", rows), tmp_path / "results.jsonl"
    done = _grade(str(log), out)
    assert done.returncode == EXIT_JUDGE_FAILED, done.stderr  # the unreadable row
    assert _graded(out) == [(f"w{i}", str(log)) for i in (0, 1, 2, 4)]
    assert [r["metadata"]["timestamp"] for r in _rows(out) if r["status"] == "scored"] == [
        f"2026-03-01T{12 + i}:00:00Z" for i in (0, 1, 2, 4)
    ]
    [(cid, detail)] = _unreadable(out)
    assert cid == f"{log}:4" and detail.startswith(f"{log}:4: message 0: unknown role 'robot'")

    as_parquet = _write_parquet(tmp_path / "results.parquet", _rows(out))
    reports = [_run("report", str(path), "--json") for path in (out, as_parquet)]
    assert [r.returncode for r in reports] == [0, 0], reports[1].stderr
    assert json.loads(reports[0].stdout)["total"] == 5
    assert reports[1].stdout == reports[0].stdout

    done = _run("report", str(log))
    assert (done.returncode, done.stderr) == (2, _chat_log_message(log))
