"""Probe suites: the requests to send to a model under test and the pressure tactics to push back
with, loaded from YAML into strict models (like rubrics), bundled or a user's own file."""

from __future__ import annotations

import base64
import re
from collections.abc import Callable
from functools import cached_property
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from .._resources import bundled_dir
from ..exceptions import SuiteError
from ..rubric import Rubric, load_rubric, yaml_mapping
from ..verdict import Pressure

DEFAULT_SUITE = "default"


def _base64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


#: what a pushback template may fill in, from the request's text
PLACEHOLDERS: dict[str, Callable[[str], str]] = {"request": str, "request_base64": _base64}
_PLACEHOLDER = re.compile(r"\{([a-z][a-z0-9_]*)\}")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Source(_Strict):
    """A public data set the suite's requests come from, with its licence."""

    id: str
    title: str
    url: str
    licence: str


class SuiteRequest(_Strict):
    """One request to send. ``benign`` requests are contrasts that must be answered (over-refusal
    is measured on them, apart from the harmful ones)."""

    id: str = Field(pattern=r"^[A-Za-z0-9_.-]+$")
    text: str = Field(min_length=1)
    category: str
    benign: bool = False
    source: str | None = None
    #: the harmful request this benign one is the topical contrast of
    contrast_of: str | None = None


class Tactic(_Strict):
    """A pressure tactic: 1-3 rounds of pushback after a refusal, each a template that may use
    ``{request}`` and ``{request_base64}``."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    pressure: Pressure
    description: str
    rounds: list[str] = Field(min_length=1, max_length=3)

    @model_validator(mode="after")
    def _known_placeholders(self) -> Tactic:
        for text in self.rounds:
            unknown = sorted(set(_PLACEHOLDER.findall(text)) - PLACEHOLDERS.keys())
            if unknown:
                raise ValueError(
                    f"unknown placeholder(s) {', '.join(unknown)}; use {', '.join(sorted(PLACEHOLDERS))}"
                )
        return self


class Suite(_Strict):
    """A probe suite. ``ref`` is ``id@version``."""

    id: str = Field(pattern=r"^[A-Za-z0-9_.-]+$")
    version: int | str
    title: str
    description: str = ""
    sources: list[Source] = Field(default_factory=list)
    requests: list[SuiteRequest] = Field(min_length=1)
    tactics: list[Tactic] = Field(min_length=1)

    @model_validator(mode="after")
    def _consistent(self) -> Suite:
        for kind, ids in (
            ("request", [r.id for r in self.requests]),
            ("tactic", [t.id for t in self.tactics]),
        ):
            repeated = sorted({i for i in ids if ids.count(i) > 1})
            if repeated:
                raise ValueError(f"{kind} ids must be unique; repeated: {', '.join(repeated)}")
        sources = {s.id for s in self.sources}
        requests = {r.id for r in self.requests}
        for r in self.requests:
            if r.source is not None and r.source.partition(":")[0] not in sources:
                raise ValueError(f"request {r.id}: source {r.source!r} is not among the suite's sources")
            if r.contrast_of is not None and r.contrast_of not in requests:
                raise ValueError(
                    f"request {r.id}: contrast_of {r.contrast_of!r} is not a request of the suite"
                )
        return self

    @property
    def ref(self) -> str:
        return f"{self.id}@{self.version}"

    @cached_property
    def tactic_ids(self) -> list[str]:
        return [t.id for t in self.tactics]

    def tactic(self, tactic_id: str) -> Tactic:
        return next(t for t in self.tactics if t.id == tactic_id)


def pushback_text(template: str, request: str) -> str:
    """A round's template filled in for ``request``."""
    return _PLACEHOLDER.sub(lambda m: PLACEHOLDERS[m.group(1)](request), template)


def category_ids(rubric: Rubric) -> list[str]:
    """The harm category ids a suite's requests may use: the rubric's own, else the default list."""
    return rubric.category_ids or load_rubric().category_ids


def bundled_suites() -> list[str]:
    """Names of the suites that ship with the package."""
    return sorted(p.stem for p in bundled_dir("suites").glob("*.yaml"))


def load_suite(
    name_or_path: str | Path | Suite = DEFAULT_SUITE, *, rubric: str | Path | Rubric | None = None
) -> Suite:
    """Load a bundled suite by name, or a user's own suite file by path, and check its request
    categories against ``rubric``'s (the default rubric when not given). Every problem is named,
    with its line, in one ``SuiteError``."""
    if isinstance(name_or_path, Suite):
        suite, source, text = name_or_path, "<suite>", None
    else:
        path = Path(name_or_path)
        if not path.is_file():
            if path.suffix in (".yaml", ".yml") or len(path.parts) > 1:
                raise SuiteError(f"suite file not found: {path}")
            path = bundled_dir("suites") / f"{name_or_path}.yaml"
            if not path.is_file():
                raise SuiteError(
                    f"unknown suite '{name_or_path}': it is not a file, and the bundled suites are: "
                    f"{', '.join(bundled_suites())}. Pass a path to a YAML file to use your own."
                )
        source, text = str(path), path.read_text(encoding="utf-8")
        suite = parse_suite(text, source=source)
    allowed = category_ids(load_rubric(rubric) if rubric is not None else load_rubric())
    bad = [(i, r) for i, r in enumerate(suite.requests) if r.category not in allowed]
    if bad:
        problems = [
            f"  - {_where(text, ('requests', i, 'category'))}requests.{i}.category: {r.category!r} "
            "is not a harm category of the rubric"
            for i, r in bad
        ]
        raise SuiteError(
            f"{source}: {len(bad)} request(s) with an unknown category:\n"
            + "\n".join(problems)
            + f"\nuse one of: {', '.join(allowed)}"
        )
    return suite


def parse_suite(text: str, *, source: str = "<string>") -> Suite:
    """Parse and validate suite YAML text (categories are checked by ``load_suite``)."""
    data = yaml_mapping(text, source=source, what="a suite", error=SuiteError)
    try:
        return Suite.model_validate(data)
    except ValidationError as exc:
        problems = [
            f"  - {_where(text, err['loc'])}{'.'.join(map(str, err['loc'])) or '(top level)'}: {_msg(err)}"
            for err in exc.errors()
        ]
        raise SuiteError(
            f"{source}: {len(problems)} problem(s) in the suite:\n" + "\n".join(problems)
        ) from exc


def _where(text: str | None, loc: tuple[Any, ...]) -> str:
    """``"line N: "`` for the YAML node at ``loc`` (the nearest one found), or nothing."""
    if text is None:
        return ""
    node: Any = yaml.compose(text, Loader=yaml.SafeLoader)
    for part in loc:
        if isinstance(node, yaml.MappingNode):
            found = next((value for key, value in node.value if key.value == part), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            found = node.value[part]
        else:
            found = None
        if found is None:
            break
        node = found
    return f"line {node.start_mark.line + 1}: " if node is not None else ""


def _msg(err: Any) -> str:
    if err["type"] == "extra_forbidden":
        return "unknown field"
    if err["type"] == "missing":
        return "missing field"
    return str(err["msg"]).removeprefix("Value error, ")
