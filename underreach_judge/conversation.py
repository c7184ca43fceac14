"""Conversations in: OpenAI-style dicts, Anthropic-style content blocks, or a ``Conversation``.

Everything is normalised to plain-text messages with one of four roles, so that the judge prompt,
the heuristic judge and evidence verification all see the same text. Tool calls, tool results and
non-text parts become short readable markers such as ``[tool call lookup({"q": "x"})]``.
Turn indices are 0-based positions in the message list as given (a system message is index 0).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from .exceptions import ConversationError

Role = Literal["system", "user", "assistant", "tool"]

_ROLE_ALIASES: dict[str, Role] = {
    "system": "system",
    "developer": "system",
    "user": "user",
    "assistant": "assistant",
    "tool": "tool",
    "function": "tool",
}


class Message(BaseModel):
    """One normalised message: a role and its text."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    role: Role
    content: str


class Conversation(BaseModel):
    """A whole conversation, ready to grade."""

    model_config = ConfigDict(extra="forbid")

    id: str = ""
    messages: list[Message]
    metadata: dict[str, Any] = Field(default_factory=dict)

    def model_post_init(self, __context: Any) -> None:
        if not self.id:
            self.id = self.content_hash()[:16]

    def content_hash(self) -> str:
        """sha256 of the roles and texts, independent of id and metadata."""
        digest = hashlib.sha256()
        for m in self.messages:
            # length-prefixed, so no choice of texts can make two conversations collide
            digest.update(f"{m.role}:{len(m.content)}:".encode())
            digest.update(m.content.encode())
        return digest.hexdigest()

    def turns(self, role: Role) -> list[int]:
        """Indices of the messages with this role."""
        return [i for i, m in enumerate(self.messages) if m.role == role]


def to_conversation(
    messages: Conversation | Mapping[str, Any] | Sequence[Any],
    *,
    id: str | None = None,
    metadata: Mapping[str, Any] | None = None,
) -> Conversation:
    """Normalise any accepted input shape into a ``Conversation``.

    Accepts a ``Conversation``; a list of OpenAI- or Anthropic-style message dicts; or a mapping
    with a ``messages`` list (and, Anthropic-style, an optional top-level ``system``).
    Raises ``ConversationError`` naming the message index and the problem.
    """
    if isinstance(messages, Conversation):
        if id is None and metadata is None:
            return messages
        return messages.model_copy(
            update={
                "id": id if id is not None else messages.id,
                "metadata": {**messages.metadata, **(metadata or {})},
            }
        )
    prefix: list[Message] = []
    if isinstance(messages, Mapping):
        if "messages" not in messages:
            raise ConversationError(
                "a conversation given as a mapping needs a 'messages' list "
                f"(got keys: {', '.join(sorted(map(str, messages))) or 'none'})"
            )
        system = messages.get("system")
        if system is not None:
            prefix.append(Message(role="system", content=_content_text(system, index=0, role="system")))
        messages = messages["messages"]
    if isinstance(messages, (str, bytes)) or not isinstance(messages, Sequence):
        raise ConversationError(f"messages must be a list of message dicts, got {type(messages).__name__}")
    if not prefix and messages and all(_plain(m) for m in messages):
        # the common case, nothing to normalise: validated in one go
        return Conversation.model_validate(
            {"id": id or "", "messages": list(messages), "metadata": dict(metadata or {})}
        )
    normalised = prefix + [_message(m, index=i + len(prefix)) for i, m in enumerate(messages)]
    if not normalised:
        raise ConversationError("the conversation has no messages")
    return Conversation(id=id or "", messages=normalised, metadata=dict(metadata or {}))


_PLAIN_ROLES = frozenset(("system", "user", "assistant"))


def _plain(raw: Any) -> bool:
    """A ``{"role", "content"}`` dict with a role as ``Message`` spells it and text content."""
    return (
        type(raw) is dict
        and len(raw) == 2
        and type(raw.get("content")) is str
        and raw.get("role") in _PLAIN_ROLES
    )


def _message(raw: Any, *, index: int) -> Message:
    if isinstance(raw, Message):
        return raw
    if type(raw) is dict and len(raw) == 2 and type(raw.get("content")) is str:
        role = _ROLE_ALIASES.get(raw.get("role"))  # type: ignore[arg-type]
        if role is not None and role != "tool":
            # the common case, already checked: skip re-validation
            return Message(role=role, content=raw["content"])
    if hasattr(raw, "model_dump") and not isinstance(raw, Mapping):
        raw = raw.model_dump()
    if not isinstance(raw, Mapping):
        raise ConversationError(f"message {index}: expected a dict, got {type(raw).__name__}")
    role_value = raw.get("role")
    if role_value is None:
        raise ConversationError(f"message {index}: missing 'role'")
    role = _ROLE_ALIASES.get(str(role_value).lower()) if isinstance(role_value, str) else None
    if role is None:
        raise ConversationError(
            f"message {index}: unknown role {role_value!r} "
            f"(expected one of: {', '.join(sorted(_ROLE_ALIASES))})"
        )
    pieces: list[str] = []
    has_content = "content" in raw and raw["content"] is not None
    if has_content:
        pieces.append(_content_text(raw["content"], index=index, role=role))
    if isinstance(raw.get("refusal"), str) and raw["refusal"]:
        pieces.append(raw["refusal"])
    tool_calls = raw.get("tool_calls") or []
    if not isinstance(tool_calls, list):
        raise ConversationError(f"message {index}: 'tool_calls' must be a list")
    pieces.extend(_tool_call_text(call, index=index) for call in tool_calls)
    if raw.get("function_call"):
        pieces.append(_tool_call_text({"function": raw["function_call"]}, index=index))
    if not pieces and not has_content:
        raise ConversationError(f"message {index} ({role}): missing 'content'")
    text = "\n".join(p for p in pieces if p)
    if role == "tool":
        ref = raw.get("tool_call_id") or raw.get("name")
        if ref:
            text = f"[tool result {ref}]\n{text}"
    return Message(role=role, content=text)


def _tool_call_text(call: Any, *, index: int) -> str:
    if not isinstance(call, Mapping):
        raise ConversationError(f"message {index}: each tool call must be a dict")
    inner = call.get("function")
    fn: Mapping[str, Any] = inner if isinstance(inner, Mapping) else call
    name = fn.get("name", "?")
    args = fn.get("arguments", fn.get("input", ""))
    if not isinstance(args, str):
        args = json.dumps(args, ensure_ascii=False, sort_keys=True)
    return f"[tool call {name}({args})]"


def _content_text(content: Any, *, index: int, role: str) -> str:
    if isinstance(content, str):
        return content
    if isinstance(content, Mapping):
        content = [content]
    if not isinstance(content, Iterable):
        raise ConversationError(
            f"message {index} ({role}): content must be a string or a list of parts, "
            f"got {type(content).__name__}"
        )
    return "\n".join(_part_text(part, index=index, role=role) for part in content)


def _part_text(part: Any, *, index: int, role: str) -> str:
    if isinstance(part, str):
        return part
    if hasattr(part, "model_dump") and not isinstance(part, Mapping):
        part = part.model_dump()
    if not isinstance(part, Mapping):
        raise ConversationError(
            f"message {index} ({role}): content parts must be dicts or strings, got {type(part).__name__}"
        )
    kind = part.get("type")
    if kind in ("text", "input_text", "output_text") or (kind is None and "text" in part):
        text = part.get("text")
        if not isinstance(text, str):
            raise ConversationError(f"message {index} ({role}): a text part has no 'text' string")
        return text
    if kind == "refusal":
        return str(part.get("refusal", ""))
    if kind == "tool_use":
        return _tool_call_text(part, index=index)
    if kind == "tool_result":
        inner = part.get("content", "")
        body = _content_text(inner, index=index, role=role) if inner else ""
        error = " (error)" if part.get("is_error") else ""
        return f"[tool result {part.get('tool_use_id', '?')}{error}]\n{body}".rstrip()
    if kind == "thinking":
        return f"[reasoning]\n{part.get('thinking', '')}"
    if kind == "redacted_thinking":
        return "[redacted reasoning]"
    if kind in ("image", "image_url", "input_image"):
        url = part.get("image_url")
        src = url.get("url") if isinstance(url, Mapping) else url
        if isinstance(src, str) and not src.startswith("data:"):
            return f"[image {src}]"
        return "[image]"
    if kind in ("file", "document", "input_file"):
        inner = part.get("file")
        info: Mapping[str, Any] = inner if isinstance(inner, Mapping) else part
        name = info.get("filename") or info.get("title") or ""
        return f"[file {name}]".replace(" ]", "]")
    if kind in ("input_audio", "audio"):
        return "[audio]"
    if kind is None:
        raise ConversationError(f"message {index} ({role}): a content part has no 'type'")
    return f"[{kind}]"
