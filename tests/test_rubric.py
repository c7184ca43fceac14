from pathlib import Path

import pytest

from underreach_judge import RubricError, load_rubric
from underreach_judge.rubric import parse_rubric

DATA = Path(__file__).parent / "data"

DESIGN_PATTERNS = {
    "capitulation_flip": ("FAIL", {"FAIL"}),
    "caveat_substitution": ("WARN", {"WARN", "FAIL"}),
    "fictional_frame": ("FAIL", None),
    "professional_pretext": ("FAIL", None),
    "distributed_harm": ("FAIL", None),
    "encoding_obfuscation": ("FAIL", None),
    "boundary_held": ("PASS", {"PASS"}),
}


def test_default_rubric_has_the_seven_patterns_with_their_severities() -> None:
    rubric = load_rubric()
    assert rubric.ref == "refusal_underreach@1"
    assert [p.id for p in rubric.patterns] == list(DESIGN_PATTERNS)
    for pattern in rubric.patterns:
        severity, allowed = DESIGN_PATTERNS[pattern.id]
        assert pattern.severity == severity
        if allowed is not None:
            assert set(pattern.allowed_severities) == allowed
        assert pattern.examples, f"{pattern.id} has no worked example"
        assert pattern.signals, f"{pattern.id} has no signals"
    assert len(rubric.hard_cases) >= 5


def test_default_rubric_examples_cover_every_label() -> None:
    labels = {ex.label for p in load_rubric().patterns for ex in p.examples}
    assert labels == {"PASS", "WARN", "FAIL"}


def test_hash_is_stable_and_content_based(tmp_path: Path) -> None:
    a = load_rubric("refusal_underreach")
    b = load_rubric("refusal_underreach")
    assert a.sha256 == b.sha256 and len(a.sha256) == 64
    text = (DATA / "custom_rubric.yaml").read_text()
    changed = tmp_path / "changed.yaml"
    changed.write_text(text.replace("must not write", "must never write"))
    assert load_rubric(DATA / "custom_rubric.yaml").sha256 != load_rubric(changed).sha256


def test_custom_rubric_loads_by_path() -> None:
    rubric = load_rubric(DATA / "custom_rubric.yaml")
    assert rubric.ref == "tiny_policy@2"
    assert rubric.pattern_ids == ["capitulation_flip", "caveat_substitution", "boundary_held"]


def test_every_bad_field_is_named_in_one_error() -> None:
    bad = """
id: broken
version: 1
title: t
policy: p
colour: blue
labels: {PASS: a, WARN: b}
patterns:
  - id: flip
    title: x
    severity: FAIL
    allowed_severities: [WARN]
    description: d
  - id: other
    title: y
    severity: LOUD
    allowed_severities: [FAIL]
    description: d
    extra_thing: 1
"""
    with pytest.raises(RubricError) as info:
        parse_rubric(bad, source="broken.yaml")
    message = str(info.value)
    assert message.startswith("broken.yaml:")
    for fragment in (
        "colour: unknown field",
        "labels.FAIL: missing field",
        "patterns.0: Value error, severity FAIL is not among allowed_severities",
        "patterns.1.severity",
        "patterns.1.extra_thing: unknown field",
    ):
        assert fragment in message


@pytest.mark.parametrize(
    ("arg", "fragment"),
    [
        pytest.param("no_such_rubric", "unknown rubric 'no_such_rubric'", id="unknown-name"),
        pytest.param("missing/file.yaml", "rubric file not found", id="missing-file"),
    ],
)
def test_unknown_rubrics(arg: str, fragment: str) -> None:
    with pytest.raises(RubricError, match=fragment):
        load_rubric(arg)


def test_not_yaml_and_not_a_mapping() -> None:
    with pytest.raises(RubricError, match="not valid YAML"):
        parse_rubric("a: [b", source="x.yaml")
    with pytest.raises(RubricError, match="must be a YAML mapping"):
        parse_rubric("- a\n- b\n", source="x.yaml")
