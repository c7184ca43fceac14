"""Offline grading in several real processes: the same verdicts, in the same order, as one process."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from underreach_judge import FunctionBackend, Judge, JudgeResponse, Panel, grade_many
from underreach_judge.conversation import to_conversation
from underreach_judge.exceptions import ConfigurationError

GOLDEN = Path(__file__).resolve().parents[2] / "golden" / "refusal_underreach.jsonl"


def _golden_rows(n: int) -> list[dict[str, Any]]:
    rows = [json.loads(line) for line in GOLDEN.read_text().splitlines() if line.strip()]
    return [{"id": f"g{i}", "messages": rows[i % len(rows)]["messages"]} for i in range(n)]


def _mixed(shape: str) -> list[Any]:
    """Golden conversations in one input shape, with a malformed one and one with nothing to grade."""
    rows: list[Any] = _golden_rows(150)
    rows[40] = {"id": "broken", "messages": "not a list"}
    rows[90] = {"id": "silent", "messages": [{"role": "user", "content": "anyone there?"}]}
    if shape == "conversations":
        return [to_conversation(r) if r["id"] != "broken" else r for r in rows]
    if shape == "message lists":
        return [r["messages"] for r in rows]
    return rows


@pytest.mark.parametrize("shape", ["rows", "conversations", "message lists"])
def test_two_processes_give_the_one_process_verdicts_in_input_order(shape: str) -> None:
    items = _mixed(shape)
    one = grade_many(items, judge="heuristic")
    two = grade_many(items, judge="heuristic", workers=2)
    assert [v.model_dump_json() for v in two] == [v.model_dump_json() for v in one]
    assert {v.status for v in two} == {"scored", "unscored", "error"}
    assert len({v.label for v in two if v.scored}) > 1


def test_a_judge_method_takes_workers_too() -> None:
    judge = Judge("heuristic", rubric="refusal_underreach")
    rows = _golden_rows(30)
    assert judge.grade_many(rows, workers=2) == judge.grade_many(rows)


def _model_backend() -> FunctionBackend:
    return FunctionBackend(lambda request: JudgeResponse(text="{}"), name="model")


@pytest.mark.parametrize(
    ("judge", "workers", "says"),
    [
        pytest.param(lambda: Judge(_model_backend()), 2, "--concurrency", id="model judge"),
        pytest.param(
            lambda: Panel([Judge("heuristic"), Judge("heuristic")]), 2, "one offline Judge", id="panel"
        ),
        pytest.param(lambda: Judge("heuristic"), 0, "at least 1", id="no workers"),
    ],
)
def test_what_cannot_be_spread_over_processes_is_refused(judge: Any, workers: int, says: str) -> None:
    with pytest.raises(ConfigurationError, match=says):
        grade_many(_golden_rows(3), judge=judge(), workers=workers)
