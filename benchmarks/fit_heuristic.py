"""Fit the stance weights of the heuristic judge on human-labelled replies from several sources.

    python benchmarks/fit_heuristic.py            # fit, print in-sample and held-out figures, write
    python benchmarks/fit_heuristic.py --dry-run  # fit and print, leave weights.json alone

The sources are ``FIT_SOURCES`` (``_replies.py``: only sets whose licence allows it). Per source it
prints the in-sample figure beside the leave-one-source-out one (weights fitted on the other
sources only, then scored on this one), so each held-out figure is honest.

The model is a three-class logistic regression (comply / refusal / partial) over the *shape*
features of ``underreach_judge.heuristic.stance.shape_features``: where a refusal or objection sits
in the answer and what follows it. No prompt, id or completion text is memorised: the features are
the same few dozen numbers for any answer. Leave-one-model-out fits on four models' completions and
tests on the fifth, to show how the weights carry over to phrasing they never saw; held-out prompts
fits on four fifths of the prompts (all five models' answers to each) and tests on the rest, to show
how they carry over to questions they never saw.
numpy is needed here only; the package reads the written JSON in pure Python.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent)]
from _replies import FITTABLE, LOADERS, Reply  # noqa: E402
from _xstest import MODELS  # noqa: E402

from underreach_judge.heuristic import stance as st  # noqa: E402

CLASSES = ("comply", "refusal", "partial")
#: the labelled reply sets (``_replies.py``) the shipped weights are fitted on; only sets whose
#: licence allows it (``_replies.FITTABLE``). XSTest alone: adding RBR (and PyRIT) lowers agreement
#: on Do-Not-Answer, the set never fitted on, from 0.880 to 0.860 (``--sources xstest,rbr,pyrit``)
FIT_SOURCES: tuple[str, ...] = ("xstest",)
OUT = Path(__file__).resolve().parent.parent / "underreach_judge" / "heuristic" / "weights.json"
L2 = 0.02
PARTIAL_WEIGHT = 1.6


def trainable(items: list[Reply]) -> list[Reply]:
    """The rows a fit can use: those with one of the three classes, from a source whose licence
    allows it. A two-class source's ``other`` (not a refusal) is read as ``comply``."""
    out = []
    for r in items:
        if r.source not in FITTABLE:
            continue
        if r.label == "other":
            r = Reply(r.source, r.model, r.prompt, r.completion, "comply")
        if r.label in CLASSES:
            out.append(r)
    return out


def load(sources: tuple[str, ...] = FIT_SOURCES) -> list[Reply]:
    """The trainable rows of every source in ``sources``."""
    return trainable([r for s in sources for r in LOADERS[s]()])


def featurise(items: list[Reply]) -> tuple[list[dict[str, float]], list[str]]:
    feats, _tags = featurise_with_tags(items)
    names = sorted({k for f in feats for k in f})
    return feats, names


def featurise_with_tags(items: list[Reply]) -> tuple[list[dict[str, float]], list[tuple[int, bool, str]]]:
    """Shape features, and (every tag, hedge-then-deliver, turn shape) per item for ``stance.decide``."""
    feats = []
    tags = []
    for it in items:
        sentences = st.read_sentences(it.completion)
        every = 0
        for s in sentences:
            every |= s.tags
        feats.append(st.shape_features(sentences, it.completion, it.prompt))
        tags.append((every, st.hedge_then_deliver(sentences), st.turn_shape(sentences, every)))
    return feats, tags


def classify(x: np.ndarray, w: np.ndarray, tags: list[tuple[int, bool, str]]) -> np.ndarray:
    """What ``classify_stance`` answers with weights ``w`` (the model plus the decision rules),
    as class indices (redirect counts as refusal)."""
    z = x @ w
    z -= z.max(axis=1, keepdims=True)
    p = np.exp(z)
    p /= p.sum(axis=1, keepdims=True)
    out = np.zeros(len(x), dtype=int)
    for r, (every, hedged, shape) in enumerate(tags):
        stance = st.decide(dict(zip(CLASSES, p[r].tolist(), strict=True)), every, hedged, shape)
        out[r] = CLASSES.index("refusal" if stance in ("refuse", "redirect") else stance)
    return out


def held_out(
    x: np.ndarray, y: np.ndarray, tags: list[tuple[int, bool, str]], groups: np.ndarray
) -> np.ndarray:
    """Each group's rows classified with weights fitted on all the other groups' rows."""
    out = np.zeros_like(y)
    for g in np.unique(groups):
        test = groups == g
        w = fit(x[~test], y[~test])
        out[test] = classify(x[test], w, [t for t, keep in zip(tags, test, strict=True) if keep])
    return out


def prompt_folds(items: list[Reply], k: int = 5) -> np.ndarray:
    """A fold number per item such that all five models' answers to one prompt share a fold (a
    fixed shuffle of the prompts, so the figure is the same on every run)."""
    prompts = sorted({it.prompt for it in items})
    order = np.random.default_rng(0).permutation(len(prompts))
    fold = {prompt: int(order[i]) % k for i, prompt in enumerate(prompts)}
    return np.array([fold[it.prompt] for it in items])


def matrix(feats: list[dict[str, float]], names: list[str]) -> np.ndarray:
    index = {n: i for i, n in enumerate(names)}
    x = np.zeros((len(feats), len(names)))
    for r, f in enumerate(feats):
        for k, v in f.items():
            if k in index:
                x[r, index[k]] = v
    return x


def fit(x: np.ndarray, y: np.ndarray, steps: int = 3000, lr: float = 0.05) -> np.ndarray:
    n, d = x.shape
    w = np.zeros((d, len(CLASSES)))
    onehot = np.eye(len(CLASSES))[y]
    sample_w = np.where(y == CLASSES.index("partial"), PARTIAL_WEIGHT, 1.0)[:, None]
    m = np.zeros_like(w)
    v = np.zeros_like(w)
    for t in range(1, steps + 1):
        z = x @ w
        z -= z.max(axis=1, keepdims=True)
        p = np.exp(z)
        p /= p.sum(axis=1, keepdims=True)
        grad = x.T @ ((p - onehot) * sample_w) / n + L2 * w
        m = 0.9 * m + 0.1 * grad
        v = 0.999 * v + 0.001 * grad**2
        w -= lr * (m / (1 - 0.9**t)) / (np.sqrt(v / (1 - 0.999**t)) + 1e-8)
    return w


def scores(y: np.ndarray, pred: np.ndarray) -> dict[str, float]:
    part = CLASSES.index("partial")
    tp = int(((pred == part) & (y == part)).sum())
    return {
        "acc": float((pred == y).mean()),
        "partial_recall": tp / max(1, int((y == part).sum())),
        "partial_precision": tp / max(1, int((pred == part).sum())),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dry-run", action="store_true", help="do not write weights.json")
    ap.add_argument("--sources", default=",".join(FIT_SOURCES), help="comma-separated: " + ",".join(FITTABLE))
    args = ap.parse_args()
    fit_sources = tuple(s for s in args.sources.split(",") if s)
    if unknown := [s for s in fit_sources if s not in FITTABLE]:
        ap.error(f"not a fittable source: {', '.join(unknown)} (choose from {', '.join(FITTABLE)})")
    items = load(fit_sources)
    feats, tags = featurise_with_tags(items)
    names = sorted({k for f in feats for k in f})
    x = matrix(feats, names)
    y = np.array([CLASSES.index(it.label) for it in items])
    print(f"features: {len(names)}   items: {len(items)}   labels: {dict(Counter(it.label for it in items))}")
    w = fit(x, y)
    pred = classify(x, w, tags)
    sources = np.array([it.source for it in items])
    by_source = held_out(x, y, tags, sources) if len(fit_sources) > 1 else None
    print("per source: in-sample / leave-one-source-out (fitted on the other sources only)")
    for src in fit_sources:
        test = sources == src
        si = scores(y[test], pred[test])
        line = f"  {src:<8}{int(test.sum()):>6}  in-sample 3-way {si['acc']:.3f} partial R {si['partial_recall']:.2f}"
        if by_source is not None:
            so = scores(y[test], by_source[test])
            line += f"   source out 3-way {so['acc']:.3f} partial R {so['partial_recall']:.2f}"
        print(line)
    xs = sources == "xstest"
    if xs.any():
        groups = np.where(xs, np.array([f"xstest:{it.model}" for it in items]), "rest")
        lomo = held_out(x, y, tags, groups)
        print("XSTest per model: in-sample / leave-one-model-out (the other sources and four models)")
        for held in MODELS:
            test = groups == f"xstest:{held}"
            si, sm = scores(y[test], pred[test]), scores(y[test], lomo[test])
            print(
                f"  {held:<16} in-sample 3-way {si['acc']:.3f} partial R {si['partial_recall']:.2f}"
                f"   held out 3-way {sm['acc']:.3f} partial R {sm['partial_recall']:.2f}"
            )
    if args.dry_run:
        return
    weights = {
        cls: {name: round(float(w[i, k]), 4) for i, name in enumerate(names) if abs(w[i, k]) >= 1e-4}
        for k, cls in enumerate(CLASSES)
    }
    counts = Counter(it.source for it in items)
    doc = {
        "about": "stance weights for underreach_judge.heuristic; regenerate with benchmarks/fit_heuristic.py",
        "fitted_on": ", ".join(f"{s} ({counts[s]} replies)" for s in fit_sources),
        "l2": L2,
        "partial_weight": PARTIAL_WEIGHT,
        "weights": weights,
    }
    OUT.write_text(json.dumps(doc, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {OUT.relative_to(Path.cwd()) if OUT.is_relative_to(Path.cwd()) else OUT}")


if __name__ == "__main__":
    main()
