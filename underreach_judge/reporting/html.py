"""A report as one self-contained HTML page: headline numbers, per-pattern charts with their 95%
intervals, the verdicts that could not be scored, and a drill-down into every WARN and FAIL
conversation with its evidence highlighted in the transcript.

``render_html`` is pure: it takes the report, the verdicts and the transcripts (the caller reads
the logs) and returns the page. The page is the Jinja template ``templates/report.html.j2``,
rendered with autoescaping on: every string that comes from results or logs is untrusted and
HTML-escaped. The stylesheet and the filter script (``templates/report.css``, ``report.js``) are
inlined, so the page needs no network, and its Content-Security-Policy lets only those two run, by
hash. The chart data is embedded as JSON (``#report-data``), so the page can be checked against
``aggregate()``.

A message longer than ``max_message_chars`` is cut: the page shows its first ``max_message_chars``
characters and the text around each highlighted quote, says how much was left out, and gives the
message's full length. Quotes in such a message are looked for one window of text at a time, so
neither the page nor the memory it takes to build grows with the size of a message.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from ..conversation import Conversation
from ..fence import neutralise
from ..verdict import LABEL_RANK, Evidence, Finding, Verdict
from ..verify import _fold, _pieces, quote_spans
from .aggregate import Rate, Report
from .markdown import WINDOW_KIND, drift_lookup, drift_word, notes, timeline_groups, timeline_notes
from .survival import ProbeReport, probe_info, probe_report
from .timeline import RATE_TITLES, RATES, Drift, Rates, Timeline

__all__ = ["FLAGGED", "MESSAGE_CHARS", "is_flagged", "render_html"]

FLAGGED = ("FAIL", "WARN")
#: characters of a message the page shows before cutting it (plus the text around each quote)
MESSAGE_CHARS = 20_000
#: characters shown on each side of a highlighted quote in a cut message
CONTEXT_CHARS = 500
#: a message longer than this is searched for quotes one window at a time
_DIRECT_CHARS = 50_000
_WINDOW_CHARS = 10_000
_MARK_RANK = ("caveat", "ev-PASS", "ev-WARN", "ev-FAIL")


def is_flagged(verdict: Verdict) -> bool:
    """A scored verdict labelled WARN or FAIL: one the drill-down shows."""
    return verdict.label in FLAGGED


def render_html(
    report: Report,
    verdicts: Iterable[Verdict],
    transcripts: Mapping[str, Conversation],
    *,
    title: str,
    max_message_chars: int = MESSAGE_CHARS,
    timeline: Timeline | None = None,
) -> str:
    """The report as one HTML page. ``verdicts`` are read once; only the flagged, unscored and
    error ones are kept. ``transcripts`` maps conversation ids to conversations (flagged ones are
    enough); a flagged verdict without one still shows its findings and quotes. A message longer
    than ``max_message_chars`` shows that many characters and the text around each of its quotes.
    A ``timeline`` adds a time chart per rate, for all conversations and per group, with flagged
    windows marked."""
    flagged: list[Verdict] = []
    unscored: list[Verdict] = []
    probed: list[Verdict] = []
    judges: Counter[str] = Counter()
    severities: dict[str, Counter[str]] = {}
    for v in verdicts:
        if v.judge.name:
            judges[f"{v.judge.name} ({v.judge.rubric or 'no rubric'})"] += 1
        for f in v.findings:
            severities.setdefault(f.pattern, Counter())[f.severity] += 1
        if probe_info(v) is not None:
            probed.append(v)
        if is_flagged(v):
            flagged.append(v)
        elif v.status != "scored":
            unscored.append(v)
    flagged.sort(key=lambda v: -LABEL_RANK[v.label or "PASS"])
    colour = {p: max(c, key=lambda s: (c[s], LABEL_RANK[s])) for p, c in severities.items()}
    css, js = _asset("report.css"), _asset("report.js")
    pattern_rows = [_Row(r.name, "", r, r.name, f"sev-{colour.get(r.name, 'none')}") for r in report.patterns]
    entries = [
        _entry(k, v, transcripts.get(v.conversation_id or ""), max_message_chars)
        for k, v in enumerate(flagged)
    ]
    template = _environment().get_template("report.html.j2")
    return template.render(
        title=title,
        csp=f"default-src 'none'; style-src {_csp_hash(css)}; script-src {_csp_hash(js)}",
        css=Markup(css),
        js=Markup(js),
        data=Markup(_json_for_script(report.model_dump(mode="json"))),
        judges=list(judges.items()),
        report=report,
        cards=[
            ("conversations", report.total, False),
            ("scored", report.scored, False),
            ("unscored", report.unscored, True),
            ("errors", report.errors, True),
        ],
        rates=[
            (report.refusal, "at least one refuse, redirect or partial turn, among scored"),
            (report.flip, "a capitulation flip, among conversations with a refusal"),
            (
                report.second_round_survival,
                "no flip in the first two replies to pushback, among those pushed twice",
            ),
            (report.caveat, "a disclaimer attached to content that shipped, among scored"),
        ],
        notes=notes(report),
        labels=_label_bar(report.labels, report.scored),
        pattern_chart=(
            _rate_chart(
                pattern_rows, chart_id="pattern-chart", label="share of scored conversations per pattern"
            )
            if pattern_rows
            else None
        ),
        groups=_groups(report, colour) if report.groups else None,
        survival=_survival_curves(probe_report(probed)) if probed else None,
        unscored=[(v, _where(v)) for v in unscored],
        flagged_counts=Counter(v.label for v in flagged),
        flagged_patterns=sorted({p for v in flagged for p in v.patterns}),
        with_transcript=sum(1 for e in entries if e.messages is not None),
        entries=entries,
        timeline=_timeline_view(timeline) if timeline is not None else None,
        timeline_data=Markup(_json_for_script(timeline.model_dump(mode="json"))) if timeline else None,
    )


# ---------------------------------------------------------------- page


@cache
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("underreach_judge.reporting", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["pct"] = _pct
    env.filters["ci"] = _ci
    env.filters["js"] = lambda value: "null" if value is None else value
    env.filters["thousands"] = "{:,}".format
    return env


@cache
def _asset(name: str) -> str:
    """A stylesheet or script of the package, to inline verbatim: it must not end its element."""
    env = _environment()
    assert env.loader is not None
    text = env.loader.get_source(env, name)[0].replace("\r\n", "\n")
    if "</" in text:
        raise ValueError(f"{name} contains '</', which would end its inline element early")
    return text


def _json_for_script(data: Any) -> str:
    """JSON that cannot close or open a tag inside a ``<script>`` element."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def _csp_hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def _pct(value: float | None, n: int = 1) -> str:
    return f"{value:.1%}" if n and value is not None else "n/a"


def _ci(r: Rate) -> str:
    return f"{r.ci_low:.1%} – {r.ci_high:.1%}" if r.ci_low is not None and r.ci_high is not None else "n/a"


def _where(v: Verdict) -> str:
    source, line = v.metadata.get("source"), v.metadata.get("line")
    if not source:
        return ""
    return f"{Path(str(source)).name}:{line}" if line is not None else Path(str(source)).name


# ---------------------------------------------------------------- charts


@dataclass(frozen=True)
class _LabelKey:
    name: str
    n: int
    pct: str
    x: str
    width: str


@dataclass(frozen=True)
class _LabelBar:
    scored: int
    keys: list[_LabelKey]


def _label_bar(labels: Mapping[str, int], scored: int) -> _LabelBar:
    keys = []
    x = 0.0
    for k, n in labels.items():
        w = 800 * n / scored if scored else 0.0
        keys.append(_LabelKey(k, n, _pct(n / scored if scored else 0, scored), f"{x:.2f}", f"{w:.2f}"))
        x += w
    return _LabelBar(scored, keys)


_LABEL_W, _BAR_W, _VALUE_W, _ROW_H, _TOP = 220, 400, 230, 26, 24


@dataclass(frozen=True)
class _Row:
    """One bar of a chart: (pattern, group, rate, text on the left, colour class)."""

    pattern: str
    group: str
    rate: Rate
    text: str
    cls: str


@dataclass(frozen=True)
class _Bar:
    row: _Row
    mid: str
    text_y: str
    bar_y: str
    width: str
    whisker: tuple[str, str, str, str]  # x low, x high, y top, y bottom
    tip: str
    value: str


@dataclass(frozen=True)
class _Chart:
    id: str
    label: str
    width: int
    height: int
    ticks: list[tuple[str, int]]  # x, percent
    bars: list[_Bar]
    label_x: int = _LABEL_W - 10
    bar_x: int = _LABEL_W
    value_x: int = _LABEL_W + _BAR_W + 10
    grid_top: int = _TOP - 4
    tick_y: int = _TOP - 10


def _rate_chart(rows: Sequence[_Row], *, chart_id: str, label: str) -> _Chart:
    """Horizontal bars for rates with their 95% interval as whiskers."""
    bars = []
    for i, row in enumerate(rows):
        r = row.rate
        mid = _TOP + _ROW_H * i + _ROW_H / 2
        x0, x1, x2 = (_LABEL_W + _BAR_W * (v or 0.0) for v in (r.rate, r.ci_low, r.ci_high))
        value = f"{r.count}/{r.n} · {_pct(r.rate)}  [{_ci(r)}]" if r.n else f"{r.count}/{r.n} · no data"
        bars.append(
            _Bar(
                row=row,
                mid=f"{mid:.1f}",
                text_y=f"{mid + 4:.1f}",
                bar_y=f"{mid - 7:.1f}",
                width=f"{x0 - _LABEL_W:.2f}",
                whisker=(f"{x1:.2f}", f"{x2:.2f}", f"{mid - 5:.1f}", f"{mid + 5:.1f}"),
                tip=f"{row.text}: {r.count} of {r.n} ({_pct(r.rate, r.n)}), 95% CI {_ci(r)}",
                value=value,
            )
        )
    height = _TOP + _ROW_H * len(rows) + 6
    ticks = [(f"{_LABEL_W + _BAR_W * t / 4:.1f}", 25 * t) for t in range(5)]
    return _Chart(chart_id, label, _LABEL_W + _BAR_W + _VALUE_W, height, ticks, bars)


@dataclass(frozen=True)
class _Point:
    x: str
    y: str
    whisker: tuple[str, str]
    tip: str


@dataclass(frozen=True)
class _Curve:
    """One tactic's survival curve: the share of first refusals still holding after 0..K rounds."""

    name: str
    points: list[_Point]
    line: str
    flip: Rate


@dataclass(frozen=True)
class _Survival:
    report: ProbeReport
    curves: list[_Curve]
    width: int
    height: int
    ticks: list[tuple[str, str]]  # x, round
    grid: list[tuple[str, int]]  # y, percent


_CURVE_W, _CURVE_H, _CURVE_PAD = 260, 120, 34


def _survival_curves(report: ProbeReport | None) -> _Survival | None:
    """A small line chart per tactic (and overall): round 0 is the first refusal (100%), then the
    share still holding after each round of pushback, with its 95% interval as a whisker."""
    if report is None:
        return None
    k = report.rounds

    def x(i: int) -> float:
        return _CURVE_PAD + (_CURVE_W - 2 * _CURVE_PAD) * i / max(k, 1)

    def y(share: float) -> float:
        return 10 + (_CURVE_H - 30) * (1 - share)

    curves = []
    for name, s in [("overall", report.overall), *report.by_tactic.items()]:
        points = [_Point(f"{x(0):.1f}", f"{y(1):.1f}", (f"{y(1):.1f}", f"{y(1):.1f}"), "first refusal: 100%")]
        for i, r in enumerate(s.survival, start=1):
            if r.rate is None:
                continue
            held = f"held {i} round{'s' if i > 1 else ''}"
            points.append(
                _Point(
                    f"{x(i):.1f}",
                    f"{y(r.rate):.1f}",
                    (f"{y(r.ci_low or 0):.1f}", f"{y(r.ci_high or 0):.1f}"),
                    f"{held}: {r.count} of {r.n} ({_pct(r.rate, r.n)}), 95% CI {_ci(r)}",
                )
            )
        line = " ".join(f"{p.x},{p.y}" for p in points) if s.initial_refusal.count else ""
        curves.append(_Curve(name, points if line else [], line, s.flip))
    ticks = [(f"{x(i):.1f}", str(i)) for i in range(k + 1)]
    grid = [(f"{y(p / 100):.1f}", p) for p in (0, 50, 100)]
    return _Survival(report, curves, _CURVE_W, _CURVE_H, ticks, grid)


@dataclass(frozen=True)
class _Group:
    value: str
    counts: list[int]
    rates: list[Rate]


@dataclass(frozen=True)
class _Groups:
    by: str
    rows: list[_Group]
    charts: list[tuple[str, _Chart]]


def _groups(report: Report, colour: Mapping[str, str]) -> _Groups:
    rows = [
        _Group(
            value,
            [
                g.total,
                g.scored,
                *(g.labels.get(k, 0) for k in ("PASS", "WARN", "FAIL")),
                g.unscored,
                g.errors,
            ],
            [g.refusal, g.flip, g.second_round_survival, g.caveat],
        )
        for value, g in report.groups.items()
    ]
    per_group = {value: {r.name: r for r in g.patterns} for value, g in report.groups.items()}
    charts: list[tuple[str, _Chart]] = []
    for p in report.patterns:
        bars = [
            _Row(
                p.name,
                value,
                rates.get(p.name) or Rate.of(p.name, 0, report.groups[value].scored),
                value,
                f"sev-{colour.get(p.name, 'none')}",
            )
            for value, rates in per_group.items()
        ]
        chart_id = f"group-chart-{len(charts)}"
        charts.append((p.name, _rate_chart(bars, chart_id=chart_id, label=f"per {report.by}: {p.name}")))
    return _Groups(report.by or "", rows, charts)


# ---------------------------------------------------------------- time charts

_T_LEFT, _T_RIGHT, _T_TOP, _T_PLOT, _T_WIDTH = 48, 40, 14, 150, 850
#: at most this many window labels under a time chart (every k-th when there are more)
_T_LABELS = 12


@dataclass(frozen=True)
class _TimePoint:
    window: str
    x: str
    y: str
    y_low: str
    y_high: str
    rate: Rate
    #: "worse", "better", "changed", "too few" or ""
    mark: str
    tip: str


@dataclass(frozen=True)
class _TimeChart:
    id: str
    label: str
    rate: str
    group: str
    width: int
    height: int
    path: str
    points: list[_TimePoint]
    labels: list[tuple[str, str]]  # x, window label
    ticks: list[tuple[str, int]]  # y, percent
    left: int = _T_LEFT
    right: int = _T_WIDTH - _T_RIGHT
    bottom: int = _T_TOP + _T_PLOT
    label_y: int = _T_TOP + _T_PLOT + 16


@dataclass(frozen=True)
class _TimeSection:
    title: str
    group: str
    charts: list[_TimeChart]


@dataclass(frozen=True)
class _TimelineView:
    notes: list[str]
    kind: str
    sections: list[_TimeSection]
    flagged: list[Drift]


def _timeline_view(t: Timeline) -> _TimelineView:
    rows = drift_lookup(t)
    sections = [_TimeSection("All conversations", "", [])]
    sections += [_TimeSection(f"{t.by} = {g}", g, []) for g in timeline_groups(t)]
    for k, section in enumerate(sections):
        group = section.group or None
        series = [(w.label, w if group is None else w.groups.get(group)) for w in t.windows]
        for rate in RATES:
            section.charts.append(_time_chart(series, rate, group, rows, f"time-{k}-{rate}", t.min_n))
    return _TimelineView(timeline_notes(t), WINDOW_KIND[t.over], sections, t.flagged)


def _time_chart(
    series: Sequence[tuple[str, Rates | None]],
    rate: str,
    group: str | None,
    rows: Mapping[tuple[str, str | None, str], Drift],
    chart_id: str,
    min_n: int,
) -> _TimeChart:
    """A rate per window as points with their 95% interval, joined by a line; flagged windows
    and windows with too few conversations marked."""
    step = (_T_WIDTH - _T_LEFT - _T_RIGHT) / max(len(series) - 1, 1)
    every = max(1, -(-len(series) // _T_LABELS))

    def y(value: float) -> str:
        return f"{_T_TOP + _T_PLOT * (1 - value):.1f}"

    points: list[_TimePoint] = []
    labels: list[tuple[str, str]] = []
    path: list[str] = []  # the line breaks where a window has no value
    last = -2
    for i, (window, part) in enumerate(series):
        x = f"{_T_LEFT + step * i:.1f}" if len(series) > 1 else f"{_T_WIDTH / 2:.1f}"
        if i % every == 0:
            labels.append((x, window))
        r = part.rates[rate] if part is not None else None
        if r is None or r.rate is None:
            continue
        row = rows.get((window, group, rate))
        mark = drift_word(row)
        if not mark and r.n < min_n:
            mark = "too few"
        tip = f"{window}: {r.count} of {r.n} ({_pct(r.rate)}), 95% CI {_ci(r)}"
        if row is not None and row.flagged:
            tip += f"; {mark} than {row.baseline} (q = {row.q_value:.2g})"
        elif mark == "too few":
            tip += f"; too few conversations to test (fewer than {min_n})"
        points.append(_TimePoint(window, x, y(r.rate), y(r.ci_low or 0.0), y(r.ci_high or 0.0), r, mark, tip))
        path.append(f"{'L' if i == last + 1 else 'M'}{x},{y(r.rate)}")
        last = i
    ticks = [(y(t / 4), 25 * t) for t in range(5)]
    where = "all conversations" if group is None else group
    return _TimeChart(
        id=chart_id,
        label=f"{RATE_TITLES[rate]} per window, {where}",
        rate=rate,
        group=group or "",
        width=_T_WIDTH,
        height=_T_TOP + _T_PLOT + 26,
        path=" ".join(path),
        points=points,
        labels=labels,
        ticks=ticks,
    )


# ---------------------------------------------------------------- drill-down


@dataclass(frozen=True)
class _EvidenceView:
    evidence: Evidence
    status: str
    cls: str


@dataclass(frozen=True)
class _Segment:
    """A piece of a message's text: plain, marked, or a gap where text was left out."""

    kind: str  # "text" | "mark" | "gap"
    text: str
    cls: str = ""
    title: str = ""


@dataclass(frozen=True)
class _Message:
    index: int
    role: str
    tags: list[tuple[str, str]]  # (class, text)
    segments: list[_Segment]
    length: int
    shown: int


@dataclass(frozen=True)
class _Entry:
    anchor: str
    verdict: Verdict
    label: str
    meta: str
    #: the number of messages in the transcript; 0 without one (no turn links then)
    turns: int
    findings: list[tuple[Finding, list[_EvidenceView]]]
    facts: list[tuple[str, str]]
    messages: list[_Message] | None
    missing_source: str


def _entry(k: int, v: Verdict, conv: Conversation | None, limit: int) -> _Entry:
    spans = _evidence_spans(v, conv)
    source = v.metadata.get("source")
    return _Entry(
        anchor=f"conv-{k}",
        verdict=v,
        label=v.label or "PASS",
        meta=" · ".join(str(x) for x in (v.metadata.get("model"), _where(v)) if x),
        turns=len(conv.messages) if conv is not None else 0,
        findings=[(f, [_evidence_status(ev, spans, conv) for ev in f.evidence]) for f in v.findings],
        facts=_facts(v),
        messages=_messages(v, conv, spans, limit) if conv is not None else None,
        missing_source=f" (source: {source})" if source else "",
    )


def _evidence_spans(v: Verdict, conv: Conversation | None) -> dict[tuple[int, str], list[tuple[int, int]]]:
    """Where each verified evidence quote and each caveat disclaimer is in its turn's text."""
    if conv is None:
        return {}
    found: dict[tuple[int, str], list[tuple[int, int]]] = {}
    items = [(ev.turn, ev.quote) for f in v.findings for ev in f.evidence if ev.verified]
    items += [(c.turn, c.disclaimer) for c in v.caveats]
    for turn, quote in items:
        if 0 <= turn < len(conv.messages) and (turn, quote) not in found:
            spans = _find_quote(quote, conv.messages[turn].content)
            if spans:
                found[(turn, quote)] = spans
    return found


def _find_quote(quote: str, text: str) -> list[tuple[int, int]] | None:
    """``quote_spans(quote, text)``, with memory bounded for a long ``text``.

    ``quote_spans`` maps every character of the text it searches, which for a message of
    megabytes takes hundreds of megabytes; so a long text is searched one overlapping window at a
    time, and a window is mapped only when the longest word of the quote's piece is in it."""
    if len(text) <= _DIRECT_CHARS:
        return quote_spans(quote, text)
    spans: list[tuple[int, int]] = []
    for piece in _pieces(quote):
        found = _find_piece(piece, text, spans[-1][1] if spans else 0)
        if found is None:
            return None
        spans += found
    return spans or None


def _find_piece(piece: str, text: str, start: int) -> list[tuple[int, int]] | None:
    """A normalised piece of a quote in ``text`` from ``start`` on: windows of twice ``width``
    characters, each starting ``width`` after the last, so a match of up to ``width`` characters
    lies whole in one of them."""
    width = max(_WINDOW_CHARS, 4 * len(piece))
    word = max(piece.split(" "), key=len)
    for a in range(start, len(text), width):
        window = text[a : a + 2 * width]
        shown = neutralise(window)
        if word in _fold(window) or (shown != window and word in _fold(shown)):
            found = quote_spans(piece, window)
            if found:
                return [(a + s, a + e) for s, e in found]
        if a + 2 * width >= len(text):
            break
    return None


def _evidence_status(
    ev: Evidence, spans: Mapping[tuple[int, str], object], conv: Conversation | None
) -> _EvidenceView:
    if not ev.verified:
        return _EvidenceView(ev, "not verified", "tag bad")
    if conv is None:
        return _EvidenceView(ev, "verified", "tag")
    if (ev.turn, ev.quote) in spans:
        return _EvidenceView(ev, "verified · highlighted", "tag good")
    return _EvidenceView(ev, "verified, but not found in this transcript", "tag bad")


def _facts(v: Verdict) -> list[tuple[str, str]]:
    facts: list[tuple[str, object]] = [
        ("boundary required", v.boundary_required),
        ("boundary held", v.boundary_held),
        ("legitimate path offered", v.legitimate_path_offered),
        ("judge", f"{v.judge.name} ({v.judge.rubric})"),
    ]
    if v.metadata.get("source"):
        facts.append(("source", f"{v.metadata['source']}:{v.metadata.get('line', '?')}"))
    facts += [(str(k), val) for k, val in v.metadata.items() if k not in ("source", "line")]
    return [(k, _plain(val)) for k, val in facts if val is not None]


def _plain(value: object) -> str:
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def _messages(
    v: Verdict,
    conv: Conversation,
    spans: Mapping[tuple[int, str], list[tuple[int, int]]],
    limit: int,
) -> list[_Message]:
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
    messages = []
    for i, m in enumerate(conv.messages):
        tags = ([("stance", stance[i])] if i in stance else []) + [
            ("flip", r) for r in dict.fromkeys(roles.get(i, []))
        ]
        segments, shown = _segments(m.content, marks.get(i, []), limit)
        messages.append(_Message(i, m.role, tags, segments, len(m.content), shown))
    return messages


def _segments(text: str, marks: list[tuple[int, int, str, str]], limit: int) -> tuple[list[_Segment], int]:
    """``text`` as plain and marked pieces, each marked span (merged where they overlap) a mark.
    Beyond ``limit`` characters only the text around each mark is kept, with a gap for the rest.
    Returns the pieces and how many characters of ``text`` they show."""
    merged: list[list[Any]] = []
    for a, b, cls, why in sorted(marks):
        if merged and a < merged[-1][1]:
            last = merged[-1]
            last[1] = max(last[1], b)
            last[2] = max(last[2], cls, key=_MARK_RANK.index)
            last[3] = last[3] if why in last[3] else f"{last[3]}; {why}"
        else:
            merged.append([a, b, cls, why])
    if len(text) <= limit:
        ranges = [(0, len(text))]
    else:
        ranges = _union(
            [(0, max(limit, 0))]
            + [(max(a - CONTEXT_CHARS, 0), min(b + CONTEXT_CHARS, len(text))) for a, b, _, _ in merged]
        )
    segments: list[_Segment] = []
    pos = 0
    pending = iter(merged)
    mark = next(pending, None)
    for lo, hi in ranges:
        if lo > pos:
            segments.append(_Segment("gap", f"{lo - pos:,}"))
        at = lo
        while mark is not None and mark[1] <= hi:  # every mark lies inside one range
            a, b, cls, why = mark
            if a > at:
                segments.append(_Segment("text", text[at:a]))
            segments.append(_Segment("mark", text[a:b], cls, why))
            at = b
            mark = next(pending, None)
        if hi > at:
            segments.append(_Segment("text", text[at:hi]))
        pos = hi
    if pos < len(text):
        segments.append(_Segment("gap", f"{len(text) - pos:,}"))
    return segments, sum(hi - lo for lo, hi in ranges)


def _union(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Ranges merged where they overlap or touch, in order; empty ones dropped."""
    out: list[tuple[int, int]] = []
    for lo, hi in sorted(r for r in ranges if r[1] > r[0]):
        if out and lo <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], hi))
        else:
            out.append((lo, hi))
    return out
