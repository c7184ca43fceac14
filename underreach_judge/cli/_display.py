"""How the CLI shows verdicts and reports on a terminal."""

from __future__ import annotations

from rich import box
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from ..reporting import Calibration, Comparison, Rate, Report
from ..reporting.calibrate import LABELS
from ..reporting.markdown import (
    accuracy_interval,
    arrow,
    category_line,
    drift_lookup,
    drift_word,
    flag_line,
    interval,
    notes,
    pct,
    rates,
    short_sha,
    summary_line,
    timeline_groups,
    timeline_notes,
)
from ..reporting.stats import MCNEMAR_EXACT_BELOW
from ..reporting.timeline import RATE_SHORT, RATES, Drift, Timeline
from ..verdict import LABEL_RANK, Evidence, Finding, Verdict

#: kept for the modules that import it from here; use ``verdict.LABEL_RANK``
RANK = LABEL_RANK
STYLE = {"PASS": "green", "WARN": "yellow", "FAIL": "red"}

#: the longest quote a verdict line shows, in characters
QUOTE_WIDTH = 60


def print_verdict(out: Console, v: Verdict) -> None:
    out.print(verdict_line(v))


def verdict_line(v: Verdict) -> str:
    """One verdict as one line (Rich markup): the conversation id, the label, every finding as
    ``pattern[turns]`` (most severe first) and one quote, after the finding it comes from: the
    evidence that makes the verdict (see ``key_evidence``). Unscored and error verdicts show their
    reason instead."""
    cid = escape(f"{v.conversation_id or '?':<28}")
    if v.status != "scored":
        reason = f"{v.unscored_reason}: {v.detail or ''}"
        return f"{cid} [bold magenta]{v.status.upper():<5}[/] {escape(reason)}"
    label = v.label or "PASS"
    key = key_evidence(v)
    parts = []
    for f in sorted(v.findings, key=lambda f: -LABEL_RANK[f.severity]):
        part = f"{f.pattern}[{','.join(map(str, f.turns))}]"
        if key is not None and f is key[0]:
            part += f' "{_clip(key[1].quote, QUOTE_WIDTH)}"'
        parts.append(escape(part))
    return f"{cid} [bold {STYLE[label]}]{label:<5}[/] " + ("; ".join(parts) or "-")


def key_evidence(v: Verdict) -> tuple[Finding, Evidence] | None:
    """The finding and evidence a verdict line quotes: the quote that makes the verdict, not the
    refusal that preceded it.

    The most severe finding with usable evidence (verified, or never checked; evidence that failed
    verification is never quoted), and of its evidence: verified before unchecked, then for a
    capitulation flip a quote from a flip's compliance turn, then the quote from the latest turn.
    ``None`` when no finding has usable evidence."""
    compliance = {flip.compliance_turn for flip in v.flips}
    for finding in sorted(v.findings, key=lambda f: -LABEL_RANK[f.severity]):
        usable = [e for e in finding.evidence if e.verified is not False and e.quote.strip()]
        if not usable:
            continue
        flip = finding.pattern == "capitulation_flip"
        best = max(usable, key=lambda e: (e.verified is True, flip and e.turn in compliance, e.turn))
        return finding, best
    return None


def _clip(text: str, n: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def label_counts(report: Report) -> str:
    return ", ".join(f"[{STYLE[k]}]{k} {n}[/]" for k, n in report.labels.items())


def print_rates(out: Console, report: Report) -> None:
    """The rates table, one more per group, and the reasons for anything not scored."""
    out.print(rates_table(report))
    print_corrected(out, report)
    for value, group in report.groups.items():
        out.print(rates_table(group, f"{report.by} = {value}: {group.scored} scored"))
        print_corrected(out, group, f"{report.by} = {value}: ")
    if report.unscored_reasons:
        out.print("not scored: " + ", ".join(f"{k} {n}" for k, n in report.unscored_reasons.items()))
    for line in notes(report):
        out.print(line, markup=False)


def rates_table(report: Report, title: str = "") -> Table:
    table = Table(title=title or "Rates (unscored and errors left out; Wilson 95% interval)")
    for column in ("", "what", "count", "of", "rate", "95% CI"):
        table.add_column(column, justify="left" if column in ("", "what") else "right")
    for kind, r in rates(report):
        table.add_row(kind, r.name, str(r.count), str(r.n), pct(r.rate), interval(r.ci_low, r.ci_high))
    return table


def print_warning(out: Console, text: str) -> None:
    """A warning that cannot be missed."""
    out.print(f"[bold red]WARNING:[/] [red]{escape(text)}[/]")


def print_corrected(out: Console, report: Report, prefix: str = "") -> None:
    """The rates corrected for judge error, when the report has them, after any warning; the
    reasons a rate could not be corrected follow the table."""
    if not report.corrected:
        return
    for warning in report.calibration_warnings:
        print_warning(out, warning)
    table = Table(
        title=prefix + "Corrected for judge error (Rogan–Gladen; the 95% interval includes the "
        "calibration's uncertainty)"
    )
    table.add_column("what", no_wrap=True)
    for column in ("observed", "sens.", "spec.", "gold +/−", "corrected", "95% CI"):
        table.add_column(column, justify="right")
    for r in report.corrected:
        table.add_row(
            r.name,
            f"{pct(r.observed)} ({r.count}/{r.n})",
            pct(r.sensitivity),
            pct(r.specificity),
            f"{r.golden_positives}/{r.golden_negatives}",
            pct(r.corrected) if r.correctable else "—",
            interval(r.ci_low, r.ci_high) if r.correctable else "[dim]not correctable[/]",
        )
    out.print(table)
    for r in report.corrected:
        if not r.correctable:
            out.print(f"[dim]{r.name}: not correctable, {r.reason}[/]")


def print_comparison(out: Console, c: Comparison) -> None:
    """Both runs, how they were paired, any judge warning, the drift table and a one-line verdict.

    The table keeps to what fits a terminal; the JSON and Markdown add each row's test and raw p."""
    for label, run in (("A", c.a), ("B", c.b)):
        out.print(
            f"[bold]{label}[/] = {run.name}: {run.total} conversations, {run.scored} scored, "
            f"{run.unscored} unscored, {run.errors} errors"
        )
    if c.paired:
        out.print(f"[bold]paired[/]: {c.pairing}; rates over the {c.pairs} conversations scored in both")
    else:
        out.print(f"[bold]unpaired[/]: {c.pairing}")
    for warning in c.warnings:
        print_warning(out, warning)
    test = (
        f"McNemar (exact below {MCNEMAR_EXACT_BELOW} discordant pairs, else χ² with continuity correction)"
        if c.paired
        else "pooled two-proportion z-test"
    )
    unit = "pairs" if c.paired else "conversations per run"
    table = Table(
        title="Drift from A to B (scored verdicts only; changes in percentage points)",
        caption=f"{test}; p adjusted with Benjamini–Hochberg across {len(c.rows)} rows, significant at "
        f"{c.alpha:g}; needed: {unit} to detect a change of the observed size with 80% power",
        box=box.SIMPLE_HEAD,
        collapse_padding=True,
        pad_edge=False,
    )
    table.add_column("what", no_wrap=True)
    for column in ("A", "B", "B − A [95% CI]", "p (BH)", "needed"):
        table.add_column(column, justify="right", no_wrap=column == "B − A [95% CI]")
    table.add_column("result")
    for r in c.rows:
        style = "bold red" if r.regression else "bold green" if r.improvement else "dim"
        word = "worse" if r.regression else "better" if r.improvement else "—"
        table.add_row(
            r.name,
            f"{pct(r.rate_a)} ({r.count_a})",
            f"{pct(r.rate_b)} ({r.count_b})",
            f"{r.difference * 100:+.1f} [{r.ci_low * 100:+.1f}, {r.ci_high * 100:+.1f}]",
            "<0.001" if r.p_adjusted < 0.001 else f"{r.p_adjusted:.2g}",
            str(r.detectable_n) if r.detectable_n else "—",
            f"[{style}]{word}[/]",
        )
    out.print(table)
    out.print(("[bold red]" if c.regressions else "[bold]") + summary_line(c) + "[/]")


def print_calibration(out: Console, cal: Calibration) -> None:
    """Agreement with the golden set: headline figures, the confusion table and per-pattern rows."""
    j = cal.judge
    kappa = "—" if cal.kappa is None else f"{cal.kappa:.3f}"
    out.print(
        f"[bold]{j.name or '(unnamed judge)'}[/] ({j.rubric}, rubric {short_sha(j.rubric_sha256)}, "
        f"prompts {short_sha(j.prompt_sha256)}) on {cal.golden} (sha256 {short_sha(cal.golden_sha256)})"
    )
    reasons = ", ".join(f"{k} {n}" for k, n in cal.unscored_reasons.items())
    out.print(
        f"{cal.total} golden conversations: {cal.scored} scored, {cal.unscored} unscored, "
        f"{cal.errors} errors (unscored rate {pct(cal.unscored_rate)})" + (f": {reasons}" if reasons else "")
    )
    out.print(
        f"label accuracy [bold]{pct(cal.accuracy)}[/] (95% CI {accuracy_interval(cal)}), "
        f"Cohen's κ [bold]{kappa}[/]"
    )
    for d in (cal.flips, cal.caveats):
        out.print(
            f"{d.name}: precision {pct(d.precision)} ({d.matched}/{d.found}), "
            f"recall {pct(d.recall)} ({d.matched}/{d.golden})"
        )
    if cal.categories:
        out.print(category_line(cal))
    confusion = Table(title="Confusion (rows: golden label, columns: judge label)")
    confusion.add_column("golden")
    for label in (*LABELS, "total"):
        confusion.add_column(label, justify="right")
    for g in LABELS:
        row = cal.confusion[g]
        cells = [f"[bold]{row[p]}[/]" if p == g else str(row[p]) for p in LABELS]
        confusion.add_row(g, *cells, str(sum(row.values())))
    out.print(confusion)
    table = Table(
        title="Per pattern and label (scored golden conversations)",
        caption="gold+: golden positives (TP + FN); prec.: precision; recall: sensitivity; "
        "spec.: specificity",
    )
    table.add_column("what", no_wrap=True)
    for column in ("gold+", "TP", "FP", "FN", "TN", "prec.", "recall", "spec."):
        table.add_column(column, justify="right")
    rows = [(r.name, r) for r in cal.patterns] + [(f"label {r.name}", r) for r in cal.labels]
    for name, r in rows:
        table.add_row(
            name,
            *map(
                str,
                (
                    r.positives,
                    r.true_positives,
                    r.false_positives,
                    r.false_negatives,
                    r.true_negatives,
                ),
            ),
            pct(r.precision),
            pct(r.sensitivity),
            pct(r.specificity),
        )
    out.print(table)


def print_timeline(out: Console, t: Timeline) -> None:
    """A table of windows for all conversations and one per group, each cell a rate and its
    interval with flagged changes marked; then the flagged changes in words."""
    for line in timeline_notes(t):
        out.print(line + ".", markup=False)
    rows = drift_lookup(t)
    sections: list[tuple[str | None, str]] = [(None, "All conversations")]
    sections += [(g, f"{t.by} = {g}") for g in timeline_groups(t)]
    for group, title in sections:
        table = Table(
            title=f"{title} (rate and Wilson 95% interval per window)",
            caption=f"▲▼: a flagged change from the baseline, ! for the worse; †: too few to test (fewer "
            f"than {t.min_n} in the window or its baseline)"
            + (
                ""
                if group
                else "; refusal: among scored; flip: among refusals; survival: held through two "
                "pushback rounds; caveat: content shipped with a disclaimer; FAIL: among scored"
            ),
            box=box.SIMPLE_HEAD,
        )
        table.add_column("window", no_wrap=True)
        table.add_column("scored", justify="right")
        for r in RATES:
            table.add_column(RATE_SHORT[r], justify="right")
        for w in t.windows:
            part = w if group is None else w.groups.get(group)
            if part is not None:
                cells = [_timeline_cell(part.rates[r], rows.get((w.label, group, r))) for r in RATES]
                table.add_row(w.label, str(part.scored), *cells)
        out.print(table)
    if t.flagged:
        out.print("[bold]Flagged changes[/]")
        for row in t.flagged:
            style = "bold red" if row.worse else "green" if row.better else "bold"
            out.print(f"[{style}]{escape(flag_line(row))}[/]")
    else:
        out.print("[bold]No flagged change.[/]")


def _timeline_cell(rate: Rate, row: Drift | None) -> str:
    if not rate.n:
        return "[dim]n/a[/]"
    low, high = rate.ci_low or 0.0, rate.ci_high or 0.0
    text = f"{pct(rate.rate)} [{low * 100:.0f}–{high * 100:.0f}]"
    word = drift_word(row)
    if word == "too few":
        return f"{escape(text)} [dim]†[/]"
    if row is not None and row.flagged:
        style = "bold red" if row.worse else "bold green" if row.better else "bold"
        return f"[{style}]{escape(text)} {arrow(row)}{'!' if row.worse else ''}[/]"
    return escape(text)
