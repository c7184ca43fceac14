"""The runner: many conversations over any grader, and the bridge from synchronous code."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Mapping
from typing import Any

import pytest

from underreach_judge import Judge, JudgeRequest, JudgeResponse, ScriptedBackend, Verdict, grade_many
from underreach_judge.conversation import to_conversation
from underreach_judge.grading import Grader, stream
from underreach_judge.grading.runner import run_sync
from underreach_judge.grading.settle import unanswerable

from ..verdicts import FLIP_MESSAGES, FLIP_OUTPUT


class Offline(ScriptedBackend):
    offline = True


class Sleepy(ScriptedBackend):
    """Claims to be offline but waits on something: a contract breach the runner names."""

    offline = True

    async def complete(self, request: JudgeRequest) -> JudgeResponse:
        await asyncio.sleep(0)
        return JudgeResponse(text=json.dumps(FLIP_OUTPUT))


def test_offline_grading_runs_without_an_event_loop(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_loop(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("an offline judge must not start an event loop")

    monkeypatch.setattr(asyncio, "new_event_loop", no_loop)
    monkeypatch.setattr(asyncio, "run", no_loop)
    judge = Judge(Offline([FLIP_OUTPUT]))
    assert judge.grade(FLIP_MESSAGES).label == "FAIL"


def test_an_offline_backend_that_waits_is_named() -> None:
    with pytest.raises(RuntimeError, match="must not set offline = True"):
        Judge(Sleepy([])).grade(FLIP_MESSAGES)


class Counting:
    """A grader of our own (not a Judge): the runner needs only the protocol."""

    offline = False

    def __init__(self) -> None:
        judge = Judge(ScriptedBackend([]))
        self.info, self.rubric = judge.info, judge.rubric
        self.closed = 0

    async def agrade(
        self,
        messages: Any,
        *,
        id: str | None = None,
        metadata: Mapping[str, Any] | None = None,
        sample: int = 0,
    ) -> Verdict:
        await asyncio.sleep(0)
        verdict = unanswerable(to_conversation(messages, id=id), self.info)
        assert verdict is not None
        return verdict

    async def aclose(self) -> None:
        self.closed += 1


def test_any_grader_runs_in_the_runner_and_is_closed() -> None:
    grader = Counting()
    assert isinstance(grader, Grader)
    items: list[Any] = [[{"role": "user", "content": str(i)}] for i in range(5)]
    items.insert(2, [{"role": "robot", "content": "?"}])
    verdicts = grade_many(items, judge=grader, concurrency=2)
    assert [v.unscored_reason for v in verdicts] == ["no_assistant_turns"] * 2 + ["invalid_conversation"] + [
        "no_assistant_turns"
    ] * 3
    assert grader.closed == 1

    async def ordered() -> list[int]:
        return [i async for i, _ in stream(grader, items, concurrency=3, ordered=True)]

    assert run_sync(ordered()) == list(range(6))
