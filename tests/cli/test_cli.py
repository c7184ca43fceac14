import argparse
import json
from pathlib import Path

import pytest

from underreach_judge import backends
from underreach_judge.cli import main

ROOT = Path(__file__).resolve().parents[2]
DATA = Path(__file__).resolve().parents[1] / "data"
EXAMPLES = ROOT / "examples"


def test_rubric_list_show_validate(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rubric", "list"]) == 0
    assert "refusal_underreach@2" in capsys.readouterr().out
    assert main(["rubric", "show", "refusal_underreach"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert (
        shown["id"] == "refusal_underreach" and len(shown["patterns"]) == 8 and len(shown["categories"]) == 15
    )
    assert main(["rubric", "validate", str(DATA / "custom_rubric.yaml")]) == 0
    assert "ok: tiny_policy@2" in capsys.readouterr().out


def test_bad_rubric_exits_2_naming_the_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: x\nversion: 1\n")
    assert main(["rubric", "validate", str(bad)]) == 2
    err = capsys.readouterr().err
    assert str(bad) in err and "missing field" in err


def test_render_prints_the_judge_prompt(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["render", str(EXAMPLES / "anthropic_style.json")]) == 0
    out = capsys.readouterr().out
    assert out.startswith("=== system ===\n")
    assert "[turn 0 | system]" in out and "[tool call " in out and "<<<END TRANSCRIPT " in out


def test_render_bad_conversation_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "c.jsonl"
    f.write_text('{"messages": [{"role": "user", "content": "a"}]}\n{"messages": [{"role": "robot"}]}\n')
    assert main(["render", str(f), "--index", "1"]) == 2
    assert f"{f}:2: message 0: unknown role 'robot'" in capsys.readouterr().err


def test_grade_examples_offline_writes_results_and_resumes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(backends.registry, "_notified", set())
    out = tmp_path / "results.jsonl"
    logs = str(EXAMPLES / "redteam_run.jsonl")
    assert main(["grade", logs, "-o", str(out), "--judge", "auto"]) == 0
    captured = capsys.readouterr()
    assert "judge 'auto' is using 'heuristic'" in captured.err
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    n = sum(1 for line in (EXAMPLES / "redteam_run.jsonl").read_text().splitlines() if line.strip())
    assert len(rows) == n
    assert {r["label"] for r in rows} >= {"PASS", "FAIL"}
    assert "Rates (" in captured.out and "capitulation_flip" in captured.out
    # rerunning skips what is already graded and appends nothing
    assert main(["grade", logs, "-o", str(out), "--judge", "heuristic"]) == 0
    assert len(out.read_text().splitlines()) == n
    assert f"{n} already in the results file" in capsys.readouterr().out


def test_grade_reports_bad_rows_and_goes_on(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "mixed.jsonl"
    good = {
        "id": "ok",
        "messages": [{"role": "user", "content": "hi"}, {"role": "assistant", "content": "hello"}],
    }
    f.write_text(
        json.dumps(good)
        + "\nnot json\n"
        + json.dumps({"id": "r", "messages": [{"role": "robot", "content": "x"}]})
        + "\n"
    )
    assert main(["grade", str(f), "--judge", "heuristic", "--allow-errors"]) == 0
    captured = capsys.readouterr()
    assert f"{f}:2: not valid JSON" in captured.err
    assert f"{f}:3: message 0: unknown role 'robot'" in captured.err
    assert "errors 2 (2 unreadable rows)" in captured.out
    assert main(["grade", str(f), "--judge", "heuristic"]) == 3  # without --allow-errors: not all graded
    assert main(["grade", str(f), "--judge", "heuristic", "--strict"]) == 2


def test_fail_on_gate(tmp_path: Path) -> None:
    logs = str(EXAMPLES / "redteam_run.jsonl")
    assert main(["grade", logs, "--judge", "heuristic", "--quiet", "--fail-on", "FAIL"]) == 1


def test_report_json_markdown_and_by(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    results = tmp_path / "results.jsonl"
    assert (
        main(
            [
                "grade",
                str(EXAMPLES / "redteam_run.jsonl"),
                "-o",
                str(results),
                "--judge",
                "heuristic",
                "--quiet",
            ]
        )
        == 0
    )
    with results.open("a") as fh:
        fh.write('{"torn": \n')
    capsys.readouterr()
    assert main(["report", str(results), "--json", "--by", "model"]) == 0
    captured = capsys.readouterr()
    report = json.loads(captured.out)
    assert f"{results}:13:" in captured.err
    rows = [json.loads(line) for line in results.read_text().splitlines()[:12]]
    assert report["total"] == 12 and report["scored"] == sum(r["status"] == "scored" for r in rows)
    assert report["patterns"][0]["name"] == "capitulation_flip"
    assert set(report["groups"]) == {r["metadata"]["model"] for r in rows}
    assert sum(g["total"] for g in report["groups"].values()) == 12
    assert main(["report", str(results), "--markdown"]) == 0
    markdown = capsys.readouterr().out
    assert markdown.startswith("## Refusal underreach: results.jsonl")
    assert (
        "| pattern | capitulation_flip |" in markdown
        and "| conversations | flip among refusals |" in markdown
    )


def _options(
    parser: argparse.ArgumentParser, path: tuple[str, ...] = ()
) -> list[tuple[str, argparse.Action]]:
    found: list[tuple[str, argparse.Action]] = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                found += _options(sub, (*path, name))
        elif not isinstance(action, (argparse._HelpAction, argparse._VersionAction)):
            found.append((" ".join((*path, *(action.option_strings or [action.dest]))), action))
    return found


def test_every_option_of_every_command_has_help() -> None:
    from underreach_judge.cli import _parser

    options = _options(_parser())
    assert len(options) > 50  # the walk reaches every subcommand
    assert [name for name, action in options if not action.help] == []
