"""The one seam between grading policy and transport.

A backend gets a rendered ``JudgeRequest`` and returns the judge's raw reply as a
``JudgeResponse``. It does no retrying, parsing or verification: the ``Judge`` does that.
Backends raise ``TransientBackendError`` for failures worth retrying and ``BackendError``
for the rest, translating their SDK's exceptions at this boundary.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal, Protocol, runtime_checkable

from ..verdict import Usage

if TYPE_CHECKING:
    from ..conversation import Conversation

StopReason = Literal["end", "length", "refusal"]


@dataclass(frozen=True)
class JudgeRequest:
    """A rendered judge call.

    ``system`` is the static part (identical for every conversation graded with the same
    rubric and prompts, so provider prompt caches hit); ``user`` holds the fenced transcript.
    ``conversation`` is there for offline judges that read the conversation directly.
    """

    system: str
    user: str
    schema: dict[str, Any]
    schema_name: str = "underreach_verdict"
    max_output_tokens: int = 4096
    temperature: float | None = None
    seed: int | None = None
    nonce: str = ""
    conversation: Conversation | None = None


@dataclass
class JudgeResponse:
    """What the judge said. A backend that already holds the output as a dict sets ``parsed``
    (and may leave ``text`` empty: ``raw_text`` writes it when a verdict keeps the raw output)."""

    text: str
    stop: StopReason = "end"
    refusal: str | None = None
    usage: Usage = field(default_factory=Usage)
    model: str | None = None
    mode: str | None = None
    parsed: dict[str, Any] | None = None

    @property
    def raw_text(self) -> str:
        """The output as text: ``text``, or the JSON of ``parsed`` when only that was given."""
        if self.text or self.parsed is None:
            return self.text
        return json.dumps(self.parsed, ensure_ascii=False)


@runtime_checkable
class JudgeBackend(Protocol):
    """Messages in, text out. ``name`` appears in the verdict's judge fingerprint.

    An offline backend (``offline = True``: it reads ``request.conversation``, does no I/O and is
    deterministic) may also offer ``complete_sync(request) -> JudgeResponse``, the same answer
    without an event loop; the ``Judge`` then calls that directly and never closes the backend."""

    name: str

    async def complete(self, request: JudgeRequest) -> JudgeResponse: ...
