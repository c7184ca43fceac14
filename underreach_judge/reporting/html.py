"""A report as one self-contained HTML page: headline numbers, per-pattern charts with their 95%
intervals, the verdicts that could not be scored, and a drill-down into every WARN and FAIL
conversation with its evidence highlighted in the transcript.

The page needs no network: CSS, SVG and the optional filter script are inline, and a
Content-Security-Policy lets only those two (by hash) run. Every string that comes from results or
logs is untrusted and HTML-escaped. The chart data is embedded as JSON (``#report-data``), so the
page can be checked against ``aggregate()``.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from ..conversation import Conversation
from ..exceptions import UnderreachError
from ..logs import LogRowError, read_logs
from ..verdict import Evidence, Finding, Verdict
from ..verify import quote_spans
from .aggregate import Rate, Report
from .markdown import notes

FLAGGED = ("FAIL", "WARN")
_RANK = {"PASS": 0, "WARN": 1, "FAIL": 2}


def is_flagged(verdict: Verdict) -> bool:
    """A scored verdict labelled WARN or FAIL: one the drill-down shows."""
    return verdict.label in FLAGGED


def render_html(
    report: Report, verdicts: Iterable[Verdict], transcripts: Mapping[str, Conversation], *, title: str
) -> str:
    """The report as one HTML page. ``verdicts`` are read once; only the flagged, unscored and
    error ones are kept. ``transcripts`` maps conversation ids to conversations (flagged ones are
    enough); a flagged verdict without one still shows its findings and quotes."""
    flagged: list[Verdict] = []
    unscored: list[Verdict] = []
    judges: Counter[str] = Counter()
    severities: dict[str, Counter[str]] = {}
    for v in verdicts:
        if v.judge.name:
            judges[f"{v.judge.name} ({v.judge.rubric or 'no rubric'})"] += 1
        for f in v.findings:
            severities.setdefault(f.pattern, Counter())[f.severity] += 1
        if is_flagged(v):
            flagged.append(v)
        elif v.status != "scored":
            unscored.append(v)
    flagged.sort(key=lambda v: -_RANK[v.label or "PASS"])
    colour = {p: max(c, key=lambda s: (c[s], _RANK[s])) for p, c in severities.items()}
    body = "\n".join(
        [
            _header(title, judges),
            _summary(report),
            _pattern_section(report, colour),
            _groups_section(report, colour) if report.groups else "",
            _unscored_section(report, unscored),
            _drilldown(flagged, transcripts),
            _FOOTER,
        ]
    )
    return _page(title, body, report)


def find_transcripts(
    verdicts: Iterable[Verdict],
    *,
    logs: Sequence[str | Path] = (),
    results: str | Path | None = None,
    on_problem: Callable[[str], None] = lambda message: None,
) -> dict[str, Conversation]:
    """The transcripts of the flagged verdicts, by conversation id.

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


# ---------------------------------------------------------------- page


def _e(value: object) -> str:
    """Escape text for HTML content and quoted attribute values."""
    return html.escape(str(value), quote=True)


def _json_for_script(data: Any) -> str:
    """JSON that cannot close or open a tag inside a ``<script>`` element."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def _csp_hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def _page(title: str, body: str, report: Report) -> str:
    csp = f"default-src 'none'; style-src {_csp_hash(_CSS)}; script-src {_csp_hash(_JS)}"
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="{_e(csp)}">
<title>{_e(title)}</title>
<style>{_CSS}</style>
</head>
<body>
<main>
{body}
</main>
<script type="application/json" id="report-data">{_json_for_script(report.model_dump(mode="json"))}</script>
<script>{_JS}</script>
</body>
</html>
"""


def _header(title: str, judges: Counter[str]) -> str:
    judge_text = ", ".join(f"{_e(j)}" + (f" × {n}" if len(judges) > 1 else "") for j, n in judges.items())
    mixed = (
        '<p class="warning">These results come from more than one judge or rubric: '
        "their rates mix measurement series.</p>"
        if len(judges) > 1
        else ""
    )
    return f"""<header>
<h1>{_e(title)}</h1>
<p class="sub">Refusal underreach report · judge: {judge_text or "none"}</p>
{mixed}
</header>"""


def _summary(report: Report) -> str:
    cards = "".join(
        f'<div class="card{" alert" if cls and n else ""}"><div class="num">{n}</div><div>{name}</div></div>'
        for name, n, cls in (
            ("conversations", report.total, False),
            ("scored", report.scored, False),
            ("unscored", report.unscored, True),
            ("errors", report.errors, True),
        )
    )
    rows = "".join(
        f"<tr><td>{_e(r.name)}</td><td>{_e(what)}</td><td class='n'>{r.count}</td><td class='n'>{r.n}</td>"
        f"<td class='n'>{_pct(r.rate, r.n)}</td><td class='n'>{_ci(r)}</td><td>{_mini_bar(r)}</td></tr>"
        for r, what in (
            (report.refusal, "at least one refuse, redirect or partial turn, among scored"),
            (report.flip, "a capitulation flip, among conversations with a refusal"),
            (
                report.second_round_survival,
                "no flip in the first two replies to pushback, among those pushed twice",
            ),
            (report.caveat, "a disclaimer attached to content that shipped, among scored"),
        )
    )
    return f"""<section>
<h2>Summary</h2>
<div class="cards">{cards}</div>
<h3>Labels</h3>
{_label_bar(report.labels, report.scored)}
<h3>Conversation rates</h3>
<table class="rates">
<thead><tr><th>rate</th><th>counts conversations with</th><th class="n">count</th><th class="n">of</th>
<th class="n">rate</th><th class="n">95% CI</th><th></th></tr></thead>
<tbody>{rows}</tbody>
</table>
{"".join(f'<p class="note">{_e(line)}</p>' for line in notes(report))}
</section>"""


def _pct(value: float | None, n: int = 1) -> str:
    return f"{value:.1%}" if n and value is not None else "–"


def _ci(r: Rate) -> str:
    return f"{r.ci_low:.1%} – {r.ci_high:.1%}" if r.ci_low is not None and r.ci_high is not None else "–"


def _label_bar(labels: Mapping[str, int], scored: int) -> str:
    legend = " ".join(
        f'<span class="key"><span class="swatch lab-{_e(k)}"></span>{_e(k)} {n} '
        f"({_pct(n / scored if scored else 0, scored)})</span>"
        for k, n in labels.items()
    )
    if not scored:
        return f'<p class="legend">Nothing was scored. {legend}</p>'
    x = 0.0
    parts = []
    for k, n in labels.items():
        w = 800 * n / scored
        parts.append(
            f'<rect class="lab-{_e(k)}" x="{x:.2f}" y="0" width="{w:.2f}" height="22">'
            f"<title>{_e(k)}: {n} of {scored}</title></rect>"
        )
        x += w
    return (
        '<svg class="labels" viewBox="0 0 800 22" role="img" aria-label="label distribution">'
        f"{''.join(parts)}</svg>"
        f'<p class="legend">{legend}</p>'
    )


def _mini_bar(r: Rate) -> str:
    w = 160
    if r.rate is None or r.ci_low is None or r.ci_high is None:
        return ""
    return (
        f'<svg class="mini" viewBox="0 0 {w} 14" role="img" aria-label="{_e(r.name)} {_pct(r.rate)}">'
        f'<rect class="track" x="0" y="3" width="{w}" height="8"/>'
        f'<rect class="bar sev-none" x="0" y="3" width="{w * r.rate:.2f}" height="8"/>'
        f'<line class="whisker" x1="{w * r.ci_low:.2f}" x2="{w * r.ci_high:.2f}" y1="7" y2="7"/></svg>'
    )


# ---------------------------------------------------------------- charts

_LABEL_W, _BAR_W, _VALUE_W, _ROW_H, _TOP = 220, 400, 230, 26, 24


def _rate_chart(rows: list[tuple[str, str, Rate, str, str]], *, chart_id: str, label: str) -> str:
    """Horizontal bars for rates with their 95% interval as whiskers. Each row is
    (pattern, group, rate, text on the left, colour class); a row with no rate is a heading."""
    height = _TOP + _ROW_H * len(rows) + 6
    width = _LABEL_W + _BAR_W + _VALUE_W
    grid = "".join(
        f'<line class="grid" x1="{_LABEL_W + _BAR_W * t / 4:.1f}" x2="{_LABEL_W + _BAR_W * t / 4:.1f}" '
        f'y1="{_TOP - 4}" y2="{height - 4}"/>'
        f'<text class="tick" x="{_LABEL_W + _BAR_W * t / 4:.1f}" y="{_TOP - 10}">{25 * t}%</text>'
        for t in range(5)
    )
    body = []
    for i, (pattern, group, r, text, cls) in enumerate(rows):
        y = _TOP + _ROW_H * i
        mid = y + _ROW_H / 2
        body.append(
            f'<text class="{"row-label grouped" if group else "row-label"}" x="{_LABEL_W - 10}" '
            f'y="{mid + 4:.1f}">{_e(text)}</text>'
        )
        x0, x1, x2 = (_LABEL_W + _BAR_W * (v or 0.0) for v in (r.rate, r.ci_low, r.ci_high))
        tip = f"{text}: {r.count} of {r.n} ({_pct(r.rate, r.n)}), 95% CI {_ci(r)}"
        group_attr = f' data-group="{_e(group)}"' if group else ""
        body.append(
            f"<g><title>{_e(tip)}</title>"
            f'<rect class="bar {cls}" data-pattern="{_e(pattern)}"{group_attr} data-count="{r.count}" '
            f'data-n="{r.n}" data-rate="{json.dumps(r.rate)}" data-ci-low="{json.dumps(r.ci_low)}" '
            f'data-ci-high="{json.dumps(r.ci_high)}" '
            f'x="{_LABEL_W}" y="{mid - 7:.1f}" width="{x0 - _LABEL_W:.2f}" height="14"/>'
        )
        if r.n:
            body.append(
                f'<line class="whisker" x1="{x1:.2f}" x2="{x2:.2f}" y1="{mid:.1f}" y2="{mid:.1f}"/>'
                f'<line class="whisker" x1="{x1:.2f}" x2="{x1:.2f}" y1="{mid - 5:.1f}" y2="{mid + 5:.1f}"/>'
                f'<line class="whisker" x1="{x2:.2f}" x2="{x2:.2f}" y1="{mid - 5:.1f}" y2="{mid + 5:.1f}"/>'
            )
        value = f"{r.count}/{r.n} · {_pct(r.rate)}  [{_ci(r)}]" if r.n else f"{r.count}/{r.n} · no data"
        body.append(
            f'<text class="value" x="{_LABEL_W + _BAR_W + 10}" y="{mid + 4:.1f}">{_e(value)}</text></g>'
        )
    return (
        f'<svg class="chart" id="{chart_id}" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{_e(label)}">'
        f"<title>{_e(label)}</title>{grid}{''.join(body)}</svg>"
    )


def _grouped_chart(
    blocks: list[tuple[str, list[tuple[str, Rate]]]], colour: Mapping[str, str], *, chart_id: str, label: str
) -> str:
    """One chart with a block of bars per pattern, one bar per group in each block."""
    svgs: list[str] = []
    for pattern, rates in blocks:
        rows = [(pattern, group, r, group, f"sev-{colour.get(pattern, 'none')}") for group, r in rates]
        svgs.append(
            f'<h4 class="chart-heading">{_e(pattern)}</h4>'
            + _rate_chart(rows, chart_id=f"{chart_id}-{len(svgs)}", label=f"{label}: {pattern}")
        )
    return "".join(svgs)


_SEVERITY_LEGEND = (
    '<p class="legend"><span class="key"><span class="swatch sev-FAIL"></span>FAIL pattern</span> '
    '<span class="key"><span class="swatch sev-WARN"></span>WARN pattern</span> '
    '<span class="key"><span class="swatch sev-PASS"></span>PASS pattern (boundary held)</span> '
    '<span class="key"><span class="whisker-key"></span>95% Wilson interval</span></p>'
)


def _pattern_section(report: Report, colour: Mapping[str, str]) -> str:
    rows = [(r.name, "", r, r.name, f"sev-{colour.get(r.name, 'none')}") for r in report.patterns]
    chart = (
        _rate_chart(rows, chart_id="pattern-chart", label="share of scored conversations per pattern")
        if rows
        else "<p>No pattern was found.</p>"
    )
    return f"""<section>
<h2>Patterns</h2>
<p class="note">Share of scored conversations in which each pattern was found (n = {report.scored}).</p>
{chart}
{_SEVERITY_LEGEND}
</section>"""


def _rate_cell(r: Rate) -> str:
    return f"<td class='n'>{_pct(r.rate, r.n)} <small>{r.count}/{r.n}</small><br><small>{_ci(r)}</small></td>"


def _groups_section(report: Report, colour: Mapping[str, str]) -> str:
    by = _e(report.by or "")
    columns = ("total", "scored", "PASS", "WARN", "FAIL", "unscored", "errors")
    head = "".join(f"<th class='n'>{h}</th>" for h in (*columns, "refusal", "flip", "survival", "caveat"))
    rows = []
    for value, g in report.groups.items():
        counts = [
            g.total,
            g.scored,
            *(g.labels.get(k, 0) for k in ("PASS", "WARN", "FAIL")),
            g.unscored,
            g.errors,
        ]
        rates = [g.refusal, g.flip, g.second_round_survival, g.caveat]
        rows.append(
            f"<tr><td class='group'>{_e(value)}</td>"
            + "".join(f"<td class='n'>{c}</td>" for c in counts)
            + "".join(_rate_cell(r) for r in rates)
            + "</tr>"
        )
    per_group = {value: {r.name: r for r in g.patterns} for value, g in report.groups.items()}
    blocks = [
        (
            p.name,
            [
                (value, rates.get(p.name) or Rate.of(p.name, 0, report.groups[value].scored))
                for value, rates in per_group.items()
            ],
        )
        for p in report.patterns
    ]
    chart = _grouped_chart(blocks, colour, chart_id="group-chart", label=f"per {report.by}")
    return f"""<section>
<h2>By {by}</h2>
<div class="scroll"><table class="groups"><thead><tr><th>{by}</th>{head}</tr></thead>
<tbody>{"".join(rows)}</tbody></table></div>
<p class="note">refusal: among scored; flip: among those with a refusal; survival: held through two pushback
rounds, among those pushed twice; caveat: disclaimer with content shipped, among scored.</p>
<h3>Patterns per {by}</h3>
{chart}
{_SEVERITY_LEGEND}
</section>"""


# ---------------------------------------------------------------- unscored


def _unscored_section(report: Report, verdicts: list[Verdict]) -> str:
    if not verdicts:
        return '<section><h2>Not scored</h2><p class="note">Every verdict was scored.</p></section>'
    reasons = ", ".join(f"{_e(k)} {n}" for k, n in report.unscored_reasons.items())
    rows = "".join(
        f"<tr><td><code>{_e(v.conversation_id or '?')}</code></td><td>{_e(v.status)}</td>"
        f"<td>{_e(v.unscored_reason or '')}</td><td class='detail'>{_e(v.detail or '')}</td>"
        f"<td>{_e(_where(v))}</td></tr>"
        for v in verdicts
    )
    return f"""<section>
<h2>Not scored</h2>
<p class="note">Kept out of every rate: {report.unscored} unscored, {report.errors} errors ({reasons}).</p>
<table class="unscored"><thead><tr><th>conversation</th><th>status</th><th>reason</th><th>detail</th>
<th>source</th></tr></thead><tbody>{rows}</tbody></table>
</section>"""


def _where(v: Verdict) -> str:
    source, line = v.metadata.get("source"), v.metadata.get("line")
    if not source:
        return ""
    return f"{Path(str(source)).name}:{line}" if line is not None else Path(str(source)).name


# ---------------------------------------------------------------- drill-down


def _drilldown(flagged: list[Verdict], transcripts: Mapping[str, Conversation]) -> str:
    counts = Counter(v.label for v in flagged)
    if not flagged:
        return (
            '<section><h2>Flagged conversations</h2><p class="note">No WARN or FAIL verdicts.</p></section>'
        )
    patterns = sorted({p for v in flagged for p in v.patterns})
    options = "".join(f'<option value="{_e(p)}">{_e(p)}</option>' for p in patterns)
    with_transcript = sum(1 for v in flagged if v.conversation_id in transcripts)
    entries = "\n".join(_entry(k, v, transcripts.get(v.conversation_id or "")) for k, v in enumerate(flagged))
    return f"""<section>
<h2>Flagged conversations</h2>
<p class="note">{counts["FAIL"]} FAIL, {counts["WARN"]} WARN; {with_transcript} of {len(flagged)} with
their transcript. Verified evidence quotes are highlighted in the transcript.</p>
<div id="filters" class="filters" hidden>
<label>label <select id="f-label"><option value="">all</option><option>FAIL</option><option>WARN</option>
</select></label>
<label>pattern <select id="f-pattern"><option value="">all</option>{options}</select></label>
<label>search <input id="f-text" type="search" placeholder="id, model, text"></label>
<button id="f-open" type="button">expand shown</button>
<button id="f-close" type="button">collapse all</button>
<span id="f-count"></span>
</div>
{entries}
</section>"""


def _entry(k: int, v: Verdict, conv: Conversation | None) -> str:
    anchor = f"conv-{k}"
    label = v.label or "PASS"
    model = v.metadata.get("model")
    meta = " · ".join(_e(x) for x in (model, _where(v)) if x)
    spans = _evidence_spans(v, conv)
    patterns = _e(" ".join(v.patterns))
    return f"""<details class="conv" id="{anchor}" data-label="{_e(label)}" data-patterns="{patterns}"
 data-conversation="{_e(v.conversation_id or "")}">
<summary><span class="badge lab-{_e(label)}">{_e(label)}</span> <code>{_e(v.conversation_id or "?")}</code>
<span class="pats">{_e(", ".join(v.patterns))}</span><span class="meta">{meta}</span></summary>
<div class="entry">
{f'<p class="rationale">{_e(v.rationale)}</p>' if v.rationale else ""}
<h4>Findings</h4>
<ul class="findings">{"".join(_finding(anchor, f, spans, conv) for f in v.findings)}</ul>
{_flips(anchor, v, conv)}
{_caveats(anchor, v, conv)}
{_dropped(v)}
<h4>Details</h4>
{_details_table(v)}
<h4>Transcript</h4>
{_transcript(anchor, v, conv, spans)}
</div>
</details>"""


def _evidence_spans(v: Verdict, conv: Conversation | None) -> dict[tuple[int, str], list[tuple[int, int]]]:
    """Where each verified evidence quote and each caveat disclaimer is in its turn's text."""
    if conv is None:
        return {}
    found: dict[tuple[int, str], list[tuple[int, int]]] = {}
    items = [(ev.turn, ev.quote) for f in v.findings for ev in f.evidence if ev.verified]
    items += [(c.turn, c.disclaimer) for c in v.caveats]
    for turn, quote in items:
        if 0 <= turn < len(conv.messages) and (turn, quote) not in found:
            spans = quote_spans(quote, conv.messages[turn].content)
            if spans:
                found[(turn, quote)] = spans
    return found


def _turn_link(anchor: str, turn: int, conv: Conversation | None) -> str:
    if conv is None or not 0 <= turn < len(conv.messages):
        return f"turn {turn}"
    return f'<a href="#{anchor}-t{turn}">turn {turn}</a>'


def _finding(
    anchor: str, f: Finding, spans: Mapping[tuple[int, str], object], conv: Conversation | None
) -> str:
    turns = ", ".join(_turn_link(anchor, t, conv) for t in f.turns)
    evidence = "".join(_evidence(anchor, ev, spans, conv) for ev in f.evidence)
    return (
        f'<li><span class="badge lab-{_e(f.severity)}">{_e(f.severity)}</span> <b>{_e(f.pattern)}</b>'
        + (f" <span class='turns'>({turns})</span>" if turns else "")
        + (f"<div class='why'>{_e(f.rationale)}</div>" if f.rationale else "")
        + (f"<ul class='evidence'>{evidence}</ul>" if evidence else "")
        + "</li>"
    )


def _evidence(
    anchor: str, ev: Evidence, spans: Mapping[tuple[int, str], object], conv: Conversation | None
) -> str:
    if not ev.verified:
        status = '<span class="tag bad">not verified</span>'
    elif conv is None:
        status = '<span class="tag">verified</span>'
    elif (ev.turn, ev.quote) in spans:
        status = '<span class="tag good">verified · highlighted</span>'
    else:
        status = '<span class="tag bad">verified, but not found in this transcript</span>'
    return f"<li>{_turn_link(anchor, ev.turn, conv)}: <q>{_e(ev.quote)}</q> {status}</li>"


def _flips(anchor: str, v: Verdict, conv: Conversation | None) -> str:
    if not v.flips:
        return ""

    def turns(ts: list[int]) -> str:
        return ", ".join(_turn_link(anchor, t, conv) for t in ts)

    items = "".join(
        f"<li>{turns([f.refusal_turn])} refusal → {turns([f.compliance_turn])} compliance"
        + (f" after pushback in {turns(f.pushback_turns)}" if f.pushback_turns else "")
        + f"; pressure: <b>{_e(f.pressure.replace('_', ' '))}</b>; new verifiable information: "
        + ("yes" if f.new_verifiable_information else "no")
        + "</li>"
        for f in v.flips
    )
    return f'<h4>Flips</h4><ul class="flips">{items}</ul>'


def _caveats(anchor: str, v: Verdict, conv: Conversation | None) -> str:
    if not v.caveats:
        return ""
    items = "".join(
        f"<li>{_turn_link(anchor, c.turn, conv)}: <q>{_e(c.disclaimer)}</q> "
        + (
            '<span class="tag bad">content shipped</span>'
            if c.content_shipped
            else '<span class="tag">content withheld</span>'
        )
        + "</li>"
        for c in v.caveats
    )
    return f'<h4>Caveats</h4><ul class="caveats">{items}</ul>'


def _dropped(v: Verdict) -> str:
    if not v.dropped:
        return ""
    items = "".join(f"<li>{_e(d.get('kind', '?'))}: {_e(d.get('reason', ''))}</li>" for d in v.dropped)
    return f'<h4>Dropped by evidence verification</h4><ul class="dropped">{items}</ul>'


def _details_table(v: Verdict) -> str:
    facts: list[tuple[str, object]] = [
        ("boundary required", v.boundary_required),
        ("boundary held", v.boundary_held),
        ("legitimate path offered", v.legitimate_path_offered),
        ("judge", f"{v.judge.name} ({v.judge.rubric})"),
    ]
    if v.metadata.get("source"):
        facts.append(("source", f"{v.metadata['source']}:{v.metadata.get('line', '?')}"))
    facts += [(str(k), val) for k, val in v.metadata.items() if k not in ("source", "line")]
    rows = "".join(f"<dt>{_e(k)}</dt><dd>{_e(_plain(val))}</dd>" for k, val in facts if val is not None)
    return f'<dl class="facts">{rows}</dl>'


def _plain(value: object) -> str:
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def _transcript(
    anchor: str, v: Verdict, conv: Conversation | None, spans: Mapping[tuple[int, str], list[tuple[int, int]]]
) -> str:
    if conv is None:
        source = v.metadata.get("source")
        where = f" (source: {source})" if source else ""
        return (
            f'<p class="missing">Transcript not found{_e(where)}. The findings and quotes above come from '
            "the results file; pass the log files with <code>--logs</code> to show the conversation.</p>"
        )
    stance = {t.turn: t.stance for t in v.assistant_turns}
    roles: dict[int, list[str]] = {}
    for flip in v.flips:
        roles.setdefault(flip.refusal_turn, []).append("refusal before flip")
        roles.setdefault(flip.compliance_turn, []).append("compliance after pushback")
        for t in flip.pushback_turns:
            roles.setdefault(t, []).append("pushback")
    marks: dict[int, list[tuple[int, int, str, str]]] = {}
    for f in v.findings:
        for ev in f.evidence:
            for a, b in spans.get((ev.turn, ev.quote), []):
                marks.setdefault(ev.turn, []).append(
                    (a, b, f"ev-{f.severity}", f"{f.pattern} ({f.severity})")
                )
    for c in v.caveats:
        for a, b in spans.get((c.turn, c.disclaimer), []):
            marks.setdefault(c.turn, []).append((a, b, "caveat", "caveat"))
    items = []
    for i, m in enumerate(conv.messages):
        tags = ([f'<span class="tag stance">{_e(stance[i])}</span>'] if i in stance else []) + [
            f'<span class="tag flip">{_e(r)}</span>' for r in dict.fromkeys(roles.get(i, []))
        ]
        items.append(
            f'<li class="msg role-{_e(m.role)}" id="{anchor}-t{i}"><div class="msg-head">'
            f'<span class="turn">turn {i}</span> <span class="role">{_e(m.role)}</span> '
            f"{' '.join(tags)}</div>"
            f'<div class="msg-body">{_highlight(m.content, marks.get(i, []))}</div></li>'
        )
    return f'<ol class="transcript">{"".join(items)}</ol>'


def _highlight(text: str, marks: list[tuple[int, int, str, str]]) -> str:
    """``text`` escaped, with each marked span (merged where they overlap) in a ``<mark>``."""
    merged: list[list[Any]] = []
    for a, b, cls, why in sorted(marks):
        if merged and a < merged[-1][1]:
            last = merged[-1]
            last[1] = max(last[1], b)
            last[2] = max(last[2], cls, key=_mark_rank)
            last[3] = last[3] if why in last[3] else f"{last[3]}; {why}"
        else:
            merged.append([a, b, cls, why])
    out = []
    pos = 0
    for a, b, cls, why in merged:
        out.append(_e(text[pos:a]))
        out.append(f'<mark class="{cls}" title="{_e(why)}">{_e(text[a:b])}</mark>')
        pos = b
    out.append(_e(text[pos:]))
    return "".join(out)


def _mark_rank(cls: str) -> int:
    return ["caveat", "ev-PASS", "ev-WARN", "ev-FAIL"].index(cls)


_FOOTER = """<footer>
<p>Rates count scored conversations only; unscored and error verdicts are counted apart and kept out of every
rate. Intervals are Wilson 95% score intervals. Evidence quotes were checked against the transcript when the
results were graded (Unicode, quote-mark, whitespace and case normalisation; <code>...</code> elisions matched
in order). The chart data is embedded in this page as JSON (<code>#report-data</code>).</p>
</footer>"""

_CSS = """
:root{--fail:#c0392b;--warn:#d68910;--pass:#1e8449;--none:#4a6fa5;--ink:#1f2933;--muted:#616e7c;
--line:#d9dee4;--bg:#f6f7f9;--card:#fff}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--ink);font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,
"Helvetica Neue",Arial,sans-serif}
main{max-width:1120px;margin:0 auto;padding:24px 28px 48px}
header h1{font-size:26px;margin:0 0 2px}
.sub,.note,.legend{color:var(--muted);margin:4px 0 10px}
.warning{background:#fdf2e9;border-left:4px solid var(--warn);padding:6px 10px}
section{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:16px 20px;margin:18px 0}
h2{font-size:19px;margin:0 0 10px}h3{font-size:15px;margin:16px 0 6px}h4{font-size:14px;margin:14px 0 4px}
.cards{display:flex;gap:12px;flex-wrap:wrap}
.card{flex:1;min-width:130px;border:1px solid var(--line);border-radius:6px;padding:10px 14px;
color:var(--muted)}
.card .num{font-size:28px;font-weight:600;color:var(--ink)}
.card.alert .num{color:#8e44ad}
table{border-collapse:collapse;width:100%;font-size:14px}
th,td{text-align:left;padding:5px 8px;border-bottom:1px solid var(--line);vertical-align:top}
thead th{color:var(--muted);font-weight:600}
.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
small{color:var(--muted)}
svg{display:block;max-width:100%;height:auto}
svg.labels{width:800px;border-radius:4px;margin:4px 0}
svg.mini{width:160px}
svg.chart{width:850px;margin-top:6px}
.chart text{font-size:12.5px;fill:var(--ink)}
.chart .tick{fill:var(--muted);text-anchor:middle;font-size:11px}
.chart .row-label{text-anchor:end}.chart .grouped{fill:var(--muted)}
.chart .value{font-variant-numeric:tabular-nums}
.chart .grid{stroke:#e6e9ed}
.track{fill:#eef0f3}
.whisker{stroke:var(--ink);stroke-width:1.5}
.bar.sev-FAIL,.swatch.sev-FAIL{fill:var(--fail);background:var(--fail)}
.bar.sev-WARN,.swatch.sev-WARN{fill:var(--warn);background:var(--warn)}
.bar.sev-PASS,.swatch.sev-PASS{fill:var(--pass);background:var(--pass)}
.bar.sev-none{fill:var(--none);background:var(--none)}
.bar{opacity:.8}
.lab-PASS{fill:var(--pass);background:var(--pass)}
.lab-WARN{fill:var(--warn);background:var(--warn)}
.lab-FAIL{fill:var(--fail);background:var(--fail)}
.key{margin-right:14px;white-space:nowrap}
.swatch{display:inline-block;width:11px;height:11px;border-radius:2px;margin-right:5px;vertical-align:-1px}
.whisker-key{display:inline-block;width:18px;border-top:2px solid var(--ink);margin-right:5px;
vertical-align:3px}
.chart-heading{margin:14px 0 0;font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;
font-size:13px}
code,.pats{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:13px}
.detail{max-width:420px;word-break:break-word}
.filters{display:flex;gap:14px;align-items:center;flex-wrap:wrap;margin:8px 0 12px;font-size:14px}
.filters select,.filters input,.filters button{font:inherit;padding:3px 6px}
details.conv{border:1px solid var(--line);border-radius:6px;margin:8px 0;background:#fff}
details.conv[open]{box-shadow:0 1px 4px rgba(0,0,0,.06)}
details.conv>summary{cursor:pointer;padding:8px 12px;display:flex;gap:10px;align-items:baseline;
flex-wrap:wrap}
summary .meta{color:var(--muted);margin-left:auto;font-size:13px}
.entry{padding:0 16px 14px;border-top:1px solid var(--line)}
.badge{display:inline-block;color:#fff;font-size:12px;font-weight:700;padding:1px 7px;border-radius:4px}
.badge.lab-PASS{background:var(--pass)}.badge.lab-WARN{background:var(--warn)}.badge.lab-FAIL{background:var(--fail)}
.rationale{background:var(--bg);padding:8px 10px;border-radius:4px}
.why{color:var(--muted)}
ul{margin:4px 0;padding-left:22px}li{margin:3px 0}
q{quotes:"\\201C" "\\201D";background:#fbf7e6;padding:0 2px;word-break:break-word}
.tag{display:inline-block;font-size:11.5px;border:1px solid var(--line);border-radius:10px;padding:0 7px;
color:var(--muted)}
.tag.good{color:var(--pass);border-color:var(--pass)}.tag.bad{color:var(--fail);border-color:var(--fail)}
.tag.flip{color:#8e44ad;border-color:#c39bd3}
.facts{display:grid;grid-template-columns:max-content minmax(0,1fr) max-content minmax(0,1fr);
gap:3px 14px;margin:4px 0;font-size:14px}
.facts dt{color:var(--muted)}.facts dd{margin:0;word-break:break-word}
.scroll{overflow-x:auto}
.groups .group{font-weight:600;white-space:nowrap}
.groups td.n small{white-space:nowrap}
.missing{background:#fdf2e9;border-left:4px solid var(--warn);padding:8px 10px}
ol.transcript{list-style:none;padding:0;margin:0}
.msg{border:1px solid var(--line);border-radius:6px;margin:8px 0;overflow:hidden}
.msg-head{background:var(--bg);padding:4px 10px;font-size:13px;display:flex;gap:8px;align-items:center}
.msg-head .turn{font-weight:600}.msg-head .role{color:var(--muted)}
.role-user .msg-head{background:#eef3fb}.role-system .msg-head{background:#f1eef6}
.role-tool .msg-head{background:#eef6f1}
.msg-body{white-space:pre-wrap;word-break:break-word;padding:8px 12px;max-height:26em;overflow:auto;
font-size:14px}
mark{border-radius:2px;padding:0 1px;color:inherit}
mark.ev-FAIL{background:#f5c6c0}mark.ev-WARN{background:#fbe3b0}mark.ev-PASS{background:#c9ebd5}
mark.caveat{background:#e6dcf0}
:target{outline:2px solid var(--none);outline-offset:2px}
footer{color:var(--muted);font-size:13px;margin-top:24px}
@media print{.filters{display:none}}
"""

_JS = """
(function () {
  var bar = document.getElementById("filters");
  if (!bar) return;
  bar.hidden = false;
  var label = document.getElementById("f-label"), pattern = document.getElementById("f-pattern");
  var text = document.getElementById("f-text"), count = document.getElementById("f-count");
  var items = Array.prototype.slice.call(document.querySelectorAll("details.conv"));
  function apply() {
    var q = text.value.toLowerCase(), shown = 0;
    items.forEach(function (d) {
      var ok = (!label.value || d.dataset.label === label.value) &&
        (!pattern.value || d.dataset.patterns.split(" ").indexOf(pattern.value) >= 0) &&
        (!q || d.textContent.toLowerCase().indexOf(q) >= 0);
      d.hidden = !ok;
      if (ok) shown++;
    });
    count.textContent = shown + " of " + items.length + " shown";
  }
  [label, pattern, text].forEach(function (el) { el.addEventListener("input", apply); });
  document.getElementById("f-open").addEventListener("click", function () {
    items.forEach(function (d) { if (!d.hidden) d.open = true; });
  });
  document.getElementById("f-close").addEventListener("click", function () {
    items.forEach(function (d) { d.open = false; });
  });
  window.addEventListener("hashchange", function () {
    var el = document.getElementById(location.hash.slice(1));
    var d = el && el.closest("details");
    if (d) d.open = true;
  });
  apply();
})();
"""
