"""From verdicts to numbers: aggregate rates, tables, comparisons between runs, judge calibration.

Pure statistics over verdicts: nothing here grades (``underreach_judge.grading`` does)."""

from .aggregate import CorrectedRate, Rate, Report, Tally, aggregate
from .calibrate import (
    BinaryAgreement,
    Calibration,
    CategoryAgreement,
    Detection,
    GoldenRow,
    calibration_from_verdicts,
    default_golden,
    load_calibration,
    read_golden,
)
from .compare import Comparison, Difference, RunSummary, compare
from .results import read_results
from .stats import wilson_interval

__all__ = [
    "BinaryAgreement",
    "Calibration",
    "CategoryAgreement",
    "Comparison",
    "CorrectedRate",
    "Detection",
    "Difference",
    "GoldenRow",
    "Rate",
    "Report",
    "RunSummary",
    "Tally",
    "aggregate",
    "calibration_from_verdicts",
    "compare",
    "default_golden",
    "load_calibration",
    "read_golden",
    "read_results",
    "wilson_interval",
]
