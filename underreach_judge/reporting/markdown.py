"""Reports, comparisons and calibrations as Markdown, for pull requests and notebooks."""

from __future__ import annotations

from .aggregate import CorrectedRate, Rate, Report
from .calibrate import LABELS, BinaryAgreement, Calibration
from .compare import Comparison, Difference
from .timeline import RATE_TITLES, RATES, Drift, Timeline


def rates(report: Report) -> list[tuple[str, Rate]]:
    """Every rate of a report, each with what it counts (a pattern, or whole conversations)."""
    return [("pattern", p) for p in report.patterns] + [
        ("conversations", r)
        for r in (report.refusal, report.flip, report.second_round_survival, report.caveat)
    ]


#: what a table shows for a share of nothing (a zero denominator) and its interval
NA = "n/a"


def pct(value: float | None) -> str:
    """A share as a percentage, or n/a when it is undefined (a share of nothing)."""
    return NA if value is None else f"{value:.1%}"


def interval(low: float | None, high: float | None) -> str:
    """A 95% interval of a share, ``low – high``, or n/a when there is none."""
    return NA if low is None or high is None else f"{pct(low)} – {pct(high)}"


def points(value: float) -> str:
    """A difference of two rates in percentage points, signed."""
    return f"{value * 100:+.1f} pts"


def short_sha(value: str) -> str:
    return value[:12] if value else "(none)"


def to_markdown(report: Report, heading: str = "Report") -> str:
    lines = [
        f"## {heading}",
        "",
        f"{report.total} conversations: {report.scored} scored "
        + "("
        + ", ".join(f"{k} {n}" for k, n in report.labels.items())
        + f"), "
        f"{report.unscored} unscored, {report.errors} errors.",
        "",
        "| | what | count | of | rate | 95% CI |",
        "|---|---|---:|---:|---:|---:|",
    ]
    for kind, r in rates(report):
        lines.append(
            f"| {kind} | {r.name} | {r.count} | {r.n} | {pct(r.rate)} | {interval(r.ci_low, r.ci_high)} |"
        )
    if report.unscored_reasons:
        lines += [
            "",
            "Not scored: " + ", ".join(f"{k} {n}" for k, n in report.unscored_reasons.items()) + ".",
        ]
    extra = notes(report)
    if extra:
        lines += ["", *extra]
    if report.corrected:
        lines += ["", *corrected_markdown(report)]
    for value, group in report.groups.items():
        lines += ["", to_markdown(group, f"{report.by} = {value}")]
    return "\n".join(lines)


def notes(report: Report) -> list[str]:
    """Plain lines on what the judge calls cost and how far panel judges agreed (empty when neither
    applies)."""
    lines = []
    u = report.usage
    if u.input_tokens or u.output_tokens or report.cached:
        cost = f"${u.cost_usd:,.4f}" if u.cost_usd is not None else "no price for this judge"
        line = (
            f"Judge usage: {u.input_tokens:,} input tokens ({u.cached_input_tokens:,} from the prompt cache, "
            f"{u.cache_write_tokens:,} written to it), {u.output_tokens:,} output tokens; cost {cost}"
        )
        if report.unpriced and u.cost_usd is not None:
            line += f" (plus {report.unpriced} verdicts from judges with no price)"
        if report.cached:
            line += f"; {report.cached} verdicts from the judge-call cache, at no cost"
        lines.append(line + ".")
    if report.screened or report.escalated:
        lines.append(screening_note(report))
    if report.panel_verdicts:
        agreement = report.mean_agreement or 0.0
        line = f"Panel agreement: {agreement:.1%} on average over {report.panel_verdicts} verdicts"
        if report.low_agreement:
            shown = ", ".join(report.low_agreement[:20])
            more = f" and {len(report.low_agreement) - 20} more" if len(report.low_agreement) > 20 else ""
            line += f"; low agreement, worth a human look: {shown}{more}"
        lines.append(line + ".")
    return lines


def screening_note(report: Report) -> str:
    """How many conversations the offline screen cleared and sent on, and the estimated saving."""
    reasons = ", ".join(f"{kind} {n}" for kind, n in report.escalation_reasons.items())
    line = (
        f"Screening: {report.screened:,} conversations cleared by the offline judge alone, "
        f"{report.escalated:,} sent to the model judge" + (f" ({reasons})" if reasons else "")
    )
    if report.saved_tokens_estimate is None:
        return line + "; no saving estimated (no escalated conversation called the model judge)."
    saved = f"{report.saved_tokens_estimate:,} tokens"
    if report.saved_cost_usd_estimate is not None:
        saved += f", ${report.saved_cost_usd_estimate:,.4f}"
    return (
        line + f"; saved, as an estimate (the mean of the escalated conversations that called it, "
        f"times the screened ones): about {saved}."
    )


def corrected_value(rate: CorrectedRate) -> tuple[str, str]:
    """The corrected rate and its interval as text, or a dash and the reason it is not correctable."""
    if not rate.correctable or rate.corrected is None:
        return ("—", f"not correctable: {rate.reason}")
    return (pct(rate.corrected), interval(rate.ci_low, rate.ci_high))


def corrected_markdown(report: Report) -> list[str]:
    """The corrected-rates section of a report."""
    lines = [
        "### Corrected for judge error",
        "",
        "Rogan–Gladen: `(observed + specificity − 1) / (sensitivity + specificity − 1)`, with "
        "sensitivity and specificity from the calibration; the 95% interval carries the "
        "calibration's uncertainty too.",
        "",
    ]
    lines += [f"> **Warning:** {w}" for w in report.calibration_warnings]
    if report.calibration_warnings:
        lines.append("")
    lines += [
        "| what | observed | sensitivity | specificity | golden +/− | corrected | 95% CI |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]
    for r in report.corrected:
        value, interval = corrected_value(r)
        lines.append(
            f"| {r.name} | {pct(r.observed)} ({r.count}/{r.n}) | {pct(r.sensitivity)} | "
            f"{pct(r.specificity)} | {r.golden_positives}/{r.golden_negatives} | {value} | {interval} |"
        )
    return lines


def accuracy_interval(calibration: Calibration) -> str:
    """The 95% interval of a calibration's label accuracy, or n/a when nothing was scored."""
    low, high = calibration.accuracy_ci or (None, None)
    return interval(low, high) if calibration.scored else NA


def verdict_word(row: Difference) -> str:
    """What a comparison row amounts to: worse, better, or no significant change."""
    if row.regression:
        return "worse"
    if row.improvement:
        return "better"
    return "no significant change"


def comparison_markdown(comparison: Comparison, heading: str = "Comparison") -> str:
    c = comparison
    lines = [f"## {heading}", ""]
    for label, run in (("A", c.a), ("B", c.b)):
        lines.append(
            f"- **{label}** = `{run.name}`: {run.total} conversations, {run.scored} scored, "
            f"{run.unscored} unscored, {run.errors} errors"
        )
    lines += [
        "",
        f"{'Paired' if c.paired else 'Unpaired'}: {c.pairing}."
        + (f" Rates over the {c.pairs} conversations scored in both runs." if c.paired else ""),
        "",
    ]
    lines += [f"> **Warning:** {w}" for w in c.warnings]
    if c.warnings:
        lines.append("")
    unit = "pairs" if c.paired else "per run"
    lines += [
        f"| what | A | B | B − A | 95% CI | test | p | p (BH) | n to detect ({unit}) | |",
        "|---|---:|---:|---:|---|---|---:|---:|---:|---|",
    ]
    for r in c.rows:
        lines.append(
            f"| {r.name} | {pct(r.rate_a)} ({r.count_a}/{r.n_a}) | {pct(r.rate_b)} ({r.count_b}/{r.n_b}) | "
            f"{points(r.difference)} | {points(r.ci_low)} – {points(r.ci_high)} | {r.test} | "
            f"{r.p_value:.3g} | {r.p_adjusted:.3g} | {r.detectable_n or '—'} | "
            + (f"**{verdict_word(r)}**" if r.significant else verdict_word(r))
            + " |"
        )
    lines += ["", summary_line(c)]
    return "\n".join(lines)


def summary_line(comparison: Comparison) -> str:
    """One sentence: the significant regressions and improvements, or that there are none."""
    c = comparison
    worse = [f"{r.name} ({points(r.difference)})" for r in c.rows if r.regression]
    better = [f"{r.name} ({points(r.difference)})" for r in c.rows if r.improvement]
    parts = []
    if worse:
        parts.append("significantly worse in " + c.b.name + ": " + ", ".join(worse))
    if better:
        parts.append("significantly better in " + c.b.name + ": " + ", ".join(better))
    if not parts:
        return f"No significant change at alpha {c.alpha:g} (Benjamini–Hochberg adjusted across all rows)."
    text = "; ".join(parts)
    return text[0].upper() + text[1:] + f" (alpha {c.alpha:g}, Benjamini–Hochberg adjusted)."


def calibration_markdown(calibration: Calibration, heading: str = "Judge calibration") -> str:
    cal = calibration
    golden_counts = {g: sum(cal.confusion[g].values()) for g in LABELS}
    kappa = "—" if cal.kappa is None else f"{cal.kappa:.3f}"
    lines = [
        f"## {heading}: {cal.judge.name or '(unnamed judge)'}",
        "",
        f"- judge: `{cal.judge.name}`, rubric `{cal.judge.rubric}` "
        f"(sha256 {short_sha(cal.judge.rubric_sha256)}), "
        f"prompts sha256 {short_sha(cal.judge.prompt_sha256)}",
        f"- golden set: `{cal.golden}` (sha256 {short_sha(cal.golden_sha256)}), {cal.total} conversations: "
        f"{cal.scored} scored, {cal.unscored} unscored, {cal.errors} errors "
        f"(unscored rate {pct(cal.unscored_rate)})",
        f"- label accuracy {pct(cal.accuracy)} "
        f"(95% CI {accuracy_interval(cal)}), "
        f"Cohen's κ {kappa}; golden labels of the scored: "
        + ", ".join(f"{g} {n}" for g, n in golden_counts.items()),
        f"- {cal.flips.name}: precision {pct(cal.flips.precision)} ({cal.flips.matched}/{cal.flips.found}), "
        f"recall {pct(cal.flips.recall)} ({cal.flips.matched}/{cal.flips.golden})",
        f"- {cal.caveats.name}: precision {pct(cal.caveats.precision)} "
        f"({cal.caveats.matched}/{cal.caveats.found}), recall {pct(cal.caveats.recall)} "
        f"({cal.caveats.matched}/{cal.caveats.golden})",
        *([f"- {category_line(cal)}"] if cal.categories else []),
        "",
        "Confusion (rows: golden label, columns: judge label):",
        "",
        "| golden \\ judge | " + " | ".join(LABELS) + " |",
        "|---|" + "---:|" * len(LABELS),
    ]
    for g in LABELS:
        lines.append(f"| {g} | " + " | ".join(str(cal.confusion[g][j]) for j in LABELS) + " |")
    lines += [
        "",
        "| what | golden + | judge + | TP | FP | FN | TN | precision | recall (sensitivity) | specificity |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in (*cal.patterns, *(_label_row(r) for r in cal.labels)):
        lines.append(
            f"| {row.name} | {row.positives} | {row.true_positives + row.false_positives} | "
            f"{row.true_positives} | {row.false_positives} | {row.false_negatives} | {row.true_negatives} | "
            f"{pct(row.precision)} | {pct(row.sensitivity)} | {pct(row.specificity)} |"
        )
    return "\n".join(lines)


def category_line(calibration: Calibration) -> str:
    """One line on harm-category agreement (the calibration must have categories)."""
    c = calibration.categories
    assert c is not None
    return (
        f"harm category: agreement {pct(c.accuracy)} ({c.agreed}/{c.given}) where the judge gave one, "
        f"given for {pct(c.coverage)} ({c.given}/{c.golden}) of the golden-categorised"
    )


def _label_row(row: BinaryAgreement) -> BinaryAgreement:
    return row.model_copy(update={"name": f"label {row.name}"})


# ---------------------------------------------------------------- monitoring over time

WINDOW_KIND = {"day": "day", "week": "ISO week", "month": "month"}


def drift_word(row: Drift | None) -> str:
    """What a timeline cell's change amounts to: worse, better, changed (flagged, neither worse nor
    better), too few (not tested), or nothing to say."""
    if row is None:
        return ""
    if row.too_few:
        return "too few"
    if row.worse:
        return "worse"
    if row.better:
        return "better"
    return "changed" if row.flagged else ""


def arrow(row: Drift) -> str:
    return {"up": "▲", "down": "▼"}.get(row.direction or "", "")


def drift_lookup(timeline: Timeline) -> dict[tuple[str, str | None, str], Drift]:
    """The timeline's rows by (window, group, rate)."""
    return {(r.window, r.group, r.rate): r for r in timeline.rows}


def timeline_groups(timeline: Timeline) -> list[str]:
    """Every group seen in any window, sorted."""
    return sorted({g for w in timeline.windows for g in w.groups})


def timeline_notes(timeline: Timeline) -> list[str]:
    """What the windows are, what left verdicts out of them, and how rows were tested."""
    t = timeline
    tested = sum(r.p_value is not None for r in t.rows)
    too_few = sum(r.too_few for r in t.rows)
    lines = [
        f"Windows: {WINDOW_KIND[t.over]} (UTC); each compared with the {t.baseline}"
        if t.baseline == "previous window"
        else f"Windows: {WINDOW_KIND[t.over]} (UTC); each compared with the baseline run {t.baseline}",
    ]
    if t.no_timestamp or t.bad_timestamp:
        line = f"Left out of every window: no timestamp: {t.no_timestamp}"
        if t.bad_timestamp:
            line += f"; unreadable timestamp: {t.bad_timestamp} (e.g. {'; '.join(t.bad_examples)})"
        lines.append(line)
    lines.append(
        f"Tested: {tested} rows (two-proportion z-test, Fisher's exact test for small counts), "
        f"Benjamini–Hochberg adjusted, flagged at {t.alpha:g}; too few: {too_few} rows with fewer "
        f"than {t.min_n} conversations in the rate's denominator, not tested"
    )
    return lines


def flag_line(row: Drift) -> str:
    """One flagged change in words."""
    where = "all conversations" if row.group is None else row.group
    return (
        f"{row.window} · {where} · {RATE_TITLES[row.rate]}: {pct(row.baseline_value)} "
        f"({row.baseline_count}/{row.baseline_n}) in {row.baseline} → "
        f"{pct(row.value)} ({row.count}/{row.n}), "
        f"{points(row.difference or 0.0)} [{points(row.ci_low or 0.0)}, {points(row.ci_high or 0.0)}], "
        f"{row.test} p = {row.p_value:.2g}, q = {row.q_value:.2g}: {drift_word(row)}"
    )


def timeline_markdown(timeline: Timeline, heading: str = "Over time") -> str:
    t = timeline
    lines = [f"## {heading}", "", *(f"- {line}." for line in timeline_notes(t)), ""]
    if not t.windows:
        return "\n".join([*lines, "No verdict has a readable timestamp: there are no windows."])
    rows = drift_lookup(t)
    sections: list[tuple[str | None, str]] = [(None, "All conversations")]
    sections += [(g, f"{t.by} = {g}") for g in timeline_groups(t)]
    for group, title in sections:
        lines += [
            f"### {title}",
            "",
            "| window | scored | " + " | ".join(RATE_TITLES[r] for r in RATES) + " |",
            "|---|---:|" + "---:|" * len(RATES),
        ]
        for w in t.windows:
            part = w if group is None else w.groups.get(group)
            if part is None:
                continue
            cells = [_timeline_cell(part.rates[r], rows.get((w.label, group, r))) for r in RATES]
            lines.append(f"| {w.label} | {part.scored} | " + " | ".join(cells) + " |")
        lines.append("")
    flagged = t.flagged
    if flagged:
        lines += ["### Flagged changes", "", *(f"- {flag_line(r)}" for r in flagged)]
    else:
        lines.append("No flagged change.")
    return "\n".join(lines)


def _timeline_cell(rate: Rate, row: Drift | None) -> str:
    text = f"{pct(rate.rate)} ({interval(rate.ci_low, rate.ci_high)})" if rate.n else NA
    word = drift_word(row)
    if word == "too few":
        return f"{text} _too few_"
    if row is not None and row.flagged:
        return f"**{text} {arrow(row)} {word}**"
    return text
