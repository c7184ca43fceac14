"""``underreach-judge report``: summarise a results file; for ``--html``, read the transcripts of the
flagged conversations from their logs and hand them to the renderer."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from rich.console import Console

from ..conversation import Conversation
from ..exceptions import ConfigurationError, LogRowError, ResultRowError, UnderreachError
from ..logs import read_logs
from ..reporting import aggregate, load_calibration, read_results
from ..reporting.html import is_flagged, render_html
from ..reporting.markdown import timeline_markdown, to_markdown
from ..reporting.survival import probe_report
from ..reporting.timeline import MIN_N, OVERS, Timeline, timeline
from ..rubric import bundled_rubrics, load_rubric
from ..verdict import Verdict
from . import EXIT_GATE, EXIT_OK
from ._display import label_counts, print_rates, print_timeline
from ._survival import print_survival


def add_parser(sub: Any) -> None:
    report = sub.add_parser("report", help="summarise a results file")
    report.add_argument(
        "results", type=Path, help="a results file: the JSONL that 'grade -o' writes, or Parquet verdict rows"
    )
    report.add_argument(
        "--by",
        help="also report per value of this metadata field (model; for probe results: tactic, request)",
    )
    report.add_argument(
        "--calibration",
        type=Path,
        metavar="FILE",
        help="a calibration from 'calibrate -o': also show rates corrected for the judge's errors",
    )
    report.add_argument(
        "--over",
        choices=OVERS,
        help="monitor over time: rates per UTC day, ISO week or month (from metadata.timestamp), "
        "overall and per --by (default: category), with changes from the baseline tested and flagged",
    )
    report.add_argument(
        "--baseline",
        type=Path,
        metavar="FILE",
        help="with --over: compare every window with this results file instead of the window before",
    )
    report.add_argument(
        "--fail-on-drift",
        action="store_true",
        help="with --over: exit 1 when a flagged change is for the worse (e.g. a refusal rate dropped)",
    )
    report.add_argument(
        "--min-n",
        type=int,
        metavar="N",
        help=f"with --over: leave untested a rate with fewer than N conversations in its denominator, "
        f"in the window or its baseline ({MIN_N})",
    )
    report.add_argument("--html", type=Path, metavar="FILE", help="also write a self-contained HTML report")
    report.add_argument(
        "--logs",
        nargs="+",
        type=Path,
        help="log files holding the transcripts for --html (default: each verdict's recorded source)",
    )
    output = report.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help="print the report as JSON")
    output.add_argument("--markdown", action="store_true", help="print the report as Markdown")
    report.set_defaults(run=_report)


def _report(args: argparse.Namespace, out: Console) -> int:
    bad: list[ResultRowError] = []

    def on_error(exc: ResultRowError) -> None:
        bad.append(exc)
        print(f"skipped unreadable row: {exc}", file=sys.stderr)

    verdicts = list(read_results(args.results, on_error=on_error))
    if bad and not verdicts:
        raise ConfigurationError(
            f"{args.results}: no readable verdicts ({len(bad)} unreadable rows, the first: "
            f"{bad[0].problem}); is it a results file written by 'grade -o'?"
        )
    if not args.over and (args.baseline or args.fail_on_drift or args.min_n is not None):
        raise ConfigurationError(
            "--baseline, --fail-on-drift and --min-n are for monitoring: add --over day|week|month"
        )
    monitored = _timeline(args, verdicts) if args.over else None
    calibration = load_calibration(args.calibration) if args.calibration else None
    report = (
        monitored.overall
        if monitored is not None
        else aggregate(verdicts, patterns=rubric_patterns(verdicts), by=args.by, calibration=calibration)
    )
    if args.logs and not args.html:
        raise ConfigurationError("--logs gives the transcripts for the HTML report: add --html FILE")
    if args.html:
        transcripts = find_transcripts(
            verdicts,
            logs=args.logs or (),
            results=args.results,
            on_problem=lambda m: print(m, file=sys.stderr),
        )
    if args.json:
        sys.stdout.write((monitored or report).model_dump_json(indent=2) + "\n")
    elif args.markdown:
        heading = f"Refusal underreach: {args.results.name}"
        text = (
            timeline_markdown(monitored, heading + " over time")
            if monitored
            else to_markdown(report, heading)
        )
        sys.stdout.write(text + "\n")
    else:
        out.print(
            f"[bold]{report.total} verdicts[/] in {args.results}: "
            + label_counts(report)
            + f"; unscored {report.unscored}; errors {report.errors}"
            + (f"; {len(bad)} unreadable rows skipped" if bad else "")
        )
        if monitored is not None:
            print_timeline(out, monitored)
        else:
            print_rates(out, report)
        probed = probe_report(verdicts)
        if probed is not None:
            out.print()
            print_survival(out, probed, by=args.by if args.by in ("tactic", "category") else "")
    if args.html:
        title = f"Refusal underreach: {args.results.name}"
        shown = report
        if not report.groups and any(v.category for v in verdicts):  # a section per harm category
            patterns = rubric_patterns(verdicts)
            shown = aggregate(verdicts, patterns=patterns, by="category", calibration=calibration)
        page = render_html(shown, verdicts, transcripts, title=title, timeline=monitored)
        args.html.write_text(page, encoding="utf-8")
        print(f"wrote {args.html}", file=sys.stderr if args.json or args.markdown else sys.stdout)
    return EXIT_GATE if args.fail_on_drift and monitored is not None and monitored.worse else EXIT_OK


def _timeline(args: argparse.Namespace, verdicts: list[Verdict]) -> Timeline:
    """The timeline ``--over`` asks for; a ``ConfigurationError`` when no verdict has a time."""
    if args.calibration:
        raise ConfigurationError("--calibration corrects a whole run's rates: leave out --over to use it")
    if args.min_n is not None and args.min_n < 1:
        raise ConfigurationError(f"--min-n must be at least 1, got {args.min_n}")
    result = timeline(
        verdicts,
        over=args.over,
        by=args.by or "category",
        baseline=_read_baseline(args.baseline) if args.baseline else None,
        baseline_name=args.baseline.name if args.baseline else "baseline",
        min_n=MIN_N if args.min_n is None else args.min_n,
        patterns=rubric_patterns(verdicts),
    )
    if not result.windows:
        raise ConfigurationError(
            f"{args.results}: none of its {len(verdicts)} verdicts has a readable metadata.timestamp "
            f"(no timestamp: {result.no_timestamp}, unreadable: {result.bad_timestamp}"
            + (f", e.g. {result.bad_examples[0]}" if result.bad_examples else "")
            + "), so there is nothing to put in windows; grade logs that record when each conversation "
            "took place (ISO 8601 UTC in metadata.timestamp), or leave out --over"
        )
    return result


def _read_baseline(path: Path) -> list[Verdict]:
    def on_error(exc: ResultRowError) -> None:
        print(f"skipped unreadable baseline row: {exc}", file=sys.stderr)

    verdicts = list(read_results(path, on_error=on_error))
    if not any(v.scored for v in verdicts):
        raise ConfigurationError(
            f"{path}: the baseline has no scored verdicts: there is no rate to compare with"
        )
    return verdicts


def rubric_patterns(verdicts: list[Verdict]) -> list[str]:
    """The pattern ids of the rubric the verdicts were graded with, when it is a bundled one."""
    for v in verdicts:
        name = v.judge.rubric.partition("@")[0]
        if name in bundled_rubrics():
            return load_rubric(name).pattern_ids
    return []


def find_transcripts(
    verdicts: Iterable[Verdict],
    *,
    logs: Sequence[str | Path] = (),
    results: str | Path | None = None,
    on_problem: Callable[[str], None] = lambda message: None,
) -> dict[str, Conversation]:
    """The transcripts of the flagged verdicts, by conversation id, for ``render_html``.

    Reads ``logs`` when given; otherwise each verdict's ``metadata["source"]``, as written or
    relative to the folder of the ``results`` file. Each file is read once and only the flagged
    conversations are kept. What cannot be found is passed to ``on_problem`` as a sentence."""
    flagged = [v for v in verdicts if is_flagged(v) and v.conversation_id]
    files: dict[Path, tuple[str, set[str]]] = {}
    for path in logs:
        files[Path(path)] = ("auto", {v.conversation_id for v in flagged if v.conversation_id})
    if not logs:
        base = Path(results).parent if results is not None else Path()
        unfound: set[str] = set()
        for v in flagged:
            found_at = _source_path(v, base)
            if found_at is None:
                unfound.add(str(v.metadata.get("source", "(no source recorded)")))
                continue
            files.setdefault(found_at, (str(v.metadata.get("format", "auto")), set()))[1].add(
                str(v.conversation_id)
            )
        for source in sorted(unfound):
            on_problem(f"log file not found: {source} (looked as written and next to the results file)")
    found: dict[str, Conversation] = {}
    for path, (fmt, ids) in files.items():
        found.update(_read_some(path, fmt, ids - found.keys(), explicit=bool(logs), on_problem=on_problem))
    missing = [str(v.conversation_id) for v in flagged if v.conversation_id not in found]
    if missing:
        shown = ", ".join(missing[:5]) + (f" and {len(missing) - 5} more" if len(missing) > 5 else "")
        on_problem(
            f"no transcript found for {len(missing)} flagged conversation(s): {shown}; "
            "the report shows their findings without it (pass --logs with the log files)"
        )
    return found


def _source_path(verdict: Verdict, base: Path) -> Path | None:
    source = verdict.metadata.get("source")
    if not isinstance(source, str) or not source:
        return None
    for path in (Path(source), base / source):
        if path.is_file():
            return path
    return None


def _read_some(
    path: Path, fmt: str, ids: set[str], *, explicit: bool, on_problem: Callable[[str], None]
) -> dict[str, Conversation]:
    """The conversations of one log file whose id is in ``ids``; stops once all are found."""
    found: dict[str, Conversation] = {}
    bad: list[LogRowError] = []
    if not ids:
        return found
    try:
        for conv in read_logs(path, format=fmt, on_error=bad.append):
            if conv.id in ids:
                found[conv.id] = conv
                if len(found) == len(ids):
                    break
    except UnderreachError as exc:
        if explicit:
            raise
        on_problem(f"could not read {path}: {exc}")
    if bad:
        on_problem(f"{len(bad)} unreadable row(s) skipped in {path} (first: {bad[0]})")
    return found
