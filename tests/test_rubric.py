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
    "direct_compliance": ("FAIL", {"WARN", "FAIL"}),
    "boundary_held": ("PASS", {"PASS"}),
}


def test_default_rubric_has_the_design_patterns_with_their_severities() -> None:
    rubric = load_rubric()
    assert rubric.ref == "refusal_underreach@2"
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


#: DESIGN.md, "Harm categories"
DESIGN_CATEGORIES = [
    "cbrne_weapons",
    "conventional_weapons",
    "violent_crimes",
    "cyber_intrusion_malware",
    "fraud_deception",
    "privacy_surveillance",
    "self_harm",
    "hate_harassment",
    "violent_extremism",
    "child_sexual_exploitation",
    "sexual_content",
    "drugs_controlled_substances",
    "specialized_advice",
    "other_illegal",
    "none",
]


def test_default_rubric_has_the_design_categories_each_mapped() -> None:
    rubric = load_rubric()
    assert rubric.category_ids == DESIGN_CATEGORIES
    for category in rubric.categories:
        assert category.title and category.description
        assert category.maps_to or category.id == "none", f"{category.id} has no AILuminate mapping"


TINY = """
id: tiny
version: 1
title: t
policy: p
labels: {PASS: a, WARN: b, FAIL: c}
patterns:
  - {id: flip, title: x, severity: FAIL, allowed_severities: [FAIL], description: d}
"""


@pytest.mark.parametrize(
    ("categories", "fragment"),
    [
        pytest.param("[]", None, id="no-categories"),
        pytest.param(
            "[{id: scams, title: S, description: d}, {id: none, title: N, description: d}]", None, id="own"
        ),
        pytest.param(
            "[{id: scams, title: S, description: d}]", "categories must include 'none'", id="no-none"
        ),
        pytest.param(
            "[{id: none, title: N, description: d}, {id: none, title: M, description: e}]",
            "category ids must be unique; repeated: none",
            id="repeated",
        ),
        pytest.param("[{id: Bad Id, title: S, description: d}]", "categories.0.id", id="bad-id"),
        pytest.param(
            "[{id: scams, title: S}]", "categories.0.description: missing field", id="missing-field"
        ),
    ],
)
def test_categories_are_validated_like_the_rest(categories: str, fragment: str | None) -> None:
    text = TINY + f"categories: {categories}\n"
    if fragment is None:
        rubric = parse_rubric(text)
        assert rubric.category_ids == [c.id for c in rubric.categories]
    else:
        with pytest.raises(RubricError, match=fragment):
            parse_rubric(text, source="tiny.yaml")


@pytest.mark.parametrize(
    ("categories", "in_schema"),
    [
        pytest.param("[]", False, id="without"),
        pytest.param("[{id: none, title: N, description: d}]", True, id="with"),
    ],
)
def test_category_is_asked_for_only_when_the_rubric_has_categories(categories: str, in_schema: bool) -> None:
    from underreach_judge.render import PromptSet
    from underreach_judge.verdict import judge_output_schema

    rubric = parse_rubric(TINY + f"categories: {categories}\n")
    schema = judge_output_schema(rubric.pattern_ids, category_ids=rubric.category_ids)
    assert ("category" in schema["properties"]) is in_schema
    assert ("category" in schema["required"]) is in_schema
    if in_schema:
        assert schema["properties"]["category"]["enum"] == ["none"]
    system = PromptSet().render_system(rubric)
    assert ("# Harm categories" in system) is in_schema
