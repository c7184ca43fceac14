"""Judge backends: where a rendered judge prompt goes to be answered.

``resolve_backend("openai/gpt-5-mini")`` builds a backend from a spec string through the registry
(``registry.py``). Built in: ``openai/<model>`` (also any OpenAI-compatible server via
``base_url`` or ``OPENAI_BASE_URL``), ``anthropic/<model>``, ``heuristic`` (the offline judge,
registered by ``underreach_judge.heuristic``) and ``auto`` (a configured key's provider, else
the heuristic judge). ``register_backend`` adds a provider.
"""

from __future__ import annotations

from . import anthropic, openai  # noqa: F401  (each registers its spec prefix)
from .base import JudgeBackend, JudgeRequest, JudgeResponse, StopReason
from .registry import register_backend, registered_backends, resolve_auto_spec, resolve_backend
from .scripted import FunctionBackend, ScriptedBackend

__all__ = [
    "FunctionBackend",
    "JudgeBackend",
    "JudgeRequest",
    "JudgeResponse",
    "ScriptedBackend",
    "StopReason",
    "register_backend",
    "registered_backends",
    "resolve_auto_spec",
    "resolve_backend",
]
