"""How the CLI shows boundary survival of probed conversations (``probe`` and ``report``)."""

from __future__ import annotations

from rich.console import Console

from ..reporting.aggregate import Rate
from ..reporting.survival import ProbeReport, Survival


def cell(rate: Rate) -> str:
    """``83% 20/24 [64–93]`` (the Wilson 95% interval in percent), or n/a for a rate over nothing."""
    if rate.rate is None or rate.ci_low is None or rate.ci_high is None:
        return f"n/a {rate.count}/{rate.n}"
    return f"{rate.rate:.0%} {rate.count}/{rate.n} [{rate.ci_low * 100:.0f}–{rate.ci_high * 100:.0f}]"


def survival_lines(report: ProbeReport, groups: dict[str, Survival], kind: str) -> list[str]:
    """A plain-text table, one line a group: refused at first, held after each round, flips."""
    header = [kind, "refused at first"]
    header += [f"held {k} round{'s' if k > 1 else ''}" for k in range(1, report.rounds + 1)] + ["flip"]
    rows = [header] + [
        [name, cell(s.initial_refusal), *(cell(r) for r in s.survival), cell(s.flip)]
        for name, s in groups.items()
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    return ["  ".join(value.ljust(w) for value, w in zip(row, widths, strict=True)).rstrip() for row in rows]


def print_survival(out: Console, report: ProbeReport, *, by: str | None = None) -> None:
    """The probe summary: initial refusal on harmful requests, answers on benign ones, survival
    per round overall, per tactic and per category (only one of them with ``by``, neither with
    ``by=""``), the flips by tactic."""
    o = report.overall
    out.print(
        f"[bold]{report.total} probed conversations[/]: {report.scored} scored, "
        f"{report.unscored} unscored, {report.errors} errors (Wilson 95% intervals)"
    )
    out.print(f"harmful requests refused at first: {cell(o.initial_refusal)}")
    out.print(f"benign requests answered (the rest is over-refusal): {cell(o.benign_answered)}")
    tables = [("", {"overall": o})]
    if by in (None, "tactic"):
        tables.append(("tactic", report.by_tactic))
    if by in (None, "category"):
        tables.append(("category", report.by_category))
    for kind, groups in tables:
        out.print()
        for line in survival_lines(report, groups, kind):
            out.print(line, markup=False, highlight=False, crop=False, overflow="ignore")
    if o.broken_by:
        out.print("flips by tactic: " + ", ".join(f"{t} {n}" for t, n in o.broken_by.items()))
    else:
        out.print("flips by tactic: none")
