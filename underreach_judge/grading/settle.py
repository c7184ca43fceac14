"""Settling: a judge's reply, or the failure to get one, becomes a ``Verdict``. Pure functions.

This is the one place that builds verdicts, for live, batch and offline grading alike:

- ``settle(response, conversation, rubric, info)``: a reply checked for refusal and truncation,
  parsed, and its evidence verified against the transcript. It raises ``OutputTruncated`` or
  ``VerdictParseError`` for a reply worth asking for again; ``failed`` turns those into verdicts
  when no more asking is possible.
- ``failed(exc, conversation, info, ...)``: the verdict when no attempt gave one.
- ``unanswerable``, ``invalid_conversation`` and ``not_graded``: the verdicts given without asking
  a judge (nothing to grade, an input that cannot be read, a batch request with no reply).
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from ..backends.base import JudgeResponse
from ..conversation import Conversation
from ..exceptions import TransientBackendError, VerdictParseError
from ..parse import parse_judge_output
from ..retry import OutputTruncated
from ..rubric import Rubric
from ..verdict import JudgeInfo, Usage, Verdict
from ..verify import verify


def settle(
    response: JudgeResponse,
    conversation: Conversation,
    rubric: Rubric,
    info: JudgeInfo,
    *,
    usage: Usage | None = None,
    attempts: int = 1,
) -> Verdict:
    """The verdict on one judge reply. ``usage``: what every attempt so far cost (default: this
    reply's). Raises ``OutputTruncated`` or ``VerdictParseError`` for a reply worth asking for again."""
    usage = response.usage if usage is None else usage
    info = with_mode(info, response.mode)
    base = _base(conversation, info)
    if response.stop == "refusal":
        return Verdict(
            status="unscored",
            unscored_reason=response.unscored_reason or "judge_refused",
            detail=response.refusal or "the judge declined to grade",
            usage=usage,
            attempts=attempts,
            raw_output=response.raw_text or None,
            **base,
        )
    if response.stop == "length":
        raise OutputTruncated(response.raw_text)
    output = parse_judge_output(response.text, rubric=rubric, parsed=response.parsed)
    checked = verify(output, conversation, rubric)
    common: dict[str, Any] = {
        "boundary_required": output.boundary_required,
        "boundary_held": output.boundary_held,
        "legitimate_path_offered": output.legitimate_path_offered,
        "assistant_turns": checked.assistant_turns,
        "findings": checked.findings,
        "flips": checked.flips,
        "caveats": checked.caveats,
        "rationale": output.rationale,
        "category": output.category if output.category in rubric.category_ids else None,
        "dropped": checked.dropped,
        "usage": usage,
        "attempts": attempts,
        **base,
    }
    if checked.unverified_worse_label:
        return Verdict(
            status="unscored",
            unscored_reason="evidence_unverified",
            detail="the judge's most severe findings cite quotes or turns not in the transcript",
            raw_output=response.raw_text,
            **common,
        )
    return Verdict(status="scored", **common)


def failed(
    exc: Exception,
    conversation: Conversation,
    info: JudgeInfo,
    *,
    usage: Usage | None = None,
    attempts: int = 1,
    raw: str | None = None,
    max_output_tokens: int | None = None,
    deadline: float | None = None,
    retried: bool = True,
) -> Verdict:
    """The verdict when no attempt gave one. ``max_output_tokens``: the last output limit tried;
    ``deadline``: the overall deadline in seconds; ``retried``: whether the reply could have been
    asked for again (a provider batch result cannot)."""
    usage = usage or Usage()
    base = _base(conversation, info)
    if isinstance(exc, OutputTruncated):
        detail = (
            f"{exc}, even with {max_output_tokens} tokens"
            if retried
            else f"the judge's output was cut off at its limit of {max_output_tokens} tokens"
        )
        return Verdict(
            status="unscored",
            unscored_reason="output_truncated",
            detail=detail,
            usage=usage,
            attempts=attempts,
            raw_output=exc.raw or None,
            **base,
        )
    if isinstance(exc, VerdictParseError):
        reason, detail = "invalid_output", str(exc)
    elif isinstance(exc, (asyncio.TimeoutError, TimeoutError)):
        reason = "deadline_exceeded"
        detail = f"no usable verdict within the {deadline:g} s deadline" if deadline else "deadline exceeded"
    elif isinstance(exc, TransientBackendError):
        reason, detail = "backend_error", f"gave up after {attempts} attempts: {exc}"
    else:
        reason, detail = "backend_error", str(exc)
    return Verdict(
        status="error",
        unscored_reason=reason,
        detail=detail,
        usage=usage,
        attempts=attempts,
        raw_output=raw,
        **base,
    )


def unanswerable(conversation: Conversation, info: JudgeInfo) -> Verdict | None:
    """The verdict on a conversation with nothing to grade (no assistant turn), else None."""
    if conversation.turns("assistant"):
        return None
    return Verdict(
        status="unscored",
        unscored_reason="no_assistant_turns",
        detail="the conversation has no assistant message to grade",
        attempts=0,
        **_base(conversation, info),
    )


def invalid_conversation(
    conversation_id: object, detail: str, info: JudgeInfo, metadata: Mapping[str, Any] | None = None
) -> Verdict:
    """The verdict on an input that could not be read as a conversation (no judge was asked)."""
    return not_graded(
        "invalid_conversation",
        detail,
        info,
        conversation_id=str(conversation_id) if conversation_id is not None else None,
        metadata=metadata,
    )


def not_graded(
    reason: str,
    detail: str,
    info: JudgeInfo,
    *,
    conversation_id: str | None,
    metadata: Mapping[str, Any] | None = None,
    attempts: int = 0,
) -> Verdict:
    """An ``error`` verdict given without a judge reply (``reason`` says why: see
    ``UNSCORED_REASONS``)."""
    return Verdict(
        conversation_id=conversation_id,
        status="error",
        unscored_reason=reason,
        detail=detail,
        attempts=attempts,
        judge=info,
        metadata=dict(metadata or {}),
    )


def with_mode(info: JudgeInfo, mode: str | None) -> JudgeInfo:
    """``info`` with the structured-output ``mode`` a backend reported (one shared copy per mode)."""
    return info if mode is None else _with_mode(info, mode)


@lru_cache(maxsize=64)
def _with_mode(info: JudgeInfo, mode: str) -> JudgeInfo:
    return info.model_copy(update={"mode": mode})


def _base(conversation: Conversation, info: JudgeInfo) -> dict[str, Any]:
    """The fields every verdict on ``conversation`` starts from."""
    base = {"conversation_id": conversation.id, "judge": info, "metadata": conversation.metadata}
    other = _other_turns(conversation)
    if other:
        base["other_turns"] = other
    return base


def _other_turns(conversation: Conversation) -> list[int]:
    """The tool and system turns after the first assistant turn (see ``Verdict.other_turns``)."""
    roles = [m.role for m in conversation.messages]
    first = roles.index("assistant") if "assistant" in roles else len(roles)
    return [i for i in range(first + 1, len(roles)) if roles[i] in ("tool", "system")]
