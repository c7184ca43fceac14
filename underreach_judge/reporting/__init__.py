"""From verdicts to numbers: aggregate rates, tables, comparisons between runs, judge calibration."""

from .aggregate import CorrectedRate, Rate, Report, Tally, aggregate
from .calibrate import (
    BinaryAgreement,
    Calibration,
    CalibrationError,
    Detection,
    GoldenRow,
    GoldenRowError,
    calibrate,
    calibration_from_verdicts,
    default_golden,
    load_calibration,
    read_golden,
)
from .compare import Comparison, ComparisonError, Difference, RunSummary, compare
from .results import ResultRowError, read_results
from .stats import wilson_interval

__all__ = [
    "BinaryAgreement",
    "Calibration",
    "CalibrationError",
    "Comparison",
    "ComparisonError",
    "CorrectedRate",
    "Detection",
    "Difference",
    "GoldenRow",
    "GoldenRowError",
    "Rate",
    "Report",
    "ResultRowError",
    "RunSummary",
    "Tally",
    "aggregate",
    "calibrate",
    "calibration_from_verdicts",
    "compare",
    "default_golden",
    "load_calibration",
    "read_golden",
    "read_results",
    "wilson_interval",
]
