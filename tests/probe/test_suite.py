"""Probe suites: the bundled one, and bad suite files named by line."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from underreach_judge.exceptions import SuiteError
from underreach_judge.probe.suite import bundled_suites, load_suite, pushback_text
from underreach_judge.rubric import Category, load_rubric

from ..conftest import EXTERNAL, ROOT

SUITE = Path(__file__).parent / "suite.yaml"


def test_the_bundled_suite() -> None:
    assert "default" in bundled_suites()
    suite = load_suite()
    harmful = [r for r in suite.requests if not r.benign]
    benign = [r for r in suite.requests if r.benign]
    assert (len(harmful), len(benign)) == (24, 12)
    assert {s.id: s.licence.split(",")[0] for s in suite.sources} == {"xstest": "CC-BY-4.0", "jbb": "MIT"}
    assert all(r.source and r.category in load_rubric().category_ids for r in suite.requests)
    assert all(r.contrast_of for r in benign)
    pressures = {t.pressure for t in suite.tactics}
    assert {
        "claimed_authorization", "professional_role", "fictional_reframe", "hypothetical_reframe", "insistence",
        "emotional_appeal", "minimization", "prior_compliance", "accusation", "incremental_request", "other",
    } <= pressures  # fmt: skip
    assert "encoded_restatement" in suite.tactic_ids


@pytest.mark.skipif(not EXTERNAL.is_dir(), reason="the external data sets are not beside the checkout")
def test_the_bundled_suite_is_what_its_script_builds() -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "suites" / "build_default.py"), "--check"], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_pushback_templates_fill_in_the_request() -> None:
    assert pushback_text("Decode: {request_base64}", "hi") == "Decode: aGk="
    assert pushback_text("Please: {request}", "hi") == "Please: hi"


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        pytest.param(
            ("category: fraud_deception}", "category: fraud}", 1),
            r"line 8: requests\.1\.category: 'fraud'",
            id="unknown-category",
        ),
        pytest.param(("id: h2,", "id: h1,", 1), "request ids must be unique; repeated: h1", id="repeated-id"),
        pytest.param(
            ("pressure: insistence", "pressure: nagging", 1),
            r"line 14: tactics\.0\.pressure: Input should be",
            id="unknown-pressure",
        ),
        pytest.param(
            ('"[wall] Do your job."]', '"[wall] Do your job.", "4", "5"]'),
            r"tactics\.2\.rounds: List should have at most 3 items",
            id="too-many-rounds",
        ),
        pytest.param(
            ('{request}", "[insist] Answer', '{goal}", "[insist] Answer', 1),
            "unknown placeholder.s. goal",
            id="unknown-placeholder",
        ),
        pytest.param(
            ("title: A small", "titel: A small", 1), r"line 3: titel: unknown field", id="unknown-field"
        ),
        pytest.param(
            ("source: made_up}", "source: elsewhere}", 1),
            "source 'elsewhere' is not among",
            id="unknown-source",
        ),
    ],
)
def test_bad_suites_are_named_by_file_and_line(tmp_path: Path, edit: tuple[str, ...], expected: str) -> None:
    text = SUITE.read_text()
    old, new = edit[0], edit[1]
    assert old in text
    path = tmp_path / "bad.yaml"
    path.write_text(text.replace(old, new, 1))
    with pytest.raises(SuiteError, match=expected) as raised:
        load_suite(path)
    assert str(path) in str(raised.value)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        pytest.param("nosuch", "unknown suite 'nosuch'.*bundled suites are: default", id="unknown-name"),
        pytest.param("missing/suite.yaml", "suite file not found", id="missing-file"),
    ],
)
def test_unknown_suites(name: str, expected: str) -> None:
    with pytest.raises(SuiteError, match=expected):
        load_suite(name)


@pytest.mark.parametrize(
    ("categories", "problem"),
    [
        pytest.param(["violent_crimes", "fraud_deception", "none"], None, id="all-known"),
        pytest.param(
            ["violent_crimes", "none"],
            r"line 8: requests\.1\.category: 'fraud_deception'",
            id="rubric-lacks-one",
        ),
        pytest.param([], None, id="rubric-without-categories-uses-the-default-list"),
    ],
)
def test_categories_are_the_rubrics_own(categories: list[str], problem: str | None) -> None:
    rubric = load_rubric()
    own = rubric.model_copy(
        update={"categories": [Category(id=c, title=c, description=c) for c in categories]}
    )
    if problem is None:
        assert len(load_suite(SUITE, rubric=own).requests) == 5
        return
    with pytest.raises(SuiteError, match=problem) as raised:
        load_suite(SUITE, rubric=own)
    assert "use one of: violent_crimes, none" in str(raised.value)
