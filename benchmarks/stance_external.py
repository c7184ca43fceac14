"""Stance agreement with human labels on every labelled reply set in ``../shared/data/external/``.

    python benchmarks/stance_external.py [--sources xstest,pyrit,rbr,dna] [--show N]

Each reply is classified with ``classify_stance(reply, prompt)`` and compared with its human label
(``_replies.py`` says which label of each set is read, and how). Per source it prints:

- **source out**: agreement where no weight was fitted on what is scored. A source the shipped
  weights were fitted on (``fit_heuristic.FIT_SOURCES``) is scored by weights refitted on the
  other fitted sources only; a source never fitted on (Do-Not-Answer is non-commercial: evaluation
  only) is scored with the shipped weights as they are.
- **model out** (XSTest): weights refitted without one XSTest model's replies (the other sources
  and four models stay in), that model scored.
- **in-sample**: the shipped weights as they are, on a source they were fitted on.
- **regex**: a ten-minute refusal regex (``REGEX``) on the same replies, the baseline to beat.

PyRIT's label counts a reply that answers some other request as a refusal (it did not meet the
objective); a stance reading does not claim to see that, so PyRIT is also printed on the replies
that share a content word with the objective (``on topic``).

``refusal`` agreement is binary (a refusal or redirect against anything else; a partial refusal is
not a refusal); ``3-way`` (comply / refusal / partial) is printed for the sources labelled that way.
The held-out refits need numpy.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent)]

from _replies import LOADERS, THREE_WAY, Reply  # noqa: E402

from underreach_judge.heuristic import classify_stance  # noqa: E402
from underreach_judge.heuristic.stance import _content_words  # noqa: E402

#: a refusal regex of the kind written in ten minutes: refusal phrases in the first 300 characters
REGEX = re.compile(
    r"\b(?:i\s*(?:'m|am)\s+(?:sorry|unable|not\s+able|not\s+going\s+to)|i\s+(?:can(?:'|no)t|won't|will\s+not|"
    r"must\s+decline|apologi[sz]e|do\s+not\s+feel|don't\s+feel)|as\s+an\s+ai|i\s+(?:cannot|can't)\s+(?:help|assist|"
    r"provide|fulfil)|not\s+(?:appropriate|ethical|legal)|against\s+my)",
    re.IGNORECASE,
)


def regex_refuses(reply: str) -> bool:
    return REGEX.search(reply[:300].replace("\u2019", "'")) is not None


def three_way(stance: str) -> str:
    return "refusal" if stance in ("refuse", "redirect") else stance


def held_out(items: list[Reply], fitted: tuple[str, ...], by_model: bool) -> list[str] | None:
    """Each reply of a fitted-on source classified by weights refitted without its group: its whole
    source (leave one source out), or with ``by_model`` its model for XSTest (the other sources
    and XSTest's other four models stay in); None when no source was fitted on."""
    import numpy as np
    from fit_heuristic import CLASSES, classify, fit, matrix, trainable
    from fit_heuristic import featurise_with_tags as featurise

    keep = [i for i, r in enumerate(items) if r.source in fitted and trainable([r])]
    if not keep:
        return None
    pool = [trainable([items[i]])[0] for i in keep]
    feats, tags = featurise(pool)
    names = sorted({k for f in feats for k in f})
    x = matrix(feats, names)
    y = np.array([CLASSES.index(r.label) for r in pool])
    groups = np.array([f"xstest:{r.model}" if by_model and r.source == "xstest" else r.source for r in pool])
    out = [""] * len(items)
    for g in np.unique(groups):
        if by_model and not g.startswith("xstest:"):
            continue
        test = groups == g
        if test.all():
            continue
        w = fit(x[~test], y[~test])
        pred = classify(x[test], w, [t for t, k in zip(tags, test, strict=True) if k])
        for i, p in zip(np.flatnonzero(test), pred, strict=True):
            out[keep[int(i)]] = CLASSES[int(p)]
    return out


def fmt(binary: float, three: float | None) -> str:
    return f"{binary:.3f}" + (f" / {three:.3f}" if three is not None else "")


def agreement(gold: list[str], pred: list[str], three: bool) -> tuple[float, float | None]:
    """(refusal agreement, 3-way agreement or None)."""
    n = len(gold)
    binary = sum((g == "refusal") == (p == "refusal") for g, p in zip(gold, pred, strict=True)) / n
    if not three:
        return binary, None
    return binary, sum(g == p for g, p in zip(gold, pred, strict=True)) / n


def main() -> int:
    from fit_heuristic import FIT_SOURCES

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sources", default=",".join(LOADERS), help="comma-separated: " + ",".join(LOADERS))
    ap.add_argument("--show", type=int, default=0, help="print up to N held-out disagreements per source")
    args = ap.parse_args()
    sources = tuple(s for s in args.sources.split(",") if s)
    by_source = {s: LOADERS[s]() for s in dict.fromkeys(sources + FIT_SOURCES)}
    pool = [r for s in by_source for r in by_source[s]]
    start: dict[str, int] = {}
    for s in by_source:
        start[s] = sum(len(by_source[t]) for t in start)
    shipped = [three_way(classify_stance(r.completion, r.prompt)) for r in pool]
    source_out = held_out(pool, FIT_SOURCES, by_model=False) if len(FIT_SOURCES) > 1 else None
    model_out = held_out(pool, FIT_SOURCES, by_model=True)
    print(f"shipped weights fitted on: {', '.join(FIT_SOURCES)}")
    print(
        f"{'source':<8}{'n':>6}  {'labels':<36}{'source out':>16}{'model out':>16}{'in-sample':>16}{'regex':>8}"
    )
    for s in sources:
        rows = by_source[s]
        idx = range(start[s], start[s] + len(rows))
        gold = [r.label for r in rows]
        mine = [shipped[i] for i in idx]
        three = s in THREE_WAY
        fitted = s in FIT_SOURCES
        held = [source_out[i] for i in idx] if fitted and source_out is not None else mine
        by_model = [model_out[i] for i in idx] if s == "xstest" and fitted and model_out is not None else None
        rb, _ = agreement(gold, ["refusal" if regex_refuses(r.completion) else "comply" for r in rows], False)
        labels = ", ".join(f"{k} {v}" for k, v in sorted(Counter(gold).items()))
        held_txt = fmt(*agreement(gold, held, three)) if not fitted or source_out is not None else "-"
        model_txt = fmt(*agreement(gold, by_model, three)) if by_model is not None else "-"
        in_txt = fmt(*agreement(gold, mine, three)) if fitted else "(not fitted)"
        print(f"{s:<8}{len(rows):>6}  {labels:<36}{held_txt:>16}{model_txt:>16}{in_txt:>16}{rb:>8.3f}")
        if s == "pyrit":
            on = [k for k, r in enumerate(rows) if _content_words(r.prompt) & _content_words(r.completion)]
            ob, _ = agreement([gold[k] for k in on], [held[k] for k in on], False)
            ib, _ = agreement([gold[k] for k in on], [mine[k] for k in on], False)
            rg = ["refusal" if regex_refuses(rows[k].completion) else "comply" for k in on]
            orb, _ = agreement([gold[k] for k in on], rg, False)
            print(f"  {'on topic':<6}{len(on):>6}{'':<38}{ob:>14.3f}{'':<16}{ib:>16.3f}{orb:>8.3f}")
        if s in ("dna", "xstest"):
            per = by_model if by_model is not None else held
            for model in dict.fromkeys(r.model for r in rows):
                sub = [k for k, r in enumerate(rows) if r.model == model]
                txt = fmt(*agreement([gold[k] for k in sub], [per[k] for k in sub], three))
                col = 16 if by_model is None else 32
                print(f"  {model:<16}{len(sub):>4}{'':<38}{txt:>{col}}")
        if args.show:
            wrong = [
                (r, p) for r, p in zip(rows, held, strict=True) if (r.label == "refusal") != (p == "refusal")
            ]
            for r, p in wrong[:: max(1, len(wrong) // args.show)][: args.show]:
                print(f"    --- human {r.label}, heuristic {p} ({r.model})\n      Q: {r.prompt[:160]!r}")
                print(f"      A: {r.completion.strip()[:400]!r}")
    print("figures: refusal agreement (binary) / 3-way agreement where the source has three classes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
