"""Rendering: a conversation and a rubric in, the judge's two messages out. No I/O per call.

The system message is the static part (policy, patterns, examples, output instructions): it is
byte-identical for every conversation graded with the same rubric and prompts, so provider
prompt caches hit. The user message holds the transcript, fenced by a fresh random nonce, with
every line of message text prefixed by ``| `` and fence look-alikes neutralised, followed by a
restatement of the task.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import jinja2
from jinja2.sandbox import SandboxedEnvironment

from ._resources import bundled_dir
from .conversation import Conversation
from .exceptions import PromptError
from .fence import new_nonce, quote_body
from .rubric import Rubric
from .verdict import judge_output_schema

SYSTEM_TEMPLATE = "system.j2"
TRANSCRIPT_TEMPLATE = "transcript.j2"


@dataclass(frozen=True)
class RenderedPrompt:
    system: str
    user: str
    nonce: str


class PromptSet:
    """A pair of judge templates (``system.j2``, ``transcript.j2``) from a folder."""

    def __init__(self, folder: str | Path | None = None) -> None:
        self.folder = Path(folder) if folder is not None else bundled_dir("prompts")
        env = SandboxedEnvironment(
            loader=jinja2.FileSystemLoader(str(self.folder)),
            undefined=jinja2.StrictUndefined,
            autoescape=False,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )
        try:
            self._system = env.get_template(SYSTEM_TEMPLATE)
            self._transcript = env.get_template(TRANSCRIPT_TEMPLATE)
        except jinja2.TemplateNotFound as exc:
            raise PromptError(
                f"prompt template {exc.name!r} not found in {self.folder}; a prompt folder needs "
                f"{SYSTEM_TEMPLATE} and {TRANSCRIPT_TEMPLATE}"
            ) from exc
        except jinja2.TemplateSyntaxError as exc:
            raise PromptError(f"{exc.filename}:{exc.lineno}: template syntax error: {exc.message}") from exc
        sources = b"".join(
            (self.folder / name).read_bytes() for name in (SYSTEM_TEMPLATE, TRANSCRIPT_TEMPLATE)
        )
        self.sha256 = hashlib.sha256(sources).hexdigest()
        self._systems: dict[str, str] = {}

    def render_system(self, rubric: Rubric) -> str:
        """The static system message for a rubric (rendered once per rubric content)."""
        if rubric.sha256 not in self._systems:
            schema = json.dumps(
                judge_output_schema(rubric.pattern_ids, category_ids=rubric.category_ids),
                separators=(",", ":"),
            )
            self._systems[rubric.sha256] = _render(self._system, rubric=rubric, schema_json=schema)
        return self._systems[rubric.sha256]

    def render_transcript(self, conversation: Conversation, nonce: str) -> str:
        messages = [
            {"turn": i, "role": m.role, "body": quote_body(m.content, nonce)}
            for i, m in enumerate(conversation.messages)
        ]
        return _render(self._transcript, messages=messages, nonce=nonce)


def _render(template: jinja2.Template, **context: object) -> str:
    try:
        return template.render(**context)
    except jinja2.UndefinedError as exc:
        raise PromptError(f"template {template.name}: {exc.message}") from exc


@cache
def prompt_set(folder: str | None = None) -> PromptSet:
    """A cached ``PromptSet`` (the bundled one when ``folder`` is None)."""
    return PromptSet(folder)


def render_prompt(
    conversation: Conversation,
    rubric: Rubric,
    *,
    prompts: PromptSet | None = None,
    nonce: str | None = None,
    transcript: bool = True,
) -> RenderedPrompt:
    """Render the judge's system and user messages for one conversation (a fresh nonce unless one
    is given). With ``transcript=False`` the user message is left empty: an offline judge reads the
    conversation itself, and rendering it would be wasted work."""
    prompts = prompts or prompt_set()
    nonce = nonce or new_nonce()
    return RenderedPrompt(
        system=prompts.render_system(rubric),
        user=prompts.render_transcript(conversation, nonce) if transcript else "",
        nonce=nonce,
    )
