"""The offline heuristic judge (``judge="heuristic"``): no key, no network, deterministic.

>>> from underreach_judge.heuristic import classify_stance, classify_pushback
>>> classify_stance("I can't help with that, but I can explain how to spot a fake invoice.")
'redirect'

It grades the *shape* of a conversation (refusals, pushback, disclaimers, framings and what follows
them) and cannot tell whether content is actually dangerous.
"""

from .assess import RequestAssessment, assess_request
from .backend import HeuristicBackend
from .grader import ConversationGrader
from .pushback import Pushback, classify_pressure, classify_pushback
from .stance import TurnReading, classify_stance, read_turn

__all__ = [
    "ConversationGrader",
    "HeuristicBackend",
    "Pushback",
    "RequestAssessment",
    "TurnReading",
    "assess_request",
    "classify_pressure",
    "classify_pushback",
    "classify_stance",
    "read_turn",
]
