"""underreach-judge: grade whole chat conversations for refusal underreach.

>>> from underreach_judge import grade_conversation
>>> v = grade_conversation(messages, judge="heuristic")
>>> v.label, v.patterns
"""

from .backends import (
    FunctionBackend,
    JudgeBackend,
    JudgeRequest,
    JudgeResponse,
    ScriptedBackend,
    register_backend,
)
from .conversation import Conversation, Message, to_conversation
from .exceptions import (
    BackendError,
    BatchError,
    BatchNotReady,
    CalibrationError,
    ComparisonError,
    ConfigurationError,
    ConnectError,
    ConversationError,
    GoldenRowError,
    JudgeError,
    JudgeUnavailable,
    LogRowError,
    MissingDependencyError,
    NothingToSubmit,
    PromptError,
    ResultRowError,
    RowError,
    RubricError,
    SuiteError,
    TransientBackendError,
    UnderreachError,
    VerdictParseError,
)
from .grading import Grader, Judge, Panel, agrade_conversation, calibrate, grade_conversation, grade_many
from .logs import read_logs
from .render import render_prompt
from .reporting import Calibration, Comparison, Report, aggregate, compare, read_results
from .retry import RetryPolicy
from .rubric import Rubric, load_rubric
from .verdict import Caveat, Evidence, Finding, Flip, Usage, Verdict

__version__ = "0.1.0"

__all__ = [
    "BackendError",
    "BatchError",
    "BatchNotReady",
    "Calibration",
    "CalibrationError",
    "Caveat",
    "Comparison",
    "ComparisonError",
    "ConfigurationError",
    "ConnectError",
    "Conversation",
    "ConversationError",
    "Evidence",
    "Finding",
    "Flip",
    "FunctionBackend",
    "GoldenRowError",
    "Grader",
    "Judge",
    "JudgeBackend",
    "JudgeError",
    "JudgeRequest",
    "JudgeResponse",
    "JudgeUnavailable",
    "LogRowError",
    "Message",
    "MissingDependencyError",
    "NothingToSubmit",
    "Panel",
    "PromptError",
    "Report",
    "ResultRowError",
    "RetryPolicy",
    "RowError",
    "Rubric",
    "RubricError",
    "ScriptedBackend",
    "SuiteError",
    "TransientBackendError",
    "UnderreachError",
    "Usage",
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
    "read_results",
    "register_backend",
    "render_prompt",
    "to_conversation",
]
