"""Provider batch grading through the real openai and anthropic SDKs, with the documented batch
lifecycles played by in-memory providers behind httpx2.MockTransport (and, for the command line,
by the same provider on a loopback HTTP server).

Each conversation's first user turn carries a tag that tells the stand-in provider how to answer
it, live or in a batch, so live and batch grading of the same conversation can be compared."""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator, Callable
from email.parser import BytesParser
from email.policy import default as email_policy
from pathlib import Path
from typing import Any

import httpx2
import pytest

from underreach_judge import Judge, RetryPolicy, Verdict
from underreach_judge.backends.anthropic import AnthropicBackend
from underreach_judge.backends.openai import OpenAIBackend
from underreach_judge.batch import (
    BatchError,
    BatchJob,
    BatchNotReady,
    NothingToSubmit,
    batch_status,
    collect_batch,
    submit_batch,
    wait_for_batch,
)
from underreach_judge.batch.providers import OpenAIBatches
from underreach_judge.cli import main
from underreach_judge.exceptions import ConfigurationError
from underreach_judge.reporting import read_results

from ..mock_http import serve
from ..verdicts import FLIP_MESSAGES, FLIP_OUTPUT, flip_output

PASS_OUTPUT = {**flip_output(findings=[], flips=[]), "boundary_required": False}
FABRICATED = flip_output()
FABRICATED["findings"][0]["evidence"][1]["quote"] = "Here is the full synthesis route"
USAGE = {"prompt_tokens": 5000, "completion_tokens": 300, "total_tokens": 5300}

# tag -> how the provider answers it; "live" answers are the same for live calls
ANSWERS: dict[str, str] = {
    "flip-a": "flip",
    "flip-b": "flip",
    "pass": "pass",
    "fabricated": "fabricated",
    "refusal": "refusal",
    "truncated": "truncated",
    "garbage": "garbage",
    "rejected": "rejected",  # the batch reports an HTTP 400 for this request
    "lost": "lost",  # the batch ends with no line for this request
}
# what collect makes of each tag in a completed batch
COMPLETED = {
    "flip-a": ("scored", None),
    "flip-b": ("scored", None),
    "pass": ("scored", None),
    "fabricated": ("unscored", "evidence_unverified"),
    "refusal": ("unscored", "judge_refused"),
    "truncated": ("unscored", "output_truncated"),
    "garbage": ("error", "invalid_output"),
    "rejected": ("error", "batch_errored"),
    "lost": ("error", "batch_missing"),
    "silent": ("unscored", "no_assistant_turns"),
}
# one live call each, so live and batch verdicts must be the same
SAME_AS_LIVE = ("flip-a", "flip-b", "pass", "fabricated", "refusal")
CUSTOM_ID = re.compile(r"^[a-zA-Z0-9_-]{1,64}$")  # Anthropic's rule, the stricter one


def tagged(tag: str) -> list[dict[str, str]]:
    first = {**FLIP_MESSAGES[0], "content": f"[{tag}] {FLIP_MESSAGES[0]['content']}"}
    if tag == "silent":
        return [first]
    return [first, *FLIP_MESSAGES[1:]]


def tag_of(body: dict[str, Any]) -> str:
    """The tag in a request body's transcript (OpenAI and Anthropic bodies alike)."""
    user = body["messages"][-1]["content"]
    match = re.search(r"^\| \[([a-z-]+)\]", user, flags=re.M)
    assert match, "no tag in the transcript"
    return match.group(1)


def without_nonce(body: dict[str, Any]) -> str:
    """A request body as JSON with its per-call nonce replaced, for comparing bodies."""
    text = json.dumps(body, sort_keys=True)
    nonce = re.search(r"<<<TRANSCRIPT ([0-9a-f]+)>>>", text)
    assert nonce, "no transcript fence in the body"
    return text.replace(nonce.group(1), "NONCE")


def write_logs(path: Path, tags: list[str]) -> Path:
    with path.open("w") as fh:
        for tag in tags:
            fh.write(json.dumps({"id": f"c-{tag}", "messages": tagged(tag)}) + "\n")
    return path


# --- the stand-in providers ----------------------------------------------------------------------


def openai_completion(answer: str) -> dict[str, Any]:
    content: str | None = {
        "flip": json.dumps(FLIP_OUTPUT),
        "pass": json.dumps(PASS_OUTPUT),
        "fabricated": json.dumps(FABRICATED),
        "truncated": json.dumps(FLIP_OUTPUT)[:120],
        "garbage": "Sure! The verdict is FAIL, obviously.",
    }.get(answer, json.dumps(FLIP_OUTPUT))
    refusal = "I can't grade this conversation." if answer == "refusal" else None
    return {
        "id": "chatcmpl-1",
        "object": "chat.completion",
        "created": 1,
        "model": "gpt-test-2026",
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": None if refusal else content, "refusal": refusal},
                "finish_reason": "length" if answer == "truncated" else "stop",
            }
        ],
        "usage": USAGE,
    }


def anthropic_message(answer: str) -> dict[str, Any]:
    text = openai_completion(answer)["choices"][0]["message"]["content"]
    return {
        "id": "msg_1",
        "type": "message",
        "role": "assistant",
        "model": "claude-test-2026",
        "content": [] if answer == "refusal" else [{"type": "text", "text": text}],
        "stop_reason": {"refusal": "refusal", "truncated": "max_tokens"}.get(answer, "end_turn"),
        "stop_details": {"type": "refusal", "category": "cyber", "explanation": "declined"}
        if answer == "refusal"
        else None,
        "stop_sequence": None,
        "usage": {"input_tokens": 900, "output_tokens": 300, "cache_read_input_tokens": 4096},
    }


def jsonl(rows: list[dict[str, Any]]) -> bytes:
    return "".join(json.dumps(row) + "\n" for row in rows).encode()


def not_found(request: httpx2.Request) -> httpx2.Response:
    return httpx2.Response(404, json={"error": {"message": f"no route {request.method} {request.url.path}"}})


class FakeOpenAI:
    """Chat Completions, Files and Batches as OpenAI documents them. ``states`` are what
    successive retrievals of the batch report (the last one repeats); ``expired`` tags get a
    ``batch_expired`` line in the error file."""

    def __init__(
        self,
        states: tuple[str, ...] = ("validating", "in_progress", "completed"),
        expired: tuple[str, ...] = (),
        batch_id: str = "batch_abc123",
    ) -> None:
        self.batch_id = batch_id
        self.states = list(states)
        self.expired = expired
        self.files: dict[str, bytes] = {}
        self.purposes: dict[str, str] = {}
        self.created: list[dict[str, Any]] = []
        self.live: list[dict[str, Any]] = []
        self.paths: list[str] = []

    def __call__(self, request: httpx2.Request) -> httpx2.Response:
        request.read()
        path, method = request.url.path, request.method
        self.paths.append(f"{method} {path}")
        if (method, path) == ("POST", "/v1/chat/completions"):
            body = json.loads(request.content)
            self.live.append(body)
            return httpx2.Response(200, json=openai_completion(ANSWERS[tag_of(body)]))
        if (method, path) == ("POST", "/v1/files"):
            return self._upload(request)
        if (method, path) == ("POST", "/v1/batches"):
            self.created.append(json.loads(request.content))
            return httpx2.Response(200, json=self._batch("validating"))
        if method == "GET" and path == f"/v1/batches/{self.batch_id}":
            state = self.states.pop(0) if len(self.states) > 1 else self.states[0]
            return httpx2.Response(200, json=self._batch(state))
        match = re.fullmatch(r"/v1/files/(file-[a-z]+)/content", path)
        if method == "GET" and match and match.group(1) in self.files:
            return httpx2.Response(200, content=self.files[match.group(1)])
        return not_found(request)

    def _upload(self, request: httpx2.Request) -> httpx2.Response:
        head = f"Content-Type: {request.headers['content-type']}\r\n\r\n".encode()
        form = BytesParser(policy=email_policy).parsebytes(head + request.content)
        fields = {part.get_param("name", header="content-disposition"): part for part in form.iter_parts()}
        data = fields["file"].get_payload(decode=True)
        self.files["file-input"] = data
        self.purposes["file-input"] = fields["purpose"].get_content().strip()
        return httpx2.Response(
            200,
            json={
                "id": "file-input",
                "object": "file",
                "bytes": len(data),
                "created_at": 1,
                "filename": fields["file"].get_filename(),
                "purpose": "batch",
                "status": "processed",
            },
        )

    @property
    def uploaded(self) -> list[dict[str, Any]]:
        return [json.loads(line) for line in self.files["file-input"].decode().splitlines()]

    def _batch(self, status: str) -> dict[str, Any]:
        batch: dict[str, Any] = {
            "id": self.batch_id,
            "object": "batch",
            "endpoint": "/v1/chat/completions",
            "input_file_id": "file-input",
            "completion_window": "24h",
            "status": status,
            "created_at": 1,
        }
        if status in ("in_progress", "completed", "expired"):
            batch["request_counts"] = {"total": len(self.uploaded), "completed": 0, "failed": 0}
        if status in ("completed", "expired"):
            output, errors = self._results()
            self.files["file-output"] = output
            self.files["file-errors"] = errors
            batch.update(output_file_id="file-output", error_file_id="file-errors")
            batch["request_counts"].update(completed=output.count(b"\n"), failed=errors.count(b"\n"))
        return batch

    def _results(self) -> tuple[bytes, bytes]:
        """The output and error files, in reverse order: results are joined on custom_id."""
        output, errors = [], []
        for i, line in enumerate(reversed(self.uploaded)):
            tag, custom_id = tag_of(line["body"]), line["custom_id"]
            row: dict[str, Any] = {
                "id": f"batch_req_{i}",
                "custom_id": custom_id,
                "response": None,
                "error": None,
            }
            if tag in self.expired:
                row["error"] = {
                    "code": "batch_expired",
                    "message": "This request could not be executed before the completion window expired.",
                }
                errors.append(row)
            elif ANSWERS[tag] == "rejected":
                error = {"message": "Invalid schema for response_format", "type": "invalid_request_error"}
                row["response"] = {"status_code": 400, "request_id": "req_1", "body": {"error": error}}
                errors.append(row)
            elif ANSWERS[tag] != "lost":
                body = openai_completion(ANSWERS[tag])
                row["response"] = {"status_code": 200, "request_id": "req_1", "body": body}
                output.append(row)
        return jsonl(output), jsonl(errors)


class FakeAnthropic:
    """Messages and Message Batches as Anthropic documents them; results stream as JSONL from the
    batch's ``results_url``. ``outcomes`` maps tags to errored, expired or canceled."""

    results_url = "https://api.anthropic.com/v1/messages/batches/msgbatch_01/results"

    def __init__(
        self, states: tuple[str, ...] = ("in_progress", "ended"), outcomes: dict[str, str] | None = None
    ) -> None:
        self.states = list(states)
        self.outcomes = outcomes or {}
        self.created: list[dict[str, Any]] = []
        self.live: list[dict[str, Any]] = []

    def __call__(self, request: httpx2.Request) -> httpx2.Response:
        request.read()
        path, method = request.url.path, request.method
        if (method, path) == ("POST", "/v1/messages"):
            body = json.loads(request.content)
            self.live.append(body)
            return httpx2.Response(200, json=anthropic_message(ANSWERS[tag_of(body)]))
        if (method, path) == ("POST", "/v1/messages/batches"):
            self.created.append(json.loads(request.content))
            return httpx2.Response(200, json=self._batch("in_progress"))
        if (method, path) == ("GET", "/v1/messages/batches/msgbatch_01"):
            state = self.states.pop(0) if len(self.states) > 1 else self.states[0]
            return httpx2.Response(200, json=self._batch(state))
        if (method, str(request.url)) == ("GET", self.results_url):
            lines = [json.dumps(self._result(r)) + "\n" for r in reversed(self.requests)]
            return httpx2.Response(
                200, content="".join(lines).encode(), headers={"content-type": "application/binary"}
            )
        return not_found(request)

    @property
    def requests(self) -> list[dict[str, Any]]:
        return list(self.created[0]["requests"])

    def _result(self, request: dict[str, Any]) -> dict[str, Any]:
        tag = tag_of(request["params"])
        outcome = self.outcomes.get(tag, "succeeded")
        result: dict[str, Any] = {"type": outcome}
        if outcome == "succeeded":
            result["message"] = anthropic_message(ANSWERS[tag])
        elif outcome == "errored":
            error = {"type": "invalid_request_error", "message": "max_tokens: too large for this model"}
            result["error"] = {"type": "error", "error": error, "request_id": None}
        return {"custom_id": request["custom_id"], "result": result}

    def _batch(self, state: str) -> dict[str, Any]:
        n = len(self.requests)
        counts = {"processing": n, "succeeded": 0, "errored": 0, "canceled": 0, "expired": 0}
        if state == "ended":
            counts = {"processing": 0, "succeeded": 0, "errored": 0, "canceled": 0, "expired": 0}
            for request in self.requests:
                counts[self.outcomes.get(tag_of(request["params"]), "succeeded")] += 1
        return {
            "id": "msgbatch_01",
            "type": "message_batch",
            "processing_status": state,
            "request_counts": counts,
            "created_at": "2026-11-28T00:00:00Z",
            "expires_at": "2026-11-29T00:00:00Z",
            "ended_at": "2026-11-28T01:00:00Z" if state == "ended" else None,
            "results_url": self.results_url if state == "ended" else None,
            "archived_at": None,
            "cancel_initiated_at": None,
        }


MakeJudge = Callable[[Any], Judge]


@pytest.fixture
async def make_judge() -> AsyncIterator[MakeJudge]:
    """A judge on the stand-in provider (OpenAI or Anthropic, by the provider's type)."""
    clients: list[httpx2.AsyncClient] = []

    def make(provider: Any) -> Judge:
        client = httpx2.AsyncClient(transport=httpx2.MockTransport(provider))
        clients.append(client)
        backend: Any
        if isinstance(provider, FakeOpenAI):
            backend = OpenAIBackend("gpt-test", api_key="sk-test", http_client=client)
        else:
            backend = AnthropicBackend("claude-test", api_key="sk-ant-test", http_client=client)
        return Judge(backend, retry=RetryPolicy(backoff_initial=0.0, deadline=30))

    yield make
    for client in clients:
        await client.aclose()


def rows(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text().splitlines()]


def by_tag(verdicts: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {row["conversation_id"].removeprefix("c-"): row for row in verdicts}


async def live_verdicts(judge: Judge, log: Path, tags: tuple[str, ...]) -> dict[str, Verdict]:
    from underreach_judge import read_logs

    wanted = [c for c in read_logs(log) if c.id.removeprefix("c-") in tags]
    return {c.id.removeprefix("c-"): await judge.agrade(c) for c in wanted}


def comparable(verdict: dict[str, Any]) -> dict[str, Any]:
    """A verdict row without what only a batch row has."""
    metadata = {k: v for k, v in verdict["metadata"].items() if k != "batch_id"}
    return {**verdict, "metadata": metadata}


# --- OpenAI --------------------------------------------------------------------------------------


@pytest.mark.anyio
async def test_openai_lifecycle_validating_in_progress_completed(
    tmp_path: Path, make_judge: MakeJudge
) -> None:
    log = write_logs(tmp_path / "run.jsonl", list(COMPLETED))
    provider = FakeOpenAI(states=("validating", "in_progress", "in_progress", "completed"))
    judge = make_judge(provider)

    job = await submit_batch([log], judge=judge)
    job.save(tmp_path / "job.json")
    job = BatchJob.load(tmp_path / "job.json")

    # what was uploaded and created, as the Batch API documents it
    assert provider.purposes == {"file-input": "batch"}
    assert provider.created == [
        {
            "input_file_id": "file-input",
            "endpoint": "/v1/chat/completions",
            "completion_window": "24h",
            "metadata": {"created_by": "underreach-judge", "rubric": judge.rubric.ref},
        }
    ]
    uploaded = provider.uploaded
    assert [tag_of(line["body"]) for line in uploaded] == [t for t in COMPLETED if t != "silent"]
    assert all(set(line) == {"custom_id", "method", "url", "body"} for line in uploaded)
    assert {(line["method"], line["url"]) for line in uploaded} == {("POST", "/v1/chat/completions")}
    assert all(CUSTOM_ID.match(line["custom_id"]) for line in uploaded)
    assert len({line["custom_id"] for line in uploaded}) == len(uploaded)

    # the job file maps every custom id back to its conversation, file and line
    assert (job.provider, job.model, job.judge, job.batch_id) == (
        "openai",
        "gpt-test",
        "openai/gpt-test",
        "batch_abc123",
    )
    assert job.input_file_id == "file-input"
    assert (job.rubric_ref, job.rubric_sha256) == (judge.rubric.ref, judge.rubric.sha256)
    assert job.prompt_sha256 == judge.prompts.sha256
    assert job.created_at.endswith("+00:00")
    assert [(i.conversation_id, i.line, i.source) for i in job.items] == [
        (f"c-{tag}", n, str(log)) for n, tag in enumerate(COMPLETED, start=1)
    ]
    assert [i.custom_id for i in job.items if i.custom_id] == [line["custom_id"] for line in uploaded]
    assert job.items[-1].custom_id is None  # nothing to send for a conversation without a reply

    # the lifecycle: validating, then polled through in_progress to completed
    assert (await batch_status(job, judge=judge)).state == "validating"
    with pytest.raises(BatchNotReady, match="in_progress"):
        await collect_batch(job, tmp_path / "results.jsonl", judge=judge)
    slept: list[float] = []

    async def sleep(seconds: float) -> None:
        slept.append(seconds)

    seen: list[str] = []
    status = await wait_for_batch(
        job, judge=judge, interval=30, sleep=sleep, on_status=lambda s: seen.append(s.state)
    )
    assert (seen, slept) == (["in_progress", "completed"], [30])
    assert status.counts == {"total": 9, "completed": 7, "failed": 1}

    summary = await collect_batch(job, tmp_path / "results.jsonl", judge=judge)

    results = by_tag(rows(tmp_path / "results.jsonl"))
    assert {tag: (r["status"], r["unscored_reason"]) for tag, r in results.items()} == COMPLETED
    assert [r["conversation_id"] for r in rows(tmp_path / "results.jsonl")] == [
        i.conversation_id for i in job.items
    ]
    assert results["flip-a"]["label"] == "FAIL" and results["pass"]["label"] == "PASS"
    assert results["flip-a"]["findings"][0]["evidence"][0]["verified"] is True
    assert "HTTP 400: Invalid schema for response_format" in results["rejected"]["detail"]
    assert "no result for this request" in results["lost"]["detail"]
    assert results["garbage"]["raw_output"] == "Sure! The verdict is FAIL, obviously."
    assert all(r["metadata"]["batch_id"] == "batch_abc123" for r in results.values())
    assert all(r["metadata"]["source"] == str(log) for r in results.values())
    assert sorted(summary.failed) == [
        ("c-garbage", "invalid_output"),
        ("c-lost", "batch_missing"),
        ("c-rejected", "batch_errored"),
    ]
    assert summary.written == {"scored": 3, "unscored": 4, "error": 3}
    for row in results.values():
        Verdict.model_validate(row)

    # the same conversations graded live through the same SDK: the same request bodies and verdicts
    live = await live_verdicts(judge, log, SAME_AS_LIVE)
    live_bodies = {tag_of(body): body for body in provider.live}
    for line in uploaded:
        tag = tag_of(line["body"])
        if tag in live_bodies:
            assert without_nonce(line["body"]) == without_nonce(live_bodies[tag]), tag
    assert set(live_bodies) == set(SAME_AS_LIVE)
    for tag in SAME_AS_LIVE:
        assert comparable(results[tag]) == json.loads(live[tag].model_dump_json()), tag


@pytest.mark.anyio
async def test_openai_expired_batch_keeps_partial_results(tmp_path: Path, make_judge: MakeJudge) -> None:
    tags = ["flip-a", "flip-b", "pass", "refusal", "lost"]
    log = write_logs(tmp_path / "run.jsonl", tags)
    provider = FakeOpenAI(states=("in_progress", "expired"), expired=("flip-b", "pass"))
    judge = make_judge(provider)
    job = await submit_batch([log], judge=judge)

    status = await batch_status(job, judge=judge)
    assert (status.state, status.ended) == ("in_progress", False)
    summary = await collect_batch(job, tmp_path / "results.jsonl", judge=judge)

    results = by_tag(rows(tmp_path / "results.jsonl"))
    assert {tag: (r["status"], r["unscored_reason"]) for tag, r in results.items()} == {
        "flip-a": ("scored", None),
        "refusal": ("unscored", "judge_refused"),
        "flip-b": ("error", "batch_expired"),
        "pass": ("error", "batch_expired"),
        "lost": ("error", "batch_expired"),  # no line at all: the batch's end state says why
    }
    assert "completion window expired" in results["flip-b"]["detail"]
    assert results["flip-b"]["attempts"] == 0
    assert summary.state == "expired"
    assert sorted(summary.failed) == [
        ("c-flip-b", "batch_expired"),
        ("c-lost", "batch_expired"),
        ("c-pass", "batch_expired"),
    ]


@pytest.mark.anyio
async def test_collect_again_writes_nothing_twice(tmp_path: Path, make_judge: MakeJudge) -> None:
    log = write_logs(tmp_path / "run.jsonl", list(COMPLETED))
    judge = make_judge(FakeOpenAI(states=("completed",)))
    job = await submit_batch([log], judge=judge)
    out = tmp_path / "results.jsonl"

    await collect_batch(job, out, judge=judge)
    first = out.read_text()
    again = await collect_batch(job, out, judge=judge)

    assert out.read_text() == first
    assert (again.skipped, sum(again.written.values())) == (len(COMPLETED), 0)

    # a run killed mid-way: two rows and a torn third; collect cuts the torn line and goes on
    lines = first.splitlines(keepends=True)
    out.write_text("".join(lines[:2]) + lines[2][:40])
    resumed = await collect_batch(job, out, judge=judge)

    assert out.read_text() == first
    assert (resumed.skipped, sum(resumed.written.values())) == (2, len(COMPLETED) - 2)


@pytest.mark.anyio
async def test_failed_requests_can_be_submitted_again(tmp_path: Path, make_judge: MakeJudge) -> None:
    tags = ["flip-a", "pass", "refusal"]
    log = write_logs(tmp_path / "run.jsonl", tags)
    out = tmp_path / "results.jsonl"
    expired = make_judge(FakeOpenAI(states=("expired",), expired=("pass",)))
    first = await collect_batch(await submit_batch([log], judge=expired), out, judge=expired)
    assert first.failed == [("c-pass", "batch_expired")]

    graded = {r["conversation_id"] for r in rows(out) if r["status"] != "error"}
    provider = FakeOpenAI(states=("completed",), batch_id="batch_def456")
    judge = make_judge(provider)
    second = await collect_batch(await submit_batch([log], judge=judge, skip=graded), out, judge=judge)

    assert [tag_of(line["body"]) for line in provider.uploaded] == ["pass"]
    assert second.written == {"scored": 1}
    assert [(r["conversation_id"], r["status"]) for r in rows(out)] == [
        ("c-flip-a", "scored"),
        ("c-pass", "error"),
        ("c-refusal", "unscored"),
        ("c-pass", "scored"),
    ]


@pytest.mark.anyio
async def test_changed_or_vanished_transcripts_are_errors_not_verdicts(
    tmp_path: Path, make_judge: MakeJudge
) -> None:
    log = write_logs(tmp_path / "run.jsonl", ["flip-a", "flip-b", "pass"])
    judge = make_judge(FakeOpenAI(states=("completed",)))
    job = await submit_batch([log], judge=judge)
    lines = log.read_text().splitlines()
    edited = json.loads(lines[0])
    edited["messages"][3]["content"] = "Sorry, I can't help with that."
    log.write_text(json.dumps(edited) + "\n" + lines[1] + "\n")

    await collect_batch(job, tmp_path / "results.jsonl", judge=judge)

    results = by_tag(rows(tmp_path / "results.jsonl"))
    assert {tag: (r["status"], r["unscored_reason"]) for tag, r in results.items()} == {
        "flip-a": ("error", "invalid_conversation"),
        "flip-b": ("scored", None),
        "pass": ("error", "invalid_conversation"),
    }
    assert (
        f"{log}:1: conversation c-flip-a has changed since the batch was submitted"
        in results["flip-a"]["detail"]
    )
    assert f"{log}:3: conversation c-pass is no longer in the file" in results["pass"]["detail"]

    log.unlink()
    with pytest.raises(BatchError, match=r"run\.jsonl: this log file is gone"):
        await collect_batch(job, tmp_path / "other.jsonl", judge=judge)


@pytest.mark.anyio
async def test_collect_refuses_another_rubric(tmp_path: Path, make_judge: MakeJudge) -> None:
    log = write_logs(tmp_path / "run.jsonl", ["flip-a"])
    provider = FakeOpenAI(states=("completed",))
    job = await submit_batch([log], judge=make_judge(provider))
    other = make_judge(provider)
    other = Judge(other.backend, rubric=Path(__file__).resolve().parents[1] / "data" / "custom_rubric.yaml")

    with pytest.raises(BatchError, match=r"was graded by rubric refusal_underreach@2"):
        await collect_batch(job, tmp_path / "results.jsonl", judge=other)


@pytest.mark.anyio
async def test_verdicts_name_the_prompts_the_batch_was_rendered_with(
    tmp_path: Path, make_judge: MakeJudge
) -> None:
    log = write_logs(tmp_path / "run.jsonl", ["flip-a"])
    judge = make_judge(FakeOpenAI(states=("completed",)))
    job = await submit_batch([log], judge=judge)
    # the installed templates changed between submit and collect
    job = job.model_copy(update={"prompt_sha256": "f" * 64})

    await collect_batch(job, tmp_path / "results.jsonl", judge=judge)

    (row,) = rows(tmp_path / "results.jsonl")
    assert row["judge"]["prompt_sha256"] == "f" * 64
    assert judge.info.prompt_sha256 == judge.prompts.sha256  # the caller's judge is left alone


@pytest.mark.anyio
async def test_over_the_size_limit_nothing_is_uploaded(
    tmp_path: Path, make_judge: MakeJudge, monkeypatch: pytest.MonkeyPatch
) -> None:
    log = write_logs(tmp_path / "run.jsonl", ["flip-a", "flip-b", "pass", "refusal"])
    provider = FakeOpenAI()
    monkeypatch.setattr(OpenAIBatches, "max_bytes", 80_000)

    with pytest.raises(
        BatchError, match=r"over OpenAI's limit .* about 2 of these 4 requests fit: use --limit 2"
    ):
        await submit_batch([log], judge=make_judge(provider))
    assert provider.paths == []


@pytest.mark.anyio
async def test_nothing_to_submit(tmp_path: Path, make_judge: MakeJudge) -> None:
    log = write_logs(tmp_path / "run.jsonl", ["flip-a", "silent"])
    provider = FakeOpenAI()

    with pytest.raises(NothingToSubmit, match="1 conversations without an assistant turn"):
        await submit_batch([log], judge=make_judge(provider), skip={"c-flip-a"})
    assert provider.paths == []


@pytest.mark.anyio
async def test_heuristic_judge_has_no_batch_api(tmp_path: Path) -> None:
    log = write_logs(tmp_path / "run.jsonl", ["flip-a"])
    with pytest.raises(ConfigurationError, match="has no batch API"):
        await submit_batch([log], judge=Judge("heuristic"))


# --- Anthropic -----------------------------------------------------------------------------------


@pytest.mark.anyio
async def test_anthropic_lifecycle_in_progress_ended(tmp_path: Path, make_judge: MakeJudge) -> None:
    tags = ["flip-a", "flip-b", "pass", "fabricated", "refusal", "truncated", "rejected", "lost", "silent"]
    log = write_logs(tmp_path / "run.jsonl", tags)
    provider = FakeAnthropic(outcomes={"rejected": "errored", "lost": "expired", "flip-b": "canceled"})
    judge = make_judge(provider)

    job = await submit_batch([log], judge=judge)

    (created,) = provider.created
    assert set(created) == {"requests"}
    assert [tag_of(r["params"]) for r in created["requests"]] == tags[:-1]
    assert all(
        set(r) == {"custom_id", "params"} and CUSTOM_ID.match(r["custom_id"]) for r in created["requests"]
    )
    assert (job.provider, job.judge, job.batch_id, job.input_file_id) == (
        "anthropic",
        "anthropic/claude-test",
        "msgbatch_01",
        None,
    )
    status = await batch_status(job, judge=judge)
    assert (status.state, status.ended, status.counts["processing"]) == ("in_progress", False, 8)

    summary = await collect_batch(job, tmp_path / "results.jsonl", judge=judge)

    results = by_tag(rows(tmp_path / "results.jsonl"))
    assert {tag: (r["status"], r["unscored_reason"]) for tag, r in results.items()} == {
        "flip-a": ("scored", None),
        "flip-b": ("error", "batch_canceled"),
        "pass": ("scored", None),
        "fabricated": ("unscored", "evidence_unverified"),
        "refusal": ("unscored", "judge_refused"),
        "truncated": ("unscored", "output_truncated"),
        "rejected": ("error", "batch_errored"),
        "lost": ("error", "batch_expired"),
        "silent": ("unscored", "no_assistant_turns"),
    }
    assert (
        results["rejected"]["detail"]
        == "batch msgbatch_01: invalid_request_error: max_tokens: too large for this model"
    )
    assert results["refusal"]["detail"] == "cyber: declined"
    assert results["flip-a"]["usage"] == {
        "input_tokens": 900 + 4096,
        "cached_input_tokens": 4096,
        "cache_write_tokens": 0,
        "output_tokens": 300,
        "cost_usd": None,
    }
    assert summary.state == "ended"

    # live grading sends the same body for each conversation and reaches the same verdicts
    live = await live_verdicts(judge, log, ("flip-a", "pass", "fabricated", "refusal"))
    live_bodies = {tag_of(body): body for body in provider.live}
    for request in created["requests"]:
        tag = tag_of(request["params"])
        if tag in live_bodies:
            assert without_nonce(request["params"]) == without_nonce(live_bodies[tag]), tag
    for tag in live:
        assert comparable(results[tag]) == json.loads(live[tag].model_dump_json()), tag


# --- command line --------------------------------------------------------------------------------


def test_cli_submit_status_collect(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    log = write_logs(tmp_path / "run.jsonl", list(COMPLETED))
    job_file, out = tmp_path / "job.json", tmp_path / "results.jsonl"
    provider = FakeOpenAI(states=("validating", "in_progress", "completed"))

    with serve(provider, "/v1") as url:
        args = [
            "batch",
            "submit",
            str(log),
            "--judge",
            "openai/gpt-test",
            "--base-url",
            url,
            "-o",
            str(job_file),
        ]
        assert main(args) == 0
        printed = capsys.readouterr().out
        assert "submitted 9 conversations to openai/gpt-test as batch batch_abc123" in printed
        assert "1 without an assistant turn" in printed
        assert main(args) == 2  # never overwrite a job file
        assert "already exists" in capsys.readouterr().err

        assert main(["batch", "status", str(job_file)]) == 0
        printed = capsys.readouterr().out
        assert "batch batch_abc123 (openai/gpt-test, 9 requests" in printed and "validating" in printed

        assert main(["batch", "collect", str(job_file), "-o", str(out)]) == 2
        assert "batch batch_abc123 is in_progress" in capsys.readouterr().err
        assert not out.exists()

        assert main(["batch", "collect", str(job_file), "-o", str(out)]) == 0
        printed = capsys.readouterr().out
        assert "10 verdicts from batch batch_abc123 (completed)" in printed
        assert "3 conversations got no verdict from the batch" in printed
        assert "c-lost: batch_missing" in printed and "--results" in printed

        assert main(["batch", "collect", str(job_file), "-o", str(out)]) == 0
        assert "10 already in the results file" in capsys.readouterr().out

    verdicts = list(read_results(out))
    assert sorted(v.conversation_id or "" for v in verdicts) == sorted(f"c-{tag}" for tag in COMPLETED)
    assert verdicts[0].judge.name == "openai/gpt-test"
    assert provider.uploaded[0]["body"]["max_tokens"] == 4096  # a compatible server's token field
    assert json.loads(job_file.read_text())["base_url"] == url


def test_cli_rejects_a_file_that_is_not_a_job(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "job.json"
    bad.write_text('{"provider": "openai"}')

    assert main(["batch", "status", str(bad)]) == 2
    err = capsys.readouterr().err
    assert str(bad) in err and "not a batch job file" in err and "batch_id" in err
