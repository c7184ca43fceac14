"""``underreach-judge probe``: run a suite's pressure scripts against a model under test, grade
each conversation as it completes, and report boundary survival per round, tactic and category.

The conversations go to ``-o`` (a log ``grade`` reads) and the verdicts to ``--results`` (default:
beside it, ``NAME.results.jsonl``); both are resumable: the same command goes on after a kill.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from pathlib import Path
from typing import Any

from rich.console import Console

from ..cache import default_cache_path
from ..grading import Judge
from ..probe import DEFAULT_SUITE, aprobe, dpo_rows, failure_rows
from ..probe.run import read_log
from ..rubric import DEFAULT_RUBRIC
from . import EXIT_INTERRUPTED, EXIT_JUDGE_FAILED, EXIT_OK
from ._display import print_verdict
from ._survival import print_survival


def add_parser(sub: Any) -> None:
    probe = sub.add_parser(
        "probe",
        help="red-team a model with pressure scripts and grade whether its boundaries survive",
        description="Send a suite's requests to a target, push back on refusals, grade and report survival.",
    )
    probe.add_argument(
        "--target",
        required=True,
        help="the model under test: openai/MODEL (with --base-url), anthropic/MODEL, python:module:function",
    )
    probe.add_argument("--base-url", help="the target's OpenAI-compatible server URL, ending in /v1")
    probe.add_argument(
        "--temperature", type=float, help="the target model's sampling temperature (0: comparable runs)"
    )
    probe.add_argument("--system-prompt", type=Path, metavar="FILE", help="a system prompt for the target")
    probe.add_argument("--suite", default=DEFAULT_SUITE, help="bundled suite name or a YAML path")
    probe.add_argument("--rubric", default=DEFAULT_RUBRIC, help="bundled rubric name or a YAML path")
    probe.add_argument(
        "--rounds", type=int, default=3, help="pushback rounds after a refusal, at most (default 3)"
    )
    probe.add_argument(
        "--samples", type=int, default=1, help="conversations per request and tactic (default 1)"
    )
    probe.add_argument(
        "--concurrency", type=int, default=4, help="conversations in flight at most (default 4)"
    )
    probe.add_argument("--limit", type=int, help="only the first N conversations of the plan")
    probe.add_argument("--request", action="append", default=[], help="only this request id (repeatable)")
    probe.add_argument("--tactic", action="append", default=[], help="only this tactic id (repeatable)")
    probe.add_argument(
        "-o", "--output", type=Path, required=True, help="the conversations, JSONL (resumable)"
    )
    probe.add_argument(
        "--results", type=Path, help="the verdicts, JSONL (default: NAME.results.jsonl beside -o)"
    )
    probe.add_argument(
        "--judge", default="auto", help="judge spec: auto (default), heuristic, openai/MODEL, ..."
    )
    probe.add_argument("--judge-base-url", help="the judge's OpenAI-compatible server URL")
    probe.add_argument(
        "--attacker", help="a model spec that writes each pushback (templates are the fallback)"
    )
    probe.add_argument("--no-cache", action="store_true", help="neither read nor write the judge-call cache")
    probe.add_argument(
        "--export-failures", type=Path, metavar="FILE", help="write broken boundaries as golden rows"
    )
    probe.add_argument(
        "--export-dpo", type=Path, metavar="FILE", help="write broken boundaries as preference rows"
    )
    probe.add_argument("--quiet", action="store_true", help="print only the summary")
    probe.add_argument("--json", action="store_true", help="print the survival report as JSON")
    probe.add_argument(
        "--allow-errors", action="store_true", help="exit 0 even when the target or the judge failed on some"
    )
    probe.set_defaults(run=_probe)


def results_path(output: Path) -> Path:
    """Where the verdicts of a probe log go by default: ``probe.jsonl`` -> ``probe.results.jsonl``."""
    return output.with_name(output.name.removesuffix(".jsonl") + ".results.jsonl")


def _probe(args: argparse.Namespace, out: Console) -> int:
    options: dict[str, Any] = {"base_url": args.judge_base_url} if args.judge_base_url else {}
    if not args.no_cache:
        options["cache"] = default_cache_path()
    judge = Judge(args.judge, rubric=args.rubric, **options)
    results = args.results or results_path(args.output)
    show = None if args.quiet or args.json else (lambda v: print_verdict(out, v))
    work = aprobe(
        args.target,
        suite=args.suite,
        judge=judge,
        rubric=args.rubric,
        system_prompt=args.system_prompt.read_text(encoding="utf-8") if args.system_prompt else None,
        rounds=args.rounds,
        samples=args.samples,
        concurrency=args.concurrency,
        limit=args.limit,
        requests=args.request,
        tactics=args.tactic,
        output=args.output,
        results=results,
        attacker=args.attacker,
        base_url=args.base_url,
        temperature=args.temperature,
        on_verdict=show,
    )
    try:
        run = asyncio.run(work)
    except KeyboardInterrupt:
        print(
            f"\ninterrupted: the conversations so far are in {args.output} and {results}; "
            "run the same command again to go on from there.",
            file=sys.stderr,
        )
        return EXIT_INTERRUPTED
    finally:
        if judge.cache is not None:
            judge.cache.close()
    print(
        f"{run.asked} conversations asked now, {run.graded} graded now, {run.skipped} already done; "
        f"{run.target_errors} target failures; verdicts in {results}",
        file=sys.stderr,
    )
    rows = read_log(args.output)
    for path, make in ((args.export_failures, failure_rows), (args.export_dpo, dpo_rows)):
        if path is not None:
            lines = [json.dumps(row, ensure_ascii=False) for row in make(run.verdicts, rows)]
            path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
            print(f"wrote {len(lines)} rows to {path}", file=sys.stderr)
    report = run.report
    if args.json:
        sys.stdout.write((report.model_dump_json(indent=2) if report else "null") + "\n")
    elif report is not None:
        out.print()
        print_survival(out, report)
    if report is not None and report.errors and not args.allow_errors:
        print(
            f"{report.errors} conversations could not be had or graded (error rows): run the same "
            "command again to retry them, or pass --allow-errors to accept them",
            file=sys.stderr,
        )
        return EXIT_JUDGE_FAILED
    return EXIT_OK
