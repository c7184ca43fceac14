"""grade_dataset on a real local Ray cluster: the verdicts of grade_many, none lost, none invented."""

from __future__ import annotations

import json
import os
import warnings
from collections.abc import Iterator
from functools import partial
from pathlib import Path
from typing import Any

import pytest

ray = pytest.importorskip("ray")
pytest.importorskip("pyarrow")

from underreach_judge import FunctionBackend, Judge, JudgeRequest, JudgeResponse, grade_many
from underreach_judge.exceptions import ConfigurationError
from underreach_judge.integrations.ray import grade_dataset
from underreach_judge.logs import read_rows
from underreach_judge.verdict import Verdict

from ..stand_in_server import StandInServer, judge_output

GOLDEN = Path(__file__).resolve().parents[2] / "golden" / "refusal_underreach.jsonl"


@pytest.fixture(scope="module")
def cluster() -> Iterator[None]:
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    with warnings.catch_warnings():  # Ray's own defaults trip its deprecation of a setting
        warnings.simplefilter("ignore", DeprecationWarning)
        ray.data.DataContext.get_current().enable_progress_bars = False
    yield
    ray.shutdown()


@pytest.fixture
def server() -> Iterator[StandInServer]:
    s = StandInServer(latency=0.01).start()
    yield s
    s.shutdown()
    s.server_close()


def _rows(n: int) -> list[dict[str, Any]]:
    """Golden conversations; one with no assistant turn, one with a message without content."""
    golden = [json.loads(line)["messages"] for line in GOLDEN.read_text().splitlines() if line.strip()]
    rows: list[dict[str, Any]] = [{"id": f"g{i}", "messages": golden[i % len(golden)]} for i in range(n)]
    rows[3] = {"id": "silent", "messages": [{"role": "user", "content": "anyone there?"}]}
    rows[7] = {"id": "broken", "messages": [{"role": "user"}]}
    # one message with a name: Arrow gives every other message a null name
    rows[9]["messages"] = [{**rows[9]["messages"][0], "name": "alice"}, *rows[9]["messages"][1:]]
    return rows


def _without_line(verdict: Verdict) -> dict[str, Any]:
    """A verdict as JSON, less the row's position (in its batch on Ray, in the whole input here)."""
    data = json.loads(verdict.model_dump_json())
    data["metadata"].pop("line", None)
    return data


def _graded(ds: Any, **options: Any) -> list[dict[str, Any]]:
    return sorted(grade_dataset(ds, batch_size=16, **options).take_all(), key=lambda r: str(r["id"]))


@pytest.mark.parametrize(
    "judge",
    [
        pytest.param({"judge": "heuristic"}, id="offline"),
        pytest.param({"judge": "openai/stand-in"}, id="model"),
    ],
)
def test_the_verdicts_are_grade_many_s(cluster: None, server: StandInServer, judge: dict[str, Any]) -> None:
    rows = _rows(60)
    options = {**judge, "base_url": server.url} if judge["judge"] != "heuristic" else judge
    expected = grade_many(read_rows(rows, source="dataset", on_error=lambda exc: None), **options)
    got = _graded(ray.data.from_items(rows, override_num_blocks=3), **options)

    assert len(got) == len(rows)
    by_id = {r["id"]: r for r in got}
    assert by_id["silent"]["status"] == "unscored"
    assert by_id["broken"]["status"] == "error"
    for verdict in expected:
        row = by_id[verdict.conversation_id]
        assert _without_line(Verdict.model_validate_json(row["verdict"])) == _without_line(verdict)
        assert (row["status"], row["label"], row["patterns"], row["category"]) == (
            verdict.status,
            verdict.label,
            verdict.patterns,
            verdict.category,
        )
    if judge["judge"] != "heuristic":
        assert server.served >= 2 * (len(rows) - 2)  # grade_many's calls, then the cluster's


def _raising(marker: Path, request: JudgeRequest) -> JudgeResponse:
    """A judge whose call raises on one conversation, and whose worker dies the first time it
    meets another (``marker`` says it already did)."""
    conversation = request.conversation
    assert conversation is not None
    if conversation.id == "g5":
        raise RuntimeError("the judge client broke")
    if conversation.id == "g20" and not marker.exists():
        marker.touch()
        os._exit(1)
    return JudgeResponse(text=json.dumps(judge_output(request.user)))


def test_a_worker_that_raises_or_dies_loses_nothing(cluster: None, tmp_path: Path) -> None:
    rows = _rows(40)
    marker = tmp_path / "died"
    judge = FunctionBackend(partial(_raising, marker), name="flaky")
    got = _graded(ray.data.from_items(rows, override_num_blocks=2), judge=judge)

    assert marker.exists(), "the worker never died: the test checked nothing"
    assert sorted(r["id"] for r in got) == sorted(r["id"] for r in rows)
    by_id = {r["id"]: r for r in got}
    assert by_id["g5"]["status"] == "error"
    assert "RuntimeError: the judge client broke" in json.loads(by_id["g5"]["verdict"])["detail"]
    assert by_id["g20"]["status"] == "scored"
    assert by_id["silent"]["status"] == "unscored"
    assert {r["status"] for r in got if r["id"] not in ("g5", "silent", "broken")} == {"scored"}


def test_verdict_rows_write_to_parquet_and_jsonl(cluster: None, tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    verdicts = grade_dataset(ray.data.from_items(_rows(12)), judge="heuristic").materialize()
    verdicts.write_parquet(str(tmp_path / "parquet"))
    verdicts.write_json(str(tmp_path / "jsonl"))

    table = pq.read_table(tmp_path / "parquet")
    assert table.num_rows == 12
    assert str(table.schema.field("patterns").type) == "list<element: string>"
    lines = [json.loads(line) for f in (tmp_path / "jsonl").iterdir() for line in f.read_text().splitlines()]
    assert sorted(r["id"] for r in lines) == sorted(table.column("id").to_pylist())
    assert all(Verdict.model_validate_json(r["verdict"]).conversation_id == r["id"] for r in lines)


@pytest.mark.parametrize(
    ("judge", "says"),
    [
        pytest.param(lambda: Judge("heuristic"), "spec string", id="a Judge instance"),
        pytest.param(lambda: "nope/model", "unknown judge spec", id="an unknown spec"),
    ],
)
def test_a_judge_the_workers_cannot_build_is_refused_at_once(cluster: None, judge: Any, says: str) -> None:
    with pytest.raises(ConfigurationError, match=says):
        grade_dataset(ray.data.from_items(_rows(12)), judge=judge())
