"""Calibrating a judge against a hand-labelled golden set: the statistics (no grading here).

``calibration_from_verdicts(rows, verdicts)`` measures how a judge's verdicts on the golden
conversations (graded by ``underreach_judge.calibrate``) agree with the labels: label accuracy,
Cohen's kappa and the 3x3 confusion table;
per pattern (and for the FAIL and WARN-or-worse labels) sensitivity, specificity and precision with
their counts; flip detection matched by compliance turn; caveat detection matched by turn. The
result records the judge's fingerprint and the golden file's sha256, so a calibration can be tied
to the judge it describes, and feeds ``aggregate(..., calibration=...)`` for corrected rates.

A golden row is ``{"id", "messages", "label", "patterns", "flips": [{"refusal_turn",
"compliance_turn"}], "caveat_turns", "note"}`` (see ``golden/refusal_underreach.jsonl``).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field, ValidationError, computed_field

from .._resources import bundled_dir
from ..exceptions import CalibrationError, GoldenRowError
from ..verdict import JudgeInfo, Label, Verdict
from .stats import cohen_kappa, wilson_interval

LABELS: tuple[Label, ...] = ("PASS", "WARN", "FAIL")
GOLDEN_FILE = "refusal_underreach.jsonl"
#: the label questions asked of every calibration besides the patterns
LABEL_QUESTIONS = ("FAIL", "WARN or worse")


class GoldenFlip(BaseModel):
    refusal_turn: int
    compliance_turn: int


class GoldenRow(BaseModel):
    """One hand-labelled conversation. Fields beyond these are ignored."""

    id: str
    messages: list[Any]
    label: Label
    patterns: list[str] = Field(default_factory=list)
    flips: list[GoldenFlip] = Field(default_factory=list)
    caveat_turns: list[int] = Field(default_factory=list)
    #: the harm category of what the conversation asked for (a rubric category id)
    category: str | None = None
    note: str = ""


class BinaryAgreement(BaseModel):
    """How a judge's yes/no for one pattern (or label) agrees with the golden labels, over the
    scored golden conversations. Ratios with nothing to divide by are ``None``."""

    name: str
    true_positives: int
    false_positives: int
    false_negatives: int
    true_negatives: int

    @computed_field  # type: ignore[prop-decorator]
    @property
    def positives(self) -> int:
        """Golden conversations labelled with it."""
        return self.true_positives + self.false_negatives

    @computed_field  # type: ignore[prop-decorator]
    @property
    def negatives(self) -> int:
        """Golden conversations labelled without it."""
        return self.true_negatives + self.false_positives

    @computed_field  # type: ignore[prop-decorator]
    @property
    def sensitivity(self) -> float | None:
        """Recall: the share of golden positives the judge found."""
        return _ratio(self.true_positives, self.positives)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def specificity(self) -> float | None:
        """The share of golden negatives the judge left alone."""
        return _ratio(self.true_negatives, self.negatives)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def precision(self) -> float | None:
        """The share of the judge's positives that are golden positives."""
        return _ratio(self.true_positives, self.true_positives + self.false_positives)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def recall(self) -> float | None:
        """Another name for sensitivity."""
        return self.sensitivity


class Detection(BaseModel):
    """Events the judge found (flips by compliance turn, caveats by turn) matched against the
    golden ones, over the scored golden conversations."""

    name: str
    matched: int
    golden: int
    found: int

    @computed_field  # type: ignore[prop-decorator]
    @property
    def recall(self) -> float | None:
        return _ratio(self.matched, self.golden)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def precision(self) -> float | None:
        return _ratio(self.matched, self.found)


class CategoryAgreement(BaseModel):
    """How the judge's harm categories agree with the golden ones, over the scored golden
    conversations that have a golden category."""

    #: scored conversations with a golden category
    golden: int
    #: of those, how many the judge gave a category
    given: int
    #: of those, how many match the golden category
    agreed: int
    #: golden category -> judged category -> count, for the ones that did not match
    disagreements: dict[str, dict[str, int]] = Field(default_factory=dict)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def accuracy(self) -> float | None:
        """Agreement among the conversations the judge gave a category."""
        return _ratio(self.agreed, self.given)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def coverage(self) -> float | None:
        """The share of golden-categorised conversations the judge gave any category."""
        return _ratio(self.given, self.golden)


class Calibration(BaseModel):
    """A judge measured against a golden set. Round-trips through JSON
    (``Calibration.model_validate_json(c.model_dump_json())``)."""

    golden: str
    golden_sha256: str
    #: the fingerprint of the judge that graded the golden set
    judge: JudgeInfo
    total: int
    scored: int
    unscored: int
    errors: int
    unscored_reasons: dict[str, int] = Field(default_factory=dict)
    #: golden label (outer key) by judge label (inner key), over scored conversations
    confusion: dict[str, dict[str, int]]
    #: label agreement and its Wilson 95% interval; ``None`` when nothing was scored
    accuracy: float | None
    accuracy_ci: tuple[float, float] | None
    kappa: float | None
    #: per pattern: every pattern of the rubric, of the golden set and of the verdicts
    patterns: list[BinaryAgreement]
    #: the FAIL label and the WARN-or-worse label as yes/no questions
    labels: list[BinaryAgreement]
    flips: Detection
    caveats: Detection
    #: ``None`` when no golden row has a category
    categories: CategoryAgreement | None = None

    @computed_field  # type: ignore[prop-decorator]
    @property
    def unscored_rate(self) -> float:
        """The share of golden conversations the judge did not score (unscored or error)."""
        return (self.unscored + self.errors) / self.total if self.total else 0.0

    def agreement(self, name: str) -> BinaryAgreement | None:
        """The agreement row of a pattern, or of a label question (``"FAIL"``, ``"WARN or worse"``)."""
        return next((row for row in (*self.patterns, *self.labels) if row.name == name), None)


def default_golden() -> Path:
    """The bundled golden set for the default rubric (inside the package when installed)."""
    return bundled_dir("golden") / GOLDEN_FILE


def read_golden(path: str | Path) -> list[GoldenRow]:
    """The rows of a golden JSONL file. A malformed row raises ``GoldenRowError`` naming the file
    and line."""
    return [row for _, row in read_numbered_golden(Path(path))]


def calibration_from_verdicts(
    rows: Sequence[GoldenRow],
    verdicts: Sequence[Verdict],
    *,
    golden: str = "<rows>",
    golden_sha256: str = "",
    patterns: Iterable[str] = (),
) -> Calibration:
    """Score verdicts already graded (one per golden row, in the same order) against the labels.

    Only scored verdicts enter the agreement figures; unscored and error verdicts are counted
    apart. ``patterns`` lists pattern ids to report on even when neither side uses them."""
    if len(rows) != len(verdicts):
        raise ValueError(f"{len(rows)} golden rows but {len(verdicts)} verdicts")
    scored_pairs = [
        (row, v) for row, v in zip(rows, verdicts, strict=True) if v.scored and v.label is not None
    ]
    pattern_ids = list(
        dict.fromkeys(
            [
                *patterns,
                *(p for r in rows for p in r.patterns),
                *(p for _, v in scored_pairs for p in v.patterns),
            ]
        )
    )
    confusion: dict[str, dict[str, int]] = {g: dict.fromkeys(LABELS, 0) for g in LABELS}
    cells: dict[str, Counter[str]] = {name: Counter() for name in (*pattern_ids, *LABEL_QUESTIONS)}
    flips: Counter[str] = Counter()
    caveats: Counter[str] = Counter()
    for row, v in scored_pairs:
        assert v.label is not None
        confusion[row.label][v.label] += 1
        for p in pattern_ids:
            cells[p][_cell(p in row.patterns, p in v.patterns)] += 1
        cells["FAIL"][_cell(row.label == "FAIL", v.label == "FAIL")] += 1
        cells["WARN or worse"][_cell(row.label != "PASS", v.label != "PASS")] += 1
        _match(flips, {f.compliance_turn for f in row.flips}, {f.compliance_turn for f in v.flips})
        _match(caveats, set(row.caveat_turns), {c.turn for c in v.caveats})
    not_scored = [v for v in verdicts if not (v.scored and v.label is not None)]
    correct = sum(confusion[label][label] for label in LABELS)
    return Calibration(
        golden=golden,
        golden_sha256=golden_sha256,
        judge=_fingerprint(verdicts),
        total=len(rows),
        scored=len(scored_pairs),
        unscored=sum(v.status == "unscored" for v in not_scored),
        errors=sum(v.status == "error" for v in not_scored),
        unscored_reasons=dict(Counter(v.unscored_reason or "unknown" for v in not_scored)),
        confusion=confusion,
        accuracy=_ratio(correct, len(scored_pairs)),
        accuracy_ci=wilson_interval(correct, len(scored_pairs)),
        kappa=cohen_kappa([[confusion[g][j] for j in LABELS] for g in LABELS]),
        patterns=[_binary(p, cells[p]) for p in pattern_ids],
        labels=[_binary(name, cells[name]) for name in LABEL_QUESTIONS],
        flips=_detection("capitulation flips (by compliance turn)", flips),
        caveats=_detection("caveats (by turn)", caveats),
        categories=_categories(scored_pairs),
    )


def _categories(pairs: Sequence[tuple[GoldenRow, Verdict]]) -> CategoryAgreement | None:
    gold = [(row.category, v.category) for row, v in pairs if row.category]
    if not gold:
        return None
    given = [(g, j) for g, j in gold if j]
    missed: dict[str, Counter[str]] = {}
    for g, j in given:
        if g != j:
            missed.setdefault(str(g), Counter())[str(j)] += 1
    return CategoryAgreement(
        golden=len(gold),
        given=len(given),
        agreed=sum(g == j for g, j in given),
        disagreements={g: dict(c.most_common()) for g, c in sorted(missed.items())},
    )


def load_calibration(path: str | Path) -> Calibration:
    """A calibration written by ``underreach-judge calibrate -o`` (``Calibration.model_dump_json``)."""
    try:
        return Calibration.model_validate_json(Path(path).read_bytes())
    except ValidationError as exc:
        problem = exc.errors()[0]
        where = ".".join(map(str, problem["loc"])) or "file"
        raise CalibrationError(
            f"{path}: not a calibration file ({where}: {problem['msg']}); "
            "write one with 'underreach-judge calibrate --judge SPEC -o calibration.json'"
        ) from None


def read_numbered_golden(path: Path) -> list[tuple[int, GoldenRow]]:
    rows: list[tuple[int, Any]] = []
    with path.open(encoding="utf-8") as fh:
        for number, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                rows.append((number, json.loads(line)))
            except json.JSONDecodeError as exc:
                raise GoldenRowError(str(path), number, f"not JSON ({exc.msg})") from None
    return validate_golden(rows, str(path))


def validate_golden(rows: Iterable[tuple[int, Any]], source: str) -> list[tuple[int, GoldenRow]]:
    out: list[tuple[int, GoldenRow]] = []
    seen: set[str] = set()
    for line, raw in rows:
        try:
            row = raw if isinstance(raw, GoldenRow) else GoldenRow.model_validate(raw)
        except ValidationError as exc:
            problems = "; ".join(
                f"{'.'.join(map(str, e['loc'])) or 'row'}: {e['msg']}" for e in exc.errors()[:3]
            )
            raise GoldenRowError(source, line, f"not a golden row ({problems})") from None
        if row.id in seen:
            raise GoldenRowError(source, line, f"duplicate id {row.id!r}")
        seen.add(row.id)
        out.append((line, row))
    return out


def _fingerprint(verdicts: Sequence[Verdict]) -> JudgeInfo:
    """The judge fingerprint most scored verdicts carry (any verdict's when none is scored)."""
    counts = Counter(v.judge.model_dump_json() for v in verdicts if v.scored)
    if counts:
        return JudgeInfo.model_validate_json(counts.most_common(1)[0][0])
    return verdicts[0].judge if verdicts else JudgeInfo()


def _cell(gold: bool, judged: bool) -> str:
    return ("tp" if judged else "fn") if gold else ("fp" if judged else "tn")


def _binary(name: str, cells: Counter[str]) -> BinaryAgreement:
    return BinaryAgreement(
        name=name,
        true_positives=cells["tp"],
        false_positives=cells["fp"],
        false_negatives=cells["fn"],
        true_negatives=cells["tn"],
    )


def _match(tally: Counter[str], golden: set[int], found: set[int]) -> None:
    tally["matched"] += len(golden & found)
    tally["golden"] += len(golden)
    tally["found"] += len(found)


def _detection(name: str, tally: Counter[str]) -> Detection:
    return Detection(name=name, matched=tally["matched"], golden=tally["golden"], found=tally["found"])


def _ratio(a: int, b: int) -> float | None:
    return a / b if b else None
