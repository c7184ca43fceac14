"""Reading chat logs: files in, ``Conversation`` objects out, streamed.

Formats (see ``FORMATS``), each recognised from the first readable row or object of a file:

- ``openai``: ``{"messages": [...]}`` rows (optional ``id``, ``metadata``, Anthropic-style
  ``system``), bare message arrays, fine-tuning rows (per-message ``weight`` is ignored) and
  preference rows (``input.messages`` + ``preferred_output``/``non_preferred_output``, read as two
  conversations with ids ending ``:preferred`` and ``:non_preferred``). ``jsonl`` and ``json`` are
  its old names, which also force one-object-per-line or whole-file JSON.
- ``sharegpt``: ``{"conversations": [{"from", "value"}], "id"?, "system"?}``.
- ``hh-rlhf``: ``{"chosen", "rejected"}`` transcript pairs (two conversations per row, ids ending
  ``:chosen`` and ``:rejected``) and red-team ``{"transcript", ...}`` records.
- ``lmsys`` (alias ``wildchat``): ``{"conversation_id"|"conversation_hash", "model", "conversation"}``.
- ``chatgpt``: ChatGPT export ``conversations.json`` (``mapping`` trees, read along ``current_node``).
- ``claude``: Claude.ai export ``conversations.json`` (``chat_messages``).
- ``inspect``: Inspect AI eval logs, ``.eval`` (zip) or ``.json``, read with ``inspect_ai`` (the
  ``inspect`` extra). Each sample and epoch is one conversation, id ``<sample id>:epoch<n>``, with
  ``task``, ``model``, ``sample_id`` and ``epoch`` in its metadata; ``line`` is the sample's
  1-based position in the log.

Files are JSONL (one value per line), one JSON document (one conversation or a list of them), or
Parquet (the ``parquet`` extra), whose rows may have any of the shapes above. Every conversation
records ``source`` (the file), ``line`` (the line, the 1-based position in a JSON list, or the
row number in a Parquet file) and ``format`` in its ``metadata``.

Where the log records a time, ``metadata["timestamp"]`` holds it, in UTC, as
``timestamps.format_timestamp`` writes it (``2026-03-01T12:00:00Z``): ChatGPT ``create_time``
(else that of the first message on the path that has one), Claude ``created_at`` (else the first
message's), LMSYS/WildChat ``timestamp`` or ``tstamp`` (else the first turn's ``timestamp``),
OpenAI rows' ``metadata.timestamp``, ``timestamp`` or ``created`` (the first present), and an
Inspect sample's ``started_at`` (else the log's ``eval.created``). A time that does not parse is a
``LogRowError`` for its row.

Logs are UTF-8 text. A byte-order mark is honoured: a UTF-8 one is skipped, and a file that starts
with a UTF-16 or UTF-32 one is read in that encoding. JSONL is read as bytes and decoded one line at
a time, so a line that is not UTF-8 is one bad row, reported with its file and line like any
other. A binary or compressed file raises ``ConversationError`` naming the file.

Parquet files are recognised by their magic bytes (or a ``.parquet`` name) and read with
``pyarrow`` one row group, and within it one batch of rows, at a time; a null field is left out of
its row, as a JSON row leaves out a key it lacks. A row group that cannot be decoded is one
``LogRowError`` at its first unread row, and reading goes on with the next; a file ``pyarrow``
cannot open (truncated, still being written) raises ``ConversationError``. Parquet needs a regular
file, not a stream.
"""

from __future__ import annotations

import codecs
import io
import itertools
import json
import re
import shutil
import stat
import sys
import tempfile
import weakref
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any, cast

from .conversation import Conversation, to_conversation
from .exceptions import ConfigurationError, ConversationError, LogRowError, MissingDependencyError
from .timestamps import format_timestamp, parse_timestamp

FORMATS = (
    "auto",
    "openai",
    "sharegpt",
    "hh-rlhf",
    "lmsys",
    "wildchat",
    "chatgpt",
    "claude",
    "inspect",
    "jsonl",
    "json",
)
_ALIASES = {"jsonl": "openai", "json": "openai", "wildchat": "lmsys"}

#: the path that means standard input
STDIN = "-"

# (id, or None for "<stem>:<line>"; suffix for that id; messages for ``to_conversation``; metadata)
_Item = tuple[str | None, str, Any, dict[str, Any]]
# (1-based line number, the line's bytes as UTF-8)
_Line = tuple[int, bytes]


class _Problem(ValueError):
    """What is wrong with one row; ``read_logs`` adds the file and line."""


def read_logs(
    path: str | Path,
    *,
    format: str = "auto",
    on_error: Callable[[LogRowError], None] | None = None,
) -> Iterator[Conversation]:
    """Stream the conversations in a log file.

    ``format="auto"`` recognises the format from the first readable row; a file whose first row
    matches no format raises ``LogRowError`` listing the formats tried. A row that cannot be read
    (not UTF-8, not JSON, not a conversation) raises ``LogRowError`` naming the file, line and
    problem, or, when ``on_error`` is given, is passed to it and reading goes on with the next row.

    ``path`` may be ``"-"`` for standard input (shown as ``<stdin>`` in sources and errors), or a
    pipe such as ``/dev/stdin`` or a FIFO: these are read once, as a stream, and only as far as
    needed (the format is recognised from the first rows, kept in memory meanwhile); standard input
    can be read by one ``read_logs`` call only (a second one raises ``ConfigurationError`` rather
    than find nothing). Inspect AI and Parquet logs must be regular files.

    A path that does not exist raises ``FileNotFoundError``, and a directory ``IsADirectoryError``
    saying to pass the log files inside it: the errors ``open`` raises, so code that handles a
    missing file handles these too (the CLI exits 2 on both). A file that is not text (binary,
    compressed, or UTF-16 without a byte-order mark) raises ``ConversationError`` naming the file;
    bytes that cannot be decoded in a whole-file JSON document or a UTF-16 file raise
    ``LogRowError`` with their line, whatever ``on_error``. An empty file holds no conversations.
    """
    if format not in FORMATS:
        raise ValueError(f"unknown log format {format!r}; expected one of: {', '.join(FORMATS)}")
    with _open_input(path, what="log file") as log:
        if format == "inspect" or (format == "auto" and _looks_like_inspect_log(log)):
            yield from _inspect_log(log, on_error)
            return
        if _looks_like_parquet(log):
            yield from _parquet_log(log, _ALIASES.get(format, format), on_error)
            return
        problem = log.binary_problem()
        if problem is not None:
            raise ConversationError(f"{log.name}: {problem}; logs are UTF-8 JSONL or JSON text")
        lines: Iterator[_Line] = enumerate(log.lines(), start=1)
        if format in ("jsonl", "json"):
            container = format
        else:
            container, lines = _sniff_container(log.suffix, lines)
        source = log.name
        rows = _jsonl_rows(source, lines) if container == "jsonl" else _json_rows(source, lines)
        yield from _from_rows(rows, _ALIASES.get(format, format), source=source, on_error=on_error)


def read_rows(
    rows: Iterable[Any],
    *,
    format: str = "auto",
    source: str = "<rows>",
    on_error: Callable[[LogRowError], None] | None = None,
) -> Iterator[Conversation]:
    """The conversations in log rows that are already parsed (dicts, as a JSONL line would hold
    them): a Parquet row group, a Ray batch, a database cursor. ``line`` in each conversation's
    metadata (and in errors) is the row's 1-based position; otherwise as ``read_logs``.
    """
    if format not in FORMATS or format == "inspect":
        raise ValueError(f"unknown row format {format!r}; expected one of: {', '.join(FORMATS[:-3])}")
    numbered = enumerate(rows, start=1)
    yield from _from_rows(numbered, _ALIASES.get(format, format), source=source, on_error=on_error)


def _from_rows(
    rows: Iterator[tuple[int, Any]],
    fmt: str,
    *,
    source: str,
    on_error: Callable[[LogRowError], None] | None,
) -> Iterator[Conversation]:
    """Rows (line, value or the ``LogRowError`` of a line that did not parse) to conversations."""
    if fmt == "auto":
        head: list[tuple[int, Any]] = []
        for line, row in rows:
            head.append((line, row))
            if not isinstance(row, LogRowError):
                fmt = _detect(row, source, line)
                break
        rows = itertools.chain(head, rows)
        fmt = "openai" if fmt == "auto" else fmt  # nothing readable: report the rows as they are
    reader = _READERS[fmt]
    for line, row in rows:
        try:
            if isinstance(row, LogRowError):
                raise row
            try:
                items = reader(row)
            except _Problem as exc:
                raise LogRowError(source, line, str(exc)) from exc
            yield from _conversations(items, fmt, source=source, line=line)
        except LogRowError as exc:
            if on_error is None:
                raise
            on_error(exc)


def count_rows(path: str | Path, *, format: str = "auto") -> int | None:
    """The number of non-blank lines of a JSONL log, counted from its bytes without parsing them, or
    of rows of a Parquet log, from its footer: a cheap total for a progress bar, without reading the
    log twice.

    ``None`` when it cannot be counted that cheaply: standard input, pipes and other files that are
    not regular files, whole-file JSON (ChatGPT and Claude exports, a JSON list), Inspect AI logs,
    UTF-16 or UTF-32 files, binary files, Parquet files without ``pyarrow`` or that it cannot read,
    and paths that do not exist (``read_logs`` says why).
    A row is not always one conversation: an HH-RLHF ``chosen``/``rejected`` pair or a preference
    row holds two, and a bad row none.
    """
    if format not in FORMATS:
        raise ValueError(f"unknown log format {format!r}; expected one of: {', '.join(FORMATS)}")
    if _is_stdin(path) or not Path(path).is_file() or format == "inspect":
        return None
    with _open_input(path, what="log file") as log:
        if _looks_like_parquet(log) and log.path is not None:
            return _parquet_count(log.path)
        if (
            format == "json"
            or (format == "auto" and _looks_like_inspect_log(log))
            or log.encoding != "utf-8"
            or log.binary_problem() is not None
        ):
            return None
        lines: Iterator[_Line] = enumerate(log.lines(), start=1)
        if format != "jsonl":
            container, lines = _sniff_container(log.suffix, lines)
            if container != "jsonl":
                return None
        return sum(1 for _, raw in lines if not raw.isspace())


def _conversations(items: list[_Item], fmt: str, *, source: str, line: int) -> list[Conversation]:
    out = []
    for conv_id, suffix, messages, extra in items:
        meta = {**extra, "source": source, "line": line, "format": fmt}
        full_id = (conv_id or f"{Path(source).stem}:{line}") + suffix
        try:
            out.append(to_conversation(messages, id=full_id, metadata=meta))
        except ConversationError as exc:
            raise LogRowError(source, line, str(exc)) from exc
    return out


# --- input: files, pipes and standard input, as lines of UTF-8 bytes ---------------------------

#: byte-order marks, longest first (the UTF-32 LE mark starts with the UTF-16 LE one)
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
#: what a binary file is, by its first bytes, and what to do about it
_MAGIC = (
    (b"\x1f\x8b", "gzip-compressed", "decompress it first (gunzip)"),
    (b"BZh", "bzip2-compressed", "decompress it first (bunzip2)"),
    (b"\xfd7zXZ\x00", "xz-compressed", "decompress it first (unxz)"),
    (b"\x28\xb5\x2f\xfd", "zstd-compressed", "decompress it first (unzstd)"),
    (b"PK\x03\x04", "a zip archive", "unzip it (an Inspect AI .eval log? read it with format 'inspect')"),
)
#: how many bytes are looked at to recognise the encoding, a binary file or an Inspect log
_HEAD = 8192
#: standard input streams already read: a second read would find them empty
_STDIN_READ: weakref.WeakSet[io.BufferedIOBase] = weakref.WeakSet()


def _is_stdin(path: str | Path) -> bool:
    return str(path) == STDIN


class _Input:
    """An opened log, results file or stream: its name, its first bytes and its lines."""

    def __init__(self, name: str, path: Path | None, stream: io.BufferedIOBase) -> None:
        self.name = name
        #: a regular file's path (it can be opened again); None for a stream
        self.path = path
        self.suffix = path.suffix if path is not None else ""
        self.stream = stream
        head = stream.read1(_HEAD)
        while head and len(head) < 4 and (more := stream.read1(_HEAD)):
            head += more  # a pipe may deliver the first few bytes on their own
        self.bom, self.encoding = next(
            ((bom, enc) for bom, enc in _BOMS if head.startswith(bom)), (b"", "utf-8")
        )
        #: the first bytes, after any byte-order mark
        self.head = head[len(self.bom) :]

    def binary_problem(self, *, advice: bool = True) -> str | None:
        """Why the input is not text, judged from its first bytes (with what to do about a compressed
        log when ``advice``); None when it looks like text."""
        if self.encoding != "utf-8":
            return None
        for magic, what, todo in _MAGIC:
            if self.head.startswith(magic):
                return f"not a text file: it is {what}" + (f"; {todo}" if advice else "")
        nul = self.head.find(b"\x00")
        if nul >= 0:
            return (
                f"not a text file: byte {nul} is a NUL byte (a binary file, "
                "or UTF-16 text without a byte-order mark?)"
            )
        return None

    def lines(self) -> Iterator[bytes]:
        """The lines, each as UTF-8 bytes with its line ending; read from the stream as they are needed."""
        if self.encoding != "utf-8":
            return self._transcoded()
        *complete, partial = self.head.split(b"\n")
        first = [piece + b"\n" for piece in complete]
        if partial:
            first.append(partial + self.stream.readline())
        return itertools.chain(first, self.stream)

    def _transcoded(self) -> Iterator[bytes]:
        decoder = codecs.getincrementaldecoder(self.encoding)()
        chunks = itertools.chain([self.head], iter(lambda: self.stream.read1(1 << 16), b""), [None])
        pending, number = "", 0
        for chunk in chunks:
            try:
                text = pending + (decoder.decode(chunk) if chunk is not None else decoder.decode(b"", True))
            except UnicodeDecodeError as exc:
                before = exc.object[: exc.start].decode(self.encoding, "replace")
                problem = f"not {self.encoding.upper()} text ({exc.reason}); re-encode the file as UTF-8"
                raise LogRowError(self.name, number + before.count("\n") + 1, problem) from None
            *complete, pending = text.split("\n")
            for line in complete:
                number += 1
                yield (line + "\n").encode("utf-8")
        if pending:
            yield pending.encode("utf-8")


@contextmanager
def _open_input(path: str | Path, *, what: str) -> Iterator[_Input]:
    """Open ``path`` (``"-"``: standard input) for reading bytes; close it afterwards (standard input
    is left open)."""
    if _is_stdin(path):
        stdin = sys.stdin
        stream = cast("io.BufferedIOBase | None", getattr(stdin, "buffer", None))
        if stream is None:
            raise ConfigurationError("standard input is not open for reading")
        if stream in _STDIN_READ and not stream.isatty():
            raise ConfigurationError(
                "standard input was already read, and it can be read only once: "
                "save it to a file to read it again"
            )
        _STDIN_READ.add(stream)
        yield _Input("<stdin>", None, stream)
        return
    path = Path(path)
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        raise FileNotFoundError(f"{what} not found: {path}") from None
    if stat.S_ISDIR(mode):
        raise IsADirectoryError(f"{path} is a directory; pass the {what}s inside it (e.g. {path}/*.jsonl)")
    with path.open("rb") as stream:
        yield _Input(str(path), path if stat.S_ISREG(mode) else None, stream)


def _not_utf8(before: bytes, byte: int) -> str:
    """The problem with a line whose bytes are UTF-8 up to ``before`` and not at ``byte``."""
    column = len(before.decode("utf-8", "replace")) + 1
    return f"not UTF-8 text (byte 0x{byte:02x} at column {column}); re-encode the file as UTF-8"


def _decode(raw: bytes) -> str:
    """A line as text; ``_Problem`` saying where when it is not UTF-8."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise _Problem(_not_utf8(raw[: exc.start], raw[exc.start])) from None


# --- containers -------------------------------------------------------------------------------


def _sniff_container(suffix: str, lines: Iterator[_Line]) -> tuple[str, Iterator[_Line]]:
    """``"jsonl"`` or ``"json"``, from the suffix or the first lines; and the lines, none lost."""
    if suffix in (".jsonl", ".ndjson"):
        return "jsonl", lines
    seen: list[_Line] = []
    container = "jsonl"  # also when the file is empty, or its first line is not UTF-8
    for number, raw in lines:
        seen.append((number, raw))
        if raw.isspace():
            continue
        try:
            value = json.loads(_decode(raw))
        except _Problem:
            break
        except json.JSONDecodeError:
            container = "json"
            break
        if isinstance(value, list):
            # a one-line JSON list is a whole document unless more rows follow
            container = "json"
            for item in lines:
                seen.append(item)
                if not item[1].isspace():
                    container = "jsonl"
                    break
        break
    return container, itertools.chain(seen, lines)


def _jsonl_rows(source: str, lines: Iterable[_Line]) -> Iterator[tuple[int, Any]]:
    for number, raw in lines:
        if raw.isspace():
            continue
        try:
            text = _decode(raw)
        except _Problem as exc:
            yield number, LogRowError(source, number, str(exc))
            continue
        try:
            yield number, json.loads(text)
        except json.JSONDecodeError as exc:
            if text.startswith("\ufeff"):  # a byte-order mark inside: files joined with cat
                try:
                    yield number, json.loads(text[1:])
                    continue
                except json.JSONDecodeError:
                    pass
            yield number, LogRowError(source, number, f"not valid JSON ({exc.msg} at column {exc.colno})")


def _json_rows(source: str, lines: Iterable[_Line]) -> Iterator[tuple[int, Any]]:
    document = b"".join(raw for _, raw in lines)
    try:
        text = document.decode("utf-8")
    except UnicodeDecodeError as exc:
        line_start = document.rfind(b"\n", 0, exc.start) + 1
        problem = _not_utf8(document[line_start : exc.start], document[exc.start])
        raise LogRowError(source, document.count(b"\n", 0, exc.start) + 1, problem) from None
    if not text.strip():
        return
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise LogRowError(source, exc.lineno, f"not valid JSON ({exc.msg})") from exc
    if isinstance(data, list) and data and isinstance(data[0], Mapping) and "role" in data[0]:
        data = [data]  # one bare message array
    items = data if isinstance(data, list) else [data]
    yield from enumerate(items, start=1)


# --- detection --------------------------------------------------------------------------------


def _has_list(row: Any, key: str) -> bool:
    return isinstance(row, Mapping) and isinstance(row.get(key), list)


_DETECT: list[tuple[str, Callable[[Any], bool]]] = [
    ("chatgpt", lambda row: isinstance(row, Mapping) and isinstance(row.get("mapping"), Mapping)),
    ("claude", lambda row: _has_list(row, "chat_messages")),
    (
        "hh-rlhf",
        lambda row: (
            isinstance(row, Mapping)
            and (isinstance(row.get("chosen"), str) or isinstance(row.get("transcript"), str))
        ),
    ),
    ("lmsys", lambda row: _has_list(row, "conversation")),
    ("sharegpt", lambda row: _has_list(row, "conversations")),
    (
        "openai",
        lambda row: (
            isinstance(row, list)
            or _has_list(row, "messages")
            or (isinstance(row, Mapping) and _has_list(row.get("input"), "messages"))
        ),
    ),
]


def _row_format(row: Any) -> str | None:
    """The log format a row (or JSON document) is in, or None."""
    return next((name for name, matches in _DETECT if matches(row)), None)


def _detect(row: Any, source: str, line: int) -> str:
    name = _row_format(row)
    if name is not None:
        return name
    tried = ", ".join(name for name, _ in _DETECT)
    raise LogRowError(source, line, f"matches no known log format (tried: {tried}); {_describe(row)}")


def _describe(row: Any) -> str:
    if isinstance(row, Mapping):
        return f"keys: {', '.join(sorted(map(str, row))) or 'none'}"
    return f"got a JSON {type(row).__name__}"


def _mapping(row: Any, key: str) -> Mapping[str, Any]:
    if not isinstance(row, Mapping):
        raise _Problem(f"expected a JSON object with {key!r}, {_describe(row)}")
    if key not in row:
        raise _Problem(f"no {key!r} in this row ({_describe(row)})")
    return row


def _list(value: Any, what: str) -> list[Any]:
    if not isinstance(value, list):
        raise _Problem(f"{what} must be a list, got {type(value).__name__}")
    return value


def _str_id(*values: Any) -> str | None:
    return next((str(v) for v in values if v is not None), None)


def _timestamp(*fields: tuple[str, Any]) -> dict[str, str]:
    """``{"timestamp": ...}`` from the first of the (where, value) fields that holds a value (see
    ``timestamps``), or ``{}`` when none does; ``_Problem`` when that value is not a time."""
    for where, value in fields:
        if value is None:
            continue
        try:
            return {"timestamp": format_timestamp(parse_timestamp(value))}
        except ValueError as exc:
            raise _Problem(f"timestamp in {where!r}: {exc}") from None
    return {}


def _first_with(turns: Iterable[tuple[str, Any]], key: str) -> tuple[str, Any]:
    """(where, value) of ``key`` in the first of the (where, turn) turns that holds one."""
    for where, turn in turns:
        if isinstance(turn, Mapping) and turn.get(key) is not None:
            return f"{where}.{key}", turn[key]
    return key, None


# --- readers: one row in, conversations out ---------------------------------------------------


def _read_openai(row: Any) -> list[_Item]:
    if not isinstance(row, Mapping):
        return [(None, "", row, {})]
    meta = dict(row["metadata"]) if isinstance(row.get("metadata"), Mapping) else {}
    meta |= _timestamp(
        ("metadata.timestamp", meta.pop("timestamp", None)),
        ("timestamp", row.get("timestamp")),
        ("created", row.get("created")),
    )
    conv_id = _str_id(row.get("id"), row.get("conversation_id"))
    if "preferred_output" in row or "non_preferred_output" in row:
        prompt = _list(_mapping(row.get("input"), "messages")["messages"], "'input.messages'")
        return [
            (conv_id, ":" + key.removesuffix("_output"), prompt + _list(row[key], f"{key!r}"), meta)
            for key in ("preferred_output", "non_preferred_output")
            if key in row
        ]
    _mapping(row, "messages")
    return [(conv_id, "", {k: row[k] for k in ("system", "messages") if k in row}, meta)]


_SHAREGPT_ROLES = {
    "human": "user",
    "user": "user",
    "gpt": "assistant",
    "assistant": "assistant",
    "chatgpt": "assistant",
    "bing": "assistant",
    "bard": "assistant",
    "model": "assistant",
    "system": "system",
    "function_call": "function_call",
    "observation": "tool",
    "tool": "tool",
}


def _read_sharegpt(row: Any) -> list[_Item]:
    key = "conversations" if _has_list(row, "conversations") else "messages"
    turns = _list(_mapping(row, key)[key], f"{key!r}")
    messages: list[Any] = []
    if isinstance(row.get("system"), str) and row["system"]:
        messages.append({"role": "system", "content": row["system"]})
    for i, turn in enumerate(turns):
        if not isinstance(turn, Mapping):
            raise _Problem(f"turn {i}: expected an object, got {type(turn).__name__}")
        speaker = turn.get("from", turn.get("role"))
        text = turn.get("value", turn.get("content"))
        role = _SHAREGPT_ROLES.get(str(speaker).lower())
        if role is None:
            known = ", ".join(sorted(_SHAREGPT_ROLES))
            raise _Problem(f"turn {i}: unknown role {speaker!r} (expected one of: {known})")
        if text is None:
            raise _Problem(f"turn {i} ({speaker}): no 'value'")
        messages.append(_function_call(text) if role == "function_call" else {"role": role, "content": text})
    return [(_str_id(row.get("id")), "", messages, {})]


def _function_call(value: Any) -> dict[str, Any]:
    try:
        call = json.loads(value) if isinstance(value, str) else value
    except json.JSONDecodeError:
        call = None
    if isinstance(call, Mapping) and "name" in call:
        return {"role": "assistant", "content": None, "function_call": call}
    return {"role": "assistant", "content": f"[tool call {value}]"}


_HH_SPLIT = re.compile(r"(\n\nHuman: |\n\nAssistant: )")


def _transcript(text: Any, what: str) -> list[dict[str, str]]:
    if not isinstance(text, str):
        raise _Problem(f"{what!r} must be a string, got {type(text).__name__}")
    parts = _HH_SPLIT.split(text)
    if len(parts) < 3:
        raise _Problem(f"{what!r} has no '\\n\\nHuman: ' or '\\n\\nAssistant: ' turns")
    if parts[0].strip():
        raise _Problem(f"{what!r} has text before its first turn: {parts[0][:40]!r}")
    return [
        {"role": "user" if delim.strip() == "Human:" else "assistant", "content": body}
        for delim, body in zip(parts[1::2], parts[2::2], strict=True)
    ]


def _read_hh_rlhf(row: Any) -> list[_Item]:
    if isinstance(row, Mapping) and "transcript" in row:
        meta = {k: v for k, v in row.items() if k != "transcript"}
        return [(None, "", _transcript(row["transcript"], "transcript"), meta)]
    _mapping(row, "chosen")
    return [(None, ":" + key, _transcript(row[key], key), {}) for key in ("chosen", "rejected") if key in row]


def _read_lmsys(row: Any) -> list[_Item]:
    turns = _list(_mapping(row, "conversation")["conversation"], "'conversation'")
    messages = [
        {k: t[k] for k in ("role", "content") if k in t} if isinstance(t, Mapping) else t for t in turns
    ]
    meta = {k: row[k] for k in ("model", "language") if k in row}
    meta |= _timestamp(
        ("timestamp", row.get("timestamp")),
        ("tstamp", row.get("tstamp")),
        _first_with(((f"conversation[{i}]", t) for i, t in enumerate(turns)), "timestamp"),
    )
    return [(_str_id(row.get("conversation_id"), row.get("conversation_hash")), "", messages, meta)]


def _read_chatgpt(row: Any) -> list[_Item]:
    mapping = _mapping(row, "mapping")["mapping"]
    if not isinstance(mapping, Mapping):
        raise _Problem("'mapping' must be an object")
    path: list[Mapping[str, Any]] = []
    node_id = row.get("current_node")
    if node_id is None:
        raise _Problem("no 'current_node' in this conversation")
    while node_id is not None:
        node = mapping.get(node_id)
        if not isinstance(node, Mapping) or len(path) > len(mapping):
            raise _Problem(f"node {node_id!r} is missing from 'mapping' (or the parents form a loop)")
        path.append(node)
        node_id = node.get("parent")
    messages = [m for node in reversed(path) if (m := _chatgpt_message(node.get("message"))) is not None]
    meta = {"title": row.get("title"), "model": row.get("default_model_slug")}
    on_path = ((f"mapping.{node.get('id')}.message", node.get("message")) for node in reversed(path))
    stamp = _timestamp(("create_time", row.get("create_time")), _first_with(on_path, "create_time"))
    conv_id = _str_id(row.get("id"), row.get("conversation_id"))
    return [(conv_id, "", messages, {k: v for k, v in meta.items() if v is not None} | stamp)]


def _chatgpt_message(msg: Any) -> dict[str, Any] | None:
    if not isinstance(msg, Mapping):
        return None
    if (msg.get("metadata") or {}).get("is_visually_hidden_from_conversation"):
        return None
    author = msg.get("author") or {}
    role = author.get("role")
    content = msg.get("content") or {}
    kind = content.get("content_type")
    if kind in ("text", "multimodal_text"):
        text = "\n".join(_chatgpt_part(p) for p in content.get("parts") or [])
    elif kind == "execution_output":
        role, text = "tool", str(content.get("text", ""))
    else:  # code, browsing quotes, ...: their text, or a marker
        text = str(content.get("text") or content.get("result") or f"[{kind}]")
    if role == "system" and not text.strip():
        return None
    message: dict[str, Any] = {"role": role, "content": text}
    if role == "tool" and author.get("name"):
        message["name"] = author["name"]
    return message


def _chatgpt_part(part: Any) -> str:
    if isinstance(part, str):
        return part
    kind = str(part.get("content_type", "")) if isinstance(part, Mapping) else ""
    if kind.startswith("audio"):
        return "[audio]"
    return "[image]" if kind.endswith("asset_pointer") else f"[{kind or 'attachment'}]"


def _read_claude(row: Any) -> list[_Item]:
    turns = _list(_mapping(row, "chat_messages")["chat_messages"], "'chat_messages'")
    messages = []
    for i, turn in enumerate(turns):
        if not isinstance(turn, Mapping):
            raise _Problem(f"message {i}: expected an object, got {type(turn).__name__}")
        sender = turn.get("sender")
        blocks: list[Any] = turn["content"] if isinstance(turn.get("content"), list) else []
        texts = [b["text"] for b in blocks if isinstance(b, Mapping) and b.get("type") == "text"]
        text = "\n".join(t for t in texts if isinstance(t, str)) if texts else turn.get("text")
        if not isinstance(text, str):
            raise _Problem(f"message {i} ({sender}): no text")
        messages.append({"role": "user" if sender == "human" else sender, "content": text})
    meta = {"name": row["name"]} if row.get("name") is not None else {}
    meta |= _timestamp(
        ("created_at", row.get("created_at")),
        _first_with(((f"chat_messages[{i}]", t) for i, t in enumerate(turns)), "created_at"),
    )
    return [(_str_id(row.get("uuid")), "", messages, meta)]


_READERS: dict[str, Callable[[Any], list[_Item]]] = {
    "openai": _read_openai,
    "sharegpt": _read_sharegpt,
    "hh-rlhf": _read_hh_rlhf,
    "lmsys": _read_lmsys,
    "chatgpt": _read_chatgpt,
    "claude": _read_claude,
}


# --- Inspect AI eval logs ---------------------------------------------------------------------

#: sample fields the conversation does not need; leaving them out makes large logs fast to read
_INSPECT_SKIP = {"events", "store"}
_INSPECT_JSON_HEAD = re.compile(r'\s*\{\s*"version"\s*:\s*\d+\s*,\s*"status"\s*:')


def _looks_like_inspect_log(log: _Input) -> bool:
    """A ``.eval`` file, or a ``.json`` file (or a stream) that starts the way Inspect serialises an
    ``EvalLog``."""
    if log.suffix == ".eval":
        return True
    if log.suffix != ".json" and log.path is not None:
        return False
    return _INSPECT_JSON_HEAD.match(log.head[:1024].decode(log.encoding, "ignore")) is not None


def _inspect_log(log: _Input, on_error: Callable[[LogRowError], None] | None) -> Iterator[Conversation]:
    if log.path is None:
        raise ConfigurationError(
            f"{log.name}: Inspect AI logs are read from a file, not a stream: "
            "save it to a .eval or .json file and pass that"
        )
    if not log.bom:
        yield from _read_inspect(log.path, on_error)
        return
    # Inspect reads the file itself, and not past a byte-order mark: give it a copy without one
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / log.path.name
        with copy.open("wb") as fh:
            if log.encoding == "utf-8":
                fh.write(log.head)
                shutil.copyfileobj(log.stream, fh)
            else:
                fh.writelines(log.lines())
        yield from _read_inspect(copy, on_error, source=log.name)


def _first_bad_bytes(path: Path, source: str) -> ConversationError:
    """Where a file stops being UTF-8 (Inspect says only that it is not)."""
    with path.open("rb") as fh:
        for number, raw in enumerate(fh, start=1):
            line = raw.removeprefix(codecs.BOM_UTF8) if number == 1 else raw
            try:
                line.decode("utf-8")
            except UnicodeDecodeError as exc:
                return LogRowError(source, number, _not_utf8(line[: exc.start], line[exc.start]))
    return ConversationError(f"{source}: not a readable Inspect AI log (not UTF-8 text)")


def _read_inspect(
    path: Path, on_error: Callable[[LogRowError], None] | None, *, source: str | None = None
) -> Iterator[Conversation]:
    try:
        from inspect_ai.log import read_eval_log, read_eval_log_samples
    except ImportError as exc:
        raise MissingDependencyError("inspect-ai", "inspect", "Reading Inspect AI logs") from exc
    source = source or str(path)
    samples: Iterable[Any]
    try:
        header = read_eval_log(str(path), header_only=True)
        if path.suffix == ".eval" and header.eval.dataset.sample_ids is not None:
            # one sample in memory at a time
            samples = read_eval_log_samples(
                str(path), all_samples_required=False, resolve_attachments=True, exclude_fields=_INSPECT_SKIP
            )
        else:
            samples = read_eval_log(str(path), resolve_attachments=True).samples or []
    except UnicodeDecodeError:
        raise _first_bad_bytes(path, source) from None
    except Exception as exc:  # Inspect raises whatever its zip, JSON or pydantic layer raised
        raise ConversationError(f"{source}: not a readable Inspect AI log ({exc})") from exc
    found = False
    for position, sample in enumerate(samples, start=1):
        found = True
        meta = {
            "task": header.eval.task,
            "model": header.eval.model,
            "sample_id": sample.id,
            "epoch": sample.epoch,
            "source": source,
            "line": position,
            "format": "inspect",
        }
        try:
            # when the sample started; logs from before samples recorded it: when the eval was created
            meta |= _timestamp(
                ("started_at", getattr(sample, "started_at", None)), ("eval.created", header.eval.created)
            )
            yield to_conversation(
                from_inspect_messages(sample.messages), id=f"{sample.id}:epoch{sample.epoch}", metadata=meta
            )
        except (ConversationError, _Problem) as exc:
            error = LogRowError(source, position, f"sample {sample.id!r} epoch {sample.epoch}: {exc}")
            if on_error is None:
                raise error from exc
            on_error(error)
    if not found:
        raise ConversationError(
            f"{source}: this Inspect AI log holds no samples (status {header.status!r}); "
            "it was written without samples (--no-log-samples) or stopped before any finished"
        )


def from_inspect_messages(messages: Iterable[Any]) -> list[dict[str, Any]]:
    """Inspect ``ChatMessage`` objects as message dicts ``to_conversation`` reads.

    System and tool messages are kept; tool calls, tool errors, reasoning and non-text content
    become the same readable markers as in any other log (``[tool call search({"q": "x"})]``).
    Reads attributes only, so it needs no import of ``inspect_ai``.
    """
    return [_inspect_message(m) for m in messages]


def _inspect_message(msg: Any) -> dict[str, Any]:
    content: str | list[Any] = (
        msg.content if isinstance(msg.content, str) else [_inspect_part(p) for p in msg.content]
    )
    out: dict[str, Any] = {"role": msg.role, "content": content}
    if msg.role == "assistant" and msg.tool_calls:
        out["tool_calls"] = [
            {
                "id": call.id,
                "function": {
                    "name": call.function,
                    "arguments": json.dumps(call.arguments, ensure_ascii=False, sort_keys=True),
                },
            }
            for call in msg.tool_calls
        ]
    if msg.role == "tool":
        out["tool_call_id"] = msg.tool_call_id or msg.function
        if msg.error is not None:
            error = {"type": "text", "text": f"[tool error: {msg.error.message}]"}
            out["content"] = [content, error] if isinstance(content, str) else [*content, error]
    return out


def _inspect_part(part: Any) -> dict[str, Any]:
    kind = part.type
    if kind == "text":
        return {"type": "text", "text": part.text}
    if kind == "reasoning":
        if not part.redacted:
            return {"type": "thinking", "thinking": part.reasoning}
        # redacted reasoning is encrypted: a summary, when there is one, is all there is to read
        if part.summary:
            return {"type": "thinking", "thinking": part.summary}
        return {"type": "redacted_thinking"}
    if kind == "tool_use":
        result = f"\n{part.result}" if part.result else ""
        return {"type": "text", "text": f"[tool call {part.name}({part.arguments})]{result}"}
    if kind == "image":
        return {"type": "image_url", "image_url": {"url": part.image}}
    if kind == "document":
        return {"type": "document", "title": part.filename}
    return {"type": kind}


# --- Parquet files ----------------------------------------------------------------------------

#: rows decoded at a time: a Parquet file is read one row group, and within it one batch, at a time
_PARQUET_BATCH = 512


def _looks_like_parquet(log: _Input) -> bool:
    """A file that starts with Parquet's magic bytes, or is named ``.parquet``."""
    return log.head.startswith(b"PAR1") or log.suffix == ".parquet"


def _parquet_log(
    log: _Input, fmt: str, on_error: Callable[[LogRowError], None] | None
) -> Iterator[Conversation]:
    with _open_parquet(log, "Reading Parquet logs") as parquet:
        yield from _from_rows(_parquet_rows(parquet, log.name), fmt, source=log.name, on_error=on_error)


def _open_parquet(log: _Input, purpose: str) -> Any:
    """``log`` as a ``pyarrow.parquet.ParquetFile``: ``ConfigurationError`` for a stream,
    ``MissingDependencyError`` without ``pyarrow``, ``ConversationError`` when it cannot read it."""
    if log.path is None:
        raise ConfigurationError(
            f"{log.name}: Parquet files are read from a file, not a stream: "
            "save it to a .parquet file and pass that"
        )
    pa, pq = _pyarrow(purpose)
    try:
        return pq.ParquetFile(log.path)
    except (pa.ArrowException, OSError) as exc:
        raise ConversationError(
            f"{log.name}: not a readable Parquet file ({_one_line(exc)}); it may be truncated or "
            "still being written: copy or download it again"
        ) from exc


def _pyarrow(purpose: str) -> tuple[Any, Any]:
    """``pyarrow`` and ``pyarrow.parquet``, or ``MissingDependencyError`` naming the extra."""
    try:
        import pyarrow
        import pyarrow.parquet
    except ImportError as exc:
        raise MissingDependencyError("pyarrow", "parquet", purpose) from exc
    return pyarrow, pyarrow.parquet


def _parquet_rows(parquet: Any, source: str) -> Iterator[tuple[int, Any]]:
    """(row number, row) across the row groups; a row group that cannot be decoded is one
    ``LogRowError`` at its first unread row, and the next row group is read."""
    import pyarrow

    first = 1
    for group in range(parquet.num_row_groups):
        size = parquet.metadata.row_group(group).num_rows
        number = first
        try:
            for batch in parquet.iter_batches(batch_size=_PARQUET_BATCH, row_groups=[group]):
                for row in batch.to_pylist():
                    yield number, without_nulls(row)
                    number += 1
        except (pyarrow.ArrowException, OSError) as exc:
            problem = (
                f"rows {number}-{first + size - 1} (row group {group}) cannot be decoded "
                f"({_one_line(exc)}); the file may be damaged: copy or download it again"
            )
            yield number, LogRowError(source, number, problem)
        first += size


def _one_line(exc: Exception) -> str:
    return " ".join(str(exc).split())


def without_nulls(value: Any) -> Any:
    """A columnar row (Parquet, Arrow, a Ray batch) with its null fields left out, as a JSON row
    leaves out a key it lacks: a column holds every key that any row has. Give it to ``read_rows``."""
    if isinstance(value, dict):
        return {k: without_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [without_nulls(v) for v in value]
    return value


def _parquet_count(path: Path) -> int | None:
    """The rows in a Parquet file, from its footer; None without ``pyarrow`` or when it cannot read it."""
    try:
        pa, pq = _pyarrow("Counting rows")
    except MissingDependencyError:
        return None
    try:
        return int(pq.read_metadata(path).num_rows)
    except (pa.ArrowException, OSError):
        return None


def read_many_logs(
    paths: Iterable[str | Path],
    *,
    format: str = "auto",
    on_error: Callable[[LogRowError], None] | None = None,
    skip: Collection[str] = (),
    limit: int | None = None,
) -> Iterator[Conversation]:
    """Stream the conversations of several log files in order, leaving out the ids in ``skip``.

    ``limit``: only the first ``limit`` conversations of the logs are considered, whether they are
    skipped or not, so a resumed run covers the same conversations as the first one."""
    count = 0
    for path in paths:
        for conversation in read_logs(path, format=format, on_error=on_error):
            if limit is not None and count >= limit:
                return
            count += 1
            if conversation.id not in skip:
                yield conversation
