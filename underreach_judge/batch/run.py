"""Submitting conversations as one provider batch, checking on it, and collecting its verdicts.

Collect writes the same rows as ``grade -o``: each reply goes through the same refusal,
truncation, parsing and evidence checks as a live reply (``grading/settle.py``), against the transcript
read again from the logs. Every conversation of the job gets exactly one row, in submission
order; a request with no reply becomes an ``error`` verdict whose reason says why
(``batch_errored``, ``batch_expired``, ``batch_canceled``, ``batch_missing``), and a transcript
that changed or vanished since submission an ``invalid_conversation`` error. Each row carries
``metadata.batch_id``. Collecting again skips conversations already scored or unscored in the
results file and rows already written from this batch, so nothing is duplicated.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable, Collection, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from ..backends import JudgeBackend, resolve_backend
from ..conversation import Conversation
from ..exceptions import (
    BatchError,
    BatchNotReady,
    ConfigurationError,
    LogRowError,
    NothingToSubmit,
    VerdictParseError,
)
from ..grading import Judge
from ..grading.settle import failed, not_graded, settle, unanswerable
from ..logs import read_logs, read_many_logs
from ..reporting.results import graded_ids, open_results
from ..retry import OutputTruncated
from ..rubric import Rubric
from ..verdict import JudgeInfo, Verdict
from .job import BatchItem, BatchJob
from .providers import BatchResult, BatchStatus, batch_provider

#: when the provider returned nothing for a request, the batch's end state says why
_MISSING_REASON = {"expired": "batch_expired", "cancelled": "batch_canceled", "canceled": "batch_canceled"}


async def submit_batch(
    logs: Sequence[str | Path],
    *,
    judge: Judge,
    format: str = "auto",
    limit: int | None = None,
    skip: Collection[str] = (),
    on_error: Callable[[LogRowError], None] | None = None,
) -> BatchJob:
    """Render every conversation of ``logs`` (in order, the first ``limit`` of them, leaving out
    the ids in ``skip``) into one provider batch and create it. Returns the job to save with
    ``job.save(path)``. Raises ``NothingToSubmit`` when no conversation needs a judge call."""
    provider = batch_provider(judge.backend)
    items: list[BatchItem] = []
    requests: list[tuple[str, dict[str, Any]]] = []
    for conversation in read_many_logs(logs, format=format, on_error=on_error, skip=skip, limit=limit):
        custom_id = None
        if conversation.turns("assistant"):
            # custom ids must be short and plain (Anthropic: [a-zA-Z0-9_-]{1,64}); the job maps them
            custom_id = f"conv-{len(requests)}"
            requests.append((custom_id, provider.body(judge.request(conversation))))
        items.append(_item(conversation, custom_id))
    if not requests:
        what = f"{len(items)} conversations without an assistant turn" if items else "no conversation"
        raise NothingToSubmit(f"nothing to submit: {what} left to grade in {', '.join(map(str, logs))}")
    metadata = {"created_by": "underreach-judge", "rubric": judge.rubric.ref}
    batch_id, input_file_id = await provider.create(requests, metadata=metadata)
    return BatchJob(
        provider=provider.provider,
        model=judge.backend.name.partition("/")[2],
        judge=judge.backend.name,
        base_url=provider.server(),
        batch_id=batch_id,
        input_file_id=input_file_id,
        rubric=judge.rubric.model_dump(mode="json"),
        rubric_ref=judge.rubric.ref,
        rubric_sha256=judge.rubric.sha256,
        prompt_sha256=judge.prompts.sha256,
        max_output_tokens=judge.max_output_tokens,
        temperature=judge.temperature,
        seed=judge.seed,
        created_at=datetime.now(timezone.utc).isoformat(timespec="seconds"),
        items=items,
    )


async def batch_status(job: BatchJob, *, judge: Judge | None = None) -> BatchStatus:
    """Where the job's batch is now (one provider call)."""
    async with _job_backend(job, judge) as backend:
        return await batch_provider(backend).status(job.batch_id)


async def wait_for_batch(
    job: BatchJob,
    *,
    judge: Judge | None = None,
    interval: float = 60.0,
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    on_status: Callable[[BatchStatus], None] | None = None,
) -> BatchStatus:
    """Poll the batch every ``interval`` seconds until it has ended."""
    async with _job_backend(job, judge) as backend:
        provider = batch_provider(backend)
        while True:
            status = await provider.status(job.batch_id)
            if on_status is not None:
                on_status(status)
            if status.ended:
                return status
            await sleep(interval)


@dataclass
class CollectSummary:
    """What ``collect_batch`` wrote."""

    batch_id: str
    state: str
    #: verdicts written, by status
    written: Counter[str] = field(default_factory=Counter)
    #: conversations left alone because the results file already has their verdict
    skipped: int = 0
    #: (conversation id, reason) of every error row written: submit these again
    failed: list[tuple[str, str]] = field(default_factory=list)


async def collect_batch(
    job: BatchJob,
    output: str | Path,
    *,
    judge: Judge | None = None,
    on_verdict: Callable[[Verdict], None] | None = None,
) -> CollectSummary:
    """Append one verdict per conversation of the job to the results file ``output``.

    Raises ``BatchNotReady`` while the batch runs, and ``BatchError`` when the rubric changed
    since submission or a log file is gone (both are needed to verify evidence)."""
    async with _job_backend(job, judge) as backend:
        return await _collect(job, Path(output), backend, _collect_grading(job, backend, judge), on_verdict)


@dataclass(frozen=True)
class _Grading:
    """What settling a batch reply needs: the rubric, the fingerprint and the output limit the
    job was submitted with."""

    rubric: Rubric
    info: JudgeInfo
    max_output_tokens: int


async def _collect(
    job: BatchJob,
    output: Path,
    backend: JudgeBackend,
    grading: _Grading,
    on_verdict: Callable[[Verdict], None] | None,
) -> CollectSummary:
    provider = batch_provider(backend)
    status = await provider.status(job.batch_id)
    if not status.ended:
        raise BatchNotReady(
            f"batch {job.batch_id} is {status.state} ({describe_counts(status)}); collect it once it "
            "has ended ('underreach-judge batch status' shows where it is), or pass --wait"
        )
    replies: dict[str, BatchResult] = {}
    async for result in provider.results(job.batch_id, status):
        replies[result.custom_id] = result
    done = graded_ids(output, batch_id=job.batch_id)
    summary = CollectSummary(batch_id=job.batch_id, state=status.state)
    with open_results(output) as sink:
        async for item, conversation in _job_conversations(job):
            if item.conversation_id in done:
                summary.skipped += 1
                continue
            verdict = _verdict(grading, job, status, item, conversation, replies)
            sink.write((verdict.model_dump_json() + "\n").encode())
            summary.written[verdict.status] += 1
            if verdict.status == "error":
                summary.failed.append((item.conversation_id, verdict.unscored_reason or "error"))
            if on_verdict is not None:
                on_verdict(verdict)
    return summary


def describe_counts(status: BatchStatus) -> str:
    """The provider's request counts as ``name n`` pairs."""
    return ", ".join(f"{name} {n}" for name, n in status.counts.items()) or "no counts yet"


# --- submission --------------------------------------------------------------------------------


def _item(conversation: Conversation, custom_id: str | None) -> BatchItem:
    meta = conversation.metadata
    source = str(meta["source"])
    return BatchItem(
        custom_id=custom_id,
        conversation_id=conversation.id,
        source=source,
        path=str(Path(source).resolve()),
        line=int(meta["line"]),
        format=str(meta["format"]),
        sha256=conversation.content_hash(),
    )


# --- collection --------------------------------------------------------------------------------


@asynccontextmanager
async def _job_backend(job: BatchJob, judge: Judge | None) -> AsyncIterator[JudgeBackend]:
    """The given judge's backend, or one built for the job (and closed afterwards)."""
    if judge is not None:
        _check_backend(job, judge.backend)
        yield judge.backend
        return
    backend = resolve_backend(job.judge, **({"base_url": job.base_url} if job.base_url else {}))
    try:
        yield backend
    finally:
        await backend.aclose()


def _check_backend(job: BatchJob, backend: JudgeBackend) -> None:
    if backend.name != job.judge:
        raise ConfigurationError(f"batch {job.batch_id} was submitted to {job.judge}, not {backend.name}")


def _collect_grading(job: BatchJob, backend: JudgeBackend, judge: Judge | None) -> _Grading:
    """How the job was graded: its fingerprint names the prompts the batch was rendered with,
    even if the installed templates have changed since."""
    if judge is None:
        judge = Judge(
            backend,
            rubric=Rubric.model_validate(job.rubric),
            max_output_tokens=job.max_output_tokens,
            temperature=job.temperature,
            seed=job.seed,
        )
    if judge.rubric.sha256 != job.rubric_sha256:
        raise BatchError(
            f"batch {job.batch_id} was graded by rubric {job.rubric_ref} (sha256 {job.rubric_sha256[:12]}), "
            f"not by {judge.rubric.ref} (sha256 {judge.rubric.sha256[:12]}); collect it with the rubric "
            "stored in its job file (judge=None)"
        )
    info = judge.info
    if info.prompt_sha256 != job.prompt_sha256:
        info = info.model_copy(update={"prompt_sha256": job.prompt_sha256})
    return _Grading(rubric=judge.rubric, info=info, max_output_tokens=judge.max_output_tokens)


async def _job_conversations(job: BatchJob) -> AsyncIterator[tuple[BatchItem, Conversation | None]]:
    """Each item of the job with its conversation read again from its log file (None when it is
    no longer there), file by file in submission order."""
    paths = list(dict.fromkeys(item.path for item in job.items))
    for path in paths:
        wanted: dict[tuple[int, str], list[BatchItem]] = {}
        for item in job.items:
            if item.path == path:
                wanted.setdefault((item.line, item.conversation_id), []).append(item)
        first = next(iter(wanted.values()))[0]
        if not Path(path).is_file():
            raise BatchError(
                f"{first.source}: this log file is gone ({path}); batch collect reads the transcripts "
                "again to verify evidence: restore the file and collect again"
            )
        for conversation in read_logs(path, format=first.format, on_error=_ignore):
            for item in wanted.pop((int(conversation.metadata["line"]), conversation.id), []):
                yield item, conversation
            await asyncio.sleep(0)  # a long file does not hold up the event loop
        for items in wanted.values():
            for item in items:
                yield item, None


def _ignore(exc: LogRowError) -> None:
    """Unreadable rows were reported at submission and are not in the job."""


def _verdict(
    grading: _Grading,
    job: BatchJob,
    status: BatchStatus,
    item: BatchItem,
    conversation: Conversation | None,
    replies: dict[str, BatchResult],
) -> Verdict:
    if conversation is None or conversation.content_hash() != item.sha256:
        what = (
            "is no longer in the file"
            if conversation is None
            else "has changed since the batch was submitted"
        )
        detail = f"{item.source}:{item.line}: conversation {item.conversation_id} {what}; grade it again"
        metadata = (
            {"line": item.line, "format": item.format} if conversation is None else conversation.metadata
        )
        return _error(grading, job, item, "invalid_conversation", detail, metadata)
    conversation = conversation.model_copy(
        update={"metadata": {**conversation.metadata, "source": item.source, "batch_id": job.batch_id}}
    )
    if item.custom_id is None:  # nothing to grade: no request was sent
        nothing = unanswerable(conversation, grading.info)
        if nothing is not None:
            return nothing
    reply = replies.get(item.custom_id or "")
    if reply is None:
        reason = _MISSING_REASON.get(status.state, "batch_missing")
        detail = f"batch {job.batch_id} ended ({status.state}) with no result for this request"
        if status.detail:
            detail += f": {status.detail}"
        return _error(grading, job, item, reason, detail, conversation.metadata)
    if reply.response is None:
        detail = f"batch {job.batch_id}: {reply.detail or reply.reason}"
        attempts = 1 if reply.reason == "batch_errored" else 0
        return _error(
            grading, job, item, reply.reason or "batch_errored", detail, conversation.metadata, attempts
        )
    response = reply.response
    try:
        return settle(response, conversation, grading.rubric, grading.info)
    except (OutputTruncated, VerdictParseError) as exc:  # a batch reply is never asked for again
        return failed(
            exc,
            conversation,
            grading.info,
            usage=response.usage,
            raw=response.raw_text,
            max_output_tokens=grading.max_output_tokens,
            retried=False,
        )


def _error(
    grading: _Grading,
    job: BatchJob,
    item: BatchItem,
    reason: str,
    detail: str,
    metadata: dict[str, Any],
    attempts: int = 0,
) -> Verdict:
    return not_graded(
        reason,
        detail,
        grading.info,
        conversation_id=item.conversation_id,
        metadata={**metadata, "source": item.source, "batch_id": job.batch_id},
        attempts=attempts,
    )
