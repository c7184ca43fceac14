"""``underreach-judge grade``: grade log files into a resumable results file.

The results file is append-only, one verdict per line, each written with a single ``write`` and
flushed, so a killed run leaves at most a torn last line; the next run cuts it off and goes on
from there. Conversations already scored or unscored are skipped; ``error`` verdicts are graded
again only with ``--retry-errors``. A row of a log that cannot be read is written as an ``error``
verdict (``invalid_conversation``, with its file and line) and the rest are graded.

With ``--workers N`` the offline judge grades in N processes (``grading/workers.py``); an
unreadable row's verdict travels with the conversations, so the file is the one-process file.
``--screen heuristic`` grades offline first and sends on only what the offline judge cannot clear
(``Judge(..., screen=...)``); it is refused with ``--workers``, which is for the offline judge alone.

The summary, ``--fail-on`` and the exit code judge the whole results file, resumed or not (see
``EXIT_CODES`` in ``cli/__init__.py``).
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Iterator
from contextlib import suppress
from pathlib import Path
from typing import IO, Any

from rich.console import Console

from ..cache import CACHE_ENV, VerdictCache, default_cache_path
from ..conversation import Conversation
from ..exceptions import ConfigurationError, JudgeUnavailable, LogRowError
from ..grading import Grader, Judge, Panel, stream
from ..grading.settle import invalid_conversation
from ..grading.workers import in_processes, recipe
from ..logs import FORMATS, count_rows, read_many_logs
from ..reporting import Report, Tally
from ..reporting.results import graded_ids, open_results, read_results
from ..rubric import DEFAULT_RUBRIC
from ..throttle import AdaptiveLimit
from ..verdict import LABEL_RANK, Verdict
from . import EXIT_GATE, EXIT_INTERRUPTED, EXIT_JUDGE_FAILED, EXIT_NOTHING, EXIT_OK
from ._display import label_counts, print_rates, print_verdict
from ._progress import GradeProgress, progress_for

#: a run stops when this many of its first judge calls all fail to connect or authenticate
GIVE_UP_AFTER = 3


def add_parser(sub: Any) -> None:
    grade = sub.add_parser(
        "grade",
        help="grade the conversations in one or more log files",
        description="Grade every conversation of the logs; with -o, into a resumable results file.",
    )
    grade.add_argument(
        "logs",
        nargs="+",
        help="log files (JSONL, JSON or Parquet, any format read_logs knows), or - for stdin",
    )
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
    grade.add_argument(
        "--base-url", help="OpenAI-compatible server URL (vLLM, Ollama, llama.cpp), ending in /v1"
    )
    grade.add_argument("--rubric", default=DEFAULT_RUBRIC, help="bundled rubric name or a YAML path")
    grade.add_argument(
        "--format", default="auto", choices=FORMATS, help="the logs' format (default: detected)"
    )
    grade.add_argument("--concurrency", type=int, default=8, help="judge calls in flight at most (default 8)")
    grade.add_argument(
        "--screen",
        choices=["heuristic"],
        help="grade every conversation offline first and send to the model judge only those the "
        "offline judge cannot clear (a cleared verdict says screened: true)",
    )
    grade.add_argument(
        "--workers",
        type=int,
        default=1,
        help="grade in N processes (the offline judge only, which is bound by the CPU; a model judge "
        "is refused: raise --concurrency instead). Order and resuming are unchanged (default 1)",
    )
    grade.add_argument("--limit", type=int, help="grade only the first N conversations of the logs")
    grade.add_argument("--strict", action="store_true", help="stop at the first unreadable row (exit 2)")
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
        "--fail-on",
        choices=["WARN", "FAIL"],
        help="exit 1 when any conversation of the results has this label or worse",
    )
    grade.add_argument(
        "--allow-errors",
        action="store_true",
        help="exit 0 even when conversations could not be graded (error rows) or there was nothing to grade",
    )
    grade.add_argument("--quiet", action="store_true", help="print only the summary")
    grade.add_argument("--no-progress", action="store_true", help="no progress bar or progress lines")
    grade.add_argument(
        "--progress-interval",
        type=float,
        default=10.0,
        metavar="SECONDS",
        help="seconds between progress lines when stderr is not a terminal (default 10)",
    )
    grade.set_defaults(run=_grade)


def _grade(args: argparse.Namespace, out: Console) -> int:
    options: dict[str, Any] = {"base_url": args.base_url} if args.base_url else {}
    if not args.no_cache:
        options["cache"] = args.cache or default_cache_path()
    if args.screen and args.workers != 1:
        raise ConfigurationError(
            "--workers spreads the offline judge alone over processes; with --screen the offline "
            "pass runs in this process ahead of the model judge, whose calls take the time: drop "
            "--workers (raise --concurrency for the model judge)"
        )
    if args.screen:
        options["screen"] = args.screen
    judges = [
        Judge(spec, rubric=args.rubric, prices=args.prices, **options) for spec in args.judge or ["auto"]
    ]
    one = len(judges) == 1 and args.samples == 1
    judge: Grader = judges[0] if one else Panel(judges, samples=args.samples)
    if args.samples > 1 and judge.offline:
        print(
            f"warning: {judge.info.name} is deterministic: --samples {args.samples} grades each "
            "conversation the same way every time",
            file=sys.stderr,
        )
    if args.workers != 1:
        if args.workers < 1:
            raise ConfigurationError(f"--workers must be at least 1, got {args.workers}")
        recipe(judge)  # a judge that cannot be spread over processes is refused before any grading
    caches = [j.cache for j in judges if j.cache is not None]
    statuses = ("scored", "unscored") if args.retry_errors else ("scored", "unscored", "error")
    done = graded_ids(args.output, statuses=statuses) if args.output else set()
    already = len(done)
    # a results file that had nothing in it holds just this run's verdicts: no need to read it back
    fresh = args.output is None or not args.output.is_file() or args.output.stat().st_size == 0
    run = _Run(args, judge, done, out)
    try:
        asyncio.run(run.grade())
    except KeyboardInterrupt:
        where = f"they are in {args.output}" if args.output else "nothing was saved (no -o)"
        print(
            f"\ninterrupted: {run.tally.total} conversations graded this run; {where}. "
            + ("Run the same command again to go on from there." if args.output else ""),
            file=sys.stderr,
        )
        return EXIT_INTERRUPTED
    except JudgeUnavailable as exc:
        print(f"error: {exc}", file=sys.stderr)
        print(
            "check the judge (--judge, --base-url, the API key) and run the same command again",
            file=sys.stderr,
        )
        return EXIT_JUDGE_FAILED
    finally:
        for cache in caches:
            cache.close()
    report = (run.tally if fresh else _whole_file(args.output, judge)).report()
    _print_summary(out, report, judge=judge, caches=caches, now=run.tally.total, skipped=already)
    return _exit_code(args, report)


class _Run:
    """One run of ``grade``: the conversations, the results file, the tally and the progress."""

    def __init__(self, args: argparse.Namespace, judge: Grader, done: set[str], out: Console) -> None:
        self.args = args
        self.out = out
        self.judge = judge
        self.done = done
        self.tally = Tally(patterns=judge.rubric.pattern_ids)
        self.sink: IO[bytes] | None = None
        self.progress: GradeProgress | None = None
        self.limit = None if judge.offline else AdaptiveLimit(args.concurrency, give_up_after=GIVE_UP_AFTER)
        #: unreadable rows' verdicts waiting for their place in the input order (with workers)
        self.unreadable: list[Verdict] = []

    def conversations(self) -> Iterator[Conversation]:
        return read_many_logs(
            self.args.logs,
            format=self.args.format,
            on_error=self.bad_row,
            skip=self.done,
            limit=self.args.limit,
        )

    def in_order(self) -> Iterator[Conversation | Verdict]:
        """The conversations with the unreadable rows' verdicts in their place: the workers read
        ahead, so those verdicts travel with the conversations to keep the results in input order."""
        for conversation in self.conversations():
            yield from self._flush()
            yield conversation
        yield from self._flush()

    def _flush(self) -> Iterator[Verdict]:
        while self.unreadable:
            yield self.unreadable.pop(0)

    def bad_row(self, exc: LogRowError) -> None:
        """An unreadable row: an error verdict in the results (once), and the rest go on."""
        if self.args.strict:
            raise exc
        print(f"unreadable row: {exc}", file=sys.stderr)
        cid = f"{exc.source}:{exc.line}"
        if cid in self.done:
            return
        self.done.add(cid)
        verdict = invalid_conversation(
            cid, str(exc), self.judge.info, metadata={"source": exc.source, "line": exc.line}
        )
        if self.args.workers == 1:
            self.record(verdict)
        else:
            self.unreadable.append(verdict)

    def record(self, verdict: Verdict) -> None:
        if self.sink is not None:
            self.sink.write((verdict.model_dump_json() + "\n").encode())
        self.tally.add(verdict)
        if self.progress is not None:
            self.progress.advance(verdict)
        if not self.args.quiet:
            print_verdict((self.progress.console if self.progress else None) or self.out, verdict)

    async def grade(self) -> None:
        args = self.args
        total = _count(args.logs, args.format, args.limit) if not args.no_progress else None
        self.progress = progress_for(total, enabled=not args.no_progress, interval=args.progress_interval)
        self.sink = open_results(args.output) if args.output else None
        ticker = asyncio.create_task(self._tick())
        try:
            with self.progress:
                verdicts = (
                    stream(
                        self.judge,
                        self.conversations(),
                        concurrency=args.concurrency,
                        ordered=True,
                        limit=self.limit,
                    )
                    if args.workers == 1
                    else in_processes(self.judge, self.in_order(), workers=args.workers)
                )
                async for _, verdict in verdicts:
                    self.record(verdict)
        finally:
            ticker.cancel()
            with suppress(asyncio.CancelledError):
                await ticker
            if self.sink is not None:
                self.sink.close()
            await self.judge.aclose()

    async def _tick(self) -> None:
        """A progress line on a timer, so a silent server shows as one (in flight, waiting, retries)."""
        assert self.progress is not None
        while True:
            await asyncio.sleep(self.progress.interval)
            if self.limit is not None:
                self.progress.activity = (
                    self.limit.in_flight,
                    max(self.limit.grading - self.limit.in_flight, 0),
                    self.limit.retries,
                )
            self.progress.tick()


def _count(logs: list[str], fmt: str, limit: int | None) -> int | None:
    """The rows to expect (about one conversation each), for the ETA, when counting them is cheap:
    the lines of JSONL files, counted without parsing them."""
    counts = [count_rows(path, format=fmt) for path in logs]
    if any(c is None for c in counts):
        return None
    total = sum(c or 0 for c in counts)
    return min(total, limit) if limit is not None else total


def _whole_file(path: Path, judge: Grader) -> Tally:
    """The results file as a whole: what the summary, ``--fail-on`` and the exit code judge."""
    tally = Tally(patterns=judge.rubric.pattern_ids)
    for verdict in read_results(path, on_error=lambda exc: print(f"skipped: {exc}", file=sys.stderr)):
        tally.add(verdict)
    return tally


def _exit_code(args: argparse.Namespace, report: Report) -> int:
    unreadable = report.unscored_reasons.get("invalid_conversation", 0)
    if report.total - unreadable == 0:
        what = f"{unreadable} unreadable rows" if unreadable else "no conversation"
        print(f"nothing to grade: the logs hold {what}", file=sys.stderr)
        return EXIT_OK if args.allow_errors else EXIT_NOTHING
    worst = max((LABEL_RANK[label] for label, n in report.labels.items() if n), default=-1)
    if args.fail_on and worst >= LABEL_RANK[args.fail_on]:
        return EXIT_GATE
    if report.errors and not args.allow_errors:
        print(
            f"{report.errors} conversations could not be graded (error rows; see the reasons above): "
            "fix the cause and rerun with --retry-errors, or pass --allow-errors to accept them",
            file=sys.stderr,
        )
        return EXIT_JUDGE_FAILED
    return EXIT_OK


def _print_summary(
    out: Console, report: Report, *, judge: Grader, caches: list[VerdictCache], now: int, skipped: int
) -> None:
    hits, misses = sum(c.hits for c in caches), sum(c.misses for c in caches)
    unreadable = report.unscored_reasons.get("invalid_conversation", 0)
    out.print()
    out.print(
        f"[bold]{report.total} graded[/] by {judge.info.name} ({judge.rubric.ref}): "
        + label_counts(report)
        + f"; unscored {report.unscored}; errors {report.errors}"
        + (f" ({unreadable} unreadable rows)" if unreadable else "")
        + (f" ({now} graded now, {skipped} already in the results file)" if skipped else "")
        + (f"; cache: {hits} hits, {misses} misses" if caches else "")
    )
    print_rates(out, report)
