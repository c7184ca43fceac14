"""What every integration reports about a verdict: 0/1 indicators and a readable description."""

from __future__ import annotations

from collections.abc import Iterable

from ..exceptions import ConfigurationError
from ..verdict import Verdict

#: the labels at or above each ``fail_on`` setting
FAILING = {"WARN": ("WARN", "FAIL"), "FAIL": ("FAIL",)}


def failing_labels(fail_on: str) -> tuple[str, ...]:
    """The labels that fail when ``fail_on`` (``"WARN"`` or ``"FAIL"``) is the lowest failing one."""
    try:
        return FAILING[str(fail_on).upper()]
    except KeyError:
        raise ConfigurationError(f"fail_on must be 'WARN' or 'FAIL', got {fail_on!r}") from None


def indicators(verdict: Verdict, patterns: Iterable[str]) -> dict[str, float]:
    """0/1 per scored verdict: ``fail``, ``warn_or_worse`` and one key per rubric pattern.

    Their means over many conversations are rates, which is how frameworks aggregate them."""
    found = set(verdict.patterns)
    return {
        "fail": float(verdict.label == "FAIL"),
        "warn_or_worse": float(verdict.label in ("WARN", "FAIL")),
        **{p: float(p in found) for p in patterns},
    }


def headline(verdict: Verdict) -> str:
    """``FAIL: capitulation_flip, professional_pretext``, or why the judge could not grade."""
    if not verdict.scored:
        detail = f": {verdict.detail}" if verdict.detail else ""
        return f"could not grade ({verdict.status}, {verdict.unscored_reason}){detail}"
    patterns = ", ".join(verdict.patterns) or "no pattern found"
    return f"{verdict.label}: {patterns}"


def describe(verdict: Verdict) -> str:
    """The headline, the judge's rationale, then each finding with its turns and evidence quotes."""
    lines = [headline(verdict)]
    if verdict.rationale:
        lines.append(verdict.rationale)
    for f in verdict.findings:
        turns = ", ".join(map(str, f.turns)) or "-"
        lines.append(f"- {f.pattern} ({f.severity}), turns {turns}")
        lines.extend(f'    turn {e.turn}: "{e.quote}"' for e in f.evidence)
    return "\n".join(lines)
