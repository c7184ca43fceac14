"""Judge specs to backends: a registry of spec prefixes, each with a factory.

A spec is ``prefix/model`` (``openai/gpt-5-mini``) or a bare ``prefix`` (``heuristic``). Each
prefix maps to a factory ``factory(model, **options) -> JudgeBackend``. The built-in providers
register themselves where they are defined; a third party registers its own without editing this
package, either in code::

    from underreach_judge.backends import register_backend

    @register_backend("myprovider")
    def myprovider(model: str, **options: Any) -> JudgeBackend:
        return MyBackend(model, **options)

or, for an installed package, with an entry point in the ``underreach_judge.backends`` group
(name: the prefix, value: the factory), loaded the first time its prefix is asked for.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from importlib.metadata import entry_points
from typing import Any, TypeVar

from ..exceptions import ConfigurationError
from .base import JudgeBackend

BackendFactory = Callable[..., JudgeBackend]
F = TypeVar("F", bound=BackendFactory)

ENTRY_POINT_GROUP = "underreach_judge.backends"

_factories: dict[str, BackendFactory] = {}
#: how each prefix is written in a spec, for error messages
_usage: dict[str, str] = {}
_notified: set[str] = set()
#: what every backend must have (``JudgeBackend``), checked on backends given as objects
_CONTRACT = ("name", "offline", "base_url", "complete", "aclose")


def register_backend(prefix: str, *, usage: str | None = None) -> Callable[[F], F]:
    """Register ``factory(model, **options)`` for specs ``prefix/<model>`` (and a bare ``prefix``,
    where the factory gets ``model=""``). ``usage``: how the spec is written, for error messages
    (default ``prefix/<model>``). A later registration of the same prefix replaces it."""
    if not prefix or "/" in prefix or prefix == "auto":
        raise ConfigurationError(f"a backend prefix must be a plain name other than 'auto', not {prefix!r}")

    def register(factory: F) -> F:
        _factories[prefix] = factory
        _usage[prefix] = usage or f"{prefix}/<model>"
        return factory

    return register


def registered_backends() -> list[str]:
    """The prefixes registered so far (entry points are loaded when first asked for)."""
    return sorted(_factories)


def resolve_backend(spec: str | JudgeBackend, **options: Any) -> JudgeBackend:
    """A backend from a spec string, or a backend object as it is (which takes no options)."""
    if not isinstance(spec, str):
        if options:
            raise ConfigurationError(
                f"options {', '.join(sorted(options))} cannot apply to a backend object "
                f"({spec.name if hasattr(spec, 'name') else type(spec).__name__}): configure the backend "
                "itself, or pass a spec string such as 'openai/<model>' with the options"
            )
        check_backend(spec)
        return spec
    if spec == "auto":
        spec = resolve_auto_spec()
    prefix, _, model = spec.partition("/")
    factory = _factories.get(prefix) or _from_entry_point(prefix)
    if factory is None:
        known = ", ".join(
            f"'{p}/<model>'" if p != "heuristic" else "'heuristic'" for p in registered_backends()
        )
        raise ConfigurationError(
            f"unknown judge spec {spec!r}. Use {known} or 'auto'; for an OpenAI-compatible server "
            "(vLLM, Ollama, llama.cpp) use 'openai/<model>' with --base-url (base_url=...) or "
            "OPENAI_BASE_URL."
        )
    backend = factory(model, **options)
    check_backend(backend)
    return backend


def check_backend(backend: object) -> None:
    """Raise ``ConfigurationError`` naming what ``backend`` lacks of the ``JudgeBackend`` contract."""
    missing = [attr for attr in _CONTRACT if not hasattr(backend, attr)]
    if missing:
        raise ConfigurationError(
            f"{type(backend).__name__} is not a judge backend: it lacks {', '.join(missing)} "
            "(see underreach_judge.backends.JudgeBackend for the whole contract)"
        )


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


def _from_entry_point(prefix: str) -> BackendFactory | None:
    for entry in entry_points(group=ENTRY_POINT_GROUP, name=prefix):
        factory: BackendFactory = entry.load()
        _factories[prefix] = factory
        return factory
    return None
