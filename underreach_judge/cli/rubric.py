"""``underreach-judge rubric list|show|validate|snippet``."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from rich.console import Console

from ..rubric import DEFAULT_RUBRIC, bundled_rubrics, load_rubric, system_prompt_snippet


def add_parser(sub: Any) -> None:
    rubric = sub.add_parser("rubric", help="list, show or validate rubrics")
    rsub = rubric.add_subparsers(dest="rubric_command", required=True)
    rsub.add_parser("list", help="list the bundled rubrics").set_defaults(run=_list)
    show = rsub.add_parser("show", help="print a rubric as JSON")
    show.add_argument("rubric", nargs="?", default=DEFAULT_RUBRIC, help="bundled rubric name or a YAML path")
    show.set_defaults(run=_show)
    validate = rsub.add_parser("validate", help="check a rubric file and print its hash")
    validate.add_argument("rubric", help="the rubric YAML file to check")
    validate.set_defaults(run=_validate)
    snippet = rsub.add_parser(
        "snippet", help="print the rubric's hard cases as a system-prompt block for the model under test"
    )
    snippet.add_argument(
        "rubric", nargs="?", default=DEFAULT_RUBRIC, help="bundled rubric name or a YAML path"
    )
    snippet.set_defaults(run=_snippet)


def _list(args: argparse.Namespace, out: Console) -> int:
    for name in bundled_rubrics():
        rubric = load_rubric(name)
        out.print(f"{name:<24} {rubric.ref:<28} {len(rubric.patterns)} patterns  {rubric.title}")
    return 0


def _show(args: argparse.Namespace, out: Console) -> int:
    rubric = load_rubric(args.rubric)
    sys.stdout.write(json.dumps(rubric.model_dump(mode="json"), indent=2, ensure_ascii=False) + "\n")
    return 0


def _validate(args: argparse.Namespace, out: Console) -> int:
    rubric = load_rubric(args.rubric)
    out.print(f"ok: {rubric.ref} ({len(rubric.patterns)} patterns) sha256 {rubric.sha256}")
    return 0


def _snippet(args: argparse.Namespace, out: Console) -> int:
    sys.stdout.write(system_prompt_snippet(load_rubric(args.rubric)))
    return 0
