"""``underreach-judge batch``: grade through a provider's batch API (half price, within 24 hours).

``batch submit`` renders the conversations exactly as ``grade`` would and creates one batch,
writing a job file; ``batch status`` shows where the batch is; ``batch collect`` appends the
verdicts to a results file, the same rows ``grade -o`` writes, and can be run again safely.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path
from typing import Any

from rich.console import Console

from ..batch import (
    BatchError,
    BatchJob,
    BatchStatus,
    NothingToSubmit,
    batch_status,
    collect_batch,
    describe_counts,
    submit_batch,
    wait_for_batch,
)
from ..exceptions import LogRowError
from ..grading import Judge
from ..grading.runner import closing
from ..logs import FORMATS
from ..reporting import aggregate
from ..reporting.results import graded_ids
from ..rubric import DEFAULT_RUBRIC
from ..verdict import Verdict
from ._display import label_counts, print_rates, print_verdict

POLL_SECONDS = 60.0
#: failed conversations listed by name after collect
LISTED = 20


def add_parser(sub: Any) -> None:
    batch = sub.add_parser(
        "batch", help="grade through a provider's batch API (half price, results within 24 hours)"
    )
    actions = batch.add_subparsers(dest="batch_command", required=True)

    submit = actions.add_parser("submit", help="submit the conversations of log files as one batch")
    submit.add_argument("logs", nargs="+", type=Path, help="log files (JSONL, JSON or Parquet)")
    submit.add_argument("--judge", required=True, help="openai/MODEL or anthropic/MODEL")
    submit.add_argument("--base-url", help="the provider API's URL, when it is not the default")
    submit.add_argument("--rubric", default=DEFAULT_RUBRIC, help="bundled rubric name or a YAML path")
    submit.add_argument(
        "--format", default="auto", choices=FORMATS, help="the logs' format (default: detected)"
    )
    submit.add_argument("--limit", type=int, help="submit at most N conversations")
    submit.add_argument(
        "--results",
        type=Path,
        help="leave out conversations already scored or unscored in this results file "
        "(error verdicts are submitted again)",
    )
    submit.add_argument("-o", "--output", type=Path, required=True, help="the job file to write")
    submit.set_defaults(run=_submit)

    status = actions.add_parser("status", help="show where a submitted batch is")
    status.add_argument("job", type=Path, help="a job file written by 'batch submit'")
    status.set_defaults(run=_status)

    collect = actions.add_parser("collect", help="append a finished batch's verdicts to a results file")
    collect.add_argument("job", type=Path, help="a job file written by 'batch submit'")
    collect.add_argument("-o", "--output", type=Path, required=True, help="the results JSONL file")
    collect.add_argument(
        "--wait", action="store_true", help=f"poll every {POLL_SECONDS:g} s until the batch has ended"
    )
    collect.add_argument("--quiet", action="store_true", help="print only the summary")
    collect.set_defaults(run=_collect)


def _submit(args: argparse.Namespace, out: Console) -> int:
    if args.output.exists():
        raise BatchError(
            f"{args.output} already exists and may belong to a batch that is still running; "
            "write the new job file elsewhere"
        )
    judge = Judge(args.judge, rubric=args.rubric, **({"base_url": args.base_url} if args.base_url else {}))
    skip = graded_ids(args.results) if args.results else set()

    def on_error(exc: LogRowError) -> None:
        print(f"skipped unreadable row: {exc}", file=sys.stderr)

    work = submit_batch(
        args.logs, judge=judge, format=args.format, limit=args.limit, skip=skip, on_error=on_error
    )
    try:
        job = asyncio.run(closing(judge, work))
    except NothingToSubmit as exc:
        out.print(str(exc))
        return 0
    job.save(args.output)
    unsent = len(job.items) - job.requests
    out.print(
        f"submitted {job.requests} conversations to {job.judge} as batch {job.batch_id}"
        + (f" (those already graded in {args.results} left out)" if skip else "")
        + (f"; {unsent} without an assistant turn are recorded unscored at collect" if unsent else "")
    )
    out.print(f"job file: {args.output}")
    out.print(f"next: underreach-judge batch status {args.output}")
    out.print(f"      underreach-judge batch collect {args.output} -o results.jsonl")
    return 0


def _status(args: argparse.Namespace, out: Console) -> int:
    job = BatchJob.load(args.job)
    status = asyncio.run(batch_status(job))
    out.print(
        f"batch {job.batch_id} ({job.judge}, {job.requests} requests, submitted {job.created_at}): "
        f"[bold]{status.state}[/]" + ("" if status.ended else " (not ended yet)")
    )
    out.print(describe_counts(status))
    if status.detail:
        out.print(f"the provider says: {status.detail}")
    return 0


def _collect(args: argparse.Namespace, out: Console) -> int:
    job = BatchJob.load(args.job)
    if args.wait:

        def progress(status: BatchStatus) -> None:
            print(f"batch {job.batch_id}: {status.state} ({describe_counts(status)})", file=sys.stderr)

        asyncio.run(wait_for_batch(job, interval=POLL_SECONDS, on_status=progress))
    verdicts: list[Verdict] = []

    def show(verdict: Verdict) -> None:
        verdicts.append(verdict)
        if not args.quiet:
            print_verdict(out, verdict)

    summary = asyncio.run(collect_batch(job, args.output, on_verdict=show))
    report = aggregate(verdicts, patterns=_pattern_ids(job))
    out.print()
    out.print(
        f"[bold]{report.total} verdicts[/] from batch {job.batch_id} ({summary.state}) written to "
        f"{args.output}: "
        + label_counts(report)
        + f"; unscored {report.unscored}; errors {report.errors}"
        + (f"; {summary.skipped} already in the results file" if summary.skipped else "")
    )
    if summary.failed:
        out.print(
            f"{len(summary.failed)} conversations got no verdict from the batch (error rows written); "
            f"submit them again with: underreach-judge batch submit LOGS --results {args.output} ..."
        )
        for conversation_id, reason in summary.failed[:LISTED]:
            out.print(f"  {conversation_id}: {reason}")
        if len(summary.failed) > LISTED:
            out.print(f"  ... and {len(summary.failed) - LISTED} more (the error rows in {args.output})")
    print_rates(out, report)
    return 0


def _pattern_ids(job: BatchJob) -> list[str]:
    patterns = job.rubric.get("patterns", [])
    return [p["id"] for p in patterns if isinstance(p, dict) and "id" in p]
