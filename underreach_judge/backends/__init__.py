"""Judge backends: where a rendered judge prompt goes to be answered.

``resolve_backend("openai/gpt-5-mini")`` builds a backend from a spec string. Specs:
``openai/<model>`` (also any OpenAI-compatible server via ``base_url`` or ``OPENAI_BASE_URL``),
``anthropic/<model>``, ``heuristic`` (offline, no key) and ``auto`` (a configured key's
provider, else the heuristic judge).
"""

from __future__ import annotations

import os
import sys
from typing import Any

from ..exceptions import ConfigurationError
from .base import JudgeBackend, JudgeRequest, JudgeResponse, StopReason
from .scripted import FunctionBackend, ScriptedBackend

__all__ = [
    "FunctionBackend",
    "JudgeBackend",
    "JudgeRequest",
    "JudgeResponse",
    "ScriptedBackend",
    "StopReason",
    "resolve_auto_spec",
    "resolve_backend",
]


_notified: set[str] = set()


def resolve_auto_spec(*, notify: bool = True) -> str:
    """The spec ``auto`` stands for here: a configured provider key's, else ``heuristic``.

    Says which on stderr, once per process and choice."""
    if os.environ.get("OPENAI_API_KEY") or os.environ.get("OPENAI_BASE_URL"):
        spec = "openai/" + os.environ.get("UNDERREACH_OPENAI_MODEL", "gpt-5-mini")
    elif os.environ.get("ANTHROPIC_API_KEY") or os.environ.get("ANTHROPIC_AUTH_TOKEN"):
        spec = "anthropic/" + os.environ.get("UNDERREACH_ANTHROPIC_MODEL", "claude-sonnet-4-6")
    else:
        spec = "heuristic"
    if notify and spec not in _notified:
        _notified.add(spec)
        reason = (
            "no OPENAI_API_KEY or ANTHROPIC_API_KEY is set"
            if spec == "heuristic"
            else "a provider key is set"
        )
        print(f"underreach-judge: judge 'auto' is using '{spec}' ({reason}).", file=sys.stderr)
    return spec


def resolve_backend(spec: str | JudgeBackend, **options: Any) -> JudgeBackend:
    """Build a backend from a spec string, or return a backend instance unchanged."""
    if not isinstance(spec, str):
        return spec
    if spec == "auto":
        spec = resolve_auto_spec()
    provider, _, model = spec.partition("/")
    if provider == "heuristic" and not model:
        from ..heuristic import HeuristicBackend

        if options:
            raise ConfigurationError(
                f"the heuristic judge takes no options (got: {', '.join(sorted(options))})"
            )
        return HeuristicBackend()
    if provider == "openai" and model:
        from .openai import OpenAIBackend

        return OpenAIBackend(model, **options)
    if provider == "anthropic" and model:
        from .anthropic import AnthropicBackend

        return AnthropicBackend(model, **options)
    raise ConfigurationError(
        f"unknown judge spec {spec!r}. Use 'openai/<model>', 'anthropic/<model>', 'heuristic' or "
        "'auto'; for an OpenAI-compatible server (vLLM, Ollama, llama.cpp) use 'openai/<model>' "
        "with base_url=... or OPENAI_BASE_URL."
    )
