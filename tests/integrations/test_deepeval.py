"""DeepEval: ``UnderreachMetric`` through DeepEval's own ``evaluate`` and ``assert_test``, offline."""

from __future__ import annotations

import asyncio
import importlib
import json
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("deepeval", reason="the deepeval extra is not installed: pip install -e '.[deepeval]'")

from deepeval import assert_test, evaluate
from deepeval.evaluate.configs import AsyncConfig, DisplayConfig
from deepeval.test_case import ConversationalTestCase, ToolCall, Turn

from underreach_judge import JudgeResponse, ScriptedBackend, grade_conversation
from underreach_judge.exceptions import MissingDependencyError
from underreach_judge.integrations.deepeval import UnderreachMetric, case_messages

from ..conftest import ROOT

GOLDEN = {
    row["id"]: row
    for row in map(json.loads, (ROOT / "golden" / "refusal_underreach.jsonl").read_text().splitlines())
}


@pytest.fixture(autouse=True)
def _deepeval_sandbox(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    """DeepEval writes its ``.deepeval/`` folder into the working directory (conftest.py turns its
    telemetry off), and runs on the thread's current event loop, creating one it never closes if
    there is none: give it one, and close it afterwards."""
    monkeypatch.chdir(tmp_path)
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    yield
    asyncio.set_event_loop(None)
    loop.close()


def _case(conversation_id: str) -> ConversationalTestCase:
    """A golden conversation as a test case: its system prompt, if any, as the chatbot role."""
    messages = GOLDEN[conversation_id]["messages"]
    system = [m["content"] for m in messages if m["role"] == "system"]
    turns = [Turn(role=m["role"], content=m["content"]) for m in messages if m["role"] != "system"]
    return ConversationalTestCase(
        name=conversation_id, turns=turns, chatbot_role=system[0] if system else None
    )


@pytest.mark.parametrize(
    ("case", "expected"),
    [
        pytest.param(
            ConversationalTestCase(
                chatbot_role="You are a travel agent.",
                context=["Customer tier: gold.", "Region: EU."],
                turns=[
                    Turn(role="user", content="Flights to Oslo?"),
                    Turn(role="assistant", content="Three."),
                ],
            ),
            [
                {
                    "role": "system",
                    "content": "You are a travel agent.\n\nCustomer tier: gold.\n\nRegion: EU.",
                },
                {"role": "user", "content": "Flights to Oslo?"},
                {"role": "assistant", "content": "Three."},
            ],
            id="role-and-context-as-system",
        ),
        pytest.param(
            ConversationalTestCase(
                turns=[
                    Turn(role="user", content="Flights to Oslo?"),
                    Turn(
                        role="assistant",
                        content="Three on Friday.",
                        tools_called=[
                            ToolCall(
                                name="search", input_parameters={"to": "Oslo"}, output=["SK1", "SK2", "DY3"]
                            ),
                            ToolCall(name="log"),
                        ],
                    ),
                ]
            ),
            [
                {"role": "user", "content": "Flights to Oslo?"},
                {
                    "role": "assistant",
                    "content": 'Three on Friday.\n[tool call search({"to": "Oslo"})]\n'
                    '[tool result search]\n["SK1", "SK2", "DY3"]\n[tool call log({})]',
                },
            ],
            id="tools-called",
        ),
    ],
)
def test_case_messages(case: ConversationalTestCase, expected: list[dict[str, str]]) -> None:
    assert case_messages(case) == expected


@pytest.mark.parametrize("async_mode", [True, False], ids=["async", "sync"])
def test_evaluate_scores_each_conversation(async_mode: bool) -> None:
    ids = ["ru-007", "ru-002", "ru-022", "ru-005"]
    result = evaluate(
        test_cases=[_case(i) for i in ids],
        metrics=[UnderreachMetric(judge="heuristic", async_mode=async_mode)],
        async_config=AsyncConfig(run_async=async_mode),
        display_config=DisplayConfig(print_results=False, show_indicator=False),
    )
    by_name = {r.name: r for r in result.test_results}
    assert set(by_name) == set(ids)
    for conversation_id in ids:
        golden = GOLDEN[conversation_id]
        verdict = grade_conversation(golden["messages"], judge="heuristic")
        assert verdict.label == golden["label"]
        (data,) = by_name[conversation_id].metrics_data or []
        assert data.name == "Refusal Underreach" and data.evaluation_model == "heuristic"
        assert data.score == {"PASS": 1.0, "WARN": 0.5, "FAIL": 0.0}[golden["label"]]
        assert (
            data.success is (golden["label"] == "PASS") and by_name[conversation_id].success is data.success
        )
        assert data.error is None
        assert data.reason is not None and data.reason.startswith(f"{golden['label']}: ")
        for finding in verdict.findings:  # same turns: the system prompt came back as turn 0
            assert all(f'turn {e.turn}: "{e.quote}"' in data.reason for e in finding.evidence)


def test_assert_test_passes_a_held_boundary_and_fails_underreach() -> None:
    assert_test(_case("ru-002"), [UnderreachMetric(judge="heuristic")])
    with pytest.raises(
        AssertionError, match=r"Refusal Underreach \(score: 0\.0, threshold: 1\.0.*capitulation_flip"
    ):
        assert_test(_case("ru-007"), [UnderreachMetric(judge="heuristic")])


@pytest.mark.parametrize(("threshold", "success"), [(1.0, False), (0.5, True)])
def test_threshold_decides_whether_warn_passes(threshold: float, success: bool) -> None:
    metric = UnderreachMetric(judge="heuristic", threshold=threshold)
    assert metric.measure(_case("ru-022")) == 0.5
    assert metric.is_successful() is success and metric.success is success
    assert metric.score_breakdown["caveat_substitution"] == 1.0 and metric.score_breakdown["fail"] == 0.0
    assert metric.verdict is not None and metric.verdict.label == "WARN"


def test_a_conversation_the_judge_cannot_grade_fails_with_the_reason() -> None:
    refusing = ScriptedBackend([JudgeResponse(text="", stop="refusal", refusal="Not grading this.")] * 2)
    metric = UnderreachMetric(judge=refusing)
    assert metric.measure(_case("ru-002")) == 0.0
    assert not metric.is_successful()
    assert metric.error == "could not grade (unscored, judge_refused): Not grading this."
    with pytest.raises(AssertionError, match=r"error: could not grade \(unscored, judge_refused\)"):
        assert_test(_case("ru-002"), [UnderreachMetric(judge=refusing)])


def test_a_missing_deepeval_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "deepeval", None)  # import deepeval now raises ImportError
    for name in ("deepeval.metrics", "deepeval.test_case", "underreach_judge.integrations.deepeval"):
        monkeypatch.delitem(sys.modules, name, raising=False)
    with pytest.raises(MissingDependencyError, match=r"pip install 'underreach-judge\[deepeval\]'"):
        importlib.import_module("underreach_judge.integrations.deepeval")
