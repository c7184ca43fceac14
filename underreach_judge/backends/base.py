"""The one seam between grading policy and transport.

A backend gets a rendered ``JudgeRequest`` and returns the judge's raw reply as a
``JudgeResponse``. It does no retrying, parsing or verification: the grading layer does that.
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
    #: why the judge did not grade, when ``stop`` is ``"refusal"`` (``None``: ``judge_refused``)
    unscored_reason: str | None = None
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
    """What a judge backend is: rendered request in, raw reply out. The whole contract:

    - ``name``: the judge's name in every verdict's fingerprint (``"openai/gpt-5-mini"``).
    - ``offline``: ``True`` for a backend that reads ``request.conversation`` itself, does no I/O
      and is deterministic, answering without ever suspending. It gets no rendered transcript, is
      never retried, timed or cached, and may be driven without an event loop.
    - ``base_url``: the server it talks to, part of the judge-call cache key (``None``: no server,
      or the provider's default).
    - ``complete(request)``: the reply, or ``TransientBackendError`` (worth retrying) /
      ``BackendError`` (not).
    - ``aclose()``: release connections; called when grading is done (a no-op when there are none).

    Register a backend for spec strings with ``register_backend`` (``backends/registry.py``).
    """

    @property
    def name(self) -> str: ...

    @property
    def offline(self) -> bool: ...

    @property
    def base_url(self) -> str | None: ...

    async def complete(self, request: JudgeRequest) -> JudgeResponse: ...

    async def aclose(self) -> None: ...
