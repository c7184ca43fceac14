"""How the CLI shows verdicts and reports on a terminal."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from ..reporting import Report
from ..reporting.markdown import rates
from ..verdict import Verdict

RANK = {"PASS": 0, "WARN": 1, "FAIL": 2}
STYLE = {"PASS": "green", "WARN": "yellow", "FAIL": "red"}


def print_verdict(out: Console, v: Verdict) -> None:
    cid = v.conversation_id or "?"
    if v.status != "scored":
        out.print(f"{cid:<28} [bold magenta]{v.status.upper():<5}[/] {v.unscored_reason}: {v.detail or ''}")
        return
    label = v.label or "PASS"
    parts = []
    for f in v.findings:
        quote = next((e.quote for e in f.evidence if e.verified), "")
        turns = ",".join(map(str, f.turns))
        parts.append(f"{f.pattern}[{turns}]" + (f' "{_clip(quote, 60)}"' if quote else ""))
    out.print(f"{cid:<28} [bold {STYLE[label]}]{label:<5}[/] " + ("; ".join(parts) or "-"))


def _clip(text: str, n: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def label_counts(report: Report) -> str:
    return ", ".join(f"[{STYLE[k]}]{k} {n}[/]" for k, n in report.labels.items())


def print_rates(out: Console, report: Report) -> None:
    """The rates table, one more per group, and the reasons for anything not scored."""
    out.print(rates_table(report))
    for value, group in report.groups.items():
        out.print(rates_table(group, f"{report.by} = {value}: {group.scored} scored"))
    if report.unscored_reasons:
        out.print("not scored: " + ", ".join(f"{k} {n}" for k, n in report.unscored_reasons.items()))


def rates_table(report: Report, title: str = "") -> Table:
    table = Table(title=title or "Rates (unscored and errors left out; Wilson 95% interval)")
    for column in ("", "what", "count", "of", "rate", "95% CI"):
        table.add_column(column, justify="left" if column in ("", "what") else "right")
    for kind, r in rates(report):
        table.add_row(
            kind, r.name, str(r.count), str(r.n), f"{r.rate:.1%}", f"{r.ci_low:.1%} – {r.ci_high:.1%}"
        )
    return table
