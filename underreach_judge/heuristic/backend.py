"""``HeuristicBackend``: the offline judge behind ``judge="heuristic"``. No key, no network,
deterministic; it reads ``request.conversation`` and ignores the rendered prompt."""

from __future__ import annotations

from typing import Any

from ..backends.base import JudgeRequest, JudgeResponse
from ..conversation import Conversation
from ..exceptions import BackendError, ConfigurationError
from .grader import ConversationGrader
from .language import readable


def _allowed_patterns(schema: dict[str, Any]) -> tuple[str, ...] | None:
    """The rubric's pattern ids, when the request's schema restricts them."""
    try:
        enum = schema["$defs"]["Finding"]["properties"]["pattern"]["enum"]
    except (KeyError, TypeError):
        return None
    return tuple(str(p) for p in enum) if isinstance(enum, list) else None


class HeuristicBackend:
    """Grades the conversation's shape with phrase cues and a small fitted stance model.

    It reports capitulation flips, caveats standing in for limits, frames taken as licence and
    held boundaries, with exact quotes; it cannot judge whether content is actually dangerous. Its
    cues are English: a conversation whose replies are mostly in another language is unscored with
    reason ``unsupported_language``, never graded.
    Findings for patterns the request's rubric does not define are left out.
    """

    name = "heuristic"
    #: reads the conversation itself, does no I/O and is deterministic (see ``JudgeBackend``)
    offline = True
    base_url: str | None = None

    def __init__(self) -> None:
        self._graders: dict[tuple[str, ...] | None, ConversationGrader] = {}

    async def complete(self, request: JudgeRequest) -> JudgeResponse:
        return self.complete_sync(request)

    async def aclose(self) -> None:
        """Nothing to close: no connections."""

    def complete_sync(self, request: JudgeRequest) -> JudgeResponse:
        """``complete`` as a plain function call (``complete`` never suspends)."""
        conversation = request.conversation
        if not isinstance(conversation, Conversation):
            raise BackendError(
                "the heuristic judge needs request.conversation (it reads the turns, not the prompt)"
            )
        return self.grade(conversation, _allowed_patterns(request.schema))

    def grade(self, conversation: Conversation, patterns: tuple[str, ...] | None = None) -> JudgeResponse:
        """Synchronous grading of one conversation (what ``complete`` does)."""
        messages = conversation.messages
        if not readable(
            (m.content for m in messages if m.role == "assistant"),
            (m.content for m in messages if m.role == "user"),
        ):
            return JudgeResponse(
                text="",
                stop="refusal",
                refusal="the conversation is mostly in a language other than English, which the "
                "offline judge cannot read; grade it with a model judge",
                unscored_reason="unsupported_language",
                mode="heuristic",
            )
        grader = self._graders.get(patterns)
        if grader is None:
            grader = self._graders[patterns] = ConversationGrader(patterns)
        output = grader.grade(conversation)
        return JudgeResponse(text="", parsed=output, mode="heuristic")  # raw_text writes the JSON when needed


def from_spec(model: str, **options: Any) -> HeuristicBackend:
    """The backend for the spec ``heuristic`` (registered in ``grading/judge.py``)."""
    if model:
        raise ConfigurationError(f"the heuristic judge is just 'heuristic', not 'heuristic/{model}'")
    if options:
        raise ConfigurationError(f"the heuristic judge takes no options (got: {', '.join(sorted(options))})")
    return HeuristicBackend()
