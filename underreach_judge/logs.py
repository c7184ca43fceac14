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

Files are JSONL (one value per line) or one JSON document (one conversation or a list of them).
Every conversation records ``source`` (the file), ``line`` (the line, or the 1-based position in a
JSON list) and ``format`` in its ``metadata``.
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from .conversation import Conversation, to_conversation
from .exceptions import ConversationError, MissingDependencyError
from .exceptions import LogRowError as LogRowError  # where it was first defined

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

# (id, or None for "<stem>:<line>"; suffix for that id; messages for ``to_conversation``; metadata)
_Item = tuple[str | None, str, Any, dict[str, Any]]


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
    raises ``LogRowError`` naming the file, line and problem, or, when ``on_error`` is given, is
    passed to it and reading goes on with the next row.
    """
    path = Path(path)
    if format not in FORMATS:
        raise ValueError(f"unknown log format {format!r}; expected one of: {', '.join(FORMATS)}")
    if not path.is_file():
        raise FileNotFoundError(f"log file not found: {path}")
    source = str(path)
    if format == "inspect" or (format == "auto" and _looks_like_inspect_log(path)):
        yield from _read_inspect(path, on_error)
        return
    container = format if format in ("jsonl", "json") else _sniff_container(path)
    rows = _jsonl_rows(path) if container == "jsonl" else _json_rows(path)
    fmt = _ALIASES.get(format, format)
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


# --- containers -------------------------------------------------------------------------------


def _sniff_container(path: Path) -> str:
    if path.suffix in (".jsonl", ".ndjson"):
        return "jsonl"
    with path.open(encoding="utf-8") as fh:
        first = ""
        for first in fh:
            if first.strip():
                break
        try:
            value = json.loads(first)
        except json.JSONDecodeError:
            return "json"
        if not isinstance(value, list):
            return "jsonl"
        # a one-line JSON list is a whole document unless more rows follow
        return "jsonl" if any(rest.strip() for rest in fh) else "json"


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


def _detect(row: Any, source: str, line: int) -> str:
    for name, matches in _DETECT:
        if matches(row):
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


# --- readers: one row in, conversations out ---------------------------------------------------


def _read_openai(row: Any) -> list[_Item]:
    if not isinstance(row, Mapping):
        return [(None, "", row, {})]
    meta = dict(row["metadata"]) if isinstance(row.get("metadata"), Mapping) else {}
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
    conv_id = _str_id(row.get("id"), row.get("conversation_id"))
    return [(conv_id, "", messages, {k: v for k, v in meta.items() if v is not None})]


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
_INSPECT_JSON_HEAD = re.compile(rb'\s*\{\s*"version"\s*:\s*\d+\s*,\s*"status"\s*:')


def _looks_like_inspect_log(path: Path) -> bool:
    """A ``.eval`` file, or a ``.json`` file that starts the way Inspect serialises an ``EvalLog``."""
    if path.suffix == ".eval":
        return True
    if path.suffix != ".json":
        return False
    with path.open("rb") as fh:
        return _INSPECT_JSON_HEAD.match(fh.read(256)) is not None


def _read_inspect(path: Path, on_error: Callable[[LogRowError], None] | None) -> Iterator[Conversation]:
    try:
        from inspect_ai.log import read_eval_log, read_eval_log_samples
    except ImportError as exc:
        raise MissingDependencyError("inspect-ai", "inspect", "Reading Inspect AI logs") from exc
    source = str(path)
    try:
        header = read_eval_log(source, header_only=True)
    except Exception as exc:  # Inspect raises whatever its zip, JSON or pydantic layer raised
        raise ConversationError(f"{source}: not a readable Inspect AI log ({exc})") from exc
    samples: Iterable[Any]
    if path.suffix == ".eval" and header.eval.dataset.sample_ids is not None:
        # one sample in memory at a time
        samples = read_eval_log_samples(
            source, all_samples_required=False, resolve_attachments=True, exclude_fields=_INSPECT_SKIP
        )
    else:
        samples = read_eval_log(source, resolve_attachments=True).samples or []
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
            yield to_conversation(
                from_inspect_messages(sample.messages), id=f"{sample.id}:epoch{sample.epoch}", metadata=meta
            )
        except ConversationError as exc:
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


def count_rows(path: str | Path, *, format: str = "auto") -> int | None:
    """The number of non-blank lines of a JSONL log (None when not cheaply countable)."""
    p = Path(path)
    if str(path) == "-" or not p.is_file() or p.suffix not in (".jsonl",):
        return None
    with p.open("rb") as fh:
        return sum(1 for line in fh if line.strip())
