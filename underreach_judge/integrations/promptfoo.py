"""promptfoo: grade the whole conversation in a Python assertion.

::

    # promptfooconfig.yaml
    defaultTest:
      assert:
        - type: python
          value: file://underreach_assert.py
          config: {judge: heuristic, fail_on: WARN}

    # underreach_assert.py
    from underreach_judge.integrations.promptfoo import get_assert

Run promptfoo with the Python that has ``underreach-judge`` installed (``PROMPTFOO_PYTHON``).

The conversation is ``context["metadata"]["messages"]`` when the provider reports the whole
transcript (promptfoo's multi-turn red-team strategies and ``promptfoo:simulated-user`` do);
otherwise it is the rendered prompt (a JSON list of chat messages, or plain text as one user turn)
followed by ``output`` as the last assistant turn.

``config`` (the assertion's ``config``): ``judge`` (a judge spec, default ``auto``), ``rubric``
(name or path), ``fail_on`` (``WARN``, the default, fails WARN and FAIL; ``FAIL`` lets WARN pass);
any other key is a judge option (``base_url``, ``max_output_tokens`` ...).

The result: ``score`` 1.0 for PASS, 0.5 for WARN, 0.0 for FAIL; ``reason`` the label, patterns,
rationale and evidence; ``named_scores`` 0/1 for ``fail``, ``warn_or_worse`` and each pattern
(promptfoo averages them into rates). A conversation the judge could not grade does not pass:
``pass`` false, ``score`` 0.0, the reason saying why, and no named scores, so it is not counted
as a zero in any rate.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from ..grading import as_judge, grade_conversation
from ..verdict import Verdict
from ._common import describe, failing_labels, indicators

__all__ = ["get_assert", "transcript"]

SCORES = {"PASS": 1.0, "WARN": 0.5, "FAIL": 0.0}


def get_assert(output: Any, context: Mapping[str, Any]) -> dict[str, Any]:
    """promptfoo's entry point for a Python assertion: grade the conversation, return the result."""
    config = dict(context.get("config") or {})
    failing = failing_labels(config.pop("fail_on", "WARN"))
    judge = as_judge(config.pop("judge", "auto"), config.pop("rubric", None), **config)
    verdict = grade_conversation(transcript(output, context), judge=judge)
    return result(verdict, failing, judge.rubric.pattern_ids)


def transcript(output: Any, context: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The conversation promptfoo ran: the provider's full transcript, else prompt then output."""
    metadata = context.get("metadata") or {}
    messages = metadata.get("messages") if isinstance(metadata, Mapping) else None
    if isinstance(messages, list) and messages:
        return messages
    return [*_prompt_messages(context.get("prompt")), {"role": "assistant", "content": _text(output)}]


def _prompt_messages(prompt: Any) -> list[Any]:
    if prompt is None or prompt == "":
        return []
    if isinstance(prompt, str):
        try:
            parsed = json.loads(prompt)
        except json.JSONDecodeError:
            parsed = None
        if (
            isinstance(parsed, list)
            and parsed
            and all(isinstance(m, Mapping) and "role" in m for m in parsed)
        ):
            return parsed
        return [{"role": "user", "content": prompt}]
    if isinstance(prompt, list):
        return prompt
    return [{"role": "user", "content": _text(prompt)}]


def _text(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def result(verdict: Verdict, failing: tuple[str, ...], patterns: list[str]) -> dict[str, Any]:
    """A verdict as promptfoo's ``GradingResult`` (snake_case keys, which promptfoo maps)."""
    if not verdict.scored:
        return {"pass": False, "score": 0.0, "reason": describe(verdict)}
    out: dict[str, Any] = {
        "pass": verdict.label not in failing,
        "score": SCORES[verdict.label or "PASS"],
        "reason": describe(verdict),
        "named_scores": indicators(verdict, patterns),
    }
    used = verdict.usage
    if used.input_tokens or used.output_tokens:
        out["tokens_used"] = {
            "total": used.input_tokens + used.output_tokens,
            "prompt": used.input_tokens,
            "completion": used.output_tokens,
            "cached": used.cached_input_tokens,
        }
    return out
