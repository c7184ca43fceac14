"""The backend registry: spec prefixes to factories, the built-ins and a third party's own."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from underreach_judge import (
    ConfigurationError,
    Judge,
    JudgeRequest,
    JudgeResponse,
    ScriptedBackend,
    grade_conversation,
    register_backend,
)
from underreach_judge.backends import registered_backends, registry, resolve_backend
from underreach_judge.backends.anthropic import AnthropicBackend
from underreach_judge.backends.openai import OpenAIBackend
from underreach_judge.heuristic import HeuristicBackend

from ..verdicts import FLIP_MESSAGES, FLIP_OUTPUT


class EchoBackend:
    """A third party's backend: always the same reply."""

    offline = False
    base_url: str | None = None

    def __init__(self, model: str, *, greeting: str = "hi") -> None:
        self.name = f"echo/{model}"
        self.greeting = greeting

    async def complete(self, request: JudgeRequest) -> JudgeResponse:
        return JudgeResponse(text=json.dumps(FLIP_OUTPUT))

    async def aclose(self) -> None:
        pass


@pytest.fixture
def echo(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(registry, "_factories", dict(registry._factories))
    monkeypatch.setattr(registry, "_usage", dict(registry._usage))
    register_backend("echo")(EchoBackend)


@pytest.mark.parametrize(
    ("spec", "options", "kind"),
    [
        pytest.param("openai/gpt-test", {"api_key": "sk-test"}, OpenAIBackend, id="openai"),
        pytest.param("anthropic/claude-test", {"api_key": "sk-ant-test"}, AnthropicBackend, id="anthropic"),
        pytest.param("heuristic", {}, HeuristicBackend, id="heuristic"),
    ],
)
def test_built_in_specs(spec: str, options: dict[str, Any], kind: type) -> None:
    backend = resolve_backend(spec, **options)
    assert isinstance(backend, kind) and backend.name == spec


def test_a_third_party_backend_registers_without_editing_the_package(echo: None) -> None:
    assert "echo" in registered_backends()
    judge = Judge("echo/v1", greeting="hello")
    assert isinstance(judge.backend, EchoBackend) and judge.backend.greeting == "hello"
    verdict = grade_conversation(FLIP_MESSAGES, judge="echo/v2")
    assert (verdict.label, verdict.judge.name) == ("FAIL", "echo/v2")


@pytest.mark.parametrize(
    ("spec", "options", "message"),
    [
        pytest.param(
            "gpt-4",
            {},
            "unknown judge spec 'gpt-4'. Use 'anthropic/<model>', 'heuristic', 'openai/<model>'",
            id="unknown",
        ),
        pytest.param("openai", {}, "name the model: 'openai/<model>'", id="no-model"),
        pytest.param("heuristic/v2", {}, "just 'heuristic'", id="heuristic-model"),
        pytest.param(
            "heuristic",
            {"base_url": "http://127.0.0.1:1/v1"},
            "takes no options (got: base_url)",
            id="heuristic-options",
        ),
    ],
)
def test_specs_that_cannot_be_used_say_what_to_do(spec: str, options: dict[str, Any], message: str) -> None:
    with pytest.raises(ConfigurationError, match=message.replace("(", r"\(").replace(")", r"\)")):
        resolve_backend(spec, **options)


def test_options_given_with_a_backend_object_are_an_error_that_names_them() -> None:
    with pytest.raises(
        ConfigurationError, match="options base_url, timeout cannot apply to a backend object"
    ):
        Judge(ScriptedBackend([]), base_url="http://127.0.0.1:1/v1", timeout=3)


def test_an_object_missing_part_of_the_contract_is_refused() -> None:
    class Partial:
        name = "partial"

        async def complete(self, request: JudgeRequest) -> JudgeResponse:
            raise AssertionError

    with pytest.raises(
        ConfigurationError, match="Partial is not a judge backend: it lacks offline, base_url, aclose"
    ):
        Judge(Partial())  # type: ignore[arg-type]


def test_an_installed_package_registers_through_its_entry_point(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A real installed distribution (a dist-info folder on the path) declaring the entry point."""
    (tmp_path / "plugged_judge.py").write_text(
        "from underreach_judge import ScriptedBackend\n"
        "def make(model, **options):\n"
        "    return ScriptedBackend([], name='plugged/' + model)\n"
    )
    info = tmp_path / "plugged_judge-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: plugged-judge\nVersion: 0.1\n")
    (info / "entry_points.txt").write_text("[underreach_judge.backends]\nplugged = plugged_judge:make\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(registry, "_factories", dict(registry._factories))
    backend = resolve_backend("plugged/m1")
    assert isinstance(backend, ScriptedBackend) and backend.name == "plugged/m1"
    assert "plugged" in registered_backends()
    with pytest.raises(ConfigurationError, match="unknown judge spec"):
        resolve_backend("nothere/m1")
