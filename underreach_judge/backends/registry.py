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
from importlib import import_module
from importlib.metadata import entry_points
from typing import Any, TypeVar

from ..exceptions import ConfigurationError
from ._sdk import checked_url
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


def lazy_factory(target: str) -> BackendFactory:
    """A factory named by ``"module:function"``, imported on first use (as an entry point is), so
    registering a backend with a heavy module costs nothing until someone asks for it."""
    module_name, _, attr = target.partition(":")

    def factory(model: str, **options: Any) -> JudgeBackend:
        real: BackendFactory = getattr(import_module(module_name), attr)
        return real(model, **options)

    factory.__qualname__ = target
    return factory


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
        spec = resolve_auto_spec(base_url=options.get("base_url"))
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


def resolve_auto_spec(*, base_url: str | None = None, notify: bool = True) -> str:
    """The spec ``auto`` stands for here, saying which on stderr (once per process and choice).

    An OpenAI-compatible server (``base_url``, else ``OPENAI_BASE_URL``) comes first: its model is
    ``UNDERREACH_OPENAI_MODEL`` or, when unset, the one model the server lists at ``/models`` (a
    server listing several, or none, is a ``ConfigurationError`` that names them). Then
    ``OPENAI_API_KEY`` (``openai/gpt-5-mini`` unless ``UNDERREACH_OPENAI_MODEL`` says otherwise),
    ``ANTHROPIC_API_KEY`` or ``ANTHROPIC_AUTH_TOKEN`` (``claude-sonnet-4-6`` unless
    ``UNDERREACH_ANTHROPIC_MODEL``), and else the offline ``heuristic`` judge."""
    server = base_url or os.environ.get("OPENAI_BASE_URL")
    if server:
        server = checked_url(server, "the base URL" if base_url else "OPENAI_BASE_URL")
        model = os.environ.get("UNDERREACH_OPENAI_MODEL") or served_model(server)
        spec, reason = f"openai/{model}", f"the server at {server} serves it"
    elif os.environ.get("OPENAI_API_KEY"):
        spec = "openai/" + os.environ.get("UNDERREACH_OPENAI_MODEL", "gpt-5-mini")
        reason = "OPENAI_API_KEY is set"
    elif os.environ.get("ANTHROPIC_API_KEY") or os.environ.get("ANTHROPIC_AUTH_TOKEN"):
        spec = "anthropic/" + os.environ.get("UNDERREACH_ANTHROPIC_MODEL", "claude-sonnet-4-6")
        reason = "an Anthropic key is set"
    else:
        spec, reason = "heuristic", "no OPENAI_API_KEY, ANTHROPIC_API_KEY or base URL is set"
    if notify and spec not in _notified:
        _notified.add(spec)
        print(f"underreach-judge: judge 'auto' is using '{spec}' ({reason}).", file=sys.stderr)
    return spec


def served_model(base_url: str, *, timeout: float = 10.0) -> str:
    """The one model an OpenAI-compatible server lists at ``{base_url}/models``."""
    import httpx2

    url = base_url.rstrip("/") + "/models"
    key = os.environ.get("OPENAI_API_KEY")
    pick = "name the model with --judge openai/<model> (or UNDERREACH_OPENAI_MODEL)"
    try:
        response = httpx2.get(url, headers={"Authorization": f"Bearer {key}"} if key else {}, timeout=timeout)
        response.raise_for_status()
        models = [str(m["id"]) for m in response.json()["data"]]
    except (httpx2.HTTPError, ValueError, KeyError, TypeError) as exc:
        raise ConfigurationError(f"judge 'auto' could not list the models at {url} ({exc}); {pick}") from None
    if len(models) != 1:
        served = ", ".join(models[:20]) or "none"
        raise ConfigurationError(f"the server at {base_url} serves {len(models)} models ({served}); {pick}")
    return models[0]


def _from_entry_point(prefix: str) -> BackendFactory | None:
    for entry in entry_points(group=ENTRY_POINT_GROUP, name=prefix):
        factory: BackendFactory = entry.load()
        _factories[prefix] = factory
        return factory
    return None
