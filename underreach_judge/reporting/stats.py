"""Interval estimates and tests for proportions, shared by reports, comparisons and calibration.

Small pure functions, each naming its method. Normal and chi-square tails come from ``math.erfc``
and quantiles from ``statistics.NormalDist``, so nothing beyond the standard library is needed.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from statistics import NormalDist
from typing import NamedTuple

Z95 = 1.959964

#: below this many discordant pairs McNemar's test uses the exact binomial distribution
MCNEMAR_EXACT_BELOW = 25


class TestResult(NamedTuple):
    """A test's statistic (``None`` for an exact test), two-sided p-value and method name."""

    statistic: float | None
    p_value: float
    method: str


def wilson_interval(successes: int, n: int, z: float = Z95) -> tuple[float, float] | None:
    """The Wilson score 95% interval for a proportion; ``None`` when ``n == 0``: a share of
    nothing has no value and no interval (reports show it as n/a, JSON as null)."""
    if n == 0:
        return None
    p = successes / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return (max(0.0, centre - half), min(1.0, centre + half))


def _wilson_of_some(successes: int, n: int, z: float) -> tuple[float, float]:
    interval = wilson_interval(successes, n, z)
    if interval is None:
        raise ValueError("a difference of proportions needs at least one observation in each sample")
    return interval


def z_quantile(probability: float) -> float:
    """The standard normal quantile (inverse CDF)."""
    quantile: float = NormalDist().inv_cdf(probability)
    return quantile


def normal_two_sided_p(z: float) -> float:
    """Two-sided p-value of a standard normal statistic: ``P(|Z| >= |z|)``."""
    return math.erfc(abs(z) / math.sqrt(2))


def chi2_1df_p(statistic: float) -> float:
    """Upper tail of the chi-square distribution with one degree of freedom."""
    return math.erfc(math.sqrt(max(statistic, 0.0) / 2))


def binomial_two_sided_p(k: int, n: int) -> float:
    """Exact two-sided p-value of ``k`` successes in ``n`` fair coin flips (doubling the smaller
    tail, capped at 1): the exact conditional McNemar test."""
    if n == 0:
        return 1.0
    tail = sum(math.comb(n, i) for i in range(min(k, n - k) + 1))
    return min(1.0, 2 * tail / (1 << n))


def mcnemar_test(only_a: int, only_b: int, *, exact: bool | None = None) -> TestResult:
    """McNemar's test on the discordant pairs of a paired 2x2 table (``only_a``: positive in run A
    only; ``only_b``: positive in run B only).

    Exact conditional (binomial) test when there are fewer than ``MCNEMAR_EXACT_BELOW`` discordant
    pairs (or ``exact=True``), else the chi-square statistic with Edwards' continuity correction,
    ``(|b - c| - 1)^2 / (b + c)``. No discordant pairs gives p = 1.
    """
    discordant = only_a + only_b
    if discordant == 0:
        return TestResult(None, 1.0, "McNemar (no discordant pairs)")
    if exact if exact is not None else discordant < MCNEMAR_EXACT_BELOW:
        return TestResult(None, binomial_two_sided_p(only_a, discordant), "McNemar exact")
    statistic = (max(abs(only_a - only_b) - 1, 0)) ** 2 / discordant
    return TestResult(statistic, chi2_1df_p(statistic), "McNemar chi-square (continuity-corrected)")


def two_proportion_z_test(x_a: int, n_a: int, x_b: int, n_b: int) -> TestResult:
    """The two-proportion z-test with the pooled standard error, for ``p_b - p_a`` (its square is
    Pearson's chi-square on the 2x2 table). No variation at all gives z = 0, p = 1."""
    if n_a == 0 or n_b == 0:
        return TestResult(None, 1.0, "two-proportion z (pooled)")
    pooled = (x_a + x_b) / (n_a + n_b)
    se = math.sqrt(pooled * (1 - pooled) * (1 / n_a + 1 / n_b))
    z = 0.0 if se == 0 else (x_b / n_b - x_a / n_a) / se
    return TestResult(z, normal_two_sided_p(z), "two-proportion z (pooled)")


def fisher_exact_test(x_a: int, n_a: int, x_b: int, n_b: int) -> TestResult:
    """Fisher's exact test on the 2x2 table of ``x_a`` of ``n_a`` against ``x_b`` of ``n_b``: the
    two-sided p-value sums the hypergeometric probabilities (margins fixed) of every table no more
    likely than the one observed. Log-probabilities (``math.lgamma``), so large margins are fine."""
    if n_a == 0 or n_b == 0:
        return TestResult(None, 1.0, "Fisher exact")
    total, hits = n_a + n_b, x_a + x_b

    def log_p(k: int) -> float:
        return _log_comb(n_a, k) + _log_comb(n_b, hits - k) - _log_comb(total, hits)

    observed = log_p(x_a)
    support = range(max(0, hits - n_b), min(hits, n_a) + 1)
    p = sum(math.exp(log_p(k)) for k in support if log_p(k) <= observed + 1e-7)
    return TestResult(None, min(1.0, p), "Fisher exact")


def _log_comb(n: int, k: int) -> float:
    return math.lgamma(n + 1) - math.lgamma(k + 1) - math.lgamma(n - k + 1)


#: the pooled z-test is used when every expected cell count is at least this; Fisher's exact test otherwise
MIN_EXPECTED = 5


def independent_proportions_test(x_a: int, n_a: int, x_b: int, n_b: int) -> TestResult:
    """A two-sided test of ``p_a = p_b`` for independent samples, suited to their size: the pooled
    two-proportion z-test when every expected cell of the 2x2 table is at least ``MIN_EXPECTED``
    (Cochran's rule), else Fisher's exact test."""
    total, hits = n_a + n_b, x_a + x_b
    if total == 0:
        return TestResult(None, 1.0, "Fisher exact")
    smallest = min(n_a, n_b) * min(hits, total - hits) / total
    if smallest >= MIN_EXPECTED:
        return two_proportion_z_test(x_a, n_a, x_b, n_b)
    return fisher_exact_test(x_a, n_a, x_b, n_b)


def newcombe_interval(x_a: int, n_a: int, x_b: int, n_b: int, z: float = Z95) -> tuple[float, float]:
    """Newcombe's hybrid score interval (1998, method 10) for ``p_b - p_a`` from independent samples:
    the Wilson intervals of the two proportions combined by square-and-add. Both samples must be
    non-empty (``ValueError`` otherwise: there is no difference to estimate)."""
    low_a, high_a = _wilson_of_some(x_a, n_a, z)
    low_b, high_b = _wilson_of_some(x_b, n_b, z)
    p_a, p_b = x_a / n_a, x_b / n_b
    diff = p_b - p_a
    low = diff - math.sqrt((p_b - low_b) ** 2 + (high_a - p_a) ** 2)
    high = diff + math.sqrt((high_b - p_b) ** 2 + (p_a - low_a) ** 2)
    return (max(-1.0, low), min(1.0, high))


def newcombe_paired_interval(
    both: int, only_a: int, only_b: int, neither: int, z: float = Z95
) -> tuple[float, float]:
    """Newcombe's square-and-add interval for paired proportions (1998, method 10) for
    ``p_b - p_a``, where ``p_a = (both + only_a) / n`` and ``p_b = (both + only_b) / n``.

    Wilson intervals of the two marginal proportions, combined with the continuity-corrected
    phi correlation of the paired table, as Newcombe defines it. There must be at least one pair
    (``ValueError`` otherwise)."""
    n = both + only_a + only_b + neither
    x_a, x_b = both + only_a, both + only_b
    low_a, high_a = _wilson_of_some(x_a, n, z)
    low_b, high_b = _wilson_of_some(x_b, n, z)
    p_a, p_b = x_a / n, x_b / n
    margins = x_a * (n - x_a) * x_b * (n - x_b)
    phi = 0.0
    if margins > 0:
        cross = both * neither - only_a * only_b
        if cross > n / 2:
            phi = (cross - n / 2) / math.sqrt(margins)
        elif cross < 0:
            phi = cross / math.sqrt(margins)
    d_low_b, d_high_a = p_b - low_b, high_a - p_a
    d_high_b, d_low_a = high_b - p_b, p_a - low_a
    diff = p_b - p_a
    low = diff - math.sqrt(max(d_low_b**2 + d_high_a**2 - 2 * phi * d_low_b * d_high_a, 0.0))
    high = diff + math.sqrt(max(d_high_b**2 + d_low_a**2 - 2 * phi * d_high_b * d_low_a, 0.0))
    return (max(-1.0, low), min(1.0, high))


def benjamini_hochberg(p_values: Sequence[float]) -> list[float]:
    """Benjamini–Hochberg adjusted p-values (step-up, monotone, capped at 1), in input order.
    Rejecting every hypothesis whose adjusted p-value is at most q controls the false discovery
    rate at q."""
    m = len(p_values)
    order = sorted(range(m), key=lambda i: p_values[i])
    adjusted = [1.0] * m
    running = 1.0
    for rank in range(m, 0, -1):
        i = order[rank - 1]
        running = min(running, p_values[i] * m / rank)
        adjusted[i] = min(1.0, running)
    return adjusted


def cohen_kappa(table: Sequence[Sequence[int]]) -> float | None:
    """Cohen's kappa of a square agreement table (rows: one rater, columns: the other):
    ``(p_o - p_e) / (1 - p_e)``. ``None`` when it is undefined (no items, or chance agreement 1)."""
    n = sum(map(sum, table))
    if n == 0:
        return None
    k = len(table)
    observed = sum(table[i][i] for i in range(k)) / n
    rows = [sum(table[i]) / n for i in range(k)]
    cols = [sum(table[i][j] for i in range(k)) / n for j in range(k)]
    expected = sum(r * c for r, c in zip(rows, cols, strict=True))
    if expected >= 1:
        return None
    return (observed - expected) / (1 - expected)


def sample_size_two_proportions(
    p_a: float, p_b: float, *, alpha: float = 0.05, power: float = 0.8
) -> int | None:
    """Conversations per run needed to detect ``p_a`` vs ``p_b`` with a two-sided pooled z-test
    (Fleiss, Levin & Paik, without continuity correction):
    ``n = (z_{1-a/2} sqrt(2 pbar qbar) + z_{power} sqrt(p_a q_a + p_b q_b))^2 / (p_a - p_b)^2``.
    ``None`` when the proportions are equal (no sample size detects a zero difference)."""
    if p_a == p_b:
        return None
    za, zb = z_quantile(1 - alpha / 2), z_quantile(power)
    pbar = (p_a + p_b) / 2
    root = za * math.sqrt(2 * pbar * (1 - pbar)) + zb * math.sqrt(p_a * (1 - p_a) + p_b * (1 - p_b))
    return math.ceil(root**2 / (p_a - p_b) ** 2 - 1e-9)


def sample_size_mcnemar(
    only_a: float, only_b: float, *, alpha: float = 0.05, power: float = 0.8
) -> int | None:
    """Pairs needed to detect a change with McNemar's test, from the discordant proportions
    ``only_a`` and ``only_b`` (Connor 1987): with ``psi = only_a + only_b`` and
    ``delta = only_b - only_a``, ``n = (z_{1-a/2} sqrt(psi) + z_{power} sqrt(psi - delta^2))^2 / delta^2``.
    ``None`` when the discordant proportions are equal."""
    if only_a == only_b:
        return None
    za, zb = z_quantile(1 - alpha / 2), z_quantile(power)
    psi, delta = only_a + only_b, only_b - only_a
    root = za * math.sqrt(psi) + zb * math.sqrt(max(psi - delta**2, 0.0))
    return math.ceil(root**2 / delta**2 - 1e-9)


def rogan_gladen(p: float, sensitivity: float, specificity: float) -> float:
    """The Rogan–Gladen estimate of true prevalence from an apparent rate ``p`` measured by a
    classifier of known sensitivity and specificity: ``(p + spec - 1) / (sens + spec - 1)``,
    clipped to [0, 1]. The caller makes sure ``sens + spec > 1``."""
    return min(1.0, max(0.0, (p + specificity - 1) / (sensitivity + specificity - 1)))


def rogan_gladen_interval(
    found: int,
    n: int,
    true_positives: int,
    positives: int,
    true_negatives: int,
    negatives: int,
    z: float = Z95,
) -> tuple[float, float]:
    """A confidence interval for the Rogan–Gladen prevalence that carries both the run's sampling
    error (``found`` of ``n`` flagged) and the calibration set's error in sensitivity
    (``true_positives`` of ``positives``) and specificity (``true_negatives`` of ``negatives``).

    Method: the delta method on ``theta = (p + t - 1) / (s + t - 1)``, with
    ``Var(theta) = [Var(p) + (1 - theta)^2 Var(t) + theta^2 Var(s)] / (s + t - 1)^2``, the three
    sources independent. As in Lee et al. (2025, arXiv 2511.21140), the plug-in values are smoothed
    first — ``p`` towards 1/2 by z^2/2 pseudo-counts each way (the Wilson centre), sensitivity and
    specificity by one success and one failure — so that an observed 0% or 100% still carries
    variance and the interval keeps its coverage near the boundaries. The interval is centred on
    the smoothed estimate and clipped to [0, 1]. Deterministic: no resampling.
    """
    n_p, n_s, n_t = n + z * z, positives + 2, negatives + 2
    p = (found + z * z / 2) / n_p
    s = (true_positives + 1) / n_s
    t = (true_negatives + 1) / n_t
    youden = s + t - 1
    if youden <= 0:  # the smoothed judge is no better than chance: nothing is known
        return (0.0, 1.0)
    theta = (p + t - 1) / youden
    variance = (p * (1 - p) / n_p + (1 - theta) ** 2 * t * (1 - t) / n_t + theta**2 * s * (1 - s) / n_s) / (
        youden**2
    )
    half = z * math.sqrt(variance)
    return (min(1.0, max(0.0, theta - half)), min(1.0, max(0.0, theta + half)))
