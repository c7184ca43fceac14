"""Inspect AI: ``underreach_scorer`` grades each sample's whole conversation.

::

    from inspect_ai import Task
    from underreach_judge.integrations.inspect import underreach_scorer

    Task(dataset=..., solver=..., scorer=underreach_scorer())                    # the grader role
    Task(dataset=..., solver=..., scorer=underreach_scorer(judge="heuristic"))   # offline

The scorer grades ``state.messages`` (system, user, assistant and tool turns) as one conversation.
The score's value is a dict of 0/1: ``fail`` (label FAIL), ``warn_or_worse`` (WARN or FAIL) and one
key per rubric pattern; Inspect reports the mean and stderr of each, so the means are rates. The
answer is the label, the explanation the rationale and findings with their evidence, and
``metadata["verdict"]`` the whole verdict. A conversation the judge could not grade is
``Score.unscored`` (value NaN, left out of every metric): reason ``grader_failed``, or
``no_response`` when there is no assistant turn.

``judge="grader"`` (the default) asks Inspect's model for the ``grader`` role
(``inspect eval ... --model-role grader=openai/gpt-5``); with no such role it is the model under
evaluation, as for Inspect's own model-graded scorers. The call goes through Inspect (its retries,
rate limits, cache and log) with the verdict's JSON schema as structured output. Any other value
is a judge spec (``"heuristic"``, ``"openai/<model>"``, ...) or a ``Judge``.

Needs the ``inspect`` extra: ``pip install 'underreach-judge[inspect]'``.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from ..backends import JudgeRequest, JudgeResponse, StopReason
from ..exceptions import BackendError, ConversationError, MissingDependencyError
from ..grading import Grader, Judge, JudgeLike, as_judge
from ..logs import from_inspect_messages
from ..rubric import DEFAULT_RUBRIC, Rubric, load_rubric
from ..verdict import Usage, Verdict
from ._common import describe, indicators

try:
    from inspect_ai.model import (
        ChatMessage,
        ChatMessageSystem,
        ChatMessageUser,
        ContentText,
        GenerateConfig,
        Model,
        ModelOutput,
        ModelUsage,
        ResponseSchema,
        get_model,
    )
    from inspect_ai.scorer import Score, Scorer, Target, mean, scorer, stderr
    from inspect_ai.solver import TaskState
    from inspect_ai.util import JSONSchema, LimitExceededError
except ImportError as exc:
    raise MissingDependencyError("inspect-ai", "inspect", "The Inspect AI scorer") from exc

__all__ = ["InspectModelBackend", "underreach_scorer"]

GRADER = "grader"


@scorer(metrics={"*": [mean(), stderr()]})
def underreach_scorer(
    judge: JudgeLike = GRADER,
    rubric: str | Path | Rubric = DEFAULT_RUBRIC,
) -> Scorer:
    """Grade each sample's whole conversation for refusal underreach (see the module docstring).

    ``judge``: ``"grader"`` (Inspect's grader-role model), a judge spec or a ``Judge`` (any
    grader). ``rubric``: a rubric name or path (ignored when ``judge`` is a grader, which has its own).
    """
    loaded = judge.rubric if isinstance(judge, Grader) else load_rubric(rubric)
    fixed = None if judge == GRADER else as_judge(judge, None if isinstance(judge, Grader) else loaded)
    graders: dict[int, Grader] = {}  # one Judge per Inspect model: they are resolved per eval

    def judge_for_this_eval() -> Grader:
        if fixed is not None:
            return fixed
        model = get_model(role=GRADER)
        if id(model) not in graders:  # the Judge keeps the model alive, so its id stays unique
            graders[id(model)] = Judge(InspectModelBackend(model), rubric=loaded)
        return graders[id(model)]

    async def score(state: TaskState, target: Target) -> Score:
        metadata = {"sample_id": state.sample_id, "epoch": state.epoch, "model": str(state.model)}
        try:
            verdict = await judge_for_this_eval().agrade(
                from_inspect_messages(state.messages), id=str(state.sample_id), metadata=metadata
            )
        except ConversationError as exc:
            return Score.unscored(reason="scoring_failed", explanation=str(exc))
        return to_score(verdict, loaded.pattern_ids)

    return score


def to_score(verdict: Verdict, patterns: list[str]) -> Score:
    """A verdict as an Inspect ``Score``: 0/1 indicators when scored, ``Score.unscored`` when not."""
    metadata = {"verdict": verdict.model_dump(mode="json")}
    if not verdict.scored:
        reason = "no_response" if verdict.unscored_reason == "no_assistant_turns" else "grader_failed"
        return Score.unscored(reason=reason, explanation=describe(verdict), metadata=metadata)
    return Score(
        value=indicators(verdict, patterns),
        answer=verdict.label,
        explanation=describe(verdict),
        metadata=metadata,
    )


class InspectModelBackend:
    """A judge backend that asks an Inspect ``Model`` for the verdict as structured output.

    Inspect does the retrying, rate limiting, caching and logging of the call; an error it gives
    up on becomes ``BackendError`` (sample limits are left to Inspect)."""

    offline = False
    base_url: str | None = None

    def __init__(self, model: Model) -> None:
        self.model = model
        self.name = f"inspect/{model}"

    async def aclose(self) -> None:
        """Nothing to close: Inspect owns the model's connections."""

    async def complete(self, request: JudgeRequest) -> JudgeResponse:
        config = GenerateConfig(
            response_schema=ResponseSchema(
                name=request.schema_name,
                json_schema=JSONSchema.model_validate(inline_refs(request.schema)),
                strict=True,
            ),
            max_tokens=request.max_output_tokens,
            temperature=request.temperature,
            seed=request.seed,
        )
        messages: list[ChatMessage] = [
            ChatMessageSystem(content=request.system),
            ChatMessageUser(content=request.user),
        ]
        try:
            output = await self.model.generate(messages, config=config)
        except LimitExceededError:
            raise
        except Exception as exc:
            raise BackendError(f"{self.name}: {type(exc).__name__}: {exc}") from exc
        return _response(output)


def _response(output: ModelOutput) -> JudgeResponse:
    refusal = _refusal(output)
    stop: StopReason = "end"
    if refusal is not None:
        stop = "refusal"
    elif output.stop_reason in ("max_tokens", "model_length"):
        stop = "length"
    return JudgeResponse(
        text=output.completion,
        stop=stop,
        refusal=refusal,
        usage=_usage(output.usage),
        model=output.model or None,
        mode="json_schema",
    )


def _refusal(output: ModelOutput) -> str | None:
    """Why the grader model declined, or None when it did not."""
    content = output.choices[0].message.content if output.choices else ""
    flagged = output.stop_reason == "content_filter" or (
        not isinstance(content, str) and any(isinstance(p, ContentText) and p.refusal for p in content)
    )
    if not flagged:
        return None
    details = output.choices[0].stop_details if output.choices else None
    explanation = details.explanation if details else None
    return explanation or output.error or output.completion or "the grader model declined to answer"


def _usage(usage: ModelUsage | None) -> Usage:
    if usage is None:
        return Usage()
    return Usage(
        input_tokens=usage.input_tokens,
        cached_input_tokens=usage.input_tokens_cache_read or 0,
        cache_write_tokens=usage.input_tokens_cache_write or 0,
        output_tokens=usage.output_tokens,
        cost_usd=usage.total_cost,
    )


def inline_refs(schema: dict[str, Any]) -> dict[str, Any]:
    """The schema with every ``$ref`` to ``#/$defs/...`` replaced by its definition.

    Inspect's ``JSONSchema`` has no ``$defs``, so a pydantic schema must be inlined first."""
    defs = schema.get("$defs", {})

    def resolve(node: Any) -> Any:
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.startswith("#/$defs/"):
                return resolve(copy.deepcopy(defs[ref.removeprefix("#/$defs/")]))
            return {k: resolve(v) for k, v in node.items() if k != "$defs"}
        if isinstance(node, list):
            return [resolve(v) for v in node]
        return node

    resolved: dict[str, Any] = resolve(schema)
    return resolved
