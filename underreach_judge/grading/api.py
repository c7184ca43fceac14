"""The grading entry points users call: one conversation, many, or a golden set.

Each takes a judge as a spec string, a backend or a grader (``Judge``, ``Panel``). A judge built
here from a spec is closed when the call is done; a grader you pass stays open.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from ..backends import JudgeBackend
from ..conversation import Conversation, to_conversation
from ..exceptions import ConfigurationError, ConversationError, GoldenRowError
from ..reporting.calibrate import (
    Calibration,
    GoldenRow,
    calibration_from_verdicts,
    default_golden,
    read_numbered_golden,
    validate_golden,
)
from ..rubric import DEFAULT_RUBRIC, Rubric, bundled_rubrics
from ..verdict import Verdict
from .grader import ConversationLike, Grader
from .judge import Judge
from .runner import Grading, agrade_many, closing, run_sync

JudgeLike = str | JudgeBackend | Grader


def as_judge(judge: JudgeLike = "auto", rubric: str | Path | Rubric | None = None, **options: Any) -> Grader:
    """A grader from a spec or a backend, or a grader as it is (whose rubric and options are its own).

    A judge built from a spec whose backend is offline (``heuristic``) with a bundled rubric holds no
    connections and nothing that changes, so it is built once and shared (a rubric file is read
    each time: it may have been edited)."""
    if isinstance(judge, str):
        name = DEFAULT_RUBRIC if rubric is None else rubric
        if not options and isinstance(name, str) and (judge, name) in _offline_judges:
            return _offline_judges[(judge, name)]
        built = Judge(judge, rubric=name, **options)
        if built.offline and judge != "auto" and not options and name in bundled_rubrics():
            _offline_judges[(judge, str(name))] = built
        return built
    if isinstance(judge, Grader):
        if rubric is not None or options:
            raise ConfigurationError(
                "pass rubric and judge options to Judge(...) itself when you give a Judge instance"
            )
        return judge
    return Judge(judge, rubric=rubric if rubric is not None else DEFAULT_RUBRIC, **options)


#: judges with an offline backend, by (spec, bundled rubric name), built once (see ``as_judge``)
_offline_judges: dict[tuple[str, str], Judge] = {}


async def agrade_conversation(
    messages: ConversationLike,
    *,
    judge: JudgeLike = "auto",
    rubric: str | Path | Rubric | None = None,
    id: str | None = None,
    metadata: Mapping[str, Any] | None = None,
    **options: Any,
) -> Verdict:
    """Grade one whole conversation (async). See ``grade_conversation``."""
    grader = as_judge(judge, rubric, **options)
    work = grader.agrade(messages, id=id, metadata=metadata)
    return await (work if grader is judge else closing(grader, work))


def grade_conversation(
    messages: ConversationLike,
    *,
    judge: JudgeLike = "auto",
    rubric: str | Path | Rubric | None = None,
    id: str | None = None,
    metadata: Mapping[str, Any] | None = None,
    **options: Any,
) -> Verdict:
    """Grade one whole conversation for refusal underreach.

    ``messages``: OpenAI-style dicts, Anthropic-style content blocks, or a ``Conversation``.
    ``judge``: ``"auto"`` (a configured key's provider, else the offline heuristic judge),
    ``"openai/<model>"``, ``"anthropic/<model>"``, ``"heuristic"``, a backend, or a ``Judge``.
    Extra keyword options go to ``Judge`` (``base_url``, ``max_output_tokens``, ``temperature`` ...).
    """
    grader = as_judge(judge, rubric, **options)
    if isinstance(grader, Grading):
        return grader.grade(messages, id=id, metadata=metadata)
    return run_sync(closing(grader, grader.agrade(messages, id=id, metadata=metadata)))


def grade_many(
    conversations: Iterable[ConversationLike],
    *,
    judge: JudgeLike = "auto",
    rubric: str | Path | Rubric | None = None,
    concurrency: int = 8,
    workers: int = 1,
    **options: Any,
) -> list[Verdict]:
    """Grade many conversations with one judge (one client), at most ``concurrency`` at a time.

    Returns verdicts in input order, one per conversation; it never raises for a judge failure
    or a malformed conversation (those become ``error`` verdicts). For streaming results as they
    finish, use ``Judge.stream``.

    ``workers``: grade in this many processes, for the offline judge, which is bound by the CPU
    (a model judge raises ``ConfigurationError``: raise ``concurrency`` instead).
    """
    grader = as_judge(judge, rubric, **options)
    work = agrade_many(grader, conversations, concurrency=concurrency, workers=workers)
    return run_sync(closing(grader, work))


def calibrate(
    golden: str | Path | Iterable[GoldenRow | Mapping[str, Any]] | None = None,
    *,
    judge: JudgeLike = "auto",
    concurrency: int = 8,
    **options: Any,
) -> Calibration:
    """Grade a golden set with ``judge`` (through ``grade_many``) and measure the agreement.

    ``golden``: a JSONL path, or golden rows (dicts or ``GoldenRow``); the bundled golden set by
    default. ``judge`` and ``options`` are as for ``grade_many``. Every row is checked before any
    grading: a malformed row raises ``GoldenRowError`` naming its file and line. Judge failures
    become unscored verdicts and are counted, not raised.
    """
    if golden is None:
        golden = default_golden()
    if isinstance(golden, (str, Path)):
        source, sha256 = str(golden), hashlib.sha256(Path(golden).read_bytes()).hexdigest()
        numbered = read_numbered_golden(Path(golden))
    else:
        source = "<rows>"
        numbered = validate_golden(enumerate(golden, start=1), source)
        canonical = "\n".join(json.dumps(r.model_dump(mode="json"), sort_keys=True) for _, r in numbered)
        sha256 = hashlib.sha256(canonical.encode()).hexdigest()
    conversations: list[Conversation] = []
    for line, row in numbered:
        try:
            conversations.append(to_conversation(row.messages, id=row.id))
        except ConversationError as exc:
            raise GoldenRowError(source, line, str(exc)) from None
    grader = as_judge(judge, None, **options)
    verdicts = grade_many(conversations, judge=grader, concurrency=concurrency)
    rows = [row for _, row in numbered]
    return calibration_from_verdicts(
        rows, verdicts, golden=source, golden_sha256=sha256, patterns=grader.rubric.pattern_ids
    )
