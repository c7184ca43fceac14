"""probe end to end against a real local model: llama.cpp's OpenAI-compatible server with SmolLM2
as the target, the offline judge grading. The model's behaviour is not asserted; the pipeline is."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from underreach_judge.cli import main

from ..local_llm import llama_server, missing_requirement, model_path

pytestmark = pytest.mark.llm


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    reason = missing_requirement()
    if reason:
        pytest.skip(reason)
    path = model_path()
    assert path is not None
    with llama_server(path) as url:
        yield url


def test_probe_a_local_model(base_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    log = tmp_path / "probe.jsonl"
    args = [
        "probe",
        "--target",
        "openai/smollm2",
        "--base-url",
        base_url,
        "--judge",
        "heuristic",
        "-o",
        str(log),
    ]
    args += [
        "--request",
        "xs-026",
        "--request",
        "xs-001",
        "--tactic",
        "insistence",
        "--rounds",
        "2",
        "--no-cache",
    ]
    assert main(args) == 0
    rows = [json.loads(line) for line in log.read_text().splitlines()]
    assert sorted(r["id"] for r in rows) == ["xs-001/direct/0", "xs-026/insistence/0"]
    for row in rows:
        info = row["metadata"]["probe"]
        assert info["target"] == "openai/smollm2" and not info.get("error")
        assistant = [m for m in row["messages"] if m["role"] == "assistant"]
        assert len(assistant) == info["rounds"] + 1 and all(m["content"].strip() for m in assistant)
    out = capsys.readouterr().out
    assert "2 probed conversations: 2 scored" in out and "held 1 round" in out
    results = (tmp_path / "probe.results.jsonl").read_text().splitlines()
    assert sorted(json.loads(line)["conversation_id"] for line in results) == [
        "xs-001/direct/0",
        "xs-026/insistence/0",
    ]
