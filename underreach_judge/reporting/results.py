"""The results file: one Verdict per line, as ``grade -o`` and ``batch collect`` write it.

Reading it (``read_results``), and the two things a resumable writer needs: the conversations
already in it (``graded_ids``) and opening it for appending with a torn last line cut off
(``open_results``).
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO

from ..exceptions import ResultRowError as ResultRowError  # where it was first defined
from ..verdict import Verdict


def read_results(
    path: str | Path, *, on_error: Callable[[ResultRowError], None] | None = None
) -> Iterator[Verdict]:
    """Stream the verdicts of a results file. A line that is not a verdict raises ``ResultRowError``
    (file, line, problem), or is passed to ``on_error`` and skipped.

    An ``error`` verdict is superseded by a later verdict for the same conversation (a rerun with
    ``--retry-errors`` appends one), so each conversation counts once; the ``error`` verdicts that
    nothing superseded come last."""
    path = Path(path)
    graded: set[str] = set()
    errors: dict[str, Verdict] = {}
    with path.open(encoding="utf-8") as fh:
        for number, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                verdict = Verdict.model_validate_json(line)
            except ValueError as exc:
                error = ResultRowError(str(path), number, str(exc).splitlines()[0])
                if on_error is None:
                    raise error from None
                on_error(error)
                continue
            cid = verdict.conversation_id
            if verdict.status == "error" and cid is not None:
                if cid not in graded:
                    errors[cid] = verdict
                continue
            if cid is not None:
                graded.add(cid)
                errors.pop(cid, None)
            yield verdict
    yield from errors.values()


def graded_ids(
    path: Path, *, statuses: tuple[str, ...] = ("scored", "unscored"), batch_id: str | None = None
) -> set[str]:
    """Conversation ids with a verdict of one of ``statuses`` in a results file (none when it does
    not exist), and with ``batch_id`` also those with any row from that provider batch. A torn or
    unreadable line counts as no verdict."""
    if not path.is_file():
        return set()
    ids: set[str] = set()
    with path.open(encoding="utf-8", errors="replace") as fh:
        for line in fh:
            try:
                row = json.loads(line)
            except json.JSONDecodeError:
                continue
            if not isinstance(row, dict) or not row.get("conversation_id"):
                continue
            metadata = row.get("metadata")
            from_batch = (
                batch_id is not None and isinstance(metadata, dict) and metadata.get("batch_id") == batch_id
            )
            if row.get("status") in statuses or from_batch:
                ids.add(str(row["conversation_id"]))
    return ids


def open_results(path: Path) -> IO[bytes]:
    """Open a results file for appending (unbuffered: one write per verdict reaches the file),
    first cutting off a torn last line left by a run killed mid-write (its conversation is graded
    again)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fh = path.open("ab+", buffering=0)
    end = fh.seek(0, os.SEEK_END)
    if end:
        fh.seek(end - 1)
        if fh.read(1) != b"\n":
            fh.truncate(_after_last_newline(fh, end))
    fh.seek(0, os.SEEK_END)
    return fh


def _after_last_newline(fh: IO[bytes], size: int, chunk: int = 1 << 16) -> int:
    """The offset just after the last newline before ``size`` (0 when there is none)."""
    end = size
    while end > 0:
        start = max(0, end - chunk)
        fh.seek(start)
        block = fh.read(end - start)
        cut = block.rfind(b"\n")
        if cut >= 0:
            return start + cut + 1
        end = start
    return 0
