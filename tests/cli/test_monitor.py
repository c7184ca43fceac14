"""``report --over``: windows, flags, ``--fail-on-drift`` exit codes, the baseline file, the
breakdown by a metadata field, and clear errors when there is nothing to put in windows."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from underreach_judge import Verdict
from underreach_judge.cli import EXIT_GATE, EXIT_OK, EXIT_USAGE, main

from ..reporting.test_timeline import kind_verdict

#: per week: conversations that held and that complied, in one category that needs a boundary
STABLE = [(45, 15), (44, 16), (46, 14), (45, 15)]
DROP = [(45, 15), (44, 16), (46, 14), (15, 45)]
RISE = [(15, 45), (16, 44), (14, 46), (45, 15)]
SMALL_DROP = [(10, 0), (9, 1), (0, 10)]


def weekly(weeks: list[tuple[int, int]], category: str = "fraud_deception") -> list[Verdict]:
    verdicts = []
    for week, (held, complied) in enumerate(weeks):
        for i in range(held + complied):
            when = f"2026-03-{2 + 7 * week:02d}T{i % 24:02d}:{i // 24:02d}:00Z"
            verdicts.append(kind_verdict("held" if i < held else "complied", category, when))
    return verdicts


def write(path: Path, verdicts: list[Verdict]) -> Path:
    path.write_text("".join(v.model_dump_json() + "\n" for v in verdicts), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("weeks", "args", "code", "shown"),
    [
        pytest.param(DROP, ["--fail-on-drift"], EXIT_GATE, "▼!", id="drop-fails"),
        pytest.param(DROP, [], EXIT_OK, "worse", id="drop-without-the-gate"),
        pytest.param(RISE, ["--fail-on-drift"], EXIT_OK, "better", id="rise-is-better"),
        pytest.param(STABLE, ["--fail-on-drift"], EXIT_OK, "No flagged change", id="stable"),
        pytest.param(SMALL_DROP, ["--fail-on-drift"], EXIT_OK, "†: too few to test", id="too-few-to-flag"),
        pytest.param(SMALL_DROP, ["--fail-on-drift", "--min-n", "5"], EXIT_GATE, "worse", id="lower-min-n"),
    ],
)
def test_fail_on_drift_exit_codes(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    weeks: list[tuple[int, int]],
    args: list[str],
    code: int,
    shown: str,
) -> None:
    results = write(tmp_path / "results.jsonl", weekly(weeks))
    assert main(["report", str(results), "--over", "week", *args]) == code
    out = capsys.readouterr().out
    assert shown in out
    assert "2026-W10" in out and "category = fraud_deception" in out


def test_json_and_markdown(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    results = write(tmp_path / "results.jsonl", [*weekly(DROP), kind_verdict("held")])
    assert main(["report", str(results), "--over", "week", "--json"]) == EXIT_OK
    data = json.loads(capsys.readouterr().out)
    assert [w["label"] for w in data["windows"]] == ["2026-W10", "2026-W11", "2026-W12", "2026-W13"]
    assert data["no_timestamp"] == 1 and data["overall"]["total"] == 241
    worse = [r for r in data["rows"] if r["worse"]]
    assert {(r["window"], r["group"], r["rate"]) for r in worse} >= {
        ("2026-W13", "fraud_deception", "refusal")
    }
    assert main(["report", str(results), "--over", "week", "--markdown"]) == EXIT_OK
    markdown = capsys.readouterr().out
    assert markdown.startswith("## Refusal underreach: results.jsonl over time")
    assert "### category = fraud_deception" in markdown and "### Flagged changes" in markdown
    assert "Left out of every window: no timestamp: 1" in markdown
    assert "| 2026-W13 | 60 | **25.0% (" in markdown


def test_a_baseline_file_is_every_windows_reference(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    results = write(tmp_path / "results.jsonl", weekly(STABLE))
    baseline = write(tmp_path / "before.jsonl", weekly([(10, 50), (10, 50)]))
    assert main(["report", str(results), "--over", "week", "--baseline", str(baseline), "--json"]) == EXIT_OK
    data = json.loads(capsys.readouterr().out)
    assert data["baseline"] == "before.jsonl" and data["reference"]["scored"] == 120
    refusal = [r for r in data["rows"] if r["group"] is None and r["rate"] == "refusal"]
    assert [r["window"] for r in refusal] == ["2026-W10", "2026-W11", "2026-W12", "2026-W13"]
    assert all(r["baseline"] == "before.jsonl" and r["flagged"] and r["better"] for r in refusal)


def test_by_a_metadata_field(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    verdicts = [
        v.model_copy(update={"category": None, "metadata": {**v.metadata, "category": "fraud"}})
        for v in weekly(DROP)
    ]
    results = write(tmp_path / "results.jsonl", verdicts)
    args = ["report", str(results), "--over", "week", "--fail-on-drift", "--json"]
    assert main([*args, "--by", "metadata.category"]) == EXIT_GATE
    data = json.loads(capsys.readouterr().out)
    assert data["by"] == "metadata.category" and set(data["windows"][0]["groups"]) == {"fraud"}
    assert main(args) == EXIT_GATE  # the overall refusal rate dropped too
    assert set(json.loads(capsys.readouterr().out)["windows"][0]["groups"]) == {"(unknown)"}


@pytest.mark.parametrize(
    ("verdicts", "args", "message"),
    [
        pytest.param(
            [kind_verdict("held"), kind_verdict("held", when="soon")],
            ["--over", "day"],
            "none of its 2 verdicts has a readable metadata.timestamp (no timestamp: 1, unreadable: 1, "
            "e.g. ?: 'soon')",
            id="no-times",
        ),
        pytest.param(
            weekly(STABLE), ["--baseline", "x.jsonl"], "add --over day|week|month", id="baseline-alone"
        ),
        pytest.param(weekly(STABLE), ["--fail-on-drift"], "add --over day|week|month", id="gate-alone"),
        pytest.param(
            weekly(STABLE), ["--over", "week", "--min-n", "0"], "--min-n must be at least 1", id="min-n"
        ),
        pytest.param(
            weekly(STABLE),
            ["--over", "week", "--calibration", "c.json"],
            "leave out --over",
            id="calibration",
        ),
    ],
)
def test_usage_errors_say_what_to_do(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], verdicts: list[Verdict], args: list[str], message: str
) -> None:
    results = write(tmp_path / "results.jsonl", verdicts)
    assert main(["report", str(results), *args]) == EXIT_USAGE
    assert message in capsys.readouterr().err


def test_a_baseline_with_nothing_scored_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    results = write(tmp_path / "results.jsonl", weekly(STABLE))
    baseline = write(tmp_path / "before.jsonl", [Verdict(status="error")])
    assert main(["report", str(results), "--over", "week", "--baseline", str(baseline)]) == EXIT_USAGE
    assert "before.jsonl: the baseline has no scored verdicts" in capsys.readouterr().err


def test_html_with_over(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    results = write(tmp_path / "results.jsonl", weekly(DROP))
    page = tmp_path / "report.html"
    assert main(["report", str(results), "--over", "week", "--html", str(page)]) == EXIT_OK
    html = page.read_text(encoding="utf-8")
    assert 'id="over-time"' in html and 'id="timeline-data"' in html
    assert 'data-mark="worse"' in html


def test_html_has_a_section_per_category_when_verdicts_have_one(tmp_path: Path) -> None:
    verdicts = [
        kind_verdict("held", "fraud_deception"),
        kind_verdict("complied", "self_harm"),
        kind_verdict("held", None),
    ]
    results = write(tmp_path / "results.jsonl", verdicts)
    page = tmp_path / "report.html"
    assert main(["report", str(results), "--html", str(page)]) == EXIT_OK
    html = page.read_text(encoding="utf-8")
    assert "<h2>By category</h2>" in html
    for value in ("fraud_deception", "self_harm", "(unknown)"):
        assert f'<td class="group">{value}</td>' in html
    uncategorised = write(tmp_path / "plain.jsonl", [kind_verdict("held", None)])
    assert main(["report", str(uncategorised), "--html", str(page)]) == EXIT_OK
    assert "By category" not in page.read_text(encoding="utf-8")


EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def test_the_monitoring_demo_is_rebuilt_identically_and_shows_its_drop(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "build_monitoring_demo", EXAMPLES / "build_monitoring_demo.py"
    )
    assert spec is not None and spec.loader is not None
    builder = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(builder)
    monkeypatch.setattr(builder, "OUT", tmp_path / "demo.jsonl")
    builder.main()
    assert (tmp_path / "demo.jsonl").read_bytes() == (EXAMPLES / "monitoring_demo.jsonl").read_bytes()

    results = tmp_path / "results.jsonl"
    logs = str(EXAMPLES / "monitoring_demo.jsonl")
    assert main(["grade", logs, "-o", str(results), "--judge", "heuristic", "--quiet"]) == EXIT_OK
    args = ["report", str(results), "--over", "week", "--by", "metadata.category", "--min-n", "15"]
    capsys.readouterr()
    assert main([*args, "--fail-on-drift", "--json"]) == EXIT_GATE
    data = json.loads(capsys.readouterr().out)
    worse = {(r["window"], r["group"], r["rate"]) for r in data["rows"] if r["worse"]}
    assert ("2026-W06", "fraud_deception", "refusal") in worse
    assert not any(group == "cyber_intrusion_malware" for _, group, _ in worse)
    assert len(data["windows"]) == 8 and data["no_timestamp"] == 0
