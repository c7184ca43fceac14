"""Aggregating verdicts: label distribution and per-pattern rates with Wilson intervals.

Unscored and error verdicts are counted apart and kept out of every rate.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable

from pydantic import BaseModel, Field

from .verdict import Verdict


def wilson_interval(successes: int, n: int, z: float = 1.959964) -> tuple[float, float]:
    """The Wilson score 95% interval for a proportion (``(0, 0)`` when ``n == 0``)."""
    if n == 0:
        return (0.0, 0.0)
    p = successes / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return (max(0.0, centre - half), min(1.0, centre + half))


class PatternRate(BaseModel):
    pattern: str
    count: int
    rate: float
    ci_low: float
    ci_high: float


class Report(BaseModel):
    total: int
    scored: int
    unscored: int
    errors: int
    labels: dict[str, int]
    patterns: list[PatternRate]
    unscored_reasons: dict[str, int] = Field(default_factory=dict)


def aggregate(verdicts: Iterable[Verdict], *, patterns: Iterable[str] = ()) -> Report:
    """Summarise verdicts. ``patterns`` lists pattern ids to show even when never found."""
    total = scored = unscored = errors = 0
    labels: Counter[str] = Counter({"PASS": 0, "WARN": 0, "FAIL": 0})
    found: Counter[str] = Counter({p: 0 for p in patterns})
    reasons: Counter[str] = Counter()
    for v in verdicts:
        total += 1
        if v.status != "scored":
            unscored += v.status == "unscored"
            errors += v.status == "error"
            reasons[v.unscored_reason or "unknown"] += 1
            continue
        scored += 1
        labels[v.label or "PASS"] += 1
        for pattern in v.patterns:
            found[pattern] += 1
    rates = []
    for pattern, count in found.items():
        low, high = wilson_interval(count, scored)
        rates.append(
            PatternRate(
                pattern=pattern, count=count, rate=count / scored if scored else 0.0, ci_low=low, ci_high=high
            )
        )
    return Report(
        total=total,
        scored=scored,
        unscored=unscored,
        errors=errors,
        labels=dict(labels),
        patterns=rates,
        unscored_reasons=dict(reasons),
    )
