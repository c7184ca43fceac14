"""Inspect AI: the scorer in real offline evals (heuristic judge and the grader role), and the
run's own log read back with ``read_logs``."""

from __future__ import annotations

import gc
import importlib
import json
import math
import sys
import warnings
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("inspect_ai", reason="the inspect extra is not installed: pip install -e '.[inspect]'")

from inspect_ai import Task
from inspect_ai import eval as inspect_eval
from inspect_ai.dataset import Sample
from inspect_ai.event import ModelEvent
from inspect_ai.log import EvalLog, read_eval_log, write_eval_log
from inspect_ai.model import (
    ChatMessage,
    ChatMessageAssistant,
    ChatMessageSystem,
    ChatMessageTool,
    ChatMessageUser,
    ContentImage,
    ContentReasoning,
    ContentText,
    ModelOutput,
    ModelUsage,
    get_model,
)
from inspect_ai.solver import Generate, Solver, TaskState, solver
from inspect_ai.tool import ToolCall, ToolCallError

from underreach_judge import Verdict, grade_conversation, grade_many, read_logs, to_conversation
from underreach_judge.exceptions import ConversationError, MissingDependencyError
from underreach_judge.integrations.inspect import underreach_scorer
from underreach_judge.logs import from_inspect_messages
from underreach_judge.rubric import load_rubric
from underreach_judge.verdict import JudgeOutput

from ..conftest import ROOT

GOLDEN = {
    row["id"]: row
    for row in map(json.loads, (ROOT / "golden" / "refusal_underreach.jsonl").read_text().splitlines())
}
PATTERNS = load_rubric().pattern_ids

TOOL_CONVERSATION: list[dict[str, Any]] = [
    {"role": "system", "content": "You are a travel assistant with a flight search tool."},
    {"role": "user", "content": "Any flights to Oslo on Friday?"},
    {
        "role": "assistant",
        "content": "Let me look.",
        "tool_calls": [{"id": "c1", "function": {"name": "search_flights", "arguments": '{"to": "Oslo"}'}}],
    },
    {"role": "tool", "tool_call_id": "c1", "content": "3 flights found"},
    {"role": "assistant", "content": "There are three flights to Oslo on Friday."},
]


def _chat(messages: list[dict[str, Any]]) -> list[ChatMessage]:
    """OpenAI-style dicts as Inspect messages."""
    out: list[ChatMessage] = []
    for m in messages:
        if m["role"] == "system":
            out.append(ChatMessageSystem(content=m["content"]))
        elif m["role"] == "user":
            out.append(ChatMessageUser(content=m["content"]))
        elif m["role"] == "tool":
            out.append(ChatMessageTool(content=m["content"], tool_call_id=m["tool_call_id"]))
        else:
            calls = [
                ToolCall(
                    id=c["id"],
                    function=c["function"]["name"],
                    arguments=json.loads(c["function"]["arguments"]),
                )
                for c in m.get("tool_calls", [])
            ]
            out.append(ChatMessageAssistant(content=m["content"], tool_calls=calls or None))
    return out


# sample id -> the conversation, as OpenAI-style dicts
CONVERSATIONS: dict[str, list[dict[str, Any]]] = {
    "ru-007": GOLDEN["ru-007"]["messages"],  # FAIL: capitulation_flip, professional_pretext
    "ru-002": GOLDEN["ru-002"]["messages"],  # PASS: boundary_held
    "ru-005": GOLDEN["ru-005"]["messages"],  # FAIL, with a system prompt
    "tools": TOOL_CONVERSATION,
    "silent": [{"role": "user", "content": "Hello?"}],  # nothing to grade
}


@solver
def replay() -> Solver:
    """Grade the recorded conversation as it is: no generation."""

    async def solve(state: TaskState, generate: Generate) -> TaskState:
        return state

    return solve


def _run(tmp_path: Path, ids: list[str], judge: str, **options: Any) -> EvalLog:
    """One offline eval of these conversations; the model under evaluation is never called."""
    samples = [Sample(id=i, input=_chat(CONVERSATIONS[i])) for i in ids]
    task = Task(dataset=samples, solver=replay(), scorer=underreach_scorer(judge=judge), name="replayed")
    with warnings.catch_warnings():
        # Inspect 0.3.285 never closes a sample's hook event stream (inspect_ai/hooks/_hooks.py,
        # start_sample_event_emitter), and anyio warns when such a stream is garbage collected:
        # expected here, and collected here so that it cannot surface in a later test
        warnings.filterwarnings("ignore", "Unclosed <MemoryObjectReceiveStream", ResourceWarning)
        (log,) = inspect_eval(
            task, model="mockllm/model", log_dir=str(tmp_path / "logs"), display="none", **options
        )
        gc.collect()
    assert log.status == "success", log.error
    return log


def _score_rows(log: EvalLog) -> dict[tuple[str, int], Any]:
    assert log.samples is not None
    return {(str(s.id), s.epoch): s.scores["underreach_scorer"] for s in log.samples if s.scores}


def test_eval_scores_whole_conversations_and_its_log_reads_back(tmp_path: Path) -> None:
    ids = list(CONVERSATIONS)
    log = _run(tmp_path, ids, judge="heuristic", epochs=2)
    expected = {i: grade_conversation(CONVERSATIONS[i], judge="heuristic") for i in ids}
    assert expected["ru-007"].label == GOLDEN["ru-007"]["label"] == "FAIL"
    assert expected["ru-002"].label == "PASS" and expected["silent"].status == "unscored"

    # every sample and epoch: the verdict of the whole conversation, system and tool turns included
    scores = _score_rows(log)
    assert set(scores) == {(i, e) for i in ids for e in (1, 2)}
    for (sample_id, _), score in scores.items():
        want = expected[sample_id]
        got = Verdict.model_validate(score.metadata["verdict"])
        assert (got.status, got.label, got.patterns, got.findings) == (
            want.status,
            want.label,
            want.patterns,
            want.findings,
        )
        if want.scored:
            assert score.value == {
                "fail": float(want.label == "FAIL"),
                "warn_or_worse": float(want.label != "PASS"),
                **{p: float(p in want.patterns) for p in PATTERNS},
            }
            assert score.answer == want.label
            assert want.rationale in score.explanation
            for finding in want.findings:
                assert all(f'"{e.quote}"' in score.explanation for e in finding.evidence)
        else:
            assert math.isnan(score.value) and score.reason == "no_response"
            assert "no_assistant_turns" in score.explanation

    # metrics: mean and stderr of each key over the scored samples; the unscored one is counted apart
    assert log.results is not None
    results = {s.name: s for s in log.results.scores}
    scored = [v for v in expected.values() if v.scored]
    assert set(results) == {"fail", "warn_or_worse", *PATTERNS}
    assert results["fail"].metrics["mean"].value == pytest.approx(
        sum(v.label == "FAIL" for v in scored) / len(scored)
    )
    assert results["capitulation_flip"].metrics["mean"].value == pytest.approx(
        sum("capitulation_flip" in v.patterns for v in scored) / len(scored)
    )
    assert "stderr" in results["fail"].metrics
    assert (results["fail"].scored_samples, results["fail"].unscored_samples) == (len(scored), 1)

    # the run's log file, and the same log as JSON: one conversation per sample and epoch
    eval_file = Path(log.location)
    json_file = tmp_path / "run.json"
    write_eval_log(log, str(json_file), format="json")
    assert eval_file.suffix == ".eval"
    for path in (eval_file, json_file):
        for fmt in ("auto", "inspect"):
            convs = list(read_logs(path, format=fmt))
            assert sorted(c.id for c in convs) == sorted(f"{i}:epoch{e}" for i in ids for e in (1, 2))
            for conv in convs:
                sample_id = conv.metadata["sample_id"]
                assert conv.messages == to_conversation(CONVERSATIONS[sample_id]).messages
                assert conv.metadata["epoch"] in (1, 2) and conv.id.endswith(
                    f":epoch{conv.metadata['epoch']}"
                )
                assert conv.metadata["model"] == "mockllm/model"
                assert conv.metadata["task"] == "replayed"
                assert conv.metadata["format"] == "inspect" and conv.metadata["source"] == str(path)
            # grading what was read back gives what the scorer gave inside the eval
            for conv, verdict in zip(convs, grade_many(convs, judge="heuristic"), strict=True):
                assert verdict.label == expected[conv.metadata["sample_id"]].label
    tools = next(c for c in read_logs(eval_file) if c.metadata["sample_id"] == "tools")
    assert tools.messages[2].content == 'Let me look.\n[tool call search_flights({"to": "Oslo"})]'
    assert tools.messages[3].content == "[tool result c1]\n3 flights found"


def _judge_output(messages: list[dict[str, Any]]) -> str:
    """What a model grader would answer for this conversation: here, the heuristic judge's findings."""
    v = grade_conversation(messages, judge="heuristic")
    out = JudgeOutput.model_validate(
        {
            **v.model_dump(include=set(JudgeOutput.model_fields)),
            "findings": [f.model_dump(exclude={"evidence": {"__all__": {"verified"}}}) for f in v.findings],
        }
    )
    return out.model_dump_json()


def _output(text: str) -> ModelOutput:
    out = ModelOutput.from_content(model="mockllm/model", content=text)
    out.usage = ModelUsage(input_tokens=1200, output_tokens=300, total_tokens=1500)  # no tiktoken download
    return out


# Inspect 0.3.285 builds its model retry policy with tenacity's deprecated ``initial`` argument
@pytest.mark.filterwarnings("ignore:The 'initial' parameter is deprecated:DeprecationWarning")
def test_grader_role_model_through_inspect(tmp_path: Path) -> None:
    answer = _judge_output(CONVERSATIONS["ru-007"])
    # ru-007 gets a valid verdict; ru-002 gets unusable output three times (the first try, two re-asks)
    grader = get_model(
        "mockllm/model",
        custom_outputs=[_output(answer)] + [_output("I'd rather not say.")] * 3,
    )
    log = _run(tmp_path, ["ru-007", "ru-002"], judge="grader", model_roles={"grader": grader}, max_samples=1)
    scores = {sample_id: s for (sample_id, _), s in _score_rows(log).items()}

    verdict = Verdict.model_validate(scores["ru-007"].metadata["verdict"])
    assert verdict.status == "scored" and verdict.label == "FAIL", verdict.detail
    assert verdict.patterns == ["capitulation_flip", "professional_pretext"]
    assert all(e.verified for f in verdict.findings for e in f.evidence)
    assert verdict.judge.name == "inspect/mockllm/model" and verdict.judge.mode == "json_schema"
    assert (verdict.usage.input_tokens, verdict.usage.output_tokens) == (1200, 300)
    assert scores["ru-007"].value["capitulation_flip"] == 1.0

    failed = scores["ru-002"]
    assert math.isnan(failed.value) and failed.reason == "grader_failed"
    assert "invalid_output" in failed.explanation
    assert Verdict.model_validate(failed.metadata["verdict"]).attempts == 3

    # the grader was asked through Inspect: rubric as system, fenced transcript, the verdict schema
    samples = read_eval_log(log.location, resolve_attachments=True).samples
    assert samples is not None
    calls = {s.id: [e for e in s.events if isinstance(e, ModelEvent)] for s in samples}
    assert (len(calls["ru-007"]), len(calls["ru-002"])) == (1, 3)
    assert all(e.role == "grader" for e in calls["ru-007"] + calls["ru-002"])
    first = calls["ru-007"][0]
    assert [m.role for m in first.input] == ["system", "user"]
    assert "capitulation_flip" in first.input[0].text
    assert "| Fair point, since it's for the same engagement" in first.input[1].text
    schema = first.config.response_schema
    assert schema is not None and schema.name == "underreach_verdict" and schema.strict
    assert set(schema.json_schema.properties or {}) == set(JudgeOutput.model_fields)
    findings = (schema.json_schema.properties or {})["findings"].items
    assert findings is not None and findings.properties is not None
    assert findings.properties["pattern"].enum == PATTERNS
    assert log.results is not None
    fail = next(s for s in log.results.scores if s.name == "fail")
    assert (fail.scored_samples, fail.unscored_samples) == (1, 1)


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        pytest.param(ChatMessageSystem(content="Be careful."), "Be careful.", id="system"),
        pytest.param(
            ChatMessageAssistant(
                content=[
                    ContentReasoning(reasoning="The user wants X."),
                    ContentText(text="Here you go."),
                ]
            ),
            "[reasoning]\nThe user wants X.\nHere you go.",
            id="reasoning",
        ),
        pytest.param(
            ChatMessageAssistant(
                content=[ContentReasoning(reasoning="gAAAA", summary="Weighing it.", redacted=True)]
            ),
            "[reasoning]\nWeighing it.",
            id="redacted-reasoning-summary",
        ),
        pytest.param(
            ChatMessageAssistant(content=[ContentReasoning(reasoning="gAAAA", redacted=True)]),
            "[redacted reasoning]",
            id="redacted-reasoning",
        ),
        pytest.param(
            ChatMessageUser(
                content=[ContentText(text="What is this?"), ContentImage(image="https://x.test/a.png")]
            ),
            "What is this?\n[image https://x.test/a.png]",
            id="image-url",
        ),
        pytest.param(
            ChatMessageUser(content=[ContentImage(image="data:image/png;base64,AAAA")]),
            "[image]",
            id="image-data",
        ),
        pytest.param(
            ChatMessageAssistant(
                content="", tool_calls=[ToolCall(id="t9", function="run", arguments={"cmd": "ls", "n": 2})]
            ),
            '[tool call run({"cmd": "ls", "n": 2})]',
            id="tool-call",
        ),
        pytest.param(
            ChatMessageTool(
                content="",
                tool_call_id="t9",
                function="run",
                error=ToolCallError(type="timeout", message="took too long"),
            ),
            "[tool result t9]\n\n[tool error: took too long]",
            id="tool-error",
        ),
    ],
)
def test_inspect_messages_become_readable_text(message: ChatMessage, expected: str) -> None:
    (converted,) = to_conversation(from_inspect_messages([message])).messages
    assert converted.role == message.role
    assert converted.content == expected


def test_a_missing_inspect_ai_names_the_extra(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setitem(sys.modules, "inspect_ai", None)  # import inspect_ai now raises ImportError
    for name in ("inspect_ai.log", "inspect_ai.model", "underreach_judge.integrations.inspect"):
        monkeypatch.delitem(sys.modules, name, raising=False)
    with pytest.raises(MissingDependencyError, match=r"pip install 'underreach-judge\[inspect\]'"):
        importlib.import_module("underreach_judge.integrations.inspect")
    log = tmp_path / "run.eval"
    log.write_bytes(b"PK\x03\x04")
    with pytest.raises(
        MissingDependencyError, match=r"Reading Inspect AI logs needs the 'inspect-ai' package"
    ):
        list(read_logs(log))


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        pytest.param(b"PK\x03\x04 not really a zip", "not a readable Inspect AI log", id="broken-eval"),
        pytest.param(
            b'{"version": 2, "status": "success", "eval": 3}', "not a readable Inspect AI log", id="bad-json"
        ),
    ],
)
def test_unreadable_inspect_logs_name_the_file(tmp_path: Path, content: bytes, problem: str) -> None:
    path = tmp_path / ("run.eval" if content.startswith(b"PK") else "run.json")
    path.write_bytes(content)
    with pytest.raises(ConversationError, match=f"^{path}: {problem}"):
        list(read_logs(path))


def test_a_log_without_samples_says_so(tmp_path: Path) -> None:
    log = _run(tmp_path, ["ru-002"], judge="heuristic", log_samples=False)
    with pytest.raises(ConversationError, match="holds no samples"):
        list(read_logs(log.location))


def test_an_ordinary_json_file_is_not_taken_for_an_inspect_log(tmp_path: Path) -> None:
    path = tmp_path / "one.json"
    path.write_text(json.dumps({"messages": CONVERSATIONS["ru-002"]}))
    (conv,) = read_logs(path)
    assert conv.metadata["format"] == "openai"
