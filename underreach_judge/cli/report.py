"""``underreach-judge report``: summarise a results file."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from rich.console import Console

from ..exceptions import ConfigurationError, ResultRowError
from ..reporting import aggregate, load_calibration, read_results
from ..reporting.html import find_transcripts, render_html
from ..reporting.markdown import to_markdown
from ..rubric import bundled_rubrics, load_rubric
from ..verdict import Verdict
from ._display import label_counts, print_rates


def add_parser(sub: Any) -> None:
    report = sub.add_parser("report", help="summarise a results file")
    report.add_argument("results", type=Path, help="a results JSONL file written by 'grade -o'")
    report.add_argument("--by", help="also report per value of this metadata field (e.g. model)")
    report.add_argument(
        "--calibration",
        type=Path,
        metavar="FILE",
        help="a calibration from 'calibrate -o': also show rates corrected for the judge's errors",
    )
    report.add_argument("--html", type=Path, metavar="FILE", help="also write a self-contained HTML report")
    report.add_argument(
        "--logs",
        nargs="+",
        type=Path,
        help="log files holding the transcripts for --html (default: each verdict's recorded source)",
    )
    output = report.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help="print the report as JSON")
    output.add_argument("--markdown", action="store_true", help="print the report as Markdown")
    report.set_defaults(run=_report)


def _report(args: argparse.Namespace, out: Console) -> int:
    bad: list[ResultRowError] = []

    def on_error(exc: ResultRowError) -> None:
        bad.append(exc)
        print(f"skipped unreadable row: {exc}", file=sys.stderr)

    verdicts = list(read_results(args.results, on_error=on_error))
    calibration = load_calibration(args.calibration) if args.calibration else None
    report = aggregate(verdicts, patterns=rubric_patterns(verdicts), by=args.by, calibration=calibration)
    if args.logs and not args.html:
        raise ConfigurationError("--logs gives the transcripts for the HTML report: add --html FILE")
    if args.html:
        transcripts = find_transcripts(
            verdicts,
            logs=args.logs or (),
            results=args.results,
            on_problem=lambda m: print(m, file=sys.stderr),
        )
    if args.json:
        sys.stdout.write(report.model_dump_json(indent=2) + "\n")
    elif args.markdown:
        sys.stdout.write(to_markdown(report, f"Refusal underreach: {args.results.name}") + "\n")
    else:
        out.print(
            f"[bold]{report.total} verdicts[/] in {args.results}: "
            + label_counts(report)
            + f"; unscored {report.unscored}; errors {report.errors}"
            + (f"; {len(bad)} unreadable rows skipped" if bad else "")
        )
        print_rates(out, report)
    if args.html:
        title = f"Refusal underreach: {args.results.name}"
        args.html.write_text(render_html(report, verdicts, transcripts, title=title), encoding="utf-8")
        print(f"wrote {args.html}", file=sys.stderr if args.json or args.markdown else sys.stdout)
    return 0


def rubric_patterns(verdicts: list[Verdict]) -> list[str]:
    """The pattern ids of the rubric the verdicts were graded with, when it is a bundled one."""
    for v in verdicts:
        name = v.judge.rubric.partition("@")[0]
        if name in bundled_rubrics():
            return load_rubric(name).pattern_ids
    return []
