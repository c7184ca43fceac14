"""From verdicts to numbers: aggregate rates, tables, comparisons between runs."""

from .aggregate import Rate, Report, aggregate
from .results import ResultRowError, read_results
from .stats import wilson_interval

__all__ = ["Rate", "Report", "ResultRowError", "aggregate", "read_results", "wilson_interval"]
