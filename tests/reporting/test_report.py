import codecs
import json
import re
from pathlib import Path

import pytest
from rich.console import Console

from underreach_judge import Conversation, JudgeResponse, Verdict, aggregate, load_rubric, to_conversation
from underreach_judge.cli import main
from underreach_judge.cli._display import print_calibration, print_rates
from underreach_judge.exceptions import ConfigurationError, ResultRowError
from underreach_judge.grading.settle import settle
from underreach_judge.reporting import (
    GoldenRow,
    Rate,
    Report,
    calibration_from_verdicts,
    read_results,
    wilson_interval,
)
from underreach_judge.reporting.aggregate import pushback_rounds
from underreach_judge.reporting.markdown import calibration_markdown, to_markdown
from underreach_judge.verdict import AssistantTurn, JudgeInfo

ROOT = Path(__file__).resolve().parents[2]


def verdict(
    status: str = "scored",
    *,
    stances: tuple[str, ...] = (),
    flips: int = 0,
    caveat: bool = False,
    patterns: tuple[tuple[str, str], ...] = (),
    model: str = "a",
) -> Verdict:
    return Verdict.model_validate(
        {
            "status": status,
            "unscored_reason": {"scored": None, "unscored": "judge_refused", "error": "backend_error"}[
                status
            ],
            "assistant_turns": [{"turn": 2 * i + 1, "stance": s} for i, s in enumerate(stances)],
            "findings": [
                {"pattern": p, "severity": sev, "turns": [1], "evidence": []} for p, sev in patterns
            ],
            "flips": [{"refusal_turn": 1, "compliance_turn": 3}] * flips,
            "caveats": [{"turn": 1, "disclaimer": "use responsibly", "content_shipped": True}]
            if caveat
            else [],
            "metadata": {"model": model},
        }
    )


VERDICTS = [
    verdict(stances=("refuse", "comply"), flips=1, patterns=(("capitulation_flip", "FAIL"),)),
    verdict(stances=("refuse", "refuse"), patterns=(("boundary_held", "PASS"),)),
    verdict(stances=("comply",), caveat=True, patterns=(("caveat_substitution", "WARN"),), model="b"),
    verdict(stances=("comply",), model="b"),
    verdict("unscored", model="b"),
    verdict("error", model="b"),
]


def test_rates_keep_unscored_and_errors_out() -> None:
    report = aggregate(VERDICTS, patterns=["capitulation_flip", "fictional_frame"])
    assert (report.total, report.scored, report.unscored, report.errors) == (6, 4, 1, 1)
    assert report.labels == {"PASS": 2, "WARN": 1, "FAIL": 1}
    rates = {r.name: (r.count, r.n) for r in report.patterns}
    assert rates == {
        "capitulation_flip": (1, 4),
        "fictional_frame": (0, 4),
        "boundary_held": (1, 4),
        "caveat_substitution": (1, 4),
    }
    assert (report.refusal.count, report.refusal.n) == (2, 4)
    assert (report.flip.count, report.flip.n) == (1, 2)
    assert (report.caveat.count, report.caveat.n) == (1, 4)
    assert report.unscored_reasons == {"judge_refused": 1, "backend_error": 1}


def test_by_metadata_field() -> None:
    report = aggregate(VERDICTS, by="model")
    assert set(report.groups) == {"a", "b"}
    assert (report.groups["a"].scored, report.groups["b"].scored, report.groups["b"].errors) == (2, 2, 1)
    assert report.groups["a"].flip.rate == 0.5


@pytest.mark.parametrize(
    ("k", "n", "low", "high"),
    [
        pytest.param(20, 200, 0.0658, 0.1495, id="10pct-of-200"),
        pytest.param(0, 100, 0.0, 0.0370, id="none-of-100"),
    ],
)
def test_wilson_interval(k: int, n: int, low: float, high: float) -> None:
    got = wilson_interval(k, n)
    assert got == pytest.approx((low, high), abs=5e-4)


def test_wilson_interval_of_nothing_is_none() -> None:
    assert wilson_interval(0, 0) is None


@pytest.mark.parametrize(
    ("stances", "flip_turn", "counted", "survived"),
    [
        pytest.param(("refuse", "refuse", "refuse"), None, True, True, id="held-two-rounds"),
        pytest.param(("refuse", "refuse", "comply"), 5, True, False, id="gave-way-on-round-two"),
        pytest.param(("refuse", "comply", "comply"), 3, True, False, id="gave-way-on-round-one"),
        pytest.param(("refuse", "refuse"), None, False, False, id="only-one-round"),
        pytest.param(("comply", "comply", "comply"), None, False, False, id="never-refused"),
        pytest.param(("refuse", "refuse", "refuse", "comply"), 7, True, True, id="gave-way-on-round-three"),
    ],
)
def test_second_round_survival(
    stances: tuple[str, ...], flip_turn: int | None, counted: bool, survived: bool
) -> None:
    from underreach_judge.verdict import Flip

    v = verdict(stances=stances)
    if flip_turn is not None:
        v.flips = [Flip(refusal_turn=1, compliance_turn=flip_turn)]
    rate = aggregate([v]).second_round_survival
    assert (rate.n, rate.count) == (int(counted), int(survived))


def test_usage_cost_cache_and_panel_agreement_are_summed() -> None:
    from underreach_judge.verdict import PanelInfo, Usage, Vote

    a, b, c = verdict(), verdict(), verdict("error")
    a.usage = Usage(input_tokens=1000, cached_input_tokens=600, output_tokens=100, cost_usd=0.01)
    b.usage = Usage(input_tokens=500, output_tokens=50)  # a judge with no price
    c.usage = Usage(input_tokens=200, cost_usd=0.001)
    votes = [Vote(judge="j", status="scored", label="PASS")]
    a.panel = PanelInfo(votes=votes, agreement=1.0, low_agreement=False)
    b.conversation_id = "split"
    b.panel = PanelInfo(votes=votes, agreement=0.5, low_agreement=True)
    report = aggregate([a, b, c])
    assert report.usage.input_tokens == 1700 and report.usage.cached_input_tokens == 600
    assert report.usage.cost_usd == pytest.approx(0.011)
    assert report.unpriced == 1
    assert (report.panel_verdicts, report.low_agreement) == (2, ["split"])
    assert report.mean_agreement == pytest.approx(0.75)


# --- rates over nothing: n/a, never 0% -------------------------------------------------------------


def every_rate(report: Report) -> list[Rate]:
    return [report.refusal, report.flip, report.second_round_survival, report.caveat, *report.patterns]


def test_rates_of_no_verdicts_have_no_value() -> None:
    report = aggregate([], patterns=["capitulation_flip"])
    assert [r.n for r in every_rate(report)] == [0] * 5
    assert {(r.rate, r.ci_low, r.ci_high) for r in every_rate(report)} == {(None, None, None)}


def test_a_group_with_nothing_eligible_has_no_rate_while_a_measured_zero_stays_zero() -> None:
    report = aggregate([*VERDICTS, verdict("error", model="c")], patterns=["capitulation_flip"], by="model")
    nothing_scored = report.groups["c"]
    assert nothing_scored.scored == 0
    assert all(r.rate is None and r.ci_low is None and r.ci_high is None for r in every_rate(nothing_scored))
    no_refusal = report.groups["b"]
    assert (no_refusal.refusal.count, no_refusal.refusal.n, no_refusal.refusal.rate) == (0, 2, 0.0)
    assert no_refusal.refusal.ci_high is not None and no_refusal.refusal.ci_high > 0.5
    assert (no_refusal.flip.n, no_refusal.flip.rate, no_refusal.flip.ci_low) == (0, None, None)


def test_json_has_null_for_a_rate_over_nothing() -> None:
    data = json.loads(aggregate([*VERDICTS, verdict("error", model="c")], by="model").model_dump_json())
    for name in ("refusal", "flip", "second_round_survival", "caveat"):
        row = data["groups"]["c"][name]
        assert (row["n"], row["rate"], row["ci_low"], row["ci_high"]) == (0, None, None, None)
    assert data["groups"]["b"]["flip"]["rate"] is None
    assert data["groups"]["b"]["refusal"]["rate"] == 0.0
    assert Report.model_validate(data) == aggregate([*VERDICTS, verdict("error", model="c")], by="model")


def test_markdown_shows_n_a_for_a_rate_over_nothing() -> None:
    empty = to_markdown(aggregate([], patterns=["capitulation_flip"]))
    assert "| pattern | capitulation_flip | 0 | 0 | n/a | n/a |" in empty
    assert "| conversations | flip among refusals | 0 | 0 | n/a | n/a |" in empty
    grouped = to_markdown(aggregate([*VERDICTS, verdict("error", model="c")], by="model"))
    assert "| conversations | flip among refusals | 0 | 0 | n/a | n/a |" in grouped
    assert "| conversations | refusal | 0 | 2 | 0.0% | 0.0% – 65.8% |" in grouped
    for text in (empty, grouped):
        assert "0.0% – 0.0%" not in text


def test_terminal_table_shows_n_a_for_a_rate_over_nothing() -> None:
    out = Console(record=True, width=160, color_system=None)
    print_rates(out, aggregate([*VERDICTS, verdict("error", model="c")], by="model"))
    text = out.export_text()
    assert "0.0% – 0.0%" not in text
    rows = [line.split("│") for line in text.splitlines() if "flip among refusals" in line]
    assert len(rows) == 4  # the whole run and groups a, b, c
    cells = [[cell.strip() for cell in row] for row in rows]
    assert [c[5:7] for c in cells] == [["50.0%", "9.5% – 90.5%"], ["50.0%", "9.5% – 90.5%"]] + [
        ["n/a", "n/a"]
    ] * 2


def test_corrected_rate_over_nothing_is_not_observed_as_zero() -> None:
    rows = [
        GoldenRow(id="f", messages=[], label="FAIL", patterns=["capitulation_flip"]),
        GoldenRow(id="p", messages=[], label="PASS"),
    ]
    scored = [verdict(patterns=(("capitulation_flip", "FAIL"),)), verdict()]
    cal = calibration_from_verdicts(rows, scored)
    report = aggregate([verdict("error")], calibration=cal)
    fail = report.corrected[0]
    assert (fail.name, fail.n, fail.observed, fail.corrected, fail.reason) == (
        "FAIL",
        0,
        None,
        None,
        "no scored verdicts",
    )
    assert "| FAIL | n/a (0/0) |" in to_markdown(report)


def test_calibration_with_nothing_scored_shows_no_accuracy_interval() -> None:
    cal = calibration_from_verdicts([GoldenRow(id="p", messages=[], label="PASS")], [verdict("error")])
    assert (cal.accuracy, cal.accuracy_ci) == (None, None)
    assert json.loads(cal.model_dump_json())["accuracy_ci"] is None
    assert "label accuracy n/a (95% CI n/a)" in calibration_markdown(cal)
    out = Console(record=True, width=160, color_system=None)
    print_calibration(out, cal)
    assert "label accuracy n/a (95% CI n/a)" in out.export_text()


def test_report_cli_on_an_empty_results_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    results = tmp_path / "empty.jsonl"
    results.write_text("")
    assert main(["report", str(results), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["total"], data["flip"]["rate"], data["flip"]["ci_low"], data["flip"]["ci_high"]) == (
        0,
        None,
        None,
        None,
    )
    assert main(["report", str(results), "--markdown"]) == 0
    assert "| conversations | refusal | 0 | 0 | n/a | n/a |" in capsys.readouterr().out
    assert main(["report", str(results)]) == 0
    text = capsys.readouterr().out
    assert "n/a" in text and "0.0%" not in text


def test_grade_summary_after_a_rerun_covers_the_whole_results_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "results.jsonl"
    logs = str(ROOT / "examples" / "redteam_run.jsonl")
    assert main(["grade", logs, "-o", str(out), "--judge", "heuristic", "--quiet", "--no-progress"]) == 0
    first = capsys.readouterr().out
    assert main(["grade", logs, "-o", str(out), "--judge", "heuristic", "--quiet", "--no-progress"]) == 0
    again = capsys.readouterr().out
    assert "12 graded" in again and "(0 graded now, 12 already in the results file)" in again
    # the same rates as the first run's, not rates over the zero conversations graded now
    assert [line for line in again.splitlines()[2:]] == [line for line in first.splitlines()[2:]]


# --- pushback rounds: only the user pushes back -----------------------------------------------------


def conversation(*roles: str, id: str | None = None) -> Conversation:
    return to_conversation([{"role": role, "content": f"{role} {i}"} for i, role in enumerate(roles)], id=id)


def with_turns(*stances: tuple[int, str]) -> Verdict:
    return Verdict(status="scored", assistant_turns=[AssistantTurn(turn=t, stance=s) for t, s in stances])


@pytest.mark.parametrize(
    ("roles", "stances", "rounds"),
    [
        pytest.param(
            ("user", "assistant", "tool", "assistant"),
            ((1, "refuse"), (3, "comply")),
            [],
            id="tool-result-is-not-pushback",
        ),
        pytest.param(
            ("user", "assistant", "user", "assistant"),
            ((1, "refuse"), (3, "comply")),
            [3],
            id="user-turn-is-pushback",
        ),
        pytest.param(
            ("user", "assistant", "tool", "user", "assistant"),
            ((1, "refuse"), (4, "comply")),
            [4],
            id="user-turn-after-a-tool-result",
        ),
        pytest.param(
            ("user", "assistant", "tool", "assistant", "user", "assistant", "user", "assistant"),
            ((1, "refuse"), (3, "refuse"), (5, "refuse"), (7, "comply")),
            [5, 7],
            id="tool-result-then-two-user-rounds",
        ),
        pytest.param(
            ("system", "user", "assistant", "system", "assistant"),
            ((2, "redirect"), (4, "comply")),
            [],
            id="system-message-is-not-pushback",
        ),
        pytest.param(
            ("user", "assistant", "user", "assistant"),
            ((1, "comply"), (3, "comply")),
            [],
            id="no-refusal-no-rounds",
        ),
    ],
)
def test_only_user_turns_are_pushback_rounds(
    roles: tuple[str, ...], stances: tuple[tuple[int, str], ...], rounds: list[int]
) -> None:
    conv = conversation(*roles)
    v = with_turns(*stances)
    assert pushback_rounds(v, [m.role for m in conv.messages]) == rounds
    # a verdict settled from the conversation records its tool and system turns: no roles needed
    reply = JudgeResponse(
        text="",
        parsed={
            "assistant_turns": [{"turn": t, "stance": s} for t, s in stances],
            "boundary_required": True, "boundary_held": True, "legitimate_path_offered": False,
            "findings": [], "flips": [], "caveats": [], "rationale": "",
        },
    )  # fmt: skip
    settled = settle(reply, conv, load_rubric("refusal_underreach"), JudgeInfo(name="t"))
    assert pushback_rounds(settled) == rounds


def test_survival_counts_only_user_pushback_when_transcripts_are_given() -> None:
    # refuse, tool result, refuse, user, refuse: one real pushback round, not two
    conv = conversation("user", "assistant", "tool", "assistant", "user", "assistant", id="t1")
    v = with_turns((1, "refuse"), (3, "refuse"), (5, "refuse"))
    v.conversation_id = "t1"
    assert aggregate([v], transcripts={"t1": conv}).second_round_survival.n == 0
    # a verdict that does not record its tool turns (as written before it did) cannot tell them
    # from user turns without the transcript
    assert aggregate([v]).second_round_survival.n == 1
    two_users = conversation("user", "assistant", "user", "assistant", "user", "assistant", id="t1")
    assert aggregate([v], transcripts={"t1": two_users}).second_round_survival.count == 1


def test_html_report_draws_a_group_with_nothing_scored() -> None:
    from underreach_judge.reporting.html import render_html

    verdicts = [*VERDICTS, verdict("error", model="c")]
    report = aggregate(verdicts, patterns=["capitulation_flip"], by="model")
    page = render_html(report, verdicts, {}, title="run")
    assert 'data-group="c" data-count="0" data-n="0" data-rate="null"' in page


# --- reading results files: bad bytes, byte-order marks, files that are not results -----------


def _results(tmp_path: Path, data: bytes) -> Path:
    path = tmp_path / "results.jsonl"
    path.write_bytes(data)
    return path


def _lines(*verdicts: Verdict) -> bytes:
    return b"".join(v.model_dump_json().encode() + b"\n" for v in verdicts)


@pytest.mark.parametrize(
    ("data", "bad"),
    [
        pytest.param(codecs.BOM_UTF8 + _lines(*VERDICTS), {}, id="utf-8-bom"),
        pytest.param(
            _lines(*VERDICTS[:2]) + b'{"status": "scored", "rationale": "caf\xe9"}\n' + _lines(*VERDICTS[2:]),
            {3: "not UTF-8 text (byte 0xe9 at column 39); re-encode the file as UTF-8"},
            id="latin-1-row",
        ),
        pytest.param(
            _lines(*VERDICTS).decode().encode("utf-16"),
            {},
            id="utf-16-bom",
        ),
        pytest.param(
            _lines(*VERDICTS) + b'{"status": "maybe"}\n\n{"torn": ',
            {7: "not a verdict: status: Input should be", 9: "not valid JSON ("},
            id="not-verdicts",
        ),
    ],
)
def test_read_results_decodes_each_line(tmp_path: Path, data: bytes, bad: dict[int, str]) -> None:
    path = _results(tmp_path, data)
    errors: list[ResultRowError] = []
    verdicts = list(read_results(path, on_error=errors.append))
    assert len(verdicts) == len(VERDICTS)
    assert {e.line for e in errors} == bad.keys()
    for e in errors:
        assert e.problem.startswith(bad[e.line]) and str(e).startswith(f"{path}:{e.line}: ")
    if bad:
        with pytest.raises(ResultRowError, match=f"^{re.escape(str(path))}:{min(bad)}: "):
            list(read_results(path))


@pytest.mark.parametrize(
    "row",
    [
        pytest.param({"messages": [{"role": "user", "content": "hi"}]}, id="openai"),
        pytest.param({"conversations": [{"from": "human", "value": "hi"}]}, id="sharegpt"),
        pytest.param({"chosen": "\n\nHuman: hi", "rejected": "\n\nHuman: hi"}, id="hh-rlhf"),
        pytest.param({"conversation_hash": "h", "conversation": []}, id="wildchat"),
        pytest.param([{"role": "user", "content": "hi"}], id="message-array"),
        pytest.param([{"mapping": {}, "current_node": None}], id="chatgpt-export"),
        pytest.param([{"uuid": "u", "chat_messages": []}], id="claude-export"),
    ],
)
@pytest.mark.parametrize("pretty", [False, True])
def test_read_results_on_a_chat_log_says_to_grade_it_first(tmp_path: Path, row: object, pretty: bool) -> None:
    data = json.dumps(row, indent=2) if pretty else (json.dumps(row) + "\n") * 3
    path = _results(tmp_path, data.encode())
    expected = (
        f"{path} looks like a chat log, not a results file: run "
        f"`underreach-judge grade {path} -o results.jsonl` first, then report on results.jsonl"
    )
    with pytest.raises(ConfigurationError) as info:
        list(read_results(path, on_error=lambda e: None))
    assert str(info.value) == expected


def test_read_results_still_reports_a_stray_log_row_after_the_first(tmp_path: Path) -> None:
    row = json.dumps({"messages": [{"role": "user", "content": "hi"}]}).encode() + b"\n"
    errors: list[ResultRowError] = []
    path = _results(tmp_path, _lines(VERDICTS[0]) + row)
    assert len(list(read_results(path, on_error=errors.append))) == 1
    assert [e.line for e in errors] == [2]


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        pytest.param(b"\x00\x01", ": not a text file: byte 0 is a NUL byte", id="binary"),
        pytest.param(b"\x1f\x8b\x08\x00", ": not a text file: it is gzip-compressed;", id="gzip"),
        pytest.param(
            b'{\n  "status": "scored"\n}\n',
            " is not a results file (one verdict per line)",
            id="pretty-printed",
        ),
    ],
)
def test_read_results_on_a_file_that_is_not_results(tmp_path: Path, data: bytes, problem: str) -> None:
    path = _results(tmp_path, data)
    with pytest.raises(ConfigurationError, match=f"^{re.escape(str(path) + problem)}"):
        list(read_results(path, on_error=lambda e: None))


def _parquet(path: Path, rows: list[dict[str, object]]) -> Path:
    """``rows`` as a Parquet file (as Ray's ``write_parquet`` writes verdict rows), two to a row group."""
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    pq.write_table(pa.Table.from_pylist(rows), path, row_group_size=2)
    return path


@pytest.mark.parametrize(
    ("extra", "bad"),
    [
        pytest.param([], {}, id="verdicts"),
        pytest.param(
            [{"status": "maybe"}, {"status": "scored", "label": "MAYBE"}],
            {
                len(VERDICTS) + 1: "not a verdict: status: Input should be",
                len(VERDICTS) + 2: "not a verdict: label: Input should be",
            },
            id="rows-that-are-not-verdicts",
        ),
    ],
)
def test_read_results_reads_parquet_verdict_rows(
    tmp_path: Path, extra: list[dict[str, object]], bad: dict[int, str]
) -> None:
    rows = [v.model_dump(mode="json") for v in VERDICTS] + extra
    path = _parquet(tmp_path / "results.parquet", rows)
    errors: list[ResultRowError] = []
    assert list(read_results(path, on_error=errors.append)) == VERDICTS
    assert {e.line for e in errors} == bad.keys()
    for e in errors:
        assert e.problem.startswith(bad[e.line]) and str(e).startswith(f"{path}:{e.line}: ")
    if bad:
        with pytest.raises(ResultRowError, match=f"^{re.escape(str(path))}:{min(bad)}: "):
            list(read_results(path))


def test_read_results_on_a_parquet_chat_log_says_to_grade_it_first(tmp_path: Path) -> None:
    path = _parquet(tmp_path / "log.parquet", [{"id": "a", "messages": [{"role": "user", "content": "hi"}]}])
    with pytest.raises(
        ConfigurationError, match=r"looks like a chat log, not a results file: run `underreach"
    ):
        list(read_results(path, on_error=lambda e: None))
    truncated = tmp_path / "torn.parquet"
    truncated.write_bytes(path.read_bytes()[:100])
    with pytest.raises(
        ConfigurationError, match=f"^{re.escape(str(truncated))}: not a readable Parquet file"
    ):
        list(read_results(truncated))
