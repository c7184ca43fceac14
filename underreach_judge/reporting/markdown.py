"""A report as Markdown, for pull requests and notebooks."""

from __future__ import annotations

from .aggregate import Rate, Report


def rates(report: Report) -> list[tuple[str, Rate]]:
    """Every rate of a report, each with what it counts (a pattern, or whole conversations)."""
    return [("pattern", p) for p in report.patterns] + [
        ("conversations", r)
        for r in (report.refusal, report.flip, report.second_round_survival, report.caveat)
    ]


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
            f"| {kind} | {r.name} | {r.count} | {r.n} | {r.rate:.1%} | {r.ci_low:.1%} – {r.ci_high:.1%} |"
        )
    if report.unscored_reasons:
        lines += [
            "",
            "Not scored: " + ", ".join(f"{k} {n}" for k, n in report.unscored_reasons.items()) + ".",
        ]
    for value, group in report.groups.items():
        lines += ["", to_markdown(group, f"{report.by} = {value}")]
    return "\n".join(lines)
