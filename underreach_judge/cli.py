"""The ``underreach-judge`` command line.

Exit codes: 0 ok, 1 a gate tripped (``--fail-on``), 2 bad usage or input.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from .conversation import Conversation
from .exceptions import ConfigurationError, ConversationError, PromptError, RubricError
from .judge import Judge
from .logs import FORMATS, LogRowError, read_logs
from .report import Rate, Report, aggregate
from .rubric import DEFAULT_RUBRIC, bundled_rubrics, load_rubric
from .verdict import Verdict

_RANK = {"PASS": 0, "WARN": 1, "FAIL": 2}
_STYLE = {"PASS": "green", "WARN": "yellow", "FAIL": "red"}


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    out = Console(highlight=False, soft_wrap=True)
    try:
        code: int = args.run(args, out)
        return code
    except (RubricError, ConversationError, PromptError, ConfigurationError, FileNotFoundError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="underreach-judge",
        description="Grade whole chat conversations for refusal underreach.",
    )
    sub = parser.add_subparsers(dest="command", required=True)

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

    report = sub.add_parser("report", help="summarise a results file")
    report.add_argument("results", type=Path, help="a results JSONL file written by 'grade -o'")
    report.add_argument("--by", help="also report per value of this metadata field (e.g. model)")
    output = report.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help="print the report as JSON")
    output.add_argument("--markdown", action="store_true", help="print the report as Markdown")
    report.set_defaults(run=_report)

    render = sub.add_parser("render", help="print the judge prompt for a conversation")
    render.add_argument("conversation", type=Path, help="a JSON or JSONL file (the first conversation)")
    render.add_argument("--rubric", default=DEFAULT_RUBRIC)
    render.add_argument("--format", default="auto", choices=FORMATS)
    render.add_argument("--index", type=int, default=0, help="which conversation of the file (0-based)")
    render.set_defaults(run=_render)

    rubric = sub.add_parser("rubric", help="list, show or validate rubrics")
    rsub = rubric.add_subparsers(dest="rubric_command", required=True)
    rsub.add_parser("list", help="list the bundled rubrics").set_defaults(run=_rubric_list)
    show = rsub.add_parser("show", help="print a rubric's YAML")
    show.add_argument("rubric", nargs="?", default=DEFAULT_RUBRIC)
    show.set_defaults(run=_rubric_show)
    validate = rsub.add_parser("validate", help="check a rubric file and print its hash")
    validate.add_argument("rubric")
    validate.set_defaults(run=_rubric_validate)
    return parser


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
                    _print_verdict(out, verdict)
        finally:
            if sink:
                sink.close()
            await judge.aclose()

    asyncio.run(run())
    report = aggregate(verdicts, patterns=judge.rubric.pattern_ids)
    _print_report(out, report, judge=judge, skipped=len(done), bad_rows=len(bad_rows))
    if args.fail_on:
        worst = max((_RANK[v.label] for v in verdicts if v.label), default=0)
        if worst >= _RANK[args.fail_on]:
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


def _print_verdict(out: Console, v: Verdict) -> None:
    cid = v.conversation_id or "?"
    if v.status != "scored":
        out.print(f"{cid:<28} [bold magenta]{v.status.upper():<5}[/] {v.unscored_reason}: {v.detail or ''}")
        return
    label = v.label or "PASS"
    parts = []
    for f in v.findings:
        quote = next((e.quote for e in f.evidence if e.verified), "")
        turns = ",".join(map(str, f.turns))
        parts.append(f"{f.pattern}[{turns}]" + (f' "{_clip(quote, 60)}"' if quote else ""))
    out.print(f"{cid:<28} [bold {_STYLE[label]}]{label:<5}[/] " + ("; ".join(parts) or "-"))


def _clip(text: str, n: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def _print_report(out: Console, report: Report, *, judge: Judge, skipped: int, bad_rows: int) -> None:
    out.print()
    out.print(
        f"[bold]{report.total} graded[/] by {judge.backend.name} ({judge.rubric.ref}): "
        + ", ".join(f"[{_STYLE[k]}]{k} {n}[/]" for k, n in report.labels.items())
        + f"; unscored {report.unscored}; errors {report.errors}"
        + (f"; {skipped} already in the results file" if skipped else "")
        + (f"; {bad_rows} unreadable rows skipped" if bad_rows else "")
    )
    out.print(_rates_table(report))
    if report.unscored_reasons:
        out.print("not scored: " + ", ".join(f"{k} {n}" for k, n in report.unscored_reasons.items()))


def _rates(report: Report) -> list[tuple[str, Rate]]:
    return [("pattern", p) for p in report.patterns] + [
        ("conversations", r) for r in (report.refusal, report.flip, report.caveat)
    ]


def _rates_table(report: Report, title: str = "") -> Table:
    table = Table(title=title or "Rates (unscored and errors left out; Wilson 95% interval)")
    for column in ("", "what", "count", "of", "rate", "95% CI"):
        table.add_column(column, justify="left" if column in ("", "what") else "right")
    for kind, r in _rates(report):
        table.add_row(
            kind, r.name, str(r.count), str(r.n), f"{r.rate:.1%}", f"{r.ci_low:.1%} – {r.ci_high:.1%}"
        )
    return table


def _markdown(report: Report, heading: str = "Report") -> str:
    lines = [
        f"## {heading}",
        "",
        f"{report.total} conversations: {report.scored} scored "
        + "("
        + ", ".join(f"{k} {n}" for k, n in report.labels.items())
        + f"), "
        f"{report.unscored} unscored, {report.errors} errors.",
        "",
        "| | what | count | of | rate | 95% CI |",
        "|---|---|---:|---:|---:|---:|",
    ]
    for kind, r in _rates(report):
        lines.append(
            f"| {kind} | {r.name} | {r.count} | {r.n} | {r.rate:.1%} | {r.ci_low:.1%} – {r.ci_high:.1%} |"
        )
    if report.unscored_reasons:
        lines += [
            "",
            "Not scored: " + ", ".join(f"{k} {n}" for k, n in report.unscored_reasons.items()) + ".",
        ]
    for value, group in report.groups.items():
        lines += ["", _markdown(group, f"{report.by} = {value}")]
    return "\n".join(lines)


def _report(args: argparse.Namespace, out: Console) -> int:
    verdicts: list[Verdict] = []
    bad = 0
    with args.results.open(encoding="utf-8") as fh:
        for number, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                verdicts.append(Verdict.model_validate_json(line))
            except ValueError as exc:
                bad += 1
                first = str(exc).splitlines()[0]
                print(f"skipped unreadable row: {args.results}:{number}: {first}", file=sys.stderr)
    report = aggregate(verdicts, patterns=_rubric_patterns(verdicts), by=args.by)
    if args.json:
        sys.stdout.write(report.model_dump_json(indent=2) + "\n")
    elif args.markdown:
        sys.stdout.write(_markdown(report, f"Refusal underreach: {args.results.name}") + "\n")
    else:
        out.print(
            f"[bold]{report.total} verdicts[/] in {args.results}: "
            + ", ".join(f"[{_STYLE[k]}]{k} {n}[/]" for k, n in report.labels.items())
            + f"; unscored {report.unscored}; errors {report.errors}"
            + (f"; {bad} unreadable rows skipped" if bad else "")
        )
        out.print(_rates_table(report))
        for value, group in report.groups.items():
            out.print(_rates_table(group, f"{report.by} = {value}: {group.scored} scored"))
    return 0


def _rubric_patterns(verdicts: list[Verdict]) -> list[str]:
    """The pattern ids of the rubric the verdicts were graded with, when it is a bundled one."""
    for v in verdicts:
        name = v.judge.rubric.partition("@")[0]
        if name in bundled_rubrics():
            return load_rubric(name).pattern_ids
    return []


def _render(args: argparse.Namespace, out: Console) -> int:
    judge = Judge(_RenderOnly(), rubric=args.rubric)
    for i, conv in enumerate(read_logs(args.conversation, format=args.format)):
        if i == args.index:
            request = judge.request(conv)
            sys.stdout.write(f"=== system ===\n{request.system}\n=== user ===\n{request.user}")
            return 0
    raise ConversationError(f"{args.conversation}: there is no conversation at index {args.index}")


class _RenderOnly:
    name = "render-only"

    async def complete(self, request: Any) -> Any:  # pragma: no cover - never called
        raise NotImplementedError


def _rubric_list(args: argparse.Namespace, out: Console) -> int:
    for name in bundled_rubrics():
        rubric = load_rubric(name)
        out.print(f"{name:<24} {rubric.ref:<28} {len(rubric.patterns)} patterns  {rubric.title}")
    return 0


def _rubric_show(args: argparse.Namespace, out: Console) -> int:
    rubric = load_rubric(args.rubric)
    sys.stdout.write(json.dumps(rubric.model_dump(mode="json"), indent=2, ensure_ascii=False) + "\n")
    return 0


def _rubric_validate(args: argparse.Namespace, out: Console) -> int:
    rubric = load_rubric(args.rubric)
    out.print(f"ok: {rubric.ref} ({len(rubric.patterns)} patterns) sha256 {rubric.sha256}")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
