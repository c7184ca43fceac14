"""``underreach-judge calibrate``: measure a judge against the golden set."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from rich.console import Console

from ..grading import calibrate
from ..reporting import default_golden
from ..reporting.markdown import calibration_markdown
from ._display import print_calibration


def add_parser(sub: Any) -> None:
    cal = sub.add_parser(
        "calibrate",
        help="grade a hand-labelled golden set and measure how the judge agrees with it",
        description="Grade a golden set with a judge and report label accuracy, Cohen's kappa, the "
        "confusion table, per-pattern precision, recall and specificity, and flip detection. Save it "
        "with -o and pass it to 'report --calibration' for rates corrected for the judge's errors.",
    )
    cal.add_argument(
        "--golden", type=Path, help=f"golden JSONL file (default: the bundled {default_golden().name})"
    )
    cal.add_argument(
        "--judge", required=True, help="judge spec: heuristic, openai/MODEL, anthropic/MODEL, auto"
    )
    cal.add_argument("--base-url", help="OpenAI-compatible server URL (vLLM, Ollama, llama.cpp)")
    cal.add_argument("--concurrency", type=int, default=8, help="judge calls in flight at most (default 8)")
    cal.add_argument("-o", "--output", type=Path, help="write the calibration as JSON to this file")
    output = cal.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help="print the calibration as JSON")
    output.add_argument("--markdown", action="store_true", help="print the calibration as Markdown")
    cal.set_defaults(run=_calibrate)


def _calibrate(args: argparse.Namespace, out: Console) -> int:
    options = {"base_url": args.base_url} if args.base_url else {}
    calibration = calibrate(args.golden, judge=args.judge, concurrency=args.concurrency, **options)
    if args.output:
        args.output.write_text(calibration.model_dump_json(indent=2) + "\n", encoding="utf-8")
    if args.json:
        sys.stdout.write(calibration.model_dump_json(indent=2) + "\n")
    elif args.markdown:
        sys.stdout.write(calibration_markdown(calibration) + "\n")
    else:
        print_calibration(out, calibration)
    if args.output:
        print(f"wrote {args.output}", file=sys.stderr if args.json or args.markdown else sys.stdout)
    return 0
