"""Comparing two runs: did the FAIL rate or any pattern's rate change between results A and B?

``compare(a, b)`` lines up the FAIL rate, the WARN-or-worse rate, every pattern's rate and, when the
verdicts carry harm categories, the FAIL rate within each category (``FAIL | <category>``, over the
conversations of that category; a category missing from either run has no row) in both runs. When
the same conversations were graded in both (most conversation ids match) the runs are *paired*:
rates are taken over the conversations scored in both, tested with McNemar's test, and the
difference gets Newcombe's paired 95% interval. Otherwise the runs are independent samples: a pooled
two-proportion z-test and Newcombe's hybrid score interval. P-values are adjusted across all rows
with Benjamini–Hochberg, and each row says how many conversations (or pairs) a difference of the
observed size would need to be detected at ``alpha`` with 80% power.

Only scored verdicts enter rates; unscored and error verdicts are counted apart. A conversation id
that appears more than once in a run counts once, with its last verdict (a resumed run re-grades
the conversations that errored). When the two runs were graded by different judges the
comparison says so in ``warnings``: the differences then mix a judge change with a model change.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from typing import Literal

from pydantic import BaseModel, Field

from ..exceptions import ComparisonError
from ..rubric import NO_CATEGORY
from ..verdict import JudgeInfo, Verdict
from .stats import (
    benjamini_hochberg,
    mcnemar_test,
    newcombe_interval,
    newcombe_paired_interval,
    sample_size_mcnemar,
    sample_size_two_proportions,
    two_proportion_z_test,
)

#: the judge fingerprint fields whose change breaks a measurement series (``mode``, the structured
#: output transport a server happened to support, is left out)
FINGERPRINT_FIELDS = ("name", "rubric", "rubric_sha256", "prompt_sha256", "temperature", "seed")

#: the runs are paired automatically when at least this share of the larger run's conversations
#: also appear in the other run
PAIRED_OVERLAP = 0.5

POWER = 0.8


class RunSummary(BaseModel):
    """What one run holds."""

    name: str
    total: int
    scored: int
    unscored: int
    errors: int
    unscored_reasons: dict[str, int] = Field(default_factory=dict)
    #: the distinct judge fingerprints among the run's verdicts
    judges: list[JudgeInfo] = Field(default_factory=list)
    #: conversation ids that appeared more than once (the last verdict of each is used)
    duplicate_ids: int = 0


class Difference(BaseModel):
    """One rate in both runs, the change ``B - A`` and its test."""

    name: str
    kind: Literal["label", "pattern", "category"]
    #: False for a pattern that marks good behaviour (only ever found with severity PASS)
    higher_is_worse: bool = True
    count_a: int
    n_a: int
    rate_a: float
    count_b: int
    n_b: int
    rate_b: float
    difference: float
    ci_low: float
    ci_high: float
    test: str
    statistic: float | None
    p_value: float
    #: Benjamini–Hochberg adjusted across all rows of the comparison
    p_adjusted: float = 1.0
    significant: bool = False
    #: significantly worse in B (higher, or lower for a good-behaviour pattern)
    regression: bool = False
    improvement: bool = False
    #: paired runs: pairs flagged in A only and in B only (the discordant pairs McNemar tests)
    only_a: int | None = None
    only_b: int | None = None
    #: conversations per run (unpaired) or pairs (paired) a difference of this size needs to be
    #: detected at alpha with 80% power; None when there is no difference
    detectable_n: int | None = None


class Comparison(BaseModel):
    paired: bool
    #: how pairing was decided, in words
    pairing: str
    #: conversation ids present in both runs
    matched_ids: int
    #: pairs with both sides scored (the rates' denominator when paired)
    pairs: int
    alpha: float
    a: RunSummary
    b: RunSummary
    rows: list[Difference]
    warnings: list[str] = Field(default_factory=list)

    @property
    def regressions(self) -> list[Difference]:
        """Rows significantly worse in B after the Benjamini–Hochberg adjustment."""
        return [row for row in self.rows if row.regression]


Predicate = Callable[[Verdict], bool]
Kind = Literal["label", "pattern", "category"]
#: (name, kind, higher is worse, the event counted, the conversations it is counted over)
Spec = tuple[str, Kind, bool, Predicate, Predicate | None]


def compare(
    a: Iterable[Verdict],
    b: Iterable[Verdict],
    *,
    paired: bool | None = None,
    alpha: float = 0.05,
    names: tuple[str, str] = ("A", "B"),
) -> Comparison:
    """Compare run ``b`` with run ``a`` (verdict iterables, e.g. from ``read_results``).

    ``paired``: ``None`` decides from the conversation ids (paired when at least half of the
    larger run's ids appear in both), ``True`` forces pairing (an error if no id matches),
    ``False`` forces the unpaired analysis. Raises ``ComparisonError`` when a run has no scored
    verdict."""
    (run_a, duplicates_a), (run_b, duplicates_b) = _dedupe(a), _dedupe(b)
    summary_a, summary_b = _summary(names[0], run_a, duplicates_a), _summary(names[1], run_b, duplicates_b)
    for summary in (summary_a, summary_b):
        if summary.scored == 0:
            raise ComparisonError(f"run {summary.name} has no scored verdicts: there is no rate to compare")
    ids_a = {v.conversation_id for v in run_a if v.conversation_id}
    ids_b = {v.conversation_id for v in run_b if v.conversation_id}
    matched = ids_a & ids_b
    larger = max(len(run_a), len(run_b))
    share = len(matched) / larger
    if paired is None:
        paired = share >= PAIRED_OVERLAP
        how = "detected" if paired else "not paired"
    else:
        how = "forced" if paired else "unpaired as asked"
    if paired and not matched:
        raise ComparisonError(
            f"runs {names[0]} and {names[1]} have no conversation id in common, so they cannot be "
            "paired; compare them as independent samples instead (without --paired)"
        )
    pairing = f"{len(matched)} of {larger} conversation ids in both runs ({share:.0%}); {how}"
    rows_spec = _row_specs(run_a, run_b)
    warnings = _judge_warnings(summary_a, summary_b)
    for s in (summary_a, summary_b):
        if s.duplicate_ids:
            warnings.append(
                f"{s.duplicate_ids} conversation ids appear more than once in {s.name}; "
                "the last verdict of each is used"
            )
    if paired:
        by_id_b = {v.conversation_id: v for v in run_b}
        pairs = [
            (va, by_id_b[va.conversation_id])
            for va in run_a
            if va.conversation_id in matched and va.scored and by_id_b[va.conversation_id].scored
        ]
        if not pairs:
            raise ComparisonError("no conversation is scored in both runs: there is nothing to pair")
        left_out = len(matched) - len(pairs)
        if left_out:
            warnings.append(f"{left_out} matched conversations are not scored in both runs and are left out")
        rows = [
            _paired_row(name, kind, worse, test, subset, alpha)
            for name, kind, worse, test, within in rows_spec
            if (subset := [(va, vb) for va, vb in pairs if within is None or within(va) or within(vb)])
        ]
    else:
        scored_a = [v for v in run_a if v.scored]
        scored_b = [v for v in run_b if v.scored]
        pairs = []
        rows = [
            _unpaired_row(name, kind, worse, test, sub_a, sub_b, alpha)
            for name, kind, worse, test, within in rows_spec
            if (sub_a := [v for v in scored_a if within is None or within(v)])
            and (sub_b := [v for v in scored_b if within is None or within(v)])
        ]
    for row, adjusted in zip(rows, benjamini_hochberg([r.p_value for r in rows]), strict=True):
        row.p_adjusted = adjusted
        row.significant = adjusted <= alpha
        worse = row.difference > 0 if row.higher_is_worse else row.difference < 0
        row.regression = row.significant and worse
        row.improvement = row.significant and row.difference != 0 and not worse
    return Comparison(
        paired=paired,
        pairing=pairing,
        matched_ids=len(matched),
        pairs=len(pairs),
        alpha=alpha,
        a=summary_a,
        b=summary_b,
        rows=rows,
        warnings=warnings,
    )


def judge_differences(a: Iterable[JudgeInfo], b: Iterable[JudgeInfo]) -> list[str]:
    """The fingerprint fields whose values differ between two sets of judges, each as
    ``"field: A-values vs B-values"`` (hashes shortened)."""
    a, b = list(a), list(b)
    out = []
    for field in FINGERPRINT_FIELDS:
        values_a = sorted({_show(getattr(j, field), field) for j in a})
        values_b = sorted({_show(getattr(j, field), field) for j in b})
        if values_a != values_b:
            out.append(f"{field}: {', '.join(values_a)} vs {', '.join(values_b)}")
    return out


def _show(value: object, field: str) -> str:
    if value is None or value == "":
        return "(unset)"
    text = str(value)
    return text[:12] + "…" if field.endswith("sha256") and len(text) > 12 else text


def _judge_warnings(a: RunSummary, b: RunSummary) -> list[str]:
    warnings = []
    differences = judge_differences(a.judges, b.judges)
    if differences:
        warnings.append(
            f"{a.name} and {b.name} were graded by different judges ("
            + "; ".join(differences)
            + "): the differences below mix a judge change with a model change"
        )
    for s in (a, b):
        if len({tuple(getattr(j, f) for f in FINGERPRINT_FIELDS) for j in s.judges}) > 1:
            warnings.append(f"{s.name} mixes verdicts from {len(s.judges)} different judge fingerprints")
    return warnings


def _dedupe(verdicts: Iterable[Verdict]) -> tuple[list[Verdict], int]:
    """The last verdict per conversation id (in first-seen order), verdicts without an id all
    kept; and how many ids appeared more than once."""
    by_id: dict[str, Verdict] = {}
    seen: Counter[str] = Counter()
    anonymous: list[Verdict] = []
    for v in verdicts:
        if v.conversation_id:
            by_id[v.conversation_id] = v
            seen[v.conversation_id] += 1
        else:
            anonymous.append(v)
    return [*by_id.values(), *anonymous], sum(1 for n in seen.values() if n > 1)


def _summary(name: str, verdicts: list[Verdict], duplicates: int) -> RunSummary:
    counts = Counter(v.status for v in verdicts)
    reasons = Counter(v.unscored_reason or "unknown" for v in verdicts if not v.scored)
    judges: dict[tuple[object, ...], JudgeInfo] = {}
    for v in verdicts:
        judges.setdefault(tuple(getattr(v.judge, f) for f in FINGERPRINT_FIELDS), v.judge)
    return RunSummary(
        name=name,
        total=len(verdicts),
        scored=counts["scored"],
        unscored=counts["unscored"],
        errors=counts["error"],
        unscored_reasons=dict(reasons),
        judges=list(judges.values()),
        duplicate_ids=duplicates,
    )


def _row_specs(a: Sequence[Verdict], b: Sequence[Verdict]) -> list[Spec]:
    """The rows to compare: the two label rates, every pattern found in either run (sorted), then
    the FAIL rate within each harm category (other than ``none``) found in either run (sorted)."""
    severities: dict[str, set[str]] = {}
    categories: set[str] = set()
    for v in (*a, *b):
        if v.scored:
            for f in v.findings:
                severities.setdefault(f.pattern, set()).add(f.severity)
            if v.category and v.category != NO_CATEGORY:
                categories.add(v.category)
    fail: Predicate = lambda v: v.label == "FAIL"  # noqa: E731
    specs: list[Spec] = [
        ("FAIL", "label", True, fail, None),
        ("WARN or worse", "label", True, lambda v: v.label in ("WARN", "FAIL"), None),
    ]
    for pattern in sorted(severities):
        specs.append((pattern, "pattern", severities[pattern] != {"PASS"}, _has_pattern(pattern), None))
    for category in sorted(categories):
        specs.append((f"FAIL | {category}", "category", True, fail, _in_category(category)))
    return specs


def _has_pattern(pattern: str) -> Predicate:
    return lambda v: pattern in v.patterns


def _in_category(category: str) -> Predicate:
    return lambda v: v.category == category


def _paired_row(
    name: str, kind: Kind, worse: bool, test: Predicate, pairs: list[tuple[Verdict, Verdict]], alpha: float
) -> Difference:
    cells = Counter((test(va), test(vb)) for va, vb in pairs)
    both, only_a, only_b, neither = (
        cells[(True, True)],
        cells[(True, False)],
        cells[(False, True)],
        cells[(False, False)],
    )
    n = len(pairs)
    low, high = newcombe_paired_interval(both, only_a, only_b, neither)
    result = mcnemar_test(only_a, only_b)
    return Difference(
        name=name,
        kind=kind,
        higher_is_worse=worse,
        count_a=both + only_a,
        n_a=n,
        rate_a=(both + only_a) / n,
        count_b=both + only_b,
        n_b=n,
        rate_b=(both + only_b) / n,
        difference=(only_b - only_a) / n,
        ci_low=low,
        ci_high=high,
        test=result.method,
        statistic=result.statistic,
        p_value=result.p_value,
        only_a=only_a,
        only_b=only_b,
        detectable_n=sample_size_mcnemar(only_a / n, only_b / n, alpha=alpha, power=POWER),
    )


def _unpaired_row(
    name: str, kind: Kind, worse: bool, test: Predicate, a: list[Verdict], b: list[Verdict], alpha: float
) -> Difference:
    x_a, x_b = sum(map(test, a)), sum(map(test, b))
    n_a, n_b = len(a), len(b)
    low, high = newcombe_interval(x_a, n_a, x_b, n_b)
    result = two_proportion_z_test(x_a, n_a, x_b, n_b)
    return Difference(
        name=name,
        kind=kind,
        higher_is_worse=worse,
        count_a=x_a,
        n_a=n_a,
        rate_a=x_a / n_a,
        count_b=x_b,
        n_b=n_b,
        rate_b=x_b / n_b,
        difference=x_b / n_b - x_a / n_a,
        ci_low=low,
        ci_high=high,
        test=result.method,
        statistic=result.statistic,
        p_value=result.p_value,
        detectable_n=sample_size_two_proportions(x_a / n_a, x_b / n_b, alpha=alpha, power=POWER),
    )
