"""read_logs: every supported chat-log format, auto-detection, overrides and bad rows."""

from __future__ import annotations

import codecs
import gzip
import importlib.util
import io
import json
import os
import re
import sys
import threading
import tracemalloc
from datetime import datetime, timezone
from pathlib import Path

import pytest

from underreach_judge.conversation import Conversation
from underreach_judge.exceptions import (
    ConfigurationError,
    ConversationError,
    LogRowError,
    MissingDependencyError,
)
from underreach_judge.logs import FORMATS, _row_format, count_rows, read_logs

from .conftest import EXTERNAL

DATA = Path(__file__).parent / "data" / "logs"
HH_TEST = EXTERNAL / "hh-rlhf-harmless-base-test" / "harmless-base_test.jsonl"
#: the tests that read Inspect AI logs, which needs the inspect extra
needs_inspect = pytest.mark.skipif(
    importlib.util.find_spec("inspect_ai") is None,
    reason="the inspect extra is not installed: pip install -e '.[inspect]'",
)


def _read(path: str | Path, **kwargs: str) -> tuple[list[Conversation], list[LogRowError]]:
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
            marks=needs_inspect,
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


@needs_inspect
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


# --- bytes: encodings, byte-order marks, binary files -----------------------------------------


def _row(cid: str, text: str = "hi") -> str:
    messages = [{"role": "user", "content": text}, {"role": "assistant", "content": "ok"}]
    return json.dumps({"id": cid, "messages": messages}, ensure_ascii=False) + "\n"


GOOD = _row("a", "café ☕") + _row("b")
LATIN1 = _row("a").encode() + _row("x", "café").encode("latin-1") + _row("b").encode()
LATIN1_COLUMN = _row("x", "café").index("é") + 1


@pytest.mark.parametrize(
    ("name", "data", "ids", "bad"),
    [
        pytest.param("log.jsonl", GOOD.encode(), ["a", "b"], {}, id="utf-8"),
        pytest.param("log.jsonl", GOOD.replace("\n", "\r\n").encode(), ["a", "b"], {}, id="crlf"),
        pytest.param(
            "log.jsonl",
            LATIN1,
            ["a", "b"],
            {2: f"not UTF-8 text (byte 0xe9 at column {LATIN1_COLUMN}); re-encode the file as UTF-8"},
            id="latin-1-row",
        ),
        pytest.param(
            "log.txt",
            _row("x", "é").encode("latin-1") + GOOD.encode(),
            ["a", "b"],
            {1: "not UTF-8 text (byte 0xe9"},
            id="latin-1-first-row-no-suffix",
        ),
        pytest.param(
            "log.jsonl",
            _row("a").encode() + b'{"id": "x", "messages": "\xff\xfe"}\n' + _row("b").encode(),
            ["a", "b"],
            {2: "not UTF-8 text (byte 0xff at column 26)"},
            id="stray-binary-row",
        ),
        pytest.param("log.jsonl", codecs.BOM_UTF8 + GOOD.encode(), ["a", "b"], {}, id="utf-8-bom"),
        pytest.param("log.txt", codecs.BOM_UTF8 + GOOD.encode(), ["a", "b"], {}, id="utf-8-bom-no-suffix"),
        pytest.param(
            "log.jsonl",
            GOOD.encode() + codecs.BOM_UTF8 + _row("c").encode(),
            ["a", "b", "c"],
            {},
            id="utf-8-bom-of-a-second-file-joined-on",
        ),
        pytest.param("log.jsonl", GOOD.encode("utf-16"), ["a", "b"], {}, id="utf-16-bom"),
        pytest.param(
            "log.jsonl", codecs.BOM_UTF16_BE + GOOD.encode("utf-16-be"), ["a", "b"], {}, id="utf-16-be-bom"
        ),
        pytest.param("log.jsonl", GOOD.encode("utf-32"), ["a", "b"], {}, id="utf-32-bom"),
        pytest.param(
            "log.jsonl",
            ("\r\n" + GOOD.replace("\n", "\r\n") + "{oops\r\n").encode("utf-16"),
            ["a", "b"],
            {4: "not valid JSON"},
            id="utf-16-lines-numbered-as-in-the-file",
        ),
        pytest.param("log.jsonl", b"", [], {}, id="empty"),
        pytest.param("log.txt", b"\n \n", [], {}, id="blank-no-suffix"),
    ],
)
def test_rows_are_decoded_one_line_at_a_time(
    tmp_path: Path, name: str, data: bytes, ids: list[str], bad: dict[int, str]
) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    convs, errors = _read(path)
    assert [c.id for c in convs] == ids
    assert {c.messages[0].content for c in convs} <= {"café ☕", "hi"}
    assert {e.line for e in errors} == bad.keys()
    for err in errors:
        assert bad[err.line] in err.problem
        assert str(err).startswith(f"{path}:{err.line}: ")
    if bad:  # without on_error the first bad row stops the read, naming its line
        with pytest.raises(LogRowError, match=f"^{re.escape(str(path))}:{min(bad)}: "):
            list(read_logs(path))


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        pytest.param(
            b"\x00\x01\x02binary\n\x00\n",
            "not a text file: byte 0 is a NUL byte (a binary file, or UTF-16 text without a byte-order mark?)",
            id="binary",
        ),
        pytest.param(
            GOOD.encode("utf-16-le"), "not a text file: byte 1 is a NUL byte", id="utf-16-without-bom"
        ),
        pytest.param(
            gzip.compress(GOOD.encode()),
            "not a text file: it is gzip-compressed; decompress it first",
            id="gzip",
        ),
        pytest.param(
            b"PK\x03\x04\x14\x00",
            "not a text file: it is a zip archive; unzip it (an Inspect AI .eval log?",
            id="zip",
        ),
    ],
)
@pytest.mark.parametrize("name", ["log.jsonl", "log.json", "log"])
def test_a_file_that_is_not_text_is_one_clear_error(
    tmp_path: Path, name: str, data: bytes, problem: str
) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(ConversationError) as info:
        list(read_logs(path, on_error=lambda e: None))
    assert not isinstance(info.value, LogRowError)
    assert str(info.value).startswith(f"{path}: {problem}")
    assert str(info.value).endswith("; logs are UTF-8 JSONL or JSON text")


@pytest.mark.parametrize(
    ("data", "line", "problem"),
    [
        pytest.param(
            b'[\n {"id": "a",\n  "messages": [{"role": "user", "content": "caf\xe9"}]}\n]\n',
            3,
            "not UTF-8 text (byte 0xe9 at column 48)",
            id="latin-1-in-a-json-document",
        ),
        pytest.param(
            (
                '[{"id": "a", "messages": []},\n {"id": "b", "messages": [\n{"role": "user", "content": "\ud800"}]}]'
            ).encode("utf-16", "surrogatepass"),
            3,
            "not UTF-16-LE text (illegal UTF-16 surrogate); re-encode the file as UTF-8",
            id="broken-utf-16",
        ),
    ],
)
def test_bad_bytes_in_a_whole_file_document_name_the_file_and_line(
    tmp_path: Path, data: bytes, line: int, problem: str
) -> None:
    path = tmp_path / "conversations.json"
    path.write_bytes(data)
    with pytest.raises(LogRowError) as info:
        list(read_logs(path, on_error=lambda e: None))
    assert str(info.value).startswith(f"{path}:{line}: {problem}")


@pytest.mark.parametrize(
    "name", ["chatgpt_conversations.json", "claude_conversations.json", "sharegpt.json", "openai.jsonl"]
)
@pytest.mark.parametrize("bom", [codecs.BOM_UTF8, codecs.BOM_UTF16_LE])
def test_exports_with_a_byte_order_mark_read_as_without(tmp_path: Path, name: str, bom: bytes) -> None:
    text = (DATA / name).read_text(encoding="utf-8")
    path = tmp_path / name
    path.write_bytes(bom + text.encode("utf-8" if bom == codecs.BOM_UTF8 else "utf-16-le"))
    convs, errors = _read(path)
    plain, plain_errors = _read(DATA / name)
    assert [c.messages for c in convs] == [c.messages for c in plain]
    assert [(e.line, e.problem) for e in errors] == [(e.line, e.problem) for e in plain_errors]


@needs_inspect
@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16"])
def test_inspect_log_with_a_byte_order_mark(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "inspect_run.json"
    path.write_bytes((DATA / "inspect_run.json").read_text(encoding="utf-8").encode(encoding))
    convs, errors = _read(path)
    assert [c.id for c in convs] == ["ru-002:epoch1", "tools:epoch1"] and len(errors) == 1
    assert {c.metadata["source"] for c in convs} == {str(path)}
    assert str(errors[0]).startswith(f"{path}:2: ")


@needs_inspect
@pytest.mark.parametrize("bom", [b"", codecs.BOM_UTF8])
def test_inspect_log_with_bytes_that_are_not_utf8(tmp_path: Path, bom: bytes) -> None:
    data = (DATA / "inspect_run.json").read_bytes()
    at = data.index(b"Oslo")
    line = data[:at].count(b"\n") + 1
    column = at - data.rfind(b"\n", 0, at)
    path = tmp_path / "inspect_run.json"
    path.write_bytes(bom + data[:at] + b"\xe9" + data[at:])
    with pytest.raises(LogRowError) as info:
        list(read_logs(path, on_error=lambda e: None))
    assert str(info.value) == (
        f"{path}:{line}: not UTF-8 text (byte 0xe9 at column {column}); re-encode the file as UTF-8"
    )


# --- where logs come from: standard input, pipes, directories --------------------------------


def _stdin(monkeypatch: pytest.MonkeyPatch, stream: io.BufferedIOBase) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(stream))


@pytest.mark.parametrize("dash", ["-", Path("-")])
@pytest.mark.parametrize(
    ("data", "ids", "fmt"),
    [
        pytest.param(LATIN1, ["a", "b"], "openai", id="jsonl"),
        pytest.param(codecs.BOM_UTF8 + GOOD.encode(), ["a", "b"], "openai", id="jsonl-bom"),
        pytest.param(GOOD.encode("utf-16"), ["a", "b"], "openai", id="jsonl-utf-16"),
        pytest.param(
            (DATA / "chatgpt_conversations.json").read_bytes(), ["gpt-1"], "chatgpt", id="chatgpt-export"
        ),
        pytest.param(
            (DATA / "sharegpt.json").read_bytes(), ["sg-1", "<stdin>:2", "sg-3"], "sharegpt", id="json-list"
        ),
    ],
)
def test_standard_input(
    monkeypatch: pytest.MonkeyPatch, dash: str | Path, data: bytes, ids: list[str], fmt: str
) -> None:
    _stdin(monkeypatch, io.BytesIO(data))
    convs, errors = _read(dash)
    assert [c.id for c in convs] == ids
    assert {c.metadata["source"] for c in convs} == {"<stdin>"}
    assert {c.metadata["format"] for c in convs} == {fmt}
    assert all(str(e).startswith(f"<stdin>:{e.line}: ") for e in errors)
    # a second read would find it empty: say so rather than read nothing
    with pytest.raises(ConfigurationError, match="standard input was already read"):
        list(read_logs(dash))
    assert count_rows(dash) is None


def test_inspect_log_on_standard_input_asks_for_a_file(monkeypatch: pytest.MonkeyPatch) -> None:
    _stdin(monkeypatch, io.BytesIO((DATA / "inspect_run.json").read_bytes()))
    with pytest.raises(ConfigurationError, match=r"^<stdin>: Inspect AI logs are read from a file"):
        list(read_logs("-"))


def _pipe(chunks: list[bytes], go_on: threading.Event) -> tuple[int, threading.Thread, list[bool]]:
    """A pipe that gets ``chunks[0]``, then the rest once ``go_on`` is set (or 10 s have passed);
    the list returned says whether ``go_on`` was set in time."""
    read_end, write_end = os.pipe()
    released: list[bool] = []

    def write() -> None:
        with os.fdopen(write_end, "wb") as fh:
            fh.write(chunks[0])
            fh.flush()
            released.append(go_on.wait(10))
            for chunk in chunks[1:]:
                fh.write(chunk)

    writer = threading.Thread(target=write, daemon=True)
    writer.start()
    return read_end, writer, released


def test_standard_input_is_streamed(monkeypatch: pytest.MonkeyPatch) -> None:
    """The first conversation comes out before the rest of a slow pipe has been written."""
    go_on = threading.Event()
    read_end, writer, released = _pipe([_row("a").encode(), b"\n" + _row("b").encode()], go_on)
    with os.fdopen(read_end, "rb") as stream:
        _stdin(monkeypatch, stream)
        convs = read_logs("-")
        assert next(convs).id == "a"
        go_on.set()
        assert [c.id for c in convs] == ["b"]
    writer.join()
    assert released == [True]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")
def test_a_fifo_is_read_as_a_stream(tmp_path: Path) -> None:
    fifo = tmp_path / "log.fifo"
    os.mkfifo(fifo)
    assert count_rows(fifo) is None  # never opened: that would block or eat the stream

    def write() -> None:
        fifo.write_bytes(codecs.BOM_UTF8 + GOOD.encode())

    writer = threading.Thread(target=write, daemon=True)
    writer.start()
    convs, errors = _read(fifo)
    writer.join()
    assert [c.id for c in convs] == ["a", "b"] and not errors
    assert convs[0].metadata["source"] == str(fifo)


def test_a_directory_says_to_pass_the_files_inside(tmp_path: Path) -> None:
    with pytest.raises(IsADirectoryError) as info:
        list(read_logs(tmp_path))
    assert (
        str(info.value)
        == f"{tmp_path} is a directory; pass the log files inside it (e.g. {tmp_path}/*.jsonl)"
    )
    with pytest.raises(FileNotFoundError, match=f"^log file not found: {re.escape(str(tmp_path / 'gone'))}$"):
        list(read_logs(tmp_path / "gone"))
    assert count_rows(tmp_path) is None and count_rows(tmp_path / "gone") is None


def test_a_big_jsonl_file_is_streamed_not_loaded(tmp_path: Path) -> None:
    path = tmp_path / "big.jsonl"
    row = _row("x", "y" * 2000)
    path.write_text(row * 3000)  # about 6 MB
    tracemalloc.start()
    try:
        n = sum(1 for _ in read_logs(path))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert n == 3000
    assert peak < 1_000_000, f"peak {peak} bytes while reading a {path.stat().st_size} byte file"


# --- count_rows -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data", "fmt", "expected"),
    [
        pytest.param("log.jsonl", GOOD * 3, "auto", 6, id="jsonl"),
        pytest.param("log.jsonl", "\n" + GOOD + "  \r\n\n" + _row("c"), "auto", 3, id="blank-lines"),
        pytest.param("log.jsonl", GOOD + '{"no newline": 1}', "auto", 3, id="no-final-newline"),
        pytest.param("log.jsonl", LATIN1, "auto", 3, id="bad-rows-count-too"),
        pytest.param("log.jsonl", codecs.BOM_UTF8 + GOOD.encode(), "auto", 2, id="bom"),
        pytest.param("log.txt", GOOD, "auto", 2, id="jsonl-without-suffix"),
        pytest.param("log.jsonl", "", "auto", 0, id="empty"),
        pytest.param("log.txt", '[{"messages": []}]\n[{"messages": []}]\n', "auto", 2, id="jsonl-of-arrays"),
        pytest.param(
            "log.txt", '[{"messages": []}, {"messages": []}]\n', "auto", None, id="one-line-json-list"
        ),
        pytest.param("log.json", json.dumps([1, 2], indent=1), "auto", None, id="json-document"),
        pytest.param("log.jsonl", GOOD, "json", None, id="format-json"),
        pytest.param("log.txt", json.dumps([1, 2], indent=1), "jsonl", 4, id="format-jsonl"),
        pytest.param("log.jsonl", GOOD.encode("utf-16"), "auto", None, id="utf-16"),
        pytest.param("log.jsonl", b"\x00\x01", "auto", None, id="binary"),
    ],
)
def test_count_rows(tmp_path: Path, name: str, data: str | bytes, fmt: str, expected: int | None) -> None:
    path = tmp_path / name
    path.write_bytes(data.encode() if isinstance(data, str) else data)
    assert count_rows(path, format=fmt) == expected
    if expected is not None and fmt == "auto":
        convs, errors = _read(path)
        assert len(convs) + len(errors) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("openai.jsonl", 7),
        ("hh_rlhf_harmless_head.jsonl", 5),
        ("lmsys.jsonl", 4),
        ("sharegpt.json", None),
        ("chatgpt_conversations.json", None),
        ("inspect_run.json", None),
    ],
)
def test_count_rows_of_the_sample_logs(name: str, expected: int | None) -> None:
    assert count_rows(DATA / name) == expected


@pytest.mark.skipif(not HH_TEST.is_file(), reason="HH-RLHF harmless-base test file not present")
def test_count_rows_of_the_real_hh_rlhf_test_file() -> None:
    assert count_rows(HH_TEST) == 2312


@pytest.mark.parametrize(
    ("rows", "ids", "errors"),
    [
        ([{"id": "a", "messages": [{"role": "user", "content": "hi"}]}], ["a"], []),
        ([{"conversations": [{"from": "human", "value": "hi"}], "id": "s"}], ["s"], []),
        (
            [{"id": "a", "messages": [{"role": "user", "content": "hi"}]}, {"id": "b", "messages": 3}],
            ["a"],
            [2],
        ),
    ],
)
def test_read_rows_reads_parsed_rows_like_lines(rows, ids, errors):
    from underreach_judge.logs import read_rows

    bad: list[LogRowError] = []
    convs = list(read_rows(rows, source="batch-7", on_error=bad.append))
    assert [c.id for c in convs] == ids
    assert [e.line for e in bad] == errors
    assert all(c.metadata["source"] == "batch-7" and c.metadata["line"] >= 1 for c in convs)


# --- timestamps -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        pytest.param("chatgpt_conversations.json", {"gpt-1": "2024-03-01T12:00:00Z"}, id="chatgpt"),
        pytest.param("claude_conversations.json", {"c-1": "2024-03-01T11:59:58Z"}, id="claude"),
        pytest.param(
            "lmsys.jsonl", {"abc123": "2024-03-01T12:00:00Z", "f00d": "2023-04-09T00:00:00Z"}, id="lmsys"
        ),
        pytest.param("openai.jsonl", {"chat-1": "2024-03-01T12:00:00Z", "openai:2": None}, id="openai"),
        pytest.param(
            "inspect_run.json",
            {"ru-002:epoch1": "2026-11-28T04:46:59Z", "tools:epoch1": "2026-11-28T04:46:59Z"},
            id="inspect",
            marks=needs_inspect,
        ),
        pytest.param("sharegpt.json", {"sg-1": None}, id="sharegpt-records-none"),
    ],
)
def test_sample_logs_carry_their_timestamps(name: str, expected: dict[str, str | None]) -> None:
    convs = {c.id: c for c in _read(DATA / name)[0]}
    assert {cid: convs[cid].metadata.get("timestamp") for cid in expected} == expected


def _chatgpt(create_time: object, *message_times: object) -> list[dict[str, object]]:
    """A ChatGPT export of one conversation whose messages have these ``create_time`` values."""
    mapping: dict[str, object] = {"root": {"id": "root", "message": None, "parent": None}}
    parent = "root"
    for i, when in enumerate(message_times):
        role = "user" if i % 2 == 0 else "assistant"
        message = {"author": {"role": role}, "content": {"content_type": "text", "parts": ["hi"]}}
        mapping[f"n{i}"] = {"id": f"n{i}", "parent": parent, "message": {**message, "create_time": when}}
        parent = f"n{i}"
    return [{"id": "g", "create_time": create_time, "current_node": parent, "mapping": mapping}]


def _claude(created_at: object, *message_times: object) -> list[dict[str, object]]:
    turns = [
        {"sender": "human" if i % 2 == 0 else "assistant", "text": "hi", "created_at": when}
        for i, when in enumerate(message_times)
    ]
    conv = {"uuid": "c", "chat_messages": turns}
    return [conv if created_at is None else {**conv, "created_at": created_at}]


def _lmsys(turn_times: tuple[object, ...] = (), **fields: object) -> dict[str, object]:
    turns: list[dict[str, object]] = [
        {"role": "user", "content": "hi"},
        {"role": "assistant", "content": "hello"},
    ]
    for turn, when in zip(turns, turn_times, strict=False):
        turn["timestamp"] = when
    return {"conversation_hash": "w", "conversation": turns, **fields}


def _openai(**fields: object) -> dict[str, object]:
    return {"id": "o", "messages": [{"role": "user", "content": "hi"}], **fields}


NOON = "2026-03-01T12:00:00Z"
NOON_EPOCH = 1772366400


@pytest.mark.parametrize(
    ("fmt", "document", "expected"),
    [
        pytest.param("chatgpt", _chatgpt(NOON_EPOCH + 0.75, NOON_EPOCH + 60), NOON, id="chatgpt-create-time"),
        pytest.param("chatgpt", _chatgpt(None, None, NOON_EPOCH, 1), NOON, id="chatgpt-first-message-time"),
        pytest.param("chatgpt", _chatgpt(None, None), None, id="chatgpt-no-time"),
        pytest.param(
            "claude", _claude("2026-03-01T12:00:00.5Z", "2026-03-02T00:00:00Z"), NOON, id="claude-created-at"
        ),
        pytest.param(
            "claude", _claude(None, NOON, "2026-03-02T00:00:00Z"), NOON, id="claude-first-message-time"
        ),
        pytest.param("claude", _claude(None, None), None, id="claude-no-time"),
        pytest.param("lmsys", [_lmsys(tstamp=NOON_EPOCH + 0.4)], NOON, id="lmsys-tstamp"),
        pytest.param("lmsys", [_lmsys(timestamp="2026-03-01T12:00:00")], NOON, id="wildchat-naive-iso"),
        pytest.param("lmsys", [_lmsys(timestamp="2026-03-01T13:00:00+01:00")], NOON, id="wildchat-offset"),
        pytest.param("lmsys", [_lmsys((NOON, "2026-03-02T00:00:00Z"))], NOON, id="wildchat-first-turn-time"),
        pytest.param("lmsys", [_lmsys()], None, id="lmsys-no-time"),
        pytest.param("openai", [_openai(created=NOON_EPOCH)], NOON, id="openai-created"),
        pytest.param("openai", [_openai(timestamp=NOON)], NOON, id="openai-timestamp-iso"),
        pytest.param("openai", [_openai(timestamp=NOON_EPOCH * 1000)], NOON, id="openai-timestamp-ms"),
        pytest.param(
            "openai",
            [_openai(created=1, timestamp=2, metadata={"timestamp": "2026-03-01T12:00:00+00:00"})],
            NOON,
            id="openai-metadata-timestamp-first",
        ),
        pytest.param(
            "openai", [_openai(timestamp=NOON, created=1)], NOON, id="openai-timestamp-before-created"
        ),
        pytest.param("openai", [_openai(metadata={"timestamp": None})], None, id="openai-null-timestamp"),
    ],
)
def test_timestamps_per_format(
    tmp_path: Path, fmt: str, document: list[object], expected: str | None
) -> None:
    path = tmp_path / "log.json"
    path.write_text(json.dumps(document))
    convs, errors = _read(path)
    assert not errors
    assert [(c.metadata["format"], c.metadata.get("timestamp")) for c in convs] == [(fmt, expected)]


@pytest.mark.parametrize(
    ("document", "problem"),
    [
        pytest.param(
            _chatgpt("yesterday", 1),
            "timestamp in 'create_time': 'yesterday' is not an ISO 8601 date-time",
            id="chatgpt",
        ),
        pytest.param(
            _chatgpt(None, None, float("inf")),
            "timestamp in 'mapping.n1.message.create_time': inf is not a time",
            id="chatgpt-message",
        ),
        pytest.param(
            _claude("2024-02-30T10:00:00Z"),
            "timestamp in 'created_at': '2024-02-30T10:00:00Z' is not an ISO 8601 date-time",
            id="claude",
        ),
        pytest.param(
            [_lmsys(timestamp="09/04/2023")],
            "timestamp in 'timestamp': '09/04/2023' is not an ISO 8601 date-time",
            id="wildchat",
        ),
        pytest.param(
            [_lmsys(("noon",))],
            "timestamp in 'conversation[0].timestamp': 'noon' is not an ISO 8601 date-time",
            id="wildchat-turn",
        ),
        pytest.param(
            [_lmsys(tstamp=True)], "timestamp in 'tstamp': expected a date-time, got bool True", id="lmsys"
        ),
        pytest.param(
            [_openai(created=1e30)],
            "timestamp in 'created': 1e+30 milliseconds since 1970 is out of range",
            id="openai",
        ),
        pytest.param(
            [_openai(metadata={"timestamp": {"at": 1}})],
            "timestamp in 'metadata.timestamp': expected a date-time, got dict",
            id="openai-metadata",
        ),
    ],
)
def test_a_timestamp_that_does_not_parse_is_a_row_error(
    tmp_path: Path, document: list[dict[str, object]], problem: str
) -> None:
    """The bad row is reported with its file and line, and the rows around it are still read."""
    path = tmp_path / "log.json"
    good = {
        "chatgpt": _chatgpt(NOON_EPOCH, None)[0],
        "claude": _claude(NOON, None)[0],
        "lmsys": _lmsys(tstamp=NOON_EPOCH),
        "openai": _openai(created=NOON_EPOCH),
    }[_row_format(document[0]) or ""]
    path.write_text(json.dumps([good, document[0], good]))
    convs, errors = _read(path)
    assert [c.metadata["timestamp"] for c in convs] == [NOON, NOON]
    assert [e.line for e in errors] == [2]
    assert str(errors[0]).startswith(f"{path}:2: {problem}")
    assert str(errors[0]).endswith("write it as ISO 8601 (2026-03-01T12:00:00Z) or as seconds since 1970")


@needs_inspect
def test_inspect_samples_without_a_start_time_take_the_eval_creation_time(tmp_path: Path) -> None:
    log = json.loads((DATA / "inspect_run.json").read_text(encoding="utf-8"))
    for sample in log["samples"]:
        del sample["started_at"]
    path = tmp_path / "inspect_run.json"
    path.write_text(json.dumps(log))
    convs = _read(path)[0]
    assert log["eval"]["created"] == "2026-11-28T04:46:56+00:00"
    assert [c.metadata["timestamp"] for c in convs] == ["2026-11-28T04:46:56Z"] * 2


# --- Parquet ----------------------------------------------------------------------------------


def _parquet(path: Path, rows: list[dict[str, object]], schema: object = None, **options: object) -> Path:
    """``rows`` written as a Parquet file with pyarrow (its schema inferred from the first row unless
    given), two rows to a row group unless told."""
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    options.setdefault("row_group_size", 2)
    pq.write_table(pa.Table.from_pylist(rows, schema=schema), path, **options)
    return path


def _wildchat_schema(tz: str | None) -> object:
    """WildChat's columns, times with the time zone ``tz`` (None: naive times)."""
    pa = pytest.importorskip("pyarrow")
    turn = pa.struct(
        [
            ("content", pa.string()),
            ("role", pa.string()),
            ("language", pa.string()),
            ("timestamp", pa.timestamp("s", tz=tz)),
            ("toxic", pa.bool_()),
        ]
    )
    return pa.schema(
        [
            ("conversation_hash", pa.string()),
            ("model", pa.string()),
            ("timestamp", pa.timestamp("us", tz=tz)),
            ("conversation", pa.list_(turn)),
            ("turn", pa.int64()),
            ("language", pa.string()),
            ("toxic", pa.bool_()),
        ]
    )


def _wildchat_rows(tz: timezone | None) -> list[dict[str, object]]:
    """Five WildChat rows, the fourth with an unknown role; row i was at noon plus i hours."""
    rows: list[dict[str, object]] = []
    for i in range(5):
        at = datetime(2026, 3, 1, 12 + i, 0, 0, 250_000, tzinfo=tz)
        turns = [
            {
                "content": f"Hallo {i}",
                "role": "robot" if i == 3 else "user",
                "language": "German",
                "timestamp": at,
            },
            {"content": "Hallo!", "role": "assistant", "language": None, "timestamp": None, "toxic": False},
        ]
        rows.append(
            {
                "conversation_hash": f"w{i}",
                "model": "gpt-4",
                "timestamp": at,
                "conversation": turns,
                "turn": 1,
                "language": "German",
                "toxic": False,
            }
        )
    return rows


def _openai_rows() -> list[dict[str, object]]:
    """Five OpenAI rows (tool calls, metadata, ``created``), the fourth without messages."""
    rows: list[dict[str, object]] = []
    for i in range(5):
        messages = [
            {"role": "user", "content": f"Weather {i}?"},
            {
                "role": "assistant",
                "tool_calls": [{"id": "t", "function": {"name": "weather", "arguments": "{}"}}],
            },
            {"role": "tool", "tool_call_id": "t", "content": "sunny"},
        ]
        row: dict[str, object] = {"id": f"o{i}", "created": NOON_EPOCH + 3600 * i, "metadata": {"model": "m"}}
        rows.append(row if i == 3 else {**row, "messages": messages})
    return rows


def _hours(*hours: int) -> list[str]:
    return [f"2026-03-01T{12 + h}:00:00Z" for h in hours]


@pytest.mark.parametrize(
    ("rows", "times", "fmt", "problem"),
    [
        pytest.param(
            _wildchat_rows(timezone.utc),
            "UTC",
            "lmsys",
            "message 0: unknown role 'robot'",
            id="wildchat-utc",
        ),
        pytest.param(
            _wildchat_rows(None),
            "naive",
            "lmsys",
            "message 0: unknown role 'robot'",
            id="wildchat-naive-times",
        ),
        pytest.param(
            [
                {**r, "timestamp": None, "tstamp": NOON_EPOCH + 3600 * i + 0.5}
                for i, r in enumerate(_wildchat_rows(None))
            ],
            None,
            "lmsys",
            "message 0: unknown role 'robot'",
            id="lmsys-tstamp",
        ),
        pytest.param(
            _openai_rows(),
            None,
            "openai",
            "no 'messages' in this row (keys: created, id, metadata)",
            id="openai",
        ),
    ],
)
@pytest.mark.parametrize("given", ["auto", "named"])
def test_parquet_rows_of_each_shape(
    tmp_path: Path, rows: list[dict[str, object]], times: str | None, fmt: str, problem: str, given: str
) -> None:
    """``times``: WildChat's columns, with times in UTC or naive; None: the columns of the rows."""
    schema = _wildchat_schema(None if times == "naive" else times) if times else None
    path = _parquet(tmp_path / "log.parquet", rows, schema)
    convs, errors = _read(path, format="auto" if given == "auto" else fmt)
    assert [c.metadata["line"] for c in convs] == [1, 2, 3, 5]  # numbered across row groups
    assert [c.metadata["timestamp"] for c in convs] == _hours(0, 1, 2, 4)
    assert {(c.metadata["source"], c.metadata["format"]) for c in convs} == {(str(path), fmt)}
    assert [e.line for e in errors] == [4]
    assert str(errors[0]).startswith(f"{path}:4: {problem}")
    if fmt == "openai":
        assert [(m.role, m.content) for m in convs[0].messages] == [
            ("user", "Weather 0?"),
            ("assistant", "[tool call weather({})]"),
            ("tool", "[tool result t]\nsunny"),
        ]
        assert convs[0].metadata["model"] == "m"
    else:
        assert [(m.role, m.content) for m in convs[0].messages] == [
            ("user", "Hallo 0"),
            ("assistant", "Hallo!"),
        ]
        assert (convs[0].id, convs[0].metadata["model"], convs[0].metadata["language"]) == (
            "w0",
            "gpt-4",
            "German",
        )
    assert count_rows(path) == 5


def test_a_parquet_file_is_streamed_by_row_group(tmp_path: Path) -> None:
    rows = [
        {"id": f"c{i}", "messages": [{"role": "user", "content": f"{i} " + "y" * 2000}]} for i in range(3000)
    ]
    path = _parquet(tmp_path / "big.parquet", rows, row_group_size=100, compression="none")
    del rows
    tracemalloc.start()
    try:
        lines = [c.metadata["line"] for c in read_logs(path)]
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert lines == list(range(1, 3001))
    # every row as Python objects at once would be over 6 MB
    assert peak < 2_000_000, f"peak {peak} bytes while reading a {path.stat().st_size} byte file"


def test_a_damaged_row_group_is_one_row_error_and_the_rest_is_read(tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    rows = [
        {"id": f"c{i}", "messages": [{"role": "user", "content": f"question {i} " * 20}]} for i in range(6)
    ]
    path = _parquet(tmp_path / "log.parquet", rows, compression="snappy")
    column = pq.ParquetFile(path).metadata.row_group(1).column(2)  # the second row group's contents
    start = column.dictionary_page_offset or column.data_page_offset
    data = bytearray(path.read_bytes())
    data[start : start + column.total_compressed_size] = b"\xab" * column.total_compressed_size
    path.write_bytes(bytes(data))
    convs, errors = _read(path)
    assert [c.id for c in convs] == ["c0", "c1", "c4", "c5"]
    assert [c.metadata["line"] for c in convs] == [1, 2, 5, 6]
    assert [e.line for e in errors] == [3]
    assert errors[0].problem.startswith("rows 3-4 (row group 1) cannot be decoded (")
    assert errors[0].problem.endswith("); the file may be damaged: copy or download it again")
    with pytest.raises(LogRowError, match=f"^{re.escape(str(path))}:3: rows 3-4"):
        list(read_logs(path))


@pytest.mark.parametrize(
    ("name", "cut"),
    [
        pytest.param("log.parquet", 300, id="truncated"),
        pytest.param("log.parquet", 0, id="empty"),
        pytest.param("log.bin", 300, id="truncated-found-by-its-magic"),
    ],
)
def test_a_parquet_file_that_cannot_be_read_is_one_clear_error(tmp_path: Path, name: str, cut: int) -> None:
    whole = _parquet(tmp_path / "whole.parquet", _openai_rows()).read_bytes()
    path = tmp_path / name
    path.write_bytes(whole[:cut])
    with pytest.raises(ConversationError) as info:
        list(read_logs(path, on_error=lambda e: None))
    assert not isinstance(info.value, LogRowError)
    assert str(info.value).startswith(f"{path}: not a readable Parquet file (")
    assert str(info.value).endswith(
        "); it may be truncated or still being written: copy or download it again"
    )
    assert count_rows(path) is None


def test_a_parquet_file_is_found_by_its_magic_bytes(tmp_path: Path) -> None:
    path = _parquet(tmp_path / "export", _openai_rows())
    assert [c.id for c in _read(path)[0]] == ["o0", "o1", "o2", "o4"]
    assert count_rows(path) == 5


def test_parquet_on_standard_input_asks_for_a_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    data = _parquet(tmp_path / "log.parquet", _openai_rows()).read_bytes()
    _stdin(monkeypatch, io.BytesIO(data))
    with pytest.raises(
        ConfigurationError, match=r"^<stdin>: Parquet files are read from a file, not a stream"
    ):
        list(read_logs("-"))


def test_parquet_without_pyarrow_names_the_extra(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    path = _parquet(tmp_path / "log.parquet", _openai_rows())
    monkeypatch.setitem(sys.modules, "pyarrow", None)  # what a core install sees: import fails
    monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)
    with pytest.raises(MissingDependencyError) as info:
        list(read_logs(path))
    assert str(info.value) == (
        "Reading Parquet logs needs the 'pyarrow' package. "
        "Install it with: pip install 'underreach-judge[parquet]'"
    )
    assert count_rows(path) is None
