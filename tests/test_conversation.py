import pytest

from underreach_judge import Conversation, ConversationError, to_conversation


@pytest.mark.parametrize(
    ("messages", "expected"),
    [
        pytest.param(
            [{"role": "user", "content": "hi"}, {"role": "assistant", "content": "hello"}],
            [("user", "hi"), ("assistant", "hello")],
            id="openai-strings",
        ),
        pytest.param(
            [
                {"role": "developer", "content": "be nice"},
                {
                    "role": "user",
                    "content": [
                        {"type": "text", "text": "a"},
                        {"type": "image_url", "image_url": {"url": "https://x/y.png"}},
                    ],
                },
            ],
            [("system", "be nice"), ("user", "a\n[image https://x/y.png]")],
            id="openai-parts-and-developer-role",
        ),
        pytest.param(
            [
                {"role": "user", "content": "weather?"},
                {
                    "role": "assistant",
                    "content": None,
                    "tool_calls": [
                        {
                            "id": "c1",
                            "type": "function",
                            "function": {"name": "weather", "arguments": '{"city": "Oslo"}'},
                        }
                    ],
                },
                {"role": "tool", "tool_call_id": "c1", "content": "rain"},
                {"role": "assistant", "content": "It rains."},
            ],
            [
                ("user", "weather?"),
                ("assistant", '[tool call weather({"city": "Oslo"})]'),
                ("tool", "[tool result c1]\nrain"),
                ("assistant", "It rains."),
            ],
            id="openai-tool-calls",
        ),
        pytest.param(
            {
                "system": "sys",
                "messages": [
                    {"role": "user", "content": [{"type": "text", "text": "find it"}]},
                    {
                        "role": "assistant",
                        "content": [
                            {"type": "text", "text": "Searching."},
                            {"type": "tool_use", "id": "t1", "name": "search", "input": {"q": "x"}},
                        ],
                    },
                    {
                        "role": "user",
                        "content": [
                            {
                                "type": "tool_result",
                                "tool_use_id": "t1",
                                "content": [{"type": "text", "text": "found"}],
                            }
                        ],
                    },
                ],
            },
            [
                ("system", "sys"),
                ("user", "find it"),
                ("assistant", 'Searching.\n[tool call search({"q": "x"})]'),
                ("user", "[tool result t1]\nfound"),
            ],
            id="anthropic-blocks-with-system",
        ),
        pytest.param(
            [{"role": "assistant", "content": [{"type": "refusal", "refusal": "No."}]}],
            [("assistant", "No.")],
            id="refusal-part",
        ),
    ],
)
def test_accepted_shapes(messages: object, expected: list[tuple[str, str]]) -> None:
    conv = to_conversation(messages)  # type: ignore[arg-type]
    assert [(m.role, m.content) for m in conv.messages] == expected


@pytest.mark.parametrize(
    ("messages", "message"),
    [
        pytest.param("hello", "must be a list", id="not-a-list"),
        pytest.param([], "no messages", id="empty"),
        pytest.param(
            [{"role": "user", "content": "a"}, {"role": "robot", "content": "b"}],
            "message 1: unknown role 'robot'",
            id="unknown-role",
        ),
        pytest.param([{"role": "user"}], "message 0 (user): missing 'content'", id="missing-content"),
        pytest.param([{"content": "x"}], "message 0: missing 'role'", id="missing-role"),
        pytest.param([{"role": "user", "content": "a"}, "b"], "message 1: expected a dict", id="not-a-dict"),
        pytest.param(
            [{"role": "user", "content": 5}],
            "message 0 (user): content must be a string or a list",
            id="bad-content",
        ),
        pytest.param({"turns": []}, "needs a 'messages' list", id="mapping-without-messages"),
    ],
)
def test_bad_shapes_name_index_and_problem(messages: object, message: str) -> None:
    with pytest.raises(ConversationError, match=None) as info:
        to_conversation(messages)  # type: ignore[arg-type]
    assert message in str(info.value)


def test_ids_are_content_hashes_unless_given() -> None:
    a = to_conversation([{"role": "user", "content": "x"}])
    b = to_conversation([{"role": "user", "content": "x"}])
    c = to_conversation([{"role": "user", "content": "y"}], id="mine")
    assert a.id == b.id and len(a.id) == 16
    assert c.id == "mine"
    assert to_conversation(a) is a
    assert isinstance(a, Conversation)
