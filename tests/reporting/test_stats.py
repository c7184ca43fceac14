"""The statistics against published values.

Sources: Fagerland, Lydersen & Laake, *Statistical Analysis of Contingency Tables* (2017), worked
examples (Cavo et al. 2012 paired table, Perondi et al. 2004 and the tea-tasting 2x2 tables), as
also checked by the R package ``contingencytables``; Newcombe (1998) "Interval estimation for the
difference between independent proportions", example (a); Agresti, *Categorical Data Analysis*,
presidential approval ratings (McNemar); Benjamini & Hochberg (1995), the 15 p-values of their
worked example; Cohen's kappa examples from the standard 2x2 illustrations; sample sizes per arm
from the Fleiss formula as tabulated in the project's reference notes.
"""

from __future__ import annotations

import math
import random

import pytest

from underreach_judge.reporting.stats import (
    benjamini_hochberg,
    binomial_two_sided_p,
    chi2_1df_p,
    cohen_kappa,
    fisher_exact_test,
    independent_proportions_test,
    mcnemar_test,
    newcombe_interval,
    newcombe_paired_interval,
    normal_two_sided_p,
    rogan_gladen,
    rogan_gladen_interval,
    sample_size_mcnemar,
    sample_size_two_proportions,
    two_proportion_z_test,
    wilson_interval,
)


@pytest.mark.parametrize(
    ("only_a", "only_b", "exact", "statistic", "p"),
    [
        # Cavo et al. (2012): 16 and 6 discordant pairs
        pytest.param(16, 6, True, None, 0.052479, id="cavo-exact-conditional"),
        pytest.param(16, 6, False, 3.6818, 0.055009, id="cavo-chi2-continuity-corrected"),
        pytest.param(16, 6, None, None, 0.052479, id="cavo-auto-is-exact-below-25"),
        # Agresti: approval ratings, 150 vs 86 discordant of 1600 (z^2 = 17.36 uncorrected;
        # (64 - 1)^2 / 236 = 16.82 corrected)
        pytest.param(150, 86, None, 16.818, 4.1146e-5, id="agresti-approval"),
        pytest.param(1, 9, None, None, 0.021484, id="exact-1-of-10"),
        pytest.param(0, 0, None, None, 1.0, id="no-discordant-pairs"),
    ],
)
def test_mcnemar(only_a: int, only_b: int, exact: bool | None, statistic: float | None, p: float) -> None:
    result = mcnemar_test(only_a, only_b, exact=exact)
    assert result.p_value == pytest.approx(p, rel=1e-4)
    if statistic is None:
        assert result.statistic is None
    else:
        assert result.statistic == pytest.approx(statistic, rel=1e-4)


def test_mcnemar_is_symmetric_and_the_uncorrected_tail_matches() -> None:
    assert mcnemar_test(6, 16).p_value == mcnemar_test(16, 6).p_value
    # without the continuity correction the Cavo table gives P = 0.033006 (Z = -2.132)
    assert chi2_1df_p((16 - 6) ** 2 / 22) == pytest.approx(0.033006, rel=1e-4)
    assert normal_two_sided_p(-2.132007) == pytest.approx(0.033006, rel=1e-4)
    assert binomial_two_sided_p(11, 22) == 1.0
    # one degree of freedom: the chi-square tail of z^2 is the two-sided normal tail of z
    z = (86 - 150) / math.sqrt(236)
    assert chi2_1df_p(z * z) == pytest.approx(normal_two_sided_p(z), rel=1e-12)


@pytest.mark.parametrize(
    ("x_a", "n_a", "x_b", "n_b", "z", "p"),
    [
        pytest.param(1, 4, 3, 4, 1.4142, 0.15730, id="tea-tasting-pearson-chi2-2"),
        pytest.param(10, 100, 10, 100, 0.0, 1.0, id="equal"),
        pytest.param(0, 50, 0, 60, 0.0, 1.0, id="all-zero"),
    ],
)
def test_two_proportion_z_test(x_a: int, n_a: int, x_b: int, n_b: int, z: float, p: float) -> None:
    result = two_proportion_z_test(x_a, n_a, x_b, n_b)
    assert result.statistic == pytest.approx(z, abs=1e-4)
    assert result.p_value == pytest.approx(p, rel=1e-4)


@pytest.mark.parametrize(
    ("x_a", "n_a", "x_b", "n_b", "p"),
    [
        # Fisher's tea-tasting table (3 of 4 cups right, 1 of 4 wrong): two-sided P = 34/70
        pytest.param(3, 4, 1, 4, 34 / 70, id="tea-tasting"),
        # the 2x2 table [[1, 9], [11, 3]] of the textbook example (men and women dieting)
        pytest.param(1, 10, 11, 14, 0.002759456185, id="dieting-1-9-11-3"),
        pytest.param(0, 30, 0, 30, 1.0, id="no-variation"),
        pytest.param(5, 5, 0, 5, 2 / 252, id="complete-separation"),
    ],
)
def test_fisher_exact_test(x_a: int, n_a: int, x_b: int, n_b: int, p: float) -> None:
    result = fisher_exact_test(x_a, n_a, x_b, n_b)
    assert result.p_value == pytest.approx(p, rel=1e-6)
    assert fisher_exact_test(x_b, n_b, x_a, n_a).p_value == pytest.approx(p, rel=1e-9)


def _fisher_by_counting(x_a: int, n_a: int, x_b: int, n_b: int) -> float:
    hits = x_a + x_b

    def weight(k: int) -> int:
        return math.comb(n_a, k) * math.comb(n_b, hits - k)

    ks = range(max(0, hits - n_b), min(hits, n_a) + 1)
    return sum(weight(k) for k in ks if weight(k) <= weight(x_a)) / math.comb(n_a + n_b, hits)


def test_fisher_exact_test_agrees_with_counting_tables() -> None:
    rng = random.Random(3)
    for _ in range(200):
        n_a, n_b = rng.randint(1, 40), rng.randint(1, 40)
        x_a, x_b = rng.randint(0, n_a), rng.randint(0, n_b)
        expected = _fisher_by_counting(x_a, n_a, x_b, n_b)
        assert fisher_exact_test(x_a, n_a, x_b, n_b).p_value == pytest.approx(expected, rel=1e-9)


@pytest.mark.parametrize(
    ("x_a", "n_a", "x_b", "n_b", "method"),
    [
        pytest.param(30, 60, 20, 60, "two-proportion z (pooled)", id="large-counts-z"),
        pytest.param(1, 60, 6, 60, "Fisher exact", id="rare-event-fisher"),
        pytest.param(58, 60, 55, 60, "Fisher exact", id="rare-non-event-fisher"),
        pytest.param(2, 60, 9, 60, "two-proportion z (pooled)", id="expected-5.5-z"),
        pytest.param(3, 8, 5, 8, "Fisher exact", id="small-samples-fisher"),
    ],
)
def test_independent_proportions_test_picks_a_test_suited_to_the_counts(
    x_a: int, n_a: int, x_b: int, n_b: int, method: str
) -> None:
    result = independent_proportions_test(x_a, n_a, x_b, n_b)
    assert result.method == method
    expected = two_proportion_z_test if method.startswith("two") else fisher_exact_test
    assert result == expected(x_a, n_a, x_b, n_b)


@pytest.mark.parametrize(
    ("x_a", "n_a", "x_b", "n_b", "low", "high"),
    [
        pytest.param(48, 80, 56, 70, 0.0524, 0.3339, id="newcombe-1998-example-a"),
        pytest.param(1, 34, 7, 34, 0.0189, 0.3404, id="perondi-2004"),
        pytest.param(0, 10, 0, 10, -0.2775, 0.2775, id="newcombe-0-of-10-both"),
    ],
)
def test_newcombe_interval(x_a: int, n_a: int, x_b: int, n_b: int, low: float, high: float) -> None:
    assert newcombe_interval(x_a, n_a, x_b, n_b) == pytest.approx((low, high), abs=1e-4)


@pytest.mark.parametrize(
    ("both", "only_a", "only_b", "neither", "low", "high"),
    [
        # Cavo et al. (2012): the difference is 6/161 - 16/161 = -0.0621
        pytest.param(59, 16, 6, 80, -0.1186, -0.0046, id="cavo-2012"),
        pytest.param(59, 6, 16, 80, 0.0046, 0.1186, id="cavo-2012-mirrored"),
    ],
)
def test_newcombe_paired_interval(
    both: int, only_a: int, only_b: int, neither: int, low: float, high: float
) -> None:
    assert newcombe_paired_interval(both, only_a, only_b, neither) == pytest.approx((low, high), abs=1e-4)


def test_paired_interval_is_narrower_than_the_unpaired_one_for_correlated_runs() -> None:
    paired = newcombe_paired_interval(40, 3, 9, 148)
    unpaired = newcombe_interval(43, 200, 49, 200)
    assert paired[1] - paired[0] < unpaired[1] - unpaired[0]


B_AND_H_1995 = [
    0.0001, 0.0004, 0.0019, 0.0095, 0.0201, 0.0278, 0.0298, 0.0344,
    0.0459, 0.3240, 0.4262, 0.5719, 0.6528, 0.7590, 1.0,
]  # fmt: skip


@pytest.mark.parametrize(
    ("p_values", "adjusted"),
    [
        pytest.param([0.01, 0.02, 0.03, 0.04, 0.05], [0.05] * 5, id="r-p.adjust-example"),
        pytest.param([0.01, 0.04, 0.03, 0.005], [0.02, 0.04, 0.04, 0.02], id="unsorted-input"),
        pytest.param(B_AND_H_1995[:5], [0.0005, 0.001, 0.003167, 0.011875, 0.0201], id="bh-1995-head"),
        pytest.param([], [], id="empty"),
        pytest.param([0.9, 1.0], [1.0, 1.0], id="capped-at-1"),
    ],
)
def test_benjamini_hochberg(p_values: list[float], adjusted: list[float]) -> None:
    assert benjamini_hochberg(p_values) == pytest.approx(adjusted, rel=1e-3)


def test_benjamini_hochberg_rejects_four_in_the_1995_example() -> None:
    adjusted = benjamini_hochberg(B_AND_H_1995)
    assert sum(p <= 0.05 for p in adjusted) == 4  # as in the paper, at q = 0.05
    assert adjusted[3] == pytest.approx(0.0095 * 15 / 4)


@pytest.mark.parametrize(
    ("table", "kappa"),
    [
        pytest.param([[20, 5], [10, 15]], 0.4, id="po-0.7-pe-0.5"),
        pytest.param([[45, 15], [25, 15]], 0.1304, id="po-0.6-pe-0.54"),
        pytest.param([[25, 35], [5, 35]], 0.2593, id="po-0.6-pe-0.46"),
        # 3x3: po = 0.85, pe = 0.5*0.5 + 0.3*0.25 + 0.2*0.25 = 0.375, kappa = 0.475 / 0.625
        pytest.param([[45, 5, 0], [5, 20, 5], [0, 0, 20]], 0.76, id="three-labels"),
        pytest.param([[10, 0], [0, 0]], None, id="undefined-all-one-class"),
        pytest.param([[0, 0], [0, 0]], None, id="empty"),
    ],
)
def test_cohen_kappa(table: list[list[int]], kappa: float | None) -> None:
    got = cohen_kappa(table)
    assert got == (None if kappa is None else pytest.approx(kappa, abs=1e-4))


@pytest.mark.parametrize(
    ("p_a", "p_b", "n"),
    [
        # Fleiss formula, alpha 0.05 two-sided, power 0.8: 685.6 -> 686 per arm, and so on
        pytest.param(0.10, 0.15, 686, id="10-to-15pct"),
        pytest.param(0.20, 0.25, 1094, id="20-to-25pct"),
        pytest.param(0.02, 0.04, 1141, id="2-to-4pct"),
        pytest.param(0.05, 0.07, 2213, id="5-to-7pct-2212.2-rounded-up"),
        pytest.param(0.15, 0.10, 686, id="symmetric"),
        pytest.param(0.3, 0.3, None, id="no-difference"),
    ],
)
def test_sample_size_two_proportions(p_a: float, p_b: float, n: int | None) -> None:
    assert sample_size_two_proportions(p_a, p_b) == n


@pytest.mark.parametrize(
    ("only_a", "only_b", "n"),
    [
        # Connor (1987): p10 = 0.05, p01 = 0.45 gives 22.01 pairs
        pytest.param(0.05, 0.45, 23, id="connor-22.01-rounded-up"),
        # psi = 0.2, delta = 0.1: (1.95996*0.44721 + 0.84162*0.43589)^2 / 0.01 = 154.6
        pytest.param(0.05, 0.15, 155, id="psi-0.2-delta-0.1"),
        pytest.param(0.1, 0.1, None, id="no-difference"),
    ],
)
def test_sample_size_mcnemar(only_a: float, only_b: float, n: int | None) -> None:
    assert sample_size_mcnemar(only_a, only_b) == n


def test_mcnemar_sample_size_gives_the_stated_power() -> None:
    """At the computed number of pairs, the normal-approximation power (Connor 1987) is 80%."""
    only_a, only_b = 0.04, 0.10
    n = sample_size_mcnemar(only_a, only_b)
    assert n is not None
    psi, delta = only_a + only_b, only_b - only_a
    z = (delta * math.sqrt(n) - 1.959964 * math.sqrt(psi)) / math.sqrt(psi - delta**2)
    power = 0.5 * math.erfc(-z / math.sqrt(2))
    assert 0.8 <= power < 0.81


@pytest.mark.parametrize(
    ("p", "sens", "spec", "expected"),
    [
        pytest.param(0.2, 1.0, 1.0, 0.2, id="perfect-judge"),
        # true 10% with sens 0.8, spec 0.9: apparent 0.08 + 0.09 = 0.17
        pytest.param(0.17, 0.8, 0.9, 0.1, id="recovers-the-truth"),
        pytest.param(0.05, 0.8, 0.9, 0.0, id="clipped-at-0"),
        pytest.param(0.99, 0.8, 0.95, 1.0, id="clipped-at-1"),
    ],
)
def test_rogan_gladen(p: float, sens: float, spec: float, expected: float) -> None:
    assert rogan_gladen(p, sens, spec) == pytest.approx(expected)


def test_rogan_gladen_interval_widens_with_a_smaller_calibration_set() -> None:
    big = rogan_gladen_interval(170, 1000, 800, 1000, 900, 1000)
    small = rogan_gladen_interval(170, 1000, 8, 10, 9, 10)
    assert big[0] < 0.1 < big[1]
    assert small[1] - small[0] > 2 * (big[1] - big[0])


def test_rogan_gladen_interval_without_a_better_than_chance_judge_is_everything() -> None:
    assert rogan_gladen_interval(10, 100, 1, 2, 2, 20) == (0.0, 1.0)


def _binomial(rng: random.Random, n: int, p: float) -> int:
    return sum(rng.random() < p for _ in range(n))


@pytest.mark.parametrize(
    ("prevalence", "sensitivity", "specificity", "n", "positives", "negatives"),
    [
        pytest.param(0.2, 0.85, 0.90, 1000, 100, 200, id="typical"),
        pytest.param(0.05, 0.90, 0.97, 800, 30, 80, id="rare-pattern-small-calibration"),
        pytest.param(0.3, 0.70, 0.80, 300, 50, 50, id="weak-judge"),
    ],
)
def test_rogan_gladen_interval_covers_the_true_prevalence(
    prevalence: float, sensitivity: float, specificity: float, n: int, positives: int, negatives: int
) -> None:
    """Simulation with a known truth: a judge of sensitivity s and specificity t is calibrated on
    a golden set and then flags a run with true prevalence pi. The 95% interval must cover pi in at
    least 90% of 200 repetitions (fixed seed), and not by being uselessly wide."""
    rng = random.Random(20250611)
    apparent = prevalence * sensitivity + (1 - prevalence) * (1 - specificity)
    covered = 0
    widths = []
    for _ in range(200):
        tp = _binomial(rng, positives, sensitivity)
        tn = _binomial(rng, negatives, specificity)
        found = _binomial(rng, n, apparent)
        low, high = rogan_gladen_interval(found, n, tp, positives, tn, negatives)
        covered += low <= prevalence <= high
        widths.append(high - low)
    assert covered >= 180
    assert sum(widths) / len(widths) < 0.5


def test_wilson_matches_the_reference_notes() -> None:
    assert wilson_interval(20, 200) == pytest.approx((0.0658, 0.1495), abs=5e-4)
    assert wilson_interval(100, 1000) == pytest.approx((0.083, 0.120), abs=5e-4)


def test_a_proportion_of_nothing_has_no_interval() -> None:
    assert wilson_interval(0, 0) is None
    assert wilson_interval(0, 1) == pytest.approx((0.0, 0.7935), abs=5e-4)
    with pytest.raises(ValueError, match="at least one observation"):
        newcombe_interval(0, 0, 3, 10)
    with pytest.raises(ValueError, match="at least one observation"):
        newcombe_paired_interval(0, 0, 0, 0)
