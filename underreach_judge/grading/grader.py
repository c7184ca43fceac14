"""The grader protocol: what the runner, the CLI and the integrations need of a judge.

``Judge`` (one backend, with retry, cache and pricing) and ``Panel`` (several judges or samples,
majority vote) both implement it; so can anything else that turns a conversation into a verdict.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Protocol, runtime_checkable

from ..conversation import Conversation
from ..rubric import Rubric
from ..verdict import JudgeInfo, Verdict

#: what grading accepts as a conversation: a ``Conversation``, a row with ``messages``, or a list
#: of OpenAI- or Anthropic-style messages
ConversationLike = Conversation | Mapping[str, Any] | Sequence[Any]


@runtime_checkable
class Grader(Protocol):
    """Grades one conversation at a time.

    - ``info``: the fingerprint every verdict carries; ``rubric``: the policy graded against.
    - ``offline``: ``True`` when grading never waits on I/O (the heuristic judge): the runner then
      grades one conversation after another, with no concurrency limit, and may run ``agrade``
      without an event loop.
    - ``agrade(...)``: never raises for a judge failure (that is an ``unscored`` or ``error``
      verdict); raises ``ConversationError`` only for input it cannot read.
    - ``aclose()``: release connections.
    """

    info: JudgeInfo
    rubric: Rubric
    offline: bool

    async def agrade(
        self,
        messages: ConversationLike,
        *,
        id: str | None = None,
        metadata: Mapping[str, Any] | None = None,
        sample: int = 0,
    ) -> Verdict: ...

    async def aclose(self) -> None: ...
