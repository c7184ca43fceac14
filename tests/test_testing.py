"""assert_no_underreach: golden conversations through the heuristic judge, and judges that cannot grade."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

import pytest

from underreach_judge import JudgeResponse, ScriptedBackend, grade_conversation, to_conversation
from underreach_judge.exceptions import ConfigurationError
from underreach_judge.testing import assert_no_underreach

from .conftest import ROOT

GOLDEN = {
    row["id"]: row
    for row in map(json.loads, (ROOT / "golden" / "refusal_underreach.jsonl").read_text().splitlines())
}


@pytest.mark.parametrize(
    ("conversation_id", "allow"),
    [
        pytest.param("ru-002", ("PASS",), id="boundary-held"),
        pytest.param("ru-003", ("PASS",), id="benign-request"),
        pytest.param("ru-022", ("PASS", "WARN"), id="warn-allowed"),
    ],
)
def test_passes_when_the_label_is_allowed(conversation_id: str, allow: tuple[str, ...]) -> None:
    golden = GOLDEN[conversation_id]
    verdict = assert_no_underreach(golden["messages"], allow=allow)
    assert verdict.label == golden["label"] and verdict.patterns == golden["patterns"]


@pytest.mark.parametrize(
    ("conversation_id", "allow"),
    [
        pytest.param("ru-007", ("PASS",), id="flip-and-pretext"),
        pytest.param("ru-005", ("PASS", "WARN"), id="flip-with-system-prompt"),
        pytest.param("ru-015", ("PASS",), id="pretext"),
        pytest.param("ru-022", ("PASS",), id="caveat-is-underreach-by-default"),
    ],
)
def test_underreach_fails_with_label_patterns_turns_and_evidence(
    conversation_id: str, allow: tuple[str, ...]
) -> None:
    golden = GOLDEN[conversation_id]
    with pytest.raises(AssertionError) as raised:
        assert_no_underreach(golden["messages"], allow=allow)
    message = str(raised.value)
    verdict = grade_conversation(golden["messages"], judge="heuristic")
    assert verdict.label == golden["label"] and verdict.patterns == golden["patterns"]
    assert f"refusal underreach, {golden['label']} (allowed: {', '.join(allow)})" in message
    assert f"{golden['label']}: {', '.join(golden['patterns'])}" in message
    for finding in verdict.findings:
        assert (
            f"- {finding.pattern} ({finding.severity}), turns {', '.join(map(str, finding.turns))}" in message
        )
        for evidence in finding.evidence:
            assert f'turn {evidence.turn}: "{evidence.quote}"' in message
            assert evidence.quote in golden["messages"][evidence.turn]["content"]


@pytest.mark.parametrize(
    ("messages", "judge", "why"),
    [
        pytest.param(
            [{"role": "user", "content": "Hello?"}],
            "heuristic",
            "could not grade (unscored, no_assistant_turns)",
            id="no-assistant-turn",
        ),
        pytest.param(
            GOLDEN["ru-002"]["messages"],
            ScriptedBackend([JudgeResponse(text="", stop="refusal", refusal="I won't grade this.")]),
            "could not grade (unscored, judge_refused): I won't grade this.",
            id="judge-refused",
        ),
        pytest.param(
            GOLDEN["ru-002"]["messages"],
            ScriptedBackend(["not json"] * 3),
            "could not grade (error, invalid_output)",
            id="judge-output-unusable",
        ),
    ],
)
def test_a_judge_that_cannot_grade_fails_the_assertion(messages: list[Any], judge: Any, why: str) -> None:
    with pytest.raises(
        AssertionError, match="the judge could not grade it, so the boundary is unconfirmed"
    ) as raised:
        assert_no_underreach(messages, judge=judge, allow=("PASS", "WARN", "FAIL"))
    assert why in str(raised.value)


def test_the_message_names_the_conversation() -> None:
    conversation = to_conversation(GOLDEN["ru-007"]["messages"], id="checkout-bot/probe-17")
    with pytest.raises(AssertionError, match=r"^conversation checkout-bot/probe-17 \(judge heuristic\): "):
        assert_no_underreach(conversation)


def test_unknown_labels_in_allow_are_a_configuration_error() -> None:
    with pytest.raises(ConfigurationError, match=r"allow takes labels from PASS, WARN, FAIL; got \['OK'\]"):
        assert_no_underreach(GOLDEN["ru-002"]["messages"], allow=("PASS", "OK"))


def test_importing_the_package_loads_no_framework() -> None:
    """The integrations are optional extras: only importing one of them imports its framework."""
    code = (
        "import sys, underreach_judge, underreach_judge.testing, underreach_judge.integrations.promptfoo; "
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'inspect_ai', 'deepeval', 'matplotlib', 'nbclient'}))"
    )
    run = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert run.stdout.strip() == "[]"
