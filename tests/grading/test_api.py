"""The entry points: which judge a spec, a backend or a grader gives."""

from __future__ import annotations

from pathlib import Path

import pytest

from underreach_judge import ConfigurationError, Judge, ScriptedBackend
from underreach_judge.grading import as_judge

CUSTOM = Path(__file__).resolve().parents[1] / "data" / "custom_rubric.yaml"


def test_an_offline_judge_with_a_bundled_rubric_is_built_once() -> None:
    assert as_judge("heuristic") is as_judge("heuristic")
    assert as_judge("heuristic") is as_judge("heuristic", "refusal_underreach")
    # a rubric file is read again each time: it may have been edited in between
    assert as_judge("heuristic", CUSTOM) is not as_judge("heuristic", CUSTOM)
    assert as_judge("heuristic", CUSTOM).rubric.id != as_judge("heuristic").rubric.id


def test_a_judge_with_a_server_is_built_each_time() -> None:
    first = as_judge("openai/m", base_url="http://127.0.0.1:1/v1")
    assert first is not as_judge("openai/m", base_url="http://127.0.0.1:1/v1")


@pytest.mark.parametrize(
    ("judge", "kind"),
    [
        pytest.param("heuristic", Judge, id="spec"),
        pytest.param(ScriptedBackend([]), Judge, id="backend"),
    ],
)
def test_specs_and_backends_become_judges(judge: object, kind: type) -> None:
    assert isinstance(as_judge(judge), kind)  # type: ignore[arg-type]


def test_a_grader_keeps_its_own_rubric_and_options() -> None:
    judge = Judge(ScriptedBackend([]))
    assert as_judge(judge) is judge
    with pytest.raises(ConfigurationError, match="pass rubric and judge options to Judge"):
        as_judge(judge, rubric="refusal_underreach")
