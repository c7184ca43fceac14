"""``underreach-judge grade``: grade log files into a resumable results file.

The results file is append-only, one verdict per line, each written with a single ``write`` and
flushed, so a killed run leaves at most a torn last line; the next run cuts it off and goes on
from there. Conversations already scored or unscored are skipped; ``error`` verdicts are graded
again only with ``--retry-errors``.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from rich.console import Console

from ..cache import CACHE_ENV, VerdictCache, default_cache_path
from ..conversation import Conversation
from ..grading import Grader, Judge, Panel, stream
from ..logs import FORMATS, LogRowError, read_many_logs
from ..reporting import Report, Tally
from ..reporting.results import graded_ids, open_results
from ..rubric import DEFAULT_RUBRIC
from ._display import RANK, label_counts, print_rates, print_verdict
from ._progress import progress_for


def add_parser(sub: Any) -> None:
    grade = sub.add_parser("grade", help="grade the conversations in one or more log files")
    grade.add_argument("logs", nargs="+", type=Path, help="log files (JSONL or JSON)")
    grade.add_argument("-o", "--output", type=Path, help="append verdicts to this JSONL file (resumable)")
    grade.add_argument(
        "--judge",
        action="append",
        help="judge spec: auto (default), heuristic, openai/MODEL, anthropic/MODEL; "
        "give it more than once for a panel (majority label)",
    )
    grade.add_argument(
        "--samples", type=int, default=1, help="grade each conversation K times per judge (majority label)"
    )
    grade.add_argument("--prices", type=Path, help="a price table (YAML) merged over the bundled one")
    grade.add_argument("--base-url", help="OpenAI-compatible server URL (vLLM, Ollama, llama.cpp)")
    grade.add_argument("--rubric", default=DEFAULT_RUBRIC, help="bundled rubric name or a YAML path")
    grade.add_argument("--format", default="auto", choices=FORMATS)
    grade.add_argument("--concurrency", type=int, default=8)
    grade.add_argument("--limit", type=int, help="grade at most N conversations")
    grade.add_argument("--strict", action="store_true", help="stop at the first unreadable row")
    grade.add_argument(
        "--retry-errors", action="store_true", help="grade again conversations whose verdict was an error"
    )
    grade.add_argument(
        "--cache",
        type=Path,
        help=f"judge-call cache file (default: ${CACHE_ENV} or {default_cache_path()})",
    )
    grade.add_argument("--no-cache", action="store_true", help="neither read nor write the judge-call cache")
    grade.add_argument(
        "--fail-on", choices=["WARN", "FAIL"], help="exit 1 when any conversation gets this label or worse"
    )
    grade.add_argument("--quiet", action="store_true", help="print only the summary")
    grade.add_argument("--no-progress", action="store_true", help="no progress bar or progress lines")
    grade.set_defaults(run=_grade)


def _grade(args: argparse.Namespace, out: Console) -> int:
    options: dict[str, Any] = {"base_url": args.base_url} if args.base_url else {}
    if not args.no_cache:
        options["cache"] = args.cache or default_cache_path()
    judges = [
        Judge(spec, rubric=args.rubric, prices=args.prices, **options) for spec in args.judge or ["auto"]
    ]
    judge: Grader = (
        judges[0] if len(judges) == 1 and args.samples == 1 else Panel(judges, samples=args.samples)
    )
    caches = [j.cache for j in judges if j.cache is not None]
    statuses = ("scored", "unscored") if args.retry_errors else ("scored", "unscored", "error")
    done = graded_ids(args.output, statuses=statuses) if args.output else set()
    bad_rows: list[LogRowError] = []

    def on_error(exc: LogRowError) -> None:
        if args.strict:
            raise exc
        bad_rows.append(exc)
        print(f"skipped unreadable row: {exc}", file=sys.stderr)

    def conversations(*, report_errors: bool = True) -> Iterator[Conversation]:
        errors = on_error if report_errors else _ignore
        return read_many_logs(args.logs, format=args.format, on_error=errors, skip=done, limit=args.limit)

    show_progress = not args.no_progress
    # the total for the progress bar's ETA costs one extra read of the logs, without judging
    total = sum(1 for _ in conversations(report_errors=False)) if show_progress else None
    tally = Tally(patterns=judge.rubric.pattern_ids)
    worst = 0

    async def run() -> None:
        nonlocal worst
        sink = open_results(args.output) if args.output else None
        progress = progress_for(total, enabled=show_progress)
        try:
            with progress:
                async for _, verdict in stream(
                    judge, conversations(), concurrency=args.concurrency, ordered=True
                ):
                    if sink is not None:
                        sink.write((verdict.model_dump_json() + "\n").encode())
                    tally.add(verdict)
                    worst = max(worst, RANK.get(verdict.label or "", 0))
                    progress.advance(verdict)
                    if not args.quiet:
                        print_verdict(progress.console or out, verdict)
        finally:
            if sink is not None:
                sink.close()
            await judge.aclose()

    try:
        asyncio.run(run())
    finally:
        for cache in caches:
            cache.close()
    _print_summary(out, tally.report(), judge=judge, caches=caches, skipped=len(done), bad_rows=len(bad_rows))
    if args.fail_on and worst >= RANK[args.fail_on]:
        return 1
    return 0


def _ignore(exc: LogRowError) -> None:
    """Counting rows for the progress bar: bad rows are reported when they are graded."""


def _print_summary(
    out: Console, report: Report, *, judge: Grader, caches: list[VerdictCache], skipped: int, bad_rows: int
) -> None:
    hits, misses = sum(c.hits for c in caches), sum(c.misses for c in caches)
    out.print()
    out.print(
        f"[bold]{report.total} graded[/] by {judge.info.name} ({judge.rubric.ref}): "
        + label_counts(report)
        + f"; unscored {report.unscored}; errors {report.errors}"
        + (f"; {skipped} already in the results file" if skipped else "")
        + (f"; {bad_rows} unreadable rows skipped" if bad_rows else "")
        + (f"; cache: {hits} hits, {misses} misses" if caches else "")
    )
    print_rates(out, report)
