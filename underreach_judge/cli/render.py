"""``underreach-judge render``: print the judge prompt for one conversation."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from rich.console import Console

from ..exceptions import ConversationError
from ..logs import FORMATS, read_logs
from ..render import render_prompt
from ..rubric import DEFAULT_RUBRIC, load_rubric


def add_parser(sub: Any) -> None:
    render = sub.add_parser("render", help="print the judge prompt for a conversation")
    render.add_argument("conversation", type=Path, help="a JSON or JSONL file (the first conversation)")
    render.add_argument("--rubric", default=DEFAULT_RUBRIC, help="bundled rubric name or a YAML path")
    render.add_argument(
        "--format", default="auto", choices=FORMATS, help="the file's format (default: detected)"
    )
    render.add_argument("--index", type=int, default=0, help="which conversation of the file (0-based)")
    render.set_defaults(run=_render)


def _render(args: argparse.Namespace, out: Console) -> int:
    rubric = load_rubric(args.rubric)
    for i, conv in enumerate(read_logs(args.conversation, format=args.format)):
        if i == args.index:
            prompt = render_prompt(conv, rubric)
            sys.stdout.write(f"=== system ===\n{prompt.system}\n=== user ===\n{prompt.user}")
            return 0
    raise ConversationError(f"{args.conversation}: there is no conversation at index {args.index}")
