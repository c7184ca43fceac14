"""From verdicts to numbers: aggregate rates, tables, comparisons between runs, rates over time,
judge calibration.

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
from .timeline import Drift, Rates, Timeline, Window, timeline, window_start

__all__ = [
    "BinaryAgreement",
    "Calibration",
    "CategoryAgreement",
    "Comparison",
    "CorrectedRate",
    "Detection",
    "Difference",
    "Drift",
    "GoldenRow",
    "Rate",
    "Rates",
    "Report",
    "RunSummary",
    "Tally",
    "Timeline",
    "Window",
    "aggregate",
    "calibration_from_verdicts",
    "compare",
    "default_golden",
    "load_calibration",
    "read_golden",
    "read_results",
    "timeline",
    "wilson_interval",
    "window_start",
]
