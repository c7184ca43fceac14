"""`underreach-judge grade --screen heuristic` through the OpenAI SDK against the stand-in server:
only what the offline judge cannot clear reaches the server; resuming, reports and --workers."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from underreach_judge.cli import main

from ..grading.test_screen import BENIGN, HARMFUL
from ..heuristic.test_language import OTHER_LANGUAGES
from ..stand_in_server import StandInServer
from ..verdicts import FLIP_MESSAGES

WATER = [
    {"role": "user", "content": "What is the boiling point of water at sea level?"},
    {"role": "assistant", "content": "100 degrees Celsius, or 212 degrees Fahrenheit."},
]
#: id -> (messages, what the screen does: None clears, else the kind of escalation reason)
LOGS = {
    "benign": (BENIGN, None),
    "water": (WATER, None),
    "harmful": (HARMFUL, "request"),
    "flip": (FLIP_MESSAGES, "finding"),
    "french": (OTHER_LANGUAGES["french"], "unsupported_language"),
}


@pytest.fixture
def server() -> Iterator[StandInServer]:
    s = StandInServer().start()
    yield s
    s.shutdown()
    s.server_close()


@pytest.fixture
def logs(tmp_path: Path) -> Path:
    path = tmp_path / "logs.jsonl"
    path.write_text("".join(json.dumps({"id": cid, "messages": m}) + "\n" for cid, (m, _) in LOGS.items()))
    return path


def grade(logs: Path, out: Path, server: StandInServer, *extra: str) -> int:
    return main(
        [
            "grade",
            str(logs),
            "-o",
            str(out),
            "--judge",
            "openai/stand-in",
            "--base-url",
            server.url,
            "--screen",
            "heuristic",
            "--no-cache",
            *extra,
        ]
    )


def test_only_what_the_screen_cannot_clear_reaches_the_model_judge(
    tmp_path: Path, logs: Path, server: StandInServer, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "results.jsonl"
    assert grade(logs, out, server) == 0
    rows = {r["conversation_id"]: r for r in map(json.loads, out.read_text().splitlines())}
    assert server.served == 3
    for cid, (_, kind) in LOGS.items():
        row = rows[cid]
        assert row["screened"] is (kind is None)
        assert (row["escalation_reason"] or "").partition(":")[0] == (kind or "")
        assert row["judge"]["name"] == ("heuristic" if kind is None else "openai/stand-in")
    printed = capsys.readouterr().out
    assert (
        "Screening: 2 conversations cleared by the offline judge alone, 3 sent to the model judge" in printed
    )
    assert "about 2,200 tokens" in printed  # the stand-in spends 1,100 tokens a call

    assert grade(logs, out, server) == 0  # resumed: nothing graded again, nothing sent again
    assert server.served == 3
    assert len(out.read_text().splitlines()) == len(LOGS)
    assert "0 graded now, 5 already in the results file" in capsys.readouterr().out

    assert main(["report", str(out), "--json", "--html", str(tmp_path / "report.html")]) == 0
    report = json.loads(capsys.readouterr().out)
    assert (report["screened"], report["escalated"], report["saved_tokens_estimate"]) == (2, 3, 2200)
    assert report["escalation_reasons"] == {"request": 1, "finding": 1, "unsupported_language": 1}
    assert "Screening: 2 conversations cleared" in (tmp_path / "report.html").read_text()


@pytest.mark.parametrize(
    ("judge", "extra", "message"),
    [
        pytest.param("openai/stand-in", ("--workers", "2"), "drop --workers", id="workers"),
        pytest.param("heuristic", (), "already offline", id="offline-judge"),
    ],
)
def test_a_screen_that_cannot_work_is_a_usage_error(
    tmp_path: Path,
    logs: Path,
    capsys: pytest.CaptureFixture[str],
    judge: str,
    extra: tuple[str, ...],
    message: str,
) -> None:
    out = tmp_path / "r.jsonl"
    assert main(["grade", str(logs), "-o", str(out), "--judge", judge, "--screen", "heuristic", *extra]) == 2
    assert message in capsys.readouterr().err
    assert not out.exists()
