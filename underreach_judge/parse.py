"""Parsing the judge's reply into a ``JudgeOutput``. Pure functions, no I/O.

Structured-output modes return one JSON object; prompt-only servers may wrap it in prose or code
fences, so extraction is tolerant: every balanced ``{...}`` candidate is tried from the *last*
one backwards, and the last one that validates wins. A verdict echoed or planted earlier in the
reply (for instance copied from the transcript) therefore never beats the judge's final answer.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from pydantic import ValidationError

from .exceptions import VerdictParseError
from .rubric import Rubric
from .verdict import JudgeOutput


def parse_judge_output(
    text: str | None, *, rubric: Rubric | None = None, parsed: dict[str, Any] | None = None
) -> JudgeOutput:
    """Parse and validate a judge reply. Raises ``VerdictParseError`` with the reason."""
    if parsed is not None:
        return _validate(parsed, rubric=rubric, raw=text)
    if not text or not text.strip():
        raise VerdictParseError("the judge returned no text", raw=text)
    errors: list[str] = []
    found_json = False
    for candidate in reversed(list(_json_objects(text))):
        found_json = True
        try:
            return _validate(candidate, rubric=rubric, raw=text)
        except VerdictParseError as exc:
            errors.append(str(exc))
    if not found_json:
        raise VerdictParseError("the judge's reply contains no JSON object", raw=text)
    raise VerdictParseError(errors[0], raw=text)


def _validate(data: Any, *, rubric: Rubric | None, raw: str | None) -> JudgeOutput:
    try:
        output = JudgeOutput.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc']) or 'top level'}: {err['msg']}" for err in exc.errors()[:8]
        )
        raise VerdictParseError(
            f"the judge's JSON does not match the verdict schema: {problems}", raw=raw
        ) from exc
    if rubric is not None:
        known = set(rubric.pattern_ids)
        unknown = sorted({f.pattern for f in output.findings} - known)
        if unknown:
            raise VerdictParseError(
                f"the judge used pattern ids not in rubric {rubric.ref}: {', '.join(unknown)} "
                f"(known: {', '.join(rubric.pattern_ids)})",
                raw=raw,
            )
    return output


def _json_objects(text: str) -> Iterator[Any]:
    """Every top-level JSON object that can be decoded from ``text``, in order. A raw control
    character inside a string (a tab or newline some grammar-constrained servers let through) is
    accepted: the verdict schema, not the decoder, decides what the judge said."""
    decoder = json.JSONDecoder(strict=False)
    i = text.find("{")
    while i != -1:
        try:
            obj, end = decoder.raw_decode(text, i)
        except json.JSONDecodeError:
            i = text.find("{", i + 1)
            continue
        if isinstance(obj, dict):
            yield obj
        i = text.find("{", end)
