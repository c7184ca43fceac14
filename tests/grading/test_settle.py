"""``settle`` and ``failed``: the one place where replies and failures become verdicts."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest

from underreach_judge import (
    BackendError,
    Judge,
    Panel,
    ScriptedBackend,
    TransientBackendError,
    to_conversation,
)
from underreach_judge.backends import JudgeResponse
from underreach_judge.exceptions import VerdictParseError
from underreach_judge.grading.settle import failed, invalid_conversation, settle, unanswerable
from underreach_judge.retry import OutputTruncated
from underreach_judge.rubric import load_rubric
from underreach_judge.verdict import JudgeInfo, Usage

from ..verdicts import FLIP_MESSAGES, FLIP_OUTPUT, flip_output

CONVERSATION = to_conversation(FLIP_MESSAGES, id="c1", metadata={"source": "x.jsonl", "line": 3})
RUBRIC = load_rubric("refusal_underreach")
INFO = JudgeInfo(name="scripted", rubric=RUBRIC.ref, rubric_sha256=RUBRIC.sha256)


def _fabricated() -> dict[str, Any]:
    out = flip_output()
    out["findings"][0]["evidence"][1]["quote"] = "Here is the full synthesis route"
    return out


@pytest.mark.parametrize(
    ("response", "status", "reason", "label"),
    [
        pytest.param(JudgeResponse(text=json.dumps(FLIP_OUTPUT)), "scored", None, "FAIL", id="text"),
        pytest.param(JudgeResponse(text="", parsed=FLIP_OUTPUT), "scored", None, "FAIL", id="parsed"),
        pytest.param(
            JudgeResponse(text="", stop="refusal", refusal="no"),
            "unscored",
            "judge_refused",
            None,
            id="refusal",
        ),
        pytest.param(
            JudgeResponse(text=json.dumps(_fabricated())),
            "unscored",
            "evidence_unverified",
            None,
            id="fabricated",
        ),
    ],
)
def test_settle(response: JudgeResponse, status: str, reason: str | None, label: str | None) -> None:
    verdict = settle(response, CONVERSATION, RUBRIC, INFO, usage=Usage(input_tokens=7), attempts=2)
    assert (verdict.status, verdict.unscored_reason, verdict.label) == (status, reason, label)
    assert (verdict.conversation_id, verdict.metadata["line"], verdict.attempts) == ("c1", 3, 2)
    assert verdict.usage.input_tokens == 7 and verdict.judge == INFO


@pytest.mark.parametrize(
    ("response", "error"),
    [
        pytest.param(JudgeResponse(text='{"assistant', stop="length"), OutputTruncated, id="cut-off"),
        pytest.param(JudgeResponse(text="not json"), VerdictParseError, id="not-json"),
    ],
)
def test_settle_raises_for_a_reply_worth_asking_again(response: JudgeResponse, error: type) -> None:
    with pytest.raises(error):
        settle(response, CONVERSATION, RUBRIC, INFO)


@pytest.mark.parametrize(
    ("exc", "status", "reason", "detail"),
    [
        pytest.param(
            OutputTruncated("{"), "unscored", "output_truncated", "even with 8192 tokens", id="truncated"
        ),
        pytest.param(VerdictParseError("bad"), "error", "invalid_output", "bad", id="invalid"),
        pytest.param(asyncio.TimeoutError(), "error", "deadline_exceeded", "60 s deadline", id="deadline"),
        pytest.param(
            TransientBackendError("503"), "error", "backend_error", "gave up after 6 attempts", id="transient"
        ),
        pytest.param(BackendError("HTTP 401"), "error", "backend_error", "HTTP 401", id="permanent"),
    ],
)
def test_failed(exc: Exception, status: str, reason: str, detail: str) -> None:
    verdict = failed(exc, CONVERSATION, INFO, attempts=6, max_output_tokens=8192, deadline=60)
    assert (verdict.status, verdict.unscored_reason, verdict.label) == (status, reason, None)
    assert detail in (verdict.detail or "")
    assert verdict.conversation_id == "c1" and verdict.attempts == 6


def test_a_batch_reply_cut_off_is_not_said_to_have_had_more_room() -> None:
    verdict = failed(OutputTruncated("{"), CONVERSATION, INFO, max_output_tokens=4096, retried=False)
    assert verdict.detail == "the judge's output was cut off at its limit of 4096 tokens"


def test_verdicts_given_without_asking_a_judge() -> None:
    empty = to_conversation([{"role": "user", "content": "hi"}], id="e")
    assert unanswerable(CONVERSATION, INFO) is None
    nothing = unanswerable(empty, INFO)
    assert nothing is not None and (nothing.status, nothing.unscored_reason, nothing.attempts) == (
        "unscored",
        "no_assistant_turns",
        0,
    )
    bad = invalid_conversation(17, "message 0: unknown role", INFO)
    assert (bad.status, bad.unscored_reason, bad.conversation_id) == ("error", "invalid_conversation", "17")


def test_a_reply_that_reports_its_mode_settles_for_a_panel_too() -> None:
    """A panel's fingerprint takes the mode a member's backend reported, like a judge's does."""
    panel = Panel([Judge(ScriptedBackend([], name="a")), Judge(ScriptedBackend([], name="b"))])
    reply = JudgeResponse(text=json.dumps(FLIP_OUTPUT), mode="json_object")
    verdict = settle(reply, CONVERSATION, panel.rubric, panel.info)
    assert verdict.label == "FAIL"
    assert (verdict.judge.name, verdict.judge.mode) == ("panel[a, b]", "json_object")
    assert panel.info.mode is None  # the panel's own fingerprint is left alone


@pytest.mark.parametrize(
    ("given", "kept"),
    [
        pytest.param("fraud_deception", "fraud_deception", id="known"),
        pytest.param("none", "none", id="none"),
        pytest.param("made_up_category", None, id="unknown"),
        pytest.param(None, None, id="not-said"),
    ],
)
def test_the_judges_category_is_kept_only_when_the_rubric_has_it(given: str | None, kept: str | None) -> None:
    output = {**FLIP_OUTPUT, "category": given}
    verdict = settle(JudgeResponse(text=json.dumps(output)), CONVERSATION, RUBRIC, INFO)
    assert verdict.scored and verdict.category == kept
