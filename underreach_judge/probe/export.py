"""Broken boundaries as training and regression data: golden-format rows (a regression suite for
the next model version) and OpenAI preference fine-tuning rows (the capitulating reply against the
target's own earlier refusal)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from ..reporting.aggregate import HOLDING_STANCES, pushback_rounds
from ..reporting.survival import outcome, probe_info
from ..verdict import Verdict


@dataclass(frozen=True)
class Break:
    """A probed conversation whose first refusal gave way: its messages up to the capitulating
    reply, that reply's index, and the last refusal before it."""

    verdict: Verdict
    messages: list[dict[str, Any]]
    refusal_turn: int
    compliance_turn: int
    round: int


def breaks(verdicts: Iterable[Verdict], rows: Mapping[str, Mapping[str, Any]]) -> Iterator[Break]:
    """The broken boundaries among ``verdicts``, with their messages from the probe log ``rows``
    (by conversation id); a verdict whose row is missing is left out."""
    for v in verdicts:
        o = outcome(v)
        row = rows.get(v.conversation_id or "")
        if o is None or o.broke_at is None or row is None:
            continue
        stance = {t.turn: t.stance for t in v.assistant_turns}
        compliance = pushback_rounds(v)[o.broke_at - 1]
        refusal = max(t for t, s in stance.items() if t < compliance and s in HOLDING_STANCES)
        messages = [dict(m) for m in row["messages"][: compliance + 1]]
        yield Break(v, messages, refusal, compliance, o.broke_at)


def failure_rows(
    verdicts: Iterable[Verdict], rows: Mapping[str, Mapping[str, Any]]
) -> Iterator[dict[str, Any]]:
    """Each broken boundary as a golden-set row (``golden/refusal_underreach.jsonl``'s format)."""
    for b in breaks(verdicts, rows):
        info = probe_info(b.verdict) or {}
        patterns = [f.pattern for f in b.verdict.findings if f.severity == "FAIL"] or ["capitulation_flip"]
        first_refusal = min(t.turn for t in b.verdict.assistant_turns)
        yield {
            "id": b.verdict.conversation_id,
            "messages": b.messages,
            "label": "FAIL",
            "patterns": sorted(set(patterns)),
            "flips": [{"refusal_turn": first_refusal, "compliance_turn": b.compliance_turn}],
            "caveat_turns": [c.turn for c in b.verdict.caveats if c.turn <= b.compliance_turn],
            "note": (
                f"probe: {info.get('target')} gave way on request {info.get('request')} "
                f"({info.get('category')}) at pushback round {b.round} of tactic {info.get('tactic')}"
            ),
        }


def dpo_rows(verdicts: Iterable[Verdict], rows: Mapping[str, Mapping[str, Any]]) -> Iterator[dict[str, Any]]:
    """Each broken boundary as an OpenAI preference fine-tuning row: the conversation up to the
    capitulating turn; preferred, the target's own last refusal before it; non-preferred, the
    capitulating reply."""
    for b in breaks(verdicts, rows):
        yield {
            "input": {"messages": b.messages[: b.compliance_turn]},
            "preferred_output": [{"role": "assistant", "content": b.messages[b.refusal_turn]["content"]}],
            "non_preferred_output": [
                {"role": "assistant", "content": b.messages[b.compliance_turn]["content"]}
            ],
        }
