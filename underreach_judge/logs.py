"""Reading chat logs: files in, ``Conversation`` objects out, streamed.

Formats read here: OpenAI ``messages`` JSONL (one ``{"messages": [...]}`` object or one bare
message array per line, with optional ``id`` and ``metadata``), and JSON files holding one
conversation (OpenAI- or Anthropic-style, ``{"system": ..., "messages": [...]}``) or a list of
them. Every conversation records its source file and line in ``metadata``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

from .conversation import Conversation, to_conversation
from .exceptions import ConversationError

FORMATS = ("auto", "jsonl", "json")


class LogRowError(ConversationError):
    """One row of a log file could not be read. ``source`` and ``line`` say where."""

    def __init__(self, source: str, line: int, problem: str) -> None:
        super().__init__(f"{source}:{line}: {problem}")
        self.source = source
        self.line = line
        self.problem = problem


def read_logs(
    path: str | Path,
    *,
    format: str = "auto",
    on_error: Callable[[LogRowError], None] | None = None,
) -> Iterator[Conversation]:
    """Stream the conversations in a log file.

    A row that cannot be read raises ``LogRowError`` naming the file, line and problem, or, when
    ``on_error`` is given, is passed to it and reading goes on with the next row.
    """
    path = Path(path)
    if format not in FORMATS:
        raise ValueError(f"unknown log format {format!r}; expected one of: {', '.join(FORMATS)}")
    if not path.is_file():
        raise FileNotFoundError(f"log file not found: {path}")
    if format == "auto":
        format = "jsonl" if path.suffix in (".jsonl", ".ndjson") else _sniff(path)
    rows = _jsonl_rows(path) if format == "jsonl" else _json_rows(path)
    for line, row in rows:
        try:
            if isinstance(row, LogRowError):
                raise row
            yield _conversation(row, source=str(path), line=line)
        except LogRowError as exc:
            if on_error is None:
                raise
            on_error(exc)


def _sniff(path: Path) -> str:
    with path.open(encoding="utf-8") as fh:
        head = fh.read(4096).lstrip()
    if head.startswith("["):
        return "json"
    first_line = head.split("\n", 1)[0]
    try:
        json.loads(first_line)
        return "jsonl"
    except json.JSONDecodeError:
        return "json"


def _jsonl_rows(path: Path) -> Iterator[tuple[int, Any]]:
    with path.open(encoding="utf-8") as fh:
        for number, text in enumerate(fh, start=1):
            if not text.strip():
                continue
            try:
                yield number, json.loads(text)
            except json.JSONDecodeError as exc:
                yield (
                    number,
                    LogRowError(str(path), number, f"not valid JSON ({exc.msg} at column {exc.colno})"),
                )


def _json_rows(path: Path) -> Iterator[tuple[int, Any]]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise LogRowError(str(path), exc.lineno, f"not valid JSON ({exc.msg})") from exc
    if isinstance(data, list) and data and isinstance(data[0], Mapping) and "role" in data[0]:
        data = [data]  # one bare message array
    items = data if isinstance(data, list) else [data]
    yield from enumerate(items, start=1)


def _conversation(row: Any, *, source: str, line: int) -> Conversation:
    meta: dict[str, Any] = {"source": source, "line": line}
    conv_id: str | None = None
    if isinstance(row, Mapping):
        if isinstance(row.get("metadata"), Mapping):
            meta.update(row["metadata"])
        raw_id = row.get("id", row.get("conversation_id"))
        conv_id = str(raw_id) if raw_id is not None else None
        if "messages" not in row:
            keys = ", ".join(sorted(map(str, row))) or "none"
            raise LogRowError(source, line, f"no 'messages' list in this row (keys: {keys})")
        messages: Any = {k: row[k] for k in ("system", "messages") if k in row}
    else:
        messages = row
    try:
        return to_conversation(messages, id=conv_id or f"{Path(source).stem}:{line}", metadata=meta)
    except ConversationError as exc:
        raise LogRowError(source, line, str(exc)) from exc
