"""``underreach-judge compare``: did anything change between two results files?"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from rich.console import Console

from ..exceptions import ResultRowError
from ..reporting import compare, read_results
from ..reporting.markdown import comparison_markdown
from ..verdict import Verdict
from ._display import print_comparison


def add_parser(sub: Any) -> None:
    cmp = sub.add_parser(
        "compare",
        help="compare two results files: per-pattern and FAIL-rate drift with tests",
        description="Compare results B with results A: the FAIL rate, the WARN-or-worse rate and every "
        "pattern's rate, the change B - A with a 95% interval, a test (McNemar when the same "
        "conversations were graded in both, else a two-proportion z-test), Benjamini-Hochberg "
        "adjusted p-values, and the sample size a change of the observed size would need.",
    )
    cmp.add_argument("a", type=Path, help="results JSONL of the baseline run (A)")
    cmp.add_argument("b", type=Path, help="results JSONL of the new run (B)")
    cmp.add_argument(
        "--paired",
        action="store_true",
        help="treat the runs as paired by conversation id (default: paired when most ids match)",
    )
    cmp.add_argument(
        "--fail-on-regression",
        action="store_true",
        help="exit 1 when the FAIL rate, the WARN-or-worse rate or any pattern got significantly worse",
    )
    cmp.add_argument(
        "--alpha", type=float, default=0.05, help="significance level after Benjamini-Hochberg (0.05)"
    )
    output = cmp.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help="print the comparison as JSON")
    output.add_argument("--markdown", action="store_true", help="print the comparison as Markdown")
    cmp.set_defaults(run=_compare)


def _compare(args: argparse.Namespace, out: Console) -> int:
    if not 0 < args.alpha < 1:
        print(f"error: --alpha must be between 0 and 1, got {args.alpha}", file=sys.stderr)
        return 2
    a, b = _read(args.a), _read(args.b)
    comparison = compare(
        a, b, paired=True if args.paired else None, alpha=args.alpha, names=_names(args.a, args.b)
    )
    if args.json:
        sys.stdout.write(comparison.model_dump_json(indent=2) + "\n")
    elif args.markdown:
        sys.stdout.write(comparison_markdown(comparison, "Refusal underreach: drift") + "\n")
    else:
        print_comparison(out, comparison)
    if args.json or args.markdown:
        for warning in comparison.warnings:
            print(f"warning: {warning}", file=sys.stderr)
    return 1 if args.fail_on_regression and comparison.regressions else 0


def _read(path: Path) -> list[Verdict]:
    """A results file's verdicts; unreadable rows are reported with file and line and skipped."""

    def on_error(exc: ResultRowError) -> None:
        print(f"skipped unreadable row: {exc}", file=sys.stderr)

    return list(read_results(path, on_error=on_error))


def _names(a: Path, b: Path) -> tuple[str, str]:
    """Short names for the two runs: the file names, unless they are the same."""
    if a.name != b.name:
        return (a.name, b.name)
    return (str(a), str(b)) if str(a) != str(b) else ("A", "B")
