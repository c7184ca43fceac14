"""The ``underreach-judge`` command line: one module per subcommand, each adding its parser.

Exit codes (``EXIT_CODES``): 0 ok; 1 a gate tripped (``--fail-on``, ``--fail-on-regression``); 2
bad usage or input; 3 judging failed (some conversations got ``error`` verdicts, or the judge
could not be reached at all); 4 nothing to grade (no readable conversation in the logs); 130
interrupted (Ctrl-C; the results file is intact, and the same command resumes).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from rich.console import Console

from .. import __version__
from ..exceptions import UnderreachError

EXIT_OK = 0
EXIT_GATE = 1
EXIT_USAGE = 2
EXIT_JUDGE_FAILED = 3
EXIT_NOTHING = 4
EXIT_INTERRUPTED = 130
EXIT_CODES = {
    EXIT_OK: "ok",
    EXIT_GATE: "a gate tripped (--fail-on, --fail-on-regression, --fail-on-drift)",
    EXIT_USAGE: "bad usage or input",
    EXIT_JUDGE_FAILED: "judging failed: error verdicts (see --allow-errors), or the judge was unreachable",
    EXIT_NOTHING: "nothing to grade: no readable conversation in the logs",
    EXIT_INTERRUPTED: "interrupted; the results file is intact and the same command resumes",
}

from . import batch, calibrate, compare, grade, probe, render, report, rubric  # noqa: E402  (they use the codes)

COMMANDS = (grade, batch, report, compare, calibrate, render, rubric, probe)


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    out = Console(highlight=False, soft_wrap=True)
    try:
        code: int = args.run(args, out)
        return code
    except (UnderreachError, FileNotFoundError, IsADirectoryError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="underreach-judge",
        description="Grade whole chat conversations for refusal underreach.",
        epilog="exit codes: " + "; ".join(f"{code} {meaning}" for code, meaning in EXIT_CODES.items()),
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    for command in COMMANDS:
        command.add_parser(sub)
    return parser


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
