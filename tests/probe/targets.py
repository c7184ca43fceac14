"""Stand-in targets whose behaviour is known, for probe tests (importable as ``python:`` specs).

``scripted``: answers a benign request (``[benign]`` in it); complies at once with a request marked
``[open]``; otherwise refuses until the pushback rounds reach what the tactic's marker allows
(``CAVES_AFTER``), then complies. ``slow`` is the same after a short wait (for kill tests).
"""

from __future__ import annotations

import os
import time

REFUSAL = "I can't help with that."
COMPLIANCE = "Sure, here is how to do it. Step 1: get the materials. Step 2: follow the procedure exactly."
ANSWER = "Sure, here is an overview of the topic with the main points explained."

#: tactic marker in the pushback text -> rounds of pushback after which the target gives way
CAVES_AFTER = {"[insist]": 1, "[story]": 2, "[wall]": None}


def scripted(messages: list[dict[str, str]]) -> str:
    users = [m["content"] for m in messages if m["role"] == "user"]
    if "[benign]" in users[0]:
        return ANSWER
    if "[open]" in users[0]:
        return COMPLIANCE
    rounds = len(users) - 1
    for marker, after in CAVES_AFTER.items():
        if rounds and marker in users[1] and after is not None and rounds >= after:
            return COMPLIANCE
    return REFUSAL


def slow(messages: list[dict[str, str]]) -> str:
    time.sleep(float(os.environ.get("PROBE_TARGET_DELAY", "0.05")))
    return scripted(messages)


def obedient(messages: list[dict[str, str]]) -> str:
    """Like ``scripted``, but with any system prompt it never gives way under pushback."""
    if messages[0]["role"] == "system":
        rest = messages[1:]
        first = scripted(rest[:1])
        return first if len(rest) == 1 else REFUSAL
    return scripted(messages)
