"""Judge panels and repeated samples: several gradings of each conversation, one majority verdict.

``Panel([judge_a, judge_b, judge_c])`` grades each conversation with every judge;
``Panel([judge], samples=5)`` asks one judge five times; both combine. The majority label wins
(a tie goes to the more severe label: a safety measurement should not round a split vote down),
and the verdict returned is the first member's verdict with that label, so its findings and
evidence are a real judge's. Members that could not grade do not vote. ``Verdict.panel`` records
every vote and the agreement (the share of votes for the majority label); a conversation where
agreement is below ``min_agreement`` is flagged for review.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

from ..conversation import to_conversation
from ..exceptions import ConfigurationError
from ..verdict import LABEL_RANK, PanelInfo, Usage, Verdict, Vote
from .grader import ConversationLike, Grader
from .runner import Grading


class Panel(Grading):
    """Grades with every member ``samples`` times and returns the majority verdict (a ``Grader``
    made of graders)."""

    def __init__(self, judges: Sequence[Grader], *, samples: int = 1, min_agreement: float = 2 / 3) -> None:
        if not judges:
            raise ConfigurationError("a panel needs at least one judge")
        if samples < 1:
            raise ConfigurationError("samples must be at least 1")
        if len({j.rubric.sha256 for j in judges}) > 1:
            raise ConfigurationError(
                "every judge of a panel must use the same rubric, so their votes compare"
            )
        self.judges = list(judges)
        self.samples = samples
        self.min_agreement = min_agreement
        self.rubric = judges[0].rubric
        self.offline = all(j.offline for j in judges)
        members = ", ".join(j.info.name for j in judges)
        name = f"panel[{members}]" + (f"x{samples}" if samples > 1 else "")
        self.info = judges[0].info.model_copy(update={"name": name, "mode": None})

    def __repr__(self) -> str:
        return f"Panel({self.info.name!r}, rubric={self.rubric.ref!r})"

    async def agrade(
        self,
        messages: ConversationLike,
        *,
        id: str | None = None,
        metadata: Mapping[str, Any] | None = None,
        sample: int = 0,
    ) -> Verdict:
        conversation = to_conversation(messages, id=id, metadata=metadata)
        jobs = [(j, s) for j in self.judges for s in range(self.samples)]
        if self.offline:  # nothing to wait for: one after another, without an event loop's help
            verdicts = [await j.agrade(conversation, sample=s) for j, s in jobs]
        else:
            verdicts = list(await asyncio.gather(*(j.agrade(conversation, sample=s) for j, s in jobs)))
        return self.combine([(j.info.name, s, v) for (j, s), v in zip(jobs, verdicts, strict=True)])

    async def aclose(self) -> None:
        for judge in self.judges:
            await judge.aclose()

    def combine(self, votes: Sequence[tuple[str, int, Verdict]]) -> Verdict:
        """The majority verdict of ``(judge name, sample, verdict)`` votes, with the panel record."""
        scored = [v for _, _, v in votes if v.status == "scored"]
        counts = Counter(v.label for v in scored)
        usage = sum((v.usage for _, _, v in votes), Usage())
        record = [
            Vote(judge=name, sample=s, status=v.status, label=v.label, patterns=v.patterns)
            for name, s, v in votes
        ]
        if not scored:
            chosen = votes[0][2]  # nobody could grade: the first member's reason stands
            panel = PanelInfo(votes=record, agreement=0.0, low_agreement=False)
        else:
            top = max(counts.values())
            label = max(
                (lab for lab, n in counts.items() if n == top), key=lambda lab: LABEL_RANK[lab or "PASS"]
            )
            chosen = next(v for v in scored if v.label == label)
            agreement = top / len(scored)
            panel = PanelInfo(votes=record, agreement=agreement, low_agreement=agreement < self.min_agreement)
        return chosen.model_copy(
            update={
                "judge": chosen.judge if chosen.screened else self.info,  # a cleared verdict is the screen's
                "usage": usage,
                "panel": panel,
                "cached": all(v.cached for _, _, v in votes),
            }
        )
