import asyncio
import json
from typing import Any

import pytest

from underreach_judge import (
    BackendError,
    ConfigurationError,
    FunctionBackend,
    Judge,
    JudgeRequest,
    JudgeResponse,
    RetryPolicy,
    ScriptedBackend,
    TransientBackendError,
    Verdict,
    agrade_conversation,
    grade_conversation,
    grade_many,
)
from underreach_judge.verdict import Usage

from ..verdicts import FLIP_MESSAGES, FLIP_OUTPUT, PASS_OUTPUT, flip_output

FAST = RetryPolicy(backoff_initial=0.0, deadline=30)


def judge_with(*replies: Any, retry: RetryPolicy = FAST, **kwargs: Any) -> Judge:
    return Judge(ScriptedBackend(replies), retry=retry, **kwargs)


def fabricated() -> dict[str, Any]:
    out = flip_output()
    out["findings"][0]["evidence"][1]["quote"] = "Here is the full synthesis route"
    return out


@pytest.mark.parametrize(
    ("replies", "status", "reason", "label", "attempts"),
    [
        pytest.param([FLIP_OUTPUT], "scored", None, "FAIL", 1, id="clean-flip"),
        pytest.param([PASS_OUTPUT], "scored", None, "PASS", 1, id="clean-pass"),
        pytest.param(["not json", FLIP_OUTPUT], "scored", None, "FAIL", 2, id="garbage-then-reask"),
        pytest.param(["{}", "{", FLIP_OUTPUT], "scored", None, "FAIL", 3, id="two-reasks"),
        pytest.param(["no", "no", "no"], "error", "invalid_output", None, 3, id="reasks-exhausted"),
        pytest.param(
            [JudgeResponse(text="", stop="refusal", refusal="bio: no")],
            "unscored",
            "judge_refused",
            None,
            1,
            id="judge-refusal",
        ),
        pytest.param(
            [JudgeResponse(text='{"assistant', stop="length"), FLIP_OUTPUT],
            "scored",
            None,
            "FAIL",
            2,
            id="truncated-then-ok",
        ),
        pytest.param(
            [JudgeResponse(text="{", stop="length")] * 2,
            "unscored",
            "output_truncated",
            None,
            2,
            id="truncated-twice",
        ),
        pytest.param(
            [TransientBackendError("429"), TransientBackendError("500"), FLIP_OUTPUT],
            "scored",
            None,
            "FAIL",
            3,
            id="transient-then-ok",
        ),
        pytest.param(
            [TransientBackendError("500")] * 6, "error", "backend_error", None, 6, id="transient-exhausted"
        ),
        pytest.param(
            [BackendError("401 bad key", status_code=401)],
            "error",
            "backend_error",
            None,
            1,
            id="fatal-backend-error",
        ),
        pytest.param([fabricated()], "unscored", "evidence_unverified", None, 1, id="fabricated-quote"),
    ],
)
def test_outcomes(
    replies: list[Any], status: str, reason: str | None, label: str | None, attempts: int
) -> None:
    verdict = judge_with(*replies).grade(FLIP_MESSAGES)
    assert (verdict.status, verdict.unscored_reason, verdict.label, verdict.attempts) == (
        status,
        reason,
        label,
        attempts,
    )
    if status == "error":
        assert verdict.detail
    if reason == "invalid_output":
        assert verdict.raw_output == "no"


def test_reask_tells_the_judge_what_was_wrong_and_keeps_the_static_prefix() -> None:
    judge = judge_with("nope", FLIP_OUTPUT)
    judge.grade(FLIP_MESSAGES)
    first, second = judge.backend.requests  # type: ignore[attr-defined]
    assert first.system == second.system and first.nonce == second.nonce
    assert second.user.startswith(first.user)
    assert "could not be used: the judge's reply contains no JSON object" in second.user


def test_truncation_retries_with_more_room() -> None:
    judge = judge_with(JudgeResponse(text="{", stop="length"), FLIP_OUTPUT, max_output_tokens=1000)
    judge.grade(FLIP_MESSAGES)
    assert [r.max_output_tokens for r in judge.backend.requests] == [1000, 2000]  # type: ignore[attr-defined]


def test_retry_after_is_honoured() -> None:
    waits: list[float] = []

    async def record(seconds: float) -> None:
        waits.append(seconds)

    policy = RetryPolicy(backoff_initial=0.0, sleep=record)
    judge = judge_with(
        TransientBackendError("429", status_code=429, retry_after=7.5), FLIP_OUTPUT, retry=policy
    )
    assert judge.grade(FLIP_MESSAGES).status == "scored"
    assert waits == [7.5]


def test_retry_after_beyond_the_deadline_gives_up_with_an_error() -> None:
    judge = judge_with(
        TransientBackendError("429", retry_after=100.0), FLIP_OUTPUT, retry=RetryPolicy(deadline=5)
    )
    verdict = judge.grade(FLIP_MESSAGES)
    assert verdict.status == "error" and verdict.attempts == 1


def test_a_slow_backend_hits_the_deadline() -> None:
    async def slow(request: JudgeRequest) -> str:
        await asyncio.sleep(5)
        return json.dumps(FLIP_OUTPUT)

    judge = Judge(FunctionBackend(slow), retry=RetryPolicy(deadline=0.2))
    verdict = judge.grade(FLIP_MESSAGES)
    assert (verdict.status, verdict.unscored_reason) == ("error", "deadline_exceeded")


def test_usage_adds_up_over_attempts_and_fingerprint_is_recorded() -> None:
    reply = JudgeResponse(text="bad", usage=Usage(input_tokens=100, output_tokens=5), mode="json_object")
    good = JudgeResponse(
        text=json.dumps(FLIP_OUTPUT),
        usage=Usage(input_tokens=110, cached_input_tokens=90, output_tokens=50),
        mode="json_object",
    )
    judge = judge_with(reply, good, temperature=0.0, seed=7)
    verdict = judge.grade(FLIP_MESSAGES)
    assert verdict.usage == Usage(input_tokens=210, cached_input_tokens=90, output_tokens=55)
    assert verdict.judge.rubric == "refusal_underreach@2"
    assert (
        verdict.judge.rubric_sha256 == judge.rubric.sha256
        and verdict.judge.prompt_sha256 == judge.prompts.sha256
    )
    assert (verdict.judge.temperature, verdict.judge.seed, verdict.judge.mode) == (0.0, 7, "json_object")
    requests = judge.backend.requests  # type: ignore[attr-defined]
    assert (requests[0].temperature, requests[0].seed) == (0.0, 7)


def test_temperature_and_seed_are_omitted_by_default() -> None:
    judge = judge_with(FLIP_OUTPUT)
    verdict = judge.grade(FLIP_MESSAGES)
    request = judge.backend.requests[0]  # type: ignore[attr-defined]
    assert request.temperature is None and request.seed is None
    assert verdict.judge.temperature is None and verdict.judge.seed is None


def test_verdict_json_round_trip() -> None:
    verdict = judge_with(FLIP_OUTPUT).grade(FLIP_MESSAGES, id="c17", metadata={"model": "m"})
    again = Verdict.model_validate_json(verdict.model_dump_json())
    assert again == verdict
    assert again.model_dump_json() == verdict.model_dump_json()
    assert verdict.conversation_id == "c17" and verdict.metadata == {"model": "m"}
    assert verdict.flips[0].pressure == "claimed_authorization"


def test_label_cannot_be_forced_inconsistent() -> None:
    data = json.loads(judge_with(FLIP_OUTPUT).grade(FLIP_MESSAGES).model_dump_json())
    data["label"] = "PASS"
    assert Verdict.model_validate(data).label == "FAIL"
    data["status"] = "unscored"
    assert Verdict.model_validate(data).label is None


def test_no_assistant_turn_is_unscored_without_a_call() -> None:
    judge = judge_with()
    verdict = judge.grade([{"role": "user", "content": "hello?"}])
    assert (verdict.status, verdict.unscored_reason, verdict.attempts) == (
        "unscored",
        "no_assistant_turns",
        0,
    )


def test_grade_conversation_and_async_entry_point() -> None:
    assert grade_conversation(FLIP_MESSAGES, judge=ScriptedBackend([FLIP_OUTPUT])).label == "FAIL"
    verdict = asyncio.run(agrade_conversation(FLIP_MESSAGES, judge=ScriptedBackend([PASS_OUTPUT])))
    assert verdict.label == "PASS"


def test_grade_conversation_works_inside_a_running_loop() -> None:
    async def inside() -> Verdict:
        return grade_conversation(FLIP_MESSAGES, judge=ScriptedBackend([FLIP_OUTPUT]))

    assert asyncio.run(inside()).label == "FAIL"


def test_judge_instance_with_rubric_override_is_an_error() -> None:
    with pytest.raises(ConfigurationError):
        grade_conversation(FLIP_MESSAGES, judge=judge_with(FLIP_OUTPUT), rubric="refusal_underreach")


def test_grade_many_is_ordered_bounded_and_never_raises() -> None:
    in_flight = 0
    peak = 0

    async def reply(request: JudgeRequest) -> str:
        nonlocal in_flight, peak
        in_flight += 1
        peak = max(peak, in_flight)
        await asyncio.sleep(0.01)
        in_flight -= 1
        first_user = request.conversation.messages[0].content  # type: ignore[union-attr]
        if first_user == "boom":
            raise BackendError("bad request")
        return json.dumps(FLIP_OUTPUT if "invoice" in first_user else PASS_OUTPUT)

    conversations: list[Any] = [
        FLIP_MESSAGES
        if i % 2
        else [{"role": "user", "content": f"q{i}"}, {"role": "assistant", "content": "a"}]
        for i in range(20)
    ]
    conversations[5] = [{"role": "robot", "content": "x"}]
    conversations[7] = [{"role": "user", "content": "boom"}, {"role": "assistant", "content": "a"}]
    backend = FunctionBackend(reply)
    verdicts = grade_many(conversations, judge=Judge(backend, retry=FAST), concurrency=4)
    assert len(verdicts) == 20
    assert peak == 4
    assert verdicts[5].status == "error" and verdicts[5].unscored_reason == "invalid_conversation"
    assert "unknown role 'robot'" in (verdicts[5].detail or "")
    assert verdicts[7].status == "error" and verdicts[7].unscored_reason == "backend_error"
    assert [v.label for i, v in enumerate(verdicts) if i not in (5, 7)] == [
        "FAIL" if i % 2 else "PASS" for i in range(20) if i not in (5, 7)
    ]
    assert len(backend.requests) == 19


def test_unknown_spec_says_what_to_use() -> None:
    with pytest.raises(ConfigurationError, match="openai/<model>"):
        Judge("gpt-4")


class OfflineScripted(ScriptedBackend):
    offline = True


def test_an_offline_backend_gets_no_transcript_and_no_retries() -> None:
    judge = Judge(OfflineScripted(["not json", FLIP_OUTPUT]), retry=FAST)
    verdict = judge.grade(FLIP_MESSAGES)
    assert (verdict.status, verdict.unscored_reason, verdict.attempts) == ("error", "invalid_output", 1)
    (request,) = judge.backend.requests  # type: ignore[attr-defined]
    assert request.user == "" and request.conversation is not None
    assert request.system == judge.system_prompt


def test_heuristic_takes_no_options() -> None:
    with pytest.raises(ConfigurationError, match="takes no options"):
        Judge("heuristic", base_url="http://127.0.0.1:1/v1")


def test_stream_in_input_order_with_bounded_buffer() -> None:
    finished: list[int] = []

    async def reply(request: JudgeRequest) -> str:
        n = int(request.conversation.messages[0].content)  # type: ignore[union-attr]
        await asyncio.sleep(0.2 if n == 0 else 0.001)
        finished.append(n)
        return json.dumps(PASS_OUTPUT)

    conversations = [
        [{"role": "user", "content": str(i)}, {"role": "assistant", "content": "ok"}] for i in range(20)
    ]
    judge = Judge(FunctionBackend(reply), retry=FAST)

    async def collect(ordered: bool) -> list[int]:
        finished.clear()
        return [i async for i, _ in judge.stream(conversations, concurrency=2, ordered=ordered)]

    assert asyncio.run(collect(ordered=True)) == list(range(20))
    # while 0 ran, later ones finished until 4 x concurrency of them waited; then nothing started
    assert finished.index(0) == 8
    unordered = asyncio.run(collect(ordered=False))
    assert sorted(unordered) == list(range(20)) and unordered[0] != 0
