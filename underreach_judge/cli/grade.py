"""``underreach-judge grade``: grade log files into a resumable results file."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from rich.console import Console

from ..conversation import Conversation
from ..judge import Judge
from ..logs import FORMATS, LogRowError, read_logs
from ..reporting import Report, aggregate
from ..rubric import DEFAULT_RUBRIC
from ..verdict import Verdict
from ._display import RANK, label_counts, print_rates, print_verdict


def add_parser(sub: Any) -> None:
    grade = sub.add_parser("grade", help="grade the conversations in one or more log files")
    grade.add_argument("logs", nargs="+", type=Path, help="log files (JSONL or JSON)")
    grade.add_argument("-o", "--output", type=Path, help="append verdicts to this JSONL file (resumable)")
    grade.add_argument(
        "--judge", default="auto", help="judge spec: auto, heuristic, openai/MODEL, anthropic/MODEL"
    )
    grade.add_argument("--base-url", help="OpenAI-compatible server URL (vLLM, Ollama, llama.cpp)")
    grade.add_argument("--rubric", default=DEFAULT_RUBRIC, help="bundled rubric name or a YAML path")
    grade.add_argument("--format", default="auto", choices=FORMATS)
    grade.add_argument("--concurrency", type=int, default=8)
    grade.add_argument("--limit", type=int, help="grade at most N conversations")
    grade.add_argument("--strict", action="store_true", help="stop at the first unreadable row")
    grade.add_argument(
        "--fail-on", choices=["WARN", "FAIL"], help="exit 1 when any conversation gets this label or worse"
    )
    grade.add_argument("--quiet", action="store_true", help="print only the summary")
    grade.set_defaults(run=_grade)


def _grade(args: argparse.Namespace, out: Console) -> int:
    judge = Judge(args.judge, rubric=args.rubric, **({"base_url": args.base_url} if args.base_url else {}))
    done = _already_scored(args.output) if args.output else set()
    bad_rows: list[LogRowError] = []

    def on_error(exc: LogRowError) -> None:
        if args.strict:
            raise exc
        bad_rows.append(exc)
        print(f"skipped unreadable row: {exc}", file=sys.stderr)

    def conversations() -> Iterator[Conversation]:
        count = 0
        for path in args.logs:
            for conv in read_logs(path, format=args.format, on_error=on_error):
                if conv.id in done:
                    continue
                if args.limit is not None and count >= args.limit:
                    return
                count += 1
                yield conv

    verdicts: list[Verdict] = []

    async def run() -> None:
        sink = args.output.open("a", encoding="utf-8") if args.output else None
        try:
            async for _, verdict in judge.stream(conversations(), concurrency=args.concurrency, ordered=True):
                verdicts.append(verdict)
                if sink:
                    sink.write(verdict.model_dump_json() + "\n")
                    sink.flush()
                if not args.quiet:
                    print_verdict(out, verdict)
        finally:
            if sink:
                sink.close()
            await judge.aclose()

    asyncio.run(run())
    report = aggregate(verdicts, patterns=judge.rubric.pattern_ids)
    _print_summary(out, report, judge=judge, skipped=len(done), bad_rows=len(bad_rows))
    if args.fail_on:
        worst = max((RANK[v.label] for v in verdicts if v.label), default=0)
        if worst >= RANK[args.fail_on]:
            return 1
    return 0


def _already_scored(path: Path) -> set[str]:
    """Conversation ids with a scored or unscored verdict in an existing results file."""
    if not path.is_file():
        return set()
    ids: set[str] = set()
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            try:
                row: dict[str, Any] = json.loads(line)
            except json.JSONDecodeError:
                continue
            if row.get("status") in ("scored", "unscored") and row.get("conversation_id"):
                ids.add(str(row["conversation_id"]))
    return ids


def _print_summary(out: Console, report: Report, *, judge: Judge, skipped: int, bad_rows: int) -> None:
    out.print()
    out.print(
        f"[bold]{report.total} graded[/] by {judge.backend.name} ({judge.rubric.ref}): "
        + label_counts(report)
        + f"; unscored {report.unscored}; errors {report.errors}"
        + (f"; {skipped} already in the results file" if skipped else "")
        + (f"; {bad_rows} unreadable rows skipped" if bad_rows else "")
    )
    print_rates(out, report)
