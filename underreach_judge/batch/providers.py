"""The two providers' batch APIs behind one small interface: create, status, results.

Request bodies come from the live backends' own ``request_body``, so a batch request and a live
call for the same conversation cannot drift apart, and replies are mapped by the same
``judge_response`` functions. Management calls (upload, create, retrieve, download) use the SDK's
own retries; judge-level retrying does not apply to a batch.

OpenAI: the requests are uploaded as a JSONL file (``purpose="batch"``) and run by
``batches.create(endpoint="/v1/chat/completions", completion_window="24h")``; results come back as
an output file and an error file, lines joined on ``custom_id``. Anthropic:
``messages.batches.create(requests=[{custom_id, params}])``; results stream from the batch's
``results_url`` as JSONL, each ``succeeded``, ``errored``, ``canceled`` or ``expired``.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar

from pydantic import ValidationError

from ..backends import JudgeBackend, JudgeRequest, JudgeResponse
from ..backends._sdk import error_detail
from ..backends.anthropic import AnthropicBackend
from ..backends.anthropic import sdk_errors as anthropic_sdk_errors
from ..backends.openai import OpenAIBackend
from ..backends.openai import sdk_error as openai_sdk_error
from ..exceptions import BackendError, BatchError, ConfigurationError
from .job import Provider

#: Retries for batch management calls (the judge's retry policy is for judge calls).
MANAGEMENT_RETRIES = 3
MB = 1024 * 1024


@dataclass(frozen=True)
class BatchStatus:
    """Where a provider batch is. ``state`` is the provider's own word for it."""

    state: str
    ended: bool
    #: the provider's request counts (OpenAI: total, completed, failed; Anthropic: processing,
    #: succeeded, errored, canceled, expired)
    counts: dict[str, int] = field(default_factory=dict)
    #: what the provider said went wrong with the batch as a whole
    detail: str = ""
    #: OpenAI's output and error files, once there are any
    files: tuple[str, ...] = ()


@dataclass(frozen=True)
class BatchResult:
    """One request's outcome: the judge's reply, or why there is none (``reason``)."""

    custom_id: str
    response: JudgeResponse | None = None
    #: ``batch_errored``, ``batch_expired`` or ``batch_canceled`` when there is no reply
    reason: str | None = None
    detail: str = ""


class BatchProvider(Protocol):
    provider: Provider
    max_requests: int
    max_bytes: int

    def body(self, request: JudgeRequest) -> dict[str, Any]: ...

    def server(self) -> str | None:
        """The API's base URL when it is not the provider's default (recorded in the job)."""
        ...

    async def create(
        self, requests: list[tuple[str, dict[str, Any]]], *, metadata: dict[str, str]
    ) -> tuple[str, str | None]:
        """Create the batch; returns its id and the uploaded input file's id, if any."""
        ...

    async def status(self, batch_id: str) -> BatchStatus: ...

    def results(self, batch_id: str, status: BatchStatus) -> AsyncIterator[BatchResult]: ...


#: batch APIs by the kind of backend they serve (``register_batch_provider``)
_providers: dict[type, Callable[[Any], BatchProvider]] = {}
P = TypeVar("P", bound=Callable[[Any], BatchProvider])


def register_batch_provider(backend_type: type) -> Callable[[P], P]:
    """Register ``factory(backend) -> BatchProvider`` (usually the provider class) for backends of
    ``backend_type``: the batch side of ``register_backend``."""

    def register(factory: P) -> P:
        _providers[backend_type] = factory
        return factory

    return register


def batch_provider(backend: JudgeBackend) -> BatchProvider:
    """The batch API of a judge backend (``openai/...`` and ``anthropic/...`` are built in)."""
    for backend_type, factory in _providers.items():
        if isinstance(backend, backend_type):
            return factory(backend)
    raise ConfigurationError(
        f"judge {backend.name!r} has no batch API; batch grading needs an openai/MODEL or "
        "anthropic/MODEL judge"
    )


def _check_size(provider: str, requests: int, size: int, max_requests: int, max_bytes: int) -> None:
    """Refuse a batch over the provider's documented limits before anything is uploaded."""
    if requests > max_requests:
        raise BatchError(
            f"{requests} requests are over {provider}'s limit of {max_requests} per batch; "
            f"use --limit {max_requests} or split the logs"
        )
    if size > max_bytes:
        fit = max(1, int(requests * max_bytes / size * 0.95))
        raise BatchError(
            f"the batch would be {size / MB:.0f} MB, over {provider}'s limit of {max_bytes // MB} MB; "
            f"about {fit} of these {requests} requests fit: use --limit {fit} or split the logs"
        )


@register_batch_provider(OpenAIBackend)
class OpenAIBatches:
    """The OpenAI Batch API, for Chat Completions judge requests."""

    provider: Provider = "openai"
    max_requests = 50_000
    max_bytes = 200 * MB
    endpoint = "/v1/chat/completions"

    def __init__(self, backend: OpenAIBackend) -> None:
        self.backend = backend

    def body(self, request: JudgeRequest) -> dict[str, Any]:
        return self.backend.request_body(request, "json_schema")

    def server(self) -> str | None:
        from ..backends.openai import OFFICIAL_BASE_URL

        return None if self.backend.base_url == OFFICIAL_BASE_URL else self.backend.base_url

    def _client(self) -> Any:
        return self.backend.sdk_client().with_options(max_retries=MANAGEMENT_RETRIES)

    async def create(
        self, requests: list[tuple[str, dict[str, Any]]], *, metadata: dict[str, str]
    ) -> tuple[str, str | None]:
        lines = (
            json.dumps(
                {"custom_id": custom_id, "method": "POST", "url": self.endpoint, "body": body},
                ensure_ascii=False,
                separators=(",", ":"),
            )
            for custom_id, body in requests
        )
        data = "".join(line + "\n" for line in lines).encode()
        _check_size("OpenAI", len(requests), len(data), self.max_requests, self.max_bytes)
        client = self._client()
        with _openai_errors(f"{self.backend.name} batch API at {self.backend.base_url}"):
            file = await client.files.create(
                file=("underreach-batch.jsonl", data, "application/jsonl"), purpose="batch"
            )
            batch = await client.batches.create(
                input_file_id=file.id, endpoint=self.endpoint, completion_window="24h", metadata=metadata
            )
        return str(batch.id), str(file.id)

    async def status(self, batch_id: str) -> BatchStatus:
        with _openai_errors(f"{self.backend.name} batch API at {self.backend.base_url}"):
            batch = await self._client().batches.retrieve(batch_id)
        counts = batch.request_counts.model_dump() if batch.request_counts is not None else {}
        errors = batch.errors.data if batch.errors is not None and batch.errors.data else []
        detail = "; ".join(
            f"line {e.line}: {e.message}" if e.line is not None else str(e.message) for e in errors
        )
        files = tuple(f for f in (batch.output_file_id, batch.error_file_id) if f)
        ended = batch.status in ("completed", "expired", "cancelled", "failed")
        return BatchStatus(state=batch.status, ended=ended, counts=counts, detail=detail, files=files)

    async def results(self, batch_id: str, status: BatchStatus) -> AsyncIterator[BatchResult]:
        client = self._client()
        for file_id in status.files:
            with _openai_errors(f"{self.backend.name} batch API at {self.backend.base_url}"):
                content = await client.files.content(file_id)
            for line in content.text.splitlines():
                result = self._result(line)
                if result is not None:
                    yield result

    def _result(self, line: str) -> BatchResult | None:
        """One line of an output or error file (None for a line that names no request)."""
        try:
            row = json.loads(line)
        except json.JSONDecodeError:
            return None
        if not isinstance(row, dict) or not isinstance(row.get("custom_id"), str):
            return None
        custom_id: str = row["custom_id"]
        error = row.get("error")
        if isinstance(error, dict):
            code = str(error.get("code") or "error")
            reason = "batch_expired" if code == "batch_expired" else "batch_errored"
            detail = f"{code}: {error.get('message') or ''}".strip()
            return BatchResult(custom_id, reason=reason, detail=detail)
        response = row.get("response")
        if not isinstance(response, dict):
            response = {}
        status_code = response.get("status_code")
        body = response.get("body")
        if status_code != 200:
            detail = error_detail(body, "no error message")
            return BatchResult(custom_id, reason="batch_errored", detail=f"HTTP {status_code}: {detail}")
        from openai.types.chat import ChatCompletion

        try:
            reply = self.backend.judge_response(ChatCompletion.model_validate(body), "json_schema")
        except (ValidationError, BackendError) as exc:
            problem = str(exc).splitlines()[0]
            return BatchResult(custom_id, reason="batch_errored", detail=f"unreadable response: {problem}")
        return BatchResult(custom_id, response=reply)


@register_batch_provider(AnthropicBackend)
class AnthropicBatches:
    """The Anthropic Message Batches API."""

    provider: Provider = "anthropic"
    max_requests = 100_000
    max_bytes = 256 * MB

    def __init__(self, backend: AnthropicBackend) -> None:
        self.backend = backend

    def body(self, request: JudgeRequest) -> dict[str, Any]:
        return self.backend.request_body(request)

    def server(self) -> str | None:
        url = str(self.backend.sdk_client().base_url).rstrip("/")
        return None if url == "https://api.anthropic.com" else url

    def _client(self) -> Any:
        return self.backend.sdk_client().with_options(max_retries=MANAGEMENT_RETRIES)

    def _where(self) -> str:
        return f"{self.backend.name} batch API"

    async def create(
        self, requests: list[tuple[str, dict[str, Any]]], *, metadata: dict[str, str]
    ) -> tuple[str, str | None]:
        payload = [{"custom_id": custom_id, "params": body} for custom_id, body in requests]
        size = len(json.dumps({"requests": payload}, ensure_ascii=False).encode())
        _check_size("Anthropic", len(requests), size, self.max_requests, self.max_bytes)
        with anthropic_sdk_errors(self._where(), self.backend.name):
            batch = await self._client().messages.batches.create(requests=payload)
        return str(batch.id), None

    async def status(self, batch_id: str) -> BatchStatus:
        with anthropic_sdk_errors(self._where(), self.backend.name):
            batch = await self._client().messages.batches.retrieve(batch_id)
        return BatchStatus(
            state=batch.processing_status,
            ended=batch.processing_status == "ended",
            counts=batch.request_counts.model_dump(),
        )

    async def results(self, batch_id: str, status: BatchStatus) -> AsyncIterator[BatchResult]:
        from ..backends.anthropic import judge_response

        with anthropic_sdk_errors(self._where(), self.backend.name):
            stream = await self._client().messages.batches.results(batch_id)
            async for item in stream:
                result = item.result
                if result.type == "succeeded":
                    yield BatchResult(item.custom_id, response=judge_response(result.message))
                elif result.type == "errored":
                    error = result.error.error
                    detail = f"{error.type}: {error.message}"
                    yield BatchResult(item.custom_id, reason="batch_errored", detail=detail)
                else:
                    reason = "batch_canceled" if result.type == "canceled" else "batch_expired"
                    yield BatchResult(item.custom_id, reason=reason, detail=f"the request was {result.type}")


@contextmanager
def _openai_errors(where: str) -> Iterator[None]:
    """The OpenAI SDK's errors as ours, naming the API."""
    import openai

    try:
        yield
    except openai.OpenAIError as exc:
        raise openai_sdk_error(exc, where) from exc
