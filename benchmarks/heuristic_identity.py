"""Dump every verdict the offline heuristic judge gives on a fixed corpus, to check that a change
(a speed-up, a refactor) leaves its output alone.

    python benchmarks/heuristic_identity.py OUT.jsonl
    diff before.jsonl after.jsonl

Grades with ``grade_conversation(messages, judge="heuristic")``: the golden set, the examples,
the 2,250 XSTest v2 completions (prompt and completion as one exchange; also each completion's
``classify_stance`` with and without the prompt), the conversations ``heuristic_speed.py`` times,
and the HH-RLHF harmless-base test transcripts. One line per verdict (``model_dump_json()``),
prefixed by where it came from. Data sets that are missing are skipped with a note on stderr
(set ``XSTEST_DIR`` and ``HH_RLHF`` to point elsewhere).
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(HERE), str(ROOT)]

import heuristic_speed  # noqa: E402
from _xstest import DEFAULT_DIR, load  # noqa: E402

from underreach_judge import grade_conversation, read_logs  # noqa: E402
from underreach_judge.heuristic import classify_stance  # noqa: E402

HH_RLHF = Path(
    os.environ.get(
        "HH_RLHF",
        ROOT.parent
        / "shared"
        / "data"
        / "external"
        / "hh-rlhf-harmless-base-test"
        / "harmless-base_test.jsonl",
    )
)


def corpus() -> Iterator[tuple[str, Any, str | None]]:
    """(source, messages, id) for every conversation graded."""
    for line in (ROOT / "golden" / "refusal_underreach.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            yield "golden", row["messages"], row.get("id")
    for path in sorted((ROOT / "examples").glob("*.json*")):
        for conv in read_logs(path):
            yield f"examples/{path.name}", conv, None
    if DEFAULT_DIR.is_dir():
        for item in load():
            yield (
                "xstest",
                [{"role": "user", "content": item.prompt}, {"role": "assistant", "content": item.completion}],
                None,
            )
    else:
        print(f"skipped XSTest: {DEFAULT_DIR} not found", file=sys.stderr)
    for messages in heuristic_speed.conversations(2000):
        yield "speed", messages, None
    for messages in heuristic_speed.everyday(500):
        yield "speed-everyday", messages, None
    if HH_RLHF.is_file():
        for conv in read_logs(HH_RLHF):
            yield "hh-rlhf", conv, None
    else:
        print(f"skipped HH-RLHF: {HH_RLHF} not found", file=sys.stderr)


def main() -> int:
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    count = 0
    with open(sys.argv[1], "w", encoding="utf-8") as out:
        for source, messages, cid in corpus():
            verdict = grade_conversation(messages, judge="heuristic", id=cid)
            out.write(f"{source}\t{verdict.model_dump_json()}\n")
            count += 1
        if DEFAULT_DIR.is_dir():
            for item in load():
                out.write(
                    f"xstest-stance\t{classify_stance(item.completion, item.prompt)}"
                    f"\t{classify_stance(item.completion)}\n"
                )
    print(f"{count} verdicts written to {sys.argv[1]}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
