"""underreach-judge: grade whole chat conversations for refusal underreach.

>>> from underreach_judge import grade_conversation
>>> v = grade_conversation(messages, judge="heuristic")
>>> v.label, v.patterns
"""

from .backends import FunctionBackend, JudgeBackend, JudgeRequest, JudgeResponse, ScriptedBackend
from .conversation import Conversation, Message, to_conversation
from .exceptions import (
    BackendError,
    ConfigurationError,
    ConversationError,
    JudgeError,
    MissingDependencyError,
    PromptError,
    RubricError,
    TransientBackendError,
    UnderreachError,
    VerdictParseError,
)
from .judge import Judge, agrade_conversation, grade_conversation, grade_many
from .logs import LogRowError, read_logs
from .render import render_prompt
from .reporting import Calibration, Comparison, Report, aggregate, calibrate, compare
from .retry import RetryPolicy
from .rubric import Rubric, load_rubric
from .verdict import Caveat, Evidence, Finding, Flip, Verdict

__version__ = "0.1.0"

__all__ = [
    "BackendError",
    "Calibration",
    "Caveat",
    "Comparison",
    "ConfigurationError",
    "Conversation",
    "ConversationError",
    "Evidence",
    "Finding",
    "Flip",
    "FunctionBackend",
    "Judge",
    "JudgeBackend",
    "JudgeError",
    "JudgeRequest",
    "JudgeResponse",
    "LogRowError",
    "Message",
    "MissingDependencyError",
    "PromptError",
    "Report",
    "RetryPolicy",
    "Rubric",
    "RubricError",
    "ScriptedBackend",
    "TransientBackendError",
    "UnderreachError",
    "Verdict",
    "VerdictParseError",
    "__version__",
    "aggregate",
    "agrade_conversation",
    "calibrate",
    "compare",
    "grade_conversation",
    "grade_many",
    "load_rubric",
    "read_logs",
    "render_prompt",
    "to_conversation",
]
