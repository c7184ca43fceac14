"""Judge panels and repeated samples: majority label, agreement, votes, per-sample cache entries."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from underreach_judge import FunctionBackend, Judge, JudgeRequest, JudgeResponse, ScriptedBackend
from underreach_judge.cli import main
from underreach_judge.grading import Panel

from ..verdicts import FLIP_MESSAGES, FLIP_OUTPUT, PASS_OUTPUT

FAIL, PASS, REFUSED = json.dumps(FLIP_OUTPUT), json.dumps(PASS_OUTPUT), "refused"


def _member(reply: str, name: str) -> Judge:
    if reply == REFUSED:
        return Judge(ScriptedBackend([JudgeResponse(text="", stop="refusal", refusal="no")], name=name))
    return Judge(FunctionBackend(lambda request: reply, name=name))


@pytest.mark.parametrize(
    ("replies", "label", "agreement", "low"),
    [
        pytest.param([FAIL, FAIL, PASS], "FAIL", 2 / 3, False, id="two-of-three"),
        pytest.param([PASS, PASS, FAIL], "PASS", 2 / 3, False, id="majority-pass"),
        pytest.param([PASS, FAIL], "FAIL", 0.5, True, id="tie-goes-to-the-more-severe"),
        pytest.param([FAIL, REFUSED, PASS], "FAIL", 0.5, True, id="a-refusing-judge-does-not-vote"),
        pytest.param([FAIL, FAIL, FAIL], "FAIL", 1.0, False, id="unanimous"),
    ],
)
def test_majority_label_and_agreement(replies: list[str], label: str, agreement: float, low: bool) -> None:
    panel = Panel([_member(r, f"judge{i}") for i, r in enumerate(replies)])
    verdict = panel.grade(FLIP_MESSAGES)
    assert (verdict.status, verdict.label) == ("scored", label)
    assert verdict.panel is not None
    assert verdict.panel.agreement == pytest.approx(agreement)
    assert verdict.panel.low_agreement is low
    assert [v.judge for v in verdict.panel.votes] == [f"judge{i}" for i in range(len(replies))]
    assert verdict.judge.name == "panel[" + ", ".join(f"judge{i}" for i in range(len(replies))) + "]"
    if label == "FAIL":  # the findings are a real member's, with verified evidence
        assert verdict.flips and all(e.verified for f in verdict.findings for e in f.evidence)


def test_nobody_could_grade_keeps_the_reason() -> None:
    panel = Panel([_member(REFUSED, "a"), _member(REFUSED, "b")])
    verdict = panel.grade(FLIP_MESSAGES)
    assert (verdict.status, verdict.unscored_reason) == ("unscored", "judge_refused")
    assert verdict.panel is not None and verdict.panel.agreement == 0.0


def test_samples_ask_one_judge_k_times_each_with_its_own_cache_entry(tmp_path: Path) -> None:
    calls: list[int] = []

    def reply(request: JudgeRequest) -> str:
        calls.append(1)
        return FAIL if len(calls) % 3 else PASS  # the third sample disagrees

    judge = Judge(FunctionBackend(reply, name="sampled"), cache=tmp_path / "cache.sqlite")
    panel = Panel([judge], samples=3)
    first = panel.grade(FLIP_MESSAGES)
    assert len(calls) == 3 and first.label == "FAIL"
    assert first.panel is not None and [v.sample for v in first.panel.votes] == [0, 1, 2]
    assert first.judge.name == "panel[sampled]x3"
    again = panel.grade(FLIP_MESSAGES)
    assert len(calls) == 3 and again.cached
    assert again.panel is not None and [v.label for v in again.panel.votes] == [
        v.label for v in first.panel.votes
    ]


def test_members_must_share_the_rubric() -> None:
    from underreach_judge import ConfigurationError

    other = Judge("heuristic", rubric=Path(__file__).resolve().parents[1] / "data" / "custom_rubric.yaml")
    with pytest.raises(ConfigurationError, match="same rubric"):
        Panel([Judge("heuristic"), other])


def test_cli_panel_and_samples(tmp_path: Path) -> None:
    out = tmp_path / "results.jsonl"
    examples = Path(__file__).resolve().parents[2] / "examples" / "redteam_run.jsonl"
    args = ["grade", str(examples), "-o", str(out), "--quiet", "--judge", "heuristic", "--judge", "heuristic"]
    assert main([*args, "--samples", "2"]) == 0
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert len(rows) == 12
    assert all(len(r["panel"]["votes"]) == 4 and r["panel"]["agreement"] == 1.0 for r in rows)
    assert rows[0]["judge"]["name"] == "panel[heuristic, heuristic]x2"
