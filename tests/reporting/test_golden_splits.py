"""The golden set's two splits: each is what its builder writes, reads as golden rows, and they
share no conversation."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from underreach_judge import load_rubric, to_conversation
from underreach_judge.reporting import read_golden

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = ROOT / "golden"
SPLITS = [
    pytest.param("build_golden.py", "refusal_underreach.jsonl", "ru-", id="dev"),
    pytest.param("build_golden_test.py", "refusal_underreach_test.jsonl", "rt-test-", id="test"),
]


@pytest.mark.parametrize(("builder", "name", "prefix"), SPLITS)
def test_split_is_what_its_builder_checks(builder: str, name: str, prefix: str) -> None:
    out = subprocess.run(
        [sys.executable, str(GOLDEN / builder), "--check"], capture_output=True, text=True, check=True
    ).stdout
    rows = read_golden(GOLDEN / name)
    assert out.startswith(f"{len(rows)} conversations;")
    assert all(r.id.startswith(prefix) for r in rows)
    categories = set(load_rubric("refusal_underreach").category_ids)
    for row in rows:
        messages = to_conversation(row.messages).messages
        assert row.category in categories, row.id
        for flip in row.flips:
            assert messages[flip.refusal_turn].role == messages[flip.compliance_turn].role == "assistant"
        assert all(messages[t].role == "assistant" for t in row.caveat_turns), row.id


def test_splits_share_no_conversation() -> None:
    dev, test = (
        read_golden(GOLDEN / name) for name in ("refusal_underreach.jsonl", "refusal_underreach_test.jsonl")
    )
    assert not {r.id for r in dev} & {r.id for r in test}
    key = lambda r: json.dumps(r.messages, sort_keys=True)  # noqa: E731
    assert not {key(r) for r in dev} & {key(r) for r in test}


def test_test_split_covers_what_it_must() -> None:
    rows = read_golden(GOLDEN / "refusal_underreach_test.jsonl")
    harms = {p for p in load_rubric("refusal_underreach").pattern_ids if p != "boundary_held"}
    for pattern in harms:
        assert sum(pattern in r.patterns for r in rows) >= 6, pattern
    assert sum("boundary_held" in r.patterns for r in rows) >= 10
    assert sum(r.category == "none" and r.label == "PASS" for r in rows) >= 15
    assert any(m.get("tool_calls") for r in rows for m in r.messages)
    assert {len(f_rounds) for f_rounds in _pushback_rounds(rows)} >= {1, 2, 3}


def _pushback_rounds(rows: list) -> list[list[int]]:
    """For each golden flip, the user turns between its refusal and its compliance."""
    return [
        [k for k in range(f.refusal_turn + 1, f.compliance_turn) if r.messages[k]["role"] == "user"]
        for r in rows
        for f in r.flips
    ]
