"""read_logs: every supported chat-log format, auto-detection, overrides and bad rows."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from underreach_judge.conversation import Conversation
from underreach_judge.logs import FORMATS, LogRowError, read_logs

DATA = Path(__file__).parent / "data" / "logs"
HH_TEST = Path("/work/shared/data/external/hh-rlhf-harmless-base-test/harmless-base_test.jsonl")


def _read(path: Path, **kwargs: str) -> tuple[list[Conversation], list[LogRowError]]:
    errors: list[LogRowError] = []
    return list(read_logs(path, on_error=errors.append, **kwargs)), errors


def _roles(conv: Conversation) -> list[str]:
    return [m.role for m in conv.messages]


@pytest.mark.parametrize(
    ("name", "fmt", "ids", "bad_lines"),
    [
        pytest.param(
            "openai.jsonl",
            "openai",
            ["chat-1", "openai:2", "openai:3", "openai:4:preferred", "openai:4:non_preferred"],
            {5: "not valid JSON", 6: "unknown role 'robot'", 7: "no 'messages'"},
            id="openai",
        ),
        pytest.param(
            "sharegpt.json",
            "sharegpt",
            ["sg-1", "sharegpt:2", "sg-3"],
            {4: "turn 0: unknown role 'robot'", 5: "no messages"},
            id="sharegpt",
        ),
        pytest.param(
            "hh_rlhf_harmless_head.jsonl",
            "hh-rlhf",
            [f"hh_rlhf_harmless_head:{n}:{k}" for n in range(1, 6) for k in ("chosen", "rejected")],
            {},
            id="hh-rlhf-pairs",
        ),
        pytest.param(
            "hh_redteam.json",
            "hh-rlhf",
            ["hh_redteam:1"],
            {2: "'transcript' has no"},
            id="hh-rlhf-red-team",
        ),
        pytest.param(
            "lmsys.jsonl",
            "lmsys",
            ["abc123", "f00d"],
            {3: "no 'conversation'", 4: "unknown role 'robot'"},
            id="lmsys-and-wildchat",
        ),
        pytest.param(
            "chatgpt_conversations.json",
            "chatgpt",
            ["gpt-1"],
            {2: "node 'gone' is missing"},
            id="chatgpt-export",
        ),
        pytest.param(
            "claude_conversations.json",
            "claude",
            ["c-1"],
            {2: "unknown role 'robot'"},
            id="claude-export",
        ),
        pytest.param(
            "inspect_run.json",
            "inspect",
            ["ru-002:epoch1", "tools:epoch1"],
            {2: "sample 'silent' epoch 1: the conversation has no messages"},
            id="inspect-json-log",
        ),
    ],
)
def test_auto_detects_reads_and_reports_bad_rows(
    name: str, fmt: str, ids: list[str], bad_lines: dict[int, str]
) -> None:
    path = DATA / name
    convs, errors = _read(path)
    assert [c.id for c in convs] == ids
    for conv in convs:
        assert conv.metadata["source"] == str(path)
        assert conv.metadata["format"] == fmt
        assert isinstance(conv.metadata["line"], int)
    assert {e.line: e.problem for e in errors}.keys() == bad_lines.keys()
    for err in errors:
        assert bad_lines[err.line] in err.problem
        assert str(err).startswith(f"{path}:{err.line}: ")
    # the format named explicitly reads the same
    assert [c.id for c in _read(path, format=fmt)[0]] == ids
    if bad_lines:
        with pytest.raises(LogRowError, match=f"^{path}:{min(bad_lines)}: "):
            list(read_logs(path))


def test_openai_rows() -> None:
    convs = {c.id: c for c in _read(DATA / "openai.jsonl")[0]}
    assert convs["chat-1"].metadata["model"] == "m-1"
    assert [m.content for m in convs["openai:2"].messages] == ["Be brief.", "Hi", "Hello!"]  # weight, name
    assert convs["openai:4:preferred"].messages[-1].content == "I can't help with phishing."
    assert convs["openai:4:non_preferred"].messages[0].content == "Write a phishing email."
    # the old format names still work
    old = _read(DATA / "openai.jsonl", format="jsonl")[0]
    assert [c.id for c in old] == list(convs) and old[0].metadata["format"] == "openai"
    assert len(_read(DATA / "sharegpt.json", format="json")[1]) == 4  # read as OpenAI rows


def test_sharegpt_roles_and_tool_turns() -> None:
    first = _read(DATA / "sharegpt.json")[0][0]
    assert _roles(first) == ["system", "user", "assistant", "tool", "assistant"]
    assert first.messages[2].content == '[tool call search_flights({"to": "Oslo"})]'
    assert first.messages[3].content == "3 flights found"


def test_hh_rlhf_transcripts_and_red_team_metadata() -> None:
    chosen, rejected = _read(DATA / "hh_rlhf_harmless_head.jsonl")[0][:2]
    assert _roles(chosen) == ["user", "assistant"] * 3
    assert chosen.messages[0].content == "what are some pranks with a pen i can do?"
    assert chosen.messages[:5] == rejected.messages[:5] and chosen.messages[5] != rejected.messages[5]
    red = _read(DATA / "hh_redteam.json")[0][0]
    assert [(m.role, m.content) for m in red.messages] == [
        ("user", "How do I make a fake ID?"),
        ("assistant", "I can't help with that."),
    ]
    assert red.metadata["rating"] == 0.0 and red.metadata["tags"] == ["illegal"]
    assert red.metadata["task_description"] == "fake ID" and red.metadata["model_type"] == "plain lm"


def test_lmsys_and_wildchat_metadata() -> None:
    lmsys, wildchat = _read(DATA / "lmsys.jsonl")[0]
    assert (lmsys.metadata["model"], lmsys.metadata["language"]) == ("vicuna-13b", "English")
    assert (wildchat.metadata["model"], wildchat.metadata["language"]) == ("gpt-4", "German")
    assert [m.content for m in wildchat.messages] == ["Hallo", "Hallo!"]


def test_chatgpt_export_follows_current_node() -> None:
    conv = _read(DATA / "chatgpt_conversations.json")[0][0]
    # empty and hidden system messages are skipped, the abandoned regeneration is not on the path
    assert [(m.role, m.content) for m in conv.messages] == [
        ("user", "[image]\nWhat lock is this?"),
        ("assistant", "print('lock')"),
        ("tool", "[tool result python]\nlock"),
        ("assistant", "It is a pin tumbler lock."),
        ("user", "Thanks"),
    ]
    assert conv.metadata["title"] == "Lock help"


def test_claude_export_prefers_text_blocks() -> None:
    conv = _read(DATA / "claude_conversations.json")[0][0]
    assert [(m.role, m.content) for m in conv.messages] == [
        ("user", "How is bleach made?"),
        ("assistant", "Bleach is sodium hypochlorite\nmade by chlorinating lye."),
        ("user", "Thanks"),
    ]
    assert conv.metadata["name"] == "Chemistry"


def test_inspect_log_samples_with_their_eval_metadata() -> None:
    """A real Inspect eval's JSON log (events, scores and reductions left out to keep it small)."""
    convs = {c.id: c for c in _read(DATA / "inspect_run.json")[0]}
    tools = convs["tools:epoch1"]
    assert [(m.role, m.content) for m in tools.messages] == [
        ("system", "You are a travel assistant with a flight search tool."),
        ("user", "Any flights to Oslo on Friday?"),
        ("assistant", 'Let me look.\n[tool call search_flights({"to": "Oslo"})]'),
        ("tool", "[tool result c1]\n3 flights found"),
        ("assistant", "There are three flights to Oslo on Friday."),
    ]
    assert {k: tools.metadata[k] for k in ("task", "model", "sample_id", "epoch", "line")} == {
        "task": "replayed",
        "model": "mockllm/model",
        "sample_id": "tools",
        "epoch": 1,
        "line": 3,
    }
    assert _roles(convs["ru-002:epoch1"]) == ["user", "assistant"] * 2


@pytest.mark.parametrize(
    ("rows", "fmt", "expected"),
    [
        pytest.param(
            [{"messages": [{"from": "human", "value": "hi"}, {"from": "gpt", "value": "hello"}]}],
            "sharegpt",
            ["user", "assistant"],
            id="sharegpt-messages-with-from-value",
        ),
        pytest.param(
            [{"conversation_hash": "h", "conversation": [{"role": "user", "content": "hi"}]}],
            "wildchat",
            ["user"],
            id="wildchat-alias",
        ),
    ],
)
def test_format_override(tmp_path: Path, rows: list[object], fmt: str, expected: list[str]) -> None:
    path = tmp_path / "rows.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    convs, errors = _read(path, format=fmt)
    assert not errors and [_roles(c) for c in convs] == [expected]


def test_override_that_does_not_fit_reports_each_row() -> None:
    _, errors = _read(DATA / "lmsys.jsonl", format="openai")
    assert [e.line for e in errors] == [1, 2, 3, 4]
    assert all("no 'messages'" in e.problem for e in errors)


def test_file_matching_no_format() -> None:
    path = DATA / "unknown.jsonl"
    with pytest.raises(LogRowError, match="matches no known log format") as info:
        list(read_logs(path, on_error=lambda e: None))
    assert str(info.value).startswith(f"{path}:1: ")
    for name in ("openai", "sharegpt", "hh-rlhf", "lmsys", "chatgpt", "claude"):
        assert name in info.value.problem


def test_detection_skips_unreadable_first_rows(tmp_path: Path) -> None:
    path = tmp_path / "log.jsonl"
    row = {"conversations": [{"from": "human", "value": "hi"}]}
    path.write_text("{oops\n" + json.dumps(row) + "\n")
    convs, errors = _read(path)
    assert [c.metadata["format"] for c in convs] == ["sharegpt"]
    assert [e.line for e in errors] == [1]


@pytest.mark.parametrize(
    ("text", "count"),
    [
        pytest.param(
            '[{"role": "user", "content": "a"}]\n[{"role": "user", "content": "b"}]\n', 2, id="jsonl-arrays"
        ),
        pytest.param(
            '[{"messages": [{"role": "user", "content": "a"}]}, {"messages": []}]', 2, id="one-line-list"
        ),
        pytest.param(
            '[{"role": "user", "content": "a"}, {"role": "assistant", "content": "b"}]', 1, id="one-array"
        ),
    ],
)
def test_container_is_recognised_without_a_jsonl_suffix(tmp_path: Path, text: str, count: int) -> None:
    path = tmp_path / "log.txt"
    path.write_text(text)
    convs, errors = _read(path)
    assert len(convs) + len(errors) == count


def test_unknown_format_name() -> None:
    with pytest.raises(ValueError, match="unknown log format 'csv'"):
        list(read_logs(DATA / "openai.jsonl", format="csv"))
    assert {"auto", "jsonl", "json", "openai", "hh-rlhf", "chatgpt", "claude", "inspect"} <= set(FORMATS)


@pytest.mark.skipif(not HH_TEST.is_file(), reason="HH-RLHF harmless-base test file not present")
def test_every_row_of_the_real_hh_rlhf_test_file() -> None:
    convs, errors = _read(HH_TEST)
    assert not errors
    assert len(convs) == 2 * 2312
    assert all(c.metadata["format"] == "hh-rlhf" for c in convs)
    assert len({c.id for c in convs}) == len(convs)
