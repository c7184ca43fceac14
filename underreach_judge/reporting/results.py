"""The results file: one Verdict per line, as ``grade -o`` and ``batch collect`` write it.

Reading it (``read_results``; a Parquet file of verdict rows too), and the two things a resumable
writer needs: the conversations already in it (``graded_ids``) and opening it for appending with a
torn last line cut off (``open_results``).
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import IO, Any

from pydantic import ValidationError

from ..exceptions import ConfigurationError, ConversationError, LogRowError, ResultRowError
from ..logs import (
    _Input,
    _looks_like_parquet,
    _not_utf8,
    _open_input,
    _open_parquet,
    _parquet_rows,
    _row_format,
)
from ..verdict import Verdict


def read_results(
    path: str | Path, *, on_error: Callable[[ResultRowError], None] | None = None
) -> Iterator[Verdict]:
    """Stream the verdicts of a results file (``"-"``: standard input). A line that is not a
    verdict (not UTF-8, not JSON, not a verdict) raises ``ResultRowError`` (file, line, problem), or
    is passed to ``on_error`` and skipped. A Parquet file of verdict rows (the ``parquet`` extra) is
    read the same way, ``line`` being the row number.

    A file that is not a results file at all raises ``ConfigurationError`` saying what to do: a chat
    log (its first row is a conversation, not a verdict), a JSON document spread over many lines, a
    binary file. A path that does not exist raises ``FileNotFoundError``, a directory
    ``IsADirectoryError``. Lines are read as bytes and decoded one at a time, as ``read_logs`` does
    (a byte-order mark is honoured).

    An ``error`` verdict is superseded by a later verdict for the same conversation (a rerun with
    ``--retry-errors`` appends one), so each conversation counts once; the ``error`` verdicts that
    nothing superseded come last."""
    graded: set[str] = set()
    errors: dict[str, Verdict] = {}
    with _open_input(path, what="results file") as results:
        rows = _parquet_verdicts(results) if _looks_like_parquet(results) else _line_verdicts(results)
        for row in rows:
            if isinstance(row, ResultRowError):
                if on_error is None:
                    raise row
                on_error(row)
                continue
            cid = row.conversation_id
            if row.status == "error" and cid is not None:
                if cid not in graded:
                    errors[cid] = row
                continue
            if cid is not None:
                graded.add(cid)
                errors.pop(cid, None)
            yield row
    yield from errors.values()


def _line_verdicts(results: _Input) -> Iterator[Verdict | ResultRowError]:
    """The verdicts of a JSONL results file, or the error of each line that is not one."""
    name = results.name
    problem = results.binary_problem(advice=False)
    if problem is not None:
        raise ConfigurationError(f"{name}: {problem}; a results file is the JSONL that 'grade -o' writes")
    first = True
    lines = results.lines()
    for number, line in enumerate(lines, start=1):
        if line.isspace():
            continue
        if first:
            first = False
            _check_not_a_log(name, line, lines)
        try:
            yield Verdict.model_validate_json(line.decode("utf-8").rstrip("\r\n"))
        except UnicodeDecodeError as exc:
            yield ResultRowError(name, number, _not_utf8(line[: exc.start], line[exc.start]))
        except ValueError as exc:
            yield ResultRowError(name, number, _not_a_verdict(exc))


def _parquet_verdicts(results: _Input) -> Iterator[Verdict | ResultRowError]:
    """The verdicts of a Parquet file of verdict rows, or the error of each row that is not one."""
    name = results.name
    try:
        parquet = _open_parquet(results, "Reading Parquet results")
    except ConversationError as exc:
        raise ConfigurationError(str(exc)) from exc
    with parquet:
        first = True
        for number, row in _parquet_rows(parquet, name):
            if isinstance(row, LogRowError):
                yield ResultRowError(name, number, row.problem)
                continue
            if first:
                first = False
                if _looks_like_chat_log(row):
                    raise ConfigurationError(_chat_log_problem(name))
            try:
                yield Verdict.model_validate(row)
            except ValueError as exc:
                yield ResultRowError(name, number, _not_a_verdict(exc))


def _check_not_a_log(name: str, line: bytes, rest: Iterator[bytes]) -> None:
    """Raise ``ConfigurationError`` when the first line of a results file shows it is something else:
    a chat log, or a JSON document over many lines (read to the end then, to say which)."""
    grade_first = f"run `underreach-judge grade {name} -o results.jsonl` first, then report on results.jsonl"
    chat_log = ConfigurationError(_chat_log_problem(name))
    if line.strip() in (b"[", b"{"):
        try:
            document = json.loads(line + b"".join(rest))
        except ValueError:
            document = None
        if _looks_like_chat_log(document):
            raise chat_log
        raise ConfigurationError(
            f"{name} is not a results file (one verdict per line): it holds a JSON document spread "
            f"over many lines; if it is a chat log, {grade_first}"
        )
    try:
        row = json.loads(line)
    except ValueError:
        return
    if _looks_like_chat_log(row):
        raise chat_log


def _chat_log_problem(name: str) -> str:
    return (
        f"{name} looks like a chat log, not a results file: run "
        f"`underreach-judge grade {name} -o results.jsonl` first, then report on results.jsonl"
    )


def _looks_like_chat_log(row: Any) -> bool:
    """A row (not a verdict: no ``status``) in one of the log formats, a message array, or a list of
    exported conversations."""
    if isinstance(row, list):
        return (
            bool(row) and isinstance(row[0], Mapping) and ("role" in row[0] or _looks_like_chat_log(row[0]))
        )
    return isinstance(row, Mapping) and "status" not in row and _row_format(row) is not None


#: pydantic's place in a bad JSON row; the row is one line, so its column is enough
_ON_LINE_ONE = re.compile(r" at line 1 column(?= \d+$)")


def _not_a_verdict(exc: ValueError) -> str:
    """One line on what is wrong with a row, from the first of pydantic's errors."""
    if not isinstance(exc, ValidationError) or not exc.errors():
        return str(exc).splitlines()[0]
    problems = exc.errors(include_url=False)
    first = problems[0]
    if first["type"] == "json_invalid":
        message = str(first["msg"]).removeprefix("Invalid JSON: ")
        return f"not valid JSON ({_ON_LINE_ONE.sub(' at column', message)})"
    where = ".".join(map(str, first["loc"])) or "the row"
    more = f" (and {len(problems) - 1} more problems)" if len(problems) > 1 else ""
    return f"not a verdict: {where}: {first['msg']}{more}"


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
