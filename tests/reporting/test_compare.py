"""Comparing two runs: pairing, tests, Benjamini–Hochberg, the regression gate and judge breaks."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pytest

from underreach_judge import Comparison, Verdict, compare
from underreach_judge.cli import main
from underreach_judge.exceptions import ComparisonError
from underreach_judge.reporting.stats import benjamini_hochberg, newcombe_interval

SEVERITY = {"boundary_held": "PASS", "caveat_substitution": "WARN"}
HEURISTIC = {
    "name": "heuristic",
    "rubric": "refusal_underreach@2",
    "rubric_sha256": "r" * 64,
    "prompt_sha256": "p" * 64,
}


def verdict(
    cid: str | None, *patterns: str, status: str = "scored", judge: dict[str, Any] | None = None
) -> Verdict:
    return Verdict.model_validate(
        {
            "conversation_id": cid,
            "status": status,
            "unscored_reason": None if status == "scored" else "judge_refused",
            "findings": [
                {"pattern": p, "severity": SEVERITY.get(p, "FAIL"), "turns": [1], "evidence": []}
                for p in patterns
            ],
            "judge": judge or HEURISTIC,
        }
    )


def run(
    n: int, flips: range, *, prefix: str = "c", judge: dict[str, Any] | None = None, held: range = range(0)
) -> list[Verdict]:
    """``n`` conversations; those in ``flips`` have a capitulation flip, those in ``held`` held."""
    return [
        verdict(
            f"{prefix}{i}",
            *(["capitulation_flip"] if i in flips else []),
            *(["boundary_held"] if i in held else []),
            judge=judge,
        )
        for i in range(n)
    ]


def write(path: Path, verdicts: list[Verdict], extra: str = "") -> Path:
    path.write_text("".join(v.model_dump_json() + "\n" for v in verdicts) + extra)
    return path


def row(c: Comparison, name: str) -> Any:
    return next(r for r in c.rows if r.name == name)


def test_paired_regression_is_detected_with_mcnemar() -> None:
    a = run(200, range(20))
    b = run(200, range(50))  # 30 more conversations flip, none stop flipping
    c = compare(a, b)
    assert c.paired and c.matched_ids == 200 and c.pairs == 200
    assert "200 of 200 conversation ids in both runs" in c.pairing
    flip = row(c, "capitulation_flip")
    assert (flip.count_a, flip.count_b, flip.only_a, flip.only_b) == (20, 50, 0, 30)
    assert flip.test == "McNemar chi-square (continuity-corrected)"
    assert flip.statistic == pytest.approx(29**2 / 30)
    assert flip.difference == pytest.approx(0.15)
    assert flip.ci_low > 0 and flip.regression and not flip.improvement
    assert row(c, "FAIL").regression
    assert [r.name for r in c.regressions] == ["FAIL", "WARN or worse", "capitulation_flip"]


def test_same_runs_show_no_change() -> None:
    a = run(100, range(10))
    c = compare(a, [v.model_copy() for v in a])
    assert c.paired
    assert all(r.p_value == 1.0 and not r.significant and r.detectable_n is None for r in c.rows)
    assert c.regressions == [] and c.warnings == []


def test_small_discordant_counts_use_the_exact_test() -> None:
    c = compare(run(40, range(2)), run(40, range(9)))
    flip = row(c, "capitulation_flip")
    assert flip.test == "McNemar exact" and (flip.only_a, flip.only_b) == (0, 7)
    assert flip.p_value == pytest.approx(2 / 2**7)


def test_unpaired_runs_use_the_two_proportion_test() -> None:
    a = run(200, range(20), prefix="a")
    b = run(200, range(30), prefix="b")
    c = compare(a, b)
    assert not c.paired and c.matched_ids == 0 and "not paired" in c.pairing
    flip = row(c, "capitulation_flip")
    pooled = 50 / 400
    z = (0.15 - 0.10) / math.sqrt(pooled * (1 - pooled) * (2 / 200))
    assert flip.test == "two-proportion z (pooled)"
    assert flip.statistic == pytest.approx(z)
    assert flip.p_value == pytest.approx(math.erfc(z / math.sqrt(2)))
    assert (flip.ci_low, flip.ci_high) == pytest.approx(newcombe_interval(20, 200, 30, 200))
    # 10% -> 15% needs 686 conversations per run (alpha 0.05, power 0.8)
    assert flip.detectable_n == 686
    assert not flip.significant


def test_pairing_is_detected_only_when_most_ids_match() -> None:
    a = run(100, range(10))
    b = run(40, range(10)) + run(60, range(0), prefix="new")
    c = compare(a, b)
    assert not c.paired and "40 of 100 conversation ids" in c.pairing
    forced = compare(a, b, paired=True)
    assert forced.paired and forced.pairs == 40 and "forced" in forced.pairing


def test_paired_uses_only_conversations_scored_in_both() -> None:
    a = run(50, range(5))
    b = run(50, range(5))
    b[0] = verdict("c0", status="unscored")
    b[1] = verdict("c1", status="error")
    c = compare(a, b)
    assert (c.b.scored, c.b.unscored, c.b.errors) == (48, 1, 1)
    assert c.pairs == 48 and row(c, "FAIL").n_a == 48
    assert any("2 matched conversations are not scored in both" in w for w in c.warnings)


def test_unscored_verdicts_stay_out_of_unpaired_rates() -> None:
    a = run(20, range(2), prefix="a") + [verdict(f"u{i}", status="unscored") for i in range(5)]
    c = compare(a, run(20, range(2), prefix="b"))
    assert (c.a.total, c.a.scored, c.a.unscored) == (25, 20, 5)
    assert row(c, "FAIL").n_a == 20 and c.a.unscored_reasons == {"judge_refused": 5}


def test_p_values_are_adjusted_with_benjamini_hochberg() -> None:
    a = [verdict(f"c{i}", *(["fictional_frame"] if i < 5 else [])) for i in range(100)]
    b = [
        verdict(
            f"c{i}", *(["fictional_frame"] if i < 12 else []), *(["encoding_obfuscation"] if i < 3 else [])
        )
        for i in range(100)
    ]
    c = compare(a, b)
    assert [r.p_adjusted for r in c.rows] == pytest.approx(benjamini_hochberg([r.p_value for r in c.rows]))
    assert all(r.p_adjusted >= r.p_value for r in c.rows)
    # FAIL, WARN-or-worse and fictional_frame: 0 vs 7 discordant, exact p = 2/2^7, ranks 1-3 of 4
    assert row(c, "FAIL").p_value == pytest.approx(2 / 2**7)
    assert row(c, "FAIL").p_adjusted == pytest.approx(2 / 2**7 * 4 / 3)
    assert row(c, "encoding_obfuscation").p_adjusted == pytest.approx(0.25)


def test_a_drop_in_a_good_pattern_is_the_regression() -> None:
    a = run(200, range(0), held=range(100))
    better = compare(a, run(200, range(0), held=range(150)))
    held = row(better, "boundary_held")
    assert not held.higher_is_worse and held.improvement and not held.regression
    worse = compare(a, run(200, range(0), held=range(50)))
    assert row(worse, "boundary_held").regression


def test_different_judges_are_flagged() -> None:
    other = {**HEURISTIC, "name": "openai/gpt-4.1", "prompt_sha256": "q" * 64}
    c = compare(run(50, range(5)), run(50, range(5), judge=other))
    assert len(c.warnings) == 1
    warning = c.warnings[0]
    assert "different judges" in warning and "name: heuristic vs openai/gpt-4.1" in warning
    assert "prompt_sha256: pppppppppppp… vs qqqqqqqqqqqq…" in warning
    assert "rubric" not in warning.split("(", 1)[1].replace("rubric_sha256", "")
    # the structured-output mode is a transport detail, not a judge change
    same = compare(run(5, range(1)), run(5, range(1), judge={**HEURISTIC, "mode": "json_object"}))
    assert same.warnings == []


def test_duplicate_ids_count_once_with_the_last_verdict() -> None:
    a = run(10, range(1))
    b = [verdict("c3", status="error"), *run(10, range(1))]
    c = compare(a, b)
    assert c.b.total == 10 and c.b.errors == 0 and c.b.duplicate_ids == 1
    assert any("1 conversation ids appear more than once in B" in w for w in c.warnings)


def test_nothing_to_compare_is_an_error() -> None:
    with pytest.raises(ComparisonError, match="run A has no scored verdicts"):
        compare([verdict("x", status="error")], run(3, range(1)))
    with pytest.raises(ComparisonError, match="no conversation id in common"):
        compare(run(3, range(1), prefix="a"), run(3, range(1), prefix="b"), paired=True)


def test_cli_gate_exits_1_on_a_regression_and_0_without(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = write(tmp_path / "before.jsonl", run(200, range(20)))
    after = write(tmp_path / "after.jsonl", run(200, range(50)))
    same = write(tmp_path / "same.jsonl", run(200, range(20)))
    assert main(["compare", str(before), str(after), "--fail-on-regression"]) == 1
    out = capsys.readouterr().out
    assert "paired" in out and "200 of 200 conversation ids" in out
    assert "capitulation_flip" in out and "worse" in out
    assert "Significantly worse in after.jsonl" in out
    assert main(["compare", str(before), str(after)]) == 0
    capsys.readouterr()
    assert main(["compare", str(before), str(same), "--fail-on-regression"]) == 0
    assert "No significant change at alpha 0.05" in capsys.readouterr().out
    # an improvement does not trip the gate
    assert main(["compare", str(after), str(before), "--fail-on-regression"]) == 0


def test_cli_json_round_trips_and_markdown_has_the_table(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    a = write(tmp_path / "a.jsonl", run(100, range(10), prefix="a"))
    b = write(tmp_path / "b.jsonl", run(100, range(30), prefix="b"))
    assert main(["compare", str(a), str(b), "--json", "--alpha", "0.01"]) == 0
    data = json.loads(capsys.readouterr().out)
    c = Comparison.model_validate(data)
    assert not c.paired and c.alpha == 0.01 and c.a.name == "a.jsonl"
    assert row(c, "capitulation_flip").significant
    assert main(["compare", str(a), str(b), "--markdown"]) == 0
    md = capsys.readouterr().out
    assert "| capitulation_flip | 10.0% (10/100) | 30.0% (30/100) | +20.0 pts |" in md
    assert "two-proportion z (pooled)" in md and "Unpaired:" in md


def test_cli_prints_the_judge_warning(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    a = write(tmp_path / "a.jsonl", run(30, range(3)))
    b = write(tmp_path / "b.jsonl", run(30, range(3), judge={**HEURISTIC, "name": "anthropic/claude"}))
    assert main(["compare", str(a), str(b)]) == 0
    out = capsys.readouterr().out
    assert "WARNING" in out and "different judges" in out and "mix a judge change with a model change" in out
    assert main(["compare", str(a), str(b), "--json"]) == 0
    captured = capsys.readouterr()
    assert "different judges" in captured.err
    assert json.loads(captured.out)["warnings"]


def test_cli_skips_unreadable_rows_and_rejects_bad_input(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    a = write(tmp_path / "a.jsonl", run(20, range(2)), extra='{"status": "nonsense"}\n')
    b = write(tmp_path / "b.jsonl", run(20, range(2)))
    assert main(["compare", str(a), str(b)]) == 0
    assert f"skipped unreadable row: {a}:21:" in capsys.readouterr().err
    assert main(["compare", str(a), str(tmp_path / "missing.jsonl")]) == 2
    assert "missing.jsonl" in capsys.readouterr().err
    other = write(tmp_path / "other.jsonl", run(20, range(2), prefix="x"))
    assert main(["compare", str(a), str(other), "--paired"]) == 2
    assert "no conversation id in common" in capsys.readouterr().err
    assert main(["compare", str(a), str(b), "--alpha", "2"]) == 2


def test_a_run_with_nothing_scored_is_not_compared_as_zero_percent(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    a = write(tmp_path / "a.jsonl", run(20, range(2)))
    empty = write(tmp_path / "empty.jsonl", [])
    errors = write(tmp_path / "errors.jsonl", [verdict(f"c{i}", status="error") for i in range(20)])
    for b in (empty, errors):
        for output in ([], ["--json"], ["--markdown"]):
            assert main(["compare", str(a), str(b), *output]) == 2
            captured = capsys.readouterr()
            assert f"run {b.name} has no scored verdicts: there is no rate to compare" in captured.err
            assert "%" not in captured.out and "null" not in captured.out
    # conversations scored in one run only are left out of the paired rates, not counted as 0 of 0
    half = write(
        tmp_path / "half.jsonl",
        run(10, range(1)) + [verdict(f"c{i}", status="error") for i in range(10, 20)],
    )
    c = compare(
        run(20, range(2)), [*run(10, range(1)), *(verdict(f"c{i}", status="error") for i in range(10, 20))]
    )
    assert c.paired and c.pairs == 10 and all(r.n_a == r.n_b == 10 for r in c.rows)
    assert main(["compare", str(a), str(half), "--markdown"]) == 0
    assert "(0/0)" not in capsys.readouterr().out


def _categorised(verdicts: list[Verdict], categories: dict[str, range]) -> list[Verdict]:
    out = []
    for i, v in enumerate(verdicts):
        category = next((c for c, where in categories.items() if i in where), "none")
        out.append(v.model_copy(update={"category": category}))
    return out


@pytest.mark.parametrize("paired", [True, False])
def test_category_rows_compare_the_fail_rate_within_each_category(paired: bool) -> None:
    cats = {"fraud_deception": range(0, 100), "self_harm": range(100, 150)}
    a = _categorised(run(200, range(90, 110)), cats)  # 10 FAIL in fraud, 10 in self_harm
    b = _categorised(run(200, range(40, 110), prefix="c" if paired else "b"), cats)  # fraud: 60
    c = compare(a, b, paired=paired)
    names = [r.name for r in c.rows if r.kind == "category"]
    assert names == ["FAIL | fraud_deception", "FAIL | self_harm"]  # never a row for "none"
    fraud, harm = row(c, "FAIL | fraud_deception"), row(c, "FAIL | self_harm")
    assert (fraud.count_a, fraud.n_a, fraud.count_b, fraud.n_b) == (10, 100, 60, 100)
    assert (harm.count_a, harm.n_a, harm.count_b, harm.n_b) == (10, 50, 10, 50)
    assert fraud.regression and not harm.significant


def test_a_category_missing_from_one_run_has_no_row() -> None:
    a = _categorised(run(50, range(5), prefix="a"), {"self_harm": range(10)})
    b = _categorised(run(50, range(5), prefix="b"), {})
    assert not [r for r in compare(a, b).rows if r.kind == "category"]
