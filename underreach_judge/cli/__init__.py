"""The ``underreach-judge`` command line: one module per subcommand, each adding its parser.

Exit codes: 0 ok, 1 a gate tripped (``--fail-on``, ``--fail-on-regression``), 2 bad usage or input.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from rich.console import Console

from ..exceptions import UnderreachError
from . import batch, calibrate, compare, grade, render, report, rubric

COMMANDS = (grade, batch, report, compare, calibrate, render, rubric)


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    out = Console(highlight=False, soft_wrap=True)
    try:
        code: int = args.run(args, out)
        return code
    except (UnderreachError, FileNotFoundError, IsADirectoryError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="underreach-judge",
        description="Grade whole chat conversations for refusal underreach.",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    for command in COMMANDS:
        command.add_parser(sub)
    return parser


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
