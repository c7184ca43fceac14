"""Grading: conversations in, verdicts out.

- ``settle.py``: a judge's reply (or the failure to get one) becomes a ``Verdict``; pure.
- ``grader.py``: the ``Grader`` protocol the rest of the package grades through.
- ``judge.py``: ``Judge``, one backend with retry, cache and pricing.
- ``panel.py``: ``Panel``, several judges or samples, majority vote.
- ``runner.py``: many conversations at once, and the bridge from synchronous code.
- ``api.py``: the entry points (``grade_conversation``, ``grade_many``, ``calibrate``).
"""

from .api import JudgeLike, agrade_conversation, as_judge, calibrate, grade_conversation, grade_many
from .grader import ConversationLike, Grader
from .judge import Judge
from .panel import Panel
from .runner import Grading, agrade_many, stream

__all__ = [
    "ConversationLike",
    "Grader",
    "Grading",
    "Judge",
    "JudgeLike",
    "Panel",
    "agrade_conversation",
    "agrade_many",
    "as_judge",
    "calibrate",
    "grade_conversation",
    "grade_many",
    "stream",
]
