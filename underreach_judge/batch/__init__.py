"""Grading through the providers' batch APIs: half the price, results within 24 hours.

::

    job = await submit_batch(["logs.jsonl"], judge=Judge("openai/gpt-5-mini"))
    job.save("job.json")
    ...
    status = await batch_status(BatchJob.load("job.json"))
    summary = await collect_batch(BatchJob.load("job.json"), "results.jsonl")

The requests are rendered exactly as for live grading, and collect writes the same verdict rows
as ``grade -o`` (see ``run.py`` for what happens to requests that got no reply).
"""

from ..exceptions import BatchError, BatchNotReady, NothingToSubmit
from .job import BatchItem, BatchJob
from .providers import BatchResult, BatchStatus, batch_provider, register_batch_provider
from .run import (
    CollectSummary,
    batch_status,
    collect_batch,
    describe_counts,
    submit_batch,
    wait_for_batch,
)

__all__ = [
    "BatchError",
    "BatchItem",
    "BatchJob",
    "BatchNotReady",
    "BatchResult",
    "BatchStatus",
    "CollectSummary",
    "NothingToSubmit",
    "batch_provider",
    "batch_status",
    "collect_batch",
    "describe_counts",
    "register_batch_provider",
    "submit_batch",
    "wait_for_batch",
]
