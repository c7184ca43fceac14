"""Ray Data: grade a ``ray.data.Dataset`` of conversations across a cluster.

::

    import ray
    from underreach_judge.integrations.ray import grade_dataset

    ds = ray.data.read_json("s3://bucket/logs/")          # or read_parquet: any row shape read_logs knows
    verdicts = grade_dataset(ds, judge="openai/my-judge", base_url="http://vllm:8000/v1")
    verdicts.write_parquet("s3://bucket/verdicts/")

Each output row is one verdict: ``verdict`` (its JSON, as a line of ``results.jsonl``) and the
flat columns ``id``, ``status``, ``label``, ``patterns`` and ``category``. A row that holds two
conversations (an HH-RLHF pair) gives two verdicts; an unreadable row an ``error`` verdict.

A callable class under ``map_batches`` builds the judge once per Ray worker (one client, one
connection pool) and grades each batch through the same ``Judge`` as ``grade_many``: the same
retry policy, cache and evidence checks, so the verdicts are ``grade_many``'s. A conversation
whose grading raises an unexpected exception, and a row that is not a conversation, get an
``error`` verdict (named by the row's ``id`` when it has one) instead of failing the batch; a
worker process that dies is restarted by Ray and its batch graded again.

In each conversation's metadata, ``source`` is ``source`` (default ``"dataset"``) and ``line`` the
row's position in its batch; a row without an id is named ``<source>:<line>``, which is not unique
across batches: give rows an ``id``.

Needs the ``ray`` extra: ``pip install 'underreach-judge[ray]'``.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..conversation import Conversation
from ..exceptions import ConfigurationError, ConversationError, LogRowError, MissingDependencyError
from ..grading import ConversationLike, Grader, JudgeLike, agrade_many, as_judge
from ..grading.runner import run_sync
from ..grading.settle import invalid_conversation, not_graded
from ..logs import read_rows, without_nulls
from ..rubric import Rubric
from ..verdict import JudgeInfo, Verdict

try:
    import pyarrow as pa
    import ray.data
except ImportError as exc:
    raise MissingDependencyError("ray", "ray", "Grading a Ray Dataset") from exc

__all__ = ["SCHEMA", "GradeBatch", "grade_dataset", "verdict_row"]

#: the columns of a verdict row
SCHEMA = pa.schema(
    [
        ("id", pa.string()),
        ("status", pa.string()),
        ("label", pa.string()),
        ("patterns", pa.list_(pa.string())),
        ("category", pa.string()),
        ("verdict", pa.string()),
    ]
)


def grade_dataset(
    ds: ray.data.Dataset,
    *,
    judge: JudgeLike = "auto",
    rubric: str | Path | Rubric | None = None,
    format: str = "auto",
    source: str = "dataset",
    concurrency: int = 8,
    batch_size: int = 64,
    workers: int | tuple[int, int] | None = None,
    **judge_options: Any,
) -> ray.data.Dataset:
    """A Dataset of verdict rows (see ``SCHEMA``), one per conversation of ``ds``.

    ``judge`` (a spec string or a backend object, which must pickle), ``rubric`` and
    ``judge_options`` (``base_url``, ``cache``, ``max_output_tokens`` ...) are as for ``grade_many``.
    ``format``: the rows' log shape (detected per batch by default). ``concurrency``: judge calls in
    flight per worker. ``workers``: the size of the pool of Ray workers (a number, or
    ``(min, max)`` to autoscale; by default it grows with the cluster).

    The judge is built once here first, so a bad spec or option fails now, not on every worker."""
    if isinstance(judge, Grader):
        raise ConfigurationError(
            "grade_dataset builds a judge on every Ray worker: pass the judge as a spec string (or a "
            "backend) with its options, e.g. judge='openai/MODEL', base_url=..., not a Judge or Panel"
        )
    run_sync(as_judge(judge, rubric, **judge_options).aclose())
    if isinstance(workers, tuple):
        compute = ray.data.ActorPoolStrategy(min_size=workers[0], max_size=workers[1])
    elif workers is not None:
        compute = ray.data.ActorPoolStrategy(size=workers)
    else:
        compute = ray.data.ActorPoolStrategy(min_size=1, max_size=None)
    return ds.map_batches(
        GradeBatch,
        fn_constructor_kwargs={
            "judge": judge,
            "rubric": rubric,
            "format": format,
            "source": source,
            "concurrency": concurrency,
            "judge_options": judge_options,
        },
        batch_format="pyarrow",
        batch_size=batch_size,
        compute=compute,
    )


class GradeBatch:
    """Grades batches of log rows on one Ray worker, with one judge built when the worker starts."""

    def __init__(
        self,
        judge: JudgeLike,
        rubric: str | Path | Rubric | None,
        format: str,
        source: str,
        concurrency: int,
        judge_options: Mapping[str, Any],
    ) -> None:
        self.judge = as_judge(judge, rubric, **judge_options)
        self.format = format
        self.source = source
        self.concurrency = concurrency
        #: one event loop for the worker's life, so the judge's connections outlive a batch
        self.loop = asyncio.new_event_loop()

    def __call__(self, batch: pa.Table) -> pa.Table:
        rows = [without_nulls(row) for row in batch.to_pylist()]
        items: list[Conversation | Verdict] = []

        def unreadable(exc: LogRowError) -> None:
            """An ``error`` verdict in the row's place, named by the row's id when it has one."""
            row_id = rows[exc.line - 1].get("id") if isinstance(rows[exc.line - 1], dict) else None
            name = row_id if isinstance(row_id, (str, int)) else f"{exc.source}:{exc.line}"
            meta = {"source": exc.source, "line": exc.line}
            items.append(invalid_conversation(name, str(exc), self.judge.info, meta))

        items.extend(read_rows(rows, format=self.format, source=self.source, on_error=unreadable))
        conversations = [item for item in items if isinstance(item, Conversation)]
        work = agrade_many(_Guarded(self.judge), conversations, concurrency=self.concurrency)
        graded = iter(self.loop.run_until_complete(work))
        verdicts = [item if isinstance(item, Verdict) else next(graded) for item in items]
        return pa.Table.from_pylist([verdict_row(v) for v in verdicts], schema=SCHEMA)


def verdict_row(verdict: Verdict) -> dict[str, Any]:
    """A verdict as a row of ``SCHEMA``."""
    return {
        "id": verdict.conversation_id,
        "status": verdict.status,
        "label": verdict.label,
        "patterns": verdict.patterns,
        "category": verdict.category,
        "verdict": verdict.model_dump_json(),
    }


class _Guarded:
    """A grader whose unexpected exception on one conversation is that conversation's ``error``
    verdict, so the rest of its batch is kept."""

    def __init__(self, inner: Grader) -> None:
        self.inner = inner
        self.info: JudgeInfo = inner.info
        self.rubric: Rubric = inner.rubric
        self.offline: bool = inner.offline

    async def agrade(
        self,
        messages: ConversationLike,
        *,
        id: str | None = None,
        metadata: Mapping[str, Any] | None = None,
        sample: int = 0,
    ) -> Verdict:
        try:
            return await self.inner.agrade(messages, id=id, metadata=metadata, sample=sample)
        except ConversationError:
            raise
        except Exception as exc:
            conversation = messages if isinstance(messages, Conversation) else None
            return not_graded(
                "backend_error",
                f"grading raised {type(exc).__name__}: {exc}",
                self.info,
                conversation_id=conversation.id if conversation else id,
                metadata=conversation.metadata if conversation else metadata,
            )

    async def aclose(self) -> None:
        await self.inner.aclose()
